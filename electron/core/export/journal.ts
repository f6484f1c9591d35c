// Reconciled bank lines as journal entries for the ERP: one balanced entry per match, in the
// bank account's journal, written out as FEC lines or as CSV.
//
// Per match, where money in debits the bank and money out credits it:
// - the bank account's GL account (default 512000) takes what moved on the bank line;
// - a line with an open item settles the party: customers 411, suppliers 401;
// - a line without an item goes straight to the match's GL account;
// - the write-off takes the gap between what was settled and what moved. When a match has
//   several bank lines, its write-off is taken on the first.
// Amounts stay integer minor units until they are written out.
import { PointageError } from '../../../shared/contract/errors.js';
import { toDecimal } from '../../../shared/money.js';
import { FEC_COLUMNS, parseFecItemId } from '../import/fec.js';
import type { Ledger } from '../ledger/database.js';
import { reconciledMatchLines, type MatchLineRow } from '../ledger/journal.js';

export const DEFAULT_BANK_ACCOUNT = '512000';
export const CUSTOMERS_ACCOUNT = '411000';
export const SUPPLIERS_ACCOUNT = '401000';
/** For a write-off or direct line the match gives no account: the bookkeeper reassigns it in the ERP. */
export const SUSPENSE_ACCOUNT = '471000';

export const CSV_COLUMNS = ['date', 'journal', 'entry', 'account', 'party', 'reference', 'label', 'debit', 'credit', 'currency'] as const;

export interface JournalLine {
  /** CompteNum: the GL account. */
  account: string;
  /** CompteLib. */
  accountLabel: string;
  /** CompAuxNum: the customer's or supplier's own account. */
  auxAccount: string | null;
  /** CompAuxLib: the customer's or supplier's name. */
  party: string | null;
  /** PieceRef: the invoice on a party line, the bank's reference elsewhere. */
  reference: string;
  /** EcritureLib. */
  label: string;
  debitMinor: number;
  creditMinor: number;
}

export interface JournalEntry {
  /** JournalCode: one bank journal per bank account, BQ and the account's id. */
  journal: string;
  journalLabel: string;
  /** EcritureNum: the match's id, so that an entry exported twice keeps its number. */
  number: string;
  /** EcritureDate, YYYY-MM-DD: the bank line's booking date. */
  date: string;
  /** ValidDate, YYYY-MM-DD: when the match was made. */
  validDate: string;
  currency: string;
  lines: JournalLine[];
}

export function journalEntries(ledger: Ledger, range: { from?: string; to?: string } = {}): JournalEntry[] {
  const byMatch = new Map<number, MatchLineRow[]>();
  for (const row of reconciledMatchLines(ledger, range)) {
    const rows = byMatch.get(row.matchId);
    if (rows) rows.push(row);
    else byMatch.set(row.matchId, [row]);
  }
  return [...byMatch.values()].map(entryOf);
}

/** A journal line before it is split into debit and credit: positive = debit. */
type Leg = Omit<JournalLine, 'debitMinor' | 'creditMinor'> & { signedMinor: number };

function entryOf(rows: MatchLineRow[]): JournalEntry {
  const [first] = rows;
  const other = rows.find((r) => r.currency !== first.currency);
  if (other) throw new PointageError('conflict', `match ${first.matchId} joins bank lines in ${first.currency} and ${other.currency}`);
  const legs = [...bankLegs(rows), ...rows.map(settlementLeg), ...writeOffLegs(first)];
  return {
    journal: `BQ${first.accountId}`,
    journalLabel: first.accountName,
    number: String(first.matchId),
    date: first.date,
    validDate: first.createdAt.slice(0, 10),
    currency: first.currency,
    lines: legs.filter((leg) => leg.signedMinor !== 0).map(toLine),
  };
}

/** +1 for money in, −1 for money out. */
function direction(row: MatchLineRow): 1 | -1 {
  return row.bankAmountMinor < 0 ? -1 : 1;
}

function bankLegs(rows: MatchLineRow[]): Leg[] {
  const legs = new Map<number, Leg>();
  for (const row of rows) {
    const leg = legs.get(row.bankEntryId) ?? { ...bankLeg(row), signedMinor: 0 };
    leg.signedMinor += direction(row) * row.amountMinor;
    legs.set(row.bankEntryId, leg);
  }
  const [first] = rows;
  legs.get(first.bankEntryId)!.signedMinor -= direction(first) * first.writeoffMinor;
  return [...legs.values()];
}

function bankLeg(row: MatchLineRow): Omit<Leg, 'signedMinor'> {
  const account = row.glAccount?.trim() || DEFAULT_BANK_ACCOUNT;
  return { account, accountLabel: row.accountName, auxAccount: null, party: null, reference: bankReference(row), label: bankLabel(row) };
}

function settlementLeg(row: MatchLineRow): Leg {
  const signedMinor = -direction(row) * row.amountMinor;
  if (row.itemId === null) {
    const account = row.writeoffAccount?.trim() || SUSPENSE_ACCOUNT;
    return { account, accountLabel: 'Imputation directe', auxAccount: null, party: null, reference: bankReference(row), label: bankLabel(row), signedMinor };
  }
  const party = row.party ?? '';
  const reference = row.itemReference || row.itemExternalId || bankReference(row);
  const accountLabel = row.itemKind === 'receivable' ? 'Clients' : 'Fournisseurs';
  return { ...partyAccount(row), accountLabel, party, reference, label: oneLine(`Règlement ${party} ${reference}`), signedMinor };
}

function writeOffLegs(first: MatchLineRow): Leg[] {
  if (first.writeoffMinor === 0) return [];
  const account = first.writeoffAccount?.trim() || SUSPENSE_ACCOUNT;
  const label = 'Écart de règlement';
  return [{ account, accountLabel: label, auxAccount: null, party: null, reference: bankReference(first), label, signedMinor: direction(first) * first.writeoffMinor }];
}

/** An item read from the books' FEC settles the very accounts it came from. */
function partyAccount(row: MatchLineRow): { account: string; auxAccount: string | null } {
  const books = row.itemSource === 'fec' && row.itemExternalId ? parseFecItemId(row.itemExternalId) : null;
  if (books) return books;
  const receivable = row.itemKind === 'receivable';
  return { account: receivable ? CUSTOMERS_ACCOUNT : SUPPLIERS_ACCOUNT, auxAccount: auxAccountOf(receivable ? 'C' : 'F', row.party ?? '') };
}

/** Letters NFD does not take apart. */
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ø: 'o', ß: 'ss' };

/**
 * A customer (C) or supplier (F) account number from the party's name: capitals and digits
 * without accents, 17 characters at most (the longest Sage and EBP take). "Hôtel du Port, SAS"
 * -> CHOTELDUPORTSAS. Two names alike in their first 16 letters share an account.
 */
export function auxAccountOf(prefix: 'C' | 'F', party: string): string {
  const letters = party
    .toLowerCase()
    .replace(/[œæøß]/g, (c) => LIGATURES[c])
    .normalize('NFD')
    .replace(/[^a-z0-9]/g, '')
    .toUpperCase();
  return prefix + (letters.slice(0, 16) || 'DIVERS');
}

function bankReference(row: MatchLineRow): string {
  return row.bankReference?.trim() || String(row.matchId);
}

function bankLabel(row: MatchLineRow): string {
  return oneLine(row.description) || oneLine(row.counterpartyName ?? '') || 'Mouvement bancaire';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function toLine({ signedMinor, ...leg }: Leg): JournalLine {
  return { ...leg, debitMinor: Math.max(0, signedMinor), creditMinor: Math.max(0, -signedMinor) };
}

/**
 * The 18 columns of article A47 A-1 of the Livre des procédures fiscales: tab-separated, a header
 * line, dates YYYYMMDD, amounts with a decimal comma and no thousands separator, CRLF line ends.
 * A FEC is kept in the book currency: an entry in another currency is refused, as Pointage has no
 * exchange rate to give its amount in the book currency.
 */
export function toFec(entries: readonly JournalEntry[], bookCurrency = 'EUR'): string {
  const rows = entries.flatMap((entry) => {
    if (entry.currency !== bookCurrency) {
      throw new PointageError('invalid_input', `entry ${entry.number} is in ${entry.currency}: a FEC is kept in ${bookCurrency}, and Pointage has no exchange rate`);
    }
    return entry.lines.map((line) => fecRow(entry, line));
  });
  return [[...FEC_COLUMNS], ...rows].map((cells) => cells.join('\t') + '\r\n').join('');
}

function fecRow(entry: JournalEntry, line: JournalLine): string[] {
  const date = entry.date.replaceAll('-', '');
  const amount = (minor: number) => toDecimal(minor, entry.currency).replace('.', ',');
  return [
    entry.journal, entry.journalLabel, entry.number, date, line.account, line.accountLabel, line.auxAccount ?? '', line.party ?? '',
    line.reference, date, line.label, amount(line.debitMinor), amount(line.creditMinor), '', '', entry.validDate.replaceAll('-', ''), '', '',
  ].map(oneLine);
}

/** RFC 4180, CRLF line ends; amounts with a decimal point, the empty side left blank. */
export function toCsv(entries: readonly JournalEntry[]): string {
  const rows = entries.flatMap((entry) =>
    entry.lines.map((line) => [
      entry.date, entry.journal, entry.number, line.account, line.party ?? '', line.reference, line.label,
      csvAmount(line.debitMinor, entry.currency), csvAmount(line.creditMinor, entry.currency), entry.currency,
    ]),
  );
  return [[...CSV_COLUMNS], ...rows].map((cells) => cells.map(csvField).join(',') + '\r\n').join('');
}

function csvAmount(minor: number, currency: string): string {
  return minor === 0 ? '' : toDecimal(minor, currency);
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
