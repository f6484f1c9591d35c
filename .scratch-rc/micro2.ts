import * as n from '../electron/core/reconcile/normalize.ts';
import { lineFacts, documentHits, partyHits } from '../electron/core/reconcile/evidence.ts';
import { BookIndex } from '../electron/core/reconcile/book-index.ts';
import { generateBooks } from '../electron/core/reconcile/generator.ts';
const { lines, items } = generateBooks(42, { lines: 100000, items: 100000 });
function time(label: string, f: () => void) { const t = performance.now(); f(); console.log(label, Math.round(performance.now() - t)); }
let index!: BookIndex;
time('index', () => { index = new BookIndex(items); });
const texts = lines.map((l) => n.foldAscii([l.description, l.reference ?? '', l.endToEndId ?? ''].join(' ')));
for (let r = 0; r < 2; r++) {
  time('join+fold', () => { for (const l of lines) n.foldAscii([l.description, l.reference ?? '', l.endToEndId ?? ''].join(' ')); });
  time('invoice', () => { for (const t of texts) n.invoiceKeysInText(t); });
  time('rf+fik', () => { for (const t of texts) { n.creditorReferencesInText(t); n.fikCodesInText(t); } });
  time('e2e', () => { for (const l of lines) n.normalizeEndToEndId(l.endToEndId); });
  time('partyDesc', () => { for (const l of lines) n.normalizeParty(l.description); });
  const cache = { names: new Map(), ibans: new Map() };
  const facts = lines.map((l) => lineFacts(l, cache));
  time('lineFacts(cached)', () => { for (const l of lines) lineFacts(l, cache); });
  time('docs', () => { for (const f of facts) documentHits(index, f); });
  time('parties', () => { for (const f of facts) partyHits(index, f); });
  time('inText', () => { for (const f of facts) if (!f.name) index.partiesInText(f.line.description); });
}
