// Quicken Interchange Format. A file is a series of sections ("!Type:Bank", "!Type:CCard",
// "!Account", category lists...) made of records: one field per line, a letter then its value,
// "^" ending the record. Each bank-like section is one statement, named after the "!Account"
// record before it. QIF has no balances, no currency and no account number.
//
// Fields of a transaction: D date, T (or U) amount, P payee, M memo, N number (cheque, ...),
// C cleared mark, L category, A address, and splits: S category, E memo, $ amount (% percent).
import { isValidIBAN } from 'ibantools';
import { addDecimals, compareDecimals, currencyExponent, isCurrency, normalizeDecimal } from '../../../../shared/money.js';
import type { EntryDetail, StatementAccount, StatementEntry } from '../../../../shared/statement.js';
import { StatementFileError } from '../common/errors.js';
import { readLines } from '../common/lines.js';
import type { ParseEvent, ParseOptions, StatementHeader, StatementParser } from '../common/types.js';
import { DateOrderEvidence, type DateOrder, LOOKAHEAD, qifDate } from './dates.js';

export const qifParser: StatementParser = {
  family: 'qif',
  detect: looksLikeQif,
  parse: parseQif,
};

const FORMAT = 'QIF';
/** Used when neither the file nor the options give a currency (QIF never does). */
export const QIF_FALLBACK_CURRENCY = 'EUR';

function looksLikeQif(head: string): boolean {
  return /^\uFEFF?\s*!(Type:|Account|Option:|Clear:)/i.test(head);
}

async function* parseQif(chunks: AsyncIterable<string>, options: ParseOptions): AsyncGenerator<ParseEvent> {
  const source = chunks[Symbol.asyncIterator]();
  try {
    yield* readQif(source, options);
  } finally {
    await source.return?.(); // read by hand: given up half-way, the file is closed here
  }
}

async function* readQif(source: AsyncIterator<string>, options: ParseOptions): AsyncGenerator<ParseEvent> {
  const { order, warning, text } = await settleDateOrder(source);
  const reader = new QifReader(order, options);
  if (warning) yield { type: 'warning', message: warning };
  for await (const line of readLines(text)) {
    reader.readLine(line.text, line.number);
    yield* reader.takeEvents();
  }
  reader.finish();
  yield* reader.takeEvents();
}

/** Reads ahead until a date settles the day/month order (see dates.ts), then replays the text. */
async function settleDateOrder(
  source: AsyncIterator<string>,
): Promise<{ order: DateOrder; warning: string | null; text: AsyncIterable<string> }> {
  const evidence = new DateOrderEvidence();
  const head: string[] = [];
  let headLength = 0;
  let partialLine = '';
  let exhausted = false;
  while (!evidence.settled && headLength < LOOKAHEAD) {
    const next = await source.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    head.push(next.value);
    headLength += next.value.length;
    const lines = (partialLine + next.value).split(/\r\n?|\n/);
    partialLine = lines.pop()!;
    for (const line of lines) if (/^\s*D/.test(line)) evidence.see(line.trimStart().slice(1));
  }
  if (exhausted && /^\s*D/.test(partialLine)) evidence.see(partialLine.trimStart().slice(1));
  async function* text(): AsyncGenerator<string> {
    yield* head;
    if (exhausted) return;
    for (let next = await source.next(); !next.done; next = await source.next()) yield next.value;
  }
  return { ...evidence.decision(), text: text() };
}

type Section = 'none' | 'transactions' | 'account' | 'other';

/** Section names whose records are bank-account transactions (lower case). */
const TRANSACTION_SECTIONS = new Set(['bank', 'cash', 'ccard', 'oth a', 'oth l']);

interface RecordInProgress {
  fields: { code: string; value: string; line: number }[];
  line: number;
}

class QifReader {
  private section: Section = 'none';
  private statement: { number: number; header: StatementHeader } | null = null;
  private statementCount = 0;
  private account: { name: string | null; iban: string | null } = { name: null, iban: null };
  private record: RecordInProgress = { fields: [], line: 0 };
  private events: ParseEvent[] = [];
  private lineNumber = 0;
  private readonly currency: string;

  constructor(private readonly order: DateOrder, private readonly options: ParseOptions) {
    this.currency = options.defaultCurrency ?? QIF_FALLBACK_CURRENCY;
  }

  takeEvents(): ParseEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  readLine(raw: string, number: number): void {
    this.lineNumber = number;
    const text = (number === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (text === '') return;
    try {
      if (text.startsWith('!')) this.readHeader(text);
      else if (text.startsWith('^')) this.endRecord();
      else this.readField(text, number);
    } catch (error) {
      throw this.fileError(error, number);
    }
  }

  finish(): void {
    try {
      if (this.record.fields.length > 0) {
        throw new QifProblem('the file ends inside a record (no "^" after it): is it truncated?', this.record.line);
      }
      this.closeStatement();
      if (this.statementCount === 0) {
        throw new QifProblem('no bank transactions found (no !Type:Bank, !Type:CCard, !Type:Cash or !Type:Oth section)', this.lineNumber);
      }
    } catch (error) {
      throw this.fileError(error, this.lineNumber);
    }
  }

  private readHeader(text: string): void {
    if (this.record.fields.length > 0) {
      this.warn(`the record at line ${this.record.line} has no "^" end mark`);
      this.endRecord();
    }
    const type = /^!Type:(.*)$/i.exec(text);
    if (type) return this.openSection(type[1].trim().toLowerCase());
    if (/^!Account\b/i.test(text)) {
      this.closeStatement();
      this.section = 'account';
    }
    // !Option:AutoSwitch / !Clear:AutoSwitch only frame the list of accounts.
  }

  private openSection(type: string): void {
    this.closeStatement();
    if (!TRANSACTION_SECTIONS.has(type)) {
      // Category, class and security lists, memorized transactions: not statement lines.
      if (type === 'invst') this.warn('investment transactions (!Type:Invst) are not read');
      this.section = 'other';
      return;
    }
    this.section = 'transactions';
    this.statementCount++;
    const account: StatementAccount = { iban: this.account.iban, number: null, bic: null, currency: this.options.defaultCurrency ?? null, name: this.account.name };
    const header: StatementHeader = { format: 'qif', id: null, account, openingBalance: null, closingBalance: null };
    this.statement = { number: this.statementCount, header };
    this.events.push({ type: 'begin', statement: header });
    if (this.statementCount === 1 && !this.options.defaultCurrency) {
      this.warn(`a QIF file does not say its currency: amounts are read as ${QIF_FALLBACK_CURRENCY}`);
    }
  }

  private closeStatement(): void {
    if (!this.statement) return;
    this.events.push({ type: 'end', statement: this.statement.header });
    this.statement = null;
  }

  private readField(text: string, line: number): void {
    if (this.section === 'none') throw new QifProblem(`"${text}" comes before any !Type: or !Account header`, line);
    if (this.record.fields.length === 0) this.record.line = line;
    this.record.fields.push({ code: text[0], value: text.slice(1).trim(), line });
  }

  private endRecord(): void {
    const record = this.record;
    this.record = { fields: [], line: 0 };
    if (record.fields.length === 0) return;
    if (this.section === 'account') this.account = accountOf(record);
    else if (this.section === 'transactions') this.events.push({ type: 'entry', entry: this.entryOf(record) });
  }

  private entryOf(record: RecordInProgress): StatementEntry {
    const first = (code: string) => record.fields.find((f) => f.code === code);
    const date = first('D');
    if (!date) throw new QifProblem('the record has no date (D line)', record.line);
    const bookingDate = qifDate(date.value, this.order);
    if (!bookingDate) {
      throw new QifProblem(`"${date.value}" is not a date (read as ${this.order === 'day-month' ? 'day/month' : 'month/day'}/year, like the other dates of the file)`, date.line);
    }
    const total = first('T') ?? first('U');
    if (!total) throw new QifProblem('the record has no amount (T line)', record.line);
    const amount = this.amountOf(total);
    const payee = first('P')?.value || null;
    const details = this.splitsOf(record);
    this.checkSplits(details, amount, record.line);
    return {
      bookingDate,
      valueDate: null,
      amount,
      currency: this.currency,
      description: first('M')?.value || payee || first('L')?.value || '',
      counterparty: payee ? { name: payee, iban: null } : null,
      reference: null,
      endToEndId: null,
      bankReference: first('N')?.value || null,
      // The C mark is the user's own reconciliation in Quicken, not the bank's booking status.
      status: 'booked',
      details,
    };
  }

  /** S (category), E (memo) and $ (amount) lines: one detail per S, or per $ when S is missing. */
  private splitsOf(record: RecordInProgress): EntryDetail[] {
    const details: EntryDetail[] = [];
    let category: string | null = null;
    for (const f of record.fields) {
      let current = details.at(-1);
      if (f.code === 'S') {
        category = f.value || null;
        details.push(split(category));
      } else if (f.code === 'E') {
        if (!current) details.push((current = split(null)));
        current.description = f.value || category;
      } else if (f.code === '$') {
        if (!current || current.amount !== null) details.push((current = split(null)));
        current.amount = this.amountOf(f);
      }
    }
    return details;
  }

  private checkSplits(details: EntryDetail[], amount: string, line: number): void {
    const amounts = details.map((d) => d.amount).filter((a): a is string => a !== null);
    if (amounts.length === 0) return;
    const sum = addDecimals(amounts);
    if (compareDecimals(sum, amount) !== 0) {
      this.warn(`the splits of the record at line ${line} add up to ${sum}, not ${amount}`);
    }
  }

  private amountOf(f: { value: string; line: number }): string {
    const amount = qifAmount(f.value, scaleOf(this.currency));
    if (amount === null) throw new QifProblem(`"${f.value}" is not an amount`, f.line);
    return amount;
  }

  private warn(message: string): void {
    this.events.push({ type: 'warning', message });
  }

  private fileError(error: unknown, line: number): StatementFileError {
    if (error instanceof StatementFileError) return error;
    const detail = error instanceof Error ? error.message : String(error);
    return new StatementFileError(FORMAT, error instanceof QifProblem ? detail : `unexpected problem: ${detail}`, {
      // A record outside any statement belongs to the next one.
      statement: this.statement?.number ?? this.statementCount + 1,
      line: error instanceof QifProblem ? error.line : line,
    });
  }
}

class QifProblem extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
  }
}

/** An !Account record: N name, D description; an IBAN in either is the account's IBAN. */
function accountOf(record: RecordInProgress): { name: string | null; iban: string | null } {
  const name = record.fields.find((f) => f.code === 'N')?.value || null;
  const candidates = record.fields.filter((f) => f.code === 'N' || f.code === 'D').map((f) => f.value.replace(/\s+/g, '').toUpperCase());
  return { name, iban: candidates.find((c) => isValidIBAN(c)) ?? null };
}

function split(description: string | null): EntryDetail {
  return { amount: null, counterparty: null, reference: null, endToEndId: null, description };
}

function scaleOf(currency: string): number {
  return isCurrency(currency) ? currencyExponent(currency) : 2;
}

/**
 * A QIF amount as a signed decimal string padded to `scale` decimals, or null. Writers differ:
 * "-1,234.56", "-1.234,56", "1 234,56", "1'234.56", "12.50-". When both "." and "," appear the
 * last one is the decimal mark; a lone mark followed by exactly three digits ("1,234") groups
 * thousands, unless the whole part is 0 ("0,125").
 */
export function qifAmount(written: string, scale: number): string | null {
  let text = written.replace(/[\s\u00a0\u202f']/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(text)) [negative, text] = [true, text.slice(1, -1)];
  if (/^[+-]/.test(text)) [negative, text] = [negative !== text.startsWith('-'), text.slice(1)];
  else if (/-$/.test(text)) [negative, text] = [!negative, text.slice(0, -1)];
  if (!/^[\d.,]*\d[\d.,]*$/.test(text)) return null;
  const mark = decimalMark(text);
  const cut = mark ? text.lastIndexOf(mark) : text.length;
  const grouped = text.slice(0, cut);
  const fraction = mark ? text.slice(cut + 1) : '';
  if ((mark && grouped.includes(mark)) || !/^\d*$/.test(fraction)) return null;
  const whole = grouped.replace(/[.,]/g, '') || '0';
  const padded = fraction.padEnd(scale, '0');
  return normalizeDecimal(`${negative ? '-' : ''}${whole}${padded ? '.' + padded : ''}`);
}

function decimalMark(text: string): '.' | ',' | null {
  const dot = text.lastIndexOf('.');
  const comma = text.lastIndexOf(',');
  if (dot >= 0 && comma >= 0) return dot > comma ? '.' : ',';
  const mark = dot >= 0 ? '.' : comma >= 0 ? ',' : null;
  if (!mark || text.indexOf(mark) !== text.lastIndexOf(mark)) return null;
  const decimals = text.length - text.indexOf(mark) - 1;
  return decimals === 3 && !/^0?[.,]/.test(text) ? null : mark;
}
