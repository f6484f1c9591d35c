// One measurement for statements.bench.ts, run in a process of its own so that the peak RSS it
// reports is that of this measurement alone. Prints one JSON object on stdout.
// Usage: node --import tsx test/bench/statements-task.ts <task> <file> [dataDir]
// (statements.bench.ts runs it bundled, with plain node).
//   parse                 our streaming parser, every event consumed
//   import | reimport     importStatementFile into the ledger of dataDir (reimport: the same file again)
//   mt940js | iso20022.js | camt-parser   npm parsers, for comparison (they take the whole text)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { importStatementFile } from '../../electron/core/import/statements.js';
import { openStatementFile } from '../../electron/core/statements/parse-file.js';
import { makeCore } from '../helpers/core.js';

interface Outcome {
  entries: number;
  [extra: string]: unknown;
}

const require = createRequire(import.meta.url);

const TASKS: Record<string, (file: string, dataDir: string) => Promise<Outcome>> = {
  parse: parseOurs,
  import: importInto,
  reimport: importInto,
  mt940js: async (file) => {
    const { Parser } = require('mt940js') as { Parser: new () => { parse(text: string): { transactions: unknown[] }[] } };
    const statements = new Parser().parse(readFileSync(file, 'latin1'));
    return { entries: statements.reduce((n, s) => n + s.transactions.length, 0) };
  },
  'iso20022.js': async (file) => {
    const { CashManagementEndOfDayReport } = await import('iso20022.js');
    return { entries: CashManagementEndOfDayReport.fromXML(readFileSync(file, 'utf8')).entries.length };
  },
  'camt-parser': async (file) => {
    const { parseCamt053 } = await import('camt-parser');
    const document = await parseCamt053(readFileSync(file, 'utf8'));
    return { entries: document.statements.reduce((n, s) => n + s.transactions.length, 0) };
  },
};

async function parseOurs(file: string): Promise<Outcome> {
  const { events } = await openStatementFile(file, {});
  let entries = 0;
  for await (const event of events) if (event.type === 'entry') entries++;
  return { entries };
}

async function importInto(file: string, dataDir: string): Promise<Outcome> {
  const { core } = makeCore(dataDir);
  core.ensureCompany();
  try {
    const summary = await importStatementFile(core.ledger, file, { actor: 'bench', createAccounts: true });
    const entries = summary.statements.reduce((n, s) => n + s.entries, 0);
    return { entries, inserted: summary.inserted, duplicates: summary.duplicates, statements: summary.statements.length };
  } finally {
    core.close();
  }
}

async function main(): Promise<void> {
  const [task, file, dataDir = ''] = process.argv.slice(2);
  const run = TASKS[task];
  if (!run || !file) throw new Error(`usage: statements-task.ts <${Object.keys(TASKS).join('|')}> <file> [dataDir]`);
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const outcome = await run(file, dataDir);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  // CPU time of every thread: on a shared machine, a hint of how much of `seconds` was waiting.
  const cpuSeconds = (used.user + used.system) / 1e6;
  process.stdout.write(JSON.stringify({ ...outcome, seconds, cpuSeconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');
}

await main();
