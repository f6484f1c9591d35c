// A small reader for OFX markup, fed chunk by chunk. OFX 1.x is SGML, not XML: a value element
// such as <TRNAMT>-12.30 may have no end tag, while aggregates (<STMTTRN>...</STMTTRN>) always
// have one. OFX 2.x is XML and reads the same way. Two layers:
//   OfxScanner: text -> tags and text, with line numbers, across chunk borders;
//   OfxElements: tags -> "enter aggregate", "value", "exit aggregate", closing what SGML leaves open.
import { StatementFileError } from '../common/errors.js';

export type OfxToken =
  | { kind: 'open'; name: string; line: number }
  | { kind: 'close'; name: string; line: number }
  | { kind: 'text'; text: string; line: number };

export class OfxScanner {
  private buffer = '';
  private line = 1;

  /** Tags and text complete in what has been read so far; the rest waits for the next chunk. */
  push(chunk: string): OfxToken[] {
    this.buffer += chunk;
    return this.scan(false);
  }

  finish(): OfxToken[] {
    const tokens = this.scan(true);
    if (this.buffer.length > 0) {
      throw new StatementFileError('OFX', `the file ends inside the tag "${this.buffer.trim().slice(0, 40)}": it looks truncated`, { line: this.line });
    }
    return tokens;
  }

  get currentLine(): number {
    return this.line;
  }

  private scan(atEnd: boolean): OfxToken[] {
    const tokens: OfxToken[] = [];
    let at = 0;
    while (at < this.buffer.length) {
      const lt = this.buffer.indexOf('<', at);
      if (lt < 0 && !atEnd) break;
      const textEnd = lt < 0 ? this.buffer.length : lt;
      if (textEnd > at) {
        tokens.push({ kind: 'text', text: this.buffer.slice(at, textEnd), line: this.line });
        this.line += lineBreaks(this.buffer, at, textEnd);
        at = textEnd;
        continue;
      }
      const end = markupEnd(this.buffer, lt);
      if (end < 0) break;
      const token = tagToken(this.buffer.slice(lt, end), this.line);
      if (token) tokens.push(...token);
      this.line += lineBreaks(this.buffer, lt, end);
      at = end;
    }
    this.buffer = this.buffer.slice(at);
    return tokens;
  }
}

function lineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** Index just past the markup starting at `lt` (tag, comment, processing instruction); -1 if incomplete. */
function markupEnd(text: string, lt: number): number {
  const close = text.startsWith('<!--', lt) ? '-->' : text.startsWith('<![CDATA[', lt) ? ']]>' : text.startsWith('<?', lt) ? '?>' : '>';
  const at = text.indexOf(close, lt + 1);
  return at < 0 ? -1 : at + close.length;
}

/** Tokens of one piece of markup: none for comments, declarations and processing instructions. */
function tagToken(markup: string, line: number): OfxToken[] | null {
  // CDATA text is taken as is; decodeEntities would still act on it, harmless for bank data.
  if (markup.startsWith('<![CDATA[')) return [{ kind: 'text', text: markup.slice(9, -3), line }];
  if (/^<[!?]/.test(markup)) return null;
  const m = /^<(\/?)\s*([A-Za-z0-9_.:-]+)[^>]*?(\/?)>$/.exec(markup);
  if (!m) throw new StatementFileError('OFX', `"${markup.slice(0, 40)}" is not a tag`, { line });
  const name = m[2].toUpperCase();
  if (m[1]) return [{ kind: 'close', name, line }];
  const open: OfxToken = { kind: 'open', name, line };
  return m[3] ? [open, { kind: 'close', name, line }] : [open];
}

export type OfxElement =
  | { kind: 'enter'; name: string; line: number }
  | { kind: 'value'; name: string; value: string; parent: string | null; line: number }
  | { kind: 'exit'; name: string; line: number };

// Value elements that may be empty and left unclosed; any other element with no text before the
// next tag is taken for an aggregate. Only the ones this reader uses, plus common neighbours.
const VALUE_ELEMENTS = new Set([
  'CODE', 'SEVERITY', 'MESSAGE', 'DTSERVER', 'LANGUAGE', 'TRNUID', 'CURDEF', 'BANKID', 'BRANCHID', 'ACCTID',
  'ACCTTYPE', 'ACCTKEY', 'DTSTART', 'DTEND', 'TRNTYPE', 'DTPOSTED', 'DTUSER', 'DTAVAIL', 'DTTRAN', 'DTEXPIRE',
  'TRNAMT', 'FITID', 'CORRECTFITID', 'CORRECTACTION', 'SRVRTID', 'CHECKNUM', 'REFNUM', 'SIC', 'PAYEEID',
  'NAME', 'EXTDNAME', 'MEMO', 'BALAMT', 'DTASOF', 'CURRATE', 'CURSYM', 'VALUEDATE', 'ADDR1', 'ADDR2', 'ADDR3',
  'CITY', 'STATE', 'POSTALCODE', 'COUNTRY', 'PHONE', 'MKTGINFO', 'INTU.BID', 'DTPROFUP', 'DTACCTUP',
]);

/** Turns tags into elements. Keeps the chain of open aggregates; a value's parent is the innermost. */
export class OfxElements {
  private readonly open: string[] = [];
  private pending: { name: string; line: number; text: string } | null = null;

  *read(token: OfxToken): Generator<OfxElement> {
    if (token.kind === 'text') {
      if (this.pending) this.pending.text += token.text;
      return;
    }
    if (token.kind === 'open') {
      yield* this.settlePending(null);
      this.pending = { name: token.name, line: token.line, text: '' };
      return;
    }
    const closedValue = yield* this.settlePending(token.name);
    if (!closedValue) yield* this.close(token.name, token.line);
  }

  /** Aggregates still open at the end of the file, innermost last. */
  get unclosed(): readonly string[] {
    return this.open;
  }

  *finish(): Generator<OfxElement> {
    yield* this.settlePending(null);
  }

  /**
   * The element opened last is now known to be a value (it has text, or is closed at once) or an
   * aggregate. True when `closing` was that value's own end tag.
   */
  private *settlePending(closing: string | null): Generator<OfxElement, boolean> {
    const pending = this.pending;
    if (!pending) return false;
    this.pending = null;
    const hasText = pending.text.trim() !== '';
    if (hasText || closing === pending.name || VALUE_ELEMENTS.has(pending.name)) {
      const parent = this.open.length ? this.open[this.open.length - 1] : null;
      yield { kind: 'value', name: pending.name, value: decodeEntities(pending.text).trim(), parent, line: pending.line };
      return closing === pending.name;
    }
    this.open.push(pending.name);
    yield { kind: 'enter', name: pending.name, line: pending.line };
    return false;
  }

  /** An end tag closes its aggregate and any left open inside it; the end tag of a value is skipped. */
  private *close(name: string, line: number): Generator<OfxElement> {
    const at = this.open.lastIndexOf(name);
    if (at < 0) return; // the end tag of a value already closed by the next tag (SGML)
    while (this.open.length > at) yield { kind: 'exit', name: this.open.pop()!, line };
  }
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const ENTITY = /&(#\d+|#x[0-9a-f]+|[a-z]+);/gi;

/**
 * Decodes &amp; &lt; &#233; ... Some banks escape twice ("TPAY &amp;lt;DEFTPYMT&amp;gt;"): when a first
 * pass turns &amp; into a new entity, a second pass decodes it, so the bookkeeper reads "TPAY <DEFTPYMT>".
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  const once = decodeOnce(text);
  return /&amp;/i.test(text) && /&(#\d+|#x[0-9a-f]+|[a-z]+);/i.test(once) ? decodeOnce(once) : once;
}

function decodeOnce(text: string): string {
  return text.replace(ENTITY, (whole, body: string) => {
    if (body[0] !== '#') return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
