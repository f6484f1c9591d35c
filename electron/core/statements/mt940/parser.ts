// SWIFT MT940 (customer statement) and MT942 (interim transaction report) reader.
// A file holds one or more statements, each starting at :20:. Lines are read one at a time; a
// field is complete when the next tag (or the end of the message, "-" / "-}") starts, and an
// entry (:61:) is yielded once its :86: information has been read or another field starts.
import { addDecimals, compareDecimals, isCurrency } from '../../../../shared/money.js';
import type { Balance, StatementAccount, StatementEntry, StatementFormat } from '../../../../shared/statement.js';
import { StatementFileError } from '../common/errors.js';
import type { ParseEvent, ParseOptions, StatementHeader, StatementParser } from '../common/types.js';
import {
  FieldProblem, readAccount, readBalance, readFloorLimitCurrency, readStatementLine, readTotal, type StatementLine,
} from './fields.js';
import { readInformation } from './information.js';
import { LineSplitter } from './line-splitter.js';

export const mt940Parser: StatementParser = {
  family: 'mt940',
  detect: looksLikeMt940,
  parse: parseMt940,
};

// SWIFT files may frame messages with SOH (\x01) and ETX (\x03) control bytes.
// eslint-disable-next-line no-control-regex -- matching those bytes is the point
const TAG_AT_LINE_START = /(?:^\uFEFF?|[\r\n\x01]|\{4:)[ \t]*:(\d\d[A-Z]?):/g;

/** :20: and :25: plus a balance, statement line or statement number (MT940), or :34F: (MT942). */
function looksLikeMt940(head: string): boolean {
  const tags = new Set([...head.matchAll(TAG_AT_LINE_START)].map((m) => m[1]));
  return tags.has('20') && tags.has('25') && ['60F', '60M', '61', '28C', '28', '34F'].some((t) => tags.has(t));
}

async function* parseMt940(chunks: AsyncIterable<string>, options: ParseOptions): AsyncGenerator<ParseEvent> {
  const reader = new Mt940Reader(options);
  const lines = new LineSplitter();
  const readLine = (text: string, number: number): void => reader.readLine(text, number);
  for await (const chunk of chunks) {
    lines.push(chunk, readLine);
    yield* reader.takeEvents();
  }
  lines.end(readLine);
  reader.finish();
  yield* reader.takeEvents();
}

const TAG_LINE = /^:(\d\d[A-Z]?|NS):/;
const END_OF_MESSAGE = /^-\s*$|^-\}/;
// eslint-disable-next-line no-control-regex -- SOH / ETX message framing
const CONTROL_CHARACTERS = /[\x01\x03]/g;

interface Field {
  tag: string;
  lines: string[];
  line: number;
}

interface PendingEntry {
  statementLine: StatementLine;
  /** The lines of the :86: that follows the :61:, once read. */
  information: string[] | null;
}

/** Everything read so far of the statement in progress. */
class StatementInProgress {
  format: StatementFormat;
  reference: string | null = null; // :20:
  sequenceNumber: string | null = null; // :28C:
  account: StatementAccount = { iban: null, number: null, bic: null, currency: null, name: null };
  opening: Balance | null = null;
  closing: Balance | null = null;
  floorLimitCurrency: string | null = null; // :34F:
  begun = false;
  pending: PendingEntry | null = null;
  debits = { count: 0, sum: '0' };
  credits = { count: 0, sum: '0' };

  constructor(readonly number: number, format: StatementFormat, reference: string) {
    this.format = format;
    this.reference = reference || null;
  }

  /** The currency of entries: the balance's, else the floor limit's, else the account's. */
  currency(fallback: string | undefined): string | null {
    return this.opening?.currency ?? this.floorLimitCurrency ?? this.account.currency ?? this.closing?.currency ?? fallback ?? null;
  }

  header(): StatementHeader {
    const currency = this.account.currency ?? this.currency(undefined);
    return {
      format: this.format,
      // The statement number (:28C:) is what the bookkeeper sees on the statement; :20: is
      // often a constant ("STARTUMSE") and is only used when :28C: is missing.
      id: this.sequenceNumber ?? this.reference,
      account: { ...this.account, currency },
      openingBalance: this.opening,
      closingBalance: this.closing,
    };
  }
}

class Mt940Reader {
  private statement: StatementInProgress | null = null;
  private statementCount = 0;
  private field: Field | null = null;
  private messageType: StatementFormat = 'mt940';
  private events: ParseEvent[] = [];
  private lineNumber = 0;

  constructor(private readonly options: ParseOptions) {}

  /** The events completed since the last call. */
  takeEvents(): ParseEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  readLine(raw: string, number: number): void {
    this.lineNumber = number;
    const text = number === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    try {
      this.classify(text.indexOf('\x01') >= 0 || text.indexOf('\x03') >= 0 ? text.replace(CONTROL_CHARACTERS, '') : text, number);
    } catch (error) {
      throw this.fileError(error, number);
    }
  }

  finish(): void {
    try {
      this.completeField();
      if (this.statement) this.closeStatement('end of file');
      if (this.statementCount === 0) throw new FieldProblem('no statement found (no :20: field)');
    } catch (error) {
      throw this.fileError(error, this.lineNumber);
    }
  }

  private classify(text: string, number: number): void {
    if (text.startsWith('{')) return this.readBlocks(text, number);
    if (END_OF_MESSAGE.test(text)) {
      this.completeField();
      if (this.statement) this.closeStatement('end of message');
      return;
    }
    const tag = text.charCodeAt(0) === 58 /* : */ ? TAG_LINE.exec(text) : null;
    if (tag) {
      this.completeField();
      this.field = { tag: tag[1], lines: [text.slice(tag[0].length)], line: number };
    } else if (this.field && text.trim() !== '') {
      this.field.lines.push(text);
    }
    // Anything else is outside a field: blank lines and bank headers such as "ABNANL2A" / "940".
  }

  /** SWIFT envelope "{1:...}{2:I940...}{4:" — the text block starts after "{4:". */
  private readBlocks(text: string, number: number): void {
    const type = /\{2:[IO](9\d\d)/.exec(text);
    if (type) this.messageType = type[1] === '942' ? 'mt942' : 'mt940';
    const body = text.indexOf('{4:');
    if (body >= 0 && body + 3 < text.length) this.classify(text.slice(body + 3), number);
  }

  private completeField(): void {
    const field = this.field;
    if (!field) return;
    this.field = null;
    try {
      this.readField(field);
    } catch (error) {
      throw this.fileError(error, field.line, field.tag);
    }
  }

  private readField(field: Field): void {
    if (field.tag === '20') return this.openStatement(field.lines[0].trim());
    const statement = this.statement;
    if (!statement) throw new FieldProblem(`field :${field.tag}: comes before the start of a statement (:20:)`);
    if (field.tag === '86') return this.readInformation(statement, field);
    this.emitPendingEntry(statement);
    switch (field.tag) {
      case '25': statement.account = readAccount(field.lines[0]); break;
      case '28C': case '28': statement.sequenceNumber = field.lines[0].trim() || null; break;
      case '60F': case '60M': statement.opening = readBalance(field.lines[0]); break;
      case '62F': case '62M': statement.closing = readBalance(field.lines[0]); break;
      case '61': statement.pending = { statementLine: readStatementLine(field.lines, this.entryCurrency(statement)), information: null }; break;
      case '34F': statement.format = 'mt942'; statement.floorLimitCurrency ??= readFloorLimitCurrency(field.lines[0]); break;
      case '90D': this.checkTotal(statement, 'debit', field.lines[0]); break;
      case '90C': this.checkTotal(statement, 'credit', field.lines[0]); break;
      // Related reference, date-time of an MT942, available and forward balances, non-SWIFT data:
      // not part of the normalized statement.
      case '21': case '13': case '13D': case '64': case '65': case 'NS': break;
      default: this.warn(`statement ${statement.number}: field :${field.tag}: is not an MT940 field and was ignored`);
    }
  }

  private openStatement(reference: string): void {
    if (this.statement) this.closeStatement('next statement');
    this.statementCount++;
    this.statement = new StatementInProgress(this.statementCount, this.messageType, reference);
  }

  private closeStatement(reason: 'end of file' | 'end of message' | 'next statement'): void {
    const statement = this.statement!;
    this.emitPendingEntry(statement);
    if (statement.format === 'mt940' && !statement.closing) {
      if (reason === 'end of file') {
        throw new FieldProblem('the file ends before the closing balance (:62F:) of the statement: is it truncated?');
      }
      this.warn(`statement ${statement.sequenceNumber ?? statement.number} has no closing balance (:62F:)`);
    }
    this.begin(statement);
    this.events.push({ type: 'end', statement: statement.header() });
    this.statement = null;
  }

  private begin(statement: StatementInProgress): void {
    if (statement.begun) return;
    statement.begun = true;
    const header = statement.header();
    this.events.push({ type: 'begin', statement: header });
    const currency = header.account.currency;
    if (currency && !isCurrency(currency)) {
      this.warn(`statement ${header.id ?? statement.number}: currency ${currency} is not a current ISO 4217 code`);
    }
  }

  private readInformation(statement: StatementInProgress, field: Field): void {
    const pending = statement.pending;
    // An :86: after the closing balance informs about the whole statement: not kept.
    if (!pending || pending.information) return;
    pending.information = field.lines;
    this.emitPendingEntry(statement);
  }

  private entryCurrency(statement: StatementInProgress): string {
    const currency = statement.currency(this.options.defaultCurrency);
    if (!currency) throw new FieldProblem('no currency is known for this entry (no :60F: balance before it)');
    return currency;
  }

  private emitPendingEntry(statement: StatementInProgress): void {
    const pending = statement.pending;
    if (!pending) return;
    statement.pending = null;
    this.begin(statement);
    const entry = toEntry(pending, this.entryCurrency(statement), statement.format);
    const totals = pending.statementLine.credit ? statement.credits : statement.debits;
    totals.count++;
    if (statement.format === 'mt942') totals.sum = addDecimals([totals.sum, entry.amount.replace(/^-/, '')]);
    this.events.push({ type: 'entry', entry });
  }

  /** MT942 totals (:90D: / :90C:) against the entries read: a mismatch is a warning. */
  private checkTotal(statement: StatementInProgress, side: 'debit' | 'credit', text: string): void {
    const total = readTotal(text);
    const read = side === 'debit' ? statement.debits : statement.credits;
    if (total.count !== read.count || (read.count > 0 && compareDecimals(total.sum, read.sum) !== 0)) {
      this.warn(`statement ${statement.sequenceNumber ?? statement.number}: the ${side} total says ${entries(total.count)} for ${total.sum}, but ${entries(read.count)} for ${read.sum} were read`);
    }
  }

  private warn(message: string): void {
    this.events.push({ type: 'warning', message });
  }

  private fileError(error: unknown, line: number, tag?: string): StatementFileError {
    if (error instanceof StatementFileError) return error;
    const format = this.statement?.format === 'mt942' ? 'MT942' : 'MT940';
    const detail = error instanceof FieldProblem
      ? (tag ? `field :${tag}: ` : '') + error.message
      : `unexpected problem while reading${tag ? ` field :${tag}:` : ''}: ${error instanceof Error ? error.message : String(error)}`;
    return new StatementFileError(format, detail, { statement: Math.max(1, this.statementCount), line });
  }
}

function entries(count: number): string {
  return `${count} ${count === 1 ? 'entry' : 'entries'}`;
}

function toEntry(pending: PendingEntry, currency: string, format: StatementFormat): StatementEntry {
  const line = pending.statementLine;
  const info = pending.information ? readInformation(pending.information) : null;
  const counterparty = info && (info.counterpartyName || info.counterpartyIban)
    ? { name: info.counterpartyName, iban: info.counterpartyIban }
    : null;
  return {
    bookingDate: line.bookingDate,
    valueDate: line.valueDate,
    amount: line.amount,
    currency,
    description: info?.description || line.supplementaryDetails || '',
    counterparty,
    // A structured creditor reference when :86: has one, else the account owner's own
    // reference from :61: (the part before "//").
    reference: info?.reference ?? line.customerReference,
    endToEndId: info?.endToEndId ?? null,
    bankReference: line.bankReference,
    // An MT942 reports the day's entries before the end-of-day statement, which reports
    // them again: they stay provisional until then.
    status: format === 'mt942' ? 'pending' : 'booked',
    details: [],
  };
}
