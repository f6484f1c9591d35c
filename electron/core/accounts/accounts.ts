// Adding the bookkeeper's bank accounts to the ledger.
import { PointageError } from '../../../shared/contract/errors.js';
import type { LedgerAccount, UnlinkedAccount } from '../../../shared/contract/index.js';
import { checkDanishAccount, checkIban } from '../../../shared/iban.js';
import { accountById, accountByIban, allAccounts, insertAccount, listAccounts } from '../ledger/accounts.js';
import { forgetSeenAccount, linkLedgerAccount, listSeenAccounts, lockAccountThrough, seenAccountById } from '../ledger/seen-accounts.js';
import { appendAudit } from '../ledger/audit.js';
import type { Db, Ledger } from '../ledger/database.js';
import { danishAccountOfIban, findLedgerAccount } from './identify.js';

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

/** Seen bank accounts no ledger account matches yet, each with the ledger account it most likely is. */
export function unlinkedAccounts(ledger: Ledger): UnlinkedAccount[] {
  const accounts = allAccounts(ledger.read);
  return listSeenAccounts(ledger.read)
    .filter((s) => !findLedgerAccount(ledger.read, { iban: s.iban, number: s.number, bic: s.bic, currency: s.currency, name: s.name }))
    .map((s) => {
      // A ledger account of the same currency that has no bank identification yet is the likely one.
      const suggestion = accounts.find((a) => a.currency === s.currency && !a.iban && !a.number && !a.dkAccount) ?? null;
      return { id: s.id, iban: s.iban, number: s.number, name: s.name, currency: s.currency, seenAt: s.seenAt, suggestedAccountId: suggestion?.id ?? null, suggestedAccountName: suggestion?.name ?? null };
    });
}

export function linkSeenAccount(ledger: Ledger, seenId: number, accountId: number, actor: string): Promise<LedgerAccount> {
  return ledger.writeLock.run(() => {
    const db = ledger.write;
    const seen = seenOrFail(db, seenId);
    const account = accountById(db, accountId);
    if (!account) throw new PointageError('not_found', `no ledger account ${accountId}`, 'accountId');
    if (seen.currency && seen.currency !== account.currency) throw new PointageError('conflict', `the bank account is in ${seen.currency}, the ledger account "${account.name}" in ${account.currency}`, 'accountId');
    if (seen.iban && account.iban && account.iban !== seen.iban) throw new PointageError('conflict', `ledger account "${account.name}" already has the IBAN ${account.iban}`, 'accountId');
    db.transaction(() => {
      linkLedgerAccount(db, accountId, { iban: seen.iban, dkAccount: seen.iban ? danishAccountOfIban(seen.iban) : null, number: seen.iban ? null : seen.number });
      forgetSeenAccount(db, seenId);
      appendAudit(db, actor, 'accounts.link', `account:${accountId}`, { iban: seen.iban, number: seen.number });
    })();
    return listAccounts(ledger).find((a) => a.id === accountId)!;
  });
}

export async function createFromSeen(ledger: Ledger, seenId: number, input: { name?: string; glAccount?: string }, actor: string): Promise<LedgerAccount> {
  const seen = seenOrFail(ledger.read, seenId);
  if (!seen.currency) throw new PointageError('invalid_input', 'the statement did not say the currency of this account: add the account by hand', 'seenId');
  if (!seen.iban) {
    return ledger.writeLock.run(() => {
      const db = ledger.write;
      const id = db.transaction(() => {
        const newId = insertAccount(db, { name: input.name ?? seen.name ?? `Compte ${seen.number}`, glAccount: input.glAccount ?? null, number: seen.number, bic: seen.bic, currency: seen.currency! });
        forgetSeenAccount(db, seenId);
        appendAudit(db, actor, 'accounts.add', `account:${newId}`, { number: seen.number, currency: seen.currency });
        return newId;
      })();
      return listAccounts(ledger).find((a) => a.id === id)!;
    });
  }
  const created = await addLedgerAccount(ledger, { name: input.name ?? seen.name ?? `Compte ${seen.iban.slice(0, 4)}…${seen.iban.slice(-4)}`, iban: seen.iban, glAccount: input.glAccount, currency: seen.currency }, actor);
  await ledger.writeLock.run(() => forgetSeenAccount(ledger.write, seenId));
  return created;
}

export function lockAccount(ledger: Ledger, accountId: number, through: string | null, actor: string): Promise<LedgerAccount> {
  return ledger.writeLock.run(() => {
    const db = ledger.write;
    if (!accountById(db, accountId)) throw new PointageError('not_found', `no ledger account ${accountId}`, 'accountId');
    db.transaction(() => {
      lockAccountThrough(db, accountId, through);
      appendAudit(db, actor, through ? 'accounts.lock' : 'accounts.unlock', `account:${accountId}`, { through });
    })();
    return listAccounts(ledger).find((a) => a.id === accountId)!;
  });
}

function seenOrFail(db: Db, seenId: number) {
  const seen = seenAccountById(db, seenId);
  if (!seen) throw new PointageError('not_found', `no unlinked bank account ${seenId}`, 'seenId');
  return seen;
}
