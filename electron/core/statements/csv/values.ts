// Reading one cell of a bank export as a date or an amount, the way the column mapping says.
// Amounts stay decimal strings from start to end: the digits are moved around, never computed.
import { currencyExponent, isCurrency, normalizeDecimal } from '../../../../shared/money.js';

type DatePart = 'DD' | 'MM' | 'YYYY' | 'YY';

interface DateLayout {
  parts: DatePart[];
  separator: string;
}

const DATE_FORMAT = /^(DD|MM|YYYY|YY)([/.\- ]?)(DD|MM|YYYY|YY)\2(DD|MM|YYYY|YY)$/;

/** 'DD/MM/YYYY' -> its parts and separator; null unless it has a day, a month and a year once each. */
export function dateLayout(format: string): DateLayout | null {
  const m = DATE_FORMAT.exec(format);
  if (!m) return null;
  const parts = [m[1], m[3], m[4]] as DatePart[];
  const letters = parts.map((p) => p[0]).sort().join('');
  return letters === 'DMY' ? { parts, separator: m[2] } : null;
}

export function isDateFormat(format: string): boolean {
  return dateLayout(format) !== null;
}

/** "31/01/2024" + "DD/MM/YYYY" -> "2024-01-31"; null when the text is not such a date. */
export function parseCsvDate(text: string, format: string): string | null {
  const layout = dateLayout(format);
  if (!layout) return null;
  const fields = dateFields(withoutTime(text.trim()), layout);
  if (!fields) return null;
  const values: Partial<Record<'D' | 'M' | 'Y', string>> = {};
  layout.parts.forEach((part, i) => { values[part[0] as 'D' | 'M' | 'Y'] = fields[i]; });
  return isoDate(fullYear(values.Y!), Number(values.M), Number(values.D));
}

/** Bank exports sometimes add a time to the date: "2024-01-31 00:00:00", "2024-01-31T10:12". */
function withoutTime(text: string): string {
  return text.replace(/[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([AP]M)?$/i, '');
}

function dateFields(text: string, layout: DateLayout): string[] | null {
  if (layout.separator === '') {
    const widths = layout.parts.map((p) => p.length);
    if (text.length !== widths.reduce((a, b) => a + b, 0) || !/^\d+$/.test(text)) return null;
    let at = 0;
    return widths.map((w) => text.slice(at, (at += w)));
  }
  const fields = text.split(layout.separator);
  if (fields.length !== 3) return null;
  const fits = fields.every((f, i) => /^\d+$/.test(f) && fitsPart(f, layout.parts[i]));
  return fits ? fields : null;
}

function fitsPart(field: string, part: DatePart): boolean {
  if (part === 'DD' || part === 'MM') return field.length <= 2;
  if (part === 'YYYY') return field.length === 4;
  return field.length === 2 || field.length === 4; // a 4-digit year is fine where YY is expected
}

/** Two-digit years: 00-69 are 2000-2069, 70-99 are 1970-1999. */
function fullYear(year: string): number {
  if (year.length === 4) return Number(year);
  const yy = Number(year);
  return yy < 70 ? 2000 + yy : 1900 + yy;
}

export function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || year < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const SPACES = ' \u00a0\u202f\u2009';
const CURRENCY_MARK = /^(?:[A-Z]{3}|[€$£]|kr\.?)\s*|\s*(?:[A-Z]{3}|[€$£]|kr\.?)$/gi;

/**
 * "-1 234,50" (decimal ',') -> "-1234.50"; null when the text is not an amount.
 * Accepts a leading or trailing minus, parentheses for negatives, a currency sign or code, and
 * thousands separators: the given one, and spaces or apostrophes anyway (never decimal marks).
 */
export function parseCsvAmount(text: string, decimalSeparator: '.' | ',', thousandsSeparator?: string): string | null {
  const signed = splitSign(text.trim().replace(CURRENCY_MARK, '').trim());
  if (!signed) return null;
  const body = signed.digits;
  const decimalAt = body.indexOf(decimalSeparator);
  if (decimalAt !== body.lastIndexOf(decimalSeparator)) return null;
  const whole = decimalAt < 0 ? body : body.slice(0, decimalAt);
  const fraction = decimalAt < 0 ? undefined : body.slice(decimalAt + 1);
  if (fraction !== undefined && !/^\d+$/.test(fraction)) return null;
  const wholeDigits = ungroup(whole, thousandsMarks(decimalSeparator, thousandsSeparator));
  if (wholeDigits === null || (wholeDigits === '' && fraction === undefined)) return null;
  const decimal = (wholeDigits || '0') + (fraction === undefined ? '' : '.' + fraction);
  return normalizeDecimal((signed.negative ? '-' : '') + decimal);
}

function splitSign(text: string): { negative: boolean; digits: string } | null {
  let body = text;
  let negative = false;
  if (/^\(.*\)$/.test(body)) {
    negative = true;
    body = body.slice(1, -1).trim();
  }
  const m = /^([-+\u2212]?)\s*(.*?)\s*(-?)$/.exec(body);
  if (!m || !m[2]) return null;
  if (m[1] && m[3]) return null;
  if (m[1] === '-' || m[1] === '\u2212' || m[3] === '-') negative = !negative;
  return { negative, digits: m[2] };
}

const marksCache = new Map<string, string>();

function thousandsMarks(decimalSeparator: '.' | ',', thousandsSeparator?: string): string {
  const key = decimalSeparator + (thousandsSeparator ?? '');
  let marks = marksCache.get(key);
  if (marks === undefined) {
    const given = thousandsSeparator === undefined ? (decimalSeparator === ',' ? '.' : ',') : thousandsSeparator;
    marks = [...new Set(SPACES + "'\u2019" + given)].filter((c) => c !== decimalSeparator).join('');
    marksCache.set(key, marks);
  }
  return marks;
}

/** "1.234.567" -> "1234567" when grouped by threes with one mark; plain digits pass through. */
function ungroup(whole: string, marks: string): string | null {
  if (/^\d*$/.test(whole)) return whole;
  const mark = [...whole].find((c) => !/\d/.test(c))!;
  if (!marks.includes(mark)) return null;
  const groups = whole.split(mark);
  const valid = /^\d{1,3}$/.test(groups[0]) && groups.slice(1).every((g) => /^\d{3}$/.test(g));
  return valid ? groups.join('') : null;
}

const exponents = new Map<string, number | null>();

/** "120" in CAD -> "120.00": pads to the currency's decimals, never drops any. */
export function atCurrencyScale(decimal: string, currency: string): string {
  let exponent = exponents.get(currency);
  if (exponent === undefined) {
    // Looking a code up in currency-codes scans its whole table: once per currency is enough.
    exponent = isCurrency(currency) ? currencyExponent(currency) : null;
    exponents.set(currency, exponent);
  }
  if (exponent === null) return decimal;
  const [whole, fraction = ''] = decimal.split('.');
  if (fraction.length >= exponent) return decimal;
  return whole + '.' + fraction.padEnd(exponent, '0');
}
