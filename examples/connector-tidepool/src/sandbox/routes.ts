import { decodeCursor, encodeCursor, formatCents, formatInZone } from './format.js';
import type { TidepoolSeed } from './seed.js';
import type { BookingInput, StoredBooking, TidepoolState, WriteResult } from './state.js';

/** A request after the server has read it. */
export interface ApiRequest {
  method: string;
  /** Path after `/v1`, such as `/programs/prog_guppy/sessions`. */
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/** The response to send back. */
export interface ApiResponse {
  status: number;
  body: unknown;
}

/** Items per page of every Tidepool list in the sandbox. */
export const PAGE_SIZE = 2;

/** Currency of every Tidepool price in the sandbox. */
export const CURRENCY = 'USD';

function error(status: number, code: string, message: string, extra = {}): ApiResponse {
  return { status, body: { error: { code, message, ...extra } } };
}

function page<T>(items: T[], query: URLSearchParams): ApiResponse {
  const cursor = query.get('cursor');
  const offset = cursor === null ? 0 : decodeCursor(cursor);
  if (offset === undefined) return error(400, 'invalid_cursor', 'The cursor is not valid.');

  const end = offset + PAGE_SIZE;
  const nextCursor = end < items.length ? encodeCursor(end) : null;
  return { status: 200, body: { data: items.slice(offset, end), nextCursor } };
}

function parseTime(value: string | null): number | undefined {
  if (value === null) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? Number.NaN : time;
}

/** Serves the Tidepool Lessons API v1 over the sandbox state. */
export class TidepoolRoutes {
  constructor(
    private readonly state: TidepoolState,
    private readonly seed: TidepoolSeed,
    private readonly origin: () => string,
  ) {}

  /** Returns the response to one authenticated request. */
  handle(request: ApiRequest): ApiResponse {
    const { method, path } = request;
    const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
    const [resource, id, action] = segments;

    if (method === 'GET' && path === '/account') return { status: 200, body: this.seed.account };
    if (method === 'GET' && path === '/programs') {
      return page(this.state.programs.map(this.#program), request.query);
    }
    if (method === 'GET' && resource === 'programs' && id && segments.length === 2) {
      const program = this.state.program(id);
      return program ? { status: 200, body: this.#program(program) } : this.#notFound('program');
    }
    if (method === 'GET' && resource === 'programs' && id && action === 'sessions') {
      return this.#sessions(id, request.query);
    }
    if (method === 'GET' && path === '/bookings') {
      const reference = request.query.get('reference');
      const matches = this.state.bookings.filter(
        (booking) => reference === null || booking.reference === reference,
      );
      return page(matches.map(this.#booking), request.query);
    }
    if (method === 'POST' && path === '/bookings') return this.#book(request.body);
    if (method === 'GET' && resource === 'bookings' && id && segments.length === 2) {
      const booking = this.state.bookings.find((item) => item.id === id);
      return booking ? { status: 200, body: this.#booking(booking) } : this.#notFound('booking');
    }
    if (method === 'DELETE' && resource === 'bookings' && id && segments.length === 2) {
      return this.#written(this.state.cancel(id), 200);
    }
    return error(404, 'not_found', `No route for ${method} ${path}.`);
  }

  #notFound(what: string): ApiResponse {
    return error(404, 'not_found', `No such ${what}.`);
  }

  #sessions(programId: string, query: URLSearchParams): ApiResponse {
    if (!this.state.program(programId)) return this.#notFound('program');
    const from = parseTime(query.get('startsFrom'));
    const before = parseTime(query.get('startsBefore'));
    if (Number.isNaN(from) || Number.isNaN(before)) {
      return error(400, 'invalid_request', 'startsFrom and startsBefore must be ISO 8601 times.');
    }

    const sessions = this.state.sessions.filter(
      (session) =>
        session.programId === programId &&
        (from === undefined || session.start.getTime() >= from) &&
        (before === undefined || session.start.getTime() < before),
    );
    const timeZone = this.seed.account.timeZone;
    return page(
      sessions.map((session) => ({
        id: session.id,
        programId: session.programId,
        startsAt: formatInZone(session.start, timeZone),
        endsAt: formatInZone(session.end, timeZone),
        capacity: session.capacity,
        seatsLeft: session.seatsLeft,
        price: { amount: formatCents(session.priceCents), currency: CURRENCY },
      })),
      query,
    );
  }

  #book(body: unknown): ApiResponse {
    const input = readBookingInput(body);
    if (typeof input === 'string') return error(400, 'invalid_request', input);
    return this.#written(this.state.book(input), 201);
  }

  #written(result: WriteResult, status: number): ApiResponse {
    if (!result.ok) {
      const extra = result.fields ? { fields: result.fields } : {};
      return error(result.status, result.code, result.message, extra);
    }
    return { status, body: this.#booking(result.booking) };
  }

  #program = (program: TidepoolState['programs'][number]) => {
    const prices = this.state.sessions
      .filter((session) => session.programId === program.id)
      .map((session) => session.priceCents);
    return {
      id: program.id,
      name: program.name,
      summary: program.summary,
      ages: { min: program.ageMin, max: program.ageMax },
      pool: program.pool,
      timeZone: this.seed.account.timeZone,
      priceFrom: { amount: formatCents(Math.min(...prices)), currency: CURRENCY },
      swimmersPerBooking: program.swimmersPerBooking,
      questions: program.questions,
    };
  };

  #booking = (booking: StoredBooking) => ({
    id: booking.id,
    reference: booking.reference,
    sessionId: booking.sessionId,
    programId: booking.programId,
    swimmers: booking.swimmers,
    status: booking.status,
    total: { amount: formatCents(booking.totalCents), currency: CURRENCY },
    createdAt: booking.createdAt.toISOString(),
    payUrl: `${this.origin()}/pay/${booking.id}`,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the shape of a booking body; returns the problem as text when it is wrong. */
function readBookingInput(body: unknown): BookingInput | string {
  if (!isRecord(body)) return 'The body must be a JSON object.';
  const { sessionId, reference, guardian, swimmers } = body;
  if (typeof sessionId !== 'string') return 'sessionId is required.';
  if (typeof reference !== 'string' || reference.length === 0 || reference.length > 64) {
    return 'reference is required, at most 64 characters.';
  }
  if (!isRecord(guardian)) return 'guardian must be an object of answers.';
  if (!Array.isArray(swimmers) || !swimmers.every(isRecord)) {
    return 'swimmers must be a list of answer objects.';
  }
  return { sessionId, reference, guardian, swimmers };
}
