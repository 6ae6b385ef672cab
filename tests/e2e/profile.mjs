// A CPU profile of one benchmark case on the page (not a test, not the bench): where the
// time of B7 (mass release), B8 (1,000 invoice emails) or B9 (import) goes, by wasm
// function. `cargo xtask bench --profile B9` builds the bundle with the functions' names
// kept (SPLIT_KEEP_NAMES), serves it and runs this; by hand:
//
//   BASE_URL=http://127.0.0.1:8080/ FILE=target/bench/ledger-100k.json \
//     node tests/e2e/profile.mjs B9 [out.cpuprofile]
//
// Prints the case's time, the functions with the most time of their own, and the app's
// functions with the most time including what they call. The profile (`.cpuprofile`,
// which Chromium's DevTools open) is written to target/bench/<case>.cpuprofile. The
// render workers of B8 are not in it: their time shows as the page's idle time.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './harness.mjs';

const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080/';
const which = (process.argv[2] ?? '').toUpperCase();
const file = process.env.FILE;
const out = process.argv[3] ?? fileURLToPath(new URL(`../../target/bench/${which}.cpuprofile`, import.meta.url));
if (!['B7', 'B8', 'B9'].includes(which) || !file) {
  console.error('usage: FILE=<the case\'s bench ledger> node tests/e2e/profile.mjs B7|B8|B9 [out]');
  process.exit(2);
}

const dir = await mkdtemp(join(tmpdir(), 'reskontra-profile-'));
const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1366, height: 768 } });
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('dialog', (d) => d.accept());
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  const tid = (id) => page.locator(`[data-testid="${id}"]`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await page.goto(`${BASE_URL}#/settings`);
  await tid('app-frame').waitFor({ timeout: 60000 });
  const imported = async () => {
    await tid('import-backup').setInputFiles(file);
    await tid('backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 600000 });
  };
  // The case starts on a quiet page: the other windows' modules are fetched 3 s after
  // the ledger opens.
  const settle = () => page.waitForTimeout(4000);
  let started;
  let done;
  if (which === 'B9') {
    await settle();
    await cdp.send('Profiler.start');
    started = Date.now();
    await imported();
  } else if (which === 'B7') {
    await imported();
    await page.evaluate(() => { location.hash = '#/release'; });
    await tid('release-count').waitFor({ timeout: 60000 });
    await settle();
    await cdp.send('Profiler.start');
    started = Date.now();
    await tid('release-all').click();
    await tid('release-summary').filter({ hasText: 'Released' }).waitFor({ timeout: 300000 });
  } else {
    await imported();
    await page.evaluate(() => { location.hash = '#/send-invoices'; });
    await tid('send-row').first().waitFor({ timeout: 60000 });
    await settle();
    await cdp.send('Profiler.start');
    started = Date.now();
    await tid('send-process-all').click();
    await tid('send-summary').filter({ hasText: 'Queued' }).waitFor({ timeout: 300000 });
  }
  done = Date.now() - started;
  const { profile } = await cdp.send('Profiler.stop');
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify(profile));
  report(which, done, profile);
  console.log(`profile: ${out}`);
} finally {
  await context.close();
  await rm(dir, { recursive: true, force: true });
}

/** The functions with most self time, and the app's with most time including callees. */
function report(which, ms, profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Rust's names, without the hash (`::h0123…`) and in their demangled form when kept.
  const name = (n) => (n.callFrame.functionName || `(${n.callFrame.url.split('/').pop() || 'native'})`).replace(/::h[0-9a-f]{16}/g, '');
  const self = new Map();
  const total = new Map();
  let sampled = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    sampled += dt;
    const leaf = name(byId.get(id));
    self.set(leaf, (self.get(leaf) ?? 0) + dt);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = name(byId.get(cur));
      if (!seen.has(k)) { seen.add(k); total.set(k, (total.get(k) ?? 0) + dt); }
    }
  });
  const top = (m, n, keep = () => true) => [...m.entries()].filter(([k]) => keep(k)).sort((a, b) => b[1] - a[1]).slice(0, n);
  const line = ([k, v]) => `${v.toFixed(0).padStart(7)} ms ${(100 * v / sampled).toFixed(1).padStart(5)} %  ${k.slice(0, 150)}`;
  console.log(`${which}: ${ms} ms from the click to the result; ${sampled.toFixed(0)} ms sampled on the page`);
  console.log('self time (the function itself):');
  for (const row of top(self, 25)) console.log(line(row));
  console.log('total time (with what it calls), the app\'s own functions:');
  for (const row of top(total, 30, (k) => /reskontra/.test(k) && !/closure\}\}::\{\{closure/.test(k))) console.log(line(row));
}
