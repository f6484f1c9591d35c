// The speed half of reconcile.bench.ts: 100,000 bank lines against 100,000 open items, matched as
// the app matches them (rankInParallel: the helper thread's start, share and index included; generation
// excluded). reconcile.bench.ts bundles this file with the engine, as build/bundle.mjs bundles the
// app, and runs it in a plain Node process: one JSON object on stdout.
import { generateBooks } from '../../electron/core/reconcile/generator.js';
import { rankInParallel } from '../../electron/core/reconcile/parallel.js';

const SIZE = { lines: 100_000, items: 100_000 };

const { lines, items } = generateBooks(42, SIZE);
// Start the clock on a clean heap: the generator's garbage is not the engine's.
(globalThis as { gc?: () => void }).gc?.();
const started = process.hrtime.bigint();
const cpu = process.cpuUsage();
const { proposals, helperLines } = await rankInParallel(lines, items);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const { user, system } = process.cpuUsage(cpu);
process.stdout.write(
  JSON.stringify({
    bench: 'reconcile.speed',
    lines: lines.length,
    items: items.length,
    proposals: proposals.length,
    seconds: Math.round(seconds * 1000) / 1000,
    threads: 2,
    // Lines the helper thread matched: 0 would mean the run stayed on one thread.
    helperLines,
    // CPU time of the process (GC and the helper thread included).
    cpuSeconds: Math.round((user + system) / 1000) / 1000,
    linesPerSecond: Math.round(lines.length / seconds),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }) + '\n',
);
