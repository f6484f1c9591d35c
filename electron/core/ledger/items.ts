import type { OpenItem } from '../../../shared/contract/index.js';
import { toDecimal } from '../../../shared/money.js';
import type { Db, Ledger } from './database.js';

export interface NewOpenItem {
  externalId: string;
  kind: 'receivable' | 'payable';
  party: string;
  partyIban: string | null;
  reference: string | null;
  issueDate: string | null;
  dueDate: string | null;
  amountMinor: number;
  currency: string;
  source: string;
}

/** Inserts or updates by external id; the open amount keeps what matches already settled. */
export function upsertOpenItem(db: Db, i: NewOpenItem): 'inserted' | 'updated' | 'unchanged' {
  const old = db.prepare('SELECT id, amount_minor, open_minor, party, party_iban, reference, issue_date, due_date, kind, currency FROM open_items WHERE external_id = ?').get(i.externalId) as
    | { id: number; amount_minor: number; open_minor: number; party: string; party_iban: string | null; reference: string | null; issue_date: string | null; due_date: string | null; kind: string; currency: string }
    | undefined;
  if (!old) {
    db.prepare(
      `INSERT INTO open_items (external_id, kind, party, party_iban, reference, issue_date, due_date, amount_minor, open_minor, currency, source)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(i.externalId, i.kind, i.party, i.partyIban, i.reference, i.issueDate, i.dueDate, i.amountMinor, i.amountMinor, i.currency, i.source);
    return 'inserted';
  }
  const same =
    old.amount_minor === i.amountMinor && old.party === i.party && old.party_iban === i.partyIban && old.reference === i.reference &&
    old.issue_date === i.issueDate && old.due_date === i.dueDate && old.kind === i.kind && old.currency === i.currency;
  if (same) return 'unchanged';
  const settled = old.amount_minor - old.open_minor;
  db.prepare(
    `UPDATE open_items SET kind = ?, party = ?, party_iban = ?, reference = ?, issue_date = ?, due_date = ?, amount_minor = ?,
       open_minor = MAX(0, ? - ?), currency = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
  ).run(i.kind, i.party, i.partyIban, i.reference, i.issueDate, i.dueDate, i.amountMinor, i.amountMinor, settled, i.currency, old.id);
  return 'updated';
}

export function listOpenItems(ledger: Ledger, openOnly: boolean): OpenItem[] {
  const rows = ledger.read
    .prepare(
      `SELECT id, external_id AS externalId, kind, party, party_iban AS partyIban, reference, issue_date AS issueDate,
              due_date AS dueDate, amount_minor AS amountMinor, open_minor AS openMinor, currency
         FROM open_items ${openOnly ? 'WHERE open_minor > 0' : ''} ORDER BY due_date NULLS LAST, id`,
    )
    .all() as (Omit<OpenItem, 'amount' | 'openAmount'> & { amountMinor: number; openMinor: number })[];
  return rows.map(({ amountMinor, openMinor, ...r }) => ({
    ...r,
    amount: toDecimal(amountMinor, r.currency),
    openAmount: toDecimal(openMinor, r.currency),
  }));
}
