import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { loadPaymentSettings } from '../src/payments/payment-settings.js';

const SECRET_KEY = 'sk_test_51PaymentSettingsDoNotPrint0001';
const LIVE_KEY = 'sk_live_51PaymentSettingsDoNotPrint0002';
const WEBHOOK_SECRET = 'whsec_PaymentSettingsDoNotPrint0003';
const CONNECT_SECRET = 'whsec_PaymentSettingsDoNotPrint0004';
const KEYS = 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

const development = { demo: false, production: false };
const demo = { demo: true, production: false };
const production = { demo: false, production: true };

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('payment settings', () => {
  it('turns payments off without a key', () => {
    expect(loadPaymentSettings({}, development)).toEqual({
      mode: 'off',
      reason: 'STRIPE_SECRET_KEY is not set',
      publicUrl: undefined,
    });
  });

  it('uses the emulator for the demo without a key', () => {
    expect(loadPaymentSettings({}, demo).mode).toBe('emulator');
  });

  it('uses Stripe with a key, even in the demo', () => {
    const settings = loadPaymentSettings(
      {
        STRIPE_SECRET_KEY: SECRET_KEY,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_CONNECT_WEBHOOK_SECRET: CONNECT_SECRET,
      },
      demo,
    );
    expect(settings).toEqual({
      mode: 'stripe',
      keys: {
        secretKey: SECRET_KEY,
        webhookSecret: WEBHOOK_SECRET,
        connectWebhookSecret: CONNECT_SECRET,
      },
      live: false,
      endpoint: undefined,
      publicUrl: undefined,
    });
  });

  it.each(['rk_test_51Restricted0001', 'rk_live_51Restricted0002', LIVE_KEY])(
    'accepts the key %s',
    (key) => {
      const settings = loadPaymentSettings(
        { STRIPE_SECRET_KEY: key, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET },
        development,
      );
      expect(settings.mode).toBe('stripe');
    },
  );

  it.each([
    ['a publishable key', 'pk_test_51DoNotPrintPublishable', 'publishable key (pk_…)'],
    ['a random string', 'not-a-key-DoNotPrint-0005', 'is not a Stripe secret key'],
    ['a key with spaces', 'sk_test_51 DoNotPrint', 'is not a Stripe secret key'],
  ])('rejects %s without printing it', (_case, key, expected) => {
    const error = errorOf(() =>
      loadPaymentSettings(
        { STRIPE_SECRET_KEY: key, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET },
        development,
      ),
    );
    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain('STRIPE_SECRET_KEY');
    expect(error.message).toContain(expected);
    expect(error.message).not.toContain('DoNotPrint');
  });

  it('requires a webhook secret with a key', () => {
    const error = errorOf(() =>
      loadPaymentSettings({ STRIPE_SECRET_KEY: SECRET_KEY }, development),
    );
    expect(error.message).toContain('STRIPE_WEBHOOK_SECRET is not set');
    expect(error.message).toContain('/webhooks/stripe');
    expect(error.message).not.toContain(SECRET_KEY);
  });

  it.each(['STRIPE_WEBHOOK_SECRET', 'STRIPE_CONNECT_WEBHOOK_SECRET'])(
    'rejects a malformed %s without printing it',
    (name) => {
      const error = errorOf(() =>
        loadPaymentSettings(
          {
            STRIPE_SECRET_KEY: SECRET_KEY,
            STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
            [name]: 'sk_test_DoNotPrintWrongPaste',
          },
          development,
        ),
      );
      expect(error.message).toContain(`${name} is not a webhook signing secret`);
      expect(error.message).not.toContain('DoNotPrint');
    },
  );

  it('rejects a webhook secret without a key', () => {
    const error = errorOf(() =>
      loadPaymentSettings({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET }, demo),
    );
    expect(error.message).toContain('STRIPE_WEBHOOK_SECRET is set but STRIPE_SECRET_KEY is not');
    expect(error.message).not.toContain(WEBHOOK_SECRET);
  });

  it('reads an emulator address', () => {
    const settings = loadPaymentSettings(
      {
        STRIPE_SECRET_KEY: SECRET_KEY,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_API_URL: 'http://127.0.0.1:12111',
      },
      development,
    );
    expect(settings.mode).toBe('stripe');
    expect(settings.mode === 'stripe' ? settings.endpoint : undefined).toEqual({
      host: '127.0.0.1',
      port: 12111,
      protocol: 'http',
    });
  });

  it('rejects an emulator address with a live key', () => {
    const error = errorOf(() =>
      loadPaymentSettings(
        {
          STRIPE_SECRET_KEY: LIVE_KEY,
          STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
          STRIPE_API_URL: 'http://127.0.0.1:12111',
        },
        development,
      ),
    );
    expect(error.message).toContain('STRIPE_API_URL');
    expect(error.message).toContain('live key');
    expect(error.message).not.toContain(LIVE_KEY);
  });

  it('trims a trailing slash from the public URL', () => {
    const settings = loadPaymentSettings({ HUB_PUBLIC_URL: 'https://hub.example.com/chat/' }, demo);
    expect(settings.publicUrl).toBe('https://hub.example.com/chat');
  });

  it.each([
    ['not a URL', 'hub.example.com', 'is not a valid URL'],
    ['an FTP URL', 'ftp://hub.example.com', 'uses the scheme "ftp:"'],
    ['a query', 'https://hub.example.com/?a=1', 'must not contain'],
  ])('rejects a public URL that is %s', (_case, value, expected) => {
    const error = errorOf(() => loadPaymentSettings({ HUB_PUBLIC_URL: value }, demo));
    expect(error.message).toContain('HUB_PUBLIC_URL');
    expect(error.message).toContain(expected);
  });

  it('turns payments off with HUB_PAYMENTS=off', () => {
    const settings = loadPaymentSettings(
      { HUB_PAYMENTS: 'OFF', STRIPE_SECRET_KEY: SECRET_KEY },
      production,
    );
    expect(settings).toMatchObject({ mode: 'off', reason: 'HUB_PAYMENTS is off' });
  });

  it('rejects an unknown HUB_PAYMENTS value', () => {
    const error = errorOf(() => loadPaymentSettings({ HUB_PAYMENTS: 'maybe' }, development));
    expect(error.message).toBe('HUB_PAYMENTS must be "on" or "off", got "maybe".');
  });
});

describe('payment settings in production', () => {
  const complete = {
    STRIPE_SECRET_KEY: LIVE_KEY,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    HUB_PUBLIC_URL: 'https://hub.example.com',
  };

  it('accepts a key, a webhook secret and an HTTPS address', () => {
    const settings = loadPaymentSettings(complete, production);
    expect(settings).toMatchObject({ mode: 'stripe', live: true });
  });

  it('requires a key instead of the emulator', () => {
    const error = errorOf(() =>
      loadPaymentSettings(
        { HUB_PUBLIC_URL: 'https://hub.example.com' },
        {
          demo: true,
          production: true,
        },
      ),
    );
    expect(error.message).toContain('STRIPE_SECRET_KEY is not set, and NODE_ENV is production');
    expect(error.message).toContain('HUB_PAYMENTS=off');
  });

  it('requires a webhook secret', () => {
    const error = errorOf(() =>
      loadPaymentSettings({ ...complete, STRIPE_WEBHOOK_SECRET: '' }, production),
    );
    expect(error.message).toContain('STRIPE_WEBHOOK_SECRET is not set');
  });

  it('requires the public URL', () => {
    const error = errorOf(() =>
      loadPaymentSettings({ ...complete, HUB_PUBLIC_URL: '' }, production),
    );
    expect(error.message).toContain('HUB_PUBLIC_URL is not set, and NODE_ENV is production');
  });

  it('requires HTTPS for the public URL', () => {
    const error = errorOf(() =>
      loadPaymentSettings({ ...complete, HUB_PUBLIC_URL: 'http://hub.example.com' }, production),
    );
    expect(error.message).toContain('use an https:// address');
  });

  it('rejects an emulator address', () => {
    const error = errorOf(() =>
      loadPaymentSettings(
        { ...complete, STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_API_URL: 'http://127.0.0.1:1' },
        production,
      ),
    );
    expect(error.message).toContain('STRIPE_API_URL is set');
    expect(error.message).toContain('NODE_ENV is production');
  });
});

describe('server configuration with payments', () => {
  it('reads NODE_ENV=PRODUCTION for the payment checks', () => {
    const error = errorOf(() =>
      loadConfig([], { NODE_ENV: 'PRODUCTION', HUB_ENCRYPTION_KEYS: KEYS, HUB_ADMIN_API: 'off' }),
    );
    expect(error.message).toContain('STRIPE_SECRET_KEY is not set, and NODE_ENV is production');
  });

  it('needs a public URL for Stripe over stdio', () => {
    const error = errorOf(() =>
      loadConfig(['--stdio'], {
        STRIPE_SECRET_KEY: SECRET_KEY,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      }),
    );
    expect(error.message).toContain('HUB_PUBLIC_URL is not set, and --stdio serves no HTTP');
  });
});
