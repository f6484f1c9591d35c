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
const TRUNCATED_MIN_COMPACT = 12;

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
  return token.replace(/[AOU]E|AA/g, (digraph) => digraph[0]);
}

export function normalizeParty(name: string): PartyName {
  const folded = foldAscii(name)
    .replace(/\b([AIKP])\s*\/\s*S\b/g, '$1S')
    .replace(/\./g, '');
  const words = folded.split(/[^A-Z0-9]+/).filter((w) => w !== '');
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
  const found: string[] = [];
  if (!/RF/i.test(text)) return found;
  for (const m of foldAscii(text).matchAll(/\bRF\d{2}[A-Z0-9]*(?: [A-Z0-9]{1,4}\b)*/g)) {
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
  const folded = foldAscii(text);
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
// all give the full key Y:2025-123; "fact. n° 00123" gives only the weak key 123 (the trailing
// number, read only after an invoice word). A long number without a year (Danish invoices are often
// plain sequential numbers, "Faktura 104512") gives the full key N:104512.

export interface InvoiceKeys {
  /** Year + number ("Y:2025-123"), or a plain number of 5 digits or more ("N:104512"). */
  full: string | null;
  /** The trailing number alone ("123"): many invoices share it, across years and series. */
  weak: string | null;
}

export interface TextInvoiceKeys {
  full: Set<string>;
  weak: Set<string>;
}

/** Words after which a short number is read as an invoice number. */
const INVOICE_WORDS = new Set([
  'FA', 'FAC', 'FACT', 'FACTURE', 'FACTURES', 'FCT', 'FACTNO', 'INV', 'INVOICE', 'INVOICES', 'INVNO',
  'FAKTURA', 'FAKTURAER', 'FAKT', 'FAKTNR', 'FAKTURANR', 'NR', 'NO', 'N', 'NUM', 'NUMERO',
]);
const LONG_NUMBER = 5;
const SEPARATOR = /^[\s\-/._]{1,3}$/;

function isYear(digits: string): boolean {
  return /^(199\d|20\d\d)$/.test(digits);
}

function isMonthDay(digits: string): boolean {
  const month = Number(digits.slice(0, 2));
  const day = Number(digits.slice(2, 4));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** "202500123" -> "Y:2025-123"; a YYYYMMDD date is not an invoice number. */
function splitYearRun(run: string): string | null {
  if (run.length < 7 || !isYear(run.slice(0, 4))) return null;
  if (run.length === 8 && isMonthDay(run.slice(4))) return null;
  const number = stripZeros(run.slice(4));
  return number === '' ? null : `Y:${run.slice(0, 4)}-${number}`;
}

function plainFullKey(number: string): string | null {
  return number.length >= LONG_NUMBER ? `N:${number}` : null;
}

/** The keys of an open item's own reference ("FAC-2025-00123", "104512", "INV-789"). */
export function invoiceKeysOfReference(reference: string | null): InvoiceKeys {
  if (!reference || parseCreditorReference(reference)) return { full: null, weak: null };
  const runs = foldAscii(reference).match(/\d+/g) ?? [];
  if (runs.length === 0) return { full: null, weak: null };
  const last = runs[runs.length - 1];
  const number = stripZeros(last);
  const year = runs.slice(0, -1).reverse().find(isYear);
  if (number === '') return { full: null, weak: null };
  if (year) return { full: `Y:${year}-${number}`, weak: number };
  const split = runs.length === 1 ? splitYearRun(last) : null;
  if (split) return { full: split, weak: stripZeros(last.slice(4)) };
  return { full: plainFullKey(number), weak: number };
}

interface Token {
  text: string;
  start: number;
  end: number;
  digits: boolean;
}

function tokenize(folded: string): Token[] {
  const tokens: Token[] = [];
  for (const m of folded.matchAll(/[A-Z]+|\d+/g)) {
    tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length, digits: /\d/.test(m[0][0]) });
  }
  return tokens;
}

/** The number right after an invoice word ("fact. n° 00123", "FAC00123"), separated by at most a few signs. */
function afterInvoiceWord(folded: string, tokens: Token[], i: number): boolean {
  const previous = tokens[i - 1];
  return previous !== undefined && !previous.digits && INVOICE_WORDS.has(previous.text) && /^[^A-Z0-9]{0,3}$/.test(folded.slice(previous.end, tokens[i].start));
}

/** "2025-00123": a year, a separator, then a number; "2025-03-12" is a date, not an invoice. */
function yearPair(folded: string, tokens: Token[], i: number, keyword: boolean): string | null {
  const [year, number, after] = [tokens[i], tokens[i + 1], tokens[i + 2]];
  if (!isYear(year.text) || !number?.digits || !SEPARATOR.test(folded.slice(year.end, number.start))) return null;
  const isDate = number.text.length <= 2 && after?.digits === true && after.text.length <= 2 && SEPARATOR.test(folded.slice(number.end, after.start));
  if (isDate || (number.text.length < 3 && !keyword)) return null;
  const n = stripZeros(number.text);
  return n === '' ? null : `Y:${year.text}-${n}`;
}

/** Every invoice key written in a bank line's text (description, remittance information, end-to-end id). */
export function invoiceKeysInText(text: string): TextInvoiceKeys {
  const folded = foldAscii(text).replace(/\bN\s*[°º]/g, ' NO ');
  const tokens = tokenize(folded);
  const keys: TextInvoiceKeys = { full: new Set(), weak: new Set() };
  for (let i = 0; i < tokens.length; i++) {
    if (!tokens[i].digits) continue;
    const keyword = afterInvoiceWord(folded, tokens, i);
    const pair = yearPair(folded, tokens, i, keyword);
    if (pair) {
      keys.full.add(pair);
      i++; // the number belongs to the pair: its trailing number is no weak key of its own
      continue;
    }
    addRunKeys(keys, tokens[i].text, keyword);
  }
  return keys;
}

function addRunKeys(keys: TextInvoiceKeys, run: string, keyword: boolean): void {
  const split = splitYearRun(run);
  if (split) keys.full.add(split);
  const number = stripZeros(run);
  if (number === '') return;
  const plain = plainFullKey(number);
  if (plain) keys.full.add(plain);
  if (keyword) keys.weak.add(number);
}
