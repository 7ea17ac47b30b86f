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

describe('demo booking numbers', () => {
  it('do not repeat across restarts', async () => {
    const numbers: string[] = [];
    for (let run = 0; run < 2; run++) {
      const demo = await startDemo();
      const [vendor] = demo.vendors;
      const slotsResponse = await fetch(
        `${demo.url}/availability/slots?productId=LTS58&startTime=${encodeURIComponent(
          demo.sandbox.clock.now().toISOString(),
        )}&endTime=${encodeURIComponent(
          new Date(demo.sandbox.clock.now().getTime() + 14 * 86_400_000).toISOString(),
        )}`,
        { headers: keyHeaders(vendor!) },
      );
      const slots = (await slotsResponse.json()) as { data: Array<{ eventId: string }> };
      const response = await fetch(`${demo.url}/bookings`, {
        method: 'POST',
        headers: { ...keyHeaders(vendor!), 'Content-Type': 'application/json' },
        body: JSON.stringify({
          productId: 'LTS58',
          eventId: slots.data[0]!.eventId,
          customer: {
            firstName: 'Dana',
            lastName: 'Rivera',
            emailAddress: 'dana@example.com',
            customFields: [{ id: 'EMERGENCYPHONE', value: '+1 555 010 0199' }],
          },
          participants: { numbers: [{ peopleCategoryId: 'Cchildren', number: 1 }] },
          options: [{ id: 'SWIMLEVEL', value: 'Beginner' }],
        }),
      });
      expect(response.status).toBe(201);
      numbers.push(((await response.json()) as { bookingNumber: string }).bookingNumber);
      await demo.stop();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(numbers[0]).not.toBe(numbers[1]);
  });
});

function keyHeaders(vendor: { credentials: { apiKey: string; secretKey: string } }) {
  return {
    'X-Bookeo-apiKey': vendor.credentials.apiKey,
    'X-Bookeo-secretKey': vendor.credentials.secretKey,
  };
}
