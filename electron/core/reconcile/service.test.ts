import { describe, expect, it } from 'vitest';
import { toDecimal, toMinor } from '../../../shared/money.js';
import { makeCore } from '../../../test/helpers/core.js';
import { tempDirs } from '../../../test/helpers/temp.js';

const temp = tempDirs();

async function demo() {
  const { core, dispatch } = makeCore(temp());
  await core.openDemo();
  const one = <T>(sql: string, ...args: unknown[]) => core.ledger.read.prepare(sql).get(...args) as T;
  return { core, dispatch, one };
}

describe('reconciliation in the ledger', () => {
  it('proposes for every line, applies only the certain ones, and reports them as applied', async () => {
    const { core, dispatch, one } = await demo();
    const dry = await dispatch('reconcile.run', { apply: false });
    const report = (dry as { value: { matches: { status: string; items: { id: string }[] }[] } }).value;
    const auto = report.matches.filter((m) => m.status === 'auto').length;
    expect(auto).toBeGreaterThan(50);
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM matches').n).toBe(0);
    const applied = (await dispatch('reconcile.run', { apply: true })) as { value: { matches: { status: string }[] } };
    expect(applied.value.matches.filter((m) => m.status === 'applied')).toHaveLength(auto);
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM matches WHERE kind = ?', 'auto').n).toBe(auto);
    // Every auto match closed what it said, and the ledger's sums agree.
    const sums = one<{ settled: number; lines: number; writeOffs: number }>(
      `SELECT (SELECT SUM(amount_minor) FROM match_lines) AS settled, (SELECT SUM(ABS(reconciled_minor)) FROM bank_entries) AS lines,
              (SELECT SUM(writeoff_minor) FROM matches) AS writeOffs`);
    expect(sums.settled - sums.writeOffs).toBe(sums.lines);
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'match.apply' AND actor = 'engine'").n).toBe(auto);
    core.close();
  });

  it('accepts a proposal, then undoes it exactly', async () => {
    const { core, dispatch, one } = await demo();
    const line = one<{ id: number }>("SELECT id FROM bank_entries WHERE description LIKE 'VIR SEPA /INV/%' ORDER BY id LIMIT 1");
    const proposals = (await dispatch('reconcile.proposals', { lineId: line.id })) as { value: { items: { itemId: number; amount: string }[]; reasons: { code: string }[]; writeOff: string | null }[] };
    const best = proposals.value[0];
    expect(best.reasons.map((r) => r.code)).toContain('reference');
    const before = one<{ open: number }>('SELECT open_minor AS open FROM open_items WHERE id = ?', best.items[0].itemId).open;
    const writeOff = best.writeOff ? { amount: best.writeOff, account: '627000' } : undefined;
    const accepted = await dispatch('reconcile.accept', { lineId: line.id, items: best.items.map((i) => ({ itemId: i.itemId, amount: i.amount })), writeOff });
    expect(accepted).toMatchObject({ ok: true });
    expect(one<{ r: number; a: number }>('SELECT reconciled_minor AS r, amount_minor AS a FROM bank_entries WHERE id = ?', line.id)).toEqual(
      expect.objectContaining({ r: one<{ a: number }>('SELECT amount_minor AS a FROM bank_entries WHERE id = ?', line.id).a }));
    expect(await dispatch('reconcile.proposals', { lineId: line.id })).toEqual({ ok: true, value: [] });
    expect(await dispatch('reconcile.undo', {})).toMatchObject({ ok: true, value: { matchId: (accepted as { value: { matchId: number } }).value.matchId } });
    expect(one<{ open: number }>('SELECT open_minor AS open FROM open_items WHERE id = ?', best.items[0].itemId).open).toBe(before);
    expect(one<{ r: number }>('SELECT reconciled_minor AS r FROM bank_entries WHERE id = ?', line.id).r).toBe(0);
    expect(await dispatch('reconcile.undo', { matchId: (accepted as { value: { matchId: number } }).value.matchId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    core.close();
  });

  it('refuses a match that settles more than is open or more than the line, and writes nothing', async () => {
    const { core, dispatch, one } = await demo();
    const line = one<{ id: number; amount: number }>("SELECT id, amount_minor AS amount FROM bank_entries WHERE amount_minor > 0 ORDER BY id LIMIT 1");
    const item = one<{ id: number; open: number }>("SELECT id, open_minor AS open FROM open_items WHERE kind = 'receivable' AND currency = 'EUR' AND open_minor > ? ORDER BY id LIMIT 1", line.amount);
    const tooMuch = await dispatch('reconcile.accept', { lineId: line.id, items: [{ itemId: item.id, amount: (item.open / 100 + 1).toFixed(2) }] });
    expect(tooMuch).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const moreThanLine = await dispatch('reconcile.accept', { lineId: line.id, items: [{ itemId: item.id, amount: ((line.amount + 1) / 100).toFixed(2) }] });
    expect(moreThanLine).toMatchObject({ ok: false, error: { code: 'conflict', message: /more than is left/ } });
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM matches').n).toBe(0);
    // A partial payment leaves the rest open.
    const partial = await dispatch('reconcile.accept', { lineId: line.id, items: [{ itemId: item.id, amount: '1.00' }] });
    expect(partial).toMatchObject({ ok: true });
    expect(one<{ open: number }>('SELECT open_minor AS open FROM open_items WHERE id = ?', item.id).open).toBe(item.open - 100);
    core.close();
  });

  it('proposes against the open items as they are now, after every change', async () => {
    const { core, dispatch, one } = await demo();
    const line = one<{ id: number }>("SELECT id FROM bank_entries WHERE description LIKE 'VIR SEPA /INV/%' ORDER BY id LIMIT 1");
    type Found = { value: { items: { itemId: number; openAmount: string }[] }[] };
    const before = ((await dispatch('reconcile.proposals', { lineId: line.id })) as Found).value[0].items[0];
    const other = one<{ id: number }>(`SELECT id FROM bank_entries WHERE amount_minor > 100 AND id <> ${line.id} AND currency = 'EUR' ORDER BY id LIMIT 1`);
    expect(await dispatch('reconcile.accept', { lineId: other.id, items: [{ itemId: before.itemId, amount: '1.00' }] })).toMatchObject({ ok: true });
    const after = ((await dispatch('reconcile.proposals', { lineId: line.id })) as Found).value.flatMap((p) => p.items).find((i) => i.itemId === before.itemId);
    expect(after?.openAmount).toBe(toDecimal(toMinor(before.openAmount, 'EUR') - 100, 'EUR'));
    core.close();
  });

  it('offers a party rule after a match by hand that nothing on the line named, and the rule then names the party', async () => {
    const { core, dispatch } = await demo();
    type Ok<T> = { ok: true; value: T };
    // The line the engine is least sure of, without an IBAN: nothing on it names the new party.
    const candidates = core.ledger.read
      .prepare("SELECT id, amount_minor AS amount, description FROM bank_entries WHERE amount_minor > 0 AND currency = 'EUR' AND counterparty_iban IS NULL ORDER BY id")
      .all() as { id: number; amount: number; description: string }[];
    const topScore = async (id: number) => ((await dispatch('reconcile.proposals', { lineId: id })) as Ok<{ score: number }[]>).value[0]?.score ?? 0;
    const scores = await Promise.all(candidates.map((c) => topScore(c.id)));
    const line = candidates[scores.indexOf(Math.min(...scores))];
    const amount = toDecimal(line.amount, 'EUR');
    const item = ((await dispatch('items.add', { kind: 'receivable', party: 'Quincaillerie Jolivet SARL', amount, currency: 'EUR', dueDate: '2026-09-01' })) as Ok<{ id: number }>).value;
    const accepted = (await dispatch('reconcile.accept', { lineId: line.id, items: [{ itemId: item.id, amount }] })) as Ok<{ matchId: number; suggestedRule: { kind: string; pattern: string; party: string } | null }>;
    const offer = accepted.value.suggestedRule;
    expect(offer).toMatchObject({ kind: 'text', party: 'Quincaillerie Jolivet SARL' });
    expect(line.description.startsWith(offer!.pattern)).toBe(true);
    const rule = (await dispatch('rules.add', offer!)) as Ok<{ glAccount: string | null; party: string }>;
    expect(rule.value).toMatchObject({ glAccount: null, party: 'Quincaillerie Jolivet SARL' });
    await dispatch('reconcile.undo', { matchId: accepted.value.matchId });
    type Found = Ok<{ items: { itemId: number }[]; reasons: { code: string; params: Record<string, unknown> }[] }[]>;
    const ruled = ((await dispatch('reconcile.proposals', { lineId: line.id })) as Found).value.find((p) => p.items.some((i) => i.itemId === item.id));
    expect(ruled?.items.map((i) => i.itemId)).toEqual([item.id]);
    expect(ruled?.reasons.find((r) => r.code === 'party_rule')?.params).toMatchObject({ pattern: offer!.pattern, party: 'Quincaillerie Jolivet SARL' });
    // Now that the rule names the party, accepting again offers nothing.
    const again = (await dispatch('reconcile.accept', { lineId: line.id, items: [{ itemId: item.id, amount }] })) as Ok<{ suggestedRule: unknown }>;
    expect(again.value.suggestedRule).toBeNull();
    expect(await dispatch('rules.add', { kind: 'text', pattern: 'NOTHING TO SEND' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    core.close();
  });
});
