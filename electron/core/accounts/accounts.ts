// Adding the bookkeeper's bank accounts to the ledger.
import { PointageError } from '../../../shared/contract/errors.js';
import type { LedgerAccount } from '../../../shared/contract/index.js';
import { checkDanishAccount, checkIban } from '../../../shared/iban.js';
import { accountByIban, insertAccount, listAccounts } from '../ledger/accounts.js';
import { appendAudit } from '../ledger/audit.js';
import type { Ledger } from '../ledger/database.js';
import { danishAccountOfIban } from './identify.js';

export interface AccountInput {
  name: string;
  iban?: string;
  dkAccount?: string;
  glAccount?: string;
  currency: string;
}

export function addLedgerAccount(ledger: Ledger, input: AccountInput, actor: string): Promise<LedgerAccount> {
  const iban = ibanOf(input);
  return ledger.writeLock.run(() => {
    const db = ledger.write;
    const existing = accountByIban(db, iban);
    if (existing) throw new PointageError('conflict', `IBAN ${iban} is already the ledger account "${existing.name}"`, 'iban');
    const id = db.transaction(() => {
      const newId = insertAccount(db, { name: input.name, glAccount: input.glAccount ?? null, iban, dkAccount: danishAccountOfIban(iban), currency: input.currency });
      appendAudit(db, actor, 'accounts.add', `account:${newId}`, { name: input.name, iban, gl: input.glAccount ?? null, currency: input.currency });
      return newId;
    })();
    return listAccounts(ledger).find((a) => a.id === id)!;
  });
}

function ibanOf(input: AccountInput): string {
  if (input.iban !== undefined) {
    const check = checkIban(input.iban);
    if (!check.ok) throw new PointageError('invalid_input', `iban: ${check.message}`, 'iban');
    return check.iban;
  }
  const check = checkDanishAccount(input.dkAccount ?? '');
  if (!check.ok) throw new PointageError('invalid_input', `dkAccount: ${check.message}`, 'dkAccount');
  return check.iban;
}
