import type { CampMinderAttendee, CampMinderPerson } from '../campminder-api.js';
import type { SandboxClock } from './clock.js';
import { FaultQueue } from './faults.js';
import type { CampMinderSeed, CampMinderSeedCamp } from './seed.js';
import { TokenService } from './tokens.js';

/** A family's registration made through the camp's portal, as the sandbox tracks it. */
export interface SandboxRegistration {
  clientId: number;
  /** The `ref` of the hand-off URL: the reference the connector gave the registration. */
  reference: string;
  /** Canonical session id: `<SessionID>`, or `<SessionID>-<ProgramID>` with a program. */
  sessionId: string;
  campMinderSessionId: number;
  programId: number | null;
  guardianId: number;
  camperIds: number[];
  /** Sandbox time of the first completion, ISO 8601 in UTC. */
  completedAt: string;
}

/** A camp as the sandbox runs it: its seed and its current persons and attendee rows. */
export interface SandboxCamp {
  /** Catalog and seed data; handlers never change it. */
  readonly seed: CampMinderSeedCamp;
  persons: Map<number, CampMinderPerson>;
  attendees: CampMinderAttendee[];
  registrations: SandboxRegistration[];
}

/** One request the sandbox's API received. It stores a hash of the apiKey, never a key or token. */
export interface SandboxRequestRecord {
  method: string;
  /** Path after the base URL, without the query string, such as `/sessions/programs`. */
  path: string;
  /** Query string without the leading `?`. */
  query: string;
  /** Hash of the apiKey the request carried, or of the apiKey its bearer token was issued for. */
  credentialId?: string;
  /** Real time of arrival, ISO 8601 in UTC, not the sandbox clock. */
  at: string;
  /**
   * HTTP status of the response. It is absent while the request runs and when the connection
   * was destroyed.
   */
  status?: number;
}

/** Filter of the request log. Every given field must match. */
export interface SandboxRequestFilter {
  method?: string;
  pathPrefix?: string;
  credentialId?: string;
}

/** Sandbox settings that are not part of the seed. */
export interface SandboxStateOptions {
  /** Max items per page on every list; overrides the seed's `pageSize`. */
  pageSize?: number;
}

/** First id of the persons the sandbox creates; seed persons keep theirs. */
const FIRST_PERSON_ID = 500_001;

/**
 * Everything a running sandbox stores: camps with their persons and attendee rows, the
 * registrations made through the portal, tokens, injected faults and the request log.
 * Handlers read and change it; tests inspect it.
 */
export class SandboxState {
  readonly faults = new FaultQueue();
  readonly tokens: TokenService;
  readonly pageSize: number | undefined;
  camps = new Map<number, SandboxCamp>();
  #requestLog: SandboxRequestRecord[] = [];
  #nextPersonId = FIRST_PERSON_ID;

  constructor(
    readonly seed: CampMinderSeed,
    readonly clock: SandboxClock,
    options: SandboxStateOptions = {},
  ) {
    this.pageSize = options.pageSize ?? seed.pageSize;
    if (this.pageSize !== undefined && !(Number.isInteger(this.pageSize) && this.pageSize > 0)) {
      throw new RangeError(`Invalid pageSize ${this.pageSize}: give a whole number >= 1.`);
    }
    checkSeed(seed);
    this.tokens = new TokenService(seed.keys, clock);
    this.reset();
  }

  /**
   * Restores the seed's persons and attendee rows and clears registrations, faults, the
   * token rate-limit count and logged requests. Issued tokens stay valid until they expire.
   */
  reset(): void {
    this.camps = new Map(
      structuredClone(this.seed.camps).map((camp) => [
        camp.clientId,
        {
          seed: camp,
          persons: new Map(camp.persons.map((person) => [person.ID, person])),
          attendees: camp.attendees,
          registrations: [],
        },
      ]),
    );
    this.faults.clear();
    this.tokens.resetRateLimit();
    this.#requestLog = [];
    this.#nextPersonId = FIRST_PERSON_ID;
  }

  /** Returns the camp of a client id; throws naming the client ids there are. */
  camp(clientId: number): SandboxCamp {
    const camp = this.camps.get(clientId);
    if (camp) return camp;
    throw new RangeError(
      `Unknown clientId ${clientId}: the sandbox has ${[...this.camps.keys()].join(', ')}.`,
    );
  }

  /** Returns a new person id, unique across camps. */
  newPersonId(): number {
    const id = this.#nextPersonId;
    this.#nextPersonId += 1;
    return id;
  }

  /** Adds a request to the log and returns the stored record, so its status can be set later. */
  recordRequest(record: SandboxRequestRecord): SandboxRequestRecord {
    this.#requestLog.push(record);
    return record;
  }

  /** Returns copies of the logged requests matching every given filter, oldest first. */
  requestLog(filter: SandboxRequestFilter = {}): SandboxRequestRecord[] {
    return this.#requestLog
      .filter(
        (record) =>
          (!filter.method || record.method.toUpperCase() === filter.method.toUpperCase()) &&
          (!filter.pathPrefix || record.path.startsWith(filter.pathPrefix)) &&
          (!filter.credentialId || record.credentialId === filter.credentialId),
      )
      .map((record) => ({ ...record }));
  }
}

/** Throws when two camps share a client id or a key names a camp the seed lacks. */
function checkSeed(seed: CampMinderSeed): void {
  const clientIds = new Set<number>();
  for (const camp of seed.camps) {
    if (clientIds.has(camp.clientId)) {
      throw new RangeError(`Invalid seed: clientId ${camp.clientId} appears twice.`);
    }
    clientIds.add(camp.clientId);
  }
  for (const key of seed.keys) {
    const unknown = key.clientIds.filter((clientId) => !clientIds.has(clientId));
    if (unknown.length > 0) {
      throw new RangeError(
        `Invalid seed: an API key reads clientIds ${unknown.join(', ')}, which no camp has.`,
      );
    }
  }
}
