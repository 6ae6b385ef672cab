// Pending emails (SPEC R12) end to end, as a bookkeeper meets them: three prepared
// emails wait in the queue (put there by importing a backup that holds them); one
// recipient is corrected (a bad address is refused at its field); one email is
// exported as .eml (read by Python's email package: no defects) and two as a .zip;
// with the mail relay set in Preferences the rest are sent through the reference
// relay (crates/relay) to an SMTP sink, which receives them without the Bcc header.
// With the relay down an email goes Failed with the reason; Retry sends it once.
//
// The relay and the sink are the real ones, started here:
//   RESKONTRA_RELAY_BIN  the relay binary (default target/release or target/debug reskontra-relay)
//   RESKONTRA_PYTHON     a Python with aiosmtpd (default python3)
//   RESKONTRA_SMTP_SINK  the sink script (default crates/relay/tests/smtp_sink.py)
// A missing one fails the test with what to do; nothing is skipped.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_URL, launch, freshPage, tid, shot, openWindow as open, see, newClass, newCustomer } from './harness.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PYTHON = process.env.RESKONTRA_PYTHON ?? 'python3';
const SINK = process.env.RESKONTRA_SMTP_SINK ?? join(ROOT, 'crates/relay/tests/smtp_sink.py');
const RELAY_BIN =
  process.env.RESKONTRA_RELAY_BIN ??
  ['target/release/reskontra-relay', 'target/debug/reskontra-relay'].map((p) => join(ROOT, p)).find((p) => existsSync(p));

let browser;
let work;
let sink;
let relay;
let smtpPort;
let relayPort;
const received = () => join(work, 'received');

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `child` prints `word` on stdout or stderr; rejects if it exits first. */
function waitFor(child, word, what) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within 15 s:\n${seen}`)), 15000);
    const look = (chunk) => {
      seen += chunk.toString();
      if (seen.includes(word)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before it was ready:\n${seen}`));
    });
  });
}

async function startRelay() {
  const origin = new URL(BASE_URL).origin;
  const child = spawn(
    RELAY_BIN,
    ['--listen', `127.0.0.1:${relayPort}`, '--smtp', `127.0.0.1:${smtpPort}`, '--allow-origin', origin, '--data', join(work, 'relay.sqlite')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr.on('data', (d) => process.env.RELAY_LOG && process.stderr.write(`[relay] ${d}`));
  const deadline = Date.now() + 15000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the relay exited (${child.exitCode}) at start`);
    try {
      const answer = await fetch(`http://127.0.0.1:${relayPort}/health`);
      if (answer.ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the relay did not answer /health within 15 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopRelay() {
  if (relay && relay.exitCode === null) {
    const exited = new Promise((r) => relay.once('exit', r));
    relay.kill('SIGTERM');
    await exited;
  }
  relay = undefined;
}

before(async () => {
  assert.ok(
    RELAY_BIN && existsSync(RELAY_BIN),
    `the reference relay binary is missing: build it (cargo build -p reskontra-relay) or set RESKONTRA_RELAY_BIN (looked for ${RELAY_BIN ?? 'target/{release,debug}/reskontra-relay'})`,
  );
  assert.ok(existsSync(SINK), `the SMTP sink script is missing at ${SINK} (set RESKONTRA_SMTP_SINK)`);
  const probe = spawnSync(PYTHON, ['-c', 'import aiosmtpd'], { encoding: 'utf8' });
  assert.equal(probe.status, 0, `${PYTHON} cannot import aiosmtpd (set RESKONTRA_PYTHON to a Python that has it): ${probe.stderr ?? probe.error}`);
  work = await mkdtemp(join(tmpdir(), 'reskontra-pending-'));
  smtpPort = await freePort();
  relayPort = await freePort();
  sink = spawn(PYTHON, [SINK, '--port', String(smtpPort), '--dir', received()], { stdio: ['pipe', 'pipe', 'pipe'] });
  await waitFor(sink, 'ready', 'the SMTP sink');
  relay = await startRelay();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stopRelay();
  if (sink && sink.exitCode === null) sink.kill('SIGTERM');
  if (work) await rm(work, { recursive: true, force: true });
});

/** The messages the sink received: [{ mail_from, rcpt_tos, eml }]. */
async function sinkMessages() {
  const names = (await readdir(received()).catch(() => [])).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(
    names.map(async (n) => ({
      ...JSON.parse(await readFile(join(received(), n), 'utf8')),
      eml: await readFile(join(received(), n.replace(/\.json$/, '.eml')), 'latin1'),
    })),
  );
}

/** Waits until the sink holds `count` messages. */
async function sinkHas(count) {
  const deadline = Date.now() + 10000;
  let got = [];
  while (Date.now() < deadline) {
    got = await sinkMessages();
    if (got.length >= count) return got;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(got.length, count, 'messages the SMTP sink received');
  return got;
}

/** The headers and defects of an .eml as Python's email package (policy=default) reads it. */
function parseEml(path) {
  const script = `
import email, email.policy, json, sys
msg = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)
defects = [repr(d) for part in msg.walk() for d in part.defects]
files = [p.get_filename() for p in msg.iter_attachments()]
body = msg.get_body(preferencelist=('plain',))
print(json.dumps({'to': str(msg['To']), 'cc': str(msg['Cc'] or ''), 'bcc': msg['Bcc'], 'subject': str(msg['Subject']),
  'message_id': str(msg['Message-ID']), 'defects': defects, 'files': files, 'text': body.get_content() if body else ''}))
`;
  const out = spawnSync('python3', ['-c', script, path], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout);
}

/** The names in a .zip, read by Python's zipfile. */
function zipNames(path) {
  const out = spawnSync('python3', ['-c', 'import zipfile,sys,json; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps(z.namelist()))', path], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

function email(id, customer, document, { to, bcc = [], subject, html = '' }) {
  return {
    id,
    message_id: `20261202.${id}.e2e@fjordkraft.no`,
    mailing_id: 'INVOICE',
    customer_id: customer,
    document,
    from: { name: 'Fjordkraft Regnskap AS', address: 'faktura@fjordkraft.no' },
    to,
    cc: [],
    bcc,
    subject,
    text_body: `Hello,\n\nplease find ${subject} attached.\n\nFjordkraft Regnskap AS\n`,
    html_body: html,
    attachments: [{ file_name: `${subject}.pdf`, mime: 'application/pdf', bytes: PDF.toString('base64') }],
    prepared_on: '2026-12-02',
    status: 'Pending',
  };
}

/** A company with a customer, an invoice and three Pending emails, imported as a backup. */
async function queueOfThree(page, { thirdSending = false } = {}) {
  await open(page, 'settings');
  await tid(page, 'settings-company-name').fill('Fjordkraft Regnskap AS');
  await tid(page, 'settings-company-email').fill('faktura@fjordkraft.no');
  await tid(page, 'save').click();
  await page.locator('[data-testid="notice"]', { hasText: 'Preferences saved' }).waitFor();
  await newClass(page, 'DOM', 'Domestic');
  assert.equal(await newCustomer(page, 'Nordlys Bygg AS', { email: 'post@nordlysbygg.no' }), '10001');
  await open(page, 'invoices/new?customer=10001');
  await tid(page, 'line-0-description').fill('Roof inspection');
  await tid(page, 'line-0-unit_price').fill('1000');
  await tid(page, 'save').click();
  await see(page, 'window-title', 'Invoice INV000001');

  await open(page, 'settings');
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'export-backup').click()]);
  const backup = JSON.parse(await readFile(await download.path(), 'utf8'));
  const invoice = backup.documents.find((d) => d.ref_nbr === 'INV000001');
  assert.ok(invoice, 'the invoice is in the backup');
  backup.emails = [
    email(1, '10001', invoice.id, { to: [{ name: 'Nordlys Bygg AS', address: 'post@nordlysbygg.no' }], subject: 'Invoice INV000001' }),
    email(2, '10001', invoice.id, {
      to: [{ name: 'Kari Nordmann', address: 'kari@nordlysbygg.no' }],
      bcc: [{ name: '', address: 'arkiv@fjordkraft.no' }],
      subject: 'Invoice INV000001 (copy)',
      html: '<p>Hello,</p><p>please find <b>the invoice</b> attached.</p>',
    }),
    email(3, '10001', null, { to: [{ name: 'Ola Berg', address: 'ola@nordlysbygg.no' }], subject: 'Statement December' }),
  ];
  // A crash between the relay's answer and its recording leaves an email Sending.
  if (thirdSending) backup.emails[2].status = { Sending: { since: '2026-12-02T10:00:00' } };
  backup.settings.next_email_id = 4;
  page.once('dialog', (d) => d.accept());
  await tid(page, 'import-backup').setInputFiles({ name: 'queue.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(backup)) });
  await tid(page, 'backup-status').filter({ hasText: 'Loaded' }).waitFor();
}

const row = (page, id) => page.locator(`[data-testid="emails-row"][data-key="${id}"]`);
const cell = (page, id, col) => row(page, id).locator('[role="gridcell"]').nth(col + 1);

test('pending emails: review, correct, export, send through the relay, retry once', async () => {
  const { context, page } = await freshPage(browser);
  await page.setViewportSize({ width: 1366, height: 768 });
  await queueOfThree(page);

  // The queue: three Pending emails; nothing was sent by preparing them.
  await tid(page, 'nav-pending-emails').click();
  await see(page, 'emails-count', '3 of 3');
  assert.equal(await cell(page, 2, 1).innerText(), 'Pending');
  assert.equal(await cell(page, 2, 5).innerText(), 'INV000001');
  assert.match(await cell(page, 3, 6).innerText(), /Ola Berg <ola@nordlysbygg\.no>/);
  // Filter by status and by customer.
  await tid(page, 'emails-filter-1').selectOption('Pending');
  await see(page, 'emails-count', '3 of 3');
  await tid(page, 'emails-search-7').fill('statement');
  await see(page, 'emails-count', '1 of 3');
  await tid(page, 'emails-search-7').fill('');
  // No relay yet: Send says where to set it.
  await tid(page, 'send-all').click();
  await tid(page, 'relay-missing').waitFor();
  assert.equal((await sinkMessages()).length, 0);
  await shot(page, 'e2e-pending-emails-list');

  // The record window: preview, the HTML body sandboxed, a bad address refused at its field.
  await row(page, 1).click();
  await see(page, 'window-title', 'Email 1');
  await see(page, 'status', 'Pending');
  assert.equal(await tid(page, 'email-from').inputValue(), 'Fjordkraft Regnskap AS <faktura@fjordkraft.no>');
  await see(page, 'email-document', 'Invoice INV000001');
  await see(page, 'attachment-name', 'Invoice INV000001.pdf');
  await tid(page, 'email-to').fill('Nordlys Bygg AS <post@nordlysbygg>');
  await tid(page, 'save').click();
  await see(page, 'error-to', '"post@nordlysbygg" is not an email address');
  await tid(page, 'problem-summary').waitFor();
  await shot(page, 'e2e-pending-email-refused');
  await tid(page, 'email-to').fill('Nordlys Bygg AS <faktura@nordlysbygg.no>');
  await tid(page, 'save').click();
  await page.locator('[data-testid="notice"]', { hasText: 'Email 1 saved' }).waitFor();
  await see(page, 'error-to', '');
  // A file added as an attachment, kept after saving; the PDF downloads under its name.
  await tid(page, 'add-attachment').setInputFiles({ name: 'terms.txt', mimeType: 'text/plain', buffer: Buffer.from('Payment within 14 days.\n') });
  await tid(page, 'attachment-name').nth(1).waitFor();
  await tid(page, 'save').click();
  await page.locator('[data-testid="notice"]', { hasText: 'Email 1 saved' }).waitFor();
  const [pdf] = await Promise.all([page.waitForEvent('download'), tid(page, 'attachment-download').first().click()]);
  assert.equal(pdf.suggestedFilename(), 'Invoice INV000001.pdf');
  assert.deepEqual(await readFile(await pdf.path()), PDF);

  // Export the one email: an .eml Python reads without defects, with the new recipient.
  const [eml] = await Promise.all([page.waitForEvent('download'), tid(page, 'export').click()]);
  assert.equal(eml.suggestedFilename(), '000001 Invoice INV000001.eml');
  const parsed = parseEml(await eml.path());
  assert.deepEqual(parsed.defects, []);
  assert.equal(parsed.to, 'Nordlys Bygg AS <faktura@nordlysbygg.no>');
  assert.equal(parsed.message_id, '<20261202.1.e2e@fjordkraft.no>');
  assert.deepEqual(parsed.files, ['Invoice INV000001.pdf', 'terms.txt']);
  assert.match(parsed.text, /please find Invoice INV000001 attached/);
  await see(page, 'status', 'Exported');
  await shot(page, 'e2e-pending-email-record');

  // Email 2: its HTML body in a sandboxed frame.
  await open(page, 'pending-emails/2');
  assert.equal(await tid(page, 'email-html').getAttribute('sandbox'), '');
  const frame = page.frameLocator('[data-testid="email-html"]');
  assert.equal(await frame.locator('b').innerText(), 'the invoice');
  await tid(page, 'attachments').scrollIntoViewIfNeeded();
  await shot(page, 'e2e-pending-email-html');

  // Export two as one .zip of .eml files; they are Exported, never Sent.
  await open(page, 'pending-emails');
  await row(page, 2).locator('[data-testid="emails-select"]').check();
  await row(page, 3).locator('[data-testid="emails-select"]').check();
  const [zip] = await Promise.all([page.waitForEvent('download'), tid(page, 'export-selected').click()]);
  assert.match(zip.suggestedFilename(), /^reskontra-emails-\d{4}-\d\d-\d\d\.zip$/);
  assert.deepEqual(zipNames(await zip.path()).sort(), ['000002 Invoice INV000001 _copy_.eml', '000003 Statement December.eml']);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="emails-row"] [role="gridcell"]:nth-child(3)')].every((c) => c.innerText === 'Exported'));

  // The relay, set in Preferences, answers Test connection.
  await open(page, 'settings');
  await tid(page, 'relay-url').fill('not a url');
  await tid(page, 'relay-save').click();
  await see(page, 'error-relay_url', 'Enter an https:// address (http:// only for localhost or 127.0.0.1)');
  await tid(page, 'relay-url').fill(`http://127.0.0.1:${relayPort}`);
  await tid(page, 'relay-save').click();
  await page.locator('[data-testid="notice"]', { hasText: 'Mail relay saved' }).waitFor();
  await tid(page, 'relay-test').click();
  await see(page, 'relay-test-result', 'Connected');
  await tid(page, 'relay-test').scrollIntoViewIfNeeded();
  await shot(page, 'e2e-relay-settings');

  // Send the two selected through the relay: Sent with the relay's ids.
  await open(page, 'pending-emails');
  await row(page, 2).locator('[data-testid="emails-select"]').check();
  await row(page, 3).locator('[data-testid="emails-select"]').check();
  await tid(page, 'send-selected').click();
  await see(page, 'send-summary', 'Sent 2, failed 0.');
  for (const id of [2, 3]) {
    assert.equal(await cell(page, id, 1).innerText(), 'Sent');
    assert.match(await cell(page, id, 2).innerText(), /^\d{4}-\d\d-\d\d \d\d:\d\d \(id .+\)$/);
  }
  await shot(page, 'e2e-pending-emails-sent');
  const got = await sinkHas(2);
  const copy = got.find((m) => m.eml.includes('Message-ID: <20261202.2.e2e@fjordkraft.no>'));
  assert.ok(copy, 'email 2 reached the SMTP server');
  assert.ok(copy.rcpt_tos.includes('arkiv@fjordkraft.no'), 'the Bcc recipient is in the envelope');
  assert.ok(!/^Bcc:/im.test(copy.eml), 'no Bcc header is transmitted');
  assert.ok(copy.rcpt_tos.includes('kari@nordlysbygg.no'));

  // Relay down: email 1 goes Failed with the reason; with the relay back, Send sends it once.
  await stopRelay();
  await open(page, 'pending-emails/1');
  await tid(page, 'send').click();
  await see(page, 'status', 'Failed');
  assert.match(await tid(page, 'status-detail').innerText(), /the relay could not be reached/);
  assert.match(await tid(page, 'send-result').innerText(), /^✗ the relay could not be reached/);
  relay = await startRelay();
  await tid(page, 'send').click();
  await see(page, 'status', 'Sent');
  const all = await sinkHas(3);
  assert.equal(all.filter((m) => m.eml.includes('Message-ID: <20261202.1.e2e@fjordkraft.no>')).length, 1, 'email 1 reached the SMTP server once');
  assert.deepEqual(all.find((m) => m.eml.includes('<20261202.1.e2e@fjordkraft.no>')).rcpt_tos, ['faktura@nordlysbygg.no']);
  // Sent is final: nothing to send, nothing to edit.
  assert.equal(await tid(page, 'send').isDisabled(), true);
  assert.equal(await tid(page, 'save').isDisabled(), true);

  // The customer's activity lists each email with its status.
  await open(page, 'customers/10001');
  await tid(page, 'tab-activities').click();
  await page.getByText('Email 1 to faktura@nordlysbygg.no: Invoice INV000001 — Sent', { exact: false }).waitFor();
  await page.getByText('Email 3 to ola@nordlysbygg.no: Statement December — Sent', { exact: false }).waitFor();

  // After a reload everything is still there.
  await open(page, 'pending-emails');
  await page.reload();
  await see(page, 'emails-count', '3 of 3');
  assert.equal(await cell(page, 1, 1).innerText(), 'Sent');
  await context.close();
});

test('an email left Sending is offered as Retry, and the relay does not send it twice', async () => {
  const { context, page } = await freshPage(browser);
  await queueOfThree(page, { thirdSending: true });
  await open(page, 'settings');
  await tid(page, 'relay-url').fill(`http://127.0.0.1:${relayPort}`);
  await tid(page, 'relay-save').click();
  await page.locator('[data-testid="notice"]', { hasText: 'Mail relay saved' }).waitFor();
  const before = (await sinkMessages()).length;
  // Email 3 of this queue has the same Message-ID as the one sent in the first test:
  // the relay has forwarded that key already, so the retry is answered, not sent again.
  await open(page, 'pending-emails/3');
  await see(page, 'status', 'Sending');
  await see(page, 'send', 'Retry');
  assert.equal(await tid(page, 'save').isDisabled(), true, 'not editable while Sending');
  await tid(page, 'send').click();
  await see(page, 'status', 'Sent');
  // The relay answers after the SMTP server accepted (or after finding the key): by
  // now a second copy would be in the sink.
  assert.equal((await sinkMessages()).length, before, 'the relay did not forward the same Message-ID again');
  await context.close();
});
