import type { ConnectorError, RegistrationForm } from '@signupassist/contract';
import type { ProgramDetails } from '../catalog.js';
import type { RegistrationView } from '../registration/view.js';
import type { SearchProgramsResult } from '../search/search-programs.js';
import { paymentStatusSentence, preparedPaymentSentence } from './payment-summary.js';
import { moneyOutput } from './present.js';

/** Sessions named in a program summary; the structured result carries all of them. */
const SESSIONS_IN_TEXT = 5;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Formats a session start for people in its own time zone, e.g. "Sat, Dec 5, 10:00 AM". */
function formatStart(start: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(start));
}

function describeSession(session: ProgramDetails['sessions'][number]): string {
  const when = formatStart(session.start, session.timeZone);
  const { status, seatsLeft } = session.availability;
  if (status !== 'open') return `${when} (${status})`;
  return seatsLeft === undefined ? when : `${when} (${plural(seatsLeft, 'seat')} left)`;
}

/** Summarizes a search in one paragraph. */
export function searchSummary(result: SearchProgramsResult): string {
  const parts: string[] = [...(result.notes ?? [])];
  if (result.programs.length === 0) {
    parts.push('No programs matched. Try broader words, another age or no dates.');
  } else {
    const items = result.programs.map(({ vendor, program, sessions }) => {
      const price = program.fromPrice ? `, from ${moneyOutput(program.fromPrice).formatted}` : '';
      const next = sessions[0]
        ? `, next ${describeSession(sessions[0])}`
        : ', no upcoming sessions';
      return `${program.title} at ${vendor.displayName}${price}${next}`;
    });
    parts.push(`Found ${plural(result.programs.length, 'program')}: ${items.join('; ')}.`);
  }
  if (result.unavailableVendors.length > 0) {
    const names = result.unavailableVendors.map(
      (vendor) => `${vendor.displayName} (${vendor.reason})`,
    );
    parts.push(`Not searched: ${names.join('; ')}`);
  }
  if (result.programs.length > 0) {
    parts.push('Use get_program for all sessions or get_registration_form to start registering.');
  }
  return parts.join(' ');
}

/**
 * States the price per participant: one amount when every priced session costs the same,
 * else the range. Sessions in another currency than the first priced one are left out.
 */
function priceSentence(sessions: ProgramDetails['sessions']): string {
  const prices = sessions.flatMap((session) => (session.price ? [session.price] : []));
  const first = prices[0];
  if (!first) return '';
  const amounts = prices
    .filter((price) => price.currency === first.currency)
    .map((price) => price.amountMinor);
  const low = Math.min(...amounts);
  const high = Math.max(...amounts);
  const format = (amountMinor: number) =>
    moneyOutput({ amountMinor, currency: first.currency }).formatted;
  if (low === high) return ` Price per participant: ${format(low)}.`;
  return ` Price per participant: ${format(low)} to ${format(high)}, depending on the session.`;
}

/** Summarizes a program and its sessions in one paragraph. */
export function programSummary(details: ProgramDetails): string {
  const { program, vendor, sessions } = details;
  const place = program.location?.name ? ` at ${program.location.name}` : '';
  const header = `${program.title} by ${vendor.displayName}${place}.`;
  if (sessions.length === 0) return `${header} No upcoming sessions are listed.`;
  const listed = sessions.slice(0, SESSIONS_IN_TEXT).map(describeSession).join('; ');
  const more =
    sessions.length > SESSIONS_IN_TEXT ? ` and ${sessions.length - SESSIONS_IN_TEXT} more` : '';
  const price = priceSentence(sessions);
  return `${header} Upcoming sessions: ${listed}${more}.${price} Call get_registration_form to see what registration asks for.`;
}

/** Summarizes a registration form in one paragraph. */
export function formSummary(form: RegistrationForm): string {
  const labels = (scope: string) =>
    form.fields
      .filter((field) => field.scope === scope)
      .map((field) => {
        const choices = field.options
          ? ` (${field.options.map((option) => option.label).join(', ')})`
          : '';
        return `${field.label}${field.required ? '*' : ''}${choices}`;
      });
  const categories = form.participantCategories
    .map(({ id, label, min, max }) => `${id} for ${label}, ${min} to ${max}`)
    .join('; ');
  const parts = [`Guardian: ${labels('guardian').join(', ') || 'nothing'}.`];
  parts.push(
    `Participants: ${form.minParticipants} to ${form.maxParticipants} in all, each with a ` +
      `category id (${categories}) and: ${labels('participant').join(', ') || 'nothing'}.`,
  );
  const booking = labels('booking');
  if (booking.length > 0) parts.push(`Booking: ${booking.join(', ')}.`);
  parts.push('Fields marked * are required. Collect the answers, then call prepare_registration.');
  return parts.join(' ');
}

function minutesUntil(iso: string): number {
  return Math.max(1, Math.round((Date.parse(iso) - Date.now()) / 60_000));
}

function receiptSentence(view: RegistrationView): string {
  const receipt = view.receipt!;
  const vendor = view.vendor.displayName;
  const total = moneyOutput(receipt.price.total).formatted;
  switch (receipt.status) {
    case 'confirmed':
      return `Registered with ${vendor}: booking ${receipt.bookingId} is confirmed, total ${total}.`;
    case 'pending':
      return `Booking ${receipt.bookingId} with ${vendor} is pending until the vendor accepts it; total ${total}.`;
    case 'waitlisted':
      return `Booking ${receipt.bookingId} with ${vendor} is on the waitlist.`;
    case 'cancelled':
      return `Booking ${receipt.bookingId} with ${vendor} is cancelled.`;
    case 'handoff_required': {
      const steps = receipt.handoff?.instructions ? ` ${receipt.handoff.instructions}` : '';
      return `To finish, the family completes registration on ${vendor}'s page: ${receipt.handoff?.url ?? 'see the vendor'}.${steps}`;
    }
  }
}

function paymentSentence(view: RegistrationView): string {
  const payment = view.receipt?.payment;
  if (!payment || view.receipt?.status === 'cancelled') return '';
  // A program fee taken through the hub's checkout is described with the hub's payment.
  if (view.payment?.path === 'connect') return '';
  switch (payment.method) {
    case 'provider_link':
      if (payment.url && payment.url === view.receipt?.handoff?.url) {
        return ' The program fee is paid on that page.';
      }
      return payment.url
        ? ` Pay the program fee at ${payment.url}.`
        : ' The vendor will send a payment link.';
    case 'pay_later':
      return ' The program fee is paid to the vendor directly.';
    case 'paid':
      return ' The program fee is paid.';
    default:
      return '';
  }
}

/** Formats a session's start and end in its own time zone, e.g. "Mon, Jul 6, 8:30 AM – 3:30 PM CDT". */
function formatSessionTimes(session: { start: string; end: string; timeZone: string }): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: session.timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).formatRange(new Date(session.start), new Date(session.end));
}

/** Describes what is being registered: program, session times and participants. */
function detailsSentence(view: RegistrationView): string {
  const details = view.details;
  if (!details) {
    return `${plural(view.participantCount, 'participant')} with ${view.vendor.displayName}`;
  }
  const when = details.session ? `, ${formatSessionTimes(details.session)}` : '';
  const people = details.participants
    .map(({ firstName, category }) => (firstName ? `${firstName} (${category})` : category))
    .join(', ');
  return `${people} for ${details.programTitle} with ${view.vendor.displayName}${when}`;
}

function preparedSummary(view: RegistrationView): string {
  const total = view.quote ? ` for ${moneyOutput(view.quote.total).formatted}` : '';
  const minutes = minutesUntil(view.expiresAt);
  const validity = view.hold
    ? `Seats are held for about ${plural(minutes, 'minute')}.`
    : `This offer stays valid for about ${plural(minutes, 'minute')}; seats are not held.`;
  const handoff =
    view.bookingMode === 'handoff'
      ? " The family finishes on the vendor's page after confirming."
      : '';
  return (
    `Ready to register ${detailsSentence(view)}${total}.${preparedPaymentSentence(view)} ` +
    `${validity}${handoff} Show the family these details and call confirm_registration only ` +
    'after they agree.'
  );
}

function expiredSentence(view: RegistrationView): string {
  const lapsed = view.hold
    ? `The hold on the seats with ${view.vendor.displayName} lapsed, so nothing is reserved.`
    : `This offer from ${view.vendor.displayName} lapsed before it was confirmed.`;
  return `${lapsed} Prepare the registration again for current seats and price.`;
}

/** Summarizes a registration in one paragraph, with the next step. */
export function registrationSummary(view: RegistrationView): string {
  const vendor = view.vendor.displayName;
  let text: string;
  switch (view.state) {
    case 'prepared':
      text = view.expired ? expiredSentence(view) : preparedSummary(view);
      break;
    case 'booking':
      text = 'The booking is in progress. Check again in a minute with get_registration.';
      break;
    case 'booked':
      text = `${receiptSentence(view)}${paymentSentence(view)}${paymentStatusSentence(view)}`;
      break;
    case 'failed':
      text =
        `The last booking attempt failed: ${view.error?.message ?? 'unknown reason'}` +
        paymentStatusSentence(view);
      break;
    case 'cancelled': {
      const refund = view.cancellation?.refund
        ? `; a refund of ${moneyOutput(view.cancellation.refund).formatted} is due`
        : '';
      text = `The registration with ${vendor} is cancelled${refund}.${paymentStatusSentence(view)}`;
      break;
    }
  }
  return view.warnings?.length ? `${text} ${view.warnings.join(' ')}` : text;
}

/** Summarizes an error for the model: the message, each bad field, and whether to retry. */
export function errorSummary(error: ConnectorError): string {
  const parts = [error.message];
  if (error.fields?.length) {
    parts.push(
      `Fix: ${error.fields.map((field) => `${field.path}: ${field.message}`).join('; ')}.`,
    );
  }
  // Messages that already say when to try again get no second hint.
  if (error.retryable && !/try again/i.test(error.message)) {
    parts.push('Trying again in a moment may work.');
  }
  return parts.join(' ');
}
