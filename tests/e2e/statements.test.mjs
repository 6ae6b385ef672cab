// Print statements and Prepare dunning letters (SPEC R9) on the demo company, as a
// credit controller runs them at month end: the preview says who gets what and how;
// Process of one printed and one emailed customer records their statements, puts the
// email (statement attached) in Pending emails and shows the printed ones as one
// print-ready page; a dunning letter opens from its row, and processing it queues the
// DUNNINGLETTER email and raises the level, so the next preparation does not repeat it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, freshPage, tid, shot, openWindow as open } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const count = async (page, id) => Number((await tid(page, `${id}-count`).innerText()).split(' of ')[0].replace(/\D/g, ''));

async function loadDemo(page) {
  await open(page, 'settings');
  await tid(page, 'load-demo').click();
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60000 });
}

/// The first visible row of `table` whose Delivery cell (column `col`) matches `re`.
async function rowWhere(page, table, col, re) {
  const rows = tid(page, `${table}-row`);
  const n = await rows.count();
  for (let i = 0; i < n; i += 1) {
    const cell = await rows.nth(i).locator('[role="gridcell"]').nth(col).innerText();
    if (re.test(cell)) return rows.nth(i);
  }
  throw new Error(`no ${table} row with ${re}`);
}

test('statements: preview, one printed and one emailed customer processed, the email in Pending emails', async () => {
  const { context, page } = await freshPage(browser);
  await loadDemo(page);
  await open(page, 'statements');
  // The mid-month cycle suggests its last statement day: the 15th of this month.
  await tid(page, 'statements-cycle').selectOption('MIDMONTH');
  const suggested = await tid(page, 'statements-date').inputValue();
  assert.match(suggested, /^\d{4}-\d{2}-15$/);
  // A bad date is refused beside the field, and nothing can be processed.
  await tid(page, 'statements-date').fill('2026-13-40');
  await tid(page, 'statements-date').press('Tab');
  await tid(page, 'error-statement-date').waitFor();
  assert.ok(await tid(page, 'statements-process').isDisabled());
  await tid(page, 'statements-date').fill(suggested);
  await tid(page, 'statements-date').press('Tab');
  await tid(page, 'error-statement-date').waitFor({ state: 'detached' });
  await tid(page, 'statements-plan').filter({ hasText: 'statement(s):' }).waitFor();
  const listed = await count(page, 'statements');
  assert.ok(listed > 10, `statements listed: ${listed}`);
  await shot(page, 'e2e-statements-preview');

  // Delivery is column 9 (after the selection box): "Print", or "Print; email to …".
  const printed = await rowWhere(page, 'statements', 9, /^Print$/);
  const emailed = await rowWhere(page, 'statements', 9, /email to \S+@/);
  const printedCustomer = await printed.locator('[role="gridcell"]').nth(1).innerText();
  const emailedCustomer = await emailed.locator('[role="gridcell"]').nth(1).innerText();
  await printed.locator('[data-testid="statements-select"]').check();
  await emailed.locator('[data-testid="statements-select"]').check();
  await tid(page, 'statements-process').filter({ hasText: 'Process (2)' }).waitFor();
  page.once('dialog', (d) => d.accept());
  await tid(page, 'statements-process').click();
  const summary = tid(page, 'statements-summary');
  await summary.filter({ hasText: 'Processed 2 statement(s)' }).waitFor({ timeout: 60000 });
  assert.match(await summary.innerText(), /Processed 2 statement\(s\): 1 email\(s\) in Pending emails, 2 to print\./);

  // Both print (the emailed customer also gets a printed one): one page, a sheet each.
  assert.equal(await tid(page, 'statement-paper').count(), 2);
  const papers = await tid(page, 'statements-printed').innerText();
  assert.ok(papers.includes(`Customer ${printedCustomer}`) && papers.includes(`Customer ${emailedCustomer}`), papers.slice(0, 400));
  await tid(page, 'statement-paper').first().scrollIntoViewIfNeeded();
  await shot(page, 'e2e-statements-printed');
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
  await tid(page, 'statements-print').click();
  assert.equal(await page.evaluate(() => window.__printed), 1);

  // The email waits in Pending emails, for the emailed customer, with the statement attached.
  await open(page, 'pending-emails');
  const rows = tid(page, 'emails-row');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1);
  const text = await rows.first().innerText();
  assert.ok(text.includes(emailedCustomer), text);
  await rows.first().click();
  await page.waitForFunction(() => /^#\/pending-emails\/\d+/.test(location.hash));
  await page.getByText(/^Statement\.(pdf|html|xlsx)/).first().waitFor();
  await shot(page, 'e2e-statements-email');
  await context.close();
});

test('dunning letters: a letter opens from its row; processing queues its email and the next run does not repeat it', async () => {
  const { context, page } = await freshPage(browser);
  await loadDemo(page);
  await open(page, 'dunning');
  await tid(page, 'dunning-plan').filter({ hasText: 'letter(s)' }).waitFor();
  const before = await count(page, 'dunning');
  assert.ok(before > 0, 'the demo has overdue documents');
  // Delivery is column 8: a letter that is emailed.
  const emailed = await rowWhere(page, 'dunning', 8, /email to \S+@/);
  const customer = await emailed.locator('[role="gridcell"]').nth(1).innerText();
  await emailed.locator('[role="gridcell"]').nth(2).click();
  await tid(page, 'dunning-paper').waitFor();
  const letter = await tid(page, 'dunning-letter').innerText();
  assert.ok(letter.includes(`Customer ${customer}`) && /Days overdue/.test(letter), letter.slice(0, 300));
  await shot(page, 'e2e-dunning-letter');

  await emailed.locator('[data-testid="dunning-select"]').check();
  page.once('dialog', (d) => d.accept());
  await tid(page, 'dunning-process').click();
  await tid(page, 'dunning-summary').filter({ hasText: 'Processed 1 letter(s)' }).waitFor({ timeout: 60000 });
  assert.match(await tid(page, 'dunning-summary').innerText(), /1 email\(s\) in Pending emails/);
  // Processed: its documents' levels are recorded, so the customer has no new letter.
  await page.waitForFunction(async (c) => ![...document.querySelectorAll('[data-testid="dunning-row"] [role="gridcell"]:nth-child(2)')].some((x) => x.innerText === c), customer);

  await open(page, 'pending-emails');
  await tid(page, 'emails-row').first().waitFor();
  assert.ok((await tid(page, 'emails-row').first().innerText()).includes(customer));
  await context.close();
});
