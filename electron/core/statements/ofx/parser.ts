// OFX / QFX bank and credit-card statements: 1.x (SGML, "OFXHEADER:100" header lines), 2.x
// (XML, <?OFX ...?>), or no header at all. One statement per <STMTRS> (bank) or <CCSTMTRS>
// (credit card); a file may hold several accounts. Entries are yielded as each <STMTTRN> closes.
//
// Mapping (OFX has no opening balance, so openingBalance is null):
//   ACCTID -> account.number (and account.iban when it is a valid IBAN); BANKID -> account.bic only
//   when it is a BIC (it is usually a routing number or bank code, which the shape has no place for);
//   CURDEF -> account.currency; LEDGERBAL (BALAMT, date part of DTASOF) -> closingBalance;
//   STMTTRN: DTPOSTED -> bookingDate, DTUSER (else DTAVAIL) -> valueDate, TRNAMT -> amount as signed
//   in the file, FITID -> bankReference, NAME or PAYEE/NAME -> counterparty name, NAME + MEMO ->
//   description, CHECKNUM (else REFNUM) -> reference, CURRENCY/CURSYM -> the entry's currency.
//   STMTTRNP (pending transactions of BANKTRANLISTP, OFX 2.1) -> status 'pending', DTTRAN -> bookingDate.
// Dates keep the bank's calendar day: "20090401122017.000[-5:EST]" is 2009-04-01, not converted to UTC.
import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';
import { normalizeDecimal } from '../../../../shared/money.js';
import type { Balance, StatementEntry } from '../../../../shared/statement.js';
import { StatementFileError } from '../common/errors.js';
import type { ParseEvent, ParseOptions, StatementHeader, StatementParser } from '../common/types.js';
import { atCurrencyScale, isoDate } from '../csv/values.js';
import { OfxElements, OfxScanner, type OfxElement } from './sgml.js';

/** ISO 4217 "no currency": used when neither the file nor the caller names one. */
const NO_CURRENCY = 'XXX';

export const ofxParser: StatementParser = {
  family: 'ofx',
  detect: detectOfx,
  parse: parseOfx,
};

/**
 * "OFXHEADER:100" header lines, an <?OFX ...?> instruction, or a file starting with <OFX>.
 * A comment's text cannot hold "-->": with `[\s\S]*?` a comment could also span the next ones,
 * and a head of many comments not followed by <OFX> took exponential time to refuse.
 */
export function detectOfx(head: string): boolean {
  const start = head.replace(/^\uFEFF/, '').trimStart();
  return (
    /^OFXHEADER\s*:\s*\d/i.test(start) ||
    /^(<\?xml[^>]*\?>\s*)?<\?OFX\s/i.test(start) ||
    /^(<\?xml[^>]*\?>\s*)?(<!--(?:[^-]|-(?!->))*-->\s*)*<OFX>/i.test(start)
  );
}

async function* parseOfx(chunks: AsyncIterable<string>, options: ParseOptions): AsyncGenerator<ParseEvent> {
  const scanner = new OfxScanner();
  const elements = new OfxElements();
  const reader = new OfxStatementReader(options);
  for await (const chunk of chunks) {
    for (const token of scanner.push(chunk)) {
      for (const element of elements.read(token)) yield* reader.read(element);
    }
  }
  for (const token of scanner.finish()) {
    for (const element of elements.read(token)) yield* reader.read(element);
  }
  for (const element of elements.finish()) yield* reader.read(element);
  yield* reader.finish(elements.unclosed, scanner.currentLine);
}

interface OfxTransaction {
  line: number;
  pending: boolean;
  /** Values directly inside <STMTTRN>, by tag. */
  values: Record<string, string>;
  payeeName: string | null;
  /** ACCTID of BANKACCTTO / CCACCTTO: the other account of a transfer. */
  otherAccount: string | null;
  currency: string | null;
}

interface OfxStatement {
  number: number;
  line: number;
  currency: string | null;
  account: Record<string, string>;
  ledgerBalance: { amount?: string; date?: string; line: number } | null;
  begun: boolean;
  /** Warnings found before 'begin', told right after it so they belong to this statement. */
  warnings: string[];
  transaction: OfxTransaction | null;
}

const STATEMENT = new Set(['STMTRS', 'CCSTMTRS']);
const TRANSACTION = new Set(['STMTTRN', 'STMTTRNP']);
const ACCOUNT = new Set(['BANKACCTFROM', 'CCACCTFROM']);
const OTHER_ACCOUNT = new Set(['BANKACCTTO', 'CCACCTTO']);

/** Follows the elements of the file and tells the statements and their entries. */
class OfxStatementReader {
  private statement: OfxStatement | null = null;
  private count = 0;
  private sawOfx = false;

  constructor(private readonly options: ParseOptions) {}

  *read(element: OfxElement): Generator<ParseEvent> {
    if (element.kind === 'enter') yield* this.enter(element.name, element.line);
    else if (element.kind === 'exit') yield* this.exit(element.name);
    else this.value(element);
  }

  *finish(unclosed: readonly string[], line: number): Generator<ParseEvent> {
    const s = this.statement;
    if (s) {
      const inside = s.transaction ? 'inside a transaction (<STMTTRN>) ' : '';
      throw new StatementFileError('OFX', `the file ends ${inside}before the end of the statement: it looks truncated`, { statement: s.number, line });
    }
    if (!this.sawOfx) throw new StatementFileError('OFX', 'no <OFX> element: this is not an OFX file', { line });
    if (this.count === 0) yield warning('the file holds no bank or credit-card statement (no <STMTRS> or <CCSTMTRS>)');
    else if (unclosed.includes('OFX')) yield warning('the file ends before </OFX>, after complete statements');
  }

  private *enter(name: string, line: number): Generator<ParseEvent> {
    if (name === 'OFX') this.sawOfx = true;
    if (STATEMENT.has(name)) return this.startStatement(line);
    const s = this.statement;
    if (!s) return;
    if (name === 'BANKTRANLIST' || name === 'BANKTRANLISTP') yield* this.begin(s);
    if (TRANSACTION.has(name)) {
      yield* this.begin(s);
      if (s.transaction) yield* this.endTransaction(s); // an unclosed <STMTTRN>: SGML lets it pass
      s.transaction = { line, pending: name === 'STMTTRNP', values: {}, payeeName: null, otherAccount: null, currency: null };
    }
  }

  private *exit(name: string): Generator<ParseEvent> {
    const s = this.statement;
    if (!s) return;
    if (TRANSACTION.has(name) && s.transaction) yield* this.endTransaction(s);
    if (STATEMENT.has(name)) {
      yield* this.begin(s);
      yield* this.endStatement(s);
    }
  }

  private value(element: Extract<OfxElement, { kind: 'value' }>): void {
    const s = this.statement;
    if (!s) return;
    if (s.transaction) readTransactionValue(s.transaction, element, s.number);
    else readStatementValue(s, element);
  }

  private startStatement(line: number): void {
    if (this.statement) {
      throw new StatementFileError('OFX', 'a statement starts before the previous one ends', { statement: this.statement.number, line });
    }
    this.statement = {
      number: ++this.count, line, currency: null, account: {}, ledgerBalance: null, begun: false, warnings: [], transaction: null,
    };
  }

  private *begin(s: OfxStatement): Generator<ParseEvent> {
    if (s.begun) return;
    s.begun = true;
    if (s.currency === null) s.warnings.unshift(`statement ${s.number}: the currency (CURDEF) is empty or missing`);
    yield { type: 'begin', statement: this.header(s, null) };
    for (const message of s.warnings) yield warning(message);
    s.warnings = [];
  }

  private *endTransaction(s: OfxStatement): Generator<ParseEvent> {
    const t = s.transaction!;
    s.transaction = null;
    const notes: string[] = [];
    const entry = entryOf(t, this.entryCurrency(s, t), { statement: s.number, notes });
    for (const message of notes) yield warning(message);
    yield { type: 'entry', entry };
  }

  private *endStatement(s: OfxStatement): Generator<ParseEvent> {
    const notes: string[] = [];
    const closing = closingBalance(s, this.accountCurrency(s) ?? NO_CURRENCY, notes);
    for (const message of notes) yield warning(message);
    this.statement = null;
    yield { type: 'end', statement: this.header(s, closing) };
  }

  private header(s: OfxStatement, closingBalance: Balance | null): StatementHeader {
    const accountId = s.account.ACCTID || null;
    const bankId = s.account.BANKID || null;
    return {
      format: 'ofx',
      id: null,
      account: {
        iban: accountId ? ibanOf(accountId) : null,
        number: accountId,
        bic: bankId && isValidBIC(bankId) ? bankId : null,
        currency: this.accountCurrency(s),
        name: null,
      },
      openingBalance: null,
      closingBalance,
    };
  }

  private accountCurrency(s: OfxStatement): string | null {
    return s.currency ?? this.options.defaultCurrency ?? null;
  }

  private entryCurrency(s: OfxStatement, t: OfxTransaction): string {
    return t.currency ?? this.accountCurrency(s) ?? NO_CURRENCY;
  }
}

function warning(message: string): ParseEvent {
  return { type: 'warning', message };
}

function readStatementValue(s: OfxStatement, { name, value, parent, line }: Extract<OfxElement, { kind: 'value' }>): void {
  if (name === 'CURDEF' && parent !== null && STATEMENT.has(parent)) s.currency = value ? currencyCode(name, value, { statement: s.number, line }) : null;
  else if (parent !== null && ACCOUNT.has(parent)) s.account[name] = value;
  else if (parent === 'LEDGERBAL') {
    s.ledgerBalance ??= { line };
    if (name === 'BALAMT') s.ledgerBalance.amount = value;
    if (name === 'DTASOF') s.ledgerBalance.date = value;
  }
}

function readTransactionValue(t: OfxTransaction, { name, value, parent, line }: Extract<OfxElement, { kind: 'value' }>, statement: number): void {
  if (parent !== null && TRANSACTION.has(parent)) t.values[name] ??= value;
  else if (parent === 'PAYEE' && name === 'NAME') t.payeeName = value || null;
  else if (parent !== null && OTHER_ACCOUNT.has(parent) && name === 'ACCTID') t.otherAccount = value || null;
  else if (parent === 'CURRENCY' && name === 'CURSYM' && value) t.currency = currencyCode(name, value, { statement, line });
}

/** CURDEF and CURSYM: an ISO 4217 code, in whatever case the bank wrote it. */
function currencyCode(tag: string, value: string, where: { statement: number; line: number }): string {
  const code = value.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) throw new StatementFileError('OFX', `${tag} "${value}" is not an ISO 4217 currency code (e.g. EUR)`, where);
  return code;
}

interface EntryContext {
  statement: number;
  notes: string[];
}

function entryOf(t: OfxTransaction, currency: string, context: EntryContext): StatementEntry {
  const v = t.values;
  const where = { statement: context.statement, line: t.line };
  const dateTag = t.pending && v.DTTRAN ? 'DTTRAN' : 'DTPOSTED';
  const bookingDate = ofxDate(v[dateTag] ?? '');
  if (!bookingDate) {
    throw new StatementFileError('OFX', v[dateTag] ? `${dateTag} "${v[dateTag]}" is not a date` : `a transaction has no ${dateTag} date`, where);
  }
  const amount = ofxAmount(v.TRNAMT ?? '');
  if (amount === null) {
    throw new StatementFileError('OFX', v.TRNAMT ? `TRNAMT "${v.TRNAMT}" is not an amount` : 'a transaction has no amount (TRNAMT)', where);
  }
  const name = t.payeeName ?? (v.NAME || null);
  const iban = t.otherAccount ? ibanOf(t.otherAccount) : null;
  return {
    bookingDate,
    valueDate: valueDateOf(v, context),
    amount: atCurrencyScale(amount, currency),
    currency,
    description: describe(name, v.MEMO || null) ?? (v.EXTDNAME || ''),
    counterparty: name || iban ? { name, iban } : null,
    reference: (v.CHECKNUM && /[1-9A-Za-z]/.test(v.CHECKNUM) ? v.CHECKNUM : null) ?? (v.REFNUM || null),
    endToEndId: null,
    bankReference: v.FITID || null,
    status: t.pending ? 'pending' : 'booked',
    details: [],
  };
}

/** The user's date when given, else the date funds are available (VALUEDATE is a bank's own tag). */
function valueDateOf(v: Record<string, string>, context: EntryContext): string | null {
  const tag = ['DTUSER', 'DTAVAIL', 'VALUEDATE'].find((t) => v[t]);
  if (!tag) return null;
  const date = ofxDate(v[tag]);
  if (!date) context.notes.push(`statement ${context.statement}: ${tag} "${v[tag]}" is not a date; the entry has no value date`);
  return date;
}

/** NAME and MEMO often repeat each other ("MCDONALD'S #112" / "POS MERCHANDISE;MCDONALD'S #112"). */
function describe(name: string | null, memo: string | null): string | null {
  if (!name || !memo) return name ?? memo;
  if (memo.includes(name)) return memo;
  if (name.includes(memo)) return name;
  return `${name} ${memo}`;
}

function closingBalance(s: OfxStatement, currency: string, notes: string[]): Balance | null {
  const ledger = s.ledgerBalance;
  if (!ledger) return null;
  const where = `statement ${s.number}: the ledger balance (LEDGERBAL)`;
  if (!ledger.amount) {
    notes.push(`${where} has no amount; the statement has no closing balance`);
    return null;
  }
  const amount = ofxAmount(ledger.amount);
  if (amount === null) {
    throw new StatementFileError('OFX', `BALAMT "${ledger.amount}" is not an amount`, { statement: s.number, line: ledger.line });
  }
  const date = ofxDate(ledger.date ?? '');
  if (!date) {
    notes.push(`${where} has no valid date (DTASOF "${ledger.date ?? ''}"); the statement has no closing balance`);
    return null;
  }
  return { amount: atCurrencyScale(amount, currency), currency, date };
}

/** "20090401122017.000[-5:EST]" -> "2009-04-01" (the date as the bank wrote it). */
export function ofxDate(text: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:\d{2}(?:\d{2}(?:\d{2})?)?)?(?:[.:]\d+)?\s*(?:\[[^\]]*\])?$/.exec(text.trim());
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** "-12.30", "+5", "120", "-12,30" (some banks write a decimal comma) -> a decimal string. */
export function ofxAmount(text: string): string | null {
  const m = /^([+-]?)\s*(\d*)(?:[.,](\d*))?$/.exec(text.trim());
  if (!m || !/\d/.test((m[2] ?? '') + (m[3] ?? ''))) return null;
  const [, sign, whole, fraction] = m;
  return normalizeDecimal(`${sign === '-' ? '-' : ''}${whole || '0'}${fraction ? '.' + fraction : ''}`);
}

function ibanOf(accountId: string): string | null {
  const iban = electronicFormatIBAN(accountId);
  return iban && isValidIBAN(iban) ? iban : null;
}
