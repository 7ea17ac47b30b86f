import { z } from 'zod';

/** Base URL of the (invented) public Tidepool Lessons API. */
export const TIDEPOOL_DEFAULT_BASE_URL = 'https://api.tidepool-lessons.example/v1';

/**
 * A vendor's Tidepool credentials. The account id is public. The API key is secret, so the
 * manifest lists it in `secretFields`, and the connector puts it in no message or log line.
 */
export const TidepoolCredentialsSchema = z
  .object({
    /** Tidepool account of the swim school, sent as `Tidepool-Account`. */
    accountId: z.string().min(1, 'accountId is required'),
    /** API key the swim school created in Tidepool, sent as a bearer token. */
    apiKey: z.string().min(1, 'apiKey is required'),
  })
  .strict();

/** A vendor's Tidepool credentials. */
export type TidepoolCredentials = z.infer<typeof TidepoolCredentialsSchema>;

/** A vendor's Tidepool connector settings. */
export const TidepoolConfigSchema = z
  .object({
    /** API base URL; a sandbox replaces the public one. */
    baseUrl: z.url().default(TIDEPOOL_DEFAULT_BASE_URL),
    /** How far ahead `listSessions` looks when the caller gives no end date, in days. */
    catalogHorizonDays: z.number().int().min(1).max(366).default(90),
  })
  .strict();

/** A vendor's Tidepool connector settings, after defaults are applied. */
export type TidepoolConfig = z.output<typeof TidepoolConfigSchema>;
