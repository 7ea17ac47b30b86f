import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { AnyConnector } from '@signupassist/contract';

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

/**
 * Finds installed connector packages by the `signupassist` field of their package.json and
 * imports each one's connector. A package whose field or export is invalid is an error naming
 * the package, so a broken install is not silently skipped. The one exception is a private
 * package that fails to import, which is passed to `onSkip` and left out.
 */
export async function discoverConnectors(
  startDirectory: string,
  onSkip?: (packageName: string, reason: string) => void,
): Promise<DiscoveredConnector[]> {
  const found = new Map<string, DiscoveredConnector>();
  for (const nodeModules of nodeModulesChain(startDirectory)) {
    for (const directory of await packageDirectories(nodeModules)) {
      const manifest = (await readJson(join(directory, 'package.json'))) as
        { name?: string; version?: string; private?: boolean; signupassist?: unknown } | undefined;
      if (!manifest?.name || manifest.signupassist === undefined || found.has(manifest.name)) {
        continue;
      }
      const field = ConnectorFieldSchema.safeParse(manifest.signupassist);
      if (!field.success) {
        throw new Error(
          `Package ${manifest.name} has an invalid "signupassist" field in package.json: ` +
            `${field.error.issues[0]?.path.join('.')} ${field.error.issues[0]?.message}.`,
        );
      }
      let module: Record<string, unknown>;
      try {
        module = (await import(manifest.name)) as Record<string, unknown>;
      } catch (error) {
        // A private package is a workspace example or fixture, never an installed connector:
        // one that Node cannot load (e.g. one exporting TypeScript sources) is skipped.
        if (manifest.private !== true) throw error;
        onSkip?.(manifest.name, error instanceof Error ? error.message : String(error));
        continue;
      }
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
  return [...found.values()];
}
