import type { FamilyRegistration } from './registrations.js';

/** Most campers one portal registration takes, as the connector's form allows. */
export const MAX_PORTAL_CAMPERS = 6;

/** Path of the camp's registration page, after the sandbox's origin. */
export const PORTAL_PATH = '/portal/register';

/** The session part of a portal URL: `client`, `session`, `program` and `ref`. */
export interface PortalTarget {
  clientId?: number;
  sessionId: number;
  programId: number | null;
  reference: string;
}

function optionalText(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name)?.trim();
  return value ? value : undefined;
}

function requiredText(params: URLSearchParams, name: string, description: string): string {
  const value = optionalText(params, name);
  if (value === undefined) throw new RangeError(`Missing ${name}: give ${description}.`);
  return value;
}

/**
 * Reads the session of a portal request. `session` is a CampMinder session id or a canonical
 * `<SessionID>-<ProgramID>` id; `program` is a program id or empty. Throws a RangeError naming
 * the parameter and the fix.
 */
export function readPortalTarget(params: URLSearchParams): PortalTarget {
  const sessionText = requiredText(params, 'session', 'the CampMinder session id');
  const sessionMatch = /^(\d+)(?:-(\d+))?$/.exec(sessionText);
  if (!sessionMatch) {
    throw new RangeError(
      `Invalid session "${sessionText}": give a CampMinder session id such as 1002.`,
    );
  }
  const programText = optionalText(params, 'program') ?? sessionMatch[2];
  if (programText !== undefined && !/^\d+$/.test(programText)) {
    throw new RangeError(`Invalid program "${programText}": give a CampMinder program id or ''.`);
  }
  if (sessionMatch[2] !== undefined && programText !== sessionMatch[2]) {
    throw new RangeError(
      `Invalid program "${programText}": session "${sessionText}" names program ` +
        `${sessionMatch[2]}.`,
    );
  }
  const clientText = optionalText(params, 'client');
  if (clientText !== undefined && !/^\d+$/.test(clientText)) {
    throw new RangeError(`Invalid client "${clientText}": give the camp's client id.`);
  }
  return {
    ...(clientText === undefined ? {} : { clientId: Number(clientText) }),
    sessionId: Number(sessionMatch[1]),
    programId: programText === undefined ? null : Number(programText),
    reference: requiredText(params, 'ref', 'the reference of the hand-off'),
  };
}

/** Prefilled or submitted answers of the portal form, each possibly blank. */
export interface PortalAnswers {
  guardian: { firstName?: string; lastName?: string; email?: string; phone?: string };
  campers: { firstName?: string; lastName?: string; birthDate?: string }[];
}

/**
 * Reads the guardian and camper answers: `guardianFirstName`, `guardianLastName`,
 * `guardianEmail`, `guardianPhone`, and `camper<i>FirstName`, `camper<i>LastName`,
 * `camper<i>BirthDate` for i from 1 up to the first i without a name.
 */
export function readPortalAnswers(params: URLSearchParams): PortalAnswers {
  const campers: PortalAnswers['campers'] = [];
  for (let index = 1; index <= MAX_PORTAL_CAMPERS; index += 1) {
    const firstName = optionalText(params, `camper${index}FirstName`);
    const lastName = optionalText(params, `camper${index}LastName`);
    if (firstName === undefined && lastName === undefined) break;
    const birthDate = optionalText(params, `camper${index}BirthDate`);
    campers.push({ firstName, lastName, birthDate });
  }
  return {
    guardian: {
      firstName: optionalText(params, 'guardianFirstName'),
      lastName: optionalText(params, 'guardianLastName'),
      email: optionalText(params, 'guardianEmail'),
      phone: optionalText(params, 'guardianPhone'),
    },
    campers,
  };
}

/**
 * Reads a complete registration from portal parameters. Throws a RangeError naming the
 * missing or invalid parameter. A hand-off URL carries the guardian's details only when the
 * vendor config sets `prefill: true`, else the family types them into the form.
 */
export function readFamilyRegistration(params: URLSearchParams): FamilyRegistration {
  const target = readPortalTarget(params);
  const answers = readPortalAnswers(params);
  const hint = 'the portal form, or the prefilled hand-off URL, must carry it';
  const guardian = {
    firstName: requiredText(params, 'guardianFirstName', `the guardian's first name: ${hint}`),
    lastName: requiredText(params, 'guardianLastName', `the guardian's last name: ${hint}`),
    email: requiredText(params, 'guardianEmail', `the guardian's email: ${hint}`),
    ...(answers.guardian.phone ? { phone: answers.guardian.phone } : {}),
  };
  if (answers.campers.length === 0) {
    throw new RangeError(`Missing camper1FirstName and camper1LastName: ${hint}.`);
  }
  const campers = answers.campers.map((camper, index) => {
    const prefix = `camper${index + 1}`;
    if (!camper.firstName || !camper.lastName) {
      throw new RangeError(`Missing ${prefix}FirstName or ${prefix}LastName: give both names.`);
    }
    if (camper.birthDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(camper.birthDate)) {
      throw new RangeError(
        `Invalid ${prefix}BirthDate "${camper.birthDate}": give a date as YYYY-MM-DD.`,
      );
    }
    return {
      firstName: camper.firstName,
      lastName: camper.lastName,
      ...(camper.birthDate ? { birthDate: camper.birthDate } : {}),
    };
  });
  return { ...target, guardian, campers };
}
