// Nothing cut off (issue "a bookkeeper's first hour", point 8): every window at 1366×768
// with the demo company shows its text whole or keeps it on hover, nothing spills out of
// its window sideways, and a list wider than its window scrolls sideways, its header
// with its rows, instead of squeezing names to nothing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, freshPage, tid, shot, openWindow } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function demoCompany(page, width, height) {
  await page.setViewportSize({ width, height });
  await openWindow(page, 'settings');
  await tid(page, 'load-demo').click();
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60000 });
}

/** Two frames: laid out after the last change. */
async function settled(page) {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/**
 * What the window shows cut: cells, inputs and selects whose text is wider than their
 * box without the whole text in `title`; and whether anything spills out of the window
 * sideways (the window itself scrolls sideways).
 */
async function survey(page) {
  return page.evaluate(() => {
    const cut = [];
    const fields = 'main .td, main .th, main td, main th, main input:not([type=checkbox]):not([type=file]):not([type=radio]), main select';
    for (const el of document.querySelectorAll(fields)) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.bottom < 0 || box.top > window.innerHeight) continue;
      // A cell scrolled out of its table's view is not cut: it is a scroll away.
      const scroller = el.closest('.tbody, .thead, .tsearch, .scroll-x');
      if (scroller) {
        const view = scroller.getBoundingClientRect();
        if (box.right > view.right + 1 || box.left < view.left - 1) continue;
      }
      // A cell holding an input or a select is measured by that control.
      if (el.tagName === 'TD' || el.tagName === 'TH') {
        if (el.querySelector('input, select, button, .field-error:not(:empty)')) continue;
        if (getComputedStyle(el).overflow === 'visible' && getComputedStyle(el).textOverflow !== 'ellipsis') {
          // A table cell clips only if its own content is wider than the cell's box.
          if (el.scrollWidth <= el.clientWidth + 1) continue;
        }
      }
      // A sorted column's header ends in its arrow.
      let text = el.tagName === 'INPUT' ? el.value : el.innerText.replace(/ [▲▼]$/, '').trim();
      if (el.tagName === 'SELECT') text = el.selectedOptions[0]?.text ?? '';
      let wide = el.scrollWidth > el.clientWidth + 1;
      if (el.tagName === 'SELECT' && text) {
        // A select's scrollWidth does not grow with its text: measure the text.
        const probe = document.createElement('span');
        probe.style.cssText = `position:absolute;visibility:hidden;white-space:pre;font:${getComputedStyle(el).font}`;
        probe.textContent = text;
        document.body.append(probe);
        const style = getComputedStyle(el);
        const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16;
        wide = probe.getBoundingClientRect().width > room + 1;
        probe.remove();
      }
      if (wide && (el.getAttribute('title') ?? '') !== text) cut.push(`${el.tagName.toLowerCase()} ${el.getAttribute('data-testid') ?? ''}: ${text}`);
    }
    const main = document.querySelector('main');
    return { cut, spills: main.scrollWidth > main.clientWidth + 1 ? `${main.scrollWidth} > ${main.clientWidth}` : '' };
  });
}

/** Adds to `found` what the window shows cut or spilling out (all windows are checked, then the test fails with all that was found). */
async function checkWindow(page, label, found) {
  await settled(page);
  const { cut, spills } = await survey(page);
  for (const c of cut) found.push(`${label}: cut without its text on hover: ${c}`);
  if (spills) found.push(`${label}: spills out of the window sideways (${spills})`);
}

/** The key of a list's first row (an href, or a class's id). */
async function firstKey(page, testid) {
  const row = page.locator(`[data-testid="${testid}-row"]`).first();
  await row.waitFor();
  return row.getAttribute('data-key');
}

test('every window at 1366×768 with the demo company: nothing cut without its text on hover, nothing spills sideways', async () => {
  const { context, page } = await freshPage(browser);
  await demoCompany(page, 1366, 768);
  const found = [];
  const windows = ['customers', 'classes', 'invoices', 'payments', 'release', 'journal', 'unreleased-documents', 'open-documents',
    'overdue-charges', 'write-offs', 'credit-hold', 'mailing-settings', 'settings', 'reference-tables', 'customer-details?customer=10003'];
  for (const window of windows) {
    await openWindow(page, window);
    await page.locator('main .window').first().waitFor();
    await page.locator('main .td, main table, main .empty').first().waitFor();
    await checkWindow(page, window, found);
  }
  await shot(page, 'fit-customer-details');
  // A parent customer's tabs (its Parent-child tab lists its children) and a class's tabs.
  await openWindow(page, 'customers');
  const parent = `customers/${encodeURIComponent(await firstKey(page, 'customers'))}`;
  await openWindow(page, parent);
  await tid(page, 'tab-general').waitFor();
  for (const tab of await page.locator('[data-testid^="tab-"]').evaluateAll((ts) => ts.map((t) => t.getAttribute('data-testid')))) {
    await tid(page, tab).click();
    await checkWindow(page, `${parent} ${tab}`, found);
    if (tab === 'tab-parent') await shot(page, 'fit-customer-children');
  }
  await openWindow(page, 'classes');
  const classId = await firstKey(page, 'classes');
  await openWindow(page, `classes/${encodeURIComponent(classId)}`);
  await tid(page, 'tab-general').waitFor();
  for (const tab of await page.locator('[data-testid^="tab-"]').evaluateAll((ts) => ts.map((t) => t.getAttribute('data-testid')))) {
    await tid(page, tab).click();
    await checkWindow(page, `class ${classId} ${tab}`, found);
  }
  // A document of each list.
  for (const list of ['invoices', 'payments']) {
    await openWindow(page, list);
    const href = await firstKey(page, list);
    await openWindow(page, href.replace(/^#\//, ''));
    await page.locator('main .window').first().waitFor();
    await checkWindow(page, href, found);
  }
  assert.deepEqual(found, [], 'every window shows its text whole or keeps it on hover');
  await context.close();
});

/** Where a list's header cell and its first row's cell of column `n` (1-based) are, and how its scroller stands. */
async function listGeometry(page, testid, n) {
  return page.evaluate(({ testid, n }) => {
    const table = document.querySelector(`[data-testid="${testid}"]`);
    const body = table.querySelector('.tbody');
    const head = table.querySelectorAll('.thead > *')[n - 1].getBoundingClientRect();
    const cell = table.querySelector('.tr').querySelectorAll('.td')[n - 1].getBoundingClientRect();
    return { scrollWidth: body.scrollWidth, clientWidth: body.clientWidth, headLeft: head.left, headWidth: head.width, cellLeft: cell.left, cellWidth: cell.width,
      em: parseFloat(getComputedStyle(table.querySelector('.tr')).fontSize) };
  }, { testid, n });
}

test('a list wider than its window scrolls sideways, its header with its rows, and a name keeps its minimum width', async () => {
  const { context, page } = await freshPage(browser);
  await demoCompany(page, 900, 700);
  await openWindow(page, 'invoices');
  await page.locator('[data-testid="invoices-row"]').first().waitFor();
  await settled(page);
  // The customer name column (the 4th): a `2fr` column, at least 10em wide.
  const NAME = 4;
  assert.equal(await page.locator('[data-testid="invoices"] .thead > *').nth(NAME - 1).innerText(), 'Customer name');
  const before = await listGeometry(page, 'invoices', NAME);
  assert.ok(before.cellWidth >= 10 * before.em - 1, `the name column keeps its minimum (${before.cellWidth}px, 10em = ${10 * before.em}px)`);
  assert.ok(before.scrollWidth > before.clientWidth, `the rows scroll sideways (${before.scrollWidth} > ${before.clientWidth})`);
  assert.ok(Math.abs(before.headLeft - before.cellLeft) <= 1, `header and rows line up (${before.headLeft} / ${before.cellLeft})`);
  // Nothing spills out of the window: the list scrolls within it.
  const spills = await page.locator('main').evaluate((m) => m.scrollWidth - m.clientWidth);
  assert.ok(spills <= 1, `the window does not scroll sideways (${spills}px)`);
  await shot(page, 'fit-invoices-900-before-scroll');
  // Scrolled sideways, the header moves with the rows.
  await tid(page, 'invoices-body').evaluate((b) => { b.scrollLeft = 120; });
  await settled(page);
  const after = await listGeometry(page, 'invoices', NAME);
  assert.ok(after.cellLeft < before.cellLeft - 100, `the rows moved (${before.cellLeft} → ${after.cellLeft})`);
  assert.ok(Math.abs(after.headLeft - after.cellLeft) <= 1, `the header moved with them (${after.headLeft} / ${after.cellLeft})`);
  await shot(page, 'fit-invoices-900-scrolled');

  // At 900 px, the editable tables scroll within their window too: nothing spills out.
  const found = [];
  for (const window of ['reference-tables', 'mailing-settings', 'journal', 'customer-details?customer=10003']) {
    await openWindow(page, window);
    await page.locator('main .td, main table').first().waitFor();
    await settled(page);
    const { spills } = await survey(page);
    if (spills) found.push(`${window}: ${spills}`);
  }
  await openWindow(page, 'customers/10001');
  await tid(page, 'tab-general').waitFor();
  for (const tab of ['locations', 'contacts', 'parent', 'mailings']) {
    await tid(page, `tab-${tab}`).click();
    await settled(page);
    const { spills } = await survey(page);
    if (spills) found.push(`customer ${tab}: ${spills}`);
  }
  assert.deepEqual(found, [], 'at 900 px no window spills out sideways');
  await context.close();
});
