// A helper thread of proposeAllParallel (parallel.ts): builds the book index from the run's open
// items, then ranks chunks of the run's lines, each taken from the counter shared by every thread,
// and sends each chunk's first rankings. Bundled, this module is `reconcile-worker.js`.
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { Matcher } from './engine.js';
import type { BankLine, MatchOptions, OpenItemInput, Proposal } from './types.js';

export const RECONCILE_WORKER_ROLE = 'pointage:reconcile-ranker';

export interface RankRequest {
  role: typeof RECONCILE_WORKER_ROLE;
  options: MatchOptions;
  /** The next chunk to rank, shared by every thread of the run. */
  counter: Int32Array;
  chunkLines: number;
}

/**
 * The run's lines and open items, sent once the helper is starting (its start overlaps the
 * writing), as JSON ({ lines: BankLine[], items: OpenItemInput[] }): cheaper than cloned objects,
 * as for the chunks.
 */
export interface ToRanker {
  type: 'books';
  books: string;
}

export type FromRanker =
  /**
   * The first ranking of lines[chunk * chunkLines ...], one list of proposals per line, as JSON
   * (Proposal[][]): a string crosses threads as one block, and JSON reads back these many small
   * objects in about half the time structured cloning takes, and writes them in a third.
   */
  | { type: 'chunk'; chunk: number; proposals: string }
  | { type: 'done' };

function serveRanking(port: MessagePort, request: RankRequest, books: string): void {
  const { counter, chunkLines } = request;
  const { lines, items } = JSON.parse(books) as { lines: BankLine[]; items: OpenItemInput[] };
  const matcher = new Matcher(items, request.options);
  const chunks = Math.ceil(lines.length / chunkLines);
  for (let chunk = Atomics.add(counter, 0, 1); chunk < chunks; chunk = Atomics.add(counter, 0, 1)) {
    const proposals: Proposal[][] = [];
    const to = Math.min(lines.length, (chunk + 1) * chunkLines);
    for (let i = chunk * chunkLines; i < to; i++) proposals.push(matcher.rankAlone(lines[i]).proposals);
    port.postMessage({ type: 'chunk', chunk, proposals: JSON.stringify(proposals) } satisfies FromRanker);
  }
  port.postMessage({ type: 'done' } satisfies FromRanker);
}

if (!isMainThread && (workerData as Partial<RankRequest> | null)?.role === RECONCILE_WORKER_ROLE) {
  parentPort!.once('message', (message: ToRanker) => serveRanking(parentPort!, workerData as RankRequest, message.books));
}
