// Open items (invoices, bills, expected payments) from the ERP's CSV export:
//   id,kind,party,party_iban,reference,issue_date,due_date,amount,currency
// RFC 4180, UTF-8. Re-importing updates items by id, never duplicates them. One transaction:
// one bad row and nothing is written, with an error naming the line and the column.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { PointageError } from '../../../shared/contract/errors.js';
import { isCurrency, MoneyError, toMinor } from '../../../shared/money.js';
import { normalizeIban } from '../accounts/identify.js';
import { appendAudit } from '../ledger/audit.js';
import type { Ledger } from '../ledger/database.js';
import { upsertOpenItem, type NewOpenItem } from '../ledger/items.js';

export const ITEM_COLUMNS = ['id', 'kind', 'party', 'party_iban', 'reference', 'issue_date', 'due_date', 'amount', 'currency'] as const;

export interface ItemsImportSummary {
  file: string;
  inserted: number;
  updated: number;
  unchanged: number;
}

export async function importItemsCsv(ledger: Ledger, file: string, actor: string, source = 'csv'): Promise<ItemsImportSummary> {
  const name = path.basename(file);
  const items = readItems(name, await readFile(file, 'utf8'), source);
  return ledger.writeLock.run(() =>
    ledger.write.transaction(() => {
      const summary: ItemsImportSummary = { file: name, inserted: 0, updated: 0, unchanged: 0 };
      for (const item of items) summary[upsertOpenItem(ledger.write, item)]++;
      appendAudit(ledger.write, actor, 'items.import', null, summary);
      return summary;
    })(),
  );
}

export function readItems(name: string, text: string, source: string): NewOpenItem[] {
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: false, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw new PointageError('bad_file', `${name}: not a valid CSV file (${(error as Error).message})`, name);
  }
  const header = rows.shift()?.map((h) => h.trim().toLowerCase()) ?? [];
  const missing = ITEM_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new PointageError('bad_file', `${name}: missing column(s) ${missing.join(', ')} (expected ${ITEM_COLUMNS.join(',')})`, `${name}:1`);
  const seen = new Set<string>();
  return rows.map((cells, i) => {
    const line = i + 2;
    const cell = (c: (typeof ITEM_COLUMNS)[number]) => (cells[header.indexOf(c)] ?? '').trim();
    const fail = (column: string, message: string): never => {
      throw new PointageError('bad_file', `${name}, line ${line}, column ${column}: ${message}`, `${name}:${line}`);
    };
    const id = cell('id') || fail('id', 'empty id');
    if (seen.has(id)) fail('id', `id "${id}" appears twice in the file`);
    seen.add(id);
    const kind = cell('kind');
    if (kind !== 'receivable' && kind !== 'payable') fail('kind', `"${kind}" is not receivable or payable`);
    const currency = cell('currency').toUpperCase();
    if (!isCurrency(currency)) fail('currency', `"${currency}" is not an ISO 4217 currency`);
    let amountMinor = 0;
    try {
      amountMinor = toMinor(cell('amount'), currency);
    } catch (error) {
      fail('amount', error instanceof MoneyError ? error.message : String(error));
    }
    if (amountMinor <= 0) fail('amount', `"${cell('amount')}" must be positive`);
    const rawIban = cell('party_iban');
    const partyIban = rawIban ? normalizeIban(rawIban) ?? fail('party_iban', `"${rawIban}" is not a valid IBAN`) : null;
    const date = (column: 'issue_date' | 'due_date') => {
      const value = cell(column);
      if (!value) return null;
      return isIsoDate(value) ? value : fail(column, `"${value}" is not a date as YYYY-MM-DD`);
    };
    return {
      externalId: id, kind: kind as NewOpenItem['kind'], party: cell('party') || fail('party', 'empty party'), partyIban,
      reference: cell('reference') || null, issueDate: date('issue_date'), dueDate: date('due_date'), amountMinor, currency, source,
    };
  });
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(value + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
