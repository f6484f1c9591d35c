import type { StatementSummary } from '../../../shared/contract/index.js';
import { toDecimal } from '../../../shared/money.js';
import type { Db, Ledger } from './database.js';
import type { StatementRowInput } from './statements-write.js';

type StatementRow = Omit<StatementRowInput, 'batchId'> & { id: number };

export function listStatements(ledger: Ledger, accountId?: number): StatementSummary[] {
  const rows = ledger.read
    .prepare(
      `SELECT id, account_id AS accountId, format, reference, currency, opening_minor AS openingMinor,
              opening_date AS openingDate, closing_minor AS closingMinor, closing_date AS closingDate,
              entry_count AS entryCount, entries_minor AS entriesMinor
         FROM statements ${accountId === undefined ? '' : 'WHERE account_id = ?'}
        ORDER BY COALESCE(closing_date, opening_date) DESC, id DESC`,
    )
    .all(...(accountId === undefined ? [] : [accountId])) as StatementRow[];
  return rows.map((r) => {
    const money = (minor: number | null) => (minor === null ? null : toDecimal(minor, r.currency));
    const difference =
      r.openingMinor === null || r.closingMinor === null ? null : money(r.openingMinor + r.entriesMinor - r.closingMinor);
    return {
      id: r.id,
      accountId: r.accountId,
      format: r.format,
      reference: r.reference,
      currency: r.currency,
      openingBalance: money(r.openingMinor),
      openingDate: r.openingDate,
      closingBalance: money(r.closingMinor),
      closingDate: r.closingDate,
      entryCount: r.entryCount,
      difference,
    };
  });
}

/** The newest statement of an account that closes on or before a date (for continuity checks). */
export function previousClosing(db: Db, accountId: number, onOrBefore: string, exceptId: number): { closingMinor: number; closingDate: string } | null {
  return (
    (db
      .prepare(
        `SELECT closing_minor AS closingMinor, closing_date AS closingDate FROM statements
          WHERE account_id = ? AND id <> ? AND closing_minor IS NOT NULL AND closing_date <= ?
          ORDER BY closing_date DESC, id DESC LIMIT 1`,
      )
      .get(accountId, exceptId, onOrBefore) as { closingMinor: number; closingDate: string } | undefined) ?? null
  );
}
