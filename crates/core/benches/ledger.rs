//! Benchmarks of the core (`cargo xtask bench`): releasing 10,000 invoices as one
//! mass release, and recomputing every balance over ~100,000 documents.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use reskontra_core::command::{InvoiceDraft, LineDraft};
use reskontra_core::documents::document::{DocId, DocStatus};
use reskontra_core::ledger::demo::{demo_ledger, DemoSize};
use reskontra_core::{execute, release_many, Command, Ledger};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid date")
}

/// 1,000 customers and 10,000 recorded (Balanced) invoices.
fn ledger_with_balanced_invoices() -> (Ledger, Vec<DocId>) {
    let mut ledger = demo_ledger(1, DemoSize { customers: 1000, invoices: 0 }, today());
    // The demo puts a few customers on hold; they take no invoices.
    let customers: Vec<String> =
        ledger.customers.values().filter(|c| c.status.allows(reskontra_core::documents::document::DocType::Invoice)).map(|c| c.id.clone()).collect();
    for n in 0..10_000 {
        let draft = InvoiceDraft {
            customer_id: customers[n % customers.len()].clone(),
            date: "2026-06-01".into(),
            lines: vec![LineDraft {
                description: "Service".into(),
                quantity: "3".into(),
                unit_price: "199.90".into(),
                discount_pct: String::new(),
                vat_category: "HIGH".into(),
            }],
            ..InvoiceDraft::default()
        };
        let change = execute(&ledger, &Command::SaveInvoice(draft), today()).expect("valid invoice");
        ledger.apply(&change);
    }
    let ids = ledger
        .documents
        .values()
        .filter(|d| d.status == DocStatus::Balanced && d.doc_type == reskontra_core::documents::document::DocType::Invoice)
        .map(|d| d.id)
        .collect();
    (ledger, ids)
}

fn release_10k(c: &mut Criterion) {
    let (ledger, ids) = ledger_with_balanced_invoices();
    assert_eq!(ids.len(), 10_000);
    let mut group = c.benchmark_group("release");
    group.sample_size(10);
    group.bench_function("release_many 10,000 invoices", |b| b.iter(|| black_box(release_many(&ledger, &ids, today()))));
    group.finish();
}

fn recompute_100k(c: &mut Criterion) {
    let ledger = demo_ledger(2, DemoSize { customers: 10_000, invoices: 60_000 }, today());
    let n_documents = ledger.documents.len();
    assert!(n_documents >= 95_000, "{n_documents} documents");
    let mut group = c.benchmark_group("balances");
    group.sample_size(10);
    group.bench_function(format!("recompute over {n_documents} documents"), |b| b.iter(|| black_box(ledger.recompute_balances())));
    group.bench_function(format!("from_records of {n_documents} documents"), |b| b.iter(|| black_box(Ledger::from_records(ledger.records()))));
    group.finish();
}

criterion_group!(benches, release_10k, recompute_100k);
criterion_main!(benches);
