// The normalized statement: what every statement parser produces, whatever the file format.
// This shape is a public contract: `pointage parse` prints it and the conformance tests read it.

export const STATEMENT_FORMATS = [
  'camt.053', 'camt.052', 'camt.054', 'mt940', 'mt942', 'ofx', 'cfonb120', 'qif', 'csv',
] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];

/** The names accepted by `--format`: one per parser family. */
export const FORMAT_FAMILIES = ['camt', 'mt940', 'ofx', 'cfonb120', 'qif', 'csv'] as const;
export type FormatFamily = (typeof FORMAT_FAMILIES)[number];

export interface StatementAccount {
  iban: string | null;
  number: string | null;
  bic: string | null;
  currency: string | null;
  name: string | null;
}

/** A balance: exact signed decimal string, ISO 4217 currency, ISO date. */
export interface Balance {
  amount: string;
  currency: string;
  date: string;
}

export interface Counterparty {
  name: string | null;
  iban: string | null;
}

export interface EntryDetail {
  amount: string | null;
  counterparty: Counterparty | null;
  reference: string | null;
  endToEndId: string | null;
  description: string | null;
}

export interface StatementEntry {
  bookingDate: string;
  valueDate: string | null;
  /** Signed: negative is money leaving the account. */
  amount: string;
  currency: string;
  description: string;
  counterparty: Counterparty | null;
  /** Structured creditor / invoice reference when the format carries one. */
  reference: string | null;
  endToEndId: string | null;
  /** The bank's own id for the entry (CAMT AcctSvcrRef, MT940 bank reference, OFX FITID...). */
  bankReference: string | null;
  status: 'booked' | 'pending';
  /** Batch sub-transactions, when present. */
  details: EntryDetail[];
}

export interface Statement {
  format: StatementFormat;
  id: string | null;
  account: StatementAccount;
  openingBalance: Balance | null;
  closingBalance: Balance | null;
  entries: StatementEntry[];
}

export interface ParseWarning {
  statement: number;
  message: string;
}

export interface ParsedDocument {
  statements: Statement[];
  warnings: ParseWarning[];
}
