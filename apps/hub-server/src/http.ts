import type { Server } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { mountAdminApi, type AdminApiOptions } from './admin/admin-routes.js';
import { sendAdminError } from './admin/admin-responses.js';
import { ConfigError } from './config.js';
import { HealthCheckError } from './health.js';
import { mountPaymentRoutes, type PaymentRoutesOptions } from './payments/payment-routes.js';

/** Settings and callbacks of the HTTP front end. */
export interface HttpServerOptions {
  host: string;
  port: number;
  allowedHosts: string[] | undefined;
  logger: Logger;
  /** Returns a fresh MCP server; stateless Streamable HTTP needs one per request. */
  createMcpServer: () => McpServer;
  /**
   * Body of `GET /healthz`; a rejection returns 503, with the message as the reason when it
   * is a {@link HealthCheckError}.
   */
  health: () => Promise<Record<string, unknown>>;
  /** The admin API under `/admin`; without it, `/admin` is not served at all. */
  admin?: Omit<AdminApiOptions, 'logger'>;
  /** Stripe webhooks and Checkout return pages; without it, they answer 404 as payments are off. */
  payments?: Omit<PaymentRoutesOptions, 'logger'>;
}

function jsonRpcError(code: number, message: string) {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}

/**
 * Starts the stateless Streamable HTTP endpoint at `/mcp`, `GET /healthz`, the admin API and
 * the payment routes. Host-header validation rejects names outside `allowedHosts` (the
 * loopback names by default) on every route except the payment routes, which come first.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<Server> {
  const { logger } = options;
  // The Host check guards against DNS rebinding: a web page whose name resolves to this
  // server must not reach the tools or the admin API. Stripe's webhooks name the public host,
  // which HUB_ALLOWED_HOSTS need not list, and are authenticated by their signature; the
  // return pages are static. So the payment routes are served before the check.
  const root = express();
  mountPaymentRoutes(root, {
    receiver: options.payments?.receiver ?? (() => undefined),
    logger,
  });
  const app = createMcpExpressApp({
    host: options.host,
    ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
  });

  app.get('/healthz', async (_request, response) => {
    try {
      response.json({ status: 'ok', ...(await options.health()) });
    } catch (error) {
      if (error instanceof HealthCheckError) {
        response.status(503).json({ status: 'unavailable', reason: error.message });
        return;
      }
      logger.error({ err: error }, 'Health check failed');
      response.status(503).json({ status: 'unavailable', reason: 'The health check failed.' });
    }
  });

  app.post('/mcp', async (request, response) => {
    const server = options.createMcpServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(request, response, request.body);
    } catch (error) {
      logger.error({ err: error }, 'MCP request failed');
      if (!response.headersSent) {
        response.status(500).json(jsonRpcError(-32603, 'Internal server error'));
      }
    }
  });

  const notAllowed = (_request: Request, response: Response) => {
    response
      .status(405)
      .set('Allow', 'POST')
      .json(jsonRpcError(-32000, 'Method not allowed: this server is stateless; use POST.'));
  };
  app.all('/mcp', notAllowed);

  const adminGuard = options.admin ? mountAdminApi(app, { ...options.admin, logger }) : undefined;

  // Bodies that express.json() rejects (malformed JSON, over its 100 kB limit) get a JSON-RPC
  // error. Express's own handler would answer with an HTML stack trace and print the body,
  // which may hold a family's answers, to stderr.
  app.use((error: BodyError, request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) return next(error);
    const status = error.status ?? error.statusCode ?? 500;
    logger.warn({ status, type: error.type, path: request.path }, 'Rejected an HTTP request body');
    // Express matches the `/admin` mount point in any letter case, so this check does too.
    const path = request.path.toLowerCase();
    if (adminGuard && (path === '/admin' || path.startsWith('/admin/'))) {
      adminGuard(request, response, () => sendAdminError(response, adminBodyError(status)));
      return;
    }
    if (status === 413) {
      response.status(413).json(jsonRpcError(-32600, 'Request body too large.'));
    } else if (status === 415) {
      response
        .status(415)
        .json(jsonRpcError(-32600, 'Unsupported body: send UTF-8 JSON, uncompressed or gzip.'));
    } else if (status === 400) {
      response.status(400).json(jsonRpcError(-32700, 'Parse error: the body is not valid JSON.'));
    } else {
      response.status(status).json(jsonRpcError(-32603, 'Internal server error'));
    }
  });

  root.use(app);

  return await new Promise((resolve, reject) => {
    const server = root.listen(options.port, options.host, (error?: Error) => {
      if (error) reject(listenError(error, options));
      else resolve(server);
    });
    server.on('error', (error) => reject(listenError(error, options)));
  });
}

/** Returns the admin API's error for a body that the body parsers rejected. */
function adminBodyError(status: number) {
  if (status === 413) {
    return {
      status,
      code: 'invalid',
      message: 'Request body too large: import big files with the CLI.',
    };
  }
  if (status === 400) {
    return { status, code: 'invalid', message: 'The body is not valid JSON.' };
  }
  if (status === 415) {
    return { status, code: 'invalid', message: 'Unsupported body: send UTF-8 JSON or YAML.' };
  }
  return { status, code: 'internal', message: 'Internal error; the server log has the details.' };
}

/** An error of the JSON body parser; `type` is e.g. `entity.parse.failed`. */
interface BodyError extends Error {
  status?: number;
  statusCode?: number;
  type?: string;
}

/** Converts a busy port or a foreign address into a configuration error that names the fix. */
function listenError(error: Error, options: HttpServerOptions): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new ConfigError(
      `Port ${options.port} on ${options.host} is already in use: stop the other process or ` +
        'set PORT to a free port (PORT=0 picks one).',
    );
  }
  if (code === 'EADDRNOTAVAIL') {
    return new ConfigError(`HOST ${options.host} is not an address of this machine: fix HOST.`);
  }
  return error;
}
