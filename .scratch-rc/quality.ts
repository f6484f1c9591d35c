import { matchLines } from '../electron/core/reconcile/engine.ts';
import { generateBooks } from '../electron/core/reconcile/generator.ts';
import type { Proposal } from '../electron/core/reconcile/types.ts';
const seeds = (process.argv[2] ?? '1,2,3').split(',').map(Number);
const verbose = process.argv[3];
const same = (p: Proposal | undefined, t: number[]) => !!p && p.items.length === t.length && t.every((id) => p.items.some((i) => i.itemId === id));
let T = { paying: 0, auto: 0, ok: 0, sug: 0, top1: 0 };
const misses: Record<string, number> = {};
for (const seed of seeds) {
  const [L, I] = (process.env.SIZE ?? "5000,6500").split(",").map(Number); const { lines, items, truth } = generateBooks(seed, { lines: L, items: I });
  const itemById = new Map(items.map((i) => [i.id, i]));
  const props = matchLines(lines, items);
  const byLine = new Map<number, Proposal[]>();
  for (const p of props) byLine.set(p.lineId, [...(byLine.get(p.lineId) ?? []), p]);
  let shown = 0;
  for (const line of lines) {
    const t = truth.get(line.id) ?? null;
    const ps = byLine.get(line.id) ?? [];
    const top = ps[0];
    if (t) T.paying++;
    if (top?.status === 'auto') {
      T.auto++;
      if (t && same(top, t)) T.ok++;
      else if (verbose === 'wrong' && shown++ < 20) console.log('WRONG AUTO', JSON.stringify(line), '\n truth', t?.map((id) => itemById.get(id)), '\n got', JSON.stringify(top), '\n');
    } else if (t) {
      T.sug++;
      if (same(top, t)) T.top1++;
      else {
        const kind = !top ? 'none' : ps.some((p) => same(p, t)) ? 'lower' : 'absent';
        const cat = `${kind}:${t.length > 1 ? 'group' : 'single'}`;
        misses[cat] = (misses[cat] ?? 0) + 1;
        if (verbose === cat && shown++ < 12) console.log('MISS', JSON.stringify(line), '\n truth', t.map((id) => itemById.get(id)), '\n got', JSON.stringify(ps.slice(0, 2)), '\n');
      }
    }
  }
}
console.log({ precision: T.ok / T.auto, recall: T.ok / T.paying, top1: T.top1 / T.sug, ...T, misses });
