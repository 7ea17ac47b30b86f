import type { AnyConnector } from '@signupassist/contract';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { startConformanceSandbox as startBookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import type { StartConformanceSandbox } from '@signupassist/contract/testing';
import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
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
      'secretFields leaves out credential key "secretKey", whose name marks a secret (it ' +
        'contains secret, password or passphrase, or ends in key or token). Add it to ' +
        'secretFields so hosts redact it. A key that holds no secret may be listed too, and ' +
        'hosts then only hide its value.',
    );
  });

  it('fails when only a non-secret key is listed', async () => {
    const broken = unlistedSecretConnector(tidepoolConnector, ['accountId']);
    const result = await secretFieldsResult(broken, startTidepoolSandbox);

    expect(result.verdict).toBe('failed');
    expect(result.message).toMatch(/^secretFields leaves out credential key "apiKey"/);
  });

  it('passes non-secret keys named like secrets', async () => {
    const schema = z.object({
      accountId: z.string(),
      apiKey: z.string(),
      keyId: z.string().optional(),
      publicKey: z.string().optional(),
      tokenUrl: z.string().optional(),
    });
    const connector = {
      ...tidepoolConnector,
      manifest: { ...tidepoolConnector.manifest, credentialsSchema: schema },
    } as AnyConnector;
    const result = await secretFieldsResult(connector, startTidepoolSandbox);

    expect(result.message).toBeUndefined();
    expect(result.verdict).toBe('passed');
  });

  it('fails on snake_case and token names', async () => {
    const schema = z.object({
      accountId: z.string(),
      apiKey: z.string(),
      access_token: z.string().optional(),
      SIGNING_KEY: z.string().optional(),
      clientSecretValue: z.string().optional(),
    });
    const connector = {
      ...tidepoolConnector,
      manifest: { ...tidepoolConnector.manifest, credentialsSchema: schema },
    } as AnyConnector;
    const result = await secretFieldsResult(connector, startTidepoolSandbox);

    expect(result.verdict).toBe('failed');
    expect(result.message).toMatch(
      /^secretFields leaves out credential keys "access_token", "SIGNING_KEY", "clientSecretValue",/,
    );
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
