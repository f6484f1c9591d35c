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
  // The hash is read here while the file's first batches are parsed (in the worker, when there is
  // one). It starts once the feed is open: read at the same time, it slowed the worker's start.
  const opening = openFeed(file, parseOptions, totalBytes);
  const hashing = opening.then(() => fileSha256(file), () => fileSha256(file));
  const [hashed, opened] = await Promise.allSettled([hashing, opening]);
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
  const cancelled = () => new PointageError('cancelled', `import of ${name} cancelled: nothing was written`);
  for await (const batch of feed.batches()) {
    const events = new BatchReader(batch);
    let other = 0;
    for (let i = 0; i <= batch.entries; i++) {
      for (; other < batch.others.length && batch.others[other][0] === i; other++) {
        if (options.signal?.aborted) throw cancelled();
        reading.handle(batch.others[other][1]);
      }
      if (i === batch.entries) break;
      if (options.signal?.aborted) throw cancelled();
      if (reading.entry(events)) options.onProgress?.({ bytes: feed.bytesRead(), totalBytes, entries: reading.entries });
    }
    feed.hashes = reading.inserting;
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

  /** True while lines go straight in, rather than being looked up first (see EntryWriter). */
  get inserting(): boolean {
    return !this.writer.lookingUp;
  }

  /** Takes the next entry of a batch; true when it is time to report progress. */
  entry(events: BatchReader): boolean {
    const entry = events.next();
    if (!this.current) return false;
    this.current.add(this.db, entry, this.options);
    return ++this.entries % PROGRESS_EVERY === 0;
  }

  /** Takes an event other than an entry. */
  handle(event: OtherEvent): void {
    const summary = this.summary;
    const current = this.current;
    if (event.type === 'begin') {
      this.current = new OpenStatement(event.statement, summary.statements.length + 1, this.batchId, this.writer, this.ibans);
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
  lookingUp = true;
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

  add(db: Db, e: FlatEntry, options: ImportOptions): void {
    this.waiting.push(this.entryRow(db, e, options));
    if (this.waiting.length === KEY_LOOKUP_MAX) this.flush(db);
  }

  private entryRow(db: Db, e: FlatEntry, options: ImportOptions): NewBankEntry {
    const account = this.resolve(db, options, e.currency);
    if (e.currency !== account.currency) {
      throw new StatementFileError(this.header.format, `entry in ${e.currency} on the ${account.currency} account "${account.name}"`, { statement: this.index });
    }
    // The parser thread may have worked out the amount and the hash already (see EventFeed.hashes).
    const amountMinor = Number.isNaN(e.minor) ? minorOrFail(e.amount, e.currency, this.header.format, `statement ${this.index}, entry ${this.entryCount + 1}`) : e.minor;
    this.entryCount++;
    this.entriesMinor += amountMinor;
    const hash = e.hash ?? contentHash(e.bookingDate, amountMinor, e.description, e.counterpartyIban, e.bankReference, e.endToEndId, e.reference);
    const occurrence = this.occurrences.next(hash);
    return {
      accountId: account.id, statementId: null, batchId: this.batchId, bookingDate: e.bookingDate, valueDate: e.valueDate,
      amountMinor, currency: e.currency, description: e.description, counterpartyName: e.counterpartyName,
      counterpartyIban: this.ibans.normalized(e.counterpartyIban) ?? e.counterpartyIban, reference: e.reference,
      endToEndId: e.endToEndId, bankReference: e.bankReference, pending: e.pending,
      // A pending line (MT942, camt.052) keeps a key of its own; when the booked line arrives,
      // confirmPendingEntries removes the pending twin.
      detailsJson: e.detailsJson, importKey: `${hash}#${occurrence}${e.pending ? PENDING_SUFFIX : ''}`,
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
 * the 132 bits of their hash (see contentHash), read from its 22 base64url characters: two lines
 * are the same content exactly when their keys would be.
 */
class OccurrenceCounter {
  private capacity = 1024; // a power of two
  private words = new Int32Array(this.capacity * 4); // bits 0-127 of each slot's hash
  private tails = new Uint8Array(this.capacity); // bits 128-131, plus 1; 0 for an empty slot
  private counts = new Uint32Array(this.capacity);
  private size = 0;

  /** 1 the first time a hash comes, then 2, 3... */
  next(hash: string): number {
    if (this.size >= this.capacity * OCCURRENCE_LOAD) this.grow();
    // Four characters make 24 bits: characters 0-15 fill the low 24 bits of the four words,
    // 16-19 their top bytes, and the last two give 12 bits, 8 of them in the last word's top byte.
    const g4 = sextets(hash, 16, 4);
    const last = sextets(hash, 20, 2);
    const w0 = sextets(hash, 0, 4) | ((g4 & 0xff) << 24);
    const w1 = sextets(hash, 4, 4) | (((g4 >> 8) & 0xff) << 24);
    const w2 = sextets(hash, 8, 4) | ((g4 >>> 16) << 24);
    const w3 = sextets(hash, 12, 4) | ((last & 0xff) << 24);
    const tail = (last >>> 8) + 1;
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

  /** The slot holding this hash, or the empty slot where it goes (linear probing). */
  private slotOf(w0: number, w1: number, w2: number, w3: number, tail: number): number {
    const mask = this.capacity - 1;
    const words = this.words;
    for (let slot = (w0 ^ w3) & mask; ; slot = (slot + 1) & mask) {
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

/** The 6-bit values of `count` base64url characters from `at`, as one number. */
function sextets(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) value = (value << 6) | BASE64URL_VALUES[text.charCodeAt(i)];
  return value;
}

const BASE64URL_VALUES = new Uint8Array(128);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('').forEach((c, i) => (BASE64URL_VALUES[c.charCodeAt(0)] = i));

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

/**
 * A line's content (the counterparty's IBAN as the file writes it) as its import key has it: 132
 * bits of its SHA-1, the first HASH_LENGTH characters of the digest in base64url.
 */
function contentHash(
  bookingDate: string, amountMinor: number, description: string, iban: string | null, bankReference: string | null, endToEndId: string | null, reference: string | null,
): string {
  const content = [bookingDate, amountMinor, description, iban ?? '', bankReference ?? '', endToEndId ?? '', reference ?? ''];
  return digest('sha1', JSON.stringify(content), 'base64url').slice(0, HASH_LENGTH);
}

const HASH_LENGTH = 22;
/** Holds the place of a hash the parser thread could not work out (the amount is unreadable). */
const PLACEHOLDER_HASH = '-'.repeat(HASH_LENGTH);

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
//
// A batch crosses threads as a few flat values rather than an object per entry (cloning entries
// of a dozen strings each cost the worker as much as parsing them): the entries' strings one after
// another in one string, their lengths in an Int32Array. A file parsed on this thread goes through
// the same batches, so that both ways read the same.

interface EventFeed {
  family: FormatFamily;
  batches(): AsyncIterable<EventBatch>;
  /**
   * Whether the parser thread should also work out each entry's amount in minor units and content
   * hash. Inserting, this thread has more to do than the parser's; finding duplicates, less.
   * Batches already parsed come as they are; a feed without a thread of its own ignores it.
   */
  hashes: boolean;
  /** Bytes of the file parsed so far, for progress. */
  bytesRead(): number;
  close(): void;
}

type OtherEvent = Exclude<ParseEvent, { type: 'entry' }>;

interface EventBatch {
  entries: number;
  /** The entries' fields (FIELDS each, in the order of BatchWriter.add; pending is '' or null), one after another. */
  text: string;
  /** Each field's length in text; -1 for null, SAME for the value date the same as the booking date, the currency the same as the previous entry's. */
  lengths: Int32Array;
  /** The other events, each with the number of entries that come before it in the batch. */
  others: [number, OtherEvent][];
  /**
   * When the parser thread worked them out (see EventFeed.hashes): each entry's amount in minor
   * units (NaN when unreadable) and content hash, HASH_LENGTH characters each in `hashes`.
   */
  minors: Float64Array | null;
  hashes: string | null;
}

/** An entry as the importer reads it: the fields of a StatementEntry, counterparty and details flattened. */
interface FlatEntry {
  bookingDate: string;
  valueDate: string | null;
  amount: string;
  currency: string;
  description: string;
  counterpartyName: string | null;
  counterpartyIban: string | null;
  reference: string | null;
  endToEndId: string | null;
  bankReference: string | null;
  pending: boolean;
  detailsJson: string | null;
  /** Worked out by the parser thread: the amount in minor units (else NaN) and the content hash (else null). */
  minor: number;
  hash: string | null;
}

const FIELDS = 12;
const SAME = -2;

/** Gathers parse events into a batch. */
class BatchWriter {
  private parts: string[] = [];
  private lengths = new Int32Array(EVENTS_PER_BATCH * FIELDS);
  private others: [number, OtherEvent][] = [];
  private at = 0;
  private minors: Float64Array | null = null;
  private hashes: string[] = [];
  /** The currency of the batch's last entry. */
  private currency: string | null = null;
  entries = 0;
  events = 0;

  /** `hashing`: whether to work out the entries' amounts and hashes, asked at the start of each batch. */
  constructor(private readonly hashing: () => boolean = () => false) {}

  add(event: ParseEvent): void {
    if (this.events++ === 0 && this.hashing()) this.minors = new Float64Array(EVENTS_PER_BATCH);
    if (event.type !== 'entry') {
      this.others.push([this.entries, event]);
      return;
    }
    const e = event.entry;
    if (this.minors) this.hash(e);
    if (this.at + FIELDS > this.lengths.length) {
      const grown = new Int32Array(this.lengths.length * 2);
      grown.set(this.lengths);
      this.lengths = grown;
    }
    this.put(e.bookingDate);
    if (e.valueDate === e.bookingDate) this.lengths[this.at++] = SAME;
    else this.put(e.valueDate);
    this.put(e.amount);
    if (e.currency === this.currency) this.lengths[this.at++] = SAME;
    else this.put((this.currency = e.currency));
    this.put(e.description);
    this.put(e.counterparty?.name ?? null);
    this.put(e.counterparty?.iban ?? null);
    this.put(e.reference);
    this.put(e.endToEndId);
    this.put(e.bankReference);
    this.put(e.status === 'pending' ? '' : null);
    this.put(e.details.length ? JSON.stringify(e.details) : null);
    this.entries++;
  }

  private hash(e: StatementEntry): void {
    let minor = NaN;
    try {
      minor = toMinor(e.amount, e.currency);
    } catch {
      // left to the importer, which says where
    }
    this.minors![this.entries] = minor;
    this.hashes.push(Number.isNaN(minor) ? PLACEHOLDER_HASH : contentHash(e.bookingDate, minor, e.description, e.counterparty?.iban ?? null, e.bankReference, e.endToEndId, e.reference));
  }

  private put(value: string | null): void {
    if (value === null) {
      this.lengths[this.at++] = -1;
    } else {
      this.lengths[this.at++] = value.length;
      this.parts.push(value);
    }
  }

  take(): EventBatch {
    const batch = {
      entries: this.entries, text: this.parts.join(''), lengths: this.lengths.slice(0, this.at), others: this.others,
      minors: this.minors, hashes: this.minors ? this.hashes.join('') : null,
    };
    this.minors = null;
    this.hashes = [];
    this.currency = null;
    this.parts = [];
    this.others = [];
    this.at = 0;
    this.entries = 0;
    this.events = 0;
    return batch;
  }
}

/** Reads a batch's entries in order, into one FlatEntry that each call overwrites. */
class BatchReader {
  private offset = 0;
  private at = 0;
  private index = 0;
  private readonly entry: FlatEntry = {
    bookingDate: '', valueDate: null, amount: '', currency: '', description: '', counterpartyName: null, counterpartyIban: null,
    reference: null, endToEndId: null, bankReference: null, pending: false, detailsJson: null, minor: NaN, hash: null,
  };

  constructor(private readonly batch: EventBatch) {}

  next(): FlatEntry {
    const e = this.entry;
    const index = this.index++;
    const { minors, hashes } = this.batch;
    e.minor = minors === null ? NaN : minors[index];
    e.hash = Number.isNaN(e.minor) ? null : hashes!.slice(index * HASH_LENGTH, (index + 1) * HASH_LENGTH);
    e.bookingDate = this.text();
    e.valueDate = this.same() ? e.bookingDate : this.field();
    e.amount = this.text();
    if (!this.same()) e.currency = this.text(); // else the previous entry's, still in `entry`
    e.description = this.text();
    e.counterpartyName = this.field();
    e.counterpartyIban = this.field();
    e.reference = this.field();
    e.endToEndId = this.field();
    e.bankReference = this.field();
    e.pending = this.field() !== null;
    e.detailsJson = this.field();
    return e;
  }

  private text(): string {
    return this.field() ?? '';
  }

  /** True, and past it, when the next field is SAME. */
  private same(): boolean {
    if (this.batch.lengths[this.at] !== SAME) return false;
    this.at++;
    return true;
  }

  private field(): string | null {
    const length = this.batch.lengths[this.at++];
    if (length < 0) return null;
    const start = this.offset;
    this.offset += length;
    return this.batch.text.slice(start, this.offset);
  }
}

/** Below this size a worker costs more to start than it saves. */
const WORKER_MIN_BYTES = 8 << 20;
/**
 * Events per batch. A batch's text stays under 128 KB (V8's largest object outside its large-object
 * space), so that it is collected young on both threads.
 */
const EVENTS_PER_BATCH = 250;
/**
 * How far ahead the worker may go (some 100 KB a batch): enough for it to keep parsing while this
 * thread reads the file for its hash, some 30,000 entries.
 */
const BATCHES_AHEAD = 128;
const WORKER_ROLE = 'pointage:statement-parser';
/** What the importer sends the worker for each batch it takes: one more, and whether to work out hashes. */
const MORE = 0;
const MORE_WITH_HASHES = 1;

interface ParseRequest {
  role: typeof WORKER_ROLE;
  file: string;
  options: FileParseOptions;
}

type FromWorker =
  | { type: 'opened'; family: FormatFamily }
  | { type: 'events'; batch: EventBatch; bytes: number }
  | { type: 'done' }
  | { type: 'failed'; error: SentError };

async function openFeed(file: string, options: FileParseOptions, totalBytes: number): Promise<EventFeed> {
  const entry = totalBytes >= WORKER_MIN_BYTES ? workerEntry() : null;
  if (entry) return WorkerFeed.open(entry, { role: WORKER_ROLE, file, options });
  const opened = await openStatementFile(file, options);
  return { family: opened.family, batches: () => inBatches(opened.events), bytesRead: opened.bytesRead, close: () => undefined, hashes: false };
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
async function* inBatches(events: AsyncIterable<ParseEvent>): AsyncGenerator<EventBatch> {
  const batch = new BatchWriter();
  let failure: { error: unknown } | null = null;
  try {
    for await (const event of events) {
      batch.add(event);
      if (batch.events === EVENTS_PER_BATCH) yield batch.take();
    }
  } catch (error) {
    failure = { error };
  }
  if (batch.events > 0) yield batch.take();
  if (failure) throw failure.error;
}

class WorkerFeed implements EventFeed {
  family: FormatFamily = 'csv';
  hashes = false;
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

  async *batches(): AsyncGenerator<EventBatch> {
    for (;;) {
      const message = await this.next();
      if (message.type === 'done') return;
      if (message.type === 'failed') throw revived(message.error);
      if (message.type === 'events') {
        this.bytes = message.bytes;
        this.worker.postMessage(this.hashes ? MORE_WITH_HASHES : MORE);
        yield message.batch;
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
  let hashes = false;
  let resume: (() => void) | null = null;
  port.on('message', (more: typeof MORE | typeof MORE_WITH_HASHES) => {
    hashes = more === MORE_WITH_HASHES;
    credit++;
    resume?.();
    resume = null;
  });
  const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  const writer = new BatchWriter(() => hashes);
  let bytesRead = () => 0;
  const sendBatch = async () => {
    while (credit === 0) await new Promise<void>((r) => (resume = r));
    credit--;
    const batch = writer.take();
    const buffers = [batch.lengths, batch.minors].filter((a) => a !== null).map((a) => a.buffer as ArrayBuffer);
    send({ type: 'events', batch, bytes: bytesRead() }, buffers);
  };
  try {
    const opened = await openStatementFile(request.file, request.options);
    bytesRead = opened.bytesRead;
    send({ type: 'opened', family: opened.family });
    // Batched here rather than through inBatches: a generator less for every event to go through;
    // and read in the parser's groups when it makes them, so that events come without a wait each.
    if (opened.groups) {
      for await (const group of opened.groups) {
        for (const event of group) {
          writer.add(event);
          if (writer.events === EVENTS_PER_BATCH) await sendBatch();
        }
      }
    } else {
      for await (const event of opened.events) {
        writer.add(event);
        if (writer.events === EVENTS_PER_BATCH) await sendBatch();
      }
    }
    if (writer.events > 0) await sendBatch();
    send({ type: 'done' });
  } catch (error) {
    // Events read before the failure come first, as when they came one by one.
    if (writer.events > 0) await sendBatch();
    send({ type: 'failed', error: sendable(error) });
  }
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
