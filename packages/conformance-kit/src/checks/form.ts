import { registrationFormToJsonSchema } from '@signupassist/contract';
import type { SandboxTarget } from '@signupassist/contract/testing';
import { generateAnswers, validateWithJsonSchema } from '../answers.js';
import type { CheckContext } from '../check-context.js';
import { ensure, fail, skip, type ConformanceCheck } from '../check.js';
import { bookRequest, expectBookings } from './booking-steps.js';

/** Returns the session whose form is checked: the bookable one, else the first listed session. */
async function formTarget(context: CheckContext): Promise<SandboxTarget> {
  const { live, scenario } = context.environment;
  const named = live?.testSession ?? scenario?.bookable ?? scenario?.handoff;
  if (named) return named;

  const programs = await context.expectSuccess('listPrograms', (connectorContext) =>
    context.connector.listPrograms(connectorContext),
  );
  const program = programs.find((item) => item.bookingMode === 'api') ?? programs[0];
  if (!program) skip('the vendor lists no programs, so there is no form to check');
  return { programId: program.id, sessionId: '' };
}

const jsonSchema: ConformanceCheck = {
  id: 'form.json-schema',
  title: 'The registration form converts to a JSON Schema that generated answers satisfy',
  level: 'catalog',
  writes: false,
  async run(context) {
    const target = await formTarget(context);
    const request = target.sessionId === '' ? { programId: target.programId } : target;
    const form = await context.form(request);
    ensure(
      form.programId === target.programId,
      `getRegistrationForm returned the form of program "${form.programId}"; expected ` +
        `"${target.programId}".`,
    );

    let schema;
    try {
      schema = registrationFormToJsonSchema(form);
    } catch (error) {
      fail(`The form does not convert to JSON Schema: ${(error as Error).message}`);
    }
    const answers = generateAnswers(form, context.now());
    const problems = validateWithJsonSchema(schema, answers);
    ensure(
      problems.length === 0,
      `Answers generated from the form are invalid under its own JSON Schema: ` +
        `${problems.slice(0, 5).join('; ')}. Check the field constraints, patterns and ` +
        'participant limits of the form.',
    );
  },
};

const answersAccepted: ConformanceCheck = {
  id: 'form.answers-accepted',
  title: "The provider accepts a booking with answers valid under the form's JSON Schema",
  level: 'full',
  writes: true,
  async run(context) {
    const target = context.target('bookable');
    const form = await context.form(target);
    const schema = registrationFormToJsonSchema(form);

    // Every field answered, then only the required ones, so that both a full form and a
    // minimal one reach the provider.
    for (const [number, requiredOnly] of [false, true].entries()) {
      const variant = requiredOnly ? 'required fields only' : 'every field';
      const answers = generateAnswers(form, context.now(), { requiredOnly });
      const problems = validateWithJsonSchema(schema, answers);
      ensure(
        problems.length === 0,
        `Answers generated from the form (${variant}) are invalid under its JSON Schema: ` +
          `${problems.slice(0, 5).join('; ')}.`,
      );

      const key = context.newKey(requiredOnly ? 'form-required' : 'form-full');
      await bookRequest(context, { ...target, ...answers, idempotencyKey: key });
      if (context.environment.sandbox) {
        expectBookings(context, target.sessionId, number + 1, `after booking with ${variant}`);
      }
    }
  },
};

/** Checks of the registration form. */
export const formChecks: ConformanceCheck[] = [jsonSchema, answersAccepted];
