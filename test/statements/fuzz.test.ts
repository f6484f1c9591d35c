// Fuzzing the statement parsers and the importer: thousands of damaged copies of our fixtures
// and of the third-party sample corpus (truncated, bytes flipped, elements, tags, fields and
// lines dropped, duplicated, cut or garbled) must each give either a well-formed document or a
// PointageError with a one-line message naming the format; never an escaping TypeError or
// RangeError, an unhandled rejection or a hang. Importing them into a ledger must either commit
// a consistent batch or leave every table exactly as it was.
//
// Deterministic: every case derives from FUZZ_SEED (default below; "random" for a fresh one),
// the fixture name and the run number, so a failure names what it takes to replay it:
//   FUZZ_SEED=<seed> FUZZ_ONLY=<fixture>#<run> POINTAGE_LOG=silent npx vitest run test/statements/fuzz.test.ts
// FUZZ_RUNS (parse cases, in total) and FUZZ_WRITE_RUNS (import cases) scale the run.
// Failing inputs are also saved under <tmp>/pointage-fuzz-failures/.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, PointageError } from '../../shared/contract/errors.js';
import { STATEMENT_FORMATS, type ParsedDocument } from '../../shared/statement.js';
import { importStatementFile, type FileImportSummary } from '../../electron/core/import/statements.js';
import { openLedger, type Ledger } from '../../electron/core/ledger/database.js';
import { parseFiles } from '../../electron/core/statements/parse-file.js';
import { makeCore } from '../helpers/core.js';
import { tempDirs } from '../helpers/temp.js';
import { deriveSeed, mutate, Rng, type Mutation, type Shape } from './mutate.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const sharedRoot = path.resolve(repoRoot, '../shared/fixtures/statements');
const sharedPresent = existsSync(sharedRoot);
if (!sharedPresent) console.warn(`statement fuzzing of the sample corpus skipped: no corpus at ${sharedRoot}`);

const SEED = seedFromEnv(process.env.FUZZ_SEED);
const PARSE_RUNS = countFromEnv('FUZZ_RUNS', 4000);
const WRITE_RUNS = countFromEnv('FUZZ_WRITE_RUNS', 400);
const ONLY = process.env.FUZZ_ONLY ?? null;
/** An async hang: a parser waiting on something that never comes. */
const RUN_TIMEOUT_MS = 5_000;
/** A synchronous hang (a loop that never ends) blocks the timers: a watchdog thread ends the process. */
const WATCHDOG_MS = 20_000;
const FAILURES_DIR = path.join(os.tmpdir(), 'pointage-fuzz-failures');
const MAX_REPORTED = 15;

interface Fixture {
  /** Stable name, part of every case's seed: "own/camt/camt052-v08-report.xml". */
  name: string;
  file: string;
  shape: Shape;
}

/**
 * Small files of the formats our own fixtures lack (OFX 1.x, CFONB 120, MT942, a bank's CSV),
 * so that every parser is fuzzed even without the sample corpus. Written to a temporary folder
 * for the duration of the tests.
 */
function inlineFixtures(): Fixture[] {
  const folder = path.join(os.tmpdir(), `pointage-fuzz-seeds-${process.pid}`);
  const files: [string, Shape, string][] = [
    ['bank.ofx', 'ofx', OFX_SGML],
    ['releve.cfonb', 'cfonb120', CFONB_120],
    ['intraday.mt942', 'mt940', MT942],
    ['releve.csv', 'csv', BANK_CSV],
  ];
  beforeAll(() => {
    mkdirSync(folder, { recursive: true });
    for (const [name, , text] of files) writeFileSync(path.join(folder, name), text);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  return files.map(([name, shape]) => ({ name: `inline/${name}`, file: path.join(folder, name), shape }));
}

const OFX_SGML = `OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX>
<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20240131120000<LANGUAGE>FRA</SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1>
<STMTTRNRS>
<TRNUID>1
<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS>
<CURDEF>EUR
<BANKACCTFROM>
<BANKID>30004
<BRANCHID>00001
<ACCTID>FR7630004000031234567890143
<ACCTTYPE>CHECKING
</BANKACCTFROM>
<BANKTRANLIST>
<DTSTART>20240101
<DTEND>20240131
<STMTTRN>
<TRNTYPE>DEBIT
<DTPOSTED>20240103
<DTUSER>20240102
<TRNAMT>-1234.56
<FITID>2024010300001
<NAME>EDF
<MEMO>Prelevement facture 2024-001
</STMTTRN>
<STMTTRN>
<TRNTYPE>CREDIT
<DTPOSTED>20240105120000.000[+1:CET]
<TRNAMT>1500,00
<FITID>2024010500002
<PAYEE><NAME>MARTIN SARL</PAYEE>
<BANKACCTTO><BANKID>30004<ACCTID>FR7630004000031234567890143<ACCTTYPE>CHECKING</BANKACCTTO>
<MEMO>Virement recu
<CURRENCY><CURRATE>1.0<CURSYM>EUR</CURRENCY>
</STMTTRN>
<STMTTRN>
<TRNTYPE>CHECK
<DTPOSTED>20240125
<TRNAMT>-12.5
<FITID>2024012500003
<CHECKNUM>0001042
</STMTTRN>
</BANKTRANLIST>
<LEDGERBAL>
<BALAMT>252.94
<DTASOF>20240131
</LEDGERBAL>
</STMTRS>
</STMTTRNRS>
</BANKMSGSRSV1>
</OFX>
`;

/** A 120-character CFONB record from its fields, by 1-based position. */
function cfonbRecord(fields: Record<number, string>): string {
  const chars = Array<string>(120).fill(' ');
  for (const [at, text] of Object.entries(fields)) [...text].forEach((c, i) => (chars[Number(at) - 1 + i] = c));
  return chars.join('');
}

const CFONB_ACCOUNT = { 3: '30004', 12: '00001', 17: 'EUR', 20: '2', 22: '12345678901' };
const CFONB_120 = [
  cfonbRecord({ 1: '01', ...CFONB_ACCOUNT, 35: '010124', 91: '0000000010000{' }),
  cfonbRecord({ 1: '04', ...CFONB_ACCOUNT, 33: '01', 35: '030124', 43: '030124', 49: 'PRLV SEPA EDF', 82: '0000001', 91: '0000000012345}', 105: 'REF0001' }),
  cfonbRecord({ 1: '05', ...CFONB_ACCOUNT, 33: '01', 35: '030124', 46: 'NBE', 49: 'EDF SA' }),
  cfonbRecord({ 1: '05', ...CFONB_ACCOUNT, 33: '01', 35: '030124', 46: 'LIB', 49: 'FACTURE 2024-001' }),
  cfonbRecord({ 1: '04', ...CFONB_ACCOUNT, 33: '05', 35: '050124', 43: '050124', 49: 'VIR SEPA MARTIN SARL', 82: '0000002', 91: '0000000015000{' }),
  cfonbRecord({ 1: '05', ...CFONB_ACCOUNT, 33: '05', 35: '050124', 46: 'NPY', 49: 'MARTIN SARL' }),
  cfonbRecord({ 1: '05', ...CFONB_ACCOUNT, 33: '05', 35: '050124', 46: 'IPY', 49: 'FR7630004000031234567890143' }),
  cfonbRecord({ 1: '07', ...CFONB_ACCOUNT, 35: '310124', 91: '0000000012655{' }),
].join('\r\n') + '\r\n';

const MT942 = `:20:MT942-2024-01
:25:DK5000400440116243
:28C:5/1
:34F:DKK0,
:13D:2401311200+0100
:61:2401310131D125,00NTRFNONREF//B1
:86:Gebyr
:61:2401310131C1500,00NTRFINV-1//B2
:86:Indbetaling faktura INV-1
/NAME/Aarhus Mobler ApS
:90D:1DKK125,00
:90C:1DKK1500,00
-
`;

const BANK_CSV = `Date;Date de valeur;Libellé;Débit;Crédit;Solde
03/01/2024;02/01/2024;PRLV SEPA EDF;1 234,56;;-234,56
05/01/2024;05/01/2024;"VIR MARTIN SARL; facture 12";;1 500,00;1 265,44
25/01/2024;25/01/2024;CB BOULANGERIE;12,50;;1 252,94
`;

const ownFixtures = [
  ...fixturesIn(path.join(repoRoot, 'electron/core/statements/camt/fixtures'), 'own/camt', 'xml'),
  ...fixturesIn(path.join(repoRoot, 'electron/core/statements/qif/fixtures'), 'own/qif', 'qif'),
  ...fixturesIn(path.join(repoRoot, 'electron/core/demo/data'), 'own/demo', null),
  ...inlineFixtures(),
];
const sharedFixtures = sharedPresent
  ? readdirSync(sharedRoot, { withFileTypes: true })
      .filter((d) => d.isDirectory() && shapeOfFolder(d.name) !== null)
      .flatMap((d) => fixturesIn(path.join(sharedRoot, d.name), `shared/${d.name}`, shapeOfFolder(d.name)))
  : [];
const allFixtures = [...ownFixtures, ...sharedFixtures];
const parseRunsPerFixture = Math.max(1, Math.ceil(PARSE_RUNS / allFixtures.length));

/**
 * Timers cannot catch a parser stuck in a synchronous loop: the event loop never turns. A
 * thread of its own watches a counter bumped at every case; when one case outlasts the limit it
 * prints the case, keeps its input and kills the test process, which then fails instead of
 * hanging forever.
 */
class Watchdog {
  label = '';
  private readonly shared = new SharedArrayBuffer(8 + 4096);
  private readonly state = new Int32Array(this.shared, 0, 2); // [case number, label length]
  private readonly text = new Uint8Array(this.shared, 8);
  private worker: Worker | null = null;

  constructor(private readonly limitMs: number) {}

  async watch<T>(label: string, input: { file: string; saveAs: string }, run: () => Promise<T>): Promise<T> {
    this.worker ??= this.start();
    this.label = label;
    const bytes = Buffer.from([input.file, input.saveAs, label].join('\n')).subarray(0, this.text.length);
    this.text.set(bytes);
    Atomics.store(this.state, 1, bytes.length);
    Atomics.add(this.state, 0, 1);
    try {
      return await run();
    } finally {
      Atomics.add(this.state, 0, 1); // even: no case running
    }
  }

  async stop(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }

  private start(): Worker {
    const worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const { copyFileSync, mkdirSync, writeSync } = require('node:fs');
       const { dirname } = require('node:path');
       const state = new Int32Array(workerData.shared, 0, 2);
       const text = new Uint8Array(workerData.shared, 8);
       let seen = -1, since = Date.now();
       setInterval(() => {
         const now = Atomics.load(state, 0);
         if (now !== seen || now % 2 === 0) { seen = now; since = Date.now(); return; }
         if (Date.now() - since < workerData.limitMs) return;
         const [input, saveAs, label] = Buffer.from(text.slice(0, Atomics.load(state, 1))).toString().split('\\n');
         try { mkdirSync(dirname(saveAs), { recursive: true }); copyFileSync(input, saveAs); } catch {}
         writeSync(2, '\\nstatement fuzzing: a case ran for ' + workerData.limitMs + ' ms without yielding (synchronous hang): FUZZ_SEED=' +
           workerData.seed + ' FUZZ_ONLY=' + label + ' (input saved as ' + saveAs + ')\\n');
         process.kill(process.pid, 'SIGKILL');
       }, 250);`,
      { eval: true, workerData: { shared: this.shared, limitMs: this.limitMs, seed: SEED } },
    );
    worker.unref();
    return worker;
  }
}

const dirs = tempDirs();
const watchdog = new Watchdog(WATCHDOG_MS);
const unhandled: { label: string; reason: unknown }[] = [];
const onUnhandled = (reason: unknown) => unhandled.push({ label: watchdog.label, reason });

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await watchdog.stop();
});

describe(`statement fuzzing (FUZZ_SEED=${SEED})`, () => {
  it(`own fixtures: ${ownFixtures.length} files x ${parseRunsPerFixture} mutations parse to a valid document or a typed error`, async () => {
    expect(ownFixtures.length).toBeGreaterThanOrEqual(6);
    await parseProperty(ownFixtures, parseRunsPerFixture, dirs());
  }, timeoutFor(ownFixtures.length * parseRunsPerFixture, 25));

  describe.runIf(sharedPresent)('sample corpus', () => {
    it(`${sharedFixtures.length} files x ${parseRunsPerFixture} mutations parse to a valid document or a typed error`, async () => {
      await parseProperty(sharedFixtures, parseRunsPerFixture, dirs());
    }, timeoutFor(sharedFixtures.length * parseRunsPerFixture, 25));
  });

  it(`${WRITE_RUNS} mutated imports either commit a consistent batch or leave the ledger untouched`, async () => {
    await writeProperty(allFixtures, WRITE_RUNS, dirs());
  }, timeoutFor(WRITE_RUNS, 100));
});

/** What a property run found: failures, and how many cases ended each way. */
class Tally {
  readonly failures: string[] = [];
  cases = 0;
  accepted = 0;
  refused = 0;

  /** Runs one case under the watchdog; a problem becomes a failure naming how to replay it. */
  async run(fixture: Fixture, run: number, kind: 'parse' | 'write', mutation: Mutation, input: string, test: () => Promise<CaseResult>): Promise<void> {
    const label = `${fixture.name}#${run} (${kind}) [${mutation.ops.join(', ')}]`;
    const saveAs = path.join(FAILURES_DIR, `${SEED}-${fixture.name.replace(/[/\\]/g, '_')}-${run}-${kind}${path.extname(fixture.file)}`);
    this.cases++;
    const result = await watchdog.watch(label, { file: input, saveAs }, test);
    if (result.outcome === 'accepted') this.accepted++;
    else this.refused++;
    // An unhandled rejection surfaces a turn or two after its case: named after the case running then.
    for (const u of unhandled.splice(0)) this.failures.push(`FUZZ_SEED=${SEED} FUZZ_ONLY=${u.label}: unhandled rejection: ${describeError(u.reason)}`);
    if (result.problem !== null) {
      mkdirSync(FAILURES_DIR, { recursive: true });
      writeFileSync(saveAs, mutation.bytes);
      this.failures.push(`FUZZ_SEED=${SEED} FUZZ_ONLY=${label}: ${result.problem} (input saved as ${saveAs})`);
    }
  }

  /** Fails the test with the failures grouped by kind; checks the mutations were neither all fatal nor all harmless. */
  check(): void {
    if (ONLY === null) {
      expect(this.cases, 'no case ran').toBeGreaterThan(0);
      if (this.cases >= 200) {
        expect(this.accepted, `only ${this.accepted} of ${this.cases} mutated files were accepted`).toBeGreaterThan(this.cases * 0.05);
        expect(this.refused, `only ${this.refused} of ${this.cases} mutated files were refused`).toBeGreaterThan(this.cases * 0.05);
      }
    }
    expect(summarize(this.failures), `${this.failures.length} of ${this.cases} cases failed`).toEqual([]);
  }
}

interface CaseResult {
  /** null when the case holds the property. */
  problem: string | null;
  /** A document or a committed import; else a typed error. */
  outcome: 'accepted' | 'refused';
}

// ---------------------------------------------------------------------------------------------
// Parse property

async function parseProperty(fixtures: Fixture[], runs: number, dir: string): Promise<void> {
  const tally = new Tally();
  for (const fixture of fixtures) {
    const original = readFileSync(fixture.file);
    const file = path.join(dir, `case${path.extname(fixture.file)}`);
    for (const run of runNumbers(runs)) {
      if (!selected(fixture)) continue;
      const mutation = mutate(original, fixture.shape, new Rng(deriveSeed(SEED, fixture.name, run)));
      writeFileSync(file, mutation.bytes);
      await tally.run(fixture, run, 'parse', mutation, file, () => parseCase(file));
    }
  }
  tally.check();
}

/** A well-formed document, or a typed error. */
async function parseCase(file: string): Promise<CaseResult> {
  let document: ParsedDocument;
  try {
    document = await withTimeout(parseFiles([file]), 'parseFiles');
  } catch (error) {
    return { problem: typedErrorProblem(error), outcome: 'refused' };
  }
  const problems = documentProblems(document);
  return { problem: problems.length ? `invalid document: ${problems.slice(0, 3).join('; ')}` : null, outcome: 'accepted' };
}

const AMOUNT = /^-?\d+(\.\d+)?$/;
const CURRENCY = /^[A-Z]{3}$/;
const FORMATS = new Set<string>(STATEMENT_FORMATS);
const ONE_LINE = /^[^\r\n\u2028\u2029]*$/;
/** Error messages name the format the file was read as (or that it has none). */
const FORMAT_NAME = /camt|mt ?94[02]|ofx|cfonb|qif|csv|unknown format/i;

function documentProblems(document: ParsedDocument): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string, value?: unknown) => {
    if (!ok) problems.push(value === undefined ? what : `${what} ${JSON.stringify(value)}`);
  };
  check(Array.isArray(document.statements) && Array.isArray(document.warnings), 'statements and warnings are not arrays');
  if (problems.length) return problems;
  document.warnings.forEach((w, i) => {
    check(Number.isInteger(w.statement) && w.statement >= 0, `warning ${i}: statement index`, w.statement);
    check(typeof w.message === 'string', `warning ${i}: message`, w.message);
  });
  document.statements.forEach((s, si) => {
    const at = `statement ${si + 1}`;
    check(FORMATS.has(s.format), `${at}: format`, s.format);
    check(isTextOrNull(s.id), `${at}: id`, s.id);
    for (const key of ['iban', 'number', 'bic', 'currency', 'name'] as const) check(isTextOrNull(s.account?.[key]), `${at}: account.${key}`, s.account?.[key]);
    check(s.account.currency === null || CURRENCY.test(s.account.currency), `${at}: account currency`, s.account.currency);
    for (const key of ['openingBalance', 'closingBalance'] as const) {
      const b = s[key];
      if (b === null) continue;
      check(typeof b.amount === 'string' && AMOUNT.test(b.amount), `${at}: ${key}.amount`, b.amount);
      check(typeof b.currency === 'string' && CURRENCY.test(b.currency), `${at}: ${key}.currency`, b.currency);
      check(isRealDate(b.date), `${at}: ${key}.date`, b.date);
    }
    check(Array.isArray(s.entries), `${at}: entries is not an array`);
    (s.entries ?? []).forEach((e, ei) => {
      const where = `${at}, entry ${ei + 1}`;
      check(typeof e.amount === 'string' && AMOUNT.test(e.amount), `${where}: amount`, e.amount);
      check(typeof e.currency === 'string' && CURRENCY.test(e.currency), `${where}: currency`, e.currency);
      check(isRealDate(e.bookingDate), `${where}: bookingDate`, e.bookingDate);
      check(e.valueDate === null || isRealDate(e.valueDate), `${where}: valueDate`, e.valueDate);
      check(e.status === 'booked' || e.status === 'pending', `${where}: status`, e.status);
      check(typeof e.description === 'string', `${where}: description`, e.description);
      for (const key of ['reference', 'endToEndId', 'bankReference'] as const) check(isTextOrNull(e[key]), `${where}: ${key}`, e[key]);
      check(e.counterparty === null || (isTextOrNull(e.counterparty.name) && isTextOrNull(e.counterparty.iban)), `${where}: counterparty`, e.counterparty);
      check(Array.isArray(e.details), `${where}: details is not an array`, e.details);
      (Array.isArray(e.details) ? e.details : []).forEach((d, di) => {
        check(d.amount === null || (typeof d.amount === 'string' && AMOUNT.test(d.amount)), `${where}, detail ${di + 1}: amount`, d.amount);
        for (const key of ['reference', 'endToEndId', 'description'] as const) check(isTextOrNull(d[key]), `${where}, detail ${di + 1}: ${key}`, d[key]);
      });
    });
  });
  return problems;
}

function isTextOrNull(value: unknown): boolean {
  return value === null || typeof value === 'string';
}

/** YYYY-MM-DD naming a day that exists (no 2023-02-30, no month 13, no year 0000). */
function isRealDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** null for a PointageError with a known code and a one-line message naming the format. */
function typedErrorProblem(error: unknown): string | null {
  if (!(error instanceof PointageError)) return `escaping ${describeError(error)}`;
  if (!(ERROR_CODES as readonly string[]).includes(error.code)) return `PointageError with unknown code "${error.code}"`;
  if (!ONE_LINE.test(error.message)) return `error message is not one line: ${JSON.stringify(error.message)}`;
  if (!FORMAT_NAME.test(error.message)) return `error message does not name the format: ${JSON.stringify(error.message)}`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Write property

interface Counts {
  bank_entries: number;
  pending: number;
  statements: number;
  provisional: number;
  import_batches: number;
  ledger_accounts: number;
  audit_log: number;
}

const COUNTS_SQL = `SELECT
  (SELECT COUNT(*) FROM bank_entries) AS bank_entries,
  (SELECT COUNT(*) FROM bank_entries WHERE pending = 1) AS pending,
  (SELECT COUNT(*) FROM statements) AS statements,
  (SELECT COUNT(*) FROM statements WHERE statement_key LIKE 'importing:%') AS provisional,
  (SELECT COUNT(*) FROM import_batches) AS import_batches,
  (SELECT COUNT(*) FROM ledger_accounts) AS ledger_accounts,
  (SELECT COUNT(*) FROM audit_log) AS audit_log`;

const IMPORT_OPTIONS = { actor: 'test', createAccounts: true, defaultCurrency: 'EUR' } as const;

async function writeProperty(fixtures: Fixture[], runs: number, dir: string): Promise<void> {
  const tally = new Tally();
  const templates = new Map<string, string>();
  for (const run of runNumbers(runs)) {
    // Each run takes the next fixture, so the write cases spread over all of them; a replay names its own.
    const fixture = ONLY_RUN !== null ? fixtures.find(selected) : fixtures[run % fixtures.length];
    if (fixture === undefined || !selected(fixture)) continue;
    let template = templates.get(fixture.name);
    if (template === undefined) {
      template = await ledgerHolding(fixture, path.join(dir, `template-${templates.size}`));
      templates.set(fixture.name, template);
    }
    const mutation = mutate(readFileSync(fixture.file), fixture.shape, new Rng(deriveSeed(SEED, 'write', fixture.name, run)));
    const file = path.join(dir, `mutated-${run}${path.extname(fixture.file)}`);
    writeFileSync(file, mutation.bytes);
    const ledgerFile = path.join(dir, `ledger-${run}.sqlite`);
    copyFileSync(template, ledgerFile);
    await tally.run(fixture, run, 'write', mutation, file, () => writeCase(ledgerFile, file));
    for (const f of [file, ledgerFile, `${ledgerFile}-wal`, `${ledgerFile}-shm`]) rmSync(f, { force: true });
  }
  tally.check();
}

/**
 * A company's ledger holding the fixture as it is, closed: each case starts from a copy of it,
 * a fresh ledger at the cost of a file copy rather than a new company.
 */
async function ledgerHolding(fixture: Fixture, dataDir: string): Promise<string> {
  const { core } = makeCore(dataDir);
  let file: string;
  try {
    core.ensureCompany();
    file = core.ledger.file;
    // The good file may itself be refused (the demo's open items are not a statement): the
    // mutated copies are then imported into an empty ledger.
    await importStatementFile(core.ledger, fixture.file, IMPORT_OPTIONS).catch((error: unknown) => {
      if (!(error instanceof PointageError)) throw error;
    });
  } finally {
    core.close(); // the last connection to close folds the WAL into the file
  }
  expect(existsSync(`${file}-wal`), 'the template ledger still has a WAL file: a copy would miss its last writes').toBe(false);
  return file;
}

/** The mutated file into a fresh ledger: a consistent commit, or nothing written at all. */
async function writeCase(ledgerFile: string, file: string): Promise<CaseResult> {
  const ledger = openLedger(ledgerFile);
  try {
    const before = countsOf(ledger.read);
    let summary: FileImportSummary;
    try {
      summary = await withTimeout(importStatementFile(ledger, file, IMPORT_OPTIONS), 'importStatementFile');
    } catch (error) {
      return { problem: refusedImportProblem(error, before, countsOf(ledger.read), ledger), outcome: 'refused' };
    }
    return { problem: summaryProblem(before, countsOf(ledger.read), summary, ledger.read), outcome: 'accepted' };
  } finally {
    ledger.close();
  }
}

function refusedImportProblem(error: unknown, before: Counts, after: Counts, ledger: Ledger): string | null {
  if (ledger.write.inTransaction) return `the import failed (${describeError(error)}) and left a transaction open`;
  const changed = (Object.keys(before) as (keyof Counts)[]).filter((k) => before[k] !== after[k]);
  if (changed.length) return `partial write after ${describeError(error)}: ${changed.map((k) => `${k} ${before[k]} -> ${after[k]}`).join(', ')}`;
  if (!(error instanceof PointageError)) return `escaping ${describeError(error)}`;
  // The importer's own errors (no account matches, currency conflict) need not name the format.
  return ONE_LINE.test(error.message) ? null : `error message is not one line: ${JSON.stringify(error.message)}`;
}

function summaryProblem(before: Counts, after: Counts, summary: FileImportSummary, read: CountsReader): string | null {
  const newAccounts = after.ledger_accounts - before.ledger_accounts;
  const newStatements = summary.statements.filter((s) => !s.alreadyImported).length;
  const batch = read.prepare('SELECT inserted, duplicates FROM import_batches ORDER BY id DESC LIMIT 1').get() as { inserted: number; duplicates: number };
  const problems = [
    after.import_batches === before.import_batches + 1 ? null : `import_batches ${before.import_batches} -> ${after.import_batches} (expected +1)`,
    newAccounts >= 0 ? null : `ledger_accounts ${before.ledger_accounts} -> ${after.ledger_accounts}`,
    after.audit_log === before.audit_log + 1 + newAccounts ? null : `audit_log ${before.audit_log} -> ${after.audit_log} (expected +1 and +1 per new account, ${newAccounts})`,
    after.statements === before.statements + newStatements ? null : `statements ${before.statements} -> ${after.statements} (expected +${newStatements})`,
    after.provisional === 0 ? null : `${after.provisional} statement rows left with a provisional key`,
    // Entries only grow by what was inserted, less pending lines whose booked twin arrived.
    after.bank_entries <= before.bank_entries + summary.inserted && after.bank_entries >= before.bank_entries - before.pending
      ? null
      : `bank_entries ${before.bank_entries} -> ${after.bank_entries} with ${summary.inserted} inserted`,
    batch.inserted === summary.inserted && batch.duplicates === summary.duplicates ? null : `batch row says ${batch.inserted}/${batch.duplicates}, summary ${summary.inserted}/${summary.duplicates}`,
  ].filter((p): p is string => p !== null);
  return problems.length ? `inconsistent commit: ${problems.join('; ')}` : null;
}

type CountsReader = Ledger['read'];

function countsOf(read: CountsReader): Counts {
  return read.prepare(COUNTS_SQL).get() as Counts;
}

// ---------------------------------------------------------------------------------------------
// Cases, fixtures, environment

function fixturesIn(folder: string, prefix: string, shape: Shape | null): Fixture[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => !name.endsWith('.json') && !name.endsWith('.md') && statSync(path.join(folder, name)).isFile())
    .sort()
    .flatMap((name) => {
      const s = shape ?? shapeOfName(name);
      return s ? [{ name: `${prefix}/${name}`, file: path.join(folder, name), shape: s }] : [];
    });
}

function shapeOfFolder(folder: string): Shape | null {
  if (folder.startsWith('camt')) return 'xml';
  if (folder === 'mt940' || folder === 'mt942') return 'mt940';
  if (folder === 'ofx' || folder === 'cfonb120' || folder === 'qif' || folder === 'csv') return folder;
  return null; // truth/ and anything else
}

function shapeOfName(name: string): Shape | null {
  if (/\.xml$/i.test(name)) return 'xml';
  if (/\.(sta|mt940|mta)$/i.test(name)) return 'mt940';
  if (/\.csv$/i.test(name)) return 'csv';
  if (/\.qif$/i.test(name)) return 'qif';
  if (/\.ofx$/i.test(name)) return 'ofx';
  return null;
}

/** FUZZ_ONLY=<fixture>#<run> (or just <fixture>): the cases to replay. */
const [ONLY_FIXTURE, ONLY_RUN] = ONLY === null ? [null, null] : [ONLY.replace(/ .*$/, '').split('#')[0], ONLY.replace(/ .*$/, '').split('#')[1] ?? null];

function selected(fixture: Fixture): boolean {
  return ONLY_FIXTURE === null || fixture.name.includes(ONLY_FIXTURE);
}

/** 0..runs-1, or only the run FUZZ_ONLY names (even beyond FUZZ_RUNS). */
function runNumbers(runs: number): number[] {
  return ONLY_RUN !== null ? [Number(ONLY_RUN)] : Array.from({ length: runs }, (_, i) => i);
}

/** Failures grouped by kind (values and numbers aside): the first of each kind, with a count. */
function summarize(failures: string[]): string[] {
  const kinds = new Map<string, { first: string; count: number }>();
  for (const f of failures) {
    const problem = f.slice(f.indexOf(']: ') + 3).replace(/ \(input saved as .*\)$/, '');
    const kind = problem.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/\d+/g, 'N');
    const known = kinds.get(kind);
    if (known) known.count++;
    else kinds.set(kind, { first: f, count: 1 });
  }
  return [...kinds.values()].slice(0, MAX_REPORTED).map((k) => (k.count > 1 ? `(${k.count} cases like this) ${k.first}` : k.first));
}

/** A test's time limit: vitest's default of one minute, or more for a larger FUZZ_RUNS. */
function timeoutFor(cases: number, msPerCase: number): number {
  return Math.max(60_000, cases * msPerCase);
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `non-error ${JSON.stringify(error)}`;
  const frame = error.stack?.split('\n').find((l) => /^\s+at /.test(l))?.trim() ?? '';
  return `${error.name}: ${error.message.split('\n')[0]}${frame ? ` (${frame})` : ''}`;
}

async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${RUN_TIMEOUT_MS} ms (hang)`)), RUN_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function seedFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return 20240611;
  if (value === 'random') return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(value);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`FUZZ_SEED must be a whole number or "random", not "${value}"`);
  return seed >>> 0;
}

function countFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, not "${value}"`);
  return n;
}
