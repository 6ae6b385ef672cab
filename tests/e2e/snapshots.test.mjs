// Automatic snapshots (issue 14): one before the first change of each business day, in
// their own database, listed in Settings; Restore (the current state is snapshotted
// first) and Download (a backup file that imports); the backup reminder; storage.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, freshPage, tid, shot, openWindow, newClass, newCustomer, BASE_URL } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * The snapshot rows of Settings, newest first: [{ date, kind, customers, documents, size }],
 * once there are `count` of them (the list is read from IndexedDB after the window opens).
 */
async function snapshotRows(page, count) {
  await openWindow(page, 'settings');
  await tid(page, 'snapshots-section').waitFor();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="snapshot-row"]').length === n, count, { timeout: 10000 })
    .catch(() => {});
  return tid(page, 'snapshot-row').evaluateAll((rows) => rows.map((row) => {
    const cell = (id) => row.querySelector(`[data-testid="${id}"]`).innerText.trim();
    return { date: cell('snapshot-date'), kind: cell('snapshot-kind'), customers: Number(cell('snapshot-customers')), documents: Number(cell('snapshot-documents')), size: cell('snapshot-size') };
  }));
}

async function setBusinessDate(page, date) {
  await openWindow(page, 'settings');
  await tid(page, 'settings-business-date').fill(date);
  await tid(page, 'save').click();
  await page.locator('[data-testid="notice"]', { hasText: 'Preferences saved' }).waitFor();
  await tid(page, 'business-date').filter({ hasText: date }).waitFor();
}

/** The customers list's text, once `shown` is on it. */
async function customerNames(page, shown) {
  await openWindow(page, 'customers');
  await page.getByText(shown).first().waitFor();
  return page.locator('main').innerText();
}

test('a snapshot a business day; restore one; download one and import it', async () => {
  const { context, page } = await freshPage(browser);
  await openWindow(page, 'settings');
  await tid(page, 'snapshots-empty').waitFor({ timeout: 20000 });

  // Setting the business date is a change of the computer's day: its snapshot (the
  // empty ledger) is dated that day. Day 1 (2 March): a class and a customer take one
  // snapshot, of the ledger before the class.
  await setBusinessDate(page, '2026-03-02');
  let rows = await snapshotRows(page, 1);
  assert.equal(rows.length, 1, JSON.stringify(rows));
  await newClass(page, 'DOM', 'Domestic');
  await newCustomer(page, 'Dagny Først AS');
  rows = await snapshotRows(page, 2);
  assert.equal(rows.length, 2, JSON.stringify(rows));
  assert.deepEqual([rows[0].date, rows[0].customers, rows[0].kind], ['2026-03-02', 0, "Before the day's first change"]);
  assert.match(rows[0].size, /\d+(\.\d)? (bytes|KB)/);

  // Day 2: moving the date is day 1's change (no new snapshot); the next change takes
  // day 2's, of the ledger as day 1 left it.
  await setBusinessDate(page, '2026-03-03');
  assert.equal((await snapshotRows(page, 2)).length, 2);
  await newCustomer(page, 'Sigurd Senere AS');
  rows = await snapshotRows(page, 3);
  assert.equal(rows.length, 3, JSON.stringify(rows));
  assert.deepEqual(rows.slice(0, 2).map((r) => [r.date, r.customers]), [['2026-03-03', 1], ['2026-03-02', 0]]);
  await tid(page, 'snapshots-section').scrollIntoViewIfNeeded();
  await shot(page, 'e2e-settings-snapshots');

  // Restore day 2's snapshot: the customer added after it is gone, and the ledger as it
  // was just before (two customers) is now a snapshot too.
  page.once('dialog', (d) => d.accept());
  await tid(page, 'snapshot-restore').first().click();
  await tid(page, 'snapshots-status').filter({ hasText: 'Restored the snapshot of 2026-03-03' }).waitFor({ timeout: 20000 });
  rows = await snapshotRows(page, 4);
  assert.equal(rows.length, 4, JSON.stringify(rows));
  assert.equal(rows[1].date, '2026-03-03', 'the snapshot restored is still kept');
  assert.equal(rows[0].kind, 'Before a restore');
  assert.equal(rows[0].customers, 2);
  assert.equal(rows[0].date, '2026-03-03');
  let names = await customerNames(page, 'Dagny Først AS');
  assert.match(names, /Dagny Først AS/);
  assert.doesNotMatch(names, /Sigurd Senere AS/);
  // The restored ledger stays after a reload.
  await page.reload();
  names = await customerNames(page, 'Dagny Først AS');
  assert.match(names, /Dagny Først AS/);
  assert.doesNotMatch(names, /Sigurd Senere AS/);

  // Download the pre-restore snapshot: backup JSON that imports into a fresh profile.
  await snapshotRows(page, 4);
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'snapshot-download').first().click()]);
  const path = join(await mkdtemp(join(tmpdir(), 'reskontra-snap-')), download.suggestedFilename());
  await download.saveAs(path);
  assert.match(download.suggestedFilename(), /^reskontra-snapshot-2026-03-03-\d+\.json$/);
  const backup = JSON.parse(await readFile(path, 'utf8'));
  assert.equal(backup.format, 'reskontra-backup');
  assert.deepEqual(backup.customers.map((c) => c.name).sort(), ['Dagny Først AS', 'Sigurd Senere AS']);
  // A download counts as a backup: no reminder.
  assert.equal(await tid(page, 'backup-reminder').count(), 0);
  await context.close();

  const fresh = await freshPage(browser);
  await openWindow(fresh.page, 'settings');
  await tid(fresh.page, 'import-backup').setInputFiles(path);
  await tid(fresh.page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 20000 });
  names = await customerNames(fresh.page, 'Sigurd Senere AS');
  assert.match(names, /Sigurd Senere AS/);
  await fresh.context.close();
});

test('Settings shows persistence, the space used and available, and the backup reminder', async () => {
  const { context, page } = await freshPage(browser);
  await openWindow(page, 'settings');
  await newClass(page, 'DOM', 'Domestic');
  await newCustomer(page, 'Påminnelse AS');
  await openWindow(page, 'settings');
  // Asked at the first change; headless Chromium answers, and the answer is shown.
  await tid(page, 'storage-persistent').filter({ hasText: /^(Persistent|Not persistent)/ }).waitFor();
  await tid(page, 'storage-space').filter({ hasText: /used of .* available to this site/ }).waitFor();
  // Never downloaded, with data: the reminder.
  await tid(page, 'backup-reminder').filter({ hasText: 'No backup has been downloaded in this browser yet' }).waitFor();
  // Downloaded 31 days ago: the reminder says how long.
  const old = new Date(Date.now() - 31 * 86400000).toISOString().slice(0, 10);
  await page.evaluate((day) => localStorage.setItem('reskontra-last-backup-download', day), old);
  await page.reload();
  await tid(page, 'backup-reminder').filter({ hasText: `last on ${old}` }).waitFor({ timeout: 20000 });
  // Export backup clears it.
  await Promise.all([page.waitForEvent('download'), tid(page, 'export-backup').click()]);
  await tid(page, 'backup-status').filter({ hasText: 'Backup saved' }).waitFor();
  assert.equal(await tid(page, 'backup-reminder').count(), 0);
  await tid(page, 'storage-section').scrollIntoViewIfNeeded();
  await shot(page, 'e2e-settings-storage');
  await context.close();
});

test('a snapshot that cannot be taken does not stop the change, and says so', async () => {
  const { context, page } = await freshPage(browser);
  // The snapshots' database refuses to open; the ledger's opens as usual.
  await context.addInitScript(() => {
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (name, ...rest) {
      if (name === 'reskontra-snapshots') throw new DOMException('refused by the test', 'UnknownError');
      return open.call(this, name, ...rest);
    };
  });
  await newClass(page, 'DOM', 'Domestic');
  const id = await newCustomer(page, 'Uten Kopi AS');
  assert.equal(id, '10001');
  await tid(page, 'snapshot-failed').waitFor();
  assert.match(await tid(page, 'snapshot-failed').getAttribute('title'), /snapshot was not taken \(the snapshots database could not be opened: .*\); your change is saved/);
  await openWindow(page, 'settings');
  await tid(page, 'snapshot-problem').waitFor();
  await tid(page, 'snapshots-error').waitFor();
  // The change is stored: it is there after a reload.
  await page.reload();
  await openWindow(page, 'customers/10001');
  await tid(page, 'customer-name').waitFor();
  assert.equal(await tid(page, 'customer-name').inputValue(), 'Uten Kopi AS');
  await context.close();
});
