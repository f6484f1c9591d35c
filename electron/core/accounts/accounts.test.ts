import { describe, expect, it } from 'vitest';
import { makeCore } from '../../../test/helpers/core.js';
import { tempDirs } from '../../../test/helpers/temp.js';

const temp = tempDirs();
const IBAN = 'FR7630006000011234567890189';
const camt = `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId><CreDtTm>2026-09-30T00:00:00</CreDtTm></GrpHdr><Stmt><Id>S</Id><CreDtTm>2026-09-30T00:00:00</CreDtTm><Acct><Id><IBAN>${IBAN}</IBAN></Id><Ccy>EUR</Ccy><Ownr><Nm>Crédit Mutuel pro</Nm></Ownr></Acct><Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-09-02</Dt></BookgDt><NtryDtls><TxDtls><RmtInf><Ustrd>VIR</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>`;

async function inspected(dispatch: ReturnType<typeof makeCore>['dispatch']) {
  const begun = (await dispatch('uploads.begin', { name: 's.xml' })) as { value: { uploadId: string } };
  await dispatch('uploads.append', { uploadId: begun.value.uploadId, data: Buffer.from(camt).toString('base64') });
  await dispatch('import.inspect', { uploadId: begun.value.uploadId });
}

describe('bank accounts seen but not linked', () => {
  it('lists an unknown statement account with a suggestion, and links it in one step', async () => {
    const { core, dispatch } = makeCore(temp());
    core.ensureCompany();
    const added = (await dispatch('accounts.add', { name: 'Banque pro', dkAccount: '1551-3201885412', currency: 'DKK' })) as { ok: boolean };
    expect(added.ok).toBe(true);
    core.ledger.write.prepare("INSERT INTO ledger_accounts (name, gl_account, currency) VALUES ('Crédit Mutuel', '512300', 'EUR')").run();
    await inspected(dispatch);
    const unlinked = (await dispatch('accounts.unlinked', {})) as { value: { id: number; iban: string; suggestedAccountName: string }[] };
    expect(unlinked.value).toMatchObject([{ iban: IBAN, suggestedAccountName: 'Crédit Mutuel' }]);
    const link = await dispatch('accounts.link', { seenId: unlinked.value[0].id, accountId: 2 });
    expect(link).toMatchObject({ ok: true, value: { name: 'Crédit Mutuel', iban: IBAN } });
    expect(await dispatch('accounts.unlinked', {})).toEqual({ ok: true, value: [] });
    core.close();
  });

  it('creates the ledger account from what the statement says', async () => {
    const { core, dispatch } = makeCore(temp());
    core.ensureCompany();
    await inspected(dispatch);
    const [seen] = ((await dispatch('accounts.unlinked', {})) as { value: { id: number; suggestedAccountId: number | null }[] }).value;
    expect(seen.suggestedAccountId).toBeNull();
    expect(await dispatch('accounts.createFromSeen', { seenId: seen.id, glAccount: '512100' })).toMatchObject({ ok: true, value: { name: 'Crédit Mutuel pro', iban: IBAN, currency: 'EUR', glAccount: '512100' } });
    core.close();
  });
});

describe('locked periods', () => {
  it('refuses to change the reconciliation of a locked period, and allows it again once unlocked', async () => {
    const { core, dispatch } = makeCore(temp());
    await core.openDemo();
    const one = <T>(sql: string) => core.ledger.read.prepare(sql).get() as T;
    const line = one<{ id: number; accountId: number }>("SELECT id, account_id AS accountId FROM bank_entries WHERE description LIKE 'VIR SEPA /INV/%' AND booking_date <= '2026-08-31' ORDER BY id LIMIT 1");
    const [best] = ((await dispatch('reconcile.proposals', { lineId: line.id })) as { value: { items: { itemId: number; amount: string }[]; writeOff: string | null }[] }).value;
    const writeOff = best.writeOff ? { amount: best.writeOff, account: '627000' } : undefined;
    const accepted = (await dispatch('reconcile.accept', { lineId: line.id, items: best.items.map((i) => ({ itemId: i.itemId, amount: i.amount })), writeOff })) as { value: { matchId: number } };
    expect(accepted.value.matchId).toBeGreaterThan(0);
    expect(await dispatch('accounts.lock', { accountId: line.accountId, through: '2026-08-31' })).toMatchObject({ ok: true, value: { lockedThrough: '2026-08-31' } });
    expect(await dispatch('reconcile.undo', { matchId: accepted.value.matchId })).toMatchObject({ ok: false, error: { code: 'conflict', message: /locked through 2026-08-31/ } });
    const other = one<{ id: number }>(`SELECT id FROM bank_entries WHERE account_id = ${line.accountId} AND booking_date <= '2026-08-31' AND reconciled_minor = 0 AND amount_minor > 0 LIMIT 1`);
    const item = one<{ id: number }>("SELECT id FROM open_items WHERE open_minor > 1000 AND currency = 'EUR' AND kind = 'receivable' LIMIT 1");
    expect(await dispatch('reconcile.accept', { lineId: other.id, items: [{ itemId: item.id, amount: '0.01' }] })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await dispatch('accounts.lock', { accountId: line.accountId, through: null });
    expect(await dispatch('reconcile.undo', { matchId: accepted.value.matchId })).toMatchObject({ ok: true });
    core.close();
  });
});
