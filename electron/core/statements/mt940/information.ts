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
  return { ...NOTHING, description: collapseSpaces(lines.join(' ')) };
}

const NOTHING: EntryInformation = { description: '', counterpartyName: null, counterpartyIban: null, reference: null, endToEndId: null };

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
  const account = (subfields.get(31) ?? '').replace(/\s+/g, '');
  return {
    description: collapseSpaces(keywords.get('SVWZ') ?? keywords.get('') ?? '') || collapseSpaces(subfields.get(0) ?? ''),
    counterpartyName: collapseSpaces(name) || null,
    counterpartyIban: looksLikeIban(account) ? account : looksLikeIban(keywords.get('IBAN') ?? '') ? keywords.get('IBAN')! : null,
    reference: null,
    endToEndId: providedValue(keywords.get('EREF')),
  };
}

const QUESTION_MARK_SUBFIELD = /\?(\d{2})/g;
const ANGLE_SUBFIELD = />(\d{2})/g;

function germanSubfields(text: string, separator: string): Map<number, string> {
  const subfields = new Map<number, string>();
  const marks = [...text.matchAll(separator === '?' ? QUESTION_MARK_SUBFIELD : ANGLE_SUBFIELD)];
  marks.forEach((mark, i) => {
    const start = mark.index! + mark[0].length;
    const end = i + 1 < marks.length ? marks[i + 1].index! : text.length;
    const code = Number(mark[1]);
    subfields.set(code, (subfields.get(code) ?? '') + text.slice(start, end));
  });
  return subfields;
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
  const marks = [...purpose.matchAll(SEPA_KEYWORD)];
  const lead = purpose.slice(0, marks.length ? marks[0].index : purpose.length).trim();
  if (lead) values.set('', lead);
  marks.forEach((mark, i) => {
    const start = mark.index! + mark[0].length;
    const end = i + 1 < marks.length ? marks[i + 1].index! : purpose.length;
    values.set(mark[1], purpose.slice(start, end).trim());
  });
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
