// Quality and speed of the matching engine on generated books.
// Run: node --import tsx test/bench/reconcile.bench.ts   (one JSON object per line on stdout)
//
// Quality, per seed and over all seeds:
//   precision = correct auto matches / auto matches (correct: its item set equals the truth)
//   recall    = correct auto matches / lines whose truth is non-null
//   top1      = among lines with a non-null truth not auto-matched, the share whose first proposal's
//               item set equals the truth (a line with no proposal counts as a miss)
// Speed: 100,000 bank lines against 100,000 open items (reconcile-speed.ts), bundled as the app
// is and run in a plain Node process: run from sources, the helper thread would compile
// TypeScript first, which the app never does.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { matchLines } from '../../electron/core/reconcile/engine.js';
import { generateBooks } from '../../electron/core/reconcile/generator.js';
import type { Proposal } from '../../electron/core/reconcile/types.js';

const QUALITY_SEEDS = [1, 2, 3, 4, 5];
const QUALITY_SIZE = { lines: 5_000, items: 6_500 };

interface Counts {
  lines: number;
  paying: number;
  auto: number;
  autoCorrect: number;
  suggested: number;
  top1Correct: number;
}

function sameSet(proposal: Proposal | undefined, truth: readonly number[]): boolean {
  if (!proposal || proposal.items.length !== truth.length) return false;
  const ids = new Set(proposal.items.map((i) => i.itemId));
  return truth.every((id) => ids.has(id));
}

function firstByLine(proposals: readonly Proposal[]): Map<number, Proposal> {
  const first = new Map<number, Proposal>();
  for (const p of proposals) if (!first.has(p.lineId)) first.set(p.lineId, p);
  return first;
}

function count(seed: number): Counts {
  const { lines, items, truth } = generateBooks(seed, QUALITY_SIZE);
  const first = firstByLine(matchLines(lines, items));
  const c: Counts = { lines: lines.length, paying: 0, auto: 0, autoCorrect: 0, suggested: 0, top1Correct: 0 };
  for (const line of lines) {
    const expected = truth.get(line.id) ?? null;
    const top = first.get(line.id);
    if (expected) c.paying++;
    if (top?.status === 'auto') {
      c.auto++;
      if (expected && sameSet(top, expected)) c.autoCorrect++;
    } else if (expected) {
      c.suggested++;
      if (sameSet(top, expected)) c.top1Correct++;
    }
  }
  return c;
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : Math.round((part / whole) * 10_000) / 10_000;
}

function report(bench: string, extra: Record<string, unknown>, c: Counts): void {
  const line = {
    bench,
    ...extra,
    lines: c.lines,
    paying: c.paying,
    auto: c.auto,
    precision: ratio(c.autoCorrect, c.auto),
    recall: ratio(c.autoCorrect, c.paying),
    top1: ratio(c.top1Correct, c.suggested),
    wrongAuto: c.auto - c.autoCorrect,
  };
  process.stdout.write(JSON.stringify(line) + '\n');
}

function quality(): void {
  const total: Counts = { lines: 0, paying: 0, auto: 0, autoCorrect: 0, suggested: 0, top1Correct: 0 };
  for (const seed of QUALITY_SEEDS) {
    const c = count(seed);
    report('reconcile.quality.seed', { seed }, c);
    for (const key of Object.keys(total) as (keyof Counts)[]) total[key] += c[key];
  }
  report('reconcile.quality', { seeds: QUALITY_SEEDS.length }, total);
}

/** reconcile-speed.ts and the engine's helper thread, bundled into a temporary folder, run in a plain Node process. */
async function speed(): Promise<void> {
  // Inside the project, so that the bundle's packages resolve from node_modules as dist/'s do.
  mkdirSync('node_modules/.cache', { recursive: true });
  const dir = mkdtempSync(path.join('node_modules/.cache', 'reconcile-bench-'));
  try {
    const common = { bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'warning', packages: 'external' } as const;
    await build({ ...common, entryPoints: { speed: 'test/bench/reconcile-speed.ts', 'reconcile-worker': 'electron/core/reconcile/worker.ts' }, outdir: dir });
    writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}'); // as dist/ is, by the project's package.json
    const run = spawnSync(process.execPath, ['--expose-gc', path.join(dir, 'speed.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (run.status !== 0) throw new Error(`reconcile-speed exited with ${run.status}`);
    process.stdout.write(run.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Speed first, so that its peak memory is its own.
await speed();
quality();
