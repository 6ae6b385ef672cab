// Offline and static hosting (SPEC R0.1): dist/ from any static host and sub-path, the
// service worker that precaches one release, the "new version" notice, installability.
//
// Each test serves dist/ (or a copy of it) with its own small static server, so it can
// stop the server, mount dist/ under a sub-path, or change files as a new release would.
// dist/ is DIST_DIR (set by `cargo xtask test`), else the workspace's dist/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, writeFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launch, tid, shot } from './harness.mjs';

const DIST = resolve(process.env.DIST_DIR ?? fileURLToPath(new URL('../../dist/', import.meta.url)));
const GENERATE_SW = fileURLToPath(new URL('../../xtask/pwa/generate-sw.mjs', import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
};

/** Serves `dir` at `prefix` on 127.0.0.1; `outside` lists requests for paths outside the prefix. */
async function serve(dir, prefix = '/') {
  const outside = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    if (`${path}/` === prefix) {
      res.writeHead(301, { Location: prefix });
      return res.end();
    }
    if (!path.startsWith(prefix)) {
      if (path !== '/favicon.ico') outside.push(path);
      res.writeHead(404);
      return res.end('not here');
    }
    let rel = path.slice(prefix.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = resolve(dir, rel);
    if (!file.startsWith(resolve(dir) + sep)) {
      res.writeHead(404);
      return res.end();
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('missing');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}${prefix}`,
    outside,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }),
  };
}

let browser;
before(async () => {
  assert.ok(existsSync(join(DIST, 'sw.js')), `${DIST}/sw.js is missing: build with \`cargo xtask dist\``);
  browser = await launch();
});
after(async () => { await browser?.close(); });

async function freshContext() {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  return { context, page };
}

/** Opens the app at `base`, waits for the frame, then until the service worker controls the page. */
async function openControlled(page, base) {
  await page.goto(base);
  await tid(page, 'app-frame').waitFor({ timeout: 30000 });
  // The first visit installs the worker; it controls the pages loaded after (no clientsClaim).
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload();
  await tid(page, 'app-frame').waitFor({ timeout: 30000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10000 });
}

/** Adds a customer through its window at `base` and returns its number. */
async function addCustomer(page, base, name) {
  await page.goto(`${base}#/customers/new`);
  await tid(page, 'customer-name').waitFor({ timeout: 20000 });
  await tid(page, 'customer-name').fill(name);
  await tid(page, 'save').click();
  await page.waitForURL(/#\/customers\/\d+$/);
  await page.waitForFunction(() => document.querySelector('[data-testid="window-title"]')?.textContent.includes('Customer'));
  return page.url().split('/').pop();
}

test('after the first load the app opens and saves a customer with the network off', async () => {
  const server = await serve(DIST);
  const { context, page } = await freshContext();
  try {
    await openControlled(page, server.url);
    // No server at all, and the browser offline.
    await server.close();
    await context.setOffline(true);
    assert.equal(await page.evaluate(() => navigator.onLine), false);
    await page.reload();
    await tid(page, 'app-frame').waitFor({ timeout: 30000 });
    const number = await addCustomer(page, server.url, 'Frakoblet AS');
    assert.match(number, /^\d+$/);
    await page.reload();
    await tid(page, 'app-frame').waitFor({ timeout: 30000 });
    await page.goto(`${server.url}#/customers`);
    await page.getByText('Frakoblet AS').first().waitFor({ timeout: 10000 });
    await shot(page, 'e2e-offline-customers');
  } finally {
    await context.close();
    await server.close().catch(() => {});
  }
});

test('dist/ served from the sub-path /apps/reskontra/ works and is installable', async () => {
  const server = await serve(DIST, '/apps/reskontra/');
  const { context, page } = await freshContext();
  try {
    await openControlled(page, server.url);
    const scope = await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.scope));
    assert.equal(scope, server.url);
    const number = await addCustomer(page, server.url, 'Undermappe AS');
    assert.match(number, /^\d+$/);
    // The render worker's files and fonts come from the sub-path too.
    const statuses = await page.evaluate(() =>
      Promise.all(['render_worker_loader.js', 'fonts/DejaVuSans.ttf', 'manifest.webmanifest', 'icons/icon-512.png'].map((f) => fetch(f).then((r) => `${f} ${r.status}`))));
    assert.deepEqual(statuses, ['render_worker_loader.js 200', 'fonts/DejaVuSans.ttf 200', 'manifest.webmanifest 200', 'icons/icon-512.png 200']);
    // Chromium's own check that it may offer to install the app (manifest, icons, worker).
    const cdp = await context.newCDPSession(page);
    // Playwright's contexts are incognito profiles, where Chromium never installs apps;
    // that is the only reason it may give.
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito'), []);
    const { url: manifestUrl, errors } = await cdp.send('Page.getAppManifest');
    assert.equal(manifestUrl, `${server.url}manifest.webmanifest`);
    assert.deepEqual(errors, []);
    assert.deepEqual(server.outside, [], 'every request stays under /apps/reskontra/');
  } finally {
    await context.close();
    await server.close();
  }
});

test('a second release served over the first: "a new version is ready", Reload shows it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'reskontra-release-'));
  await cp(DIST, dir, { recursive: true });
  const server = await serve(dir);
  const { context, page } = await freshContext();
  try {
    await openControlled(page, server.url);
    assert.equal(await tid(page, 'update-notice').count(), 0);

    // The next release: index.html changes, and Workbox writes its new precache list.
    const index = join(dir, 'index.html');
    const html = await readFile(index, 'utf8');
    await writeFile(index, html.replace('<head>', '<head>\n  <meta name="reskontra-release" content="2" />'));
    execFileSync(process.execPath, [GENERATE_SW, dir], { stdio: 'inherit' });

    // An update check (the app makes one when the tab comes back and hourly).
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await tid(page, 'update-notice').waitFor({ timeout: 30000 });
    assert.match(await tid(page, 'update-notice').innerText(), /A new version is ready/);
    // Until Reload, the page keeps getting the old release's files from its worker.
    const served = await page.evaluate(() => fetch('index.html').then((r) => r.text()));
    assert.ok(!served.includes('reskontra-release'), 'the waiting release is not served yet');
    assert.equal(await page.locator('meta[name="reskontra-release"]').count(), 0);
    await shot(page, 'e2e-update-notice');

    await tid(page, 'update-reload').click();
    await page.locator('meta[name="reskontra-release"]').waitFor({ state: 'attached', timeout: 30000 });
    await tid(page, 'app-frame').waitFor({ timeout: 30000 });
    assert.equal(await tid(page, 'update-notice').count(), 0);
    // The old release's entries are gone from the precache: one index.html, the new one.
    const cached = await page.evaluate(async () => {
      const urls = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) urls.push(request.url);
      }
      return urls.filter((u) => new URL(u).pathname.endsWith('/index.html'));
    });
    assert.equal(cached.length, 1, `one index.html in the caches: ${cached.join(', ')}`);
  } finally {
    await context.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('offline, Send says so and the email stays Pending', async () => {
  const server = await serve(DIST);
  const { context, page } = await freshContext();
  const open = async (hash) => {
    await page.goto(`${server.url}#/${hash}`);
    await tid(page, 'app-frame').waitFor({ timeout: 30000 });
  };
  try {
    // A page the service worker controls (the app loaded before): offline, the windows'
    // modules and the render worker come from its precache.
    await openControlled(page, server.url);
    await open('classes/new');
    await tid(page, 'class-id').fill('DOM');
    await tid(page, 'class-description').fill('Domestic');
    await tid(page, 'save').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="window-title"]')?.textContent.includes('Customer class DOM'));
    const customer = await addCustomer(page, server.url, 'Nordlys Bygg AS');
    await open('settings');
    await tid(page, 'relay-url').fill('http://127.0.0.1:9');
    await tid(page, 'relay-save').click();
    await page.locator('[data-testid="notice"]', { hasText: 'Mail relay saved' }).waitFor();
    // One Pending email, put in the queue by importing a backup that holds it.
    const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'export-backup').click()]);
    const backup = JSON.parse(await readFile(await download.path(), 'utf8'));
    backup.emails = [{
      id: 1,
      message_id: '20261202.1.offline@fjordkraft.no',
      mailing_id: '',
      customer_id: customer,
      document: null,
      from: { name: 'Fjordkraft Regnskap AS', address: 'faktura@fjordkraft.no' },
      to: [{ name: 'Nordlys Bygg AS', address: 'post@nordlysbygg.no' }],
      cc: [],
      bcc: [],
      subject: 'Statement December',
      text_body: 'Hello,\n\nyour statement.\n',
      html_body: '',
      attachments: [],
      prepared_on: '2026-12-02',
      status: 'Pending',
    }];
    backup.settings.next_email_id = 2;
    page.once('dialog', (d) => d.accept());
    await tid(page, 'import-backup').setInputFiles({ name: 'queue.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(backup)) });
    await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor();

    await context.setOffline(true);
    await open('pending-emails/1');
    await tid(page, 'send').click();
    await tid(page, 'send-result').filter({ hasText: 'offline' }).waitFor({ timeout: 20000 });
    assert.match(await tid(page, 'send-result').innerText(), /offline: stays Pending/);
    await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent.trim() === 'Pending');
    await shot(page, 'e2e-offline-send');
  } finally {
    await context.close();
    await server.close();
  }
});
