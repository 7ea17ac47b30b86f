// Builds better-sqlite3's native addon for the Node.js that runs this script.
//
// The install script of better-sqlite3 first tries to download a prebuilt binary and then
// compiles against the headers of `nodedir`. Offline, with `nodedir` pointing at the system
// Node's headers, that yields an addon for the wrong ABI. This script compiles it against the
// headers of the running Node.js instead, taken from the npm registry package
// `node-<platform>-<arch>` of the same version, which ships `include/node`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const version = process.version.slice(1);

// Loads the addon in a child process: a failed dlopen stays cached in this one.
function addonLoads() {
  try {
    execFileSync(
      process.execPath,
      ['-e', "const D = require('better-sqlite3'); new D(':memory:').close()"],
      { cwd: root, stdio: 'pipe' },
    );
    return true;
  } catch (error) {
    const reason = error.stderr
      .toString()
      .split('\n')
      .find((line) => line.startsWith('Error'));
    console.log(`better-sqlite3 does not load on Node.js ${version}: ${reason ?? 'unknown error'}`);
    return false;
  }
}

function fetchHeaders() {
  const headersDir = join(root, 'node_modules', '.cache', 'node-headers', version);
  if (existsSync(join(headersDir, 'include', 'node', 'node_version.h'))) return headersDir;

  const packageName = `node-${process.platform}-${process.arch}`;
  mkdirSync(headersDir, { recursive: true });
  const tarball = execFileSync(
    'npm',
    ['pack', `${packageName}@${version}`, '--silent', '--pack-destination', headersDir],
    { cwd: headersDir, encoding: 'utf8' },
  )
    .trim()
    .split('\n')
    .pop();
  execFileSync('tar', ['xzf', tarball, '--strip-components=1', 'package/include'], {
    cwd: headersDir,
  });
  rmSync(join(headersDir, tarball));
  return headersDir;
}

// npm sets npm_config_node_gyp for lifecycle scripts; otherwise use the node-gyp bundled with npm.
function nodeGypScript() {
  if (process.env.npm_config_node_gyp) return process.env.npm_config_node_gyp;
  const npmRoot = execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim();
  return join(npmRoot, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
}

if (!existsSync(join(root, 'node_modules', 'better-sqlite3'))) process.exit(0);
if (addonLoads()) process.exit(0);

console.log(`Compiling better-sqlite3 for Node.js ${version} (this takes a minute or two)`);
const nodedir = fetchHeaders();
execFileSync(process.execPath, [nodeGypScript(), 'rebuild', '--release', `--nodedir=${nodedir}`], {
  cwd: join(root, 'node_modules', 'better-sqlite3'),
  stdio: 'inherit',
  // npm exports its own `nodedir` setting to scripts, and node-gyp prefers it to the flag.
  env: { ...process.env, npm_config_nodedir: nodedir },
});

if (!addonLoads()) {
  console.error(
    'better-sqlite3 still does not load after compiling; see the compiler output above.',
  );
  process.exit(1);
}
