// Invoices as PDF and Excel (SPEC R10.4) as a bookkeeper gets them: the print view's
// PDF and Excel buttons. They run in the render worker, a second wasm the app starts
// on the first click (nothing of it loads before); its fonts come from fonts/, the
// CJK fallback only for an invoice that needs it. A renderer that cannot load gives
// a message in the window, not a broken page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { launch, freshPage, tid, openWindow as open, see, newClass, newCustomer } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A customer named `name` with one invoice (INV000001), and its print view open. */
async function invoiceToPrint(page, name) {
  await open(page, 'settings');
  await tid(page, 'settings-company-name').fill('Bryggeriutstyr Nord AS');
  await tid(page, 'save').click();
  await page.locator('[data-testid="notice"]', { hasText: 'Preferences saved' }).waitFor();
  await newClass(page, 'DOM', 'Domestic');
  assert.equal(await newCustomer(page, name), '10001');
  await open(page, 'invoices/new?customer=10001');
  await tid(page, 'line-0-description').fill('Gjærtank 500 l, frakt 25 €');
  await tid(page, 'line-0-unit_price').fill('1000');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Invoice INV000001');
  await tid(page, 'print').click();
  await tid(page, 'invoice-print').waitFor();
}

async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), tid(page, button).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), path, bytes: await readFile(path) };
}

test('the PDF and the workbook of an invoice come from the render worker', async () => {
  const { context, page } = await freshPage(browser);
  const loaded = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (/render_worker|\/fonts\//.test(path)) loaded.push(path.split('/').pop());
  });
  await invoiceToPrint(page, 'Ærlig Øl & Å-bryggeriet 株式会社 東京');
  assert.deepEqual(loaded, [], 'nothing of the renderer loads before it is needed');

  const pdf = await download(page, 'print-pdf');
  assert.equal(pdf.name, 'INV000001.pdf');
  assert.equal(pdf.bytes.subarray(0, 5).toString(), '%PDF-');
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf.path, '-']).toString();
  for (const wanted of ['INV000001', 'Ærlig Øl & Å-bryggeriet', '株式会社 東京', '25 €', 'Bryggeriutstyr Nord AS']) {
    assert.ok(text.includes(wanted), `${wanted} is not in the PDF's text:\n${text}`);
  }
  for (const file of ['render_worker_loader.js', 'render_worker_bg.wasm', 'DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DroidSansFallbackFull.ttf']) {
    assert.ok(loaded.includes(file), `${file} was loaded (${loaded.join(', ')})`);
  }
  await page.locator('[data-testid="notice"]', { hasText: 'INV000001.pdf saved' }).waitFor();

  const xlsx = await download(page, 'print-xlsx');
  assert.equal(xlsx.name, 'INV000001.xlsx');
  assert.equal(xlsx.bytes.subarray(0, 2).toString(), 'PK', 'an xlsx is a zip');
  assert.equal(loaded.filter((f) => f === 'render_worker_bg.wasm').length, 1, 'one worker serves both jobs');
  await context.close();
});

test('a latin invoice does not fetch the CJK font', async () => {
  const { context, page } = await freshPage(browser);
  const fonts = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.includes('/fonts/')) fonts.push(path.split('/').pop());
  });
  await invoiceToPrint(page, 'Ærlig Øl AS');
  const pdf = await download(page, 'print-pdf');
  assert.equal(pdf.bytes.subarray(0, 5).toString(), '%PDF-');
  assert.deepEqual(fonts.sort(), ['DejaVuSans-Bold.ttf', 'DejaVuSans.ttf']);
  await context.close();
});

test('a renderer that cannot load is a message in the window', async () => {
  // Playwright cannot intercept a worker's script once a service worker is registered
  // in the context (even for a page it does not control), so this one test runs without
  // the app's service worker; offline.test.mjs tests the worker itself.
  const { context, page } = await freshPage(browser, { serviceWorkers: 'block' });
  await invoiceToPrint(page, 'Ærlig Øl AS');
  await page.route('**/render_worker_loader.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await tid(page, 'print-pdf').click();
  await tid(page, 'problem-summary').filter({ hasText: 'could not be started' }).waitFor({ timeout: 30000 });
  // The window still works, and the next try starts the worker anew.
  await page.unroute('**/render_worker_loader.js');
  const pdf = await download(page, 'print-pdf');
  assert.equal(pdf.bytes.subarray(0, 5).toString(), '%PDF-');
  await context.close();
});
