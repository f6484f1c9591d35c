// Open items from a French FEC (Fichier des Écritures Comptables, article A47 A-1 of the Livre
// des procédures fiscales): the customer (411…) and supplier (401…) lines of the books.
//
// Lines are grouped by (account, auxiliary account, PieceRef), so an invoice and the settlements
// booked under its reference net out. Per group:
// - the item's amount is the invoice side (debits on 411, credits on 401), lettered or not;
// - what the books leave open is the sum of the group's unlettered lines (EcritureLet empty).
// A group the books leave open becomes an open item; a group they have settled (all lettered, or
// netting to zero) closes the item if an earlier import created it. An item absent from the file
// is left as it is: a FEC covers one fiscal year, and its opening entries need not keep PieceRef.
//
// The open amount kept is the lower of what the books leave open and what Pointage's own matches
// leave open: each source may already include the other's settlements (the journal export feeds
// Pointage's matches to the books), so taking the lower never counts a payment twice. A group
// the books open again (un-lettered) is reopened up to that same bound.
import { isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PointageError } from '../../../shared/contract/errors.js';
import { isCurrency, MoneyError, toMinor } from '../../../shared/money.js';
import { appendAudit } from '../ledger/audit.js';
import type { Db, Ledger } from '../ledger/database.js';
import { itemSettlement, setOpenAmount } from '../ledger/items-books.js';
import { upsertOpenItem, type NewOpenItem } from '../ledger/items.js';
import { decodeBuffer, detectEncoding } from '../statements/common/decode.js';
import type { ItemsImportSummary } from './items.js';

export const FEC_COLUMNS = [
  'JournalCode', 'JournalLib', 'EcritureNum', 'EcritureDate', 'CompteNum', 'CompteLib', 'CompAuxNum', 'CompAuxLib', 'PieceRef',
  'PieceDate', 'EcritureLib', 'Debit', 'Credit', 'EcritureLet', 'DateLet', 'ValidDate', 'Montantdevise', 'Idevise',
] as const;

/** The norm also allows a Montant column with a Sens (D/C or +1/-1) instead of Debit and Credit. */
type Column = (typeof FEC_COLUMNS)[number] | 'Montant' | 'Sens';

const READ: readonly Column[] = ['EcritureDate', 'CompteNum', 'CompteLib', 'CompAuxNum', 'CompAuxLib', 'PieceRef', 'PieceDate', 'EcritureLet'];
const BOOK_CURRENCY = 'EUR';

/** Collective accounts read as items; `side` turns debit − credit into the item's direction. */
const PARTY_ACCOUNTS = [
  { prefix: '411', kind: 'receivable', side: 1 },
  { prefix: '401', kind: 'payable', side: -1 },
] as const;

export interface FecOpenItem extends NewOpenItem {
  /** What the books leave open: the group's unlettered lines. */
  openMinor: number;
}

export interface FecReading {
  open: FecOpenItem[];
  /** External ids of the groups the books have settled. */
  settled: string[];
}

export interface FecImportSummary extends ItemsImportSummary {
  /** Items of an earlier import that this file shows settled, now closed. */
  settled: number;
}

export async function importItemsFec(ledger: Ledger, file: string, actor: string): Promise<FecImportSummary> {
  const name = path.basename(file);
  const reading = readFec(name, await readFile(file));
  return ledger.writeLock.run(() =>
    ledger.write.transaction(() => {
      const summary: FecImportSummary = { file: name, inserted: 0, updated: 0, unchanged: 0, settled: 0 };
      for (const item of reading.open) {
        const outcome = upsertOpenItem(ledger.write, item);
        const openChanged = applyBooksOpen(ledger.write, item.externalId, item.openMinor);
        summary[outcome === 'unchanged' && openChanged ? 'updated' : outcome]++;
      }
      for (const id of reading.settled) if (applyBooksOpen(ledger.write, id, 0)) summary.settled++;
      appendAudit(ledger.write, actor, 'items.import', null, { ...summary, format: 'fec' });
      return summary;
    })(),
  );
}

/** Sets the open amount to the lower of the books' and Pointage's views; true when it changed. */
function applyBooksOpen(db: Db, externalId: string, booksOpenMinor: number): boolean {
  const item = itemSettlement(db, externalId);
  if (!item) return false;
  const open = Math.max(0, Math.min(item.amountMinor - item.matchedMinor, booksOpenMinor));
  if (open === item.openMinor) return false;
  setOpenAmount(db, item.id, open);
  return true;
}

/** The items a FEC leaves open. Pure: nothing is written. */
export function readFecItems(name: string, bytes: Buffer): FecOpenItem[] {
  return readFec(name, bytes).open;
}

export function readFec(name: string, bytes: Buffer): FecReading {
  const lines = decodeBuffer(bytes, fecEncoding(bytes)).split(/\r\n|\n|\r/);
  const layout = readLayout(name, lines[0]);
  const groups = new Map<string, Group>();
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const line = readPartyLine(layout, rowOf(name, i + 1, lines[i], layout));
    if (line) addLine(groups, line);
  }
  return conclude([...groups.values()]);
}

/** The stable external id of a FEC item, and back: the export reuses the books' own accounts. */
export function fecItemId(account: string, auxAccount: string, pieceRef: string): string {
  return `FEC:${account}:${auxAccount}:${pieceRef}`;
}

export function parseFecItemId(externalId: string): { account: string; auxAccount: string | null } | null {
  const m = /^FEC:([^:]+):([^:]*):/.exec(externalId);
  return m ? { account: m[1], auxAccount: m[2] || null } : null;
}

/**
 * UTF-8 or UTF-16 when the bytes say so; otherwise the norm's ISO-8859-15, unless bytes 0x80–0x9F
 * occur: they are control characters there and the letters of Windows-1252 (€, œ, ’), which many
 * French accounting programs write instead. Never CP852: a FEC is French.
 */
function fecEncoding(bytes: Buffer): string {
  const detected = detectEncoding(bytes.subarray(0, 4096));
  if (detected.startsWith('utf-16')) return detected;
  if (isUtf8(bytes)) return 'utf-8';
  return hasC1Bytes(bytes) ? 'windows-1252' : 'iso-8859-15';
}

function hasC1Bytes(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80 && bytes[i] <= 0x9f) return true; // a loop: 5 times faster than Buffer.some
  return false;
}

interface Layout {
  separator: '\t' | '|';
  width: number;
  /** Column positions by lowercase name: programs differ on Montantdevise / MontantDevise. */
  index: Map<string, number>;
  signed: boolean;
}

function readLayout(name: string, header: string | undefined): Layout {
  const separator = header?.includes('\t') ? '\t' : header?.includes('|') ? '|' : null;
  if (!header || !separator) {
    throw new PointageError('bad_file', `${name}: not a FEC file (its first line should name the columns ${FEC_COLUMNS.join(', ')}, separated by tabs or pipes)`, `${name}:1`);
  }
  const names = header.split(separator).map((h) => h.trim().toLowerCase());
  const index = new Map(names.map((n, i) => [n, i]));
  const signed = !index.has('debit') && !index.has('credit') && index.has('montant') && index.has('sens');
  const required: Column[] = [...READ, ...(signed ? (['Montant', 'Sens'] as const) : (['Debit', 'Credit'] as const))];
  const missing = required.filter((c) => !index.has(c.toLowerCase()));
  if (missing.length) throw new PointageError('bad_file', `${name}: missing column(s) ${missing.join(', ')} (a FEC names ${FEC_COLUMNS.join(', ')})`, `${name}:1`);
  return { separator, width: names.length, index, signed };
}

interface Row {
  cell(column: Column): string;
  fail(column: Column, message: string): never;
}

function rowOf(name: string, line: number, text: string, layout: Layout): Row {
  const cells = text.split(layout.separator);
  const where = `${name}:${line}`;
  if (cells.length > layout.width) {
    throw new PointageError('bad_file', `${name}, line ${line}: ${cells.length} fields where the header names ${layout.width} (a tab or pipe inside a field?)`, where);
  }
  return {
    cell: (column) => (cells[layout.index.get(column.toLowerCase()) ?? -1] ?? '').trim(),
    fail: (column, message) => {
      throw new PointageError('bad_file', `${name}, line ${line}, column ${column}: ${message}`, where);
    },
  };
}

interface PartyLine {
  kind: 'receivable' | 'payable';
  account: string;
  auxAccount: string;
  pieceRef: string;
  party: string;
  date: string;
  lettered: boolean;
  /** In the book currency, signed: positive on the invoice side. */
  bookMinor: number;
  /** The same in the line's currency (Idevise) when the line gives a Montantdevise. */
  money: { currency: string; minor: number };
}

function readPartyLine(layout: Layout, row: Row): PartyLine | null {
  const account = row.cell('CompteNum');
  const collective = PARTY_ACCOUNTS.find((p) => account.startsWith(p.prefix));
  if (!collective) return null;
  const entryDate = fecDate(row, 'EcritureDate') ?? row.fail('EcritureDate', 'empty date');
  const bookMinor = collective.side * bookAmount(layout, row);
  return {
    kind: collective.kind,
    account,
    auxAccount: row.cell('CompAuxNum'),
    pieceRef: row.cell('PieceRef') || row.fail('PieceRef', 'empty piece reference (the norm requires one on every line)'),
    party: row.cell('CompAuxLib') || row.cell('CompteLib') || row.cell('CompAuxNum') || account,
    date: fecDate(row, 'PieceDate') ?? entryDate,
    lettered: row.cell('EcritureLet') !== '',
    bookMinor,
    money: lineMoney(row, bookMinor),
  };
}

/** Debit − credit in minor units of the book currency. */
function bookAmount(layout: Layout, row: Row): number {
  if (!layout.signed) return amount(row, 'Debit', BOOK_CURRENCY) - amount(row, 'Credit', BOOK_CURRENCY);
  const value = amount(row, 'Montant', BOOK_CURRENCY);
  const sens = row.cell('Sens').toUpperCase();
  if (sens === 'D' || sens === '+1' || sens === '1') return value;
  if (sens === 'C' || sens === '-1') return -value;
  return row.fail('Sens', `"${row.cell('Sens')}" is not D, C, +1 or -1`);
}

function amount(row: Row, column: Column, currency: string): number {
  const text = row.cell(column);
  if (text === '') return 0;
  if (!/^[+-]?\d+(?:[,.]\d+)?$/.test(text)) row.fail(column, `"${text}" is not an amount`);
  try {
    return toMinor(text.replace(',', '.'), currency);
  } catch (error) {
    return row.fail(column, error instanceof MoneyError ? error.message : String(error));
  }
}

/** A Montantdevise is unsigned in most programs: it takes the direction of the line. */
function lineMoney(row: Row, bookMinor: number): PartyLine['money'] {
  const code = row.cell('Idevise').toUpperCase();
  if (row.cell('Montantdevise') === '' || code === '' || code === BOOK_CURRENCY) return { currency: BOOK_CURRENCY, minor: bookMinor };
  if (!isCurrency(code)) row.fail('Idevise', `"${row.cell('Idevise')}" is not an ISO 4217 currency`);
  return { currency: code, minor: Math.sign(bookMinor) * Math.abs(amount(row, 'Montantdevise', code)) };
}

function fecDate(row: Row, column: 'EcritureDate' | 'PieceDate'): string | null {
  const text = row.cell(column);
  if (text === '') return null;
  const [y, m, d] = [text.slice(0, 4), text.slice(4, 6), text.slice(6)].map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)); // rolls 30 February over into March: compare back
  const valid = /^\d{8}$/.test(text) && y > 0 && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
  return valid ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}` : row.fail(column, `"${text}" is not a date as YYYYMMDD`);
}

interface Totals {
  gross: number;
  open: number;
}

interface Group {
  first: PartyLine;
  party: string | null;
  issueDate: string | null;
  currencies: Set<string>;
  book: Totals;
  money: Totals;
}

function addLine(groups: Map<string, Group>, line: PartyLine): void {
  const key = fecItemId(line.account, line.auxAccount, line.pieceRef);
  let group = groups.get(key);
  if (!group) {
    group = { first: line, party: null, issueDate: null, currencies: new Set(), book: { gross: 0, open: 0 }, money: { gross: 0, open: 0 } };
    groups.set(key, group);
  }
  group.currencies.add(line.money.currency);
  addTo(group.book, line.bookMinor, line.lettered);
  addTo(group.money, line.money.minor, line.lettered);
  if (line.bookMinor > 0) {
    group.party ??= line.party;
    if (group.issueDate === null || line.date < group.issueDate) group.issueDate = line.date;
  }
}

function addTo(totals: Totals, minor: number, lettered: boolean): void {
  if (minor > 0) totals.gross += minor;
  if (!lettered) totals.open += minor;
}

function conclude(groups: Group[]): FecReading {
  const reading: FecReading = { open: [], settled: [] };
  for (const group of groups) {
    // Foreign currency only when every line of the group gives its amount in that one currency.
    const currency = group.currencies.size === 1 ? [...group.currencies][0] : BOOK_CURRENCY;
    const totals = currency === BOOK_CURRENCY ? group.book : group.money;
    if (totals.gross <= 0) continue; // a payment or credit note with no invoice under its reference
    const { kind, account, auxAccount, pieceRef } = group.first;
    const externalId = fecItemId(account, auxAccount, pieceRef);
    if (totals.open <= 0) {
      reading.settled.push(externalId);
      continue;
    }
    reading.open.push({
      externalId, kind, party: group.party ?? group.first.party, partyIban: null, reference: pieceRef, issueDate: group.issueDate,
      dueDate: null, amountMinor: totals.gross, openMinor: totals.open, currency, source: 'fec',
    });
  }
  return reading;
}
