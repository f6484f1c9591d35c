// The review screen on a 1,000,000-line ledger, in a real browser: the built app in browser mode
// (`pointage serve`) and Debian's Chromium through playwright-core.
// Run: npm run bench -- review-browser   (one JSON object per line on stdout, progress on stderr)
//
//   review.firstRows  time from Alt+2 (on the loaded accounts screen) until the first grid row is
//                     visible: the first visit (ms) and the median of later visits; target 1 s.
//   review.firstRows.straightAfterLoad  the same, Alt+2 pressed as soon as the app shows, while
//                     the accounts screen's own calls are still being answered; fromNavigationMs
//                     is the time from the start of the page's navigation (the tokened address,
//                     its redirect, the bundle, the app's first calls) to that first row.
//   review.keys       j pressed KEY_PRESSES times from the first row: time per press until the
//                     selection has moved, page fetches included (one is due ~50 rows before the end).
//   review.scroll     the grid scrolled to its end SCROLL_PAGES times: time until the next page
//                     is on screen, and the entries.list request itself as Chromium timed it.
//
// "Visible" is checked in the page at every animation frame: Playwright's locator.waitFor polls
// at 0, 20, 50, 100 and 100 ms, then every 500 ms, which added up to half a second to a time.
//
// Builds the app first (npm run build) when dist is missing or older than the sources.
// REVIEW_BENCH_LINES and REVIEW_BENCH_DATA as in review.bench.ts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { buildReviewLedger } from './review-ledger.js';

const LINES = Number(process.env.REVIEW_BENCH_LINES ?? 1_000_000);
const TARGET_MS = 1000;
const REVISITS = 5;
const KEY_PRESSES = 300;
const SCROLL_PAGES = 15;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist/cli/pointage.js');

const round = (ms: number) => Math.round(ms * 10) / 10;
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p95 = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1];
const emit = (line: Record<string, unknown>) => process.stdout.write(JSON.stringify(line) + '\n');
const log = (message: string) => process.stderr.write(`review-browser bench: ${message}\n`);

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.(tsx?|json|css|html)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function ensureBuilt(): void {
  const renderer = path.join(ROOT, 'dist/renderer/index.html');
  const sources = Math.max(...['electron', 'shared', 'renderer'].map((d) => newestSource(path.join(ROOT, d))));
  if (existsSync(CLI) && existsSync(renderer) && statSync(CLI).mtimeMs > sources && statSync(renderer).mtimeMs > sources) return;
  log('building the app (npm run build)');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', process.stderr, process.stderr] });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status})`);
}

function serve(dataDir: string): Promise<{ server: ChildProcess; url: string }> {
  const server = spawn(process.execPath, [CLI, 'serve', '--data', dataDir], { env: { ...process.env, POINTAGE_LOG: 'silent' }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`pointage serve printed no address: ${out}`)), 60_000);
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ server, url });
      }
    });
    server.once('exit', (code) => reject(new Error(`pointage serve exited with ${code}: ${out}`)));
  });
}

const FIRST_ROW = '[data-testid=review-rows] [role=row]';
const firstRow = (page: Page) => page.locator(FIRST_ROW).first();

/**
 * Waits until an element matching `selector` is on screen (in the layout, not hidden), checking
 * at every animation frame; answers the page's clock then: ms since its navigation started.
 */
async function shown(page: Page, selector: string): Promise<number> {
  const handle = await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(sel);
      if (!el) return false;
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden' ? performance.now() : false;
    },
    selector,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}
const loadedRows = (page: Page) => page.locator('[role=grid]').getAttribute('aria-rowcount').then(Number);

/** Core calls in flight: the server answers one at a time, so a measure waits for quiet. */
function trackCalls(page: Page): () => Promise<void> {
  const inFlight = new Set<unknown>();
  const isCall = (url: string) => url.includes('/api/call/');
  page.on('request', (r) => isCall(r.url()) && inFlight.add(r));
  page.on('requestfinished', (r) => inFlight.delete(r));
  page.on('requestfailed', (r) => inFlight.delete(r));
  return async () => {
    for (let quiet = 0; quiet < 3; quiet++) {
      await page.waitForTimeout(100);
      if (inFlight.size > 0) quiet = -1;
    }
  };
}

/** From the accounts screen, once its own calls (slow at a million lines) have answered. */
async function timeReviewVisit(page: Page, quiet: () => Promise<void>): Promise<number> {
  await page.keyboard.press('Alt+1');
  await page.getByTestId('accounts-table').waitFor({ timeout: 120_000 });
  await quiet();
  const started = performance.now();
  await page.keyboard.press('Alt+2');
  await shown(page, FIRST_ROW);
  return performance.now() - started;
}

async function measureFirstRows(page: Page, quiet: () => Promise<void>): Promise<void> {
  const first = await timeReviewVisit(page, quiet);
  const later: number[] = [];
  for (let i = 0; i < REVISITS; i++) later.push(await timeReviewVisit(page, quiet));
  emit({ bench: 'review.firstRows', lines: LINES, ms: round(first), medianMs: round(median(later)), visits: REVISITS + 1, targetMs: TARGET_MS, met: first <= TARGET_MS && median(later) <= TARGET_MS });
}

/** Alt+2 as soon as the app shows: the accounts screen's calls are still being answered. */
async function measureStraightAfterLoad(page: Page): Promise<void> {
  const started = performance.now();
  await page.keyboard.press('Alt+2');
  const fromNavigation = await shown(page, FIRST_ROW);
  const ms = performance.now() - started;
  emit({ bench: 'review.firstRows.straightAfterLoad', lines: LINES, ms: round(ms), fromNavigationMs: round(fromNavigation), targetMs: TARGET_MS, met: ms <= TARGET_MS });
}

async function measureKeys(page: Page, fetches: number[]): Promise<void> {
  await firstRow(page).click();
  fetches.length = 0;
  const started = performance.now();
  for (let i = 0; i < KEY_PRESSES; i++) await page.keyboard.press('j');
  await page.locator(`[role=row][aria-selected=true][aria-rowindex="${KEY_PRESSES + 1}"]`).waitFor({ timeout: 60_000 });
  const ms = performance.now() - started;
  emit({ bench: 'review.keys', presses: KEY_PRESSES, msPerPress: round(ms / KEY_PRESSES), pageFetches: fetches.length, fetchMs: fetches.map(round) });
}

async function measureScroll(page: Page, fetches: number[]): Promise<void> {
  const grid = page.getByTestId('review-rows');
  fetches.length = 0;
  const pages: number[] = [];
  for (let i = 0; i < SCROLL_PAGES; i++) {
    const before = await loadedRows(page);
    const started = performance.now();
    await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await page.waitForFunction((n) => Number(document.querySelector('[role=grid]')?.getAttribute('aria-rowcount')) > n, before, { timeout: 60_000 });
    pages.push(performance.now() - started);
  }
  const rowsLoaded = await loadedRows(page);
  emit({
    bench: 'review.scroll', pages: SCROLL_PAGES, rowsLoaded,
    pageMedianMs: round(median(pages)), pageP95Ms: round(p95(pages)),
    fetchMedianMs: fetches.length ? round(median(fetches)) : null, fetchP95Ms: fetches.length ? round(p95(fetches)) : null, fetches: fetches.length,
  });
}

async function run(url: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const fetches: number[] = [];
    page.on('requestfinished', (request) => {
      if (request.url().endsWith('/api/call/entries.list')) fetches.push(request.timing().responseEnd);
    });
    const quiet = trackCalls(page);
    await page.goto(url);
    await shown(page, '[data-testid=company-name]');
    await measureStraightAfterLoad(page);
    await measureFirstRows(page, quiet);
    await measureKeys(page, fetches);
    await measureScroll(page, fetches);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const keep = process.env.REVIEW_BENCH_DATA;
  const dataDir = keep ?? mkdtempSync(path.join(os.tmpdir(), 'pointage-review-browser-'));
  let server: ChildProcess | undefined;
  try {
    log(`ledger of ${LINES} lines in ${dataDir}`);
    buildReviewLedger(dataDir, LINES);
    ensureBuilt();
    const started = await serve(dataDir);
    server = started.server;
    await run(started.url);
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
