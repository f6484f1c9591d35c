import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';

export interface NewBankEntry {
  accountId: number;
  statementId: number | null;
  batchId: number;
  bookingDate: string;
  valueDate: string | null;
  amountMinor: number;
  currency: string;
  description: string;
  counterpartyName: string | null;
  counterpartyIban: string | null;
  reference: string | null;
  endToEndId: string | null;
  bankReference: string | null;
  pending: boolean;
  detailsJson: string | null;
  importKey: string;
}

/** Prepared once per import: inserting through it skips lines whose import key is known. */
export function entryInserter(db: Db): (e: NewBankEntry) => boolean {
  const stmt = db.prepare(
    `INSERT INTO bank_entries (account_id, statement_id, batch_id, booking_date, value_date, amount_minor, currency,
       description, counterparty_name, counterparty_iban, reference, end_to_end_id, bank_reference, pending,
       details_json, import_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (account_id, import_key) DO NOTHING`,
  );
  return (e) =>
    stmt.run(
      e.accountId, e.statementId, e.batchId, e.bookingDate, e.valueDate, e.amountMinor, e.currency,
      e.description, e.counterpartyName, e.counterpartyIban, e.reference, e.endToEndId, e.bankReference,
      e.pending ? 1 : 0, e.detailsJson, e.importKey,
    ).changes === 1;
}

/** Most import keys one call of a knownImportKeys finder looks up. */
export const KEY_LOOKUP_MAX = 500;

/**
 * Prepared once per import: which of up to KEY_LOOKUP_MAX import keys an account already has,
 * 'all' when it has every one (a re-import). One query per batch of lines costs less than a
 * failed insert per line; counting first spares reading the keys back when all or none are known.
 */
export function knownImportKeys(db: Db): (accountId: number, keys: readonly string[]) => Set<string> | 'all' {
  const prepared = new Map<string, Statement<unknown[], unknown>>();
  const lookup = (what: 'COUNT(*)' | 'import_key', count: number) => {
    const sql = `SELECT ${what} FROM bank_entries WHERE account_id = ? AND import_key IN (${Array.from({ length: count }, () => '?').join(', ')})`;
    let stmt = prepared.get(sql);
    if (!stmt) prepared.set(sql, (stmt = db.prepare<unknown[], unknown>(sql).pluck()));
    return stmt;
  };
  return (accountId, keys) => {
    if (keys.length > KEY_LOOKUP_MAX) throw new RangeError(`at most ${KEY_LOOKUP_MAX} keys per lookup`);
    if (keys.length === 0) return new Set();
    const known = lookup('COUNT(*)', keys.length).get(accountId, ...keys) as number;
    if (known === keys.length) return 'all';
    return known === 0 ? new Set() : new Set(lookup('import_key', keys.length).all(accountId, ...keys) as string[]);
  };
}

export const PENDING_SUFFIX = ':p';

/** Removes pending lines of an account whose booked twin is now in the ledger. */
export function confirmPendingEntries(db: Db, accountId: number): number {
  // Only pending lines have a key ending in PENDING_SUFFIX: the subquery finds them in the small
  // (account_id, import_key) index instead of reading the whole table, as a plain WHERE did.
  const hasPending = db
    .prepare(
      `SELECT 1 FROM bank_entries WHERE pending = 1 AND reconciled_minor = 0 AND id IN
         (SELECT id FROM bank_entries WHERE account_id = ? AND substr(import_key, -${PENDING_SUFFIX.length}) = '${PENDING_SUFFIX}') LIMIT 1`,
    )
    .get(accountId);
  if (!hasPending) return 0;
  return db
    .prepare(
      `DELETE FROM bank_entries WHERE account_id = ? AND pending = 1 AND reconciled_minor = 0
         AND substr(import_key, 1, length(import_key) - ${PENDING_SUFFIX.length}) IN
             (SELECT import_key FROM bank_entries WHERE account_id = ? AND pending = 0)`,
    )
    .run(accountId, accountId).changes;
}

export { queryEntries, type PagedEntryQuery } from './entry-query.js';
