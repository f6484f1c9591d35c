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
 * target. The amounts must be sorted largest first, which lets the search stop as soon as the remaining entries cannot reach the target.
 */
export function findSubsets<T>(pool: readonly T[], amounts: readonly number[], target: number, limits: SubsetLimits): SubsetSearch<T> {
  // The largest sum of `count` entries from `from` on: the entries right there, the list being sorted.
  const prefix = [0];
  for (const amount of amounts) prefix.push(prefix[prefix.length - 1] + amount);
  const largest = (from: number, count: number): number => prefix[Math.min(amounts.length, from + count)] - prefix[from];
  const smallest = amounts[amounts.length - 1] ?? 0;
  const subsets: T[][] = [];
  const chosen: number[] = [];
  let nodes = 0;
  let exhausted = false;

  const record = (...last: number[]): void => {
    if (subsets.length >= limits.maxSubsets) exhausted = true;
    else if (chosen.length + last.length >= 2) subsets.push([...chosen, ...last].map((j) => pool[j]));
  };
  /** Two slots left: the entries of exactly `need`, then the pairs adding up to it, found from both ends at once. */
  const pairs = (start: number, need: number): void => {
    for (let i = firstAtMost(amounts, need, start); i < amounts.length && amounts[i] === need && !exhausted; i++) record(i);
    let lo = firstAtMost(amounts, need, start);
    let hi = amounts.length - 1;
    while (lo < hi && !exhausted) {
      if (++nodes > limits.maxNodes) {
        exhausted = true;
        return;
      }
      const sum = amounts[lo] + amounts[hi];
      if (sum > need) lo++;
      else if (sum < need) hi--;
      else if (amounts[lo] === amounts[hi]) {
        // One run of equal entries, each half the amount: every pair in it.
        for (let i = lo; i < hi && !exhausted; i++) for (let j = i + 1; j <= hi && !exhausted; j++) record(i, j);
        return;
      } else {
        // Every pairing of the run of equal entries at lo with the run at hi.
        let loEnd = lo;
        while (amounts[loEnd + 1] === amounts[lo]) loEnd++;
        let hiStart = hi;
        while (amounts[hiStart - 1] === amounts[hi]) hiStart--;
        for (let i = lo; i <= loEnd && !exhausted; i++) for (let j = hiStart; j <= hi && !exhausted; j++) record(i, j);
        lo = loEnd + 1;
        hi = hiStart - 1;
      }
    }
  };
  const visit = (start: number, need: number): void => {
    const slots = limits.maxSize - chosen.length;
    if (slots === 2) {
      pairs(start, need);
      return;
    }
    if (slots === 1) {
      // Last slot: only an entry of exactly the amount still needed will do.
      for (let i = firstAtMost(amounts, need, start); i < amounts.length && amounts[i] === need && !exhausted; i++) record(i);
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
      } else if (need - amount >= smallest) {
        chosen.push(i);
        visit(i + 1, need - amount);
        chosen.pop();
      }
      if (exhausted) return;
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
