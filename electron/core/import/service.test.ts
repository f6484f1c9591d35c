import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCore } from '../../../test/helpers/core.js';
import { tempDirs } from '../../../test/helpers/temp.js';
import { demoDataDir } from '../demo/load.js';

const temp = tempDirs();

async function upload(dispatch: ReturnType<typeof makeCore>['dispatch'], name: string, bytes: Buffer, chunk = 7): Promise<string> {
  const begun = await dispatch('uploads.begin', { name });
  if (!begun.ok) throw new Error(begun.error.message);
  const { uploadId } = begun.value as { uploadId: string };
  for (let i = 0; i < bytes.length; i += chunk) {
    const r = await dispatch('uploads.append', { uploadId, data: bytes.subarray(i, i + chunk).toString('base64') });
    if (!r.ok) throw new Error(r.error.message);
  }
  return uploadId;
}

const CSV = 'Date;Libellé;Montant\n02/09/2026;VIR CLIENT A;1 250,00\n03/09/2026;CB MONOPRIX;-12,30\n';
const CSV_NEXT = 'Date;Libellé;Montant\n04/09/2026;PRLV EDF;-80,00\n';

describe('the import workflow the UI drives', () => {
  it('inspects a statement file without writing, then imports it with its progress', async () => {
    const { core, dispatch } = makeCore(temp());
    await core.openDemo();
    const before = (core.ledger.read.prepare('SELECT COUNT(*) AS n FROM bank_entries').get() as { n: number }).n;
    const id = await upload(dispatch, 'bnp.xml', readFileSync(path.join(demoDataDir(), 'compte-courant-bnp.camt053.xml')), 4096);
    const inspection = await dispatch('import.inspect', { uploadId: id });
    expect(inspection).toMatchObject({ ok: true, value: { file: 'bnp.xml', format: 'camt', csv: null } });
    const statements = (inspection as { value: { statements: { ledgerAccountName: string; difference: string }[] } }).value.statements;
    expect(statements).toHaveLength(3);
    expect(statements.every((s) => s.ledgerAccountName === 'BNP Paribas — compte courant' && s.difference === '0.00')).toBe(true);
    const run = await dispatch('import.run', { uploadId: id, jobId: 'job-1' });
    expect(run).toMatchObject({ ok: true, value: { inserted: 0, duplicates: 114 } });
    expect((core.ledger.read.prepare('SELECT COUNT(*) AS n FROM bank_entries').get() as { n: number }).n).toBe(before);
    expect(await dispatch('import.inspect', { uploadId: id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    core.close();
  });

  it('guesses a CSV mapping, lets the user choose the account, saves the mapping and reuses it for the same shape', async () => {
    const { core, dispatch } = makeCore(temp());
    core.ensureCompany();
    const account = await dispatch('accounts.add', { name: 'Crédit Agricole', iban: 'FR7630006000011234567890189' });
    const accountId = (account as { value: { id: number } }).value.id;
    const id = await upload(dispatch, 'releve.csv', Buffer.from(CSV, 'latin1'));
    const inspection = (await dispatch('import.inspect', { uploadId: id })) as { ok: true; value: { csv: { source: string; mapping: Record<string, unknown>; preview: { rows: { amount: string }[] } }; statements: { ledgerAccountId: number | null }[] } };
    expect(inspection.value.csv.source).toBe('guessed');
    expect(inspection.value.csv.preview.rows.map((r) => r.amount)).toEqual(['1250.00', '-12.30']);
    expect(inspection.value.statements[0].ledgerAccountId).toBeNull();
    const mapping = { ...inspection.value.csv.mapping, currency: 'EUR' };
    const run = await dispatch('import.run', { uploadId: id, jobId: 'csv-1', csvMapping: mapping, saveCsvMapping: true, accountChoices: { '1': accountId } });
    expect(run).toMatchObject({ ok: true, value: { format: 'csv', inserted: 2 } });
    const next = await upload(dispatch, 'releve-octobre.csv', Buffer.from(CSV_NEXT));
    const again = (await dispatch('import.inspect', { uploadId: next })) as { value: { csv: { source: string } } };
    expect(again.value.csv.source).toBe('saved');
    expect(await dispatch('import.run', { uploadId: next, jobId: 'csv-2', accountChoices: { '1': accountId } })).toMatchObject({ ok: true, value: { inserted: 1 } });
    core.close();
  });

  it('refuses a bad mapping with what is wrong, and a bad upload id', async () => {
    const { core, dispatch } = makeCore(temp());
    core.ensureCompany();
    const id = await upload(dispatch, 'r.csv', Buffer.from(CSV));
    const bad = { separator: ';', headerRows: 1, dateColumn: 0, dateFormat: 'DD/MM/YYYY', decimalSeparator: ',', descriptionColumns: [1] };
    expect(await dispatch('import.run', { uploadId: id, jobId: 'j', csvMapping: bad })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: /amount column/ } });
    expect(await dispatch('import.inspect', { uploadId: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_input', where: 'uploadId' } });
    expect(await dispatch('uploads.append', { uploadId: id, data: 'not base64!' })).toMatchObject({ ok: false, error: { code: 'invalid_input', where: 'data' } });
    core.close();
  });
});
