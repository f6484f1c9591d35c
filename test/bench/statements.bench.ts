// Speed and memory of statement imports on generated files of 200,000 entries: a camt.053 of
// about 200 MB and an MT940. Run: node --import tsx test/bench/statements.bench.ts
// (one JSON object per measurement on stdout, progress on stderr).
//
// Each measurement runs in a process of its own (statements-task.ts), so that its peak RSS is
// its own: parse only (ours), import into a fresh ledger, re-import of the same file into that
// ledger (every entry a duplicate), and the best-known npm parsers of each format on the same
// file. Those take the whole text in memory; they get a large heap so that they can finish.
// Targets: import >= 50,000 entries/s and re-import >= 100,000 entries/s, both under 300 MB.
//
// The task runs bundled by esbuild, as the application ships, with plain node: run through tsx,
// every thread would also carry the TypeScript loader (about 50 MB each). Beside it is the
// statement parser worker, bundled as the application's build is to bundle it (see
// workerEntry in electron/core/import/statements.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { writeCamt053 } from './generate-camt.js';
import { writeMt940 } from './generate-mt940.js';

const ENTRIES = 200_000;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TASK_TIMEOUT_MS = 15 * 60_000;
const TARGETS = {
  import: { entriesPerSecond: 50_000, peakRssMb: 300 },
  reimport: { entriesPerSecond: 100_000, peakRssMb: 300 },
};

interface Subject {
  format: 'camt.053' | 'mt940';
  file: string;
  bytes: number;
  npmParsers: string[];
}

interface TaskResult {
  entries: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  inserted?: number;
  duplicates?: number;
}

function runTask(code: string, task: string, file: string, dataDir = '', heapMb?: number): TaskResult | { error: string } {
  const heap = heapMb ? [`--max-old-space-size=${heapMb}`] : [];
  const run = spawnSync(process.execPath, [...heap, path.join(code, 'statements-task.js'), task, file, dataDir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, POINTAGE_LOG: 'silent' },
    timeout: TASK_TIMEOUT_MS,
    maxBuffer: 16 << 20,
  });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status === 0 && last.startsWith('{')) return JSON.parse(last) as TaskResult;
  const why = run.error?.message ?? run.stderr.trim().split('\n').filter((l) => /error|memory/i.test(l)).slice(0, 2).join(' / ');
  return { error: `exit ${run.status ?? run.signal}: ${why || 'no output'}` };
}

function speed(subject: Subject, r: TaskResult) {
  return {
    entries: r.entries,
    bytes: subject.bytes,
    seconds: Math.round(r.seconds * 1000) / 1000,
    // All threads' CPU time: well above `seconds`, the two cores worked together; well below,
    // the measurement waited for other processes on a shared machine.
    cpuSeconds: Math.round(r.cpuSeconds * 1000) / 1000,
    entriesPerSecond: Math.round(r.entries / r.seconds),
    mbPerSecond: Math.round(subject.bytes / 1e6 / r.seconds),
    peakRssMb: r.peakRssMb,
  };
}

function report(line: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(line) + '\n');
}

function measureParsers(code: string, subject: Subject): void {
  for (const parser of ['pointage', ...subject.npmParsers]) {
    process.stderr.write(`statements: parse ${subject.format} with ${parser}\n`);
    const r = runTask(code, parser === 'pointage' ? 'parse' : parser, subject.file, '', parser === 'pointage' ? undefined : 16_384);
    const head = { bench: 'statements.parse', format: subject.format, parser };
    report('error' in r ? { ...head, bytes: subject.bytes, ...r } : { ...head, ...speed(subject, r) });
  }
}

function measureImports(code: string, subject: Subject, dataDir: string): void {
  for (const task of ['import', 'reimport'] as const) {
    process.stderr.write(`statements: ${task} ${subject.format}\n`);
    const r = runTask(code, task, subject.file, dataDir);
    const head = { bench: `statements.${task}`, format: subject.format };
    if ('error' in r) {
      report({ ...head, bytes: subject.bytes, ...r, target: TARGETS[task], met: false });
      continue;
    }
    const line = speed(subject, r);
    // Right counts are part of the target: an import that skipped work would be fast too.
    const counted = task === 'import' ? r.inserted === ENTRIES : r.inserted === 0 && r.duplicates === ENTRIES;
    const met = counted && line.entriesPerSecond >= TARGETS[task].entriesPerSecond && line.peakRssMb < TARGETS[task].peakRssMb;
    report({ ...head, ...line, inserted: r.inserted, duplicates: r.duplicates, target: TARGETS[task], met });
  }
}

/** Bundles the task and the worker into `code`, whose node_modules is the project's. */
async function bundleTask(code: string): Promise<void> {
  mkdirSync(code);
  writeFileSync(path.join(code, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(code, 'node_modules'), 'dir');
  await build({
    entryPoints: {
      'statements-task': path.join(ROOT, 'test/bench/statements-task.ts'),
      'statements-worker': path.join(ROOT, 'electron/core/import/statements.ts'),
    },
    outdir: code, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning',
  });
}

async function generate(dir: string): Promise<Subject[]> {
  process.stderr.write(`statements: writing two files of ${ENTRIES} entries in ${dir}\n`);
  const camt = path.join(dir, 'bench.camt053.xml');
  const mt940 = path.join(dir, 'bench.mt940.sta');
  return [
    { format: 'camt.053', file: camt, bytes: (await writeCamt053(camt, ENTRIES)).bytes, npmParsers: ['iso20022.js', 'camt-parser'] },
    { format: 'mt940', file: mt940, bytes: (await writeMt940(mt940, ENTRIES)).bytes, npmParsers: ['mt940js'] },
  ];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pointage-bench-statements-'));
  try {
    const code = path.join(dir, 'code');
    await bundleTask(code);
    for (const subject of await generate(dir)) {
      measureParsers(code, subject);
      const dataDir = path.join(dir, `data-${subject.format}`);
      mkdirSync(dataDir);
      measureImports(code, subject, dataDir);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
