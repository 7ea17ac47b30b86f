import { ConnectorError } from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import { errorSummary } from '../src/mcp/summaries.js';

describe('errorSummary', () => {
  it('adds a retry hint to retryable errors', () => {
    const error = new ConnectorError('conflict', 'A booking is in progress.', { retryable: true });
    expect(errorSummary(error)).toBe(
      'A booking is in progress. Trying again in a moment may work.',
    );
  });

  it('gives one retry hint, not two', () => {
    const error = new ConnectorError(
      'provider_unavailable',
      "Riverside Swim School's booking system could not be reached. Try again in a few minutes.",
    );
    expect(errorSummary(error)).not.toContain('Trying again in a moment');
  });

  it('lists each bad field', () => {
    const error = new ConnectorError('invalid_fields', 'One answer needs fixing.', {
      fields: [{ path: 'guardian.email', message: 'Email is required' }],
    });
    expect(errorSummary(error)).toBe(
      'One answer needs fixing. Fix: guardian.email: Email is required.',
    );
  });
});
