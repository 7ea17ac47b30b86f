import type { AnyConnector, VendorContext } from '@signupassist/contract';
import type { ConformanceSandbox, SandboxScenario } from '@signupassist/contract/testing';
import type { RunRecorder } from './recorder.js';
import type { LiveTarget } from './types.js';

/** State every check of one run shares: the connector, the vendor and where it runs. */
export interface RunEnvironment {
  mode: 'sandbox' | 'live';
  connector: AnyConnector;
  /** The vendor, with its config parsed by the connector's config schema where it parses. */
  vendor: VendorContext<unknown>;
  /** Reason the vendor's config or credentials do not parse with the connector's schemas. */
  vendorProblem?: string;
  credentials: unknown;
  /** Credentials the provider rejects; absent in a live run that gives none. */
  badCredentials?: unknown;
  sandbox?: ConformanceSandbox;
  /** The sandbox's ground truth as of the run's start. */
  scenario?: SandboxScenario;
  live?: LiveTarget;
  recorder: RunRecorder;
  /** Every string value of the credentials, good and bad, which nothing may show. */
  secrets: string[];
  /** Time limit of one provider request that the kit passes in `http.timeoutMs`. */
  requestTimeoutMs: number;
}
