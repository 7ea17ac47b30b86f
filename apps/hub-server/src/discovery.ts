import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { AnyConnector } from '@signupassist/contract';
import { ConfigError } from './config-error.js';

/**
 * The `signupassist` field of a connector package's package.json, which makes the package
 * discoverable: `{ "connector": "bookeo", "export": "bookeoConnector", "sandbox": "./sandbox" }`.
 */
const ConnectorFieldSchema = z.object({
  connector: z.string().min(1),
  export: z.string().min(1).default('default'),
  sandbox: z.string().startsWith('./').optional(),
});

/** A connector found among the installed packages. */
export interface DiscoveredConnector {
  packageName: string;
  packageVersion: string;
  connector: AnyConnector;
  /** Import specifier of the package's sandbox module, when it ships one. */
  sandboxModule: string | undefined;
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

async function packageDirectories(nodeModules: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(nodeModules, { withFileTypes: true });
  } catch {
    return [];
  }
  const directories: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    if (entry.name.startsWith('.')) continue;
    const path = join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) {
      const scoped = await readdir(path).catch(() => []);
      directories.push(...scoped.map((name) => join(path, name)));
    } else {
      directories.push(path);
    }
  }
  return directories;
}

/** Lists `node_modules` folders from `start` up to the file system root, nearest first. */
function nodeModulesChain(start: string): string[] {
  const chain: string[] = [];
  let directory = start;
  for (;;) {
    chain.push(join(directory, 'node_modules'));
    const parent = dirname(directory);
    if (parent === directory) return chain;
    directory = parent;
  }
}

/** Options of {@link discoverConnectors}. */
export interface DiscoveryOptions {
  /** Names of private packages to load too, from `HUB_CONNECTOR_PACKAGES`. */
  include?: readonly string[];
  /** Receives each private connector package that was left out, with the reason. */
  onSkip?: (packageName: string, reason: string) => void;
}

/**
 * An npm package name, optionally scoped, in lower case. Anything else could be an absolute
 * or relative path, or a `file:` or `data:` URL, which `import()` would load as a module.
 */
const PACKAGE_NAME = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;

/**
 * Reads `HUB_CONNECTOR_PACKAGES`: comma-separated names of private connector packages to
 * load in addition to the published ones. A value that is not a package name is a
 * {@link ConfigError}.
 */
export function connectorPackagesFromEnv(env: NodeJS.ProcessEnv): string[] {
  const names = (env.HUB_CONNECTOR_PACKAGES ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!PACKAGE_NAME.test(name)) {
      throw new ConfigError(
        `HUB_CONNECTOR_PACKAGES names "${name.slice(0, 100)}", which is not a package name: ` +
          'list npm package names such as @scope/connector-name, not paths.',
      );
    }
  }
  return names;
}

/**
 * Finds installed connector packages by the `signupassist` field of their package.json and
 * imports each one's connector. A private package (`"private": true`, a workspace example or
 * fixture) is passed to `onSkip` and left out unless `include` names it. A package whose
 * name, field or export is invalid, or that fails to import, is an error naming the package,
 * so a broken install is not silently skipped. A name in `include` that no connector package has
 * is a {@link ConfigError}.
 */
export async function discoverConnectors(
  startDirectory: string,
  options: DiscoveryOptions = {},
): Promise<DiscoveredConnector[]> {
  const include = new Set(options.include ?? []);
  const found = new Map<string, DiscoveredConnector>();
  const seen = new Set<string>();
  for (const nodeModules of nodeModulesChain(startDirectory)) {
    for (const directory of await packageDirectories(nodeModules)) {
      const manifest = (await readJson(join(directory, 'package.json'))) as
        { name?: string; version?: string; private?: boolean; signupassist?: unknown } | undefined;
      if (!manifest?.name || manifest.signupassist === undefined || seen.has(manifest.name)) {
        continue;
      }
      seen.add(manifest.name);
      if (!PACKAGE_NAME.test(manifest.name)) {
        throw new Error(
          `The package in ${directory} has the name "${manifest.name.slice(0, 100)}", which ` +
            'is not a valid npm package name: fix or remove that package.',
        );
      }
      if (manifest.private === true && !include.has(manifest.name)) {
        options.onSkip?.(
          manifest.name,
          'private package; name it in HUB_CONNECTOR_PACKAGES to load it',
        );
        continue;
      }
      const field = ConnectorFieldSchema.safeParse(manifest.signupassist);
      if (!field.success) {
        throw new Error(
          `Package ${manifest.name} has an invalid "signupassist" field in package.json: ` +
            `${field.error.issues[0]?.path.join('.')} ${field.error.issues[0]?.message}.`,
        );
      }
      const module = (await import(manifest.name)) as Record<string, unknown>;
      const connector = module[field.data.export] as AnyConnector | undefined;
      if (!connector || typeof connector !== 'object' || !('manifest' in connector)) {
        throw new Error(
          `Package ${manifest.name} declares connector export "${field.data.export}", ` +
            'but that export is not a connector object.',
        );
      }
      found.set(manifest.name, {
        packageName: manifest.name,
        packageVersion: manifest.version ?? '0.0.0',
        connector,
        sandboxModule:
          field.data.sandbox === undefined
            ? undefined
            : `${manifest.name}/${field.data.sandbox.slice(2)}`,
      });
    }
  }
  const missing = [...include].filter((name) => !seen.has(name));
  if (missing.length > 0) {
    throw new ConfigError(
      `HUB_CONNECTOR_PACKAGES names ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} ` +
        'not an installed connector package (a package.json with a "signupassist" field): ' +
        'install it or remove the name.',
    );
  }
  return [...found.values()];
}
