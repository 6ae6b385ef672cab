//! The browser store's codec (`src/store/codec.rs`), compiled here natively: the very
//! file the app uses, included by path, since the app crate's own tests run only in the
//! browser. Every stored value must come back as it went in, and damaged bytes must
//! be refused with a reason, never a panic.

#[path = "../../../src/store/codec.rs"]
mod codec;

use chrono::NaiveDate;
use reskontra_core::customers::summary::CustomerSummary;
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
    let chunks = codec::encode_chunks(&ledger.record_refs()).expect("encode");
    assert_eq!(chunks.len(), records.len().div_ceil(codec::CHUNK_SIZE));
    let back: Vec<Record> = chunks.iter().flat_map(|bytes| codec::decode_chunk(bytes).expect("decode")).collect();
    assert_eq!(back, records);
    assert_eq!(Ledger::from_records(back), ledger);
}

/// An automatic snapshot keeps the whole ledger as one value of compact records: it
/// reads back as the same ledger, in a fraction of the backup JSON's bytes.
#[test]
fn a_whole_ledger_round_trips_as_one_value_smaller_than_its_backup_json() {
    let ledger = demo();
    let bytes = codec::encode_ledger(&ledger).expect("encode");
    assert_eq!(codec::decode_ledger(&bytes).expect("decode"), ledger);
    let json = reskontra_core::ledger::backup::to_json(&ledger).len();
    println!("the demo ledger: {} B as one compact value, {json} B as backup JSON", bytes.len());
    assert!(bytes.len() * 4 < json, "{} B compact vs {json} B JSON", bytes.len());
    // Its first byte is an array header, never JSON's `{`, so the two forms are told apart.
    assert_ne!(bytes[0], b'{');
}

/// A snapshot that was damaged in the browser's storage is refused, with a reason,
/// before anything is built on it: bytes cut short, a number out of range, a ledger
/// that breaks a rule.
#[test]
fn a_damaged_whole_ledger_is_refused_with_a_reason() {
    let ledger = demo();
    let bytes = codec::encode_ledger(&ledger).expect("encode");
    let cut = codec::decode_ledger(&bytes[..bytes.len() / 2]).err().unwrap_or_default();
    assert!(cut.starts_with("the snapshot is unreadable"), "{cut}");

    let mut records = ledger.records();
    if let Some(Record::Document(doc)) = records.iter_mut().find(|r| matches!(r, Record::Document(_))) {
        doc.total = rust_decimal::Decimal::from(10u64.pow(16));
    }
    let refused = codec::decode_ledger(&codec::encode_ledger(&Ledger::from_records(records)).expect("encode")).err().unwrap_or_default();
    assert!(refused.starts_with("the snapshot is damaged"), "{refused}");

    // A customer with documents left out: its documents name nobody.
    let mut records = ledger.records();
    let owner = ledger.documents.values().next().expect("a document").customer_id.clone();
    records.retain(|r| !matches!(r, Record::Customer(c) if c.id == owner));
    let refused = codec::decode_ledger(&codec::encode_ledger(&Ledger::from_records(records)).expect("encode")).err().unwrap_or_default();
    assert!(refused.starts_with("the snapshot breaks the ledger's rules"), "{refused}");
}

/// A snapshot is written from records borrowed from the ledger: they are the very
/// bytes of the records themselves, compact and named.
#[test]
fn borrowed_records_write_the_bytes_of_the_records() {
    let ledger = demo();
    let (owned, borrowed) = (ledger.records(), ledger.record_refs());
    assert_eq!(owned.len(), borrowed.len());
    assert_eq!(rmp_serde::to_vec(&borrowed).expect("encode"), rmp_serde::to_vec(&owned).expect("encode"));
    assert_eq!(rmp_serde::to_vec_named(&borrowed).expect("encode"), rmp_serde::to_vec_named(&owned).expect("encode"));
    assert_eq!(serde_json::to_string(&borrowed).expect("encode"), serde_json::to_string(&owned).expect("encode"));
    assert_eq!(owned.iter().map(Record::as_ref).map(|r| r.into_owned()).collect::<Vec<_>>(), owned);
}

#[test]
fn a_change_round_trips_with_its_puts_and_deletes() {
    let ledger = demo();
    let records = ledger.records();
    let change = Change { puts: records[..5].to_vec(), deletes: records[5..8].iter().map(Record::key).collect::<Vec<RecordKey>>() };
    let bytes = codec::encode_change(&change).expect("encode");
    assert_eq!(codec::decode_change(&bytes).expect("decode"), change);
}

/// The preview stored beside a snapshot: the settings, counters, logo and classes come
/// back whole, each customer with the customers list's columns, and it is a fraction of
/// the customers' bytes.
#[test]
fn a_preview_round_trips_with_the_head_whole_and_the_customers_as_listed() {
    let mut ledger = demo();
    ledger.settings.logo = Some("data:image/png;base64,iVBORw0KGgo=".into());
    let bytes = codec::encode_preview(&ledger).expect("encode");
    let preview = codec::decode_preview(&bytes).expect("decode");
    assert_eq!(preview.settings, ledger.settings, "the settings with their counters and logo");
    assert_eq!(preview.classes, ledger.classes);
    let listed = |l: &Ledger| l.customers.values().map(CustomerSummary::of).collect::<Vec<_>>();
    assert_eq!(listed(&preview), listed(&ledger));
    assert!(preview.documents.is_empty() && preview.schedules.is_empty());
    let head: usize = ledger.customers.values().map(|c| rmp_serde::to_vec(&Record::Customer(c.clone())).expect("encode").len()).sum();
    let mut without_customers = ledger.clone();
    without_customers.customers.clear();
    let summaries = bytes.len() - codec::encode_preview(&without_customers).expect("encode").len();
    assert!(summaries * 2 < head, "the customers' summaries ({summaries} B) are well under half of their records ({head} B)");
    let cut = codec::decode_preview(&bytes[..bytes.len() / 2]).unwrap_err();
    assert!(cut.starts_with("the stored preview is unreadable"), "{cut}");
}

#[test]
fn damaged_bytes_are_refused_with_a_reason() {
    let ledger = demo();
    let chunk = codec::encode_chunks(&ledger.record_refs()).expect("encode").remove(0);
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
    let bytes = codec::encode_chunks(&damaged.iter().map(Record::as_ref).collect::<Vec<_>>()).expect("encode").remove(0);
    let refused = codec::decode_chunk(&bytes).err().unwrap_or_default();
    assert!(refused.starts_with("a stored record is damaged"), "{refused}");
    let change = Change { puts: damaged.to_vec(), deletes: vec![] };
    let refused = codec::decode_change(&codec::encode_change(&change).expect("encode")).err().unwrap_or_default();
    assert!(refused.starts_with("a stored change is damaged"), "{refused}");
}

#[test]
fn records_are_stored_compact_and_the_named_form_of_schema_2_still_reads() {
    let ledger = demo();
    let records = ledger.records();
    let compact: usize = codec::encode_chunks(&ledger.record_refs()).expect("encode").iter().map(Vec::len).sum();
    let named: Vec<Vec<u8>> = records.chunks(codec::CHUNK_SIZE).map(|c| rmp_serde::to_vec_named(c).expect("encode")).collect();
    let named_size: usize = named.iter().map(Vec::len).sum();
    println!("the demo's snapshot: {compact} B compact, {named_size} B named");
    assert!(compact * 2 < named_size, "compact ({compact} B) is well under half of named ({named_size} B)");
    // A schema 2 database's chunks (named) read as they are.
    let back: Vec<Record> = named.iter().flat_map(|bytes| codec::decode_chunk(bytes).expect("decode")).collect();
    assert_eq!(back, records);
    // A schema 2 change, too.
    let change = Change { puts: records[..5].to_vec(), deletes: vec![RecordKey::Customer("C1".into())] };
    assert_eq!(codec::decode_change(&rmp_serde::to_vec_named(&change).expect("encode")).expect("decode"), change);
}

#[test]
fn optional_fields_at_the_end_of_a_document_keep_their_places_in_the_compact_form() {
    // Schema 3 writes no field names, so a value left out would shift the ones after it
    // (`skip_serializing_if` is not allowed on stored types): a document with only the
    // LAST optional field set must come back with exactly that.
    let ledger = demo();
    let mut document = ledger.documents.values().next().expect("a document").clone();
    document.skipped_print_on.clear();
    document.skipped_email_on.clear();
    document.schedule = None;
    document.dunning = Some(reskontra_core::documents::document::DunningMark { level: 2, date: NaiveDate::from_ymd_opt(2026, 6, 1).expect("valid") });
    let mut customer = ledger.customers.values().next().expect("a customer").clone();
    customer.last_statement = None;
    let change = Change {
        puts: vec![Record::Document(document), Record::Customer(customer), Record::Settings(ledger.settings.without_counters_and_logo())],
        deletes: vec![],
    };
    let bytes = codec::encode_change(&change).expect("encode");
    assert_eq!(codec::decode_change(&bytes).expect("decode"), change);
}
