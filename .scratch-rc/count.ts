import { generateBooks } from '../electron/core/reconcile/generator.ts';
const { lines, items } = generateBooks(42, { lines: 20000, items: 20000 });
const byParty = new Map<string, number>();
for (const it of items) byParty.set(it.party, (byParty.get(it.party) ?? 0) + 1);
const sizes = [...byParty.values()].sort((a,b)=>b-a);
console.log('parties', sizes.length, 'top', sizes.slice(0,10), 'median', sizes[sizes.length>>1]);
