import { defineConfig } from 'tsup';

// The server is an application: one ESM bundle per entry, its dependencies left in node_modules.
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'node24',
});
