// The helper thread of rankInParallel (parallel.ts): receives its share of a run (the lines of
// some books) and the run's open items, runs Matcher.proposeAll on its books and sends the
// proposals back. Bundled, this module is `reconcile-worker.js`.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Matcher } from './engine.js';
import type { BankLine, MatchOptions, OpenItemInput } from './types.js';

export const RECONCILE_WORKER_ROLE = 'pointage:reconcile-ranker';

export interface RankRequest {
  role: typeof RECONCILE_WORKER_ROLE;
  options: MatchOptions;
}

/** A thread's share of a run: the lines of some books, in the run's order, and the books. */
export interface Share {
  books: string[];
  lines: BankLine[];
}

/**
 * The helper's share and the run's open items, sent once it is starting (its start overlaps the
 * writing), as JSON: a string crosses threads as one block, and JSON reads back these many small
 * objects in about half the time structured cloning takes, and writes them in a third.
 */
export interface ToRanker {
  type: 'share';
  /** Share */
  share: string;
  /** OpenItemInput[] */
  items: string;
}

/** The proposals of the helper's lines, as JSON (Proposal[], as proposeAll returns them). */
export interface FromRanker {
  type: 'proposals';
  proposals: string;
}

if (!isMainThread && (workerData as Partial<RankRequest> | null)?.role === RECONCILE_WORKER_ROLE) {
  parentPort!.once('message', (message: ToRanker) => {
    const share = JSON.parse(message.share) as Share;
    const items = JSON.parse(message.items) as OpenItemInput[];
    const proposals = new Matcher(items, (workerData as RankRequest).options, new Set(share.books)).proposeAll(share.lines);
    parentPort!.postMessage({ type: 'proposals', proposals: JSON.stringify(proposals) } satisfies FromRanker);
  });
}
