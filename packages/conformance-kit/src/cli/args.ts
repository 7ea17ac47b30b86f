import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ConformanceLevel } from '../types.js';
import { MAX_CHECK_TIMEOUT_MS } from '../runner.js';
import { CliUsageError } from './errors.js';

/** Name of the executable, as `package.json` `bin` declares it. */
export const COMMAND = 'signupassist-conformance';

const LEVELS: readonly ConformanceLevel[] = ['catalog', 'handoff', 'full'];

/** Program and session that write checks book against a live provider. */
export interface TestSession {
  programId: string;
  sessionId: string;
}

/** The command line, validated. Paths are as given, relative to the working directory. */
export interface CliArguments {
  help: boolean;
  version: boolean;
  list: boolean;
  /** Package name or package directory; absent means the package in the working directory. */
  connector?: string;
  level?: ConformanceLevel;
  only?: string[];
  baseline?: string;
  /** Reads no baseline, not even `conformance-baseline.json` in the package directory. */
  noBaseline: boolean;
  report: string;
  junit: string;
  live: boolean;
  vendorFile?: string;
  allowWrites: boolean;
  testSession?: TestSession;
  /** Time limit of one check, in milliseconds. */
  checkTimeoutMs?: number;
  quiet: boolean;
}

const OPTIONS = {
  level: { type: 'string' },
  only: { type: 'string', multiple: true },
  baseline: { type: 'string' },
  'no-baseline': { type: 'boolean' },
  report: { type: 'string' },
  junit: { type: 'string' },
  live: { type: 'boolean' },
  vendor: { type: 'string' },
  'allow-writes': { type: 'boolean' },
  'test-session': { type: 'string' },
  'check-timeout': { type: 'string' },
  list: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} satisfies ParseArgsConfig['options'];

/** Help text of the command, as `--help` prints it. */
export const HELP_TEXT = `Usage: ${COMMAND} [connector] [options]

Runs the SignupAssist conformance checks against a connector and its provider sandbox, prints
one line per check and a summary, and writes a JSON report and a JUnit XML report.

Argument:
  connector              npm package name installed in ./node_modules, such as
                         @signupassist/connector-bookeo, or path to a package directory.
                         Default: the package in the current directory. The package's
                         package.json must have a "signupassist" field, for example
                         { "connector": "bookeo", "export": "bookeoConnector",
                           "sandbox": "./sandbox" }.

Options:
  --level LEVEL          Level to certify: catalog or full for a connector that books
                         through the provider's API, catalog or handoff for one that hands
                         registrations off. Default: the highest the manifest allows.
  --only ID,ID           Run only the checks with these ids (comma-separated, repeatable).
  --baseline FILE        Expected failures, as JSON:
                         { "expectedFailures": [{ "check": "ID", "reason": "..." }] }.
                         Default: conformance-baseline.json in the connector's package
                         directory, when that file exists.
  --no-baseline          Read no baseline, not even the default conformance-baseline.json.
  --report FILE          Where to write the JSON report. Default: conformance-report.json.
  --junit FILE           Where to write the JUnit XML report. Default: conformance-junit.xml.
  --live                 Run against the live provider instead of the sandbox. Needs --vendor.
                         Checks that write to the provider are skipped unless --allow-writes
                         is given.
  --vendor FILE          JSON file with the vendor and its credentials, for --live:
                         { "vendor": { "id", "displayName", "timeZone", "config" },
                           "credentials": { ... }, "badCredentials": { ... } },
                         where the optional badCredentials are ones the provider rejects.
  --allow-writes         With --live, also run the checks that book and cancel. Needs
                         --test-session.
  --test-session PROGRAM_ID:SESSION_ID
                         Program and session of the live provider that write checks book.
  --check-timeout MS     Time limit of one check, in milliseconds; a check past it fails.
                         Default: 30000.
  --list                 Print the checks for the connector and level, then exit.
  -q, --quiet            Print no progress lines, only failures and the result.
  -h, --help             Print this help.
  --version              Print the kit's version.

Exit codes: 0 when every check passed or failed as the baseline expects, 1 when a check
failed or a baseline entry is stale, 2 for a usage or configuration error.
`;

/** Parses and validates the command line; throws `CliUsageError` naming the bad flag. */
export function parseCliArguments(argv: readonly string[]): CliArguments {
  const { values, positionals } = parseRaw(argv);

  if (positionals.length > 1) {
    throw new CliUsageError(
      `Expected at most one connector, got ${positionals.length}: ${positionals.join(' ')}. ` +
        'Pass one package name or package directory.',
    );
  }

  const parsed: CliArguments = {
    help: values.help ?? false,
    version: values.version ?? false,
    list: values.list ?? false,
    connector: positionals[0],
    level: parseLevel(values.level),
    only: parseOnly(values.only),
    baseline: nonEmptyPath('--baseline', values.baseline),
    noBaseline: values['no-baseline'] ?? false,
    report: nonEmptyPath('--report', values.report) ?? 'conformance-report.json',
    junit: nonEmptyPath('--junit', values.junit) ?? 'conformance-junit.xml',
    live: values.live ?? false,
    vendorFile: nonEmptyPath('--vendor', values.vendor),
    allowWrites: values['allow-writes'] ?? false,
    testSession: parseTestSession(values['test-session']),
    checkTimeoutMs: parseCheckTimeout(values['check-timeout']),
    quiet: values.quiet ?? false,
  };
  checkLiveFlags(parsed);
  if (parsed.noBaseline && parsed.baseline !== undefined) {
    throw new CliUsageError(
      '--no-baseline and --baseline FILE contradict each other: drop --no-baseline to use ' +
        'FILE, or drop --baseline to run without a baseline.',
    );
  }
  return parsed;
}

function parseRaw(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw translateParseError(error, argv);
  }
}

/** Rewrites node:util's parse errors into messages that name the flag and the fix. */
function translateParseError(error: unknown, argv: readonly string[]): Error {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);

  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? '';
    const suggestion = closestOption(flag);
    const hint = suggestion ? ` Did you mean --${suggestion}?` : '';
    return new CliUsageError(
      `Unknown option ${flag}.${hint} Run ${COMMAND} --help for the options.`,
    );
  }

  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    // node:util names the option as "'--level <value>'" or "'-q, --quiet'".
    const name = /--([\w-]+)/.exec(message)?.[1] ?? '';
    const option = OPTIONS[name as keyof typeof OPTIONS];
    if (option?.type === 'string') {
      // node:util takes a next argument that starts with "-" for an option, as in
      // "--check-timeout -5", so the value was given but not taken.
      const next = argv[argv.indexOf(`--${name}`) + 1];
      if (next?.startsWith('-') && !next.startsWith('--')) {
        return new CliUsageError(
          `Option --${name} needs a value, and "${next}" reads as an option. To pass it as ` +
            `the value, write --${name}=${next}.`,
        );
      }
      return new CliUsageError(`Option --${name} needs a value, as in --${name} VALUE.`);
    }
    const given = argv.find((entry) => entry.startsWith(`--${name}=`));
    const remove =
      given === undefined ? 'remove its value' : `remove "${given.slice(name.length + 2)}"`;
    return new CliUsageError(`Option --${name} takes no value: ${remove}.`);
  }

  return new CliUsageError(`${message} Run ${COMMAND} --help for the options.`);
}

/** Returns the long option nearest to `flag` in edit distance, when it is a likely typo. */
function closestOption(flag: string): string | undefined {
  const name = flag.replace(/^-+/, '').split('=')[0] ?? '';
  let best: { option: string; distance: number } | undefined;
  for (const option of Object.keys(OPTIONS)) {
    const distance = editDistance(name, option);
    if (!best || distance < best.distance) best = { option, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(name.length / 3))
    ? best.option
    : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function parseLevel(value: string | undefined): ConformanceLevel | undefined {
  if (value === undefined) return undefined;
  if ((LEVELS as readonly string[]).includes(value)) return value as ConformanceLevel;
  throw new CliUsageError(
    `Invalid --level "${value}": use one of ${LEVELS.join(', ')}, or omit --level to certify ` +
      "the highest level the connector's capabilities allow.",
  );
}

function parseOnly(values: string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const ids = values.flatMap((value) => value.split(',')).map((id) => id.trim());
  if (ids.some((id) => id === '')) {
    throw new CliUsageError(
      `Invalid --only "${values.join(',')}": it contains an empty check id. ` +
        `Separate ids with single commas, as in --only catalog.schemas,form.json-schema; ` +
        `${COMMAND} --list prints the ids.`,
    );
  }
  return [...new Set(ids)];
}

function nonEmptyPath(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') {
    throw new CliUsageError(`Option ${flag} needs a file path, not an empty value.`);
  }
  return value;
}

function parseCheckTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const milliseconds = Number(value);
  if (!/^\d+$/.test(value) || milliseconds < 1 || milliseconds > MAX_CHECK_TIMEOUT_MS) {
    throw new CliUsageError(
      `Invalid --check-timeout "${value}": give the time limit of one check as a whole number ` +
        `of milliseconds above 0 and at most ${MAX_CHECK_TIMEOUT_MS}, such as ` +
        '--check-timeout 60000.',
    );
  }
  return milliseconds;
}

function parseTestSession(value: string | undefined): TestSession | undefined {
  if (value === undefined) return undefined;
  const separator = value.indexOf(':');
  const programId = value.slice(0, separator).trim();
  const sessionId = value.slice(separator + 1).trim();
  if (separator < 0 || programId === '' || sessionId === '') {
    throw new CliUsageError(
      `Invalid --test-session "${value}": write it as PROGRAM_ID:SESSION_ID, with the ` +
        'canonical ids the connector reports for a program and session of a test account.',
    );
  }
  return { programId, sessionId };
}

/** Enforces that live runs name their vendor and that live writes name their target session. */
function checkLiveFlags(parsed: CliArguments): void {
  if (parsed.live && parsed.vendorFile === undefined) {
    throw new CliUsageError(
      '--live needs --vendor FILE: a JSON file with the vendor and its credentials. ' +
        `Run ${COMMAND} --help for its shape.`,
    );
  }
  if (!parsed.live && parsed.vendorFile !== undefined) {
    throw new CliUsageError(
      '--vendor applies to live runs only: add --live, or drop --vendor to run against ' +
        'the sandbox.',
    );
  }
  if (parsed.allowWrites && !parsed.live) {
    throw new CliUsageError(
      '--allow-writes applies to live runs only; sandbox runs always include the write checks. ' +
        'Add --live --vendor FILE, or drop --allow-writes.',
    );
  }
  if (parsed.allowWrites && parsed.testSession === undefined) {
    throw new CliUsageError(
      '--allow-writes needs --test-session PROGRAM_ID:SESSION_ID, the test session that write ' +
        'checks book on the live provider.',
    );
  }
  if (parsed.testSession !== undefined && !parsed.allowWrites) {
    throw new CliUsageError(
      '--test-session only applies with --allow-writes: add --live --allow-writes, or drop it.',
    );
  }
}
