import type { LedgerAccount } from '../../../shared/contract/index.js';
import { toDecimal } from '../../../shared/money.js';
import type { Db, Ledger } from './database.js';

export interface NewLedgerAccount {
  name: string;
  glAccount?: string | null;
  iban?: string | null;
  dkAccount?: string | null;
  number?: string | null;
  bic?: string | null;
  currency: string;
}

export interface AccountRow {
  id: number;
  name: string;
  glAccount: string | null;
  iban: string | null;
  dkAccount: string | null;
  number: string | null;
  bic: string | null;
  currency: string;
}

const COLUMNS = 'id, name, gl_account AS glAccount, iban, dk_account AS dkAccount, number, bic, currency';

export function insertAccount(db: Db, a: NewLedgerAccount): number {
  const info = db
    .prepare('INSERT INTO ledger_accounts (name, gl_account, iban, dk_account, number, bic, currency) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(a.name, a.glAccount ?? null, a.iban ?? null, a.dkAccount ?? null, a.number ?? null, a.bic ?? null, a.currency);
  return Number(info.lastInsertRowid);
}

export function allAccounts(db: Db): AccountRow[] {
  return db.prepare(`SELECT ${COLUMNS} FROM ledger_accounts ORDER BY name`).all() as AccountRow[];
}

export function accountById(db: Db, id: number): AccountRow | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM ledger_accounts WHERE id = ?`).get(id) as AccountRow | undefined;
}

export function accountByIban(db: Db, iban: string): AccountRow | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM ledger_accounts WHERE iban = ?`).get(iban) as AccountRow | undefined;
}

export function accountByNumber(db: Db, number: string): AccountRow | undefined {
  return db
    .prepare(`SELECT ${COLUMNS} FROM ledger_accounts WHERE number = ? OR dk_account = ?`)
    .get(number, number) as AccountRow | undefined;
}

export function listAccounts(ledger: Ledger): LedgerAccount[] {
  const rows = ledger.read
    .prepare(
      `SELECT a.id, a.name, a.gl_account AS glAccount, a.iban, a.dk_account AS dkAccount, a.currency, a.locked_through AS lockedThrough,
              -- The balance: the opening of the account's first statement plus every booked line since.
              COALESCE((SELECT s.opening_minor FROM statements s WHERE s.account_id = a.id AND s.opening_minor IS NOT NULL
                         ORDER BY s.opening_date, s.id LIMIT 1), 0) + COALESCE(SUM(e.amount_minor), 0) AS balanceMinor,
              COUNT(e.id) AS entryCount,
              COALESCE(SUM(e.reconciled_minor <> e.amount_minor), 0) AS unreconciledCount,
              MAX(e.booking_date) AS lastBookingDate
         FROM ledger_accounts a LEFT JOIN bank_entries e ON e.account_id = a.id AND e.pending = 0
        GROUP BY a.id ORDER BY a.name`,
    )
    .all() as (Omit<LedgerAccount, 'balance'> & { balanceMinor: number })[];
  return rows.map(({ balanceMinor, ...r }) => ({ ...r, balance: toDecimal(balanceMinor, r.currency) }));
}
