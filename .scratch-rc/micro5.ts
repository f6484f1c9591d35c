import * as n from '../electron/core/reconcile/normalize.ts';
import { generateBooks } from '../electron/core/reconcile/generator.ts';
const { lines } = generateBooks(42, { lines: 100000, items: 100000 });
const texts = lines.map((l) => n.foldAscii([l.description, l.reference ?? '', l.endToEndId ?? ''].join(' ')));
const RE = /\b(ACOMPTE|PARTIEL(LE)?|VERSEMENT|DELBETALING|ACONTO|RATE|AFDRAG|PARTIAL|INSTAL?LMENT|DEPOSIT)\b/;
function time(label: string, f: () => void) { const t = performance.now(); f(); console.log(label, Math.round(performance.now() - t)); }
for (let r = 0; r < 2; r++) {
  time('partialRE', () => { let c = 0; for (const t of texts) if (RE.test(t)) c++; });
  time('dayNumber', () => { for (const l of lines) Date.UTC(2025, 1, 1); });
  time('join', () => { for (const l of lines) [l.description, l.reference ?? '', l.endToEndId ?? ''].join(' '); });
  time('names', () => { for (const l of lines) if (l.counterpartyName) n.normalizeParty(l.counterpartyName); });
}
