// ISO 20022 cash-management statements: camt.053 (end-of-day statement, Stmt), camt.052
// (intraday report, Rpt) and camt.054 (debit/credit notification, Ntfctn), versions .001.02 to
// .001.08. Elements are matched by local name, so any namespace version or prefix is read.
//
// The file is streamed through a small XML reader (XmlScanner below): no tree of the document is
// built, each <Ntry> is turned into an entry as soon as it closes and only that entry is held, so
// a 200 MB statement is read in bounded memory. Acct and Bal come before the first Ntry, so the header sent with 'begin'
// already carries the account and both balances.
//
// Conventions (shared with the conformance truth files):
// - amounts keep the decimals written in the file ("8.850" stays "8.850", "200000" stays
//   "200000"); CdtDbtInd gives the sign (DBIT is negative). RvslInd does not flip it: the
//   indicator already tells the direction of the booking.
// - opening balance = OPBD, or PRCD when there is no OPBD; closing balance = CLBD. Other
//   balance types (OPAV, CLAV, FWAV, ITBD...) are not statement balances.
// - counterparty: the other party of the entry: for a credit the debtor (Dbtr + DbtrAcct), for
//   a debit the creditor (Cdtr + CdtrAcct); v.08 wraps the party in <Pty>.
// - description: the remittance text (every Ustrd, then Strd/AddtlRmtInf), then AddtlTxInf,
//   then AddtlNtryInf, from the most specific to the most generic. Ustrd blocks are joined with
//   a space; the parts with " | ". A part already contained in an earlier one is left out, so
//   "VIREMENT SEPA" does not repeat "Virement SEPA reçu". Runs of spaces are collapsed.
// - an entry with several TxDtls (a batch) lists them in details[], each signed like the entry;
//   its counterparty, reference and endToEndId are the ones the details share, if any. An entry
//   with a single TxDtls takes those fields from it and has no details.
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type {
  Balance, Counterparty, EntryDetail, StatementAccount, StatementEntry, StatementFormat,
} from '../../../../shared/statement.js';
import { negateDecimal, normalizeDecimal } from '../../../../shared/money.js';
import { StatementFileError } from '../common/errors.js';
import type { ParseEvent, ParseOptions, StatementHeader, StatementParser } from '../common/types.js';
import { isoDate } from '../csv/values.js';

/** The message element and the element holding each statement, per message type. */
const MESSAGES = new Map<string, { format: StatementFormat; statement: string }>([
  ['BkToCstmrStmt', { format: 'camt.053', statement: 'Stmt' }],
  ['BkToCstmrAcctRpt', { format: 'camt.052', statement: 'Rpt' }],
  ['BkToCstmrDbtCdtNtfctn', { format: 'camt.054', statement: 'Ntfctn' }],
]);

/** ActiveOrHistoricCurrencyCode: the Ccy attribute of amounts and the account's <Ccy>. */
const CURRENCY_CODE = /^[A-Z]{3}$/;

const CAMT_HEAD = /<(?:[\w.-]+:)?(?:BkToCstmrStmt|BkToCstmrAcctRpt|BkToCstmrDbtCdtNtfctn)[\s>/]|urn:iso:std:iso:20022:tech:xsd:camt\.05[234]\./;

export const camtParser: StatementParser = {
  family: 'camt',
  detect: (head) => CAMT_HEAD.test(head),
  parse: parseCamt,
};

async function* parseCamt(chunks: AsyncIterable<string>, options: ParseOptions): AsyncGenerator<ParseEvent> {
  const reader = new CamtReader(options);
  for await (const chunk of chunks) {
    reader.write(chunk);
    for (const event of reader.takeEvents()) yield event;
  }
  reader.close();
  for (const event of reader.takeEvents()) yield event;
}

// ---------------------------------------------------------------------------------------------
// What is gathered while an element is open. Fields stay null until the file gives them.

interface AmountText {
  value: string;
  currency: string | null;
}

interface PartyDraft {
  name: string | null;
  iban: string | null;
  otherId: string | null;
}

interface TransactionDraft {
  endToEndId: string | null;
  bankReference: string | null;
  amount: AmountText | null;            // TxDtls/Amt (v.03 and later)
  transactionAmount: AmountText | null; // TxDtls/AmtDtls/TxAmt/Amt
  debtor: PartyDraft;
  creditor: PartyDraft;
  remittance: string[];                 // Ustrd blocks
  structuredRemittance: string[];       // Strd/AddtlRmtInf
  reference: string | null;
  additionalInfo: string | null;
}

interface EntryDraft {
  number: number; // 1-based within the statement
  amount: AmountText | null;
  direction: string | null;
  status: string | null;
  bookingDate: string | null;
  valueDate: string | null;
  bankReference: string | null;
  additionalInfo: string | null;
  transactions: TransactionDraft[];
}

interface BalanceDraft {
  code: string | null;
  amount: AmountText | null;
  direction: string | null;
  date: string | null;
}

interface StatementDraft {
  format: StatementFormat;
  id: string | null;
  iban: string | null;
  otherId: string | null;
  bic: string | null;
  currency: string | null;
  ownerName: string | null;
  accountName: string | null;
  opening: Balance | null;
  openingIsOpbd: boolean;
  closing: Balance | null;
  begun: boolean;
  entries: number;
}

/** The element whose children are being read; leaf paths are relative to it. */
type Scope = 'message' | 'statement' | 'balance' | 'entry' | 'transaction';

/** A leaf value: the trimmed text and the Ccy attribute of its element. */
type Setter<T> = (draft: T, text: string, currency: string | null) => void;

const STATEMENT_FIELDS = new Map<string, Setter<StatementDraft>>([
  ['Id', (s, v) => { s.id = v; }],
  ['Acct/Id/IBAN', (s, v) => { s.iban = compactIban(v); }],
  ['Acct/Id/Othr/Id', (s, v) => { s.otherId = v; }],
  ['Acct/Ccy', (s, v) => { s.currency = v; }],
  ['Acct/Nm', (s, v) => { s.accountName = oneLine(v); }],
  ['Acct/Ownr/Nm', (s, v) => { s.ownerName = oneLine(v); }],
  ['Acct/Svcr/FinInstnId/BIC', (s, v) => { s.bic = v; }],
  ['Acct/Svcr/FinInstnId/BICFI', (s, v) => { s.bic = v; }],
]);

const BALANCE_FIELDS = new Map<string, Setter<BalanceDraft>>([
  ['Tp/CdOrPrtry/Cd', (b, v) => { b.code = v.toUpperCase(); }],
  ['Tp/CdOrPrtry/Prtry', (b, v) => { b.code ??= v.toUpperCase(); }],
  ['Amt', (b, v, ccy) => { b.amount = { value: v, currency: ccy }; }],
  ['CdtDbtInd', (b, v) => { b.direction = v; }],
  ['Dt/Dt', (b, v) => { b.date = v; }],
  ['Dt/DtTm', (b, v) => { b.date = v; }],
]);

const ENTRY_FIELDS = new Map<string, Setter<EntryDraft>>([
  ['Amt', (e, v, ccy) => { e.amount = { value: v, currency: ccy }; }],
  ['CdtDbtInd', (e, v) => { e.direction = v; }],
  ['Sts', (e, v) => { e.status = v; }],
  ['Sts/Cd', (e, v) => { e.status = v; }],
  ['Sts/Prtry', (e, v) => { e.status ??= v; }],
  ['BookgDt/Dt', (e, v) => { e.bookingDate = v; }],
  ['BookgDt/DtTm', (e, v) => { e.bookingDate = v; }],
  ['ValDt/Dt', (e, v) => { e.valueDate = v; }],
  ['ValDt/DtTm', (e, v) => { e.valueDate = v; }],
  ['AcctSvcrRef', (e, v) => { e.bankReference = v; }],
  ['AddtlNtryInf', (e, v) => { e.additionalInfo = v; }],
]);

const TRANSACTION_FIELDS = new Map<string, Setter<TransactionDraft>>([
  ['Refs/EndToEndId', (t, v) => { t.endToEndId = v; }],
  ['Refs/AcctSvcrRef', (t, v) => { t.bankReference = v; }],
  ['Amt', (t, v, ccy) => { t.amount = { value: v, currency: ccy }; }],
  ['AmtDtls/TxAmt/Amt', (t, v, ccy) => { t.transactionAmount = { value: v, currency: ccy }; }],
  ['RmtInf/Ustrd', (t, v) => { t.remittance.push(v); }],
  ['RmtInf/Strd/AddtlRmtInf', (t, v) => { t.structuredRemittance.push(v); }],
  ['RmtInf/Strd/CdtrRefInf/Ref', (t, v) => { t.reference ??= v; }],
  ['AddtlTxInf', (t, v) => { t.additionalInfo = v; }],
  ...partyFields('Dbtr', (t) => t.debtor),
  ...partyFields('Cdtr', (t) => t.creditor),
]);

/** Name and account of a party, before (Dbtr/Nm) and since v.08 (Dbtr/Pty/Nm). */
function partyFields(role: 'Dbtr' | 'Cdtr', party: (t: TransactionDraft) => PartyDraft): [string, Setter<TransactionDraft>][] {
  return [
    [`RltdPties/${role}/Nm`, (t, v) => { party(t).name = oneLine(v); }],
    [`RltdPties/${role}/Pty/Nm`, (t, v) => { party(t).name = oneLine(v); }],
    [`RltdPties/${role}Acct/Id/IBAN`, (t, v) => { party(t).iban = compactIban(v); }],
    [`RltdPties/${role}Acct/Id/Othr/Id`, (t, v) => { party(t).otherId = v; }],
  ];
}

/** The drafts being filled: the innermost open statement, balance, entry and transaction. */
interface Drafts {
  statement: StatementDraft | null;
  balance: BalanceDraft | null;
  entry: EntryDraft | null;
  transaction: TransactionDraft | null;
}

/**
 * The elements worth reading below a scope, as a tree of local names: a node keeps a leaf value
 * (set) or opens a nested scope (opens). Elements outside the tree (BkTxCd, PstlAdr...) get no
 * node, nor do their descendants, so skipping them costs nothing.
 */
interface PathNode {
  readonly name: string;
  // A short list rather than a Map: with a handful of children, comparing names is faster than
  // hashing each freshly parsed tag name.
  readonly children: PathNode[];
  set?: (drafts: Drafts, text: string, currency: string | null) => void;
  opens?: Scope;
}

function childNamed(node: PathNode, name: string): PathNode | null {
  const children = node.children;
  for (let i = 0; i < children.length; i++) if (children[i].name === name) return children[i];
  return null;
}

function pathTree<T>(fields: Map<string, Setter<T>>, draftOf: (d: Drafts) => T | null, scopes: Record<string, Scope> = {}): PathNode {
  const root: PathNode = { name: '', children: [] };
  const nodeAt = (path: string): PathNode => path.split('/').reduce((node, name) => {
    let child = childNamed(node, name);
    if (!child) node.children.push((child = { name, children: [] }));
    return child;
  }, root);
  for (const [path, setter] of fields) nodeAt(path).set = (d, text, currency) => setter(draftOf(d)!, text, currency);
  for (const [path, scope] of Object.entries(scopes)) nodeAt(path).opens = scope;
  return root;
}

const SCOPE_ROOTS: Record<'statement' | 'balance' | 'entry' | 'transaction', PathNode> = {
  statement: pathTree(STATEMENT_FIELDS, (d) => d.statement, { Bal: 'balance', Ntry: 'entry' }),
  balance: pathTree(BALANCE_FIELDS, (d) => d.balance),
  entry: pathTree(ENTRY_FIELDS, (d) => d.entry, { 'NtryDtls/TxDtls': 'transaction' }),
  transaction: pathTree(TRANSACTION_FIELDS, (d) => d.transaction),
};

const MESSAGE_ROOTS = new Map([...MESSAGES].map(([name, { statement }]) => [name, pathTree(new Map(), () => null, { [statement]: 'statement' })]));

// ---------------------------------------------------------------------------------------------
// XML reading. saxes checked every character of the file one by one and took most of the time of
// parsing a large statement; this reader jumps from '<' to '<' with indexOf and slices only the
// text of the elements CamtReader keeps. It reads elements, attributes, text, CDATA, comments,
// processing instructions, a DOCTYPE and the predefined and numeric entities, and refuses what
// breaks the document's structure (tags that do not nest or match, text or a second element
// outside the root, a truncated tag, an unknown entity in a kept value) with saxes's messages.
// It checks less than saxes elsewhere (name characters, attribute syntax, the XML declaration,
// the inside of elements CamtReader does not read, which it skips): a file with such faults is
// read for its elements, as a non-validating reader would.

interface XmlHandler {
  /** True inside an element whose text is wanted. */
  readonly collecting: boolean;
  /** Returns true when nothing inside the element is wanted: the reader then skips to its end. */
  openElement(name: string, attributes: string): boolean;
  closeElement(): void;
  addText(text: string): void;
}

class XmlError extends Error {}

const LT = 60; // <
const GT = 62; // >
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const SPACE = 32;

class XmlScanner {
  /** The open elements, outermost first, as written (with their prefix). */
  readonly names: string[] = [];
  private buffer = '';
  private pos = 0; // in buffer: what comes before is read
  private linesBefore = 0; // line breaks in what was dropped from the buffer
  private rootSeen = false;
  private rootClosed = false;

  constructor(private readonly handler: XmlHandler) {}

  /** The line of the position reached, from 1. */
  get line(): number {
    return this.linesBefore + lineBreaks(this.buffer, 0, this.pos) + 1;
  }

  write(chunk: string): void {
    if (this.pos === this.buffer.length) {
      this.linesBefore += lineBreaks(this.buffer, 0, this.pos);
      this.buffer = this.buffer.length === 0 && !this.rootSeen && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
    } else {
      this.linesBefore += lineBreaks(this.buffer, 0, this.pos);
      this.buffer = this.buffer.slice(this.pos) + chunk;
    }
    this.pos = 0;
    this.scan();
  }

  close(): void {
    const rest = this.buffer.slice(this.pos);
    if (rest.includes('<')) throw new XmlError('unexpected end.');
    if (this.names.length === 0 && rest.trim() !== '') throw new XmlError('text data outside of root node.');
    if (!this.rootSeen) throw new XmlError('document must contain a root element.');
  }

  private scan(): void {
    const buffer = this.buffer;
    let pos = this.pos;
    for (;;) {
      const lt = buffer.indexOf('<', pos);
      if (lt !== pos) {
        const end = lt === -1 ? buffer.length : lt;
        // Without a '<' after it, text may go on in the next chunk: kept text waits for it.
        if (lt === -1 && this.handler.collecting && this.names.length > 0) break;
        this.readText(pos, end);
        pos = end;
        if (lt === -1) break;
      }
      const next = this.readMarkup(lt);
      if (next === -1) break;
      pos = next;
    }
    this.pos = pos;
  }

  private readText(start: number, end: number): void {
    if (this.names.length === 0) {
      this.pos = start;
      if (!isBlank(this.buffer, start, end)) throw new XmlError('text data outside of root node.');
    } else if (this.handler.collecting) {
      const text = lineEnds(this.buffer.slice(start, end));
      this.handler.addText(text.includes('&') ? this.decoded(text, start) : text);
    }
  }

  /** Reads the markup at `lt`; returns the position after it, or -1 when it is not complete yet. */
  private readMarkup(lt: number): number {
    this.pos = lt; // errors name the line where the markup starts
    const c = this.buffer.charCodeAt(lt + 1);
    if (c === SLASH) return this.closeTag(lt);
    if (c === BANG) return this.declaration(lt);
    if (c === QUESTION) return this.skipPast(lt + 2, '?>');
    if (Number.isNaN(c)) return -1;
    return this.openTag(lt);
  }

  private openTag(lt: number): number {
    const buffer = this.buffer;
    let i = lt + 1;
    for (let c = buffer.charCodeAt(i); c > SPACE && c !== GT && c !== SLASH && c !== LT; c = buffer.charCodeAt(i)) i++;
    if (i >= buffer.length) return -1;
    if (buffer.charCodeAt(i) === LT) throw new XmlError('disallowed character in tag name.');
    const name = buffer.slice(lt + 1, i);
    const end = buffer.charCodeAt(i) === GT ? i : tagEnd(buffer, i);
    if (end === -1) return -1;
    if (name === '' || !isNameStart(name.charCodeAt(0))) throw new XmlError('disallowed character in tag name.');
    if (this.rootClosed) throw new XmlError('documents may contain only one root.');
    const empty = buffer.charCodeAt(end - 1) === SLASH;
    this.pos = end + 1;
    this.rootSeen = true;
    const skip = this.handler.openElement(name, end === i ? '' : buffer.slice(i, empty ? end - 1 : end));
    this.names.push(name);
    if (empty) this.pop();
    return skip && !empty ? this.endOfContent(name, end + 1) : end + 1;
  }

  private closeTag(lt: number): number {
    const buffer = this.buffer;
    const names = this.names;
    const open = names.length > 0 ? names[names.length - 1] : null;
    let gt = open === null ? -1 : lt + 2 + open.length;
    if (gt === -1 || buffer.charCodeAt(gt) !== GT || !buffer.startsWith(open!, lt + 2)) {
      gt = buffer.indexOf('>', lt + 2);
      if (gt === -1) return -1;
      this.pos = gt + 1;
      const name = buffer.slice(lt + 2, gt).trimEnd();
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
   * Where the content of an unwanted element ends: its close tag, when it is in the buffer and
   * the element holds no element of the same name. Else the content is read as usual.
   */
  private endOfContent(name: string, from: number): number {
    const buffer = this.buffer;
    const close = buffer.indexOf(`</${name}>`, from);
    if (close === -1) return from;
    // Searched backwards, a nested element of the same name is found before the element's own tag.
    for (let open = buffer.lastIndexOf(`<${name}`, close); open >= from; open = buffer.lastIndexOf(`<${name}`, open - 1)) {
      const c = buffer.charCodeAt(open + name.length + 1);
      if (c <= SPACE || c === GT || c === SLASH) return from;
    }
    return close;
  }

  /** Closes the innermost element; the handler sees it still open, so that errors can name it. */
  private pop(): void {
    this.handler.closeElement();
    this.names.pop();
    if (this.names.length === 0) this.rootClosed = true;
  }

  /** <!-- -->, <![CDATA[ ]]> and <!DOCTYPE >. */
  private declaration(lt: number): number {
    const buffer = this.buffer;
    if (buffer.startsWith('<!--', lt)) return this.skipPast(lt + 4, '-->');
    if (buffer.startsWith('<![CDATA[', lt)) {
      const end = buffer.indexOf(']]>', lt + 9);
      if (end === -1) return -1;
      if (this.names.length === 0) throw new XmlError('text data outside of root node.');
      if (this.handler.collecting) this.handler.addText(lineEnds(buffer.slice(lt + 9, end)));
      return end + 3;
    }
    if (buffer.startsWith('<!DOCTYPE', lt)) {
      if (this.rootSeen) throw new XmlError('inappropriately located doctype declaration.');
      const subset = buffer.indexOf('[', lt);
      const gt = buffer.indexOf('>', lt);
      return subset !== -1 && subset < gt ? this.skipPast(subset, ']>') : gt === -1 ? -1 : gt + 1;
    }
    if (buffer.length - lt < 9) return -1;
    throw new XmlError('incorrect syntax.');
  }

  private skipPast(from: number, end: string): number {
    const at = this.buffer.indexOf(end, from);
    return at === -1 ? -1 : at + end.length;
  }

  private decoded(text: string, start: number): string {
    return text.replace(/&([^;&<]*);?/g, (whole, name: string) => {
      const value = whole.endsWith(';') ? entity(name) : null;
      if (value === null) {
        this.pos = start;
        throw new XmlError(`undefined entity: ${whole}`);
      }
      return value;
    });
  }
}

const ENTITIES = new Map([['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"]]);

function entity(name: string): string | null {
  if (name.charCodeAt(0) !== 35) return ENTITIES.get(name) ?? null; // #
  const code = /^#x[0-9a-fA-F]{1,6}$/.test(name) ? parseInt(name.slice(2), 16) : /^#\d{1,7}$/.test(name) ? Number(name.slice(1)) : NaN;
  return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : null;
}

/** The '>' closing a start tag whose attributes begin at `from`, skipping quoted values; -1 when not there yet. */
function tagEnd(buffer: string, from: number): number {
  let quote = 0;
  for (let i = from; i < buffer.length; i++) {
    const c = buffer.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
      else if (c === LT) throw new XmlError('disallowed character.');
    } else if (c === 34 || c === 39) {
      quote = c;
    } else if (c === GT) {
      return i;
    } else if (c === LT) {
      throw new XmlError('disallowed character in attribute name.');
    }
  }
  return -1;
}

const CCY_ATTRIBUTE = /(?:^|\s)Ccy\s*=\s*(?:"([^"]*)"|'([^']*)')/;

/** The Ccy attribute's value in the attribute text of a start tag, entities decoded. */
function currencyAttribute(attributes: string): string | null {
  if (!attributes.includes('Ccy')) return null;
  const m = CCY_ATTRIBUTE.exec(attributes);
  const raw = m ? (m[1] ?? m[2]) : null;
  return raw === null || !raw.includes('&') ? raw : raw.replace(/&([^;&<]*);/g, (whole, entityName: string) => entity(entityName) ?? whole);
}

/** XML reads a line break written \r\n or \r as \n. */
function lineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c > 127;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== 10 && c !== 13 && c !== 9) return false;
  }
  return true;
}

function lineBreaks(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

// ---------------------------------------------------------------------------------------------

class CamtReader implements Drafts, XmlHandler {
  private readonly xml = new XmlScanner(this);
  private events: ParseEvent[] = [];
  // One item per open element (their names are xml.names): its node in the path tree (null when
  // not read) and the scope it opens, if any.
  private readonly nodes: (PathNode | null)[] = [];
  private readonly opened: (Scope | null)[] = [];
  collecting = false; // inside an element whose text is kept
  private text = '';
  private currency: string | null = null; // its Ccy attribute
  private format: StatementFormat | null = null;
  private statementElement: string | null = null;
  private statementCount = 0;
  statement: StatementDraft | null = null;
  balance: BalanceDraft | null = null;
  entry: EntryDraft | null = null;
  transaction: TransactionDraft | null = null;

  constructor(private readonly options: ParseOptions) {}

  /** Reads a chunk of the file; whatever goes wrong comes out as a StatementFileError. */
  write(chunk: string): void {
    try {
      this.xml.write(chunk);
    } catch (error) {
      throw this.fileError(error);
    }
  }

  /** The end of the file: checks it is complete. */
  close(): void {
    try {
      this.checkComplete();
    } catch (error) {
      throw this.fileError(error);
    }
  }

  private checkComplete(): void {
    const names = this.xml.names;
    if (names.length > 0) {
      throw this.error(`the file ends before <${localName(names[names.length - 1])}> is closed (truncated file?)`);
    }
    this.xml.close();
    if (this.format === null) {
      throw this.error('no BkToCstmrStmt, BkToCstmrAcctRpt or BkToCstmrDbtCdtNtfctn element: not a camt.052/053/054 file');
    }
    if (this.statementCount === 0) throw this.error(`no <${this.statementElement}> in the file`);
  }

  takeEvents(): ParseEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  /** Any failure as a StatementFileError saying where reading stopped. */
  private fileError(error: unknown): StatementFileError {
    if (error instanceof StatementFileError) return error;
    if (error instanceof XmlError) return this.error(`malformed XML: ${error.message}`);
    return this.error(error instanceof Error ? error.message : String(error));
  }

  private error(detail: string): StatementFileError {
    const element = this.elementPath();
    return new StatementFileError(this.format ?? 'CAMT', detail, {
      ...(this.statementCount > 0 ? { statement: this.statementCount } : {}),
      line: this.xml.line,
      ...(element ? { element } : {}),
    });
  }

  /** Open elements from the statement element down (or from the root outside statements). */
  private elementPath(): string {
    const names = this.xml.names.map(localName);
    const start = this.statementElement ? names.lastIndexOf(this.statementElement) : -1;
    return names.slice(Math.max(0, start)).join('/');
  }

  // --- element events ---

  openElement(name: string, attributes: string): boolean {
    const parent = this.nodes.length > 0 ? this.nodes[this.nodes.length - 1] : null;
    let node: PathNode | null = null;
    let opens: Scope | null = null;
    if (parent !== null) {
      // The prefix (camt:Ntry) is stripped only when the plain name is not found: most files
      // use a default namespace.
      node = childNamed(parent, name) ?? (name.includes(':') ? childNamed(parent, localName(name)) : null);
      opens = node?.opens ?? null;
    } else if (this.format === null && MESSAGES.has(localName(name))) {
      opens = 'message';
    }
    if (opens !== null) node = this.begin(opens, localName(name));
    this.nodes.push(node);
    this.opened.push(opens);
    this.text = '';
    this.collecting = node?.set !== undefined;
    if (this.collecting) this.currency = currencyAttribute(attributes);
    // Below the message element, an element outside the path tree holds nothing to read.
    return node === null && parent !== null;
  }

  addText(text: string): void {
    this.text += text;
  }

  /** Starts a scope's draft; returns the path tree of its children. */
  private begin(scope: Scope, name: string): PathNode {
    switch (scope) {
      case 'message': {
        const message = MESSAGES.get(name)!;
        this.format = message.format;
        this.statementElement = message.statement;
        return MESSAGE_ROOTS.get(name)!;
      }
      case 'statement':
        this.statementCount++;
        this.statement = newStatement(this.format!);
        return SCOPE_ROOTS.statement;
      case 'balance':
        this.balance = { code: null, amount: null, direction: null, date: null };
        return SCOPE_ROOTS.balance;
      case 'entry':
        this.beginStatementOnce();
        this.entry = newEntry(++this.statement!.entries);
        return SCOPE_ROOTS.entry;
      case 'transaction':
        this.transaction = newTransaction();
        return SCOPE_ROOTS.transaction;
    }
  }

  closeElement(): void {
    const top = this.nodes.length - 1;
    const node = this.nodes[top];
    const opened = this.opened[top];
    if (opened !== null) {
      this.finish(opened);
    } else if (node?.set !== undefined) {
      const value = detached(this.text.trim());
      if (value !== '') node.set(this, value, this.currency);
    }
    this.nodes.pop();
    this.opened.pop();
    this.text = '';
    this.collecting = false;
  }

  private finish(scope: Scope): void {
    switch (scope) {
      case 'statement':
        this.beginStatementOnce();
        this.events.push({ type: 'end', statement: this.header() });
        this.statement = null;
        break;
      case 'balance':
        this.keepBalance(this.balance!);
        this.balance = null;
        break;
      case 'entry':
        this.events.push({ type: 'entry', entry: this.buildEntry(this.entry!) });
        this.entry = null;
        break;
      case 'transaction':
        this.entry!.transactions.push(this.transaction!);
        this.transaction = null;
        break;
      case 'message':
        break;
    }
  }

  private beginStatementOnce(): void {
    const statement = this.statement!;
    if (statement.begun) return;
    statement.begun = true;
    this.events.push({ type: 'begin', statement: this.header() });
  }

  // --- building the normalized shapes ---

  private header(): StatementHeader {
    const s = this.statement!;
    if (s.currency !== null) this.currencyCode(s.currency, 'account');
    return {
      format: s.format,
      id: s.id,
      account: accountOf(s),
      openingBalance: s.opening,
      closingBalance: s.closing,
    };
  }

  private keepBalance(draft: BalanceDraft): void {
    const s = this.statement!;
    const code = draft.code;
    if (code === 'OPBD' || (code === 'PRCD' && !s.openingIsOpbd)) {
      s.opening = this.balanceOf(draft, code);
      s.openingIsOpbd = code === 'OPBD';
    } else if (code === 'CLBD') {
      s.closing = this.balanceOf(draft, code);
    }
  }

  private balanceOf(draft: BalanceDraft, code: string): Balance {
    const what = `balance ${code}`;
    const amount = this.require(draft.amount, what, 'Amt');
    return {
      amount: signed(this.decimal(amount.value, what), this.direction(draft.direction, what)),
      currency: this.currencyOf(amount, what),
      date: this.date(this.require(draft.date, what, 'Dt'), what),
    };
  }

  private buildEntry(draft: EntryDraft): StatementEntry {
    const what = `entry ${draft.number}`;
    const amount = this.require(draft.amount, what, 'Amt');
    const credit = this.direction(draft.direction, what) === 'CRDT';
    const value = signed(this.decimal(amount.value, what), credit ? 'CRDT' : 'DBIT');
    const currency = this.currencyOf(amount, what);
    const bookingDate = draft.bookingDate ?? draft.valueDate;
    if (bookingDate === null) throw this.error(`${what} has neither <BookgDt> nor <ValDt>`);
    const transactions = draft.transactions;
    const single = transactions.length === 1 ? transactions[0] : null;
    const details = transactions.length > 1 ? transactions.map((t) => this.detailOf(t, credit, currency, what)) : [];
    return {
      bookingDate: this.date(bookingDate, what),
      valueDate: draft.valueDate === null ? null : this.date(draft.valueDate, what),
      amount: value,
      currency,
      description: describeEntry(draft, single, details),
      counterparty: single ? counterpartyOf(single, credit) : sameCounterparty(details),
      reference: single ? single.reference : same(details.map((d) => d.reference)),
      endToEndId: single ? endToEndIdOf(single) : same(details.map((d) => d.endToEndId)),
      bankReference: draft.bankReference ?? single?.bankReference ?? null,
      status: draft.status === null || draft.status.toUpperCase() === 'BOOK' ? 'booked' : 'pending',
      details,
    };
  }

  private detailOf(t: TransactionDraft, credit: boolean, entryCurrency: string, what: string): EntryDetail {
    const amount = detailAmount(t, entryCurrency);
    return {
      amount: amount === null ? null : signed(this.decimal(amount.value, what), credit ? 'CRDT' : 'DBIT'),
      counterparty: counterpartyOf(t, credit),
      reference: t.reference,
      endToEndId: endToEndIdOf(t),
      description: describeTransaction(t) || null,
    };
  }

  // --- checked values ---

  private require<T>(value: T | null, what: string, element: string): T {
    if (value === null) throw this.error(`${what} has no <${element}>`);
    return value;
  }

  private direction(value: string | null, what: string): 'CRDT' | 'DBIT' {
    const direction = this.require(value, what, 'CdtDbtInd').toUpperCase();
    if (direction !== 'CRDT' && direction !== 'DBIT') {
      throw this.error(`${what}: CdtDbtInd is "${value}" (expected CRDT or DBIT)`);
    }
    return direction;
  }

  private decimal(value: string, what: string): string {
    // xs:decimal also allows ".5" and "5."
    const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value);
    if (!m || (m[2] === '' && !m[3])) throw this.error(`${what}: amount "${value}" is not a decimal number`);
    const [, sign, whole, fraction] = m;
    return normalizeDecimal(`${sign}${whole || '0'}${fraction ? '.' + fraction : ''}`);
  }

  private currencyOf(amount: AmountText, what: string): string {
    const currency = amount.currency ?? this.statement!.currency ?? this.options.defaultCurrency ?? null;
    if (currency === null) throw this.error(`${what}: <Amt> has no Ccy attribute and the account has no currency`);
    return this.currencyCode(currency, what);
  }

  private currencyCode(code: string, what: string): string {
    if (!CURRENCY_CODE.test(code)) throw this.error(`${what}: currency "${code}" is not an ISO 4217 code (three capital letters, e.g. EUR)`);
    return code;
  }

  /** The date part of an ISODate or ISODateTime, when it is a day of the calendar. */
  private date(value: string, what: string): string {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.slice(0, 10));
    const date = m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
    if (date === null) throw this.error(`${what}: "${value}" is not an ISO date (YYYY-MM-DD)`);
    return date;
  }
}

// ---------------------------------------------------------------------------------------------

function newStatement(format: StatementFormat): StatementDraft {
  return {
    format, id: null, iban: null, otherId: null, bic: null, currency: null, ownerName: null,
    accountName: null, opening: null, openingIsOpbd: false, closing: null, begun: false, entries: 0,
  };
}

function newEntry(number: number): EntryDraft {
  return {
    number, amount: null, direction: null, status: null, bookingDate: null, valueDate: null,
    bankReference: null, additionalInfo: null, transactions: [],
  };
}

function newTransaction(): TransactionDraft {
  return {
    endToEndId: null, bankReference: null, amount: null, transactionAmount: null,
    debtor: { name: null, iban: null, otherId: null },
    creditor: { name: null, iban: null, otherId: null },
    remittance: [], structuredRemittance: [], reference: null, additionalInfo: null,
  };
}

/**
 * The account. An <Othr><Id> that is a valid IBAN is also reported as the IBAN, so that the
 * account is recognised whichever way the bank wrote it. Without <Ccy>, the currency of the
 * balances is the account's (when they agree).
 */
function accountOf(s: StatementDraft): StatementAccount {
  const balanceCurrencies = new Set([s.opening?.currency, s.closing?.currency].filter((c): c is string => !!c));
  return {
    iban: s.iban ?? ibanIn(s.otherId),
    number: s.otherId,
    bic: s.bic,
    currency: s.currency ?? (balanceCurrencies.size === 1 ? [...balanceCurrencies][0] : null),
    name: s.ownerName ?? s.accountName,
  };
}

function counterpartyOf(t: TransactionDraft, credit: boolean): Counterparty | null {
  const party = credit ? t.debtor : t.creditor;
  const iban = party.iban ?? ibanIn(party.otherId);
  return party.name === null && iban === null ? null : { name: party.name, iban };
}

function sameCounterparty(details: EntryDetail[]): Counterparty | null {
  const first = details[0]?.counterparty ?? null;
  const shared = details.every((d) => d.counterparty?.name === first?.name && d.counterparty?.iban === first?.iban);
  return shared ? first : null;
}

/** The value every item has, or null when they differ or there are none. */
function same(values: (string | null)[]): string | null {
  return values.length > 0 && values.every((v) => v === values[0]) ? values[0] : null;
}

/** "NOTPROVIDED" is what a bank writes when the payer gave no end-to-end id. */
function endToEndIdOf(t: TransactionDraft): string | null {
  return t.endToEndId === null || t.endToEndId.toUpperCase() === 'NOTPROVIDED' ? null : t.endToEndId;
}

/** A detail's amount in the entry's currency when the file gives one (details carry no currency). */
function detailAmount(t: TransactionDraft, entryCurrency: string): AmountText | null {
  const candidates = [t.amount, t.transactionAmount].filter((a): a is AmountText => a !== null);
  return candidates.find((a) => a.currency === null || a.currency === entryCurrency) ?? candidates[0] ?? null;
}

function describeTransaction(t: TransactionDraft): string {
  return joinParts([remittanceText(t), t.additionalInfo]);
}

function remittanceText(t: TransactionDraft): string | null {
  const text = [...t.remittance, ...t.structuredRemittance].join(' ');
  return text === '' ? null : text;
}

function describeEntry(draft: EntryDraft, single: TransactionDraft | null, details: EntryDetail[]): string {
  const transactionText = single ? describeTransaction(single) : same(details.map((d) => d.description));
  return joinParts([transactionText, draft.additionalInfo]);
}

function joinParts(parts: (string | null)[]): string {
  const kept: string[] = [];
  const keptLower: string[] = [];
  for (const part of parts) {
    if (part === null) continue;
    const text = oneLine(part);
    const lower = text.toLowerCase();
    if (text !== '' && !keptLower.some((k) => k.includes(lower))) {
      kept.push(text);
      keptLower.push(lower);
    }
  }
  return kept.join(' | ');
}

/**
 * A copy of a value that does not keep alive the chunk of the file it was cut from: V8 makes a
 * substring of 13 characters or more a view on its parent string, so keeping an entry would keep
 * its whole 64 KiB chunk (parsing a 200 MB file into one document used twice the memory).
 */
function detached(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function signed(decimal: string, direction: 'CRDT' | 'DBIT'): string {
  return direction === 'DBIT' ? negateDecimal(decimal) : decimal;
}

const UNEVEN_SPACE = /[\t\n\r\f\v\u00a0]| {2}/;

function oneLine(text: string): string {
  return UNEVEN_SPACE.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
}

function compactIban(text: string): string {
  return electronicFormatIBAN(text) ?? text;
}

function ibanIn(otherId: string | null): string | null {
  if (otherId === null) return null;
  const compact = compactIban(otherId);
  return isValidIBAN(compact) ? compact : null;
}
