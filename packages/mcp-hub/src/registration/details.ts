import type { Program, RegistrationForm, Session } from '@signupassist/contract';
import type { StoredRequest } from '../ledger/types.js';
import type { PreparedDetails } from './view.js';

/** Finds the participant field that contains the first name, by key or label. */
function firstNameKey(form: RegistrationForm): string | undefined {
  return form.fields.find(
    (field) =>
      field.scope === 'participant' &&
      (/^first_?name$/i.test(field.key) || /^first name$/i.test(field.label)),
  )?.key;
}

/** Collects what the family checks before confirming: program, session and participants. */
export function preparedDetails(
  program: Program,
  session: Session | undefined,
  form: RegistrationForm,
  request: StoredRequest,
): PreparedDetails {
  const nameKey = firstNameKey(form);
  const participants = request.participants.map((participant) => {
    const category =
      form.participantCategories.find((entry) => entry.id === participant.category)?.label ??
      participant.category;
    const name = nameKey === undefined ? undefined : participant.answers[nameKey];
    return typeof name === 'string' && name.trim() !== ''
      ? { firstName: name.trim(), category }
      : { category };
  });
  return {
    programTitle: program.title,
    ...(session
      ? { session: { start: session.start, end: session.end, timeZone: session.timeZone } }
      : {}),
    participants,
  };
}
