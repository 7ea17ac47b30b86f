import { PORTAL_PATH } from './portal-form.js';
import type { CampMinderSeedContact, CampMinderSeedPricing } from './seed.js';

/**
 * The connector config of a vendor whose camp lives in the sandbox, in the shape the
 * connector's config schema takes.
 */
export interface CampMinderSandboxVendorConfig {
  baseUrl: string;
  clientId: number;
  seasonId: number;
  /** Hand-off URL template with the placeholders `{sessionId}`, `{programId}` and `{reference}`. */
  registrationUrl: string;
  prefill: boolean;
  pricing: CampMinderSeedPricing;
  contact: CampMinderSeedContact;
}

/**
 * Returns the hand-off URL template of a camp in the sandbox, `<url>/portal/register?` with
 * `client=<clientId>&session={sessionId}&program={programId}&ref={reference}`.
 * `client` names the camp of the session for the portal.
 */
export function registrationUrlTemplate(url: string, clientId: number): string {
  return (
    `${url}${PORTAL_PATH}?client=${clientId}` +
    '&session={sessionId}&program={programId}&ref={reference}'
  );
}
