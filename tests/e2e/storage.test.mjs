// Storage that fails (R13.5): a browser without IndexedDB gets a full-page explanation
// of what to do. (A full disk: CDP's Storage.overrideQuotaForOrigin has no effect on
// this Chromium 156 — estimate() and writes keep the real quota — so that case is not
// tested here; the message it would show is the store's `describe`.)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, freshPage, tid, shot, BASE_URL } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('no IndexedDB: a full-page message says why and what to do', async () => {
  const { context, page } = await freshPage(browser);
  await context.addInitScript(() => { delete window.indexedDB; Object.defineProperty(window, 'indexedDB', { value: undefined }); });
  await page.goto(`${BASE_URL}#/customers`);
  const fatal = tid(page, 'fatal-error');
  await fatal.waitFor();
  const text = await fatal.innerText();
  assert.match(text, /cannot open the ledger/i);
  assert.match(text, /IndexedDB is unavailable/);
  assert.match(text, /normal window/, 'says what to do');
  await shot(page, 'e2e-storage-no-indexeddb');
  await context.close();
});
