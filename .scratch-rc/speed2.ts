import { matchLines } from '../electron/core/reconcile/engine.ts';
import { generateBooks } from '../electron/core/reconcile/generator.ts';
const n = Number(process.argv[2] ?? 20000);
const { lines, items } = generateBooks(42, { lines: n, items: n });
let t = Date.now();
const p = matchLines(lines, items);
const g = globalThis as any;
console.log('match', Date.now() - t, p.length, { calls: g.__calls, nodes: g.__nodes, pool: g.__pool, ex: g.__ex });
