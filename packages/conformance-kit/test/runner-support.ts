import type { AnyConnector } from '@signupassist/contract';
import type { ConformanceSandbox } from '@signupassist/contract/testing';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { startConformanceSandbox } from '@signupassist/connector-bookeo/sandbox';
import { runConformance, type ConformanceReport, type RunOptions } from '../src/index.js';

/** Start of the sandbox clock: Monday 2026-03-02 at 12:00 in New York. */
export const START = new Date('2026-03-02T17:00:00Z');

/** Starts the Bookeo conformance sandbox with its clock at `startAt` (default {@link START}). */
export function startSandbox(startAt: Date = START): Promise<ConformanceSandbox> {
  return startConformanceSandbox({ startAt }) as Promise<ConformanceSandbox>;
}

/** Returns a fresh Bookeo connector with some members replaced. */
export function alteredBookeo(alter: (base: AnyConnector) => Partial<AnyConnector>): AnyConnector {
  const base = createBookeoConnector() as AnyConnector;
  return { ...base, ...alter(base) };
}

/** Runs the given checks against a sandbox and returns the report. */
export function runOnly(
  sandbox: ConformanceSandbox,
  connector: AnyConnector,
  only: readonly string[],
  options: Partial<RunOptions> = {},
): Promise<ConformanceReport> {
  return runConformance({ connector, sandbox, only, ...options });
}

/** Returns the result of one check of a report, or throws naming it. */
export function resultOf(report: ConformanceReport, id: string) {
  const result = report.checks.find((check) => check.id === id);
  if (!result) throw new Error(`The report has no check ${id}.`);
  return result;
}
