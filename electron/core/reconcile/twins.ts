// Twins: open items alike but for their due dates: of one party with the same amount (a monthly
// rent, a subscription, a round amount), or of the same amount only, for a line that names no party
// (a cheque remittance). Ranked alone, every line paying one of them proposes the twin due nearest
// its booking date, so a late payment and the next one on time both propose the same invoice.
// Across the run, the lines whose best proposal is such a twin share the twins out so that, all
// together, lines are booked as near their items' due dates as can be; a line moved to another twin
// says which line took the nearer one.
import type { IndexedItem, Party } from './book-index.js';
import { singleDraft, singleScore, spreadOf, type Draft, type Scoring } from './drafts.js';
import type { LineAnalysis } from './ranking.js';
import { reasons } from './reasons.js';
import type { BankLine, Proposal } from './types.js';

export interface TwinLine {
  line: BankLine;
  proposals: Proposal[];
  /** The item of the line's best proposal. */
  top: IndexedItem;
  /** The best proposal rests on the party's identity (IBAN, name...), not on the amount alone. */
  byParty: boolean;
  /** Worked out only for the lines of a class. */
  analysis: LineAnalysis | null;
}

export interface TwinContext {
  scoring: Scoring;
  maxProposals: number;
  /** Whether a line's automatic match holds the item. */
  claimed(it: IndexedItem): boolean;
  /** The open items of a book with exactly this amount (none when there are too many). */
  itemsOfAmount(book: string, amount: number, limit: number): readonly IndexedItem[];
  analysis(line: TwinLine): LineAnalysis;
  toProposal(a: LineAnalysis, d: Draft): Proposal;
}

interface Analysed extends TwinLine {
  analysis: LineAnalysis;
}

/** A class of twins holding more lines or items than this is left to each line's own ranking (the assignment is quadratic). */
const MAX_CLASS = 400;

/** Lines grouped by the book and amount of their best proposal's item, and by its party when the proposal rests on it. */
export function twinClasses(lines: readonly TwinLine[]): TwinLine[][] {
  const classes = new Map<Party | null, Map<string, TwinLine[]>>();
  for (const line of lines) {
    const { party, book, item } = line.top;
    const key = line.byParty ? party : null;
    const byAmount = classes.get(key) ?? new Map<string, TwinLine[]>();
    classes.set(key, byAmount);
    const amountKey = `${book}|${item.openMinor}`;
    const list = byAmount.get(amountKey);
    if (list) list.push(line);
    else byAmount.set(amountKey, [line]);
  }
  return [...classes.values()].flatMap((byAmount) => [...byAmount.values()]).filter((c) => c.length >= 2 && c.length <= MAX_CLASS);
}

/**
 * The class's items: open items of the book with that amount, unclaimed: of the party, when the
 * class has one; else those no line names by its party.
 */
function twinsOf(lines: readonly TwinLine[], byParty: ReadonlySet<IndexedItem>, context: TwinContext): IndexedItem[] {
  const { party, book, item } = lines[0].top;
  const alike = lines[0].byParty
    ? (party.books.get(book) ?? []).filter((it) => it.item.openMinor === item.openMinor)
    : context.itemsOfAmount(book, item.openMinor, MAX_CLASS).filter((it) => !byParty.has(it));
  return alike.filter((it) => !context.claimed(it)).sort((a, b) => a.item.id - b.item.id);
}

/** How well the item fits the line: its score first, then the nearer due date; null when it is no candidate. */
function fit(line: Analysed, it: IndexedItem, context: TwinContext): number | null {
  const { facts, docs, parties } = line.analysis;
  const score = singleScore(facts, it, docs, parties.get(it.party), context.scoring);
  if (Number.isNaN(score)) return null;
  return score * 1024 - Math.min(1023, spreadOf(facts.day === null || it.day === null ? null : facts.day - it.day));
}

/**
 * The assignment of lines to twins, each twin to one line at most, with the best total fit (a line
 * may be left without: fit 0). `fits[line][twin]`, null when the twin is no candidate for the line;
 * returns the twin of each line, or null. The Hungarian method (Kuhn-Munkres), O(n²·m); written
 * here as it is a few lines, and the npm packages that have it work in floats or on square matrices.
 */
export function assignBest(fits: readonly (readonly (number | null)[])[]): (number | null)[] {
  const n = fits.length;
  const twins = n === 0 ? 0 : fits[0].length;
  const columns = twins + n; // a column per twin, then one "no twin" column per line
  let top = 0;
  for (const row of fits) for (const f of row) if (f !== null && f > top) top = f;
  const forbidden = (top + 1) * (n + 1);
  const cost = (i: number, j: number): number => {
    if (j >= twins) return top;
    const f = fits[i][j];
    return f === null ? forbidden : top - f;
  };
  // Potentials u (rows) and v (columns), 1-based with column 0 as the start; owner[j] = row of column j.
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(columns + 1).fill(0);
  const owner = new Array<number>(columns + 1).fill(0);
  const way = new Array<number>(columns + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    owner[0] = i;
    let j0 = 0;
    const minv = new Array<number>(columns + 1).fill(Infinity);
    const used = new Array<boolean>(columns + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = owner[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= columns; j++) {
        if (used[j]) continue;
        const reduced = cost(i0 - 1, j - 1) - u[i0] - v[j];
        if (reduced < minv[j]) {
          minv[j] = reduced;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= columns; j++) {
        if (used[j]) {
          u[owner[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (owner[j0] !== 0);
    do {
      const j1 = way[j0];
      owner[j0] = owner[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const assigned: (number | null)[] = new Array<number | null>(n).fill(null);
  for (let j = 1; j <= twins; j++) if (owner[j] !== 0 && fits[owner[j] - 1][j - 1] !== null) assigned[owner[j] - 1] = j - 1;
  return assigned;
}

/** Puts first, in each line of the class, the twin the best assignment gives it. */
export function shareOutTwins(twinLines: readonly TwinLine[], byParty: ReadonlySet<IndexedItem>, context: TwinContext): void {
  const twins = twinsOf(twinLines, byParty, context);
  if (twins.length < 2) return;
  const lines: Analysed[] = twinLines.map((line) => ({ ...line, analysis: context.analysis(line) }));
  const assigned = assignBest(lines.map((line) => twins.map((it) => fit(line, it, context))));
  const holder = new Map<IndexedItem, Analysed>();
  for (const [i, j] of assigned.entries()) if (j !== null) holder.set(twins[j], lines[i]);
  for (const [i, j] of assigned.entries()) {
    const line = lines[i];
    if (j === null || twins[j] === line.top) continue;
    const { facts, docs, parties } = line.analysis;
    const proposal = context.toProposal(line.analysis, singleDraft(facts, twins[j], docs, parties.get(twins[j].party), context.scoring));
    const taker = holder.get(line.top);
    if (taker) proposal.reasons.push(reasons.twinTaken(line.top.label, taker.analysis.facts.line.id));
    const others = line.proposals.filter((p) => !(p.items.length === 1 && p.items[0].itemId === twins[j].item.id));
    line.proposals.splice(0, line.proposals.length, proposal, ...others.slice(0, context.maxProposals - 1));
  }
}
