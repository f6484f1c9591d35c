import { Matcher } from '../electron/core/reconcile/engine.js';
import { generateBooks } from '../electron/core/reconcile/generator.js';
const { lines, items } = generateBooks(42, { lines: 100_000, items: 100_000 });
const m = new Matcher(items);
m.proposeAll(lines);
