import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCore } from '../../../test/helpers/core.js';
import { tempDirs } from '../../../test/helpers/temp.js';
import { listAccounts } from '../ledger/accounts.js';
import { listStatements } from '../ledger/statements.js';
import { DEMO_FILES, demoFileContents } from './generate.js';
import { demoDataDir } from './load.js';

const temp = tempDirs();

describe('the demo company', () => {
  it('ships the files its generator writes', () => {
    const contents = demoFileContents();
    for (const key of Object.keys(DEMO_FILES) as (keyof typeof DEMO_FILES)[]) {
      expect(readFileSync(path.join(demoDataDir(), DEMO_FILES[key]), 'utf8'), DEMO_FILES[key]).toBe(contents[key]);
    }
  });

  it('opens through the real importers: two accounts, three months of balanced statements, open items', async () => {
    const { core } = makeCore(temp());
    const progress: number[] = [];
    core.events.on('progress', (p) => progress.push(p.done));
    const company = await core.openDemo();
    expect(company).toMatchObject({ id: 'demo', demo: true });
    const accounts = listAccounts(core.ledger);
    expect(accounts.map((a) => [a.currency, a.iban?.slice(0, 2)])).toEqual([['EUR', 'FR'], ['DKK', 'DK']]);
    const lines = accounts.reduce((n, a) => n + a.entryCount, 0);
    expect(lines).toBeGreaterThanOrEqual(170);
    expect(lines).toBeLessThanOrEqual(230);
    const statements = listStatements(core.ledger);
    expect(new Set(statements.map((s) => s.format))).toEqual(new Set(['camt.053', 'mt940']));
    expect(statements.map((s) => s.difference)).toEqual(statements.map(() => '0.00'));
    expect(new Set(statements.map((s) => s.openingDate!.slice(0, 7)))).toEqual(new Set(['2026-08', '2026-09', '2026-10']));
    const items = core.ledger.read.prepare('SELECT COUNT(*) AS n FROM open_items').get() as { n: number };
    expect(items.n).toBeGreaterThan(80);
    expect(progress.at(-1)).toBe(3);
    // Opening it again opens the same ledger; it is not loaded twice.
    core.close();
    const again = makeCore(core.dataDir).core;
    await again.openDemo();
    expect(listAccounts(again.ledger).reduce((n, a) => n + a.entryCount, 0)).toBe(lines);
    again.close();
  });
});
