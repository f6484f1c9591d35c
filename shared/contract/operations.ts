// The one contract: every operation the UI, the CLI and the tests may call, declared once with
// its input and output schema. IPC, browser mode (HTTP on loopback) and in-process calls all
// carry these same operations; the core validates every input against them.
import { z } from 'zod';
import * as s from './schemas.js';

function op<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string) {
  return { input, output, summary };
}
const none = z.object({}).strict();

export const operations = {
  'app.info': op(none, z.object({ version: z.string(), mode: z.enum(['electron', 'browser', 'cli']) }), 'What is running.'),

  'company.state': op(none, s.CompanyState, 'The open company and the known ones.'),
  'company.openDemo': op(none, s.Company, 'Create (first time) and open the demo company.'),
  'company.create': op(z.object({ name: z.string().trim().min(1).max(120) }).strict(), s.Company, 'Create a company with an empty ledger and open it.'),
  'company.open': op(z.object({ id: z.string().regex(/^[a-z0-9-]{1,64}$/) }).strict(), s.Company, 'Open a known company.'),

  'accounts.list': op(none, z.array(s.LedgerAccount), "The company's bank accounts in the ledger."),
  'accounts.add': op(s.NewLedgerAccount, s.LedgerAccount, 'Add a bank account to the ledger (by IBAN or Danish account number).'),
  'accounts.unlinked': op(none, z.array(s.UnlinkedAccount), 'Bank accounts seen in statement files that no ledger account matches, with a suggestion.'),
  'accounts.link': op(z.object({ seenId: s.Id, accountId: s.Id }).strict(), s.LedgerAccount, 'Link a seen bank account to a ledger account.'),
  'accounts.createFromSeen': op(z.object({ seenId: s.Id, name: z.string().trim().min(1).max(120).optional(), glAccount: z.string().regex(/^\d{3,10}$/).optional() }).strict(), s.LedgerAccount, 'Create the ledger account for a seen bank account.'),
  'accounts.lock': op(z.object({ accountId: s.Id, through: s.IsoDate.nullable() }).strict(), s.LedgerAccount, 'Lock the reconciliation of an account through a date (null unlocks).'),
  'statements.list': op(z.object({ accountId: s.Id.optional() }).strict(), z.array(s.StatementSummary), 'Imported statements, newest first.'),
  'entries.list': op(s.EntryQuery.strict(), s.EntryPage, 'Bank entries, filtered, newest first, paged by keyset (`after`) or offset.'),
  'items.list': op(z.object({ openOnly: z.boolean().default(true) }).strict(), z.array(s.OpenItem), 'Open items: invoices, bills and expected payments.'),
  'items.add': op(s.NewOpenItem, s.OpenItem, 'Type in an open item by hand.'),
  'items.import': op(z.object({ uploadId: s.UploadId }).strict(), s.ItemsImportSummary, 'Import open items from an uploaded CSV or FEC file; re-import updates, never duplicates.'),
  'export.journal': op(
    z.object({ format: z.enum(['fec', 'csv']), from: s.IsoDate.optional(), to: s.IsoDate.optional() }).strict(),
    z.object({ fileName: z.string(), content: z.string(), entries: z.number().int() }),
    'Reconciled bank lines as journal entries for the ERP (FEC or CSV).',
  ),
  'payments.list': op(none, z.array(s.Payment), 'Payments and their status.'),
  'connections.list': op(none, z.array(s.Connection), 'Bank connections.'),
  'financing.list': op(none, z.array(s.FinancingDossier), 'Financing dossiers sent to partner banks.'),
  'audit.list': op(z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(), z.array(s.AuditRecord), 'The newest audit records.'),

  'uploads.begin': op(z.object({ name: z.string().min(1).max(255) }).strict(), z.object({ uploadId: s.UploadId }), 'Start handing a file to the core.'),
  'uploads.append': op(z.object({ uploadId: s.UploadId, data: z.string().max(1_500_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64') }).strict(), z.object({ bytes: z.number().int() }), 'Add a base64 chunk (at most ~1 MB) to an upload.'),
  'uploads.discard': op(z.object({ uploadId: s.UploadId }).strict(), z.object({}), 'Forget an upload.'),
  'import.inspect': op(z.object({ uploadId: s.UploadId, format: s.FormatFamily.optional(), csvMapping: s.CsvMapping.optional() }).strict(), s.Inspection, 'Read an uploaded statement file without writing: its statements, their accounts, the balance check.'),
  'import.csvPreview': op(z.object({ uploadId: s.UploadId, mapping: s.CsvMapping }).strict(), s.CsvPreview, 'The first rows of a CSV file as a mapping would import them.'),
  'import.run': op(
    z.object({
      uploadId: s.UploadId,
      jobId: z.string().regex(/^[\w-]{1,64}$/),
      format: s.FormatFamily.optional(),
      csvMapping: s.CsvMapping.optional(),
      saveCsvMapping: z.boolean().default(false),
      accountChoices: z.record(z.string().regex(/^\d+$/), z.union([s.Id, z.literal('create')])).default({}),
    }).strict(),
    s.ImportSummary,
    'Import an uploaded statement file into the ledger: one transaction, duplicates skipped.',
  ),
  'jobs.cancel': op(z.object({ jobId: z.string().regex(/^[\w-]{1,64}$/) }).strict(), z.object({ cancelled: z.boolean() }), 'Cancel a running import; nothing of it is written.'),

  'reconcile.proposals': op(z.object({ lineId: s.Id }).strict(), z.array(s.Proposal), 'Ranked match proposals for one bank line, with their reasons.'),
  'reconcile.accept': op(
    z.object({
      lineId: s.Id,
      items: z.array(z.object({ itemId: s.Id, amount: s.Decimal })).min(1).max(50),
      writeOff: z.object({ amount: s.Decimal, account: z.string().regex(/^\d{3,10}$/) }).optional(),
      score: z.number().optional(),
    }).strict(),
    z.object({ matchId: s.Id, suggestedRule: s.PartyRule.nullable() }),
    'Match a bank line with open items (a proposal accepted, or chosen by hand); when nothing on the line named their party, a rule to remember it is offered.',
  ),
  'reconcile.undo': op(z.object({ matchId: s.Id.optional() }).strict(), z.object({ matchId: s.Id.nullable() }), 'Undo a match (the last one when none is named).'),
  'reconcile.assign': op(
    z.object({ lineId: s.Id, glAccount: z.string().regex(/^\d{3,10}$/, 'expected a general-ledger account number such as 627000'), remember: s.RulePattern.optional() }).strict(),
    z.object({ matchId: s.Id, ruleId: s.Id.nullable(), suggestedRule: s.RulePattern.nullable() }),
    'Put a bank line straight on a GL account; optionally remember it as a rule for the lines to come.',
  ),
  'reconcile.ruleFor': op(z.object({ lineId: s.Id }).strict(), s.Rule.nullable(), 'The rule that applies to a bank line, if any.'),
  'rules.list': op(none, z.array(s.Rule), "The bookkeeper's rules."),
  'rules.add': op(
    s.RulePattern.extend({ glAccount: z.string().regex(/^\d{3,10}$/).optional(), party: z.string().trim().min(1).max(200).optional() })
      .strict()
      .refine((r) => r.glAccount !== undefined || r.party !== undefined, { message: 'a rule sends lines to a GL account or to a party: give glAccount or party', path: ['glAccount'] }),
    s.Rule,
    'Remember a rule: text contains / counterparty IBAN -> GL account, or party.',
  ),
  'rules.delete': op(z.object({ id: s.Id }).strict(), z.object({ deleted: z.boolean() }), 'Forget a rule.'),
  'reconcile.run': op(z.object({ apply: z.boolean().default(false) }).strict(), s.ReconcileReport, 'Propose a match for every unreconciled line; with apply, record the automatic ones.'),

  'settings.get': op(none, s.Settings, 'User settings.'),
  'settings.update': op(s.Settings.partial().strict(), s.Settings, 'Change user settings.'),
  'vault.status': op(none, s.VaultStatus, 'Whether secrets can be read.'),
  'vault.unlock': op(z.object({ passphrase: z.string().min(8).max(1024) }).strict(), s.VaultStatus, 'Unlock the secret vault with its passphrase.'),
} as const;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type Input<K extends OperationName> = z.input<Operations[K]['input']>;
export type ParsedInput<K extends OperationName> = z.output<Operations[K]['input']>;
export type Output<K extends OperationName> = z.output<Operations[K]['output']>;

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(operations, name);
}
