// The XML reader under the CAMT parser (own code: XML libraries spend most of a large
// statement's parse time on what this one skips). It reads the file's UTF-8 bytes, not decoded
// text: it finds the markup by comparing bytes, numbers element names (each made into a string
// once), decodes only the text of the elements its handler keeps and jumps over the content of
// the others.
//
// It reads elements, attributes, text, CDATA, comments, processing instructions, a DOCTYPE and
// the predefined and numeric entities, and refuses what breaks the document's structure (tags
// that do not nest or match, text or a second element outside the root, a truncated tag, an
// unknown entity in a kept value) with saxes's messages. It checks less than saxes elsewhere
// (name characters, attribute syntax, the XML declaration, the inside of skipped elements): a
// file with such faults is read for its elements, as a non-validating reader would.

export interface XmlHandler {
  /** True inside an element whose text is wanted. */
  readonly collecting: boolean;
  /**
   * An element starts. `id` numbers its name: the names given to the reader are numbered from 0
   * in their order, others from there on, or -1. Its attributes are bytes [attributesStart,
   * attributesEnd) of `bytes`, valid during the call only. Returns true when nothing inside the
   * element is wanted: the reader then skips to its end.
   */
  openElement(name: string, id: number, bytes: Uint8Array, attributesStart: number, attributesEnd: number): boolean;
  /** An element ends; `text` is all its text when the reader read it at once, rather than by addText. */
  closeElement(text?: string): void;
  addText(text: string): void;
}

export class XmlError extends Error {}

const LT = 60; // <
const GT = 62; // >
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const SPACE = 32;
const LF = 10;
const CR = 13;
const DQUOTE = 34;
const SQUOTE = 39;
const AMP = 38;

/** Buffer's own slicing methods: a fresh flat string, about twice as fast as toString(encoding, start, end). */
interface SlicingBuffer extends Buffer {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

const EMPTY = Buffer.alloc(0) as SlicingBuffer;

export class XmlScanner {
  /** How many elements are open. */
  depth = 0;
  // The open elements, outermost first: their names as written (with their prefix), and their
  // ids (see XmlHandler.openElement). Only the first `depth` items are current.
  private readonly openNames: string[] = [];
  private openIds = new Int32Array(32);
  private bytes: SlicingBuffer = EMPTY;
  private end = 0; // bytes [pos, end) are not read yet
  private pos = 0;
  private lines = 0; // line breaks before pos
  private owned = false; // bytes is a store of this reader, not a chunk it was given
  private started = false; // past a byte order mark
  private rootSeen = false;
  private rootClosed = false;
  /** > 0 inside the content of a skipped element: how many elements deep. */
  private skipDepth = 0;
  /** Text read up to there (pos + textScanned) without finding its end: not read again. */
  private textScanned = 0;
  private textLines = 0;
  private textHigh = 0;
  /** Line breaks inside the start tag tagEnd found last. */
  private tagLines = 0;
  private readonly interned = new NameTable();
  /**
   * For each place, the id + 1 of the element that opened there last (0: none yet); a place is
   * the last tag read: the start tag of element id (index (id + 1) * 2) or its end tag (+ 1).
   */
  private readonly nextIds = new Int32Array((NAME_LIMIT + 1) * 2);
  private context = 0;

  constructor(private readonly handler: XmlHandler, knownNames: readonly string[] = []) {
    for (const name of knownNames) this.interned.add(name);
  }

  /** The names of the open elements, outermost first. */
  get names(): string[] {
    return this.openNames.slice(0, this.depth);
  }

  /** The line of the position reached, from 1. */
  get line(): number {
    return this.lines + 1;
  }

  write(chunk: Uint8Array): void {
    const rest = this.end - this.pos;
    if (rest === 0) {
      this.bytes = asBuffer(chunk);
      this.end = chunk.length;
      this.pos = 0;
      this.owned = false;
    } else if (this.owned && this.bytes.length - this.end >= chunk.length) {
      this.bytes.set(chunk, this.end);
      this.end += chunk.length;
    } else if (this.owned && this.bytes.length >= 2 * rest + chunk.length) {
      this.bytes.copyWithin(0, this.pos, this.end);
      this.bytes.set(chunk, rest);
      this.end = rest + chunk.length;
      this.pos = 0;
    } else {
      // What is left is an incomplete tag or text: usually small, but a long text grows the
      // store by doubling, so that a value spread over many chunks is not copied again and again.
      const store = Buffer.allocUnsafe(2 * (rest + chunk.length)) as SlicingBuffer;
      this.bytes.copy(store, 0, this.pos, this.end);
      store.set(chunk, rest);
      this.bytes = store;
      this.end = rest + chunk.length;
      this.pos = 0;
      this.owned = true;
    }
    this.scan();
  }

  close(): void {
    const bytes = this.bytes;
    for (let i = this.pos; i < this.end; i++) if (bytes[i] === LT) throw new XmlError('unexpected end.');
    if (this.depth === 0 && bytes.utf8Slice(this.pos, this.end).trim() !== '') throw new XmlError('text data outside of root node.');
    if (!this.rootSeen) throw new XmlError('document must contain a root element.');
  }

  private scan(): void {
    if (!this.started && !this.skipByteOrderMark()) return;
    const bytes = this.bytes;
    const end = this.end;
    for (;;) {
      if (this.skipDepth > 0 && !this.skipContent()) return;
      // Text up to the next '<': line breaks counted, bytes above 0x7F noted (then it is UTF-8).
      const pos = this.pos;
      let i = pos + this.textScanned;
      let lines = this.textLines;
      let high = this.textHigh;
      for (; i < end; i++) {
        const c = bytes[i];
        if (c === LT) break;
        if (c === LF) lines++;
        high |= c;
      }
      if (i === end && this.handler.collecting && this.depth > 0) {
        // Kept text may go on in the next chunk (a character or an entity cut in two).
        this.textScanned = i - pos;
        this.textLines = lines;
        this.textHigh = high;
        return;
      }
      this.textScanned = 0;
      this.textLines = 0;
      this.textHigh = 0;
      if (i > pos) this.readText(pos, i, high);
      this.lines += lines;
      this.pos = i;
      if (i === end) return;
      const next = this.readMarkup(i);
      if (next === -1) return;
      this.pos = next;
    }
  }

  /** False while the first bytes could still be a byte order mark. */
  private skipByteOrderMark(): boolean {
    const bytes = this.bytes;
    const available = this.end - this.pos;
    const bom = [0xef, 0xbb, 0xbf];
    for (let k = 0; k < 3 && k < available; k++) {
      if (bytes[this.pos + k] !== bom[k]) {
        this.started = true;
        return true;
      }
    }
    if (available < 3) return false;
    this.pos += 3;
    this.started = true;
    return true;
  }

  private readText(start: number, end: number, high: number): void {
    if (this.depth === 0) {
      if (!isBlank(this.bytes, start, end)) throw new XmlError('text data outside of root node.');
    } else if (this.handler.collecting) {
      this.handler.addText(this.text(start, end, high));
    }
  }

  /** The text in bytes [start, end), line breaks and entities read. */
  private text(start: number, end: number, high: number): string {
    const text = lineEnds(this.slice(start, end, high));
    return text.includes('&') ? decoded(text) : text;
  }

  private slice(start: number, end: number, high: number): string {
    return high < 0x80 ? this.bytes.latin1Slice(start, end) : this.bytes.utf8Slice(start, end);
  }

  /** Reads the markup at `lt`; returns the position after it, or -1 when it is not complete yet. */
  private readMarkup(lt: number): number {
    if (lt + 1 >= this.end) return -1;
    const c = this.bytes[lt + 1];
    if (c === SLASH) return this.closeTag(lt);
    if (c === BANG) return this.declaration(lt, true);
    if (c === QUESTION) return this.skipPast(lt + 2, PI_END);
    return this.openTag(lt);
  }

  private openTag(lt: number): number {
    const bytes = this.bytes;
    const end = this.end;
    const table = this.interned;
    let i = lt + 1;
    let id = this.expected(lt + 1);
    if (id >= 0) {
      i += table.lengths[id];
    } else {
      let high = 0;
      for (; i < end; i++) {
        const c = bytes[i];
        if (NAME_END[c] !== 0) break;
        high |= c;
      }
      if (i >= end) return -1;
      if (high < 0x80) id = table.id(bytes, lt + 1, i);
    }
    if (bytes[i] === LT) throw new XmlError('disallowed character in tag name.');
    let gt = i;
    let lines = 0;
    if (bytes[i] !== GT) {
      gt = this.tagEnd(i);
      if (gt === -1) return -1;
      lines = this.tagLines;
    }
    if (i === lt + 1 || !isNameStart(bytes[lt + 1])) throw new XmlError('disallowed character in tag name.');
    if (this.rootClosed) throw new XmlError('documents may contain only one root.');
    const empty = bytes[gt - 1] === SLASH;
    const name = id >= 0 ? table.names[id] : bytes.utf8Slice(lt + 1, i);
    if (id >= 0) this.nextIds[this.context] = id + 1;
    this.context = (id + 1) * 2;
    this.lines += lines;
    this.pos = gt + 1;
    this.rootSeen = true;
    const skip = this.handler.openElement(name, id, bytes, i, empty ? gt - 1 : gt);
    const depth = this.depth++;
    if (depth === this.openIds.length) {
      const grown = new Int32Array(depth * 2);
      grown.set(this.openIds);
      this.openIds = grown;
    }
    this.openIds[depth] = id;
    this.openNames[depth] = name;
    if (empty) this.pop();
    else if (skip) return this.skip(lt + 1, i, gt + 1);
    else if (this.handler.collecting) return this.leaf(gt + 1);
    return gt + 1;
  }

  /**
   * The id of the element name that came last time in the same place (after the same start tag,
   * or the same end tag) when the bytes from `start` spell it, followed by a byte that ends a
   * name; else -1. Statements repeat one layout entry after entry: this spares reading the name
   * byte by byte and looking it up.
   */
  private expected(start: number): number {
    const id = this.nextIds[this.context] - 1;
    if (id < 0) return -1;
    const table = this.interned;
    const length = table.lengths[id];
    const after = start + length;
    const bytes = this.bytes;
    if (after >= this.end || NAME_END[bytes[after]] === 0) return -1;
    const flat = table.flat;
    const from = table.starts[id] - start;
    for (let k = start; k < after; k++) if (bytes[k] !== flat[from + k]) return -1;
    return id;
  }

  /**
   * Skips the content of the element whose name is bytes [nameStart, nameEnd), from `start`: to
   * its end tag when that is in the buffer and the element holds no element of the same name,
   * whatever is between; else tag by tag (skipContent).
   */
  private skip(nameStart: number, nameEnd: number, start: number): number {
    const bytes = this.bytes;
    const length = nameEnd - nameStart;
    let lines = 0;
    for (let lt = start; lt < this.end; lt++) {
      const c = bytes[lt];
      if (c === LF) lines++;
      if (c !== LT) continue;
      const closing = bytes[lt + 1] === SLASH;
      const at = closing ? lt + 2 : lt + 1;
      if (at + length >= this.end) break;
      let k = 0;
      while (k < length && bytes[at + k] === bytes[nameStart + k]) k++;
      if (k < length) continue;
      const after = bytes[at + length];
      if (closing && after === GT) {
        this.lines += lines;
        this.pos = lt;
        return lt;
      }
      if (!closing && (after <= SPACE || after === GT || after === SLASH)) break; // <name inside <name>
    }
    this.skipDepth = 1;
    return start;
  }

  /** The position of the '>' of the innermost open element's end tag starting at `lt`, or -1 if it is not that. */
  private endTagAt(lt: number): number {
    const bytes = this.bytes;
    const depth = this.depth;
    if (depth === 0 || bytes[lt + 1] !== SLASH) return -1;
    const id = this.openIds[depth - 1];
    if (id < 0) {
      const name = this.openNames[depth - 1];
      const gt = lt + 2 + name.length;
      return gt < this.end && bytes[gt] === GT && sameName(bytes, lt + 2, name) ? gt : -1;
    }
    const table = this.interned;
    const gt = lt + 2 + table.lengths[id];
    if (gt >= this.end || bytes[gt] !== GT) return -1;
    const flat = table.flat;
    const from = table.starts[id] - (lt + 2);
    for (let k = lt + 2; k < gt; k++) if (bytes[k] !== flat[from + k]) return -1;
    return gt;
  }

  /**
   * The common case of a kept element, text then its end tag, read at once from `start`; else
   * (other markup inside, or the chunk ends first) `start`, to read the content as usual.
   */
  private leaf(start: number): number {
    const bytes = this.bytes;
    const end = this.end;
    let lt = start;
    let lines = 0;
    let high = 0;
    let plain = true; // no CR nor '&': the text is the bytes as they are
    for (; lt < end; lt++) {
      const c = bytes[lt];
      if (c === LT) break;
      if (c < AMP + 1) {
        if (c === LF) lines++;
        else if (c === CR || c === AMP) plain = false;
      }
      high |= c;
    }
    const gt = lt + 1 < end ? this.endTagAt(lt) : -1;
    if (gt === -1) return start;
    let from = start;
    let to = lt;
    while (from < to && isSpace(bytes[from])) from++;
    while (to > from && isSpace(bytes[to - 1])) to--;
    const text = from === to ? '' : plain ? this.slice(from, to, high) : this.text(from, to, high);
    this.lines += lines;
    this.pos = gt + 1;
    this.pop(text);
    return gt + 1;
  }

  private closeTag(lt: number): number {
    const bytes = this.bytes;
    const open = this.depth > 0 ? this.openNames[this.depth - 1] : null;
    let gt = this.endTagAt(lt);
    if (gt === -1) {
      gt = this.bytes.indexOf(GT, lt + 2);
      if (gt === -1 || gt >= this.end) return -1;
      this.lines += lineBreaks(bytes, lt, gt);
      this.pos = gt + 1;
      const name = bytes.utf8Slice(lt + 2, gt).trimEnd();
      if (name === '') throw new XmlError('weird empty close tag.');
      if (open === null) throw new XmlError(`unmatched closing tag: ${name}.`);
      if (name !== open) {
        this.pop(); // as saxes: the open element is closed, then the error raised
        throw new XmlError('unexpected close tag.');
      }
    }
    this.pos = gt + 1;
    this.pop();
    return gt + 1;
  }

  /**
   * Reads on through the content of a skipped element, counting the elements that open and
   * close in it, up to its end tag. False when the chunk ends first.
   */
  private skipContent(): boolean {
    const bytes = this.bytes;
    const end = this.end;
    let pos = this.pos;
    let lines = 0;
    for (;;) {
      let lt = pos;
      for (; lt < end; lt++) {
        const c = bytes[lt];
        if (c === LT) break;
        if (c === LF) lines++;
      }
      this.lines += lines;
      lines = 0;
      this.pos = pos = lt;
      if (lt + 1 >= end) return false;
      const c = bytes[lt + 1];
      let next: number;
      if (c === SLASH && this.skipDepth === 1) {
        // The skipped element's own end tag: closeTag checks it against the element's name.
        this.skipDepth = 0;
        next = this.closeTag(lt);
        if (next !== -1) {
          this.pos = next;
          return true;
        }
        this.skipDepth = 1;
        return false;
      } else if (c === SLASH) {
        next = bytes.indexOf(GT, lt + 2);
        if (next === -1 || next >= end) return false;
        this.lines += lineBreaks(bytes, lt, next);
        this.skipDepth--;
        next++;
      } else if (c === BANG) {
        next = this.declaration(lt, false);
      } else if (c === QUESTION) {
        next = this.skipPast(lt + 2, PI_END);
      } else {
        next = this.tagEnd(lt + 1);
        if (next === -1) return false;
        this.lines += this.tagLines;
        if (bytes[next - 1] !== SLASH) this.skipDepth++;
        next++;
      }
      if (next === -1) return false;
      this.pos = pos = next;
    }
  }

  /** Closes the innermost element; the handler sees it still open, so that errors can name it. */
  private pop(text?: string): void {
    this.context = (this.openIds[this.depth - 1] + 1) * 2 + 1;
    this.handler.closeElement(text);
    if (--this.depth === 0) this.rootClosed = true;
  }

  /** <!-- -->, <![CDATA[ ]]> and <!DOCTYPE >; CDATA is text, given to the handler when `read`. */
  private declaration(lt: number, read: boolean): number {
    const bytes = this.bytes;
    if (startsWith(bytes, lt, this.end, COMMENT_START)) return this.skipPast(lt + 4, COMMENT_END);
    if (startsWith(bytes, lt, this.end, CDATA_START)) {
      const end = this.find(CDATA_END, lt + 9);
      if (end === -1) return -1;
      if (this.depth === 0) throw new XmlError('text data outside of root node.');
      const lines = lineBreaks(bytes, lt, end);
      if (read && this.handler.collecting) this.handler.addText(lineEnds(this.slice(lt + 9, end, 0x80)));
      this.lines += lines;
      return end + 3;
    }
    if (startsWith(bytes, lt, this.end, DOCTYPE_START)) {
      if (this.rootSeen) throw new XmlError('inappropriately located doctype declaration.');
      const subset = this.find(SUBSET_START, lt);
      const gt = this.find(GT_TEXT, lt);
      return subset !== -1 && (gt === -1 || subset < gt) ? this.skipPast(subset, SUBSET_END, lt) : gt === -1 ? -1 : this.past(lt, gt + 1);
    }
    if (this.end - lt < 9) return -1;
    throw new XmlError('incorrect syntax.');
  }

  /** The position after the next `text` from `from` (line breaks counted from `start`); -1 when not there yet. */
  private skipPast(from: number, text: Uint8Array, start = from): number {
    const at = this.find(text, from);
    return at === -1 ? -1 : this.past(start, at + text.length);
  }

  private past(start: number, next: number): number {
    this.lines += lineBreaks(this.bytes, start, next);
    return next;
  }

  private find(text: Uint8Array, from: number): number {
    const at = this.bytes.indexOf(text, from);
    return at === -1 || at + text.length > this.end ? -1 : at;
  }

  /** The '>' closing a start tag whose attributes begin at `from`, skipping quoted values; -1 when not there yet. */
  private tagEnd(from: number): number {
    const bytes = this.bytes;
    let quote = 0;
    let lines = 0;
    for (let i = from; i < this.end; i++) {
      const c = bytes[i];
      if (c === LF) lines++;
      if (quote !== 0) {
        if (c === quote) quote = 0;
        else if (c === LT) throw new XmlError('disallowed character.');
      } else if (c === DQUOTE || c === SQUOTE) {
        quote = c;
      } else if (c === GT) {
        this.tagLines = lines;
        return i;
      } else if (c === LT) {
        throw new XmlError('disallowed character in attribute name.');
      }
    }
    return -1;
  }
}

/**
 * Element names, numbered and made into strings once each: an open-addressing table keyed by a
 * hash of the name's bytes. Past NAME_LIMIT names (a file with that many is not a statement),
 * new names get no number.
 */
class NameTable {
  /** By id: the name, and its bytes. */
  readonly names: string[] = [];
  readonly bytes: Uint8Array[] = [];
  /** By id, where its bytes are in `flat` and how many: faster to read than `bytes` (see XmlScanner.expected). */
  readonly starts = new Int32Array(NAME_LIMIT);
  readonly lengths = new Int32Array(NAME_LIMIT);
  flat = new Uint8Array(1024);
  private flatEnd = 0;
  private readonly slots = new Int32Array(NAME_SLOTS); // id + 1; 0 for an empty slot

  /** Numbers this very string (ASCII): `names` will hold it. */
  add(name: string): number {
    const bytes = Buffer.from(name, 'latin1');
    return this.find(bytes, 0, bytes.length, name);
  }

  /** The id of the name in bytes [start, end), all below 0x80; -1 when there is no room for a new one. */
  id(bytes: Uint8Array, start: number, end: number): number {
    return this.find(bytes, start, end, null);
  }

  private find(bytes: Uint8Array, start: number, end: number, given: string | null): number {
    const length = end - start;
    const mask = NAME_SLOTS - 1;
    let slot = (length * 977 + bytes[start] * 31 + bytes[end - 1] * 7) & mask;
    for (; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot] - 1;
      if (id === -1) break;
      const known = this.bytes[id];
      if (known.length !== length) continue;
      let k = 0;
      while (k < length && known[k] === bytes[start + k]) k++;
      if (k === length) return id;
    }
    if (this.names.length === NAME_LIMIT) return -1;
    const id = this.names.length;
    this.names.push(given ?? (bytes as SlicingBuffer).latin1Slice(start, end));
    this.bytes.push(new Uint8Array(bytes.subarray(start, end)));
    if (this.flatEnd + length > this.flat.length) {
      const grown = new Uint8Array(2 * (this.flatEnd + length));
      grown.set(this.flat);
      this.flat = grown;
    }
    this.flat.set(bytes.subarray(start, end), this.flatEnd);
    this.starts[id] = this.flatEnd;
    this.lengths[id] = length;
    this.flatEnd += length;
    this.slots[slot] = id + 1;
    return id;
  }
}

const NAME_SLOTS = 2048;
const NAME_LIMIT = NAME_SLOTS / 2;


function asBuffer(chunk: Uint8Array): SlicingBuffer {
  return (Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length)) as SlicingBuffer;
}

/** True when bytes from `start` spell `name` (ASCII). */
function sameName(bytes: Uint8Array, start: number, name: string): boolean {
  for (let k = 0; k < name.length; k++) if (bytes[start + k] !== name.charCodeAt(k)) return false;
  return true;
}

function startsWith(bytes: Uint8Array, at: number, end: number, text: Uint8Array): boolean {
  if (at + text.length > end) return false;
  for (let k = 0; k < text.length; k++) if (bytes[at + k] !== text[k]) return false;
  return true;
}

/** 1 for the bytes that end a tag name. */
const NAME_END = new Uint8Array(256);
for (let c = 0; c <= SPACE; c++) NAME_END[c] = 1;
NAME_END[GT] = NAME_END[SLASH] = NAME_END[LT] = 1;

const ascii = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const COMMENT_START = ascii('<!--');
const COMMENT_END = ascii('-->');
const CDATA_START = ascii('<![CDATA[');
const CDATA_END = ascii(']]>');
const DOCTYPE_START = ascii('<!DOCTYPE');
const SUBSET_START = ascii('[');
const SUBSET_END = ascii(']>');
const GT_TEXT = ascii('>');
const PI_END = ascii('?>');

const ENTITIES = new Map([['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"]]);

export function entity(name: string): string | null {
  if (name.charCodeAt(0) !== 35) return ENTITIES.get(name) ?? null; // #
  const code = /^#x[0-9a-fA-F]{1,6}$/.test(name) ? parseInt(name.slice(2), 16) : /^#\d{1,7}$/.test(name) ? Number(name.slice(1)) : NaN;
  return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : null;
}

/** Text with its entity references replaced; an unknown or unterminated one is refused. */
function decoded(text: string): string {
  let out = '';
  let from = 0;
  for (let amp = text.indexOf('&'); amp !== -1; amp = text.indexOf('&', from)) {
    let end = amp + 1; // the name runs to ';', or to the next '&' or '<' (then it is unterminated)
    for (let c = text.charCodeAt(end); end < text.length && c !== 59 && c !== 38 && c !== 60; c = text.charCodeAt(++end));
    const terminated = text.charCodeAt(end) === 59;
    const value = terminated ? entity(text.slice(amp + 1, end)) : null;
    if (value === null) throw new XmlError(`undefined entity: ${text.slice(amp, terminated ? end + 1 : end)}`);
    out += text.slice(from, amp) + value;
    from = end + 1;
  }
  return out + text.slice(from);
}

/** XML reads a line break written \r\n or \r as \n. */
function lineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c > 127;
}

function isSpace(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === 9;
}

function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c !== SPACE && c !== LF && c !== CR && c !== 9) return false;
  }
  return true;
}

function lineBreaks(bytes: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if (bytes[i] === LF) count++;
  return count;
}

/** The value of attribute `name` (ASCII) in bytes [start, end) of a start tag, entities decoded; null without it. */
export function attributeValue(bytes: Uint8Array, start: number, end: number, name: string): string | null {
  const first = name.charCodeAt(0);
  for (let i = start; i + name.length <= end; i++) {
    if (bytes[i] !== first || (i > start && bytes[i - 1] > SPACE) || !sameName(bytes, i, name)) continue;
    let k = i + name.length;
    while (k < end && bytes[k] <= SPACE) k++;
    if (bytes[k] !== 61) continue; // =
    k++;
    while (k < end && bytes[k] <= SPACE) k++;
    const quote = bytes[k];
    if (quote !== DQUOTE && quote !== SQUOTE) continue;
    let close = k + 1;
    while (close < end && bytes[close] !== quote) close++;
    if (close === end) continue;
    const raw = (bytes as SlicingBuffer).utf8Slice(k + 1, close);
    return raw.includes('&') ? raw.replace(/&([^;&<]*);/g, (whole, entityName: string) => entity(entityName) ?? whole) : raw;
  }
  return null;
}
