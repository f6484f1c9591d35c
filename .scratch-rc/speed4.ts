import { Matcher } from '../electron/core/reconcile/engine.ts';
import { generateBooks } from '../electron/core/reconcile/generator.ts';
const { lines, items } = generateBooks(42, { lines: 100000, items: 100000 });
let best = [Infinity, Infinity];
for (let r = 0; r < 3; r++) {
  const c0 = process.cpuUsage();
  const m = new Matcher(items);
  const c1 = process.cpuUsage(c0);
  m.proposeAll(lines);
  const c2 = process.cpuUsage(c0);
  best = [Math.min(best[0], (c1.user + c1.system) / 1000), Math.min(best[1], (c2.user + c2.system - c1.user - c1.system) / 1000)];
}
console.log('min cpu: index', Math.round(best[0]), 'propose', Math.round(best[1]));
