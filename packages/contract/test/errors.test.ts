import { describe, expect, it } from 'vitest';
import {
  CONNECTOR_ERROR_CODES,
  ConnectorError,
  isConnectorError,
  isConnectorErrorCode,
} from '../src/index.js';

describe('ConnectorError', () => {
  it('carries code, retry advice and fields', () => {
    const error = new ConnectorError('invalid_fields', 'Some answers are invalid.', {
      fields: [{ path: 'guardian.email', message: 'Email is required' }],
      vendorId: 'swim',
    });
    expect(error.code).toBe('invalid_fields');
    expect(error.retryable).toBe(false);
    expect(error.fields).toHaveLength(1);
    expect(error).toBeInstanceOf(Error);
    expect(error.toJSON()).toEqual({
      name: 'ConnectorError',
      code: 'invalid_fields',
      message: 'Some answers are invalid.',
      retryable: false,
      fields: [{ path: 'guardian.email', message: 'Email is required' }],
      vendorId: 'swim',
    });
  });

  it('marks transient codes retryable by default', () => {
    expect(new ConnectorError('rate_limited', 'x', { retryAfterMs: 2000 }).retryable).toBe(true);
    expect(new ConnectorError('provider_unavailable', 'x').retryable).toBe(true);
    expect(new ConnectorError('timeout', 'x').retryable).toBe(true);
    expect(new ConnectorError('sold_out', 'x').retryable).toBe(false);
    expect(new ConnectorError('sold_out', 'x', { retryable: true }).retryable).toBe(true);
  });

  it('keeps the cause out of toJSON', () => {
    const error = new ConnectorError('timeout', 'Timed out.', { cause: new Error('secret body') });
    expect(error.cause).toBeInstanceOf(Error);
    expect(JSON.stringify(error)).not.toContain('secret body');
  });
});

describe('isConnectorError', () => {
  it('accepts instances', () => {
    expect(isConnectorError(new ConnectorError('not_found', 'x'))).toBe(true);
  });

  it('accepts an error branded by another copy of the package', () => {
    const foreign = new Error('from another copy');
    Object.defineProperty(foreign, Symbol.for('@signupassist/contract/ConnectorError'), {
      value: true,
    });
    expect(isConnectorError(foreign)).toBe(true);
  });

  it('rejects look-alikes', () => {
    expect(isConnectorError(new Error('x'))).toBe(false);
    expect(isConnectorError({ code: 'not_found', message: 'x' })).toBe(false);
    expect(isConnectorError(null)).toBe(false);
    expect(isConnectorError('not_found')).toBe(false);
  });

  it('knows every code', () => {
    expect(CONNECTOR_ERROR_CODES).toHaveLength(15);
    expect(isConnectorErrorCode('idempotency_mismatch')).toBe(true);
    expect(isConnectorErrorCode('teapot')).toBe(false);
  });
});
