//! Times reading a backup natively, step by step, as `backup::from_json_bytes` does
//! them: `cargo run --release -p reskontra-core --example import_time -- ledger.json`.
use std::time::Instant;

use reskontra_core::ledger::backup::{self, Backup};
use reskontra_core::ledger::invariants::check_built_ledger;

fn ms(t: Instant) -> String {
    format!("{:.0} ms", t.elapsed().as_secs_f64() * 1e3)
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let bytes = std::fs::read(&path).unwrap_or_default();
    for _ in 0..3 {
        let t = Instant::now();
        let backup: Backup = match std::str::from_utf8(&bytes).map_err(|e| e.to_string()).and_then(|t| serde_json::from_str(t).map_err(|e| e.to_string())) {
            Ok(b) => b,
            Err(e) => return eprintln!("{path}: {e}"),
        };
        let decoded = ms(t);
        let t = Instant::now();
        let mut builder = reskontra_core::LedgerBuilder::default();
        for record in backup.records() {
            builder.push(record);
        }
        let ledger = builder.finish();
        let built = ms(t);
        let t = Instant::now();
        let broken = check_built_ledger(&ledger).len();
        let checked = ms(t);
        let t = Instant::now();
        let whole = backup::from_json_bytes(&bytes).map(|l| l.documents.len());
        println!("JSON to records {decoded}, build {built}, check {checked} ({broken} broken); whole import {} ({whole:?} documents)", ms(t));
    }
}
