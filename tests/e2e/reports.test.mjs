// The lists of R6.2: Unreleased documents and Open documents, with their totals,
// filters and CSV export.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, freshPage, tid, openWindow as open, see } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function invoice(page, price, { hold = false, release = false } = {}) {
  await open(page, 'invoices/new?customer=10001');
  await tid(page, 'line-0-unit_price').fill(price);
  await tid(page, 'line-0-vat_category').selectOption('EXEMPT');
  await tid(page, 'invoice-date').fill('2026-03-01');
  if (hold) await tid(page, 'invoice-hold').check();
  await tid(page, 'save').click();
  await tid(page, 'window-title').filter({ hasText: 'Invoice INV' }).waitFor();
  if (release) {
    await tid(page, 'release').click();
    await see(page, 'status', 'Open');
  }
}

test('unreleased and open documents list what they should, with totals and CSV', async () => {
  const { context, page } = await freshPage(browser);
  await open(page, 'classes/new');
  await tid(page, 'class-id').fill('DOM');
  await tid(page, 'class-description').fill('Domestic');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Customer class DOM');
  await open(page, 'customers/new');
  await tid(page, 'customer-name').fill('Nordlys Bygg AS');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Customer 10001');

  await invoice(page, '300', { release: true });
  await invoice(page, '120', { hold: true });
  await invoice(page, '80');

  await open(page, 'unreleased-documents');
  await see(page, 'unreleased-figure-count', '2');
  await see(page, 'unreleased-total', '200.00 NOK');
  await tid(page, 'unreleased-type').selectOption('Credit note');
  await see(page, 'unreleased-figure-count', '0');
  await tid(page, 'unreleased-empty').waitFor();
  await tid(page, 'unreleased-type').selectOption('');
  await see(page, 'unreleased-figure-count', '2');

  await open(page, 'open-documents');
  await see(page, 'open-figure-count', '1');
  await see(page, 'open-total', '300.00 NOK');
  // NET30 terms: due 2026-03-31. A due-date period in April leaves it out.
  await tid(page, 'open-period-of').selectOption('due');
  await tid(page, 'open-from').fill('2026-04-01');
  await see(page, 'open-figure-count', '0');
  await tid(page, 'open-from').fill('2026-03-31');
  await see(page, 'open-figure-count', '1');
  await tid(page, 'open-customer').fill('10002');
  await see(page, 'open-figure-count', '0');
  await tid(page, 'open-customer').fill('10001');
  await see(page, 'open-figure-count', '1');
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'export-open').click()]);
  const csv = await readFile(await download.path(), 'utf8');
  assert.equal(csv, 'type,reference,customer,customer name,date,due date,status,currency,total,balance,base balance\n'
    + 'Invoice,INV000001,10001,Nordlys Bygg AS,2026-03-01,2026-03-31,Open,NOK,300.00,300.00,300.00\n');
  await context.close();
});
