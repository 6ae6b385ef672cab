// List windows with the demo company: the search row (terms, % wildcard, case), the
// value filter, sorting, and keyboard use (arrows, Enter opens).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, freshPage, tid, shot, BASE_URL } from './harness.mjs';

let browser;
let page;
let context;
before(async () => {
  browser = await launch();
  ({ context, page } = await freshPage(browser));
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(`${BASE_URL}#/settings`);
  await tid(page, 'app-frame').waitFor({ timeout: 20000 });
  await tid(page, 'load-demo').click();
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60000 });
});
after(async () => {
  await context?.close();
  await browser?.close();
});

/** Cell texts of the rendered rows, one array per row. */
async function rows(table) {
  return page.$$eval(`[data-testid="${table}-row"]`, (els) =>
    els
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((el) => [...el.querySelectorAll('.td')].map((td) => td.innerText.replace(/\u00a0/g, ' ').trim())));
}

async function count(table) {
  const text = await tid(page, `${table}-count`).innerText();
  const [shown, all] = text.split(' of ').map((n) => Number(n.replace(/,/g, '')));
  return { shown, all };
}

test('customer search: terms in any order, % keeps order, case ignored', async () => {
  await page.goto(`${BASE_URL}#/customers`);
  await tid(page, 'customers-row').first().waitFor();
  assert.deepEqual(await count('customers'), { shown: 250, all: 250 });
  const name = tid(page, 'customers-search-1');

  await name.fill('AS FJELL');
  let found = await rows('customers');
  assert.ok(found.length > 0 && found.length < 250);
  assert.equal((await count('customers')).shown, found.length);
  for (const r of found) {
    assert.match(r[1], /fjell/i);
    assert.match(r[1], /as/i);
  }

  await name.fill('fjell%as');
  const ordered = await rows('customers');
  for (const r of ordered) assert.match(r[1].toLowerCase(), /fjell.*as/);
  await name.fill('as%fjell');
  for (const r of await rows('customers')) assert.match(r[1].toLowerCase(), /as.*fjell/);
  assert.ok((await count('customers')).shown < ordered.length, 'the wildcard keeps the order of its parts');
  await shot(page, 'e2e-customers-search');

  await name.fill('');
  assert.equal((await count('customers')).shown, 250);
});

test('value filter, sort and keyboard', async () => {
  await page.goto(`${BASE_URL}#/customers`);
  await tid(page, 'customers-row').first().waitFor();
  // Status is column 3: pick a value, every row has it.
  await tid(page, 'customers-filter-3').selectOption('On hold');
  const held = await rows('customers');
  assert.ok(held.length > 0 && held.length < 250, `${held.length} on hold`);
  for (const r of held) assert.equal(r[3], 'On hold');
  // Export CSV writes exactly the rows shown.
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'customers-export').click()]);
  const csv = (await (await import('node:fs/promises')).readFile(await download.path(), 'utf8')).trim().split('\n');
  assert.equal(csv[0], 'Customer no.,Name,Class,Status,City,Country,Currency,Email,Balance');
  assert.equal(csv.length - 1, held.length);
  assert.ok(csv.slice(1).every((line) => line.split(',')[3] === 'On hold'));
  await tid(page, 'customers-filter-3').selectOption('');
  assert.equal((await count('customers')).shown, 250);

  // Sort by balance (last column) ascending: the rendered rows are in order.
  await tid(page, 'customers-sort-8').click();
  const sorted = (await rows('customers')).map((r) => Number(r[8].replace(/[ ,]/g, '')));
  assert.ok(sorted.length > 5);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i - 1] <= sorted[i], `row ${i}: ${sorted[i - 1]} > ${sorted[i]}`);

  // Keyboard: focus the table, two rows down, Enter opens that customer.
  const third = (await rows('customers'))[2][0];
  await tid(page, 'customers-body').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => location.hash === `#/customers/${id}`, third);
  await tid(page, 'customer-balance').waitFor();
});

test('Ctrl+K jumps to a customer, a document or a window', async () => {
  await page.goto(`${BASE_URL}#/customers`);
  await tid(page, 'customers-row').first().waitFor();
  await page.keyboard.press('Control+k');
  await page.keyboard.type('10005');
  await tid(page, 'jump-item').first().waitFor();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#/customers/10005');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('INV000002');
  await tid(page, 'jump-item').filter({ hasText: 'Invoice INV000002' }).waitFor();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash.endsWith('/INV000002'));
  await page.keyboard.press('Control+k');
  await page.keyboard.type('journal');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#/journal');
});
