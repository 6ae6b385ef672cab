//! Times the ageing reports, statements and dunning letters over a backup file (a quick
//! measurement, not a test): `cargo run --release -p reskontra-core --example ageing_time -- ledger.json`,
//! or `-- demo CUSTOMERS INVOICES [OPEN_SHARE]` for the demo company of seed 1 made in
//! memory (`-- demo 10000 105000 95`: the ~100,000 open documents of the `reports` bench).

use std::time::Instant;

use reskontra_core::ledger::backup::from_json;
use reskontra_core::reports::ageing::{ageing_csv, ageing_report, AgeingKind, AgeingOptions};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: ageing_time LEDGER.json");
        std::process::exit(2);
    };
    let arg = |n: usize, default: usize| std::env::args().nth(n).and_then(|a| a.parse().ok()).unwrap_or(default);
    let ledger = if path == "demo" {
        let size = reskontra_core::ledger::demo::DemoSize { customers: arg(2, 10_000), invoices: arg(3, 60_000) };
        let start = Instant::now();
        let open_share = std::env::args().nth(4).and_then(|a| a.parse().ok());
        let extras = reskontra_core::ledger::demo::DemoExtras { open_share, ..Default::default() };
        let ledger = reskontra_core::ledger::demo::demo_ledger_with(1, size, extras, chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap_or_default());
        println!("demo made in {:.1} s", start.elapsed().as_secs_f64());
        ledger
    } else {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        match from_json(&text) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(2);
            }
        }
    };
    let today = ledger.settings.business_date.unwrap_or_default();
    let open = ledger.documents.values().filter(|d| d.status == reskontra_core::documents::document::DocStatus::Open).count();
    println!("{} customers, {} documents, {open} open, as of {today}", ledger.customers.len(), ledger.documents.len());
    let time = |label: &str, f: &dyn Fn() -> usize| {
        let mut best = f64::MAX;
        let mut size = 0;
        for _ in 0..5 {
            let start = Instant::now();
            size = f();
            best = best.min(start.elapsed().as_secs_f64() * 1000.0);
        }
        println!("{label}: best of 5 {best:.1} ms ({size})");
    };
    time("floor: one pass over the documents", &|| {
        ledger.documents.values().filter(|d| d.status == reskontra_core::documents::document::DocStatus::Open).count()
    });
    time("floor: the balances of every customer", &|| ledger.customers.keys().filter(|c| !ledger.balances_of(c).balance.is_zero()).count());
    for (label, kind, currency_version) in [
        ("aged past due", AgeingKind::PastDue, false),
        ("aged outstanding (currency)", AgeingKind::Outstanding, true),
        ("aged period sensitive", AgeingKind::PeriodSensitive, false),
    ] {
        let options = AgeingOptions { currency_version, ..AgeingOptions::new(kind, today) };
        time(label, &|| ageing_report(&ledger, &options).map(|r| r.rows().count()).unwrap_or_default());
    }
    let options = AgeingOptions::new(AgeingKind::PastDue, today);
    time("aged past due + CSV", &|| ageing_report(&ledger, &options).map(|r| ageing_csv(&r).len()).unwrap_or_default());
    for cycle in ["MONTHLY", "MIDMONTH", "LONG"] {
        time(&format!("statements {cycle}"), &|| {
            reskontra_core::reports::statement::prepare_statements(&ledger, cycle, today).map(|p| p.len()).unwrap_or_default()
        });
    }
    time("dunning", &|| reskontra_core::reports::dunning::prepare_dunning(&ledger, today, None).len());
}
