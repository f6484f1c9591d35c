// A large generated ledger for the review benchmarks: French and Danish bank lines over three
// accounts and five years, written straight through the ledger's write connection in one
// transaction (the triggers run as on import), then indexed for text search as the app does
// after an import. Deterministic for a given size.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Core } from '../../electron/core/core.js';
import type { Db } from '../../electron/core/ledger/database.js';
import { indexQueuedEntries } from '../../electron/core/ledger/entry-index.js';
import { Random } from '../../electron/core/reconcile/random.js';

export const BENCH_COMPANY = 'Bench Review SARL';
const FIRST_DAY = Date.UTC(2021, 0, 1);
const DAYS = 5 * 365;

/** Text the benchmark searches for; how often each occurs is shaped by the generator below. */
export const PLANTED = {
  commonWord: 'facture',
  rareWord: 'quincaillerie',
  counterpartyFragment: 'lefev',
  invoiceFragment: '24-0123',
} as const;

const TRADES = ['Boulangerie', 'Garage', 'Atelier', 'Cabinet', 'Pharmacie', 'Brasserie', 'Hôtel', 'Café', 'Librairie', 'Fromagerie', 'Menuiserie', 'Plomberie', 'Tandlæge', 'Bageri', 'Tømrer', 'Frisør', 'Imprimerie', 'Transports'];
const NAMES = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Jørgensen', 'Petersen', 'Madsen', 'Kristensen', 'Olsen', 'Thomsen', 'Møller', 'Chevalier', 'Gauthier', 'Perrin', 'Clément', 'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry', 'Faure', 'Fontaine', 'Caron', 'Mathieu', 'Noël', 'Châtelain', 'Bœuf'];
const SUFFIXES = ['', ' & Fils', ' et Associés', ' ApS', ' A/S', ' SARL', ' Frères', ' SAS', ' I/S'];
const SUPPLIERS = ['EDF', 'Orange Business', 'URSSAF Île-de-France', 'DGFIP TVA', 'AXA Assurances', 'Free Pro', 'Total Energies', 'Leasecom', 'Ørsted A/S', 'TDC Erhverv', 'SKAT', 'Danske Leasing', 'Metro Cash & Carry', 'Bureau Vallée', 'OVH SAS', 'Malakoff Humanis'];
const MERCHANTS = ['CARREFOUR', 'LEROY MERLIN', 'AMAZON EU', 'SNCF', 'TOTAL ACCESS', 'IKEA', 'NETTO', 'FØTEX', 'SHELL', 'MONOPRIX', 'DARTY', 'CIRCLE K', 'RESTAURANT LE RELAIS', 'BOLT.EU', 'APPLE.COM/BILL'];
const CITIES = ['PARIS', 'LYON', 'NANTES', 'LILLE', 'KØBENHAVN', 'AARHUS', 'ODENSE', 'BORDEAUX', 'RENNES', 'AALBORG'];

interface Line {
  description: string;
  counterparty: string | null;
  reference: string | null;
  amountMinor: number;
}

type Rand = () => number;
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)];
/** Skewed towards the first elements: a few regular customers, many occasional ones. */
const pickSkewed = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * r() * list.length)];
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const amount = (r: Rand, min: number, max: number) => Math.round(Math.exp(Math.log(min) + r() * (Math.log(max) - Math.log(min))));

function customers(): string[] {
  const random = new Random(7);
  const r = () => random.next();
  const all = new Set<string>();
  while (all.size < 4000) all.add(`${pick(r, TRADES)} ${pick(r, NAMES)}${pick(r, SUFFIXES)}`);
  return [...all];
}

function invoice(r: Rand, date: Date): string {
  return `FAC-${date.getUTCFullYear()}-${pad(Math.floor(r() * 20000), 6)}`;
}

function makeLine(r: Rand, date: Date, danish: boolean, people: readonly string[]): Line {
  const dd = pad(date.getUTCDate(), 2);
  const mm = pad(date.getUTCMonth() + 1, 2);
  const kind = r();
  if (r() < 0.00004) return { description: `CB QUINCAILLERIE CENTRALE ${dd}/${mm}`, counterparty: 'Quincaillerie Centrale', reference: null, amountMinor: -amount(r, 500, 20000) };
  if (kind < 0.3) {
    const who = pickSkewed(r, people);
    const inv = invoice(r, date);
    const description = danish ? `Overførsel fra ${who} faktura ${inv}` : `VIR SEPA RECU /DE ${who} /MOTIF Facture ${inv} /REF ${pad(Math.floor(r() * 1e9), 9)}`;
    return { description, counterparty: who, reference: inv, amountMinor: amount(r, 2000, 800000) };
  }
  if (kind < 0.5) {
    const who = pick(r, SUPPLIERS);
    const description = danish ? `Betalingsservice ${who} ${mm}/${dd}` : `PRLV SEPA ${who} ECH/${dd}${mm} MDT/${pad(Math.floor(r() * 1e6), 6)}`;
    return { description, counterparty: who, reference: `RUM${pad(Math.floor(r() * 1e7), 7)}`, amountMinor: -amount(r, 1500, 250000) };
  }
  if (kind < 0.8) {
    const who = pick(r, MERCHANTS);
    const description = danish ? `Dankort-køb ${who} ${pick(r, CITIES)} ${dd}.${mm}` : `CB ${who} ${dd}/${mm} ${pick(r, CITIES)}`;
    return { description, counterparty: who, reference: null, amountMinor: -amount(r, 250, 60000) };
  }
  if (kind < 0.95) {
    const who = pickSkewed(r, people);
    const ref = `F${date.getUTCFullYear()}-${pad(Math.floor(r() * 9000), 4)}`;
    const description = danish ? `Overførsel til ${who} ${ref}` : `VIR SEPA EMIS /BEN ${who} /MOTIF Règlement facture ${ref}`;
    return { description, counterparty: who, reference: ref, amountMinor: -amount(r, 5000, 1500000) };
  }
  const fee = pick(r, danish ? ['Gebyr overførsel', 'Kontogebyr', 'Renter'] : ['FRAIS TENUE DE COMPTE', 'COMMISSION INTERVENTION', 'COTIS CARTE BUSINESS']);
  return { description: fee, counterparty: null, reference: null, amountMinor: -amount(r, 100, 5000) };
}

const ACCOUNTS = [
  { name: 'BNP Paribas courant', iban: 'FR7630004000031234567890143', currency: 'EUR', share: 0.5 },
  { name: 'Crédit Agricole pro', iban: 'FR7618206000576543210987664', currency: 'EUR', share: 0.3 },
  { name: 'Danske Bank erhverv', iban: 'DK5000400440116243', currency: 'DKK', share: 0.2 },
] as const;

function insertAccounts(db: Db): number[] {
  const add = db.prepare('INSERT INTO ledger_accounts (name, iban, currency) VALUES (?, ?, ?)');
  return ACCOUNTS.map((a) => Number(add.run(a.name, a.iban, a.currency).lastInsertRowid));
}

function insertLines(db: Db, lines: number, batchId: number, accountIds: number[]): void {
  const random = new Random(42);
  const r = () => random.next();
  const people = customers();
  const insert = db.prepare(
    `INSERT INTO bank_entries (account_id, batch_id, booking_date, value_date, amount_minor, currency, description,
       counterparty_name, reference, import_key, reconciled_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (let i = 0; i < lines; i++) {
    const date = new Date(FIRST_DAY + Math.floor((i * DAYS) / lines) * 86_400_000);
    const iso = date.toISOString().slice(0, 10);
    const which = r() < ACCOUNTS[0].share ? 0 : r() < 0.6 ? 1 : 2;
    const account = ACCOUNTS[which];
    const line = makeLine(r, date, account.currency === 'DKK', people);
    const reconciled = r() < 0.3 ? line.amountMinor : 0;
    insert.run(accountIds[which], batchId, iso, iso, line.amountMinor, account.currency, line.description, line.counterparty, line.reference, `bench:${i}`, reconciled);
  }
}

export interface BuiltLedger {
  reused: boolean;
  /** Writing the lines, as an import would (their search indexing queued). */
  insertSeconds: number;
  /** Indexing them for text search afterwards (entry-index.ts). */
  indexSeconds: number;
}

/** Creates (or, when the directory already holds it, reuses) a data directory with a `lines`-line ledger. */
export function buildReviewLedger(dataDir: string, lines: number): BuiltLedger {
  const reused = existsSync(path.join(dataDir, 'companies'));
  const core = new Core({ dataDir, mode: 'cli', version: '0.0.0-bench' });
  try {
    if (reused) {
      core.ensureCompany();
      return { reused, insertSeconds: 0, indexSeconds: 0 };
    }
    core.createCompany(BENCH_COMPANY);
    const db = core.ledger.write;
    db.pragma('cache_size = -262144');
    const insertSeconds = seconds(() =>
      db.transaction(() => {
        const batchId = Number(db.prepare("INSERT INTO import_batches (source, label) VALUES ('demo', 'review bench')").run().lastInsertRowid);
        insertLines(db, lines, batchId, insertAccounts(db));
      })(),
    );
    const indexSeconds = seconds(() => {
      while (indexQueuedEntries(db, 100_000) > 0);
    });
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { reused, insertSeconds, indexSeconds };
  } finally {
    core.close();
  }
}

function seconds(work: () => void): number {
  const started = performance.now();
  work();
  return Math.round(performance.now() - started) / 1000;
}
