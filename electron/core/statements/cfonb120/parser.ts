// French CFONB 120 account statements ("relevé de compte 120 caractères"). Each statement is a
// group of records: 01 old balance, 04 operations, each followed by its 05 complements, and
// 07 new balance. An operation is yielded once the next 04 or the 07 shows it is complete.
import { isValidIBAN } from 'ibantools';
import type { StatementAccount, StatementEntry } from '../../../../shared/statement.js';
import { StatementFileError } from '../common/errors.js';
import type { ParseEvent, StatementHeader, StatementParser } from '../common/types.js';
import {
  type CfonbRecord, RECORD_LENGTH, RecordProblem, RecordSplitter, cfonbCurrency, cfonbDate, field, optionalCfonbDate, overpunchedAmount,
} from './records.js';

export const cfonb120Parser: StatementParser = {
  family: 'cfonb120',
  detect: looksLikeCfonb120,
  parse: parseCfonb120,
};

const FORMAT = 'CFONB 120';
const BALANCE_LAYOUT = /^0[17]\d{5}.{4}[\d ]{5}[A-Z]{3}\d.{14}\d{6}.{50}[\d ]{13}[{}A-R]/;

/** The first record is an 01 (old balance) with the fixed layout, and every record has a CFONB code. */
function looksLikeCfonb120(head: string): boolean {
  const records: CfonbRecord[] = [];
  const splitter = new RecordSplitter();
  splitter.push(head, (record) => records.push(record));
  splitter.end((record) => records.push(record));
  if (records.length === 0 || !BALANCE_LAYOUT.test(records[0].text) || !records[0].text.startsWith('01')) return false;
  // The head may end in the middle of a record: the last one is not judged.
  return records.slice(0, -1).every((r) => /^0[1457]/.test(r.text));
}

async function* parseCfonb120(chunks: AsyncIterable<string>): AsyncGenerator<ParseEvent> {
  const reader = new CfonbReader();
  const splitter = new RecordSplitter();
  const readRecord = (record: CfonbRecord): void => reader.readRecord(record);
  for await (const chunk of chunks) {
    splitter.push(chunk, readRecord);
    yield* reader.takeEvents();
  }
  splitter.end(readRecord);
  reader.finish();
  yield* reader.takeEvents();
}

interface StatementInProgress {
  number: number;
  header: StatementHeader;
  operation: OperationInProgress | null;
  warnedAboutAccount: boolean;
}

interface OperationInProgress {
  entry: StatementEntry;
  /** 05 complements: names and identifiers of the payer (NPY/IPY) and beneficiary (NBE/IBE). */
  payer: string | null;
  beneficiary: string | null;
  payerId: string | null;
  beneficiaryId: string | null;
}

/** Minimum length of each record kind: up to its last mandatory field. */
const MINIMUM_LENGTH: Record<string, number> = { '01': 104, '04': 104, '05': 48, '07': 104 };

class CfonbReader {
  private statement: StatementInProgress | null = null;
  private statementCount = 0;
  private events: ParseEvent[] = [];
  private lastRecord: CfonbRecord | null = null;

  takeEvents(): ParseEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  readRecord(record: CfonbRecord): void {
    this.lastRecord = record;
    try {
      const text = checkedLength(record.text);
      switch (text.slice(0, 2)) {
        case '01': return this.openStatement(text);
        case '04': return this.readOperation(text);
        case '05': return this.readComplement(text);
        case '07': return this.closeStatement(text);
      }
    } catch (error) {
      throw this.fileError(error, record);
    }
  }

  finish(): void {
    try {
      if (this.statement) {
        throw new RecordProblem('the file ends before the new balance (07) of the statement: is it truncated?');
      }
      if (this.statementCount === 0) throw new RecordProblem('no statement found (no 01 record)');
    } catch (error) {
      throw this.fileError(error, this.lastRecord);
    }
  }

  private openStatement(text: string): void {
    if (this.statement) throw new RecordProblem('a new statement (01) starts before the previous one ended (07)');
    const currency = cfonbCurrency(field(text, 17, 19));
    const account: StatementAccount = { iban: null, number: field(text, 22, 32).trim(), bic: null, currency, name: null };
    const header: StatementHeader = {
      format: 'cfonb120',
      id: null, // CFONB 120 has no statement number
      account,
      openingBalance: { amount: overpunchedAmount(field(text, 91, 104), field(text, 20, 20)), currency, date: cfonbDate(field(text, 35, 40)) },
      closingBalance: null,
    };
    this.statement = { number: ++this.statementCount, header, operation: null, warnedAboutAccount: false };
    this.events.push({ type: 'begin', statement: header });
  }

  private readOperation(text: string): void {
    const statement = this.current('an operation (04)');
    this.checkAccount(statement, text);
    this.emitOperation(statement);
    const entry: StatementEntry = {
      bookingDate: cfonbDate(field(text, 35, 40)),
      valueDate: optionalCfonbDate(field(text, 43, 48)),
      amount: overpunchedAmount(field(text, 91, 104), field(text, 20, 20)),
      currency: cfonbCurrency(field(text, 17, 19)),
      description: field(text, 49, 80).trim(),
      counterparty: null,
      reference: null,
      endToEndId: null,
      // The operation's reference when the bank gives one, else its entry number.
      bankReference: field(text, 105, 120).trim() || field(text, 82, 88).replace(/^[0 ]+$/, '').trim() || null,
      status: 'booked',
      details: [],
    };
    statement.operation = { entry, payer: null, beneficiary: null, payerId: null, beneficiaryId: null };
  }

  /** 05: complement of the operation before it, by qualifier (positions 46-48). */
  private readComplement(text: string): void {
    const operation = this.current('a complement (05)').operation;
    if (!operation) throw new RecordProblem('a complement (05) comes before any operation (04)');
    const information = field(text, 49, 118);
    const value = information.trim();
    switch (field(text, 46, 48)) {
      case 'NPY': operation.payer = value; break;
      case 'NBE': operation.beneficiary = value; break;
      case 'IPY': operation.payerId = information.slice(0, 35).trim(); break;
      case 'IBE': operation.beneficiaryId = information.slice(0, 35).trim(); break;
      case 'RCN': operation.entry.endToEndId = information.slice(0, 35).trim() || null; break;
      case 'REF': operation.entry.reference = value || null; break;
      // Ultimate parties, original amount, country codes: not part of the normalized entry.
      case 'NPO': case 'IPO': case 'NBU': case 'IBU': case 'MMO': case 'CBE': case 'CPY': break;
      default: // LIB, LCC, LC2, LCS... and unknown qualifiers: more label text
        if (value) operation.entry.description = `${operation.entry.description} ${value}`.trim();
    }
  }

  private closeStatement(text: string): void {
    const statement = this.current('a new balance (07)');
    this.checkAccount(statement, text);
    this.emitOperation(statement);
    const currency = cfonbCurrency(field(text, 17, 19));
    statement.header.closingBalance = {
      amount: overpunchedAmount(field(text, 91, 104), field(text, 20, 20)),
      currency,
      date: cfonbDate(field(text, 35, 40)),
    };
    this.events.push({ type: 'end', statement: statement.header });
    this.statement = null;
  }

  private current(what: string): StatementInProgress {
    if (!this.statement) throw new RecordProblem(`${what} comes outside a statement (no old balance 01 before it)`);
    return this.statement;
  }

  private emitOperation(statement: StatementInProgress): void {
    const operation = statement.operation;
    if (!operation) return;
    statement.operation = null;
    const entry = operation.entry;
    // The other party is the beneficiary of money leaving, the payer of money coming in.
    const leaving = entry.amount.startsWith('-');
    const name = leaving ? operation.beneficiary ?? operation.payer : operation.payer ?? operation.beneficiary;
    const id = leaving ? operation.beneficiaryId ?? operation.payerId : operation.payerId ?? operation.beneficiaryId;
    const iban = id && isValidIBAN(id.replace(/\s+/g, '')) ? id.replace(/\s+/g, '') : null;
    if (name || iban) entry.counterparty = { name: name || null, iban };
    this.events.push({ type: 'entry', entry });
  }

  private checkAccount(statement: StatementInProgress, text: string): void {
    const account = field(text, 22, 32).trim();
    if (account === statement.header.account.number || statement.warnedAboutAccount) return;
    statement.warnedAboutAccount = true;
    this.events.push({ type: 'warning', message: `statement ${statement.number}: a record is for account ${account}, not ${statement.header.account.number}` });
  }

  private fileError(error: unknown, record: CfonbRecord | null): StatementFileError {
    if (error instanceof StatementFileError) return error;
    const detail = error instanceof RecordProblem
      ? error.message
      : `unexpected problem: ${error instanceof Error ? error.message : String(error)}`;
    const where = record && record.column > 1 ? `, record at characters ${record.column}-${record.column + RECORD_LENGTH - 1}` : '';
    return new StatementFileError(FORMAT, detail + where, {
      // A record outside any statement belongs to the next one.
      statement: this.statement?.number ?? this.statementCount + 1,
      ...(record ? { line: record.line } : {}),
    });
  }
}

/** A record padded to 120 characters, or a RecordProblem when it is cut before its last mandatory field. */
function checkedLength(text: string): string {
  const code = text.slice(0, 2);
  const minimum = MINIMUM_LENGTH[code];
  if (minimum === undefined) throw new RecordProblem(`"${code}" is not a CFONB 120 record code (expected 01, 04, 05 or 07)`);
  if (text.length < minimum) throw new RecordProblem(`record ${code} is only ${text.length} characters long (${RECORD_LENGTH} expected)`);
  return text.padEnd(RECORD_LENGTH, ' ');
}
