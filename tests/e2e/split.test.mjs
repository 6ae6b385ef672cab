// The windows are modules of their own (issue 15, B10): the app's main module carries
// the frame, the store and the ledger; the first window's module comes with it, and
// each menu's windows are fetched when one of them first opens or, once the ledger is
// open, in the background (xtask/split, Trunk's post_build hook). A module that cannot
// be fetched says so in the window's place and leaves the rest of the page working;
// the next visit fetches it again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, freshPage, launch, shot, tid } from './harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The .wasm files the page fetched, by file name. */
function wasmFetches(page) {
  const seen = [];
  page.on('request', (request) => {
    const name = new URL(request.url()).pathname.split('/').pop();
    if (name.endsWith('.wasm')) seen.push(name);
  });
  return seen;
}

test('the first window needs only the main module and its own; each module is fetched once', async () => {
  const { context, page } = await freshPage(browser, { serviceWorkers: 'block' });
  try {
    const fetched = wasmFetches(page);
    // The documents' windows are held back: the Customers window opens without them.
    const held = [];
    await page.route('**/split_documents_windows.wasm', (route) => { held.push(route); });
    await page.goto(`${BASE_URL}#/customers`);
    await tid(page, 'new-customer').waitFor({ timeout: 20000 });
    assert.ok(fetched.some((f) => /^reskontra-web-[0-9a-f]+_bg\.wasm$/.test(f)), `the main module: ${fetched}`);
    assert.ok(fetched.includes('split_customer_list_window.wasm'), `the Customers list's module: ${fetched}`);
    // Invoices waits for its module, saying so, and opens when it arrives.
    await tid(page, 'nav-invoices').click();
    await tid(page, 'window-loading').waitFor({ timeout: 20000 });
    assert.ok(held.length >= 1, 'the documents\' module was asked for');
    for (const route of held) await route.continue();
    await page.unroute('**/split_documents_windows.wasm');
    await tid(page, 'new-invoice').waitFor({ timeout: 20000 });
    // Once the ledger is open every other module is fetched in the background, once.
    await page.waitForFunction(() => document.documentElement.dataset.modules === 'fetched', null, { timeout: 30000 });
    for (const module of ['split_customers_windows.wasm', 'split_documents_windows.wasm', 'split_reports_windows.wasm', 'split_processes_windows.wasm', 'split_mailings_windows.wasm', 'split_settings_windows.wasm']) {
      assert.equal(fetched.filter((f) => f === module).length, 1, `${module} fetched once: ${fetched}`);
    }
    const before = fetched.length;
    await tid(page, 'nav-journal').click();
    await page.locator('[data-testid="journal-empty"], [data-testid="journal-document"]').first().waitFor({ timeout: 20000 });
    assert.equal(fetched.length, before, `a window already fetched opens without a fetch: ${fetched.slice(before)}`);
  } finally {
    await context.close();
  }
});

test('a window whose module cannot be fetched says so in its place; the page keeps working and the next visit opens it', async () => {
  const { context, page } = await freshPage(browser, { serviceWorkers: 'block' });
  try {
    await page.route('**/split_reports_windows.wasm', (route) => route.abort('internetdisconnected'));
    await page.goto(`${BASE_URL}#/customers`);
    await tid(page, 'new-customer').waitFor({ timeout: 20000 });
    await tid(page, 'nav-journal').click();
    const failed = tid(page, 'window-load-failed');
    await failed.waitFor({ timeout: 20000 });
    assert.equal(await failed.getAttribute('role'), 'alert');
    assert.match(await failed.innerText(), /could not be opened.*Your ledger is not affected/s);
    await shot(page, 'e2e-split-window-not-fetched');
    // The rest of the app works: another menu's window opens.
    await tid(page, 'nav-invoices').click();
    await tid(page, 'new-invoice').waitFor({ timeout: 20000 });
    // Back on line, the same window opens (a failed fetch is not remembered).
    await page.unroute('**/split_reports_windows.wasm');
    await tid(page, 'nav-journal').click();
    await page.locator('[data-testid="journal-empty"], [data-testid="journal-document"]').first().waitFor({ timeout: 20000 });
    assert.equal(await tid(page, 'window-load-failed').count(), 0);
  } finally {
    await context.close();
  }
});

test('the first save fetches the rules before it validates; offline without them nothing is saved and the form says why', async () => {
  const { context, page } = await freshPage(browser, { serviceWorkers: 'block' });
  try {
    await page.route('**/split_rules.wasm', (route) => route.abort('internetdisconnected'));
    await page.goto(`${BASE_URL}#/customers/new`);
    await tid(page, 'customer-name').waitFor({ timeout: 20000 });
    await tid(page, 'customer-name').fill('Uten regler AS');
    await tid(page, 'save').click();
    await page.getByText('the part of the app that checks the entry could not be fetched').first().waitFor({ timeout: 20000 });
    assert.match(page.url(), /#\/customers\/new$/, 'still the new customer: nothing was saved');
    await page.unroute('**/split_rules.wasm');
    await tid(page, 'save').click();
    await page.waitForURL(/#\/customers\/\d+$/, { timeout: 20000 });
  } finally {
    await context.close();
  }
});
