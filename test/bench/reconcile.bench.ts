// Quality and speed of the matching engine on generated books.
// Run: node --import tsx test/bench/reconcile.bench.ts   (one JSON object per line on stdout)
//
// Quality, per seed and over all seeds:
//   precision = correct auto matches / auto matches (correct: its item set equals the truth)
//   recall    = correct auto matches / lines whose truth is non-null
//   top1      = among lines with a non-null truth not auto-matched, the share whose first proposal's
//               item set equals the truth (a line with no proposal counts as a miss)
// Speed: 100,000 bank lines against 100,000 open items, index build included, generation excluded;
// as the app runs it, on two threads (proposeAllParallel: the helper's start and index included).
import { matchLines } from '../../electron/core/reconcile/engine.js';
import { generateBooks } from '../../electron/core/reconcile/generator.js';
import { proposeAllParallel } from '../../electron/core/reconcile/parallel.js';
import type { Proposal } from '../../electron/core/reconcile/types.js';

const QUALITY_SEEDS = [1, 2, 3, 4, 5];
const QUALITY_SIZE = { lines: 5_000, items: 6_500 };
const SPEED_SIZE = { lines: 100_000, items: 100_000 };

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

async function speed(): Promise<void> {
  const { lines, items } = generateBooks(42, SPEED_SIZE);
  // Start the clock on a clean heap: the generator's garbage is not the engine's.
  (globalThis as { gc?: () => void }).gc?.();
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const proposals = await proposeAllParallel(lines, items);
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
      // CPU time of this process (GC and helper threads included): on a shared machine, what wall time would be alone.
      cpuSeconds: Math.round((user + system) / 1000) / 1000,
      linesPerSecond: Math.round(lines.length / seconds),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }) + '\n',
  );
}

// Speed first, so that its peak memory is its own.
await speed();
quality();
