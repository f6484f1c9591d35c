// Ranking of one bank line's candidate matches: candidates come from the book index (the items
// its references name, the items of the parties it points to, the items of its amount), each is
// scored, and only the best few are kept. Grouped payments come from a bounded subset-sum search.
import { calendarOf, type BookIndex, type IndexedItem, type Party } from './book-index.js';
import { groupDraft, singleDraft, singleScore, spreadOf, type Docs, type Draft, type Scoring } from './drafts.js';
import { documentHits, lineFacts, partyHits, type FactsCache, type LineFacts, type PartyHit } from './evidence.js';
import { findSubsets, type SubsetLimits } from './groups.js';

export interface RankSettings {
  maxGroupSize: number;
  dateWindowDays: number;
  feeToleranceMinor: number;
  feeTolerancePercent: number;
  maxProposals: number;
}

/** What a line says, worked out once and kept while the line may be ranked again. */
export interface LineAnalysis {
  facts: LineFacts;
  docs: Docs;
  parties: ReadonlyMap<Party, PartyHit>;
}

/** Open items auto-matched in this run, with the line that claims each. */
export type Claims = ReadonlyMap<number, number>;

/** Open items of one party a grouped payment is searched among: those due nearest the booking date. */
const GROUP_POOL = 40;
const SUBSET_NODES = 20_000;
const SUBSET_MAX = 8;
/** Open items found by amount alone (within the fee tolerance) are candidates only when fewer than this share the amount... */
const AMOUNT_ONLY_LIMIT = 20;
/** ... else those of exactly the amount, when fewer than this: the nearest due dates rank first. */
const EXACT_AMOUNT_LIMIT = 100;
/** Partial payment candidates of a party, due nearest the booking date, scored (the share paid tells them apart). */
const PARTIAL_POOL = 10;

export function analyse(index: BookIndex, cache: FactsCache, line: Parameters<typeof lineFacts>[0]): LineAnalysis {
  const facts = lineFacts(line, cache);
  return { facts, docs: documentHits(index, facts), parties: partyHits(index, facts) };
}

// ---------------------------------------------------------------------------------------------
// The best drafts

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
    const key = keyOf(draft);
    const twin = draft.items.length > 1 ? this.list.findIndex((d) => sameItems(d, draft)) : -1;
    if (twin >= 0) {
      if (compareKey(key, this.list[twin]) >= 0) return;
      this.list.splice(twin, 1);
    }
    let at = this.list.length;
    while (at > 0 && compareKey(key, this.list[at - 1]) < 0) at--;
    this.list.splice(at, 0, draft);
    if (this.list.length > this.size) this.list.pop();
  }
}

// ---------------------------------------------------------------------------------------------
// One line

const NOTHING_INCOMPLETE: ReadonlySet<Party> = new Set();
/** The rank key of the single item being considered, reused: most candidates never become a draft. */
const probe: RankKey = { score: 0, documentAll: false, distance: 0, spread: 0, count: 1, firstId: 0 };

export interface Ranked {
  drafts: Draft[];
  /** Parties whose grouped payments were not all searched: no automatic match may rely on there being none. */
  incomplete: ReadonlySet<Party>;
}

export class LineRanking {
  private readonly top: TopDrafts;
  private settled = false;

  constructor(
    private readonly a: LineAnalysis,
    private readonly claims: Claims,
    private readonly index: BookIndex,
    private readonly settings: RankSettings,
    private readonly scoring: Scoring,
    /** A number no other ranking used, to mark the items already considered. */
    private readonly stamp: number,
  ) {
    this.top = new TopDrafts(settings.maxProposals);
  }

  run(): Ranked {
    for (const it of this.a.docs.keys()) this.consider(it);
    // An invoice the text names by a strong reference, of exactly the amount: any other candidate
    // lacks the reference's points, more than dates can make up, so none could come within the auto
    // margin of it, and none is looked for.
    if (this.settled) return { drafts: this.top.list, incomplete: NOTHING_INCOMPLETE };
    this.addSingles();
    const incomplete = this.addGroups();
    return { drafts: this.top.list, incomplete };
  }

  /** Not claimed by another line's automatic match. */
  private free(it: IndexedItem): boolean {
    const owner = this.claims.get(it.item.id);
    return owner === undefined || owner === this.a.facts.line.id;
  }

  private consider(it: IndexedItem): void {
    const { facts, docs, parties } = this.a;
    if (it.seen === this.stamp || it.book !== facts.book) return;
    it.seen = this.stamp;
    if (!this.free(it)) return;
    const party = parties.get(it.party);
    const score = singleScore(facts, it, docs, party, this.scoring);
    if (Number.isNaN(score)) return;
    const strong = docs.get(it)?.strong === true;
    if (strong && it.item.openMinor === facts.paid) this.settled = true;
    probe.score = score;
    probe.documentAll = strong;
    probe.distance = probe.spread = spreadOf(facts.day === null || it.day === null ? null : facts.day - it.day);
    probe.firstId = it.item.id;
    if (this.top.admits(probe)) this.top.add(singleDraft(facts, it, docs, party, this.scoring));
  }

  /** The items of the parties the line points to, and those of its amount, scored alone. */
  private addSingles(): void {
    const { facts, parties } = this.a;
    const [low, high] = this.amountRange(facts.paid);
    for (const party of parties.keys()) {
      const book = party.books.get(facts.book) ?? [];
      const from = firstBelow(book, high + 1);
      let to = from;
      for (; to < book.length && book[to].item.openMinor >= low; to++) this.consider(book[to]);
      // A partial payment explains the line only when no item of the party has its amount, or when the text says so.
      if (to === from || facts.statesPartial) this.addPartials(book, party);
    }
    const byAmount = this.index.byAmountRange(facts.book, low, high, AMOUNT_ONLY_LIMIT) ?? this.index.byAmountRange(facts.book, facts.paid, facts.paid, EXACT_AMOUNT_LIMIT);
    for (const it of byAmount ?? []) this.consider(it);
  }

  /** Open amounts that the line pays exactly or within the fee tolerance: a superset, each candidate is checked. */
  private amountRange(paid: number): [low: number, high: number] {
    const currency = this.a.facts.line.currency;
    const percent = this.settings.feeTolerancePercent;
    return [paid - this.scoring.tolerance(paid, currency), Math.max(paid + this.scoring.feeMinor(currency), Math.floor((paid * 100) / (100 - percent)))];
  }

  private isPartial(it: IndexedItem): boolean {
    return it.item.openMinor - this.a.facts.paid > this.scoring.tolerance(it.item.openMinor, this.a.facts.line.currency);
  }

  /**
   * A party's open items larger than the line (partial payments), due nearest the booking date:
   * known by the party alone, they differ by their date and the share paid, so the nearest few are enough.
   */
  private addPartials(book: readonly IndexedItem[], party: Party): void {
    const { facts } = this.a;
    const count = PARTIAL_POOL;
    const larger = firstBelow(book, facts.paid + 1); // book[0 .. larger) are larger than the line
    if (larger <= count) {
      for (let i = 0; i < larger; i++) if (this.isPartial(book[i])) this.consider(book[i]);
      return;
    }
    const calendar = calendarOf(party, facts.book);
    let found = 0;
    let after = facts.day === null ? 0 : firstDueFrom(calendar, facts.day);
    let before = after - 1;
    while (found < count && (before >= 0 || after < calendar.length)) {
      const takeBefore = after >= calendar.length || (before >= 0 && nearer(calendar[before], calendar[after], facts.day));
      const it = takeBefore ? calendar[before--] : calendar[after++];
      if (this.isPartial(it)) {
        this.consider(it);
        found++;
      }
    }
  }

  private addGroup(draft: Draft | null): void {
    if (draft && this.top.admits(keyOf(draft))) this.top.add(draft);
  }

  /** Grouped payments: the items the text names, and subsets of one party's items adding up to the line. Returns the parties searched incompletely. */
  private addGroups(): Set<Party> {
    const { facts, docs, parties } = this.a;
    const named = new Map<Party, IndexedItem[]>();
    if (docs.size > 0) for (const it of docs.keys()) {
      if (!this.free(it)) continue;
      const list = named.get(it.party);
      if (list) list.push(it);
      else named.set(it.party, [it]);
    }
    for (const [party, items] of named) {
      if (items.length >= 2 && items.length <= this.settings.maxGroupSize) this.addGroup(groupDraft(facts, items, docs, parties.get(party), this.scoring));
    }
    const incomplete = new Set<Party>();
    const limits: SubsetLimits = { maxSize: this.settings.maxGroupSize, maxNodes: SUBSET_NODES, maxSubsets: SUBSET_MAX };
    const searched: Party[] = [];
    for (const party of [...parties.keys(), ...named.keys()]) {
      if (searched.includes(party)) continue;
      searched.push(party);
      if (!this.groupPossible(party)) continue;
      const pool = this.groupPool(party, named.get(party) ?? []);
      const found = findSubsets(pool, pool.map((it) => it.item.openMinor), facts.paid, limits);
      if (found.exhausted) incomplete.add(party);
      for (const subset of found.subsets) this.addGroup(groupDraft(facts, subset.sort(byId), docs, parties.get(party), this.scoring));
    }
    return incomplete;
  }

  /** Whether the party's largest open items below the line's amount could add up to it at all. */
  private groupPossible(party: Party): boolean {
    const { facts } = this.a;
    const book = party.books.get(facts.book) ?? [];
    const from = firstBelow(book, facts.paid);
    let sum = 0;
    for (let i = from; i < Math.min(book.length, from + this.settings.maxGroupSize); i++) sum += book[i].item.openMinor;
    return book.length - from >= 2 && sum >= facts.paid;
  }

  /**
   * A party's free open items smaller than the line and due within the date window (a grouped
   * payment settles invoices due about the same time), plus those the text names; largest first,
   * and among equal amounts those named, then the nearest due date first, so that the first subsets
   * found are the likeliest.
   */
  private groupPool(party: Party, named: readonly IndexedItem[]): IndexedItem[] {
    const { facts } = this.a;
    const book = party.books.get(facts.book) ?? [];
    const entries: PoolEntry[] = [];
    for (let i = firstBelow(book, facts.paid); i < book.length; i++) {
      const it = book[i];
      const distance = it.day === null || facts.day === null ? 0 : Math.abs(it.day - facts.day);
      const isNamed = named.includes(it);
      if ((distance <= this.settings.dateWindowDays || isNamed) && this.free(it)) entries.push({ it, distance, unnamed: isNamed ? 0 : 1 });
    }
    const nearest = entries.length <= GROUP_POOL ? entries : entries.sort((a, b) => a.distance - b.distance).slice(0, GROUP_POOL);
    return nearest.sort(poolOrder).map((e) => e.it);
  }
}

interface PoolEntry {
  it: IndexedItem;
  distance: number;
  unnamed: number;
}

function poolOrder(a: PoolEntry, b: PoolEntry): number {
  return b.it.item.openMinor - a.it.item.openMinor || a.unnamed - b.unnamed || a.distance - b.distance;
}

function byId(a: IndexedItem, b: IndexedItem): number {
  return a.item.id - b.item.id;
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
