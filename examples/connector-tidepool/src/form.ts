import type { FormField, RegistrationForm } from '@signupassist/contract';
import { tidepoolProgramSchema, type TidepoolProgram } from './api.js';
import type { TidepoolClient } from './client.js';

/** Id of the one participant category: Tidepool books swimmers only. */
export const SWIMMER_CATEGORY = 'swimmer';

/** Reads a program and returns the registration form its questions make up. */
export async function getRegistrationForm(
  client: TidepoolClient,
  target: { programId: string; sessionId?: string },
): Promise<RegistrationForm> {
  const program = await client.send({
    method: 'GET',
    path: `/programs/${encodeURIComponent(target.programId)}`,
    endpoint: 'GET /programs/{id}',
    schema: tidepoolProgramSchema,
    retry: 'safe',
  });
  return toForm(program, target.sessionId);
}

function toField(question: TidepoolProgram['questions'][number]): FormField {
  const scope = question.appliesTo === 'guardian' ? 'guardian' : 'participant';
  const base = {
    key: question.id,
    label: question.label,
    scope,
    required: question.required,
  } as const;
  if (question.kind !== 'choice') return { ...base, type: question.kind };

  const options = (question.choices ?? []).map((choice) => ({ value: choice, label: choice }));
  return { ...base, type: 'select', options };
}

/** Maps a Tidepool program's questions and swimmer limits to a registration form. */
export function toForm(program: TidepoolProgram, sessionId?: string): RegistrationForm {
  const { min, max } = program.swimmersPerBooking;
  return {
    programId: program.id,
    ...(sessionId === undefined ? {} : { sessionId }),
    fields: program.questions.map(toField),
    participantCategories: [
      {
        id: SWIMMER_CATEGORY,
        label: 'Swimmer',
        min,
        max,
        ...(program.ages
          ? { ageRange: { minYears: program.ages.min, maxYears: program.ages.max } }
          : {}),
      },
    ],
    minParticipants: min,
    maxParticipants: max,
  };
}
