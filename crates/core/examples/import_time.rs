//! Times reading a backup natively: `cargo run --release -p reskontra-core --example import_time -- ledger.json`.
use std::time::Instant;

#[derive(serde::Deserialize)]
struct Head {
    #[serde(default)]
    _format: Option<serde_json::Value>,
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let bytes = std::fs::read(&path).unwrap_or_default();
    for _ in 0..2 {
        let t = Instant::now();
        let _head: Result<Head, _> = serde_json::from_slice(&bytes);
        let head = t.elapsed();
        let t = Instant::now();
        let ledger = reskontra_core::ledger::backup::from_json_bytes(&bytes);
        println!(
            "head scan {:.0} ms, whole import {:.0} ms ({} documents)",
            head.as_secs_f64() * 1e3,
            t.elapsed().as_secs_f64() * 1e3,
            ledger.map(|l| l.documents.len()).unwrap_or(0)
        );
    }
}
