// Browser benchmark (not a test; run by `cargo xtask bench`): import a ~100,000-document
// ledger, then measure opening it (reload → first table rows) and scrolling a 60,000-row
// list. Prints one line per figure.
//   BASE_URL=… LEDGER=target/bench/ledger-100k.json node tests/e2e/bench-open.mjs
import { launch, freshPage, tid } from './harness.mjs';

const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080/';
const LEDGER = process.env.LEDGER;
if (!LEDGER && !process.env.CUSTOMERS_LEDGER && !process.env.RELEASE_LEDGER && !process.env.SCHEDULES_LEDGER && !process.env.OPEN_LEDGER) throw new Error("set LEDGER, RELEASE_LEDGER, CUSTOMERS_LEDGER, SCHEDULES_LEDGER and/or OPEN_LEDGER to a backup file");

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/** Drives a list's scroll position every animation frame for 3 s; the frame gaps in ms. */
async function scrollFrames(page, testid) {
  return page.evaluate(async (testid) => {
    const body = document.querySelector(`[data-testid="${testid}-body"]`);
    const gaps = [];
    let last = performance.now();
    const end = last + 3000;
    await new Promise((resolve) => {
      const step = (now) => {
        gaps.push(now - last);
        last = now;
        body.scrollTop += 900;
        if (body.scrollTop + body.clientHeight >= body.scrollHeight) body.scrollTop = 0;
        if (now < end) requestAnimationFrame(step); else resolve();
      };
      requestAnimationFrame(step);
    });
    return gaps.slice(1);
  }, testid);
}

if (LEDGER) {
  const browser = await launch();
  const { context, page } = await freshPage(browser);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${BASE_URL}#/settings`);
  await tid(page, 'app-frame').waitFor({ timeout: 30000 });
  let started = Date.now();
  await tid(page, 'import-backup').setInputFiles(LEDGER);
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 300000 });
  console.log(`import (read, check, one replace transaction): ${((Date.now() - started) / 1000).toFixed(2)} s — ${await tid(page, 'backup-status').innerText()}`);

  // Open: from navigation start until the invoices list shows its row count.
  const opens = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`${BASE_URL}#/invoices`);
    await page.reload();
    await tid(page, 'invoices-count').waitFor({ timeout: 120000 });
    opens.push(await page.evaluate(() => performance.now()));
  }
  console.log(`open ledger and show the invoices list (reload → rows), same browser: median ${(median(opens) / 1000).toFixed(2)} s over ${opens.length} (${opens.map((t) => (t / 1000).toFixed(2)).join(', ')})`);
  console.log(`rows: ${await tid(page, 'invoices-count').innerText()}`);

  // Scroll: drive the list's scroll position every animation frame for 3 s, record frame gaps.
  const frames = await scrollFrames(page, 'invoices');
  console.log(`scroll 60,000-row list, 900 px per frame for 3 s: ${frames.length} frames, median ${median(frames).toFixed(1)} ms, p95 ${pct(frames, 0.95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms`);

  // One action's commit: save a customer, from click to the "saved" notice.
  await page.goto(`${BASE_URL}#/customers/10001`);
  await tid(page, 'customer-name').waitFor();
  const saves = [];
  for (let i = 0; i < 5; i++) {
    await tid(page, 'customer-name').fill(`Benchmark ${i} AS`);
    started = await page.evaluate(() => performance.now());
    await tid(page, 'save').click();
    await page.locator('[data-testid="notice"]', { hasText: 'saved' }).waitFor();
    saves.push((await page.evaluate(() => performance.now())) - started);
    await page.waitForTimeout(4200);
  }
  console.log(`save a customer (validate + one IndexedDB transaction + update), click → notice: median ${median(saves).toFixed(0)} ms`);
  await context.close();
  await browser.close();
}

// Mass release: 10,000 recorded invoices released from the Release window with one
// click, until the summary shows the result (validation + one IndexedDB commit).
const RELEASE_LEDGER = process.env.RELEASE_LEDGER;
if (RELEASE_LEDGER) {
  const browser2 = await launch();
  const { context: c2, page: p2 } = await freshPage(browser2);
  await p2.setViewportSize({ width: 1366, height: 768 });
  await p2.goto(`${BASE_URL}#/settings`);
  await tid(p2, 'app-frame').waitFor({ timeout: 30000 });
  await tid(p2, 'import-backup').setInputFiles(RELEASE_LEDGER);
  await tid(p2, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 300000 });
  await p2.goto(`${BASE_URL}#/release`);
  await tid(p2, 'release-count').waitFor({ timeout: 60000 });
  const listed = await tid(p2, 'release-count').innerText();
  const t0 = await p2.evaluate(() => performance.now());
  await tid(p2, 'release-all').click();
  await tid(p2, 'release-summary').filter({ hasText: 'Released' }).waitFor({ timeout: 300000 });
  const t1 = await p2.evaluate(() => performance.now());
  console.log(`mass release from the Release window (${listed} listed): ${((t1 - t0) / 1000).toFixed(2)} s — ${await tid(p2, 'release-summary').innerText()}`);
  await c2.close();
  await browser2.close();
}

// R3.11: the Customers list with 100,000 customers: open, scroll, and one search.
const CUSTOMERS_LEDGER = process.env.CUSTOMERS_LEDGER;
if (CUSTOMERS_LEDGER) {
  const browser3 = await launch();
  const { context: c3, page: p3 } = await freshPage(browser3);
  await p3.setViewportSize({ width: 1366, height: 768 });
  await p3.goto(`${BASE_URL}#/settings`);
  await tid(p3, 'app-frame').waitFor({ timeout: 30000 });
  await tid(p3, 'import-backup').setInputFiles(CUSTOMERS_LEDGER);
  await tid(p3, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 300000 });
  await p3.goto(`${BASE_URL}#/customers`);
  await p3.reload();
  await tid(p3, 'customers-count').waitFor({ timeout: 120000 });
  console.log(`customers list: ${await tid(p3, 'customers-count').innerText()} rows, shown ${(await p3.evaluate(() => performance.now()) / 1000).toFixed(2)} s after reload`);
  const gaps = await scrollFrames(p3, 'customers');
  console.log(`scroll the 100,000-customer list, 900 px per frame for 3 s: ${gaps.length} frames, median ${median(gaps).toFixed(1)} ms, p95 ${pct(gaps, 0.95).toFixed(1)} ms, max ${Math.max(...gaps).toFixed(1)} ms`);
  const t0 = await p3.evaluate(() => performance.now());
  await tid(p3, 'customers-search-1').fill('fjell%as');
  await p3.waitForFunction(() => !document.querySelector('[data-testid="customers-count"]').textContent.startsWith('100,000 of'), null, { timeout: 60000 });
  const t1 = await p3.evaluate(() => performance.now());
  console.log(`search "fjell%as" in the name column of 100,000 customers: ${(t1 - t0).toFixed(0)} ms → ${await tid(p3, 'customers-count').innerText()}`);
  await c3.close();
  await browser3.close();
}

/** A fresh browser with `file` imported; returns { browser, context, page }. */
async function withLedger(file) {
  const browser = await launch();
  const { context, page } = await freshPage(browser);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${BASE_URL}#/settings`);
  await tid(page, 'app-frame').waitFor({ timeout: 30000 });
  await tid(page, 'import-backup').setInputFiles(file);
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 300000 });
  return { browser, context, page };
}

// R7 (issue "Recurring documents"): 1,000 schedules with a year of missed occurrences.
// Run all once (one occurrence each), then a ranged run over the year (all missed,
// ~30,000 documents), from the Generate window, click → summary, commits included.
const SCHEDULES_LEDGER = process.env.SCHEDULES_LEDGER;
if (SCHEDULES_LEDGER) {
  const { browser, context, page } = await withLedger(SCHEDULES_LEDGER);
  await page.goto(`${BASE_URL}#/generate-schedules`);
  await tid(page, 'generate-count').waitFor({ timeout: 60000 });
  const listed = await tid(page, 'generate-count').innerText();
  let t0 = await page.evaluate(() => performance.now());
  await tid(page, 'run-all').click();
  await tid(page, 'generate-summary').filter({ hasText: 'Generated' }).waitFor({ timeout: 600000 });
  let t1 = await page.evaluate(() => performance.now());
  console.log(`plain run of all schedules (${listed}) from Generate recurring: ${((t1 - t0) / 1000).toFixed(2)} s — ${await tid(page, 'generate-summary').innerText()}`);
  const business = await tid(page, 'business-date-input').inputValue();
  await tid(page, 'generate-use-range').check();
  await tid(page, 'generate-stop-on').fill(business.trim());
  t0 = await page.evaluate(() => performance.now());
  await tid(page, 'run-all').click();
  await tid(page, 'generate-summary').filter({ hasText: 'Generated' }).waitFor({ timeout: 600000 });
  t1 = await page.evaluate(() => performance.now());
  console.log(`ranged run of all schedules up to ${business} (all missed) from Generate recurring: ${((t1 - t0) / 1000).toFixed(2)} s — ${await tid(page, 'generate-summary').innerText()}`);
  await context.close();
  await browser.close();
}

// R8 (issue "Ageing reports, statements and dunning"): Aged past due over ~100,000
// open documents: reload → the chart and the first rows of documents shown; then the
// statements preview of one cycle.
const OPEN_LEDGER = process.env.OPEN_LEDGER;
if (OPEN_LEDGER) {
  const { browser, context, page } = await withLedger(OPEN_LEDGER);
  const shown = [];
  for (let i = 0; i < 3; i++) {
    await page.goto(`${BASE_URL}#/invoices`);
    await tid(page, 'invoices-count').waitFor({ timeout: 120000 });
    const t0 = await page.evaluate(() => performance.now());
    await page.evaluate(() => { location.hash = '#/ageing'; });
    await tid(page, 'ageing-chart').first().waitFor({ timeout: 120000 });
    await tid(page, 'ageing-documents-row').first().waitFor({ timeout: 120000 });
    shown.push((await page.evaluate(() => performance.now())) - t0);
  }
  console.log(`Aged past due, menu → chart and first rows: median ${median(shown).toFixed(0)} ms (${shown.map((t) => t.toFixed(0)).join(', ')}) — ${await tid(page, 'ageing-documents-count').innerText()} documents`);
  const t0 = await page.evaluate(() => performance.now());
  await page.evaluate(() => { location.hash = '#/statements'; });
  await tid(page, 'statements-plan').filter({ hasText: 'statement(s):' }).waitFor({ timeout: 120000 });
  const t1 = await page.evaluate(() => performance.now());
  console.log(`Print statements preview of the first cycle: ${(t1 - t0).toFixed(0)} ms — ${await tid(page, 'statements-plan').innerText()}`);
  await context.close();
  await browser.close();
}
