// The remaining reference tables (R1.6): a statement cycle with its own ageing periods
// and a generated financial year are saved and survive a reload; a bad email account
// is refused beside its field with nothing saved. Company preferences (R1.1, R1.4).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, freshPage, tid, openWindow } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function saved(page, text) {
  await page.locator('[data-testid="notice"]', { hasText: text }).waitFor();
  assert.equal(await tid(page, 'problem-summary').count(), 0);
}

test('statement cycle with custom ageing periods and a financial year persist', async () => {
  const { context, page } = await freshPage(browser);
  await openWindow(page, 'reference-tables');

  // The default cycle MONTHLY is there; add a mid-month one with 15/45 days.
  assert.equal(await tid(page, 'statement_cycles-0-id').inputValue(), 'MONTHLY');
  await tid(page, 'add-statement_cycles').click();
  await tid(page, 'statement_cycles-1-id').fill('MID');
  await tid(page, 'statement_cycles-1-description').fill('Mid-month');
  await tid(page, 'statement_cycles-1-prepare_day').selectOption('15');
  await tid(page, 'statement_cycles-1-ageing_days').fill('15, 45');
  await tid(page, 'ageing-preview-1').filter({ hasText: 'Current · 1-15 · 16-45 · Over 45' }).waitFor();

  // Years out of range are refused at the year field; 2026 gives 12 periods.
  await tid(page, 'period-year').fill('3000');
  await tid(page, 'generate-periods').click();
  await tid(page, 'error-period-year').filter({ hasText: 'Enter a year from 1900 to 2999' }).waitFor();
  await tid(page, 'period-year').fill('2028');
  await tid(page, 'generate-periods').click();
  await tid(page, 'period-11').waitFor();
  assert.equal(await tid(page, 'period-1').innerText(), '02-2028\t2028-02-01\t2028-02-29');
  await tid(page, 'period-year').fill('2028');
  await tid(page, 'generate-periods').click();
  await tid(page, 'error-period-year').filter({ hasText: 'The periods of 2028 already exist' }).waitFor();

  await tid(page, 'save').click();
  await saved(page, 'Reference tables saved');

  await page.reload();
  await tid(page, 'statement_cycles-1-id').waitFor({ timeout: 20000 });
  assert.equal(await tid(page, 'statement_cycles-1-id').inputValue(), 'MID');
  assert.equal(await tid(page, 'statement_cycles-1-prepare_day').inputValue(), '15');
  assert.equal(await tid(page, 'statement_cycles-1-ageing_days').inputValue(), '15, 45');
  assert.equal(await page.locator('tr[data-testid^="period-"]').count(), 12);
  assert.equal(await tid(page, 'period-0').innerText(), '01-2028\t2028-01-01\t2028-01-31');
  await context.close();
});

test('a bad email account is refused beside its field and nothing is saved', async () => {
  const { context, page } = await freshPage(browser);
  await openWindow(page, 'reference-tables');
  await tid(page, 'add-email_accounts').click();
  await tid(page, 'email_accounts-0-id').fill('AR');
  await tid(page, 'email_accounts-0-sender_name').fill('Accounts receivable');
  await tid(page, 'email_accounts-0-sender_address').fill('ar@example');
  await tid(page, 'email_accounts-0-is_default').check();
  await tid(page, 'save').click();
  await tid(page, 'problem-summary').waitFor();
  assert.match(await tid(page, 'problem-summary').innerText(), /Email accounts row 1 sender address: Not a valid email address/);
  // The message sits under the cell, which is outlined.
  const cell = page.locator('td', { has: tid(page, 'email_accounts-0-sender_address') });
  assert.match(await cell.locator('.field-error').innerText(), /Not a valid email address/);
  assert.equal(await tid(page, 'email_accounts-0-sender_address').evaluate((el) => el.classList.contains('invalid')), true);

  // Nothing was stored: after a reload the table is empty again.
  await page.reload();
  await tid(page, 'add-email_accounts').waitFor({ timeout: 20000 });
  assert.equal(await tid(page, 'email_accounts-0-id').count(), 0);

  // Fixed, it saves.
  await tid(page, 'add-email_accounts').click();
  await tid(page, 'email_accounts-0-id').fill('AR');
  await tid(page, 'email_accounts-0-sender_name').fill('Accounts receivable');
  await tid(page, 'email_accounts-0-sender_address').fill('ar@example.no');
  await tid(page, 'email_accounts-0-is_default').check();
  await tid(page, 'save').click();
  await saved(page, 'Reference tables saved');
  await context.close();
});

// A 1×1 PNG.
const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

test('company address, VAT number, logo and age credits are saved and printed', async () => {
  const { context, page } = await freshPage(browser);
  await openWindow(page, 'settings');
  await tid(page, 'settings-address-line1').fill('Storgata 1');
  await tid(page, 'settings-address-postcode').fill('01500');
  await tid(page, 'settings-address-city').fill('Oslo');
  await tid(page, 'settings-address-country').fill('NO');
  await tid(page, 'settings-vat-number').fill('NO 987654321 MVA');
  await tid(page, 'settings-age-credits').check();
  // A text file pretending to be an image is refused at the logo field.
  await tid(page, 'settings-logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('not an image') });
  await tid(page, 'error-logo').filter({ hasText: 'The file is not a PNG image' }).waitFor();
  await tid(page, 'settings-logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: TINY_PNG });
  await tid(page, 'logo-preview').waitFor();
  assert.equal(await tid(page, 'error-logo').innerText(), '');

  await tid(page, 'save').click();
  await tid(page, 'error-company_address.postcode').filter({ hasText: 'Not a valid Norwegian postcode' }).waitFor();
  await tid(page, 'settings-address-postcode').fill('0150');
  await tid(page, 'save').click();
  await saved(page, 'Preferences saved');

  await page.reload();
  await tid(page, 'settings-address-line1').waitFor({ timeout: 20000 });
  assert.equal(await tid(page, 'settings-address-line1').inputValue(), 'Storgata 1');
  assert.equal(await tid(page, 'settings-vat-number').inputValue(), 'NO 987654321 MVA');
  assert.equal(await tid(page, 'settings-age-credits').isChecked(), true);
  assert.match(await tid(page, 'logo-preview').getAttribute('src'), /^data:image\/png;base64,/);

  // The printed customer details carry the company header.
  await openWindow(page, 'classes/new');
  await tid(page, 'class-id').fill('DOM');
  await tid(page, 'class-description').fill('Domestic');
  await tid(page, 'save').click();
  await tid(page, 'window-title').filter({ hasText: 'Customer class DOM' }).waitFor();
  await openWindow(page, 'customers/new');
  await tid(page, 'customer-name').fill('Havbris Marine AS');
  await tid(page, 'save').click();
  await tid(page, 'window-title').filter({ hasText: 'Customer 10001' }).waitFor();
  await page.emulateMedia({ media: 'print' });
  await openWindow(page, 'customer-details?customer=10001');
  await tid(page, 'print-header').waitFor({ state: 'visible' });
  assert.equal(await tid(page, 'print-company-address').innerText(), 'Storgata 1, 0150 Oslo, NO');

  // Remove the logo and save: it is gone.
  await page.emulateMedia({ media: 'screen' });
  await openWindow(page, 'settings');
  await tid(page, 'remove-logo').click();
  await tid(page, 'save').click();
  await saved(page, 'Preferences saved');
  await page.reload();
  await tid(page, 'settings-address-line1').waitFor({ timeout: 20000 });
  assert.equal(await tid(page, 'logo-preview').count(), 0);
  await context.close();
});
