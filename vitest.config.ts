import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Tests import the packages' sources, so a change is tested without a rebuild. The hub-server
// end-to-end tests start the built server, which `npm test` builds first.
export default defineConfig({
  resolve: {
    alias: [
      {
        find: '@signupassist/connector-bookeo/sandbox',
        replacement: source('./packages/connector-bookeo/src/sandbox/index.ts'),
      },
      {
        find: '@signupassist/connector-bookeo',
        replacement: source('./packages/connector-bookeo/src/index.ts'),
      },
      {
        find: '@signupassist/connector-campminder/sandbox',
        replacement: source('./packages/connector-campminder/src/sandbox/index.ts'),
      },
      {
        find: '@signupassist/connector-campminder',
        replacement: source('./packages/connector-campminder/src/index.ts'),
      },
      {
        find: '@signupassist/contract/testing',
        replacement: source('./packages/contract/src/testing.ts'),
      },
      { find: '@signupassist/contract', replacement: source('./packages/contract/src/index.ts') },
      {
        find: '@signupassist/conformance-kit/vitest',
        replacement: source('./packages/conformance-kit/src/vitest.ts'),
      },
      {
        find: '@signupassist/conformance-kit',
        replacement: source('./packages/conformance-kit/src/index.ts'),
      },
      {
        find: '@signupassist/mcp-hub/stripe-emulator',
        replacement: source('./packages/mcp-hub/src/payments/stripe-emulator/index.ts'),
      },
      { find: '@signupassist/mcp-hub', replacement: source('./packages/mcp-hub/src/index.ts') },
    ],
  },
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'examples/*/test/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: {
      enabled: true,
      include: ['packages/*/test/**/*.test-d.ts'],
      tsconfig: './tsconfig.base.json',
    },
  },
});
