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
for (const hash of ['customers', 'customers/new', 'customers/10001', 'classes', 'invoices', 'invoices/new', 'invoices/INV000001', 'payments', 'payments/PAY000001', 'invoices/credit-note/CN000001', 'payments/prepayment/PAY000020', 'release', 'unreleased-documents', 'open-documents', 'invoices/invoice/INV000001/print', 'settings', 'reference-tables', 'customer-details?customer=10003', 'journal', 'overdue-charges', 'write-offs', 'classes/DOMESTIC']) {
  await page.goto(`${BASE_URL}#/${hash}`);
  await page.waitForTimeout(400);
  console.log(await shot(page, `screen-${hash.replaceAll('/', '-')}`));
}
await context.close();
await browser.close();
