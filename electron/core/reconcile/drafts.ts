// Scoring of one candidate match (one or several open items for one bank line): additive points,
// each with the reason that earned it.
import type { IndexedItem } from './book-index.js';
import { isStrongParty, type DocumentCode, type DocumentHit, type LineFacts, type PartyHit } from './evidence.js';
import { datePoints, money, reasons } from './reasons.js';
import type { Reason } from './types.js';

export type AmountRelation = 'exact' | 'fee' | 'group' | 'partial' | 'over';

export interface Draft {
  items: IndexedItem[];
  /** What the match settles on each item, positive. */
  allocations: number[];
  reasons: Reason[];
  score: number;
  relation: AmountRelation;
  /** Every item is identified by a strong document reference (structured, end-to-end, invoice number). */
  documentAll: boolean;
  partyStrong: boolean;
  /** Worst distance between booking date and due date, in days. */
  dateDistance: number;
  writeOff: number;
  remainderOpen: number;
  lineRemainder: number;
}

export interface Scoring {
  tolerance(open: number): number;
  dateWindowDays: number;
}

const DOCUMENT_REASON: Record<DocumentCode, (label: string, points: number) => Reason> = {
  structured_reference: reasons.structuredReference,
  end_to_end: reasons.endToEnd,
  reference: reasons.reference,
  reference_weak: reasons.referenceWeak,
};

function documentReasons(items: readonly IndexedItem[], docs: ReadonlyMap<IndexedItem, DocumentHit>): Reason[] {
  const byCode = new Map<DocumentCode, { labels: string[]; points: number }>();
  for (const it of items) {
    const hit = docs.get(it);
    if (!hit) continue;
    const entry = byCode.get(hit.code) ?? { labels: [], points: hit.points };
    entry.labels.push(hit.code === 'structured_reference' || hit.code === 'end_to_end' ? hit.label : it.label);
    byCode.set(hit.code, entry);
  }
  // A group earns a reference's points in proportion to the share of its items the text names.
  return [...byCode].map(([code, { labels, points }]) =>
    DOCUMENT_REASON[code]([...new Set(labels)].join(', '), Math.floor((points * labels.length) / items.length)),
  );
}

function partyReasons(party: PartyHit | undefined): Reason[] {
  if (!party) return [];
  const list: Reason[] = [];
  if (party.iban) list.push(reasons.iban(party.iban));
  if (party.fikCreditor) list.push(reasons.fikCreditor(party.fikCreditor));
  const name = party.name;
  if (name?.code === 'name') list.push(reasons.name(name.party.label, name.truncated));
  if (name?.code === 'name_fuzzy') list.push(reasons.nameFuzzy(name.party.label, name.similarityPercent));
  if (name?.code === 'name_in_text') list.push(reasons.nameInText(name.party.label));
  return list;
}

interface DateVerdict {
  reasons: Reason[];
  distance: number;
  inWindow: boolean;
}

function dateVerdict(facts: LineFacts, items: readonly IndexedItem[], scoring: Scoring): DateVerdict {
  if (facts.day === null) return { reasons: [], distance: Number.MAX_SAFE_INTEGER, inWindow: true };
  let worst = 0;
  let signed = 0;
  let beforeIssue = 0;
  for (const it of items) {
    if (it.day === null) return { reasons: [], distance: Number.MAX_SAFE_INTEGER, inWindow: true };
    const days = facts.day - it.day;
    if (Math.abs(days) >= worst) [worst, signed] = [Math.abs(days), days];
    if (it.issueDay !== null && it.issueDay > facts.day) beforeIssue = Math.max(beforeIssue, it.issueDay - facts.day);
  }
  const points = datePoints(worst, scoring.dateWindowDays);
  const list = points === null ? [] : [reasons.date(signed, points)];
  if (beforeIssue > 0) list.push(reasons.dateBeforeIssue(beforeIssue));
  return { reasons: list, distance: worst, inWindow: points !== null };
}

interface Settlement {
  relation: AmountRelation;
  allocations: number[];
  reason: Reason;
  writeOff: number;
  remainderOpen: number;
  lineRemainder: number;
}

function settleOne(facts: LineFacts, open: number, scoring: Scoring): Settlement {
  const { paid } = facts;
  const currency = facts.line.currency;
  const gap = open - paid;
  const base = { writeOff: 0, remainderOpen: 0, lineRemainder: 0 };
  if (gap === 0) return { ...base, relation: 'exact', allocations: [open], reason: reasons.amount(money(paid, currency), currency) };
  if (Math.abs(gap) <= scoring.tolerance(open)) {
    return { ...base, relation: 'fee', allocations: [open], writeOff: gap, reason: reasons.amountFee(money(gap, currency), currency) };
  }
  if (gap > 0) return { ...base, relation: 'partial', allocations: [paid], remainderOpen: gap, reason: reasons.partial(money(paid, currency), money(gap, currency), currency) };
  return { ...base, relation: 'over', allocations: [open], lineRemainder: -gap, reason: reasons.overpaid(money(-gap, currency), currency) };
}

/** A group settles only when its sum is the amount, or within the fee tolerance of it. */
function settleGroup(facts: LineFacts, items: readonly IndexedItem[], scoring: Scoring): Settlement | null {
  const allocations = items.map((it) => it.item.openMinor);
  const sum = allocations.reduce((a, b) => a + b, 0);
  const gap = sum - facts.paid;
  const currency = facts.line.currency;
  const base = { allocations, remainderOpen: 0, lineRemainder: 0 };
  if (gap === 0) return { ...base, relation: 'group', writeOff: 0, reason: reasons.amountGroup(money(sum, currency), currency, items.length) };
  if (Math.abs(gap) <= scoring.tolerance(sum)) return { ...base, relation: 'fee', writeOff: gap, reason: reasons.amountFee(money(gap, currency), currency) };
  return null;
}

function assemble(
  facts: LineFacts,
  items: IndexedItem[],
  settlement: Settlement,
  docs: ReadonlyMap<IndexedItem, DocumentHit>,
  party: PartyHit | undefined,
  date: DateVerdict,
): Draft {
  const list = [...documentReasons(items, docs), ...partyReasons(party), settlement.reason, ...date.reasons];
  return {
    items,
    allocations: settlement.allocations,
    reasons: list,
    score: list.reduce((sum, r) => sum + r.points, 0),
    relation: settlement.relation,
    documentAll: items.every((it) => docs.get(it)?.strong === true),
    partyStrong: isStrongParty(party),
    dateDistance: date.distance,
    writeOff: settlement.writeOff,
    remainderOpen: settlement.remainderOpen,
    lineRemainder: settlement.lineRemainder,
  };
}

/** One open item for the line; an item known only by its amount must match it (or nearly) within the date window. */
export function singleDraft(
  facts: LineFacts,
  it: IndexedItem,
  docs: ReadonlyMap<IndexedItem, DocumentHit>,
  party: PartyHit | undefined,
  scoring: Scoring,
): Draft | null {
  const settlement = settleOne(facts, it.item.openMinor, scoring);
  const date = dateVerdict(facts, [it], scoring);
  const identified = docs.has(it) || party !== undefined;
  if (!identified && (settlement.relation === 'partial' || settlement.relation === 'over' || !date.inWindow)) return null;
  return assemble(facts, [it], settlement, docs, party, date);
}

/** Several open items of one party for the line. */
export function groupDraft(
  facts: LineFacts,
  items: IndexedItem[],
  docs: ReadonlyMap<IndexedItem, DocumentHit>,
  party: PartyHit | undefined,
  scoring: Scoring,
): Draft | null {
  const settlement = settleGroup(facts, items, scoring);
  if (!settlement) return null;
  return assemble(facts, items, settlement, docs, party, dateVerdict(facts, items, scoring));
}
