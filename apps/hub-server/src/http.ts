import type { Server } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';

/** What the HTTP front end needs from the rest of the server. */
export interface HttpServerOptions {
  host: string;
  port: number;
  allowedHosts: string[] | undefined;
  logger: Logger;
  /** Returns a fresh MCP server; stateless Streamable HTTP needs one per request. */
  createMcpServer: () => McpServer;
  /** Body of `GET /healthz`. */
  health: () => Record<string, unknown>;
}

function jsonRpcError(code: number, message: string) {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}

/**
 * Starts the stateless Streamable HTTP endpoint at `/mcp` and `GET /healthz`. Host-header
 * validation rejects names outside `allowedHosts` (the loopback names by default).
 */
export async function startHttpServer(options: HttpServerOptions): Promise<Server> {
  const { logger } = options;
  const app = createMcpExpressApp({
    host: options.host,
    ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
  });

  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok', ...options.health() });
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
  app.get('/mcp', notAllowed);
  app.delete('/mcp', notAllowed);

  return await new Promise((resolve, reject) => {
    const server = app.listen(options.port, options.host, (error?: Error) => {
      if (error) reject(error);
      else resolve(server);
    });
    server.on('error', reject);
  });
}
