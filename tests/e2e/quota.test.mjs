// Storage full (issue 14, SPEC R13.5): with the origin's quota lowered by CDP
// (`Storage.overrideQuotaForOrigin`), importing a large backup fails with a message
// that names the action and the reason, and the ledger stays exactly as it was.
//
// Chromium 156 keeps reporting the real quota in `navigator.storage.estimate()` after
// the override, but IndexedDB writes over it are refused (the transaction aborts when it
// commits), which is what this test needs.

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
  ({ dir, demo, check } = await ledgerFolder('reskontra-quota-'));
  browser = await launch();
});
after(async () => browser?.close());

async function exported(page, name) {
  await page.goto(`${BASE_URL}#/settings`);
  await tid(page, 'app-frame').waitFor({ timeout: 30000 });
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), tid(page, 'export-backup').click()]);
  const path = join(dir, name);
  await download.saveAs(path);
  return check(path);
}

test('an import over the storage quota fails with the reason and changes nothing', async () => {
  const small = demo('small.json', ['--seed', '8', '--customers', '20', '--invoices', '40']);
  const large = demo('large.json', ['--seed', '9', '--customers', '2000', '--invoices', '20000']);

  // The quota is lowered before the app first stores anything: Chromium 156 applies
  // the override to storage opened after it. The service worker's precache is kept out
  // so that the room left is the ledger's.
  const { context, page } = await freshPage(browser, { serviceWorkers: 'block' });
  page.on('dialog', (dialog) => dialog.accept());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(BASE_URL).origin, quotaSize: 3_000_000 });
  await page.goto(`${BASE_URL}#/settings`);
  await tid(page, 'app-frame').waitFor({ timeout: 30000 });
  await tid(page, 'import-backup').setInputFiles(small);
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60000 });
  const before = await exported(page, 'before.json');


  await tid(page, 'import-backup').setInputFiles(large);
  const status = tid(page, 'backup-status').filter({ hasText: 'did not happen' });
  await status.waitFor({ timeout: 120000 });
  const text = await status.innerText();
  assert.match(text, /^The import of large\.json did not happen/, 'the message names the action');
  assert.match(text, /storage is probably full/, 'and the reason');
  assert.match(text, /Nothing was changed/, 'and that nothing changed');
  assert.equal(await status.getAttribute('class'), 'status error');
  await shot(page, 'e2e-quota-import-refused');

  // The same ledger, in this tab and after a reload.
  assert.equal(await exported(page, 'after.json'), before.replace(/before\.json/, 'after.json'));
  await page.reload();
  assert.equal(await exported(page, 'reloaded.json'), before.replace(/before\.json/, 'reloaded.json'));
  await context.close();
});
