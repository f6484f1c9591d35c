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
  const subsets: T[][] = [];
  const chosen: number[] = [];
  let nodes = 0;
  let exhausted = false;

  const visit = (start: number, need: number): void => {
    const slots = limits.maxSize - chosen.length;
    for (let i = start; i < amounts.length; i++) {
      const amount = amounts[i];
      if (amount > need) continue;
      if (amount * slots < need) return; // sorted: no later entries can fill the gap either
      if (++nodes > limits.maxNodes) {
        exhausted = true;
        return;
      }
      if (amount === need) {
        if (chosen.length >= 1) subsets.push([...chosen, i].map((j) => pool[j]));
      } else if (slots > 1) {
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
