// The browser benchmark of issue 15 (not a test; `cargo xtask bench` runs it, after the
// release build, with dist/ served on 127.0.0.1 and the bench ledgers made by
// `reskontra demo`). Every case runs BENCH_RUNS times (default 3), each time in a fresh
// Chromium profile on disk; the storage cases run the same records through the raw-
// IndexedDB baseline page (tests/e2e/baseline/, served beside the app as bench/) in the
// same browser, so they report ours ÷ raw. Prints a table and writes
// target/bench/results.json.
//
//   BASE_URL=… DIST_DIR=dist LEDGER=… OPEN_LEDGER=… CUSTOMERS_LEDGER=… RELEASE_LEDGER=…
//   MAIL_LEDGER=… node tests/e2e/bench.mjs [B3 B5 …]
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './harness.mjs';

const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080/';
const DIST = process.env.DIST_DIR ?? fileURLToPath(new URL('../../dist/', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const OUT = fileURLToPath(new URL('../../target/bench/results.json', import.meta.url));
const only = process.argv.slice(2).map((c) => c.toUpperCase());
const wanted = (...cases) => only.length === 0 || cases.some((c) => only.includes(c));

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => (xs.length ? sorted(xs)[Math.floor((xs.length - 1) / 2)] : NaN);
const pct = (xs, p) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(xs.length * p) - 1)];

/** What each run measured, by case: { ours: [..], raw: [..], extra: {...} }. */
const measured = {};
const note = (c, field, value) => {
  measured[c] ??= { ours: [], raw: [], info: [] };
  measured[c][field].push(value);
};
const log = (text) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}`);

// ---------------------------------------------------------------- browser plumbing

/** Puts the baseline page and the ledgers beside the app: dist/bench/. */
async function serveBaseline() {
  const dir = join(DIST, 'bench');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const here = fileURLToPath(new URL('./baseline/', import.meta.url));
  for (const f of await readdir(here)) await copyFile(join(here, f), join(dir, f));
  for (const name of ['LEDGER', 'OPEN_LEDGER', 'CUSTOMERS_LEDGER', 'RELEASE_LEDGER', 'MAIL_LEDGER']) {
    if (process.env[name]) await symlink(process.env[name], join(dir, basename(process.env[name])));
  }
}

/** A browser on the profile `dir` (a new process each call). */
async function browserOn(dir) {
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1366, height: 768 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  page.on('dialog', (d) => d.accept());
  // When the first window's rows are on screen, and the first task after that (the
  // main thread free again): what "interactive" means here. And the wasm instance.
  await context.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; window.__started = performance.now(); });
    const seen = () => {
      if (window.__shown === undefined && document.querySelector('[data-testid$="-count"]')) {
        window.__shown = performance.now();
        setTimeout(() => { window.__interactive = performance.now(); }, 0);
        return true;
      }
      return false;
    };
    new MutationObserver((_, observer) => { if (seen()) observer.disconnect(); }).observe(document, { childList: true, subtree: true });
  });
  return { context, page };
}

async function freshProfile() {
  return mkdtemp(join(tmpdir(), 'reskontra-bench-'));
}

const tid = (page, id) => page.locator(`[data-testid="${id}"]`);

/** Imports `file` through Preferences and backup. The milliseconds from the file chosen
 * (the input's change event, the Backup tab's `backup:start` mark) to "Loaded …" on
 * screen, and from Playwright's `setInputFiles` call, which adds its own handing of the
 * 222 MB file to the browser (0.3–0.7 s here) before the page sees a file at all.
 * `settled`: first wait until the first visit's own work is over — the service worker
 * installed (it fetches and stores every file of the app) and the windows' modules
 * fetched in the background — as it is by the time a person has found the file. */
async function importLedger(page, file, { settled = false } = {}) {
  await page.goto(`${BASE_URL}#/settings`);
  await tid(page, 'app-frame').waitFor({ timeout: 60000 });
  if (settled) {
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.waitForFunction(() => document.documentElement.dataset.modules === 'fetched', null, { timeout: 60000 });
  }
  await page.evaluate(() => {
    window.__loaded = undefined;
    const observer = new MutationObserver(() => {
      if ((document.querySelector('[data-testid="backup-status"]')?.textContent ?? '').includes('Loaded')) {
        window.__loaded = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true, characterData: true });
  });
  const started = Date.now();
  await tid(page, 'import-backup').setInputFiles(file);
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 600000 });
  const withHarness = Date.now() - started;
  const chosen = await page.evaluate(() => window.__loaded - (performance.getEntriesByName('backup:start').at(-1)?.startTime ?? NaN));
  return { ms: chosen, withHarness };
}

/** Runs `body` on a page of a new browser with `file` imported into a fresh profile, then
 * closes the browser and removes the profile. */
async function onLedger(file, body) {
  const dir = await freshProfile();
  const { context, page } = await browserOn(dir);
  try {
    await importLedger(page, file);
    await body(page);
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs a case of the app's benchmark window `#/bench/<case>`; its JSON. */
async function appCase(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid="bench-status"]')?.textContent ?? '';
    return s === 'Done' || s.startsWith('Failed');
  }, null, { timeout: 600000, polling: 100 });
  const status = await tid(page, 'bench-status').innerText();
  if (status !== 'Done') throw new Error(`${hash}: ${status}`);
  return JSON.parse(await tid(page, 'bench-result').innerText());
}

async function baselinePage(page) {
  // The app's service worker answers every navigation with the app: go past it.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setBypassServiceWorker', { bypass: true });
  await page.goto(`${BASE_URL}bench/baseline.html`);
  await page.locator('#status', { hasText: 'ready' }).waitFor();
}

/** Sets the hash, then waits in the page until every selector matches; ms taken. */
async function timeUntil(page, hash, selectors, marks) {
  const out = await page.evaluate(async ({ hash, selectors, marks }) => {
    const ready = () => selectors.every((s) => document.querySelector(s));
    const started = performance.now();
    location.hash = hash;
    await new Promise((resolve) => {
      if (ready()) return resolve();
      const observer = new MutationObserver(() => { if (ready()) { observer.disconnect(); resolve(); } });
      observer.observe(document, { childList: true, subtree: true, attributes: true });
    });
    const ms = performance.now() - started;
    // The window's own performance marks since the click (`ageing:report`, …).
    const steps = marks ? performance.getEntriesByType('mark').filter((m) => m.name.startsWith(marks) && m.startTime >= started).map((m) => [m.name.slice(marks.length), m.startTime - started]) : [];
    return { ms, steps };
  }, { hash, selectors, marks });
  return marks ? out : out.ms;
}

// ---------------------------------------------------------------- the 100k ledger: B1 B2 B3 B5 B9 B11

async function ledgerRun(run) {
  const ledger = process.env.LEDGER;
  const dir = await freshProfile();
  let { context, page } = await browserOn(dir);
  const { ms: importMs, withHarness } = await importLedger(page, ledger, { settled: true });
  note('B9', 'ours', importMs);
  note('B9', 'info', `from the file chosen ${importMs.toFixed(0)} ms; from Playwright's setInputFiles call ${withHarness} ms`);
  // The import's steps (`backup:` marks of the Backup tab): the file read, read into
  // a checked ledger, stored.
  const importSteps = await page.evaluate(() => {
    const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('backup:'));
    const start = marks.find((m) => m.name === 'backup:start')?.startTime ?? 0;
    return marks.filter((m) => m.name !== 'backup:start').map((m) => `${m.name.slice(7)} ${Math.round(m.startTime - start)}`).join(', ');
  });
  note('B9', 'info', `steps (ms from the file chosen): ${importSteps}`);
  log(`run ${run}: B9 import ${importMs.toFixed(0)} ms from the file chosen, ${withHarness} ms from setInputFiles (${importSteps})`);
  await baselinePage(page);
  await page.evaluate((url) => window.baseline.load(url), basename(ledger));
  const written = await page.evaluate(() => window.baseline.writeLedger());
  // For reference: plain JavaScript putting the same documents, one object each, in one
  // transaction (the import's budget is absolute; this is what a plain store pays).
  note('B9', 'raw', written.ms);
  note('B9', 'info', `raw put of ${written.records} documents: ${written.ms.toFixed(0)} ms`);
  await context.close();

  // B3 + B11: a new process opens the app on that profile.
  ({ context, page } = await browserOn(dir));
  await page.goto(BASE_URL);
  await page.waitForFunction(() => window.__interactive !== undefined, null, { timeout: 120000, polling: 50 });
  const rows = await page.evaluate(() => document.querySelector('[data-testid$="-count"]').textContent);
  // A large ledger's first window shows before its documents are decoded (they follow,
  // a chunk a task, behind a progress bar): B11 and the cases after it wait for the
  // whole ledger (`reskontra:opened`), and its time is a step of B3's note.
  await page.waitForFunction(() => performance.getEntriesByName('reskontra:opened').length > 0 && !document.querySelector('[data-testid="opening-progress"]'), null, { timeout: 120000, polling: 50 });
  const open = await page.evaluate((rows) => ({
    shown: window.__shown,
    interactive: window.__interactive,
    rows,
    // The steps (performance marks of the store's open, src/store/mod.rs).
    steps: [['wasm started', window.__started], ...performance.getEntriesByType('mark').filter((m) => m.name.startsWith('reskontra:')).map((m) => [m.name.slice(10), m.startTime])],
  }), rows);
  note('B3', 'ours', open.interactive);
  note('B3', 'info', `first window ${open.rows} rows; ${open.steps.map(([n, t]) => `${n} ${Math.round(t)}`).join(', ')}, rows shown ${Math.round(open.shown)}, interactive ${Math.round(open.interactive)} ms`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const wasmBytes = await page.evaluate(() => window.__wasm?.memory?.buffer.byteLength ?? 0);
  note('B11', 'ours', (metrics.JSHeapUsedSize + wasmBytes) / 2 ** 20);
  note('B11', 'info', `JS heap ${(metrics.JSHeapUsedSize / 2 ** 20).toFixed(0)} MB + wasm ${(wasmBytes / 2 ** 20).toFixed(0)} MB`);
  log(`run ${run}: B3 open ${open.interactive.toFixed(0)} ms (${open.steps.map(([n, t]) => `${n} ${Math.round(t)}`).join(', ')}, rows ${open.shown.toFixed(0)}), B11 ${((metrics.JSHeapUsedSize + wasmBytes) / 2 ** 20).toFixed(0)} MB`);

  // B5: the invoices list, 10,000 rows scrolled, 900 px a frame.
  if (wanted('B5')) {
    await timeUntil(page, '#/invoices', ['[data-testid="invoices-row"]']);
    // A person looks at the list before scrolling it: let the open's aftermath (the
    // garbage of decoding, the service worker's check for an update) pass first.
    await page.waitForTimeout(1000);
    const scroll = await page.evaluate(async () => {
      const body = document.querySelector('[data-testid="invoices-body"]');
      const row = body.querySelector('[data-testid="invoices-row"]').getBoundingClientRect().height;
      const target = row * 10000;
      const gaps = [];
      let maxRows = 0;
      let last = performance.now();
      let moved = 0;
      await new Promise((resolve) => {
        const step = (now) => {
          gaps.push(now - last);
          last = now;
          maxRows = Math.max(maxRows, body.querySelectorAll('[data-testid="invoices-row"]').length);
          if (moved >= target) return resolve();
          body.scrollTop += 900;
          moved += 900;
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      });
      return { gaps: gaps.slice(2), maxRows, rows: document.querySelector('[data-testid="invoices-count"]').textContent };
    });
    note('B5', 'ours', pct(scroll.gaps, 0.95));
    const dropped = scroll.gaps.filter((g) => g > 1.5 * (1000 / 60)).length;
    note('B5', 'info', `${scroll.gaps.length} frames, ${dropped} dropped (over 25 ms), median ${median(scroll.gaps).toFixed(2)} ms, p95 ${pct(scroll.gaps, 0.95).toFixed(2)} ms, max ${Math.max(...scroll.gaps).toFixed(1)} ms, max ${scroll.maxRows} rows in the DOM, list ${scroll.rows}`);
    measured.B5.maxRows = Math.max(measured.B5.maxRows ?? 0, scroll.maxRows);
    log(`run ${run}: B5 p95 ${pct(scroll.gaps, 0.95).toFixed(1)} ms, ${scroll.maxRows} rows in the DOM`);
  }
  if (wanted('B2')) {
    const saves = await appCase(page, '#/bench/b2?n=200');
    note('B2', 'ours', pct(saves.ms, 0.95));
    // The steps of each action (LedgerCtx::run's `action:` marks): median time of each.
    const steps = await page.evaluate(() => {
      const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('action:'));
      const spans = {};
      for (let i = 1; i < marks.length; i++) {
        if (marks[i].name === 'action:start') continue;
        (spans[marks[i].name.slice(7)] ??= []).push(marks[i].startTime - marks[i - 1].startTime);
      }
      return Object.entries(spans).map(([name, xs]) => [name, xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)], xs[Math.floor(xs.length * 0.95)]]);
    });
    note('B2', 'info', `the business day's first save (the daily snapshot first) ${saves.first_ms.toFixed(0)} ms, apart; median ${median(saves.ms).toFixed(1)} ms; steps (median / p95): ${steps.map(([n, m, p]) => `${n} ${m.toFixed(2)} / ${p.toFixed(2)}`).join(', ')}`);
    log(`run ${run}: B2 p95 ${pct(saves.ms, 0.95).toFixed(1)} ms, median ${median(saves.ms).toFixed(1)} (the day's first save ${saves.first_ms.toFixed(0)} ms, apart)`);
  }
  if (wanted('B1')) {
    const b1 = await appCase(page, '#/bench/b1');
    note('B1', 'ours', b1.ms);
    note('B1', 'info', `${b1.records} invoices, ${b1.lines} lines, ids ${b1.first_ids.join(',')}…`);
    log(`run ${run}: B1 ${b1.ms.toFixed(0)} ms`);
  }
  await context.close();

  // The raw baseline in a new process on the same profile.
  ({ context, page } = await browserOn(dir));
  await baselinePage(page);
  const read = await page.evaluate(() => window.baseline.readLedger());
  note('B3', 'raw', read.ms);
  if (wanted('B2')) {
    const raw = await page.evaluate(() => window.baseline.smallCommits(200));
    note('B2', 'raw', pct(raw.ms, 0.95));
  }
  if (wanted('B1')) {
    await page.evaluate((url) => window.baseline.load(url), basename(ledger));
    const raw = await page.evaluate(() => window.baseline.writeTenThousand());
    note('B1', 'raw', raw.ms);
    note('B1', 'info', `raw: ${raw.records} invoices, ${raw.lines} lines, ids ${raw.first_ids.join(',')}…`);
  }
  log(`run ${run}: raw getAll ${read.ms.toFixed(0)} ms of ${read.records}`);
  await context.close();
  await rm(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------- B4: Aged past due over ~100,000 open documents

async function ageingRun(run) {
  await onLedger(process.env.OPEN_LEDGER, async (page) => {
    for (let i = 0; i < 3; i++) {
      await timeUntil(page, '#/invoices', ['[data-testid="invoices-count"]']);
      const { ms, steps } = await timeUntil(page, '#/ageing', ['[data-testid="ageing-chart"]', '[data-testid="ageing-documents-row"]'], 'ageing:');
      note('B4', 'ours', ms);
      // The whole list follows the first screen: when its rows were built.
      await page.waitForFunction(() => / of /.test(document.querySelector('[data-testid="ageing-documents-count"]')?.textContent ?? ''), null, { timeout: 60000 });
      const whole = await page.evaluate(() => {
        const marks = performance.getEntriesByType('mark');
        const last = (name) => marks.filter((m) => m.name === name).at(-1)?.startTime ?? NaN;
        return last('ageing:document rows') - last('ageing:start');
      });
      steps.push(['whole list built', whole]);
      const stepText = steps.map(([n, t]) => `${n} ${Math.round(t)}`).join(', ');
      note('B4', 'info', `${stepText}, shown ${Math.round(ms)} ms`);
      log(`run ${run}: B4 ${ms.toFixed(0)} ms (${stepText})`);
    }
    note('B4', 'info', `${await tid(page, 'ageing-documents-count').innerText()} documents`);
  });
}

// ---------------------------------------------------------------- B6: search 100,000 customers

async function searchRun(run) {
  await onLedger(process.env.CUSTOMERS_LEDGER, async (page) => {
    await timeUntil(page, '#/customers', ['[data-testid="customers-row"]']);
    // Two terms, and a `%` term (R3.11); the last keystroke of each narrows the list.
    for (const [prefix, last] of [['fjell a', 's'], ['fjell%a', 's']]) {
      for (let i = 0; i < 2; i++) {
        // Type all but the last key, let the list settle, then time the last keystroke.
        await tid(page, 'customers-search-1').fill(prefix);
        await page.waitForTimeout(300);
        const ms = await page.evaluate(async (last) => {
          const input = document.querySelector('[data-testid="customers-search-1"]');
          const count = document.querySelector('[data-testid="customers-count"]');
          const before = count.textContent;
          const started = performance.now();
          input.value += last;
          input.dispatchEvent(new InputEvent('input', { bubbles: true, data: last, inputType: 'insertText' }));
          await new Promise((resolve) => {
            if (count.textContent !== before) return resolve();
            const observer = new MutationObserver(() => { if (count.textContent !== before) { observer.disconnect(); resolve(); } });
            observer.observe(count, { childList: true, characterData: true, subtree: true });
            setTimeout(() => { observer.disconnect(); resolve(); }, 10000);
          });
          if (count.textContent === before) return null;
          // The rows themselves are painted in the next frame.
          await new Promise((r) => requestAnimationFrame(() => r()));
          return performance.now() - started;
        }, last);
        if (ms === null) throw new Error(`B6: "${prefix}${last}" did not change the customers list within 10 s`);
        note('B6', 'ours', ms);
        note('B6', 'info', `"${prefix}${last}" → ${await tid(page, 'customers-count').innerText()}: ${ms.toFixed(0)} ms`);
        log(`run ${run}: B6 "${prefix}${last}" ${ms.toFixed(0)} ms`);
      }
    }
  });
}

// ---------------------------------------------------------------- B7: mass release of 10,000 invoices

async function releaseRun(run) {
  await onLedger(process.env.RELEASE_LEDGER, async (page) => {
    await timeUntil(page, '#/release', ['[data-testid="release-count"]']);
    const listed = await tid(page, 'release-count').innerText();
    const started = await page.evaluate(() => performance.now());
    await tid(page, 'release-all').click();
    await tid(page, 'release-summary').filter({ hasText: 'Released' }).waitFor({ timeout: 300000 });
    const ms = (await page.evaluate(() => performance.now())) - started;
    note('B7', 'ours', ms);
    note('B7', 'info', `${listed} listed: ${await tid(page, 'release-summary').innerText()}`);
    log(`run ${run}: B7 ${ms.toFixed(0)} ms`);
  });
}

// ---------------------------------------------------------------- B8: 1,000 invoice emails with a PDF each

async function mailRun(run) {
  await onLedger(process.env.MAIL_LEDGER, async (page) => {
    await timeUntil(page, '#/send-invoices', ['[data-testid="send-row"]']);
    const started = Date.now();
    await tid(page, 'send-process-all').click();
    const seen = new Set();
    let summary = '';
    while (!summary.startsWith('Queued')) {
      const count = await tid(page, 'send-progress-count').innerText({ timeout: 200 }).catch(() => '');
      if (count) seen.add(count);
      summary = await tid(page, 'send-summary').innerText({ timeout: 200 }).catch(() => '');
      await page.waitForTimeout(100);
    }
    const ms = Date.now() - started;
    // Where the time went: the `mail:` marks of each part, rendering (part → rendered)
    // and committing (commit → committed), which overlap (a part commits while the next renders).
    const steps = await page.evaluate(() => {
      const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('mail:'));
      const span = (from, to) => {
        let total = 0;
        let start = null;
        for (const m of marks) {
          if (m.name === from) start = m.startTime;
          if (m.name === to && start !== null) { total += m.startTime - start; start = null; }
        }
        return Math.round(total);
      };
      return `rendering ${span('mail:part', 'mail:rendered')}, committing ${span('mail:commit', 'mail:committed')}`;
    });
    note('B8', 'info', `time of all parts: ${steps}`);
    log(`run ${run}: B8 steps: ${steps}`);
    const emails = Number(summary.match(/Queued ([\d,\s]+)/)?.[1].replace(/[^\d]/g, '') ?? 0);
    note('B8', 'ours', (ms * 1000) / emails);
    note('B8', 'info', `${emails} emails in ${ms} ms; the progress showed ${seen.size} values`);
    measured.B8.progress = Math.min(measured.B8.progress ?? Infinity, seen.size);
    log(`run ${run}: B8 ${ms} ms for ${emails} emails, progress showed ${seen.size} values`);
  });
}

// ---------------------------------------------------------------- B10: the bundle

async function bundle() {
  // What the first window needs: the main module and its JS (with wasm-bindgen's
  // snippets), the split loader, and the Customers list's module with the chunks it
  // shares (the loader's list of them), compressed as a server would. The other
  // windows' modules are fetched when they first open, or in the background once the
  // ledger is open.
  const files = await readdir(DIST);
  const split = files.find((f) => f.startsWith('reskontra-web-') && f.endsWith('-split'));
  const first = files.filter((f) => f.startsWith('reskontra-web-') && (f.endsWith('_bg.wasm') || f.endsWith('.js')));
  for (const f of await readdir(join(DIST, 'snippets'), { recursive: true })) if (f.endsWith('.js')) first.push(join('snippets', f));
  let later = [];
  if (split) {
    const loader = await readFile(join(DIST, split, '__wasm_split.js'), 'utf8');
    const chunkFile = new Map([...loader.matchAll(/const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"/g)].map((m) => [m[1], m[2]]));
    const entry = loader.match(/__wasm_split_load_customer_list_window = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"[\s\S]*?, \[([^\]]*)\]\)\);/);
    if (!entry) throw new Error(`${split}/__wasm_split.js has no loader for the Customers list`);
    const needed = [entry[1], ...entry[2].split(',').map((v) => v.trim()).filter(Boolean).map((v) => chunkFile.get(v))];
    if (needed.some((f) => !f)) throw new Error('a chunk of the Customers list is not in the loader');
    first.push(join(split, '__wasm_split.js'), ...needed.map((f) => join(split, f)));
    later = (await readdir(join(DIST, split))).filter((f) => f.endsWith('.wasm') && !needed.includes(f)).map((f) => join(split, f));
  }
  const size = async (list) => {
    let raw = 0;
    let brotli = 0;
    for (const f of list) {
      const bytes = await readFile(join(DIST, f));
      raw += bytes.length;
      brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    }
    return { raw, brotli };
  };
  const main = await size(first.filter((f) => f.endsWith('_bg.wasm')));
  const now = await size(first);
  const rest = await size(later);
  note('B10', 'ours', now.brotli / 1000);
  note('B10', 'info', `${first.length} files: the main module ${main.raw} B raw / ${main.brotli} B brotli, the rest ${now.raw - main.raw} B raw / ${now.brotli - main.brotli} B brotli; the other windows and the rules, on first use: ${rest.raw} B raw / ${rest.brotli} B brotli in ${later.length} files`);
  log(`B10 ${now.brotli} B brotli (${now.raw} B raw) for the first window in ${first.length} files; ${rest.brotli} B brotli more on first use`);
}

// ---------------------------------------------------------------- the table

const CASES = [
  ['B1', 'write 10,000 invoices (3 lines each) in one transaction', 'ms', (o, r) => o / r <= 1.2, '≤ 1.2× raw'],
  ['B2', 'save an invoice + its counter, 200 in a row, p95', 'ms', (o, r) => o <= 30 && o / r <= 1.5, '≤ 1.5× raw, ≤ 30 ms'],
  ['B3', 'open 108,161 documents: first window interactive', 'ms', (o, r) => o / r <= 0.4, '≤ 0.4× raw getAll'],
  ['B4', 'aged past due over ~100,000 open documents: rows + chart', 'ms', (o) => o <= 200, '≤ 200 ms'],
  // B5: a frame at 60 Hz is 16.67 ms, and requestAnimationFrame's timestamps jitter by
  // a few tenths around it even when nothing is dropped (16.6–16.9 ms); so the budget
  // "p95 ≤ 16.7 ms" is read as: at least 95 % of the frames came one vsync after the
  // last (p95 under 1.5 frames, 25 ms); a dropped frame shows as 33 ms.
  ['B5', 'scroll 10,000 rows of the ~62,000-row invoices list, p95 frame', 'ms', (o) => o < 1.5 * (1000 / 60) && (measured.B5?.maxRows ?? Infinity) <= 200, '≤ 16.7 ms (one vsync), ≤ 200 rows'],
  ['B6', 'search 100,000 customers: keystroke → rows (worst kind)', 'ms', (o) => o <= 100, '≤ 100 ms'],
  ['B7', 'mass release of ~10,000 invoices incl. commit', 'ms', (o) => o <= 2000, '≤ 2,000 ms'],
  ['B8', 'prepare invoice emails with a PDF each, per 1,000', 'ms', (o) => o <= 3000 && (measured.B8?.progress ?? 0) >= 3, '≤ 3,000 ms, progress moves'],
  ['B9', 'import the 108,161-document backup (222 MB): file chosen → Loaded', 'ms', (o) => o <= 3000, '≤ 3,000 ms'],
  ['B10', 'bundle: the first window\'s wasm + js, brotli', 'KB', (o) => o <= 450, '≤ 450 KB'],
  ['B11', 'memory after B3: JS heap + wasm memory', 'MB', (o) => o <= 300, '≤ 300 MB'],
];

function summarise() {
  const rows = [];
  for (const [id, what, unit, ok, budget] of CASES) {
    const m = measured[id];
    if (!m || m.ours.length === 0) continue;
    let ours = median(m.ours);
    if (id === 'B6') {
      // The worst of the three searches' medians.
      const byKind = {};
      m.info.forEach((text, i) => { const kind = text.split(' → ')[0]; (byKind[kind] ??= []).push(m.ours[i]); });
      ours = Math.max(...Object.values(byKind).map(median));
    }
    const raw = m.raw.length ? median(m.raw) : null;
    const ratio = raw ? ours / raw : null;
    rows.push({ case: id, what, unit, ours, runs: m.ours, raw, raw_runs: m.raw, ratio, budget, pass: ok(ours, raw), notes: m.info, ...(m.maxRows !== undefined ? { max_dom_rows: m.maxRows } : {}), ...(m.progress !== undefined ? { progress_values: m.progress } : {}) });
  }
  return rows;
}

function printTable(rows) {
  const fmt = (v, unit) => (v === null ? '—' : `${v.toFixed(unit === 'ms' && v < 100 ? 1 : 0)} ${unit}`);
  const lines = [['case', 'what', 'ours (median)', 'raw (median)', 'ratio', 'budget', 'result']];
  for (const r of rows) lines.push([r.case, r.what, fmt(r.ours, r.unit), fmt(r.raw, r.unit), r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`, r.budget, (r.pass ? 'pass' : 'FAIL') + (r.measured ? ` (${r.measured.slice(0, 16)})` : '')]);
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  const out = lines.map((l) => `| ${l.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`);
  out.splice(1, 0, `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  console.log(out.join('\n'));
}

await serveBaseline();
const browserVersion = await (async () => { const b = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }); const v = b.version(); await b.close(); return v; })();
if (wanted('B10')) await bundle();
for (let run = 1; run <= RUNS; run++) {
  if (process.env.LEDGER && wanted('B1', 'B2', 'B3', 'B5', 'B9', 'B11')) await ledgerRun(run);
  if (process.env.OPEN_LEDGER && wanted('B4')) await ageingRun(run);
  if (process.env.CUSTOMERS_LEDGER && wanted('B6')) await searchRun(run);
  if (process.env.RELEASE_LEDGER && wanted('B7')) await releaseRun(run);
  if (process.env.MAIL_LEDGER && wanted('B8')) await mailRun(run);
}
let rows = summarise();
// Named cases only: the other cases' rows of the last results stay, marked with their date.
if (only.length > 0) {
  const earlier = await readFile(OUT, 'utf8').then(JSON.parse).catch(() => null);
  if (earlier) {
    const kept = earlier.cases.filter((c) => !rows.some((r) => r.case === c.case)).map((c) => ({ ...c, measured: c.measured ?? earlier.when }));
    const order = (c) => Number(c.case.slice(1));
    rows = [...kept, ...rows].sort((a, b) => order(a) - order(b));
  }
}
printTable(rows);
await mkdir(join(OUT, '..'), { recursive: true });
await writeFile(OUT, JSON.stringify({ when: new Date().toISOString(), browser: `Chromium ${browserVersion}`, runs: RUNS, cores: (await import('node:os')).cpus().length, cases: rows }, null, 2));
log(`wrote ${OUT}`);
