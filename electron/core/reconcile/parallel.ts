// A run of the matching engine on two threads. A bank line is only ever matched with open items of
// its own book (receivables or payables, in its currency), and all a run decides across lines
// (automatic matches, conflicts, twins) stays within a book. So the books are shared out between
// this thread and a helper thread: each runs Matcher.proposeAll on its books' lines, indexing only
// those books' open items, and the proposals are put back in the lines' order: the same
// proposals, in the same order, as one thread gives.
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { bookKey, bookOfLine } from './book-index.js';
import { Matcher, settingsOf } from './engine.js';
import type { BankLine, MatchOptions, OpenItemInput, Proposal } from './types.js';
import { RECONCILE_WORKER_ROLE, type FromRanker, type RankRequest, type Share, type ToRanker } from './worker.js';

/** Below this many lines a helper thread costs more to start (and its index to build) than it saves. */
export const PARALLEL_MIN_LINES = 5_000;
/** Below this share of the lines for either thread (one book holds nearly all), this thread does all. */
const MIN_SHARE = 0.2;

/**
 * Matcher.proposeAll(lines) of a Matcher over `items`, on this thread and a helper thread when
 * there are two threads, enough lines and books to share; else on this thread alone. Line ids
 * are unique, as the ledger's are.
 */
export async function proposeAllParallel(lines: readonly BankLine[], items: readonly OpenItemInput[], options: MatchOptions = {}, threads = 2): Promise<Proposal[]> {
  return (await rankInParallel(lines, items, options, threads)).proposals;
}

export interface ParallelRun {
  proposals: Proposal[];
  /** Lines the helper thread matched (0 when the run stayed on this thread). */
  helperLines: number;
}

/** proposeAllParallel, with what the helper did. */
export async function rankInParallel(lines: readonly BankLine[], items: readonly OpenItemInput[], options: MatchOptions = {}, threads = 2): Promise<ParallelRun> {
  settingsOf(options); // invalid options fail here, as they would on one thread
  const entry = threads >= 2 && lines.length >= PARALLEL_MIN_LINES ? workerEntry() : null;
  const shares = entry ? shareBooks(lines) : null;
  const helper = entry && shares ? startHelper(entry, { role: RECONCILE_WORKER_ROLE, options }) : null;
  if (!shares || !helper) return { proposals: new Matcher(items, options).proposeAll(lines), helperLines: 0 };
  try {
    const itemsFor = (share: Share): OpenItemInput[] => itemsOfShare(items, new Set(share.books));
    helper.worker.postMessage({ type: 'share', share: JSON.stringify(shares.helper), items: JSON.stringify(itemsFor(shares.helper)) } satisfies ToRanker);
    const matchShare = (share: Share): Proposal[] => new Matcher(itemsFor(share), options, new Set(share.books)).proposeAll(share.lines);
    const here = matchShare(shares.here);
    const theirs = await helper.proposals;
    // A helper that failed leaves its share to this thread.
    const there = theirs ?? matchShare(shares.helper);
    return { proposals: inLineOrder(lines, new Set(shares.helper.lines), here, there), helperLines: theirs ? shares.helper.lines.length : 0 };
  } finally {
    void helper.worker.terminate();
  }
}

/**
 * The books shared out between this thread and the helper, the most lines first to the thread
 * with fewer so far; null when one thread would get too small a share.
 */
function shareBooks(lines: readonly BankLine[]): { here: Share; helper: Share } | null {
  const books = lines.map(bookOfLine);
  const linesByBook = new Map<string, number>();
  for (const book of books) linesByBook.set(book, (linesByBook.get(book) ?? 0) + 1);
  const counts = { here: 0, helper: 0 };
  const owner = new Map<string, 'here' | 'helper'>();
  for (const [book, count] of [...linesByBook].sort((a, b) => b[1] - a[1])) {
    const side = counts.here <= counts.helper ? 'here' : 'helper';
    counts[side] += count;
    owner.set(book, side);
  }
  if (Math.min(counts.here, counts.helper) < lines.length * MIN_SHARE) return null;
  const here: Share = { books: [], lines: [] };
  const helper: Share = { books: [], lines: [] };
  for (const [book, side] of owner) (side === 'here' ? here : helper).books.push(book);
  for (const [i, line] of lines.entries()) (owner.get(books[i]) === 'here' ? here : helper).lines.push(line);
  return { here, helper };
}

/**
 * The open items a thread needs for its books: all of theirs, and of the other books those that
 * make a party known (the first with each name and IBAN, and any whose reference may carry a FIK
 * creditor number), in the run's order so that parties become known in the same order as with
 * every item.
 */
/** What fikCodesInFolded looks for before reading a FIK code at all. */
const MAY_CARRY_FIK = /<|FIK|BETALINGS/i;

function itemsOfShare(items: readonly OpenItemInput[], books: ReadonlySet<string>): OpenItemInput[] {
  const known = new Set<string>();
  return items.filter((item) => {
    if (books.has(bookKey(item.kind, item.currency))) return true;
    if (item.reference && MAY_CARRY_FIK.test(item.reference)) return true;
    const key = `${item.party}\u0000${item.partyIban ?? ''}`;
    if (known.has(key)) return false;
    known.add(key);
    return true;
  });
}

/** The two threads' proposals, each in its lines' order, merged in the run's line order. */
function inLineOrder(lines: readonly BankLine[], helperLines: ReadonlySet<BankLine>, here: readonly Proposal[], there: readonly Proposal[]): Proposal[] {
  const merged: Proposal[] = [];
  let h = 0;
  let t = 0;
  for (const line of lines) {
    if (helperLines.has(line)) while (t < there.length && there[t].lineId === line.id) merged.push(there[t++]);
    else while (h < here.length && here[h].lineId === line.id) merged.push(here[h++]);
  }
  return merged;
}

interface Helper {
  worker: Worker;
  /** The helper's proposals, or null when it failed (never rejects). */
  proposals: Promise<Proposal[] | null>;
}

function startHelper(entry: URL, request: RankRequest): Helper | null {
  let worker: Worker;
  try {
    worker = startWorker(entry, request);
  } catch {
    return null;
  }
  const proposals = new Promise<Proposal[] | null>((resolve) => {
    worker.on('message', (message: FromRanker) => resolve(JSON.parse(message.proposals) as Proposal[]));
    worker.on('error', () => resolve(null));
    worker.on('exit', () => resolve(null));
  });
  return { worker, proposals };
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
