import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { describe, expect, it } from 'vitest';
import { createHub, CredentialVault, KeyRing, RegistryVendorSource } from '../src/index.js';
import {
  CAMP_ACCOUNT,
  newKey,
  REGISTRY_ENGINES,
  swapCredentialsSql,
  SWIM_ACCOUNT,
  useRegistryHarness,
} from './registry-harness.js';

describe.each(REGISTRY_ENGINES)('registry secrecy on $kind', ({ create }) => {
  const harness = useRegistryHarness(create);

  /** Runs an operation and keeps its result, or its error's message and JSON form. */
  async function capture(output: string[], operation: () => Promise<unknown>): Promise<void> {
    try {
      output.push(JSON.stringify(await operation()));
    } catch (error) {
      output.push(error instanceof Error ? error.message : String(error));
      output.push(JSON.stringify(error));
    }
  }

  describe('registry secrecy', () => {
    it('shows no secret in results, errors, audit or logs', async () => {
      const first = newKey('k1');
      const second = newKey('k2');
      const storage = await harness.openStorage();
      const registry = harness.registryWith(storage, new KeyRing([first]));
      const swim = harness.sandbox.credentials(SWIM_ACCOUNT);
      const camp = harness.sandbox.credentials(CAMP_ACCOUNT);
      const wrong = {
        apiKey: 'WRONG-APIKEY-SECRET-7781',
        secretKey: 'WRONG-SECRETKEY-SECRET-7782',
      };
      const partial = { apiKey: 'PARTIAL-APIKEY-SECRET-7783' };
      const secrets = [
        swim.apiKey,
        swim.secretKey,
        camp.apiKey,
        wrong.apiKey,
        wrong.secretKey,
        partial.apiKey,
        first.key.toString('base64'),
        second.key.toString('base64'),
      ];
      const output: string[] = [];

      await capture(output, () => registry.add(harness.vendorInput(SWIM_ACCOUNT), 'cli:test'));
      await capture(output, () => registry.setCredentials('riversideswim', partial, 'cli:test'));
      await capture(output, () => registry.setCredentials('riversideswim', wrong, 'cli:test'));
      await capture(output, () => registry.verify('riversideswim', 'cli:test'));
      await capture(output, () => registry.setCredentials('riversideswim', swim, 'cli:test'));
      await capture(output, () => registry.verify('riversideswim', 'cli:test'));
      await capture(output, () => registry.goLive('riversideswim', 'cli:test'));
      const campRow = { ...harness.vendorInput(CAMP_ACCOUNT), credentials: camp, status: 'live' };
      const badRow = { ...harness.vendorInput(CAMP_ACCOUNT, 'bad-row'), credentials: partial };
      await capture(output, () => registry.importRows([campRow, badRow], 'cli:test'));
      await capture(output, () => registry.list());
      await capture(output, () => registry.show('riversideswim'));

      const rotating = harness.registryWith(storage, new KeyRing([second, first]));
      await capture(output, () => rotating.rotateKeys('cli:test'));
      await harness.execute(swapCredentialsSql('riversideswim', 'prairiecamp'));
      await capture(output, () => rotating.verify('riversideswim', 'cli:test'));

      const vault = new CredentialVault(new KeyRing([second]));
      const hub = createHub({
        connectors: [createBookeoConnector()],
        vendors: new RegistryVendorSource({ store: storage.vendors, vault, refreshMs: 0 }),
        ledger: storage.ledger,
        logger: harness.logger,
      });
      await capture(output, () => hub.searchPrograms({}));
      await capture(output, () => hub.getProgram({ vendorId: 'riversideswim', programId: 'x' }));
      await capture(output, () => hub.checkVendors());
      for (const id of ['riversideswim', 'prairiecamp']) {
        await capture(output, () => registry.audit(id));
      }

      const captured = output.join('\n') + harness.logger.text();
      expect(captured).toContain('decryption');
      expect(captured).toContain('prairiecamp');
      for (const secret of secrets) expect(captured).not.toContain(secret);
    });
  });
});
