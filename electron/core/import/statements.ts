// Importing statement files into the ledger. One transaction per file: a bad line, a cancel or
// a crash leaves the ledger as it was. Lines already known (same content, same occurrence within
// their statement) are counted as duplicates and skipped.
//
// A file imported before is read again like any other, never skipped on its sha256: its summary
// (duplicates, differences, warnings) must be right, and lines since removed from the ledger
// come back. Lines are looked up a few hundred at a time, which keeps a re-import fast.
import { createHash, hash as digest } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { PointageError, type ErrorCode } from '../../../shared/contract/errors.js';
import { isCurrency, MoneyError, toDecimal, toMinor } from '../../../shared/money.js';
import type { FormatFamily, StatementAccount, StatementEntry } from '../../../shared/statement.js';
import { describeStatementAccount, danishAccountOfIban, findLedgerAccount, normalizeIban } from '../accounts/identify.js';
import { insertAccount, accountById, type AccountRow } from '../ledger/accounts.js';
import { appendAudit } from '../ledger/audit.js';
import type { Db, Ledger } from '../ledger/database.js';
import { confirmPendingEntries, entryInserter, KEY_LOOKUP_MAX, knownImportKeys, PENDING_SUFFIX, type NewBankEntry } from '../ledger/entries.js';
import { finishBatch, insertBatch, insertProvisionalStatement, settleStatement, type StatementRowInput } from '../ledger/statements-write.js';
import { previousClosing } from '../ledger/statements.js';
import { StatementFileError } from '../statements/common/errors.js';
import type { ParseEvent, ParseOptions, StatementHeader } from '../statements/common/types.js';
import { openStatementFile, type FileParseOptions } from '../statements/parse-file.js';

export interface ImportOptions extends ParseOptions {
  format?: FormatFamily;
  /** Who imports: recorded in the audit log. */
  actor: string;
  source?: 'file' | 'demo';
  /** Create the ledger accounts that no existing one matches, from the statement's identification. */
  createAccounts?: boolean;
  /**
   * The user's explicit choice for statements no ledger account matches, by statement number
   * (1-based, in file order): a ledger account id, or 'create'.
   */
  accountChoices?: Record<number, number | 'create'>;
  /** The name to show and record for the file (an upload's original name). */
  displayName?: string;
  signal?: AbortSignal;
  onProgress?: (p: { bytes: number; totalBytes: number; entries: number }) => void;
}

export interface StatementImportSummary {
  id: string | null;
  accountId: number;
  accountName: string;
  entries: number;
  inserted: number;
  duplicates: number;
  alreadyImported: boolean;
  /** opening + sum(entries) - closing; null without both balances. */
  difference: string | null;
}

export interface FileImportSummary {
  file: string;
  format: string;
  statements: StatementImportSummary[];
  inserted: number;
  duplicates: number;
  warnings: string[];
}

export async function importStatementFile(ledger: Ledger, file: string, options: ImportOptions): Promise<FileImportSummary> {
  const totalBytes = (await stat(file)).size;
  const parseOptions = { format: options.format, csvMapping: options.csvMapping, defaultCurrency: options.defaultCurrency ?? chosenCurrency(ledger, options) };
  // The hash is read here while the file's first batches are parsed (in the worker, when there is one).
  const [hashed, opened] = await Promise.allSettled([fileSha256(file), openFeed(file, parseOptions, totalBytes)]);
  if (hashed.status === 'rejected' || opened.status === 'rejected') {
    if (opened.status === 'fulfilled') opened.value.close();
    throw hashed.status === 'rejected' ? hashed.reason : (opened as PromiseRejectedResult).reason;
  }
  const feed = opened.value;
  try {
    return await ledger.writeLock.run(async () => {
      const db = ledger.write;
      const cacheSize = db.pragma('cache_size', { simple: true }) as number;
      db.pragma(`cache_size = ${IMPORT_CACHE_SIZE}`);
      db.exec('BEGIN IMMEDIATE');
      try {
        const summary = await readIntoLedger(db, file, hashed.value, feed, totalBytes, options);
        db.exec('COMMIT');
        return summary;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      } finally {
        db.pragma(`cache_size = ${cacheSize}`);
      }
    });
  } finally {
    feed.close();
  }
}

/**
 * SQLite's page cache during an import, in KiB (negative: a size, not a page count). The lines'
 * keys are looked up and inserted all over the (account_id, import_key) index: with the default
 * 2 MB, a large file read most index pages from the file again and again.
 */
const IMPORT_CACHE_SIZE = -32768;

async function readIntoLedger(db: Db, file: string, sha256: string, feed: EventFeed, totalBytes: number, options: ImportOptions): Promise<FileImportSummary> {
  const name = options.displayName ?? path.basename(file);
  const batchId = insertBatch(db, { source: options.source ?? 'file', label: name, sha256, format: feed.family });
  const reading = new FileReading(db, batchId, name, feed.family, options);
  for await (const events of feed.batches()) {
    for (const event of events) {
      if (options.signal?.aborted) throw new PointageError('cancelled', `import of ${name} cancelled: nothing was written`);
      if (reading.handle(event)) options.onProgress?.({ bytes: feed.bytesRead(), totalBytes, entries: reading.entries });
    }
  }
  const summary = reading.summary;
  for (const accountId of new Set(summary.statements.map((s) => s.accountId))) confirmPendingEntries(db, accountId);
  finishBatch(db, batchId, summary.inserted, summary.duplicates);
  appendAudit(db, options.actor, 'statements.import', `batch:${batchId}`, {
    file: name, format: feed.family, inserted: summary.inserted, duplicates: summary.duplicates,
  });
  options.onProgress?.({ bytes: totalBytes, totalBytes, entries: reading.entries });
  return summary;
}

/** The lines of a file going into the ledger, event by event. */
class FileReading {
  readonly summary: FileImportSummary;
  entries = 0;
  private current: OpenStatement | null = null;
  private readonly writer: EntryWriter;
  private readonly ibans = new IbanCache();

  constructor(
    private readonly db: Db,
    private readonly batchId: number,
    name: string,
    format: FormatFamily,
    private readonly options: ImportOptions,
  ) {
    this.summary = { file: name, format, statements: [], inserted: 0, duplicates: 0, warnings: [] };
    this.writer = new EntryWriter(db);
  }

  /** Takes one event; true when it is time to report progress. */
  handle(event: ParseEvent): boolean {
    const summary = this.summary;
    const current = this.current;
    if (event.type === 'begin') {
      this.current = new OpenStatement(event.statement, summary.statements.length + 1, this.batchId, this.writer, this.ibans);
    } else if (event.type === 'entry' && current) {
      current.add(this.db, event.entry, this.options);
      return ++this.entries % PROGRESS_EVERY === 0;
    } else if (event.type === 'end' && current) {
      const done = current.finish(this.db, event.statement, this.options);
      summary.statements.push(done);
      summary.inserted += done.inserted;
      summary.duplicates += done.duplicates;
      summary.warnings.push(...current.warnings);
      this.current = null;
    } else if (event.type === 'warning') {
      summary.warnings.push(`statement ${summary.statements.length + (current ? 1 : 0)}: ${event.message}`);
    }
    return false;
  }
}

const PROGRESS_EVERY = 5000;

/**
 * Inserts a file's lines. Their keys are looked up a few hundred at a time while that finds known
 * lines, so that a re-import inserts nothing. Once a lookup finds none (a new file), lines are
 * inserted directly, until one turns out to be known: on a new file, the lookups cost a tenth of
 * the import. Either way the insert skips a known key, so the counts are exact.
 */
class EntryWriter {
  private lookingUp = true;
  private readonly insertRow: (e: NewBankEntry) => boolean;
  private readonly knownKeys: ReturnType<typeof knownImportKeys>;

  constructor(db: Db) {
    this.insertRow = entryInserter(db);
    this.knownKeys = knownImportKeys(db);
  }

  known(accountId: number, keys: readonly string[]): ReadonlySet<string> | 'all' {
    if (!this.lookingUp) return NONE_KNOWN;
    const known = this.knownKeys(accountId, keys);
    this.lookingUp = known === 'all' || known.size > 0;
    return known;
  }

  insert(row: NewBankEntry): boolean {
    const inserted = this.insertRow(row);
    if (!inserted) this.lookingUp = true;
    return inserted;
  }
}

const NONE_KNOWN: ReadonlySet<string> = new Set();

/** A statement being imported: its ledger account, its row, its counts. */
class OpenStatement {
  account: AccountRow | null = null;
  /** The statement's row, made when its first new line is inserted (see settle). */
  rowId = 0;
  inserted = 0;
  duplicates = 0;
  entryCount = 0;
  entriesMinor = 0;
  readonly warnings: string[] = [];
  private readonly occurrences = new OccurrenceCounter();
  /** Lines waiting to be looked up and inserted together. */
  private waiting: NewBankEntry[] = [];

  constructor(
    private header: StatementHeader,
    readonly index: number,
    private readonly batchId: number,
    private readonly writer: EntryWriter,
    private readonly ibans: IbanCache,
  ) {}

  add(db: Db, e: StatementEntry, options: ImportOptions): void {
    this.waiting.push(this.entryRow(db, e, options));
    if (this.waiting.length === KEY_LOOKUP_MAX) this.flush(db);
  }

  private entryRow(db: Db, e: StatementEntry, options: ImportOptions): NewBankEntry {
    const account = this.resolve(db, options, e.currency);
    const where = `statement ${this.index}, entry ${this.entryCount + 1}`;
    if (e.currency !== account.currency) {
      throw new StatementFileError(this.header.format, `entry in ${e.currency} on the ${account.currency} account "${account.name}"`, { statement: this.index });
    }
    const amountMinor = minorOrFail(e.amount, e.currency, this.header.format, where);
    this.entryCount++;
    this.entriesMinor += amountMinor;
    const content = [e.bookingDate, amountMinor, e.description, e.counterparty?.iban ?? '', e.bankReference ?? '', e.endToEndId ?? '', e.reference ?? ''];
    const sha1 = digest('sha1', JSON.stringify(content), 'buffer');
    const hash = sha1.toString('base64url', 0, 17).slice(0, 22);
    const occurrence = this.occurrences.next(sha1);
    return {
      accountId: account.id, statementId: null, batchId: this.batchId, bookingDate: e.bookingDate, valueDate: e.valueDate,
      amountMinor, currency: e.currency, description: e.description, counterpartyName: e.counterparty?.name ?? null,
      counterpartyIban: this.ibans.normalized(e.counterparty?.iban) ?? e.counterparty?.iban ?? null, reference: e.reference,
      endToEndId: e.endToEndId, bankReference: e.bankReference, pending: e.status === 'pending',
      // A pending line (MT942, camt.052) keeps a key of its own; when the booked line arrives,
      // confirmPendingEntries removes the pending twin.
      detailsJson: e.details.length ? JSON.stringify(e.details) : null, importKey: `${hash}#${occurrence}${e.status === 'pending' ? PENDING_SUFFIX : ''}`,
    };
  }

  /** Looks the waiting lines up in one query, then inserts those the ledger does not have. */
  private flush(db: Db): void {
    const rows = this.waiting;
    if (rows.length === 0) return;
    this.waiting = [];
    const known = this.writer.known(this.account!.id, rows.map((r) => r.importKey));
    if (known === 'all') {
      this.duplicates += rows.length;
      return;
    }
    for (const row of rows) {
      if (known.has(row.importKey)) {
        this.duplicates++;
        continue;
      }
      if (this.rowId === 0) this.rowId = insertProvisionalStatement(db, this.row(this.account!), `importing:${this.batchId}:${this.index}`);
      row.statementId = this.rowId;
      if (this.writer.insert(row)) this.inserted++;
      else this.duplicates++;
    }
  }

  finish(db: Db, header: StatementHeader, options: ImportOptions): StatementImportSummary {
    this.header = header;
    const account = this.resolve(db, options, header.closingBalance?.currency ?? header.openingBalance?.currency ?? null);
    this.flush(db);
    const row = this.row(account);
    const previous = row.openingDate ? previousClosing(db, account.id, row.openingDate, this.rowId) : null;
    if (previous && row.openingMinor !== null && previous.closingMinor !== row.openingMinor) {
      this.warnings.push(`statement ${header.id ?? this.index}: opening ${toDecimal(row.openingMinor, account.currency)} does not continue the closing ${toDecimal(previous.closingMinor, account.currency)} of the previous statement on ${previous.closingDate}`);
    }
    const known = this.settle(db, statementKey(header, row), row);
    const gap = row.openingMinor === null || row.closingMinor === null ? null : row.openingMinor + row.entriesMinor - row.closingMinor;
    if (gap) this.warnings.push(`statement ${header.id ?? this.index}: opening + entries - closing = ${toDecimal(gap, account.currency)}, not 0`);
    return {
      id: header.id, accountId: account.id, accountName: account.name, entries: this.entryCount, inserted: this.inserted,
      duplicates: this.duplicates, alreadyImported: known, difference: gap === null ? null : toDecimal(gap, account.currency),
    };
  }

  /**
   * Gives the statement its final row; true when it was imported before. Without a new line it
   * has no provisional row: inserting the final one directly either works (a new statement) or
   * meets the same statement's key. settleStatement would look for lines to move with a scan of
   * every line of the ledger, which made re-importing a file of many statements slow.
   */
  private settle(db: Db, key: string, row: StatementRowInput): boolean {
    if (this.rowId !== 0) return settleStatement(db, this.rowId, key, row).known;
    try {
      this.rowId = insertProvisionalStatement(db, row, key);
      return false;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
      throw error;
    }
  }

  /** Finds (or, when allowed, creates) the ledger account on first need. */
  private resolve(db: Db, options: ImportOptions, fallbackCurrency: string | null): AccountRow {
    if (this.account) return this.account;
    const a = this.header.account;
    const currency = a.currency ?? this.header.openingBalance?.currency ?? this.header.closingBalance?.currency ?? fallbackCurrency;
    const choice = options.accountChoices?.[this.index];
    let account = findLedgerAccount(db, a) ?? (typeof choice === 'number' ? accountById(db, choice) : undefined);
    if (!account && (options.createAccounts || choice === 'create')) account = createFromStatement(db, a, currency, options.actor);
    if (!account) {
      throw new PointageError('not_found', `no ledger account matches ${describeStatementAccount(a)} (statement ${this.header.id ?? this.index}): add it, choose one, or import with --create-accounts`, 'account');
    }
    if (currency && currency !== account.currency) {
      throw new PointageError('conflict', `statement ${this.header.id ?? this.index} is in ${currency} but ledger account "${account.name}" is in ${account.currency}`, 'currency');
    }
    this.row(account); // refuses unreadable balances now, as when the row was made here
    this.account = account;
    return account;
  }

  private row(account: AccountRow): StatementRowInput {
    const h = this.header;
    const where = `statement ${this.index}`;
    return {
      accountId: account.id, batchId: this.batchId, format: h.format, reference: h.id, currency: account.currency,
      openingMinor: h.openingBalance ? minorOrFail(h.openingBalance.amount, account.currency, h.format, where + ' opening balance') : null,
      openingDate: h.openingBalance?.date ?? null,
      closingMinor: h.closingBalance ? minorOrFail(h.closingBalance.amount, account.currency, h.format, where + ' closing balance') : null,
      closingDate: h.closingBalance?.date ?? null,
      entryCount: this.entryCount, entriesMinor: this.entriesMinor,
    };
  }
}

/** Files that do not say their currency (CSV, QIF) are in the currency of the account chosen for them. */
function chosenCurrency(ledger: Ledger, options: ImportOptions): string | undefined {
  const chosen = Object.values(options.accountChoices ?? {}).find((c): c is number => typeof c === 'number');
  return chosen === undefined ? undefined : accountById(ledger.read, chosen)?.currency;
}

/**
 * How many times each line content has come so far in a statement. A Map of the key strings took
 * about 100 bytes a line, all on the heap for the garbage collector to walk again and again on a
 * 200,000-line statement; this table takes 35 to 70, outside the heap. Contents are told apart by
 * the 132 bits of their SHA-1 that the import key keeps: two lines are the same content exactly
 * when their keys would be.
 */
class OccurrenceCounter {
  private capacity = 1024; // a power of two
  private words = new Int32Array(this.capacity * 4); // bytes 0-15 of each slot's digest
  private tails = new Uint8Array(this.capacity); // the top half of byte 16, plus 1; 0 for an empty slot
  private counts = new Uint32Array(this.capacity);
  private size = 0;

  /** 1 the first time a digest comes, then 2, 3... */
  next(sha1: Buffer): number {
    if (this.size >= this.capacity * OCCURRENCE_LOAD) this.grow();
    const w0 = sha1.readInt32LE(0), w1 = sha1.readInt32LE(4), w2 = sha1.readInt32LE(8), w3 = sha1.readInt32LE(12);
    const tail = (sha1[16] >> 4) + 1;
    const slot = this.slotOf(w0, w1, w2, w3, tail);
    if (this.tails[slot] === 0) {
      const at = slot * 4;
      this.words[at] = w0;
      this.words[at + 1] = w1;
      this.words[at + 2] = w2;
      this.words[at + 3] = w3;
      this.tails[slot] = tail;
      this.size++;
    }
    return ++this.counts[slot];
  }

  /** The slot holding this digest, or the empty slot where it goes (linear probing). */
  private slotOf(w0: number, w1: number, w2: number, w3: number, tail: number): number {
    const mask = this.capacity - 1;
    const words = this.words;
    for (let slot = w0 & mask; ; slot = (slot + 1) & mask) {
      const t = this.tails[slot];
      const at = slot * 4;
      if (t === 0 || (t === tail && words[at] === w0 && words[at + 1] === w1 && words[at + 2] === w2 && words[at + 3] === w3)) return slot;
    }
  }

  private grow(): void {
    const { words, tails, counts, capacity } = this;
    this.capacity = capacity * 2;
    this.words = new Int32Array(this.capacity * 4);
    this.tails = new Uint8Array(this.capacity);
    this.counts = new Uint32Array(this.capacity);
    for (let old = 0; old < capacity; old++) {
      if (tails[old] === 0) continue;
      const at = old * 4;
      const slot = this.slotOf(words[at], words[at + 1], words[at + 2], words[at + 3], tails[old]);
      this.words.set(words.subarray(at, at + 4), slot * 4);
      this.tails[slot] = tails[old];
      this.counts[slot] = counts[old];
    }
  }
}

const OCCURRENCE_LOAD = 0.6;

/** normalizeIban per distinct text: the same counterparties come back line after line. */
class IbanCache {
  private readonly known = new Map<string, string | null>();

  normalized(text: string | null | undefined): string | null {
    if (!text) return null;
    let iban = this.known.get(text);
    if (iban === undefined) {
      if (this.known.size === IBAN_CACHE_SIZE) this.known.clear();
      iban = normalizeIban(text);
      this.known.set(text, iban);
    }
    return iban;
  }
}

const IBAN_CACHE_SIZE = 10_000;

function createFromStatement(db: Db, a: StatementAccount, currency: string | null, actor: string): AccountRow {
  if (!currency) throw new PointageError('invalid_input', `cannot create a ledger account for ${describeStatementAccount(a)}: the statement does not say its currency`, 'currency');
  if (!isCurrency(currency)) {
    throw new PointageError('bad_file', `cannot create a ledger account for ${describeStatementAccount(a)}: "${currency}" is not an ISO 4217 currency code`, 'currency');
  }
  const iban = normalizeIban(a.iban) ?? normalizeIban(a.number);
  const id = insertAccount(db, {
    name: a.name ?? (iban ? `Compte ${iban.slice(0, 4)}…${iban.slice(-4)}` : `Compte ${a.number ?? ''}`.trim()),
    iban, dkAccount: iban ? danishAccountOfIban(iban) : null, number: iban ? null : a.number, bic: a.bic, currency,
  });
  appendAudit(db, actor, 'accounts.create', `account:${id}`, { from: 'statement', iban, number: a.number, currency });
  return accountById(db, id)!;
}

function statementKey(h: StatementHeader, row: StatementRowInput): string {
  return createHash('sha1')
    .update(JSON.stringify([h.format, h.id, row.openingDate, row.openingMinor, row.closingDate, row.closingMinor, row.entryCount, row.entriesMinor]))
    .digest('base64url');
}

function minorOrFail(amount: string, currency: string, format: string, where: string): number {
  try {
    return toMinor(amount, currency);
  } catch (error) {
    if (error instanceof MoneyError) throw new StatementFileError(format, `${where}: ${error.message}`);
    throw error;
  }
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: HASH_CHUNK_BYTES })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const HASH_CHUNK_BYTES = 1 << 20;

// ---------------------------------------------------------------------------------------------
// Where the parse events come from. A large file is parsed in a worker thread, which runs this
// module: on two cores, parsing and writing overlap. The worker sends the events in batches and
// stays at most BATCHES_AHEAD batches ahead of the writer, so memory stays bounded.

interface EventFeed {
  family: FormatFamily;
  batches(): AsyncIterable<ParseEvent[]>;
  /** Bytes of the file parsed so far, for progress. */
  bytesRead(): number;
  close(): void;
}

/** Below this size a worker costs more to start than it saves. */
const WORKER_MIN_BYTES = 8 << 20;
const EVENTS_PER_BATCH = 1000;
/** Enough for the worker to keep parsing while this thread reads the file for its hash. */
const BATCHES_AHEAD = 16;
const WORKER_ROLE = 'pointage:statement-parser';

interface ParseRequest {
  role: typeof WORKER_ROLE;
  file: string;
  options: FileParseOptions;
}

type FromWorker =
  | { type: 'opened'; family: FormatFamily }
  | { type: 'events'; events: SentEvent[]; bytes: number }
  | { type: 'done' }
  | { type: 'failed'; error: SentError };

async function openFeed(file: string, options: FileParseOptions, totalBytes: number): Promise<EventFeed> {
  const entry = totalBytes >= WORKER_MIN_BYTES ? workerEntry() : null;
  if (entry) return WorkerFeed.open(entry, { role: WORKER_ROLE, file, options });
  const opened = await openStatementFile(file, options);
  return { family: opened.family, batches: () => inBatches(opened.events), bytesRead: opened.bytesRead, close: () => undefined };
}

/**
 * The file the worker runs: this module, unless it is bundled (the bundle's own top level must not
 * run again); then `statements-worker.js` beside the bundle if the build wrote one, else none and
 * the file is parsed on this thread.
 */
function workerEntry(): URL | null {
  const self = new URL(import.meta.url);
  if (/\/import\/statements\.[cm]?[jt]s$/.test(self.pathname)) return self;
  const beside = new URL('./statements-worker.js', self);
  return existsSync(beside) ? beside : null;
}

/** Events in batches; those read before a failure come first, as when they came one by one. */
async function* inBatches(events: AsyncIterable<ParseEvent>): AsyncGenerator<ParseEvent[]> {
  let batch: ParseEvent[] = [];
  let failure: { error: unknown } | null = null;
  try {
    for await (const event of events) {
      batch.push(event);
      if (batch.length === EVENTS_PER_BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    failure = { error };
  }
  if (batch.length > 0) yield batch;
  if (failure) throw failure.error;
}

class WorkerFeed implements EventFeed {
  family: FormatFamily = 'csv';
  private bytes = 0;
  private readonly inbox: FromWorker[] = [];
  private wake: (() => void) | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.receive({ type: 'failed', error: sendable(error) }));
    worker.on('exit', (code) => this.receive({ type: 'failed', error: sendable(new Error(`the statement parser thread stopped (exit code ${code})`)) }));
  }

  static async open(entry: URL, request: ParseRequest): Promise<WorkerFeed> {
    const feed = new WorkerFeed(startWorker(entry, request));
    const first = await feed.next();
    if (first.type === 'opened') {
      feed.family = first.family;
      return feed;
    }
    feed.close();
    throw first.type === 'failed' ? revived(first.error) : new Error(`statement parser thread: unexpected ${first.type}`);
  }

  async *batches(): AsyncGenerator<ParseEvent[]> {
    for (;;) {
      const message = await this.next();
      if (message.type === 'done') return;
      if (message.type === 'failed') throw revived(message.error);
      if (message.type === 'events') {
        this.bytes = message.bytes;
        yield message.events.map(unpacked);
        this.worker.postMessage('more');
      }
    }
  }

  bytesRead = (): number => this.bytes;

  close(): void {
    void this.worker.terminate();
  }

  private receive(message: FromWorker): void {
    this.inbox.push(message);
    this.wake?.();
    this.wake = null;
  }

  private async next(): Promise<FromWorker> {
    while (this.inbox.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    return this.inbox.shift()!;
  }
}

function startWorker(entry: URL, request: ParseRequest): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: request });
  // Run from sources (tsx), the worker registers tsx before importing this module: Node 20 does
  // not apply an inherited `--import tsx` to a worker's entry file.
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData: request });
}

/** The worker's side: parses the file and sends its events, waiting when too far ahead. */
async function serveParse(port: MessagePort, request: ParseRequest): Promise<void> {
  let credit = BATCHES_AHEAD;
  let resume: (() => void) | null = null;
  port.on('message', () => {
    credit++;
    resume?.();
    resume = null;
  });
  const send = (message: FromWorker) => port.postMessage(message);
  try {
    const opened = await openStatementFile(request.file, request.options);
    send({ type: 'opened', family: opened.family });
    for await (const events of inBatches(opened.events)) {
      while (credit === 0) await new Promise<void>((r) => (resume = r));
      credit--;
      send({ type: 'events', events: events.map(packed), bytes: opened.bytesRead() });
    }
    send({ type: 'done' });
  } catch (error) {
    send({ type: 'failed', error: sendable(error) });
  }
}

/** An entry crosses threads as an array of its fields: that clones in less than half the time. */
type SentEntry = [
  bookingDate: string, valueDate: string | null, amount: string, currency: string, description: string,
  counterparty: [name: string | null, iban: string | null] | null, reference: string | null, endToEndId: string | null,
  bankReference: string | null, status: StatementEntry['status'], details: StatementEntry['details'],
];
type SentEvent = Exclude<ParseEvent, { type: 'entry' }> | SentEntry;

function packed(event: ParseEvent): SentEvent {
  if (event.type !== 'entry') return event;
  const e = event.entry;
  const party = e.counterparty && ([e.counterparty.name, e.counterparty.iban] as [string | null, string | null]);
  return [e.bookingDate, e.valueDate, e.amount, e.currency, e.description, party, e.reference, e.endToEndId, e.bankReference, e.status, e.details];
}

function unpacked(sent: SentEvent): ParseEvent {
  if (!Array.isArray(sent)) return sent;
  const [bookingDate, valueDate, amount, currency, description, party, reference, endToEndId, bankReference, status, details] = sent;
  const counterparty = party && { name: party[0], iban: party[1] };
  return { type: 'entry', entry: { bookingDate, valueDate, amount, currency, description, counterparty, reference, endToEndId, bankReference, status, details } };
}

/** Errors cross threads as plain data; revived, they are of the same class with the same message. */
type SentError =
  | { kind: 'file'; format: string; detail: string; location: StatementFileError['location'] }
  | { kind: 'pointage'; code: ErrorCode; message: string; where?: string }
  | { kind: 'other'; message: string; stack?: string };

function sendable(error: unknown): SentError {
  if (error instanceof StatementFileError) return { kind: 'file', format: error.format, detail: error.detail, location: error.location };
  if (error instanceof PointageError) return { kind: 'pointage', code: error.code, message: error.message, where: error.where };
  return error instanceof Error ? { kind: 'other', message: error.message, stack: error.stack } : { kind: 'other', message: String(error) };
}

function revived(sent: SentError): Error {
  if (sent.kind === 'file') return new StatementFileError(sent.format, sent.detail, sent.location);
  if (sent.kind === 'pointage') return new PointageError(sent.code, sent.message, sent.where);
  return Object.assign(new Error(sent.message), sent.stack ? { stack: sent.stack } : {});
}

if (!isMainThread && (workerData as Partial<ParseRequest> | null)?.role === WORKER_ROLE) {
  void serveParse(parentPort!, workerData as ParseRequest);
}
