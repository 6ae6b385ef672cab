// Crash and close (issue 14, SPEC R13.1): the renderer is killed (CDP `Page.crash`)
// in the middle of a 5,000-document mass release and in the middle of an import. On
// the next open the ledger is as it was before the command or after it, never between:
// the backup the reopened app exports passes `reskontra check` (the CLI's invariant
// check over the same core code), and the documents are all released or all untouched.
//
// The ledgers come from `reskontra demo` (cli.mjs).

import { test, before, after } from 'node:test';
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { BASE_URL, launch, freshPage, tid, shot } from './harness.mjs';
import { ledgerFolder } from './cli.mjs';

let browser;
let dir;
let demo;
let check;
before(async () => {
  ({ dir, demo, check } = await ledgerFolder('reskontra-crash-'));
  browser = await launch();
});
after(async () => browser?.close());

/** The "Invoice: N (On Hold 0, …, Balanced B, Open O, …)" line of `reskontra check`. */
function invoiceCounts(report) {
  const line = report.split('\n').find((l) => l.trim().startsWith('Invoice:'));
  assert.ok(line, `an Invoice line in:\n${report}`);
  const number = (label) => Number(new RegExp(`${label} (\\d+)`).exec(line)?.[1] ?? 'NaN');
  return { total: Number(/Invoice: (\d+)/.exec(line)[1]), balanced: number('Balanced'), open: number('Open'), closed: number('Closed') };
}

async function importBackup(page, path) {
  await page.goto(`${BASE_URL}#/settings`);
  await tid(page, 'app-frame').waitFor({ timeout: 30000 });
  await tid(page, 'import-backup').setInputFiles(path);
}

/** Kills the page's renderer, as a crash or a killed tab would. */
async function crash(context, page) {
  const cdp = await context.newCDPSession(page);
  // The answer never comes: the renderer is gone.
  cdp.send('Page.crash').catch(() => {});
  await page.waitForEvent('crash', { timeout: 10000 });
}

/** Opens the app in a new page of `context` (same storage) and exports its backup. */
async function reopenAndExport(context, name) {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(`${BASE_URL}#/settings`);
  await tid(page, 'app-frame').waitFor({ timeout: 60000 });
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120000 }), tid(page, 'export-backup').click()]);
  const path = join(dir, name);
  await download.saveAs(path);
  return { page, path };
}

test('a renderer killed in the middle of a 5,000-document release leaves each document released or untouched', async () => {
  const ledger = demo('release.json', ['--seed', '5', '--customers', '50', '--invoices', '100', '--unreleased', '5000']);
  const before = invoiceCounts(check(ledger));
  assert.ok(before.balanced >= 5000, `the ledger has 5,000 recorded invoices (${JSON.stringify(before)})`);

  const { context, page } = await freshPage(browser);
  await importBackup(page, ledger);
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 120000 });
  await page.goto(`${BASE_URL}#/release`);
  await tid(page, 'release-count').waitFor({ timeout: 60000 });
  await tid(page, 'release-all').click();
  // The run is under way (its progress line is up) when the renderer dies.
  await tid(page, 'release-progress').waitFor({ timeout: 30000 });
  await crash(context, page);

  const reopened = await reopenAndExport(context, 'after-release-crash.json');
  const report = check(reopened.path); // throws when a ledger rule is broken
  const after = invoiceCounts(report);
  assert.equal(after.total, before.total, 'no invoice lost or doubled');
  // One commit: either the whole release or none of it.
  const releasedNow = before.balanced - after.balanced;
  assert.ok(releasedNow === 0 || releasedNow === before.balanced, `all released or none: ${releasedNow} of ${before.balanced} (${report})`);
  console.log(`release crash: ${releasedNow === 0 ? 'nothing released' : 'all released'} (${report.split('\n').find((l) => l.includes('Invoice:')).trim()})`);
  assert.equal(after.open + after.closed, before.open + before.closed + releasedNow, 'each released invoice is open or closed');
  await reopened.page.goto(`${BASE_URL}#/release`);
  // The list, or its empty message when everything was released before the crash.
  await reopened.page.locator('[data-testid="release-count"], [data-testid="release-empty"]').first().waitFor({ timeout: 60000 });
  await shot(reopened.page, 'e2e-crash-release-reopened');
  await context.close();
});

test('a renderer killed in the middle of an import leaves the old ledger or the whole new one', async () => {
  const small = demo('small.json', ['--seed', '6', '--customers', '20', '--invoices', '40']);
  const large = demo('large.json', ['--seed', '7', '--customers', '2000', '--invoices', '20000', '--unreleased', '5000']);
  const oldCounts = invoiceCounts(check(small));
  const newCounts = invoiceCounts(check(large));

  const { context, page } = await freshPage(browser);
  await importBackup(page, small);
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60000 });
  // Yes, replace the current ledger.
  page.on('dialog', (dialog) => dialog.accept());
  await importBackup(page, large);
  // The records are being written when the renderer dies.
  await tid(page, 'backup-progress-count').waitFor({ timeout: 60000 });
  await crash(context, page);

  const reopened = await reopenAndExport(context, 'after-import-crash.json');
  const after = invoiceCounts(check(reopened.path));
  const isOld = JSON.stringify(after) === JSON.stringify(oldCounts);
  const isNew = JSON.stringify(after) === JSON.stringify(newCounts);
  assert.ok(isOld || isNew, `the old ledger ${JSON.stringify(oldCounts)} or the new ${JSON.stringify(newCounts)}, not ${JSON.stringify(after)}`);
  console.log(`import crash: the ${isOld ? 'old' : 'new'} ledger after reopening`);
  await context.close();
});
