// What a bank line says about who paid and for what: its document references (which open
// items) and its party evidence (which parties), each found through the book index.
import { bookOfLine, dayNumber, type BookIndex, type IndexedItem, type NameHit, type Party } from './book-index.js';
import {
  creditorReferencesInFolded,
  fikCodesInFolded,
  foldAscii,
  invoiceKeysInFolded,
  normalizeEndToEndId,
  normalizeIban,
  normalizeParty,
  type PartyName,
  type TextInvoiceKeys,
} from './normalize.js';
import { POINTS } from './reasons.js';
import { ruleFor } from './rules.js';
import type { BankLine, PartyRule } from './types.js';

export interface LineFacts {
  line: BankLine;
  /** What the line paid or received, positive. */
  paid: number;
  book: string;
  day: number | null;
  invoice: TextInvoiceKeys;
  structured: string[];
  fikCreditors: string[];
  endToEnd: string | null;
  iban: string | null;
  name: PartyName | null;
  /** The text announces a partial payment ("acompte", "1er versement", "delbetaling", "rate"). */
  statesPartial: boolean;
}

export type DocumentCode = 'structured_reference' | 'end_to_end' | 'reference' | 'reference_weak';

export interface DocumentHit {
  code: DocumentCode;
  /** What the text said, as shown to the bookkeeper. */
  label: string;
  points: number;
  /** Identifies the open item by itself (all but the weak invoice number). */
  strong: boolean;
}

export interface PartyHit {
  iban: string | null;
  fikCreditor: string | null;
  name: NameHit | null;
  /** The bookkeeper's rule that names the party. */
  rule: PartyRule | null;
}

const PARTIAL_WORDS = /\b(ACOMPTE|PARTIEL(LE)?|VERSEMENT|DELBETALING|ACONTO|RATE|AFDRAG|PARTIAL|INSTAL?LMENT|DEPOSIT)\b/;

/** Weak invoice numbers ("123") shared by more open items of the line's book than this identify nothing. */
const MAX_WEAK_ITEMS = 50;

/** Normalizations repeated across the lines of a run (counterparty names, IBANs), done once each. */
export interface FactsCache {
  names: Map<string, PartyName>;
  ibans: Map<string, string | null>;
}

export function lineFacts(line: BankLine, cache: FactsCache): LineFacts {
  const text = foldAscii(`${line.description} ${line.reference ?? ''} ${line.endToEndId ?? ''}`);
  const fik = fikCodesInFolded(text);
  const structured = creditorReferencesInFolded(text).map((r) => `RF:${r}`);
  const fikCreditors: string[] = [];
  for (const code of fik) {
    if (code.paymentId) structured.push(`FIK:${code.paymentId}`);
    if (code.creditor) fikCreditors.push(code.creditor);
  }
  return {
    line,
    paid: Math.abs(line.amountMinor),
    book: bookOfLine(line),
    day: dayNumber(line.bookingDate),
    invoice: invoiceKeysInFolded(text),
    structured,
    fikCreditors,
    endToEnd: normalizeEndToEndId(line.endToEndId),
    iban: line.counterpartyIban ? cached(cache.ibans, line.counterpartyIban, normalizeIban) : null,
    name: line.counterpartyName ? cached(cache.names, line.counterpartyName, normalizeParty) : null,
    statesPartial: PARTIAL_WORDS.test(text),
  };
}

function cached<T>(cache: Map<string, T>, raw: string, normalize: (raw: string) => T): T {
  if (cache.has(raw)) return cache.get(raw) as T;
  const value = normalize(raw);
  cache.set(raw, value);
  return value;
}

function keep(hits: Map<IndexedItem, DocumentHit>, facts: LineFacts, items: readonly IndexedItem[], hit: DocumentHit): void {
  for (const it of items) {
    if (it.book !== facts.book) continue;
    const old = hits.get(it);
    if (!old || old.points < hit.points) hits.set(it, hit);
  }
}

// An invoice number is shown as the item's own reference: the hit needs no label of its own.
const REFERENCE_HIT: DocumentHit = { code: 'reference', label: '', points: POINTS.reference, strong: true };
const WEAK_REFERENCE_HIT: DocumentHit = { code: 'reference_weak', label: '', points: POINTS.referenceWeak, strong: false };

/** Open items the line's references point to, each with its best reference. */
export function documentHits(index: BookIndex, facts: LineFacts): Map<IndexedItem, DocumentHit> {
  const hits = new Map<IndexedItem, DocumentHit>();
  for (const key of facts.structured) {
    keep(hits, facts, index.byStructuredKey(key), { code: 'structured_reference', label: key.slice(key.indexOf(':') + 1), points: POINTS.structuredReference, strong: true });
  }
  if (facts.endToEnd) {
    keep(hits, facts, index.byEndToEnd(facts.endToEnd), { code: 'end_to_end', label: facts.line.endToEndId ?? facts.endToEnd, points: POINTS.endToEnd, strong: true });
  }
  for (const key of facts.invoice.full) keep(hits, facts, index.byFullKey(key), REFERENCE_HIT);
  for (const key of facts.invoice.weak) {
    const items = index.byWeakKey(key).filter((it) => it.book === facts.book);
    if (items.length <= MAX_WEAK_ITEMS) keep(hits, facts, items, WEAK_REFERENCE_HIT);
  }
  return hits;
}

/** Parties the line's IBAN, FIK creditor number or name point to. */
export function partyHits(index: BookIndex, facts: LineFacts): Map<Party, PartyHit> {
  const hits = new Map<Party, PartyHit>();
  const hitOf = (party: Party): PartyHit => {
    let hit = hits.get(party);
    if (!hit) hits.set(party, (hit = { iban: null, fikCreditor: null, name: null, rule: null }));
    return hit;
  };
  if (facts.iban) for (const party of index.partiesByIban(facts.iban)) hitOf(party).iban = facts.iban;
  for (const creditor of facts.fikCreditors) for (const party of index.partiesByFikCreditor(creditor)) hitOf(party).fikCreditor = creditor;
  let names = facts.name ? index.partiesByName(facts.name) : [];
  if (names.length === 0) names = index.partiesInText(facts.line.description);
  for (const name of names) hitOf(name.party).name = name;
  const rule = index.partyRules.length > 0 ? ruleFor(facts.line, index.partyRules) : null;
  const ruled = rule ? index.partyByItemLabel(rule.party) : undefined;
  if (rule && ruled) hitOf(ruled).rule = rule;
  return hits;
}

/** A party's identity counts for an automatic match when its IBAN, FIK creditor, exact name or a rule of the bookkeeper's names it. */
export function isStrongParty(hit: PartyHit | undefined): boolean {
  return !!hit && (hit.iban !== null || hit.fikCreditor !== null || hit.rule !== null || (hit.name !== null && hit.name.code !== 'name_fuzzy'));
}
