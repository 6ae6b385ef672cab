// The document flow as a bookkeeper does it: an invoice on hold, cleared, released;
// a partial payment; a credit note applied to the rest; the invoice closed. Then a
// payment applied after release, the application reversed, and the payment voided.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, freshPage, tid, shot, openWindow as open, see, newClass, newCustomer, pick } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function setUp(page) {
  await newClass(page, 'DOM', 'Domestic');
  assert.equal(await newCustomer(page, 'Nordlys Bygg AS'), '10001');
}

test('hold → balanced → release → partial payment → credit note → closed', async () => {
  const { context, page } = await freshPage(browser);
  await setUp(page);

  // An invoice of 800.00 (EXEMPT) saved on hold: it cannot be released.
  await open(page, 'invoices/new?customer=10001');
  await tid(page, 'line-0-unit_price').fill('800');
  await tid(page, 'line-0-vat_category').selectOption('EXEMPT');
  await tid(page, 'invoice-hold').check();
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Invoice INV000001');
  await see(page, 'status', 'On hold');
  assert.equal(await tid(page, 'release').isDisabled(), true);
  await open(page, 'customers/10001');
  await see(page, 'customer-unreleased-balance', '800.00 NOK');

  // Clear Hold and release (Release saves the change first).
  await open(page, 'invoices/INV000001');
  await tid(page, 'invoice-hold').uncheck();
  await tid(page, 'release').click();
  await see(page, 'status', 'Open');

  // A partial payment of 300.00.
  await open(page, 'payments/new?customer=10001');
  await tid(page, 'payment-amount').fill('300');
  await tid(page, 'apply-INV000001').fill('300');
  await tid(page, 'release').click();
  await see(page, 'window-title', 'Payment PAY000001');
  await see(page, 'status', 'Closed');
  await open(page, 'invoices/INV000001');
  await see(page, 'invoice-balance', '500.00');

  // A credit note of 500.00 applied to the rest.
  await open(page, 'invoices/new?type=credit-note&customer=10001');
  await see(page, 'window-title', 'New credit note');
  await tid(page, 'line-0-description').fill('Price reduction');
  await tid(page, 'line-0-unit_price').fill('500');
  await tid(page, 'line-0-vat_category').selectOption('EXEMPT');
  await tid(page, 'apply-INV000001').fill('500');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Credit note CN000001');
  await see(page, 'status', 'Balanced');
  await tid(page, 'release').click();
  await see(page, 'status', 'Closed');
  await shot(page, 'e2e-credit-note-released');

  await open(page, 'invoices/INV000001');
  await see(page, 'status', 'Closed');
  await see(page, 'invoice-balance', '0.00');
  await open(page, 'customers/10001');
  await see(page, 'customer-balance', '0.00 NOK');

  // The journal: three releases, three balanced entries; exported as CSV.
  await open(page, 'journal');
  // Six lines, and a total row under each of the three entries.
  await see(page, 'journal-count', '9 of 9');
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'journal-export').click()]);
  const csv = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
  // The lines are EXEMPT (VAT rate 0): non-taxable sales, account 3100.
  assert.equal(csv, [
    'entry,date,document,account,debit,credit',
    `1,${csv.split('\n')[1].split(',')[1]},Invoice INV000001,1500,800.00,0.00`,
    `1,${csv.split('\n')[1].split(',')[1]},Invoice INV000001,3100,0.00,800.00`,
    `2,${csv.split('\n')[1].split(',')[1]},Payment PAY000001,1920,300.00,0.00`,
    `2,${csv.split('\n')[1].split(',')[1]},Payment PAY000001,1500,0.00,300.00`,
    `3,${csv.split('\n')[1].split(',')[1]},Credit note CN000001,1500,0.00,500.00`,
    `3,${csv.split('\n')[1].split(',')[1]},Credit note CN000001,3100,500.00,0.00`,
    '',
  ].join('\n'));
  await open(page, 'customers/10001');

  // Customer details: nothing open any more; Show all lists the three documents.
  await tid(page, 'customer-details').click();
  await tid(page, 'details-empty').waitFor();
  await tid(page, 'details-show-all').check();
  await see(page, 'details-count', '3 of 3');
  await see(page, 'details-listed-total', '0.00 NOK');
  const types = await page.$$eval('[data-testid="details-row"] .td:first-child', (els) => els.map((e) => e.innerText).sort());
  assert.deepEqual(types, ['Credit note', 'Invoice', 'Payment']);
  await page.emulateMedia({ media: 'print' });
  await shot(page, 'e2e-customer-details-print');
  await page.emulateMedia({ media: 'screen' });

  // A cash sale carries no balance, but Show all lists it with its amount.
  await open(page, 'invoices/new?type=cash-sale&customer=10001');
  await tid(page, 'invoice-payment-ref').fill('KVITT-1');
  await tid(page, 'line-0-unit_price').fill('100');
  await tid(page, 'line-0-vat_category').selectOption('EXEMPT');
  await tid(page, 'release').click();
  await see(page, 'status', 'Closed');
  await open(page, 'customer-details?customer=10001');
  await tid(page, 'details-show-all').check();
  await see(page, 'details-count', '4 of 4');
  const cashSale = page.locator('[data-testid="details-row"]', { hasText: 'Cash sale' });
  assert.match((await cashSale.innerText()).replace(/\u00a0/g, ' '), /100\.00/);
  await context.close();
});

test('apply after release, reverse it, and void the payment', async () => {
  const { context, page } = await freshPage(browser);
  await setUp(page);
  await open(page, 'invoices/new?customer=10001');
  await tid(page, 'line-0-unit_price').fill('400');
  await tid(page, 'line-0-vat_category').selectOption('EXEMPT');
  await tid(page, 'release').click();
  await see(page, 'window-title', 'Invoice INV000001');
  await see(page, 'status', 'Open');

  // A payment released unapplied, then applied from its window.
  await open(page, 'payments/new?customer=10001');
  await tid(page, 'payment-amount').fill('1000');
  await tid(page, 'release').click();
  await see(page, 'window-title', 'Payment PAY000001');
  await see(page, 'status', 'Open');
  await open(page, 'customers/10001');
  await see(page, 'customer-balance', '-600.00 NOK');
  await open(page, 'payments/PAY000001');
  await tid(page, 'apply-INV000001').fill('400');
  await tid(page, 'apply-now').click();
  await see(page, 'applied-INV000001', '400.00');
  await see(page, 'payment-balance', '600.00');

  // Reverse the application: the invoice is open again.
  await tid(page, 'reverse-INV000001').click();
  await see(page, 'applied-INV000001', '0.00');
  await see(page, 'payment-balance', '1,000.00');
  await open(page, 'invoices/INV000001');
  await see(page, 'status', 'Open');

  // Apply again and void: everything goes back, the payment is Voided.
  await open(page, 'payments/PAY000001');
  await tid(page, 'apply-INV000001').fill('400');
  await tid(page, 'apply-now').click();
  await see(page, 'applied-INV000001', '400.00');
  page.once('dialog', (d) => d.accept());
  await tid(page, 'void').click();
  await see(page, 'status', 'Voided');
  await tid(page, 'voids-link').waitFor();
  await shot(page, 'e2e-payment-voided');
  await open(page, 'invoices/INV000001');
  await see(page, 'status', 'Open');
  await see(page, 'invoice-balance', '400.00');
  await open(page, 'customers/10001');
  await see(page, 'customer-balance', '400.00 NOK');
  await context.close();
});

test('cash discount: paid within the discount days, the invoice closes for less', async () => {
  const { context, page } = await freshPage(browser);
  await setUp(page);
  await tid(page, 'tab-financial').click();
  await pick(page, 'customer-terms', '2/10NET30');
  await tid(page, 'save').click();
  // Saved when the window no longer marks unsaved changes (a notice may still be the last one).
  await page.locator('[data-testid="dirty"].shown').waitFor({ state: 'detached' });
  await open(page, 'invoices/new?customer=10001');
  await tid(page, 'line-0-unit_price').fill('1000');
  await tid(page, 'line-0-vat_category').selectOption('EXEMPT');
  await tid(page, 'release').click();
  await see(page, 'status', 'Open');

  await open(page, 'payments/new?customer=10001');
  await tid(page, 'payment-amount').fill('980');
  await tid(page, 'apply-oldest-first').click();
  assert.equal(await tid(page, 'apply-INV000001').inputValue(), '980.00');
  assert.equal(await tid(page, 'discount-INV000001').inputValue(), '20.00');
  await tid(page, 'release').click();
  await see(page, 'status', 'Closed');
  await open(page, 'invoices/INV000001');
  await see(page, 'status', 'Closed');
  await open(page, 'customers/10001');
  await see(page, 'customer-balance', '0.00 NOK');
  await context.close();
});

test('credit verification: over the limit the invoice waits on credit hold with the reason', async () => {
  const { context, page } = await freshPage(browser);
  await setUp(page);
  await tid(page, 'tab-financial').click();
  await tid(page, 'customer-credit-rule').selectOption('Credit limit');
  await tid(page, 'customer-credit-limit').fill('1000');
  await tid(page, 'save').click();
  // Saved when the window no longer marks unsaved changes (a notice may still be the last one).
  await page.locator('[data-testid="dirty"].shown').waitFor({ state: 'detached' });
  await see(page, 'customer-remaining-credit', '1,000.00 NOK');

  await open(page, 'invoices/new?customer=10001');
  await tid(page, 'line-0-unit_price').fill('1200');
  await tid(page, 'line-0-vat_category').selectOption('EXEMPT');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Invoice INV000001');
  await see(page, 'status', 'Credit hold');
  assert.match(await tid(page, 'credit-hold-reason').innerText(), /credit limit 1,000\.00 NOK exceeded by 200\.00 NOK/);
  assert.equal(await tid(page, 'release').isDisabled(), true);
  await shot(page, 'e2e-credit-hold');

  // By choice, the customer goes on credit hold too (R4.14); the button goes away.
  await tid(page, 'hold-customer').click();
  await see(page, 'notice', 'Customer 10001 is on credit hold');
  await tid(page, 'hold-customer').waitFor({ state: 'detached' });

  // The credit controller lets the document go; while the customer itself is on
  // credit hold its invoices are not released (R3.1), so it is made Active first.
  await tid(page, 'remove-credit-hold').click();
  await see(page, 'status', 'Balanced');
  await open(page, 'customers/10001');
  assert.equal(await tid(page, 'customer-status').inputValue(), 'Credit hold');
  await tid(page, 'customer-status').selectOption('Active');
  await tid(page, 'save').click();
  await page.locator('[data-testid="dirty"].shown').waitFor({ state: 'detached' });
  await open(page, 'invoices/INV000001');
  await tid(page, 'release').click();
  await see(page, 'status', 'Open');
  await open(page, 'customers/10001');
  await see(page, 'customer-remaining-credit', '-200.00 NOK');
  await context.close();
});

test('Change ID renames the customer and its documents follow', async () => {
  const { context, page } = await freshPage(browser);
  await setUp(page);
  await open(page, 'invoices/new?customer=10001');
  await tid(page, 'line-0-unit_price').fill('100');
  await tid(page, 'release').click();
  await see(page, 'status', 'Open');
  await open(page, 'customers/10001');
  page.once('dialog', (d) => d.accept('nordlys'));
  await tid(page, 'change-id').click();
  await see(page, 'window-title', 'Customer NORDLYS');
  await see(page, 'customer-balance', '125.00 NOK');
  await tid(page, 'tab-documents').click();
  await tid(page, 'customer-documents-row').first().waitFor();
  await open(page, 'invoices/INV000001');
  await see(page, 'invoice-customer-name', 'Nordlys Bygg AS');
  assert.equal(await tid(page, 'invoice-customer').inputValue(), 'NORDLYS');
  await context.close();
});

test('mass release: one failing row is reported and the others are released', async () => {
  const { context, page } = await freshPage(browser);
  await setUp(page);
  // A second customer, whose invoice will fail: the customer is put On hold after it.
  await open(page, 'customers/new');
  await tid(page, 'customer-name').fill('Stengt Handel AS');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Customer 10002');
  for (const customer of ['10001', '10001', '10002']) {
    await open(page, `invoices/new?customer=${customer}`);
    await tid(page, 'line-0-unit_price').fill('100');
    await tid(page, 'save').click();
    await page.waitForURL(/#\/invoices\/invoice\/INV/);
    await page.locator('[data-testid="dirty"].shown').waitFor({ state: 'detached' });
  }
  await open(page, 'customers/10002');
  await tid(page, 'customer-status').selectOption('On hold');
  await tid(page, 'save').click();
  await page.locator('[data-testid="dirty"].shown').waitFor({ state: 'detached' });

  await open(page, 'release');
  await tid(page, 'release-row').first().waitFor();
  await tid(page, 'release-all').click();
  await see(page, 'release-summary', 'Released 2, failed 1.');
  const failed = page.locator('[data-testid="release-row"]', { hasText: '10002' });
  assert.match(await failed.innerText(), /✗ Customer 10002 is On hold: invoice INV000003 cannot be released/);
  assert.equal(await page.locator('[data-testid="release-row"]', { hasText: '✓ Released' }).count(), 2);
  await shot(page, 'e2e-mass-release-one-failing');
  // The failed invoice is untouched: still Balanced, and released later once allowed.
  await open(page, 'invoices/INV000003');
  await see(page, 'status', 'Balanced');
  await context.close();
});
