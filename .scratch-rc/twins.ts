import { matchLines } from '../electron/core/reconcile/engine.ts';
import { generateBooks } from '../electron/core/reconcile/generator.ts';
import type { Proposal } from '../electron/core/reconcile/types.ts';
let miss = 0, twins = 0, sug = 0;
for (const seed of [1, 2, 3, 4, 5]) {
  const { lines, items, truth } = generateBooks(seed, { lines: 5000, items: 6500 });
  const byId = new Map(items.map((i) => [i.id, i]));
  const first = new Map<number, Proposal>();
  for (const p of matchLines(lines, items)) if (!first.has(p.lineId)) first.set(p.lineId, p);
  for (const line of lines) {
    const t = truth.get(line.id); const p = first.get(line.id);
    if (!t || p?.status === 'auto') continue;
    sug++;
    const got = p?.items.map((i) => i.itemId) ?? [];
    if (got.length === t.length && t.every((id) => got.includes(id))) continue;
    miss++;
    const amounts = (ids: number[]) => ids.map((id) => byId.get(id)!.openMinor).sort((a, b) => a - b).join(',');
    const party = (ids: number[]) => new Set(ids.map((id) => byId.get(id)!.party));
    if (got.length && amounts(got) === amounts(t) && [...party(got)].join() === [...party(t)].join()) twins++;
  }
}
console.log({ sug, miss, twins, top1: 1 - miss / sug, top1IfTwinsRight: 1 - (miss - twins) / sug });
