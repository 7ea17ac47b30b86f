import type { AnyConnector, VendorContext } from '@signupassist/contract';
import type { ConformanceSandbox } from '@signupassist/contract/testing';
import type { RunEnvironment } from './environment.js';
import { stringValues } from './errors-text.js';
import { RunRecorder } from './recorder.js';
import type { LiveTarget } from './types.js';

/** Time limit of one provider request the kit passes to the connector, in milliseconds. */
export const REQUEST_TIMEOUT_MS = 5_000;

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return `${issue?.path.map(String).join('.') || '(root)'} ${issue?.message ?? 'is invalid'}`;
}

/**
 * Parses the vendor's config with the connector's config schema, as a host does before the
 * first call, and checks the credentials' shape. Messages name a field, never a credential value.
 */
function parseVendor(
  connector: AnyConnector,
  vendor: VendorContext<unknown>,
  credentials: unknown,
): { vendor: VendorContext<unknown>; problem?: string } {
  const problems: string[] = [];
  let config = vendor.config;
  const configSchema = connector.manifest?.configSchema;
  const parsedConfig = configSchema?.safeParse(vendor.config);
  if (parsedConfig?.success) config = parsedConfig.data;
  else if (parsedConfig) {
    problems.push(
      `the vendor config is invalid under the config schema: ${firstIssue(parsedConfig.error)}`,
    );
  }

  const parsedCredentials = connector.manifest?.credentialsSchema?.safeParse(credentials);
  if (parsedCredentials && !parsedCredentials.success) {
    const path = parsedCredentials.error.issues[0]?.path.map(String).join('.') || '(root)';
    problems.push(`the vendor credentials are invalid under the credentials schema at ${path}`);
  }
  const problem = problems.length > 0 ? `${problems.join('; ')}.` : undefined;
  return { vendor: { ...vendor, config }, ...(problem === undefined ? {} : { problem }) };
}

/** Builds the environment of a sandbox run from a running sandbox. */
export function sandboxEnvironment(
  connector: AnyConnector,
  sandbox: ConformanceSandbox,
): RunEnvironment {
  const account = sandbox.vendor();
  const parsed = parseVendor(connector, account.vendor, account.credentials);
  return {
    mode: 'sandbox',
    connector,
    vendor: parsed.vendor,
    ...(parsed.problem === undefined ? {} : { vendorProblem: parsed.problem }),
    credentials: account.credentials,
    badCredentials: account.badCredentials,
    sandbox,
    scenario: sandbox.scenario(),
    recorder: new RunRecorder(),
    secrets: [...stringValues(account.credentials), ...stringValues(account.badCredentials)],
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  };
}

/** Builds the environment of a live run against a real vendor account. */
export function liveEnvironment(connector: AnyConnector, live: LiveTarget): RunEnvironment {
  const parsed = parseVendor(connector, live.vendor, live.credentials);
  return {
    mode: 'live',
    connector,
    vendor: parsed.vendor,
    ...(parsed.problem === undefined ? {} : { vendorProblem: parsed.problem }),
    credentials: live.credentials,
    ...(live.badCredentials === undefined ? {} : { badCredentials: live.badCredentials }),
    live,
    recorder: new RunRecorder(),
    secrets: [...stringValues(live.credentials), ...stringValues(live.badCredentials)],
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  };
}
