import { matchLines } from '../electron/core/reconcile/engine.ts';
import { generateBooks } from '../electron/core/reconcile/generator.ts';
const n = Number(process.argv[2] ?? 20000);
let t = Date.now();
const { lines, items } = generateBooks(42, { lines: n, items: n });
console.log('gen', Date.now() - t); t = Date.now();
const p = matchLines(lines, items);
console.log('match', Date.now() - t, p.length);
console.log('drafts', (globalThis as any).__n);
