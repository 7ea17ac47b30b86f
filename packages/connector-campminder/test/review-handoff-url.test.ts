import type { RegistrationDetails } from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import { registrationUrlFor } from '../src/index.js';

const registration: RegistrationDetails = {
  programId: 'group-11',
  sessionId: '1002-501',
  guardian: { firstName: 'Dana', lastName: 'Neil', email: 'dana+camp@example.com' },
  participants: [
    {
      category: 'camper',
      answers: { firstName: 'Ari', lastName: 'Neil', birthDate: '2016-05-02' },
    },
  ],
};
const booking = { campSessionId: 1002, campProgramId: 501, reference: 'SAUYVI2VJI35JMYY6L' };

describe('campminder hand-off URL of an unusual template', () => {
  it('keeps the fixed query as written when it prefills', () => {
    const url = registrationUrlFor(
      {
        registrationUrl: 'https://camp.example/app?embed&form=App%2FCamper&x=a%20b;c&s={sessionId}',
        prefill: true,
      },
      booking,
      registration,
    );
    expect(
      url.startsWith('https://camp.example/app?embed&form=App%2FCamper&x=a%20b;c&s=1002&'),
    ).toBe(true);
    const params = new URL(url).searchParams;
    expect(params.get('guardianEmail')).toBe('dana+camp@example.com');
    expect(params.get('camper1FirstName')).toBe('Ari');
  });

  it('puts prefill parameters before the fragment', () => {
    const url = registrationUrlFor(
      { registrationUrl: 'https://camp.example/app?s={sessionId}#start', prefill: true },
      booking,
      registration,
    );
    const parsed = new URL(url);
    expect(parsed.hash).toBe('#start');
    expect(parsed.searchParams.get('s')).toBe('1002');
    expect(parsed.searchParams.get('guardianLastName')).toBe('Neil');
  });

  it('encodes a space of the template without prefill', () => {
    const url = registrationUrlFor(
      { registrationUrl: 'https://camp.example/app?x=a b&s={sessionId}', prefill: false },
      booking,
      registration,
    );
    expect(url).toBe('https://camp.example/app?x=a%20b&s=1002');
  });
});
