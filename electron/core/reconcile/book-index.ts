// Indexes over the open items, built once per run: a bank line finds its candidates by key
// (reference, IBAN, party name, amount), never by a scan of all open items.
import {
  compactId,
  fikCodesInText,
  invoiceKeysOfReference,
  nameSimilarity,
  normalizeEndToEndId,
  normalizeIban,
  normalizeParty,
  parseCreditorReference,
  partyNameRelation,
  TRUNCATED_MIN_COMPACT,
  type FikCode,
  type InvoiceKeys,
  type PartyName,
} from './normalize.js';
import type { BankLine, OpenItemInput, PartyRule } from './types.js';

export interface Party {
  label: string;
  name: PartyName;
  /** Open items by book ("receivable|EUR"), largest open amount first. */
  books: Map<string, IndexedItem[]>;
  /** The same open items by book, earliest due date first (no date last): made when first needed, see calendarOf. */
  calendars: Map<string, IndexedItem[]>;
}

export interface IndexedItem {
  item: OpenItemInput;
  party: Party;
  book: string;
  /** Due date as a day number; without one, the legal default term after the issue date (see DEFAULT_TERM_DAYS). */
  day: number | null;
  /** The due date is that default, not the item's own. */
  dueEstimated: boolean;
  issueDay: number | null;
  label: string;
  invoice: InvoiceKeys;
  structured: string | null;
  /** The last bank line that considered this item: lets the engine skip a candidate found twice without a set. */
  seen: number;
}

/** A party under the rarest word of its name, `at` words from its start. */
interface RareToken {
  party: Party;
  at: number;
}

export interface NameHit {
  party: Party;
  code: 'name' | 'name_fuzzy' | 'name_in_text';
  truncated: boolean;
  similarityPercent: number;
}

/** A word shared by more parties than this ("TRANSPORTS", "FRANCE") finds no candidates by itself. */
const MAX_TOKEN_PARTIES = 200;
const MIN_TOKEN = 3;
const FUZZY_MIN = 0.8;
/** A fuzzy name must beat the next party's similarity by this much to count. */
const FUZZY_LEAD = 0.1;
const NAME_IN_TEXT_MIN = 6;

/**
 * An invoice without a due date is due this many days after its date: the default term in both
 * countries (France: Code de commerce L441-10; Denmark: renteloven §3), which payers keep to.
 */
export const DEFAULT_TERM_DAYS = 30;

function dueDay(item: OpenItemInput): number | null {
  const due = dayNumber(item.dueDate);
  if (due !== null) return due;
  const issued = dayNumber(item.issueDate);
  return issued === null ? null : issued + DEFAULT_TERM_DAYS;
}

export function bookKey(kind: OpenItemInput['kind'], currency: string): string {
  return `${kind}|${currency}`;
}

/** The book a bank line pays into: money in settles receivables, money out payables. */
export function bookOfLine(line: Pick<BankLine, 'amountMinor' | 'currency'>): string {
  return bookKey(line.amountMinor > 0 ? 'receivable' : 'payable', line.currency);
}

const days = new Map<string, number | null>();

/** "2025-03-12" -> days since 1970-01-01, or null. Books repeat their dates: each is read once. */
export function dayNumber(date: string | null | undefined): number | null {
  if (!date) return null;
  let day = days.get(date);
  if (day === undefined) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
    day = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000 : null;
    if (days.size < 100_000) days.set(date, day);
  }
  return day;
}

const NONE: readonly never[] = [];

/** Values by key; most keys have one value, kept without an array. */
class KeyIndex<K, V extends object> {
  private readonly map = new Map<K, V | V[]>();

  add(key: K, value: V): void {
    const old = this.map.get(key);
    if (old === undefined) this.map.set(key, value);
    else if (Array.isArray(old)) old.push(value);
    else this.map.set(key, [old, value]);
  }

  get(key: K): readonly V[] {
    const found = this.map.get(key);
    return found === undefined ? NONE : Array.isArray(found) ? found : [found];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** RF creditor reference or FIK payment id of an item's reference, as a structured key. */
export function structuredKeyOfReference(reference: string | null, fik: readonly FikCode[] = fikCodesInText(reference ?? '')): string | null {
  if (!reference) return null;
  const rf = parseCreditorReference(reference);
  if (rf) return `RF:${rf}`;
  const code = fik.find((c) => c.paymentId !== null);
  return code ? `FIK:${code.paymentId}` : null;
}

/** A party's open items of one book, earliest due date first (no date last). */
export function calendarOf(party: Party, book: string): readonly IndexedItem[] {
  let calendar = party.calendars.get(book);
  if (!calendar) {
    calendar = [...(party.books.get(book) ?? [])].sort((a, b) => (a.day ?? Number.MAX_SAFE_INTEGER) - (b.day ?? Number.MAX_SAFE_INTEGER));
    party.calendars.set(book, calendar);
  }
  return calendar;
}

export class BookIndex {
  readonly items = new Map<number, IndexedItem>();
  private readonly parties = new Map<string, Party>();
  private readonly partyByLabel = new Map<string, Party>();
  private readonly ibans = new Map<string, string | null>();
  private readonly byFull = new KeyIndex<number, IndexedItem>();
  private readonly byWeak = new KeyIndex<number, IndexedItem>();
  private readonly byStructured = new KeyIndex<string, IndexedItem>();
  private readonly byCompactId = new KeyIndex<string, IndexedItem>();
  private readonly byIban = new Map<string, Party[]>();
  private readonly byFikCreditor = new Map<string, Party[]>();
  /** Parties sorted by compact name: the names a cut bank name is the start of form one range. */
  private readonly byName: Party[] = [];
  /** Names repeat from line to line (the engine normalizes each once): so do their parties. */
  private readonly nameHits = new WeakMap<PartyName, NameHit[]>();
  private readonly byToken = new Map<string, Party[]>();
  /** Each party under its rarest word: a name written in a text is found through that word. */
  private readonly byRareToken = new Map<string, RareToken[]>();
  private readonly sortedBooks = new Map<string, { items: IndexedItem[]; opens: number[] }>();

  /**
   * `books`: index the open items of these books only; the others only make their parties known
   * (names, IBANs, FIK creditors), so that what a line says of its party reads the same as with
   * every book indexed.
   */
  constructor(
    items: readonly OpenItemInput[],
    paymentEndToEndIds?: ReadonlyMap<string, readonly number[]>,
    books?: ReadonlySet<string>,
    /** The bookkeeper's rules naming parties. */
    readonly partyRules: readonly PartyRule[] = [],
  ) {
    for (const item of items) {
      if (item.openMinor <= 0) continue;
      if (!books || books.has(bookKey(item.kind, item.currency))) this.add(item);
      else this.linkPartyKeys(item, this.partyOf(item.party), item.reference ? fikCodesInText(item.reference) : []);
    }
    for (const party of this.parties.values()) for (const list of party.books.values()) list.sort((a, b) => b.item.openMinor - a.item.openMinor);
    this.sortBooks();
    this.indexRareTokens();
    this.byName.push(...[...this.parties.values()].sort((a, b) => (a.name.compact < b.name.compact ? -1 : a.name.compact > b.name.compact ? 1 : 0)));
    for (const [id, itemIds] of paymentEndToEndIds ?? []) this.addPaymentEndToEnd(id, itemIds);
  }

  private add(item: OpenItemInput): void {
    const party = this.partyOf(item.party);
    const book = bookKey(item.kind, item.currency);
    const fik = item.reference ? fikCodesInText(item.reference) : [];
    const indexed: IndexedItem = {
      item,
      party,
      book,
      day: dueDay(item),
      dueEstimated: dayNumber(item.dueDate) === null && dayNumber(item.issueDate) !== null,
      issueDay: dayNumber(item.issueDate),
      label: item.reference ?? item.externalId,
      invoice: invoiceKeysOfReference(item.reference),
      structured: structuredKeyOfReference(item.reference, fik),
      seen: 0,
    };
    this.items.set(item.id, indexed);
    push(party.books, book, indexed);
    this.indexKeys(indexed, fik);
  }

  private indexKeys(it: IndexedItem, fik: readonly FikCode[]): void {
    const { item, party } = it;
    if (it.invoice.full !== null) this.byFull.add(it.invoice.full, it);
    if (it.invoice.weak !== null) this.byWeak.add(it.invoice.weak, it);
    if (it.structured) this.byStructured.add(it.structured, it);
    const external = compactId(item.externalId);
    const reference = compactId(item.reference ?? '');
    if (external.length >= 4) this.byCompactId.add(external, it);
    if (reference.length >= 4 && reference !== external) this.byCompactId.add(reference, it);
    this.linkPartyKeys(item, party, fik);
  }

  /** The party's IBAN and FIK creditor number, as an item gives them. */
  private linkPartyKeys(item: OpenItemInput, party: Party, fik: readonly FikCode[]): void {
    const iban = this.iban(item.partyIban);
    if (iban) this.linkParty(this.byIban, iban, party);
    for (const code of fik) if (code.creditor) this.linkParty(this.byFikCreditor, code.creditor, party);
  }

  private linkParty(map: Map<string, Party[]>, key: string, party: Party): void {
    const list = map.get(key);
    if (!list) map.set(key, [party]);
    else if (!list.includes(party)) list.push(party);
  }

  private iban(raw: string | null): string | null {
    if (!raw) return null;
    let iban = this.ibans.get(raw);
    if (iban === undefined) this.ibans.set(raw, (iban = normalizeIban(raw)));
    return iban;
  }

  private partyOf(label: string): Party {
    const known = this.partyByLabel.get(label);
    if (known) return known;
    const party = this.partyOfName(label);
    this.partyByLabel.set(label, party);
    return party;
  }

  private partyOfName(label: string): Party {
    const name = normalizeParty(label);
    const key = name.compact || label;
    let party = this.parties.get(key);
    if (!party) {
      party = { label, name, books: new Map(), calendars: new Map() };
      this.parties.set(key, party);
      for (const token of new Set(name.tokens)) if (token.length >= MIN_TOKEN) push(this.byToken, token, party);
    }
    return party;
  }

  /** Each party under the rarest of the words its name starts with: those survive a bank's truncation. */
  private indexRareTokens(): void {
    for (const party of this.parties.values()) {
      if (party.name.compact.length < NAME_IN_TEXT_MIN) continue;
      let rarest: string | null = null;
      let at = 0;
      let offset = 0;
      for (const [k, token] of party.name.tokens.entries()) {
        if (offset >= TRUNCATED_MIN_COMPACT) break;
        offset += token.length;
        if (token.length < MIN_TOKEN) continue;
        if (rarest === null || (this.byToken.get(token)?.length ?? 0) < (this.byToken.get(rarest)?.length ?? 0)) [rarest, at] = [token, k];
      }
      if (rarest) push(this.byRareToken, rarest, { party, at });
    }
  }

  private sortBooks(): void {
    const books = new Map<string, IndexedItem[]>();
    for (const it of this.items.values()) push(books, it.book, it);
    for (const [book, list] of books) {
      list.sort((a, b) => a.item.openMinor - b.item.openMinor);
      this.sortedBooks.set(book, { items: list, opens: list.map((it) => it.item.openMinor) });
    }
  }

  private addPaymentEndToEnd(endToEndId: string, itemIds: readonly number[]): void {
    const id = normalizeEndToEndId(endToEndId);
    if (!id) return;
    for (const itemId of itemIds) {
      const it = this.items.get(itemId);
      if (it) this.byCompactId.add(id, it);
    }
  }

  byFullKey(key: number): readonly IndexedItem[] {
    return this.byFull.get(key);
  }

  byWeakKey(key: number): readonly IndexedItem[] {
    return this.byWeak.get(key);
  }

  byStructuredKey(key: string): readonly IndexedItem[] {
    return this.byStructured.get(key);
  }

  byEndToEnd(compact: string): readonly IndexedItem[] {
    return this.byCompactId.get(compact);
  }

  partiesByIban(iban: string): readonly Party[] {
    return this.byIban.get(iban) ?? [];
  }

  partiesByFikCreditor(creditor: string): readonly Party[] {
    return this.byFikCreditor.get(creditor) ?? [];
  }

  /** The party an open item names exactly so, if any has open items. */
  partyByItemLabel(label: string): Party | undefined {
    return this.partyByLabel.get(label);
  }

  /** Open items of a book whose open amount lies in [low, high], or null when there are more than `limit`. */
  byAmountRange(book: string, low: number, high: number, limit: number): readonly IndexedItem[] | null {
    const sorted = this.sortedBooks.get(book);
    if (!sorted) return [];
    const from = lowerBound(sorted.opens, low);
    const to = lowerBound(sorted.opens, high + 1);
    return to - from > limit ? null : sorted.items.slice(from, to);
  }

  /** Parties whose name is the bank's counterparty name (exact, or cut by the bank), else the one fuzzy match that stands out. */
  partiesByName(bank: PartyName): NameHit[] {
    let hits = this.nameHits.get(bank);
    if (!hits) this.nameHits.set(bank, (hits = this.findPartiesByName(bank)));
    return hits;
  }

  private findPartiesByName(bank: PartyName): NameHit[] {
    if (bank.compact === '') return [];
    const hits: NameHit[] = [];
    for (const party of this.nameCandidates(bank)) {
      const relation = partyNameRelation(bank, party.name);
      if (relation) hits.push({ party, code: 'name', truncated: relation === 'truncated', similarityPercent: 100 });
    }
    return hits.length > 0 ? hits : this.fuzzyParty(bank);
  }

  private nameCandidates(bank: PartyName): Set<Party> {
    const candidates = new Set<Party>();
    const exact = this.parties.get(bank.compact);
    if (exact) candidates.add(exact);
    if (!bank.maybeTruncated) return candidates;
    for (let i = this.firstNameFrom(bank.compact); i < this.byName.length && this.byName[i].name.compact.startsWith(bank.compact); i++) candidates.add(this.byName[i]);
    const withoutLast = this.parties.get(bank.tokens.slice(0, -1).join(''));
    if (withoutLast) candidates.add(withoutLast);
    return candidates;
  }

  private firstNameFrom(compact: string): number {
    let lo = 0;
    let hi = this.byName.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.byName[mid].name.compact < compact) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private partiesSharingTokens(tokens: readonly string[]): Set<Party> {
    const candidates = new Set<Party>();
    for (const token of new Set(tokens)) {
      if (token.length < MIN_TOKEN) continue;
      const list = this.byToken.get(token);
      if (list && list.length <= MAX_TOKEN_PARTIES) for (const party of list) candidates.add(party);
    }
    return candidates;
  }

  private fuzzyParty(bank: PartyName): NameHit[] {
    let best: Party | null = null;
    let bestScore = 0;
    let second = 0;
    for (const party of this.partiesSharingTokens(bank.tokens)) {
      const score = nameSimilarity(bank, party.name);
      if (score > bestScore) [best, bestScore, second] = [party, score, bestScore];
      else if (score > second) second = score;
    }
    if (!best || bestScore < FUZZY_MIN || bestScore - second < FUZZY_LEAD) return [];
    return [{ party: best, code: 'name_fuzzy', truncated: false, similarityPercent: Math.floor(bestScore * 100) }];
  }

  /** Parties whose name is written in a text (used when the bank gives no counterparty name), whole or cut by the bank in a word. */
  partiesInText(text: string): NameHit[] {
    const words = normalizeParty(text).tokens;
    const hits: NameHit[] = [];
    const found = new Set<Party>();
    for (let w = 0; w < words.length; w++) {
      const rare = this.byRareToken.get(words[w]);
      if (rare === undefined) continue;
      for (const { party, at } of rare) {
        // The name starts `at` words before its rarest word, with its first word whole.
        const start = w - at;
        if (start < 0 || words[start] !== party.name.tokens[0] || found.has(party)) continue;
        const truncated = nameAt(words, start, party.name);
        if (truncated === null) continue;
        found.add(party);
        hits.push({ party, code: 'name_in_text', truncated, similarityPercent: 100 });
      }
    }
    return hits;
  }
}

/** Whether a party's name is written from words[start]: false when whole, true when cut inside a word, null when not there. */
function nameAt(words: readonly string[], start: number, name: PartyName): boolean | null {
  if (start < 0) return null;
  let matched = 0;
  for (let k = 0; k < name.tokens.length; k++) {
    const token = name.tokens[k];
    const word = words[start + k];
    if (word === token) {
      matched += token.length;
      continue;
    }
    const cut = word !== undefined && token.startsWith(word) && matched + word.length >= TRUNCATED_MIN_COMPACT;
    return cut ? true : null;
  }
  return false;
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
