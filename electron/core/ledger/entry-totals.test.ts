import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../../test/helpers/temp.js';
import { listAccounts } from './accounts.js';
import { openLedger, type Db, type Ledger } from './database.js';
import { queryEntries } from './entries.js';
import { indexQueuedEntries } from './entry-index.js';
import { accountTotals, countNewEntries, uncountedEntries } from './entry-totals.js';
import { MIGRATIONS } from './migrations/index.js';

const temp = tempDirs();

function newLedger(file = path.join(temp(), 'ledger.sqlite'), migrations = MIGRATIONS): Ledger {
  const ledger = openLedger(file, migrations);
  ledger.write.exec(`INSERT INTO import_batches (id, source, label) VALUES (1, 'file', 'test');
    INSERT INTO ledger_accounts (id, name, currency) VALUES (1, 'Courant', 'EUR'), (2, 'Épargne', 'EUR'), (3, 'Vide', 'DKK')`);
  return ledger;
}

let keySeq = 0;
function insert(db: Db, account: number, minor: number, opts: { pending?: boolean; reconciled?: boolean; date?: string } = {}): number {
  return Number(
    db
      .prepare(
        `INSERT INTO bank_entries (account_id, batch_id, booking_date, amount_minor, currency, description, import_key, pending, reconciled_minor)
         VALUES (?, 1, ?, ?, 'EUR', 'line', ?, ?, ?)`,
      )
      .run(account, opts.date ?? '2024-01-01', minor, `k${++keySeq}`, opts.pending ? 1 : 0, opts.reconciled ? minor : 0).lastInsertRowid,
  );
}

/** The totals as the whole table says, for comparison. */
function scanned(db: Db) {
  return db
    .prepare(
      `SELECT account_id AS accountId, pending, COUNT(*) AS entryCount, SUM(reconciled_minor <> amount_minor) AS unreconciledCount,
              SUM(amount_minor) AS amountMinor FROM bank_entries GROUP BY account_id, pending ORDER BY account_id, pending`,
    )
    .all()
    .map((r) => ({ ...(r as { pending: number }), pending: (r as { pending: number }).pending === 1 }));
}

/** What account_totals alone holds, without the lines above counted_to. */
function kept(db: Db) {
  return db.prepare('SELECT account_id AS a, pending AS p, entry_count AS n, unreconciled_count AS u, amount_minor AS s FROM account_totals WHERE entry_count <> 0 ORDER BY a, p').all();
}

function count(ledger: Ledger, q: { accountId?: number; status?: 'reconciled' | 'unreconciled' }) {
  return queryEntries(ledger, { offset: 0, limit: 1, ...q }).total;
}

describe('account totals', () => {
  it('match the lines through inserts, counting, matches, undos, pending lines and deletes', () => {
    const ledger = newLedger();
    const db = ledger.write;
    const check = () => expect(accountTotals(ledger.read)).toEqual(scanned(ledger.read));
    check();
    const a = insert(db, 1, 1000);
    const b = insert(db, 1, -250, { reconciled: true });
    insert(db, 2, 500, { pending: true });
    check();
    expect(uncountedEntries(ledger.read, 10)).toBe(3);
    // Changes to lines not counted yet reach the totals when they are counted.
    db.prepare('UPDATE bank_entries SET reconciled_minor = amount_minor WHERE id = ?').run(a);
    check();
    expect(db.transaction(() => countNewEntries(db, 2))()).toBe(2);
    expect(uncountedEntries(ledger.read, 10)).toBe(1);
    check();
    while (indexQueuedEntries(db, 100) > 0);
    expect(uncountedEntries(ledger.read, 10)).toBe(0);
    check();
    const before = kept(ledger.read);
    expect(before).toEqual([
      { a: 1, p: 0, n: 2, u: 0, s: 750 },
      { a: 2, p: 1, n: 1, u: 1, s: 500 },
    ]);
    // A partial match, then the rest, then an undo.
    db.prepare('UPDATE bank_entries SET reconciled_minor = 400 WHERE id = ?').run(a);
    check();
    db.prepare('UPDATE bank_entries SET reconciled_minor = 0 WHERE id = ?').run(b);
    check();
    db.prepare('UPDATE bank_entries SET reconciled_minor = amount_minor WHERE id = ?').run(b);
    check();
    // A pending line booked, moved, its amount corrected.
    db.prepare('UPDATE bank_entries SET pending = 0 WHERE account_id = 2').run();
    check();
    db.prepare('UPDATE bank_entries SET account_id = 2 WHERE id = ?').run(a);
    check();
    db.prepare('UPDATE bank_entries SET amount_minor = 1200 WHERE id = ?').run(a);
    check();
    db.prepare('DELETE FROM bank_entries WHERE id = ?').run(b);
    check();
    ledger.close();
  });

  it('do not count twice a line that takes the id of a deleted newest line', () => {
    const ledger = newLedger();
    const db = ledger.write;
    insert(db, 1, 100);
    const newest = insert(db, 1, 200);
    while (indexQueuedEntries(db, 100) > 0);
    db.prepare('DELETE FROM bank_entries WHERE id = ?').run(newest);
    const again = insert(db, 1, 300);
    expect(again).toBe(newest);
    expect(accountTotals(ledger.read)).toEqual(scanned(ledger.read));
    expect(uncountedEntries(ledger.read, 10)).toBe(1);
    db.prepare('UPDATE bank_entries SET reconciled_minor = amount_minor WHERE id = ?').run(again);
    while (indexQueuedEntries(db, 100) > 0);
    expect(accountTotals(ledger.read)).toEqual(scanned(ledger.read));
    expect(kept(ledger.read)).toEqual([{ a: 1, p: 0, n: 2, u: 1, s: 400 }]);
    ledger.close();
  });

  it('give the accounts screen its counts and balances, booked lines only, and the review queue its counts', () => {
    const ledger = newLedger();
    const db = ledger.write;
    db.exec(`INSERT INTO statements (account_id, batch_id, format, statement_key, currency, opening_minor, opening_date)
      VALUES (1, 1, 'camt053', 's1', 'EUR', 10000, '2024-01-01')`);
    insert(db, 1, 1000, { date: '2024-01-02' });
    insert(db, 1, -250, { reconciled: true, date: '2024-01-05' });
    insert(db, 1, 70, { pending: true, date: '2024-01-09' });
    insert(db, 2, 500, { date: '2024-02-01' });
    const accounts = () => listAccounts(ledger).map((a) => ({ id: a.id, balance: a.balance, entryCount: a.entryCount, unreconciledCount: a.unreconciledCount, lastBookingDate: a.lastBookingDate }));
    const expected = [
      { id: 1, balance: '107.50', entryCount: 2, unreconciledCount: 1, lastBookingDate: '2024-01-05' },
      { id: 3, balance: '0.00', entryCount: 0, unreconciledCount: 0, lastBookingDate: null },
      { id: 2, balance: '5.00', entryCount: 1, unreconciledCount: 1, lastBookingDate: '2024-02-01' },
    ];
    expect(accounts()).toEqual(expected);
    while (indexQueuedEntries(db, 100) > 0);
    expect(accounts()).toEqual(expected);
    // The review queue counts pending lines too.
    expect(count(ledger, {})).toBe(4);
    expect(count(ledger, { status: 'unreconciled' })).toBe(3);
    expect(count(ledger, { status: 'reconciled' })).toBe(1);
    expect(count(ledger, { accountId: 1, status: 'unreconciled' })).toBe(2);
    expect(count(ledger, { accountId: 3 })).toBe(0);
    insert(db, 1, 5);
    expect(count(ledger, { accountId: 1 })).toBe(4);
    ledger.close();
  });

  it('are filled from the lines already there when the migration runs', () => {
    const file = path.join(temp(), 'old.sqlite');
    const old = newLedger(file, MIGRATIONS.filter((m) => m.name !== 'account-totals'));
    insert(old.write, 1, 100);
    insert(old.write, 2, -40, { reconciled: true });
    insert(old.write, 2, 7, { pending: true });
    old.close();
    const ledger = openLedger(file);
    expect(uncountedEntries(ledger.read, 10)).toBe(0);
    expect(accountTotals(ledger.read)).toEqual(scanned(ledger.read));
    expect(kept(ledger.read)).toHaveLength(3);
    ledger.close();
  });
});
