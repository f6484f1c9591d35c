// The import workflow as the UI drives it: a file is uploaded, inspected (its statements, which
// ledger account each goes to, the balance check, a CSV mapping and its preview), then imported
// with progress, and can be cancelled. CSV mappings are saved per shape of file and reused.
import { PointageError } from '../../../shared/contract/errors.js';
import type { CsvPreview, Inspection } from '../../../shared/contract/index.js';
import { addDecimals } from '../../../shared/money.js';
import type { FormatFamily } from '../../../shared/statement.js';
import { findLedgerAccount, normalizeIban } from '../accounts/identify.js';
import { rememberSeenAccount } from '../ledger/seen-accounts.js';
import type { Core } from '../core.js';
import type { SettingsStore } from '../settings/store.js';
import { decodeBuffer, detectEncoding } from '../statements/common/decode.js';
import { detectFormat } from '../statements/common/detect.js';
import { balanceGap } from '../statements/common/document.js';
import type { CsvMapping, StatementHeader } from '../statements/common/types.js';
import { checkCsvMapping, csvShape, guessMapping, previewCsv } from '../statements/csv/mapping.js';
import { openStatementFile, readHead } from '../statements/parse-file.js';
import { importStatementFile, type FileImportSummary } from './statements.js';
import { Uploads } from './uploads.js';
import { indexQueuedEntriesSoon } from '../ledger/entry-index.js';

export interface RunOptions {
  jobId: string;
  format?: FormatFamily;
  csvMapping?: CsvMapping;
  saveCsvMapping: boolean;
  accountChoices: Record<string, number | 'create'>;
}

export class ImportService {
  readonly uploads: Uploads;
  private readonly jobs = new Map<string, AbortController>();

  constructor(private readonly core: Core) {
    this.uploads = new Uploads(core.dataDir);
  }

  async inspect(uploadId: string, format?: FormatFamily, given?: CsvMapping): Promise<Inspection> {
    const { file, name } = this.uploads.get(uploadId);
    const csv = await this.csvSection(file, format, given);
    if (csv && (!csv.mapping || csv.preview?.problems.length)) {
      return { file: name, format: 'csv', statements: [], warnings: csv.preview?.problems ?? ['choose how to read the columns'], csv };
    }
    const opened = await openStatementFile(file, { format, csvMapping: csv?.mapping ?? undefined });
    const statements: Inspection['statements'] = [];
    const warnings: string[] = [];
    let current = { entries: 0, sum: '0', from: null as string | null, to: null as string | null };
    for await (const event of opened.events) {
      if (event.type === 'begin') current = { entries: 0, sum: '0', from: null, to: null };
      else if (event.type === 'entry') {
        const e = event.entry;
        current.entries++;
        current.sum = addDecimals([current.sum, e.amount]);
        if (!current.from || e.bookingDate < current.from) current.from = e.bookingDate;
        if (!current.to || e.bookingDate > current.to) current.to = e.bookingDate;
      } else if (event.type === 'end') statements.push(this.inspected(event.statement, statements.length + 1, current));
      else warnings.push(event.message);
    }
    return { file: name, format: opened.family, statements, warnings, csv };
  }

  async csvPreview(uploadId: string, mapping: CsvMapping): Promise<CsvPreview> {
    const { file } = this.uploads.get(uploadId);
    return toContractPreview(previewCsv(await headText(file, mapping.encoding), mapping));
  }

  async run(uploadId: string, options: RunOptions): Promise<FileImportSummary> {
    const { file, name } = this.uploads.get(uploadId);
    if (this.jobs.has(options.jobId)) throw new PointageError('conflict', `job ${options.jobId} is already running`, 'jobId');
    const csvMapping = options.csvMapping ? checked(options.csvMapping) : await savedCsvMapping(this.core.settings, file);
    const abort = new AbortController();
    this.jobs.set(options.jobId, abort);
    try {
      const summary = await importStatementFile(this.core.ledger, file, {
        actor: 'user',
        displayName: name,
        format: options.format,
        csvMapping,
        accountChoices: Object.fromEntries(Object.entries(options.accountChoices).map(([k, v]) => [Number(k), v])),
        signal: abort.signal,
        onProgress: (p) => this.core.events.emit('progress', { task: `import:${options.jobId}`, done: p.bytes, total: p.totalBytes, label: name }),
      });
      if (options.saveCsvMapping && options.csvMapping && summary.format === 'csv') await saveCsvMapping(this.core.settings, file, options.csvMapping);
      indexQueuedEntriesSoon(this.core.ledger); // text search is ready before the first one

      this.uploads.discard(uploadId);
      return summary;
    } finally {
      this.jobs.delete(options.jobId);
    }
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    job?.abort();
    return job !== undefined;
  }

  private inspected(h: StatementHeader, index: number, c: { entries: number; sum: string; from: string | null; to: string | null }): Inspection['statements'][number] {
    const account = findLedgerAccount(this.core.ledger.read, h.account);
    if (!account) this.rememberUnlinked(h);
    return {
      index, id: h.id, format: h.format,
      account: { iban: h.account.iban, number: h.account.number, name: h.account.name, currency: h.account.currency ?? h.closingBalance?.currency ?? h.openingBalance?.currency ?? null },
      ledgerAccountId: account?.id ?? null, ledgerAccountName: account?.name ?? null, entries: c.entries,
      openingBalance: h.openingBalance?.amount ?? null, closingBalance: h.closingBalance?.amount ?? null,
      difference: h.openingBalance && h.closingBalance ? (balanceGap(h.openingBalance, [c.sum], h.closingBalance) ?? '0.00') : null,
      fromDate: c.from, toDate: c.to,
    };
  }

  /** An account no ledger account matches is listed on the Accounts screen, to link or create. */
  private rememberUnlinked(h: StatementHeader): void {
    const iban = normalizeIban(h.account.iban) ?? normalizeIban(h.account.number);
    if (!iban && !h.account.number) return;
    const ledger = this.core.ledger;
    void ledger.writeLock.run(() =>
      rememberSeenAccount(ledger.write, {
        iban, number: iban ? null : h.account.number, name: h.account.name, bic: h.account.bic,
        currency: h.account.currency ?? h.closingBalance?.currency ?? h.openingBalance?.currency ?? null, source: 'statement',
      }),
    );
  }

  private async csvSection(file: string, format: FormatFamily | undefined, given: CsvMapping | undefined): Promise<Inspection['csv']> {
    const text = await headText(file, given?.encoding);
    const isCsv = format === 'csv' || (format === undefined && detectFormat(text) === 'csv');
    if (!isCsv) return null;
    const saved = await savedCsvMapping(this.core.settings, file);
    const mapping = given ?? saved ?? guessMapping(text);
    const source = given ? 'given' : saved ? 'saved' : mapping ? 'guessed' : 'none';
    return { mapping: mapping ?? null, source, preview: mapping ? toContractPreview(previewCsv(text, mapping)) : null };
  }
}

function checked(mapping: CsvMapping): CsvMapping {
  const check = checkCsvMapping(mapping);
  if (!check.ok) throw new PointageError('invalid_input', `csvMapping: ${check.problems.join('; ')}`, 'csvMapping');
  return check.mapping;
}

async function headText(file: string, encoding?: string): Promise<string> {
  const head = await readHead(file);
  return decodeBuffer(head, encoding ?? detectEncoding(head));
}

/** The mapping saved for files shaped like this one (same separator and column names), if any. */
export async function savedCsvMapping(settings: SettingsStore, file: string): Promise<CsvMapping | undefined> {
  return settings.get('csvMappings')[csvShape(await headText(file))];
}

async function saveCsvMapping(settings: SettingsStore, file: string, mapping: CsvMapping): Promise<void> {
  settings.set('csvMappings', { ...settings.get('csvMappings'), [csvShape(await headText(file))]: mapping });
}

function toContractPreview(p: ReturnType<typeof previewCsv>): CsvPreview {
  return {
    columns: p.columns,
    problems: p.problems,
    rows: p.rows.map((r) => ({ line: r.line, cells: r.cells, amount: r.entry?.amount ?? null, bookingDate: r.entry?.bookingDate ?? null, description: r.entry?.description ?? null, error: r.error })),
  };
}
