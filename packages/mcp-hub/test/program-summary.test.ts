import type { Session } from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import type { ProgramDetails } from '../src/catalog.js';
import { programSummary } from '../src/mcp/summaries.js';

function session(id: string, amountMinor?: number, currency = 'USD'): Session {
  return {
    id,
    programId: 'group-11',
    vendorId: 'pine-lake-camp',
    start: '2027-06-28T09:00:00-04:00',
    end: '2027-07-09T16:00:00-04:00',
    timeZone: 'America/New_York',
    availability: { status: 'open' },
    ...(amountMinor === undefined ? {} : { price: { amountMinor, currency } }),
  };
}

function details(sessions: Session[]): ProgramDetails {
  return {
    vendor: { id: 'pine-lake-camp', displayName: 'Pine Lake Camp' },
    program: {
      id: 'group-11',
      vendorId: 'pine-lake-camp',
      title: 'Overnight camp',
      timeZone: 'America/New_York',
      bookingMode: 'handoff',
    },
    sessions,
  } as ProgramDetails;
}

describe('programSummary prices', () => {
  it('states one price when all sessions agree', () => {
    const text = programSummary(details([session('1', 42500), session('2', 42500)]));

    expect(text).toContain('Price per participant: $425.00.');
  });

  it('states the range when sessions differ', () => {
    const text = programSummary(
      details([session('1', 790000), session('2', 425000), session('3')]),
    );

    expect(text).toContain(
      'Price per participant: $4,250.00 to $7,900.00, depending on the session.',
    );
  });

  it('leaves the price out when no session has one', () => {
    expect(programSummary(details([session('1')]))).not.toContain('Price per participant');
  });
});
