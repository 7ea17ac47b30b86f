import { ConnectorError, isConnectorError, type AnyConnector } from '@signupassist/contract';

/**
 * Wraps a connector so that `verifyCredentials` quotes the API key it sent when the provider
 * rejects it, as a "helpful" error message might.
 */
export function credentialLeakConnector(base: AnyConnector): AnyConnector {
  return {
    ...base,
    verifyCredentials: async (context) => {
      try {
        return await base.verifyCredentials(context);
      } catch (error) {
        if (!isConnectorError(error) || error.code !== 'auth_failed') throw error;
        const { apiKey } = context.credentials as { apiKey: string };
        throw new ConnectorError('auth_failed', `${error.message} The API key sent was ${apiKey}.`);
      }
    },
  };
}
