// The ageing reports (SPEC R8) on the demo company, as a credit controller uses them:
// Aged past due shows a bar per bucket and the report's total beside the sum of the
// balances (equal); a click on a bar keeps only that bucket's documents; a row opens
// its document; Export CSV writes the CLI's columns and its amounts add up to the
// total; PDF (read by poppler) and Excel come from the render worker; Print opens the print dialog; Aged outstanding and the currency version work
// on the same data.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { launch, freshPage, tid, shot, openWindow as open } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const count = async (page, id) => Number((await tid(page, `${id}-count`).innerText()).split(' of ')[0].replace(/\D/g, ''));

test('aged past due: chart, totals equal balances, a bar filters, CSV adds up, drill-down', async () => {
  const { context, page } = await freshPage(browser);
  await open(page, 'settings');
  await tid(page, 'load-demo').click();
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60000 });

  await open(page, 'ageing');
  await tid(page, 'ageing-chart').first().waitFor();
  const totals = (await tid(page, 'ageing-totals').innerText()).replace(/\u00a0/g, ' ');
  // "Report total 1,234.00 NOK · balances 1,234.00 NOK"
  const m = totals.match(/^Report total (\S+) (\w+) · balances (\S+) (\w+)/);
  assert.ok(m, totals);
  assert.equal(m[1], m[3], 'the report total equals the sum of the balances');
  const bars = tid(page, 'ageing-bar');
  assert.ok((await bars.count()) >= 4, 'Current and at least three periods');
  await shot(page, 'e2e-ageing');

  // Every customer's Total equals its Balance.
  const all = await count(page, 'ageing-documents');
  assert.ok(all > 10, `documents listed: ${all}`);

  // A click on the last bar (Over N) keeps only its documents; again shows all.
  const last = bars.last();
  const label = await last.textContent();
  await last.click();
  await tid(page, 'ageing-filter').waitFor();
  const some = await count(page, 'ageing-documents');
  assert.ok(some > 0 && some < all, `${label}: ${some} of ${all}`);
  await shot(page, 'e2e-ageing-filtered');
  await last.click();
  await tid(page, 'ageing-filter').waitFor({ state: 'detached' });
  assert.equal(await count(page, 'ageing-documents'), all);

  // CSV: the CLI's columns, and its amounts add up to the report's total.
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'ageing-export').click()]);
  const csv = (await readFile(await download.path(), 'utf8')).trim().split(/\r?\n/);
  assert.equal(csv[0], 'cycle,customer,type,ref,currency,date,due_date,days,bucket,amount');
  assert.equal(csv.length - 1, all);
  const cents = csv.slice(1).reduce((sum, line) => sum + Math.round(Number(line.split(',').pop()) * 100), 0);
  assert.equal(cents, Math.round(Number(m[1].replace(/,/g, '')) * 100));

  // PDF (read by poppler) and Excel (a workbook: a zip with a sheet) from the render worker.
  const [pdf] = await Promise.all([page.waitForEvent('download'), tid(page, 'ageing-pdf').click()]);
  assert.match(pdf.suggestedFilename(), /^aged-past-due-\d{4}-\d{2}-\d{2}\.pdf$/);
  const pdfText = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', await pdf.path(), '-']).toString();
  assert.match(pdfText, /Aged past due/);
  assert.match(pdfText, /Page 1 of \d+/);
  assert.ok(pdfText.replace(/\u00a0/g, ' ').includes(m[1]), `the report total ${m[1]} is in the PDF`);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), tid(page, 'ageing-xlsx').click()]);
  const book = await readFile(await xlsx.path());
  assert.equal(book.subarray(0, 2).toString(), 'PK', 'an .xlsx is a zip');
  assert.ok(book.includes('xl/worksheets/sheet1.xml'), 'with a worksheet');

  // Print opens the browser's print dialog (counted, not shown).
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
  await tid(page, 'ageing-print').click();
  assert.equal(await page.evaluate(() => window.__printed), 1);

  // Aged outstanding and the currency version on the same ledger.
  await tid(page, 'ageing-kind').selectOption('outstanding');
  await page.locator('[data-testid="window-title"]', { hasText: 'Aged outstanding' }).waitFor();
  assert.match(await tid(page, 'ageing-chart').first().innerText(), /Past due/);
  await tid(page, 'ageing-currency-version').check();
  assert.ok((await tid(page, 'ageing-chart').count()) >= 2, 'a chart per currency (the demo has EUR documents)');

  // Drill-down: a document row opens its document.
  await tid(page, 'ageing-kind').selectOption('past-due');
  await page.locator('[data-testid="ageing-documents"] [role="row"][aria-rowindex="3"]').click();
  await page.waitForFunction(() => /^#\/(invoices|payments)\//.test(location.hash));
  await context.close();
});
