// Speed of the review queue's queries (entries.list) on a 1,000,000-line ledger.
// Run: npm run bench -- review.bench   (one JSON object per line on stdout, progress on stderr)
//
// Each query runs once to warm up, then RUNS times; medianMs and p95Ms (nearest rank) are over
// those runs, and `met` means p95Ms <= targetMs (150 ms, the target for search and
// filters). A query whose answer is cut short by the scan budget (rows < limit, next set) also
// gets a "review.query.complete" line: the calls and time to follow `next` to the end.
// Finally the first page through the real HTTP transport (browser mode), serialization included.
//
// REVIEW_BENCH_LINES: ledger size (default 1,000,000). REVIEW_BENCH_DATA: a data directory to
// build once and reuse (kept); otherwise a temporary one, removed at the end.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntryCursor, EntryPage, EntryQuery } from '../../shared/contract/index.js';
import { Core } from '../../electron/core/core.js';
import { createDispatch } from '../../electron/core/dispatch.js';
import { createHandlers } from '../../electron/core/handlers.js';
import { queryEntries } from '../../electron/core/ledger/entries.js';
import type { Ledger } from '../../electron/core/ledger/database.js';
import { startServer } from '../../electron/server/http.js';
import { buildReviewLedger, PLANTED } from './review-ledger.js';

const LINES = Number(process.env.REVIEW_BENCH_LINES ?? 1_000_000);
const RUNS = 15;
const TARGET_MS = 150;
const LIMIT = 200;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function time<T>(run: () => T): { ms: number[]; last: T } {
  let last = run();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    last = run();
    ms.push(performance.now() - started);
  }
  return { ms: ms.sort((a, b) => a - b), last };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

function emit(line: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(line) + '\n');
}

function cursorAt(ledger: Ledger, where: string, offset: number): EntryCursor {
  const sql = `SELECT booking_date AS bookingDate, id FROM bank_entries WHERE ${where} ORDER BY booking_date DESC, id DESC LIMIT 1 OFFSET ?`;
  return ledger.read.prepare(sql).get(offset) as EntryCursor;
}

function queries(ledger: Ledger): Record<string, EntryQuery> {
  const middle = cursorAt(ledger, '1', Math.floor(LINES / 2));
  const openMiddle = cursorAt(ledger, 'reconciled_minor <> amount_minor', Math.floor(LINES / 3));
  const firstPage = queryEntries(ledger, { status: 'unreconciled', offset: 0, limit: LIMIT });
  return {
    none: {},
    'status:unreconciled': { status: 'unreconciled' },
    'status:reconciled': { status: 'reconciled' },
    account: { accountId: 2 },
    'dates:half-year': { from: '2023-01-01', to: '2023-06-30' },
    'amount:range': { minAmount: '100', maxAmount: '250' },
    'amount:exact': { minAmount: '-123.45', maxAmount: '-123.45' },
    'text:common': { text: PLANTED.commonWord },
    'text:rare': { text: PLANTED.rareWord },
    'text:counterparty': { text: PLANTED.counterpartyFragment },
    'text:invoice': { text: PLANTED.invoiceFragment },
    'text:two-letters': { text: 'zq' },
    'combined:status+account+dates+text': { status: 'unreconciled', accountId: 1, from: '2024-01-01', to: '2024-12-31', text: PLANTED.commonWord },
    'combined:status+amount+text': { status: 'unreconciled', minAmount: '50', maxAmount: '500', text: PLANTED.counterpartyFragment },
    'combined:status+account+amount': { status: 'unreconciled', accountId: 3, minAmount: '-100', maxAmount: '-10' },
    'combined:text+account-without-it': { text: PLANTED.commonWord, accountId: 3 },
    'page:next-while-scrolling': { status: 'unreconciled', after: firstPage.next ?? undefined, count: false },
    'page:deep-keyset': { after: middle },
    'page:deep-keyset-unreconciled': { status: 'unreconciled', after: openMiddle },
    'page:deep-keyset-text': { text: PLANTED.commonWord, after: middle },
  };
}

function measureQuery(ledger: Ledger, name: string, q: EntryQuery): boolean {
  const { ms, last } = time(() => queryEntries(ledger, { offset: 0, limit: LIMIT, ...q }));
  const p95 = percentile(ms, 0.95);
  const met = p95 <= TARGET_MS;
  emit({ bench: 'review.query', query: name, rows: last.rows.length, total: last.total, totalExact: last.totalExact, medianMs: round(percentile(ms, 0.5)), p95Ms: round(p95), targetMs: TARGET_MS, met });
  if (last.rows.length < LIMIT && last.next) measureCompletion(ledger, name, q);
  return met;
}

/** Follows `next` until the end, as the review screen does for a page cut short. */
function measureCompletion(ledger: Ledger, name: string, q: EntryQuery): void {
  const started = performance.now();
  let page: EntryPage = queryEntries(ledger, { offset: 0, limit: LIMIT, ...q });
  let calls = 1;
  let rows = page.rows.length;
  while (page.next && rows < LIMIT) {
    page = queryEntries(ledger, { ...q, after: page.next, offset: 0, limit: LIMIT, count: false });
    calls++;
    rows += page.rows.length;
  }
  emit({ bench: 'review.query.complete', query: name, calls, rows, ms: round(performance.now() - started) });
}

async function measureHttp(core: Core): Promise<boolean> {
  const dispatch = createDispatch(createHandlers(core));
  const server = await startServer({ core, dispatch, rendererDir: path.join(os.tmpdir(), 'no-renderer') });
  try {
    const call = async () => {
      const response = await fetch(`http://127.0.0.1:${server.port}/api/call/entries.list`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ status: 'unreconciled', limit: LIMIT }),
      });
      return (await response.text()).length;
    };
    let bytes = await call();
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      bytes = await call();
      ms.push(performance.now() - started);
    }
    ms.sort((a, b) => a - b);
    const p95 = percentile(ms, 0.95);
    emit({ bench: 'review.http', query: 'first-page:status:unreconciled', rows: LIMIT, bytes, medianMs: round(percentile(ms, 0.5)), p95Ms: round(p95), targetMs: TARGET_MS, met: p95 <= TARGET_MS });
    return p95 <= TARGET_MS;
  } finally {
    await server.close();
  }
}

async function main(): Promise<void> {
  const keep = process.env.REVIEW_BENCH_DATA;
  const dataDir = keep ?? mkdtempSync(path.join(os.tmpdir(), 'pointage-review-bench-'));
  try {
    process.stderr.write(`review bench: ledger of ${LINES} lines in ${dataDir}\n`);
    const build = buildReviewLedger(dataDir, LINES);
    const core = new Core({ dataDir, mode: 'browser', version: '0.0.0-bench' });
    try {
      const ledger = core.ledger;
      const results = Object.entries(queries(ledger)).map(([name, q]) => measureQuery(ledger, name, q));
      results.push(await measureHttp(core));
      const met = results.filter(Boolean).length;
      const ledgerMb = Math.round(statSync(ledger.file).size / 1048576);
      emit({ bench: 'review.summary', lines: LINES, ...build, ledgerMb, measured: results.length, met, allMet: met === results.length, targetMs: TARGET_MS });
    } finally {
      core.close();
    }
  } finally {
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
