import { describe, expect, it } from 'vitest';
import { findSubsets } from './groups.js';
import { Random } from './random.js';

/** Every subset of 2..maxSize indexes adding up to the target, by brute force. */
function bruteForce(amounts: number[], target: number, maxSize: number): string[] {
  const found: string[] = [];
  const walk = (start: number, chosen: number[], sum: number): void => {
    if (chosen.length >= 2 && sum === target) found.push(chosen.join(','));
    if (chosen.length === maxSize) return;
    for (let i = start; i < amounts.length; i++) walk(i + 1, [...chosen, i], sum + amounts[i]);
  };
  walk(0, [], 0);
  return found.sort();
}

const unlimited = { maxNodes: 1_000_000, maxSubsets: 1_000_000 };

describe('findSubsets', () => {
  it('finds exactly the subsets of 2 to maxSize entries adding up to the target', () => {
    const rng = new Random(3);
    for (let round = 0; round < 300; round++) {
      const amounts = Array.from({ length: rng.int(0, 12) }, () => rng.pick([100, 200, 250, 300, 500, rng.int(1, 900)])).sort((a, b) => b - a);
      const pool = amounts.map((_, i) => i);
      const target = rng.int(1, 1_500);
      const maxSize = rng.int(2, 5);
      const { subsets, exhausted } = findSubsets(pool, amounts, target, { maxSize, ...unlimited });
      expect(exhausted).toBe(false);
      expect(subsets.map((s) => [...s].sort((a, b) => a - b).join(',')).sort()).toEqual(bruteForce(amounts, target, maxSize));
    }
  });

  it('finds the same in large pools, where pairs are looked up by their sum, within C(n, 3) steps', () => {
    const rng = new Random(5);
    for (let round = 0; round < 40; round++) {
      const amounts = Array.from({ length: rng.int(13, 22) }, () => rng.pick([100, 200, 250, 300, 500, rng.int(1, 900)])).sort((a, b) => b - a);
      const pool = amounts.map((_, i) => i);
      const target = rng.int(1, 2_000);
      const maxSize = rng.int(2, 5);
      const { subsets, exhausted } = findSubsets(pool, amounts, target, { maxSize, maxNodes: 1_540, maxSubsets: 1_000_000 });
      expect(exhausted).toBe(false);
      expect(subsets.map((s) => [...s].sort((a, b) => a - b).join(',')).sort()).toEqual(bruteForce(amounts, target, maxSize));
    }
  });

  it('says when a limit cut the search short', () => {
    const amounts = Array.from({ length: 30 }, () => 100);
    const pool = amounts.map((_, i) => i);
    expect(findSubsets(pool, amounts, 300, { maxSize: 5, maxNodes: 1_000_000, maxSubsets: 8 })).toMatchObject({ exhausted: true });
    expect(findSubsets(pool, amounts, 300, { maxSize: 5, maxNodes: 5, maxSubsets: 1_000 }).exhausted).toBe(true);
    expect(findSubsets(pool, amounts, 300, { maxSize: 5, maxNodes: 5, maxSubsets: 1_000 }).subsets.length).toBeLessThan(4060);
  });

  it('finds nothing for one entry alone or an unreachable target', () => {
    expect(findSubsets([0], [500], 500, { maxSize: 5, ...unlimited }).subsets).toEqual([]);
    expect(findSubsets([0, 1], [500, 400], 2_000, { maxSize: 5, ...unlimited }).subsets).toEqual([]);
  });
});
