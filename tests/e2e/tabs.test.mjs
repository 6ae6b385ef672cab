// Several tabs (SPEC R13.4, issue 14): two pages of ONE browser context share one
// IndexedDB. Each releases 300 documents in the Release window and enters payments in
// the payment window, both at the same time as the other tab: every commit is taken
// under one Web Lock, after catching up with the other tab, so nothing is lost, numbers
// stay unique, and each tab shows the other's work without a reload. An open record
// window follows another tab's save (or, with unsaved edits, says so and offers
// Reload); a newer schema opened elsewhere closes the connection with a message.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, CHROMIUM_ARGS, freshPage, tid, shot, openWindow, see, BASE_URL } from './harness.mjs';
import { reskontraCli } from './cli.mjs';

// Payments each tab enters while the other releases (SPEC: 300 per tab).
const PAYMENTS = Number(process.env.TABS_PAYMENTS ?? 300);
const RELEASES = 300;

let browser;
let cli;
before(async () => {
  // Two tabs work at once, but only one is in front: keep the one behind from being
  // throttled (timers, animation frames), as a person's second window on screen is not.
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'],
  });
  cli = reskontraCli();
});
after(async () => { await browser?.close(); });

/** A demo ledger with 600 Balanced invoices dated the business date, 30 per customer. */
async function demoBackup(dir) {
  const path = join(dir, 'tabs-demo.json');
  execFileSync(cli, ['demo', '--seed', '14', '--customers', '20', '--invoices', '40', '--unreleased', '600', '--today', '2026-03-31', '-o', path]);
  return path;
}

/** Goes to a window the way a link does: the hash changes, the page is not reloaded. */
async function go(page, hash) {
  await page.evaluate((h) => { window.location.hash = h; }, `#/${hash}`);
}

/** The "N of M" of a list, as [N, M]. */
async function countOf(page, testid) {
  const text = await tid(page, `${testid}-count`).innerText();
  return text.split(' of ').map((part) => Number(part.replace(/\D/g, '')));
}

/** Waits until the list `testid` counts `n` rows in all (no reload on the way). */
async function waitForCount(page, testid, n) {
  try {
    await page.waitForFunction(([sel, want]) => {
      const el = document.querySelector(sel);
      return el && Number(el.innerText.split(' of ').pop().replace(/\D/g, '')) === want;
    }, [`[data-testid="${testid}-count"]`, n], { timeout: 15000 });
  } catch {
    assert.equal((await countOf(page, testid))[1], n, `${testid} rows`);
  }
}

/** Release window: the Balanced invoices of the business date of customers matching
 * each search in `customers`, selected and released as one run. */
async function releaseFor(page, customers) {
  await go(page, 'release');
  await tid(page, 'release-body').waitFor();
  await tid(page, 'release-filter-0').selectOption('Invoice');
  await tid(page, 'release-search-3').fill('2026-03-31');
  for (const search of customers) {
    await tid(page, 'release-search-2').fill(search);
    // "Select all shown rows" adds the rows shown to the selection each time it is ticked.
    await tid(page, 'release-select-all').evaluate((box) => { box.checked = false; });
    await tid(page, 'release-select-all').check();
  }
  await see(page, 'release-selected', `Release (${RELEASES})`);
  await tid(page, 'release-selected').click();
  await see(page, 'release-summary', `Released ${RELEASES}, failed 0.`);
}

/** Enters `n` payments through the payment window, as fast as the window allows;
 * returns their numbers. */
async function enterPayments(page, n, customerOf) {
  const numbers = [];
  for (let i = 0; i < n; i += 1) {
    await go(page, `payments/new?customer=${customerOf(i)}`);
    // Polling, not animation frames, and no waiting for the element to stand still:
    // the tab behind gets no frames while the other is in front.
    await page.waitForFunction(() => document.querySelector('[data-testid="window-title"]')?.innerText === 'New payment', null, { polling: 20, timeout: 15000 });
    await tid(page, 'payment-amount').fill(String(100 + (i % 50)), { force: true });
    await tid(page, 'save').click({ force: true });
    const hash = await page.waitForFunction(() => {
      const m = window.location.hash.match(/^#\/payments\/payment\/(PAY\d+)$/);
      return m && m[1];
    }, null, { polling: 20, timeout: 15000 }).then((h) => h.jsonValue()).catch(async (e) => {
      const problems = await tid(page, 'problem-summary').innerText().catch(() => '(none)');
      throw new Error(`payment ${i} not saved (${page.url()}): ${problems}; ${e.message}`);
    });
    numbers.push(hash);
  }
  return numbers;
}

/** Exports the backup from `page` (Settings → Export backup) into `dir`; returns its path. */
async function exportBackup(page, dir, name) {
  await go(page, 'settings');
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'export-backup').click()]);
  const path = join(dir, name);
  await download.saveAs(path);
  return path;
}

/**
 * Tab A imports the demo backup; tab B is a second page of the same context (same
 * storage) opened after it. Each then opens `hash`.
 */
async function twoTabs(dir, hash) {
  const backup = await demoBackup(dir);
  const { context, page: a } = await freshPage(browser);
  await openWindow(a, 'settings');
  await tid(a, 'import-backup').setInputFiles(backup);
  await tid(a, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 30000 });
  const b = await context.newPage();
  b.on('pageerror', (error) => console.error(`[page error B] ${error.message}`));
  await openWindow(b, hash);
  await openWindow(a, hash);
  return { context, a, b };
}

test('two tabs release 300 documents each and enter payments at the same time: nothing lost, numbers unique, each sees the other', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'reskontra-tabs-'));
  const { context, a, b } = await twoTabs(dir, 'payments');
  const [, paymentsBefore] = await countOf(a, 'payments');
  assert.equal((await countOf(b, 'payments'))[1], paymentsBefore);

  // A releases its 300 (customers 10010–10019) and then enters payments; B enters
  // payments, releases its 300 (10001–10009 and 10020) half-way, and goes on. So each
  // tab commits payments while the other's release run commits, both ways round.
  const started = Date.now();
  const timings = {};
  const tabA = (async () => {
    await releaseFor(a, ['1001']);
    timings.releaseA = Date.now() - started;
    const paid = await enterPayments(a, PAYMENTS, (i) => `100${10 + (i % 10)}`);
    timings.paymentsA = Date.now() - started;
    return paid;
  })();
  const tabB = (async () => {
    const first = await enterPayments(b, Math.floor(PAYMENTS / 2), (i) => `1000${1 + (i % 9)}`);
    await releaseFor(b, ['1000', '10020']);
    timings.releaseB = Date.now() - started;
    const rest = await enterPayments(b, PAYMENTS - first.length, (i) => `1000${1 + (i % 9)}`);
    timings.paymentsB = Date.now() - started;
    return [...first, ...rest];
  })();
  const [paidA, paidB] = await Promise.all([tabA, tabB]);
  console.log(`tabs: ${PAYMENTS} payments + ${RELEASES} releases per tab, concurrently: ${JSON.stringify(timings)} ms`);

  // Numbers are unique across both tabs.
  const all = [...paidA, ...paidB];
  assert.equal(all.length, 2 * PAYMENTS);
  assert.equal(new Set(all).size, all.length, 'every payment has its own number');

  // Each tab, without a reload, lists every payment of both and every release of both.
  for (const page of [a, b]) {
    await go(page, 'payments');
    await waitForCount(page, 'payments', paymentsBefore + 2 * PAYMENTS);
    // The other tab's last payment opens here.
    await go(page, `payments/payment/${page === a ? paidB.at(-1) : paidA.at(-1)}`);
    await see(page, 'status', 'Balanced');
    await go(page, 'release');
    await tid(page, 'release-body').waitFor();
    await tid(page, 'release-filter-0').selectOption('Invoice');
    await tid(page, 'release-search-3').fill('2026-03-31');
    // All 600 of the business date's invoices are released: none is left to release.
    await tid(page, 'release-empty').or(tid(page, 'release-count')).first().waitFor();
    const left = await tid(page, 'release-count').isVisible() ? (await countOf(page, 'release'))[0] : 0;
    assert.equal(left, 0, 'every invoice of the business date was released by one tab or the other');
  }
  await shot(b, 'e2e-tabs-release-after');

  // The stored ledger (exported from each tab) holds every write once, keeps every
  // rule (`reskontra check`: balances equal their recomputation), and both tabs agree.
  const fromA = await exportBackup(a, dir, 'from-a.json');
  const fromB = await exportBackup(b, dir, 'from-b.json');
  for (const file of [fromA, fromB]) {
    const checked = execFileSync(cli, ['check', file], { encoding: 'utf8' });
    assert.match(checked, /ok, every ledger rule holds/);
  }
  const ledger = JSON.parse(await readFile(fromA, 'utf8'));
  const refs = new Map();
  for (const d of ledger.documents) {
    const key = `${d.doc_type}/${d.ref_nbr}`;
    assert.ok(!refs.has(key), `reference ${key} is used once`);
    refs.set(key, d);
  }
  for (const ref of all) assert.equal(refs.get(`Payment/${ref}`)?.status, 'Balanced', `${ref} is stored`);
  const today = ledger.documents.filter((d) => d.doc_type === 'Invoice' && d.date === '2026-03-31' && d.lines.length === 1);
  assert.equal(today.filter((d) => d.status === 'Open').length, 2 * RELEASES, 'both tabs\' releases are stored');
  const balances = execFileSync(cli, ['balances', '--format', 'json', fromA], { encoding: 'utf8' });
  assert.equal(execFileSync(cli, ['balances', '--format', 'json', fromB], { encoding: 'utf8' }), balances, 'both tabs stored the same ledger');
  // The balances each tab shows are the recomputed ones.
  // The balances each tab shows are the recomputed ones (customers with a debit balance).
  const recomputed = new Map(JSON.parse(balances).map((r) => [r.customer, r.balance]));
  for (const customer of ['10001', '10015']) {
    assert.ok(Number(recomputed.get(customer)) > 0, `${customer}: ${recomputed.get(customer)}`);
    for (const page of [a, b]) {
      await go(page, `customers/${customer}`);
      await tid(page, 'customer-balance').waitFor();
      const shown = (await tid(page, 'customer-balance').innerText()).replace(/[^\d.]/g, '');
      assert.equal(shown, recomputed.get(customer), `customer ${customer}'s balance in tab ${page === a ? 'A' : 'B'}`);
    }
  }
  await context.close();
});

test('an open record window follows another tab: at once without edits, "Changed in another tab" with them', async () => {
  const { context, a, b } = await twoTabs(await mkdtemp(join(tmpdir(), 'reskontra-tabs-')), 'customers/10001');

  // No unsaved edits in B: A's save shows in B, without a reload.
  await tid(a, 'customer-name').fill('Renamed in tab A AS');
  const clicked = Date.now();
  await tid(a, 'save').click();
  await b.waitForFunction(() => document.querySelector('[data-testid="customer-name"]')?.value === 'Renamed in tab A AS', null, { polling: 10, timeout: 5000 });
  console.log(`tabs: A's save shown in B's open customer window ${Date.now() - clicked} ms after the click`);
  assert.equal(await tid(b, 'changed-elsewhere').count(), 0);
  assert.equal(await tid(b, 'dirty').isVisible(), false, 'nothing unsaved in B');

  // B has unsaved edits when A saves again: B keeps them and says so.
  await tid(b, 'customer-name').fill('Typed in tab B AS');
  await tid(a, 'customer-name').fill('Renamed again in A AS');
  await tid(a, 'save').click();
  await tid(b, 'changed-elsewhere').waitFor({ timeout: 5000 });
  assert.equal(await tid(b, 'customer-name').inputValue(), 'Typed in tab B AS', 'the edits are not lost');
  await shot(b, 'e2e-tabs-changed-elsewhere');
  // Reload: B shows the latest and has nothing unsaved.
  await tid(b, 'changed-elsewhere-reload').click();
  assert.equal(await tid(b, 'customer-name').inputValue(), 'Renamed again in A AS');
  await tid(b, 'changed-elsewhere').waitFor({ state: 'detached' });
  assert.equal(await tid(b, 'dirty').isVisible(), false);

  // The lists follow too: a customer A adds is in B's list at once.
  await go(b, 'customers');
  await tid(b, 'customers-body').waitFor();
  const [, before] = await countOf(b, 'customers');
  await go(a, 'customers/new');
  await tid(a, 'customer-name').fill('Added in tab A AS');
  await tid(a, 'save').click();
  await a.waitForFunction(() => /#\/customers\/\d+$/.test(window.location.hash));
  await waitForCount(b, 'customers', before + 1);

  // A deleted record says so. (An invoice: Balanced, so it may be deleted.)
  await go(b, 'invoices/INV000050');
  await see(b, 'window-title', 'Invoice INV000050');
  await go(a, 'invoices/INV000050');
  await see(a, 'window-title', 'Invoice INV000050');
  a.once('dialog', (d) => d.accept());
  await tid(a, 'delete').click();
  await tid(b, 'deleted-elsewhere').waitFor({ timeout: 5000 });

  // A newer schema opened in another tab: both tabs close their connection and say so.
  const c = await context.newPage();
  await c.goto(`${BASE_URL}manifest.webmanifest`);
  const upgraded = await c.evaluate(() => new Promise((resolve) => {
    // The current company's ledger database (an import moved it to a new one).
    const registry = JSON.parse(localStorage.getItem('reskontra-companies'));
    const database = registry.companies.find((company) => company.id === registry.current).database;
    const request = indexedDB.open(database, 99);
    request.onupgradeneeded = () => {};
    request.onsuccess = () => { request.result.close(); resolve('upgraded'); };
    request.onerror = () => resolve(`error ${request.error}`);
    request.onblocked = () => resolve('blocked');
  }));
  assert.equal(upgraded, 'upgraded', 'the other tabs closed their connections, so the upgrade was not blocked');
  for (const page of [a, b]) {
    await tid(page, 'closed-elsewhere').filter({ hasText: 'A newer version of Reskontra is open in another tab — reload.' }).waitFor({ timeout: 5000 });
  }
  await shot(a, 'e2e-tabs-newer-version');
  await context.close();
});
