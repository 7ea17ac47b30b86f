import { runCli } from './cli/run-cli.js';

// A reader that closes the pipe early, such as `| head`, must not crash the run: the checks
// finish, the reports are written and the exit code still reports the result.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

// Entry point of the `signupassist-conformance` executable. tsup adds the shebang.
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});

// A sandbox whose stop() timed out may leave its server listening, which would keep the process
// alive after the run. The timer is unref'd, so it ends only a process that would hang.
setTimeout(() => process.exit(), 1_000).unref();
