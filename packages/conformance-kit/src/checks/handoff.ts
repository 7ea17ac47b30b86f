import {
  BookingReceiptSchema,
  type BookingReceipt,
  type RegistrationDetails,
  type ResolvedManifest,
} from '@signupassist/contract';
import type { SandboxTarget } from '@signupassist/contract/testing';
import type { CheckContext } from '../check-context.js';
import { ensure, fail, type ConformanceCheck } from '../check.js';

function handsOff(manifest: ResolvedManifest): boolean {
  return manifest.capabilities.book === 'handoff';
}

function handoffTarget(context: CheckContext): SandboxTarget {
  const scenario = context.environment.scenario;
  return scenario?.handoff ?? context.target('bookable');
}

async function bookHandoff(
  context: CheckContext,
): Promise<{ receipt: BookingReceipt; registration: RegistrationDetails }> {
  const request = await context.registration(handoffTarget(context), context.newKey('handoff'));
  const value = await context.expectSuccess('book', (connectorContext) =>
    context.connector.book(connectorContext, request),
  );
  const receipt = context.parse(BookingReceiptSchema, value, 'The hand-off receipt');
  ensure(
    receipt.status === 'handoff_required',
    `book returned status "${receipt.status}" from a connector whose manifest declares book ` +
      '"handoff"; expected "handoff_required".',
  );
  ensure(
    receipt.handoff?.url && receipt.handoff.reference,
    'book returned a handoff_required receipt without handoff.url and handoff.reference, so ' +
      'the family has nowhere to finish the registration.',
  );
  const registration: RegistrationDetails = {
    programId: request.programId,
    sessionId: request.sessionId,
    guardian: request.guardian,
    participants: request.participants,
    ...(request.booking ? { booking: request.booking } : {}),
  };
  return { receipt, registration };
}

const receiptCheck: ConformanceCheck = {
  id: 'handoff.receipt',
  title: 'book returns a handoff_required receipt with the URL where the family registers',
  level: 'handoff',
  writes: true,
  appliesTo: handsOff,
  async run(context) {
    const { receipt } = await bookHandoff(context);
    ensure(
      /^https?:$/.test(new URL(receipt.handoff!.url).protocol),
      `The hand-off URL "${receipt.handoff!.url}" is not an http or https URL.`,
    );
  },
};

/** Statuses of a hand-off the family has not finished yet, as the failure message names them. */
const OPEN_HANDOFF_STATUSES: readonly string[] = ['handoff_required', 'pending'];

async function readHandoff(
  context: CheckContext,
  bookingId: string,
  registration: RegistrationDetails,
): Promise<BookingReceipt> {
  const value = await context.expectSuccess('getBooking', (connectorContext) =>
    context.connector.getBooking(connectorContext, { bookingId, registration }),
  );
  return context.parse(BookingReceiptSchema, value, 'The getBooking receipt');
}

const statusReadBack: ConformanceCheck = {
  id: 'handoff.status-read-back',
  title: 'getBooking reads back the status once the family finished the hand-off',
  level: 'handoff',
  writes: true,
  needsSandbox: true,
  appliesTo: handsOff,
  async run(context) {
    const sandbox = context.sandbox();
    if (!sandbox.completeHandoff) {
      fail(
        'The sandbox has no completeHandoff(), so the kit cannot play the family finishing the ' +
          "provider's form. Add it to the connector's conformance sandbox.",
      );
    }
    const { receipt, registration } = await bookHandoff(context);
    const before = await readHandoff(context, receipt.bookingId, registration);
    ensure(
      OPEN_HANDOFF_STATUSES.includes(before.status),
      `getBooking("${receipt.bookingId}") reports status "${before.status}" before the family ` +
        'completed the hand-off; expected "handoff_required" or "pending".',
    );
    await sandbox.completeHandoff(receipt.handoff!, 'confirmed');

    const readBack = await readHandoff(context, receipt.bookingId, registration);
    ensure(
      readBack.status === 'confirmed',
      `getBooking("${receipt.bookingId}") reports status "${readBack.status}" after the family ` +
        'completed the hand-off; expected "confirmed".',
    );
  },
};

/** Checks of hand-off registration. */
export const handoffChecks: ConformanceCheck[] = [receiptCheck, statusReadBack];
