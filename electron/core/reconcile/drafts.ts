// Scoring of one candidate match (one or several open items for one bank line): additive points.
// Scores are computed for every candidate; the reasons that explain them only for the proposals
// returned (explain), from the same point functions, so the two always agree.
import type { IndexedItem } from './book-index.js';
import { isStrongParty, type DocumentCode, type DocumentHit, type LineFacts, type PartyHit } from './evidence.js';
import { DATE_IN_WINDOW, DATE_STEPS, POINTS, money, reasons } from './reasons.js';
import type { Reason } from './types.js';

export type AmountRelation = 'exact' | 'fee' | 'group' | 'partial' | 'over';

export interface Draft {
  items: IndexedItem[];
  /** What the match settles on each item, positive. */
  allocations: number[];
  score: number;
  relation: AmountRelation;
  /** Every item is identified by a strong document reference (structured, end-to-end, invoice number). */
  documentAll: boolean;
  party: PartyHit | undefined;
  /** Worst distance between booking date and due date, in days (signed: positive when paid late). */
  dateDays: number | null;
  /** That due date is the default term after the invoice date, the item having none. */
  dueEstimated: boolean;
  /** Sum of the distances between booking date and due dates, in days: among equal items, the set due nearest wins. */
  dateSpread: number;
  /** Days the line was booked before the latest invoice date of its items, else 0. */
  beforeIssue: number;
  writeOff: number;
  remainderOpen: number;
  lineRemainder: number;
}

export interface Scoring {
  /** The fee gap accepted on an open amount, in the currency's minor units. */
  tolerance(open: number, currency: string): number;
  /** The fixed part of that tolerance in the currency. */
  feeMinor(currency: string): number;
  dateWindowDays: number;
}

export type Docs = ReadonlyMap<IndexedItem, DocumentHit>;

// ---------------------------------------------------------------------------------------------
// Points

interface DocumentShare {
  code: DocumentCode;
  labels: string[];
  points: number;
}

/** What the text said for a structured reference or an end-to-end id; the item's own number for an invoice number. */
function labelOf(hit: DocumentHit, it: IndexedItem): string {
  return hit.code === 'structured_reference' || hit.code === 'end_to_end' ? hit.label : it.label;
}

/** A group earns a reference's points in proportion to the share of its items the text names. */
function documentShares(items: readonly IndexedItem[], docs: Docs): DocumentShare[] {
  if (items.length === 1) {
    const hit = docs.get(items[0]);
    return hit ? [{ code: hit.code, labels: [labelOf(hit, items[0])], points: hit.points }] : [];
  }
  const byCode = new Map<DocumentCode, { labels: string[]; points: number }>();
  for (const it of items) {
    const hit = docs.get(it);
    if (!hit) continue;
    const entry = byCode.get(hit.code) ?? { labels: [], points: hit.points };
    entry.labels.push(labelOf(hit, it));
    byCode.set(hit.code, entry);
  }
  return [...byCode].map(([code, { labels, points }]) => ({ code, labels, points: Math.floor((points * labels.length) / items.length) }));
}

function documentPoints(items: readonly IndexedItem[], docs: Docs): number {
  return documentShares(items, docs).reduce((sum, share) => sum + share.points, 0);
}

function partyPoints(party: PartyHit | undefined): number {
  if (!party) return 0;
  const name = party.name?.code;
  return (
    (party.iban ? POINTS.iban : 0) +
    (party.fikCreditor ? POINTS.fikCreditor : 0) +
    (party.rule ? POINTS.partyRule : 0) +
    (name === 'name' ? POINTS.name : name === 'name_fuzzy' ? POINTS.nameFuzzy : name === 'name_in_text' ? POINTS.nameInText : 0)
  );
}

function relationPoints(relation: AmountRelation, size: number, statesPartial: boolean): number {
  if (relation === 'exact') return POINTS.amount;
  if (relation === 'group') return POINTS.amountGroup - POINTS.groupSizeStep * (size - 2);
  if (relation === 'fee') return POINTS.amountFee;
  if (relation === 'partial') return statesPartial ? POINTS.partialStated : POINTS.partial;
  return POINTS.overpaid;
}

/** Points of a booking date `days` after the due date (negative: before), or null beyond the date window. */
export function datePoints(days: number, windowDays: number): number | null {
  const distance = Math.abs(days);
  for (const [limit, points] of days >= 0 ? DATE_STEPS.late : DATE_STEPS.early) if (distance <= limit) return points;
  return distance <= windowDays ? DATE_IN_WINDOW : null;
}


// ---------------------------------------------------------------------------------------------
// Dates and amounts

/** Booking date minus due date, in days (positive: paid late), or null when a date is missing. */
function daysLate(facts: LineFacts, it: IndexedItem): number | null {
  return facts.day === null || it.day === null ? null : facts.day - it.day;
}

function daysBeforeIssue(facts: LineFacts, it: IndexedItem): number {
  return facts.day !== null && it.issueDay !== null && it.issueDay > facts.day ? it.issueDay - facts.day : 0;
}

/**
 * The text announces a partial payment ("acompte", "delbetaling") and the line pays a plausible share
 * of the item: an instalment or a deposit is rarely below a tenth of the invoice.
 */
function statesPartial(facts: LineFacts, open: number): boolean {
  return facts.statesPartial && facts.paid * 10 >= open;
}

/** A day paid early weighs as two paid late: payers are late more often than early. */
const EARLY_WEIGHT = 2;

/** How far a booking date `days` after the due date (negative: before) is from it, for ranking; missing dates are farthest. */
export function spreadOf(days: number | null): number {
  return days === null ? Number.MAX_SAFE_INTEGER : days < 0 ? -days * EARLY_WEIGHT : days;
}

export function relationOf(paid: number, open: number, currency: string, scoring: Scoring): AmountRelation {
  const gap = open - paid;
  if (gap === 0) return 'exact';
  if (Math.abs(gap) <= scoring.tolerance(open, currency)) return 'fee';
  return gap > 0 ? 'partial' : 'over';
}

function dateScore(days: number | null, beforeIssue: number, scoring: Scoring): number {
  const points = days === null ? 0 : (datePoints(days, scoring.dateWindowDays) ?? 0);
  return points + (beforeIssue > 0 ? POINTS.dateBeforeIssue : 0);
}

/**
 * Score of one open item for the line, or NaN when it is no candidate: an item known by its party
 * alone must not be smaller than the line (a grouped payment explains that better), and an item
 * known only by its amount must match it (or nearly) within the date window.
 */
export function singleScore(facts: LineFacts, it: IndexedItem, docs: Docs, party: PartyHit | undefined, scoring: Scoring): number {
  const relation = relationOf(facts.paid, it.item.openMinor, facts.line.currency, scoring);
  const doc = docs.get(it);
  const days = daysLate(facts, it);
  if (!doc && relation === 'over') return NaN;
  if (!doc && party === undefined) {
    const inWindow = days === null || datePoints(days, scoring.dateWindowDays) !== null;
    if (relation === 'partial' || !inWindow) return NaN;
  }
  return (doc?.points ?? 0) + partyPoints(party) + relationPoints(relation, 1, statesPartial(facts, it.item.openMinor)) + dateScore(days, daysBeforeIssue(facts, it), scoring);
}

/** The draft of one open item whose singleScore is a number. */
export function singleDraft(facts: LineFacts, it: IndexedItem, docs: Docs, party: PartyHit | undefined, scoring: Scoring): Draft {
  const open = it.item.openMinor;
  const relation = relationOf(facts.paid, open, facts.line.currency, scoring);
  const gap = open - facts.paid;
  return {
    items: [it],
    allocations: [relation === 'partial' ? facts.paid : open],
    score: singleScore(facts, it, docs, party, scoring),
    relation,
    documentAll: docs.get(it)?.strong === true,
    party,
    dateDays: daysLate(facts, it),
    dueEstimated: it.dueEstimated,
    dateSpread: spreadOf(daysLate(facts, it)),
    beforeIssue: daysBeforeIssue(facts, it),
    writeOff: relation === 'fee' ? gap : 0,
    remainderOpen: relation === 'partial' ? gap : 0,
    lineRemainder: relation === 'over' ? -gap : 0,
  };
}

/** Several open items of one party for the line: their sum must be the amount, or within the fee tolerance of it. */
export function groupDraft(facts: LineFacts, items: IndexedItem[], docs: Docs, party: PartyHit | undefined, scoring: Scoring): Draft | null {
  const allocations = items.map((it) => it.item.openMinor);
  const sum = allocations.reduce((a, b) => a + b, 0);
  const gap = sum - facts.paid;
  if (gap !== 0 && Math.abs(gap) > scoring.tolerance(sum, facts.line.currency)) return null;
  const relation: AmountRelation = gap === 0 ? 'group' : 'fee';
  let dateDays: number | null = 0;
  let dueEstimated = false;
  let dateSpread = 0;
  let beforeIssue = 0;
  for (const it of items) {
    const days = daysLate(facts, it);
    dateSpread = Math.min(Number.MAX_SAFE_INTEGER, dateSpread + spreadOf(days));
    if (days === null || dateDays === null) dateDays = null;
    else if (Math.abs(days) >= Math.abs(dateDays)) {
      dateDays = days;
      dueEstimated = it.dueEstimated;
    }
    beforeIssue = Math.max(beforeIssue, daysBeforeIssue(facts, it));
  }
  const score = documentPoints(items, docs) + partyPoints(party) + relationPoints(relation, items.length, facts.statesPartial) + dateScore(dateDays, beforeIssue, scoring);
  const documentAll = items.every((it) => docs.get(it)?.strong === true);
  return { items, allocations, score, relation, documentAll, party, dateDays, dueEstimated, dateSpread, beforeIssue, writeOff: gap, remainderOpen: 0, lineRemainder: 0 };
}

export function isStrong(d: Draft): boolean {
  return d.documentAll || isStrongParty(d.party);
}

// ---------------------------------------------------------------------------------------------
// Reasons

const DOCUMENT_REASON: Record<DocumentCode, (label: string, points: number) => Reason> = {
  structured_reference: reasons.structuredReference,
  end_to_end: reasons.endToEnd,
  reference: reasons.reference,
  reference_weak: reasons.referenceWeak,
};

function partyReasons(party: PartyHit | undefined): Reason[] {
  if (!party) return [];
  const list: Reason[] = [];
  if (party.iban) list.push(reasons.iban(party.iban));
  if (party.fikCreditor) list.push(reasons.fikCreditor(party.fikCreditor));
  const name = party.name;
  if (name?.code === 'name') list.push(reasons.name(name.party.label, name.truncated));
  if (name?.code === 'name_fuzzy') list.push(reasons.nameFuzzy(name.party.label, name.similarityPercent));
  if (name?.code === 'name_in_text') list.push(reasons.nameInText(name.party.label));
  if (party.rule) list.push(reasons.partyRule(party.rule));
  return list;
}

function amountReason(facts: LineFacts, d: Draft): Reason {
  const currency = facts.line.currency;
  const m = (minor: number): string => money(minor, currency);
  if (d.relation === 'exact') return reasons.amount(m(facts.paid), currency);
  if (d.relation === 'group') return reasons.amountGroup(m(facts.paid), currency, d.items.length);
  if (d.relation === 'fee') return reasons.amountFee(m(d.writeOff), currency);
  if (d.relation === 'partial') return reasons.partial(m(facts.paid), m(d.remainderOpen), currency, statesPartial(facts, d.items[0].item.openMinor));
  return reasons.overpaid(m(d.lineRemainder), currency);
}

function dateReasons(d: Draft, scoring: Scoring): Reason[] {
  const points = d.dateDays === null ? null : datePoints(d.dateDays, scoring.dateWindowDays);
  const list = points === null || d.dateDays === null ? [] : [reasons.date(d.dateDays, points, d.dueEstimated)];
  if (d.beforeIssue > 0) list.push(reasons.dateBeforeIssue(d.beforeIssue));
  return list;
}

/** The reasons of a draft's score, in the order a bookkeeper reads them: references, party, amount, date. */
export function explain(facts: LineFacts, d: Draft, docs: Docs, scoring: Scoring, partyCache = new Map<PartyHit, Reason[]>()): Reason[] {
  const documents = documentShares(d.items, docs).map((s) => DOCUMENT_REASON[s.code](s.labels.length === 1 ? s.labels[0] : [...new Set(s.labels)].join(', '), s.points));
  let party: Reason[] = [];
  if (d.party) {
    party = partyCache.get(d.party) ?? partyReasons(d.party);
    partyCache.set(d.party, party);
  }
  return [...documents, ...party, amountReason(facts, d), ...dateReasons(d, scoring)];
}
