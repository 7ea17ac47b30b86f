import type { AnyConnector } from '@signupassist/contract';
import type { StartConformanceSandbox } from '@signupassist/contract/testing';
import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe, expect, it } from 'vitest';
import { redact } from '../src/errors-text.js';
import { runConformance } from '../src/index.js';
import { secretForms } from '../src/secret-forms.js';
import {
  hiddenLeakConnector,
  keyInPaymentLinkConnector,
  type HiddenLeak,
} from './broken/hidden-leaks.js';

const LEAK_CHECKS = ['credentials.bad-auth-failed', 'hygiene.no-credential-leak'];

const HIDDEN_LEAKS: { leak: HiddenLeak; where: RegExp }[] = [
  {
    leak: 'error-in-debug-log',
    where: /rejected credentials\.apiKey in debug log line "auth failed"/,
  },
  {
    leak: 'basic-auth-in-error',
    where: /rejected credentials\.apiKey in an error verifyCredentials threw/,
  },
  {
    leak: 'headers-in-details',
    where: /rejected credentials\.apiKey in an error verifyCredentials threw/,
  },
  {
    leak: 'error-as-log-fields',
    where: /rejected credentials\.apiKey in warn log line "auth failed"/,
  },
  {
    leak: 'aggregate-cause',
    where: /rejected credentials\.apiKey in an error verifyCredentials threw/,
  },
];

/** Starts the Tidepool sandbox and records the rejected API key it hands out. */
function recordingSandbox(keys: string[]): StartConformanceSandbox {
  return async (options) => {
    const sandbox = await startTidepoolSandbox(options);
    keys.push((sandbox.vendor().badCredentials as { apiKey: string }).apiKey);
    return sandbox;
  };
}

async function leakResult(connector: AnyConnector, sandbox: StartConformanceSandbox) {
  const report = await runConformance({ connector, sandbox, only: LEAK_CHECKS });
  return report.checks.find((check) => check.id === 'hygiene.no-credential-leak')!;
}

describe('credential leak scan', () => {
  for (const { leak, where } of HIDDEN_LEAKS) {
    it(`finds a key hidden as ${leak}`, async () => {
      const keys: string[] = [];
      const result = await leakResult(
        hiddenLeakConnector(tidepoolConnector as AnyConnector, leak),
        recordingSandbox(keys),
      );

      expect(result.verdict).toBe('failed');
      expect(result.message).toMatch(where);
      for (const form of secretForms(keys[0]!)) expect(result.message).not.toContain(form);
    });
  }

  it('finds a secret in a returned receipt', async () => {
    const report = await runConformance({
      connector: keyInPaymentLinkConnector(tidepoolConnector as AnyConnector),
      sandbox: startTidepoolSandbox,
      only: ['booking.read-back', 'hygiene.no-credential-leak'],
    });
    const result = report.checks.find((check) => check.id === 'hygiene.no-credential-leak')!;

    expect(result.verdict).toBe('failed');
    expect(result.message).toMatch(
      /^Credential values leaked: credentials\.apiKey in what book returned \(booking\.read-back\)/,
    );
  });

  it('passes the connector that hides nothing', async () => {
    const result = await leakResult(tidepoolConnector as AnyConnector, startTidepoolSandbox);

    expect(result.message).toBeUndefined();
    expect(result.verdict).toBe('passed');
  });
});

describe('secretForms', () => {
  const secret = 'k3y/with+special=chars&more';

  it('includes the URL encoding', () => {
    expect(secretForms(secret)).toContain(encodeURIComponent(secret));
  });

  it('matches base64 at every alignment', () => {
    for (const prefix of ['', 'a', 'ab', 'user:']) {
      const encoded = Buffer.from(`${prefix}${secret}!`).toString('base64');
      const urlSafe = Buffer.from(`${prefix}${secret}!`).toString('base64url');

      expect(secretForms(secret).some((form) => encoded.includes(form))).toBe(true);
      expect(secretForms(secret).some((form) => urlSafe.includes(form))).toBe(true);
    }
  });

  it('skips base64 of values too short to tell apart', () => {
    expect(secretForms('abcd')).toEqual(['abcd']);
  });
});

describe('redact', () => {
  it('removes encoded forms of a secret', () => {
    const secret = 'k3y/with+special=chars&more';
    const basic = Buffer.from(`user:${secret}`).toString('base64');
    const text = redact(`key=${encodeURIComponent(secret)} auth=Basic ${basic}`, [secret]);

    for (const form of secretForms(secret)) expect(text).not.toContain(form);
  });
});
