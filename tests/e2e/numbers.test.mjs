// Numbers typed and shown one way (issue "a bookkeeper's first hour", point 1): the
// number format follows the browser's language until Preferences choose one; every
// window, message and printout uses it; the other convention is refused at its field
// with how to type it; a field left shows the value as understood; CSV stays plain.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, tid, shot, openWindow, see, newClass, newCustomer, BASE_URL } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A page in a fresh profile whose browser speaks `locale`. */
async function pageIn(locale) {
  const context = await browser.newContext({ acceptDownloads: true, locale });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.setViewportSize({ width: 1366, height: 768 });
  return { context, page };
}

/** The value of an input, no-break spaces made plain. */
async function valueOf(page, id) {
  return (await tid(page, id).inputValue()).replace(/[\u00a0\u202f]/g, ' ');
}

/** The message under the input `id` in its table cell. */
async function cellMessage(page, id) {
  return page.evaluate((testid) => document.querySelector(`[data-testid="${testid}"]`)?.closest('td')?.querySelector('.field-error')?.innerText.trim() ?? '', id);
}

test('a Norwegian browser types and reads 1 234,50 everywhere; 1.234 is refused at its cell', async () => {
  const { context, page } = await pageIn('nb-NO');
  await page.goto(`${BASE_URL}#/settings`);
  await tid(page, 'app-frame').waitFor({ timeout: 20000 });
  await newClass(page, 'DOMESTIC');
  await newCustomer(page, 'Fjordløs Ærøskøbing AS');

  await tid(page, 'new-invoice-for-customer').click();
  await tid(page, 'line-0-description').fill('Consulting');
  await tid(page, 'line-0-quantity').fill('2');
  // The other convention's decimal point: refused with how to type it, at the cell.
  await tid(page, 'line-0-unit_price').fill('1.234');
  await tid(page, 'line-0-unit_price').press('Tab');
  assert.equal(await valueOf(page, 'line-0-unit_price'), '1.234', 'left as typed: it was not understood');
  await tid(page, 'save').click();
  await tid(page, 'problem-summary').waitFor();
  assert.match(await cellMessage(page, 'line-0-unit_price'), /Decimals follow a comma here: type 1,234 for decimals, or 1 234 for thousands/);
  await see(page, 'window-title', 'New invoice');

  // Typed without groups, shown as understood once the field is left.
  await tid(page, 'line-0-unit_price').fill('1234,5');
  await tid(page, 'line-0-unit_price').press('Tab');
  assert.equal(await valueOf(page, 'line-0-unit_price'), '1 234,5');
  // Totals, VAT per category and the line amount in the same format.
  await see(page, 'invoice-total', '3 086,25');
  await see(page, 'invoice-vat-line', 'HIGH 25 %: 617,25');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Invoice INV000001');
  await see(page, 'invoice-total', '3 086,25');
  assert.equal(await valueOf(page, 'line-0-unit_price'), '1 234,5');
  await shot(page, 'e2e-numbers-nb-invoice');

  // The list shows it in nb-NO too; its CSV stays plain.
  await openWindow(page, 'invoices');
  await page.locator('[data-testid="invoices-row"]').first().waitFor();
  const row = await page.locator('[data-testid="invoices-row"]').first().innerText();
  assert.match(row.replace(/\u00a0/g, ' '), /3 086,25/);
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'invoices-export').click()]);
  const csv = await readFile(await download.path(), 'utf8');
  assert.match(csv, /3086\.25/);
  assert.doesNotMatch(csv, /3 086|3086,25/);
  await context.close();
});

test('the preference overrides the browser: en types 1,234.50, refuses 12,50, and messages follow', async () => {
  const { context, page } = await pageIn('nb-NO');
  await page.goto(`${BASE_URL}#/settings`);
  await tid(page, 'app-frame').waitFor({ timeout: 20000 });
  // Browser's language is the default choice, and says what it means.
  assert.equal(await tid(page, 'settings-number-format').inputValue(), '');
  assert.match(await tid(page, 'settings-number-format').locator('option').first().innerText(), /Browser's language \(1 234,50\)/);
  await tid(page, 'settings-number-format').selectOption('en');
  await tid(page, 'settings-validate-totals').check();
  await tid(page, 'save').click();
  await page.locator('[data-testid="notice"]', { hasText: 'saved' }).waitFor();
  assert.equal(await tid(page, 'problem-summary').count(), 0);
  await newClass(page, 'DOMESTIC');
  await newCustomer(page, 'Havbris AS');

  await tid(page, 'new-invoice-for-customer').click();
  await tid(page, 'line-0-quantity').fill('1');
  await tid(page, 'line-0-unit_price').fill('12,50');
  await tid(page, 'save').click();
  await tid(page, 'problem-summary').waitFor();
  assert.match(await cellMessage(page, 'line-0-unit_price'), /A comma separates thousands here: for decimals type 12\.50/);
  // Groups of three are thousands: 1,234 is one thousand two hundred and thirty-four.
  await tid(page, 'line-0-unit_price').fill('1234');
  await tid(page, 'line-0-unit_price').press('Tab');
  assert.equal(await valueOf(page, 'line-0-unit_price'), '1,234');
  await see(page, 'invoice-total', '1,542.50');
  // A message with an amount speaks the same format (totals validated on entry).
  await tid(page, 'invoice-control-total').fill('1500');
  await tid(page, 'invoice-control-total').press('Tab');
  assert.equal(await valueOf(page, 'invoice-control-total'), '1,500');
  await tid(page, 'save').click();
  await tid(page, 'problem-summary').filter({ hasText: 'differs' }).waitFor();
  assert.match(await tid(page, 'problem-summary').innerText(), /typed total 1,500\.00 differs from the lines' total 1,542\.50/);
  await shot(page, 'e2e-numbers-en-message');
  await context.close();
});
