// The shape every statement parser has. A parser reads decoded text as a stream of chunks and
// yields events, so a 200 MB file is never held in memory: the importer inserts entries as they
// come, and `collectDocument` (document.ts) gathers them into the normalized ParsedDocument.
import type { FormatFamily, Statement, StatementEntry } from '../../../../shared/statement.js';

/** What is known of a statement apart from its entries. */
export type StatementHeader = Omit<Statement, 'entries'>;

export type ParseEvent =
  /** A statement starts; the header holds what is known so far (balances may come later). */
  | { type: 'begin'; statement: StatementHeader }
  | { type: 'entry'; entry: StatementEntry }
  /** The statement is complete; this header is final (closing balance, id...). */
  | { type: 'end'; statement: StatementHeader }
  /** Something odd but readable, in the current statement (or before the first). */
  | { type: 'warning'; message: string };

/**
 * Column mapping for CSV files (see csv/mapping.ts, which validates it with csvMappingSchema).
 * Column numbers are 0-based indexes into a row; messages shown to people count from 1.
 */
export interface CsvMapping {
  separator: string;
  encoding?: string;
  /** Rows to skip before the entries (preamble + column names); an Excel `sep=;` line is not counted. */
  headerRows: number;
  /** Rows to ignore at the end of the file (totals, "Solde au ..." lines). */
  footerRows?: number;
  dateColumn: number;
  valueDateColumn?: number;
  /** DD, MM and YYYY or YY in any order, with one separator among / . - space or none: 'DD/MM/YYYY', 'YYYYMMDD'. */
  dateFormat: string;
  decimalSeparator: '.' | ',';
  thousandsSeparator?: string;
  /** Either one signed amount column, or debit and credit columns. */
  amountColumn?: number;
  debitColumn?: number;
  creditColumn?: number;
  /** 'signed': amount as given; 'inverted': the file shows debits positive. */
  signConvention?: 'signed' | 'inverted';
  descriptionColumns: number[];
  counterpartyColumn?: number;
  referenceColumn?: number;
  balanceColumn?: number;
  currency?: string;
  currencyColumn?: number;
}

export interface ParseOptions {
  /** CSV only: how to read the columns. Without it the parser guesses from the header. */
  csvMapping?: CsvMapping;
  /** Currency to assume when the file does not say (CSV, QIF). */
  defaultCurrency?: string;
}

export interface StatementParser {
  readonly family: FormatFamily;
  /** True when the decoded start of a file (up to 64 KiB) is in this format. */
  detect(head: string): boolean;
  parse(chunks: AsyncIterable<string>, options: ParseOptions): AsyncGenerator<ParseEvent>;
  /**
   * The same, from the file's bytes in UTF-8 (transcoded when the file is in another encoding),
   * for a parser that reads bytes: openStatementFile then uses it instead of `parse`, which
   * spares decoding the text the parser skips. Optional; only CAMT has one.
   */
  parseUtf8?(chunks: AsyncIterable<Uint8Array>, options: ParseOptions): AsyncGenerator<ParseEvent>;
  /**
   * parseUtf8's events, in the groups the parser makes them (those of a chunk of the file, none
   * empty): a reader of many events waits once a group rather than once an event. Optional.
   */
  parseUtf8Groups?(chunks: AsyncIterable<Uint8Array>, options: ParseOptions): AsyncGenerator<ParseEvent[]>;
}
