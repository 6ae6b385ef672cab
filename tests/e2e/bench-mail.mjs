// Benchmark (not a test): prepare about 1,000 invoice emails with their PDFs in the
// browser through Send invoices' *Process all*, on a backup made by
//   reskontra demo --seed 7 --customers 700 --invoices 2600 -o bench.json
// (1,063 documents, 1,185 emails). Prints the total time, the time per email, and how
// often the progress bar moved while it ran (the page stays responsive).
// Usage: BASE_URL=http://127.0.0.1:8130/ node tests/e2e/bench-mail.mjs bench.json

import { readFile } from 'node:fs/promises';
import { launch, freshPage, tid, openWindow as open } from './harness.mjs';

const file = process.argv[2];
if (!file) throw new Error('give the backup file made by reskontra demo');
const browser = await launch();
const { page } = await freshPage(browser);
await open(page, 'settings');
page.once('dialog', (d) => d.accept());
await tid(page, 'import-backup').setInputFiles({ name: 'bench.json', mimeType: 'application/json', buffer: await readFile(file) });
await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor({ timeout: 120000 });
await open(page, 'send-invoices');
await tid(page, 'send-row').first().waitFor();
const started = Date.now();
await tid(page, 'send-process-all').click();
const seen = new Set();
let summary = '';
while (!summary.startsWith('Queued')) {
  const count = await tid(page, 'send-progress-count').innerText().catch(() => '');
  if (count) seen.add(count);
  summary = await tid(page, 'send-summary').innerText().catch(() => '');
  await page.waitForTimeout(100);
}
const seconds = (Date.now() - started) / 1000;
const emails = Number(summary.match(/Queued (\d+)/)?.[1] ?? 0);
console.log(`${summary}`);
console.log(`total ${seconds.toFixed(1)} s for ${emails} emails: ${((seconds * 1000) / emails).toFixed(1)} ms per email; the progress count showed ${seen.size} different values`);
await browser.close();
