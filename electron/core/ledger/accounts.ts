import type { LedgerAccount } from '../../../shared/contract/index.js';
import { toDecimal } from '../../../shared/money.js';
import type { Db, Ledger } from './database.js';
import { catchUpSearch } from './entry-index.js';
import { accountTotals } from './entry-totals.js';

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

/**
 * The accounts with their balance, lines and lines to review, booked lines only. The counts and
 * sums come from account_totals (migration 0005), the last booking date from one index seek: no
 * call here reads every line, however large the ledger.
 */
export function listAccounts(ledger: Ledger): LedgerAccount[] {
  const db = ledger.read;
  catchUpSearch(ledger, 0); // lines imported but not counted yet: counted in the background
  // One read transaction: the accounts and their totals see the same snapshot.
  const { rows, totals } = db.transaction(() => ({
    rows: db
      .prepare(
        `SELECT a.id, a.name, a.gl_account AS glAccount, a.iban, a.dk_account AS dkAccount, a.currency, a.locked_through AS lockedThrough,
                -- The balance: the opening of the account's first statement plus every booked line since.
                COALESCE((SELECT s.opening_minor FROM statements s WHERE s.account_id = a.id AND s.opening_minor IS NOT NULL
                           ORDER BY s.opening_date, s.id LIMIT 1), 0) AS openingMinor,
                (SELECT MAX(e.booking_date) FROM bank_entries e WHERE e.account_id = a.id AND e.pending = 0) AS lastBookingDate
           FROM ledger_accounts a ORDER BY a.name`,
      )
      .all() as (Omit<LedgerAccount, 'balance' | 'entryCount' | 'unreconciledCount'> & { openingMinor: number })[],
    totals: accountTotals(db).filter((t) => !t.pending),
  }))();
  const byAccount = new Map(totals.map((t) => [t.accountId, t]));
  return rows.map(({ openingMinor, ...r }) => {
    const t = byAccount.get(r.id);
    return {
      ...r,
      balance: toDecimal(openingMinor + (t?.amountMinor ?? 0), r.currency),
      entryCount: t?.entryCount ?? 0,
      unreconciledCount: t?.unreconciledCount ?? 0,
    };
  });
}
