import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { connectorLogger } from '../src/logging.js';

/** A pino logger that keeps each JSON line it writes. */
function recordingPino() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').trim().split('\n'));
      done();
    },
  });
  return { logger: pino({ base: null, timestamp: false }, stream), lines };
}

/** Counts how often `"key":` occurs in a JSON line. */
function keyCount(line: string, key: string): number {
  return line.split(`"${key}":`).length - 1;
}

const bindings = {
  vendorId: 'pine-lake-camp',
  connectorId: 'campminder',
  operation: 'listPrograms',
  requestId: 'req-1',
};

describe('connectorLogger', () => {
  it('drops fields repeating a bound value', () => {
    const { logger, lines } = recordingPino();

    connectorLogger(logger, bindings).info(
      {
        vendor: 'pine-lake-camp',
        connector: 'campminder',
        operation: 'listPrograms',
        requestId: 'req-1',
        pages: 2,
      },
      'Sessions listed',
    );

    const line = lines[0]!;
    for (const key of ['vendorId', 'connectorId', 'operation', 'requestId']) {
      expect(keyCount(line, key)).toBe(1);
    }
    expect(keyCount(line, 'vendor')).toBe(0);
    expect(keyCount(line, 'connector')).toBe(0);
    expect(JSON.parse(line)).toMatchObject({ ...bindings, pages: 2, msg: 'Sessions listed' });
  });

  it('keeps a differing value under a prefixed name', () => {
    const { logger, lines } = recordingPino();

    connectorLogger(logger, bindings).warn({ operation: 'GET /sessions' }, 'Retrying');

    const entry = JSON.parse(lines[0]!);
    expect(entry.operation).toBe('listPrograms');
    expect(entry.connectorOperation).toBe('GET /sessions');
    expect(keyCount(lines[0]!, 'operation')).toBe(1);
  });

  it('passes fields the host does not bind', () => {
    const { logger, lines } = recordingPino();

    connectorLogger(logger, { vendorId: 'v' }).error({ operation: 'book', status: 503 }, 'Failed');

    expect(JSON.parse(lines[0]!)).toMatchObject({ vendorId: 'v', operation: 'book', status: 503 });
  });
});
