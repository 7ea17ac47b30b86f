import {
  isCurrencyCode,
  isTimeZone,
  OffsetDateTimeSchema,
  ProgramSchema,
  SessionSchema,
  minorToDecimal,
  type Money,
  type Session,
} from '@signupassist/contract';
import type { SandboxPrice } from '@signupassist/contract/testing';
import { ensure, fail, type ConformanceCheck } from '../check.js';
import { compareIds, listCatalog } from './catalog-data.js';

const schemas: ConformanceCheck = {
  id: 'catalog.schemas',
  title: 'Programs and sessions parse with the contract schemas and name their vendor',
  level: 'catalog',
  writes: false,
  async run(context) {
    const { programs, sessions, window } = await listCatalog(context);
    const vendorId = context.environment.vendor.id;
    ensure(programs.length > 0, 'listPrograms returned no programs for a vendor that has some.');

    for (const [index, value] of programs.entries()) {
      const program = context.parse(ProgramSchema, value, `Program ${index}`);
      ensure(
        program.vendorId === vendorId,
        `Program "${program.id}" has vendorId "${program.vendorId}"; expected "${vendorId}".`,
      );
    }
    for (const [programId, list] of sessions) {
      for (const value of list) {
        const session = context.parse(SessionSchema, value, `A session of program "${programId}"`);
        ensure(
          session.programId === programId && session.vendorId === vendorId,
          `Session "${session.id}" names program "${session.programId}" and vendor ` +
            `"${session.vendorId}"; expected "${programId}" and "${vendorId}".`,
        );
        const start = Date.parse(session.start);
        ensure(
          start >= window.from.getTime() && start < window.to.getTime(),
          `Session "${session.id}" starts at ${session.start}, outside the requested window ` +
            `${window.from.toISOString()} to ${window.to.toISOString()}.`,
        );
      }
    }
  },
};

/** Fails unless an operation sent at least one request per provider page of `items`. */
function expectEveryPage(
  operation: string,
  requestsSent: number,
  items: number,
  noun: string,
  pageSize: number,
): void {
  const pages = Math.ceil(items / pageSize);
  ensure(
    requestsSent >= pages,
    `${operation} sent ${requestsSent} provider ${requestsSent === 1 ? 'request' : 'requests'} ` +
      `for ${items} ${noun} at ${pageSize} per page; reading every page takes at least ${pages}.`,
  );
}

const pagination: ConformanceCheck = {
  id: 'catalog.pagination-complete',
  title: 'Listing follows every provider page and returns each item once',
  level: 'catalog',
  writes: false,
  needsSandbox: true,
  async run(context) {
    const scenario = context.scenario();
    const sandbox = context.sandbox();
    const { programs, sessions } = await listCatalog(context);

    const programProblem = compareIds(
      'listPrograms:',
      programs.map((program) => program.id),
      scenario.programIds,
    );
    if (programProblem) fail(programProblem);
    for (const [programId, expected] of Object.entries(scenario.sessionIds)) {
      const listed = (sessions.get(programId) ?? []).map((session) => session.id);
      const problem = compareIds(`listSessions of program "${programId}":`, listed, expected);
      if (problem) fail(problem);
    }

    // With more programs than one page holds, the id comparison above fails unless listPrograms
    // read every page. Requests are not counted for programs, because a connector may cache
    // the program list across checks.
    if (scenario.programIds.length <= scenario.pageSize) {
      context.missingScenario(
        `The sandbox scenario lists ${scenario.programIds.length} programs, no more than one ` +
          `page of ${scenario.pageSize}, so paging of listPrograms is not exercised`,
        'Seed more programs than scenario().pageSize and list them in scenario().programIds.',
      );
    }

    const [programId, expected] = Object.entries(scenario.sessionIds).sort(
      (left, right) => right[1].length - left[1].length,
    )[0] ?? ['', []];
    if (expected.length <= scenario.pageSize) {
      context.missingScenario(
        `No program of the sandbox scenario has more than ${scenario.pageSize} sessions (one ` +
          'page), so paging of listSessions is not exercised',
        'Seed a program with more sessions than scenario().pageSize and list them in ' +
          'scenario().sessionIds.',
      );
    }
    const before = sandbox.requests().length;
    await context.expectSuccess('listSessions', (connectorContext) =>
      context.connector.listSessions(connectorContext, {
        programId,
        ...scenario.sessionWindow,
      }),
    );
    const requestsSent = sandbox.requests().length - before;
    expectEveryPage(
      `listSessions of program "${programId}"`,
      requestsSent,
      expected.length,
      'sessions',
      scenario.pageSize,
    );
  },
};

/** Returns the UTC offset in minutes of a `±hh:mm` or `Z` suffix. */
function offsetMinutesOf(text: string): number | undefined {
  if (/Z$/i.test(text)) return 0;
  const match = /([+-])(\d{2}):?(\d{2})$/.exec(text);
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** Returns the UTC offset in minutes of an IANA zone at an instant. */
function zoneOffsetMinutes(timeZone: string, instant: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName');
  return offsetMinutesOf(parts?.value.replace(/^GMT$/, 'Z') ?? 'Z') ?? 0;
}

function checkTime(text: string, timeZone: string, what: string): void {
  ensure(
    OffsetDateTimeSchema.safeParse(text).success,
    `${what} "${text}" is not an ISO 8601 date-time with a UTC offset.`,
  );
  const instant = new Date(text);
  const expected = zoneOffsetMinutes(timeZone, instant);
  ensure(
    offsetMinutesOf(text) === expected,
    `${what} "${text}" carries an offset other than ${timeZone}'s at that instant ` +
      `(${expected} minutes from UTC).`,
  );
}

const times: ConformanceCheck = {
  id: 'catalog.times-offset-zone',
  title: 'Times carry the UTC offset of a valid IANA time zone',
  level: 'catalog',
  writes: false,
  async run(context) {
    const { programs, sessions } = await listCatalog(context);
    for (const program of programs) {
      ensure(
        isTimeZone(program.timeZone),
        `Program "${program.id}" has time zone "${program.timeZone}", which is not an IANA zone.`,
      );
    }

    let checked = 0;
    for (const list of sessions.values()) {
      for (const session of list) {
        ensure(
          typeof session.timeZone === 'string' && isTimeZone(session.timeZone),
          `Session "${session.id}" has time zone "${session.timeZone}", which is not an IANA zone.`,
        );
        checkTime(session.start, session.timeZone, `Session "${session.id}" start`);
        checkTime(session.end, session.timeZone, `Session "${session.id}" end`);
        ensure(
          Date.parse(session.end) > Date.parse(session.start),
          `Session "${session.id}" ends at ${session.end}, not after its start ${session.start}.`,
        );
        checked += 1;
      }
    }
    if (checked === 0) {
      const scenario = context.environment.scenario;
      const expected = Object.values(scenario?.sessionIds ?? {}).flat().length;
      ensure(
        expected === 0,
        `The catalog lists none of the ${expected} sessions of the sandbox scenario in its window.`,
      );
      context.missingScenario(
        'The catalog lists no sessions in the window, so no times are checked',
        'Seed sessions inside scenario().sessionWindow and list them in scenario().sessionIds.',
      );
    }
  },
};

function checkMoney(money: Money, what: string): void {
  ensure(
    Number.isSafeInteger(money.amountMinor) && money.amountMinor >= 0,
    `${what} has amountMinor ${String(money.amountMinor)}; expected a non-negative integer ` +
      'number of minor units (8500 for 85.00 USD).',
  );
  ensure(
    typeof money.currency === 'string' && isCurrencyCode(money.currency),
    `${what} has currency "${String(money.currency)}"; expected an ISO 4217 code such as USD.`,
  );
}

/** Formats minor units as the provider writes them, such as `85.50 USD`, or the raw value. */
function describeMoney(money: SandboxPrice): string {
  try {
    return `${minorToDecimal(money as Money)} ${money.currency}`;
  } catch {
    return `${String(money.amountMinor)} minor units of ${String(money.currency)}`;
  }
}

/** Fails unless a session's price equals the one the scenario gives for it. */
function expectScenarioPrice(session: Session, expected: SandboxPrice): void {
  const what = `Session "${session.id}"`;
  const price = session.price;
  if (price === undefined) {
    fail(
      `${what} has no price; the provider charges ${describeMoney(expected)} ` +
        `(amountMinor ${expected.amountMinor}).`,
    );
  }
  ensure(
    price.amountMinor === expected.amountMinor && price.currency === expected.currency,
    `${what} price has amountMinor ${String(price.amountMinor)} ${String(price.currency)}; the ` +
      `provider charges ${describeMoney(expected)}, which is amountMinor ` +
      `${expected.amountMinor} ${expected.currency}.`,
  );
}

const money: ConformanceCheck = {
  id: 'catalog.money-minor-units',
  title: 'Prices are integer minor units in an ISO 4217 currency',
  level: 'catalog',
  writes: false,
  async run(context) {
    const { programs, sessions } = await listCatalog(context);
    let checked = 0;
    for (const program of programs) {
      if (program.fromPrice === undefined) continue;
      checkMoney(program.fromPrice, `Program "${program.id}" fromPrice`);
      checked += 1;
    }
    const prices = context.environment.scenario?.prices ?? {};
    let priced = 0;
    let compared = 0;
    for (const list of sessions.values()) {
      for (const session of list) {
        const expected = prices[session.id];
        if (session.price !== undefined) checkMoney(session.price, `Session "${session.id}" price`);
        if (expected !== undefined) expectScenarioPrice(session, expected);
        if (session.price !== undefined) priced += 1;
        if (expected !== undefined) compared += 1;
      }
    }
    checked += priced;
    // Integers alone pass 86 for 85.50 USD, so a sandbox run needs a scenario price to compare.
    if (context.environment.sandbox && priced > 0 && compared === 0) {
      context.missingScenario(
        `The catalog lists ${priced} priced ${priced === 1 ? 'session' : 'sessions'}, but ` +
          "scenario().prices gives the provider's price for none of them, so whole major " +
          'units cannot be told from minor units',
        'List the priced sessions in scenario().prices.',
      );
    }
    if (checked === 0) {
      context.missingScenario(
        'The catalog carries no prices, so no prices are checked',
        'Seed sessions with prices and list them in scenario().prices.',
      );
    }
  },
};

/** Checks of programs and sessions. */
export const catalogChecks: ConformanceCheck[] = [schemas, pagination, times, money];
