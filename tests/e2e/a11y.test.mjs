// Accessibility (WCAG 2.1 AA, issue "a bookkeeper's first hour" point 12): axe-core over
// every window, on an empty ledger and with the demo company; lists are ARIA grids with
// one focusable row; a skip link leads past the menu to the main content.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launch, freshPage, tid, shot, openWindow } from './harness.mjs';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Every window of an empty ledger: lists, new records, processes, reports, settings. */
const EMPTY_WINDOWS = [
  'customers', 'customers/new', 'classes', 'classes/new',
  'invoices', 'invoices/new', 'invoices/new?type=credit-note', 'payments', 'payments/new', 'payments/new?type=prepayment',
  'release', 'customer-details',
  'overdue-charges', 'write-offs', 'credit-hold',
  'unreleased-documents', 'open-documents', 'journal',
  'settings', 'companies', 'reference-tables', 'mailing-settings',
  'send-invoices', 'pending-emails', 'templates', 'templates/new', 'mass-emails',
  'schedules', 'schedules/new', 'generate-schedules', 'ageing', 'statements', 'dunning',
  'no-such-window',
];

/** With the demo company: the same, and records of every kind (the customer and class windows tab by tab). */
const DEMO_WINDOWS = [
  ...EMPTY_WINDOWS,
  'customers/10001', 'classes/DOMESTIC',
  'invoices/invoice/INV000001', 'invoices/credit-note/CN000001', 'invoices/invoice/INV000001/print',
  'payments/payment/PAY000001', 'payments/prepayment/PAY000020', 'invoices/new?customer=10001',
  'customer-details?customer=10003',
  'schedules/1', 'pending-emails/1',
];

/** The tabs of a record window, clicked one by one (the window's first tab is already shown). */
const TABS = 'button[role="tab"]';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Goes to `hash` in the running app (no reload) and waits until the window is laid out. */
async function go(page, hash) {
  await page.evaluate((h) => { location.hash = `#/${h}`; }, hash);
  await page.waitForFunction((h) => location.hash === `#/${h}` && document.querySelector('main')?.children.length > 0, hash);
  await settle(page);
}

async function settle(page) {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/** axe-core over the page: the critical and serious violations, each as one readable line. */
async function violations(page, where) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE_PATH });
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, count: v.nodes.length, targets: v.nodes.slice(0, 4).map((n) => n.target.join(' ')) }));
  });
  return found.map((v) => `${where}: ${v.id} (${v.impact}, ${v.count}×) ${v.help} — ${v.targets.join(' | ')}`);
}

/** Runs axe over each window (and each tab of a record window); returns every violation found. */
async function auditWindows(page, windows) {
  const all = [];
  for (const hash of windows) {
    await go(page, hash);
    all.push(...(await violations(page, hash)));
    const tabs = await page.locator(TABS).count();
    for (let i = 1; i < tabs; i++) {
      const tab = page.locator(TABS).nth(i);
      const name = (await tab.innerText()).trim();
      await tab.click();
      await settle(page);
      all.push(...(await violations(page, `${hash} [${name}]`)));
    }
  }
  return all;
}

async function loadDemo(page) {
  await openWindow(page, 'settings');
  await tid(page, 'load-demo').click();
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60000 });
}

test('axe: no critical or serious violation on any window of an empty ledger', async () => {
  const { context, page } = await freshPage(browser);
  page.on('dialog', (d) => d.accept());
  await page.setViewportSize({ width: 1366, height: 768 });
  await openWindow(page, 'customers');
  const found = await auditWindows(page, EMPTY_WINDOWS);
  assert.deepEqual(found, [], `${found.length} violations:\n${found.join('\n')}`);
  await context.close();
});

test('axe: no critical or serious violation on any window with the demo company', async () => {
  const { context, page } = await freshPage(browser);
  page.on('dialog', (d) => d.accept());
  await page.setViewportSize({ width: 1366, height: 768 });
  await loadDemo(page);
  const found = await auditWindows(page, DEMO_WINDOWS);
  assert.deepEqual(found, [], `${found.length} violations:\n${found.join('\n')}`);
  await context.close();
});

/** What the focused element is: its role, test id, text and ARIA row index. */
async function focusedElement(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      role: el?.getAttribute('role') ?? '',
      testid: el?.getAttribute('data-testid') ?? '',
      text: (el?.innerText ?? '').trim(),
      rowindex: el?.getAttribute('aria-rowindex') ?? '',
      key: el?.getAttribute('data-key') ?? '',
    };
  });
}

test('skip link and lists as ARIA grids: a row takes the focus, arrows move it', async () => {
  const { context, page } = await freshPage(browser);
  await page.setViewportSize({ width: 1366, height: 768 });
  await loadDemo(page);

  // From a fresh load: the first Tab reaches the skip link, which is then visible.
  await page.goto('about:blank');
  await openWindow(page, 'customers');
  await tid(page, 'customers-row').first().waitFor();
  await page.keyboard.press('Tab');
  const skip = await focusedElement(page);
  assert.equal(skip.text, 'Skip to main content', 'the first Tab reaches the skip link');
  const box = await page.evaluate(() => document.activeElement.getBoundingClientRect().toJSON());
  assert.ok(box.width > 1 && box.height > 1 && box.top >= 0 && box.left >= 0 && box.bottom <= 768, `the focused skip link is on screen: ${JSON.stringify(box)}`);
  await shot(page, 'e2e-a11y-skip-link');
  // Enter moves the focus to the main content.
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.tagName.toLowerCase()), 'main', 'Enter on the skip link focuses main');
  assert.equal(await page.evaluate(() => location.hash), '#/customers', 'the skip link leaves the route alone');

  // From there the first customer row is a few Tabs away.
  let tabs = 0;
  let at = await focusedElement(page);
  while (at.testid !== 'customers-row' && tabs < 5) {
    await page.keyboard.press('Tab');
    tabs += 1;
    at = await focusedElement(page);
  }
  assert.equal(at.testid, 'customers-row', `after ${tabs} Tabs the focus is on ${JSON.stringify(at)}, not a customer row`);
  assert.equal(at.role, 'row');
  assert.equal(at.rowindex, '3', 'the first row after the header and the search row');

  // The list is a grid: row count with the header, rows and cells with roles.
  const grid = page.locator('[data-testid="customers"] [role="grid"]');
  assert.equal(await grid.count(), 1, 'the customer list is one ARIA grid');
  assert.equal(await grid.getAttribute('aria-rowcount'), '252', '250 customers, the header row and the search row');
  assert.equal(await grid.locator('[role="columnheader"]').count(), 9);
  const rendered = await page.$$eval('[data-testid="customers-row"]', (rows) =>
    rows.map((r) => ({ role: r.getAttribute('role'), index: r.getAttribute('aria-rowindex'), tabindex: r.getAttribute('tabindex'), cells: r.querySelectorAll('[role="gridcell"]').length })));
  assert.ok(rendered.length > 5);
  assert.ok(rendered.every((r) => r.role === 'row' && r.cells === 9 && Number(r.index) >= 3), JSON.stringify(rendered.slice(0, 3)));
  assert.equal(rendered.filter((r) => r.tabindex === '0').length, 1, 'one row in the Tab order (roving tabindex)');
  assert.equal(await tid(page, 'customers-body').getAttribute('tabindex'), '-1', 'the list body itself is not a Tab stop');

  // Arrows move the focus from row to row; End to the last, Home back; Enter opens.
  await page.keyboard.press('ArrowDown');
  assert.equal((await focusedElement(page)).rowindex, '4');
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-rowindex') === '252');
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-rowindex') === '3');
  // Up from the first row reaches the search row, up again the column headers; down comes back.
  await page.keyboard.press('ArrowUp');
  assert.equal((await focusedElement(page)).testid, 'customers-search-0');
  await page.keyboard.press('ArrowRight');
  assert.equal((await focusedElement(page)).testid, 'customers-search-1', 'Right in an empty search moves to the next column');
  await page.keyboard.press('ArrowUp');
  assert.equal((await focusedElement(page)).testid, 'customers-sort-1');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const first = await focusedElement(page);
  assert.equal(first.rowindex, '3');
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => location.hash === `#/customers/${id}`, first.key);

  // A click opens its row while the focus was in a search box (moving the focus there
  // does not build the rows again under the mouse).
  await openWindow(page, 'customers');
  await tid(page, 'customers-search-1').fill('AS');
  const second = tid(page, 'customers-row').nth(1);
  const key = await second.getAttribute('data-key');
  await second.click();
  await page.waitForFunction((id) => location.hash === `#/customers/${id}`, key);
  await context.close();
});

test('a selectable list: Space selects the focused row, aria-selected follows', async () => {
  const { context, page } = await freshPage(browser);
  await page.setViewportSize({ width: 1366, height: 768 });
  await loadDemo(page);
  await openWindow(page, 'release');
  const row = tid(page, 'release-row').first();
  await row.waitFor();
  assert.equal(await page.locator('[data-testid="release"] [role="grid"]').getAttribute('aria-multiselectable'), 'true');
  assert.equal(await row.getAttribute('aria-selected'), 'false');
  await tid(page, 'release-body').focus();
  assert.equal((await focusedElement(page)).testid, 'release-row', 'focusing the list focuses its row');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-selected') === 'true');
  assert.equal(await page.locator('[data-testid="release-row"][aria-selected="true"]').count(), 1);
  await context.close();
});
