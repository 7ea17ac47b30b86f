import { isTimeZone } from '@signupassist/contract';
import { z } from 'zod';
import { BOOKEO_LIMITS } from './bookeo-api.js';

/** Base URL of the Bookeo API v2. */
export const BOOKEO_DEFAULT_BASE_URL = 'https://api.bookeo.com/v2';

/**
 * A vendor's Bookeo credentials. The secret key identifies the application and may be shared by
 * many vendors. The API key is the one a business grants that application. Both are secret.
 */
export const BookeoCredentialsSchema = z
  .object({
    /** API key a Bookeo business issued to the application, sent as `X-Bookeo-apiKey`. */
    apiKey: z.string().min(1, 'apiKey is required'),
    /** Secret key of the Bookeo application, sent as `X-Bookeo-secretKey`. */
    secretKey: z.string().min(1, 'secretKey is required'),
  })
  .strict();

/** A vendor's Bookeo credentials. */
export type BookeoCredentials = z.infer<typeof BookeoCredentialsSchema>;

/** A vendor's Bookeo connector settings. */
export const BookeoConfigSchema = z
  .object({
    /** Bookeo API base URL, `http` or `https`. A sandbox or proxy may replace the public one. */
    baseUrl: z
      .url({
        protocol: /^https?$/,
        error: 'baseUrl must be an http:// or https:// URL, such as https://api.bookeo.com/v2',
      })
      .default(BOOKEO_DEFAULT_BASE_URL),
    /** IANA time zone of the business. Defaults to the vendor's time zone. */
    timeZone: z
      .string()
      .refine(isTimeZone, 'must be an IANA time zone such as America/New_York')
      .optional(),
    /** How long a hold keeps seats, in seconds (Bookeo allows at most 600). */
    holdDurationSeconds: z
      .number()
      .int()
      .min(60)
      .max(BOOKEO_LIMITS.holdMaxSeconds)
      .default(BOOKEO_LIMITS.holdDefaultSeconds),
    /** How far ahead `listSessions` looks when the caller gives no end date, in days. */
    catalogHorizonDays: z.number().int().min(1).max(366).default(90),
    /** Page where families pay the vendor. Receipts then carry a `provider_link` payment. */
    paymentUrl: z.url().optional(),
  })
  .strict();

/** A vendor's Bookeo connector settings, after defaults are applied. */
export type BookeoConfig = z.output<typeof BookeoConfigSchema>;

/** A vendor's Bookeo connector settings as written, before defaults. */
export type BookeoConfigInput = z.input<typeof BookeoConfigSchema>;
