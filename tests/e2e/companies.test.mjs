// Companies and training (issue 14, SPEC R0.5, R13.1, R13.5, R13.6): each company is a
// ledger of its own database; create (the name checked beside the field), rename,
// switch in the tab, delete after a question; the demo company built with a moving
// progress bar and reset; an import written into a new database, the old one deleted
// afterwards; a database the browser removed is said, never shown as an empty ledger.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, freshPage, tid, shot, openWindow, newCustomer, see, BASE_URL } from './harness.mjs';

let browser;
let dir;
before(async () => {
  browser = await launch();
  dir = await mkdtemp(join(tmpdir(), 'reskontra-companies-'));
});
after(async () => { await browser?.close(); });

/** The names of this origin's IndexedDB databases, sorted. */
async function databases(page) {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).sort());
}

/** Waits until `check(names)` holds for the databases; fails with the names it saw. */
async function databasesUntil(page, check, what) {
  let names = [];
  for (let i = 0; i < 50; i += 1) {
    names = await databases(page);
    if (check(names)) return names;
    await page.waitForTimeout(200);
  }
  assert.fail(`${what}: ${JSON.stringify(names)}`);
}

/** The row of company `name` in the Companies window. */
function row(page, name) {
  return tid(page, 'company-row').filter({ has: page.locator(`[data-testid="company-name-cell"]`, { hasText: name }) });
}

/** The customers list's text (after its count or empty state is shown). */
async function customersText(page) {
  await openWindow(page, 'customers');
  await page.locator('[data-testid="customers-count"], [data-testid="customers-empty"]').first().waitFor();
  return page.locator('main').innerText();
}

test('companies: create with the name checked, separate ledgers, rename, switch back and forth, delete', async () => {
  const { context, page } = await freshPage(browser);
  await newCustomer(page, 'Første Kunde AS');
  await see(page, 'company-name', 'My company');

  await openWindow(page, 'companies');
  await tid(page, 'company-row').first().waitFor();
  assert.equal(await tid(page, 'company-row').count(), 1);
  assert.equal(await tid(page, 'company-delete').count(), 0, 'the only company has no Delete');
  // Blank and duplicate names are refused beside the field.
  await tid(page, 'company-create').click();
  await see(page, 'error-name', "Type the company's name");
  await tid(page, 'company-new-name').fill(' my COMPANY ');
  await tid(page, 'company-create').click();
  await see(page, 'error-name', 'There is already a company called My company');
  assert.equal(await tid(page, 'company-row').count(), 1);
  await tid(page, 'company-new-name').fill('Trening AS');
  await tid(page, 'company-create').click();
  await tid(page, 'company-row').nth(1).waitFor();
  assert.equal(await tid(page, 'error-name').innerText(), '');

  // Switch: in this tab, without a reload; the new company's ledger is empty.
  await page.evaluate(() => { window.__sameDocument = true; });
  await row(page, 'Trening AS').locator('[data-testid="company-switch"]').click();
  await see(page, 'company-name', 'Trening AS');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'switched without reloading the page');
  assert.doesNotMatch(await customersText(page), /Første Kunde AS/);
  await tid(page, 'customers-empty').waitFor();
  await newCustomer(page, 'Andre Kunde AS');

  // A reload opens the company last switched to.
  await page.reload();
  await see(page, 'company-name', 'Trening AS');
  const trening = await customersText(page);
  assert.match(trening, /Andre Kunde AS/);
  assert.doesNotMatch(trening, /Første Kunde AS/);

  // Rename: another company's name is refused beside the field; the top bar follows.
  await openWindow(page, 'companies');
  await row(page, 'Trening AS').locator('[data-testid="company-rename"]').click();
  await tid(page, 'company-rename-input').fill('My company');
  await tid(page, 'company-rename-save').click();
  await see(page, 'company-rename-error', 'There is already a company called My company');
  await tid(page, 'company-rename-input').fill('Trening 2026 AS');
  await tid(page, 'company-rename-save').click();
  await see(page, 'company-name', 'Trening 2026 AS');
  await row(page, 'Trening 2026 AS').waitFor();
  await shot(page, 'e2e-companies');

  // Back to the first company: its own customer only.
  await row(page, 'My company').locator('[data-testid="company-switch"]').click();
  await see(page, 'company-name', 'My company');
  const first = await customersText(page);
  assert.match(first, /Første Kunde AS/);
  assert.doesNotMatch(first, /Andre Kunde AS/);

  // Delete, after a question that names it; dismissed first, then accepted.
  await openWindow(page, 'companies');
  let question = '';
  page.once('dialog', (d) => { question = d.message(); d.dismiss(); });
  await row(page, 'Trening 2026 AS').locator('[data-testid="company-delete"]').click();
  await tid(page, 'companies-status').filter({ hasText: 'Nothing was deleted' }).waitFor();
  assert.match(question, /Delete the company Trening 2026 AS\?/);
  assert.equal(await tid(page, 'company-row').count(), 2);
  page.once('dialog', (d) => d.accept());
  await row(page, 'Trening 2026 AS').locator('[data-testid="company-delete"]').click();
  await tid(page, 'companies-status').filter({ hasText: 'Company Trening 2026 AS deleted' }).waitFor();
  assert.equal(await tid(page, 'company-row').count(), 1);
  await databasesUntil(page, (names) => !names.some((n) => n.startsWith('reskontra-c')), 'its ledger and snapshots are deleted');
  assert.match(await customersText(page), /Første Kunde AS/);
  await context.close();
});

test('the current company deleted: another one opens first', async () => {
  const { context, page } = await freshPage(browser);
  await openWindow(page, 'companies');
  await tid(page, 'company-new-name').fill('Kortvarig AS');
  await tid(page, 'company-create').click();
  await row(page, 'Kortvarig AS').locator('[data-testid="company-switch"]').click();
  await see(page, 'company-name', 'Kortvarig AS');
  await newCustomer(page, 'Kortvarig Kunde AS');
  await openWindow(page, 'companies');
  page.once('dialog', (d) => d.accept());
  await row(page, 'Kortvarig AS').locator('[data-testid="company-delete"]').click();
  await tid(page, 'companies-status').filter({ hasText: 'deleted' }).waitFor();
  await see(page, 'company-name', 'My company');
  await databasesUntil(page, (names) => !names.some((n) => n.startsWith('reskontra-c')), 'the deleted company has no database left');
  await context.close();
});

test('demo company: built with a moving progress bar as a new company; Reset demo builds it again', async () => {
  const { context, page } = await freshPage(browser);
  await newCustomer(page, 'Egen Kunde AS');
  await openWindow(page, 'companies');
  await tid(page, 'company-row').first().waitFor();
  // Every value the progress bar takes.
  await page.evaluate(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid="demo-progress-bar"]');
      const text = document.querySelector('[data-testid="demo-progress-count"]');
      if (bar) window.__progress.push(`${bar.getAttribute('value')}/${bar.getAttribute('max')} ${text?.innerText ?? ''}`);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await tid(page, 'company-make-demo').click();
  await tid(page, 'companies-status').filter({ hasText: 'built and opened' }).waitFor({ timeout: 120000 });
  const seen = [...new Set(await page.evaluate(() => window.__progress))];
  const building = seen.filter((s) => s.includes('Building'));
  const saving = seen.filter((s) => s.includes('Saving'));
  assert.ok(building.length >= 5, `the bar moves while building: ${JSON.stringify(seen)}`);
  assert.ok(saving.length >= 1, `then while saving: ${JSON.stringify(seen)}`);
  console.log(`demo progress: ${building.length} building states, ${saving.length} saving states`);

  await see(page, 'company-name', 'Demo company');
  await tid(page, 'company-demo').waitFor();
  assert.equal(await tid(page, 'company-row').count(), 2);
  assert.equal(await row(page, 'Demo company').locator('[data-testid="company-demo-mark"]').count(), 1);
  assert.equal(await row(page, 'My company').locator('[data-testid="company-demo-mark"]').count(), 0);
  await shot(page, 'e2e-companies-demo');
  /** "250 of 250": the customers list's count (the list itself shows only the rows in view). */
  const customerCount = async () => {
    await openWindow(page, 'customers');
    await tid(page, 'customers-count').waitFor();
    return (await tid(page, 'customers-count').innerText()).replace(/\u00a0/g, ' ');
  };
  const demoCount = await customerCount();
  assert.equal(demoCount, '250 of 250', 'the demo\'s customers, not the own company\'s one');

  // Change the demo, then reset it: the change is gone, the demo is as it was built.
  const added = await newCustomer(page, 'Øvelse Kunde AS');
  assert.equal(await customerCount(), '251 of 251');
  const before = await databases(page);
  await openWindow(page, 'companies');
  page.once('dialog', (d) => d.accept());
  await row(page, 'Demo company').locator('[data-testid="company-reset-demo"]').click();
  await tid(page, 'companies-status').filter({ hasText: 'reset and opened' }).waitFor({ timeout: 120000 });
  await see(page, 'company-name', 'Demo company');
  await tid(page, 'company-demo').waitFor();
  assert.equal(await customerCount(), demoCount);
  await openWindow(page, `customers/${added}`);
  await page.waitForTimeout(300);
  assert.doesNotMatch(await page.locator('main').innerText(), /Øvelse Kunde AS/, `customer ${added} is gone`);
  // Written into a new database; the old one deleted.
  const demoDb = before.find((n) => n.startsWith('reskontra-c') && !n.endsWith('-snapshots'));
  await databasesUntil(page, (names) => !names.includes(demoDb) && names.some((n) => n.startsWith(`${demoDb}~`)), `the demo's old database ${demoDb} replaced`);

  // The bookkeeper's own company was never touched.
  await openWindow(page, 'companies');
  await row(page, 'My company').locator('[data-testid="company-switch"]').click();
  await see(page, 'company-name', 'My company');
  assert.match(await customersText(page), /Egen Kunde AS/);
  await context.close();
});

test('an import is written into a new database; the old one is deleted afterwards', async () => {
  const { context, page } = await freshPage(browser);
  await newCustomer(page, 'Sikret Kunde AS');
  await openWindow(page, 'settings');
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'export-backup').click()]);
  const backup = join(dir, 'import.json');
  await download.saveAs(backup);
  await newCustomer(page, 'Etterpå Kunde AS');
  assert.deepEqual((await databases(page)).filter((n) => !n.endsWith('-snapshots')), ['reskontra']);

  await openWindow(page, 'settings');
  page.once('dialog', (d) => d.accept());
  await tid(page, 'import-backup').setInputFiles(backup);
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60000 });
  const names = await databasesUntil(page, (n) => !n.includes('reskontra') && n.some((d) => /^reskontra~\d+$/.test(d)), 'a new database, the old one gone');
  assert.ok(names.includes('reskontra-snapshots'), `the snapshots stay: ${JSON.stringify(names)}`);
  const text = await customersText(page);
  assert.match(text, /Sikret Kunde AS/);
  assert.doesNotMatch(text, /Etterpå Kunde AS/);
  // A reload opens the new database.
  await page.reload();
  assert.match(await customersText(page), /Sikret Kunde AS/);
  await see(page, 'company-name', 'My company');
  await context.close();
});

test('a ledger the browser removed is said, with a restore; never an empty ledger', async () => {
  // No service worker: the page that deletes the database must not start the app.
  const { context, page } = await freshPage(browser, { serviceWorkers: 'block' });
  await newCustomer(page, 'Forsvunnet Kunde AS');
  await openWindow(page, 'settings');
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'export-backup').click()]);
  const backup = join(dir, 'evicted.json');
  await download.saveAs(backup);

  // The browser removes the ledger's database (the marker in localStorage stays).
  await page.goto(`${BASE_URL}sw.js`);
  const deleted = await page.evaluate(() => new Promise((done) => {
    const request = indexedDB.deleteDatabase('reskontra');
    request.onsuccess = () => done('deleted');
    request.onblocked = () => done('blocked');
    request.onerror = () => done('failed');
  }));
  assert.equal(deleted, 'deleted');
  assert.match(await page.evaluate(() => localStorage.getItem('reskontra-companies')), /"held_data":true/);

  await page.goto(`${BASE_URL}#/customers`);
  await tid(page, 'evicted').waitFor({ timeout: 20000 });
  assert.equal(await tid(page, 'app-frame').count(), 0, 'no empty ledger is shown');
  assert.match(await tid(page, 'evicted').innerText(), /no longer stored in this browser/);
  // The snapshots database survived: its latest snapshot is offered too.
  await tid(page, 'evicted-snapshot').waitFor();
  await shot(page, 'e2e-companies-evicted');
  // A reload asks again (nothing empty was kept in its place).
  await page.reload();
  await tid(page, 'evicted').waitFor({ timeout: 20000 });

  await tid(page, 'evicted-backup').setInputFiles(backup);
  await tid(page, 'app-frame').waitFor({ timeout: 30000 });
  assert.match(await customersText(page), /Forsvunnet Kunde AS/);
  await context.close();
});
