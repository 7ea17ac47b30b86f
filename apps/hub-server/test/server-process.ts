import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** The built server; `npm test` builds it before running the tests. */
export const SERVER_ENTRY = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** A hub-server child process serving HTTP on a free loopback port. */
export interface RunningServer {
  /** The MCP endpoint, e.g. http://127.0.0.1:41234/mcp. */
  url: string;
  /** Every line the process wrote to stdout and stderr so far. */
  output: string[];
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the built hub-server with the given arguments and environment on port 0, and waits
 * until it logs its MCP URL.
 */
export async function startServer(
  args: string[],
  environment: Record<string, string>,
): Promise<RunningServer> {
  if (!existsSync(SERVER_ENTRY)) {
    throw new Error(`${SERVER_ENTRY} is missing: run "npm run build" first.`);
  }
  const child = spawn(process.execPath, [SERVER_ENTRY, ...args], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Server did not start:\n${output.join('\n')}`)),
      30_000,
    );
    const onLine = (line: string) => {
      output.push(line);
      const match = /"url":"(http:\/\/[^"]+\/mcp)"/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        lines.forEach(onLine);
      });
    }
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Server exited with ${code} before it started:\n${output.join('\n')}`));
    });
  });

  return {
    url,
    output,
    process: child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Connects an MCP SDK client over Streamable HTTP. */
export async function connectClient(url: string): Promise<Client> {
  const client = new Client({ name: 'hub-server-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}
