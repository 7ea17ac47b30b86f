import pino, { type Logger } from 'pino';

/**
 * Paths pino censors in every log line. Credentials should never reach a log call; this is
 * the second line of defence for objects logged whole.
 */
const REDACTED_PATHS = [
  'credentials',
  '*.credentials',
  'apiKey',
  '*.apiKey',
  'secretKey',
  '*.secretKey',
  'webhookSecret',
  '*.webhookSecret',
  'connectWebhookSecret',
  '*.connectWebhookSecret',
  'headers["stripe-signature"]',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers["x-bookeo-apikey"]',
  'headers["x-bookeo-secretkey"]',
  'guardian',
  '*.guardian',
  'participants',
  '*.participants',
];

/**
 * Creates the server's logger. Over stdio, stdout carries the MCP protocol, so logs go to
 * stderr.
 */
export function createLogger(level: string, stdio: boolean): Logger {
  return pino(
    {
      level,
      base: { service: 'signupassist-hub' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    pino.destination({ fd: stdio ? 2 : 1, sync: true }),
  );
}
