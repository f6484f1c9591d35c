import * as n from '../electron/core/reconcile/normalize.ts';
import { lineFacts } from '../electron/core/reconcile/evidence.ts';
import { generateBooks } from '../electron/core/reconcile/generator.ts';
const { lines } = generateBooks(42, { lines: 100000, items: 100000 });
const texts = lines.map((l) => [l.description, l.reference ?? '', l.endToEndId ?? ''].join(' '));
const folded = texts.map(n.foldAscii);
function time(label: string, f: () => void) { const t = performance.now(); f(); console.log(label, Math.round(performance.now() - t)); }
for (let r = 0; r < 2; r++) {
time('fold', () => { for (const t of texts) n.foldAscii(t); });
time('invoice', () => { for (const t of folded) n.invoiceKeysInText(t); });
time('rf', () => { for (const t of folded) n.creditorReferencesInText(t); });
time('fik', () => { for (const t of folded) n.fikCodesInText(t); });
time('e2e', () => { for (const l of lines) n.normalizeEndToEndId(l.endToEndId); });
time('party', () => { for (const l of lines) if (l.counterpartyName) n.normalizeParty(l.counterpartyName); });
time('partyDesc', () => { for (const l of lines) n.normalizeParty(l.description); });
time('iban', () => { for (const l of lines) n.normalizeIban(l.counterpartyIban); });
const cache = { names: new Map(), ibans: new Map() };
time('lineFacts', () => { for (const l of lines) lineFacts(l, cache); });
}
console.log(texts.slice(0,5));
