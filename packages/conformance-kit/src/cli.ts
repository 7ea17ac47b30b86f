import { runCli } from './cli/run-cli.js';

// Entry point of the `signupassist-conformance` executable; tsup adds the shebang.
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});
