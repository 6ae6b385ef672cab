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
      .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
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

test('a long list scrolls: the rows shown are those at the scroll position, in the same row elements', async () => {
  await page.goto(`${BASE_URL}#/customers`);
  await tid(page, 'customers-row').first().waitFor();
  const { all } = await count('customers');
  const body = tid(page, 'customers-body');
  const shownRows = () => page.$$eval('[data-testid="customers-row"]', (els) => els.map((el) => ({
    index: Number(el.getAttribute('aria-rowindex')), pos: Number(el.dataset.pos), key: el.dataset.key, top: el.getBoundingClientRect().top,
  })));
  const before = await shownRows();
  const firstKey = before[0].key;
  const firstRow = await page.$('[data-testid="customers-row"]');

  // Row 100 at the top of the list's view.
  await body.evaluate((b) => { b.scrollTop = 100 * 30; });
  await page.waitForFunction(() => document.querySelector('[data-testid="customers-row"]')?.dataset.pos !== '0');
  const after = await shownRows();
  assert.equal(after.length, before.length, 'as many rows in the DOM as before');
  after.forEach((r, i) => {
    assert.equal(r.pos, after[0].pos + i, 'the rows follow one another');
    assert.equal(r.index, r.pos + 3, 'aria-rowindex counts the header and search rows');
  });
  const viewTop = await body.evaluate((b) => b.getBoundingClientRect().top);
  const atTop = after.find((r) => r.pos === 100);
  assert.ok(atTop && Math.abs(atTop.top - viewTop) < 2, `row 100 is at the top of the view (${atTop?.top} vs ${viewTop})`);
  assert.equal(new Set(after.map((r) => r.key)).size, after.length, 'each row shows another customer');
  // The same element, now showing another row: scrolling builds no rows.
  assert.equal(await firstRow.evaluate((el) => el.isConnected), true);
  assert.notEqual(await firstRow.evaluate((el) => el.dataset.key), firstKey);

  // What row 100 shows is that customer's own cells: the search finds the same name.
  const [id, name] = await page.$eval('[data-testid="customers-row"][data-pos="100"]', (el) => [...el.querySelectorAll('.td')].slice(0, 2).map((td) => td.innerText.trim()));
  await tid(page, 'customers-search-0').fill(id);
  await page.waitForFunction((n) => !document.querySelector('[data-testid="customers-count"]')?.textContent.endsWith(`${n} of ${n}`), all.toLocaleString('en-US'));
  const found = (await rows('customers')).filter((r) => r[0] === id);
  assert.deepEqual(found.map((r) => r.slice(0, 2)), [[id, name]]);
  await tid(page, 'customers-search-0').fill('');
  await page.waitForFunction((n) => document.querySelector('[data-testid="customers-count"]')?.textContent.startsWith(n), all.toLocaleString('en-US'));

  // End from the keyboard: the last row takes the focus, scrolled into view.
  await page.locator('[data-testid="customers-row"]').first().focus();
  await page.keyboard.press('End');
  await page.waitForFunction((last) => document.activeElement?.dataset?.pos === String(last), all - 1);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-rowindex')), String(all + 2));
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.activeElement?.dataset?.pos === '0');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.key), firstKey);
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
