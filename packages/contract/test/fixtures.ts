import type { RegistrationForm } from '../src/index.js';

/** A form with every field type, used by the form tests. */
export const swimForm: RegistrationForm = {
  programId: 'swim-101',
  sessionId: 'swim-101_202607061000',
  fields: [
    { key: 'firstName', label: 'First name', scope: 'guardian', type: 'text', required: true },
    { key: 'email', label: 'Email', scope: 'guardian', type: 'email', required: true },
    { key: 'phone', label: 'Phone', scope: 'guardian', type: 'phone', required: false },
    {
      key: 'childName',
      label: 'Child name',
      scope: 'participant',
      type: 'text',
      required: true,
      constraints: { maxLength: 40 },
    },
    { key: 'birthDate', label: 'Birth date', scope: 'participant', type: 'date', required: true },
    {
      key: 'swimLevel',
      label: 'Swim level',
      scope: 'participant',
      type: 'select',
      required: true,
      options: [
        { value: 'beginner', label: 'Beginner' },
        { value: 'advanced', label: 'Advanced' },
      ],
    },
    {
      key: 'allergies',
      label: 'Allergies',
      scope: 'participant',
      type: 'multiselect',
      required: false,
      options: [
        { value: 'nuts', label: 'Nuts' },
        { value: 'latex', label: 'Latex' },
      ],
    },
    { key: 'photos', label: 'Photo consent', scope: 'booking', type: 'boolean', required: true },
    {
      key: 'siblings',
      label: 'Siblings enrolled',
      scope: 'booking',
      type: 'number',
      required: false,
      constraints: { min: 0, max: 5, integer: true },
    },
  ],
  participantCategories: [
    { id: 'Cchildren', label: 'Child', min: 1, max: 3, ageRange: { minYears: 5, maxYears: 8 } },
  ],
  minParticipants: 1,
  maxParticipants: 3,
};

/** Answers that satisfy {@link swimForm}. */
export const validAnswers = {
  guardian: { firstName: 'Dana', email: 'dana@example.com', phone: '+1 555 010 0199' },
  participants: [
    {
      category: 'Cchildren',
      answers: {
        childName: 'Sam',
        birthDate: '2019-04-02',
        swimLevel: 'beginner',
        allergies: ['nuts'],
      },
    },
  ],
  booking: { photos: true, siblings: 1 },
};
