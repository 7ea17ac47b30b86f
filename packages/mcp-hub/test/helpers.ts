import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '@signupassist/contract';
import type { HubLogger } from '../src/index.js';

/** A clock that moves only when `advance` is called. */
export class FakeClock implements Clock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** One entry written to a {@link RecordingLogger}. */
export interface LogEntry {
  level: string;
  fields: Record<string, unknown>;
  message: string;
}

/** A logger that keeps every entry, so tests can check what was (and was not) logged. */
export class RecordingLogger implements HubLogger {
  readonly entries: LogEntry[] = [];

  debug(fields: Record<string, unknown>, message: string): void {
    this.entries.push({ level: 'debug', fields, message });
  }

  info(fields: Record<string, unknown>, message: string): void {
    this.entries.push({ level: 'info', fields, message });
  }

  warn(fields: Record<string, unknown>, message: string): void {
    this.entries.push({ level: 'warn', fields, message });
  }

  error(fields: Record<string, unknown>, message: string): void {
    this.entries.push({ level: 'error', fields, message });
  }

  /** Everything logged, as one string to search for leaked values. */
  text(): string {
    return JSON.stringify(this.entries);
  }
}

/** Creates a temporary directory and returns it with a function that removes it. */
export function temporaryDirectory(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'mcp-hub-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Opens a better-sqlite3 connection for checks outside the ledger. */
export function openRawDatabase(
  path: string,
  options?: Database.Options,
): { db: Database.Database; prepare: (sql: string) => Database.Statement } {
  const db = new Database(path, options);
  return { db, prepare: (sql) => db.prepare(sql) };
}

/** Polls `condition` every 20 ms until it holds, or throws after `timeoutMs` of real time. */
export async function waitUntil(
  condition: () => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
