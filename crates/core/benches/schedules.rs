//! Benchmarks of recurring documents over the schedules benchmark ledger: the demo
//! company of seed 1 with 1,000 customers and 1,000 schedules (half monthly, half
//! weekly, one template invoice each) that started a year before the business date with
//! nothing generated (`reskontra demo --seed 1 --customers 1000 --invoices 0 --schedules
//! 1000` writes the same ledger). A plain run (one occurrence of every schedule) and the
//! ranged run of the year up to the business date (about 32,000 documents).

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use reskontra_core::ledger::demo::{demo_ledger_with, DemoExtras, DemoSize};
use reskontra_core::schedules::Stop;
use reskontra_core::{execute, Command, Ledger, Record};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid date")
}

fn schedules_ledger() -> Ledger {
    demo_ledger_with(1, DemoSize { customers: 1000, invoices: 0 }, DemoExtras { open_share: None, schedules: 1000 }, today())
}

fn documents_in(change: &reskontra_core::Change) -> usize {
    change.puts.iter().filter(|r| matches!(r, Record::Document(_))).count()
}

fn schedules(c: &mut Criterion) {
    let ledger = schedules_ledger();
    let ids: Vec<_> = ledger.schedules.keys().copied().collect();
    assert!(ids.len() >= 1000, "{} schedules", ids.len());
    let plain = Command::RunSchedules(ids.clone());
    let ranged = Command::GenerateRange { ids: Vec::new(), start_on: None, stop: Stop::OnDate(today()) };
    let generated = execute(&ledger, &ranged, today()).map(|c| documents_in(&c)).unwrap_or_default();
    assert!(generated >= 30_000, "{generated} documents");
    let mut group = c.benchmark_group("schedules");
    group.sample_size(10);
    group.bench_function(format!("plain run of {} schedules", ids.len()), |b| b.iter(|| black_box(execute(&ledger, &plain, today()))));
    group.bench_function(format!("ranged run of a year: {generated} documents"), |b| b.iter(|| black_box(execute(&ledger, &ranged, today()))));
    // What the app does after the commit: the change applied to the ledger in memory.
    let change = execute(&ledger, &ranged, today()).unwrap_or_default();
    group.bench_function(format!("apply the ranged run's change ({generated} documents)"), |b| {
        b.iter_batched(|| ledger.clone(), |mut l| l.apply(&change), criterion::BatchSize::LargeInput)
    });
    group.finish();
}

criterion_group!(benches, schedules);
criterion_main!(benches);
