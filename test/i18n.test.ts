// Every text of the interface exists in the three languages, and every reason the engine gives
// on a generated book reads in French and Danish, not in the engine's English fallback.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchLines } from '../electron/core/reconcile/engine.js';
import { generateBooks } from '../electron/core/reconcile/generator.js';

type Tree = { [key: string]: string | Tree };
const load = (lang: string): Tree => JSON.parse(readFileSync(new URL(`../renderer/src/i18n/${lang}.json`, import.meta.url), 'utf8')) as Tree;
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));

describe('translations', () => {
  const [en, fr, da] = ['en', 'fr', 'da'].map(load);

  it('have the same keys in English, French and Danish', () => {
    const english = keys(en).filter((k) => !k.startsWith('reasons.')).sort();
    expect(keys(fr).filter((k) => !k.startsWith('reasons.')).sort()).toEqual(english);
    expect(keys(da).filter((k) => !k.startsWith('reasons.')).sort()).toEqual(english);
  });

  it('cover every reason the engine gives, in French and Danish', () => {
    const { lines, items } = generateBooks(3, { lines: 2_000, items: 2_600 });
    const codes = new Set(matchLines(lines, items).flatMap((p) => p.reasons.map((r) => (r.code === 'date' ? 'date_after' : r.code))));
    expect(codes.size).toBeGreaterThan(10);
    for (const tree of [fr, da]) {
      const reasons = tree.reasons as Tree;
      expect([...codes].filter((code) => typeof reasons[code] !== 'string')).toEqual([]);
    }
  });
});
