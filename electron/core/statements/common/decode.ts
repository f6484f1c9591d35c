// Bytes to text. Bank files come in UTF-8, UTF-16, Windows-1252, Latin-1 and, from Central
// European banks, the old DOS code page CP852. `detectEncoding` decides from the first bytes of
// the file; `decodeStream` then decodes the whole file chunk by chunk without holding it.
import { isAscii } from 'node:buffer';
import iconv from 'iconv-lite';
import { PointageError } from '../../../../shared/contract/errors.js';

/** Names iconv-lite knows, spelled the one way we report them. */
const ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  'iso-8859-1': 'latin1',
  'iso8859-1': 'latin1',
  'iso_8859-1': 'latin1',
  'latin-1': 'latin1',
  '8859-1': 'latin1',
  cp1252: 'windows-1252',
  '1252': 'windows-1252',
  ibm852: 'cp852',
  '852': 'cp852',
};

/** The encoding of a file, decided from its first bytes (up to 64 KiB are enough). */
export function detectEncoding(head: Buffer): string {
  const bom = byteOrderMark(head);
  if (bom) return bom;
  const utf16 = utf16WithoutBom(head);
  if (utf16) return utf16;
  const declared = declaredEncoding(head);
  const utf8 = utf8Shape(head);
  if (declared) {
    // A declaration is believed unless the bytes contradict it: exports often keep a template
    // header ("CHARSET:1252", encoding="UTF-8") that no longer matches what was written.
    if (declared === 'utf-8' && utf8 !== 'invalid') return 'utf-8';
    if (declared !== 'utf-8' && utf8 !== 'multibyte') return declared;
  }
  if (utf8 !== 'invalid') return 'utf-8';
  return guessSingleByteEncoding(head);
}

/** Encodings in which a byte below 0x80 is always that ASCII character. */
const ASCII_COMPATIBLE = new Set(['utf-8', 'latin1', 'windows-1252', 'windows-1250', 'windows-1257', 'cp852', 'cp850', 'cp437', 'iso-8859-15', 'iso-8859-2']);

/**
 * Decodes a stream of bytes into text chunks; a byte order mark is dropped.
 * Fast path: bank files are mostly ASCII, and an all-ASCII chunk of an ASCII-compatible encoding
 * is converted directly, which is several times faster than the UTF-8 decoder. It is taken only
 * when the decoder holds no partial character from the previous chunk.
 */
export async function* decodeStream(bytes: AsyncIterable<Buffer>, encoding: string): AsyncGenerator<string> {
  const name = normalizeEncodingName(encoding);
  if (!iconv.encodingExists(name)) {
    throw new PointageError('invalid_input', `unknown text encoding "${encoding}" (expected e.g. utf-8, windows-1252, latin1, cp852)`);
  }
  const decoder = iconv.getDecoder(name, { stripBOM: true });
  const fastPath = ASCII_COMPATIBLE.has(name);
  let first = true;
  let decoderIsEmpty = true;
  for await (const chunk of bytes) {
    if (fastPath && !first && decoderIsEmpty && isAscii(chunk)) {
      yield chunk.toString('latin1');
      continue;
    }
    first = false;
    const text = decoder.write(chunk);
    decoderIsEmpty = name !== 'utf-8' || endsOnCharacterBoundary(chunk);
    if (text.length > 0) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * Text chunks as UTF-8 bytes, for parsers that read bytes (see StatementParser.parseUtf8). A
 * surrogate pair cut in two by the chunk border is kept whole.
 */
export async function* utf8Chunks(chunks: AsyncIterable<string>): AsyncGenerator<Buffer> {
  let held = '';
  for await (const chunk of chunks) {
    let text = held + chunk;
    held = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      held = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }
  if (held) yield Buffer.from(held, 'utf8');
}

/** False when the chunk ends inside a UTF-8 sequence, or is too short to tell. */
function endsOnCharacterBoundary(chunk: Buffer): boolean {
  if (chunk.length < 4) return false;
  for (let back = 1; back <= 4; back++) {
    const byte = chunk[chunk.length - back];
    if (byte < 0x80) return back === 1;
    if (byte >= 0xc0) {
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return length === back;
    }
  }
  return true; // four continuation bytes: invalid, the decoder has already replaced it
}

/** Decodes a whole buffer, e.g. the head of a file read for detection. */
export function decodeBuffer(bytes: Buffer, encoding: string): string {
  const name = normalizeEncodingName(encoding);
  if (!iconv.encodingExists(name)) throw new PointageError('invalid_input', `unknown text encoding "${encoding}"`);
  return iconv.decode(bytes, name, { stripBOM: true });
}

export function normalizeEncodingName(encoding: string): string {
  const lower = encoding.trim().toLowerCase();
  return ALIASES[lower] ?? lower;
}

function byteOrderMark(head: Buffer): string | null {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/** Mostly-ASCII text in UTF-16 has a NUL in every other byte: odd positions in LE, even in BE. */
function utf16WithoutBom(head: Buffer): string | null {
  const length = Math.min(head.length, 1024) & ~1;
  if (length < 4) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < length; i += 2) {
    if (head[i] === 0) evenNuls++;
    if (head[i + 1] === 0) oddNuls++;
  }
  const pairs = length / 2;
  if (oddNuls > pairs * 0.4 && evenNuls < pairs * 0.05) return 'utf-16le';
  if (evenNuls > pairs * 0.4 && oddNuls < pairs * 0.05) return 'utf-16be';
  return null;
}

/** The encoding named by an XML declaration or an OFX 1.x header, if iconv-lite knows it. */
function declaredEncoding(head: Buffer): string | null {
  const start = head.subarray(0, 1024).toString('latin1');
  const xml = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/.exec(start);
  if (xml) return known(xml[1]);
  if (!/^\s*OFXHEADER\s*:/.test(start)) return null;
  const encoding = /^\s*ENCODING\s*:\s*(\S+)/m.exec(start)?.[1].toUpperCase();
  if (encoding === 'UTF-8' || encoding === 'UTF8') return 'utf-8';
  const charset = /^\s*CHARSET\s*:\s*(\S+)/m.exec(start)?.[1];
  if (!charset || /^NONE$/i.test(charset)) return null;
  if (/^\d+$/.test(charset)) return known(charset.startsWith('125') ? `windows-${charset}` : `cp${charset}`);
  return known(charset);
}

function known(name: string): string | null {
  const normalized = normalizeEncodingName(name);
  return iconv.encodingExists(normalized) ? normalized : null;
}

/**
 * 'ascii' (no byte above 0x7F), 'multibyte' (valid UTF-8 with non-ASCII characters) or
 * 'invalid'. A sequence cut by the end of the head is not held against it.
 */
function utf8Shape(head: Buffer): 'ascii' | 'multibyte' | 'invalid' {
  let multibyte = false;
  let i = 0;
  while (i < head.length) {
    const byte = head[i];
    if (byte < 0x80) {
      i++;
      continue;
    }
    const length = byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0) return 'invalid';
    for (let k = 1; k < length; k++) {
      if (i + k >= head.length) return 'multibyte';
      if ((head[i + k] & 0xc0) !== 0x80) return 'invalid';
    }
    multibyte = true;
    i += length;
  }
  return multibyte ? 'multibyte' : 'ascii';
}

/**
 * Windows-1252, Latin-1 or CP852 for bytes that are not UTF-8. No byte sequence tells them apart
 * for sure (chardet does not even know CP852), so each candidate decodes the head and is scored
 * on how much its non-ASCII characters look like letters inside words:
 * - CP852 puts letters in 0x80–0x9F (é ů ü ö č ł ś...) where Windows-1252 has punctuation and
 *   Latin-1 only control characters, and lowercase letters in 0xA0–0xAF (á í ó ú ą ę) where the
 *   western tables have symbols;
 * - conversely a western é è à (0xE8–0xE9, 0xE0) reads as an uppercase Ú Ŕ Ó in CP852, which is
 *   implausible in the middle of a lowercase word.
 * CP852 must win outright; the western family wins ties. Latin-1 and Windows-1252 decode every
 * byte outside 0x80–0x9F the same way, so Windows-1252 is reported only when such bytes occur.
 */
function guessSingleByteEncoding(head: Buffer): string {
  const cp852 = plausibility(iconv.decode(head, 'cp852'), head);
  const western = plausibility(iconv.decode(head, 'windows-1252'), head);
  if (cp852 > western) return 'cp852';
  return head.some((byte) => byte >= 0x80 && byte <= 0x9f) ? 'windows-1252' : 'latin1';
}

const LETTER = /\p{L}/u;

function plausibility(text: string, bytes: Buffer): number {
  // Single-byte encodings: character i comes from byte i.
  let score = 0;
  for (let i = 0; i < text.length; i++) {
    if (bytes[i] < 0x80) continue;
    score += letterScore(text[i], text[i - 1] ?? ' ', text[i + 1] ?? ' ');
  }
  return score;
}

function letterScore(c: string, before: string, after: string): number {
  if (c === '\ufffd' || (c >= '\u0080' && c <= '\u009f')) return -2; // undefined byte, control
  if (!LETTER.test(c)) return 0;
  if (isLower(c)) {
    if (isUpper(before) && isUpper(after)) return -1; // "PLAtBA": lowercase inside a capitals word
    return isLower(before) || isLower(after) ? 1 : 0;
  }
  if (isLower(before)) return -1; // "MŘller": capital after a lowercase letter
  return isLower(after) && LETTER.test(before) ? -1 : 1;
}

function isLower(c: string): boolean {
  return c !== c.toUpperCase() && c === c.toLowerCase();
}

function isUpper(c: string): boolean {
  return c !== c.toLowerCase() && c === c.toUpperCase();
}
