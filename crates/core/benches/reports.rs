//! Benchmarks of the reports over the ageing benchmark ledger: the demo company of seed 1
//! with 10,000 customers, 105,000 invoices and 95 % of them left open (about 100,000
//! open documents in every ageing bucket; `reskontra demo --seed 1 --customers 10000
//! --invoices 105000 --open-share 95` writes the same ledger). Aged past due of every
//! customer, the statements of all three statement cycles (every customer is in one),
//! and processing them.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use reskontra_core::documents::document::DocStatus;
use reskontra_core::ledger::demo::{demo_ledger_with, DemoExtras, DemoSize};
use reskontra_core::processes::statements::process_statements;
use reskontra_core::reports::ageing::{ageing_report, AgeingKind, AgeingOptions};
use reskontra_core::reports::statement::prepare_statements;
use reskontra_core::Ledger;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid date")
}

const CYCLES: [&str; 3] = ["MONTHLY", "MIDMONTH", "LONG"];

fn open_ledger() -> Ledger {
    demo_ledger_with(1, DemoSize { customers: 10_000, invoices: 105_000 }, DemoExtras { open_share: Some(95), schedules: 0 }, today())
}

fn reports(c: &mut Criterion) {
    let ledger = open_ledger();
    let open = ledger.documents.values().filter(|d| d.status == DocStatus::Open).count();
    assert!(open >= 95_000, "{open} open documents");
    let mut group = c.benchmark_group("reports");
    group.sample_size(10);
    let options = AgeingOptions::new(AgeingKind::PastDue, today());
    group.bench_function(format!("aged past due over {open} open documents"), |b| b.iter(|| black_box(ageing_report(&ledger, &options))));
    let customers = ledger.customers.len();
    group.bench_function(format!("prepare statements of {customers} customers (3 cycles)"), |b| {
        b.iter(|| {
            for cycle in CYCLES {
                black_box(prepare_statements(&ledger, cycle, today()).map(|p| p.len()).unwrap_or_default());
            }
        })
    });
    group.bench_function(format!("process statements of {customers} customers (3 cycles)"), |b| {
        b.iter(|| {
            for cycle in CYCLES {
                black_box(process_statements(&ledger, cycle, today(), &[]).map(|c| c.puts.len()).unwrap_or_default());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, reports);
criterion_main!(benches);
