import { lineFacts } from '../electron/core/reconcile/evidence.ts';
import { BookIndex } from '../electron/core/reconcile/book-index.ts';
import { generateBooks } from '../electron/core/reconcile/generator.ts';
const { lines, items } = generateBooks(42, { lines: 100000, items: 100000 });
const mode = process.argv[2];
let best = Infinity;
for (let r = 0; r < 5; r++) {
  const c = process.cpuUsage();
  if (mode === 'index') new BookIndex(items);
  else { const cache = { names: new Map(), ibans: new Map() }; for (const l of lines) lineFacts(l, cache); }
  const u = process.cpuUsage(c); best = Math.min(best, (u.user + u.system) / 1000);
}
console.log(mode, 'min cpu ms', Math.round(best));
