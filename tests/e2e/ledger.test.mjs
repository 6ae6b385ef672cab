// The first end-to-end slice, driven as a person would: a class, a customer, an
// invoice released, a payment applied and released, the balance seen; the same
// after a reload; and the same after export → import into a fresh profile.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, freshPage, tid, shot, BASE_URL, openWindow as open, see, newClass } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Text of an element with non-breaking spaces made plain. */
async function text(page, id) {
  return (await tid(page, id).innerText()).replace(/\u00a0/g, ' ').trim();
}

test('customer, invoice, payment, balance; reload; export and import', async () => {
  const { context, page } = await freshPage(browser);
  await open(page, 'customers');
  await tid(page, 'customers-empty').waitFor();

  // A class first: every customer needs one.
  await open(page, 'classes/new');
  await tid(page, 'class-id').fill('domestic');
  await tid(page, 'class-description').fill('Domestic customers');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Customer class DOMESTIC');

  // Bad input is refused at the fields and nothing is saved.
  await open(page, 'customers/new');
  await tid(page, 'customer-email').fill('not an email');
  await tid(page, 'save').click();
  await see(page, 'error-name', 'Required');
  assert.match(await text(page, 'error-email'), /is not an email address/);
  await tid(page, 'problem-summary').waitFor();
  // Leaving the window with what was typed asks first; "Stay" keeps it.
  page.once('dialog', (d) => d.dismiss());
  await page.evaluate(() => { location.hash = '#/customers'; });
  await see(page, 'window-title', 'New customer');
  assert.equal(await tid(page, 'customer-email').inputValue(), 'not an email');
  page.once('dialog', (d) => d.accept());
  await open(page, 'customers');
  await tid(page, 'customers-empty').waitFor();

  // The customer, numbered from the series.
  await open(page, 'customers/new');
  await tid(page, 'customer-name').fill('Fjell Bygg AS');
  await tid(page, 'customer-email').fill('post@fjellbygg.no');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Customer 10001');
  assert.ok(page.url().endsWith('#/customers/10001'));

  // An invoice of 2 × 500 + 25 % VAT = 1 250.00, released.
  await tid(page, 'new-invoice-for-customer').click();
  await see(page, 'invoice-customer-name', 'Fjell Bygg AS');
  await tid(page, 'line-0-description').fill('Consulting hours');
  await tid(page, 'line-0-quantity').fill('2');
  await tid(page, 'line-0-unit_price').fill('500');
  await see(page, 'invoice-total', '1,250.00');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Invoice INV000001');
  await see(page, 'status', 'Balanced');
  await tid(page, 'release').click();
  await see(page, 'status', 'Open');
  await shot(page, 'e2e-invoice-released');

  await open(page, 'customers/10001');
  await see(page, 'customer-balance', '1,250.00 NOK');

  // A payment of 1 000.00 applied to the invoice and released.
  await tid(page, 'new-payment-for-customer').click();
  await tid(page, 'payment-amount').fill('1000');
  await tid(page, 'apply-INV000001').fill('1000');
  await tid(page, 'payment-ref').fill('KID 123');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Payment PAY000001');
  await tid(page, 'release').click();
  await see(page, 'status', 'Closed');
  await shot(page, 'e2e-payment-released');

  await open(page, 'invoices/INV000001');
  await see(page, 'invoice-balance', '250.00');
  await see(page, 'status', 'Open');
  await open(page, 'customers/10001');
  await see(page, 'customer-balance', '250.00 NOK');
  await see(page, 'customer-unreleased-balance', '0.00 NOK');

  // Everything is still there after a reload.
  await page.reload();
  await tid(page, 'app-frame').waitFor({ timeout: 20000 });
  await see(page, 'customer-balance', '250.00 NOK');
  await shot(page, 'e2e-customer-after-reload');

  // Export a backup…
  await open(page, 'settings');
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'export-backup').click()]);
  // The download lives only as long as its context: keep a copy.
  const backupPath = join(await mkdtemp(join(tmpdir(), 'reskontra-e2e-')), download.suggestedFilename());
  await download.saveAs(backupPath);
  assert.match(download.suggestedFilename(), /^reskontra-backup-\d{4}-\d{2}-\d{2}\.json$/);
  await context.close();

  // …and import it into a fresh profile.
  const fresh = await freshPage(browser);
  await open(fresh.page, 'settings');
  await tid(fresh.page, 'import-backup').setInputFiles(backupPath);
  await tid(fresh.page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 20000 });
  await open(fresh.page, 'customers/10001');
  await see(fresh.page, 'customer-balance', '250.00 NOK');
  await open(fresh.page, 'invoices/INV000001');
  await see(fresh.page, 'status', 'Open');
  await see(fresh.page, 'invoice-balance', '250.00');
  await open(fresh.page, 'payments/PAY000001');
  await see(fresh.page, 'status', 'Closed');
  await fresh.context.close();
});

test('a broken backup is refused with a reason and changes nothing', async () => {
  const { context, page } = await freshPage(browser);
  await open(page, 'settings');
  await tid(page, 'import-backup').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "reskontra-backup", "version": 99}') });
  await tid(page, 'backup-status').filter({ hasText: 'newer Reskontra' }).waitFor({ timeout: 10000 });
  await open(page, 'customers');
  await tid(page, 'customers-empty').waitFor();
  await context.close();
});

/** Puts a value that is not MessagePack where the first snapshot chunk lives. */
async function damageStoredLedger(page) {
  await page.evaluate(() => new Promise((resolve, reject) => {
    const request = indexedDB.open('reskontra');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction('snapshot', 'readwrite');
      tx.objectStore('snapshot').put(new Uint8Array([0xc1, 0xc1]), 0);
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }));
}

test('a damaged stored ledger is restored from a backup, or started over', async () => {
  const { context, page } = await freshPage(browser);
  await newClass(page, 'KEPT', 'In the backup');
  await open(page, 'settings');
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'export-backup').click()]);
  const backupPath = await download.path();

  await damageStoredLedger(page);
  await page.reload();
  await tid(page, 'fatal-error').waitFor({ timeout: 20000 });
  assert.match(await tid(page, 'fatal-error').innerText(), /unreadable/);
  await shot(page, 'e2e-recovery');
  await tid(page, 'recover-backup').setInputFiles(backupPath);
  await tid(page, 'app-frame').waitFor({ timeout: 20000 });
  await open(page, 'classes');
  assert.match(await tid(page, 'classes-row').first().innerText(), /KEPT/);

  await damageStoredLedger(page);
  await page.reload();
  await tid(page, 'start-over').waitFor({ timeout: 20000 });
  page.once('dialog', (d) => d.accept());
  await tid(page, 'start-over').click();
  await tid(page, 'app-frame').waitFor({ timeout: 20000 });
  await open(page, 'classes');
  await tid(page, 'classes-empty').waitFor();
  await context.close();
});

test('without IndexedDB the app says so on a full page instead of failing', async () => {
  const { context, page } = await freshPage(browser);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  await page.goto(`${BASE_URL}#/customers`);
  await tid(page, 'fatal-error').waitFor({ timeout: 20000 });
  assert.match(await tid(page, 'fatal-error').innerText(), /does not allow storage here/);
  assert.equal(await tid(page, 'app-frame').count(), 0);
  await context.close();
});

test('two tabs see each other\'s changes, and a save made on an old state is validated again on the latest, not lost', async () => {
  const { context, page: first } = await freshPage(browser);
  await open(first, 'classes/new');
  await tid(first, 'class-id').fill('DOM');
  await tid(first, 'class-description').fill('Domestic');
  await tid(first, 'save').click();
  await see(first, 'window-title', 'Customer class DOM');

  // A second tab of the same browser profile shows the class list, then the first
  // tab adds a customer: the second tab's customer list shows it without a reload.
  const second = await context.newPage();
  await open(second, 'customers');
  await tid(second, 'customers-empty').waitFor();
  await open(first, 'customers/new');
  await tid(first, 'customer-name').fill('Fjell Bygg AS');
  await tid(first, 'save').click();
  await see(first, 'window-title', 'Customer 10001');
  await tid(second, 'customers-row').first().waitFor({ timeout: 10000 });
  assert.equal(await text(second, 'customers-count'), '1 of 1');

  // A third tab that hears nothing from the others (no BroadcastChannel, no focus
  // catch-up) and has no Web Locks, as a browser without them: its saves after the
  // first tab's are made on an old state for certain. The store refuses such a commit
  // (nothing is written), the tab catches up and validates the command again on the
  // latest state, and that is stored: no write is lost, and numbers stay unique.
  const deaf = await context.newPage();
  await deaf.addInitScript(() => {
    delete window.BroadcastChannel;
    delete Navigator.prototype.locks;
    const add = window.addEventListener.bind(window);
    window.addEventListener = (type, listener, options) => (type === 'focus' ? undefined : add(type, listener, options));
  });
  await open(deaf, 'customers/10001');
  await tid(deaf, 'customer-name').fill('Renamed in tab two AS');
  await open(first, 'customers/10001');
  await tid(first, 'customer-name').fill('Renamed in tab one AS');
  await tid(first, 'save').click();
  await first.locator('[data-testid="notice"]', { hasText: 'saved' }).waitFor();
  await tid(deaf, 'save').click();
  await deaf.locator('[data-testid="notice"]', { hasText: 'saved' }).waitFor({ timeout: 10000 });
  assert.equal(await tid(deaf, 'problem-summary').count(), 0, 'the save made on an old state is validated again, not refused');

  // Both tabs make a customer: the deaf tab's form was made where 10002 was free, and
  // the first tab takes 10002 before it saves. Its save, validated again on the
  // latest, takes 10003 and does not overwrite the first tab's.
  await open(deaf, 'customers/new');
  await tid(deaf, 'customer-name').fill('Made in tab two AS');
  await open(first, 'customers/new');
  await tid(first, 'customer-name').fill('Made in tab one AS');
  await tid(first, 'save').click();
  await see(first, 'window-title', 'Customer 10002');
  await tid(deaf, 'save').click();
  await see(deaf, 'window-title', 'Customer 10003');

  // A new tab reads every write from the ledger.
  const third = await context.newPage();
  for (const [customer, name] of [['10001', 'Renamed in tab two AS'], ['10002', 'Made in tab one AS'], ['10003', 'Made in tab two AS']]) {
    await open(third, `customers/${customer}`);
    await see(third, 'window-title', `Customer ${customer}`);
    assert.equal(await tid(third, 'customer-name').inputValue(), name, `customer ${customer}`);
  }
  await context.close();
});
