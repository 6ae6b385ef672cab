// A bookkeeper's first hour, continued (issue "a bookkeeper's first hour"): the
// journal's totals and filters, pickers that find by name, and a first run without a wall.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, freshPage, tid, shot, openWindow, see, newClass, newCustomer, pick } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** An amount as shown ("1,234.50", "100.00", blank) as a number of cents. */
const cents = (text) => (text.trim() === '' ? 0 : Math.round(Number(text.replace(/[\s\u00a0\u202f,]/g, '')) * 100));

/** The journal rows in the DOM: key and cell texts. */
async function journalRows(page) {
  return page.locator('[data-testid="journal-row"]').evaluateAll((rows) =>
    rows.map((r) => ({ key: r.dataset.key, cells: [...r.querySelectorAll('.td')].map((c) => c.innerText.trim()) })));
}

/**
 * Checks the shown journal: each entry total equals its lines, the footer equals the
 * lines shown; returns the entry numbers shown and the footer in cents.
 */
async function checkJournal(page, { totals = true } = {}) {
  const rows = await journalRows(page);
  const lines = rows.filter((r) => !r.key.startsWith('total|'));
  const totalRows = rows.filter((r) => r.key.startsWith('total|'));
  const entries = [...new Set(lines.map((r) => Number(r.cells[0])))];
  if (totals) {
    assert.equal(totalRows.length, entries.length, `a total under each entry: ${JSON.stringify(rows)}`);
    for (const t of totalRows) {
      const own = lines.filter((r) => r.cells[0] === t.cells[0]);
      assert.equal(cents(t.cells[5]), own.reduce((s, r) => s + cents(r.cells[5]), 0), `entry ${t.cells[0]} debit total`);
      assert.equal(cents(t.cells[6]), own.reduce((s, r) => s + cents(r.cells[6]), 0), `entry ${t.cells[0]} credit total`);
      assert.equal(t.cells[5], t.cells[6], `entry ${t.cells[0]} balances`);
    }
  } else {
    assert.equal(totalRows.length, 0, 'no entry totals when lines of one account are shown');
  }
  const debit = await footerCents(page, 'journal-total-debit', lines.reduce((s, r) => s + cents(r.cells[5]), 0));
  const credit = await footerCents(page, 'journal-total-credit', lines.reduce((s, r) => s + cents(r.cells[6]), 0));
  return { entries, debit, credit, lines: lines.length };
}

/** The footer amount `id` in cents, once it shows `expected` (asserted equal). */
async function footerCents(page, id, expected) {
  await page.waitForFunction(([sel, want]) => {
    const text = document.querySelector(sel)?.innerText ?? '';
    return Math.round(Number(text.replace(/[\s\u00a0\u202f,]/g, '')) * 100) === want;
  }, [`[data-testid="${id}"]`, expected], { timeout: 5000 }).catch(() => {});
  const got = cents(await tid(page, id).innerText());
  assert.equal(got, expected, `${id}: the footer is the sum of the lines shown`);
  return got;
}

/** Waits until the journal shows `n` rows (lines and totals). */
async function journalCount(page, n) {
  await see(page, 'journal-count', `${n} of ${n}`);
}

test('the journal: a total under each entry, totals of the rows shown, filters by date, account and document', async () => {
  const { context, page } = await freshPage(browser);
  await page.setViewportSize({ width: 1366, height: 768 });
  await newClass(page, 'DOMESTIC');
  const id = await newCustomer(page, 'Fjell Bygg AS');
  // Two invoices (EXEMPT: two lines each), a payment applied to the first.
  for (const [date, price] of [['2026-01-10', '100'], ['2026-02-10', '40']]) {
    await openWindow(page, `invoices/new?customer=${id}`);
    await tid(page, 'invoice-date').fill(date);
    await tid(page, 'line-0-unit_price').fill(price);
    await tid(page, 'line-0-vat_category').selectOption('EXEMPT');
    await tid(page, 'release').click();
    await see(page, 'status', 'Open');
  }
  await openWindow(page, `payments/new?customer=${id}`);
  await tid(page, 'payment-date').fill('2026-02-20');
  await tid(page, 'payment-amount').fill('100');
  await tid(page, 'apply-INV000001').fill('100');
  await tid(page, 'release').click();
  await see(page, 'status', 'Closed');

  await openWindow(page, 'journal');
  // Three entries of two lines, each with its total row.
  await journalCount(page, 9);
  let shown = await checkJournal(page);
  assert.deepEqual(shown.entries, [1, 2, 3]);
  assert.deepEqual([shown.debit, shown.credit], [24000, 24000]);
  await shot(page, 'e2e-journal-totals');
  // Newest first (Entry twice): the entries turn round, each keeps its lines above its total.
  await tid(page, 'journal-sort-0').click();
  await tid(page, 'journal-sort-0').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="journal-row"]')?.innerText.trim().startsWith('3'));
  const newest = await journalRows(page);
  assert.deepEqual(newest.map((r) => (r.key.startsWith('total|') ? `T${r.cells[0]}` : r.cells[0])), ['3', '3', 'T3', '2', '2', 'T2', '1', '1', 'T1']);
  await tid(page, 'journal-sort-0').click();

  // From a date: the February entries.
  await tid(page, 'journal-from').fill('2026-02-01');
  await journalCount(page, 6);
  shown = await checkJournal(page);
  assert.deepEqual(shown.entries, [2, 3]);
  assert.equal(shown.debit, 14000);
  // To a date: January alone.
  await tid(page, 'journal-from').fill('');
  await tid(page, 'journal-to').fill('2026-01-31');
  await journalCount(page, 3);
  shown = await checkJournal(page);
  assert.deepEqual(shown.entries, [1]);
  assert.equal(shown.debit, 10000);
  await tid(page, 'journal-to').fill('');

  // An account: its lines only (the bank's debit), no entry totals.
  await tid(page, 'journal-account').selectOption('1920');
  await journalCount(page, 1);
  shown = await checkJournal(page, { totals: false });
  assert.deepEqual([shown.debit, shown.credit], [10000, 0]);
  await tid(page, 'journal-account').selectOption('');

  // A document's reference number.
  await tid(page, 'journal-document').fill('inv000002');
  await journalCount(page, 3);
  shown = await checkJournal(page);
  assert.deepEqual(shown.entries, [2]);
  assert.equal(shown.credit, 4000);

  // The table's own search narrows the rows shown further; the footer follows it.
  await tid(page, 'journal-document').fill('');
  await journalCount(page, 9);
  await tid(page, 'journal-search-2').fill('payment');
  await see(page, 'journal-count', '3 of 9');
  shown = await checkJournal(page);
  assert.deepEqual(shown.entries, [3]);
  assert.equal(shown.debit, 10000);
  await context.close();
});

/** The data-testid of the focused element. */
async function focused(page) {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
}

/** The suggestions the picker `id` lists. */
async function suggestions(page, id) {
  await tid(page, `${id}-option`).first().waitFor();
  return (await tid(page, `${id}-option`).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

test('the class, terms and document-to-apply pickers find by code or any part of the description', async () => {
  const { context, page } = await freshPage(browser);
  await page.setViewportSize({ width: 1366, height: 768 });
  await newClass(page, 'DOMESTIC', 'Norwegian customers');
  await newClass(page, 'EXPORT', 'Customers abroad');

  // Customer class: a combobox; part of the description finds it; Enter chooses.
  await openWindow(page, 'customers/new');
  const klass = tid(page, 'customer-class');
  assert.equal(await klass.getAttribute('role'), 'combobox');
  await klass.fill('abroad');
  assert.deepEqual(await suggestions(page, 'customer-class'), ['EXPORT Customers abroad']);
  assert.equal(await klass.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Enter');
  assert.equal(await klass.inputValue(), 'EXPORT');
  assert.equal(await klass.getAttribute('aria-expanded'), 'false');
  await see(page, 'customer-class-name', 'Customers abroad');

  // Terms: words of the description in any order; Arrow Down moves, Esc closes.
  await tid(page, 'tab-financial').click();
  const terms = tid(page, 'customer-terms');
  assert.equal(await terms.getAttribute('role'), 'combobox');
  await terms.fill('net days');
  assert.deepEqual(await suggestions(page, 'customer-terms'), ['NET30 30 days net', 'NET14 14 days net', '2/10NET30 2 % in 10 days, 30 days net']);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const active = await terms.getAttribute('aria-activedescendant');
  assert.equal(await page.locator(`#${active}`).innerText().then((t) => t.replace(/\s+/g, ' ').trim()), '2/10NET30 2 % in 10 days, 30 days net');
  await page.keyboard.press('Escape');
  assert.equal(await terms.getAttribute('aria-expanded'), 'false');
  // Leaving the box with text that names one option chooses it.
  await terms.fill('14 days');
  await page.keyboard.press('Tab');
  assert.equal(await terms.inputValue(), 'NET14');
  await see(page, 'customer-terms-name', '14 days net');
  await tid(page, 'customer-name').fill('Fjell Bygg AS');
  await tid(page, 'save').click();
  await page.waitForURL(/#\/customers\/\d+$/);
  const id = page.url().split('/').pop();
  await see(page, 'customer-class-name', 'Customers abroad');
  await tid(page, 'tab-financial').click();
  assert.equal(await tid(page, 'customer-terms').inputValue(), 'NET14');

  // The class window's terms too.
  await openWindow(page, 'classes/DOMESTIC');
  await pick(page, 'class-terms', 'in 10');
  assert.equal(await tid(page, 'class-terms').inputValue(), '2/10NET30');
  await see(page, 'class-terms-name', '2 % in 10 days, 30 days net');
  await tid(page, 'save').click();
  await page.locator('[data-testid="dirty"].shown').waitFor({ state: 'detached' });
  await openWindow(page, 'classes');
  assert.ok((await tid(page, 'classes-row').allInnerTexts()).some((t) => t.includes('DOMESTIC') && t.includes('2/10NET30')), 'the class saved its terms');

  // The document to apply: found by its balance, chosen with Enter; the focus goes to its amount.
  for (const price of ['100', '40']) {
    await openWindow(page, `invoices/new?customer=${id}`);
    await tid(page, 'line-0-unit_price').fill(price);
    await tid(page, 'line-0-vat_category').selectOption('EXEMPT');
    await tid(page, 'release').click();
    await see(page, 'status', 'Open');
  }
  await openWindow(page, `payments/new?customer=${id}`);
  const find = tid(page, 'apply-find');
  assert.equal(await find.getAttribute('role'), 'combobox');
  await find.fill('balance 40');
  const found = await suggestions(page, 'apply-find');
  assert.equal(found.length, 1, found.join(' | '));
  assert.match(found[0], /^INV000002 Invoice · /);
  await find.fill('inv');
  assert.equal((await suggestions(page, 'apply-find')).length, 2);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  assert.equal(await focused(page), 'apply-INV000002');
  await shot(page, 'e2e-pickers');
  await context.close();
});

test('a first run without a wall: the first customer is made at once, of the default class; a class made from the customer comes back chosen', async () => {
  const { context, page } = await freshPage(browser);
  await page.setViewportSize({ width: 1366, height: 768 });
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.accept(); });

  // An empty ledger: the customer window opens, with the default class offered.
  await openWindow(page, 'customers/new');
  await see(page, 'window-title', 'New customer');
  assert.equal(await tid(page, 'customer-needs-class').count(), 0, 'no "create a class first" wall');
  assert.equal(await tid(page, 'customer-class').inputValue(), 'DEFAULT');
  await see(page, 'customer-class-name', 'Default class');
  await tid(page, 'tab-financial').click();
  assert.equal(await tid(page, 'customer-terms').inputValue(), 'NET30', "the preferences' first terms");
  await shot(page, 'e2e-first-customer');

  // Offering it stored nothing: the ledger is still empty, so loading the demo asks nothing.
  await openWindow(page, 'classes');
  await tid(page, 'classes-empty').waitFor();
  await openWindow(page, 'settings');
  await tid(page, 'load-demo').click();
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60000 });
  assert.deepEqual(dialogs, [], 'an empty ledger is replaced without a question');

  // A fresh company again: the first customer is saved at once, with its class.
  const fresh = await freshPage(browser);
  const p2 = fresh.page;
  await openWindow(p2, 'customers/new');
  await tid(p2, 'customer-name').fill('Fjell Bygg AS');
  await tid(p2, 'save').click();
  await see(p2, 'window-title', 'Customer 10001');
  await see(p2, 'customer-class-name', 'Default class');
  await openWindow(p2, 'classes');
  await see(p2, 'classes-count', '1 of 1');
  // Editable like any other class.
  await openWindow(p2, 'classes/DEFAULT');
  await tid(p2, 'class-description').fill('Norwegian customers');
  await tid(p2, 'save').click();
  await p2.locator('[data-testid="dirty"].shown').waitFor({ state: 'detached' });

  // A class made from a new customer: saving it returns to the customer, class chosen.
  await openWindow(p2, 'customers/new');
  await tid(p2, 'customer-name').fill('Export Kunde GmbH');
  p2.once('dialog', (d) => d.accept());
  await tid(p2, 'customer-new-class').click();
  await see(p2, 'window-title', 'New customer class');
  await tid(p2, 'class-id').fill('EXPORT');
  await tid(p2, 'class-description').fill('Customers abroad');
  await tid(p2, 'save').click();
  await p2.waitForFunction(() => location.hash === '#/customers/new?class=EXPORT');
  await see(p2, 'window-title', 'New customer');
  assert.equal(await tid(p2, 'customer-class').inputValue(), 'EXPORT');
  await see(p2, 'customer-class-name', 'Customers abroad');
  await tid(p2, 'customer-name').fill('Export Kunde GmbH');
  await tid(p2, 'save').click();
  await see(p2, 'window-title', 'Customer 10002');
  await see(p2, 'customer-class-name', 'Customers abroad');
  await fresh.context.close();
  await context.close();
});
