// Reconciliation in the ledger: the engine proposes over what is still open, the ledger records
// what the bookkeeper (or the auto rule, for what is unambiguous) confirms.
import { PointageError } from '../../../shared/contract/errors.js';
import { toDecimal } from '../../../shared/money.js';
import { appendAudit } from '../ledger/audit.js';
import { insertRule, listRules, type Rule } from '../ledger/rules.js';
import { accountRules, partyRules, ruleFor, ruleReason, suggestedRule } from './rules.js';
import type { Ledger } from '../ledger/database.js';
import { applyMatch, itemsToMatch, lastActiveMatch, linesToReconcile, undoMatch } from '../ledger/matches.js';
import { Matcher } from './engine.js';
import { proposeAllParallel } from './parallel.js';
import type { BankLine, MatchOptions, OpenItemInput, Proposal } from './types.js';

export interface ReconcileReport {
  matches: {
    transaction: { id: number; bankReference: string | null; endToEndId: string | null; bookingDate: string; amount: string };
    items: { id: string; amount: string }[];
    status: 'auto' | 'suggested' | 'applied';
    score: number;
    reasons: string[];
  }[];
}

/**
 * Every unreconciled line's best proposal, and the lines the bookkeeper's rules send to an
 * account; with apply, the automatic ones and the rules' are recorded, in one transaction.
 */
export async function reconcile(ledger: Ledger, options: { apply: boolean; actor: string; match?: MatchOptions }): Promise<ReconcileReport> {
  const lines = linesToReconcile(ledger.read);
  const items = itemsToMatch(ledger.read);
  const rules = listRules(ledger.read);
  const proposals = bestPerLine(await proposeAllParallel(lines, items, { ...options.match, partyRules: partyRules(rules) }));
  const byId = new Map(lines.map((l) => [l.id, l]));
  const externalIds = new Map(items.map((i) => [i.id, i.externalId]));
  const ruled = ruledLines(lines, proposals, accountRules(rules));
  const applied = new Set<Proposal>();
  if (options.apply) {
    await ledger.writeLock.run(() =>
      ledger.write.transaction(() => {
        for (const p of proposals.filter((p) => p.status === 'auto')) {
          applyMatch(ledger.write, { ...proposalToMatch(p), kind: 'auto', actor: options.actor });
          applied.add(p);
        }
        for (const { line, rule } of ruled) applyMatch(ledger.write, directMatch(line, rule.glAccount, 'rule', [ruleReason(rule, rule.glAccount)], `rule:${rule.id}`));
      })(),
    );
  }
  return {
    matches: [
      ...proposals.map((p) => reportOf(p, byId.get(p.lineId)!, applied.has(p), externalIds)),
      ...ruled.map(({ line, rule }) => ({ ...reportOf({ lineId: line.id, items: [], score: 0, reasons: [], status: 'auto' }, line, options.apply, externalIds), reasons: [ruleReason(rule, rule.glAccount)] })),
    ],
  };
}

/** Lines no automatic match takes that a rule sends to an account. */
function ruledLines<R extends Rule>(lines: BankLine[], proposals: Proposal[], rules: R[]): { line: BankLine; rule: R }[] {
  if (rules.length === 0) return [];
  const auto = new Set(proposals.filter((p) => p.status === 'auto').map((p) => p.lineId));
  return lines.flatMap((line) => {
    const rule = auto.has(line.id) ? null : ruleFor(line, rules);
    return rule ? [{ line, rule }] : [];
  });
}

function directMatch(line: BankLine, glAccount: string, kind: 'manual' | 'rule', reasons: string[], actor: string) {
  return { lineId: line.id, items: [], directMinor: Math.abs(line.amountMinor), writeOffMinor: 0, writeOffAccount: glAccount, score: null, reasons, kind, actor };
}

/** A line put straight on a GL account (bank fees, salaries, taxes); the rule it suggests is offered back. */
export function assignToAccount(ledger: Ledger, a: { lineId: number; glAccount: string; remember?: { kind: 'text' | 'iban'; pattern: string } }, actor: string) {
  return ledger.writeLock.run(() => {
    const [line] = linesToReconcile(ledger.write, [a.lineId]);
    if (!line) throw new PointageError('conflict', `bank line ${a.lineId} is already reconciled or does not exist`, 'lineId');
    return ledger.write.transaction(() => {
      const matchId = applyMatch(ledger.write, directMatch(line, a.glAccount, 'manual', [], actor));
      const ruleId = a.remember ? insertRule(ledger.write, { ...a.remember, glAccount: a.glAccount, party: null }, actor) : null;
      if (ruleId !== null) appendAudit(ledger.write, actor, 'rules.add', `rule:${ruleId}`, { ...a.remember, glAccount: a.glAccount });
      return { matchId, ruleId, suggestedRule: a.remember ? null : suggestedRule(line) };
    })();
  });
}

/** The rule that would send this line to an account, if any (shown beside the proposals). */
export function ruleForLine(ledger: Ledger, lineId: number): Rule | null {
  const [line] = linesToReconcile(ledger.read, [lineId]);
  return line ? ruleFor(line, accountRules(listRules(ledger.read))) : null;
}

const matchers = new WeakMap<Ledger, { version: number; items: OpenItemInput[]; matcher: Matcher }>();

/**
 * The open items and a matcher over them. The review asks for one line's proposals at every
 * step, so the index is kept until the ledger changes (SQLite's data_version on the reading
 * connection moves with every commit of the writing one).
 */
function currentMatcher(ledger: Ledger) {
  const version = ledger.read.pragma('data_version', { simple: true }) as number;
  const cached = matchers.get(ledger);
  if (cached?.version === version) return cached;
  const items = itemsToMatch(ledger.read);
  const fresh = { version, items, matcher: new Matcher(items, { partyRules: partyRules(listRules(ledger.read)) }) };
  matchers.set(ledger, fresh);
  return fresh;
}

/** Ranked proposals for one bank line, against every open item, with those items. */
export function proposalsForLine(ledger: Ledger, lineId: number): { proposals: Proposal[]; items: OpenItemInput[] } {
  const [line] = linesToReconcile(ledger.read, [lineId]);
  const { items, matcher } = currentMatcher(ledger);
  return { proposals: line ? matcher.propose(line) : [], items };
}

/**
 * The rule to offer when a line is matched by hand with open items of one party that nothing on
 * the line named (no IBAN, name or rule of that party): its counterparty IBAN or the start of its
 * text -> that party. Asked before the match is recorded.
 */
export function partyRuleOffer(ledger: Ledger, line: BankLine, itemIds: readonly number[]): { kind: 'text' | 'iban'; pattern: string; party: string } | null {
  const { items, matcher } = currentMatcher(ledger);
  const parties = new Set(items.filter((i) => itemIds.includes(i.id)).map((i) => i.party));
  if (parties.size !== 1) return null;
  const [party] = parties;
  const pattern = matcher.namesParty(line, party) ? null : suggestedRule(line);
  return pattern ? { ...pattern, party } : null;
}

export function acceptMatch(ledger: Ledger, m: { lineId: number; items: { itemId: number; amountMinor: number }[]; writeOffMinor: number; writeOffAccount: string | null; score: number | null; reasons: unknown[]; actor: string }): Promise<number> {
  return ledger.writeLock.run(() => applyMatch(ledger.write, { ...m, kind: 'manual' }));
}

export function undo(ledger: Ledger, matchId: number | undefined, actor: string): Promise<number | null> {
  return ledger.writeLock.run(() => {
    const id = matchId ?? lastActiveMatch(ledger.write);
    if (id !== null) undoMatch(ledger.write, id, actor);
    return id;
  });
}

/** Where a small gap (bank fees kept by the payer's bank) is written off: "Services bancaires". */
export const DEFAULT_WRITE_OFF_ACCOUNT = '627000';

function proposalToMatch(p: Proposal) {
  return { lineId: p.lineId, items: p.items, score: p.score, reasons: p.reasons, writeOffMinor: p.writeOffMinor ?? 0, writeOffAccount: p.writeOffMinor ? DEFAULT_WRITE_OFF_ACCOUNT : null };
}

function bestPerLine(proposals: Proposal[]): Proposal[] {
  const best = new Map<number, Proposal>();
  for (const p of proposals) if (!best.has(p.lineId)) best.set(p.lineId, p);
  return [...best.values()];
}

/** Items are reported by the id the bookkeeper's books give them (the imported id). */
function reportOf(p: Proposal, line: BankLine, applied: boolean, externalIds: Map<number, string>): ReconcileReport['matches'][number] {
  return {
    transaction: { id: line.id, bankReference: line.bankReference, endToEndId: line.endToEndId, bookingDate: line.bookingDate, amount: toDecimal(line.amountMinor, line.currency) },
    items: p.items.map((i) => ({ id: externalIds.get(i.itemId) ?? String(i.itemId), amount: toDecimal(i.amountMinor, line.currency) })),
    status: applied ? 'applied' : p.status,
    score: p.score,
    reasons: p.reasons.map((r) => r.text),
  };
}
