import { describe, expect, it } from 'vitest';
import { makeCore } from '../../../test/helpers/core.js';
import { tempDirs } from '../../../test/helpers/temp.js';
import { journalEntries } from '../export/journal.js';

const temp = tempDirs();

describe('learned rules', () => {
  it('puts a line on a GL account, offers a rule, and the rule takes the lines that follow', async () => {
    const { core, dispatch } = makeCore(temp());
    await core.openDemo();
    const urssaf = core.ledger.read.prepare("SELECT id, amount_minor AS amount FROM bank_entries WHERE description LIKE 'PRLV SEPA URSSAF%' ORDER BY booking_date").all() as { id: number; amount: number }[];
    expect(urssaf.length).toBe(3);
    const first = await dispatch('reconcile.assign', { lineId: urssaf[0].id, glAccount: '431000' });
    expect(first).toMatchObject({ ok: true, value: { ruleId: null, suggestedRule: { kind: 'text', pattern: 'PRLV SEPA URSSAF ILE DE FRANCE COTISATIONS' } } });
    const reconciled = core.ledger.read.prepare('SELECT reconciled_minor AS r, amount_minor AS a FROM bank_entries WHERE id = ?').get(urssaf[0].id) as { r: number; a: number };
    expect(reconciled.r).toBe(reconciled.a);
    // The journal posts it straight to 431000.
    const entry = journalEntries(core.ledger).find((e) => e.lines.some((l) => l.account === '431000'))!;
    expect(entry.lines.map((l) => [l.account, l.debitMinor, l.creditMinor])).toEqual(expect.arrayContaining([['431000', -urssaf[0].amount, 0]]));

    const second = await dispatch('reconcile.assign', { lineId: urssaf[1].id, glAccount: '431000', remember: { kind: 'text', pattern: 'URSSAF' } });
    expect(second).toMatchObject({ ok: true, value: { ruleId: 1, suggestedRule: null } });
    expect(await dispatch('reconcile.ruleFor', { lineId: urssaf[2].id })).toMatchObject({ ok: true, value: { pattern: 'URSSAF', glAccount: '431000' } });
    const run = (await dispatch('reconcile.run', { apply: true })) as { value: { matches: { transaction: { id: number }; status: string; reasons: string[]; items: unknown[] }[] } };
    const byRule = run.value.matches.find((m) => m.transaction.id === urssaf[2].id)!;
    expect(byRule).toMatchObject({ status: 'applied', items: [], reasons: ['rule 1: text contains "URSSAF", goes to 431000'] });
    const kinds = core.ledger.read.prepare("SELECT kind, created_by AS actor FROM matches WHERE kind = 'rule'").all();
    expect(kinds).toEqual([{ kind: 'rule', actor: 'rule:1' }]);

    // A direct assignment is undone like any match.
    expect(await dispatch('reconcile.undo', {})).toMatchObject({ ok: true });
    expect(await dispatch('rules.list', {})).toMatchObject({ ok: true, value: [{ id: 1, kind: 'text', pattern: 'URSSAF' }] });
    expect(await dispatch('rules.delete', { id: 1 })).toEqual({ ok: true, value: { deleted: true } });
    expect(await dispatch('reconcile.assign', { lineId: urssaf[0].id, glAccount: '431000' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    core.close();
  });
});
