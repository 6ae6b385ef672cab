// Preferences and reference tables: a currency rate and a VAT rate change are saved and
// used by an invoice of a later date; bad table input is refused at its cell.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, freshPage, tid, shot, BASE_URL } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('reference tables: bad input at the cell, then a dated VAT rate used by an invoice', async () => {
  const { context, page } = await freshPage(browser);
  await page.goto(`${BASE_URL}#/reference-tables`);
  await tid(page, 'app-frame').waitFor({ timeout: 20000 });

  // A rate for the base currency and a malformed date are refused; nothing is saved.
  await tid(page, 'add-currency_rates').click();
  await tid(page, 'currency_rates-0-currency').fill('NOK');
  await tid(page, 'currency_rates-0-effective').fill('2026-02-30');
  await tid(page, 'currency_rates-0-rate').fill('1');
  await tid(page, 'save').click();
  await tid(page, 'problem-summary').waitFor();
  const summary = await tid(page, 'problem-summary').innerText();
  assert.match(summary, /Currency rates row 1 currency: The base currency always has rate 1/);
  assert.match(summary, /Currency rates row 1 effective: "2026-02-30" is not a date/);

  // Fix it: EUR at 11.50 from 2026-01-01; HIGH VAT 24 % from 2026-07-01.
  await tid(page, 'currency_rates-0-currency').fill('EUR');
  await tid(page, 'currency_rates-0-effective').fill('2026-01-01');
  await tid(page, 'currency_rates-0-rate').fill('11.50');
  const vatRows = await page.locator('[data-testid^="vat_rates-"][data-testid$="-category"]').count();
  await tid(page, 'add-vat_rates').click();
  await tid(page, `vat_rates-${vatRows}-category`).fill('HIGH');
  await tid(page, `vat_rates-${vatRows}-effective`).fill('2026-07-01');
  await tid(page, `vat_rates-${vatRows}-rate_pct`).fill('24');
  await tid(page, 'save').click();
  await page.locator('[data-testid="notice"]', { hasText: 'Reference tables saved' }).waitFor();
  assert.equal(await tid(page, 'problem-summary').count(), 0);
  await shot(page, 'e2e-reference-tables');

  // Reload: the rows are stored.
  await page.reload();
  await tid(page, 'currency_rates-0-rate').waitFor();
  assert.equal(await tid(page, 'currency_rates-0-rate').inputValue(), '11.50');

  // An invoice dated after the change takes 24 %, one before it 25 %.
  await page.goto(`${BASE_URL}#/classes/new`);
  await tid(page, 'class-id').fill('DOM');
  await tid(page, 'class-description').fill('Domestic');
  await tid(page, 'save').click();
  await tid(page, 'window-title').filter({ hasText: 'Customer class DOM' }).waitFor();
  await page.goto(`${BASE_URL}#/customers/new`);
  await tid(page, 'customer-name').fill('Havbris Marine AS');
  await tid(page, 'save').click();
  await tid(page, 'window-title').filter({ hasText: 'Customer 10001' }).waitFor();
  await page.goto(`${BASE_URL}#/invoices/new?customer=10001`);
  await tid(page, 'line-0-unit_price').fill('100');
  await tid(page, 'invoice-date').fill('2026-07-01');
  await tid(page, 'invoice-vat').filter({ hasText: '24.00' }).waitFor();
  await tid(page, 'invoice-date').fill('2026-06-30');
  await tid(page, 'invoice-vat').filter({ hasText: '25.00' }).waitFor();
  await context.close();
});

test('validated totals: an invoice is refused until the typed total agrees', async () => {
  const { context, page } = await freshPage(browser);
  await page.goto(`${BASE_URL}#/settings`);
  await tid(page, 'app-frame').waitFor({ timeout: 20000 });
  await tid(page, 'settings-validate-totals').check();
  await tid(page, 'save').click();
  await page.locator('[data-testid="notice"]', { hasText: 'Preferences saved' }).waitFor();
  await page.goto(`${BASE_URL}#/classes/new`);
  await tid(page, 'class-id').fill('DOM');
  await tid(page, 'class-description').fill('Domestic');
  await tid(page, 'save').click();
  await tid(page, 'window-title').filter({ hasText: 'Customer class DOM' }).waitFor();
  await page.goto(`${BASE_URL}#/customers/new`);
  await tid(page, 'customer-name').fill('Solberg Data AS');
  await tid(page, 'save').click();
  await tid(page, 'window-title').filter({ hasText: 'Customer 10001' }).waitFor();

  await page.goto(`${BASE_URL}#/invoices/new?customer=10001`);
  await tid(page, 'line-0-unit_price').fill('200');
  await tid(page, 'save').click();
  await tid(page, 'error-control_total').filter({ hasText: 'Type the document total (250.00)' }).waitFor();
  assert.equal(await tid(page, 'window-title').innerText(), 'New invoice');
  await tid(page, 'invoice-control-total').fill('250');
  await tid(page, 'save').click();
  await tid(page, 'window-title').filter({ hasText: 'Invoice INV000001' }).waitFor();
  await tid(page, 'status').filter({ hasText: 'Balanced' }).waitFor();
  await context.close();
});

test('preferences saved right after loading the demo company keep the demo settings', async () => {
  const { context, page } = await freshPage(browser);
  await page.goto(`${BASE_URL}#/settings`);
  await tid(page, 'app-frame').waitFor({ timeout: 20000 });
  await tid(page, 'load-demo').click();
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60000 });
  // The form shows the demo company's settings, not the empty ledger's.
  assert.equal(await tid(page, 'settings-company-name').inputValue(), 'Nordlys Demo AS');
  await tid(page, 'save').click();
  await page.locator('[data-testid="notice"]', { hasText: 'Preferences saved' }).waitFor();
  assert.equal(await tid(page, 'problem-summary').count(), 0);
  await context.close();
});
