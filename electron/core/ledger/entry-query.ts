// entries.list: bank entries filtered and paged newest first, (booking_date, id) descending.
// Each filter combination takes one of three paths, chosen so that none does unbounded work
// on a large ledger (see test/bench/review.bench.ts):
//  - account, status and dates only: an index gives the lines in order (partial indexes per
//    status, migration 0002) and counts them exactly;
//  - an amount range matching few lines: the amount index finds them, then they are sorted;
//  - text, or a wide amount range: a bounded walk in date order (entry-search.ts), over the
//    text's matches in the search table, or over every line.
import type { BankEntry, EntryCursor, EntryPage, EntryQuery } from '../../../shared/contract/index.js';
import { PointageError } from '../../../shared/contract/errors.js';
import { toDecimal } from '../../../shared/money.js';
import type { Db, Ledger } from './database.js';
import { columnFilters, likeTerm } from './entry-filters.js';
import { catchUpSearch, queuedEntries } from './entry-index.js';
import { accountTotals, type AccountTotal } from './entry-totals.js';
import { canMatch, keyCursor, phrase, searchKey, walkSearch, type SearchPlan } from './entry-search.js';

export interface QueryTuning {
  /** A walk stops counting here. */
  countCap: number;
  /** An amount range matching at most this many lines is read through the amount index and sorted. */
  amountSortMax: number;
  /** Lines a walk examines per call at most: some 60 ms on one core at one million lines. */
  scanBudget: number;
  firstWindow: number;
  /** A text query indexes at most this many queued lines itself (entry-index.ts). */
  syncIndexMax: number;
}

export const TUNING: QueryTuning = { countCap: 10_000, amountSortMax: 20_000, scanBudget: 40_000, firstWindow: 1_000, syncIndexMax: 2_000 };

export type PagedEntryQuery = EntryQuery & { offset: number; limit: number };

interface EntryRow extends Omit<BankEntry, 'amount' | 'status' | 'pending'> {
  amountMinor: number;
  reconciledMinor: number;
  pending: number;
}

const COLUMNS = `e.id, e.account_id AS accountId, e.booking_date AS bookingDate, e.value_date AS valueDate,
  e.amount_minor AS amountMinor, e.currency, e.description, e.counterparty_name AS counterpartyName,
  e.counterparty_iban AS counterpartyIban, e.reference, e.end_to_end_id AS endToEndId,
  e.bank_reference AS bankReference, e.reconciled_minor AS reconciledMinor, e.pending`;

function toEntry(r: EntryRow): BankEntry {
  const { amountMinor, reconciledMinor, pending, ...rest } = r;
  return {
    ...rest,
    amount: toDecimal(amountMinor, r.currency),
    status: reconciledMinor === amountMinor ? 'reconciled' : 'unreconciled',
    pending: pending === 1,
  };
}

/** `tuning` is for tests: the defaults are sized for a million lines on a slow machine. */
export function queryEntries(ledger: Ledger, q: PagedEntryQuery, tuning: QueryTuning = TUNING): EntryPage {
  checkDates(q);
  catchUpSearch(ledger, q.text ? tuning.syncIndexMax : 0);
  const db = ledger.read;
  // One read transaction: the count and the page see the same snapshot of the ledger.
  return db.transaction(() => choosePath(db, q, tuning))();
}

/** The contract checks the form YYYY-MM-DD; the walk also needs a real date to make a key of. */
function checkDates(q: PagedEntryQuery): void {
  const dates: [string, string | undefined][] = [['from', q.from], ['to', q.to], ['after.bookingDate', q.after?.bookingDate]];
  for (const [where, date] of dates) {
    if (date !== undefined && Number.isNaN(Date.parse(date))) throw new PointageError('invalid_input', `${where}: "${date}" is not a date`, where);
  }
}

function choosePath(db: Db, q: PagedEntryQuery, tuning: QueryTuning): EntryPage {
  // While lines wait to be indexed (after a large import), text is matched with LIKE.
  if (q.text) return walk(db, q, tuning, canMatch(q.text) && queuedEntries(db, 1) === 0 ? phrase(q.text) : null);
  if (q.minAmount === undefined && q.maxAmount === undefined) return byIndex(db, q, 'exact');
  const inRange = amountMatches(db, q, tuning.amountSortMax + 1);
  if (inRange === 0) return byIndex(db, q, 'exact');
  if (inRange <= tuning.amountSortMax) return byIndex(db, q, 'amount');
  const amountOnly = q.accountId === undefined && !q.status && !q.from && !q.to && !q.after;
  // A wide range alone: the amount index has counted it already, as far as we count.
  return walk(db, q, tuning, null, amountOnly ? { total: tuning.amountSortMax, totalExact: false } : undefined);
}

/** Lines in the amount range, whatever else the query asks, counted up to `upTo`. */
function amountMatches(db: Db, q: PagedEntryQuery, upTo: number): number {
  const amount = columnFilters(db, { minAmount: q.minAmount, maxAmount: q.maxAmount }, false);
  const sql = `SELECT COUNT(*) FROM (SELECT 1 FROM bank_entries e WHERE ${amount.clause} LIMIT ${upTo})`;
  return db.prepare(sql).pluck().get(...amount.args) as number;
}

function byIndex(db: Db, q: PagedEntryQuery, how: 'exact' | 'amount'): EntryPage {
  const filters = columnFilters(db, q, true);
  if (q.after) filters.add('(e.booking_date, e.id) < (?, ?)', q.after.bookingDate, q.after.id);
  const from = how === 'amount' ? 'bank_entries e INDEXED BY bank_entries_by_amount' : 'bank_entries e';
  const found = db
    .prepare(`SELECT ${COLUMNS} FROM ${from} WHERE ${filters.clause} ORDER BY e.booking_date DESC, e.id DESC LIMIT ? OFFSET ?`)
    .all(...filters.args, q.limit + 1, q.offset) as EntryRow[];
  const rows = found.slice(0, q.limit).map(toEntry);
  const next = found.length > q.limit ? cursorOf(rows[rows.length - 1]) : null;
  if (!counting(q)) return { rows, ...uncounted(q, rows, next), next };
  const total = keptTotal(db, q) ?? (db.prepare(`SELECT COUNT(*) FROM ${from} WHERE ${filters.clause}`).pluck().get(...filters.args) as number);
  return { rows, total, totalExact: true, next };
}

const PAGING = new Set(['offset', 'limit', 'count']);

/**
 * The count of a query by account and status only (the review queue as it opens) from the
 * accounts' totals (entry-totals.ts), instead of counting its lines in an index: some 50 ms at
 * a million lines. Null when the query filters on anything else.
 */
function keptTotal(db: Db, q: PagedEntryQuery): number | null {
  const filters = Object.entries(q).filter(([key, value]) => value !== undefined && !PAGING.has(key));
  if (filters.some(([key]) => key !== 'accountId' && key !== 'status')) return null;
  const totals = accountTotals(db).filter((t) => q.accountId === undefined || t.accountId === q.accountId);
  const count = (t: AccountTotal) => (q.status === 'unreconciled' ? t.unreconciledCount : q.status === 'reconciled' ? t.entryCount - t.unreconciledCount : t.entryCount);
  return totals.reduce((sum, t) => sum + count(t), 0);
}

/** By default a first page is counted, and the next ones (after a cursor) are not. */
function counting(q: PagedEntryQuery): boolean {
  return q.count ?? q.after === undefined;
}

/** Without counting, the total is what the page proves: exact only for a first and last page. */
function uncounted(q: PagedEntryQuery, rows: BankEntry[], next: EntryCursor | null): Count {
  return { total: rows.length, totalExact: next === null && q.offset === 0 };
}

function cursorOf(e: BankEntry): EntryCursor {
  return { bookingDate: e.bookingDate, id: e.id };
}

const DAY_KEYS = searchKey('1970-01-02', 0);

/** The dates and the cursor as a range of search keys, [low, high). */
function keyRange(q: PagedEntryQuery): { low: number; high: number } {
  const low = q.from ? searchKey(q.from, 0) : Number.MIN_SAFE_INTEGER;
  const beforeEnd = q.to ? searchKey(q.to, 0) + DAY_KEYS : Number.MAX_SAFE_INTEGER;
  const beforeCursor = q.after ? searchKey(q.after.bookingDate, q.after.id) : Number.MAX_SAFE_INTEGER;
  return { low, high: Math.min(beforeEnd, beforeCursor) };
}

type Count = Pick<EntryPage, 'total' | 'totalExact'>;

function walk(db: Db, q: PagedEntryQuery, tuning: QueryTuning, match: string | null, known?: Count): EntryPage {
  const residual = columnFilters(db, q, false);
  if (match === null && q.text) {
    const like = likeTerm(q.text);
    residual.add(like.sql, ...like.args);
  }
  const plan: SearchPlan = {
    match,
    residual,
    ...keyRange(q),
    offset: q.offset,
    want: q.limit + 1,
    countTo: !counting(q) || known ? 0 : tuning.countCap,
    budget: tuning.scanBudget,
    firstWindow: tuning.firstWindow,
  };
  const result = walkSearch(db, plan);
  const pageKeys = result.keys.slice(q.offset, q.offset + q.limit);
  const rows = entriesByKey(db, pageKeys);
  const more = result.keys.length > q.offset + q.limit;
  const next = more ? cursorOf(rows[rows.length - 1]) : result.stoppedAt !== null ? keyCursor(result.stoppedAt) : null;
  if (!counting(q)) return { rows, ...uncounted(q, rows, next), next };
  return { rows, ...(known ?? { total: result.counted, totalExact: result.exhausted }), next };
}

function entriesByKey(db: Db, keys: number[]): BankEntry[] {
  if (keys.length === 0) return [];
  const ids = keys.map((k) => keyCursor(k).id);
  const found = db.prepare(`SELECT ${COLUMNS} FROM bank_entries e WHERE e.id IN (${ids.map(() => '?').join(',')})`).all(...ids) as EntryRow[];
  const byId = new Map(found.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toEntry(row)] : [];
  });
}
