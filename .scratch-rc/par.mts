import { Matcher } from '../electron/core/reconcile/engine.js';
import { proposeAllParallel } from '../electron/core/reconcile/parallel.js';
import { generateBooks } from '../electron/core/reconcile/generator.js';
import { isDeepStrictEqual } from 'node:util';
const n = Number(process.argv[2] ?? 100000);
const { lines, items } = generateBooks(42, { lines: n, items: n });
(globalThis as any).gc?.();
let t = performance.now(); console.error('start', performance.timeOrigin + t);
const a = await proposeAllParallel(lines, items);
console.log('parallel', performance.now() - t, a.length);
if (process.argv[3]) { t = performance.now(); const b = new Matcher(items).proposeAll(lines); console.log('sync', performance.now() - t, isDeepStrictEqual(a, b)); }
