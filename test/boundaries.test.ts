import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Which workspace packages each package's source may import. Dependencies point one way:
 * connectors and the hub depend on the contract only; the server composes everything.
 */
const ALLOWED: Record<string, string[]> = {
  'packages/contract': [],
  'packages/connector-bookeo': ['@signupassist/contract'],
  'packages/connector-campminder': ['@signupassist/contract'],
  'packages/conformance-kit': ['@signupassist/contract'],
  'packages/mcp-hub': ['@signupassist/contract'],
  'apps/hub-server': [
    '@signupassist/contract',
    '@signupassist/mcp-hub',
    '@signupassist/connector-bookeo',
    '@signupassist/connector-campminder',
  ],
  'examples/connector-tidepool': ['@signupassist/contract', '@signupassist/conformance-kit'],
};

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts)$/.test(entry.name) ? [path] : [];
  });
}

function workspaceImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g),
    ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((match) => match[1]!);
  return specifiers
    .filter((specifier) => specifier.startsWith('@signupassist/'))
    .map((specifier) => specifier.split('/').slice(0, 2).join('/'));
}

describe('package boundaries', () => {
  for (const [packagePath, allowed] of Object.entries(ALLOWED)) {
    it(`${packagePath} imports only what it may`, () => {
      const violations = sourceFiles(join(root, packagePath, 'src')).flatMap((file) =>
        workspaceImports(file)
          .filter((name) => !allowed.includes(name))
          .map((name) => `${relative(root, file)} imports ${name}`),
      );
      expect(violations).toEqual([]);
    });
  }

  it('hub-server finds connectors without importing them', () => {
    const files = sourceFiles(join(root, 'apps/hub-server/src'));
    const imported = files.flatMap(workspaceImports);
    expect(imported).not.toContain('@signupassist/connector-bookeo');
  });

  it('covers every workspace package', () => {
    const packages = ['packages', 'apps', 'examples'].flatMap((folder) =>
      readdirSync(join(root, folder)).map((name) => `${folder}/${name}`),
    );
    expect(packages.sort()).toEqual(Object.keys(ALLOWED).sort());
  });
});
