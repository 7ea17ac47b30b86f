import type { SeedProgram, TidepoolQuestion, SeedSession, TidepoolSeed } from './seed.js';

/** A booking as the sandbox stores it. */
export interface StoredBooking {
  id: string;
  reference: string;
  sessionId: string;
  programId: string;
  swimmers: number;
  status: 'confirmed' | 'cancelled';
  totalCents: number;
  createdAt: Date;
}

/** A booking request body after its shape has been checked. */
export interface BookingInput {
  sessionId: string;
  reference: string;
  guardian: Record<string, unknown>;
  swimmers: Record<string, unknown>[];
}

/** Outcome of a write: the stored booking, or an HTTP status with a Tidepool error. */
export type WriteResult =
  | { ok: true; booking: StoredBooking }
  | { ok: false; status: number; code: string; message: string; fields?: FieldError[] };

/** One rejected answer, as Tidepool reports it in `invalid_answers` errors. */
export interface FieldError {
  /** `guardian.<question>` or `swimmers.<index>.<question>`. */
  path: string;
  message: string;
}

/**
 * The provider-side records of the sandbox: programs, sessions with their seats, and bookings.
 * The request handlers change them, and the conformance kit reads them back.
 */
export class TidepoolState {
  programs: SeedProgram[] = [];
  sessions: SeedSession[] = [];
  bookings: StoredBooking[] = [];

  constructor(
    private readonly seed: TidepoolSeed,
    private readonly now: () => Date,
  ) {
    this.reset();
  }

  /** Restores the seed and deletes every booking. */
  reset(): void {
    this.programs = structuredClone(this.seed.programs);
    this.sessions = structuredClone(this.seed.sessions);
    this.bookings = [];
  }

  /** Finds a program by id. */
  program(id: string): SeedProgram | undefined {
    return this.programs.find((program) => program.id === id);
  }

  /** Finds a session by id. */
  session(id: string): SeedSession | undefined {
    return this.sessions.find((session) => session.id === id);
  }

  /** Books seats, after checking the answers and the seats left. */
  book(input: BookingInput): WriteResult {
    const session = this.session(input.sessionId);
    const program = session && this.program(session.programId);
    if (!session || !program) {
      return { ok: false, status: 404, code: 'not_found', message: 'No such session.' };
    }

    const fields = checkAnswers(program, input);
    if (fields.length > 0) {
      const message = 'Some answers are missing or invalid.';
      return { ok: false, status: 422, code: 'invalid_answers', message, fields };
    }
    if (session.seatsLeft < input.swimmers.length) {
      const message = 'The session has too few seats left.';
      return { ok: false, status: 409, code: 'session_full', message };
    }

    session.seatsLeft -= input.swimmers.length;
    const booking: StoredBooking = {
      id: `bk_${String(this.bookings.length + 1).padStart(6, '0')}`,
      reference: input.reference,
      sessionId: session.id,
      programId: program.id,
      swimmers: input.swimmers.length,
      status: 'confirmed',
      totalCents: session.priceCents * input.swimmers.length,
      createdAt: this.now(),
    };
    this.bookings.push(booking);
    return { ok: true, booking };
  }

  /** Cancels a booking and returns its seats. Cancelling twice changes nothing. */
  cancel(bookingId: string): WriteResult {
    const booking = this.bookings.find((item) => item.id === bookingId);
    if (!booking) return { ok: false, status: 404, code: 'not_found', message: 'No such booking.' };

    if (booking.status === 'confirmed') {
      booking.status = 'cancelled';
      const session = this.session(booking.sessionId);
      if (session) session.seatsLeft += booking.swimmers;
    }
    return { ok: true, booking };
  }
}

const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkAnswers(program: SeedProgram, input: BookingInput): FieldError[] {
  const { min, max } = program.swimmersPerBooking;
  if (input.swimmers.length < min || input.swimmers.length > max) {
    return [{ path: 'swimmers', message: `Book between ${min} and ${max} swimmers.` }];
  }
  return [
    ...checkScope(program, 'guardian', input.guardian, 'guardian'),
    ...input.swimmers.flatMap((answers, index) =>
      checkScope(program, 'swimmer', answers, `swimmers.${index}`),
    ),
  ];
}

function checkScope(
  program: SeedProgram,
  appliesTo: 'guardian' | 'swimmer',
  answers: Record<string, unknown>,
  prefix: string,
): FieldError[] {
  const questions = program.questions.filter((question) => question.appliesTo === appliesTo);
  const errors: FieldError[] = Object.keys(answers)
    .filter((key) => !questions.some((question) => question.id === key))
    .map((key) => ({ path: `${prefix}.${key}`, message: 'Unknown question.' }));

  for (const question of questions) {
    const answer = answers[question.id];
    const path = `${prefix}.${question.id}`;
    if (answer === undefined || answer === '') {
      if (question.required) errors.push({ path, message: `${question.label} is required.` });
      continue;
    }
    const valid = typeof answer === 'string' && isValidAnswer(question, answer);
    if (!valid) errors.push({ path, message: `${question.label} is invalid.` });
  }
  return errors;
}

function isValidAnswer(question: TidepoolQuestion, answer: string): boolean {
  switch (question.kind) {
    case 'email':
      return EMAIL.test(answer);
    case 'date':
      return DATE.test(answer);
    case 'choice':
      return (question.choices ?? []).includes(answer);
    default:
      return answer.trim().length > 0;
  }
}
