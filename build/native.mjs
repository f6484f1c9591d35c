// Builds the native modules for this Node.js when their binding is missing.
// Install scripts are disabled in .npmrc (no dependency runs code at install time), so the one
// native module the core needs, better-sqlite3, is compiled here from source on first use.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.dirname(require.resolve('better-sqlite3/package.json'));
const binding = path.join(root, 'build', 'Release', 'better_sqlite3.node');

if (!existsSync(binding)) {
  console.error('Building better-sqlite3 for this Node.js (once, about 90 s)...');
  // --build-from-source: prebuilt binaries are a download, which we never do.
  execFileSync('npx', ['--no-install', 'node-gyp', 'rebuild', '--release', '-j', 'max'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}
