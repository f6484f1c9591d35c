// Schemas of the values that cross the contract. Amounts are decimal strings, dates ISO strings.
import { z } from 'zod';
import { isCurrency } from '../money.js';
import { checkDanishAccount, checkIban } from '../iban.js';

export const Id = z.number().int().positive();
export const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal amount such as -12.30');
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
export const Currency = z.string().refine(isCurrency, 'expected an ISO 4217 currency code such as EUR');
export const Locale = z.enum(['fr', 'da', 'en']);
export type Locale = z.infer<typeof Locale>;

export const Company = z.object({
  id: z.string(),
  name: z.string(),
  demo: z.boolean(),
  createdAt: z.string(),
});
export type Company = z.infer<typeof Company>;

export const CompanyState = z.object({
  current: Company.nullable(),
  companies: z.array(Company),
});
export type CompanyState = z.infer<typeof CompanyState>;

export const LedgerAccount = z.object({
  id: Id,
  name: z.string(),
  glAccount: z.string().nullable(),
  iban: z.string().nullable(),
  dkAccount: z.string().nullable(),
  currency: z.string(),
  balance: Decimal,
  entryCount: z.number().int(),
  unreconciledCount: z.number().int(),
  lastBookingDate: IsoDate.nullable(),
  /** Reconciliation of lines booked on or before this date is locked. */
  lockedThrough: IsoDate.nullable(),
});
export type LedgerAccount = z.infer<typeof LedgerAccount>;

export const StatementSummary = z.object({
  id: Id,
  accountId: Id,
  format: z.string(),
  reference: z.string().nullable(),
  currency: z.string(),
  openingBalance: Decimal.nullable(),
  openingDate: IsoDate.nullable(),
  closingBalance: Decimal.nullable(),
  closingDate: IsoDate.nullable(),
  entryCount: z.number().int(),
  /** opening + sum(entries) - closing; "0.00" when the statement adds up, null without balances. */
  difference: Decimal.nullable(),
});
export type StatementSummary = z.infer<typeof StatementSummary>;

export const NewLedgerAccount = z
  .object({
    name: z.string().trim().min(1).max(120),
    iban: z.string().max(64).optional(),
    dkAccount: z.string().max(32).optional(),
    glAccount: z.string().trim().regex(/^\d{3,10}$/, 'expected a general-ledger account number such as 512100').optional(),
    currency: Currency.default('EUR'),
  })
  .strict()
  .superRefine((a, ctx) => {
    if ((a.iban === undefined) === (a.dkAccount === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['iban'], message: 'give either an IBAN or a Danish registration + account number' });
      return;
    }
    if (a.iban !== undefined) {
      const check = checkIban(a.iban);
      if (!check.ok) ctx.addIssue({ code: 'custom', path: ['iban'], message: check.message });
    }
    if (a.dkAccount !== undefined) {
      const check = checkDanishAccount(a.dkAccount);
      if (!check.ok) ctx.addIssue({ code: 'custom', path: ['dkAccount'], message: check.message });
    }
  });
export type NewLedgerAccount = z.input<typeof NewLedgerAccount>;

export const UnlinkedAccount = z.object({
  id: Id,
  iban: z.string().nullable(),
  number: z.string().nullable(),
  name: z.string().nullable(),
  currency: z.string().nullable(),
  seenAt: z.string(),
  suggestedAccountId: Id.nullable(),
  suggestedAccountName: z.string().nullable(),
});
export type UnlinkedAccount = z.infer<typeof UnlinkedAccount>;

export const EntryStatus = z.enum(['unreconciled', 'reconciled']);
export const BankEntry = z.object({
  id: Id,
  accountId: Id,
  bookingDate: IsoDate,
  valueDate: IsoDate.nullable(),
  amount: Decimal,
  currency: z.string(),
  description: z.string(),
  counterpartyName: z.string().nullable(),
  counterpartyIban: z.string().nullable(),
  reference: z.string().nullable(),
  endToEndId: z.string().nullable(),
  bankReference: z.string().nullable(),
  status: EntryStatus,
  pending: z.boolean(),
});
export type BankEntry = z.infer<typeof BankEntry>;

/** Where a page of entries (newest first) ended: pass it as `after` to get the next one. */
export const EntryCursor = z.object({ bookingDate: IsoDate, id: Id }).strict();
export type EntryCursor = z.infer<typeof EntryCursor>;

export const EntryQuery = z.object({
  accountId: Id.optional(),
  status: EntryStatus.optional(),
  /**
   * Substring of the description, counterparty or reference, case- and accent-insensitive
   * ("societe" finds "Société"; ø is a letter of its own). One or two characters, and any text
   * while a large import is still being indexed, are matched as SQL LIKE does: ASCII case only.
   */
  text: z.string().max(200).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  /** Signed amount bounds (a debit of 12.30 is -12.30), inclusive, compared in each line's currency. */
  minAmount: Decimal.optional(),
  maxAmount: Decimal.optional(),
  /** Keyset paging: the entries after this one. Faster than a deep offset; both may be combined. */
  after: EntryCursor.optional(),
  /** Whether to count the total; by default a first page is counted, later ones (`after`) are not. */
  count: z.boolean().optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
});
export type EntryQuery = z.input<typeof EntryQuery>;

export const EntryPage = z.object({
  rows: z.array(BankEntry),
  /**
   * The number of entries matching the filters from the cursor on; a lower bound when totalExact
   * is false (counting stopped early, or was not asked for: then it is what the page proves).
   */
  total: z.number().int(),
  totalExact: z.boolean(),
  /**
   * The cursor for the next page, null at the end. A page may hold fewer than `limit` rows while
   * more follow (a search examines a bounded number of lines per call): continue while non-null.
   */
  next: EntryCursor.nullable(),
});
export type EntryPage = z.infer<typeof EntryPage>;

export const OpenItem = z.object({
  id: Id,
  externalId: z.string(),
  kind: z.enum(['receivable', 'payable']),
  party: z.string(),
  partyIban: z.string().nullable(),
  reference: z.string().nullable(),
  issueDate: IsoDate.nullable(),
  dueDate: IsoDate.nullable(),
  amount: Decimal,
  openAmount: Decimal,
  currency: z.string(),
});
export type OpenItem = z.infer<typeof OpenItem>;

export const Payment = z.object({
  id: Id,
  status: z.string(),
  creditorName: z.string(),
  creditorIban: z.string(),
  amount: Decimal,
  currency: z.string(),
  requestedDate: IsoDate.nullable(),
  reference: z.string().nullable(),
});
export type Payment = z.infer<typeof Payment>;

export const Connection = z.object({
  id: Id,
  provider: z.string(),
  label: z.string(),
  status: z.string(),
  lastSyncAt: z.string().nullable(),
});
export type Connection = z.infer<typeof Connection>;

export const FinancingDossier = z.object({
  id: Id,
  partner: z.string(),
  status: z.string(),
  amount: Decimal,
  currency: z.string(),
  createdAt: z.string(),
});
export type FinancingDossier = z.infer<typeof FinancingDossier>;

export const AuditRecord = z.object({
  id: Id,
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subject: z.string().nullable(),
  details: z.string().nullable(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

const Column = z.number().int().min(0).max(999);
/** A CSV column mapping; the core checks its finer rules (date format, amount columns). */
export const CsvMapping = z
  .object({
    separator: z.string().min(1).max(1),
    encoding: z.string().max(40).optional(),
    headerRows: z.number().int().min(0).max(100),
    footerRows: z.number().int().min(0).max(100).optional(),
    dateColumn: Column,
    valueDateColumn: Column.optional(),
    dateFormat: z.string().max(20),
    decimalSeparator: z.enum(['.', ',']),
    thousandsSeparator: z.string().max(1).optional(),
    amountColumn: Column.optional(),
    debitColumn: Column.optional(),
    creditColumn: Column.optional(),
    signConvention: z.enum(['signed', 'inverted']).optional(),
    descriptionColumns: z.array(Column).max(20),
    counterpartyColumn: Column.optional(),
    referenceColumn: Column.optional(),
    balanceColumn: Column.optional(),
    currency: z.string().max(3).optional(),
    currencyColumn: Column.optional(),
  })
  .strict();
export type CsvMapping = z.infer<typeof CsvMapping>;

export const UploadId = z.string().regex(/^[0-9a-f-]{36}$/, 'expected an upload id');
export const FormatFamily = z.enum(['camt', 'mt940', 'ofx', 'cfonb120', 'qif', 'csv']);

export const InspectedStatement = z.object({
  index: z.number().int(),
  id: z.string().nullable(),
  format: z.string(),
  account: z.object({ iban: z.string().nullable(), number: z.string().nullable(), name: z.string().nullable(), currency: z.string().nullable() }),
  /** The ledger account it will go to, or null when the user must choose. */
  ledgerAccountId: Id.nullable(),
  ledgerAccountName: z.string().nullable(),
  entries: z.number().int(),
  openingBalance: Decimal.nullable(),
  closingBalance: Decimal.nullable(),
  difference: Decimal.nullable(),
  fromDate: IsoDate.nullable(),
  toDate: IsoDate.nullable(),
});

export const CsvPreview = z.object({
  columns: z.array(z.string()),
  problems: z.array(z.string()),
  rows: z.array(z.object({ line: z.number().int(), cells: z.array(z.string()), amount: Decimal.nullable(), bookingDate: IsoDate.nullable(), description: z.string().nullable(), error: z.string().nullable() })),
});
export type CsvPreview = z.infer<typeof CsvPreview>;

export const Inspection = z.object({
  file: z.string(),
  format: FormatFamily,
  statements: z.array(InspectedStatement),
  warnings: z.array(z.string()),
  /** CSV only: the mapping used (saved for this shape of file, or guessed) and its preview. */
  csv: z.object({ mapping: CsvMapping.nullable(), source: z.enum(['saved', 'guessed', 'given', 'none']), preview: CsvPreview.nullable() }).nullable(),
});
export type Inspection = z.infer<typeof Inspection>;

export const ImportSummary = z.object({
  file: z.string(),
  format: z.string(),
  statements: z.array(z.object({
    id: z.string().nullable(), accountId: Id, accountName: z.string(), entries: z.number().int(), inserted: z.number().int(),
    duplicates: z.number().int(), alreadyImported: z.boolean(), difference: Decimal.nullable(),
  })),
  inserted: z.number().int(),
  duplicates: z.number().int(),
  warnings: z.array(z.string()),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const MatchReason = z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])), points: z.number(), text: z.string() });
export const Proposal = z.object({
  lineId: Id,
  status: z.enum(['auto', 'suggested']),
  score: z.number(),
  items: z.array(z.object({ itemId: Id, externalId: z.string(), party: z.string(), reference: z.string().nullable(), amount: Decimal, openAmount: Decimal })),
  reasons: z.array(MatchReason),
  writeOff: Decimal.nullable(),
  remainderOpen: Decimal.nullable(),
});
export type Proposal = z.infer<typeof Proposal>;

export const RulePattern = z.object({ kind: z.enum(['text', 'iban']), pattern: z.string().trim().min(3).max(80) }).strict();
export const Rule = z.object({ id: Id, kind: z.enum(['text', 'iban']), pattern: z.string(), glAccount: z.string().nullable(), party: z.string().nullable() });
/** A rule offered back after a line was matched with a party's items by hand. */
export const PartyRule = RulePattern.extend({ party: z.string().trim().min(1).max(200) });
export type Rule = z.infer<typeof Rule>;

export const ReconcileReport = z.object({
  matches: z.array(z.object({
    transaction: z.object({ id: Id, bankReference: z.string().nullable(), endToEndId: z.string().nullable(), bookingDate: IsoDate, amount: Decimal }),
    items: z.array(z.object({ id: z.string(), amount: Decimal })),
    status: z.enum(['auto', 'suggested', 'applied']),
    score: z.number(),
    reasons: z.array(z.string()),
  })),
});

export const NewOpenItem = z
  .object({
    kind: z.enum(['receivable', 'payable']),
    party: z.string().trim().min(1).max(200),
    partyIban: z.string().max(64).optional(),
    reference: z.string().trim().max(100).optional(),
    issueDate: IsoDate.optional(),
    dueDate: IsoDate.optional(),
    amount: Decimal.refine((a) => !a.startsWith('-') && /[1-9]/.test(a), 'the amount must be positive'),
    currency: Currency,
  })
  .strict()
  .superRefine((i, ctx) => {
    if (i.partyIban !== undefined && i.partyIban.trim() !== '') {
      const check = checkIban(i.partyIban);
      if (!check.ok) ctx.addIssue({ code: 'custom', path: ['partyIban'], message: check.message });
    }
  });

export const ItemsImportSummary = z.object({ file: z.string(), format: z.enum(['csv', 'fec']), inserted: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), settled: z.number().int().optional() });

export const Settings = z.object({
  locale: Locale.nullable(),
});
export type Settings = z.infer<typeof Settings>;

export const VaultStatus = z.object({
  kind: z.enum(['os-keychain', 'passphrase']),
  unlocked: z.boolean(),
  secretCount: z.number().int(),
});
export type VaultStatus = z.infer<typeof VaultStatus>;
