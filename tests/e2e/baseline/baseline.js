// The raw-IndexedDB baseline of the benchmark (issue 15): plain JavaScript, no library,
// the same records as the app (read from the same backup file), one record per object,
// the way a straightforward IndexedDB app would keep them. `bench.mjs` serves this page
// beside the app (same origin, same browser) and calls these functions; each returns
// the time it measured in the page (performance.now()).

const DOCUMENTS = 'documents';
const COUNTERS = 'counters';

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function committed(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('aborted'));
  });
}

function open(name) {
  const request = indexedDB.open(name, 1);
  request.onupgradeneeded = () => {
    request.result.createObjectStore(DOCUMENTS, { keyPath: 'id' });
    request.result.createObjectStore(COUNTERS);
  };
  return done(request);
}

async function remove(name) {
  await done(indexedDB.deleteDatabase(name));
}

let backup = null;

/** Reads the backup file (setup, not timed). */
async function load(url) {
  backup = await (await fetch(url)).json();
  return { documents: backup.documents.length, customers: backup.customers.length };
}

/** The same 10,000 invoices the app's B1 writes: the first invoices with lines, by id,
 *  lines cut or padded to three by repeating the first. */
function tenThousandInvoices() {
  return backup.documents
    .filter((d) => d.doc_type === 'Invoice' && d.lines.length > 0)
    .sort((a, b) => a.id - b.id)
    .slice(0, 10000)
    .map((d) => {
      const lines = d.lines.slice(0, 3);
      while (lines.length < 3) lines.push({ ...lines[0] });
      return { ...d, lines };
    });
}

/** Puts `records` one object each in one readwrite transaction; ms until committed. */
async function putAll(db, records) {
  const started = performance.now();
  const tx = db.transaction(DOCUMENTS, 'readwrite');
  const store = tx.objectStore(DOCUMENTS);
  for (const record of records) store.put(record);
  await committed(tx);
  return performance.now() - started;
}

/** B1: 10,000 invoices of three lines in one transaction, into a fresh database. */
async function writeTenThousand() {
  const records = tenThousandInvoices();
  await remove('baseline-b1');
  const db = await open('baseline-b1');
  const ms = await putAll(db, records);
  db.close();
  await remove('baseline-b1');
  return { ms, records: records.length, lines: records.reduce((n, d) => n + d.lines.length, 0), first_ids: records.slice(0, 3).map((d) => d.id) };
}

/** Setup for B2/B3: every document of the backup, one object each (timed, for information). */
async function writeLedger() {
  await remove('baseline');
  const db = await open('baseline');
  const ms = await putAll(db, backup.documents);
  const tx = db.transaction(COUNTERS, 'readwrite');
  tx.objectStore(COUNTERS).put(backup.counters ?? {}, 'counters');
  await committed(tx);
  db.close();
  return { ms, records: backup.documents.length };
}

/** B3's baseline: open the database and `getAll` every document (in a new process). */
async function readLedger() {
  const started = performance.now();
  const db = await open('baseline');
  const tx = db.transaction(DOCUMENTS, 'readonly');
  const all = await done(tx.objectStore(DOCUMENTS).getAll());
  const ms = performance.now() - started;
  db.close();
  return { ms, records: all.length };
}

/** B2's baseline: `n` small commits, each one invoice and the counters in one transaction. */
async function smallCommits(n) {
  const db = await open('baseline');
  const template = await done(db.transaction(DOCUMENTS, 'readonly').objectStore(DOCUMENTS).get(1));
  const counters = await done(db.transaction(COUNTERS, 'readonly').objectStore(COUNTERS).get('counters'));
  const times = [];
  let next = 10_000_000;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const tx = db.transaction([DOCUMENTS, COUNTERS], 'readwrite');
    next += 1;
    tx.objectStore(DOCUMENTS).put({ ...template, id: next, ref_nbr: `B${next}`, description: `Benchmark line ${i}` });
    tx.objectStore(COUNTERS).put({ ...counters, next_document: next + 1 }, 'counters');
    await committed(tx);
    times.push(performance.now() - started);
  }
  db.close();
  return { ms: times };
}

window.baseline = { load, writeTenThousand, writeLedger, readLedger, smallCommits };
document.getElementById('status').textContent = 'ready';
