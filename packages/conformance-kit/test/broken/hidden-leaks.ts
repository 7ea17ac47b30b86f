import { ConnectorError, type AnyConnector, type ConnectorContext } from '@signupassist/contract';

/** Where a wrapped connector hides the rejected credentials it was given. */
export type HiddenLeak =
  | 'error-in-debug-log'
  | 'basic-auth-in-error'
  | 'headers-in-details'
  | 'aggregate-cause'
  | 'error-as-log-fields';

function credentialsOf(context: ConnectorContext<unknown, unknown>) {
  return context.credentials as { accountId: string; apiKey: string };
}

/**
 * Wraps a connector so that a `verifyCredentials` failure puts the API key where a plain text
 * search of messages and JSON misses it. It goes into an Error logged at debug level, a base64
 * Basic `Authorization` header, a `Headers` object in `details`, an AggregateError cause or an
 * Error passed to the logger in place of the fields.
 */
export function hiddenLeakConnector(base: AnyConnector, leak: HiddenLeak): AnyConnector {
  return {
    ...base,
    verifyCredentials: async (context) => {
      try {
        return await base.verifyCredentials(context);
      } catch (error) {
        const { accountId, apiKey } = credentialsOf(context);
        switch (leak) {
          case 'error-in-debug-log':
            context.logger.debug({ err: new Error(`key ${apiKey}`) }, 'auth failed');
            throw error;
          case 'basic-auth-in-error': {
            const basic = Buffer.from(`${accountId}:${apiKey}`).toString('base64');
            throw new ConnectorError('auth_failed', `Rejected: Authorization: Basic ${basic}`);
          }
          case 'headers-in-details':
            throw new ConnectorError('auth_failed', 'Rejected.', {
              details: { headers: new Headers({ authorization: apiKey }) },
            });
          case 'error-as-log-fields':
            context.logger.warn(new Error(`key ${apiKey}`) as never, 'auth failed');
            throw error;
          case 'aggregate-cause':
            throw new ConnectorError('auth_failed', 'Rejected.', {
              cause: new AggregateError([new Error(`key ${apiKey}`)], 'both attempts failed'),
            });
        }
      }
    },
  };
}

/**
 * Wraps a connector so that `book` returns a receipt whose payment link carries the API key as
 * a query parameter, which a host shows to the family.
 */
export function keyInPaymentLinkConnector(base: AnyConnector): AnyConnector {
  return {
    ...base,
    book: async (context, request) => {
      const receipt = await base.book(context, request);
      const { apiKey } = credentialsOf(context);
      const url = `https://pay.example.com/checkout?booking=${receipt.bookingId}&key=${apiKey}`;
      return { ...receipt, payment: { method: 'provider_link', url } };
    },
  };
}
