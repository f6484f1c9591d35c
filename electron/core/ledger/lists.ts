// Read models of the screens that only list for now: payments, connections, financing.
import type { Connection, FinancingDossier, Payment } from '../../../shared/contract/index.js';
import { toDecimal } from '../../../shared/money.js';
import type { Ledger } from './database.js';

export function listPayments(ledger: Ledger): Payment[] {
  const rows = ledger.read
    .prepare(
      `SELECT id, status, creditor_name AS creditorName, creditor_iban AS creditorIban, amount_minor AS amountMinor,
              currency, requested_date AS requestedDate, reference FROM payments ORDER BY id DESC`,
    )
    .all() as (Omit<Payment, 'amount'> & { amountMinor: number })[];
  return rows.map(({ amountMinor, ...r }) => ({ ...r, amount: toDecimal(amountMinor, r.currency) }));
}

export function listConnections(ledger: Ledger): Connection[] {
  return ledger.read
    .prepare('SELECT id, provider, label, status, last_sync_at AS lastSyncAt FROM connections ORDER BY label')
    .all() as Connection[];
}

export function listDossiers(ledger: Ledger): FinancingDossier[] {
  const rows = ledger.read
    .prepare('SELECT id, partner, status, amount_minor AS amountMinor, currency, created_at AS createdAt FROM financing_dossiers ORDER BY id DESC')
    .all() as (Omit<FinancingDossier, 'amount'> & { amountMinor: number })[];
  return rows.map(({ amountMinor, ...r }) => ({ ...r, amount: toDecimal(amountMinor, r.currency) }));
}
