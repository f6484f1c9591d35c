// Turns one row of cells into a statement entry, following the column mapping. Shared by the
// streaming parser and the mapping editor's live preview, so both read a row the same way.
import type { StatementEntry } from '../../../../shared/statement.js';
import { addDecimals, isCurrency, negateDecimal } from '../../../../shared/money.js';
import type { CsvMapping } from '../common/types.js';
import { atCurrencyScale, parseCsvAmount, parseCsvDate } from './values.js';

/** A cell that cannot be read; the message names the column and the row, not the file. */
export class CsvRowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvRowError';
  }
}

export interface CsvRowContext {
  mapping: CsvMapping;
  /** Column names from the header row; empty when the file has none. */
  columnNames: readonly string[];
  /** Currency of rows without a currency column (mapping, default, or 'XXX' when unknown). */
  currency: string;
}

export interface CsvRow {
  entry: StatementEntry;
  /** The running balance after this row, when the file has a balance column. */
  balance: string | null;
}

/** How people name a column: its header, or its position counted from 1. */
export function columnLabel(index: number, columnNames: readonly string[]): string {
  const name = columnNames[index]?.trim();
  return name ? `"${name}"` : String(index + 1);
}

export function readCsvRow(cells: readonly string[], row: number, context: CsvRowContext): CsvRow {
  const cell = new CellReader(cells, row, context.columnNames);
  const { mapping } = context;
  const currency = rowCurrency(cell, mapping, context.currency);
  const amount = atCurrencyScale(rowAmount(cell, mapping), currency);
  const counterparty = cell.text(mapping.counterpartyColumn);
  return {
    entry: {
      bookingDate: cell.date(mapping.dateColumn, mapping.dateFormat)!,
      valueDate: cell.date(mapping.valueDateColumn, mapping.dateFormat, true),
      amount,
      currency,
      description: mapping.descriptionColumns.map((c) => cell.text(c)).filter((t) => t !== null).join(' '),
      counterparty: counterparty === null ? null : { name: counterparty, iban: null },
      reference: cell.text(mapping.referenceColumn),
      endToEndId: null,
      bankReference: null,
      status: 'booked',
      details: [],
    },
    balance: mapping.balanceColumn === undefined ? null : cell.amount(mapping.balanceColumn, mapping, true),
  };
}

function rowAmount(cell: CellReader, mapping: CsvMapping): string {
  if (mapping.amountColumn !== undefined) {
    const amount = cell.amount(mapping.amountColumn, mapping)!;
    return mapping.signConvention === 'inverted' ? negateDecimal(amount) : amount;
  }
  const debit = cell.amount(mapping.debitColumn, mapping, true);
  const credit = cell.amount(mapping.creditColumn, mapping, true);
  if (debit === null && credit === null) {
    throw new CsvRowError(`row ${cell.row} has neither a debit (column ${cell.label(mapping.debitColumn)}) nor a credit (column ${cell.label(mapping.creditColumn)})`);
  }
  // A debit column may show withdrawals as positive or negative numbers: either way they leave the account.
  const out = debit === null ? [] : [debit.startsWith('-') ? debit : negateDecimal(debit)];
  return addDecimals([...out, ...(credit === null ? [] : [credit])]);
}

function rowCurrency(cell: CellReader, mapping: CsvMapping, fallback: string): string {
  const code = cell.text(mapping.currencyColumn)?.toUpperCase() ?? null;
  if (code === null) return fallback;
  if (!isCurrency(code)) {
    throw new CsvRowError(`column ${cell.label(mapping.currencyColumn)} of row ${cell.row}: "${code}" is not a currency code such as EUR or DKK`);
  }
  return code;
}

class CellReader {
  constructor(
    private readonly cells: readonly string[],
    readonly row: number,
    private readonly columnNames: readonly string[],
  ) {}

  label(column: number | undefined): string {
    return column === undefined ? '?' : columnLabel(column, this.columnNames);
  }

  /** The cell's text with its spaces and line breaks tidied; null when empty or absent. */
  text(column: number | undefined): string | null {
    if (column === undefined) return null;
    const text = (this.cells[column] ?? '').replace(/\s+/g, ' ').trim();
    return text === '' ? null : text;
  }

  date(column: number | undefined, format: string, optional = false): string | null {
    const text = this.required(column, optional, 'a date');
    if (text === null) return null;
    const date = parseCsvDate(text, format);
    if (date === null) throw this.error(column!, `"${text}" is not a date in the format ${format}`);
    return date;
  }

  amount(column: number | undefined, mapping: CsvMapping, optional = false): string | null {
    const text = this.required(column, optional, 'an amount');
    if (text === null) return null;
    const amount = parseCsvAmount(text, mapping.decimalSeparator, mapping.thousandsSeparator);
    if (amount === null) throw this.error(column!, `"${text}" is not an amount`);
    return amount;
  }

  private required(column: number | undefined, optional: boolean, what: string): string | null {
    const text = this.text(column);
    if (text !== null || optional) return text;
    if (column === undefined || column >= this.cells.length) {
      throw new CsvRowError(`row ${this.row} has ${this.cells.length} columns: column ${this.label(column)} with ${what} is missing`);
    }
    throw this.error(column, `empty, ${what} is expected`);
  }

  private error(column: number, problem: string): CsvRowError {
    return new CsvRowError(`column ${this.label(column)} of row ${this.row}: ${problem}`);
  }
}
