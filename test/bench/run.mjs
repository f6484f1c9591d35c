// `npm run bench`: runs every test/bench/*.bench.ts in its own process (so each measures its own
// memory) and prints one JSON object per benchmark on stdout. Progress goes to stderr.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o)))).sort();
let failed = 0;
for (const file of benches) {
  process.stderr.write(`bench: ${file}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(dir, file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, POINTAGE_LOG: 'silent' },
    maxBuffer: 64 << 20,
  });
  for (const line of run.stdout.split('\n').filter((l) => l.trim())) {
    try {
      process.stdout.write(JSON.stringify(JSON.parse(line)) + '\n');
    } catch {
      process.stderr.write(`${file}: ${line}\n`);
    }
  }
  if (run.status !== 0) {
    failed++;
    process.stderr.write(`bench: ${file} failed (exit ${run.status})\n`);
  }
}
process.exit(failed ? 1 : 0);
