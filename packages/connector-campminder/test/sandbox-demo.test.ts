import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampMinderConfigSchema, CampMinderCredentialsSchema } from '../src/index.js';
import { startDemo, upcomingSeason, type CampMinderDemo } from '../src/sandbox/index.js';

describe('campminder startDemo', () => {
  let demo: CampMinderDemo;

  beforeAll(async () => {
    demo = await startDemo();
  });
  afterAll(() => demo.stop());

  it('describes one live hub vendor per camp', () => {
    expect(demo.vendors.map((vendor) => vendor.id)).toEqual([
      'pine-lake-camp',
      'maple-hollow-day-camp',
    ]);
    for (const vendor of demo.vendors) {
      expect(vendor.connector).toBe('campminder');
      expect(vendor.status).toBe('live');
      expect(vendor.timeZone).toBe('America/New_York');
      expect(vendor.config.baseUrl).toBe(demo.url);
      expect(vendor.config.registrationUrl).toContain(`${demo.url}/portal/register?`);
      expect(vendor.config.prefill).toBe(true);
      expect(CampMinderConfigSchema.safeParse(vendor.config).success).toBe(true);
      expect(CampMinderCredentialsSchema.safeParse(vendor.credentials).success).toBe(true);
    }
  });

  it('uses the coming season', () => {
    const season = upcomingSeason(new Date());

    expect(demo.sandbox.season).toBe(season);
    expect(demo.vendors.map((vendor) => vendor.config.seasonId)).toEqual([season, season]);
  });

  it('gives each camp keys that read it alone', async () => {
    for (const vendor of demo.vendors) {
      const response = await fetch(`${demo.url}/auth/apikey`, {
        headers: {
          Authorization: vendor.credentials.apiKey,
          'Ocp-Apim-Subscription-Key': vendor.credentials.subscriptionKey,
        },
      });
      const body = (await response.json()) as { ClientIDs: string };
      expect(body.ClientIDs).toBe(String(vendor.config.clientId));
    }
  });

  it('runs on a clock that follows real time', async () => {
    const before = demo.sandbox.clock.now().getTime();
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(demo.sandbox.clock.now().getTime()).toBeGreaterThan(before);
  });
});
