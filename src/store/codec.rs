//! Encoding of stored values: MessagePack with field names. Pure Rust, so the
//! round trip is tested natively as well.

use reskontra_core::{Change, Record};

/// Records per snapshot chunk.
pub const CHUNK_SIZE: usize = 1000;

pub fn encode_change(change: &Change) -> Result<Vec<u8>, String> {
    rmp_serde::to_vec_named(change).map_err(|e| e.to_string())
}

pub fn decode_change(bytes: &[u8]) -> Result<Change, String> {
    rmp_serde::from_slice(bytes).map_err(|e| format!("a stored change is unreadable ({e})"))
}

pub fn encode_chunks(records: &[Record]) -> Result<Vec<Vec<u8>>, String> {
    records.chunks(CHUNK_SIZE).map(|chunk| rmp_serde::to_vec_named(chunk).map_err(|e| e.to_string())).collect()
}

pub fn decode_chunk(bytes: &[u8]) -> Result<Vec<Record>, String> {
    rmp_serde::from_slice(bytes).map_err(|e| format!("a stored snapshot chunk is unreadable ({e})"))
}
