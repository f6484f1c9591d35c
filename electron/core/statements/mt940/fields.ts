// Reading single MT940 / MT942 fields: dates, amounts, balances (:60F: :62F:), the account
// (:25:) and the statement line (:61:). Each reader throws a FieldProblem with a plain message;
// the parser adds the format, the statement number and the line.
import { isValidBIC, isValidIBAN } from 'ibantools';
import { currencyExponent, isCurrency, normalizeDecimal } from '../../../../shared/money.js';
import type { Balance, StatementAccount } from '../../../../shared/statement.js';

export class FieldProblem extends Error {}

const DAYS_PER_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A calendar date as YYYY-MM-DD, or a FieldProblem when it does not exist. */
export function isoDate(year: number, month: number, day: number, written: string): string {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const valid = month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && !leap ? 28 : DAYS_PER_MONTH[month - 1]);
  if (!valid) throw new FieldProblem(`"${written}" is not a valid date`);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** SWIFT YYMMDD. Years 00-79 are 2000-2079, 80-99 are 1980-1999. */
export function swiftDate(yymmdd: string): string {
  if (!/^\d{6}$/.test(yymmdd)) throw new FieldProblem(`"${yymmdd}" is not a date (expected YYMMDD)`);
  const yy = Number(yymmdd.slice(0, 2));
  return isoDate(yy < 80 ? 2000 + yy : 1900 + yy, Number(yymmdd.slice(2, 4)), Number(yymmdd.slice(4, 6)), yymmdd);
}

/**
 * The :61: entry date is MMDD without a year. It is within days of the value date, so it takes
 * the year that puts it nearest: value 2023-12-30 with entry 0102 is booked 2024-01-02, value
 * 2024-01-02 with entry 1231 was booked 2023-12-31.
 */
export function entryDateNear(mmdd: string, valueDate: string): string {
  const month = Number(mmdd.slice(0, 2));
  const valueMonth = Number(valueDate.slice(5, 7));
  let year = Number(valueDate.slice(0, 4));
  if (month - valueMonth > 6) year--;
  else if (valueMonth - month > 6) year++;
  return isoDate(year, month, Number(mmdd.slice(2, 4)), mmdd);
}

const scales = new Map<string, number>();

/** Decimals to show for a currency; 2 for codes that are not (or no longer) ISO 4217, like DEM. */
export function scaleOf(currency: string): number {
  let scale = scales.get(currency);
  if (scale === undefined) {
    scale = isCurrency(currency) ? currencyExponent(currency) : 2;
    scales.set(currency, scale);
  }
  return scale;
}

/**
 * A SWIFT amount ("1234,5", "0,", "000012,34") as an unsigned decimal string. The decimals
 * are kept as written and padded to the currency's minor unit: "229,2" CHF -> "229.20".
 */
export function swiftAmount(written: string, currency: string): string {
  const match = /^(\d+)(?:[,.](\d*))?$/.exec(written);
  if (!match) throw new FieldProblem(`"${written}" is not an amount (expected digits and a decimal comma, e.g. 1234,56)`);
  const decimals = (match[2] ?? '').padEnd(scaleOf(currency), '0');
  return normalizeDecimal(decimals ? `${match[1]}.${decimals}` : match[1]);
}

function signed(amount: string, negative: boolean): string {
  return negative && /[1-9]/.test(amount) ? '-' + amount : amount;
}

/** :60F: / :60M: / :62F: / :62M: — "C110522EUR3236,28". */
export function readBalance(text: string): Balance {
  const match = /^([CD])(\d{6})([A-Z]{3})([\d,.]+)$/.exec(text.trim());
  if (!match) {
    throw new FieldProblem(`"${text.trim()}" is not a balance (expected C or D, date YYMMDD, currency, amount, e.g. C230131EUR1234,56)`);
  }
  const [, mark, date, currency, amount] = match;
  return { amount: signed(swiftAmount(amount, currency), mark === 'D'), currency, date: swiftDate(date) };
}

/** The currency of :34F: (floor limit, MT942): "PLN0", "EURD100,00". */
export function readFloorLimitCurrency(text: string): string {
  const match = /^([A-Z]{3})[CD]?[\d,.]+$/.exec(text.trim());
  if (!match) throw new FieldProblem(`"${text.trim()}" is not a floor limit (expected currency and amount, e.g. EUR0,)`);
  return match[1];
}

/** :90D: / :90C: (MT942 totals): number of entries, currency, sum. */
export function readTotal(text: string): { count: number; currency: string; sum: string } {
  const match = /^(\d+)([A-Z]{3})([\d,.]+)$/.exec(text.trim());
  if (!match) throw new FieldProblem(`"${text.trim()}" is not a total (expected count, currency, amount, e.g. 3EUR12,50)`);
  return { count: Number(match[1]), currency: match[2], sum: swiftAmount(match[3], match[2]) };
}

const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/**
 * :25: account identification. Seen in the wild: "517852257", "87052000/123456789"
 * (bank code / account: kept whole, the account alone is ambiguous), "UBRTHUHB/12345678/HUF"
 * (BIC / account / currency), "PL29114010810000267002001002", "NL69INGB0123456789EUR".
 */
export function readAccount(text: string): StatementAccount {
  const parts = text.trim().split('/');
  let bic: string | null = null;
  let currency: string | null = null;
  if (parts.length > 1 && BIC.test(parts[0]) && isValidBIC(parts[0])) bic = parts.shift()!;
  if (parts.length > 1 && isCurrency(parts[parts.length - 1])) currency = parts.pop()!;
  const rest = parts.join('/').trim();
  if (!rest) throw new FieldProblem('the account identification is empty');
  const compact = rest.replace(/\s+/g, '');
  if (isValidIBAN(compact)) return { iban: compact, number: null, bic, currency, name: null };
  const suffix = compact.slice(-3);
  if (currency === null && isCurrency(suffix) && isValidIBAN(compact.slice(0, -3))) {
    return { iban: compact.slice(0, -3), number: null, bic, currency: suffix, name: null };
  }
  return { iban: null, number: rest, bic, currency, name: null };
}

export interface StatementLine {
  valueDate: string;
  bookingDate: string;
  /** Signed: debits and reversed credits are negative. */
  amount: string;
  credit: boolean;
  transactionType: string | null;
  customerReference: string | null;
  bankReference: string | null;
  supplementaryDetails: string | null;
}

// value date, entry date, mark (RC/RD = reversal of credit/debit, EC/ED = expected, MT942),
// funds code, amount, transaction type (S/N/F + 3), then references.
const STATEMENT_LINE = /^(\d{6})(\d{4})?(RC|RD|EC|ED|C|D)([A-Z])?(\d[\d,.]*)(.*)$/;
const TRANSACTION_TYPE = /^[SNF][A-Z0-9 ]{3}/;

/** :61: — "1105240524D9,N192NONREF", second line = supplementary details. */
export function readStatementLine(lines: readonly string[], currency: string): StatementLine {
  const first = lines[0].trim();
  const match = STATEMENT_LINE.exec(first);
  if (!match) {
    throw new FieldProblem(`"${first}" is not a statement line (expected value date YYMMDD, optional entry date MMDD, C/D/RC/RD, amount, type, reference)`);
  }
  const [, valueDatePart, entryDatePart, mark, , amountPart, tail] = match;
  const valueDate = swiftDate(valueDatePart);
  const debit = mark === 'D' || mark === 'RC' || mark === 'ED';
  const hasType = TRANSACTION_TYPE.test(tail) && !/^NONREF/i.test(tail);
  const references = hasType ? tail.slice(4) : tail;
  const split = references.indexOf('//');
  const customer = split < 0 ? references : references.slice(0, split);
  const bank = split < 0 ? '' : references.slice(split + 2);
  const supplementary = lines.slice(1).map((l) => l.trim()).filter(Boolean).join(' ');
  return {
    valueDate,
    bookingDate: entryDatePart ? entryDateNear(entryDatePart, valueDate) : valueDate,
    amount: signed(swiftAmount(amountPart, currency), debit),
    credit: !debit,
    transactionType: hasType ? tail.slice(0, 4).trim() : null,
    customerReference: meaningfulReference(customer),
    bankReference: meaningfulReference(bank),
    supplementaryDetails: supplementary || null,
  };
}

/** "NONREF" (and blanks) mean "no reference". */
function meaningfulReference(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' || trimmed.toUpperCase() === 'NONREF' ? null : trimmed;
}
