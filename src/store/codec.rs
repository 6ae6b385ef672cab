//! Encoding of stored values: compact MessagePack (store schema 3): each record an
//! array of its values in field order, no field names (`rmp_serde::to_vec`); the
//! reader (`base::msgpack`) still reads the named form of schema 1 and 2, so older
//! databases open as they are and are rewritten compact at their next fold.
//!
//! Rules for stored types: a new field goes at the END of its struct with
//! `#[serde(default)]`; no `skip_serializing_if` or `skip_serializing` (a value left
//! out would shift the ones after it); fields are never reordered or removed. The one
//! exception is the settings record, written named: its counters and logo are read
//! from older records but never written with it (they have records of their own).
//! Pure Rust, so the
//! round trip is tested natively as well: `crates/core/tests/store_codec.rs` compiles
//! this very file by path (keep it free of browser crates).

use reskontra_core::ledger::invariants::first_out_of_range;
use reskontra_core::ledger::{Preview, RecordRef};
use reskontra_core::{Change, Ledger, Record};

/// Records per snapshot chunk.
pub const CHUNK_SIZE: usize = 1000;

/// A MessagePack array header for `n` items.
fn array_header(n: usize, out: &mut Vec<u8>) -> Result<(), String> {
    match n {
        0..=15 => out.push(0x90 | n as u8),
        16..=0xffff => {
            out.push(0xdc);
            out.extend((n as u16).to_be_bytes());
        }
        _ => {
            let n = u32::try_from(n).map_err(|_| format!("{n} records are too many for one value"))?;
            out.push(0xdd);
            out.extend(n.to_be_bytes());
        }
    }
    Ok(())
}

/// `records` as one MessagePack array: each compact, the settings named (see above).
fn encode_records(records: &[RecordRef<'_>], out: &mut Vec<u8>) -> Result<(), String> {
    array_header(records.len(), out)?;
    for record in records {
        match record {
            RecordRef::Settings(_) => rmp_serde::encode::write_named(out, record),
            _ => rmp_serde::encode::write(out, record),
        }
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A change as `Change`'s compact form: the array `[puts, deletes]`.
pub fn encode_change(change: &Change) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    array_header(2, &mut out)?;
    encode_records(&change.puts.iter().map(Record::as_ref).collect::<Vec<_>>(), &mut out)?;
    rmp_serde::encode::write(&mut out, &change.deletes).map_err(|e| e.to_string())?;
    Ok(out)
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

/// `records` (a ledger's [`reskontra_core::Ledger::record_refs`]) as snapshot chunks.
pub fn encode_chunks(records: &[RecordRef<'_>]) -> Result<Vec<Vec<u8>>, String> {
    records
        .chunks(CHUNK_SIZE)
        .map(|chunk| {
            let mut out = Vec::new();
            encode_records(chunk, &mut out)?;
            Ok(out)
        })
        .collect()
}

/// Decodes a snapshot chunk; records with numbers out of range are refused as above.
pub fn decode_chunk(bytes: &[u8]) -> Result<Vec<Record>, String> {
    let records: Vec<Record> = reskontra_core::base::msgpack::from_slice(bytes).map_err(|e| format!("a stored snapshot chunk is unreadable ({e})"))?;
    match first_out_of_range(&records) {
        Some(problem) => Err(format!("a stored record is damaged: {problem}")),
        None => Ok(records),
    }
}

/// A whole ledger as ONE value: the array of its records, compact as in a chunk. An
/// automatic snapshot keeps this (`store::snapshots`): a seventh of the backup JSON's
/// bytes, and written without JSON.
pub fn encode_ledger(ledger: &Ledger) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    encode_records(&ledger.record_refs(), &mut out)?;
    Ok(out)
}

/// Reads [`encode_ledger`]'s bytes into a ledger, checked as an imported backup is:
/// numbers out of range are refused before anything is built on them, and a ledger
/// that breaks a rule (`check_built_ledger`) is refused with the first rule it breaks.
pub fn decode_ledger(bytes: &[u8]) -> Result<Ledger, String> {
    let records: Vec<Record> = reskontra_core::base::msgpack::from_slice(bytes).map_err(|e| format!("the snapshot is unreadable ({e})"))?;
    if let Some(problem) = first_out_of_range(&records) {
        return Err(format!("the snapshot is damaged: {problem}"));
    }
    let ledger = Ledger::from_records(records);
    let broken = reskontra_core::ledger::invariants::check_built_ledger(&ledger);
    match broken.first() {
        Some(first) => Err(format!("the snapshot breaks the ledger's rules: {first}")),
        None => Ok(ledger),
    }
}

/// `ledger`'s preview ([`reskontra_core::ledger::Preview`]), stored beside each
/// snapshot: the array `[head records but the customers, customer summaries]`, both
/// compact (the settings named, as in a chunk).
pub fn encode_preview(ledger: &Ledger) -> Result<Vec<u8>, String> {
    let (head, customers) = ledger.preview_parts();
    let mut out = Vec::new();
    array_header(2, &mut out)?;
    encode_records(&head, &mut out)?;
    rmp_serde::encode::write(&mut out, &customers).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Decodes a stored preview into its ledger ([`Preview::into_ledger`]); numbers out of
/// range are refused as above.
pub fn decode_preview(bytes: &[u8]) -> Result<Ledger, String> {
    let preview: Preview = reskontra_core::base::msgpack::from_slice(bytes).map_err(|e| format!("the stored preview is unreadable ({e})"))?;
    match first_out_of_range(&preview.head) {
        Some(problem) => Err(format!("the stored preview is damaged: {problem}")),
        None => Ok(preview.into_ledger()),
    }
}
