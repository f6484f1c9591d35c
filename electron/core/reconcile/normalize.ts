// Normalization of what a bank line and an open item have in common: party names, invoice
// numbers in their many written forms, structured references (RF, FIK), end-to-end ids, IBANs.
// Pure string work: the engine indexes the keys these functions produce.
import { distance } from 'fastest-levenshtein';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Uppercase ASCII: accents stripped, ligatures spelled out (é -> E, ø -> O, æ -> AE, ß -> SS). */
export function foldAscii(text: string): string {
  if (PRINTABLE_ASCII.test(text)) return text.toUpperCase();
  return text
    .replace(/[æÆ]/g, 'AE')
    .replace(/[œŒ]/g, 'OE')
    .replace(/[øØ]/g, 'O')
    .replace(/ß/g, 'SS')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase();
}

// ---------------------------------------------------------------------------------------------
// Party names

/** Legal forms and "company" words dropped from party names (French, Danish, and common foreign ones). */
const LEGAL_FORMS = new Set([
  // France
  'SARL', 'SAS', 'SASU', 'SA', 'EURL', 'SNC', 'SCI', 'SCP', 'SCM', 'SCOP', 'SCEA', 'SELARL', 'SELAS', 'SEL', 'GAEC',
  'EARL', 'EI', 'EIRL', 'GIE', 'SEM', 'STE', 'SOCIETE', 'ETS', 'ETABLISSEMENTS',
  // Denmark ("A/S", "I/S", "K/S", "P/S" arrive here as AS, IS, KS, PS)
  'APS', 'AS', 'IVS', 'IS', 'KS', 'PS', 'AMBA', 'FMBA', 'SMBA', 'ENK',
  // elsewhere
  'GMBH', 'AG', 'KG', 'LTD', 'LIMITED', 'LLC', 'LLP', 'INC', 'CORP', 'PLC', 'BV', 'NV', 'SRL', 'SPA', 'SL', 'AB', 'OY', 'ASA',
]);

const LEGAL_FORM_PREFIXES = new Set([...LEGAL_FORMS].flatMap((form) => [...form].map((_, i) => form.slice(0, i + 1))));

/** Banks cut names at 35 characters; a name at least this long may have been cut. */
export const TRUNCATION_MIN_LENGTH = 30;
/** A cut name must keep this many characters to still identify a party. */
export const TRUNCATED_MIN_COMPACT = 12;

export interface PartyName {
  /** Significant words, uppercase ASCII, legal forms dropped. */
  tokens: readonly string[];
  /** The words joined without spaces: "L'Atelier" and "L ATELIER" agree. */
  compact: string;
  /** The original was long enough to have been truncated by the bank. */
  maybeTruncated: boolean;
}

// Danish and German letters lose their accent in two ways (ø -> O or OE, å -> A or AA, ü -> U or UE):
// folding the digraphs on both sides makes the two spellings meet.
function foldDigraphs(token: string): string {
  return token.includes('E') || token.includes('AA') ? token.replace(/[AOU]E|AA/g, (digraph) => digraph[0]) : token;
}

/** Runs of letters and digits; a dot joins ("S.A.R.L." is one word), anything else separates. */
function wordsOf(folded: string): string[] {
  const words: string[] = [];
  let word = '';
  let start = 0;
  for (let i = 0; i <= folded.length; i++) {
    const code = i < folded.length ? folded.charCodeAt(i) : 32;
    if ((code >= 65 && code <= 90) || (code >= 48 && code <= 57)) continue;
    if (i > start) word += folded.slice(start, i);
    start = i + 1;
    if (code === 46 || word === '') continue;
    words.push(word);
    word = '';
  }
  return words;
}

export function normalizeParty(name: string): PartyName {
  let folded = foldAscii(name);
  if (folded.includes('/')) folded = folded.replace(/\b([AIKP])\s*\/\s*S\b/g, '$1S');
  const words = wordsOf(folded);
  const significant = words.filter((w) => !LEGAL_FORMS.has(w));
  const tokens = (significant.length > 0 ? significant : words).map(foldDigraphs);
  return { tokens, compact: tokens.join(''), maybeTruncated: name.trim().length >= TRUNCATION_MIN_LENGTH };
}

/**
 * How a name read on a bank line relates to a party's name: 'exact' once normalized, 'truncated'
 * when the bank cut a long name (its last word possibly cut in the middle), or null.
 */
export function partyNameRelation(bank: PartyName, party: PartyName): 'exact' | 'truncated' | null {
  if (bank.compact === '' || party.compact === '') return null;
  if (bank.compact === party.compact) return 'exact';
  if (!bank.maybeTruncated) return null;
  if (bank.compact.length >= TRUNCATED_MIN_COMPACT && party.compact.startsWith(bank.compact)) return 'truncated';
  // The cut may fall inside a legal form the party's name drops anyway: "... INTERNATIONAL SAR".
  const last = bank.tokens[bank.tokens.length - 1];
  const withoutLast = bank.tokens.slice(0, -1).join('');
  if (LEGAL_FORM_PREFIXES.has(last) && withoutLast.length >= TRUNCATED_MIN_COMPACT && party.compact === withoutLast) return 'truncated';
  return null;
}

/** Similarity of two party names in [0, 1] (1 - edit distance / length), comparing a possibly cut bank name with as much of the party's name. */
export function nameSimilarity(bank: PartyName, party: PartyName): number {
  const other = bank.maybeTruncated && party.compact.length > bank.compact.length ? party.compact.slice(0, bank.compact.length) : party.compact;
  const longest = Math.max(bank.compact.length, other.length);
  return longest === 0 ? 0 : 1 - distance(bank.compact, other) / longest;
}

// ---------------------------------------------------------------------------------------------
// IBAN and end-to-end ids

/** Electronic form of a valid IBAN ("FR76 3000 ..." -> "FR763000..."), else null. */
export function normalizeIban(iban: string | null | undefined): string | null {
  const electronic = electronicFormatIBAN(iban ?? undefined);
  return electronic && isValidIBAN(electronic) ? electronic : null;
}

const NO_END_TO_END = new Set(['', 'NOTPROVIDED', 'NONREF', 'NONE', 'NA', 'NOREF']);

/** Uppercase alphanumerics of an end-to-end id, or null for the placeholders banks use when there is none. */
export function normalizeEndToEndId(id: string | null | undefined): string | null {
  const compact = compactId(id ?? '');
  return NO_END_TO_END.has(compact) ? null : compact;
}

/** Uppercase alphanumerics only: "fac-2025/00123" -> "FAC202500123". */
export function compactId(text: string): string {
  return foldAscii(text).replace(/[^A-Z0-9]/g, '');
}

// ---------------------------------------------------------------------------------------------
// RF creditor references (ISO 11649)

/** ISO 7064 mod 97-10 over an alphanumeric string, letters counting A = 10 ... Z = 35. */
function mod97(text: string): number {
  let rest = 0;
  for (const ch of text) {
    const value = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    rest = (value >= 10 ? rest * 100 + value : rest * 10 + value) % 97;
  }
  return rest;
}

/** "RF18 5390 0754 7034" -> "RF18539007547034" when its check digits hold, else null. */
export function parseCreditorReference(text: string): string | null {
  const compact = text.toUpperCase().replace(/\s+/g, '');
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(compact)) return null;
  return mod97(compact.slice(4) + compact.slice(0, 4)) === 1 ? compact : null;
}

/** RF references written in a text, printed in groups of four or in one piece. */
export function creditorReferencesInText(text: string): string[] {
  return creditorReferencesInFolded(foldAscii(text));
}

/** creditorReferencesInText for a text already passed through foldAscii. */
export function creditorReferencesInFolded(text: string): string[] {
  const found: string[] = [];
  if (!/RF/i.test(text)) return found;
  for (const m of text.matchAll(/\bRF\d{2}[A-Z0-9]*(?: (?!RF\d\d)[A-Z0-9]{1,4}\b)*/g)) {
    // The groups that follow may be words of the text: the longest valid reading wins.
    const groups = m[0].split(' ');
    for (let n = groups.length; n > 0; n--) {
      const valid = parseCreditorReference(groups.slice(0, n).join(''));
      if (valid) {
        found.push(valid);
        break;
      }
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Danish FIK payment codes: "+71<000000012345678+12345678<" (kortart, payment id, creditor number)

export interface FikCode {
  kortart: '71' | '73' | '75' | null;
  /** The payment id without leading zeros; kortart 73 has none. */
  paymentId: string | null;
  /** The 8-digit FIK creditor number: it identifies the supplier, not the invoice. */
  creditor: string | null;
}

const FIK_LINE = /\+?(71|73|75)\s*<\s*(\d{1,16})?\s*\+\s*(\d{8})\s*<?/g;
const FIK_WORD = /\bFIK\s*:?\s*\+?(71|73|75)\b[\s<:-]*(\d{15,16})?[\s+]*(\d{8})?\b/g;
const FIK_PAYMENT_ID = /\bBETALINGS\s*-?\s*ID\s*:?\s*(\d{15,16})\b/g;

function fikCode(kortart: string | undefined, paymentId: string | undefined, creditor: string | undefined): FikCode {
  const id = paymentId ? stripZeros(paymentId) : null;
  return { kortart: (kortart as FikCode['kortart']) ?? null, paymentId: id === '' ? null : id, creditor: creditor ?? null };
}

/** FIK codes written in a text, as the code line of the giro card or after "FIK" or "Betalings-id". */
export function fikCodesInText(text: string): FikCode[] {
  return fikCodesInFolded(foldAscii(text));
}

/** fikCodesInText for a text already passed through foldAscii. */
export function fikCodesInFolded(folded: string): FikCode[] {
  const codes: FikCode[] = [];
  if (!folded.includes('<') && !folded.includes('FIK') && !folded.includes('BETALINGS')) return codes;
  for (const m of folded.matchAll(FIK_LINE)) codes.push(fikCode(m[1], m[2], m[3]));
  for (const m of folded.matchAll(FIK_WORD)) codes.push(fikCode(m[1], m[2], m[3]));
  for (const m of folded.matchAll(FIK_PAYMENT_ID)) codes.push(fikCode(undefined, m[1], undefined));
  return codes.filter((c) => c.paymentId !== null || c.creditor !== null);
}

function stripZeros(digits: string): string {
  return digits.replace(/^0+/, '');
}

// ---------------------------------------------------------------------------------------------
// Invoice numbers. "FAC-2025-00123", "Facture 2025-00123", "FACT 2025 00123" and "/INV/FAC202500123"
// all give the full key of (2025, 123); "fact. n° 00123" gives only the weak key 123 (the trailing
// number, read only after an invoice word). A long number without a year (Danish invoices are often
// plain sequential numbers, "Faktura 104512") gives the full key 104512. Keys are numbers: the
// indexes hold one per open item, and numbers hash faster than strings.

export interface InvoiceKeys {
  /** Year + number (invoiceKey(2025, 123)), or a plain number of 5 to 10 digits (104512). */
  full: number | null;
  /** The trailing number alone ("123"): many invoices share it, across years and series. */
  weak: number | null;
}

export interface TextInvoiceKeys {
  full: number[];
  weak: number[];
}

/** Year + number keys lie above every plain number key (at most 10 digits). */
const YEAR_BASE = 1e13;

/** The key of invoice `number` of `year`, or of a plain number (year null). */
export function invoiceKey(year: number | null, number: number): number {
  return year === null ? number : YEAR_BASE + (year - 1900) * 1e10 + number;
}

/** Year + number; a number of more than 9 digits is no invoice number (and would not fit the key). */
function yearKey(year: string, digits: string): number | null {
  const number = stripZeros(digits);
  return number === '' || number.length > 9 ? null : invoiceKey(Number(year), Number(number));
}

/** A trailing number as a weak key, up to 10 digits. */
function weakKey(number: string): number | null {
  return number === '' || number.length > LONGEST_NUMBER ? null : Number(number);
}

/** Words after which a short number is read as an invoice number. */
const INVOICE_WORDS = new Set([
  'FA', 'FAC', 'FACT', 'FACTURE', 'FACTURES', 'FCT', 'FACTNO', 'INV', 'INVOICE', 'INVOICES', 'INVNO',
  'FAKTURA', 'FAKTURAER', 'FAKT', 'FAKTNR', 'FAKTURANR', 'NR', 'NO', 'N', 'NUM', 'NUMERO',
]);
const LONG_NUMBER = 5;
const LONGEST_NUMBER = 10;

function isYear(digits: string): boolean {
  return /^(199\d|20\d\d)$/.test(digits);
}

function isMonthDay(digits: string): boolean {
  const month = Number(digits.slice(0, 2));
  const day = Number(digits.slice(2, 4));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** "202500123" -> the key of (2025, 123); a YYYYMMDD date is not an invoice number. */
function splitYearRun(run: string): number | null {
  if (run.length < 7 || !isYear(run.slice(0, 4))) return null;
  if (run.length === 8 && isMonthDay(run.slice(4))) return null;
  return yearKey(run.slice(0, 4), run.slice(4));
}

/** A plain number of 5 to 10 digits; longer runs are ids, card or account numbers, never an invoice. */
function plainFullKey(number: string): number | null {
  return number.length >= LONG_NUMBER && number.length <= LONGEST_NUMBER ? Number(number) : null;
}

/** The keys of an open item's own reference ("FAC-2025-00123", "104512", "INV-789"). */
export function invoiceKeysOfReference(reference: string | null): InvoiceKeys {
  if (!reference || parseCreditorReference(reference) || fikCodesInText(reference).length > 0) return { full: null, weak: null };
  const runs = foldAscii(reference).match(/\d+/g) ?? [];
  if (runs.length === 0) return { full: null, weak: null };
  const last = runs[runs.length - 1];
  const number = stripZeros(last);
  const year = runs.slice(0, -1).reverse().find(isYear);
  if (number === '') return { full: null, weak: null };
  if (year) return { full: yearKey(year, number), weak: weakKey(number) };
  const split = runs.length === 1 ? splitYearRun(last) : null;
  if (split) return { full: split, weak: weakKey(stripZeros(last.slice(4))) };
  return { full: plainFullKey(number), weak: weakKey(number) };
}

interface Token {
  text: string;
  start: number;
  end: number;
  digits: boolean;
}

function charKind(code: number): 0 | 1 | 2 {
  if (code >= 48 && code <= 57) return 2;
  return code >= 65 && code <= 90 ? 1 : 0;
}

/** Runs of letters and runs of digits, with where they stand. */
function tokenize(folded: string): Token[] {
  const tokens: Token[] = [];
  let start = 0;
  let kind: 0 | 1 | 2 = 0;
  for (let i = 0; i <= folded.length; i++) {
    const next = i < folded.length ? charKind(folded.charCodeAt(i)) : 0;
    if (next === kind) continue;
    if (kind !== 0) tokens.push({ text: folded.slice(start, i), start, end: i, digits: kind === 2 });
    kind = next;
    start = i;
  }
  return tokens;
}

/** Between two tokens stand only signs: a gap of 1 to 3 of space, dash, slash, dot or underscore. */
function isSeparator(folded: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > 3) return false;
  for (let i = from; i < to; i++) if (!' -/._\t'.includes(folded[i])) return false;
  return true;
}

/** The number right after an invoice word ("fact. n° 00123", "FAC00123"), separated by at most a few signs. */
function afterInvoiceWord(tokens: Token[], i: number): boolean {
  const previous = tokens[i - 1];
  return previous !== undefined && !previous.digits && INVOICE_WORDS.has(previous.text) && tokens[i].start - previous.end <= 3;
}

/** "2025-00123": a year, a separator, then a number; "2025-03-12" is a date, not an invoice. */
function yearPair(folded: string, tokens: Token[], i: number, keyword: boolean): number | null {
  const year = tokens[i];
  const number = tokens[i + 1];
  if (!isYear(year.text) || !number?.digits || !isSeparator(folded, year.end, number.start)) return null;
  const after = tokens[i + 2];
  const isDate = number.text.length <= 2 && after?.digits === true && after.text.length <= 2 && isSeparator(folded, number.end, after.start);
  if (isDate || (number.text.length < 3 && !keyword)) return null;
  return yearKey(year.text, number.text);
}

/** Every invoice key written in a bank line's text (description, remittance information, end-to-end id). */
export function invoiceKeysInText(text: string): TextInvoiceKeys {
  return invoiceKeysInFolded(foldAscii(text));
}

/** invoiceKeysInText for a text already passed through foldAscii. */
export function invoiceKeysInFolded(text: string): TextInvoiceKeys {
  let folded = text;
  if (folded.includes('°') || folded.includes('º')) folded = folded.replace(/\bN\s*[°º]/g, ' NO ');
  const tokens = tokenize(folded);
  const keys: TextInvoiceKeys = { full: [], weak: [] };
  for (let i = 0; i < tokens.length; i++) {
    if (!tokens[i].digits) continue;
    const keyword = afterInvoiceWord(tokens, i);
    const pair = yearPair(folded, tokens, i, keyword);
    if (pair !== null) {
      addKey(keys.full, pair);
      i++; // the number belongs to the pair: its trailing number is no weak key of its own
      continue;
    }
    addRunKeys(keys, tokens[i].text, keyword);
  }
  return keys;
}

function addKey(list: number[], key: number): void {
  if (!list.includes(key)) list.push(key);
}

function addRunKeys(keys: TextInvoiceKeys, run: string, keyword: boolean): void {
  const split = splitYearRun(run);
  if (split !== null) addKey(keys.full, split);
  const number = stripZeros(run);
  const plain = plainFullKey(number);
  if (plain !== null) addKey(keys.full, plain);
  const weak = weakKey(number);
  if (keyword && weak !== null) addKey(keys.weak, weak);
}
