//! The pure parts of opening the app and searching a list (issue 15's B3 and B6),
//! `cargo xtask bench --core`: decoding the stored snapshot chunks (the store's own
//! codec, `src/store/codec.rs`, compiled here by path as `tests/store_codec.rs` does),
//! building the ledger from the records, and the list search over 100,000 customers.

#[path = "../../../src/store/codec.rs"]
#[allow(dead_code)]
mod codec;

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use reskontra_core::base::search::Search;
use reskontra_core::ledger::demo::{demo_ledger, DemoSize};
use reskontra_core::{Ledger, Record};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid date")
}

fn open(c: &mut Criterion) {
    // The browser bench's ledger: `reskontra demo --seed 1 --customers 10000 --invoices 60000`.
    let ledger = demo_ledger(1, DemoSize { customers: 10_000, invoices: 60_000 }, today());
    let records = ledger.records();
    let n_documents = ledger.documents.len();
    let chunks = codec::encode_chunks(&ledger.record_refs()).expect("encode");
    let bytes: usize = chunks.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("open");
    group.sample_size(10);
    group.bench_function(format!("decode {} snapshot chunks ({bytes} B, {n_documents} documents)", chunks.len()), |b| {
        b.iter(|| black_box(chunks.iter().map(|c| codec::decode_chunk(c).expect("decode")).collect::<Vec<Vec<Record>>>()))
    });
    group.bench_function(format!("from_records of {n_documents} documents"), |b| {
        b.iter_batched(|| records.clone(), |records| black_box(Ledger::from_records(records)), criterion::BatchSize::LargeInput)
    });
    group.finish();
}

fn search(c: &mut Criterion) {
    // The browser bench's B6 ledger: `reskontra demo --seed 5 --customers 100000 --invoices 2000`.
    let ledger = demo_ledger(5, DemoSize { customers: 100_000, invoices: 2_000 }, today());
    let names: Vec<String> = ledger.customers.values().map(|c| c.name.to_lowercase()).collect();
    let mut group = c.benchmark_group("search");
    group.sample_size(20);
    for text in ["fjell as", "fjell%as", "nord a"] {
        let search = Search::new(text);
        group.bench_function(format!("\"{text}\" over {} customer names", names.len()), |b| {
            b.iter(|| black_box(names.iter().filter(|n| search.matches_lowercase(n)).count()))
        });
    }
    group.finish();
}

criterion_group!(benches, open, search);
criterion_main!(benches);
