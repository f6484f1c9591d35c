// Bounded subset-sum: which 2 to maxSize open items of one party add up exactly to a bank line.

export interface SubsetSearch<T> {
  subsets: T[][];
  /** The node budget or the subset limit ran out: a subset may have been missed, so no automatic match may rely on there being none. */
  exhausted: boolean;
}

export interface SubsetLimits {
  maxSize: number;
  maxNodes: number;
  /** Stop after this many subsets (exhausted if there are more): more only confirm the ambiguity. */
  maxSubsets: number;
}

/**
 * Subsets of 2..maxSize entries of `pool` whose amounts (`amounts[i]` for `pool[i]`) add up to
 * target. The amounts must be sorted largest first, which lets the search stop as soon as the
 * remaining entries cannot reach the target.
 *
 * Each subset is its first entries, chosen depth-first, and a pair of later entries that makes up
 * the rest. In a large pool the pair is looked up among all pairs by their sum (meet in the
 * middle): 5 of 40 entries take C(40, 3) steps, where scanning for the pair would take forty
 * times more; a small pool is scanned.
 */
export function findSubsets<T>(pool: readonly T[], amounts: readonly number[], target: number, limits: SubsetLimits): SubsetSearch<T> {
  const subsets: T[][] = [];
  const result = { subsets, exhausted: false };
  if (target <= 0 || limits.maxSize < 2 || amounts.length < 2) return result;
  // The largest sum of `count` entries from `from` on: the entries right there, the list being sorted.
  const prefix = [0];
  for (const amount of amounts) prefix.push(prefix[prefix.length - 1] + amount);
  const largest = (from: number, count: number): number => prefix[Math.min(amounts.length, from + count)] - prefix[from];
  const pairs = amounts.length > SCAN_POOL ? pairsBySum(amounts, target) : null;
  const smallestPair = amounts[amounts.length - 1] + amounts[amounts.length - 2];
  const chosen: number[] = [];
  let nodes = 0;

  const record = (i: number, j: number): void => {
    if (subsets.length >= limits.maxSubsets) result.exhausted = true;
    else subsets.push([...chosen, i, j].map((k) => pool[k]));
  };
  const visit = (start: number, need: number): void => {
    // The last two entries: the pairs of that sum after the chosen ones.
    const found = pairs ? pairs.get(need) : pairsOfSum(amounts, start, need);
    if (found) {
      for (let p = 0; p < found.length && !result.exhausted; p += 2) if (found[p] >= start) record(found[p], found[p + 1]);
    }
    const slots = limits.maxSize - chosen.length;
    if (slots < 3) return;
    for (let i = firstAtMost(amounts, need, start); i < amounts.length - 2 && !result.exhausted; i++) {
      if (largest(i, slots) < need) return; // sorted: no later entries can fill the gap either
      if (need - amounts[i] < smallestPair) continue;
      if (++nodes > limits.maxNodes) {
        result.exhausted = true;
        return;
      }
      chosen.push(i);
      visit(i + 1, need - amounts[i]);
      chosen.pop();
    }
  };
  visit(0, target);
  return result;
}

/** Pools up to this size look their pairs up by scanning: cheaper than building the pairs' map. */
const SCAN_POOL = 12;

/** The pairs i < j from `start` on adding up to `sum`: [i, j, i, j, ...], or null. */
function pairsOfSum(amounts: readonly number[], start: number, sum: number): number[] | null {
  let found: number[] | null = null;
  for (let i = start; i < amounts.length - 1 && amounts[i] + amounts[i + 1] >= sum; i++) {
    for (let j = amounts.length - 1; j > i && amounts[i] + amounts[j] <= sum; j--) if (amounts[i] + amounts[j] === sum) (found ??= []).push(i, j);
  }
  return found;
}

/** Every pair i < j of entries adding up to at most `limit`, by sum: [i, j, i, j, ...] in order of i. */
function pairsBySum(amounts: readonly number[], limit: number): Map<number, number[]> {
  const pairs = new Map<number, number[]>();
  for (let i = 0; i < amounts.length; i++) {
    for (let j = amounts.length - 1; j > i; j--) {
      const sum = amounts[i] + amounts[j];
      if (sum > limit) break; // j counts down through ever larger amounts
      const list = pairs.get(sum);
      if (list) list.push(i, j);
      else pairs.set(sum, [i, j]);
    }
  }
  return pairs;
}

/** First index from `start` of a list sorted largest first whose amount is at most `limit`. */
export function firstAtMost(amounts: readonly number[], limit: number, start = 0): number {
  let lo = start;
  let hi = amounts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (amounts[mid] > limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
