import type { AnyConnector, VendorContext } from '@signupassist/contract';
import type {
  ConformanceSandbox,
  SandboxTarget,
  StartConformanceSandbox,
} from '@signupassist/contract/testing';

/**
 * Certification levels, each a superset of the one before: `catalog` reads programs, sessions
 * and forms; `handoff` adds hand-off registration and status read-back; `full` adds booking,
 * read-back, cancellation and idempotency through the API.
 */
export type ConformanceLevel = 'catalog' | 'handoff' | 'full';

/** Outcome of one check, before the baseline is applied. */
export type CheckStatus = 'passed' | 'failed' | 'skipped';

/**
 * Verdict of one check after the baseline is applied:
 * - `passed`, `failed`, `skipped` as run, for checks the baseline does not list;
 * - `expected_failure`: failed, and the baseline lists it with a reason;
 * - `unexpected_pass`: passed although the baseline lists it, so the entry must go.
 */
export type CheckVerdict = CheckStatus | 'expected_failure' | 'unexpected_pass';

/** A named check, as the runner lists it before running. */
export interface CheckInfo {
  /** Stable id, such as `idempotency.replay-no-second-booking`; baselines refer to it. */
  id: string;
  /** One line saying what the connector must do. */
  title: string;
  /** Lowest level the check belongs to. */
  level: ConformanceLevel;
  /** Optional capability the check exists for, such as `holds`; absent for level checks. */
  capability?: string;
  /** Whether the check sends writes to the provider; `--live` skips these without `--allow-writes`. */
  writes: boolean;
  /**
   * Whether the check reads provider-side state or injects faults through the sandbox, so that
   * a live run skips it.
   */
  needsSandbox?: boolean;
}

/** Result of one check. */
export interface CheckResult extends CheckInfo {
  status: CheckStatus;
  verdict: CheckVerdict;
  /** Description of what the connector did wrong, or the reason the check was skipped. */
  message?: string;
  /** Reason the baseline gives, for `expected_failure` and `unexpected_pass`. */
  baselineReason?: string;
  durationMs: number;
}

/** Known failing checks of a connector, each with a reason. The list may only shrink. */
export interface Baseline {
  expectedFailures: ReadonlyArray<{ check: string; reason: string }>;
}

/** Findings of a run, as the JSON report stores them. */
export interface ConformanceReport {
  /** Version of this report format. */
  reportVersion: 1;
  connector: { id: string; displayName: string; version: string; contractRange: string };
  /** Contract version the kit checks against. */
  contractVersion: string;
  kitVersion: string;
  /** Level the run aimed at. */
  levelRequested: ConformanceLevel;
  /**
   * Highest level with no `failed` or `unexpected_pass` verdict at or below it and with at least
   * one check of its own that ran; `none` below `catalog`. Skipped checks count neither way.
   */
  levelReached: ConformanceLevel | 'none';
  mode: 'sandbox' | 'live';
  startedAt: string;
  durationMs: number;
  checks: CheckResult[];
  /** Whether the run succeeds: no `failed` and no `unexpected_pass` verdict. */
  passed: boolean;
}

/** Callbacks the runner makes while checks run, for progress output. */
export interface RunListener {
  onCheckStart?(check: CheckInfo): void;
  onCheckEnd?(result: CheckResult): void;
}

/**
 * A vendor account at the real provider, for a live run. Only checks without writes run,
 * unless `allowWrites` is set and `testSession` names where they may book.
 */
export interface LiveTarget {
  /** The vendor, with its connector config as the vendor file gives it (not yet parsed). */
  vendor: VendorContext<unknown>;
  /** Decrypted credentials of the vendor. */
  credentials: unknown;
  /**
   * Credentials of the right shape that the provider rejects. Without them the run skips
   * `credentials.bad-auth-failed`.
   */
  badCredentials?: unknown;
  /** Lets checks that book and cancel run, against `testSession` only. */
  allowWrites?: boolean;
  /** Program and session that write checks book and then cancel. */
  testSession?: SandboxTarget;
}

/** Options of `runConformance`. Exactly one of `sandbox` and `live` is required. */
export interface RunOptions extends RunListener {
  connector: AnyConnector;
  /** A running sandbox, or the function that starts one (the kit then stops it at the end). */
  sandbox?: ConformanceSandbox | StartConformanceSandbox;
  /** A live vendor account, in place of a sandbox. */
  live?: LiveTarget;
  /** Level to certify; default the highest the manifest's capabilities allow. */
  level?: ConformanceLevel;
  baseline?: Baseline;
  /** Runs only the checks with these ids. */
  only?: readonly string[];
  /** Time limit of one check, in milliseconds; default 30,000. A check past it fails. */
  checkTimeoutMs?: number;
}
