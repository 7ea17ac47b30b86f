import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createHealthCheck, HealthCheckError } from '../src/health.js';

/** Creates a pino logger whose JSON lines are collected in `lines`. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('createHealthCheck', () => {
  it('logs failures at most once a minute', async () => {
    const { logger, lines } = capturingLogger();
    let clock = 0;
    let healthy = false;
    const check = createHealthCheck({
      logger,
      now: () => clock,
      probeStorage: async () => {
        if (!healthy) throw new Error('connection refused');
      },
      details: async () => ({ vendors: 2 }),
    });

    for (let second = 0; second < 90; second += 10) {
      clock = second * 1_000;
      await expect(check()).rejects.toBeInstanceOf(HealthCheckError);
    }
    const failures = lines.filter(
      (line) => line.msg === 'Health check failed: storage is unavailable',
    );
    expect(failures).toHaveLength(2);
    expect(failures[0]?.failuresNotLogged).toBe(0);
    expect(failures[1]?.failuresNotLogged).toBe(5);

    healthy = true;
    expect(await check()).toEqual({ vendors: 2 });
    expect(await check()).toEqual({ vendors: 2 });
    const recoveries = lines.filter(
      (line) => line.msg === 'Health check passed again: storage is available',
    );
    expect(recoveries).toHaveLength(1);
  });

  it('rejects a query that times out', async () => {
    const { logger } = capturingLogger();
    const check = createHealthCheck({
      logger,
      timeoutMs: 20,
      probeStorage: () => new Promise(() => {}),
      details: async () => ({}),
    });

    await expect(check()).rejects.toThrow('The storage query timed out after 20 ms.');
  });
});
