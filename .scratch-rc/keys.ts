import { lineFacts } from '../electron/core/reconcile/evidence.ts';
import { generateBooks } from '../electron/core/reconcile/generator.ts';
const { lines } = generateBooks(42, { lines: 100000, items: 100000 });
const cache = { names: new Map(), ibans: new Map() };
let full = 0, weak = 0; const ex: string[] = [];
for (const l of lines) { const f = lineFacts(l, cache); full += f.invoice.full.length; weak += f.invoice.weak.length; if (ex.length < 12 && f.invoice.full.length > 2) ex.push(`${l.description} | ${l.reference} | ${l.endToEndId} => ${f.invoice.full.join(' ')}`); }
console.log(full / lines.length, weak / lines.length); console.log(ex.join('\n'));
