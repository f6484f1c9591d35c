// Which ledger account a statement (or a provider account) belongs to: by normalized IBAN,
// Danish registration + account number, or the plain account number the bank uses.
import { checkDanishAccount, checkIban } from '../../../shared/iban.js';
import type { StatementAccount } from '../../../shared/statement.js';
import { accountByIban, accountByNumber, type AccountRow } from '../ledger/accounts.js';
import type { Db } from '../ledger/database.js';

/** "fr76 3000 4000 ..." -> "FR763000400..." when it is a valid IBAN, else null. */
export function normalizeIban(text: string | null | undefined): string | null {
  if (!text) return null;
  const check = checkIban(text);
  return check.ok ? check.iban : null;
}

/** A Danish IBAN's registration and account number, "1551-3201885412". */
export function danishAccountOfIban(iban: string): string | null {
  return iban.startsWith('DK') && iban.length === 18 ? `${iban.slice(4, 8)}-${iban.slice(8)}` : null;
}

/** The Danish IBAN of a registration + account number ("1551-3201885412" or "1551 3201885412"). */
export function ibanOfDanishAccount(text: string): string | null {
  const check = checkDanishAccount(text);
  return check.ok ? check.iban : null;
}

/** A readable name for a statement account we may have to create or show. */
export function describeStatementAccount(a: StatementAccount): string {
  const iban = normalizeIban(a.iban) ?? normalizeIban(a.number);
  return iban ? `IBAN ${iban}` : a.number ? `account ${a.number}` : 'an account with no identification';
}

export function findLedgerAccount(db: Db, a: StatementAccount): AccountRow | undefined {
  const iban = normalizeIban(a.iban) ?? normalizeIban(a.number);
  if (iban) {
    const byIban = accountByIban(db, iban);
    if (byIban) return byIban;
    const dk = danishAccountOfIban(iban);
    if (dk) return accountByNumber(db, dk);
    return undefined;
  }
  if (a.number) {
    const dkIban = ibanOfDanishAccount(a.number);
    return accountByNumber(db, a.number.trim()) ?? (dkIban ? accountByIban(db, dkIban) : undefined);
  }
  return undefined;
}
