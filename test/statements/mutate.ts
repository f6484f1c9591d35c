// Mutation operators for the statement fuzz test (fuzz.test.ts): a seeded PRNG and operators
// that damage a statement file the ways real files get damaged (cut downloads, wrong encodings,
// hand edits, broken exports). Operators work on bytes, or on the file read as Latin-1, which
// maps every byte to one character and back, so a UTF-8 sequence survives untouched unless an
// operator cuts it on purpose.

/** Mulberry32: small, fast, and the same sequence on every machine for a given seed. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** A 32-bit seed from any parts (FNV-1a, then a final avalanche), e.g. (seed, fixture, run). */
export function deriveSeed(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const c of parts.join('\u0000')) {
    h ^= c.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** How a file's content is structured, which decides the structural operators that apply. */
export type Shape = 'xml' | 'ofx' | 'mt940' | 'cfonb120' | 'qif' | 'csv';

export interface Mutation {
  bytes: Buffer;
  /** What was done, e.g. ["truncate@1234", "dropElement <Ntry>@88"]: enough to understand a failure. */
  ops: string[];
}

type Operator = (text: string, rng: Rng) => { text: string; note: string } | null;

/** Applies 1 to 3 operators fit for the shape, in sequence. */
export function mutate(input: Buffer, shape: Shape, rng: Rng): Mutation {
  const operators = OPERATORS[shape];
  let text = input.toString('latin1');
  const ops: string[] = [];
  const count = rng.pick([1, 1, 1, 2, 2, 3]);
  for (let attempts = 0; ops.length < count && attempts < 20; attempts++) {
    const [name, operator] = rng.pick(operators);
    const done = operator(text, rng);
    if (done === null) continue; // nothing for it to work on (no element, no digits...)
    text = done.text;
    ops.push(`${name}${done.note}`);
  }
  return { bytes: Buffer.from(text, 'latin1'), ops };
}

// ---------------------------------------------------------------------------------------------
// Byte operators: any format.

/** Single bytes and short sequences that break decoders and line splitters. */
const SPECIAL_BYTES: readonly (readonly number[])[] = [
  [0x00], // NUL
  [0x01], // SOH (SWIFT envelopes start with it)
  [0x03], // ETX
  [0x1a], // DOS end of file
  [0x0d], // lone CR
  [0x0a], // lone LF
  [0x0d, 0x0a],
  [0x09],
  [0xff], // never valid in UTF-8
  [0xc3], // lead byte with no continuation
  [0x80], // continuation byte with no lead
  [0xe2, 0x82], // cut three-byte sequence
  [0xed, 0xa0, 0x80], // UTF-8 encoded surrogate
  [0xc0, 0xaf], // overlong "/"
  [0xef, 0xbb, 0xbf], // BOM in the middle
  [0xff, 0xfe], // UTF-16 LE BOM
  [0xfe, 0xff], // UTF-16 BE BOM
];

const truncate: Operator = (text, rng) => {
  const at = rng.int(text.length + 1);
  return { text: text.slice(0, at), note: `@${at}` };
};

const flipBytes: Operator = (text, rng) => {
  if (text.length === 0) return null;
  const chars = [...text];
  const where: number[] = [];
  for (let k = rng.between(1, 8); k > 0; k--) {
    const i = rng.int(chars.length);
    chars[i] = String.fromCharCode(rng.chance(0.5) ? chars[i].charCodeAt(0) ^ (1 << rng.int(8)) : rng.int(256));
    where.push(i);
  }
  return { text: chars.join(''), note: `@${where.join(',')}` };
};

const insertSpecial: Operator = (text, rng) => {
  let out = text;
  const where: string[] = [];
  for (let k = rng.between(1, 4); k > 0; k--) {
    const bytes = rng.pick(SPECIAL_BYTES);
    const at = rng.chance(0.1) ? 0 : rng.int(out.length + 1);
    out = out.slice(0, at) + String.fromCharCode(...bytes) + out.slice(at);
    where.push(`${hex(bytes)}@${at}`);
  }
  return { text: out, note: ` ${where.join(' ')}` };
};

const replaceSpecial: Operator = (text, rng) => {
  if (text.length === 0) return null;
  const bytes = rng.pick(SPECIAL_BYTES);
  const at = rng.int(text.length);
  return { text: text.slice(0, at) + String.fromCharCode(...bytes) + text.slice(at + bytes.length), note: ` ${hex(bytes)}@${at}` };
};

/** The whole file in another encoding: UTF-16 with or without a byte order mark, or a UTF-8 BOM. */
const reencode: Operator = (text, rng) => {
  const decoded = Buffer.from(text, 'latin1').toString('utf8');
  const kind = rng.pick(['utf16le+bom', 'utf16le', 'utf16be+bom', 'utf8+bom'] as const);
  let bytes: Buffer;
  if (kind === 'utf8+bom') bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(decoded, 'utf8')]);
  else {
    const le = Buffer.from(decoded, 'utf16le');
    if (kind === 'utf16be+bom') le.swap16();
    bytes = kind === 'utf16le' ? le : Buffer.concat([Buffer.from(kind === 'utf16be+bom' ? [0xfe, 0xff] : [0xff, 0xfe]), le]);
  }
  return { text: bytes.toString('latin1'), note: ` ${kind}` };
};

/** Many copies of one piece (an element, a line): big, repetitive files. */
const amplify: Operator = (text, rng) => {
  if (text.length === 0) return null;
  const lines = linesOf(text);
  const i = rng.int(lines.length);
  const times = rng.between(20, 200);
  const piece = splitEnd(lines[i])[0] + (splitEnd(lines[i])[1] || '\n');
  lines.splice(i, 0, piece.repeat(times));
  return { text: lines.join(''), note: ` line ${i + 1} x${times}` };
};

function hex(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}

// ---------------------------------------------------------------------------------------------
// Values that look nearly right: letters in amounts, impossible dates, huge numbers, markup.

const GARBAGE: readonly string[] = [
  '', ' ', '12a.34', '1O0,00', '1,234.56.78', '--5', '+-3', '-', '.', ',', '1e5', 'NaN', 'Infinity', '0x1F', '-0', '.5', '5.',
  '99999999999999999999999999.99', '0.000000000000000000001', '2023-02-30', '2023-13-01', '0000-00-00', '20231301', '20230230',
  '991332', '000000', '31/02/2023', '2023-02-29T25:61:00', 'EURO', 'XXX', 'eur', '\u00ff\u00fe', '\u00c3', 'ABC', 'C', 'D', 'RC', 'CRDT',
  '\u0000', '\t', '\r', '\n', '"', '"";"', ';;;', ',,,', ':61:', '<', '>', '&bogus;', '&amp;', ']]>', '^', '!Type:Bank',
];

function garbage(rng: Rng): string {
  switch (rng.int(4)) {
    case 0:
      return randomChars(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', rng.between(1, 12));
    case 1:
      return randomChars(rng, '0123456789', rng.between(1, 30));
    default:
      return rng.pick(GARBAGE);
  }
}

function randomChars(rng: Rng, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[rng.int(alphabet.length)];
  return out;
}

// ---------------------------------------------------------------------------------------------
// XML operators: CAMT, OFX 2.

interface Element {
  name: string;
  start: number;
  /** End of the start tag. */
  openEnd: number;
  /** Start of the end tag (= openEnd for an empty element). */
  closeStart: number;
  end: number;
}

const TAG = /<(\/?)([A-Za-z_][\w.:-]*)[^<>]*?(\/?)>/g;

/** The elements of a (possibly already damaged) XML text; tags that do not pair up are skipped. */
function elementsOf(text: string): Element[] {
  const elements: Element[] = [];
  const open: { name: string; start: number; openEnd: number }[] = [];
  for (const m of text.matchAll(TAG)) {
    const [whole, closing, name, selfClosing] = m;
    const start = m.index;
    const end = start + whole.length;
    if (selfClosing) {
      elements.push({ name, start, openEnd: end, closeStart: end, end });
    } else if (!closing) {
      open.push({ name, start, openEnd: end });
    } else {
      const at = open.map((o) => o.name).lastIndexOf(name);
      if (at < 0) continue;
      const o = open[at];
      open.length = at; // unclosed inner tags (OFX SGML leaves) are dropped
      elements.push({ name, start: o.start, openEnd: o.openEnd, closeStart: start, end });
    }
  }
  return elements;
}

const dropElement: Operator = (text, rng) => {
  const elements = elementsOf(text);
  if (!elements.length) return null;
  const e = rng.pick(elements);
  return { text: text.slice(0, e.start) + text.slice(e.end), note: ` <${e.name}>@${e.start}` };
};

const duplicateElement: Operator = (text, rng) => {
  const elements = elementsOf(text);
  if (!elements.length) return null;
  const e = rng.pick(elements);
  return { text: text.slice(0, e.end) + text.slice(e.start, e.end) + text.slice(e.end), note: ` <${e.name}>@${e.start}` };
};

const dropClosingTag: Operator = (text, rng) => {
  const closing = elementsOf(text).filter((e) => e.closeStart < e.end);
  if (!closing.length) return null;
  const e = rng.pick(closing);
  return { text: text.slice(0, e.closeStart) + text.slice(e.end), note: ` </${e.name}>@${e.closeStart}` };
};

const dropStartTag: Operator = (text, rng) => {
  const elements = elementsOf(text).filter((e) => e.closeStart < e.end);
  if (!elements.length) return null;
  const e = rng.pick(elements);
  return { text: text.slice(0, e.start) + text.slice(e.openEnd), note: ` <${e.name}>@${e.start}` };
};

/** Replaces the text of a leaf element (an amount, a date, a code) with garbage. */
const garbleElementText: Operator = (text, rng) => {
  const leaves = elementsOf(text).filter((e) => !text.slice(e.openEnd, e.closeStart).includes('<'));
  if (!leaves.length) return null;
  const e = rng.pick(leaves);
  const value = garbage(rng);
  return { text: text.slice(0, e.openEnd) + value + text.slice(e.closeStart), note: ` <${e.name}>=${JSON.stringify(value)}` };
};

/** Damages an attribute value (Ccy="EUR", the namespace...). */
const garbleAttribute: Operator = (text, rng) => {
  const attributes = [...text.matchAll(/(\w[\w:.-]*)="([^"<>]*)"/g)];
  if (!attributes.length) return null;
  const m = rng.pick(attributes);
  const value = rng.chance(0.2) ? '"' : garbage(rng).replace(/"/g, '');
  const at = m.index + m[1].length + 2;
  return { text: text.slice(0, at) + value + text.slice(at + m[2].length), note: ` ${m[1]}=${JSON.stringify(value)}` };
};

/** Moves an element into another place (a sibling's children, another statement...). */
const moveElement: Operator = (text, rng) => {
  const elements = elementsOf(text);
  if (elements.length < 2) return null;
  const e = rng.pick(elements);
  const piece = text.slice(e.start, e.end);
  const rest = text.slice(0, e.start) + text.slice(e.end);
  const targets = elementsOf(rest);
  if (!targets.length) return null;
  const t = rng.pick(targets);
  return { text: rest.slice(0, t.openEnd) + piece + rest.slice(t.openEnd), note: ` <${e.name}> into <${t.name}>` };
};

// ---------------------------------------------------------------------------------------------
// Line operators: MT940, OFX SGML, QIF, CFONB 120, CSV.

/** Lines with their line ends, so joining them gives the text back. */
function linesOf(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

function splitEnd(line: string): [string, string] {
  const m = /(\r\n|\r|\n)$/.exec(line);
  return m ? [line.slice(0, m.index), m[1]] : [line, ''];
}

/** A line to work on: most often one the format cares about (a :61:, a D or T line, a record). */
function pickLine(lines: string[], rng: Rng, key: RegExp | null): number {
  const keyed = key ? lines.map((l, i) => (key.test(l) ? i : -1)).filter((i) => i >= 0) : [];
  return keyed.length && rng.chance(0.75) ? rng.pick(keyed) : rng.int(lines.length);
}

function lineOperators(key: RegExp | null): [string, Operator][] {
  const dropLine: Operator = (text, rng) => {
    const lines = linesOf(text);
    if (!lines.length) return null;
    const i = pickLine(lines, rng, key);
    lines.splice(i, 1);
    return { text: lines.join(''), note: `@${i + 1}` };
  };
  const duplicateLine: Operator = (text, rng) => {
    const lines = linesOf(text);
    if (!lines.length) return null;
    const i = pickLine(lines, rng, key);
    const [body] = splitEnd(lines[i]);
    const copy = body + (splitEnd(lines[i])[1] || '\n');
    lines.splice(rng.chance(0.7) ? i : rng.int(lines.length + 1), 0, copy);
    return { text: lines.join(''), note: `@${i + 1}` };
  };
  const cutLine: Operator = (text, rng) => {
    const lines = linesOf(text);
    if (!lines.length) return null;
    const i = pickLine(lines, rng, key);
    const [body, end] = splitEnd(lines[i]);
    const at = rng.chance(0.5) ? Math.floor(body.length / 2) : rng.int(body.length + 1);
    // Either the rest of the line is lost, or the line is broken in two.
    const broken = rng.chance(0.5);
    lines[i] = broken ? body.slice(0, at) + (end || '\n') + body.slice(at) + end : body.slice(0, at) + end;
    return { text: lines.join(''), note: `@${i + 1}:${at}${broken ? ' broken' : ' cut'}` };
  };
  const swapLines: Operator = (text, rng) => {
    const lines = linesOf(text);
    if (lines.length < 2) return null;
    const i = pickLine(lines, rng, key);
    const neighbour = i + 1 < lines.length ? i + 1 : i - 1;
    const j = rng.chance(0.5) ? neighbour : rng.int(lines.length);
    // Keep each position's line end so a last line without one stays last.
    const [a, aEnd] = splitEnd(lines[i]);
    const [b, bEnd] = splitEnd(lines[j]);
    lines[i] = b + aEnd;
    lines[j] = a + bEnd;
    return { text: lines.join(''), note: `@${i + 1}<->${j + 1}` };
  };
  /** Replaces a run of digits (an amount, a date, a record code) in a line with garbage. */
  const garbleDigits: Operator = (text, rng) => {
    const lines = linesOf(text);
    if (!lines.length) return null;
    const i = pickLine(lines, rng, key);
    const runs = [...lines[i].matchAll(/\d+(?:[.,]\d*)?/g)];
    if (!runs.length) return null;
    const m = rng.pick(runs);
    const value = garbage(rng);
    lines[i] = lines[i].slice(0, m.index) + value + lines[i].slice(m.index + m[0].length);
    return { text: lines.join(''), note: `@${i + 1}:${m.index} ${JSON.stringify(m[0])}->${JSON.stringify(value)}` };
  };
  return [
    ['dropLine', dropLine],
    ['duplicateLine', duplicateLine],
    ['cutLine', cutLine],
    ['swapLines', swapLines],
    ['garbleDigits', garbleDigits],
  ];
}

/** MT940 fields: a tag line and the continuation lines after it. */
function fieldsOf(text: string): { start: number; end: number; tag: string }[] {
  const fields: { start: number; end: number; tag: string }[] = [];
  for (const m of text.matchAll(/(?:^|(?<=[\r\n])):(\w{2,3}):/g)) {
    if (fields.length) fields[fields.length - 1].end = m.index;
    fields.push({ start: m.index, end: text.length, tag: m[1] });
  }
  return fields;
}

const dropField: Operator = (text, rng) => {
  const fields = fieldsOf(text);
  if (!fields.length) return null;
  const f = rng.pick(fields);
  return { text: text.slice(0, f.start) + text.slice(f.end), note: ` :${f.tag}:@${f.start}` };
};

const duplicateField: Operator = (text, rng) => {
  const fields = fieldsOf(text);
  if (!fields.length) return null;
  const f = rng.pick(fields);
  const piece = text.slice(f.start, f.end);
  const withEnd = /[\r\n]$/.test(piece) ? piece : piece + '\r\n';
  return { text: text.slice(0, f.start) + withEnd + text.slice(f.start), note: ` :${f.tag}:@${f.start}` };
};

/** Moves a field elsewhere: a :62F: before the :61: lines, a :86: with no :61: before it... */
const moveField: Operator = (text, rng) => {
  const fields = fieldsOf(text);
  if (fields.length < 2) return null;
  const f = rng.pick(fields);
  const piece = text.slice(f.start, f.end);
  const rest = text.slice(0, f.start) + text.slice(f.end);
  const to = rng.pick(fieldsOf(rest));
  if (!to) return null;
  const withEnd = /[\r\n]$/.test(piece) ? piece : piece + '\r\n';
  return { text: rest.slice(0, to.start) + withEnd + rest.slice(to.start), note: ` :${f.tag}: before :${to.tag}:` };
};

/** OFX SGML: a <TAG>value token with no end tag. */
const SGML_LEAF = /<([A-Z][A-Z0-9.]*)>([^<\r\n]*)/g;

const dropSgmlTag: Operator = (text, rng) => {
  const tags = [...text.matchAll(SGML_LEAF)];
  if (!tags.length) return null;
  const m = rng.pick(tags);
  return { text: text.slice(0, m.index) + text.slice(m.index + m[0].length), note: ` <${m[1]}>@${m.index}` };
};

const duplicateSgmlTag: Operator = (text, rng) => {
  const tags = [...text.matchAll(SGML_LEAF)];
  if (!tags.length) return null;
  const m = rng.pick(tags);
  const at = m.index + m[0].length;
  return { text: text.slice(0, at) + '\n' + m[0] + text.slice(at), note: ` <${m[1]}>@${m.index}` };
};

const garbleSgmlValue: Operator = (text, rng) => {
  const tags = [...text.matchAll(SGML_LEAF)].filter((m) => m[2].trim() !== '');
  if (!tags.length) return null;
  const m = rng.pick(tags);
  const value = garbage(rng);
  const at = m.index + m[1].length + 2;
  return { text: text.slice(0, at) + value + text.slice(at + m[2].length), note: ` <${m[1]}>=${JSON.stringify(value)}` };
};

/** Overwrites a few characters of a fixed-width record (a CFONB amount, date, code...). */
const overwriteColumns: Operator = (text, rng) => {
  const lines = linesOf(text);
  if (!lines.length) return null;
  const i = pickLine(lines, rng, /^0[1457]/);
  const [body, end] = splitEnd(lines[i]);
  if (!body.length) return null;
  const at = rng.chance(0.4) ? rng.pick([0, 2, 11, 16, 19, 32, 34, 45, 79, 88, 90, 103]) : rng.int(body.length);
  const value = garbage(rng).slice(0, rng.between(1, 14));
  lines[i] = (body.slice(0, at) + value + body.slice(at + value.length)).slice(0, Math.max(body.length, at + value.length)) + end;
  return { text: lines.join(''), note: `@${i + 1}:${at}=${JSON.stringify(value)}` };
};

/** CSV: drops, duplicates or garbles one field of a row (quotes are not respected, on purpose). */
function csvFieldOperator(kind: 'drop' | 'duplicate' | 'garble'): Operator {
  return (text, rng) => {
    const lines = linesOf(text);
    if (!lines.length) return null;
    const i = rng.int(lines.length);
    const [body, end] = splitEnd(lines[i]);
    const separator = [';', '\t', ','].find((s) => body.includes(s));
    if (!separator) return null;
    const fields = body.split(separator);
    const k = rng.int(fields.length);
    if (kind === 'drop') fields.splice(k, 1);
    else if (kind === 'duplicate') fields.splice(k, 0, fields[k]);
    else fields[k] = rng.chance(0.5) && fields[k].startsWith('"') ? `"${garbage(rng)}"` : garbage(rng);
    lines[i] = fields.join(separator) + end;
    return { text: lines.join(''), note: `@${i + 1}:${k + 1}` };
  };
}

const BYTE_OPERATORS: [string, Operator][] = [
  ['truncate', truncate],
  ['truncate', truncate],
  ['flipBytes', flipBytes],
  ['insertSpecial', insertSpecial],
  ['replaceSpecial', replaceSpecial],
  ['reencode', reencode],
  ['amplify', amplify],
];

const XML_OPERATORS: [string, Operator][] = [
  ['dropElement', dropElement],
  ['duplicateElement', duplicateElement],
  ['dropClosingTag', dropClosingTag],
  ['dropStartTag', dropStartTag],
  ['garbleElementText', garbleElementText],
  ['garbleElementText', garbleElementText],
  ['garbleAttribute', garbleAttribute],
  ['moveElement', moveElement],
];

const OPERATORS: Record<Shape, [string, Operator][]> = {
  xml: [...BYTE_OPERATORS, ...XML_OPERATORS],
  ofx: [
    ...BYTE_OPERATORS,
    ...XML_OPERATORS,
    ['dropTag', dropSgmlTag],
    ['duplicateTag', duplicateSgmlTag],
    ['garbleTagValue', garbleSgmlValue],
    ['garbleTagValue', garbleSgmlValue],
    ...lineOperators(/^\s*<[A-Z]/),
  ],
  mt940: [
    ...BYTE_OPERATORS,
    ['dropField', dropField],
    ['duplicateField', duplicateField],
    ['moveField', moveField],
    ...lineOperators(/^:\w{2,3}:/),
  ],
  cfonb120: [...BYTE_OPERATORS, ['overwriteColumns', overwriteColumns], ['overwriteColumns', overwriteColumns], ...lineOperators(/^0[1457]/)],
  qif: [...BYTE_OPERATORS, ...lineOperators(/^[DTPMNLCSE$^!]/)],
  csv: [
    ...BYTE_OPERATORS,
    ['dropCsvField', csvFieldOperator('drop')],
    ['duplicateCsvField', csvFieldOperator('duplicate')],
    ['garbleCsvField', csvFieldOperator('garble')],
    ['garbleCsvField', csvFieldOperator('garble')],
    ...lineOperators(null),
  ],
};
