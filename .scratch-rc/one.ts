import { Matcher, matchLines } from '../electron/core/reconcile/engine.ts';
import { generateBooks } from '../electron/core/reconcile/generator.ts';
const [seed, L, I, lineId] = process.argv.slice(2).map(Number);
const { lines, items, truth } = generateBooks(seed, { lines: L, items: I });
const line = lines.find((l) => l.id === lineId)!;
const m = new Matcher(items, { maxProposals: 6 });
console.log('alone', JSON.stringify(m.propose(line).map((p) => [p.status, p.score, p.items.map((i) => i.itemId), p.reasons.map((r) => r.code + ':' + r.points).join(' ')])));
const party = items.find((i) => i.id === truth.get(lineId)![0])!.party;
const partyItems = items.filter((i) => i.party === party && i.openMinor === 1000000).map((i) => i.id);
console.log('party items 10000', partyItems);
const all = matchLines(lines, items);
for (const id of partyItems) {
  const claim = all.find((p) => p.status === 'auto' && p.items.some((x) => x.itemId === id));
  const owner = [...truth].find(([, t]) => t?.includes(id));
  console.log(id, 'claimed by', claim?.lineId, 'truth line', owner?.[0], claim ? JSON.stringify(claim.items.map((x) => x.itemId)) + ' truth ' + JSON.stringify(truth.get(claim.lineId)) : '');
}
