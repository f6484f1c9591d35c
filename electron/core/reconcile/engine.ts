// The matching engine: for each bank line, candidate open items come from the book index
// (references, IBAN, party name, amount), each candidate match is scored with explainable points,
// and a match is 'auto' only when it is unambiguous. Pure: no SQL, no I/O.
import { BookIndex, type IndexedItem, type Party } from './book-index.js';
import { explain, groupDraft, isStrong, singleDraft, singleScore, spreadOf, type Docs, type Draft, type Scoring } from './drafts.js';
import { documentHits, lineFacts, partyHits, type FactsCache, type LineFacts, type PartyHit } from './evidence.js';
import { findSubsets } from './groups.js';
import { reasons } from './reasons.js';
import type { BankLine, MatchOptions, OpenItemInput, Proposal, Reason } from './types.js';

export type MatchSettings = Required<Omit<MatchOptions, 'paymentEndToEndIds'>>;

export const DEFAULT_SETTINGS: Readonly<MatchSettings> = {
  feeToleranceMinor: 500,
  feeTolerancePercent: 1,
  maxGroupSize: 5,
  autoThreshold: 60,
  autoMargin: 15,
  dateWindowDays: 90,
  maxProposals: 3,
};

/** Open items of one party a grouped payment is searched among: those due nearest the booking date. */
const GROUP_POOL = 40;
const SUBSET_NODES = 20_000;
const SUBSET_MAX = 8;
/** Open items found by amount alone are proposed only when fewer than this share the amount. */
const AMOUNT_ONLY_LIMIT = 20;
/** Drafts kept per line beyond maxProposals, for proposals that lose points to another line's automatic match to sink below. */
const SPARES = 0;

export function settingsOf(options: MatchOptions = {}): MatchSettings {
  const settings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof MatchSettings)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`match option ${key} must be a whole number of 0 or more, got ${value}`);
    settings[key] = value;
  }
  if (settings.feeTolerancePercent >= 100) throw new RangeError('match option feeTolerancePercent must be below 100');
  if (settings.autoMargin <= 10) throw new RangeError('match option autoMargin must exceed the 10 points a date can earn');
  return settings;
}

// ---------------------------------------------------------------------------------------------
// Ranking

/** What ranks a draft, gathered without building it. */
interface RankKey {
  score: number;
  documentAll: boolean;
  distance: number;
  spread: number;
  count: number;
  firstId: number;
}

function keyOf(d: Draft): RankKey {
  return { score: d.score, documentAll: d.documentAll, distance: spreadOf(d.dateDays), spread: d.dateSpread, count: d.items.length, firstId: d.items[0].item.id };
}

/** Best first: score, then identified by document, then nearer due date (worst item, then all), then fewer items, then item ids. */
function compareKey(a: RankKey, b: Draft): number {
  return (
    b.score - a.score ||
    Number(b.documentAll) - Number(a.documentAll) ||
    a.distance - spreadOf(b.dateDays) ||
    a.spread - b.dateSpread ||
    a.count - b.items.length ||
    a.firstId - b.items[0].item.id
  );
}

function compareDrafts(a: Draft, b: Draft): number {
  return compareKey(keyOf(a), b);
}

function sameItems(a: Draft, b: Draft): boolean {
  return a.items.length === b.items.length && a.items.every((it) => b.items.includes(it));
}

/** The best drafts of one line, best first, each item set once. */
class TopDrafts {
  readonly list: Draft[] = [];
  constructor(readonly size: number) {}

  admits(key: RankKey): boolean {
    return this.list.length < this.size || compareKey(key, this.list[this.list.length - 1]) < 0;
  }

  add(draft: Draft): void {
    const twin = draft.items.length > 1 ? this.list.findIndex((d) => sameItems(d, draft)) : -1;
    if (twin >= 0) {
      if (compareDrafts(draft, this.list[twin]) >= 0) return;
      this.list.splice(twin, 1);
    }
    let at = this.list.length;
    while (at > 0 && compareDrafts(draft, this.list[at - 1]) < 0) at--;
    this.list.splice(at, 0, draft);
    if (this.list.length > this.size) this.list.pop();
  }
}

function canBeAuto(d: Draft): boolean {
  return (d.relation === 'exact' || d.relation === 'group' || d.relation === 'fee') && isStrong(d);
}

export class Matcher {
  readonly settings: MatchSettings;
  private readonly index: BookIndex;
  private readonly scoring: Scoring;
  private readonly cache: FactsCache = { names: new Map(), ibans: new Map() };
  private stamp = 0;

  constructor(items: readonly OpenItemInput[], options: MatchOptions = {}) {
    this.settings = settingsOf(options);
    this.index = new BookIndex(items, options.paymentEndToEndIds);
    const { feeToleranceMinor, feeTolerancePercent, dateWindowDays } = this.settings;
    this.scoring = {
      tolerance: (open) => Math.max(feeToleranceMinor, Math.floor((open * feeTolerancePercent) / 100)),
      dateWindowDays,
    };
  }

  /** Ranked proposals for one bank line, best first. Sees no other line: use proposeAll for a run, so conflicts are resolved. */
  propose(line: BankLine): Proposal[] {
    return this.rank(line).slice(0, this.settings.maxProposals);
  }

  /** Proposals for a run of bank lines, an open item never auto-matched to two lines; per line, best first. */
  proposeAll(lines: readonly BankLine[]): Proposal[] {
    const perLine = lines.map((line) => this.rank(line));
    resolveConflicts(perLine, this.settings.autoMargin);
    return perLine.flatMap((proposals) => proposals.slice(0, this.settings.maxProposals));
  }

  private toProposal(facts: LineFacts, docs: Docs, d: Draft, partyReasons: Map<PartyHit, Reason[]>): Proposal {
    const proposal: Proposal = {
      lineId: facts.line.id,
      items: d.items.map((it, j) => ({ itemId: it.item.id, amountMinor: d.allocations[j] })),
      score: d.score,
      reasons: explain(facts, d, docs, this.scoring, partyReasons),
      status: 'suggested',
    };
    if (d.writeOff !== 0) proposal.writeOffMinor = d.writeOff;
    if (d.remainderOpen !== 0) proposal.remainderOpenMinor = d.remainderOpen;
    if (d.lineRemainder !== 0) proposal.lineRemainderMinor = d.lineRemainder;
    return proposal;
  }

  /** Proposals of one line, best first, with a spare for the run's conflicts to promote. */
  private rank(line: BankLine): Proposal[] {
    if (line.amountMinor === 0 || !Number.isSafeInteger(line.amountMinor)) return [];
    const facts = lineFacts(line, this.cache);
    const docs = documentHits(this.index, facts);
    const parties = partyHits(this.index, facts);
    const top = new TopDrafts(this.settings.maxProposals + SPARES);
    const settled = this.addSingles(facts, docs, parties, top);
    // A referenced invoice of exactly the amount: no group could outrank it, so none is searched.
    const incomplete = this.addGroups(facts, docs, parties, top, !settled);
    const partyReasons = new Map<PartyHit, Reason[]>();
    const proposals = top.list.map((d) => this.toProposal(facts, docs, d, partyReasons));
    if (proposals.length > 0) this.decide(top.list, proposals, incomplete);
    return proposals;
  }

  /** Scores every candidate open item; returns whether one with a strong reference pays exactly the amount. */
  private addSingles(facts: LineFacts, docs: Docs, parties: ReadonlyMap<Party, PartyHit>, top: TopDrafts): boolean {
    const stamp = ++this.stamp;
    let settled = false;
    const probe: RankKey = { score: 0, documentAll: false, distance: 0, spread: 0, count: 1, firstId: 0 };
    const consider = (it: IndexedItem): void => {
      if (it.seen === stamp || it.book !== facts.book) return;
      it.seen = stamp;
      const party = parties.get(it.party);
      const score = singleScore(facts, it, docs, party, this.scoring);
      if (Number.isNaN(score)) return;
      const strong = docs.get(it)?.strong === true;
      if (strong && it.item.openMinor === facts.paid) settled = true;
      const distance = spreadOf(facts.day === null || it.day === null ? null : facts.day - it.day);
      probe.score = score;
      probe.documentAll = strong;
      probe.distance = probe.spread = distance;
      probe.firstId = it.item.id;
      if (top.admits(probe)) {
        top.add(singleDraft(facts, it, docs, party, this.scoring));
      }
    };
    for (const it of docs.keys()) consider(it);
    const [low, high] = this.amountRange(facts.paid);
    for (const party of parties.keys()) {
      const book = party.books.get(facts.book) ?? [];
      for (let i = firstAtMost(book, high); i < book.length && book[i].item.openMinor >= low; i++) consider(book[i]);
      this.partialCandidates(party, facts, top.size, consider);
    }
    for (const it of this.index.byAmountRange(facts.book, low, high, AMOUNT_ONLY_LIMIT) ?? []) consider(it);
    return settled;
  }

  /** Open amounts that the line pays exactly or within the fee tolerance: a superset, each candidate is checked. */
  private amountRange(paid: number): [low: number, high: number] {
    const { feeToleranceMinor, feeTolerancePercent } = this.settings;
    return [paid - this.scoring.tolerance(paid), Math.max(paid + feeToleranceMinor, Math.floor((paid * 100) / (100 - feeTolerancePercent)))];
  }

  /**
   * A party's open items larger than the line (partial payments), due nearest the booking date:
   * known by the party alone, they differ only by their date, so the nearest `count` are enough.
   */
  private partialCandidates(party: Party, facts: LineFacts, count: number, consider: (it: IndexedItem) => void): void {
    const book = party.books.get(facts.book) ?? [];
    const larger = firstBelow(book, facts.paid + 1); // book[0 .. larger) are the items larger than the line
    if (larger <= count) {
      for (let i = 0; i < larger; i++) if (book[i].item.openMinor - facts.paid > this.scoring.tolerance(book[i].item.openMinor)) consider(book[i]);
      return;
    }
    const calendar = party.calendars.get(facts.book) ?? [];
    const isPartial = (it: IndexedItem): boolean => it.item.openMinor - facts.paid > this.scoring.tolerance(it.item.openMinor);
    let found = 0;
    const take = (it: IndexedItem): void => {
      if (isPartial(it)) {
        consider(it);
        found++;
      }
    };
    let after = facts.day === null ? 0 : firstDueFrom(calendar, facts.day);
    let before = after - 1;
    while (found < count && (before >= 0 || after < calendar.length)) {
      const takeBefore = after >= calendar.length || (before >= 0 && nearer(calendar[before], calendar[after], facts.day));
      if (takeBefore) take(calendar[before--]);
      else take(calendar[after++]);
    }
  }

  /** Grouped payments: the items the text names, and subsets of one party's items adding up to the line. Returns the parties searched incompletely. */
  private addGroups(facts: LineFacts, docs: Docs, parties: ReadonlyMap<Party, PartyHit>, top: TopDrafts, search: boolean): Set<Party> {
    const named = new Map<Party, IndexedItem[]>();
    for (const it of docs.keys()) named.set(it.party, [...(named.get(it.party) ?? []), it]);
    const add = (draft: Draft | null): void => {
      if (draft && top.admits(keyOf(draft))) top.add(draft);
    };
    for (const [party, items] of named) {
      if (items.length >= 2 && items.length <= this.settings.maxGroupSize) add(groupDraft(facts, items, docs, parties.get(party), this.scoring));
    }
    const incomplete = new Set<Party>();
    if (!search) return incomplete;
    for (const party of new Set([...parties.keys(), ...[...docs.keys()].map((it) => it.party)])) {
      const limits = { maxSize: this.settings.maxGroupSize, maxNodes: SUBSET_NODES, maxSubsets: SUBSET_MAX };
      const found = findSubsets(this.groupPool(party, facts, named.get(party) ?? []), (it) => it.item.openMinor, facts.paid, limits);
      if (found.exhausted) incomplete.add(party);
      for (const subset of found.subsets) add(groupDraft(facts, subset.sort((a, b) => a.item.id - b.item.id), docs, parties.get(party), this.scoring));
    }
    return incomplete;
  }

  /**
   * A party's open items smaller than the line and due within the date window (a grouped payment
   * settles invoices due about the same time), plus those the text names; largest first, and among
   * equal amounts the nearest due date first, so that the first subsets found are the likeliest.
   */
  private groupPool(party: Party, facts: LineFacts, named: readonly IndexedItem[]): IndexedItem[] {
    const book = party.books.get(facts.book) ?? [];
    const distance = (it: IndexedItem): number => (it.day === null || facts.day === null ? 0 : Math.abs(it.day - facts.day));
    const pool: IndexedItem[] = [];
    for (let i = firstBelow(book, facts.paid); i < book.length; i++) {
      if (distance(book[i]) <= this.settings.dateWindowDays || named.includes(book[i])) pool.push(book[i]);
    }
    const nearest = pool.length <= GROUP_POOL ? pool : pool.sort((a, b) => distance(a) - distance(b)).slice(0, GROUP_POOL);
    return nearest.sort((a, b) => b.item.openMinor - a.item.openMinor || distance(a) - distance(b));
  }

  /** 'auto' for the best draft only with identity and amount evidence, enough points, a clear lead, and a complete search. */
  private decide(drafts: readonly Draft[], proposals: Proposal[], incomplete: ReadonlySet<Party>): void {
    const [top, runnerUp] = drafts;
    const lead = runnerUp ? top.score - runnerUp.score : Number.MAX_SAFE_INTEGER;
    const searchComplete = top.documentAll || !top.items.some((it) => incomplete.has(it.party));
    const candidate = canBeAuto(top) && top.score >= this.settings.autoThreshold && searchComplete;
    if (candidate && lead >= this.settings.autoMargin) proposals[0].status = 'auto';
    else if (candidate) proposals[0].reasons.push(reasons.ambiguous(runnerUp.score));
  }
}

/** First index of a party's book (largest open amount first) whose open amount is at most the amount. */
function firstAtMost(book: readonly IndexedItem[], amount: number): number {
  return firstBelow(book, amount + 1);
}

/** First index of a calendar (earliest due date first, no date last) due on or after the day. */
function firstDueFrom(calendar: readonly IndexedItem[], day: number): number {
  let lo = 0;
  let hi = calendar.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const due = calendar[mid].day;
    if (due !== null && due < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function nearer(a: IndexedItem, b: IndexedItem, day: number | null): boolean {
  if (day === null || b.day === null) return true;
  return a.day !== null && day - a.day <= b.day - day;
}

/** First index of a party's book (largest open amount first) whose open amount is below the amount. */
function firstBelow(book: readonly IndexedItem[], amount: number): number {
  let lo = 0;
  let hi = book.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (book[mid].item.openMinor >= amount) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// Conflicts within a run

/**
 * An open item auto-matched by several lines stays auto only for a line that leads the others by
 * the auto margin; the others become suggestions. Proposals naming an item auto-matched to another
 * line lose points and sink. Lists are changed in place.
 */
function resolveConflicts(perLine: Proposal[][], autoMargin: number): void {
  const claims = new Map<number, Proposal[]>();
  for (const proposals of perLine) {
    const top = proposals[0];
    if (top?.status !== 'auto') continue;
    for (const { itemId } of top.items) {
      const list = claims.get(itemId);
      if (list) list.push(top);
      else claims.set(itemId, [top]);
    }
  }
  const conflicts = new Map<Proposal, Set<number>>();
  for (const claimants of claims.values()) {
    if (claimants.length < 2) continue;
    claimants.sort((a, b) => b.score - a.score);
    const clear = claimants[0].score - claimants[1].score >= autoMargin;
    for (const [i, p] of claimants.entries()) {
      if (i === 0 && clear) continue;
      const others = conflicts.get(p) ?? new Set<number>();
      for (const other of claimants) if (other !== p) others.add(other.lineId);
      conflicts.set(p, others);
    }
  }
  for (const [p, others] of conflicts) {
    p.status = 'suggested';
    p.reasons.push(reasons.conflict([...others].sort((a, b) => a - b)));
  }
  sinkClaimed(perLine);
}

function sinkClaimed(perLine: Proposal[][]): void {
  const owner = new Map<number, number>();
  for (const proposals of perLine) {
    const top = proposals[0];
    if (top?.status === 'auto') for (const { itemId } of top.items) owner.set(itemId, top.lineId);
  }
  for (const proposals of perLine) {
    let changed = false;
    for (const p of proposals) {
      if (p.status === 'auto') continue;
      const other = p.items.find((i) => owner.has(i.itemId) && owner.get(i.itemId) !== p.lineId);
      if (!other) continue;
      const claim = reasons.claimed(owner.get(other.itemId) as number);
      p.reasons.push(claim);
      p.score += claim.points;
      changed = true;
    }
    if (changed) proposals.sort((a, b) => b.score - a.score);
  }
}

/** Proposals for every bank line against the open items, best first per line. */
export function matchLines(lines: readonly BankLine[], items: readonly OpenItemInput[], options?: MatchOptions): Proposal[] {
  return new Matcher(items, options).proposeAll(lines);
}
