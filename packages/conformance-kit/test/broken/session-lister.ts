import { setTimeout as delay } from 'node:timers/promises';
import {
  ConnectorError,
  decimalToMinor,
  type AnyConnector,
  type ConnectorContext,
  type Session,
  type SessionQuery,
} from '@signupassist/contract';

/** Defects to build into the copy of the Tidepool connector's `listSessions`. */
export interface SessionListerDefects {
  /** Stops at the page whose `nextCursor` is null without keeping that page's sessions. */
  dropLastPage?: boolean;
  /** Repeats a request at once after a 429 instead of waiting out `Retry-After`. */
  ignoreRetryAfter?: boolean;
  /** Waits this many milliseconds after a 429, whatever `Retry-After` says. */
  fixedBackoffMs?: number;
  /** Waits out `Retry-After` without watching the signal, so an abort waits for the timer. */
  sleepIgnoresAbort?: boolean;
  /** Repeats a request after a 5xx until it succeeds, with no limit on the attempts. */
  unboundedServerErrorRetries?: boolean;
}

interface TidepoolSession {
  id: string;
  programId: string;
  startsAt: string;
  endsAt: string;
  seatsLeft: number;
  price: { amount: string; currency: string };
}

interface TidepoolPage {
  data: TidepoolSession[];
  nextCursor: string | null;
}

type TidepoolContext = ConnectorContext<{ baseUrl: string }, { accountId: string; apiKey: string }>;

/** Times one request is sent at most, the first attempt included. */
const MAX_ATTEMPTS = 3;

function abortedError(): ConnectorError {
  return new ConnectorError('timeout', 'Listing Tidepool sessions was aborted.', {
    retryable: false,
  });
}

async function sendOnce(context: TidepoolContext, url: URL): Promise<Response> {
  try {
    return await fetch(url, {
      headers: {
        authorization: `Bearer ${context.credentials.apiKey}`,
        'tidepool-account': context.credentials.accountId,
      },
      signal: context.signal,
    });
  } catch (error) {
    if (context.signal.aborted) throw abortedError();
    throw new ConnectorError('provider_unavailable', 'The connection to Tidepool failed.', {
      cause: error,
    });
  }
}

async function fetchPage(
  context: TidepoolContext,
  url: URL,
  defects: SessionListerDefects,
): Promise<TidepoolPage> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await sendOnce(context, url);
    if (response.ok) return (await response.json()) as TidepoolPage;
    await response.body?.cancel();

    const retryAfterSeconds = Number(response.headers.get('retry-after') ?? '1');
    if (response.status === 429 && attempt < MAX_ATTEMPTS) {
      let waitMs = defects.ignoreRetryAfter ? 0 : retryAfterSeconds * 1000;
      if (defects.fixedBackoffMs !== undefined) waitMs = defects.fixedBackoffMs;
      const signal = defects.sleepIgnoresAbort ? undefined : context.signal;
      await delay(waitMs, undefined, { signal }).catch(() => {
        throw abortedError();
      });
      continue;
    }
    if (response.status >= 500 && defects.unboundedServerErrorRetries) continue;
    const code = response.status === 429 ? 'rate_limited' : 'provider_unavailable';
    throw new ConnectorError(
      code,
      `Tidepool answered HTTP ${response.status} to GET /programs/{id}/sessions.`,
      code === 'rate_limited' ? { retryAfterMs: retryAfterSeconds * 1000 } : {},
    );
  }
}

function toSession(session: TidepoolSession, context: TidepoolContext): Session {
  const seatsLeft = Math.max(0, session.seatsLeft);
  return {
    id: session.id,
    programId: session.programId,
    vendorId: context.vendor.id,
    start: session.startsAt,
    end: session.endsAt,
    timeZone: context.vendor.timeZone,
    availability: { status: seatsLeft > 0 ? 'open' : 'full', seatsLeft },
    price: decimalToMinor(session.price.amount, session.price.currency),
    priceSource: 'provider',
  };
}

/**
 * Lists sessions as the Tidepool connector's `listSessions` does, on plain `fetch` and with
 * the given defects. Without defects it follows every page and waits out `Retry-After`.
 */
async function listSessions(
  context: TidepoolContext,
  query: SessionQuery,
  defects: SessionListerDefects,
): Promise<Session[]> {
  const base = context.vendor.config.baseUrl.replace(/\/+$/, '');
  const from = query.from ?? context.clock.now();
  const to = query.to ?? new Date(from.getTime() + 90 * 86_400_000);
  const sessions: TidepoolSession[] = [];
  let cursor: string | undefined;

  for (;;) {
    const url = new URL(`${base}/programs/${encodeURIComponent(query.programId)}/sessions`);
    url.searchParams.set('startsFrom', from.toISOString());
    url.searchParams.set('startsBefore', to.toISOString());
    if (cursor !== undefined) url.searchParams.set('cursor', cursor);

    const page = await fetchPage(context, url, defects);
    if (page.nextCursor === null && defects.dropLastPage) break;
    sessions.push(...page.data);
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  return sessions.map((session) => toSession(session, context));
}

/** Returns the Tidepool connector with its `listSessions` replaced by the copy above. */
export function sessionListerConnector(
  base: AnyConnector,
  defects: SessionListerDefects = {},
): AnyConnector {
  return {
    ...base,
    listSessions: (context, query) => listSessions(context as TidepoolContext, query, defects),
  };
}
