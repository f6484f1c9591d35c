// Walks lines newest first, in (booking_date, id) order: the text's matches in bank_entry_search
// (migration 0002: its rowid is a key in that order), or every line of bank_entries. It reads
// windows of a growing number of lines and checks the other filters on each; it stops once the
// page is full and counted far enough, or after a budget of lines, so that no query costs more
// than a bounded amount of work however its filters combine. A page the budget cut short says
// where to go on.
import type { EntryCursor } from '../../../shared/contract/index.js';
import type { Db } from './database.js';
import type { SqlArg, Terms } from './entry-filters.js';

const DAY_MS = 86_400_000;
const ID_SPAN = 4294967296;

export function searchKey(bookingDate: string, id: number): number {
  return (Date.parse(bookingDate) / DAY_MS) * ID_SPAN + id;
}

export function keyCursor(key: number): EntryCursor {
  const day = Math.floor(key / ID_SPAN);
  return { bookingDate: new Date(day * DAY_MS).toISOString().slice(0, 10), id: key - day * ID_SPAN };
}

/** Trigram search needs three characters; shorter text falls back to LIKE over every line. */
export function canMatch(text: string): boolean {
  return [...text].length >= 3;
}

/** The text as one FTS5 phrase: a substring, as LIKE would find it. */
export function phrase(text: string): string {
  return '"' + text.replace(/"/g, '""') + '"';
}

export interface SearchPlan {
  /** The FTS5 phrase, or null to walk every line in bank_entries (text then checked by `residual`). */
  match: string | null;
  /** Filters on bank_entries e that the walk checks line by line. */
  residual: Terms;
  /** Keys in [low, high). */
  low: number;
  high: number;
  offset: number;
  /** Matches wanted past the offset: the page plus one, to know whether more follow. */
  want: number;
  /** Keep walking (within the budget) until this many matches are counted. */
  countTo: number;
  /** Lines examined per call at most, in windows of firstWindow lines and more. */
  budget: number;
  firstWindow: number;
}

export interface SearchResult {
  keys: number[];
  counted: number;
  exhausted: boolean;
  /** Where the walk stopped when the budget ran out; null otherwise. */
  stoppedAt: number | null;
}

export function walkSearch(db: Db, plan: SearchPlan): SearchResult {
  const need = plan.offset + plan.want;
  let keys: number[] = [];
  let high = plan.high;
  let counted = 0;
  let scanned = 0;
  let window = Math.max(plan.firstWindow, need * 2);
  for (;;) {
    const { found, edge } = readWindow(db, plan, high, window);
    counted += found.length;
    scanned += window;
    if (keys.length < need) keys = keys.concat(found.slice(0, need - keys.length));
    if (edge === null) return { keys, counted, exhausted: true, stoppedAt: null };
    high = edge;
    const pageFull = keys.length >= need;
    if (pageFull && counted >= plan.countTo) return { keys, counted, exhausted: false, stoppedAt: null };
    // The budget may cut a page short only once the offset is behind us (see EntryPage.next).
    if (scanned >= plan.budget && keys.length >= plan.offset) return { keys, counted, exhausted: false, stoppedAt: pageFull ? null : edge };
    const wanted = Math.max(need - keys.length, plan.countTo - counted);
    window = nextWindow(plan, window, scanned, counted, wanted);
  }
}

/** Sized from the density of matches so far, growing at most fourfold, within the budget (past it: a deep offset). */
function nextWindow(plan: SearchPlan, window: number, scanned: number, counted: number, wanted: number): number {
  const density = Math.max(counted, 1) / scanned;
  const guess = Math.ceil((wanted / density) * 1.25);
  const room = scanned < plan.budget ? plan.budget - scanned : Infinity;
  return Math.max(plan.firstWindow, Math.min(guess, window * 4, room));
}

/** The matching keys among the next `window` lines below `high`, and the last of those lines. */
function readWindow(db: Db, plan: SearchPlan, high: number, window: number): { found: number[]; edge: number | null } {
  const d = driver(plan);
  if (plan.residual.sql.length === 0) {
    const found = db
      .prepare(`SELECT ${d.key} FROM ${d.lines} WHERE ${d.range} ORDER BY ${d.order} LIMIT ?`)
      .pluck()
      .all(...d.args(plan.low, high), window) as number[];
    return { found, edge: found.length === window ? found[found.length - 1] : null };
  }
  const edge = windowEdge(db, d, plan.low, high, window);
  return { found: matchingKeys(db, d, plan.residual, edge ?? plan.low, high), edge };
}

/** Where the walk reads lines from, in key order, newest first. */
interface Driver {
  /** The lines, and the same joined to bank_entries e for the other filters. */
  lines: string;
  entries: string;
  key: string;
  /** Keys in [low, high): the placeholders args() fills. */
  range: string;
  args(low: number, high: number): SqlArg[];
  order: string;
}

// better-sqlite3 binds every JavaScript number as a REAL, and FTS5 seeks only on INTEGER rowid
// bounds: with REAL ones it reads the whole match list (measured: 80 ms instead of 1 ms).
const KEY_RANGE = 's.rowid >= CAST(? AS INTEGER) AND s.rowid < CAST(? AS INTEGER)';
const ENTRY_KEY = `COALESCE(unixepoch(e.booking_date) / 86400, 0) * ${ID_SPAN} + e.id`;

function driver(plan: SearchPlan): Driver {
  const { match } = plan;
  if (match !== null) {
    return {
      lines: 'bank_entry_search s',
      // CROSS JOIN keeps the search table outside: probing it once per line would be far slower.
      entries: `bank_entry_search s CROSS JOIN bank_entries e ON e.id = (s.rowid & ${ID_SPAN - 1})`,
      key: 's.rowid',
      range: `s.bank_entry_search MATCH ? AND ${KEY_RANGE}`,
      args: (low, high) => [match, low, high],
      order: 's.rowid DESC',
    };
  }
  // The date index: left to itself, SQLite may read a wide amount range through its index instead.
  const lines = 'bank_entries e INDEXED BY bank_entries_by_date';
  return {
    lines,
    entries: lines,
    key: ENTRY_KEY,
    range: '(e.booking_date, e.id) >= (?, ?) AND (e.booking_date, e.id) < (?, ?)',
    args: (low, high) => [...bound(low), ...bound(high)],
    order: 'e.booking_date DESC, e.id DESC',
  };
}

/** A key as (booking_date, id); the open ends as strings before and after every date. */
function bound(key: number): SqlArg[] {
  if (key <= Number.MIN_SAFE_INTEGER) return ['', 0];
  if (key >= Number.MAX_SAFE_INTEGER) return ['\uffff', 0];
  const { bookingDate, id } = keyCursor(key);
  return [bookingDate, id];
}

/** The key of the window-th line below `high`, or null when fewer lines are left. */
function windowEdge(db: Db, d: Driver, low: number, high: number, window: number): number | null {
  const edge = db
    .prepare(`SELECT ${d.key} FROM ${d.lines} WHERE ${d.range} ORDER BY ${d.order} LIMIT 1 OFFSET ?`)
    .pluck()
    .get(...d.args(low, high), window - 1) as number | undefined;
  return edge ?? null;
}

/** The keys in [low, high) that pass every filter, newest first. */
function matchingKeys(db: Db, d: Driver, residual: Terms, low: number, high: number): number[] {
  return db
    .prepare(`SELECT ${d.key} FROM ${d.entries} WHERE ${d.range} AND ${residual.clause} ORDER BY ${d.order}`)
    .pluck()
    .all(...d.args(low, high), ...residual.args) as number[];
}
