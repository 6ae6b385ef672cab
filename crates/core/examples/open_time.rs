//! Times what opening the app does with the stored snapshot, natively (a quick
//! measurement for profiling, not a test): decode the chunks with the store's codec
//! (`src/store/codec.rs`, compiled here by path), then build the ledger; and the
//! head (what the first window waits for) against the stored preview that stands in for it.
//! `cargo run --release -p reskontra-core --example open_time -- ledger.json [ROUNDS]`;
//! under `perf record`, the chunks are kept in `<ledger>.chunks` after the first run so
//! a profile sees the decoding, not the JSON import.

#[path = "../../../src/store/codec.rs"]
#[allow(dead_code)]
mod codec;

use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: open_time LEDGER.json [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(5);
    let cache = format!("{path}.chunks");
    let chunks: Vec<Vec<u8>> = match std::fs::read(&cache) {
        Ok(bytes) => split(&bytes),
        Err(_) => {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let ledger = match reskontra_core::ledger::backup::from_json(&text) {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("{path}: {e}");
                    std::process::exit(1);
                }
            };
            let chunks = codec::encode_chunks(&ledger.record_refs()).unwrap_or_default();
            let mut joined = Vec::new();
            for c in &chunks {
                joined.extend((c.len() as u64).to_le_bytes());
                joined.extend(c);
            }
            let _ = std::fs::write(&cache, joined);
            chunks
        }
    };
    let bytes: usize = chunks.iter().map(Vec::len).sum();
    println!("{} chunks, {bytes} bytes", chunks.len());
    // The head (settings, classes, customers: what the first window waits for) apart.
    let head = chunks.iter().position(|c| codec::decode_chunk(c).is_ok_and(|r| r.last().is_some_and(|r| !r.is_head()))).map_or(chunks.len(), |n| n + 1);
    let head_bytes: usize = chunks[..head].iter().map(Vec::len).sum();
    for _ in 0..rounds {
        let start = Instant::now();
        let mut records = 0;
        for c in &chunks[..head] {
            records += codec::decode_chunk(c).map_or(0, |r| r.len());
        }
        let decoded = start.elapsed();
        let mut builder = reskontra_core::LedgerBuilder::default();
        for c in &chunks[..head] {
            if let Ok(r) = codec::decode_chunk(c) {
                builder.extend(r);
            }
        }
        let into_maps = start.elapsed() - decoded;
        let head_ledger = builder.finish();
        // What the first window decodes instead: the stored preview.
        let preview_bytes = codec::encode_preview(&head_ledger).unwrap_or_default();
        let before = Instant::now();
        let preview = codec::decode_preview(&preview_bytes);
        let preview_ms = before.elapsed().as_secs_f64() * 1e3;
        println!(
            "head: {head} chunks, {head_bytes} bytes, {records} records: decode {:.0} ms, decode into the maps {:.0} ms; preview {} bytes: decode into its ledger {preview_ms:.1} ms ({} customers)",
            decoded.as_secs_f64() * 1e3,
            into_maps.as_secs_f64() * 1e3,
            preview_bytes.len(),
            preview.map_or(0, |p| p.customers.len())
        );
    }
    for _ in 0..rounds {
        // As the store opens: each chunk's records into the builder as decoded, then
        // the documents indexed once.
        let start = Instant::now();
        let mut builder = reskontra_core::LedgerBuilder::default();
        for c in &chunks {
            match codec::decode_chunk(c) {
                Ok(r) => builder.extend(r),
                Err(e) => eprintln!("{e}"),
            }
        }
        let decoded = start.elapsed();
        let ledger = builder.finish();
        let built = start.elapsed() - decoded;
        println!(
            "decode into the maps {:.0} ms, index {:.0} ms ({} documents)",
            decoded.as_secs_f64() * 1e3,
            built.as_secs_f64() * 1e3,
            ledger.documents.len()
        );
    }
}

fn split(mut bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while bytes.len() >= 8 {
        let (len, rest) = bytes.split_at(8);
        let len = u64::from_le_bytes(len.try_into().unwrap_or_default()) as usize;
        let (chunk, rest) = rest.split_at(len.min(rest.len()));
        out.push(chunk.to_vec());
        bytes = rest;
    }
    out
}
