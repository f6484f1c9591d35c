// Bounded subset-sum: which 2 to maxSize open items of one party add up exactly to a bank line.

export interface SubsetSearch<T> {
  subsets: T[][];
  /** The node budget ran out: a subset may have been missed, so no automatic match may rely on there being none. */
  exhausted: boolean;
}

export interface SubsetLimits {
  maxSize: number;
  maxNodes: number;
  /** Stop after this many subsets: more only confirm the ambiguity. */
  maxSubsets: number;
}

/**
 * Subsets of 2..maxSize entries whose amounts add up to target. `pool` must be sorted by amount,
 * largest first, which lets the search stop as soon as the remaining entries cannot reach the target.
 */
export function findSubsets<T>(pool: readonly T[], amountOf: (entry: T) => number, target: number, limits: SubsetLimits): SubsetSearch<T> {
  const amounts = pool.map(amountOf);
  // The largest sum of `count` entries from `from` on: the entries right there, the list being sorted.
  const prefix = [0];
  for (const amount of amounts) prefix.push(prefix[prefix.length - 1] + amount);
  const largest = (from: number, count: number): number => prefix[Math.min(amounts.length, from + count)] - prefix[from];
  const subsets: T[][] = [];
  const chosen: number[] = [];
  let nodes = 0;
  let exhausted = false;

  const record = (last: number): void => {
    if (chosen.length >= 1) subsets.push([...chosen, last].map((j) => pool[j]));
  };
  const visit = (start: number, need: number): void => {
    const slots = limits.maxSize - chosen.length;
    if (slots === 1) {
      // Last slot: only an entry of exactly the amount still needed will do.
      for (let i = firstAtMost(amounts, need, start); i < amounts.length && amounts[i] === need && subsets.length < limits.maxSubsets; i++) record(i);
      return;
    }
    for (let i = firstAtMost(amounts, need, start); i < amounts.length; i++) {
      const amount = amounts[i];
      if (largest(i, slots) < need) return; // sorted: no later entries can fill the gap either
      if (++nodes > limits.maxNodes) {
        exhausted = true;
        return;
      }
      if (amount === need) {
        record(i);
      } else {
        chosen.push(i);
        visit(i + 1, need - amount);
        chosen.pop();
      }
      if (exhausted || subsets.length >= limits.maxSubsets) return;
    }
  };
  if (target > 0 && limits.maxSize >= 2) visit(0, target);
  return { subsets, exhausted };
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
