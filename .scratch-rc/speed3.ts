import { Matcher } from '../electron/core/reconcile/engine.ts';
import { generateBooks } from '../electron/core/reconcile/generator.ts';
const n = Number(process.argv[2] ?? 100000);
const { lines, items } = generateBooks(42, { lines: n, items: n });
for (let r = 0; r < 2; r++) {
  const c0 = process.cpuUsage(); const w0 = performance.now();
  const m = new Matcher(items);
  const c1 = process.cpuUsage(c0); const w1 = performance.now();
  const p = m.proposeAll(lines);
  const c2 = process.cpuUsage(c0); const w2 = performance.now();
  console.log('index cpu', Math.round((c1.user + c1.system) / 1000), 'wall', Math.round(w1 - w0), '| propose cpu', Math.round((c2.user + c2.system - c1.user - c1.system) / 1000), 'wall', Math.round(w2 - w1), p.length);
}
