// A bookkeeper's first hour (issue "a bookkeeper's first hour"): what a new user
// meets first, driven only by what is on screen.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, freshPage, tid, shot, openWindow, see, newClass, newCustomer } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The message shown (visible, with text) under the input `inputId`, in the same table cell. */
async function messageAtCell(page, inputId) {
  return page.evaluate((id) => {
    const input = document.querySelector(`[data-testid="${id}"]`);
    const cell = input?.closest('td');
    const message = cell?.querySelector('.field-error');
    if (!message) return { text: '', visible: false, below: false };
    const box = message.getBoundingClientRect();
    const inputBox = input.getBoundingClientRect();
    return {
      text: message.innerText.trim(),
      visible: box.width > 0 && box.height > 0 && getComputedStyle(message).display !== 'none',
      // Right under its input, not somewhere else on the page.
      below: box.top >= inputBox.bottom - 1 && box.top - inputBox.bottom < 40,
    };
  }, inputId);
}

/** The data-testid of the focused element. */
async function focused(page) {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
}

test('every problem at its field: line and table cells show their message; summary links move the focus', async () => {
  const { context, page } = await freshPage(browser);
  await newClass(page, 'DOMESTIC');
  await newCustomer(page, 'Fjell Bygg AS');

  // An invoice line with a negative quantity and a price that is not a number.
  await tid(page, 'new-invoice-for-customer').click();
  await see(page, 'invoice-customer-name', 'Fjell Bygg AS');
  await tid(page, 'line-0-description').fill('Consulting hours');
  await tid(page, 'line-0-quantity').fill('-2');
  await tid(page, 'line-0-unit_price').fill('abc');
  await tid(page, 'save').click();
  await tid(page, 'problem-summary').waitFor();
  await see(page, 'window-title', 'New invoice');

  for (const id of ['line-0-quantity', 'line-0-unit_price']) {
    const shown = await messageAtCell(page, id);
    assert.ok(shown.text.length > 0, `${id}: a message in its cell`);
    assert.ok(shown.visible, `${id}: the message is visible (${shown.text})`);
    assert.ok(shown.below, `${id}: the message is right under the input`);
  }
  // The line inputs have names a screen reader reads.
  assert.equal(await tid(page, 'line-0-quantity').getAttribute('aria-label'), 'Line 1 quantity');
  await shot(page, 'e2e-problems-at-cells');

  // Each summary item is a link to its field: the focus moves there.
  const links = tid(page, 'problem-link');
  assert.ok((await links.count()) >= 2, 'the two line problems are links');
  await links.filter({ hasText: 'unit price' }).first().click();
  assert.equal(await focused(page), 'line-0-unit_price');
  await links.filter({ hasText: 'quantity' }).first().click();
  assert.equal(await focused(page), 'line-0-quantity');

  // A header field too: clear the date, save, follow the link.
  await tid(page, 'invoice-date').fill('');
  await tid(page, 'save').click();
  await links.filter({ hasText: 'Date' }).first().waitFor();
  await links.filter({ hasText: 'Date' }).first().click();
  assert.equal(await focused(page), 'invoice-date');

  // A reference-table cell: its message is in the cell, and the link focuses it.
  page.once('dialog', (d) => d.accept());
  await openWindow(page, 'reference-tables');
  await tid(page, 'add-currency_rates').click();
  await tid(page, 'currency_rates-0-currency').fill('NOK');
  await tid(page, 'currency_rates-0-effective').fill('2026-01-01');
  await tid(page, 'currency_rates-0-rate').fill('1');
  await tid(page, 'save').click();
  await tid(page, 'problem-summary').waitFor();
  const cell = await messageAtCell(page, 'currency_rates-0-currency');
  assert.match(cell.text, /base currency always has rate 1/);
  assert.ok(cell.visible && cell.below, 'the rate row shows its message under the cell');
  await links.filter({ hasText: 'Currency rates row 1 currency' }).first().click();
  assert.equal(await focused(page), 'currency_rates-0-currency');
  await context.close();
});
