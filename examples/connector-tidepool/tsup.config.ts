import { defineConfig } from 'tsup';

// Builds the JavaScript that hosts and the signupassist-conformance command load with plain
// Node.js. Tests and the type checker read the TypeScript sources instead (see package.json).
export default defineConfig({
  entry: { index: 'src/index.ts', sandbox: 'src/sandbox.ts' },
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'node24',
});
