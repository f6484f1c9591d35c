// Brings the text search table up to date (see migration 0002): the lines above indexed_to, and
// the lines whose text was edited. Indexing runs in bulk, in transactions of its own: inside an
// import it would cost ten times more. queryEntries calls catchUpSearch; an importer may call
// indexQueuedEntriesSoon after its commit, so that the index is ready before the first search.
// The same transactions count the new lines into the accounts' totals (entry-totals.ts).
import type { Db, Ledger } from './database.js';
import { countNewEntries, uncountedEntries } from './entry-totals.js';
import { logger } from '../log.js';

/** Lines indexed per transaction in the background: some 50 ms of work each. */
const CHUNK = 5_000;

const KEY = 'COALESCE(unixepoch(e.booking_date) / 86400, 0) * 4294967296 + e.id';
const INDEX = `INSERT INTO bank_entry_search (rowid, description, counterparty_name, reference)
  SELECT ${KEY} AS key, e.description, e.counterparty_name, e.reference FROM bank_entries e`;
const INDEXED_TO = 'SELECT indexed_to FROM bank_entry_search_state';

/** How many lines wait to be indexed, counted up to `upTo`. */
export function queuedEntries(db: Db, upTo: number): number {
  const sql = `SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM bank_entries WHERE id > (${INDEXED_TO}) LIMIT ?))
                    + (SELECT COUNT(*) FROM (SELECT 1 FROM bank_entry_search_queue LIMIT ?))`;
  return db.prepare(sql).pluck().get(upTo, upTo) as number;
}

/** Indexes (and counts) up to `max` waiting lines in one transaction of `db` (the write connection). */
export function indexQueuedEntries(db: Db, max: number): number {
  return db.transaction(() => indexNewLines(db, max) + indexEditedLines(db, max) + countNewEntries(db, max))();
}

function indexNewLines(db: Db, max: number): number {
  const from = db.prepare(INDEXED_TO).pluck().get() as number;
  const ids = db.prepare('SELECT COUNT(*) AS n, MAX(id) AS last FROM (SELECT id FROM bank_entries WHERE id > ? ORDER BY id LIMIT ?)').get(from, max) as { n: number; last: number | null };
  if (ids.last === null) return 0;
  db.prepare(`${INDEX} WHERE e.id > ? AND e.id <= ? ORDER BY key`).run(from, ids.last);
  db.prepare('UPDATE bank_entry_search_state SET indexed_to = ?').run(ids.last);
  return ids.n;
}

function indexEditedLines(db: Db, max: number): number {
  const chunk = '(SELECT id FROM bank_entry_search_queue ORDER BY id LIMIT ?)';
  db.prepare(`${INDEX} WHERE e.id IN ${chunk} ORDER BY key`).run(max);
  return db.prepare(`DELETE FROM bank_entry_search_queue WHERE id IN ${chunk}`).run(max).changes;
}

const running = new WeakSet<Ledger>();

/** Indexes every waiting line in the background, a chunk at a time under the write lock. */
export function indexQueuedEntriesSoon(ledger: Ledger): void {
  if (running.has(ledger)) return;
  running.add(ledger);
  const stop = (error?: unknown) => {
    running.delete(ledger);
    if (error !== undefined) logger.error('indexing bank lines for search failed', error);
  };
  const step = async (): Promise<void> => {
    const indexed = await ledger.writeLock.run(() => (ledger.write.open ? indexQueuedEntries(ledger.write, CHUNK) : 0));
    if (indexed > 0) setImmediate(() => void step().catch(stop));
    else stop();
  };
  setImmediate(() => void step().catch(stop));
}

/**
 * Before a query: a few waiting lines are indexed at once when no write transaction is open (a
 * transaction of our own cannot land inside another's then); more in the background, while
 * text searches fall back to LIKE (see entry-query.ts).
 */
export function catchUpSearch(ledger: Ledger, syncMax: number): void {
  const waiting = queuedEntries(ledger.read, syncMax + 1) + uncountedEntries(ledger.read, syncMax + 1);
  if (waiting === 0) return;
  if (waiting <= syncMax && !ledger.write.inTransaction) indexQueuedEntries(ledger.write, syncMax);
  else indexQueuedEntriesSoon(ledger);
}
