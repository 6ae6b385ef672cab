//! Encoding of stored values: MessagePack with field names. Pure Rust, so the
//! round trip is tested natively as well: `crates/core/tests/store_codec.rs` compiles
//! this very file by path (keep it free of browser crates).

use reskontra_core::ledger::invariants::first_out_of_range;
use reskontra_core::{Change, Record};

/// Records per snapshot chunk.
pub const CHUNK_SIZE: usize = 1000;

pub fn encode_change(change: &Change) -> Result<Vec<u8>, String> {
    rmp_serde::to_vec_named(change).map_err(|e| e.to_string())
}

/// Decodes a stored change; one with numbers out of the ledger's range is refused
/// (building on it could overflow and panic the page).
pub fn decode_change(bytes: &[u8]) -> Result<Change, String> {
    let change: Change = reskontra_core::base::msgpack::from_slice(bytes).map_err(|e| format!("a stored change is unreadable ({e})"))?;
    match first_out_of_range(&change.puts) {
        Some(problem) => Err(format!("a stored change is damaged: {problem}")),
        None => Ok(change),
    }
}

pub fn encode_chunks(records: &[Record]) -> Result<Vec<Vec<u8>>, String> {
    records.chunks(CHUNK_SIZE).map(|chunk| rmp_serde::to_vec_named(chunk).map_err(|e| e.to_string())).collect()
}

/// Decodes a snapshot chunk; records with numbers out of range are refused as above.
pub fn decode_chunk(bytes: &[u8]) -> Result<Vec<Record>, String> {
    let records: Vec<Record> = reskontra_core::base::msgpack::from_slice(bytes).map_err(|e| format!("a stored snapshot chunk is unreadable ({e})"))?;
    match first_out_of_range(&records) {
        Some(problem) => Err(format!("a stored record is damaged: {problem}")),
        None => Ok(records),
    }
}
