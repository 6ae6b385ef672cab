// Notification templates and mass emails (SPEC R10.1, R10.3, seed 000: "notify customer
// contacts about expiration of their credit cards"): a template with an unknown
// placeholder is refused at its field and nothing is saved; the placeholder picker
// inserts at the cursor; the template goes on a mailing; mass emails for customers with
// a card expiring before a date are previewed (count, filled-in texts, who gets none)
// and queued; the queued emails are in the ledger (a backup export). axe-core over the
// new windows.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { launch, freshPage, tid, shot, openWindow, see, newCustomer } from './harness.mjs';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Goes to `hash` in the running app (no reload) and waits for the window. */
async function go(page, hash) {
  await page.evaluate((h) => { location.hash = `#/${h}`; }, hash);
  await page.waitForFunction((h) => location.hash === `#/${h}` && document.querySelector('main')?.children.length > 0, hash);
}

async function violations(page, where) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE_PATH });
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => `${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  return found.map((v) => `${where}: ${v}`);
}

/** A customer with `email` (or none) and a card ending in `last4` that expires `expiry`. */
async function customerWithCard(page, name, email, last4, expiry) {
  const id = await newCustomer(page, name, email ? { email } : {});
  await tid(page, 'tab-payment-methods').click();
  await tid(page, 'method-add').click();
  await tid(page, 'method-id-0').selectOption('CARD');
  await tid(page, 'method-card-type-0').fill('VISA');
  await tid(page, 'method-card-number-0').fill(`4111 1111 1111 ${last4}`);
  await tid(page, 'method-expiry-0').fill(expiry);
  await tid(page, 'save').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="dirty"]').classList.contains('shown'));
  return id;
}

test('a card-expiry template: refused with an unknown placeholder, put on a mailing, mass emails previewed and queued', async () => {
  const { context, page } = await freshPage(browser);
  await page.setViewportSize({ width: 1366, height: 768 });
  await openWindow(page, 'settings');
  await tid(page, 'settings-company-email').fill('faktura@mittfirma.no');
  await tid(page, 'save').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="dirty"]').classList.contains('shown'));

  // 1. A template with a misspelt placeholder: the message is at the subject, the tab is marked, nothing is saved.
  await go(page, 'templates');
  await tid(page, 'templates-empty').waitFor();
  await tid(page, 'new-template').click();
  await see(page, 'window-title', 'New notification template');
  await tid(page, 'template-id').fill('cardexpiry');
  await tid(page, 'template-description').fill('Your card expires soon');
  await tid(page, 'template-subject').fill('Card for ((Customer.Nmae))');
  await tid(page, 'template-text_body').fill('Dear ((Customer.Name)),\nyour card expires ((PaymentMethod.Expiry)).');
  await tid(page, 'template-html_body').fill('<p onclick="steal()">Dear <b>((Customer.Name))</b></p><script>steal()</script>');
  await tid(page, 'save').click();
  await see(page, 'error-variants.0.subject', 'Unknown placeholders: ((Customer.Nmae))');
  assert.equal(await tid(page, 'variant-tab-0').evaluate((b) => b.classList.contains('has-problem')), true);
  await see(page, 'window-title', 'New notification template');
  await tid(page, 'problem-summary').waitFor();
  await shot(page, 'e2e-template-refused');
  // Nothing was saved: the list is still empty (leaving asks about the unsaved changes).
  page.once('dialog', (d) => d.accept());
  await go(page, 'templates');
  await tid(page, 'templates-empty').waitFor();
  await go(page, 'templates/new');
  await tid(page, 'template-id').fill('cardexpiry');
  await tid(page, 'template-description').fill('Your card expires soon');
  await tid(page, 'template-text_body').fill('Dear ((Customer.Name)),\nyour card expires ((PaymentMethod.Expiry)).');
  await tid(page, 'template-html_body').fill('<p onclick="steal()">Dear <b>((Customer.Name))</b></p><script>steal()</script>');

  // 2. Fixed with the picker: the placeholder goes where the cursor was in the subject.
  await tid(page, 'template-subject').fill('Your card  expires soon');
  await tid(page, 'template-subject').evaluate((el) => { el.focus(); el.setSelectionRange(10, 10); });
  await tid(page, 'placeholder-filter').fill('masked');
  await tid(page, 'placeholder-option').first().click();
  assert.equal(await tid(page, 'template-subject').inputValue(), 'Your card ((PaymentMethod.MaskedNumber)) expires soon');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Notification template CARDEXPIRY');
  assert.equal(await tid(page, 'problem-summary').count(), 0);

  // 3. On a new mailing of the preferences, template only (no report), to the customer's main email.
  await go(page, 'mailing-settings');
  await tid(page, 'preference-mailings-add').click();
  const i = (await page.locator('[data-testid^="preference-mailings-template-"]').count()) - 1;
  await tid(page, `preference-mailings-id-${i}`).fill('CARDEXPIRY');
  await tid(page, `preference-mailings-report-invoice-${i}`).uncheck();
  // Neither a report nor a template: refused at the reports cell.
  await tid(page, 'save').click();
  await page.locator(`[data-field="mailings.${i}.reports"]`).filter({ hasText: 'Choose a report or a notification template' }).waitFor();
  await tid(page, `preference-mailings-template-${i}`).selectOption('CARDEXPIRY');
  await tid(page, `preference-mailings-format-${i}`).selectOption('HTML');
  await tid(page, 'preference-mailings-recipient-add').click();
  await tid(page, 'save').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="dirty"]').classList.contains('shown'));
  assert.equal(await tid(page, 'problem-summary').count(), 0);

  // 4. Customers (their starter class copies the preferences' mailings): three cards expire before 2027.
  const nordlys = await customerWithCard(page, 'Nordlys Bygg AS', 'post@nordlysbygg.no', '1111', '11/26');
  await customerWithCard(page, 'Havblikk Fisk AS', 'post@havblikk.no', '2222', '05/28');
  const stille = await customerWithCard(page, 'Stille Vann AS', '', '3333', '10/26');
  await customerWithCard(page, 'Fjellro Hytter AS', 'booking@fjellro.no', '4444', '12/26');

  // The template's preview fills in the first customer.
  await go(page, 'templates/CARDEXPIRY');
  await see(page, 'preview-subject', 'Your card **** **** **** 1111 expires soon');
  await page.waitForFunction(() => document.querySelector('[data-testid="preview-text"]')?.innerText.includes('Dear Nordlys Bygg AS,'));
  assert.equal(await tid(page, 'preview-html').getAttribute('sandbox'), '');
  // The HTML body, filled in, in a frame that runs nothing (escaped or sanitised: shown, never run).
  await page.waitForFunction(() => document.querySelector('[data-testid="preview-html"]')?.getAttribute('srcdoc')?.includes('Nordlys Bygg AS'));
  await tid(page, 'preview-html').scrollIntoViewIfNeeded();
  const body = page.frameLocator('[data-testid="preview-html"]').locator('body');
  await body.filter({ hasText: 'Nordlys Bygg AS' }).waitFor();
  assert.match(await body.innerText(), /Dear[\s\S]*Nordlys Bygg AS/);
  await shot(page, 'e2e-template-window');
  await tid(page, 'template-preview').scrollIntoViewIfNeeded();
  await page.screenshot({ path: new URL('../../target/screenshots/e2e-template-preview.png', import.meta.url).pathname });

  // 5. Mass emails: the preview shows the count, the texts filled in, and who gets none.
  await go(page, 'mass-emails');
  await tid(page, 'mass-mailing').selectOption('CARDEXPIRY');
  await tid(page, 'mass-expiring-before').fill('2027-01-01');
  await tid(page, 'mass-preview').click();
  await see(page, 'mass-count', '2 emails for 2 customers; nothing is queued until you click Queue emails.');
  assert.equal(await tid(page, 'mass-sample').count(), 2);
  assert.equal(await tid(page, 'mass-sample-subject').first().innerText(), 'Your card **** **** **** 1111 expires soon');
  assert.match(await tid(page, 'mass-sample-text').first().innerText(), /^Dear Nordlys Bygg AS,\nyour card expires 11\/26\.$/);
  assert.match(await tid(page, 'mass-sample').first().innerText(), new RegExp(`${nordlys} Nordlys Bygg AS`));
  assert.match(await tid(page, 'mass-sample').nth(1).innerText(), /Fjellro Hytter AS[\s\S]*booking@fjellro\.no[\s\S]*4444 expires soon/);
  const skipped = await tid(page, 'mass-skipped').innerText();
  assert.match(skipped, new RegExp(`${stille}\\s+Stille Vann AS\\s+Customer ${stille} has no usable recipient`));
  assert.doesNotMatch(await tid(page, 'mass-result').innerText(), /Havblikk/);
  await shot(page, 'e2e-mass-emails-preview');
  const axe = await violations(page, 'mass-emails');

  // 6. Queue them: they wait in Pending emails.
  await see(page, 'mass-queue', 'Queue 2 emails');
  await tid(page, 'mass-queue').click();
  await page.locator('[data-testid="mass-outcome"]').filter({ hasText: '2 emails are waiting in Pending emails.' }).waitFor();
  assert.equal(await tid(page, 'mass-pending-link').getAttribute('href'), '#/pending-emails');
  assert.equal(await tid(page, 'mass-result').count(), 0, 'the preview goes once queued');

  // The emails are in the ledger (the backup holds them).
  await go(page, 'settings');
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'export-backup').click()]);
  const backup = JSON.parse(await readFile(await download.path(), 'utf8'));
  const emails = backup.emails ?? [];
  assert.deepEqual(emails.map((e) => [e.mailing_id, e.to.map((m) => m.address).join(','), e.subject]), [
    ['CARDEXPIRY', 'post@nordlysbygg.no', 'Your card **** **** **** 1111 expires soon'],
    ['CARDEXPIRY', 'booking@fjellro.no', 'Your card **** **** **** 4444 expires soon'],
  ]);
  assert.deepEqual(emails.map((e) => e.status), ['Pending', 'Pending']);
  // Made safe by the render worker's sanitiser before it was queued: formatting kept,
  // script and event handlers gone, the placeholder's value filled in.
  assert.match(emails[0].html_body, /<b>Nordlys Bygg AS<\/b>/);
  assert.ok(!/script|onclick|steal/.test(emails[0].html_body), emails[0].html_body);

  // 7. A template a mailing uses cannot be deleted.
  await go(page, 'templates/CARDEXPIRY');
  page.once('dialog', (d) => d.accept());
  await tid(page, 'delete').click();
  await page.locator('[data-testid="problem-summary"]').filter({ hasText: 'Template CARDEXPIRY is used by mailing CARDEXPIRY of the preferences' }).waitFor();

  // axe-core over the new windows.
  axe.push(...(await violations(page, 'templates/CARDEXPIRY')));
  await go(page, 'templates');
  await tid(page, 'templates').waitFor();
  axe.push(...(await violations(page, 'templates')));
  await go(page, 'templates/new');
  axe.push(...(await violations(page, 'templates/new')));
  assert.deepEqual(axe, []);
  await context.close();
});
