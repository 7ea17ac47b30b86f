import { ConnectorError } from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import { familyError } from '../src/family-errors.js';

describe('familyError with vendor contact details', () => {
  it('names every channel of an unsupported error', () => {
    const error = new ConnectorError('unsupported', 'CampMinder has no cancel endpoint.', {
      contact: { name: 'the camp office', email: 'office@pinelake.example', phone: '+1 555 0100' },
    });

    const family = familyError(error, 'Pine Lake Camp');

    expect(family.message).toBe(
      'Pine Lake Camp does not support this through the hub. Contact the camp office at Pine ' +
        'Lake Camp: email office@pinelake.example or call +1 555 0100.',
    );
    expect(family.contact).toEqual(error.contact);
    expect(family.cause).toBe(error);
  });

  it('keeps the generic text without channels', () => {
    const error = new ConnectorError('unsupported', 'No cancel endpoint.', {
      contact: { name: 'the camp office' },
    });

    expect(familyError(error, 'Pine Lake Camp').message).toBe(
      'Pine Lake Camp does not support this through the hub. Contact Pine Lake Camp directly.',
    );
  });

  it('ignores contact details on set-up errors', () => {
    const error = new ConnectorError('unsupported', 'Bad config.', {
      contact: { email: 'office@pinelake.example' },
    });

    expect(familyError(error, 'Pine Lake Camp', 'setup').message).not.toContain('office@');
  });
});
