// Opening a large ledger (issue 15, B3): the customers list shows as soon as the
// customers are read, without balances ("…"), while the documents are decoded behind a
// progress bar; every other window waits for the whole ledger, then opens by itself;
// the balances are there once the ledger is whole.
//
// The ledger comes from `reskontra demo` (cli.mjs): more snapshot chunks than
// `PROGRESSIVE_AFTER_CHUNKS` (src/store/mod.rs).

import { test, before, after } from 'node:test';
import { strict as assert } from 'node:assert';
import { BASE_URL, launch, freshPage, tid, shot } from './harness.mjs';
import { ledgerFolder } from './cli.mjs';

let browser;
let context;
let page;
before(async () => {
  const { demo } = await ledgerFolder('reskontra-opening-');
  const ledger = demo('opening.json', ['--seed', '8', '--customers', '3000', '--invoices', '14000']);
  browser = await launch();
  ({ context, page } = await freshPage(browser));
  await page.goto(`${BASE_URL}#/settings`);
  await tid(page, 'app-frame').waitFor({ timeout: 30000 });
  await tid(page, 'import-backup').setInputFiles(ledger);
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 120000 });
  // From the next page load on: when each part of the opening was first in the page,
  // and what the customers list's first balance said while the ledger was opening.
  await context.addInitScript(() => {
    window.__seen = {};
    const look = () => {
      for (const id of ['opening-progress', 'opening-wait', 'invoices-count', 'customers-count']) {
        if (window.__seen[id] === undefined && document.querySelector(`[data-testid="${id}"]`)) window.__seen[id] = performance.now();
      }
      const opening = !!document.querySelector('[data-testid="opening-progress"]');
      const row = document.querySelector('[data-testid="customers-row"]');
      const balance = row ? [...row.querySelectorAll('.td')].at(-1)?.innerText.trim() : '';
      if (opening && balance && window.__balanceWhileOpening === undefined) window.__balanceWhileOpening = balance;
    };
    new MutationObserver(look).observe(document, { childList: true, subtree: true, characterData: true });
  });
});
after(async () => {
  await context?.close();
  await browser?.close();
});

test('the customers list shows before the documents are read, without balances until they are', async () => {
  // A new page load (a change of the hash alone opens nothing).
  await page.goto(`${BASE_URL}#/customers`);
  await page.reload();
  await tid(page, 'customers-row').first().waitFor({ timeout: 60000 });
  // The whole ledger: the progress bar goes away by itself.
  await tid(page, 'opening-progress').waitFor({ state: 'detached', timeout: 60000 });
  const seen = await page.evaluate(() => ({ ...window.__seen, balance: window.__balanceWhileOpening }));
  assert.ok(seen['opening-progress'] !== undefined, `the progress bar showed: ${JSON.stringify(seen)}`);
  assert.ok(seen['customers-count'] <= seen['opening-progress'] + 1000, `the list showed while opening: ${JSON.stringify(seen)}`);
  assert.equal(seen.balance, '…', 'no balance is shown before the documents are read');
  assert.match(await tid(page, 'customers-count').innerText(), /^3[ ,.\u00a0]?000 of 3[ ,.\u00a0]?000/);
  // Now every row has its balance, in the amount format.
  const balances = await page.$$eval('[data-testid="customers-row"]', (rows) => rows.map((r) => [...r.querySelectorAll('.td')].at(-1).innerText.trim()));
  assert.ok(balances.length > 5);
  for (const b of balances) assert.match(b, /^-?\d{1,3}([ ,.\u00a0\u202f]\d{3})*[.,]\d{2}$/, `a balance: ${b}`);
  assert.ok(balances.some((b) => !/^0[.,]00$/.test(b)), `some customer owes something: ${balances.join(' | ')}`);
  await shot(page, 'opening-customers');
});

test('another window waits for the whole ledger, then opens by itself', async () => {
  await page.goto(`${BASE_URL}#/invoices`);
  await page.reload();
  await tid(page, 'invoices-row').first().waitFor({ timeout: 60000 });
  const seen = await page.evaluate(() => window.__seen);
  assert.ok(seen['opening-wait'] !== undefined, `the window said it waits: ${JSON.stringify(seen)}`);
  assert.ok(seen['opening-wait'] < seen['invoices-count'], `and opened after: ${JSON.stringify(seen)}`);
  assert.equal(await tid(page, 'opening-wait').count(), 0);
  assert.equal(await tid(page, 'opening-progress').count(), 0);
  // A record opens and saves as on any ledger: the lock of the opening is let go.
  await page.goto(`${BASE_URL}#/customers`);
  await tid(page, 'customers-row').first().click();
  await page.waitForFunction(() => /^#\/customers\/./.test(location.hash));
  await tid(page, 'customer-balance').waitFor({ timeout: 30000 });
});
