import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { CliUsageError } from './errors.js';

/** Valid npm package names, scoped or not; anything else is taken as a path. */
const PACKAGE_NAME = /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

const FIELD_EXAMPLE =
  '"signupassist": { "connector": "bookeo", "export": "bookeoConnector", "sandbox": "./sandbox" }';

/** The `signupassist` field of a connector's package.json: where the kit finds its parts. */
const SignupassistFieldSchema = z.object({
  /** Manifest id of the connector. */
  connector: z.string().min(1, 'must be the manifest id of the connector, such as "bookeo"'),
  /** Name of the package export whose value is the connector object. */
  export: z
    .string()
    .min(1, 'must name the export that holds the connector, such as "bookeoConnector"'),
  /** Package subpath whose module exports `startConformanceSandbox`. */
  sandbox: z
    .string()
    .regex(/^\.\/./, 'must be a subpath of the package, such as "./sandbox"')
    .optional(),
});

/** The `signupassist` field of a connector's package.json. */
export type SignupassistField = z.infer<typeof SignupassistFieldSchema>;

/** A connector package found on disk, with its manifest of parts. */
export interface ConnectorPackage {
  /** Package name from its package.json. */
  name: string;
  version: string;
  /** Real path of the package directory. */
  directory: string;
  /** The parsed package.json. */
  manifest: Record<string, unknown>;
  field: SignupassistField;
}

/**
 * Finds a connector package by npm name (installed in a `node_modules` directory of `cwd` or one
 * of its parents) or by directory path, and reads its `signupassist` field.
 * Without a specifier, the package in `cwd` is used.
 */
export function findConnectorPackage(specifier: string | undefined, cwd: string): ConnectorPackage {
  const directory =
    specifier === undefined
      ? packageDirectoryAt(cwd, 'the current directory')
      : PACKAGE_NAME.test(specifier)
        ? installedPackageDirectory(specifier, cwd)
        : packageDirectoryAt(resolve(cwd, specifier), `"${specifier}"`);

  const manifestPath = join(directory, 'package.json');
  const manifest = readPackageJson(manifestPath);
  const name = typeof manifest.name === 'string' ? manifest.name : relative(cwd, directory);
  const version = typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  return { name, version, directory, manifest, field: readField(manifest, name) };
}

function packageDirectoryAt(directory: string, description: string): string {
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new CliUsageError(
      `Connector ${description} is not a directory (${directory}). Pass an installed package ` +
        'name such as @signupassist/connector-bookeo, or the path of a package directory.',
    );
  }
  if (!existsSync(join(directory, 'package.json'))) {
    throw new CliUsageError(
      `${description} has no package.json (${directory}). Pass the directory that contains ` +
        "the connector's package.json, or its installed package name.",
    );
  }
  return realpathSync(directory);
}

/** Walks up from `cwd` the way Node does, looking in each `node_modules` directory. */
function installedPackageDirectory(name: string, cwd: string): string {
  let directory = resolve(cwd);
  for (;;) {
    const candidate = join(directory, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  const hint = isAbsolute(name) ? '' : ` If "${name}" is a directory, pass it as ./${name}.`;
  throw new CliUsageError(
    `Cannot find package "${name}" in node_modules from ${resolve(cwd)}. ` +
      `Install it (npm install --save-dev ${name}) or pass the path of its package ` +
      `directory.${hint}`,
  );
}

function readPackageJson(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliUsageError(
      `Cannot read ${path}: ${(error as Error).message}. Fix the file so it is valid JSON.`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CliUsageError(`${path} must contain a JSON object.`);
  }
  return parsed as Record<string, unknown>;
}

function readField(manifest: Record<string, unknown>, name: string): SignupassistField {
  if (manifest.signupassist === undefined) {
    throw new CliUsageError(
      `Package ${name} has no "signupassist" field in its package.json, so the kit cannot find ` +
        `its connector. Add one such as ${FIELD_EXAMPLE}.`,
    );
  }
  const field = SignupassistFieldSchema.safeParse(manifest.signupassist);
  if (!field.success) {
    const issue = field.error.issues[0];
    const path = ['signupassist', ...(issue?.path ?? [])].join('.');
    throw new CliUsageError(
      `Invalid "${path}" in the package.json of ${name}: ${issue?.message}. ` +
        `Expected a field such as ${FIELD_EXAMPLE}.`,
    );
  }
  return field.data;
}
