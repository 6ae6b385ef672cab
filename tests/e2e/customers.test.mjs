// Customer classes and customers (SPEC R2, R3, R10.1–10.2): a class's mailings reach
// its customers except the ones a customer overrode; the customer's tabs (contacts,
// locations, parent-child) with their problems shown beside the fields.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, freshPage, tid, shot, BASE_URL, newClass, newCustomer } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function open(page, hash) {
  await page.goto(`${BASE_URL}#/${hash}`);
  await tid(page, 'app-frame').waitFor({ timeout: 20000 });
}

async function see(page, id, expected) {
  await page.waitForFunction(([id, expected]) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return el && (el.value ?? el.textContent).replace(/\u00a0/g, ' ').includes(expected);
  }, [id, expected], { timeout: 10000 });
}

async function saved(page) {
  await tid(page, 'save').click();
  await page.locator('[data-testid="dirty"].shown').waitFor({ state: 'detached' });
}

test('a class mailing change reaches customers, except the mailing a customer overrode', async () => {
  const { context, page } = await freshPage(browser);
  await page.setViewportSize({ width: 1366, height: 900 });
  await newClass(page, 'MAIL');
  // A new class has every mailing of the preferences.
  await tid(page, 'tab-mailings').click();
  for (const [i, id] of ['INVOICE', 'STATEMENT', 'STATEMENTMC', 'DUNNINGLETTER'].entries()) {
    assert.equal(await tid(page, `class-mailings-id-${i}`).inputValue(), id);
  }
  const customer = await newCustomer(page, 'Mottaker AS');
  const other = await newCustomer(page, 'Annen Mottaker AS');

  // The first customer changes INVOICE to HTML: Overridden is set by itself.
  await open(page, `customers/${customer}`);
  await tid(page, 'tab-mailings').click();
  assert.equal(await tid(page, 'customer-mailings-overridden-0').isChecked(), false);
  await tid(page, 'customer-mailings-format-0').selectOption('HTML');
  assert.equal(await tid(page, 'customer-mailings-overridden-0').isChecked(), true, 'marked on edit');
  await saved(page);
  await page.reload();
  await tid(page, 'tab-mailings').click();
  assert.equal(await tid(page, 'customer-mailings-format-0').inputValue(), 'HTML');
  assert.equal(await tid(page, 'customer-mailings-overridden-0').isChecked(), true);

  // The class changes INVOICE and STATEMENT to Excel.
  await open(page, 'classes/MAIL');
  await tid(page, 'tab-mailings').click();
  await tid(page, 'class-mailings-format-0').selectOption('Excel');
  await tid(page, 'class-mailings-format-1').selectOption('Excel');
  await saved(page);
  await see(page, 'notice', 'Class MAIL saved');

  await open(page, `customers/${customer}`);
  await tid(page, 'tab-mailings').click();
  assert.equal(await tid(page, 'customer-mailings-format-0').inputValue(), 'HTML', 'the overridden mailing stays');
  assert.equal(await tid(page, 'customer-mailings-format-1').inputValue(), 'Excel', 'the followed mailing changes');
  assert.equal(await tid(page, 'customer-mailings-overridden-1').isChecked(), false);
  await shot(page, 'e2e-customer-mailings');
  await open(page, `customers/${other}`);
  await tid(page, 'tab-mailings').click();
  assert.equal(await tid(page, 'customer-mailings-format-0').inputValue(), 'Excel');

  // A recipient: a plain address, checked; then a good one is kept.
  await open(page, `customers/${customer}`);
  await tid(page, 'tab-mailings').click();
  await tid(page, 'customer-mailings-recipient-add').click();
  await tid(page, 'customer-mailings-recipient-type-1').selectOption('Email address');
  await tid(page, 'customer-mailings-recipient-email-1').fill('regnskap@');
  await tid(page, 'save').click();
  await page.locator('table.lines .field-error.shown', { hasText: 'is not an email address' }).waitFor();
  await tid(page, 'customer-mailings-recipient-email-1').fill('regnskap@mottaker.no');
  await tid(page, 'customer-mailings-recipient-role-1').selectOption('Bcc');
  await saved(page);
  await page.reload();
  await tid(page, 'tab-mailings').click();
  assert.equal(await tid(page, 'customer-mailings-recipient-email-1').inputValue(), 'regnskap@mottaker.no');
  assert.equal(await tid(page, 'customer-mailings-recipient-role-1').inputValue(), 'Bcc');
  await context.close();
});

test('contacts, locations and parent-child: problems beside the fields, nothing saved', async () => {
  const { context, page } = await freshPage(browser);
  await page.setViewportSize({ width: 1366, height: 900 });
  await newClass(page, 'DOM');
  const parent = await newCustomer(page, 'Mor AS');
  const child = await newCustomer(page, 'Datter AS');

  // Contacts: a bad email is refused beside it; the tab shows it has a problem.
  await tid(page, 'tab-contacts').click();
  await tid(page, 'contact-add').click();
  await tid(page, 'contact-name-0').fill('Kari Nordmann');
  await tid(page, 'contact-email-0').fill('kari@@datter');
  await tid(page, 'tab-general').click();
  await tid(page, 'save').click();
  await page.locator('[data-testid="tab-contacts"].has-problem.active').waitFor();
  await page.locator('table.lines .field-error.shown', { hasText: 'is not an email address' }).waitFor();
  await tid(page, 'contact-email-0').fill('kari@datter.no');
  await saved(page);
  await tid(page, 'tab-contacts').click();
  await see(page, 'contact-number-0', '1');

  // Locations: MAIN is there and the default; a second one with a bad GLN is refused.
  await tid(page, 'tab-locations').click();
  assert.equal(await tid(page, 'location-id-0').inputValue(), 'MAIN');
  assert.equal(await tid(page, 'location-default-0').isChecked(), true);
  await tid(page, 'location-add').click();
  await tid(page, 'location-id-1').fill('bergen');
  await tid(page, 'location-gln-1').fill('123');
  await tid(page, 'save').click();
  await page.locator('table.lines .field-error.shown', { hasText: 'A GLN has 13 digits' }).waitFor();
  await tid(page, 'location-gln-1').fill('7080000000017');
  await tid(page, 'location-default-1').check();
  await saved(page);
  await tid(page, 'tab-locations').click();
  assert.equal(await tid(page, 'location-id-1').inputValue(), 'BERGEN');
  assert.equal(await tid(page, 'location-default-1').isChecked(), true);
  assert.equal(await tid(page, 'location-default-0').isChecked(), false);

  // Parent-child: the child under the parent; then the parent under its child is a cycle.
  await tid(page, 'tab-parent').click();
  await tid(page, 'customer-parent').fill(parent);
  await tid(page, 'customer-consolidate-balance').check();
  await saved(page);
  await open(page, `customers/${parent}`);
  await see(page, 'customer-consolidated-balance', '0.00');
  await tid(page, 'tab-parent').click();
  await tid(page, 'customer-children-row').first().waitFor();
  await tid(page, 'customer-parent').fill(child);
  await tid(page, 'save').click();
  await see(page, 'error-parent.parent_id', 'cycle');
  await shot(page, 'e2e-customer-parent-cycle');
  page.once('dialog', (d) => d.accept());
  await open(page, 'customers');
  await tid(page, 'customers-row').first().waitFor();
  await open(page, `customers/${parent}`);
  await tid(page, 'tab-parent').click();
  assert.equal(await tid(page, 'customer-parent').inputValue(), '', 'nothing saved');

  // Status change shows in the activity list.
  await tid(page, 'customer-status').selectOption('On hold');
  await saved(page);
  await tid(page, 'tab-activities').click();
  await page.locator('[data-testid="customer-activity-row"]', { hasText: 'from Active to On hold' }).waitFor();
  await context.close();
});

test('update credit hold: a customer past its days lands on Credit hold, shown first', async () => {
  const { context, page } = await freshPage(browser);
  await page.setViewportSize({ width: 1366, height: 900 });
  await open(page, 'settings');
  await tid(page, 'load-demo').click();
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60000 });
  await open(page, 'credit-hold');
  await tid(page, 'credit-hold-empty').waitFor();
  await open(page, 'customers/10005');
  await tid(page, 'tab-financial').click();
  await tid(page, 'customer-credit-rule').selectOption('Days past due');
  await tid(page, 'customer-days-past-due').fill('30');
  await saved(page);
  await open(page, 'credit-hold');
  const row = page.locator('[data-testid="credit-hold-row"]', { hasText: '10005' });
  await row.waitFor();
  assert.match(await row.innerText(), /Credit hold[\s\S]*days past due \(allowed 30\)/);
  await shot(page, 'e2e-credit-hold');
  page.once('dialog', (d) => d.accept());
  await tid(page, 'update-credit-hold').click();
  await see(page, 'credit-hold-result', 'Changed the status of 1 customer(s).');
  await open(page, 'customers/10005');
  assert.equal(await tid(page, 'customer-status').inputValue(), 'Credit hold');
  await tid(page, 'tab-activities').click();
  await page.locator('[data-testid="customer-activity-row"]', { hasText: 'from Active to Credit hold' }).waitFor();
  await context.close();
});

test("GL accounts: the class's account is what a customer inherits; a bad one is refused", async () => {
  const { context, page } = await freshPage(browser);
  await page.setViewportSize({ width: 1366, height: 900 });
  await newClass(page, 'GL');
  await tid(page, 'tab-accounts').click();
  await tid(page, 'class-account-sales').fill('3010');
  await saved(page);
  const customer = await newCustomer(page, 'Konto AS');
  await tid(page, 'tab-accounts').click();
  assert.equal(await tid(page, 'customer-account-sales').getAttribute('placeholder'), '3010', 'inherited from the class');
  assert.equal(await tid(page, 'customer-account-sales-non-taxable').getAttribute('placeholder'), '3100', "the company's non-taxable sales account");
  await tid(page, 'customer-account-receivable').fill('15-10');
  await tid(page, 'save').click();
  await see(page, 'error-accounts.receivable', 'Use letters and digits only');
  await tid(page, 'customer-account-receivable').fill('1510');
  await saved(page);
  await page.reload();
  await tid(page, 'tab-accounts').click();
  assert.equal(await tid(page, 'customer-account-receivable').inputValue(), '1510');
  assert.ok(customer);
  await context.close();
});

test('currency and rate override: a customer that allows them gets a EUR invoice at a typed rate', async () => {
  const { context, page } = await freshPage(browser);
  await page.setViewportSize({ width: 1366, height: 900 });
  await open(page, 'settings');
  await tid(page, 'load-demo').click();
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60000 });
  await open(page, 'customers/10007');
  await tid(page, 'tab-financial').click();
  await tid(page, 'customer-currency-override').check();
  await tid(page, 'customer-rate-override').check();
  await saved(page);
  await open(page, 'invoices/new?customer=10007');
  await tid(page, 'invoice-currency-choice').selectOption('EUR');
  assert.match(await tid(page, 'invoice-rate').getAttribute('placeholder'), /\(SPOT\)/);
  await tid(page, 'invoice-rate').fill('12');
  await tid(page, 'line-0-unit_price').fill('100');
  await tid(page, 'line-0-vat_category').selectOption('EXEMPT');
  await tid(page, 'save').click();
  await page.waitForURL(/#\/invoices\/invoice\/INV/);
  await page.locator('[data-testid="dirty"].shown').waitFor({ state: 'detached' });
  await page.reload();
  await see(page, 'invoice-currency', 'EUR');
  assert.equal(await tid(page, 'invoice-rate').inputValue(), '12');
  await shot(page, 'e2e-invoice-typed-rate');
  await context.close();
});
