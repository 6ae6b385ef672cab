// Pending print / Pending email (SPEC R1.3, R4.5) as a bookkeeper meets them: with
// "Require invoice printing before release" on, a customer's invoice (new customers
// get Print invoices from their class, on by default) goes Pending print, release is
// refused with the reason, Print marks it printed, and then it releases. Email puts
// the invoice's email (the INVOICE mailing, the invoice as a PDF) in Pending emails
// and marks the invoice emailed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, freshPage, tid, shot, openWindow as open, see, newClass, newCustomer } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function setUp(page, { printing, emailing }) {
  await open(page, 'settings');
  await tid(page, 'settings-company-name').fill('Fjordkraft Regnskap AS');
  await tid(page, 'settings-company-email').fill('faktura@fjordkraft.no');
  if (printing) await tid(page, 'settings-require-printing').check();
  if (emailing) await tid(page, 'settings-require-emailing').check();
  await tid(page, 'save').click();
  await page.locator('[data-testid="notice"]', { hasText: 'Preferences saved' }).waitFor();
  await newClass(page, 'DOM', 'Domestic');
  assert.equal(await newCustomer(page, 'Nordlys Bygg AS', { email: 'post@nordlysbygg.no' }), '10001');
}

test('pending print: release refused until printed, then released', async () => {
  const { context, page } = await freshPage(browser);
  await setUp(page, { printing: true, emailing: false });

  await open(page, 'invoices/new?customer=10001');
  await tid(page, 'line-0-description').fill('Roof inspection');
  await tid(page, 'line-0-unit_price').fill('1000');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Invoice INV000001');
  await see(page, 'status', 'Pending print');
  await tid(page, 'pending-delivery').waitFor();

  // Release is refused, with the reason.
  await tid(page, 'release').click();
  await tid(page, 'problem-summary').filter({ hasText: 'pending print' }).waitFor();
  await see(page, 'status', 'Pending print');

  // The Release window lists it and says why it fails.
  await open(page, 'release');
  await tid(page, 'release-all').click();
  await see(page, 'release-summary', 'Released 0, failed 1.');
  await page.getByText('✗ Invoice INV000001 is pending print', { exact: false }).waitFor();

  // Print: the print-ready invoice, then Print marks it printed.
  await open(page, 'invoices/INV000001');
  await tid(page, 'print').click();
  await tid(page, 'invoice-print').waitFor();
  await see(page, 'print-company', 'Fjordkraft Regnskap AS');
  await see(page, 'print-total', '1,250.00');
  assert.match(await tid(page, 'print-customer').innerText(), /Nordlys Bygg AS/);
  await see(page, 'print-state', 'Not printed yet');
  // The browser's print dialog is not part of the test: count the calls instead.
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
  await tid(page, 'print-now').click();
  await see(page, 'print-state', 'Printed before');
  assert.equal(await page.evaluate(() => window.__printed), 1);
  await shot(page, 'e2e-invoice-print');

  await tid(page, 'print-back').click();
  await see(page, 'status', 'Balanced');
  await see(page, 'invoice-delivered', 'yes / no');
  await tid(page, 'release').click();
  await see(page, 'status', 'Open');

  // After a reload it is still released and printed.
  await page.reload();
  await see(page, 'status', 'Open');
  await see(page, 'invoice-delivered', 'yes / no');
  await context.close();
});

test('pending email: Email queues the invoice with its PDF in Pending emails and lets the invoice go', async () => {
  const { context, page } = await freshPage(browser);
  await setUp(page, { printing: false, emailing: true });
  // The customer wants invoices by email (set through its stored record: the
  // customer window's mailing tab is another issue), via a backup round trip.
  await open(page, 'settings');
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'export-backup').click()]);
  const backup = JSON.parse(await readFile(await download.path(), 'utf8'));
  const text = JSON.stringify(backup).replace(/"email_invoices":false/g, '"email_invoices":true');
  page.once('dialog', (d) => d.accept());
  await tid(page, 'import-backup').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor();

  await open(page, 'invoices/new?customer=10001');
  await tid(page, 'line-0-unit_price').fill('400');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Invoice INV000001');
  await see(page, 'status', 'Pending email');
  await tid(page, 'email').click();
  await page.locator('[data-testid="notice"]', { hasText: '1 email waiting in Pending emails' }).waitFor({ timeout: 30000 });
  await see(page, 'status', 'Balanced');
  await tid(page, 'release').click();
  await see(page, 'status', 'Open');

  // The queued email, as the backup keeps it: to the customer, from the company,
  // the invoice attached as a PDF that a real reader opens.
  await open(page, 'settings');
  const [after] = await Promise.all([page.waitForEvent('download'), tid(page, 'export-backup').click()]);
  const saved = JSON.parse(await readFile(await after.path(), 'utf8'));
  assert.equal(saved.emails.length, 1);
  const email = saved.emails[0];
  assert.equal(email.status, 'Pending');
  assert.deepEqual(email.to, [{ name: 'Nordlys Bygg AS', address: 'post@nordlysbygg.no' }]);
  assert.equal(email.from.address, 'faktura@fjordkraft.no');
  assert.match(email.message_id, /@fjordkraft\.no$/);
  assert.equal(email.attachments.length, 1);
  assert.equal(email.attachments[0].file_name, 'Invoice INV000001.pdf');
  const dir = await mkdtemp(join(tmpdir(), 'reskontra-pdf-'));
  const pdf = join(dir, 'invoice.pdf');
  await writeFile(pdf, Buffer.from(email.attachments[0].bytes, 'base64'));
  const words = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  assert.match(words, /INV000001/);
  assert.match(words, /Nordlys Bygg AS/);

  // Send on the report window (Visma Net's Email activity): a new email with the
  // invoice attached as a PDF opens, to the customer, for the user to finish.
  await open(page, 'invoices/INV000001');
  await tid(page, 'print').click();
  await tid(page, 'invoice-print').waitFor();
  await tid(page, 'print-send').click();
  await page.waitForFunction(() => location.hash === '#/pending-emails/2', null, { timeout: 30000 });
  await see(page, 'window-title', 'Email 2');
  assert.equal(await tid(page, 'email-to').inputValue(), 'Nordlys Bygg AS <post@nordlysbygg.no>');
  assert.match(await tid(page, 'email-subject').inputValue(), /INV000001/);
  await see(page, 'attachment-name', 'Invoice INV000001.pdf');
  await see(page, 'email-document', 'Invoice INV000001');
  // The user adds a recipient and saves: it is an ordinary email of the queue.
  await tid(page, 'email-to').fill('Nordlys Bygg AS <post@nordlysbygg.no>; Kari <kari@nordlysbygg.no>');
  await tid(page, 'save').click();
  await page.locator('[data-testid="notice"]', { hasText: 'Email 2 saved' }).waitFor();

  // The invoice's own activity lists both emails (and its release); a row opens its email.
  await open(page, 'invoices/INV000001');
  await tid(page, 'document-activity').waitFor();
  assert.match(await tid(page, 'document-activity-count').innerText(), /^4 of 4/);
  const activity = await tid(page, 'document-activity').innerText();
  assert.match(activity, /Email 1 to post@nordlysbygg\.no/);
  assert.match(activity, /Email 2 to post@nordlysbygg\.no/);
  assert.match(activity, /Invoice INV000001 released/);
  assert.match(activity, /Invoice INV000001 emailed/);
  await tid(page, 'document-activity').scrollIntoViewIfNeeded();
  await shot(page, 'e2e-invoice-activity');
  await page.locator('[data-testid="document-activity"] [role="row"]', { hasText: 'Email 2 to' }).click();
  await page.waitForFunction(() => location.hash === '#/pending-emails/2');
  await context.close();
});
