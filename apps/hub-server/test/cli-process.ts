import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SERVER_ENTRY } from './server-process.js';

/** Exit code and output of one CLI run. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Login name the CLI runs under in tests; the audit actor is `cli:` plus this. */
export const CLI_USER = 'test-operator';

/**
 * Runs `signupassist-hub ARGS` from the built dist with the given environment and, when
 * given, `stdin` as standard input.
 */
export async function runCli(
  args: string[],
  environment: Record<string, string>,
  stdin?: string,
): Promise<CliResult> {
  if (!existsSync(SERVER_ENTRY)) {
    throw new Error(`${SERVER_ENTRY} is missing: run "npm run build" first.`);
  }
  const child = spawn(process.execPath, [SERVER_ENTRY, ...args], {
    env: { PATH: process.env.PATH ?? '', USER: CLI_USER, ...environment },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(stdin ?? '');
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  return { code, stdout, stderr };
}
