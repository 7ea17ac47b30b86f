#!/usr/bin/env node
// Checks the Node.js version before loading anything else: on an older runtime the
// dependencies fail at import time with errors that do not name the cause.
const REQUIRED_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);

if (major < REQUIRED_MAJOR) {
  process.stderr.write(
    `signupassist-hub: Node.js ${REQUIRED_MAJOR} or later is required, and this is ` +
      `${process.version}. Start the server with "npm start", or run it with the Node.js the ` +
      'project installs: node_modules/.bin/node apps/hub-server/dist/main.js\n',
  );
  process.exit(2);
}

const { main } = await import('./server.js');
await main(process.argv.slice(2));

export {};
