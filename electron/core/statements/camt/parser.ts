// ISO 20022 cash-management statements: camt.053 (end-of-day statement, Stmt), camt.052
// (intraday report, Rpt) and camt.054 (debit/credit notification, Ntfctn), versions .001.02 to
// .001.08. Elements are matched by local name, so any namespace version or prefix is read.
//
// The file's UTF-8 bytes are streamed through a small XML reader (xml.ts): no tree of the document
// is built, each <Ntry> is turned into an entry as soon as it closes and only that entry is held,
// so a 200 MB statement is read in bounded memory. Acct and Bal come before the first Ntry, so the
// header sent with 'begin' already carries the account and both balances.
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
import { utf8Chunks } from '../common/decode.js';
import { StatementFileError } from '../common/errors.js';
import type { ParseEvent, ParseOptions, StatementHeader, StatementParser } from '../common/types.js';
import { isoDate } from '../csv/values.js';
import { attributeValue, XmlError, XmlScanner, type XmlHandler } from './xml.js';

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
  parse: (chunks, options) => parseCamtBytes(utf8Chunks(chunks), options),
  parseUtf8: parseCamtBytes,
  parseUtf8Groups: parseCamtGroups,
};

async function* parseCamtBytes(chunks: AsyncIterable<Uint8Array>, options: ParseOptions): AsyncGenerator<ParseEvent> {
  for await (const group of parseCamtGroups(chunks, options)) for (const event of group) yield event;
}

/** The events of each chunk together. */
async function* parseCamtGroups(chunks: AsyncIterable<Uint8Array>, options: ParseOptions): AsyncGenerator<ParseEvent[]> {
  const reader = new CamtReader(options);
  for await (const chunk of chunks) {
    reader.write(chunk);
    const events = reader.takeEvents();
    if (events.length > 0) yield events;
  }
  reader.close();
  const events = reader.takeEvents();
  if (events.length > 0) yield events;
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
  readonly children: PathNode[];
  /** The children by the id the XML reader gives their name (the index of the name in ELEMENT_NAMES). */
  byId: (PathNode | null)[];
  // Every node has every property, so that all nodes share one shape (faster property reads).
  set: Setter<never> | null;
  /** Whose draft `set` fills. */
  draft: Exclude<Scope, 'message'> | null;
  opens: Scope | null;
}

function childNamed(node: PathNode, name: string): PathNode | null {
  return node.children.find((child) => child.name === name) ?? null;
}

function pathTree<T>(fields: Map<string, Setter<T>>, draft: PathNode['draft'], scopes: Record<string, Scope> = {}): PathNode {
  const newNode = (name: string): PathNode => ({ name, children: [], byId: [], set: null, draft: null, opens: null });
  const root = newNode('');
  const nodeAt = (path: string): PathNode => path.split('/').reduce((node, name) => {
    let child = childNamed(node, name);
    if (!child) node.children.push((child = newNode(name)));
    return child;
  }, root);
  for (const [path, setter] of fields) Object.assign(nodeAt(path), { set: setter, draft });
  for (const [path, scope] of Object.entries(scopes)) nodeAt(path).opens = scope;
  return root;
}

const SCOPE_ROOTS: Record<'statement' | 'balance' | 'entry' | 'transaction', PathNode> = {
  statement: pathTree(STATEMENT_FIELDS, 'statement', { Bal: 'balance', Ntry: 'entry' }),
  balance: pathTree(BALANCE_FIELDS, 'balance'),
  entry: pathTree(ENTRY_FIELDS, 'entry', { 'NtryDtls/TxDtls': 'transaction' }),
  transaction: pathTree(TRANSACTION_FIELDS, 'transaction'),
};

const MESSAGE_ROOTS = new Map([...MESSAGES].map(([name, { statement }]) => [name, pathTree(new Map(), null, { [statement]: 'statement' })]));

/** Every name in the path trees: the XML reader numbers them in this order. */
const ELEMENT_NAMES = [...new Set([...MESSAGES.keys(), ...[...Object.values(SCOPE_ROOTS), ...MESSAGE_ROOTS.values()].flatMap(namesIn)])];

function namesIn(node: PathNode): string[] {
  return node.children.flatMap((child) => [child.name, ...namesIn(child)]);
}

for (const root of [...Object.values(SCOPE_ROOTS), ...MESSAGE_ROOTS.values()]) indexChildren(root);

function indexChildren(node: PathNode): void {
  node.byId = ELEMENT_NAMES.map((name) => childNamed(node, name));
  node.children.forEach(indexChildren);
}

// ---------------------------------------------------------------------------------------------

class CamtReader implements Drafts, XmlHandler {
  private readonly xml = new XmlScanner(this, ELEMENT_NAMES);
  private events: ParseEvent[] = [];
  // By depth, for the open elements (their names are xml.names): the node in the path tree (null
  // when not read) and the scope opened, if any.
  private readonly nodes: (PathNode | null)[] = [];
  private readonly opened: (Scope | null)[] = [];
  private depth = 0;
  collecting = false; // inside an element whose text is kept
  private text = '';
  private currency: string | null = null; // its Ccy attribute
  private format: StatementFormat | null = null;
  private statementElement: string | null = null;
  private statementCount = 0;
  /** The last currency code found valid: the same comes back entry after entry. */
  private lastCurrency: string | null = null;
  /** The attributes of the last start tag whose Ccy was read, and that Ccy. */
  private lastAttributes = new Uint8Array(0);
  private lastCcy: string | null = null;
  /** date() of the values seen, which repeat from entry to entry. */
  private readonly dates = new Map<string, string>();
  statement: StatementDraft | null = null;
  balance: BalanceDraft | null = null;
  entry: EntryDraft | null = null;
  transaction: TransactionDraft | null = null;

  constructor(private readonly options: ParseOptions) {}

  /** Reads a chunk of the file; whatever goes wrong comes out as a StatementFileError. */
  write(chunk: Uint8Array): void {
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

  openElement(name: string, id: number, bytes: Uint8Array, attributesStart: number, attributesEnd: number): boolean {
    const depth = this.depth++;
    const parent = depth > 0 ? this.nodes[depth - 1] : null;
    let node: PathNode | null = null;
    let opens: Scope | null = null;
    if (parent !== null) {
      node = id >= 0 && id < ELEMENT_NAMES.length ? parent.byId[id] : null;
      // The prefix (camt:Ntry) is stripped only when the plain name is not found: most files
      // use a default namespace.
      if (node === null && name.includes(':')) node = childNamed(parent, localName(name));
      opens = node === null ? null : node.opens;
    } else if (this.format === null && MESSAGES.has(localName(name))) {
      opens = 'message';
    }
    if (opens !== null) node = this.begin(opens, localName(name));
    this.nodes[depth] = node;
    this.opened[depth] = opens;
    this.text = '';
    this.collecting = node !== null && node.set !== null;
    if (this.collecting) this.currency = attributesStart === attributesEnd ? null : this.ccy(bytes, attributesStart, attributesEnd);
    // Below the message element, an element outside the path tree holds nothing to read.
    return node === null && parent !== null;
  }

  /** The Ccy attribute in bytes [start, end) of a start tag; the same attributes as last time give the same value. */
  private ccy(bytes: Uint8Array, start: number, end: number): string | null {
    const last = this.lastAttributes;
    if (end - start === last.length) {
      let k = 0;
      while (k < last.length && bytes[start + k] === last[k]) k++;
      if (k === last.length) return this.lastCcy;
    }
    this.lastCcy = attributeValue(bytes, start, end, 'Ccy');
    this.lastAttributes = new Uint8Array(bytes.subarray(start, end)); // a copy: the reader reuses its bytes
    return this.lastCcy;
  }

  private draftOf(scope: Exclude<Scope, 'message'>): Drafts[keyof Drafts] {
    return scope === 'entry' ? this.entry : scope === 'transaction' ? this.transaction : scope === 'statement' ? this.statement : this.balance;
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

  closeElement(text?: string): void {
    const top = --this.depth;
    const node = this.nodes[top];
    const opened = this.opened[top];
    if (opened !== null) {
      this.finish(opened);
    } else if (node !== null && node.set !== null) {
      const value = (text ?? this.text).trim();
      if (value !== '') node.set(this.draftOf(node.draft!) as never, value, this.currency);
    }
    this.nodes[top] = null;
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
      status: draft.status === null || draft.status === 'BOOK' || draft.status.toUpperCase() === 'BOOK' ? 'booked' : 'pending',
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
    if (value === 'CRDT' || value === 'DBIT') return value;
    const direction = this.require(value, what, 'CdtDbtInd').toUpperCase();
    if (direction !== 'CRDT' && direction !== 'DBIT') {
      throw this.error(`${what}: CdtDbtInd is "${value}" (expected CRDT or DBIT)`);
    }
    return direction;
  }

  private decimal(value: string, what: string): string {
    if (PLAIN_DECIMAL.test(value)) return value; // already as normalizeDecimal writes it
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
    if (code === this.lastCurrency) return code;
    if (!CURRENCY_CODE.test(code)) throw this.error(`${what}: currency "${code}" is not an ISO 4217 code (three capital letters, e.g. EUR)`);
    this.lastCurrency = code;
    return code;
  }

  /** The date part of an ISODate or ISODateTime, when it is a day of the calendar. */
  private date(value: string, what: string): string {
    let date = this.dates.get(value);
    if (date !== undefined) return date;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.slice(0, 10));
    date = (m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null) ?? undefined;
    if (date === undefined) throw this.error(`${what}: "${value}" is not an ISO date (YYYY-MM-DD)`);
    if (this.dates.size === DATES_KEPT) this.dates.clear();
    this.dates.set(value, date);
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
  const id = t.endToEndId;
  return id === null || (id.length === 11 && id.toUpperCase() === 'NOTPROVIDED') ? null : id;
}

/** A detail's amount in the entry's currency when the file gives one (details carry no currency). */
function detailAmount(t: TransactionDraft, entryCurrency: string): AmountText | null {
  const candidates = [t.amount, t.transactionAmount].filter((a): a is AmountText => a !== null);
  return candidates.find((a) => a.currency === null || a.currency === entryCurrency) ?? candidates[0] ?? null;
}

function describeTransaction(t: TransactionDraft): string {
  return joinParts(remittanceText(t), t.additionalInfo);
}

function remittanceText(t: TransactionDraft): string | null {
  const text = t.structuredRemittance.length === 0 ? t.remittance.join(' ') : [...t.remittance, ...t.structuredRemittance].join(' ');
  return text === '' ? null : text;
}

function describeEntry(draft: EntryDraft, single: TransactionDraft | null, details: EntryDetail[]): string {
  // describeTransaction's text is on one line already.
  const transactionText = single ? describeTransaction(single) : same(details.map((d) => d.description));
  return joinLine(transactionText ?? '', draft.additionalInfo);
}

/** "first | second", without the second when the first already says it (whatever the case). */
function joinParts(first: string | null, second: string | null): string {
  return joinLine(first === null ? '' : oneLine(first), second);
}

/** joinParts of a first part on one line already (as oneLine makes it, or joinParts). */
function joinLine(a: string, second: string | null): string {
  const b = second === null ? '' : oneLine(second);
  if (a === '' || b === '') return a + b;
  return a === b || a.toLowerCase().includes(b.toLowerCase()) ? a : `${a} | ${b}`;
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function signed(decimal: string, direction: 'CRDT' | 'DBIT'): string {
  if (direction === 'CRDT') return decimal;
  // A normalized amount without a sign is negated by writing one, unless it is zero.
  return PLAIN_DECIMAL.test(decimal) && NONZERO_DIGIT.test(decimal) ? '-' + decimal : negateDecimal(decimal);
}

/** A decimal as normalizeDecimal writes it, without a sign: "12.30", "0.5", "1500". */
const PLAIN_DECIMAL = /^(?:0|[1-9]\d*)(?:\.\d+)?$/;
const NONZERO_DIGIT = /[1-9]/;

/** Dates read in a file: the same few come back entry after entry. */
const DATES_KEPT = 1024;

const UNEVEN_SPACE = /[\t\n\r\f\v\u00a0]| {2}/;

function oneLine(text: string): string {
  return UNEVEN_SPACE.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
}

function compactIban(text: string): string {
  return NOT_COMPACT.test(text) ? electronicFormatIBAN(text) ?? text : text;
}

/** What electronicFormatIBAN changes: separators and lowercase letters. */
const NOT_COMPACT = /[^A-Z0-9]/;

function ibanIn(otherId: string | null): string | null {
  if (otherId === null) return null;
  const compact = compactIban(otherId);
  return isValidIBAN(compact) ? compact : null;
}
