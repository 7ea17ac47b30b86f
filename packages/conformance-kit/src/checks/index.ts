import type { ConformanceCheck } from '../check.js';
import { bookingChecks } from './booking.js';
import { cancelChecks } from './cancel.js';
import { capabilityChecks } from './capabilities.js';
import { catalogChecks } from './catalog.js';
import { credentialChecks } from './credentials.js';
import { faultChecks } from './faults.js';
import { formChecks } from './form.js';
import { handoffChecks } from './handoff.js';
import { holdChecks } from './holds.js';
import { hygieneChecks } from './hygiene.js';
import { idempotencyChecks } from './idempotency.js';
import { manifestChecks } from './manifest.js';
import { paymentChecks } from './payments.js';

/**
 * Every check of the kit in run order. The hygiene checks come last because they read what
 * the connector logged and threw during the whole run.
 */
export const ALL_CHECKS: readonly ConformanceCheck[] = [
  ...manifestChecks,
  ...capabilityChecks,
  ...credentialChecks,
  ...catalogChecks,
  ...formChecks,
  ...bookingChecks,
  ...idempotencyChecks,
  ...cancelChecks,
  ...holdChecks,
  ...paymentChecks,
  ...handoffChecks,
  ...faultChecks,
  ...hygieneChecks,
];
