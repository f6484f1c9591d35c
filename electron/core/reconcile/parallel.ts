// A run of the matching engine on more than one thread. Every line's first ranking is independent
// of the others, so the lines are ranked in chunks by this thread and by helper threads (each
// builds its own book index from the same open items); this thread then resolves the conflicts
// across lines exactly as Matcher.proposeAll does, on the gathered rankings: the proposals are the
// same, in the same order. Chunks are taken from one shared counter, so a thread that starts late
// (a helper builds its index while this thread builds its own) or runs slower ranks fewer.
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { Matcher, settingsOf, type LineResult } from './engine.js';
import type { BankLine, MatchOptions, OpenItemInput, Proposal } from './types.js';
import { RECONCILE_WORKER_ROLE, type FromRanker, type RankRequest, type ToRanker } from './worker.js';

/** Below this many lines a helper thread costs more to start (and its index to build) than it saves. */
export const PARALLEL_MIN_LINES = 5_000;
/** Lines ranked between two looks at the shared counter: small enough to share the end of the run evenly. */
const CHUNK_LINES = 500;

/**
 * Matcher.proposeAll(lines) of a Matcher over `items`, ranked by `threads` threads (this one and
 * threads - 1 helpers). Runs on this thread alone for small runs, or when no worker can be started.
 */
export async function proposeAllParallel(lines: readonly BankLine[], items: readonly OpenItemInput[], options: MatchOptions = {}, threads = 2): Promise<Proposal[]> {
  return (await rankInParallel(lines, items, options, threads)).proposals;
}

export interface ParallelRun {
  proposals: Proposal[];
  /** Chunks of lines the helper threads ranked (0 when the run stayed on this thread). */
  helperChunks: number;
}

export interface ParallelTuning {
  chunkLines?: number;
  /** False: this thread leaves the ranking to the helpers (it still resolves the conflicts). */
  rankHere?: boolean;
}

/** proposeAllParallel, with what the helpers did. */
export async function rankInParallel(lines: readonly BankLine[], items: readonly OpenItemInput[], options: MatchOptions = {}, threads = 2, tuning: ParallelTuning = {}): Promise<ParallelRun> {
  settingsOf(options); // invalid options fail here, as they would on one thread
  const entry = threads >= 2 && lines.length >= PARALLEL_MIN_LINES ? workerEntry() : null;
  if (!entry) return { proposals: new Matcher(items, options).proposeAll(lines), helperChunks: 0 };

  const chunkLines = tuning.chunkLines ?? CHUNK_LINES;
  const chunks = Math.ceil(lines.length / chunkLines);
  const counter = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const results: (LineResult | undefined)[] = new Array<LineResult | undefined>(lines.length);
  let helperChunks = 0;
  const helpers: Helper[] = [];
  for (let i = 1; i < threads; i++) {
    const helper = startHelper(entry, { role: RECONCILE_WORKER_ROLE, options, counter, chunkLines }, (message) => {
      const from = message.chunk * chunkLines;
      for (const [k, proposals] of (JSON.parse(message.proposals) as Proposal[][]).entries()) results[from + k] = { line: lines[from + k], proposals, analysis: null };
      helperChunks++;
    });
    if (helper) helpers.push(helper);
  }
  try {
    const books = JSON.stringify({ lines, items });
    for (const h of helpers) h.worker.postMessage({ type: 'books', books } satisfies ToRanker);
    const matcher = new Matcher(items, options);
    if (tuning.rankHere !== false || helpers.length === 0) {
      for (let chunk = Atomics.add(counter, 0, 1); chunk < chunks; chunk = Atomics.add(counter, 0, 1)) {
        const to = Math.min(lines.length, (chunk + 1) * chunkLines);
        for (let i = chunk * chunkLines; i < to; i++) results[i] = matcher.rankAlone(lines[i]);
        // Lets the helpers' chunks in meanwhile, rather than all at the end.
        if (helpers.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    await Promise.all(helpers.map((h) => h.done));
    // A helper that failed leaves its chunks unranked: they are ranked here.
    for (const [i, result] of results.entries()) if (!result) results[i] = matcher.rankAlone(lines[i]);
    return { proposals: matcher.resolve(results as LineResult[]), helperChunks };
  } finally {
    for (const h of helpers) void h.worker.terminate();
  }
}

interface Helper {
  worker: Worker;
  /** Settles when the helper has sent its last chunk, or stopped (never rejects). */
  done: Promise<void>;
}

function startHelper(entry: URL, request: RankRequest, receive: (message: Extract<FromRanker, { type: 'chunk' }>) => void): Helper | null {
  let worker: Worker;
  try {
    worker = startWorker(entry, request);
  } catch {
    return null;
  }
  const done = new Promise<void>((resolve) => {
    worker.on('message', (message: FromRanker) => {
      if (message.type === 'chunk') receive(message);
      else resolve();
    });
    worker.on('error', () => resolve());
    worker.on('exit', () => resolve());
  });
  return { worker, done };
}

/**
 * The file a helper runs: worker.ts (or .js) beside this module when it is not bundled; else
 * `reconcile-worker.js` beside the bundle if the build wrote one, else none (one thread).
 */
function workerEntry(): URL | null {
  const self = new URL(import.meta.url);
  const source = /\/reconcile\/parallel\.([cm]?[jt]s)$/.exec(self.pathname);
  const entry = source ? new URL(`./worker.${source[1]}`, self) : new URL('./reconcile-worker.js', self);
  return existsSync(entry) ? entry : null;
}

function startWorker(entry: URL, request: RankRequest): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: request });
  // Run from sources (tsx), the worker registers tsx before importing its module: Node 20 does
  // not apply an inherited `--import tsx` to a worker's entry file.
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData: request });
}
