import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BankEntry, EntryCursor, EntryQuery } from '../../../shared/contract/index.js';
import { tempDirs } from '../../../test/helpers/temp.js';
import { openLedger, type Db, type Ledger } from './database.js';
import { queryEntries, type PagedEntryQuery } from './entries.js';
import { scaleDecimal } from './entry-filters.js';
import { queuedEntries } from './entry-index.js';
import { TUNING, type QueryTuning } from './entry-query.js';
import { MIGRATIONS } from './migrations/index.js';

const temp = tempDirs();

interface Line {
  account?: number;
  date: string;
  minor: number;
  currency?: string;
  description: string;
  counterparty?: string | null;
  reference?: string | null;
  reconciled?: boolean;
}

function newLedger(migrations = MIGRATIONS): Ledger {
  const ledger = openLedger(path.join(temp(), 'ledger.sqlite'), migrations);
  const db = ledger.write;
  db.exec(`INSERT INTO import_batches (id, source, label) VALUES (1, 'file', 'test');
    INSERT INTO ledger_accounts (id, name, iban, currency) VALUES
      (1, 'EUR', 'FR7630004000031234567890143', 'EUR'), (2, 'JPY', 'DE89370400440532013000', 'JPY'),
      (3, 'KWD', 'KW81CBKU0000000000001234560101', 'KWD')`);
  return ledger;
}

let keySeq = 0;
function insert(db: Db, lines: readonly Line[]): number[] {
  const stmt = db.prepare(
    `INSERT INTO bank_entries (account_id, batch_id, booking_date, amount_minor, currency, description, counterparty_name,
       reference, import_key, reconciled_minor) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return lines.map((l) => {
    const currency = l.currency ?? 'EUR';
    const account = l.account ?? { EUR: 1, JPY: 2, KWD: 3 }[currency] ?? 1;
    const args = [account, l.date, l.minor, currency, l.description, l.counterparty ?? null, l.reference ?? null, `k${++keySeq}`, l.reconciled ? l.minor : 0];
    return Number(stmt.run(...args).lastInsertRowid);
  });
}

function query(ledger: Ledger, q: EntryQuery, tuning?: QueryTuning) {
  return queryEntries(ledger, { offset: 0, limit: 200, ...q } as PagedEntryQuery, tuning);
}

/** Every row of a query, following `next` (pages may come back short while more follow). */
function allByCursor(ledger: Ledger, q: EntryQuery, limit: number, tuning?: QueryTuning): BankEntry[] {
  const rows: BankEntry[] = [];
  let after: EntryCursor | undefined;
  for (let calls = 0; calls < 10_000; calls++) {
    const page = query(ledger, { ...q, after, limit }, tuning);
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    rows.push(...page.rows);
    if (!page.next) return rows;
    after = page.next;
  }
  throw new Error('paging did not end');
}

const ids = (rows: readonly BankEntry[]) => rows.map((r) => r.id);
const WORDS = ['Facture', 'VIR SEPA', 'Société Générale', 'PRLV EDF', 'CB Carrefour', 'Règlement', 'Ørsted A/S', 'loyer'];

/** Many lines on few dates (ties broken by id), three accounts, a third reconciled. */
function sampleLines(n: number): Line[] {
  return Array.from({ length: n }, (_, i) => ({
    account: (i % 3) + 1,
    currency: ['EUR', 'JPY', 'KWD'][i % 3],
    date: `2024-0${1 + (i % 7)}-${String(1 + ((i * 7) % 5)).padStart(2, '0')}`,
    minor: ((i * 7919) % 20001) - 10000,
    description: `${WORDS[i % WORDS.length]} n°${i}`,
    counterparty: i % 4 === 0 ? null : WORDS[(i * 3) % WORDS.length],
    reference: i % 5 === 0 ? `FAC-2024-${String(i).padStart(5, '0')}` : null,
    reconciled: i % 3 === 0,
  }));
}

const SMALL: QueryTuning = { countCap: 20, amountSortMax: 15, scanBudget: 40, firstWindow: 8, syncIndexMax: 10_000 };

const QUERIES: EntryQuery[] = [
  {},
  { status: 'unreconciled' },
  { status: 'reconciled', accountId: 2 },
  { from: '2024-02-01', to: '2024-05-03' },
  { minAmount: '-20', maxAmount: '20' },
  { minAmount: '5000' },
  { text: 'facture' },
  { text: 'societe', status: 'unreconciled' },
  { text: 'FAC-2024-001' },
  { text: 'n°' },
  { text: 'a', accountId: 1 },
  { text: 'Ørsted', from: '2024-03-01', minAmount: '-50', maxAmount: '80' },
];

describe('queryEntries paging', () => {
  it('gives the same rows by keyset cursor as by offset, newest first, whatever the path', () => {
    const ledger = newLedger();
    insert(ledger.write, sampleLines(400));
    for (const tuning of [TUNING, SMALL]) {
      for (const q of QUERIES) {
        const whole = query(ledger, { ...q, limit: 1000 });
        expect(whole.next).toBeNull();
        const sorted = [...whole.rows].sort((a, b) => b.bookingDate.localeCompare(a.bookingDate) || b.id - a.id);
        expect(ids(whole.rows)).toEqual(ids(sorted));
        expect(ids(allByCursor(ledger, q, 7, tuning))).toEqual(ids(whole.rows));
        for (const offset of [0, 7, 30]) {
          // A page cut short by the budget still starts at its offset.
          const page = query(ledger, { ...q, offset, limit: 7 }, tuning).rows;
          expect(ids(page)).toEqual(ids(whole.rows.slice(offset, offset + page.length)));
          if (tuning === TUNING) expect(page.length).toBe(Math.min(7, Math.max(0, whole.rows.length - offset)));
        }
      }
    }
    ledger.close();
  });

  it('counts exactly through an index, and otherwise up to a cap it reports', () => {
    const ledger = newLedger();
    const lines = sampleLines(300);
    insert(ledger.write, lines);
    const open = lines.filter((l) => !l.reconciled && l.minor !== 0).length;
    expect(query(ledger, { status: 'unreconciled' }, SMALL)).toMatchObject({ total: open, totalExact: true });
    expect(query(ledger, { accountId: 1, from: '2024-03-01' }, SMALL)).toMatchObject({ totalExact: true });
    const all = query(ledger, { text: 'n°', limit: 1000 });
    expect(all).toMatchObject({ total: 300, totalExact: true });
    const capped = query(ledger, { text: 'n°', limit: 5 }, SMALL);
    expect(capped.totalExact).toBe(false);
    expect(capped.total).toBeGreaterThanOrEqual(SMALL.countCap);
    expect(capped.total).toBeLessThan(300);
    const uncounted = query(ledger, { status: 'unreconciled', limit: 5, count: false });
    expect(uncounted).toMatchObject({ total: 5, totalExact: false });
    ledger.close();
  });

  it('cuts a search short after its budget and says where to go on', () => {
    const ledger = newLedger();
    const lines = sampleLines(200).map((l) => ({ ...l, account: 1, currency: 'EUR' }));
    // An old line, the only one of its account: the first calls find nothing, the walk goes on.
    lines[3] = { ...lines[3], description: 'needle n°3', account: 2, currency: 'JPY' };
    insert(ledger.write, lines);
    for (const text of ['n°', ' n°']) {
      const first = query(ledger, { text, accountId: 2, limit: 5 }, SMALL);
      expect(first.rows).toEqual([]);
      expect(first.next).not.toBeNull();
      expect(first.totalExact).toBe(false);
      expect(allByCursor(ledger, { text, accountId: 2 }, 10, SMALL).map((r) => r.description)).toEqual(['needle n°3']);
    }
    ledger.close();
  });
});

describe('queryEntries dates', () => {
  it('refuses a date that does not exist', () => {
    const ledger = newLedger();
    expect(() => query(ledger, { from: '2024-13-01' })).toThrow(/from: "2024-13-01" is not a date/);
    expect(() => query(ledger, { text: 'abc', after: { bookingDate: '2024-00-10', id: 1 } })).toThrow(/after.bookingDate/);
    ledger.close();
  });
});

describe('queryEntries amount filter', () => {
  it('compares in each currency’s minor units, rounding the bounds inwards', () => {
    const ledger = newLedger();
    insert(ledger.write, [
      { date: '2024-01-01', minor: 1229, description: 'eur below' },
      { date: '2024-01-01', minor: 1230, description: 'eur at min' },
      { date: '2024-01-01', minor: 9999, description: 'eur at max' },
      { date: '2024-01-01', minor: 10000, description: 'eur above' },
      { date: '2024-01-01', minor: 12, currency: 'JPY', description: 'jpy below' },
      { date: '2024-01-01', minor: 13, currency: 'JPY', description: 'jpy in' },
      { date: '2024-01-01', minor: 99, currency: 'JPY', description: 'jpy at max' },
      { date: '2024-01-01', minor: 12299, currency: 'KWD', description: 'kwd below' },
      { date: '2024-01-01', minor: 12300, currency: 'KWD', description: 'kwd at min' },
      { date: '2024-01-01', minor: 99999, currency: 'KWD', description: 'kwd at max' },
    ]);
    const found = (q: EntryQuery) => query(ledger, q).rows.map((r) => r.description).sort();
    expect(found({ minAmount: '12.3', maxAmount: '99.999' })).toEqual(['eur at max', 'eur at min', 'jpy at max', 'jpy in', 'kwd at max', 'kwd at min']);
    expect(found({ minAmount: '12.3', maxAmount: '99.999', accountId: 2 })).toEqual(['jpy at max', 'jpy in']);
    expect(found({ minAmount: '100' })).toEqual(['eur above']);
    expect(found({ maxAmount: '12.29' })).toEqual(['eur below', 'jpy below']);
    expect(found({ minAmount: '12.5', maxAmount: '12.9' })).toEqual([]);
    ledger.close();
  });

  it('treats debits as negative amounts', () => {
    const ledger = newLedger();
    insert(ledger.write, [
      { date: '2024-01-01', minor: -5000, description: 'debit 50' },
      { date: '2024-01-01', minor: 5000, description: 'credit 50' },
      { date: '2024-01-01', minor: -1, currency: 'JPY', description: 'jpy debit 1' },
    ]);
    expect(query(ledger, { maxAmount: '-0.5' }).rows.map((r) => r.description).sort()).toEqual(['debit 50', 'jpy debit 1']);
    expect(query(ledger, { minAmount: '-50', maxAmount: '-50' }).rows.map((r) => r.description)).toEqual(['debit 50']);
    ledger.close();
  });

  it('scales decimal bounds without floats', () => {
    expect(scaleDecimal('12.3', 2, 'up')).toBe(1230);
    expect(scaleDecimal('12.345', 2, 'up')).toBe(1235);
    expect(scaleDecimal('12.345', 2, 'down')).toBe(1234);
    expect(scaleDecimal('-12.345', 2, 'up')).toBe(-1234);
    expect(scaleDecimal('-12.345', 2, 'down')).toBe(-1235);
    expect(scaleDecimal('-0.5', 0, 'up')).toBe(0);
    expect(scaleDecimal('0.1', 3, 'down')).toBe(100);
    expect(scaleDecimal('99999999999999999999', 2, 'down')).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('queryEntries text search', () => {
  const lines: Line[] = [
    { date: '2024-01-05', minor: -100, description: 'PRLV SEPA EDF', counterparty: 'EDF', reference: 'RUM0012' },
    { date: '2024-01-06', minor: 2500, description: 'VIR SEPA RECU /DE Société Générale', counterparty: 'Société Générale', reference: 'FAC-2024-00123' },
    { date: '2024-01-07', minor: -990, description: 'CB CARREFOUR 06/01', counterparty: null },
    { date: '2024-01-08', minor: -4200, description: 'Acompte 50% travaux', counterparty: 'Menuiserie_Dupont' },
    { date: '2024-01-09', minor: 1234, description: 'Overførsel fra Ørsted A/S', counterparty: 'Ørsted A/S', reference: 'F2024-0042' },
    { date: '2024-01-10', minor: 77, description: 'Remise "chèque" 500' },
  ];
  const found = (ledger: Ledger, text: string) => query(ledger, { text }).rows.map((r) => r.bookingDate).sort();
  const like = (text: string) =>
    lines
      .filter((l) => [l.description, l.counterparty, l.reference].some((v) => v?.toLowerCase().includes(text.toLowerCase())))
      .map((l) => l.date)
      .sort();

  it('finds what LIKE found: substrings of description, counterparty or reference, any case', () => {
    const ledger = newLedger();
    insert(ledger.write, lines);
    for (const text of ['sepa', 'SEPA', 'edf', 'FAC-2024', '0012', 'carrefour 06', 'A/S', '50%', 'pont', 'Dupont', '"chèque"', 'fra Ø']) {
      expect(found(ledger, text), text).toEqual(like(text));
    }
    ledger.close();
  });

  it('also ignores accents and non-ASCII case, as LIKE did not', () => {
    const ledger = newLedger();
    insert(ledger.write, lines);
    expect(found(ledger, 'societe generale')).toEqual(['2024-01-06']);
    expect(found(ledger, 'SOCIÉTÉ')).toEqual(['2024-01-06']);
    expect(found(ledger, 'cheque')).toEqual(['2024-01-10']);
    expect(found(ledger, 'ØRSTED')).toEqual(['2024-01-09']);
    // Ø is a letter of its own, not an O with an accent.
    expect(found(ledger, 'orsted')).toEqual([]);
    ledger.close();
  });

  it('takes LIKE wildcards and FTS syntax literally', () => {
    const ledger = newLedger();
    insert(ledger.write, lines);
    expect(found(ledger, '50%')).toEqual(['2024-01-08']);
    expect(found(ledger, 'e_D')).toEqual(['2024-01-08']);
    expect(found(ledger, '%')).toEqual(['2024-01-08']);
    expect(found(ledger, '"')).toEqual(['2024-01-10']);
    expect(found(ledger, 'EDF OR VIR')).toEqual([]);
    expect(found(ledger, 'sepa*')).toEqual([]);
    ledger.close();
  });

  it('matches text of one or two characters with LIKE (ASCII case only)', () => {
    const ledger = newLedger();
    insert(ledger.write, lines);
    expect(found(ledger, 'cb')).toEqual(['2024-01-07']);
    expect(found(ledger, 'ø')).toEqual(['2024-01-09']);
    expect(found(ledger, 'Ø')).toEqual(['2024-01-09']);
    ledger.close();
  });
});

describe('the search table', () => {
  const searchRows = (ledger: Ledger) => ledger.read.prepare('SELECT COUNT(*) FROM bank_entry_search').pluck().get();

  it('follows inserts, updates and deletes of bank lines', () => {
    const ledger = newLedger();
    const db = ledger.write;
    const [a, b] = insert(db, [
      { date: '2024-03-01', minor: 100, description: 'Loyer mars', counterparty: 'SCI Les Tilleuls' },
      { date: '2024-03-02', minor: 200, description: 'Facture 17', reference: 'F-17' },
    ]);
    const texts = (text: string, q: EntryQuery = {}) => ids(query(ledger, { text, ...q }).rows);
    expect(texts('tilleuls')).toEqual([a]);
    db.prepare("UPDATE bank_entries SET counterparty_name = 'SCI Les Platanes' WHERE id = ?").run(a);
    expect(texts('tilleuls')).toEqual([]);
    expect(texts('platanes')).toEqual([a]);
    db.prepare("UPDATE bank_entries SET booking_date = '2023-12-31' WHERE id = ?").run(b);
    expect(texts('facture', { from: '2024-01-01' })).toEqual([]);
    expect(texts('facture', { to: '2023-12-31' })).toEqual([b]);
    db.prepare('UPDATE bank_entries SET reconciled_minor = amount_minor WHERE id = ?').run(b);
    expect(texts('facture', { status: 'reconciled' })).toEqual([b]);
    expect(texts('facture', { status: 'unreconciled' })).toEqual([]);
    db.prepare('DELETE FROM bank_entries WHERE id = ?').run(a);
    expect(texts('platanes')).toEqual([]);
    expect(searchRows(ledger)).toBe(1);
    ledger.close();
  });

  it('indexes new lines outside their insert: a short queue at once, a long one in the background', async () => {
    const ledger = newLedger();
    const queued = () => queuedEntries(ledger.read, 1e6);
    insert(ledger.write, [{ date: '2024-01-01', minor: 1, description: 'Société Générale' }]);
    expect(queued()).toBe(1);
    expect(query(ledger, { text: 'societe' }).rows).toHaveLength(1);
    expect(queued()).toBe(0);
    insert(ledger.write, Array.from({ length: 30 }, (_, i) => ({ date: '2024-02-01', minor: i + 1, description: `Société n°${i}` })));
    const tuning = { ...TUNING, syncIndexMax: 10 };
    // Meanwhile LIKE: the same lines as before the index, with LIKE's rules for accents.
    expect(query(ledger, { text: 'societe' }, tuning).rows).toHaveLength(0);
    expect(query(ledger, { text: 'Société' }, tuning).rows).toHaveLength(31);
    for (let i = 0; i < 100 && queued() !== 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(queued()).toBe(0);
    expect(query(ledger, { text: 'societe' }, tuning).rows).toHaveLength(31);
    ledger.close();
  });

  it('indexes a line that takes the id of a deleted newest line, and an edited one again', () => {
    const ledger = newLedger();
    const db = ledger.write;
    const [, newest] = insert(db, [{ date: '2024-01-01', minor: 1, description: 'Loyer' }, { date: '2024-01-02', minor: 2, description: 'Assurance' }]);
    expect(query(ledger, { text: 'assurance' }).rows).toHaveLength(1);
    db.prepare('DELETE FROM bank_entries WHERE id = ?').run(newest);
    const [again] = insert(db, [{ date: '2024-01-03', minor: 3, description: 'Téléphone' }]);
    expect(again).toBe(newest);
    expect(ids(query(ledger, { text: 'telephone' }).rows)).toEqual([again]);
    expect(query(ledger, { text: 'assurance' }).rows).toEqual([]);
    db.prepare("UPDATE bank_entries SET description = 'Loyer janvier' WHERE description = 'Loyer'").run();
    expect(queuedEntries(ledger.read, 10)).toBe(1);
    expect(query(ledger, { text: 'janvier' }).rows).toHaveLength(1);
    expect(ledger.read.prepare('SELECT COUNT(*) FROM bank_entry_search').pluck().get()).toBe(2);
    ledger.close();
  });

  it('is filled from the lines already there when the migration runs', () => {
    const file = path.join(temp(), 'old.sqlite');
    const old = openLedger(file, MIGRATIONS.filter((m) => m.version === 1));
    old.write.exec(`INSERT INTO import_batches (id, source, label) VALUES (1, 'file', 'old');
      INSERT INTO ledger_accounts (id, name, iban, currency) VALUES (1, 'EUR', 'FR7630004000031234567890143', 'EUR')`);
    insert(old.write, [{ date: '2022-05-01', minor: 1, description: 'Ancienne facture' }, { date: '2022-05-02', minor: 2, description: 'Autre' }]);
    old.close();
    const ledger = openLedger(file);
    expect(searchRows(ledger)).toBe(2);
    expect(query(ledger, { text: 'ancienne' }).rows.map((r) => r.description)).toEqual(['Ancienne facture']);
    ledger.close();
  });
});
