//! The browser store's codec (`src/store/codec.rs`), compiled here natively: the very
//! file the app uses, included by path, since the app crate's own tests run only in the
//! browser. Every stored value must come back as it went in, and damaged bytes must
//! be refused with a reason, never a panic.

#[path = "../../../src/store/codec.rs"]
mod codec;

use chrono::NaiveDate;
use reskontra_core::ledger::demo::{demo_ledger, DemoSize};
use reskontra_core::{Change, Ledger, Record, RecordKey};

fn demo() -> Ledger {
    demo_ledger(3, DemoSize { customers: 30, invoices: 2_400 }, NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid"))
}

#[test]
fn a_snapshot_round_trips_in_chunks_of_a_thousand() {
    let ledger = demo();
    let records = ledger.records();
    assert!(records.len() > 2 * codec::CHUNK_SIZE, "the demo spans several chunks");
    // Every record kind is in it, the schedules of recurring documents (R7) too.
    assert!(records.iter().any(|r| matches!(r, Record::Schedule(s) if !s.generated.is_empty())), "the demo has schedules");
    let chunks = codec::encode_chunks(&records).expect("encode");
    assert_eq!(chunks.len(), records.len().div_ceil(codec::CHUNK_SIZE));
    let back: Vec<Record> = chunks.iter().flat_map(|bytes| codec::decode_chunk(bytes).expect("decode")).collect();
    assert_eq!(back, records);
    assert_eq!(Ledger::from_records(back), ledger);
}

#[test]
fn a_change_round_trips_with_its_puts_and_deletes() {
    let ledger = demo();
    let records = ledger.records();
    let change = Change { puts: records[..5].to_vec(), deletes: records[5..8].iter().map(Record::key).collect::<Vec<RecordKey>>() };
    let bytes = codec::encode_change(&change).expect("encode");
    assert_eq!(codec::decode_change(&bytes).expect("decode"), change);
}

#[test]
fn damaged_bytes_are_refused_with_a_reason() {
    let ledger = demo();
    let chunk = codec::encode_chunks(&ledger.records()).expect("encode").remove(0);
    let cut = codec::decode_chunk(&chunk[..chunk.len() / 2]).unwrap_err();
    assert!(cut.starts_with("a stored snapshot chunk is unreadable"), "{cut}");
    assert!(codec::decode_change(b"\xc1\xc1").unwrap_err().starts_with("a stored change is unreadable"));
}

#[test]
fn a_record_out_of_range_is_refused_not_opened() {
    let ledger = demo();
    let mut records = ledger.records();
    let at = records.iter().position(|r| matches!(r, Record::Document(_))).expect("a document");
    if let Record::Document(doc) = &mut records[at] {
        doc.total = rust_decimal::Decimal::from(10u64.pow(16));
    }
    let damaged = &records[at..at + 10];
    let bytes = codec::encode_chunks(damaged).expect("encode").remove(0);
    let refused = codec::decode_chunk(&bytes).err().unwrap_or_default();
    assert!(refused.starts_with("a stored record is damaged"), "{refused}");
    let change = Change { puts: damaged.to_vec(), deletes: vec![] };
    let refused = codec::decode_change(&codec::encode_change(&change).expect("encode")).err().unwrap_or_default();
    assert!(refused.starts_with("a stored change is damaged"), "{refused}");
}
