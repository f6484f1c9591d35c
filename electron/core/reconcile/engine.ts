// The matching engine: for each bank line, candidate open items come from the book index
// (references, IBAN, party name, amount), each candidate match is scored with explainable points,
// and a match is 'auto' only when it is unambiguous. Pure: no SQL, no I/O.
import { BookIndex } from './book-index.js';
import { explain, isStrong, type Draft, type Scoring } from './drafts.js';
import { isStrongParty, lineFacts, partyHits, type FactsCache, type PartyHit } from './evidence.js';
import { analyse, LineRanking, type Claims, type LineAnalysis, type Ranked } from './ranking.js';
import { DATE_MAX, reasons } from './reasons.js';
import { shareOutTwins, twinClasses, type TwinContext, type TwinLine } from './twins.js';
import type { BankLine, MatchOptions, OpenItemInput, Proposal, Reason, ReasonCode } from './types.js';

export type MatchSettings = Required<Omit<MatchOptions, 'paymentEndToEndIds' | 'partyRules'>>;

export const DEFAULT_SETTINGS: Readonly<MatchSettings> = {
  feeToleranceMinor: 500,
  feeTolerancePercent: 1,
  maxGroupSize: 5,
  autoThreshold: 60,
  autoMargin: 15,
  dateWindowDays: 120,
  maxProposals: 3,
};

/**
 * Default fixed fee tolerance by currency, when the options set none: what a bank keeps on a
 * foreign transfer (EUR 5.00 in the euro area, DKK 50.00 in Denmark); other currencies get 500 minor units.
 */
const FEE_TOLERANCE_MINOR: Readonly<Record<string, number>> = { EUR: 500, DKK: 5_000 };

/** Rounds of ranking again the lines whose proposals name items auto-matched elsewhere. */
const MAX_ROUNDS = 4;
const NO_CLAIMS: Claims = new Map();
const NONE_CONTESTED: ReadonlySet<number> = new Set();
const PARTY_REASONS: ReadonlySet<ReasonCode> = new Set(['iban', 'fik_creditor', 'name', 'name_fuzzy', 'name_in_text', 'party_rule']);

export function settingsOf(options: MatchOptions = {}): MatchSettings {
  const settings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof MatchSettings)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`match option ${key} must be a whole number of 0 or more, got ${value}`);
    settings[key] = value;
  }
  if (settings.feeTolerancePercent >= 100) throw new RangeError('match option feeTolerancePercent must be below 100');
  if (settings.autoMargin <= DATE_MAX) throw new RangeError(`match option autoMargin must exceed the ${DATE_MAX} points a date can earn`);
  if (settings.maxProposals < 1) throw new RangeError('match option maxProposals must be 1 or more');
  return settings;
}

/**
 * Identity evidence and amount evidence: the amount or a group's sum, with the party's or the
 * document's identity; or less by a fee the bank kept (never more: that is no fee), with the
 * document's identity, as a fee gap alone may be a coincidence among one party's items.
 */
function canBeAuto(d: Draft): boolean {
  if (d.relation === 'fee') return d.writeOff > 0 && d.documentAll;
  return (d.relation === 'exact' || d.relation === 'group') && isStrong(d);
}

/** One line's proposals in a run, with what ranking it again needs. */
export interface LineResult {
  line: BankLine;
  proposals: Proposal[];
  /** Kept for lines that may be ranked again (those not matched automatically). */
  analysis: LineAnalysis | null;
}

export class Matcher {
  readonly settings: MatchSettings;
  private readonly index: BookIndex;
  private readonly scoring: Scoring;
  private readonly cache: FactsCache = { names: new Map(), ibans: new Map() };
  private stamp = 0;

  /** `books`: match only lines of these books (see BookIndex); the items of all books are still given. */
  constructor(items: readonly OpenItemInput[], options: MatchOptions = {}, books?: ReadonlySet<string>) {
    this.settings = settingsOf(options);
    this.index = new BookIndex(items, options.paymentEndToEndIds, books, options.partyRules);
    const { feeTolerancePercent, dateWindowDays } = this.settings;
    const feeMinor = (currency: string): number => options.feeToleranceMinor ?? FEE_TOLERANCE_MINOR[currency] ?? DEFAULT_SETTINGS.feeToleranceMinor;
    this.scoring = {
      tolerance: (open, currency) => Math.max(feeMinor(currency), Math.floor((open * feeTolerancePercent) / 100)),
      feeMinor,
      dateWindowDays,
    };
  }

  /** Whether what the line says (IBAN, FIK creditor, exact name, a rule) names the party of these open items. */
  namesParty(line: BankLine, partyLabel: string): boolean {
    const party = this.index.partyByItemLabel(partyLabel);
    return party !== undefined && isStrongParty(partyHits(this.index, lineFacts(line, this.cache)).get(party));
  }

  /** Ranked proposals for one bank line, best first. Sees no other line: use proposeAll for a run, so conflicts are resolved. */
  propose(line: BankLine): Proposal[] {
    return this.rank(line, null, NO_CLAIMS, NONE_CONTESTED).proposals;
  }

  /**
   * Proposals for a run of bank lines, best first per line, an open item never auto-matched to two
   * lines: conflicting automatic matches become suggestions, and the lines whose proposals name an
   * item auto-matched elsewhere are ranked again without it (which may settle them in turn).
   */
  proposeAll(lines: readonly BankLine[]): Proposal[] {
    return this.resolve(lines.map((line) => this.rankAlone(line)));
  }

  /** One line's first ranking in a run, before conflicts: proposeAll is `resolve(lines.map(rankAlone))`, whichever thread ranked them. */
  rankAlone(line: BankLine): LineResult {
    return this.rank(line, null, NO_CLAIMS, NONE_CONTESTED);
  }

  /**
   * The run's proposals from every line's first ranking (in the lines' order), conflicts resolved.
   * A result without its analysis (ranked on another thread) has it worked out again if needed.
   */
  resolve(results: LineResult[]): Proposal[] {
    const claims = new Map<number, number>();
    // Items that several lines wanted as much: no line ranked again may take them automatically.
    const contested = new Set<number>();
    settleClaims(results, claims, contested, this.settings.autoMargin);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      // A line whose best proposal names a claimed item, or whose best proposal was auto-worthy but
      // for a runner-up now claimed, may rank and decide otherwise without it (its new automatic
      // match cannot take a claimed item, so claims only grow).
      const stale = (r: LineResult): boolean => {
        const [top, runnerUp] = r.proposals;
        return top !== undefined && (namesClaimed(top, claims) || (runnerUp !== undefined && isAmbiguous(top) && namesClaimed(runnerUp, claims)));
      };
      const again = this.rankAgain(results, stale, claims, contested);
      if (again.length === 0) break;
      settleClaims(again, claims, contested, this.settings.autoMargin);
    }
    // Other lines only lose the proposals that name a claimed item.
    for (const r of results) if (r.proposals.some((p) => namesClaimed(p, claims))) r.proposals = r.proposals.filter((p) => !namesClaimed(p, claims));
    this.shareOutTwins(results, claims);
    return results.flatMap((r) => r.proposals);
  }

  /** Lines whose best proposal is one of several open items alike but for the due date share them out (see twins.ts). */
  private shareOutTwins(results: readonly LineResult[], claims: Claims): void {
    const lines: TwinLine[] = [];
    for (const r of results) {
      const top = r.proposals[0];
      const it = top?.status === 'suggested' && top.items.length === 1 ? this.index.items.get(top.items[0].itemId) : undefined;
      if (it) lines.push({ proposals: r.proposals, top: it, byParty: top.reasons.some((x) => PARTY_REASONS.has(x.code)), analysis: r.analysis, line: r.line });
    }
    const context: TwinContext = {
      scoring: this.scoring,
      maxProposals: this.settings.maxProposals,
      claimed: (it) => claims.has(it.item.id),
      itemsOfAmount: (book, amount, limit) => this.index.byAmountRange(book, amount, amount, limit) ?? [],
      analysis: (l) => l.analysis ?? analyse(this.index, this.cache, l.line),
      toProposal: (a, d) => this.toProposal(a, d, new Map()),
    };
    const byParty = new Set(lines.filter((l) => l.byParty).map((l) => l.top));
    for (const twins of twinClasses(lines)) shareOutTwins(twins, byParty, context);
  }

  /** Ranks again, without the claimed items, the lines that `stale` selects among those not matched automatically. */
  private rankAgain(results: LineResult[], stale: (r: LineResult) => boolean, claims: Claims, contested: ReadonlySet<number>): LineResult[] {
    const again: LineResult[] = [];
    for (const [i, result] of results.entries()) {
      if (result.proposals[0]?.status === 'auto' || !stale(result)) continue;
      results[i] = this.rank(result.line, result.analysis, claims, contested);
      again.push(results[i]);
    }
    return again;
  }

  /** Proposals of one line, best first, leaving out the items other lines claim. */
  private rank(line: BankLine, known: LineAnalysis | null, claims: Claims, contested: ReadonlySet<number>): LineResult {
    if (line.amountMinor === 0 || !Number.isSafeInteger(line.amountMinor)) return { line, proposals: [], analysis: null };
    const analysis = known ?? analyse(this.index, this.cache, line);
    const ranked = new LineRanking(analysis, claims, this.index, this.settings, this.scoring, ++this.stamp).run();
    const partyReasons = new Map<PartyHit, Reason[]>();
    const proposals = ranked.drafts.map((d) => this.toProposal(analysis, d, partyReasons));
    if (proposals.length > 0) this.decide(ranked, proposals, contested);
    // An automatic match stands alone: its alternatives were too far behind to be worth showing.
    if (proposals[0]?.status === 'auto') return { line, proposals: proposals.slice(0, 1), analysis: null };
    return { line, proposals, analysis };
  }

  private toProposal(a: LineAnalysis, d: Draft, partyReasons: Map<PartyHit, Reason[]>): Proposal {
    const proposal: Proposal = {
      lineId: a.facts.line.id,
      items: d.items.map((it, j) => ({ itemId: it.item.id, amountMinor: d.allocations[j] })),
      score: d.score,
      reasons: explain(a.facts, d, a.docs, this.scoring, partyReasons),
      status: 'suggested',
    };
    if (d.writeOff !== 0) proposal.writeOffMinor = d.writeOff;
    if (d.remainderOpen !== 0) proposal.remainderOpenMinor = d.remainderOpen;
    if (d.lineRemainder !== 0) proposal.lineRemainderMinor = d.lineRemainder;
    return proposal;
  }

  /** 'auto' for the best draft only with identity and amount evidence, enough points, a clear lead, and a complete search. */
  private decide({ drafts, incomplete }: Ranked, proposals: Proposal[], contested: ReadonlySet<number>): void {
    const [top, runnerUp] = drafts;
    const lead = runnerUp ? top.score - runnerUp.score : Number.MAX_SAFE_INTEGER;
    const searchComplete = top.documentAll || !top.items.some((it) => incomplete.has(it.party));
    const free = !top.items.some((it) => contested.has(it.item.id));
    const candidate = canBeAuto(top) && top.score >= this.settings.autoThreshold && searchComplete && free;
    if (candidate && lead >= this.settings.autoMargin) proposals[0].status = 'auto';
    else if (candidate && runnerUp) proposals[0].reasons.push(reasons.ambiguous(runnerUp.score));
  }
}

// ---------------------------------------------------------------------------------------------
// Conflicts within a run

function isAmbiguous(p: Proposal): boolean {
  return p.reasons.some((r) => r.code === 'ambiguous');
}

function namesClaimed(p: Proposal, claims: Claims): boolean {
  return p.items.some(({ itemId }) => {
    const owner = claims.get(itemId);
    return owner !== undefined && owner !== p.lineId;
  });
}

/**
 * Adds the automatic matches of `results` to the run's claims, an open item claimed by one line at
 * most: when several lines auto-match an item, the one leading the others by the auto margin keeps
 * it, and the others (or all, without such a lead) become suggestions.
 */
function settleClaims(results: readonly LineResult[], claims: Map<number, number>, contested: Set<number>, autoMargin: number): void {
  const first = new Map<number, Proposal>();
  const rivals = new Map<number, Proposal[]>();
  for (const { proposals } of results) {
    const top = proposals[0];
    if (top?.status !== 'auto') continue;
    for (const { itemId } of top.items) {
      const holder = first.get(itemId);
      if (!holder) first.set(itemId, top);
      else rivals.set(itemId, [...(rivals.get(itemId) ?? [holder]), top]);
    }
  }
  const conflicts = new Map<Proposal, Set<number>>();
  for (const [itemId, list] of rivals) {
    list.sort((a, b) => b.score - a.score);
    const clear = list[0].score - list[1].score >= autoMargin;
    if (!clear) contested.add(itemId);
    for (const [i, p] of list.entries()) {
      if (i === 0 && clear) continue;
      const others = conflicts.get(p) ?? new Set<number>();
      for (const other of list) if (other !== p) others.add(other.lineId);
      conflicts.set(p, others);
    }
  }
  for (const [p, others] of conflicts) {
    p.status = 'suggested';
    p.reasons.push(reasons.conflict([...others].sort((a, b) => a - b)));
  }
  for (const { proposals } of results) {
    const top = proposals[0];
    if (top?.status === 'auto') for (const { itemId } of top.items) claims.set(itemId, top.lineId);
  }
}

/** Proposals for every bank line against the open items, best first per line. */
export function matchLines(lines: readonly BankLine[], items: readonly OpenItemInput[], options?: MatchOptions): Proposal[] {
  return new Matcher(items, options).proposeAll(lines);
}
