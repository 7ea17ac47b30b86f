import type { AnyConnector } from '@signupassist/contract';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { startConformanceSandbox as startBookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import type { StartConformanceSandbox } from '@signupassist/contract/testing';
import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { unlistedSecretConnector } from './broken/unlisted-secret.js';

const CHECK = 'manifest.secret-fields';

async function secretFieldsResult(connector: AnyConnector, sandbox: StartConformanceSandbox) {
  const report = await runConformance({ connector, sandbox, only: [CHECK] });
  return report.checks[0]!;
}

describe('manifest.secret-fields', () => {
  it('fails when secretKey is not listed', async () => {
    const broken = unlistedSecretConnector(createBookeoConnector(), ['apiKey']);
    const result = await secretFieldsResult(broken, startBookeoSandbox);

    expect(result.verdict).toBe('failed');
    expect(result.message).toBe(
      'secretFields leaves out credential key "secretKey", whose name marks a secret (secret, ' +
        'password, token or key). Add it to secretFields so hosts redact it.',
    );
  });

  it('fails when only a non-secret key is listed', async () => {
    const broken = unlistedSecretConnector(tidepoolConnector, ['accountId']);
    const result = await secretFieldsResult(broken, startTidepoolSandbox);

    expect(result.verdict).toBe('failed');
    expect(result.message).toMatch(/^secretFields leaves out credential key "apiKey"/);
  });

  it('passes the Bookeo connector', async () => {
    const result = await secretFieldsResult(createBookeoConnector(), startBookeoSandbox);

    expect(result.message).toBeUndefined();
    expect(result.verdict).toBe('passed');
  });

  it('passes the Tidepool connector', async () => {
    const result = await secretFieldsResult(tidepoolConnector, startTidepoolSandbox);

    expect(result.message).toBeUndefined();
    expect(result.verdict).toBe('passed');
  });
});
