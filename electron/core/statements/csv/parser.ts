// Bank exports in CSV: one statement per file, one entry per row, read with a column mapping
// (given, or guessed from the column names). Rows are read as a stream with csv-parse.
import { Readable } from 'node:stream';
import { CsvError, parse as csvStream } from 'csv-parse';
import type { Balance } from '../../../../shared/statement.js';
import { StatementFileError } from '../common/errors.js';
import type { CsvMapping, ParseEvent, ParseOptions, StatementHeader, StatementParser } from '../common/types.js';
import { RunningBalance } from './balances.js';
import {
  checkCsvMapping, columnProblems, csvErrorMessage, csvPrelude, csvReadOptions, guessMapping, isBlank,
  recordStartLine, sniffCsv, type CsvRecord,
} from './mapping.js';
import { CsvRowError, readCsvRow, type CsvRowContext } from './rows.js';
import { atCurrencyScale } from './values.js';

const HEAD_SIZE = 65536;
/** ISO 4217 "no currency": used when neither the file, the mapping nor the caller names one. */
const NO_CURRENCY = 'XXX';

export const csvParser: StatementParser = {
  family: 'csv',
  detect: detectCsv,
  parse: parseCsv,
};

async function* parseCsv(chunks: AsyncIterable<string>, options: ParseOptions): AsyncGenerator<ParseEvent> {
  const source = chunks[Symbol.asyncIterator]();
  try {
    yield* readCsv(source, options);
  } finally {
    await source.return?.(); // read by hand: given up half-way (a bad mapping, a broken row), the file is closed here
  }
}

async function* readCsv(source: AsyncIterator<string>, options: ParseOptions): AsyncGenerator<ParseEvent> {
  const head = await readHead(source);
  const mapping = chooseMapping(head, options);
  const statement = new CsvStatement(mapping, mapping.currency ?? options.defaultCurrency ?? null);
  if (statement.currency === null && mapping.currencyColumn === undefined) {
    yield { type: 'warning', message: `the file does not state its currency: amounts are marked ${NO_CURRENCY} (choose a currency in the mapping)` };
  }
  yield { type: 'begin', statement: statement.header() };
  const prelude = csvPrelude(head);
  const footer: CsvRecord[] = [];
  let index = 0;
  for await (const record of streamRecords(prelude.text, source, mapping.separator, prelude.skippedLines)) {
    if (index++ < mapping.headerRows) {
      statement.readHeaderRow(record, index === mapping.headerRows);
      continue;
    }
    if (isBlank(record.cells)) continue;
    footer.push(record);
    if (footer.length > (mapping.footerRows ?? 0)) yield statement.readRow(footer.shift()!);
  }
  if (statement.entryCount === 0) yield { type: 'warning', message: 'the file has no rows of entries' };
  const warning = statement.balanceWarning();
  if (warning) yield { type: 'warning', message: warning };
  yield { type: 'end', statement: statement.header() };
}

/** What is known of the one statement of the file, growing row by row. */
class CsvStatement {
  private columnNames: string[] = [];
  private checked = false;
  private readonly balances = new RunningBalance();
  private firstRowCurrency: string | null = null;
  entryCount = 0;

  constructor(
    private readonly mapping: CsvMapping,
    readonly currency: string | null,
  ) {}

  readHeaderRow(record: CsvRecord, last: boolean): void {
    if (!last) return;
    this.columnNames = record.cells.map((c) => c.trim());
    this.checkColumns(record);
  }

  readRow(record: CsvRecord): ParseEvent {
    this.checkColumns(record);
    const context: CsvRowContext = { mapping: this.mapping, columnNames: this.columnNames, currency: this.currency ?? NO_CURRENCY };
    try {
      const { entry, balance } = readCsvRow(record.cells, record.line, context);
      this.balances.add(entry.amount, balance, entry.bookingDate);
      if (this.mapping.currencyColumn !== undefined && entry.currency !== NO_CURRENCY) this.firstRowCurrency ??= entry.currency;
      this.entryCount++;
      return { type: 'entry', entry };
    } catch (error) {
      if (error instanceof CsvRowError) throw new StatementFileError('CSV', error.message, { statement: 1, line: record.line });
      throw error;
    }
  }

  header(): StatementHeader {
    const currency = this.currency ?? this.firstRowCurrency;
    const derived = this.balances.result();
    const balance = (b: { amount: string; date: string }): Balance => {
      const code = currency ?? NO_CURRENCY;
      return { amount: atCurrencyScale(b.amount, code), currency: code, date: b.date };
    };
    return {
      format: 'csv',
      id: null,
      account: { iban: null, number: null, bic: null, currency, name: null },
      openingBalance: derived ? balance(derived.opening) : null,
      closingBalance: derived ? balance(derived.closing) : null,
    };
  }

  balanceWarning(): string | null {
    return this.balances.result()?.warning ?? null;
  }

  /** Once, on the header row or else the first row: does the file have the mapped columns? */
  private checkColumns(record: CsvRecord): void {
    if (this.checked) return;
    this.checked = true;
    const problems = columnProblems(this.mapping, record.cells.length);
    if (problems.length) {
      throw new StatementFileError('CSV', `the column mapping does not fit this file: ${problems.join('; ')}`, { statement: 1, line: record.line });
    }
  }
}

function chooseMapping(head: string, options: ParseOptions): CsvMapping {
  if (options.csvMapping) {
    const check = checkCsvMapping(options.csvMapping);
    if (!check.ok) throw new StatementFileError('CSV', `the column mapping is not valid: ${check.problems.join('; ')}`);
    return check.mapping;
  }
  const guessed = guessMapping(head);
  if (!guessed) {
    throw new StatementFileError('CSV', 'the date and amount columns could not be recognised: choose the columns in a CSV mapping');
  }
  return guessed;
}

/** Reads chunks until the first 64 KiB are known; the rest stays in the iterator. */
async function readHead(source: AsyncIterator<string>): Promise<string> {
  let head = '';
  while (head.length < HEAD_SIZE) {
    const next = await source.next();
    if (next.done) break;
    head += next.value;
  }
  return head;
}

async function* replay(first: string, rest: AsyncIterator<string>): AsyncGenerator<string> {
  if (first) yield first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

async function* streamRecords(first: string, rest: AsyncIterator<string>, separator: string, lineOffset: number): AsyncGenerator<CsvRecord> {
  const source = Readable.from(replay(first, rest));
  const parser = csvStream(csvReadOptions(separator));
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { cells: record, line: recordStartLine(record, info.lines) + lineOffset };
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    throw new StatementFileError('CSV', csvErrorMessage(error).replace(/ \(line \d+\)$/, ''), {
      statement: 1, ...(line === undefined ? {} : { line: line + lineOffset }),
    });
  } finally {
    source.destroy();
    parser.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Detection: asked last, after the other formats, but strict anyway.

/**
 * A delimited text whose rows (after any preamble) have one same column count, with a date-like
 * and an amount-like column; never OFX, XML, MT940, CFONB or QIF content.
 */
export function detectCsv(head: string): boolean {
  const text = csvPrelude(head).text;
  if (looksLikeOtherFormat(text)) return false;
  const sniffed = sniffCsv(head);
  if (!sniffed || !hasRegularRows(sniffed.records, sniffed.columns)) return false;
  const mapping = guessMapping(head);
  if (!mapping) return false;
  const rows = sniffed.records.slice(mapping.headerRows).filter((r) => !isBlank(r.cells));
  const readable = rows.filter((r) => rowReads(r, mapping)).length;
  return rows.length > 0 && readable >= 0.8 * rows.length;
}

function rowReads(record: CsvRecord, mapping: CsvMapping): boolean {
  try {
    readCsvRow(record.cells, record.line, { mapping, columnNames: [], currency: NO_CURRENCY });
    return true;
  } catch {
    return false;
  }
}

/** From the first row of the usual width on, all rows have it (two odd rows at the end allowed). */
function hasRegularRows(records: readonly CsvRecord[], columns: number): boolean {
  const start = records.findIndex((r) => r.cells.length === columns);
  const body = records.slice(start);
  let end = body.length;
  while (end > 0 && body.length - end < 2 && body[end - 1].cells.length !== columns) end--;
  return end >= 2 && body.slice(0, end).every((r) => r.cells.length === columns);
}

function looksLikeOtherFormat(text: string): boolean {
  const start = text.trimStart();
  const firstLine = start.split(/\r\n|\n|\r/, 1)[0];
  return (
    start.startsWith('<') ||                                  // XML (camt), OFX 2, SGML OFX without header
    /^OFXHEADER\s*:/i.test(start) ||
    /^(\{1:|\{4:|:20:|:\d{2}[A-Z]?:)/.test(start) ||         // MT940 / MT942
    /^!(Type|Account|Option|Clear)/i.test(start) ||          // QIF
    /^0[1-8][0-9A-Z ]{118}\s*$/.test(firstLine)             // CFONB 120 record
  );
}
