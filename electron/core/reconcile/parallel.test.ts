import { describe, expect, it } from 'vitest';
import { Matcher } from './engine.js';
import { generateBooks } from './generator.js';
import { PARALLEL_MIN_LINES, proposeAllParallel, rankInParallel } from './parallel.js';

const { lines, items } = generateBooks(11, { lines: 8_000, items: 10_400 });
const expected = new Matcher(items).proposeAll(lines);

describe('proposeAllParallel', () => {
  it('proposes exactly what proposeAll does, the lines ranked by a helper thread', async () => {
    const run = await rankInParallel(lines, items, {}, 2, { rankHere: false, chunkLines: 250 });
    expect(run.helperChunks).toBe(Math.ceil(lines.length / 250));
    expect(run.proposals).toEqual(expected);
  }, 60_000);

  it('proposes exactly what proposeAll does, the lines shared between this thread and a helper', async () => {
    expect(await proposeAllParallel(lines, items)).toEqual(expected);
  }, 60_000);

  it('stays on this thread for a small run, with the same options', async () => {
    const few = lines.slice(0, PARALLEL_MIN_LINES - 1);
    const options = { maxProposals: 2, autoMargin: 20 };
    const run = await rankInParallel(few, items, options);
    expect(run.helperChunks).toBe(0);
    expect(run.proposals).toEqual(new Matcher(items, options).proposeAll(few));
  });

  it('rejects invalid options as proposeAll does', async () => {
    await expect(proposeAllParallel(lines, items, { autoMargin: 1 })).rejects.toThrow(RangeError);
  });
});
