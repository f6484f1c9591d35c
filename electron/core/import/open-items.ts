// Open items from the ERP: a CSV export or a French FEC, told apart by their first line.
import { open } from 'node:fs/promises';
import type { Ledger } from '../ledger/database.js';
import { importItemsFec } from './fec.js';
import { importItemsCsv, type ItemsImportSummary } from './items.js';

export async function isFec(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(512), 0, 512, 0);
    // The FEC's header line starts with its first column's name, in any of its encodings.
    return /^(\uFEFF)?JournalCode[\t|;]/.test(buffer.subarray(0, bytesRead).toString('latin1').replace(/\0/g, '').replace(/^\xEF\xBB\xBF|^\xFF\xFE|^\xFE\xFF/, ''));
  } finally {
    await handle.close();
  }
}

export async function importOpenItems(ledger: Ledger, file: string, actor: string, displayName?: string): Promise<ItemsImportSummary & { settled?: number; format: 'csv' | 'fec' }> {
  if (await isFec(file)) return { ...(await importItemsFec(ledger, file, actor)), format: 'fec', ...(displayName ? { file: displayName } : {}) };
  return { ...(await importItemsCsv(ledger, file, actor)), format: 'csv', ...(displayName ? { file: displayName } : {}) };
}
