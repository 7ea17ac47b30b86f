import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { CAMPMINDER_LIMITS } from '../campminder-api.js';
import type { SandboxClock } from './clock.js';
import { SandboxApiError } from './errors.js';
import type { CampMinderSeedKey } from './seed.js';

/** Returns the opaque id the request log shows for an apiKey: a hash, never the key. */
export function credentialIdOf(apiKey: string): string {
  return `apikey-${createHash('sha256').update(apiKey).digest('hex').slice(0, 12)}`;
}

/** Claims of a valid token. */
export interface TokenClaims {
  /** {@link credentialIdOf} the apiKey the token was issued for. */
  credentialId: string;
  clientIds: number[];
  /** Expiry in seconds since the epoch, on the sandbox clock. */
  exp: number;
}

/** The response body of `GET /auth/apikey`. */
export interface TokenResponse {
  Token: string;
  ClientIDs: string;
}

const JWT_HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const ISSUER = 'campminder-sandbox';

function base64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

/**
 * Issues and verifies the sandbox's JWTs. Tokens are HS256-signed with a secret of this
 * sandbox instance, so a token from another sandbox or a tampered one is unknown here. The
 * apiKey of a token is in its payload only as a hash. Token requests are counted per apiKey on
 * the sandbox clock, and more than CampMinder's limit within its window get a 429.
 */
export class TokenService {
  readonly #secret = randomBytes(32);
  readonly #keys: Map<string, CampMinderSeedKey>;
  /** Sandbox times (ms) of the counted token requests, per credential id. */
  #requestTimes = new Map<string, number[]>();

  constructor(
    keys: readonly CampMinderSeedKey[],
    readonly clock: SandboxClock,
  ) {
    this.#keys = new Map(keys.map((key) => [key.apiKey, key]));
  }

  /** Tells whether any apiKey of the seed goes with this subscription key. */
  isSubscriptionKey(subscriptionKey: string): boolean {
    return [...this.#keys.values()].some((key) => key.subscriptionKey === subscriptionKey);
  }

  /**
   * Issues a token for `GET /auth/apikey`. Throws 429 when the apiKey requested too many, else
   * 401 for a missing or unknown apiKey or a subscription key that does not go with it.
   * Messages never repeat a key.
   */
  issue(apiKey: string | undefined, subscriptionKey: string | undefined): TokenResponse {
    if (!apiKey) {
      throw new SandboxApiError(401, 'Missing API key: send it raw in the Authorization header.');
    }
    this.#countRequest(credentialIdOf(apiKey));
    if (!subscriptionKey) {
      throw new SandboxApiError(
        401,
        'Access denied due to missing subscription key. Send it in the ' +
          'Ocp-Apim-Subscription-Key header.',
      );
    }
    const key = this.#keys.get(apiKey);
    if (!key) throw new SandboxApiError(401, 'Invalid API key: it is unknown or revoked.');
    if (key.subscriptionKey !== subscriptionKey) {
      throw new SandboxApiError(
        401,
        'Access denied due to invalid subscription key: it does not belong to this API key.',
      );
    }

    const issuedAt = Math.floor(this.clock.now().getTime() / 1000);
    const payload = {
      iss: ISSUER,
      sub: credentialIdOf(apiKey),
      clientIds: key.clientIds.join(','),
      iat: issuedAt,
      exp: issuedAt + CAMPMINDER_LIMITS.tokenLifetimeSeconds,
      jti: randomUUID(),
    };
    const unsigned = `${JWT_HEADER}.${base64url(JSON.stringify(payload))}`;
    return { Token: `${unsigned}.${this.#sign(unsigned)}`, ClientIDs: payload.clientIds };
  }

  /** Returns the claims of a token signed here, expired or not; undefined for any other text. */
  read(token: string): TokenClaims | undefined {
    const [header, payload, signature, ...rest] = token.split('.');
    if (!header || !payload || !signature || rest.length > 0) return undefined;

    const expected = Buffer.from(this.#sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;

    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      sub: string;
      clientIds: string;
      exp: number;
    };
    return {
      credentialId: claims.sub,
      clientIds: claims.clientIds.split(',').map(Number),
      exp: claims.exp,
    };
  }

  /** Returns the claims of a token that is signed here and not expired; throws 401 otherwise. */
  verify(token: string): TokenClaims {
    const claims = this.read(token);
    if (!claims) {
      throw new SandboxApiError(
        401,
        'Invalid bearer token: it was not issued by this API. Request one from GET /auth/apikey.',
      );
    }
    if (this.clock.now().getTime() >= claims.exp * 1000) {
      const expiredAt = new Date(claims.exp * 1000).toISOString();
      throw new SandboxApiError(
        401,
        `The bearer token expired at ${expiredAt}. Request a new one from GET /auth/apikey.`,
      );
    }
    return claims;
  }

  /** Forgets the counted token requests, so every apiKey may ask again at once. */
  resetRateLimit(): void {
    this.#requestTimes.clear();
  }

  #sign(text: string): string {
    return createHmac('sha256', this.#secret).update(text).digest('base64url');
  }

  /** Counts a token request, or throws 429 with the seconds until the window has room. */
  #countRequest(credentialId: string): void {
    const now = this.clock.now().getTime();
    const windowMs = CAMPMINDER_LIMITS.tokenWindowSeconds * 1000;
    const recent = (this.#requestTimes.get(credentialId) ?? []).filter(
      (time) => time > now - windowMs && time <= now,
    );
    if (recent.length >= CAMPMINDER_LIMITS.tokenRequestsPerWindow) {
      const retryAfterSeconds = Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000));
      throw new SandboxApiError(429, 'Rate limit is exceeded.', {
        'Retry-After': String(retryAfterSeconds),
      });
    }
    recent.push(now);
    this.#requestTimes.set(credentialId, recent);
  }
}
