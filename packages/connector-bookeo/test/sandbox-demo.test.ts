import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type BookeoDemo } from '../src/sandbox/index.js';

describe('startDemo', () => {
  let demo: BookeoDemo;

  beforeAll(async () => {
    demo = await startDemo();
  });

  afterAll(async () => {
    await demo.stop();
  });

  it('describes one live vendor per business', () => {
    expect(demo.vendors.map((vendor) => vendor.id)).toEqual([
      'riverside-swim-school',
      'prairie-day-camp',
    ]);
    for (const vendor of demo.vendors) {
      expect(vendor.connector).toBe('bookeo');
      expect(vendor.status).toBe('live');
      expect(vendor.config.baseUrl).toBe(demo.url);
    }
  });

  it('shares one application secret across businesses', () => {
    const [swim, camp] = demo.vendors;
    expect(swim?.credentials.secretKey).toBe(camp?.credentials.secretKey);
    expect(swim?.credentials.apiKey).not.toBe(camp?.credentials.apiKey);
  });

  it('serves each business with its own keys', async () => {
    for (const vendor of demo.vendors) {
      const response = await fetch(`${demo.url}/settings/apikeyinfo`, {
        headers: {
          'X-Bookeo-apiKey': vendor.credentials.apiKey,
          'X-Bookeo-secretKey': vendor.credentials.secretKey,
        },
      });
      expect(response.status).toBe(200);
    }
  });

  it('runs on a clock that follows real time', async () => {
    const before = demo.sandbox.clock.now().getTime();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(demo.sandbox.clock.now().getTime()).toBeGreaterThan(before);
  });
});
