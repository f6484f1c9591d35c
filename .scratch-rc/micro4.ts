import { Matcher } from '../electron/core/reconcile/engine.ts';
import { generateBooks } from '../electron/core/reconcile/generator.ts';
const { lines, items } = generateBooks(42, { lines: 100000, items: 100000 });
const m = new Matcher(items);
const t = performance.now();
const out = m.proposeAll(lines);
console.log('propose', Math.round(performance.now() - t), out.length, out.reduce((s, p) => s + p.reasons.length, 0));
