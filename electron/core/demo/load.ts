// Fills the demo company's ledger from the bundled files, through the real importers.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Core, ProgressEvent } from '../core.js';
import { insertAccount } from '../ledger/accounts.js';
import { appendAudit } from '../ledger/audit.js';
import { setCompanyValue } from '../ledger/company.js';
import { importItemsCsv } from '../import/items.js';
import { importStatementFile } from '../import/statements.js';
import { DEMO_FILES, generateDemoBooks } from './generate.js';
import { danishAccountOfIban } from '../accounts/identify.js';

/** The bundled files sit in data/ beside this module, or in dist/demo/ once bundled. */
export function demoDataDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'data'), path.join(here, 'demo'), path.join(here, '..', 'demo')];
  const found = candidates.find((dir) => existsSync(path.join(dir, DEMO_FILES.items)));
  if (!found) throw new Error(`the demo company's files are missing (looked in ${candidates.join(', ')})`);
  return found;
}

export async function loadDemoCompany(core: Core, progress: (p: ProgressEvent) => void): Promise<void> {
  const dir = demoDataDir();
  const ledger = core.ledger;
  const books = generateDemoBooks();
  await ledger.writeLock.run(() =>
    ledger.write.transaction(() => {
      setCompanyValue(ledger.write, 'name', 'Atelier Demo SARL');
      insertAccount(ledger.write, { name: 'BNP Paribas — compte courant', glAccount: '512100', iban: books.eur.iban, bic: books.eur.bic, currency: 'EUR' });
      insertAccount(ledger.write, { name: 'Danske Bank — erhvervskonto', glAccount: '512200', iban: books.dkk.iban, dkAccount: danishAccountOfIban(books.dkk.iban), bic: books.dkk.bic, currency: 'DKK' });
      appendAudit(ledger.write, 'demo', 'company.create', 'demo', { name: 'Atelier Demo SARL' });
    })(),
  );
  const steps = [DEMO_FILES.eurStatements, DEMO_FILES.dkkStatements];
  for (const [i, file] of steps.entries()) {
    progress({ task: 'demo', done: i, total: steps.length + 1, label: file });
    await importStatementFile(ledger, path.join(dir, file), { actor: 'demo', source: 'demo' });
  }
  progress({ task: 'demo', done: steps.length, total: steps.length + 1, label: DEMO_FILES.items });
  await importItemsCsv(ledger, path.join(dir, DEMO_FILES.items), 'demo', 'demo');
  progress({ task: 'demo', done: steps.length + 1, total: steps.length + 1 });
}
