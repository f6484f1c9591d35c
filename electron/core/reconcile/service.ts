// Reconciliation in the ledger: the engine proposes over what is still open, the ledger records
// what the bookkeeper (or the auto rule, for what is unambiguous) confirms.
import { toDecimal } from '../../../shared/money.js';
import type { Ledger } from '../ledger/database.js';
import { applyMatch, itemsToMatch, lastActiveMatch, linesToReconcile, undoMatch } from '../ledger/matches.js';
import { Matcher } from './engine.js';
import type { BankLine, MatchOptions, Proposal } from './types.js';

export interface ReconcileReport {
  matches: {
    transaction: { id: number; bankReference: string | null; endToEndId: string | null; bookingDate: string; amount: string };
    items: { id: string; amount: string }[];
    status: 'auto' | 'suggested' | 'applied';
    score: number;
    reasons: string[];
  }[];
}

/** Every unreconciled line's best proposal; with apply, the automatic ones are recorded, in one transaction. */
export async function reconcile(ledger: Ledger, options: { apply: boolean; actor: string; match?: MatchOptions }): Promise<ReconcileReport> {
  const lines = linesToReconcile(ledger.read);
  const items = itemsToMatch(ledger.read);
  const proposals = bestPerLine(new Matcher(items, options.match).proposeAll(lines));
  const byId = new Map(lines.map((l) => [l.id, l]));
  const externalIds = new Map(items.map((i) => [i.id, i.externalId]));
  const applied = new Set<Proposal>();
  if (options.apply) {
    await ledger.writeLock.run(() =>
      ledger.write.transaction(() => {
        for (const p of proposals.filter((p) => p.status === 'auto')) {
          applyMatch(ledger.write, { ...proposalToMatch(p), kind: 'auto', actor: options.actor });
          applied.add(p);
        }
      })(),
    );
  }
  return { matches: proposals.map((p) => reportOf(p, byId.get(p.lineId)!, applied.has(p), externalIds)) };
}

/** Ranked proposals for one bank line, against every open item. */
export function proposalsForLine(ledger: Ledger, lineId: number, options?: MatchOptions): Proposal[] {
  const [line] = linesToReconcile(ledger.read, [lineId]);
  return line ? new Matcher(itemsToMatch(ledger.read), options).propose(line) : [];
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
