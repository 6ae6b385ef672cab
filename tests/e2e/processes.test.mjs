// The processes with a preview: Calculate overdue charges on the demo company, and
// Write off balances and credits on a small balance.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, freshPage, tid, shot, openWindow as open, see, newCustomer } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('overdue charges: preview, post, and nothing is charged twice', async () => {
  const { context, page } = await freshPage(browser);
  await open(page, 'settings');
  await tid(page, 'load-demo').click();
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60000 });
  await open(page, 'overdue-charges');
  await tid(page, 'overdue-row').first().waitFor();
  const summary = await tid(page, 'overdue-summary').innerText();
  const n = Number(summary.split(' ')[0]);
  assert.ok(n > 0, summary);
  await shot(page, 'e2e-overdue-preview');
  page.once('dialog', (d) => d.accept());
  await tid(page, 'calculate-overdue').click();
  await tid(page, 'overdue-result').filter({ hasText: 'Posted' }).waitFor();
  await see(page, 'overdue-summary', '0 charge(s) to post');
  await tid(page, 'overdue-empty').waitFor();
  // The charges are documents of their own, open, in the payments list.
  await open(page, 'payments');
  await tid(page, 'payments-filter-0').selectOption('Overdue charge');
  assert.ok((await tid(page, 'payments-row').count()) > 0);
  await context.close();
});

test('overdue charges: the invoice check box charges an invoice of a customer without the flag', async () => {
  const { context, page } = await freshPage(browser);
  await open(page, 'classes/new');
  await tid(page, 'class-id').fill('LATE');
  await tid(page, 'class-description').fill('Charged when late');
  await tid(page, 'tab-credit').click();
  await tid(page, 'class-overdue-rate').fill('18.25');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Customer class LATE');
  assert.equal(await newCustomer(page, 'Sein Betaler AS'), '10001');
  const invoice = async (tick) => {
    await open(page, 'invoices/new?customer=10001');
    assert.equal(await tid(page, 'invoice-overdue-charges').isChecked(), false, 'the customer has no flag');
    if (tick) await tid(page, 'invoice-overdue-charges').check();
    await tid(page, 'invoice-date').fill('2026-01-05');
    await tid(page, 'line-0-unit_price').fill('10000');
    await tid(page, 'line-0-vat_category').selectOption('EXEMPT');
    await tid(page, 'release').click();
    await see(page, 'status', 'Open');
    assert.equal(await tid(page, 'invoice-overdue-charges').isChecked(), tick, 'kept as saved');
  };
  await invoice(true);
  await invoice(false);
  await open(page, 'overdue-charges');
  await tid(page, 'overdue-date').fill('2026-03-06');
  await see(page, 'overdue-summary', '1 charge(s) to post');
  assert.match(await tid(page, 'overdue-row').first().innerText(), /INV000001/);
  await context.close();
});

test('write-offs: a small balance under the limit is written off', async () => {
  const { context, page } = await freshPage(browser);
  await open(page, 'classes/new');
  await tid(page, 'class-id').fill('SMALL');
  await tid(page, 'class-description').fill('Small businesses');
  await tid(page, 'tab-credit').click();
  await tid(page, 'class-write-offs').check();
  await tid(page, 'class-write-off-limit').fill('50');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Customer class SMALL');
  await open(page, 'customers/new');
  await tid(page, 'customer-name').fill('Skogli Rør AS');
  await tid(page, 'tab-financial').click();
  assert.equal(await tid(page, 'customer-write-offs').isChecked(), true, 'copied from the class');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Customer 10001');
  await open(page, 'invoices/new?customer=10001');
  await tid(page, 'line-0-unit_price').fill('30');
  await tid(page, 'line-0-vat_category').selectOption('EXEMPT');
  await tid(page, 'release').click();
  await see(page, 'status', 'Open');

  await open(page, 'write-offs');
  await see(page, 'write-off-summary', '1 document(s) to write off');
  await tid(page, 'write-off-limit').fill('20');
  await see(page, 'write-off-summary', '0 document(s) to write off');
  await tid(page, 'write-off-limit').fill('');
  page.once('dialog', (d) => d.accept());
  await tid(page, 'write-off').click();
  await tid(page, 'write-off-result').filter({ hasText: 'Wrote off 1' }).waitFor();
  await open(page, 'invoices/INV000001');
  await see(page, 'status', 'Closed');
  await open(page, 'customers/10001');
  await see(page, 'customer-balance', '0.00 NOK');
  await context.close();
});
