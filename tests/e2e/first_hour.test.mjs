// A bookkeeper's first hour (issue "a bookkeeper's first hour"): what a new user
// meets first, driven only by what is on screen.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, freshPage, tid, shot, openWindow, see, newClass, newCustomer } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The message shown (visible, with text) under the input `inputId`, in the same table cell. */
async function messageAtCell(page, inputId) {
  return page.evaluate((id) => {
    const input = document.querySelector(`[data-testid="${id}"]`);
    const cell = input?.closest('td');
    const message = cell?.querySelector('.field-error');
    if (!message) return { text: '', visible: false, below: false };
    const box = message.getBoundingClientRect();
    const inputBox = input.getBoundingClientRect();
    return {
      text: message.innerText.trim(),
      visible: box.width > 0 && box.height > 0 && getComputedStyle(message).display !== 'none',
      // Right under its input, not somewhere else on the page.
      below: box.top >= inputBox.bottom - 1 && box.top - inputBox.bottom < 40,
    };
  }, inputId);
}

/** The data-testid of the focused element. */
async function focused(page) {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
}

test('every problem at its field: line and table cells show their message; summary links move the focus', async () => {
  const { context, page } = await freshPage(browser);
  await newClass(page, 'DOMESTIC');
  await newCustomer(page, 'Fjell Bygg AS');

  // An invoice line with a negative quantity and a price that is not a number.
  await tid(page, 'new-invoice-for-customer').click();
  await see(page, 'invoice-customer-name', 'Fjell Bygg AS');
  await tid(page, 'line-0-description').fill('Consulting hours');
  await tid(page, 'line-0-quantity').fill('-2');
  await tid(page, 'line-0-unit_price').fill('abc');
  await tid(page, 'save').click();
  await tid(page, 'problem-summary').waitFor();
  await see(page, 'window-title', 'New invoice');

  for (const id of ['line-0-quantity', 'line-0-unit_price']) {
    const shown = await messageAtCell(page, id);
    assert.ok(shown.text.length > 0, `${id}: a message in its cell`);
    assert.ok(shown.visible, `${id}: the message is visible (${shown.text})`);
    assert.ok(shown.below, `${id}: the message is right under the input`);
  }
  // The line inputs have names a screen reader reads.
  assert.equal(await tid(page, 'line-0-quantity').getAttribute('aria-label'), 'Line 1 quantity');
  await shot(page, 'e2e-problems-at-cells');

  // Each summary item is a link to its field: the focus moves there.
  const links = tid(page, 'problem-link');
  assert.ok((await links.count()) >= 2, 'the two line problems are links');
  await links.filter({ hasText: 'unit price' }).first().click();
  assert.equal(await focused(page), 'line-0-unit_price');
  await links.filter({ hasText: 'quantity' }).first().click();
  assert.equal(await focused(page), 'line-0-quantity');

  // A header field too: clear the date, save, follow the link.
  await tid(page, 'invoice-date').fill('');
  await tid(page, 'save').click();
  await links.filter({ hasText: 'Date' }).first().waitFor();
  await links.filter({ hasText: 'Date' }).first().click();
  assert.equal(await focused(page), 'invoice-date');

  // A reference-table cell: its message is in the cell, and the link focuses it.
  page.once('dialog', (d) => d.accept());
  await openWindow(page, 'reference-tables');
  await tid(page, 'add-currency_rates').click();
  await tid(page, 'currency_rates-0-currency').fill('NOK');
  await tid(page, 'currency_rates-0-effective').fill('2026-01-01');
  await tid(page, 'currency_rates-0-rate').fill('1');
  await tid(page, 'save').click();
  await tid(page, 'problem-summary').waitFor();
  const cell = await messageAtCell(page, 'currency_rates-0-currency');
  assert.match(cell.text, /base currency always has rate 1/);
  assert.ok(cell.visible && cell.below, 'the rate row shows its message under the cell');
  await links.filter({ hasText: 'Currency rates row 1 currency' }).first().click();
  assert.equal(await focused(page), 'currency_rates-0-currency');
  await context.close();
});

test('New means new: an unsaved record starts again from the defaults, with no old problems', async () => {
  const { context, page } = await freshPage(browser);
  await newClass(page, 'DOMESTIC');

  // A customer never saved: a bad email and its problem; New clears both.
  await openWindow(page, 'customers/new');
  await tid(page, 'customer-name').fill('Fjell Bygg AS');
  await tid(page, 'customer-email').fill('not an email');
  await tid(page, 'save').click();
  await tid(page, 'problem-summary').waitFor();
  page.once('dialog', (d) => d.accept());
  await tid(page, 'new').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="problem-summary"]'));
  assert.equal(await tid(page, 'customer-name').inputValue(), '');
  assert.equal(await tid(page, 'customer-email').inputValue(), '');
  // Real defaults: the country is a value (the company's, else NO), not a placeholder.
  assert.equal(await tid(page, 'address-country').inputValue(), 'NO');

  // "Stay" keeps what was typed.
  await tid(page, 'customer-name').fill('Havbris AS');
  page.once('dialog', (d) => d.dismiss());
  await tid(page, 'new').click();
  assert.equal(await tid(page, 'customer-name').inputValue(), 'Havbris AS');

  // An invoice never saved: the date typed does not carry over to the next one.
  page.once('dialog', (d) => d.accept());
  await openWindow(page, 'invoices/new');
  const today = await tid(page, 'invoice-date').inputValue();
  await tid(page, 'invoice-date').fill('2026-01-15');
  page.once('dialog', (d) => d.accept());
  await tid(page, 'new').click();
  await page.waitForFunction((want) => document.querySelector('[data-testid="invoice-date"]')?.value === want, today);
  await context.close();
});

test('notices sit in the top bar and cover no data', async () => {
  const { context, page } = await freshPage(browser);
  await page.setViewportSize({ width: 1366, height: 768 });
  await openWindow(page, 'settings');
  await tid(page, 'load-demo').click();
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60000 });
  await openWindow(page, 'invoices');
  const notice = tid(page, 'notice');
  if ((await notice.count()) > 0) {
    const [box, bar, main] = await Promise.all([notice.boundingBox(), tid(page, 'company-name').evaluate((e) => e.closest('header').getBoundingClientRect().toJSON()),
      page.locator('main').evaluate((e) => e.getBoundingClientRect().toJSON())]);
    assert.ok(box.y >= bar.top && box.y + box.height <= bar.bottom, 'the notice is inside the top bar');
    assert.ok(box.y + box.height <= main.top, 'the notice does not reach the window below');
  }
  // A fresh notice, seen while it shows: saving a customer.
  await openWindow(page, 'customers/10001');
  await tid(page, 'customer-name').fill('Renamed AS');
  await tid(page, 'save').click();
  await notice.filter({ hasText: 'Customer 10001 saved' }).waitFor();
  const box = await notice.boundingBox();
  const main = await page.locator('main').evaluate((e) => e.getBoundingClientRect().toJSON());
  assert.ok(box && box.y + box.height <= main.top, 'the save notice is above the window, not over its rows');
  await shot(page, 'e2e-notice-in-top-bar');
  await context.close();
});

test('VAT you can see: the rate beside each line category and the VAT per category in the totals', async () => {
  const { context, page } = await freshPage(browser);
  await newClass(page, 'DOMESTIC');
  await newCustomer(page, 'Fjell Bygg AS');
  await tid(page, 'new-invoice-for-customer').click();
  await tid(page, 'line-0-quantity').fill('2');
  await tid(page, 'line-0-unit_price').fill('500');
  await see(page, 'line-0-vat-rate', '25 %');
  await tid(page, 'add-line').click();
  await tid(page, 'line-1-quantity').fill('1');
  await tid(page, 'line-1-unit_price').fill('100');
  await tid(page, 'line-1-vat_category').selectOption('LOW');
  await see(page, 'line-1-vat-rate', '12 %');
  await see(page, 'invoice-vat', '262.00');
  const lines = await tid(page, 'invoice-vat-line').allInnerTexts();
  assert.deepEqual(lines.map((t) => t.replace(/\u00a0/g, ' ')), ['HIGH 25 %: 250.00', 'LOW 12 %: 12.00']);
  await shot(page, 'e2e-invoice-vat-per-category');
  await context.close();
});

test('overdue at a glance: days past due from the business date, in the window and the lists, and a filter', async () => {
  const { context, page } = await freshPage(browser);
  await page.setViewportSize({ width: 1366, height: 768 });
  await openWindow(page, 'settings');
  await tid(page, 'load-demo').click();
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60000 });
  const businessDate = (await tid(page, 'business-date').locator('strong').innerText()).trim();

  await openWindow(page, 'invoices');
  const count = async () => (await tid(page, 'invoices-count').innerText()).replace(/\u00a0/g, ' ');
  const all = await count();
  // The Overdue column is the last one: filter on it.
  const filters = page.locator('[data-testid^="invoices-filter-"]');
  await filters.last().selectOption('overdue');
  await page.waitForFunction((before) => document.querySelector('[data-testid="invoices-count"]').innerText !== before, all);
  const shown = await count();
  const [n, of] = shown.split(' of ');
  assert.ok(Number(n.replace(/[ ,]/g, '')) > 0 && n !== of, `some but not all invoices are overdue (${shown})`);
  const cells = await page.locator('[data-testid="invoices-row"] .td.overdue').allInnerTexts();
  assert.ok(cells.length > 0 && cells.every((t) => /^\d+ days?$/.test(t)), cells.join(' | '));

  // The document window says the same, counted from the business date.
  const first = page.locator('[data-testid="invoices-row"]').first();
  const listed = await first.locator('.td.overdue').innerText();
  await first.click();
  await tid(page, 'overdue').waitFor();
  const due = await tid(page, 'invoice-due-date').inputValue();
  const days = Math.round((Date.parse(businessDate) - Date.parse(due)) / 86400000);
  assert.equal(await tid(page, 'overdue').innerText(), days === 1 ? 'Overdue 1 day' : `Overdue ${days} days`);
  assert.equal(`Overdue ${listed}`, await tid(page, 'overdue').innerText());
  await shot(page, 'e2e-invoice-overdue');

  // Not overdue: the rest.
  await openWindow(page, 'invoices');
  await page.locator('[data-testid^="invoices-filter-"]').last().selectOption('not-overdue');
  const rest = page.locator('[data-testid="invoices-row"] .td.overdue');
  assert.ok((await rest.allInnerTexts()).every((t) => t === ''));
  await context.close();
});

test('a journal a bookkeeper can read: account names, the empty side blank, newest first, one export', async () => {
  const { context, page } = await freshPage(browser);
  await page.setViewportSize({ width: 1366, height: 768 });
  await openWindow(page, 'settings');
  await tid(page, 'load-demo').click();
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60000 });
  await openWindow(page, 'journal');
  const first = page.locator('[data-testid="journal-row"]').first();
  await first.waitFor();
  const cells = await first.locator('.td').allInnerTexts();
  // Entry, date, document, account, account name, debit, credit.
  assert.equal(cells.length, 7, cells.join(' | '));
  assert.ok(cells[4].length > 0, `the account ${cells[3]} has its name`);
  assert.ok((cells[5] === '') !== (cells[6] === ''), `one side of a line is blank: ${cells.join(' | ')}`);
  const names = await page.locator('[data-testid="journal-row"] .td:nth-child(5)').allInnerTexts();
  assert.ok(names.includes('Kundefordringer'), names.join(', '));

  // Newest first: sort the entry number descending (as a number, not as text).
  const entries = async () => (await page.locator('[data-testid="journal-row"] .td:nth-child(1)').allInnerTexts()).map(Number);
  await tid(page, 'journal-sort-0').click();
  await tid(page, 'journal-sort-0').click();
  const newest = await entries();
  assert.ok(newest[0] > 100 && newest.every((n, i) => i === 0 || newest[i - 1] >= n), `descending: ${newest.slice(0, 5)}`);

  // One Export CSV, and it writes the general-ledger file.
  assert.equal(await page.getByRole('button', { name: 'Export CSV' }).count(), 1);
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'journal-export').click()]);
  const csv = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
  assert.equal(csv.split('\n')[0], 'entry,date,document,account,debit,credit');
  await shot(page, 'e2e-journal-readable');
  await context.close();
});

test('the customer picker finds by name, is a combobox, and shows the name in full', async () => {
  const { context, page } = await freshPage(browser);
  await page.setViewportSize({ width: 1366, height: 768 });
  await newClass(page, 'DOMESTIC');
  const id = await newCustomer(page, 'Fjordløs Ærøskøbing AS');
  await newCustomer(page, 'Havbris Marine AS');

  await openWindow(page, 'invoices/new');
  const box = tid(page, 'invoice-customer');
  assert.equal(await box.getAttribute('role'), 'combobox');
  await box.pressSequentially('ærøskøbing');
  await tid(page, 'invoice-customer-option').first().waitFor();
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  assert.deepEqual(await tid(page, 'invoice-customer-option').allInnerTexts(), [`${id} Fjordløs Ærøskøbing AS`]);
  await page.keyboard.press('Enter');
  assert.equal(await box.inputValue(), id);
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
  await see(page, 'invoice-customer-name', 'Fjordløs Ærøskøbing AS');
  const cut = await tid(page, 'invoice-customer-name').evaluate((e) => e.scrollWidth > e.clientWidth + 1);
  assert.equal(cut, false, 'the name is shown in full');

  // Text that names one customer chooses it when the box is left; then Save takes it.
  page.once('dialog', (d) => d.accept());
  await openWindow(page, 'payments/new');
  await tid(page, 'payment-customer').pressSequentially('havbris marine');
  await page.keyboard.press('Tab');
  await see(page, 'payment-customer-name', 'Havbris Marine AS');
  await tid(page, 'payment-amount').fill('100');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Payment PAY000001');
  await shot(page, 'e2e-customer-picker');
  await context.close();
});

/** Texts shown cut in the window without their whole text on hover (`title`). */
async function cutWithoutTitle(page) {
  return page.evaluate(() => {
    const cut = [];
    for (const el of document.querySelectorAll('main .td, main input:not([type=checkbox]):not([type=file]):not([type=radio])')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.bottom < 0 || box.top > window.innerHeight) continue;
      const text = el.tagName === 'INPUT' ? el.value : el.innerText.trim();
      if (el.scrollWidth > el.clientWidth + 1 && (el.getAttribute('title') ?? '') !== text) cut.push(text);
    }
    return cut;
  });
}

/** Whether the element with `selector` shows its text whole. */
async function whole(page, selector) {
  return page.locator(selector).first().evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
}

test('nothing cut off at 1366×768: what must be shortened keeps its text on hover; names, dates and currencies fit', async () => {
  const { context, page } = await freshPage(browser);
  await page.setViewportSize({ width: 1366, height: 768 });
  await openWindow(page, 'settings');
  await tid(page, 'load-demo').click();
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60000 });
  for (const window of ['reference-tables', 'customers', 'invoices', 'payments', 'journal', 'customer-details?customer=10003']) {
    await openWindow(page, window);
    await page.locator('main .td, main table.lines input').first().waitFor();
    // Laid out: two frames after the first row is there.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    // Each window opens at its top, whatever the last one was scrolled to.
    assert.equal(await page.locator('main').evaluate((m) => m.scrollTop), 0, `${window} opens at its top`);
    assert.deepEqual(await cutWithoutTitle(page), [], `${window}: cut without its text on hover`);
  }
  await openWindow(page, 'reference-tables');
  for (let i = 0; i < 6; i++) assert.ok(await whole(page, `[data-testid="currencies-${i}-description"]`), `currency ${i} name is whole`);
  assert.ok(await whole(page, '[data-testid="currency_rates-0-effective"]'), 'a rate date is whole');
  await openWindow(page, 'invoices');
  const row = '[data-testid="invoices-row"]';
  await page.locator(row).first().waitFor();
  assert.ok(await whole(page, `${row} .td:nth-child(5)`), 'the invoice date is whole');
  assert.ok(await whole(page, `${row} .td:nth-child(6)`), 'the due date is whole');
  await context.close();
});
