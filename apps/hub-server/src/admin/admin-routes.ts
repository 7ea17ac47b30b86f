import express, { type Express, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { VendorInput, VendorRegistry, VendorUpdate } from '@signupassist/mcp-hub';
import type { z } from 'zod';
import { parseImportText } from '../vendor-import-file.js';
import { ConfigError } from '../config-error.js';
import { adminAuthentication } from './admin-auth.js';
import { sendAdminError, sendRegistryError } from './admin-responses.js';
import {
  AddVendorBodySchema,
  CredentialsBodySchema,
  ImportBodySchema,
  ListQuerySchema,
  parseRequest,
  SuspendBodySchema,
  UpdateVendorBodySchema,
} from './admin-schemas.js';

/** Settings of the admin API. */
export interface AdminApiOptions {
  registry: VendorRegistry;
  /** Bearer token; `undefined` turns the API off, so every `/admin` path returns 404. */
  token: string | undefined;
  /** Reason the API is off, for the start-up log. */
  disabledReason?: string;
  logger: Logger;
}

/**
 * Middleware that lets an admin request through only with the right token. The HTTP server
 * also runs it before reporting a body that failed to parse, so unauthenticated callers learn
 * nothing about the body.
 */
export type AdminGuard = (request: Request, response: Response, next: () => void) => void;

/** Audit actor of changes made through the admin API; the token names no person. */
export const ADMIN_ACTOR = 'admin-api';

type Handler = (request: Request, response: Response) => Promise<void>;

/**
 * Runs a registry call and sends its result with `status`, or the error. `run` validates the
 * body before it calls the registry, so nothing is written for an invalid body.
 */
function handle(
  logger: Logger,
  operation: string,
  run: (request: Request) => Promise<unknown>,
  status = 200,
): Handler {
  return async (request, response) => {
    try {
      const result = await run(request);
      response.status(status).json(result);
      logger.info({ operation, vendorId: request.params.id, status }, 'Admin request done');
    } catch (error) {
      if (error instanceof BodyError) {
        logger.info(
          { operation, vendorId: request.params.id, field: error.described.field },
          'Rejected an invalid admin request',
        );
        sendAdminError(response, error.described);
        return;
      }
      sendRegistryError(response, error, logger.child({ vendorId: request.params.id }), operation);
    }
  };
}

/** An invalid request body, raised inside a handler to send 400 before any write. */
class BodyError extends Error {
  constructor(
    readonly described: { status: number; code: string; message: string; field?: string },
  ) {
    super(described.message);
  }
}

function parse<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
): z.output<Schema> {
  const result = parseRequest(schema, value, what);
  if ('error' in result) throw new BodyError(result.error);
  return result.data;
}

/** Content types of YAML import bodies. */
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

/**
 * Raises 415 unless the body was sent as JSON. Without this check a body of another type is
 * left unparsed and fails on its first field, which names the field instead of the cause.
 * An `optional` body may also be absent.
 */
function requireJsonBody(request: Request, optional = false): void {
  const matched = request.is('application/json');
  if (matched) return;
  // `is` counts a `Content-Length: 0` request as having a body, as fetch sends for a POST.
  const empty = matched === null || request.get('content-length') === '0';
  if (optional && empty) return;
  throw new BodyError({
    status: 415,
    code: 'invalid',
    message: `Send the body as JSON with Content-Type: application/json${contentTypeNote(request)}.`,
  });
}

/** Names the Content-Type a rejected request sent, or states that it sent none. */
function contentTypeNote(request: Request): string {
  const sent = request.get('content-type');
  return sent ? ` (got "${sent.slice(0, 100)}")` : ' (the request had no Content-Type)';
}

function vendorId(request: Request): string {
  return String(request.params.id);
}

/**
 * Mounts the admin API under `/admin`: vendor CRUD, credentials, status changes, import and
 * audit, behind the bearer token. Responses carry credential fingerprints, never values.
 */
export function mountAdminApi(app: Express, options: AdminApiOptions): AdminGuard {
  const { logger, registry } = options;
  if (options.token === undefined) {
    logger.warn(
      { reason: options.disabledReason ?? 'no admin token' },
      'Admin API is off: /admin answers 404. Set HUB_ADMIN_TOKEN to turn it on.',
    );
    const notFound: AdminGuard = (_request, response) => {
      sendAdminError(response, { status: 404, code: 'not_found', message: 'Not found.' });
    };
    app.use('/admin', notFound);
    return notFound;
  }

  const router = express.Router();
  const authenticate = adminAuthentication(options.token, logger);
  router.use(authenticate);
  // YAML import bodies; JSON bodies are parsed by the app's own express.json().
  router.use(express.text({ type: YAML_TYPES, limit: '1mb' }));

  router.get(
    '/vendors',
    handle(logger, 'list', (request) => {
      const query = parse(ListQuerySchema, request.query, 'The query');
      return registry.list(query.status ? { status: query.status } : undefined);
    }),
  );
  router.post(
    '/vendors/import',
    handle(logger, 'import', async (request) => {
      const rows =
        typeof request.body === 'string' ? parseYamlBody(request.body) : jsonImportRows(request);
      const results = await registry.importRows(rows, ADMIN_ACTOR);
      const failed = results.filter((result) => result.outcome === 'failed').length;
      return { results, failed };
    }),
  );
  router.post(
    '/vendors',
    handle(
      logger,
      'add',
      (request) => {
        requireJsonBody(request);
        const body = parse(AddVendorBodySchema, request.body, 'The vendor');
        return registry.add(body as VendorInput, ADMIN_ACTOR);
      },
      201,
    ),
  );
  router.get(
    '/vendors/:id',
    handle(logger, 'show', (request) => registry.show(vendorId(request))),
  );
  router.patch(
    '/vendors/:id',
    handle(logger, 'update', (request) => {
      requireJsonBody(request);
      const body = parse(UpdateVendorBodySchema, request.body, 'The change');
      return registry.update(vendorId(request), body as VendorUpdate, ADMIN_ACTOR);
    }),
  );
  router.put(
    '/vendors/:id/credentials',
    handle(logger, 'set-credentials', (request) => {
      requireJsonBody(request);
      const body = parse(CredentialsBodySchema, request.body, 'The credentials');
      return registry.setCredentials(vendorId(request), body, ADMIN_ACTOR);
    }),
  );
  router.post(
    '/vendors/:id/verify',
    handle(logger, 'verify', (request) => registry.verify(vendorId(request), ADMIN_ACTOR)),
  );
  router.post(
    '/vendors/:id/go-live',
    handle(logger, 'go-live', (request) => registry.goLive(vendorId(request), ADMIN_ACTOR)),
  );
  router.post(
    '/vendors/:id/suspend',
    handle(logger, 'suspend', (request) => {
      requireJsonBody(request, true);
      const body = parse(SuspendBodySchema, request.body, 'The suspension');
      return registry.suspend(vendorId(request), ADMIN_ACTOR, body.reason);
    }),
  );
  router.get(
    '/vendors/:id/audit',
    handle(logger, 'audit', (request) => registry.audit(vendorId(request))),
  );
  router.post(
    '/keys/rotate',
    handle(logger, 'rotate-keys', () => registry.rotateKeys(ADMIN_ACTOR)),
  );
  router.use((_request, response) => {
    sendAdminError(response, {
      status: 404,
      code: 'not_found',
      message: 'No admin route matches this method and path; see the README for the routes.',
    });
  });
  app.use('/admin', router);
  logger.info('Admin API is on at /admin');
  return authenticate;
}

/** Returns the rows of a JSON import body; no parsed body means an unsupported content type. */
function jsonImportRows(request: Request): unknown[] {
  if (request.body === undefined) {
    throw new BodyError({
      status: 415,
      code: 'invalid',
      message:
        'The import body must be JSON sent with Content-Type: application/json, or YAML sent ' +
        `with Content-Type: ${YAML_TYPES.join(', ')}${contentTypeNote(request)}.`,
    });
  }
  const result = ImportBodySchema.safeParse(request.body);
  if (!result.success) {
    throw new BodyError({
      status: 400,
      code: 'invalid',
      message:
        'The import body must be a JSON list of vendors, or an object with a "vendors" list.',
    });
  }
  return Array.isArray(result.data) ? result.data : result.data.vendors;
}

function parseYamlBody(text: string): unknown[] {
  try {
    return parseImportText(text, 'The import body', '.yaml');
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new BodyError({ status: 400, code: 'invalid', message: error.message });
    }
    throw error;
  }
}
