// The app loads at all: title set and the main frame rendered by the wasm.
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

test('the app loads and renders its frame', async () => {
  const { context, page } = await freshPage(browser);
  try {
    await page.goto(BASE_URL);
    assert.equal(await page.title(), 'Reskontra');
    await tid(page, 'app-frame').waitFor({ state: 'visible', timeout: 20_000 });
    await shot(page, 'smoke');
  } finally {
    await context.close();
  }
});
