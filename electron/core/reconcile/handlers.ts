// The reconciliation operations of the contract, between decimal strings and minor units.
import { PointageError } from '../../../shared/contract/errors.js';
import type { Output, ParsedInput } from '../../../shared/contract/index.js';
import { toDecimal, toMinor } from '../../../shared/money.js';
import type { Core } from '../core.js';
import { linesToReconcile } from '../ledger/matches.js';
import { acceptMatch, assignToAccount, partyRuleOffer, proposalsForLine, reconcile, ruleForLine, undo } from './service.js';
import { deleteRule, insertRule, listRules } from '../ledger/rules.js';
import { appendAudit } from '../ledger/audit.js';

export function proposals(core: Core, { lineId }: ParsedInput<'reconcile.proposals'>): Output<'reconcile.proposals'> {
  const ledger = core.ledger;
  const [line] = linesToReconcile(ledger.read, [lineId]);
  if (!line) return [];
  const found = proposalsForLine(ledger, lineId);
  const items = new Map(found.items.map((i) => [i.id, i]));
  const money = (minor: number) => toDecimal(minor, line.currency);
  return found.proposals.map((p) => ({
    lineId, status: p.status, score: p.score, reasons: p.reasons.map((r) => ({ ...r, params: { ...r.params } })),
    items: p.items.map((i) => {
      const item = items.get(i.itemId)!;
      return { itemId: i.itemId, externalId: item.externalId, party: item.party, reference: item.reference, amount: money(i.amountMinor), openAmount: money(item.openMinor) };
    }),
    writeOff: p.writeOffMinor ? money(p.writeOffMinor) : null,
    remainderOpen: p.remainderOpenMinor ? money(p.remainderOpenMinor) : null,
  }));
}

export async function accept(core: Core, input: ParsedInput<'reconcile.accept'>): Promise<Output<'reconcile.accept'>> {
  const [line] = linesToReconcile(core.ledger.read, [input.lineId]);
  if (!line) throw new PointageError('conflict', `bank line ${input.lineId} is already reconciled or does not exist`, 'lineId');
  const minor = (amount: string, where: string) => {
    try {
      return toMinor(amount, line.currency);
    } catch (error) {
      throw new PointageError('invalid_input', `${where}: ${(error as Error).message}`, where);
    }
  };
  const suggestedRule = partyRuleOffer(core.ledger, line, input.items.map((i) => i.itemId));
  const matchId = await acceptMatch(core.ledger, {
    lineId: input.lineId,
    items: input.items.map((i, n) => ({ itemId: i.itemId, amountMinor: minor(i.amount, `items.${n}.amount`) })),
    writeOffMinor: input.writeOff ? minor(input.writeOff.amount, 'writeOff.amount') : 0,
    writeOffAccount: input.writeOff?.account ?? null,
    score: input.score ?? null,
    reasons: [],
    actor: 'user',
  });
  return { matchId, suggestedRule };
}

export async function undoLast(core: Core, { matchId }: ParsedInput<'reconcile.undo'>): Promise<Output<'reconcile.undo'>> {
  return { matchId: await undo(core.ledger, matchId, 'user') };
}

export function run(core: Core, { apply }: ParsedInput<'reconcile.run'>): Promise<Output<'reconcile.run'>> {
  return reconcile(core.ledger, { apply, actor: apply ? 'engine' : 'user' });
}

export function assign(core: Core, input: ParsedInput<'reconcile.assign'>): Promise<Output<'reconcile.assign'>> {
  return assignToAccount(core.ledger, input, 'user');
}

export function ruleFor(core: Core, { lineId }: ParsedInput<'reconcile.ruleFor'>): Output<'reconcile.ruleFor'> {
  return ruleForLine(core.ledger, lineId);
}

export function rules(core: Core): Output<'rules.list'> {
  return listRules(core.ledger.read);
}

export function forgetRule(core: Core, { id }: ParsedInput<'rules.delete'>): Promise<Output<'rules.delete'>> {
  const ledger = core.ledger;
  return ledger.writeLock.run(() =>
    ledger.write.transaction(() => {
      const deleted = deleteRule(ledger.write, id);
      if (deleted) appendAudit(ledger.write, 'user', 'rules.delete', `rule:${id}`);
      return { deleted };
    })(),
  );
}

export function addRule(core: Core, input: ParsedInput<'rules.add'>): Promise<Output<'rules.add'>> {
  const ledger = core.ledger;
  return ledger.writeLock.run(() =>
    ledger.write.transaction(() => {
      const id = insertRule(ledger.write, { kind: input.kind, pattern: input.pattern, glAccount: input.glAccount ?? null, party: input.party ?? null }, 'user');
      appendAudit(ledger.write, 'user', 'rules.add', `rule:${id}`, input);
      return listRules(ledger.write).find((r) => r.id === id)!;
    })(),
  );
}
