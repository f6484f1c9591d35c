// Bundles the Node and Electron entry points with esbuild (the renderer is built by Vite):
//   dist/cli/pointage.js   the CLI and browser mode
//   dist/main/main.mjs     the Electron main process
//   dist/main/preload.cjs  the preload (CommonJS: sandboxed preloads cannot be ES modules)
//   dist/*/statements-worker.js  the statement parser's worker thread
//   dist/*/reconcile-worker.js   the matching engine's helper thread
//   dist/demo/             the demo company's bundled files
import { build } from 'esbuild';
import { chmodSync, cpSync, mkdirSync } from 'node:fs';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', packages: 'external' };

await build({ ...common, entryPoints: ['electron/cli/pointage.ts'], outfile: 'dist/cli/pointage.js', format: 'esm' }); // keeps the entry's #! line
await build({ ...common, entryPoints: ['electron/main/main.ts'], outfile: 'dist/main/main.mjs', format: 'esm', external: ['electron'] });
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/main/preload.cjs', format: 'cjs', external: ['electron'] });
// Large statement files are parsed in a worker thread, which runs this module beside each bundle.
for (const outdir of ['dist/cli', 'dist/main']) {
  await build({ ...common, entryPoints: { 'statements-worker': 'electron/core/import/statements.ts' }, outdir, format: 'esm' });
}
// A large reconciliation run ranks its lines on a helper thread too (electron/core/reconcile/parallel.ts).
for (const outdir of ['dist/cli', 'dist/main']) {
  await build({ ...common, entryPoints: { 'reconcile-worker': 'electron/core/reconcile/worker.ts' }, outdir, format: 'esm' });
}
chmodSync('dist/cli/pointage.js', 0o755);
mkdirSync('dist/demo', { recursive: true });
cpSync('electron/core/demo/data', 'dist/demo', { recursive: true });
