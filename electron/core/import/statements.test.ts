import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCore } from '../../../test/helpers/core.js';
import { tempDirs } from '../../../test/helpers/temp.js';
import { PointageError } from '../../../shared/contract/errors.js';
import { toMinor } from '../../../shared/money.js';
import { addLedgerAccount } from '../accounts/accounts.js';
import { importStatementFile } from './statements.js';
import { parseFiles } from '../statements/parse-file.js';
import { writeCamt053 } from '../../../test/bench/generate-camt.js';

const temp = tempDirs();
const IBAN = 'FR7630006000011234567890189';

function camt(entries: { amount: string; text: string; ref?: string; date?: string }[], opts: { id?: string; opening?: string; closing?: string; ccy?: string } = {}): string {
  const ccy = opts.ccy ?? 'EUR';
  const bal = (code: string, amount: string) =>
    `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="${ccy}">${amount.replace('-', '')}</Amt><CdtDbtInd>${amount.startsWith('-') ? 'DBIT' : 'CRDT'}</CdtDbtInd><Dt><Dt>2026-09-01</Dt></Dt></Bal>`;
  const ntry = entries.map((e) =>
    `<Ntry><Amt Ccy="${ccy}">${e.amount.replace('-', '')}</Amt><CdtDbtInd>${e.amount.startsWith('-') ? 'DBIT' : 'CRDT'}</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>${e.date ?? '2026-09-02'}</Dt></BookgDt>${e.ref ? `<AcctSvcrRef>${e.ref}</AcctSvcrRef>` : ''}<NtryDtls><TxDtls><RmtInf><Ustrd>${e.text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId><CreDtTm>2026-09-30T00:00:00</CreDtTm></GrpHdr><Stmt><Id>${opts.id ?? 'S1'}</Id><CreDtTm>2026-09-30T00:00:00</CreDtTm><Acct><Id><IBAN>${IBAN}</IBAN></Id><Ccy>${ccy}</Ccy></Acct>${bal('OPBD', opts.opening ?? '100.00')}${bal('CLBD', opts.closing ?? '100.00')}${ntry}</Stmt></BkToCstmrStmt></Document>`;
}

function setup() {
  const dir = temp();
  const { core } = makeCore(path.join(dir, 'data'));
  core.ensureCompany();
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const count = (table: string) => (core.ledger.read.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  const counts = () => Object.fromEntries(['bank_entries', 'statements', 'import_batches', 'ledger_accounts', 'audit_log'].map((t) => [t, count(t)]));
  return { core, write, counts };
}

const LINES = [
  { amount: '50.00', text: 'VIR CLIENT A', ref: 'R1' },
  { amount: '-20.00', text: 'CB MONOPRIX', ref: 'R2' },
  { amount: '-20.00', text: 'CB MONOPRIX', ref: 'R2' }, // a genuinely identical second line
];

describe('importing statement files', () => {
  it('inserts every line once, keeps identical lines of one statement, and re-imports nothing', async () => {
    const { core, write, counts } = setup();
    await addLedgerAccount(core.ledger, { name: 'BNP', iban: IBAN, currency: 'EUR' }, 'test');
    const file = write('sept.xml', camt(LINES, { opening: '100.00', closing: '110.00' }));
    const first = await importStatementFile(core.ledger, file, { actor: 'test' });
    expect(first).toMatchObject({ format: 'camt', inserted: 3, duplicates: 0, warnings: [] });
    expect(first.statements).toMatchObject([{ id: 'S1', accountName: 'BNP', entries: 3, inserted: 3, difference: '0.00', alreadyImported: false }]);
    const after = counts();
    const again = await importStatementFile(core.ledger, file, { actor: 'test' });
    expect(again).toMatchObject({ inserted: 0, duplicates: 3 });
    expect(again.statements[0].alreadyImported).toBe(true);
    expect(counts()).toMatchObject({ bank_entries: after.bank_entries, statements: after.statements });
    core.close();
  });

  it('adds nothing from an overlapping statement, only the new lines', async () => {
    const { core, write } = setup();
    await addLedgerAccount(core.ledger, { name: 'BNP', iban: IBAN, currency: 'EUR' }, 'test');
    await importStatementFile(core.ledger, write('a.xml', camt(LINES.slice(0, 2), { id: 'A', closing: '130.00' })), { actor: 'test' });
    const overlap = await importStatementFile(core.ledger, write('b.xml', camt([...LINES.slice(0, 2), { amount: '5.00', text: 'NEW', ref: 'R3' }], { id: 'B', closing: '135.00' })), { actor: 'test' });
    expect(overlap).toMatchObject({ inserted: 1, duplicates: 2 });
    core.close();
  });

  it('warns, without refusing, when a statement does not add up', async () => {
    const { core, write } = setup();
    await addLedgerAccount(core.ledger, { name: 'BNP', iban: IBAN, currency: 'EUR' }, 'test');
    const summary = await importStatementFile(core.ledger, write('gap.xml', camt(LINES, { closing: '111.00' })), { actor: 'test' });
    expect(summary.inserted).toBe(3);
    expect(summary.statements[0].difference).toBe('-1.00');
    expect(summary.warnings).toEqual(['statement S1: opening + entries - closing = -1.00, not 0']);
    core.close();
  });

  it('refuses a statement no ledger account matches, naming the account, and writes nothing', async () => {
    const { core, write, counts } = setup();
    const before = counts();
    const error = await importStatementFile(core.ledger, write('x.xml', camt(LINES)), { actor: 'test' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PointageError);
    expect((error as PointageError).code).toBe('not_found');
    expect((error as Error).message).toMatch(`no ledger account matches IBAN ${IBAN}`);
    expect(counts()).toEqual(before);
    const created = await importStatementFile(core.ledger, write('y.xml', camt(LINES)), { actor: 'test', createAccounts: true });
    expect(created.statements[0]).toMatchObject({ inserted: 3 });
    expect(counts().ledger_accounts).toBe(1);
    core.close();
  });

  it('imports into the account the user chose for an unknown statement account', async () => {
    const { core, write } = setup();
    const other = await addLedgerAccount(core.ledger, { name: 'Other', iban: 'DE89370400440532013000', currency: 'EUR' }, 'test');
    const summary = await importStatementFile(core.ledger, write('x.xml', camt(LINES)), { actor: 'test', accountChoices: { 1: other.id } });
    expect(summary.statements[0]).toMatchObject({ accountId: other.id, inserted: 3 });
    core.close();
  });

  it('refuses a currency that differs from the ledger account, and writes nothing', async () => {
    const { core, write, counts } = setup();
    await addLedgerAccount(core.ledger, { name: 'BNP', iban: IBAN, currency: 'DKK' }, 'test');
    const before = counts();
    await expect(importStatementFile(core.ledger, write('eur.xml', camt(LINES)), { actor: 'test' })).rejects.toThrow(/is in EUR but ledger account "BNP" is in DKK/);
    expect(counts()).toEqual(before);
    core.close();
  });

  // Found by fuzzing (test/statements/fuzz.test.ts): a currency of the wrong length reached the
  // ledger_accounts CHECK constraint, and a SqliteError escaped instead of a PointageError.
  it('refuses to create an account in a currency that is not an ISO 4217 code, and writes nothing', async () => {
    const { core, write, counts } = setup();
    const before = counts();
    const qif = write('bank.qif', '!Type:Bank\nD03/01/2024\nT-12,50\nPBoulangerie\n^\n');
    const refused = importStatementFile(core.ledger, qif, { actor: 'test', createAccounts: true, defaultCurrency: 'EURO' });
    await expect(refused).rejects.toBeInstanceOf(PointageError);
    await expect(refused).rejects.toMatchObject({ code: 'bad_file', message: expect.stringMatching(/"EURO" is not an ISO 4217 currency code$/) });
    expect(counts()).toEqual(before);
    core.close();
  });

  it('writes nothing from a file that breaks half-way, nor from a cancelled import', async () => {
    const { core, write, counts } = setup();
    await addLedgerAccount(core.ledger, { name: 'BNP', iban: IBAN, currency: 'EUR' }, 'test');
    const before = counts();
    const whole = camt(LINES);
    await expect(importStatementFile(core.ledger, write('cut.xml', whole.slice(0, whole.lastIndexOf('<Ntry>') + 30)), { actor: 'test' })).rejects.toMatchObject({ code: 'bad_file' });
    expect(counts()).toEqual(before);
    const abort = new AbortController();
    abort.abort();
    await expect(importStatementFile(core.ledger, write('ok.xml', whole), { actor: 'test', signal: abort.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(counts()).toEqual(before);
    // The ledger still takes writes afterwards: the failed transactions were rolled back.
    expect((await importStatementFile(core.ledger, write('ok2.xml', whole), { actor: 'test' })).inserted).toBe(3);
    core.close();
  });

  it('replaces pending lines by their booked twin', async () => {
    const { core, write } = setup();
    await addLedgerAccount(core.ledger, { name: 'BNP', iban: IBAN, currency: 'EUR' }, 'test');
    const pending = camt(LINES.slice(0, 1), { id: 'P' }).replace('<Sts>BOOK</Sts>', '<Sts>PDNG</Sts>');
    await importStatementFile(core.ledger, write('p.xml', pending), { actor: 'test' });
    const rows = () => core.ledger.read.prepare('SELECT description, pending FROM bank_entries').all();
    expect(rows()).toEqual([{ description: 'VIR CLIENT A', pending: 1 }]);
    await importStatementFile(core.ledger, write('b.xml', camt(LINES.slice(0, 1), { id: 'B', closing: '150.00' })), { actor: 'test' });
    expect(rows()).toEqual([{ description: 'VIR CLIENT A', pending: 0 }]);
    core.close();
  });

  // Files of 8 MiB and more are parsed in a worker thread and cross to this one in batches.
  it('imports a large file through the parser thread: the same lines, re-imported as duplicates, and a cancel writes nothing', async () => {
    const { core, counts } = setup();
    const file = path.join(temp(), 'large.xml');
    const entries = 8500;
    await writeCamt053(file, entries);
    expect(statSync(file).size).toBeGreaterThan(8 << 20);
    const before = counts();
    const abort = new AbortController();
    const cancelled = importStatementFile(core.ledger, file, { actor: 'test', createAccounts: true, signal: abort.signal, onProgress: () => abort.abort() });
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    expect(counts()).toEqual(before);

    const first = await importStatementFile(core.ledger, file, { actor: 'test', createAccounts: true });
    expect(first).toMatchObject({ inserted: entries, duplicates: 0, warnings: [] });
    expect(first.statements).toMatchObject([{ entries, inserted: entries, difference: '0.00' }]);
    const parsed = (await parseFiles([file])).statements[0].entries;
    const rows = core.ledger.read
      .prepare('SELECT booking_date, value_date, amount_minor, description, counterparty_name, counterparty_iban, end_to_end_id, bank_reference, reference FROM bank_entries ORDER BY id')
      .all() as Record<string, unknown>[];
    expect(rows).toHaveLength(entries);
    for (const i of [0, 1, 2, 3, 4999, 5000, entries - 1]) {
      const e = parsed[i];
      expect(rows[i]).toEqual({
        booking_date: e.bookingDate, value_date: e.valueDate, amount_minor: toMinor(e.amount, e.currency), description: e.description,
        counterparty_name: e.counterparty?.name, counterparty_iban: e.counterparty?.iban, end_to_end_id: e.endToEndId,
        bank_reference: e.bankReference, reference: e.reference,
      });
    }
    const again = await importStatementFile(core.ledger, file, { actor: 'test', createAccounts: true });
    expect(again).toMatchObject({ inserted: 0, duplicates: entries });
    expect(counts().bank_entries).toBe(entries);
    core.close();
  }, 60_000);
});
