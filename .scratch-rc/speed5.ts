import { matchLines } from '../electron/core/reconcile/engine.ts';
import { generateBooks } from '../electron/core/reconcile/generator.ts';
const { lines, items } = generateBooks(42, { lines: 100000, items: 100000 });
matchLines(lines, items);
const g = globalThis as any;
console.log({ calls: g.__calls, nodes: g.__nodes, pool: g.__pool, ex: g.__ex, found: g.__found });
