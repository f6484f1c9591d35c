// CSV column mappings: checking one, guessing one from the start of a file, the "shape" of a file
// (to reuse a saved mapping for the next export of the same bank), and the mapping editor's preview.
import { createRequire } from 'node:module';
import { parse as parseCsvText } from 'csv-parse/sync';
import type { z as Zod } from 'zod';
import { isCurrency } from '../../../../shared/money.js';
import type { StatementEntry } from '../../../../shared/statement.js';
import type { CsvMapping } from '../common/types.js';
import { CsvRowError, readCsvRow } from './rows.js';
import { isDateFormat, parseCsvDate } from './values.js';

// ---------------------------------------------------------------------------------------------
// Checking a mapping

/**
 * The schema of a mapping, made on first use. zod is loaded then, not with this module: the
 * statement parser thread loads this module with the CSV parser, and zod would cost it some 50 ms
 * before its first line, on every file.
 */
export function csvMappingSchema() {
  return (schema ??= makeSchema((loadModule('zod') as { z: typeof Zod }).z));
}

let schema: ReturnType<typeof makeSchema> | null = null;
const loadModule = createRequire(import.meta.url);

function makeSchema(z: typeof Zod) {
  const Column = z.number().int().min(0, 'a column number cannot be negative');
  return z
    .object({
      separator: z.string().length(1, 'the separator must be one character, such as ; or ,'),
      encoding: z.string().optional(),
      headerRows: z.number().int().min(0),
      footerRows: z.number().int().min(0).optional(),
      dateColumn: Column,
      valueDateColumn: Column.optional(),
      dateFormat: z.string().refine(isDateFormat, 'the date format must combine DD, MM and YYYY (or YY), e.g. DD/MM/YYYY or YYYYMMDD'),
      decimalSeparator: z.enum(['.', ',']),
      thousandsSeparator: z.string().length(1).optional(),
      amountColumn: Column.optional(),
      debitColumn: Column.optional(),
      creditColumn: Column.optional(),
      signConvention: z.enum(['signed', 'inverted']).optional(),
      descriptionColumns: z.array(Column),
      counterpartyColumn: Column.optional(),
      referenceColumn: Column.optional(),
      balanceColumn: Column.optional(),
      currency: z.string().refine(isCurrency, 'the currency must be an ISO 4217 code such as EUR or DKK').optional(),
      currencyColumn: Column.optional(),
    })
    .superRefine((m, ctx) => {
      for (const message of amountRuleProblems(m)) ctx.addIssue({ code: 'custom', message });
    });
}

function amountRuleProblems(m: Omit<CsvMapping, 'dateFormat'>): string[] {
  const problems: string[] = [];
  const split = m.debitColumn !== undefined || m.creditColumn !== undefined;
  if (m.amountColumn === undefined && !split) problems.push('choose an amount column, or debit and credit columns');
  if (m.amountColumn !== undefined && split) problems.push('choose either one amount column or debit and credit columns, not both');
  if (m.thousandsSeparator !== undefined && m.thousandsSeparator === m.decimalSeparator) {
    problems.push('the thousands separator cannot be the decimal separator');
  }
  return problems;
}

export type CsvMappingCheck = { ok: true; mapping: CsvMapping } | { ok: false; problems: string[] };

/** Checks a mapping's own rules (not yet against a file), with messages for the mapping editor. */
export function checkCsvMapping(input: unknown): CsvMappingCheck {
  const result = csvMappingSchema().safeParse(input);
  if (result.success) return { ok: true, mapping: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)),
  };
}

const COLUMN_ROLES: [keyof CsvMapping, string][] = [
  ['dateColumn', 'date'], ['valueDateColumn', 'value date'], ['amountColumn', 'amount'],
  ['debitColumn', 'debit'], ['creditColumn', 'credit'], ['counterpartyColumn', 'counterparty'],
  ['referenceColumn', 'reference'], ['balanceColumn', 'balance'], ['currencyColumn', 'currency'],
];

/** The mapping's columns that a file with `columnCount` columns does not have. */
export function columnProblems(mapping: CsvMapping, columnCount: number): string[] {
  const missing = (column: number) => column >= columnCount;
  const has = `the file has ${columnCount} column${columnCount === 1 ? '' : 's'}`;
  const problems = COLUMN_ROLES.flatMap(([key, role]) => {
    const column = mapping[key] as number | undefined;
    return column !== undefined && missing(column) ? [`the ${role} column ${column + 1} does not exist: ${has}`] : [];
  });
  for (const column of mapping.descriptionColumns.filter(missing)) {
    problems.push(`the description column ${column + 1} does not exist: ${has}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Reading the start of a file

const SEPARATORS = [';', ',', '\t', '|'] as const;
const SAMPLE_RECORDS = 60;

export interface CsvRecord {
  cells: string[];
  /** Line of the file where the record starts (1-based, counting any `sep=` line). */
  line: number;
}

/** The start of a file without its byte-order mark and Excel `sep=;` line. */
export interface CsvPrelude {
  text: string;
  /** The separator named by a `sep=` line, if any. */
  separator: string | null;
  /** Lines removed from the top (0 or 1), to keep line numbers true to the file. */
  skippedLines: number;
}

export function csvPrelude(head: string): CsvPrelude {
  const text = head.replace(/^\uFEFF/, '');
  const m = /^sep=(.)[ \t]*(\r\n|\n|\r)/i.exec(text);
  if (!m) return { text, separator: null, skippedLines: 0 };
  return { text: text.slice(m[0].length), separator: m[1], skippedLines: 1 };
}

/** Parses the records of a text, keeping the line where each starts. Throws csv-parse errors. */
export function csvRecords(text: string, separator: string, limit?: number, lineOffset = 0, skipBadRecords = false): CsvRecord[] {
  const rows = parseCsvText(text, {
    ...csvReadOptions(separator),
    ...(limit === undefined ? {} : { to: limit }),
    skip_records_with_error: skipBadRecords,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return rows.map(({ record, info }) => ({ cells: record, line: recordStartLine(record, info.lines) + lineOffset }));
}

/** Options shared by the streaming parser and the previews. */
export function csvReadOptions(separator: string) {
  return {
    delimiter: separator,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  } as const;
}

/** csv-parse counts the line where a record ends; quoted line breaks tell where it started. */
export function recordStartLine(cells: readonly string[], endLine: number): number {
  const breaks = cells.reduce((n, cell) => n + (cell.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
  return endLine - breaks;
}

interface Sniffed {
  separator: string;
  records: CsvRecord[];
  /** The most common column count, and how many records have it. */
  columns: number;
  regular: number;
}

/**
 * Finds the separator that splits the head into the most rows of one same column count,
 * preferring one that shows known column names ("Date;Montant" is not split on the comma of "1,00").
 */
export function sniffCsv(head: string): Sniffed | null {
  const prelude = csvPrelude(head);
  const text = prelude.text;
  const candidates = prelude.separator ? [prelude.separator] : SEPARATORS;
  const sniffed = candidates.map((sep) => sniffWith(text, sep, prelude.skippedLines)).filter((s): s is Sniffed => s !== null);
  const named = sniffed.filter((s) => headerIndex(s.records) >= 0);
  return (named.length ? named : sniffed).reduce<Sniffed | null>((best, s) => (!best || betterSplit(s, best) ? s : best), null);
}

function betterSplit(a: Sniffed, b: Sniffed): boolean {
  return a.regular > b.regular || (a.regular === b.regular && a.columns > b.columns);
}

function sniffWith(text: string, separator: string, lineOffset: number): Sniffed | null {
  let records: CsvRecord[];
  try {
    // A broken record (say an unclosed quote) is for the parser to report; the guess reads around it.
    records = csvRecords(text, separator, SAMPLE_RECORDS, lineOffset, true);
  } catch {
    return null;
  }
  const counts = new Map<number, number>();
  for (const r of records) counts.set(r.cells.length, (counts.get(r.cells.length) ?? 0) + 1);
  let columns = 0;
  let regular = 0;
  for (const [count, times] of counts) {
    if (count >= 2 && (times > regular || (times === regular && count > columns))) [columns, regular] = [count, times];
  }
  if (columns < 2) return null;
  // The head is the first 64 KiB: a last line cut short shows as a row of another width.
  const last = records[records.length - 1];
  if (!/[\r\n]$/.test(text) && last.cells.length !== columns) records.pop();
  return { separator, records, columns, regular };
}

// ---------------------------------------------------------------------------------------------
// Guessing a mapping

type Role = 'valueDate' | 'bookingDate' | 'debit' | 'credit' | 'amount' | 'balance' | 'currency' | 'reference' | 'counterparty' | 'description';

// Checked in this order, on names without accents, case or punctuation ("Date d'opération" -> "date d operation").
const ROLE_NAMES: [Role, string[]][] = [
  ['valueDate', ['date valeur', 'date de valeur', 'valeur', 'value date', 'rentedato', 'valordato', 'valuta dato', 'valutadato']],
  ['bookingDate', ['date', 'dato', 'bogforingsdato', 'bogfort', 'bogforing', 'date operation', 'date d operation', 'date de l operation',
    'date op', 'date comptable', 'date de comptabilisation', 'booking date', 'posting date', 'posted date', 'transaction date', 'date posted']],
  ['debit', ['debit', 'debits', 'montant debit', 'udbetaling', 'udbetalinger', 'withdrawal', 'withdrawals', 'paid out', 'money out', 'debit amount']],
  ['credit', ['credit', 'credits', 'montant credit', 'indbetaling', 'indbetalinger', 'deposit', 'deposits', 'paid in', 'money in', 'credit amount']],
  ['amount', ['montant', 'amount', 'belob', 'beloeb', 'somme', 'transaction amount', 'montant operation', 'montant de l operation']],
  ['balance', ['solde', 'balance', 'saldo', 'running balance', 'solde courant', 'bogfort saldo']],
  ['currency', ['devise', 'currency', 'valuta', 'monnaie', 'ccy']],
  ['reference', ['reference', 'ref', 'reference operation', 'numero de reference', 'reference number', 'referencenummer']],
  ['counterparty', ['partner name', 'counterparty', 'contrepartie', 'beneficiaire', 'tiers', 'payee', 'modtager', 'afsender', 'name', 'nom', 'navn']],
  ['description', ['libelle', 'libelle operation', 'libelle de l operation', 'libelle simplifie', 'libelle complet', 'description', 'tekst',
    'beskrivelse', 'label', 'memo', 'details', 'detail', 'narrative', 'text', 'transaction details', 'informations complementaires',
    'motif', 'posteringstekst']],
];

const CURRENCY_SUFFIX = /\s+(?:en\s+|i\s+|in\s+)?(eur|euros?|dkk|kr|usd|gbp|chf|sek|nok)$/;

/** "Montant (EUR)" -> "montant eur"; a column name reduced to plain lowercase words. */
export function normalizeColumnName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function roleOf(name: string): Role | null {
  const bare = normalizeColumnName(name).replace(CURRENCY_SUFFIX, '');
  return ROLE_NAMES.find(([, names]) => names.includes(bare))?.[0] ?? null;
}

/** "Montant (EUR)" or "Beløb i DKK" -> the currency the column name states. */
function currencyInName(name: string): string | null {
  const m = /\b(EUR|DKK|USD|GBP|CHF|SEK|NOK)\b/i.exec(name) ?? (/€|\beuros?\b/i.test(name) ? ['', 'EUR'] : null);
  return m ? m[1].toUpperCase() : null;
}

type Roles = Partial<Record<Exclude<Role, 'description'>, number>> & { description: number[] };

function rolesOf(names: readonly string[]): Roles {
  const roles: Roles = { description: [] };
  names.forEach((name, column) => {
    const role = roleOf(name);
    if (role === 'description') roles.description.push(column);
    else if (role !== null && roles[role] === undefined) roles[role] = column;
  });
  return roles;
}

function hasAmountRoles(roles: Roles): boolean {
  return roles.amount !== undefined || roles.debit !== undefined || roles.credit !== undefined;
}

/** The record holding the column names: the first with a date and an amount name, in the first rows. */
function headerIndex(records: readonly CsvRecord[]): number {
  return records.slice(0, 15).findIndex((r) => {
    const roles = rolesOf(r.cells);
    return roles.bookingDate !== undefined && hasAmountRoles(roles);
  });
}

/**
 * A mapping for a file never seen before, from its first 64 KiB: separator, header row, columns
 * by their names (French, Danish, English), date and number formats from the sample rows.
 * Null when no date and amount columns can be found.
 */
export function guessMapping(head: string): CsvMapping | null {
  const sniffed = sniffCsv(head);
  if (!sniffed) return null;
  const at = headerIndex(sniffed.records);
  return at >= 0
    ? mappingFromNames(sniffed, at)
    : mappingFromValues(sniffed);
}

function mappingFromNames(sniffed: Sniffed, at: number): CsvMapping | null {
  const names = sniffed.records[at].cells;
  const rows = sniffed.records.slice(at + 1).map((r) => r.cells);
  const roles = rolesOf(names);
  // When no sample reads as a date, the rows will say what is wrong with them; assume the local way.
  const dateFormat = guessDateFormat(column(rows, roles.bookingDate!), 0.8) ?? 'DD/MM/YYYY';
  const amountColumns = [roles.amount, roles.debit, roles.credit, roles.balance].filter((c): c is number => c !== undefined);
  const numbers = guessNumberFormat(amountColumns.flatMap((c) => column(rows, c)), sniffed.separator);
  const amountName = names[roles.amount ?? roles.debit ?? roles.credit!];
  const currency = roles.currency === undefined ? currencyInName(amountName) : null;
  return withoutUndefined({
    separator: sniffed.separator,
    headerRows: at + 1,
    dateColumn: roles.bookingDate!,
    valueDateColumn: roles.valueDate,
    dateFormat,
    ...numbers,
    ...(roles.amount !== undefined
      ? { amountColumn: roles.amount, signConvention: 'signed' as const }
      : { debitColumn: roles.debit, creditColumn: roles.credit }),
    descriptionColumns: roles.description,
    counterpartyColumn: roles.counterparty,
    referenceColumn: roles.reference,
    balanceColumn: roles.balance,
    currencyColumn: roles.currency,
    currency: currency ?? undefined,
  });
}

/** A file without column names: the first date-like column is the date, the first amount-like the amount. */
function mappingFromValues(sniffed: Sniffed): CsvMapping | null {
  const rows = sniffed.records.filter((r) => r.cells.length === sniffed.columns).map((r) => r.cells);
  if (rows.length === 0 || sniffed.records[0].cells.length !== sniffed.columns) return null;
  const kinds = columnKinds(rows, sniffed.columns);
  const dateColumns = indexesOf(kinds, 'date');
  const amountColumns = indexesOf(kinds, 'amount');
  if (dateColumns.length === 0 || amountColumns.length === 0) return null;
  const dateFormat = guessDateFormat(column(rows, dateColumns[0]))!;
  const numbers = guessNumberFormat(amountColumns.flatMap((c) => column(rows, c)), sniffed.separator);
  const texts = indexesOf(kinds, 'text');
  const longest = texts.sort((a, b) => averageLength(rows, b) - averageLength(rows, a))[0];
  return withoutUndefined({
    separator: sniffed.separator,
    headerRows: 0,
    dateColumn: dateColumns[0],
    valueDateColumn: dateColumns[1],
    dateFormat,
    ...numbers,
    amountColumn: amountColumns[0],
    signConvention: 'signed' as const,
    descriptionColumns: longest === undefined ? [] : [longest],
  });
}

type ColumnKind = 'date' | 'amount' | 'text' | 'empty';

function columnKinds(rows: readonly string[][], columns: number): ColumnKind[] {
  return Array.from({ length: columns }, (_, c) => {
    const values = column(rows, c);
    if (values.length === 0) return 'empty';
    if (guessDateFormat(values)) return 'date';
    if (values.every(looksLikeAmount)) return 'amount';
    return 'text';
  });
}

/** A number with decimals, as found in amount columns (an account number is not an amount). */
function looksLikeAmount(text: string): boolean {
  return /^[-+\u2212(]?\s*[€$£]?\s*\d[\d \u00a0\u202f.,'’]*[.,]\d{1,3}\s*\)?-?\s*(?:[€$£]|[A-Z]{3})?$/.test(text.trim());
}

function column(rows: readonly string[][], index: number): string[] {
  return rows.map((r) => (r[index] ?? '').trim()).filter((v) => v !== '');
}

function indexesOf<T>(items: readonly T[], wanted: T): number[] {
  return items.flatMap((item, i) => (item === wanted ? [i] : []));
}

function averageLength(rows: readonly string[][], index: number): number {
  const values = column(rows, index);
  return values.reduce((n, v) => n + v.length, 0) / Math.max(1, values.length);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const DATE_FORMATS = [
  'DD/MM/YYYY', 'MM/DD/YYYY', 'YYYY-MM-DD', 'DD.MM.YYYY', 'DD-MM-YYYY', 'YYYYMMDD', 'YYYY/MM/DD', 'YYYY.MM.DD',
  'DD/MM/YY', 'MM/DD/YY', 'DD.MM.YY', 'DD-MM-YY', 'DDMMYYYY', 'DDMMYY',
];

/**
 * The format that reads the most samples, if it reads at least `share` of them (a footer such as
 * "Solde au 31/01/2024" may sit in the date column). Day-first comes before month-first, so an ambiguous
 * "03/04/2024" is read as 3 April (the French and Danish way); one "04/15/2024" settles it.
 */
export function guessDateFormat(samples: readonly string[], share = 1): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const format of DATE_FORMATS) {
    const count = samples.filter((s) => parseCsvDate(s, format) !== null).length;
    if (count > bestCount) [best, bestCount] = [format, count];
  }
  return bestCount > 0 && bestCount >= share * samples.length ? best : null;
}

/** Decimal mark from amounts like "1 234,50" or "1,234.50"; thousands mark from the whole part. */
export function guessNumberFormat(samples: readonly string[], separator: string): Pick<CsvMapping, 'decimalSeparator' | 'thousandsSeparator'> {
  const votes = { '.': 0, ',': 0 };
  for (const sample of samples) {
    const m = /([.,])\d{1,2}\D*$/.exec(sample.trim());
    if (m) votes[m[1] as '.' | ',']++;
  }
  const decimalSeparator: '.' | ',' =
    votes[','] > votes['.'] ? ',' : votes['.'] > votes[','] ? '.' : separator === ';' ? ',' : '.';
  const thousands = samples
    .map((s) => wholePart(s, decimalSeparator).match(/\d([ \u00a0\u202f.,'’])\d{3}/)?.[1])
    .find((mark) => mark !== undefined && mark !== decimalSeparator);
  const thousandsSeparator = thousands === undefined ? undefined : /\s/.test(thousands) ? ' ' : thousands;
  return thousandsSeparator === undefined ? { decimalSeparator } : { decimalSeparator, thousandsSeparator };
}

function wholePart(sample: string, decimalSeparator: string): string {
  const at = sample.lastIndexOf(decimalSeparator);
  return at < 0 ? sample : sample.slice(0, at);
}

// ---------------------------------------------------------------------------------------------
// The shape of a file

/**
 * A stable signature of a file's layout: its separator and normalized column names, e.g.
 * `;|date|libelle|montant|solde`. Two exports of the same bank share it, so a mapping saved for
 * one is reused for the next. Files without column names are described by their column kinds:
 * `;|#4|date|text|amount|amount`. Empty string when the text is not a delimited file.
 */
export function csvShape(head: string): string {
  const sniffed = sniffCsv(head);
  if (!sniffed) return '';
  const sep = sniffed.separator === '\t' ? 'tab' : sniffed.separator;
  const at = headerIndex(sniffed.records);
  if (at >= 0) return [sep, ...sniffed.records[at].cells.map(normalizeColumnName)].join('|');
  const rows = sniffed.records.filter((r) => r.cells.length === sniffed.columns).map((r) => r.cells);
  return [sep, `#${sniffed.columns}`, ...columnKinds(rows, sniffed.columns)].join('|');
}

// ---------------------------------------------------------------------------------------------
// Previewing a mapping

export interface CsvPreviewRow {
  /** Line of the file where the row starts. */
  line: number;
  cells: string[];
  /** The entry as it would be imported, or null when the row cannot be read. */
  entry: StatementEntry | null;
  error: string | null;
}

export interface CsvPreview {
  /** Column names from the last header row (empty when the mapping skips no rows). */
  columns: string[];
  /** Problems of the mapping itself or against this file; when any, rows may be empty. */
  problems: string[];
  rows: CsvPreviewRow[];
}

/** The first rows of a file as they would be imported with this mapping, for the mapping editor. */
export function previewCsv(text: string, mapping: CsvMapping, rows = 20): CsvPreview {
  const check = checkCsvMapping(mapping);
  if (!check.ok) return { columns: [], problems: check.problems, rows: [] };
  const prelude = csvPrelude(text);
  const footer = mapping.footerRows ?? 0;
  let records: CsvRecord[];
  try {
    records = csvRecords(prelude.text, mapping.separator, mapping.headerRows + rows + footer, prelude.skippedLines);
  } catch (error) {
    return { columns: [], problems: [csvErrorMessage(error)], rows: [] };
  }
  const columns = mapping.headerRows > 0 ? (records[mapping.headerRows - 1]?.cells ?? []) : [];
  let body = records.slice(mapping.headerRows).filter((r) => !isBlank(r.cells));
  if (footer > 0 && body.length < rows + footer) body = body.slice(0, Math.max(0, body.length - footer));
  const columnCount = Math.max(columns.length, ...body.map((r) => r.cells.length), 0);
  const problems = columnProblems(mapping, columnCount);
  const currency = mapping.currency ?? 'XXX';
  return {
    columns,
    problems,
    rows: body.slice(0, rows).map((r) => previewRow(r, { mapping, columnNames: columns, currency })),
  };
}

function previewRow(record: CsvRecord, context: Parameters<typeof readCsvRow>[2]): CsvPreviewRow {
  try {
    const { entry } = readCsvRow(record.cells, record.line, context);
    return { line: record.line, cells: record.cells, entry, error: null };
  } catch (error) {
    if (!(error instanceof CsvRowError)) throw error;
    return { line: record.line, cells: record.cells, entry: null, error: error.message };
  }
}

export function isBlank(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

/** csv-parse's own errors, told the bookkeeper's way. */
export function csvErrorMessage(error: unknown): string {
  const e = error as { code?: string; lines?: number; message?: string };
  const at = e.lines === undefined ? '' : ` (line ${e.lines})`;
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `a quoted field is never closed: a " is missing${at}`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `a quoted field is followed by text before the separator${at}`;
    default:
      return e.message ?? String(error);
  }
}
