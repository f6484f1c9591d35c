// Bank accounts seen in statement files that no ledger account matches yet.
import type { Db } from './database.js';

export interface SeenAccount {
  id: number;
  iban: string | null;
  number: string | null;
  name: string | null;
  bic: string | null;
  currency: string | null;
  source: string;
  seenAt: string;
}

export function rememberSeenAccount(db: Db, a: Omit<SeenAccount, 'id' | 'seenAt'>): void {
  const exists = a.iban
    ? db.prepare('SELECT 1 FROM seen_accounts WHERE iban = ?').get(a.iban)
    : db.prepare('SELECT 1 FROM seen_accounts WHERE iban IS NULL AND number = ?').get(a.number);
  if (exists) return;
  db.prepare('INSERT INTO seen_accounts (iban, number, name, bic, currency, source) VALUES (?, ?, ?, ?, ?, ?)').run(a.iban, a.number, a.name, a.bic, a.currency, a.source);
}

export function listSeenAccounts(db: Db): SeenAccount[] {
  return db.prepare('SELECT id, iban, number, name, bic, currency, source, seen_at AS seenAt FROM seen_accounts ORDER BY seen_at DESC').all() as SeenAccount[];
}

export function seenAccountById(db: Db, id: number): SeenAccount | undefined {
  return db.prepare('SELECT id, iban, number, name, bic, currency, source, seen_at AS seenAt FROM seen_accounts WHERE id = ?').get(id) as SeenAccount | undefined;
}

export function forgetSeenAccount(db: Db, id: number): void {
  db.prepare('DELETE FROM seen_accounts WHERE id = ?').run(id);
}

/** Gives a ledger account the identification a statement uses for it. */
export function linkLedgerAccount(db: Db, accountId: number, ids: { iban: string | null; dkAccount: string | null; number: string | null }): void {
  db.prepare('UPDATE ledger_accounts SET iban = COALESCE(?, iban), dk_account = COALESCE(?, dk_account), number = COALESCE(?, number) WHERE id = ?').run(ids.iban, ids.dkAccount, ids.number, accountId);
}

export function lockAccountThrough(db: Db, accountId: number, date: string | null): void {
  db.prepare('UPDATE ledger_accounts SET locked_through = ? WHERE id = ?').run(date, accountId);
}

/** The date through which a bank line's account is locked, when the line falls in it. */
export function lockedThroughForLine(db: Db, lineId: number): string | null {
  const row = db
    .prepare('SELECT a.locked_through AS locked FROM bank_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE e.id = ? AND e.booking_date <= a.locked_through')
    .get(lineId) as { locked: string } | undefined;
  return row?.locked ?? null;
}
