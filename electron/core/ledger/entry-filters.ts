// The WHERE terms of an entries query, over bank_entries aliased `e`. The status terms are
// written exactly as the partial indexes of migration 0002 are, so that SQLite can use them.
import type { EntryQuery } from '../../../shared/contract/index.js';
import { currencyExponent, MoneyError } from '../../../shared/money.js';
import type { Db } from './database.js';

export type SqlArg = string | number;

export class Terms {
  readonly sql: string[] = [];
  readonly args: SqlArg[] = [];

  add(term: string, ...args: SqlArg[]): this {
    this.sql.push(term);
    this.args.push(...args);
    return this;
  }

  /** The terms joined with AND; "1" when there are none. */
  get clause(): string {
    return this.sql.length ? this.sql.join(' AND ') : '1';
  }
}

/** The filters other than text: account, status, dates and amount. */
export function columnFilters(db: Db, q: EntryQuery, withDates: boolean): Terms {
  const terms = new Terms();
  if (q.accountId !== undefined) terms.add('e.account_id = ?', q.accountId);
  if (q.status === 'reconciled') terms.add('e.reconciled_minor = e.amount_minor');
  if (q.status === 'unreconciled') terms.add('e.reconciled_minor <> e.amount_minor');
  if (withDates && q.from) terms.add('e.booking_date >= ?', q.from);
  if (withDates && q.to) terms.add('e.booking_date <= ?', q.to);
  if (q.minAmount !== undefined || q.maxAmount !== undefined) {
    const amount = amountTerm(ledgerCurrencies(db), q.minAmount, q.maxAmount);
    terms.add(amount.sql, ...amount.args);
  }
  return terms;
}

/** Plain LIKE over the searchable columns: ASCII case-insensitive, accent-sensitive. */
export function likeTerm(text: string): { sql: string; args: SqlArg[] } {
  const like = '%' + text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
  return {
    sql: "(e.description LIKE ? ESCAPE '\\' OR e.counterparty_name LIKE ? ESCAPE '\\' OR e.reference LIKE ? ESCAPE '\\')",
    args: [like, like, like],
  };
}

// The distinct currencies of the ledger's lines, one index seek each (bank_entries_by_amount).
const CURRENCIES = `WITH RECURSIVE c(code) AS (
    SELECT MIN(currency) FROM bank_entries
    UNION ALL
    SELECT (SELECT MIN(currency) FROM bank_entries WHERE currency > c.code) FROM c WHERE c.code IS NOT NULL)
  SELECT code FROM c WHERE code IS NOT NULL`;

function ledgerCurrencies(db: Db): string[] {
  return db.prepare(CURRENCIES).pluck().all() as string[];
}

/**
 * Amounts are integers of each currency's minor unit, so one decimal bound is a different
 * integer per currency: "12.3" is 1230 in EUR and, rounded inwards, 13 (min) or 12 (max) in JPY.
 * The term is one indexed range per currency; a currency whose range is empty is left out.
 */
export function amountTerm(currencies: readonly string[], min: string | undefined, max: string | undefined): { sql: string; args: SqlArg[] } {
  const ranges: string[] = [];
  const args: SqlArg[] = [];
  for (const currency of currencies) {
    const exponent = knownExponent(currency);
    if (exponent === null) continue;
    const low = min === undefined ? null : scaleDecimal(min, exponent, 'up');
    const high = max === undefined ? null : scaleDecimal(max, exponent, 'down');
    if (low !== null && high !== null && low > high) continue;
    const bounds = [low === null ? '' : ' AND e.amount_minor >= ?', high === null ? '' : ' AND e.amount_minor <= ?'].join('');
    ranges.push(`(e.currency = ?${bounds})`);
    args.push(currency, ...[low, high].filter((b): b is number => b !== null));
  }
  return { sql: ranges.length ? `(${ranges.join(' OR ')})` : '0', args };
}

function knownExponent(currency: string): number | null {
  try {
    return currencyExponent(currency);
  } catch {
    return null;
  }
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** A decimal in units of 10^-exponent, rounded up or down to a whole unit (no float involved). */
export function scaleDecimal(decimal: string, exponent: number, round: 'up' | 'down'): number {
  const m = DECIMAL.exec(decimal.trim());
  if (!m) throw new MoneyError(`"${decimal}" is not a decimal amount`);
  const [, sign, whole, frac = ''] = m;
  const negative = sign === '-';
  const truncated = BigInt(whole + frac.slice(0, exponent).padEnd(exponent, '0'));
  // Truncation moved the value towards zero; a dropped non-zero fraction moves it one unit back.
  const away = /[1-9]/.test(frac.slice(exponent)) && (round === 'up') !== negative ? 1n : 0n;
  const units = truncated + away;
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  const clamped = units > limit ? limit : units;
  return Number(negative ? -clamped : clamped);
}
