// The commands of the product's features: statements, items, accounts, reconciliation.
import { PointageError } from '../../shared/contract/errors.js';
import { FORMAT_FAMILIES, type FormatFamily } from '../../shared/statement.js';
import { importOpenItems } from '../core/import/open-items.js';
import { writeFileSync } from 'node:fs';
import { savedCsvMapping } from '../core/import/service.js';
import { importStatementFile } from '../core/import/statements.js';
import { parseFiles } from '../core/statements/parse-file.js';
import { printJson, runOperation, UsageError, type Command } from './command.js';
import { askPassphrase, unlockVault } from './passphrase.js';
import { openCore } from './open-core.js';

function formatOption(value: string | boolean | undefined): FormatFamily | undefined {
  if (value === undefined) return undefined;
  if (!FORMAT_FAMILIES.includes(value as FormatFamily)) throw new UsageError(`--format: "${value}" is not one of ${FORMAT_FAMILIES.join(', ')}`);
  return value as FormatFamily;
}

function needFiles(files: string[], command: string): string[] {
  if (files.length === 0) throw new UsageError(`${command}: which file(s)?`);
  return files;
}

export const COMMANDS_FROM_FEATURES: Record<string, Command> = {
  parse: {
    summary: 'Read statement files and print them in the normalized JSON shape; writes nothing.',
    usage: 'pointage parse FILE... [--format camt|mt940|ofx|cfonb120|qif|csv] [--json]',
    options: { format: { type: 'string' }, json: { type: 'boolean' } },
    async run({ positionals, values }) {
      printJson(await parseFiles(needFiles(positionals, 'parse'), { format: formatOption(values.format) }));
    },
  },
  import: {
    summary: 'Import statement files into the ledger (duplicates are skipped).',
    usage: 'pointage import FILE... [--format F] [--create-accounts] [--json]',
    options: { format: { type: 'string' }, 'create-accounts': { type: 'boolean' }, json: { type: 'boolean' } },
    async run({ positionals, values, dataDir }) {
      const files = needFiles(positionals, 'import');
      const { core } = openCore(dataDir, 'cli');
      try {
        const summaries = [];
        for (const file of files) {
          // A CSV file shaped like one mapped before in the app is read with that saved mapping.
          const csvMapping = await savedCsvMapping(core.settings, file);
          summaries.push(await importStatementFile(core.ledger, file, { actor: 'cli', format: formatOption(values.format), csvMapping, createAccounts: Boolean(values['create-accounts']) }));
        }
        const statements = summaries.reduce((n, s) => n + s.statements.length, 0);
        printJson({
          files: summaries, statements,
          inserted: summaries.reduce((n, s) => n + s.inserted, 0),
          duplicates: summaries.reduce((n, s) => n + s.duplicates, 0),
          warnings: summaries.flatMap((s) => s.warnings.map((w) => `${s.file}: ${w}`)),
        });
      } finally {
        core.close();
      }
    },
  },
  accounts: {
    summary: 'Bank accounts of the ledger: `accounts add --name N (--iban IBAN | --dk-account REG-ACCOUNT) [--gl 512100] [--currency EUR]`, `accounts list`.',
    usage: 'pointage accounts add --name N (--iban IBAN | --dk-account REG-ACCOUNT) [--gl 512100] [--currency EUR]\n       pointage accounts list [--json]',
    options: { name: { type: 'string' }, iban: { type: 'string' }, 'dk-account': { type: 'string' }, gl: { type: 'string' }, currency: { type: 'string' }, json: { type: 'boolean' } },
    async run({ positionals, values, dataDir }) {
      const [action] = positionals;
      if (action !== 'add' && action !== 'list') throw new UsageError('accounts: `accounts add ...` or `accounts list`');
      if (action === 'list') return runOperation(dataDir, 'accounts.list', {});
      const input = { name: values.name, iban: values.iban, dkAccount: values['dk-account'], glAccount: values.gl, currency: values.currency };
      // Options not given are left out, so the contract's defaults apply.
      await runOperation(dataDir, 'accounts.add', Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
    },
  },
  export: {
    summary: 'Reconciled bank lines as journal entries for the ERP: `pointage export journal --format fec|csv [--from D] [--to D] [--out FILE]`.',
    usage: 'pointage export journal --format fec|csv [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out FILE]',
    options: { format: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
    async run({ positionals, values, dataDir }) {
      if (positionals[0] !== 'journal') throw new UsageError('export: usage is `pointage export journal --format fec|csv`');
      const { core, dispatch } = openCore(dataDir, 'cli');
      try {
        const input = Object.fromEntries(Object.entries({ format: values.format ?? 'fec', from: values.from, to: values.to }).filter(([, v]) => v !== undefined));
        const result = await dispatch('export.journal', input);
        if (!result.ok) throw new PointageError(result.error.code, result.error.message, result.error.where);
        const { content, entries } = result.value as { content: string; entries: number };
        if (values.out) {
          writeFileSync(String(values.out), content);
          printJson({ file: values.out, entries });
        } else process.stdout.write(content);
      } finally {
        core.close();
      }
    },
  },
  secrets: {
    summary: 'The encrypted secret vault: `secrets set NAME` (value read from stdin), `secrets list`. Asks for the passphrase when needed.',
    usage: 'pointage secrets set NAME < value\n       pointage secrets list',
    async run({ positionals, dataDir }) {
      const [action, name] = positionals;
      if (!(action === 'list' || (action === 'set' && name))) throw new UsageError('secrets: `secrets set NAME` or `secrets list`');
      const { core } = openCore(dataDir, 'cli');
      try {
        if (action === 'list') return printJson({ ...core.vault.status(), names: core.vault.names() });
        const value = process.stdin.isTTY ? await askPassphrase(`Value of ${name}: `) : (await readStdin()).replace(/\r?\n$/, '');
        if (!value) throw new UsageError(`secrets set ${name}: the value is empty`);
        await unlockVault(core);
        core.vault.set(name, value);
        printJson({ stored: name });
      } finally {
        core.close();
      }
    },
  },
  reconcile: {
    summary: 'Propose a match for every unreconciled bank line; --apply records the automatic (unambiguous) ones.',
    usage: 'pointage reconcile [--apply] [--json]',
    options: { apply: { type: 'boolean' }, json: { type: 'boolean' } },
    async run({ values, dataDir }) {
      await runOperation(dataDir, 'reconcile.run', { apply: Boolean(values.apply) });
    },
  },
  items: {
    summary: 'Open items: `pointage items import FILE`, a CSV (id,kind,party,party_iban,reference,issue_date,due_date,amount,currency) or a French FEC.',
    usage: 'pointage items import FILE',
    async run({ positionals, dataDir }) {
      const [action, file] = positionals;
      if (action !== 'import' || !file) throw new UsageError('items: usage is `pointage items import FILE`');
      const { core } = openCore(dataDir, 'cli');
      try {
        printJson(await importOpenItems(core.ledger, file, 'cli'));
      } finally {
        core.close();
      }
    },
  },
};

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text;
}
