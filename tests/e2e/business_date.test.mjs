// The business date in the header (R0.5, R13.6): +1 day and +1 month move it and mark
// it "not today"; what says "today" follows (a new invoice's date, the ageing date);
// a typed date sets any day (one that is not a date is refused beside the field); Today goes back to the computer's date. It survives a
// reload (it is stored with the settings).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, freshPage, tid, shot, openWindow as open } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const shown = async (page) => tid(page, 'business-date-input').inputValue();
const iso = (d) => d.toISOString().slice(0, 10);

test('+1 day, +1 month, the picker and Today move the business date, and "today" follows', async () => {
  const { context, page } = await freshPage(browser);
  await open(page, 'customers');
  const today = await shown(page);
  assert.match(today, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(await tid(page, 'business-date-not-today').count(), 0);

  await tid(page, 'business-date-next-day').click();
  const next = new Date(`${today}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  await page.waitForFunction((d) => document.querySelector('[data-testid="business-date-input"]').value === d, iso(next));
  await tid(page, 'business-date-not-today').waitFor();

  // A date that is not one is refused beside the field; the business date stays.
  await tid(page, 'business-date-input').fill('2027-02-30');
  await tid(page, 'business-date-input').press('Enter');
  await tid(page, 'error-business-date').waitFor();
  await shot(page, 'e2e-business-date-error');
  // Typed: January 31st, then +1 month is February's last day.
  await tid(page, 'business-date-input').fill('2027-01-31');
  await tid(page, 'business-date-input').press('Enter');
  await tid(page, 'error-business-date').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelector('[data-testid="business-date-input"]').value === '2027-01-31');
  await tid(page, 'business-date-next-month').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="business-date-input"]').value === '2027-02-28');
  await shot(page, 'e2e-business-date');

  // What says "today" follows: a new invoice is dated on it, the ageing date defaults to it.
  await open(page, 'invoices/new');
  assert.equal(await tid(page, 'invoice-date').inputValue(), '2027-02-28');
  await open(page, 'ageing');
  assert.equal(await tid(page, 'ageing-date').inputValue(), '2027-02-28');

  // Stored: a reload keeps it; Today goes back.
  await page.reload();
  await tid(page, 'business-date-input').waitFor();
  assert.equal(await shown(page), '2027-02-28');
  await tid(page, 'business-date-today').click();
  await page.waitForFunction((d) => document.querySelector('[data-testid="business-date-input"]').value === d, today);
  await tid(page, 'business-date-not-today').waitFor({ state: 'detached' });
  await context.close();
});
