import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyConnector } from '@signupassist/contract';
import type { StartConformanceSandbox } from '@signupassist/contract/testing';
import { exports as resolveExports, legacy as resolveLegacyEntry } from 'resolve.exports';
import type { ConnectorPackage } from './connector-package.js';
import { CliUsageError } from './errors.js';

/** Imports the connector object that the package's `signupassist.export` names. */
export async function importConnector(pkg: ConnectorPackage): Promise<AnyConnector> {
  const module = await importSubpath(pkg, '.');
  const exportName = pkg.field.export;
  const connector = module[exportName];

  if (connector === undefined) {
    throw new CliUsageError(
      `Package ${pkg.name} does not export "${exportName}", which its package.json ` +
        `"signupassist.export" names. ${describeExports(module)} Correct the field or the export.`,
    );
  }
  if (!isConnector(connector)) {
    throw new CliUsageError(
      `Export "${exportName}" of ${pkg.name} is not a connector: it needs a manifest object and ` +
        'the operations of the Connector interface (listPrograms, book, ...).',
    );
  }
  if (connector.manifest.id !== pkg.field.connector) {
    throw new CliUsageError(
      `Export "${exportName}" of ${pkg.name} has manifest id "${connector.manifest.id}", but ` +
        `package.json "signupassist.connector" says "${pkg.field.connector}". Make them equal.`,
    );
  }
  return connector;
}

/** Imports `startConformanceSandbox` from the package subpath that `signupassist.sandbox` names. */
export async function importSandboxStarter(
  pkg: ConnectorPackage,
): Promise<StartConformanceSandbox> {
  const subpath = pkg.field.sandbox;
  if (subpath === undefined) {
    throw new CliUsageError(
      `Package ${pkg.name} names no sandbox: add "sandbox": "./sandbox" to the "signupassist" ` +
        'field of its package.json, pointing at a subpath that exports startConformanceSandbox, ' +
        'or run against the live provider with --live --vendor FILE.',
    );
  }
  const module = await importSubpath(pkg, subpath);
  const start = module.startConformanceSandbox;
  if (typeof start !== 'function') {
    throw new CliUsageError(
      `Subpath ${pkg.name}/${subpath.slice(2)} does not export a startConformanceSandbox ` +
        `function. ${describeExports(module)} Export one of type StartConformanceSandbox from ` +
        '@signupassist/contract/testing.',
    );
  }
  return start as StartConformanceSandbox;
}

/**
 * Resolves a subpath through the package's `exports` map and imports it. The `import` condition
 * comes first. A CommonJS-only package resolves through `require`, and `import()` loads it too.
 */
async function importSubpath(
  pkg: ConnectorPackage,
  subpath: string,
): Promise<Record<string, unknown>> {
  const file = join(pkg.directory, resolveEntry(pkg, subpath));
  const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;

  if (!existsSync(file)) {
    throw new CliUsageError(
      `${specifier} resolves to ${file}, which does not exist. Build the package first ` +
        '(for example npm run build in its directory).',
    );
  }
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new CliUsageError(
      `Failed to import ${specifier} from ${file}: ${(error as Error).message}`,
    );
  }
}

function resolveEntry(pkg: ConnectorPackage, subpath: string): string {
  if (pkg.manifest.exports === undefined) {
    if (subpath !== '.') return subpath;
    return (
      resolveLegacyEntry(pkg.manifest, { browser: false, fields: ['module', 'main'] }) ?? 'index.js'
    );
  }
  const target =
    exportTarget(pkg.manifest, subpath, false) ?? exportTarget(pkg.manifest, subpath, true);
  if (target === undefined) {
    throw new CliUsageError(
      `Package ${pkg.name} does not export the subpath "${subpath}" in its package.json ` +
        `"exports" map. Add it, or correct the "signupassist" field.`,
    );
  }
  return target;
}

function exportTarget(
  manifest: Record<string, unknown>,
  subpath: string,
  require: boolean,
): string | undefined {
  try {
    return resolveExports(manifest, subpath, { conditions: ['node'], require })?.[0];
  } catch {
    // resolve.exports throws when no entry matches the subpath and conditions.
    return undefined;
  }
}

function isConnector(value: unknown): value is AnyConnector {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  const manifest = candidate.manifest as Record<string, unknown> | undefined;
  return (
    typeof manifest === 'object' &&
    manifest !== null &&
    typeof manifest.id === 'string' &&
    typeof candidate.listPrograms === 'function' &&
    typeof candidate.listSessions === 'function' &&
    typeof candidate.getRegistrationForm === 'function'
  );
}

function describeExports(module: Record<string, unknown>): string {
  const names = Object.keys(module).filter((name) => name !== 'default');
  return names.length === 0
    ? 'The module exports nothing.'
    : `Its exports are: ${names.sort().join(', ')}.`;
}
