// Reading :86: "information to account owner". Three shapes are met:
//  - German (DFÜ-Abkommen): "166?00GUTSCHRIFT?20SVWZ+Rechnung 42?21...?32Name?31IBAN": numbered
//    ?NN subfields, lines are hard wraps, SEPA keywords (EREF+ SVWZ+ ...) inside ?20-?29 / ?60-?63;
//  - Dutch / SWIFT-structured: "/TRTP/SEPA OVERBOEKING/IBAN/NL..../NAME/Jansen/REMI/.../EREF/...";
//  - free text, whose lines are joined with spaces.

export interface EntryInformation {
  description: string;
  counterpartyName: string | null;
  counterpartyIban: string | null;
  /** Structured creditor reference (Dutch /REMI/STRD/). */
  reference: string | null;
  endToEndId: string | null;
}

const GERMAN = /^(\d{3})?\?\d{2}|^\d{3}>\d{2}/;
const DUTCH = /^\/[A-Z]{2,4}\//;

export function readInformation(lines: readonly string[]): EntryInformation {
  const first = lines[0].trimStart();
  if (GERMAN.test(first)) return readGerman(lines.join(''));
  if (DUTCH.test(first)) return readDutch(lines.join('').trim());
  return { description: collapseSpaces(lines.join(' ')), counterpartyName: null, counterpartyIban: null, reference: null, endToEndId: null };
}

// --- German ?NN subfields -------------------------------------------------------------------

/** Subfields ?20-?29 and ?32-?33 hold at most 27 characters; a full one was wrapped mid-text. */
const GERMAN_SUBFIELD_WIDTH = 27;
const SEPA_KEYWORD = /(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|COAM|OAMT|SQTP|PURP)\+/g;

function readGerman(text: string): EntryInformation {
  const separator = /^\d{3}>/.test(text) ? '>' : '?';
  const subfields = germanSubfields(text, separator);
  const purpose = joinWrapped(codesIn(subfields, 20, 29).concat(codesIn(subfields, 60, 63)), GERMAN_SUBFIELD_WIDTH);
  const keywords = sepaKeywords(purpose);
  const name = joinWrapped(codesIn(subfields, 32, 33), GERMAN_SUBFIELD_WIDTH);
  // ?31 holds the other party's IBAN (or an old account number); some banks put it in IBAN+.
  const iban = [subfields.get(31), keywords.get('IBAN')].map((a) => (a ?? '').replace(/\s+/g, '')).find(looksLikeIban);
  return {
    description: collapseSpaces(keywords.get('SVWZ') ?? keywords.get('') ?? '') || collapseSpaces(subfields.get(0) ?? ''),
    counterpartyName: collapseSpaces(name) || null,
    counterpartyIban: iban ?? null,
    reference: null,
    endToEndId: providedValue(keywords.get('EREF')),
  };
}

/** "?00GUTSCHRIFT?2012?21ab" -> 0: "GUTSCHRIFT", 20: "12", 21: "ab". */
function germanSubfields(text: string, separator: string): Map<number, string> {
  const subfields = new Map<number, string>();
  const pieces = text.split(separator);
  let code = -1;
  for (let i = 1; i < pieces.length; i++) {
    const piece = pieces[i];
    if (isDigit(piece.charCodeAt(0)) && isDigit(piece.charCodeAt(1))) {
      code = Number(piece.slice(0, 2));
      subfields.set(code, (subfields.get(code) ?? '') + piece.slice(2));
    } else if (code >= 0) {
      subfields.set(code, subfields.get(code) + separator + piece); // a separator inside the text
    }
  }
  return subfields;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function codesIn(subfields: Map<number, string>, from: number, to: number): string[] {
  const values: string[] = [];
  for (let code = from; code <= to; code++) {
    const value = subfields.get(code);
    if (value !== undefined) values.push(value);
  }
  return values;
}

/** Joins fixed-width pieces: a full piece continues in the next one, a shorter one ended a word. */
function joinWrapped(pieces: readonly string[], width: number): string {
  let text = '';
  pieces.forEach((piece, i) => {
    text += piece;
    if (i + 1 < pieces.length && piece.length < width) text += ' ';
  });
  return text;
}

/** "SVWZ+Rechnung 42 EREF+E2E-1" -> SVWZ: "Rechnung 42", EREF: "E2E-1"; text before any keyword under "". */
function sepaKeywords(purpose: string): Map<string, string> {
  const values = new Map<string, string>();
  let key = '';
  let start = 0;
  const keep = (end: number): void => {
    const value = purpose.slice(start, end).trim();
    if (key || value) values.set(key, value);
  };
  if (purpose.indexOf('+') >= 0) {
    SEPA_KEYWORD.lastIndex = 0;
    for (let mark = SEPA_KEYWORD.exec(purpose); mark; mark = SEPA_KEYWORD.exec(purpose)) {
      keep(mark.index);
      key = mark[1];
      start = mark.index + mark[0].length;
    }
  }
  keep(purpose.length);
  return values;
}

// --- Dutch / structured /KEY/value/ ---------------------------------------------------------

const DUTCH_KEYS = new Set([
  'TRTP', 'IBAN', 'BIC', 'NAME', 'REMI', 'EREF', 'MARF', 'CSID', 'ORDP', 'BENM', 'ADDR', 'CNTP', 'PREF',
  'RTRN', 'ISDT', 'SVCL', 'ULTC', 'ULTD', 'ULTB', 'PURP', 'OCMT', 'ATTS', 'ID',
]);

function readDutch(text: string): EntryInformation {
  const values = dutchValues(text);
  const contra = (values.get('CNTP') ?? '').split('/'); // IBAN/BIC/name/city
  const remittance = values.get('REMI') ?? '';
  const structured = /^STRD\//.test(remittance);
  const iban = (values.get('IBAN') ?? contra[0] ?? '').replace(/\s+/g, '');
  const name = values.get('NAME') ?? contra[2] ?? '';
  return {
    description: collapseSpaces(structured ? '' : remittance.replace(/^USTD\/\//, '')) || collapseSpaces(values.get('TRTP') ?? ''),
    counterpartyName: collapseSpaces(name) || null,
    counterpartyIban: looksLikeIban(iban) ? iban : null,
    reference: structured ? lastPart(remittance) : null,
    endToEndId: providedValue(values.get('EREF')),
  };
}

function dutchValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  let key: string | null = null;
  let value: string[] = [];
  const keep = (): void => {
    if (key !== null) values.set(key, value.join('/').replace(/\/+$/, '').trim());
  };
  for (const token of text.split('/').slice(1)) {
    if (DUTCH_KEYS.has(token)) {
      keep();
      key = token;
      value = [];
    } else {
      value.push(token);
    }
  }
  keep();
  return values;
}

function lastPart(remittance: string): string | null {
  const parts = remittance.split('/').map((p) => p.trim()).filter(Boolean);
  return parts.length > 1 ? parts[parts.length - 1] : null;
}

// --- shared ---------------------------------------------------------------------------------

function looksLikeIban(text: string): boolean {
  return /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(text);
}

function providedValue(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' || trimmed.toUpperCase() === 'NOTPROVIDED' ? null : trimmed;
}

function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
