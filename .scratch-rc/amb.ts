import { matchLines } from '../electron/core/reconcile/engine.ts';
import { generateBooks } from '../electron/core/reconcile/generator.ts';
import type { Proposal } from '../electron/core/reconcile/types.ts';
let older = 0, newer = 0, sameScore = 0, lowerScore = 0; const dd: number[] = []; const dt: number[] = [];
for (const seed of [1, 2, 3, 4, 5]) {
  const { lines, items, truth } = generateBooks(seed, { lines: 5000, items: 6500 });
  const byId = new Map(items.map((i) => [i.id, i]));
  const byLine = new Map<number, Proposal[]>();
  for (const p of matchLines(lines, items)) byLine.set(p.lineId, [...(byLine.get(p.lineId) ?? []), p]);
  for (const line of lines) {
    const t = truth.get(line.id); const ps = byLine.get(line.id) ?? [];
    if (!t || t.length !== 1 || ps[0]?.status === 'auto' || !ps[0] || ps[0].items.length !== 1) continue;
    const ti = byId.get(t[0])!; const ci = byId.get(ps[0].items[0].itemId)!;
    if (ti.id === ci.id || ti.openMinor !== Math.abs(line.amountMinor) || ci.openMinor !== ti.openMinor || ti.party !== ci.party) continue;
    const tp = ps.find((p) => p.items[0].itemId === ti.id);
    if (tp && tp.score === ps[0].score) sameScore++; else lowerScore++;
    const day = (d: string | null) => (d ? Date.parse(d) / 864e5 : NaN);
    if (day(ti.dueDate) < day(ci.dueDate)) older++; else newer++;
    dd.push(day(line.bookingDate) - day(ci.dueDate)); dt.push(day(line.bookingDate) - day(ti.dueDate));
  }
}
console.log({ older, newer, sameScore, lowerScore });
console.log('chosen delay', dd.slice(0, 30).join(' '));
console.log('truth delay ', dt.slice(0, 30).join(' '));
