import { describe, expect, it } from 'vitest';
import { assignBest } from './twins.js';

describe('assignBest', () => {
  it('maximizes the total fit, each twin to one line', () => {
    // Line 0 fits twin 0 a little better than twin 1, line 1 fits only twin 0: line 0 takes twin 1.
    expect(assignBest([
      [10, 9],
      [10, null],
    ])).toEqual([1, 0]);
  });

  it('leaves a line without a twin when there are fewer twins than lines, or none fits', () => {
    expect(assignBest([[5], [7], [6]])).toEqual([null, 0, null]);
    expect(assignBest([[null, null]])).toEqual([null]);
  });

  it('agrees with trying every assignment on small random cases', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
    for (let round = 0; round < 200; round++) {
      const lines = 1 + (next() % 4);
      const twins = 1 + (next() % 4);
      const fits = Array.from({ length: lines }, () => Array.from({ length: twins }, () => (next() % 5 === 0 ? null : next() % 100)));
      const total = (assigned: (number | null)[]): number => assigned.reduce<number>((sum, j, i) => sum + (j === null ? 0 : (fits[i][j] as number)), 0);
      const got = assignBest(fits);
      const used = got.filter((j) => j !== null);
      expect(new Set(used).size).toBe(used.length);
      expect(got.every((j, i) => j === null || fits[i][j] !== null)).toBe(true);
      expect(total(got)).toBe(bruteForce(fits, 0, new Set()));
    }
  });
});

function bruteForce(fits: (number | null)[][], line: number, used: Set<number>): number {
  if (line === fits.length) return 0;
  let best = bruteForce(fits, line + 1, used);
  for (const [j, f] of fits[line].entries()) {
    if (f === null || used.has(j)) continue;
    used.add(j);
    best = Math.max(best, f + bruteForce(fits, line + 1, used));
    used.delete(j);
  }
  return best;
}
