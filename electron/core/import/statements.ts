// Importing statement files into the ledger. One transaction per file: a bad line, a cancel or
// a crash leaves the ledger as it was. Lines already known (same content, same occurrence within
// their statement) are counted as duplicates and skipped.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { PointageError } from '../../../shared/contract/errors.js';
import { MoneyError, toDecimal, toMinor } from '../../../shared/money.js';
import type { FormatFamily, StatementAccount, StatementEntry } from '../../../shared/statement.js';
import { describeStatementAccount, danishAccountOfIban, findLedgerAccount, normalizeIban } from '../accounts/identify.js';
import { insertAccount, accountById, type AccountRow } from '../ledger/accounts.js';
import { appendAudit } from '../ledger/audit.js';
import type { Db, Ledger } from '../ledger/database.js';
import { confirmPendingEntries, entryInserter, PENDING_SUFFIX } from '../ledger/entries.js';
import { finishBatch, insertBatch, insertProvisionalStatement, settleStatement, type StatementRowInput } from '../ledger/statements-write.js';
import { previousClosing } from '../ledger/statements.js';
import { StatementFileError } from '../statements/common/errors.js';
import type { ParseOptions, StatementHeader } from '../statements/common/types.js';
import { openStatementFile } from '../statements/parse-file.js';

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
  const sha256 = await fileSha256(file);
  const opened = await openStatementFile(file, { ...options, defaultCurrency: options.defaultCurrency ?? chosenCurrency(ledger, options) });
  return ledger.writeLock.run(async () => {
    const db = ledger.write;
    db.exec('BEGIN IMMEDIATE');
    try {
      const summary = await readIntoLedger(db, file, sha256, opened, totalBytes, options);
      db.exec('COMMIT');
      return summary;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  });
}

type Opened = Awaited<ReturnType<typeof openStatementFile>>;

async function readIntoLedger(db: Db, file: string, sha256: string, opened: Opened, totalBytes: number, options: ImportOptions): Promise<FileImportSummary> {
  const name = options.displayName ?? path.basename(file);
  const batchId = insertBatch(db, { source: options.source ?? 'file', label: name, sha256, format: opened.family });
  const insert = entryInserter(db);
  const summary: FileImportSummary = { file: name, format: opened.family, statements: [], inserted: 0, duplicates: 0, warnings: [] };
  let current: OpenStatement | null = null;
  let entries = 0;
  for await (const event of opened.events) {
    if (options.signal?.aborted) throw new PointageError('cancelled', `import of ${name} cancelled: nothing was written`);
    if (event.type === 'begin') {
      current = new OpenStatement(event.statement, summary.statements.length + 1, batchId);
    } else if (event.type === 'entry' && current) {
      const row = current.entryRow(db, event.entry, options);
      if (insert(row)) current.inserted++;
      else current.duplicates++;
      if (++entries % 5000 === 0) options.onProgress?.({ bytes: opened.bytesRead(), totalBytes, entries });
    } else if (event.type === 'end' && current) {
      const done = current.finish(db, event.statement, options);
      summary.statements.push(done);
      summary.inserted += done.inserted;
      summary.duplicates += done.duplicates;
      summary.warnings.push(...current.warnings);
      current = null;
    } else if (event.type === 'warning') {
      summary.warnings.push(`statement ${summary.statements.length + (current ? 1 : 0)}: ${event.message}`);
    }
  }
  for (const accountId of new Set(summary.statements.map((s) => s.accountId))) confirmPendingEntries(db, accountId);
  finishBatch(db, batchId, summary.inserted, summary.duplicates);
  appendAudit(db, options.actor, 'statements.import', `batch:${batchId}`, {
    file: name, format: opened.family, inserted: summary.inserted, duplicates: summary.duplicates,
  });
  options.onProgress?.({ bytes: totalBytes, totalBytes, entries });
  return summary;
}

/** A statement being imported: its ledger account, its row, its counts. */
class OpenStatement {
  account: AccountRow | null = null;
  rowId = 0;
  inserted = 0;
  duplicates = 0;
  entryCount = 0;
  entriesMinor = 0;
  readonly warnings: string[] = [];
  private readonly occurrences = new Map<string, number>();

  constructor(
    private header: StatementHeader,
    readonly index: number,
    private readonly batchId: number,
  ) {}

  entryRow(db: Db, e: StatementEntry, options: ImportOptions) {
    const account = this.resolve(db, options, e.currency);
    const where = `statement ${this.index}, entry ${this.entryCount + 1}`;
    if (e.currency !== account.currency) {
      throw new StatementFileError(this.header.format, `entry in ${e.currency} on the ${account.currency} account "${account.name}"`, { statement: this.index });
    }
    const amountMinor = minorOrFail(e.amount, e.currency, this.header.format, where);
    this.entryCount++;
    this.entriesMinor += amountMinor;
    const content = [e.bookingDate, amountMinor, e.description, e.counterparty?.iban ?? '', e.bankReference ?? '', e.endToEndId ?? '', e.reference ?? ''];
    const hash = createHash('sha1').update(JSON.stringify(content)).digest('base64url').slice(0, 22);
    const occurrence = (this.occurrences.get(hash) ?? 0) + 1;
    this.occurrences.set(hash, occurrence);
    return {
      accountId: account.id, statementId: this.rowId, batchId: this.batchId, bookingDate: e.bookingDate, valueDate: e.valueDate,
      amountMinor, currency: e.currency, description: e.description, counterpartyName: e.counterparty?.name ?? null,
      counterpartyIban: normalizeIban(e.counterparty?.iban) ?? e.counterparty?.iban ?? null, reference: e.reference,
      endToEndId: e.endToEndId, bankReference: e.bankReference, pending: e.status === 'pending',
      // A pending line (MT942, camt.052) keeps a key of its own; when the booked line arrives,
      // confirmPendingEntries removes the pending twin.
      detailsJson: e.details.length ? JSON.stringify(e.details) : null, importKey: `${hash}#${occurrence}${e.status === 'pending' ? PENDING_SUFFIX : ''}`,
    };
  }

  finish(db: Db, header: StatementHeader, options: ImportOptions): StatementImportSummary {
    this.header = header;
    const account = this.resolve(db, options, header.closingBalance?.currency ?? header.openingBalance?.currency ?? null);
    const row = this.row(account);
    const previous = row.openingDate ? previousClosing(db, account.id, row.openingDate, this.rowId) : null;
    if (previous && row.openingMinor !== null && previous.closingMinor !== row.openingMinor) {
      this.warnings.push(`statement ${header.id ?? this.index}: opening ${toDecimal(row.openingMinor, account.currency)} does not continue the closing ${toDecimal(previous.closingMinor, account.currency)} of the previous statement on ${previous.closingDate}`);
    }
    const settled = settleStatement(db, this.rowId, statementKey(header, row), row);
    const gap = row.openingMinor === null || row.closingMinor === null ? null : row.openingMinor + row.entriesMinor - row.closingMinor;
    if (gap) this.warnings.push(`statement ${header.id ?? this.index}: opening + entries - closing = ${toDecimal(gap, account.currency)}, not 0`);
    return {
      id: header.id, accountId: account.id, accountName: account.name, entries: this.entryCount, inserted: this.inserted,
      duplicates: this.duplicates, alreadyImported: settled.known, difference: gap === null ? null : toDecimal(gap, account.currency),
    };
  }

  /** Finds (or, when allowed, creates) the ledger account on first need, then opens the row. */
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
    this.account = account;
    this.rowId = insertProvisionalStatement(db, this.row(account), `importing:${this.batchId}:${this.index}`);
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

function createFromStatement(db: Db, a: StatementAccount, currency: string | null, actor: string): AccountRow {
  if (!currency) throw new PointageError('invalid_input', `cannot create a ledger account for ${describeStatementAccount(a)}: the statement does not say its currency`, 'currency');
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
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
