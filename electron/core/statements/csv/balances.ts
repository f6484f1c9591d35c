// Opening and closing balances from a running-balance column. Exports list rows oldest first or
// newest first; the balances themselves tell which (each one is the previous plus the amount),
// and the dates decide when they cannot. Only the first and last rows with a balance are kept.
import { addDecimals, compareDecimals, negateDecimal } from '../../../../shared/money.js';

interface BalanceRow {
  balance: string;
  amount: string;
  /** Sum of the amounts of the rows above this one. */
  before: string;
  date: string;
}

export interface DerivedBalances {
  opening: { amount: string; date: string };
  closing: { amount: string; date: string };
  /** Set when the balance column does not follow the amounts. */
  warning: string | null;
}

export class RunningBalance {
  private total = '0';
  private first: BalanceRow | null = null;
  private last: BalanceRow | null = null;
  private firstDate: string | null = null;
  private lastDate: string | null = null;
  private earliest: string | null = null;
  private latest: string | null = null;

  add(amount: string, balance: string | null, date: string): void {
    if (balance !== null) {
      const row = { balance, amount, before: this.total, date };
      this.first ??= row;
      this.last = row;
    }
    this.total = addDecimals([this.total, amount]);
    this.firstDate ??= date;
    this.lastDate = date;
    if (this.earliest === null || date < this.earliest) this.earliest = date;
    if (this.latest === null || date > this.latest) this.latest = date;
  }

  result(): DerivedBalances | null {
    const { first, last } = this;
    if (!first || !last) return null;
    const oldestFirst = rowOrder(first, last, this.firstDate! <= this.lastDate!);
    const [opening, closing] = oldestFirst === false ? descending(first, last, this.total) : ascending(first, last, this.total);
    return {
      opening: { amount: opening, date: this.earliest! },
      closing: { amount: closing, date: this.latest! },
      warning: oldestFirst === null ? this.mismatch() : null,
    };
  }

  private mismatch(): string {
    return `the balance column does not follow the amounts (from ${this.first!.balance} on ${this.first!.date} to ${this.last!.balance} on ${this.last!.date}): the opening balance is derived from the first row`;
  }
}

/** True for oldest first, false for newest first, null when the balances fit neither. */
function rowOrder(k: BalanceRow, m: BalanceRow, byDates: boolean): boolean | null {
  if (k === m) return byDates;
  const moved = addDecimals([m.balance, negateDecimal(k.balance)]);
  const fitsAscending = compareDecimals(moved, addDecimals([m.before, m.amount, negateDecimal(k.before), negateDecimal(k.amount)])) === 0;
  const fitsDescending = compareDecimals(moved, addDecimals([k.before, negateDecimal(m.before)])) === 0;
  if (fitsAscending !== fitsDescending) return fitsAscending;
  return fitsAscending ? byDates : null;
}

/** Oldest first: each balance is the one above plus this row's amount. */
function ascending(k: BalanceRow, m: BalanceRow, total: string): [string, string] {
  const opening = addDecimals([k.balance, negateDecimal(k.before), negateDecimal(k.amount)]);
  const closing = addDecimals([m.balance, total, negateDecimal(m.before), negateDecimal(m.amount)]);
  return [opening, closing];
}

/** Newest first: each balance is the one below plus this row's amount. */
function descending(k: BalanceRow, m: BalanceRow, total: string): [string, string] {
  const opening = addDecimals([m.balance, m.before, negateDecimal(total)]);
  const closing = addDecimals([k.balance, k.before]);
  return [opening, closing];
}
