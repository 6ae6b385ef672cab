// Screenshots of every window for a person to look at (not a test):
//   BASE_URL=http://127.0.0.1:8765/ node tests/e2e/screens.mjs [--demo]
import { launch, freshPage, tid, shot, BASE_URL } from './harness.mjs';

const browser = await launch();
const { context, page } = await freshPage(browser);
await page.setViewportSize({ width: 1366, height: 768 });
await page.goto(`${BASE_URL}#/customers`);
await tid(page, 'app-frame').waitFor({ timeout: 20000 });
if (process.argv.includes('--demo')) {
  await page.goto(`${BASE_URL}#/settings`);
  page.once('dialog', (d) => d.accept());
  await tid(page, 'load-demo').click();
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60000 });
}
for (const hash of ['customers', 'customers/new', 'classes', 'invoices', 'invoices/new', 'invoices/INV000001', 'payments', 'payments/PAY000001', 'invoices/credit-note/CN000001', 'payments/prepayment/PAY000020', 'release', 'unreleased-documents', 'open-documents', 'invoices/invoice/INV000001/print', 'settings', 'reference-tables', 'mailing-settings', 'credit-hold', 'customer-details?customer=10003', 'journal', 'overdue-charges', 'write-offs', 'templates', 'templates/new', 'mass-emails', 'pending-emails', 'send-invoices']) {
  await page.goto(`${BASE_URL}#/${hash}`);
  await page.waitForTimeout(400);
  console.log(await shot(page, `screen-${hash.replaceAll('/', '-')}`));
}
// Every tab of the customer and class windows.
for (const [hash, tabs] of [
  ['customers/10001', ['general', 'financial', 'invoicing', 'delivery', 'locations', 'payment-methods', 'contacts', 'print-email', 'parent', 'attributes', 'mailings', 'activities', 'documents']],
  ['classes/DOMESTIC', ['general', 'credit', 'print-email', 'attributes', 'mailings']],
]) {
  await page.goto(`${BASE_URL}#/${hash}`);
  for (const tab of tabs) {
    const button = tid(page, `tab-${tab}`);
    if (!(await button.count())) continue;
    await button.click();
    await page.waitForTimeout(250);
    console.log(await shot(page, `screen-${hash.replaceAll('/', '-')}-${tab}`));
  }
}
await page.goto(`${BASE_URL}#/mailing-settings`);
await page.waitForTimeout(400);
console.log(await shot(page, 'screen-mailing-settings'));
await context.close();
await browser.close();
