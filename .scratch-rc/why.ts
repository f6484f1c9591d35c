import { matchLines } from '../electron/core/reconcile/engine.ts';
import { generateBooks } from '../electron/core/reconcile/generator.ts';
import type { Proposal } from '../electron/core/reconcile/types.ts';
const seeds = (process.argv[2] ?? '1,2,3').split(',').map(Number);
const show = process.argv[3];
const same = (p: Proposal | undefined, t: number[]) => !!p && p.items.length === t.length && t.every((id) => p.items.some((i) => i.itemId === id));
const cats: Record<string, number> = {};
let shown = 0;
for (const seed of seeds) {
  const { lines, items, truth } = generateBooks(seed, { lines: 5000, items: 6500 });
  const byId = new Map(items.map((i) => [i.id, i]));
  const props = matchLines(lines, items);
  const byLine = new Map<number, Proposal[]>();
  for (const p of props) byLine.set(p.lineId, [...(byLine.get(p.lineId) ?? []), p]);
  for (const line of lines) {
    const t = truth.get(line.id);
    if (!t) continue;
    const ps = byLine.get(line.id) ?? [];
    if (ps[0]?.status === 'auto') continue;
    const sum = t.reduce((s, id) => s + byId.get(id)!.openMinor, 0);
    const paid = Math.abs(line.amountMinor);
    const scen = line.description.startsWith('REMISE CHEQUE') ? 'cheque' : t.length > 1 ? 'group' : paid === sum ? 'exact' : sum - paid > Math.max(500, Math.floor(sum / 100)) ? 'partial' : 'fee';
    const top1 = same(ps[0], t);
    const why = ps[0]?.reasons.filter((r) => ['ambiguous', 'conflict', 'claimed'].includes(r.code)).map((r) => r.code).join('+') || (ps[0] ? `score${ps[0].score >= 60 ? 'hi' : 'lo'}` : 'none');
    const key = `${scen}:${top1 ? 'top1' : 'miss'}:${why}`;
    cats[key] = (cats[key] ?? 0) + 1;
    if (show && key.startsWith(show) && shown++ < 8) console.log(JSON.stringify(line), '\n truth', JSON.stringify(t.map((id) => byId.get(id))), '\n got', JSON.stringify(ps.slice(0, 2), null, 0), '\n');
  }
}
console.log(Object.entries(cats).sort((a, b) => b[1] - a[1]));
