import type { BankEntry, EntryQuery } from '../../../shared/contract/index.js';
import { toDecimal } from '../../../shared/money.js';
import type { Db, Ledger } from './database.js';

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

export const PENDING_SUFFIX = ':p';

/** Removes pending lines of an account whose booked twin is now in the ledger. */
export function confirmPendingEntries(db: Db, accountId: number): number {
  const hasPending = db.prepare('SELECT 1 FROM bank_entries WHERE account_id = ? AND pending = 1 AND reconciled_minor = 0 LIMIT 1').get(accountId);
  if (!hasPending) return 0;
  return db
    .prepare(
      `DELETE FROM bank_entries WHERE account_id = ? AND pending = 1 AND reconciled_minor = 0
         AND substr(import_key, 1, length(import_key) - ${PENDING_SUFFIX.length}) IN
             (SELECT import_key FROM bank_entries WHERE account_id = ? AND pending = 0)`,
    )
    .run(accountId, accountId).changes;
}

interface EntryRow extends Omit<BankEntry, 'amount' | 'status' | 'pending'> {
  amountMinor: number;
  reconciledMinor: number;
  pending: number;
}

const COLUMNS = `id, account_id AS accountId, booking_date AS bookingDate, value_date AS valueDate,
  amount_minor AS amountMinor, currency, description, counterparty_name AS counterpartyName,
  counterparty_iban AS counterpartyIban, reference, end_to_end_id AS endToEndId,
  bank_reference AS bankReference, reconciled_minor AS reconciledMinor, pending`;

function toEntry(r: EntryRow): BankEntry {
  const { amountMinor, reconciledMinor, pending, ...rest } = r;
  return {
    ...rest,
    amount: toDecimal(amountMinor, r.currency),
    status: reconciledMinor === amountMinor ? 'reconciled' : 'unreconciled',
    pending: pending === 1,
  };
}

export function queryEntries(ledger: Ledger, q: Required<Pick<EntryQuery, 'offset' | 'limit'>> & EntryQuery): { total: number; rows: BankEntry[] } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const add = (condition: string, ...values: (string | number)[]) => {
    where.push(condition);
    args.push(...values);
  };
  if (q.accountId !== undefined) add('account_id = ?', q.accountId);
  if (q.status === 'reconciled') add('reconciled_minor = amount_minor');
  if (q.status === 'unreconciled') add('reconciled_minor <> amount_minor');
  if (q.from) add('booking_date >= ?', q.from);
  if (q.to) add('booking_date <= ?', q.to);
  if (q.text) {
    const like = '%' + q.text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
    add("(description LIKE ? ESCAPE '\\' OR counterparty_name LIKE ? ESCAPE '\\' OR reference LIKE ? ESCAPE '\\')", like, like, like);
  }
  const clause = where.length ? 'WHERE ' + where.join(' AND ') : '';
  const total = (ledger.read.prepare(`SELECT COUNT(*) AS n FROM bank_entries ${clause}`).get(...args) as { n: number }).n;
  const rows = ledger.read
    .prepare(`SELECT ${COLUMNS} FROM bank_entries ${clause} ORDER BY booking_date DESC, id DESC LIMIT ? OFFSET ?`)
    .all(...args, q.limit, q.offset) as EntryRow[];
  return { total, rows: rows.map(toEntry) };
}
