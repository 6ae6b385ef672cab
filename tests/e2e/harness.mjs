// Helpers for the end-to-end tests (node:test + playwright-core against the built app).
//
// `cargo xtask test --only e2e` builds dist/, serves it on a free port and sets BASE_URL.
// By hand: `cargo xtask serve` in one shell, `node --test --test-concurrency=1 tests/e2e/`
// in another (BASE_URL then defaults to trunk's http://127.0.0.1:8080/).
//
// Playwright drives Debian's /usr/bin/chromium; never run `npx playwright install`
// (it downloads a browser, which this network does not allow).

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080/';

export const CHROMIUM_PATH = '/usr/bin/chromium';

// Sandboxing needs a non-root user; the rest keeps Chromium quiet and off the network.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// <workspace>/target/screenshots/, wherever node was started from.
const SCREENSHOT_DIR = fileURLToPath(new URL('../../target/screenshots/', import.meta.url));

/** Launches headless Chromium. Close it in an `after` hook. */
export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * A page in a fresh browser context: its own profile, so its own empty IndexedDB.
 * Close the returned context when the test is done. Page errors, console errors and
 * failed requests are echoed to stderr, since a wasm panic otherwise only shows up as
 * "element not found". `options` go to `browser.newContext` (e.g. `serviceWorkers: 'block'`).
 */
export async function freshPage(browser, options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  page.on('console', (message) => {
    // "Failed to load resource" carries no URL; the response handler below names it.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      console.error(`[console.error] ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (response.status() >= 400 && url.pathname !== '/favicon.ico') {
      console.error(`[http ${response.status()}] ${response.url()}`);
    }
  });
  return { context, page };
}

/** The element(s) with `data-testid="<id>"`. */
export function tid(page, id) {
  return page.locator(`[data-testid="${id}"]`);
}

/** Saves a full-page screenshot to target/screenshots/<name>.png for humans to look at. */
export async function shot(page, name) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Goes to a window by its hash route (`customers/10001`) and waits for the frame. */
export async function openWindow(page, hash) {
  await page.goto(`${BASE_URL}#/${hash}`);
  await page.locator('[data-testid="app-frame"]').waitFor({ timeout: 20000 });
}

/**
 * Waits until the element's text (non-breaking spaces made plain) is `expected`;
 * fails with the text it had, so a wrong amount reads as a plain assertion.
 */
export async function see(page, id, expected) {
  const normalise = (text) => text.replace(/\u00a0/g, ' ').trim();
  try {
    await page.waitForFunction(
      ([sel, want]) => {
        const el = document.querySelector(sel);
        return el && el.innerText.replace(/\u00a0/g, ' ').trim() === want;
      },
      [`[data-testid="${id}"]`, expected],
      { timeout: 10000 },
    );
  } catch {
    const got = await page.locator(`[data-testid="${id}"]`).innerText().catch(() => '(missing)');
    const { strict: assert } = await import('node:assert');
    assert.equal(normalise(got), expected, id);
  }
}

/** Creates customer class `id` and waits until it is saved. */
export async function newClass(page, id, description = `Class ${id}`) {
  await openWindow(page, 'classes/new');
  await tid(page, 'class-id').fill(id);
  await tid(page, 'class-description').fill(description);
  await tid(page, 'save').click();
  await see(page, 'window-title', `Customer class ${id}`);
}

/** Creates a customer named `name` (of the first class, optionally with `email`); returns its number. */
export async function newCustomer(page, name, { email } = {}) {
  await openWindow(page, 'customers/new');
  await tid(page, 'customer-name').fill(name);
  if (email) await tid(page, 'customer-email').fill(email);
  await tid(page, 'save').click();
  await page.waitForURL(/#\/customers\/\d+$/);
  return page.url().split('/').pop();
}

/** Chooses in the picker (combobox) `id`: types `text` and takes the first suggestion with Enter. */
export async function pick(page, id, text) {
  await tid(page, id).fill(text);
  await tid(page, `${id}-option`).first().waitFor();
  await page.keyboard.press('Enter');
}
