import { describe, expect, it } from 'vitest';
import { Matcher } from './engine.js';
import { generateBooks } from './generator.js';
import { PARALLEL_MIN_LINES, proposeAllParallel, rankInParallel } from './parallel.js';

const { lines, items } = generateBooks(11, { lines: 8_000, items: 10_400 });
const expected = new Matcher(items).proposeAll(lines);

describe('proposeAllParallel', () => {
  it('proposes exactly what proposeAll does, the books shared between this thread and a helper', async () => {
    const run = await rankInParallel(lines, items);
    expect(run.helperLines).toBeGreaterThan(lines.length * 0.3);
    expect(run.helperLines).toBeLessThan(lines.length * 0.7);
    expect(run.proposals).toEqual(expected);
  }, 60_000);

  it('keeps to this thread when one book holds (nearly) every line', async () => {
    const received = lines.filter((l) => l.amountMinor > 0 && l.currency === 'EUR');
    expect(received.length).toBeGreaterThanOrEqual(PARALLEL_MIN_LINES / 2);
    const many = [...received, ...received.map((l) => ({ ...l, id: l.id + 100_000 }))];
    const run = await rankInParallel(many, items);
    expect(run.helperLines).toBe(0);
    expect(run.proposals).toEqual(new Matcher(items).proposeAll(many));
  }, 60_000);

  it('stays on this thread for a small run, with the same options', async () => {
    const few = lines.slice(0, PARALLEL_MIN_LINES - 1);
    const options = { maxProposals: 2, autoMargin: 20 };
    const run = await rankInParallel(few, items, options);
    expect(run.helperLines).toBe(0);
    expect(run.proposals).toEqual(new Matcher(items, options).proposeAll(few));
  });

  it('rejects invalid options as proposeAll does', async () => {
    await expect(proposeAllParallel(lines, items, { autoMargin: 1 })).rejects.toThrow(RangeError);
  });
});
