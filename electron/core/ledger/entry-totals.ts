// Each account's line count, lines to review and sum of amounts, without reading every line
// (migration 0005). account_totals holds the lines up to counted_to, kept by triggers through
// updates and deletes; the newer lines (an import's, until they are counted after its commit)
// are added up here from the primary key. countNewEntries counts them in bulk, in the same
// transactions as the search index (entry-index.ts).
import type { Db } from './database.js';

export interface AccountTotal {
  accountId: number;
  pending: boolean;
  entryCount: number;
  /** Lines still to review: reconciled_minor <> amount_minor. */
  unreconciledCount: number;
  amountMinor: number;
}

const COUNTED_TO = 'SELECT counted_to FROM account_totals_state';
const SUMS = 'COUNT(*) AS entryCount, SUM(reconciled_minor <> amount_minor) AS unreconciledCount, SUM(amount_minor) AS amountMinor';

// One statement, so one snapshot: the kept totals and the lines above them agree. NOT INDEXED
// keeps SQLite to the primary key's range: left to itself, it reads a whole covering index to
// spare the GROUP BY a sort.
const TOTALS = `SELECT accountId, pending, SUM(entryCount) AS entryCount, SUM(unreconciledCount) AS unreconciledCount,
         SUM(amountMinor) AS amountMinor
    FROM (SELECT account_id AS accountId, pending, entry_count AS entryCount, unreconciled_count AS unreconciledCount,
                 amount_minor AS amountMinor FROM account_totals
          UNION ALL
          SELECT account_id, pending, ${SUMS} FROM bank_entries NOT INDEXED WHERE id > (${COUNTED_TO}) GROUP BY account_id, pending)
   GROUP BY accountId, pending HAVING SUM(entryCount) <> 0 ORDER BY accountId, pending`;

/** Every account's totals, booked (pending: false) and pending lines apart; accounts without lines are left out. */
export function accountTotals(db: Db): AccountTotal[] {
  const rows = db.prepare(TOTALS).all() as (Omit<AccountTotal, 'pending'> & { pending: number })[];
  return rows.map((r) => ({ ...r, pending: r.pending === 1 }));
}

/** Lines not counted in account_totals yet, counted up to `upTo`. */
export function uncountedEntries(db: Db, upTo: number): number {
  return db.prepare(`SELECT COUNT(*) FROM (SELECT 1 FROM bank_entries WHERE id > (${COUNTED_TO}) LIMIT ?)`).pluck().get(upTo) as number;
}

/** Counts up to `max` new lines into account_totals; run inside a transaction of the write connection. */
export function countNewEntries(db: Db, max: number): number {
  const from = db.prepare(COUNTED_TO).pluck().get() as number;
  const ids = db.prepare('SELECT COUNT(*) AS n, MAX(id) AS last FROM (SELECT id FROM bank_entries WHERE id > ? ORDER BY id LIMIT ?)').get(from, max) as { n: number; last: number | null };
  if (ids.last === null) return 0;
  db.prepare(
    `INSERT INTO account_totals (account_id, pending, entry_count, unreconciled_count, amount_minor)
       SELECT account_id, pending, ${SUMS} FROM bank_entries NOT INDEXED WHERE id > ? AND id <= ? GROUP BY account_id, pending
     ON CONFLICT (account_id, pending) DO UPDATE SET
       entry_count = entry_count + excluded.entry_count,
       unreconciled_count = unreconciled_count + excluded.unreconciled_count,
       amount_minor = amount_minor + excluded.amount_minor`,
  ).run(from, ids.last);
  db.prepare('UPDATE account_totals_state SET counted_to = ?').run(ids.last);
  return ids.n;
}
