import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { AnyConnector } from '@signupassist/contract';
import packageJson from '../../package.json' with { type: 'json' };
import { CHECK_IDS, listChecks, resolveLevel, runConformance } from '../index.js';
import type { ConformanceLevel, ConformanceReport, RunOptions } from '../types.js';
import { COMMAND, HELP_TEXT, parseCliArguments, type CliArguments } from './args.js';
import { applicableCheckIds } from '../select.js';
import {
  checkBaselineApplies,
  checkBaselineIds,
  loadBaseline,
  type LoadedBaseline,
} from './baseline-file.js';
import { findConnectorPackage, type ConnectorPackage } from './connector-package.js';
import { CliUsageError, EXIT_CHECKS_FAILED, EXIT_PASSED, EXIT_USAGE } from './errors.js';
import { renderJunit } from './junit.js';
import { importConnector, importSandboxStarter } from './load-connector.js';
import { createProgressListener, type TextOutput } from './progress.js';
import { formatSummary } from './summary.js';
import { loadLiveVendor } from './vendor-file.js';

/** Streams and working directory of one CLI invocation. */
export interface CliIo {
  stdout: TextOutput;
  stderr: TextOutput;
  /** Directory that relative paths and package names resolve from. */
  cwd: string;
}

/**
 * Runs the `signupassist-conformance` command and returns its exit code: 0 when the run passed,
 * 1 when a check failed or a baseline entry is stale, 2 for a usage or configuration error or a
 * run that could not start. Progress and the summary go to `stdout`, errors to `stderr`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await runCommand(argv, io);
  } catch (error) {
    // The runner throws RangeError for options it rejects, such as a level above what the
    // manifest allows. Its messages name the value and the fix, as CliUsageError's do.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`${COMMAND}: ${message}\n`);
    return EXIT_USAGE;
  }
}

async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCliArguments(argv);
  if (args.help) {
    io.stdout.write(HELP_TEXT);
    return EXIT_PASSED;
  }
  if (args.version) {
    io.stdout.write(`${packageJson.version}\n`);
    return EXIT_PASSED;
  }

  if (resolve(io.cwd, args.report) === resolve(io.cwd, args.junit)) {
    throw new CliUsageError(
      `--report and --junit both name ${args.report}: give the JSON and JUnit reports ` +
        'different files.',
    );
  }

  const pkg = findConnectorPackage(args.connector, io.cwd);
  const connector = await importConnector(pkg);
  if (args.list) {
    printCheckList(connector, args, io.stdout);
    return EXIT_PASSED;
  }

  const level = resolveLevel(connector, args.level);
  checkOnlyIds(args.only, connector, level);
  const baseline = args.noBaseline ? undefined : loadBaseline(args.baseline, io.cwd, pkg.directory);
  if (baseline) {
    checkBaselineIds(baseline, knownCheckIds());
    const applicable = new Set(applicableCheckIds(connector));
    checkBaselineApplies(baseline, applicable, String(connector.manifest.id));
  }

  const options = await buildRunOptions(args, io, pkg, connector, baseline, level);
  if (!args.quiet) io.stdout.write(formatHeader(connector, pkg, args, level));

  const report = await runConformance(options);
  const files = writeReports(report, args, io.cwd);
  io.stdout.write(
    formatSummary(
      report,
      { ...files, baseline: baseline && displayPath(baseline.path, io.cwd) },
      args.quiet,
    ),
  );
  return report.passed ? EXIT_PASSED : EXIT_CHECKS_FAILED;
}

async function buildRunOptions(
  args: CliArguments,
  io: CliIo,
  pkg: ConnectorPackage,
  connector: AnyConnector,
  baseline: LoadedBaseline | undefined,
  level: ConformanceLevel,
): Promise<RunOptions> {
  const idWidth = Math.max(0, ...listChecks(connector, level).map((check) => check.id.length));
  const listener = args.quiet ? {} : createProgressListener(io.stdout, idWidth);
  const common = {
    connector,
    level,
    baseline: baseline?.baseline,
    only: args.only,
    checkTimeoutMs: args.checkTimeoutMs,
    ...listener,
  };

  if (args.live && args.vendorFile !== undefined) {
    const vendor = loadLiveVendor(args.vendorFile, io.cwd, connector);
    return {
      ...common,
      live: { ...vendor, allowWrites: args.allowWrites, testSession: args.testSession },
    };
  }

  return { ...common, sandbox: await importSandboxStarter(pkg) };
}

/** Rejects `--only` ids the kit does not have or would not run at `level`, naming each one. */
function checkOnlyIds(
  only: readonly string[] | undefined,
  connector: AnyConnector,
  level: ConformanceLevel,
): void {
  if (only === undefined) return;
  const known = knownCheckIds();
  const unknown = only.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new CliUsageError(
      `Unknown check ${unknown.length === 1 ? 'id' : 'ids'} in --only: ${unknown.join(', ')}. ` +
        `${COMMAND} --list prints the ids of the checks for a connector.`,
    );
  }

  const selected = new Set(listChecks(connector, level).map((check) => check.id));
  const excluded = only.filter((id) => !selected.has(id));
  if (excluded.length > 0) {
    throw new CliUsageError(
      `--only names ${excluded.join(', ')}, which ${excluded.length === 1 ? 'is' : 'are'} not ` +
        `among the checks of connector ${connector.manifest.id} at level ${level}: such a check ` +
        'belongs to a higher level or to a capability the manifest does not declare. ' +
        `Raise --level or drop the id; ${COMMAND} --list --level LEVEL prints the checks.`,
    );
  }
}

/** Returns every check id of the kit, including checks for capabilities this connector lacks. */
function knownCheckIds(): Set<string> {
  return new Set(CHECK_IDS);
}

function printCheckList(connector: AnyConnector, args: CliArguments, output: TextOutput): void {
  const checks = listChecks(connector, args.level);
  const width = Math.max(...checks.map((check) => check.id.length), 0);
  for (const check of checks) {
    const tags = [check.level, check.capability, check.writes ? 'writes' : undefined]
      .filter((tag) => tag !== undefined)
      .join(', ');
    output.write(`${check.id.padEnd(width)}  ${check.title} [${tags}]\n`);
  }
}

function formatHeader(
  connector: AnyConnector,
  pkg: ConnectorPackage,
  args: CliArguments,
  level: ConformanceLevel,
): string {
  const { manifest } = connector;
  const target = args.live ? 'the live provider' : 'its sandbox';
  const levelNote = args.level === undefined ? ' (the highest its capabilities allow)' : '';
  return (
    `Checking ${manifest.displayName} (${pkg.name} ${manifest.version}) against ${target}, ` +
    `level ${level}${levelNote}\n\n`
  );
}

/** Writes the JSON and JUnit reports, creating parent directories. Returns the paths to show. */
function writeReports(
  report: ConformanceReport,
  args: CliArguments,
  cwd: string,
): { report: string; junit: string } {
  const reportPath = resolve(cwd, args.report);
  const junitPath = resolve(cwd, args.junit);
  writeOutput(reportPath, `${JSON.stringify(report, null, 2)}\n`, '--report');
  writeOutput(junitPath, renderJunit(report), '--junit');
  return { report: displayPath(reportPath, cwd), junit: displayPath(junitPath, cwd) };
}

function writeOutput(path: string, content: string, flag: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  } catch (error) {
    throw new CliUsageError(
      `Cannot write ${path}: ${(error as Error).message}. Choose another path with ${flag}.`,
    );
  }
}

function displayPath(path: string, cwd: string): string {
  const relativePath = relative(cwd, path);
  return relativePath.startsWith('..') ? path : relativePath;
}
