// Send invoices (SPEC R11) on the demo company: the preview says who gets what and
// who gets nothing; Process queues the chosen invoices' emails in Pending emails and
// marks them Emailed (they leave the list); the print action makes one print-ready
// page of the chosen documents and marks them Printed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, freshPage, tid, shot, openWindow as open } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function loadDemo(page) {
  await open(page, 'settings');
  await tid(page, 'load-demo').click();
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60000 });
}

test('email: preview, process three, they are queued and leave the list', async () => {
  const { context, page } = await freshPage(browser);
  await loadDemo(page);
  await open(page, 'send-invoices');
  await tid(page, 'send-row').first().waitFor();
  // "N of M" above the table: the rows listed (the table draws only those in view).
  const listed = async () => Number((await tid(page, 'send-count').innerText()).split(' of ')[1].replace(/\D/g, ''));
  const before = await listed();
  await tid(page, 'send-preview').click();
  const panel = tid(page, 'send-preview-panel');
  await panel.waitFor();
  const text = await panel.innerText();
  assert.match(text, /bcc Kari Selger <kari\.selger@nordlysdemo\.no>/);
  const nobody = text.match(/nothing: Customer (\d+) has no usable recipient/)[1];
  await shot(page, 'e2e-send-invoices-preview');
  await tid(page, 'send-preview-close').click();

  // Three documents of customers with recipients, and one of the customer without.
  const refs = [];
  let refused = null;
  for (let i = 0; refs.length < 3 || !refused; i += 1) {
    const row = tid(page, 'send-row').nth(i);
    const customer = (await row.locator('[role="gridcell"]').nth(3).innerText()).trim();
    const ref = (await row.locator('[role="gridcell"]').nth(2).innerText()).trim();
    if (customer === nobody && !refused) refused = ref;
    else if (customer === nobody || refs.length === 3) continue;
    else refs.push(ref);
    await row.locator('[data-testid="send-select"]').check();
  }
  await tid(page, 'send-process').click();
  await tid(page, 'send-summary').filter({ hasText: 'Queued' }).waitFor({ timeout: 60000 });
  const summary = await tid(page, 'send-summary').innerText();
  const queued = Number(summary.match(/Queued (\d+) email/)[1]);
  assert.ok(queued >= 3, summary);
  assert.match(summary, /1 document\(s\) not emailed/);
  await shot(page, 'e2e-send-invoices-done');
  // Each processed row says what was done; after a reload they are gone from the list.
  assert.equal(await page.locator('[data-testid="send-row"]', { hasText: '✓' }).count(), 3);
  await page.locator('[data-testid="send-row"]', { hasText: refused }).filter({ hasText: '✗ Customer' }).waitFor();
  await page.reload();
  await tid(page, 'send-row').first().waitFor();
  assert.equal(await listed(), before - 3);
  assert.equal(await page.locator('[data-testid="send-row"]', { hasText: refused }).count(), 1);

  await open(page, 'settings');
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'export-backup').click()]);
  const backup = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(backup.emails.length, queued);
  for (const email of backup.emails) {
    assert.equal(email.status, 'Pending');
    assert.equal(email.from.address, 'faktura@nordlysdemo.no');
    assert.ok(email.attachments.length + (email.html_body ? 1 : 0) >= 1, JSON.stringify(email.subject));
  }
  const emailed = backup.documents.filter((d) => refs.includes(d.ref_nbr) && d.emailed);
  assert.equal(emailed.length, 3);
  await context.close();
});

test('print: one page of the chosen documents, marked printed', async () => {
  const { context, page } = await freshPage(browser);
  await loadDemo(page);
  await open(page, 'send-invoices');
  await tid(page, 'send-action').selectOption('print');
  await tid(page, 'send-row').first().waitFor();
  for (let i = 0; i < 2; i += 1) await tid(page, 'send-row').nth(i).locator('[data-testid="send-select"]').check();
  await tid(page, 'send-process').click();
  await tid(page, 'print-all-now').waitFor();
  assert.equal(await tid(page, 'invoice-print').count(), 2);
  await page.evaluate(() => { window.print = () => {}; });
  await tid(page, 'print-all-now').click();
  await tid(page, 'print-all-state').filter({ hasText: '2 of 2 printed before' }).waitFor();
  await shot(page, 'e2e-print-invoices');
  await context.close();
});
