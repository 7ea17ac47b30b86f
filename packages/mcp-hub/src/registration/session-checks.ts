import { ConnectorError, type Session } from '@signupassist/contract';

/**
 * Checks that a session takes a registration of `participantCount` now: open, with enough
 * seats when the provider reports them, and inside its registration window. Throws
 * `sold_out` or `registration_closed` with a plain message.
 */
export function checkSessionOpen(session: Session, participantCount: number, now: Date): void {
  const { status, seatsLeft } = session.availability;
  if (status === 'full') {
    throw new ConnectorError('sold_out', 'This session is full. Choose another session.');
  }
  if (status === 'waitlist') {
    // NOTE: the hub does not call joinWaitlist yet, so a waitlisted session is reported as full.
    throw new ConnectorError(
      'sold_out',
      'This session is full and only takes a waitlist, which the hub cannot join yet.',
    );
  }
  if (status === 'closed') {
    throw new ConnectorError('registration_closed', 'Registration for this session is closed.');
  }

  const window = session.registrationWindow;
  if (window?.opensAt && Date.parse(window.opensAt) > now.getTime()) {
    throw new ConnectorError(
      'registration_closed',
      `Registration for this session opens at ${window.opensAt}.`,
    );
  }
  if (window?.closesAt && Date.parse(window.closesAt) <= now.getTime()) {
    throw new ConnectorError('registration_closed', 'Registration for this session has closed.');
  }
  if (seatsLeft !== undefined && seatsLeft < participantCount) {
    const seats = seatsLeft === 1 ? '1 seat is' : `${seatsLeft} seats are`;
    throw new ConnectorError('sold_out', `Only ${seats} left in this session.`);
  }
}
