// Rewrites the demo company's bundled files in data/ from generate.ts:
//   node --import tsx electron/core/demo/write-data.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_FILES, demoFileContents } from './generate.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');
const contents = demoFileContents();
for (const key of Object.keys(DEMO_FILES) as (keyof typeof DEMO_FILES)[]) {
  writeFileSync(path.join(dir, DEMO_FILES[key]), contents[key]);
  console.log(`wrote ${DEMO_FILES[key]}`);
}
