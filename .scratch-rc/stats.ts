import { BookIndex } from '../electron/core/reconcile/book-index.ts';
import { lineFacts, partyHits, documentHits } from '../electron/core/reconcile/evidence.ts';
import { generateBooks } from '../electron/core/reconcile/generator.ts';
const n = Number(process.argv[2] ?? 20000);
const { lines, items } = generateBooks(42, { lines: n, items: n });
const index = new BookIndex(items);
const cache = { names: new Map(), ibans: new Map() };
let ph = 0, pi = 0, dh = 0, inText = 0, partyItems = 0, maxPh = 0;
const hist = new Map<number, number>();
for (const line of lines) {
  const f = lineFacts(line, cache);
  const p = partyHits(index, f);
  const d = documentHits(index, f);
  ph += p.size; dh += d.size; maxPh = Math.max(maxPh, p.size);
  hist.set(p.size, (hist.get(p.size) ?? 0) + 1);
  for (const [party] of p) partyItems += party.books.get(f.book)?.length ?? 0;
  if (!f.name) inText++;
}
console.log({ n, partyHitsPerLine: ph / n, docHitsPerLine: dh / n, partyItemsPerLine: partyItems / n, maxPh, noName: inText, hist: [...hist].sort((a,b)=>a[0]-b[0]).slice(0,12) });
let shown = 0;
for (const line of lines) {
  const f = lineFacts(line, cache);
  const p = partyHits(index, f);
  if (p.size >= 8 && shown++ < 6) console.log(line.description, '|', line.counterpartyName, '|', [...p.entries()].slice(0,4).map(([q, h]) => [q.label, h.name?.code, h.iban]));
}
