// What the journal export (export/journal.ts) reads: the lines of the active matches, each with
// its bank line, bank account and open item.
//
// Stored amounts, as the matching engine proposes them (reconcile/types.ts, Proposal):
// - match_lines.amount_minor is positive: on a line with an open item, what the match settles on
//   the item; on a line without one, the part of the bank line booked straight to the match's
//   writeoff_account (bank fees, interest...);
// - matches.writeoff_minor is the gap between what was settled and what the bank moved: positive
//   when less moved (fees kept by the bank, discount), negative for a small overpayment.
import type { Ledger } from './database.js';

export interface MatchLineRow {
  matchId: number;
  /** The match's date: the latest booking date of its bank lines. */
  date: string;
  createdAt: string;
  writeoffMinor: number;
  writeoffAccount: string | null;
  bankEntryId: number;
  /** Signed: negative = money out. */
  bankAmountMinor: number;
  currency: string;
  description: string;
  counterpartyName: string | null;
  bankReference: string | null;
  accountId: number;
  accountName: string;
  glAccount: string | null;
  amountMinor: number;
  itemId: number | null;
  itemExternalId: string | null;
  itemKind: 'receivable' | 'payable' | null;
  itemSource: string | null;
  party: string | null;
  itemReference: string | null;
}

/**
 * Lines of the matches not undone whose date falls in the range (inclusive, YYYY-MM-DD), in date
 * then match order. A match on a pending (not yet booked) bank line is left out whole.
 */
export function reconciledMatchLines(ledger: Ledger, range: { from?: string; to?: string }): MatchLineRow[] {
  return ledger.read
    .prepare(
      `WITH chosen AS (
         SELECT ml.match_id AS id, MAX(e.booking_date) AS date
           FROM match_lines ml
           JOIN matches m ON m.id = ml.match_id
           JOIN bank_entries e ON e.id = ml.bank_entry_id
          WHERE m.undone_at IS NULL
          GROUP BY ml.match_id
         HAVING MAX(e.pending) = 0
            AND (@from IS NULL OR MAX(e.booking_date) >= @from)
            AND (@to IS NULL OR MAX(e.booking_date) <= @to)
       )
       SELECT c.id AS matchId, c.date, m.created_at AS createdAt, m.writeoff_minor AS writeoffMinor,
              m.writeoff_account AS writeoffAccount, e.id AS bankEntryId, e.amount_minor AS bankAmountMinor, e.currency,
              e.description, e.counterparty_name AS counterpartyName, e.bank_reference AS bankReference,
              a.id AS accountId, a.name AS accountName, a.gl_account AS glAccount, ml.amount_minor AS amountMinor,
              i.id AS itemId, i.external_id AS itemExternalId, i.kind AS itemKind, i.source AS itemSource, i.party,
              i.reference AS itemReference
         FROM chosen c
         JOIN matches m ON m.id = c.id
         JOIN match_lines ml ON ml.match_id = c.id
         JOIN bank_entries e ON e.id = ml.bank_entry_id
         JOIN ledger_accounts a ON a.id = e.account_id
         LEFT JOIN open_items i ON i.id = ml.open_item_id
        ORDER BY c.date, c.id, e.booking_date, e.id, ml.rowid`,
    )
    .all({ from: range.from ?? null, to: range.to ?? null }) as MatchLineRow[];
}
