// The reskontra CLI for the end-to-end tests: ledgers made with `reskontra demo`, and
// what the app stored checked with `reskontra check` (the core's invariant check).
//
// `cargo xtask test` builds it and passes RESKONTRA_CLI; by hand the built binary in
// target/ is used, else `cargo build -p reskontra-cli` makes it.

import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The path of the reskontra binary, built when there is none. */
export function reskontraCli() {
  const given = process.env.RESKONTRA_CLI;
  if (given) {
    assert.ok(existsSync(given), `RESKONTRA_CLI=${given} exists`);
    return given;
  }
  const found = ['target/release/reskontra', 'target/debug/reskontra'].map((p) => join(ROOT, p)).find((p) => existsSync(p));
  if (found) return found;
  const built = spawnSync('cargo', ['build', '-p', 'reskontra-cli'], { cwd: ROOT, stdio: 'inherit' });
  assert.equal(built.status, 0, 'cargo build -p reskontra-cli');
  return join(ROOT, 'target/debug/reskontra');
}

/** Runs `reskontra <args>` and returns its output; throws with its message when it fails. */
export function cli(args) {
  return execFileSync(reskontraCli(), args, { encoding: 'utf8' });
}

/** A temporary folder for ledgers, with `demo(name, args)` (→ path) and `check(path)` (→ report). */
export async function ledgerFolder(prefix) {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return {
    dir,
    demo(name, args) {
      const path = join(dir, name);
      cli(['demo', ...args, '-o', path]);
      return path;
    },
    check: (path) => cli(['check', path]),
  };
}
