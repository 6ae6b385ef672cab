// Recurring documents (SPEC R7) as a bookkeeper meets them: an invoice dated the 31st
// becomes the template of a monthly lease schedule (Add to schedule); it goes
// Scheduled; the frame says two occurrences were missed (31 January and, the month
// being shorter, 28 February); Generate recurring transactions previews and makes one
// per schedule, then the rest, then nothing more; three months on, three missed
// months are generated at once and a run after a reload makes nothing; a range makes
// future months; the schedule lists every generated invoice and counts them.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, freshPage, tid, shot, openWindow as open, see, newClass, newCustomer } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a monthly lease: add to schedule, catch up the missed months once, generate a range', async () => {
  const { context, page } = await freshPage(browser);
  await open(page, 'settings');
  await tid(page, 'settings-company-name').fill('Fjordkraft Regnskap AS');
  await tid(page, 'settings-business-date').fill('2026-03-02');
  await tid(page, 'save').click();
  await page.locator('[data-testid="notice"]', { hasText: 'Preferences saved' }).waitFor();
  await newClass(page, 'DOM', 'Domestic');
  assert.equal(await newCustomer(page, 'Nordlys Bygg AS'), '10001');

  await open(page, 'invoices/new?customer=10001');
  await tid(page, 'invoice-date').fill('2026-01-31');
  await tid(page, 'line-0-description').fill('Office lease');
  await tid(page, 'line-0-unit_price').fill('10000');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Invoice INV000001');

  // Add to schedule: a monthly schedule from the invoice's date, on its day (31).
  await tid(page, 'add-to-schedule').click();
  await see(page, 'window-title', 'New schedule');
  assert.equal(await tid(page, 'schedule-start').inputValue(), '2026-01-31');
  assert.equal(await tid(page, 'schedule-day').inputValue(), '31');
  await see(page, 'schedule-every-unit', 'months');
  await tid(page, 'schedule-description').fill('Office lease');
  // A bad number is refused beside its field, and nothing is saved.
  await tid(page, 'schedule-every').fill('0');
  await tid(page, 'save').click();
  await tid(page, 'error-every').filter({ hasText: 'Must be from 1 to 999' }).waitFor();
  await tid(page, 'schedule-every').fill('1');
  await tid(page, 'save').click();
  await page.waitForFunction(() => location.hash === '#/schedules/1');
  await see(page, 'window-title', 'Schedule 000001');
  await see(page, 'schedule-next', '2026-01-31');
  assert.equal(await tid(page, 'schedule-template').count(), 1);

  // The template is Scheduled: never released itself.
  await open(page, 'invoices/INV000001');
  await see(page, 'status', 'Scheduled');
  await tid(page, 'schedule-template-notice').waitFor();

  // Two missed occurrences: 31 January and 28 February (the shorter month's last day).
  assert.match(await tid(page, 'missed-notice').innerText(), /^2 missed occurrences/);
  await tid(page, 'missed-notice-review').click();
  await see(page, 'missed-count', '2 missed occurrences');
  assert.match(await tid(page, 'missed-occurrences').innerText(), /2026-01-31, 2026-02-28/);
  await tid(page, 'missed-preview').click();
  const rows = await tid(page, 'generate-preview-row').allInnerTexts();
  assert.equal(rows.length, 1, 'a plain run makes one per schedule');
  assert.match(rows[0], /^2026-01-31 · schedule 000001 · customer 10001 · Invoice INV000002 · 12,500\.00 NOK$/);
  await shot(page, 'e2e-generate-missed');
  await tid(page, 'missed-one').click();
  await see(page, 'generate-summary', 'Generated 1 document.');
  await see(page, 'missed-count', '1 missed occurrence');
  await tid(page, 'missed-all').click();
  await see(page, 'generate-summary', 'Generated 1 document.');
  await tid(page, 'missed-occurrences').waitFor({ state: 'detached' });
  // Nothing is generated twice.
  await tid(page, 'run-all').click();
  await see(page, 'generate-summary', 'Nothing was due: no document was generated.');

  // Three months on: three missed occurrences, generated at once; after a reload a run
  // makes nothing more.
  await open(page, 'settings');
  await tid(page, 'settings-business-date').fill('2026-06-02');
  await tid(page, 'save').click();
  await page.locator('[data-testid="notice"]', { hasText: 'Preferences saved' }).waitFor();
  assert.match(await tid(page, 'missed-notice').innerText(), /^3 missed occurrences/);
  await open(page, 'generate-schedules');
  await see(page, 'missed-count', '3 missed occurrences');
  assert.match(await tid(page, 'missed-occurrences').innerText(), /2026-03-31, 2026-04-30, 2026-05-31/);
  await tid(page, 'missed-all').click();
  await see(page, 'generate-summary', 'Generated 3 documents.');
  await page.reload();
  await tid(page, 'run-all').waitFor();
  await tid(page, 'missed-occurrences').waitFor({ state: 'detached' });
  await tid(page, 'run-all').click();
  await see(page, 'generate-summary', 'Nothing was due: no document was generated.');

  // A range: every month up to 31 August, future dates included.
  await tid(page, 'generate-use-range').check();
  await tid(page, 'generate-stop-on').fill('2026-08-31');
  await tid(page, 'generate-preview-button').click();
  assert.deepEqual((await tid(page, 'generate-preview-row').allInnerTexts()).map((r) => r.slice(0, 10)), ['2026-06-30', '2026-07-31', '2026-08-31']);
  await tid(page, 'run-all').click();
  await see(page, 'generate-summary', 'Generated 3 documents.');

  // The schedule counts and lists them, newest first, each Balanced with its own
  // number and date; each opens its invoice.
  await open(page, 'schedules/1');
  await see(page, 'schedule-times', '8');
  await see(page, 'schedule-last', '2026-06-02');
  await tid(page, 'tab-generated').click();
  const generated = await tid(page, 'schedule-generated').allInnerTexts();
  assert.equal(generated.length, 8);
  assert.match(generated[0], /^2026-08-31\s+Invoice INV000009\s+Balanced\s+12,500\.00 NOK$/);
  assert.match(generated[3], /^2026-05-31\s+Invoice INV000006\s+Balanced/);
  assert.match(generated[4], /^2026-04-30\s+Invoice INV000005\s+Balanced/);
  assert.match(generated[5], /^2026-03-31\s+Invoice INV000004\s+Balanced/);
  assert.match(generated[6], /^2026-02-28\s+Invoice INV000003/);
  await shot(page, 'e2e-schedule');
  await page.locator('[data-testid="schedule-generated"] a', { hasText: 'INV000003' }).click();
  await see(page, 'window-title', 'Invoice INV000003');
  await see(page, 'status', 'Balanced');
  assert.equal(await tid(page, 'invoice-date').inputValue(), '2026-02-28');
  await tid(page, 'schedule-generated-notice').waitFor();

  // The list of schedules.
  await open(page, 'schedules');
  await see(page, 'schedules-count', '1 of 1');
  await context.close();
});
