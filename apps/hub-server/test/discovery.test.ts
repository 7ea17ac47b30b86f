import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connectorPackagesFromEnv, discoverConnectors } from '../src/discovery.js';

/** The app's source folder, whose node_modules chain holds the workspace packages. */
const SOURCE_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const EXAMPLE_PACKAGE = 'signupassist-connector-tidepool';

describe('discoverConnectors', () => {
  it('skips private packages by default', async () => {
    const skipped: Array<[string, string]> = [];
    const found = await discoverConnectors(SOURCE_DIRECTORY, {
      onSkip: (name, reason) => skipped.push([name, reason]),
    });

    expect(found.map((entry) => entry.connector.manifest.id)).toContain('bookeo');
    expect(found.map((entry) => entry.packageName)).not.toContain(EXAMPLE_PACKAGE);
    const example = skipped.find(([name]) => name === EXAMPLE_PACKAGE);
    expect(example?.[1]).toContain('HUB_CONNECTOR_PACKAGES');
  });

  it('loads a private package named in include', async () => {
    const skipped: string[] = [];
    const found = await discoverConnectors(SOURCE_DIRECTORY, {
      include: [EXAMPLE_PACKAGE],
      onSkip: (name) => skipped.push(name),
    });

    expect(skipped).not.toContain(EXAMPLE_PACKAGE);
    expect(found.map((entry) => entry.packageName)).toContain(EXAMPLE_PACKAGE);
  });

  it('rejects an included name that is not installed', async () => {
    const discovery = discoverConnectors(SOURCE_DIRECTORY, { include: ['no-such-connector'] });
    await expect(discovery).rejects.toThrow(/HUB_CONNECTOR_PACKAGES names no-such-connector/);
  });

  it('imports no package named by a path', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hub-discovery-'));
    const payload = join(root, 'payload.mjs');
    writeFileSync(payload, 'globalThis.rogueConnectorLoaded = true;\nexport default {};\n');
    mkdirSync(join(root, 'node_modules', 'rogue'), { recursive: true });
    writeFileSync(
      join(root, 'node_modules', 'rogue', 'package.json'),
      JSON.stringify({ name: payload, signupassist: { connector: 'rogue' } }),
    );

    const discovery = discoverConnectors(root);
    await expect(discovery).rejects.toThrow(/is not a valid npm package name/);
    expect((globalThis as { rogueConnectorLoaded?: boolean }).rogueConnectorLoaded).toBe(undefined);
  });

  it('rejects a path in HUB_CONNECTOR_PACKAGES', () => {
    expect(() => connectorPackagesFromEnv({ HUB_CONNECTOR_PACKAGES: 'a,../b/index.js' })).toThrow(
      /HUB_CONNECTOR_PACKAGES names "..\/b\/index.js", which is not a package name/,
    );
  });

  it('reads HUB_CONNECTOR_PACKAGES as a list', () => {
    expect(connectorPackagesFromEnv({ HUB_CONNECTOR_PACKAGES: ' a , ,@scope/b ' })).toEqual([
      'a',
      '@scope/b',
    ]);
    expect(connectorPackagesFromEnv({})).toEqual([]);
  });
});
