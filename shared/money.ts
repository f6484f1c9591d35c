// Money is an integer number of minor units plus an ISO 4217 currency.
// Across layers (JSON, the contract, the CLI) amounts travel as decimal strings: "-12.30".
// Never a float: parsing and formatting below work on the digits, not on Number arithmetic.
import currencyCodes from 'currency-codes';

export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyError';
  }
}

const CURRENCY = /^[A-Z]{3}$/;

export function isCurrency(code: string): boolean {
  return CURRENCY.test(code) && currencyCodes.code(code) !== undefined;
}

const exponents = new Map<string, number>(); // currency-codes searches a list: remember the answers

/** The number of decimals of a currency's minor unit (JPY 0, EUR 2, KWD 3). */
export function currencyExponent(code: string): number {
  const known = exponents.get(code);
  if (known !== undefined) return known;
  const entry = CURRENCY.test(code) ? currencyCodes.code(code) : undefined;
  if (!entry) throw new MoneyError(`unknown currency "${code}" (expected an ISO 4217 code such as EUR or DKK)`);
  exponents.set(code, entry.digits);
  return entry.digits;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** "-12.3" + EUR -> -1230. Refuses more decimals than the currency has, unless they are zeros. */
export function toMinor(decimal: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const m = DECIMAL.exec(decimal.trim());
  if (!m) throw new MoneyError(`"${decimal}" is not a decimal amount (expected digits with an optional "." and decimals, e.g. -12.30)`);
  const [, sign, whole, frac = ''] = m;
  const extra = frac.slice(exponent);
  if (/[^0]/.test(extra)) {
    throw new MoneyError(`"${decimal}" has more decimals than ${currency} allows (${exponent})`);
  }
  const digits = (whole + frac.slice(0, exponent).padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) throw new MoneyError(`"${decimal}" is too large an amount`);
  return sign === '-' && value !== 0 ? -value : value;
}

/** -1230 + EUR -> "-12.30"; 5 + JPY -> "5". */
export function toDecimal(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new MoneyError(`${minor} is not a whole number of minor units`);
  const exponent = currencyExponent(currency);
  const digits = Math.abs(minor).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const frac = digits.slice(digits.length - exponent);
  return (minor < 0 ? '-' : '') + whole + (exponent > 0 ? '.' + frac : '');
}

/** Normalizes a decimal string's form without changing its value or its scale: "+012.50" -> "12.50". */
export function normalizeDecimal(decimal: string): string {
  const m = DECIMAL.exec(decimal.trim());
  if (!m) throw new MoneyError(`"${decimal}" is not a decimal amount`);
  const [, sign, whole, frac] = m;
  const w = whole.replace(/^0+(?=\d)/, '');
  const zero = /^0*$/.test(w + (frac ?? ''));
  return (sign === '-' && !zero ? '-' : '') + w + (frac !== undefined ? '.' + frac : '');
}

/** Exact sum of decimal strings (any scale), returned at the largest scale seen. */
export function addDecimals(values: readonly string[]): string {
  let scale = 0;
  const parsed = values.map((v) => {
    const m = DECIMAL.exec(v.trim());
    if (!m) throw new MoneyError(`"${v}" is not a decimal amount`);
    scale = Math.max(scale, (m[3] ?? '').length);
    return m;
  });
  let total = 0n;
  for (const [, sign, whole, frac = ''] of parsed) {
    const units = BigInt(whole + frac.padEnd(scale, '0'));
    total += sign === '-' ? -units : units;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const body = scale > 0 ? digits.slice(0, -scale) + '.' + digits.slice(-scale) : digits;
  return (negative ? '-' : '') + body;
}

/** Compares two decimal strings by value: negative, zero or positive. */
export function compareDecimals(a: string, b: string): number {
  const diff = addDecimals([a, negateDecimal(b)]);
  return /^-/.test(diff) ? -1 : /[1-9]/.test(diff) ? 1 : 0;
}

export function negateDecimal(decimal: string): string {
  const n = normalizeDecimal(decimal);
  if (!/[1-9]/.test(n)) return n.replace(/^-/, '');
  return n.startsWith('-') ? n.slice(1) : '-' + n;
}
