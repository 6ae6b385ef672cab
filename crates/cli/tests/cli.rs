//! Runs the built `reskontra` binary in a temporary directory and checks what it
//! prints, what it writes and its exit code.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use reskontra_core::base::money::format_amount;
use reskontra_core::documents::document::{DocStatus, DocType, Document};
use reskontra_core::ledger::backup::{from_json, to_json};
use reskontra_core::ledger::demo::{demo_ledger, DemoSize};
use reskontra_core::ledger::invariants::check_ledger;
use reskontra_core::Ledger;
use rust_decimal::Decimal;
use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_reskontra")).args(args).current_dir(dir).output().expect("the binary runs");
    Run {
        // None means killed by a signal (a panic aborting would show here too).
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn demo(dir: &Path, name: &str, seed: u64, customers: usize, invoices: usize) -> PathBuf {
    let (seed, customers, invoices) = (seed.to_string(), customers.to_string(), invoices.to_string());
    let r = run(dir, &["demo", "--seed", &seed, "--customers", &customers, "--invoices", &invoices, "-o", name]);
    assert_eq!(r.code, 0, "demo failed: {}", r.stderr);
    dir.join(name)
}

fn load(path: &Path) -> Ledger {
    from_json(&fs::read_to_string(path).expect("file exists")).expect("file is a sound backup")
}

fn files_in(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir).expect("dir").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect()
}

/// Edits a backup file as JSON and writes it under a new name.
fn edit_json(dir: &Path, from: &Path, to: &str, edit: impl FnOnce(&mut Value)) -> PathBuf {
    let mut value: Value = serde_json::from_str(&fs::read_to_string(from).expect("read")).expect("json");
    edit(&mut value);
    let path = dir.join(to);
    fs::write(&path, serde_json::to_string_pretty(&value).expect("json")).expect("write");
    path
}

fn date(text: &str) -> NaiveDate {
    text.parse().expect("date")
}

fn assert_one_line_error(r: &Run, what: &str) {
    assert_eq!(r.code, 2, "{what}: exit code; stderr: {}", r.stderr);
    assert!(r.stderr.starts_with("reskontra: "), "{what}: stderr {:?}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{what}: stderr {:?}", r.stderr);
    assert!(r.stderr.ends_with('\n'), "{what}: stderr {:?}", r.stderr);
    assert!(r.stdout.is_empty(), "{what}: stdout {:?}", r.stdout);
}

#[test]
fn demo_is_byte_identical_for_the_same_seed_and_differs_for_another() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = fs::read(demo(dir.path(), "a.json", 7, 12, 60)).expect("a");
    let b = fs::read(demo(dir.path(), "b.json", 7, 12, 60)).expect("b");
    let c = fs::read(demo(dir.path(), "c.json", 8, 12, 60)).expect("c");
    assert_eq!(a, b);
    assert_ne!(a, c);
    // The default date is the fixed 2026-06-30, not the clock.
    let expected = to_json(&demo_ledger(7, DemoSize { customers: 12, invoices: 60 }, date("2026-06-30")));
    assert_eq!(String::from_utf8(a.clone()).expect("utf8"), expected);
    assert_eq!(load(&dir.path().join("a.json")).customers.len(), 12);

    // `-o -` writes the same bytes to stdout and keeps the summary off it.
    let r = run(dir.path(), &["demo", "--seed", "7", "--customers", "12", "--invoices", "60", "-o", "-"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout.as_bytes(), a.as_slice());
    assert!(r.stderr.contains("12 customers"), "{}", r.stderr);

    demo_with_today(dir.path());
}

/// The benchmark flags write what `demo_ledger_with` makes, and refuse a share over 100.
#[test]
fn demo_open_share_and_schedules_make_the_bench_ledgers() {
    use reskontra_core::ledger::demo::{demo_ledger_with, DemoExtras};
    let dir = tempfile::tempdir().expect("tempdir");
    let args = ["demo", "--seed", "3", "--customers", "20", "--invoices", "120", "--open-share", "90", "--schedules", "6", "-o", "bench.json"];
    let r = run(dir.path(), &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expected = demo_ledger_with(3, DemoSize { customers: 20, invoices: 120 }, DemoExtras { open_share: Some(90), schedules: 6 }, date("2026-06-30"));
    assert_eq!(fs::read_to_string(dir.path().join("bench.json")).expect("written"), to_json(&expected));
    let open = expected.documents.values().filter(|d| d.status == DocStatus::Open).count();
    assert!(r.stdout.contains(&format!("({open} open)")) && r.stdout.contains(&format!("{} schedules", expected.schedules.len())), "{}", r.stdout);
    let r = run(dir.path(), &["demo", "--seed", "3", "--customers", "2", "--invoices", "2", "--open-share", "101", "-o", "x.json"]);
    assert_one_line_error(&r, "open share over 100");
    assert!(!dir.path().join("x.json").exists());
}

fn demo_with_today(dir: &Path) {
    let r = run(dir, &["demo", "--seed", "7", "--customers", "3", "--invoices", "5", "--today", "2025-01-31", "-o", "d.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(load(&dir.join("d.json")).settings.business_date, Some(date("2025-01-31")));
}

#[test]
fn check_prints_the_counts_and_the_total_open_balance() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo(dir.path(), "ledger.json", 3, 30, 200);
    let ledger = load(&path);
    let r = run(dir.path(), &["check", "ledger.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines.contains(&"customers: 30"), "{}", r.stdout);
    assert!(lines.contains(&format!("classes: {}", ledger.classes.len()).as_str()), "{}", r.stdout);
    assert!(lines.contains(&format!("documents: {}", ledger.documents.len()).as_str()), "{}", r.stdout);
    let present: Vec<DocType> = DocType::all().filter(|t| ledger.documents.values().any(|d| d.doc_type == *t)).collect();
    assert!(present.len() >= 4, "the demo holds several document types: {present:?}");
    let present_count = present.len();
    for doc_type in present {
        let count = |status: Option<DocStatus>| ledger.documents.values().filter(|d| d.doc_type == doc_type && status.is_none_or(|s| d.status == s)).count();
        let expected = format!(
            "  {}: {} (On hold {}, Credit hold {}, Pending print {}, Pending email {}, Balanced {}, Open {}, Closed {}, Voided {}, Scheduled {})",
            doc_type.label(),
            count(None),
            count(Some(DocStatus::OnHold)),
            count(Some(DocStatus::CreditHold)),
            count(Some(DocStatus::PendingPrint)),
            count(Some(DocStatus::PendingEmail)),
            count(Some(DocStatus::Balanced)),
            count(Some(DocStatus::Open)),
            count(Some(DocStatus::Closed)),
            count(Some(DocStatus::Voided)),
            count(Some(DocStatus::Scheduled)),
        );
        assert!(lines.contains(&expected.as_str()), "missing {expected:?} in\n{}", r.stdout);
    }
    let type_lines = lines.iter().filter(|l| l.starts_with("  ")).count();
    assert_eq!(type_lines, present_count, "one line per type present");
    // The invoices asked for, besides the schedules' templates and what they generated.
    assert_eq!(ledger.documents.values().filter(|d| d.doc_type == DocType::Invoice && d.schedule.is_none()).count(), 200);
    let total = ledger.total_open_balance();
    assert!(!total.is_zero());
    let expected_total = format!("total open balance: {} NOK", format_amount(total, 2));
    assert!(lines.contains(&expected_total.as_str()), "missing {expected_total:?} in\n{}", r.stdout);
}

#[test]
fn check_refuses_a_ledger_that_breaks_a_rule() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo(dir.path(), "ledger.json", 3, 5, 20);
    edit_json(dir.path(), &path, "broken.json", |v| v["documents"][0]["total"] = Value::from("1.00"));
    let r = run(dir.path(), &["check", "broken.json"]);
    assert_one_line_error(&r, "broken ledger");
    assert!(r.stderr.contains("breaks the ledger's rules"), "{}", r.stderr);
}

#[test]
fn release_all_releases_every_balanced_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo(dir.path(), "ledger.json", 5, 40, 400);
    let input_bytes = fs::read(&path).expect("read");
    let before = load(&path);
    let balanced: Vec<_> = before.documents.values().filter(|d| d.status == DocStatus::Balanced).map(|d| d.id).collect();
    assert!(!balanced.is_empty(), "the demo should leave some documents Balanced");

    let r = run(dir.path(), &["release", "ledger.json", "--all", "-o", "out.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, format!("released {}, failed 0\n", balanced.len()));

    let after = load(&dir.path().join("out.json"));
    assert!(check_ledger(&after).is_empty());
    assert!(after.documents.values().all(|d| d.status != DocStatus::Balanced));
    for id in &balanced {
        let doc = &after.documents[id];
        assert!(doc.status.is_released(), "{} is {:?}", doc.ref_nbr, doc.status);
        assert_eq!(doc.released_on, before.settings.business_date);
    }
    // Releasing invoices moves their amounts from unreleased to open balance.
    assert!(after.total_open_balance() > before.total_open_balance());
    assert_eq!(fs::read(&path).expect("read"), input_bytes, "the input file is not touched");
    assert_eq!(run(dir.path(), &["check", "out.json"]).code, 0);
}

#[test]
fn release_reports_each_failure_and_releases_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo(dir.path(), "ledger.json", 5, 40, 400);
    let before = load(&path);
    let first = before.documents.values().find(|d| d.status == DocStatus::Balanced && d.doc_type == DocType::Invoice).expect("a Balanced invoice");
    let held = first.customer_id.clone();
    edit_json(dir.path(), &path, "hold.json", |v| {
        for customer in v["customers"].as_array_mut().expect("customers") {
            if customer["id"] == held.as_str() {
                customer["status"] = Value::from("OnHold");
            }
        }
    });
    let balanced: Vec<_> = before.documents.values().filter(|d| d.status == DocStatus::Balanced).collect();
    // An On hold customer's invoices cannot be released; payments can.
    let failing: Vec<_> = balanced.iter().filter(|d| d.customer_id == held && d.doc_type == DocType::Invoice).collect();

    let r = run(dir.path(), &["release", "hold.json", "--all", "-o", "out.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), failing.len() + 1, "{}", r.stdout);
    for (line, doc) in lines.iter().zip(&failing) {
        assert!(line.starts_with(&format!("Invoice {}: ", doc.ref_nbr)), "{line}");
        assert!(line.contains("On hold"), "{line}");
    }
    assert_eq!(lines.last().copied(), Some(format!("released {}, failed {}", balanced.len() - failing.len(), failing.len()).as_str()));

    let after = load(&dir.path().join("out.json"));
    for doc in &balanced {
        let status = after.documents[&doc.id].status;
        if failing.iter().any(|f| f.id == doc.id) {
            assert_eq!(status, DocStatus::Balanced, "{} should stay as it was", doc.ref_nbr);
        } else {
            assert!(status.is_released(), "{} is {status:?}", doc.ref_nbr);
        }
    }
}

#[test]
fn release_puts_an_invoice_failing_the_credit_check_on_credit_hold_with_the_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo(dir.path(), "ledger.json", 5, 40, 400);
    let before = load(&path);
    let invoice = before.documents.values().find(|d| d.status == DocStatus::Balanced && d.doc_type == DocType::Invoice).expect("a Balanced invoice");
    let limited = invoice.customer_id.clone();
    edit_json(dir.path(), &path, "limited.json", |v| {
        for customer in v["customers"].as_array_mut().expect("customers") {
            if customer["id"] == limited.as_str() {
                customer["credit"]["rule"] = Value::from("CreditLimit");
                customer["credit"]["limit"] = Value::from("0.01");
            }
        }
    });
    let r = run(dir.path(), &["release", "limited.json", "--all", "-o", "out.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = r.stdout.lines().find(|l| l.starts_with(&format!("Invoice {}: ", invoice.ref_nbr))).expect("the invoice has a line");
    assert!(line.contains("put on credit hold: "), "{line}");
    let after = load(&dir.path().join("out.json"));
    let held = &after.documents[&invoice.id];
    assert_eq!(held.status, DocStatus::CreditHold, "stored on credit hold, not left Balanced");
    assert!(!held.credit_hold_reason.is_empty() && line.ends_with(&held.credit_hold_reason), "{line} / {}", held.credit_hold_reason);
    assert!(held.released_on.is_none());
}

#[test]
fn release_uses_the_ledger_date_or_needs_today() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo(dir.path(), "ledger.json", 5, 40, 400);

    // The ledger's business date wins over --today.
    let r = run(dir.path(), &["release", "ledger.json", "--all", "--today", "2020-01-01", "-o", "dated.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dated = load(&dir.path().join("dated.json"));
    assert!(dated.documents.values().any(|d| d.released_on == Some(date("2026-06-30"))));
    assert!(dated.documents.values().all(|d| d.released_on != Some(date("2020-01-01"))));

    edit_json(dir.path(), &path, "nodate.json", |v| v["settings"]["business_date"] = Value::Null);
    let files = files_in(dir.path());
    let r = run(dir.path(), &["release", "nodate.json", "--all", "-o", "out.json"]);
    assert_one_line_error(&r, "no date");
    assert!(r.stderr.contains("--today"), "{}", r.stderr);
    assert_eq!(files_in(dir.path()), files, "no file is written");

    let r = run(dir.path(), &["release", "nodate.json", "--all", "--today", "2026-07-15", "-o", "out.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = load(&dir.path().join("out.json"));
    let released_today = out.documents.values().filter(|d| d.released_on == Some(date("2026-07-15"))).count();
    assert!(released_today > 0);
    assert!(r.stdout.ends_with(&format!("released {released_today}, failed 0\n")), "{}", r.stdout);
}

#[test]
fn balances_csv_has_a_header_and_a_row_per_customer() {
    let dir = tempfile::tempdir().expect("tempdir");
    // More customers than invoices, so some customers have no documents at all.
    let path = demo(dir.path(), "ledger.json", 11, 40, 30);
    let ledger = load(&path);
    let r = run(dir.path(), &["balances", "ledger.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut lines = r.stdout.lines();
    assert_eq!(lines.next(), Some("customer,balance,prepayment_balance,unreleased_balance"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 40);
    let ids: Vec<&str> = rows.iter().map(|row| row[0]).collect();
    let expected_ids: Vec<&str> = ledger.customers.keys().map(String::as_str).collect();
    assert_eq!(ids, expected_ids);
    let mut sum = Decimal::ZERO;
    let mut any_unreleased = false;
    let mut any_prepayment = false;
    for row in &rows {
        assert_eq!(row.len(), 4);
        for amount in &row[1..] {
            let (_, decimals) = amount.split_once('.').expect("a decimal point");
            assert_eq!(decimals.len(), 2, "{amount}");
            assert!(amount.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-'), "{amount:?}");
        }
        let parse = |s: &str| s.parse::<Decimal>().expect("decimal");
        let b = ledger.balances_of(row[0]);
        assert_eq!(parse(row[1]), b.balance, "{}", row[0]);
        // R5.2, seed 003: the prepayment balance is shown with a minus sign. (This test
        // expected it positive before; that was the wrong sign.)
        assert_eq!(parse(row[2]), -b.prepayment_balance, "{}", row[0]);
        assert!(parse(row[2]) <= Decimal::ZERO, "{}: {}", row[0], row[2]);
        any_prepayment |= !parse(row[2]).is_zero();
        assert_eq!(parse(row[3]), b.unreleased_balance, "{}", row[0]);
        sum += parse(row[1]);
        any_unreleased |= !parse(row[3]).is_zero();
    }
    assert_eq!(sum, ledger.total_open_balance());
    assert!(!sum.is_zero());
    assert_eq!(any_unreleased, ledger.documents.values().any(|d| d.status == DocStatus::Balanced));
    assert!(any_prepayment, "the demo has an open prepayment");
}

#[test]
fn balances_json_matches_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    demo(dir.path(), "ledger.json", 11, 40, 30);
    let csv = run(dir.path(), &["balances", "ledger.json", "--format", "csv"]);
    let r = run(dir.path(), &["balances", "ledger.json", "--format", "json", "-o", "b.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let value: Value = serde_json::from_str(&fs::read_to_string(dir.path().join("b.json")).expect("read")).expect("json");
    let rows = value.as_array().expect("an array");
    assert_eq!(rows.len(), 40);
    let keys = ["customer", "balance", "prepayment_balance", "unreleased_balance"];
    for (row, csv_line) in rows.iter().zip(csv.stdout.lines().skip(1)) {
        let object = row.as_object().expect("an object");
        assert_eq!(object.keys().map(String::as_str).collect::<BTreeSet<_>>(), keys.into_iter().collect());
        let fields: Vec<&str> = keys.iter().map(|k| object[*k].as_str().expect("a string")).collect();
        assert_eq!(fields.join(","), csv_line);
    }
}

#[test]
fn bad_input_exits_2_with_one_line_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let good = demo(d, "good.json", 2, 5, 20);
    fs::write(d.join("notjson.json"), "{not json").expect("write");
    fs::write(d.join("notbackup.json"), "{}").expect("write");
    edit_json(d, &good, "v99.json", |v| v["version"] = Value::from(99));
    fs::write(d.join("existing.out"), "keep me").expect("write");

    let cases =
        [("missing.json", "missing.json"), ("notjson.json", "not a JSON file"), ("notbackup.json", "not a Reskontra backup"), ("v99.json", "version 99")];
    for (input, reason) in cases {
        let commands: [&[&str]; 10] = [
            &["check", input],
            &["apply", input, "--payment", "PAY000001", "--to", "INV000001=1", "-o", "out.json"],
            &["void", input, "--payment", "PAY000001", "-o", "out.json"],
            &["documents", input, "--all", "-o", "out.csv"],
            &["customers", input, "-o", "out.csv"],
            &["customers", input, "--search", "name=AS", "--format", "json", "-o", "out.json"],
            &["release", input, "--all", "-o", "out.json"],
            &["balances", input, "-o", "out.csv"],
            &["balances", input, "--format", "json", "-o", "out.json"],
            &["release", input, "--all", "--today", "2026-01-01", "-o", "existing.out"],
        ];
        for args in commands {
            let files = files_in(d);
            let r = run(d, args);
            assert_one_line_error(&r, &format!("{args:?}"));
            assert!(r.stderr.contains(reason), "{args:?}: {}", r.stderr);
            assert_eq!(files_in(d), files, "{args:?} created a file");
        }
    }
    assert_eq!(fs::read_to_string(d.join("existing.out")).expect("read"), "keep me");
}

#[test]
fn bad_arguments_exit_2_with_one_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    demo(d, "good.json", 2, 5, 20);
    let cases: [(&[&str], &str); 4] = [
        (&["balances", "good.json", "--format", "xml", "-o", "out.csv"], "xml"),
        (&["release", "good.json", "-o", "out.json"], "--all"),
        (&["demo", "--seed", "1", "--customers", "2", "--invoices", "3", "--today", "2026-13-01", "-o", "out.json"], "--today"),
        (&["demo", "--seed", "minus", "--customers", "2", "--invoices", "3", "-o", "out.json"], "--seed"),
    ];
    for (args, mentions) in cases {
        let files = files_in(d);
        let r = run(d, args);
        assert_one_line_error(&r, &format!("{args:?}"));
        assert!(r.stderr.contains(mentions), "{args:?}: {}", r.stderr);
        assert_eq!(files_in(d), files, "{args:?} created a file");
    }
}

#[test]
fn unwritable_output_fails_without_leaving_a_temp_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    demo(d, "good.json", 2, 5, 20);
    fs::create_dir(d.join("taken")).expect("mkdir");
    let files = files_in(d);
    // The target is a directory, so the final rename fails after the temp file is written.
    let r = run(d, &["balances", "good.json", "-o", "taken"]);
    assert_one_line_error(&r, "output is a directory");
    assert_eq!(files_in(d), files);
    assert!(fs::read_dir(d.join("taken")).expect("dir").next().is_none());
}

const CUSTOMER_COLUMNS: [&str; 8] = ["customer", "name", "class", "status", "city", "country", "email", "balance"];

/// The customers of `ledger` as the rows `customers` should print, computed here
/// from the parsed backup: one row per customer in id order, in CUSTOMER_COLUMNS order.
fn expected_customer_rows(ledger: &Ledger) -> Vec<Vec<String>> {
    assert_eq!(ledger.settings.base().minor_units, 2, "the demo ledger is in NOK");
    ledger
        .customers
        .iter()
        .map(|(id, c)| {
            assert_eq!(id, &c.id);
            let balance = ledger.balances_of(id).balance.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            let balance = if balance.is_zero() { "0.00".to_string() } else { format!("{balance:.2}") };
            vec![
                c.id.clone(),
                c.name.clone(),
                c.class_id.clone(),
                c.status.label().to_string(),
                c.address.city.clone(),
                c.address.country.clone(),
                c.email.clone(),
                balance,
            ]
        })
        .collect()
}

/// The rows of a CSV output after its exact `header`, each with as many fields as the
/// header. Quoted fields are read as CSV; `unquoted` also asserts there are none (the
/// demo's names and cities hold no commas or quotes, so the output never quotes them).
fn rows_after_header(stdout: &str, header: &[&str], unquoted: bool) -> Vec<Vec<String>> {
    if unquoted {
        assert!(!stdout.contains('"'), "{stdout}");
    }
    let mut rows = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(stdout.as_bytes()).into_records();
    let first: Vec<String> = rows.next().expect("a header row").expect("csv header").iter().map(str::to_string).collect();
    assert_eq!(first, header, "{stdout}");
    rows.map(|row| {
        let fields: Vec<String> = row.expect("csv row").iter().map(str::to_string).collect();
        assert_eq!(fields.len(), header.len(), "{fields:?}");
        fields
    })
    .collect()
}

/// The rows of a `customers` CSV after its header.
fn csv_rows(stdout: &str) -> Vec<Vec<String>> {
    rows_after_header(stdout, &["customer", "name", "class", "status", "city", "country", "email", "balance"], true)
}

/// Runs `customers ledger.json` with the given `--search` options and returns its CSV rows.
fn customers_csv(dir: &Path, searches: &[&str]) -> Vec<Vec<String>> {
    let mut args = vec!["customers", "ledger.json"];
    for search in searches {
        args.extend(["--search", search]);
    }
    let r = run(dir, &args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    assert!(r.stderr.is_empty(), "{args:?}: {}", r.stderr);
    csv_rows(&r.stdout)
}

fn column(name: &str) -> usize {
    CUSTOMER_COLUMNS.iter().position(|c| *c == name).expect("a column")
}

/// The expected rows whose `column` value satisfies `keep` (plain string logic, never the core's search).
fn rows_where(rows: &[Vec<String>], name: &str, keep: impl Fn(&str) -> bool) -> Vec<Vec<String>> {
    let at = column(name);
    rows.iter().filter(|row| keep(&row[at])).cloned().collect()
}

fn ids(rows: &[Vec<String>]) -> Vec<&str> {
    rows.iter().map(|row| row[0].as_str()).collect()
}

#[test]
fn customers_lists_every_customer_in_id_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo(dir.path(), "ledger.json", 5, 60, 300);
    let ledger = load(&path);
    let expected = expected_customer_rows(&ledger);
    assert_eq!(expected.len(), 60);

    let r = run(dir.path(), &["customers", "ledger.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("customer,name,class,status,city,country,email,balance\n"), "{}", r.stdout);
    let rows = csv_rows(&r.stdout);
    assert_eq!(rows, expected);
    let mut sorted = ids(&rows);
    sorted.sort_unstable();
    assert_eq!(ids(&rows), sorted, "customer-number order");
    // The demo has both a customer On hold and zero balances; both are printed as labels and plain 0.00.
    assert!(rows.iter().any(|row| row[3] == "On hold"), "{}", r.stdout);
    assert!(rows.iter().any(|row| row[7] == "0.00"), "{}", r.stdout);
    // The same with -o: the file holds exactly what stdout did.
    let r2 = run(dir.path(), &["customers", "ledger.json", "-o", "out.csv"]);
    assert_eq!(r2.code, 0, "{}", r2.stderr);
    assert!(r2.stdout.is_empty());
    assert_eq!(fs::read_to_string(dir.path().join("out.csv")).expect("read"), r.stdout);
}

#[test]
fn customers_search_follows_the_list_window_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo(dir.path(), "ledger.json", 5, 60, 300);
    let all = expected_customer_rows(&load(&path));
    let n = all.len();

    // A single term is a case-insensitive "contains".
    let expected = rows_where(&all, "name", |v| v.to_lowercase().contains("as"));
    assert!(!expected.is_empty() && expected.len() < n, "the test needs some but not all names to contain \"as\"");
    assert_eq!(customers_csv(dir.path(), &["name=AS"]), expected);

    // Two terms: both must be contained, in any order.
    let both = |v: &str| v.to_lowercase().contains("solberg") && v.to_lowercase().contains("rør");
    let either = rows_where(&all, "name", |v| v.to_lowercase().contains("solberg") || v.to_lowercase().contains("rør"));
    let expected = rows_where(&all, "name", both);
    assert!(!expected.is_empty() && expected.len() < either.len(), "the test needs Solberg Rør and other Solberg or Rør names");
    assert_eq!(customers_csv(dir.path(), &["name=solberg rør"]), expected);
    assert_eq!(customers_csv(dir.path(), &["name=rør solberg"]), expected);
    // A term no name contains empties the list even when the other terms match.
    assert!(rows_where(&all, "name", |v| v.to_lowercase().contains("zzz")).is_empty());
    assert_eq!(customers_csv(dir.path(), &["name=solberg zzz"]), Vec::<Vec<String>>::new());

    // `%` inside a term: the parts must come in that order, with anything between them.
    let in_order = |v: &str, first: &str, then: &str| {
        let v = v.to_lowercase();
        v.find(first).is_some_and(|at| v[at + first.len()..].contains(then))
    };
    let expected = rows_where(&all, "name", |v| in_order(v, "sol", "rør"));
    assert!(!expected.is_empty());
    assert!(expected.iter().all(|row| !row[1].contains('%')), "the demo names hold no literal %");
    assert_eq!(customers_csv(dir.path(), &["name=sol%rør"]), expected);
    let reversed = rows_where(&all, "name", |v| in_order(v, "rør", "sol"));
    assert!(reversed.is_empty(), "no demo name has Rør before Sol");
    assert_eq!(customers_csv(dir.path(), &["name=rør%sol"]), reversed);

    // Upper-case search text finds lower-case values.
    assert!(all.iter().all(|row| row[column("email")] == row[column("email")].to_lowercase()));
    let expected = rows_where(&all, "email", |v| v.contains("solbergror"));
    assert!(!expected.is_empty());
    assert_eq!(customers_csv(dir.path(), &["email=SOLBERGROR"]), expected);

    // ø is not o: "rør" names are found by "rør" and not by "ror", though their e-mails hold "ror".
    let with_oe = rows_where(&all, "name", |v| v.to_lowercase().contains("rør"));
    assert!(!with_oe.is_empty());
    assert!(with_oe.iter().all(|row| row[column("email")].contains("ror")));
    assert!(rows_where(&all, "name", |v| v.to_lowercase().contains("ror")).is_empty());
    assert_eq!(customers_csv(dir.path(), &["name=rør"]), with_oe);
    assert_eq!(customers_csv(dir.path(), &["name=ror"]), Vec::<Vec<String>>::new());
    assert_eq!(customers_csv(dir.path(), &["email=ror"]), rows_where(&all, "email", |v| v.contains("ror")));

    // Several --search options must all match.
    let named = rows_where(&all, "name", |v| v.to_lowercase().contains("as"));
    let in_oslo = rows_where(&all, "city", |v| v.to_lowercase().contains("oslo"));
    let expected: Vec<Vec<String>> = named.iter().filter(|row| in_oslo.contains(row)).cloned().collect();
    assert!(!expected.is_empty() && expected.len() < in_oslo.len() && expected.len() < named.len(), "the test needs a proper intersection");
    let rows = customers_csv(dir.path(), &["name=AS", "city=oslo"]);
    assert_eq!(rows.len(), expected.len());
    assert_eq!(rows, expected);
    assert_eq!(customers_csv(dir.path(), &["city=oslo", "name=AS"]), expected);

    // A capital Å is found by a lower-case å.
    let expected = rows_where(&all, "city", |v| v == "Ålesund");
    assert!(!expected.is_empty());
    assert_eq!(customers_csv(dir.path(), &["city=ålesund"]), expected);

    // The other columns: status by its label, class, country, customer no. and the printed balance.
    let expected = rows_where(&all, "status", |v| v == "On hold");
    assert!(!expected.is_empty() && expected.len() < n);
    assert_eq!(customers_csv(dir.path(), &["status=on hold"]), expected);
    assert_eq!(customers_csv(dir.path(), &["class=key"]), rows_where(&all, "class", |v| v == "KEY"));
    assert_eq!(customers_csv(dir.path(), &["country=no"]), all);
    assert_eq!(customers_csv(dir.path(), &["country=se"]), Vec::<Vec<String>>::new());
    let expected = rows_where(&all, "customer", |v| v.contains("1002"));
    assert!(!expected.is_empty() && expected.len() < n);
    assert_eq!(customers_csv(dir.path(), &["customer=1002"]), expected);
    let expected = rows_where(&all, "balance", |v| v.contains("0.00"));
    assert!(!expected.is_empty() && expected.len() < n);
    assert_eq!(customers_csv(dir.path(), &["balance=0.00"]), expected);

    // The split is at the first `=`: the rest, `=` and all, is the search text.
    assert!(rows_where(&all, "email", |v| v.contains("a=b")).is_empty());
    assert_eq!(customers_csv(dir.path(), &["email=a=b"]), Vec::<Vec<String>>::new());
    // An empty search text keeps every customer.
    assert_eq!(customers_csv(dir.path(), &["name="]), all);
}

#[test]
fn customers_json_has_the_same_rows_as_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo(dir.path(), "ledger.json", 5, 60, 300);
    let all = expected_customer_rows(&load(&path));
    for searches in [&[][..], &["--search", "city=ålesund"][..], &["--search", "name=AS", "--search", "city=oslo"][..]] {
        let mut args = vec!["customers", "ledger.json"];
        args.extend(searches);
        let csv = run(dir.path(), &args);
        assert_eq!(csv.code, 0, "{}", csv.stderr);
        let csv = csv_rows(&csv.stdout);
        args.extend(["--format", "json"]);
        let r = run(dir.path(), &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let value: Value = serde_json::from_str(&r.stdout).expect("json");
        let rows: Vec<Vec<String>> = value
            .as_array()
            .expect("an array")
            .iter()
            .map(|row| {
                let object = row.as_object().expect("an object");
                assert_eq!(object.keys().map(String::as_str).collect::<BTreeSet<_>>(), CUSTOMER_COLUMNS.into_iter().collect());
                CUSTOMER_COLUMNS.iter().map(|k| object[*k].as_str().expect("a string").to_string()).collect()
            })
            .collect();
        assert_eq!(rows, csv, "{searches:?}");
        if searches.is_empty() {
            assert_eq!(rows, all);
        } else {
            assert!(!rows.is_empty() && rows.len() < all.len(), "{searches:?}");
        }
    }
}

#[test]
fn customers_refuses_a_bad_search() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    demo(d, "ledger.json", 5, 60, 300);
    let cases: [&[&str]; 4] = [
        &["customers", "ledger.json", "--search", "town=Oslo"],
        &["customers", "ledger.json", "--search", "name=AS", "--search", "Name=AS"],
        &["customers", "ledger.json", "--search", "name"],
        &["customers", "ledger.json", "--search", "city=oslo", "--search", "ledger", "-o", "out.csv"],
    ];
    for args in cases {
        let files = files_in(d);
        let r = run(d, args);
        assert_one_line_error(&r, &format!("{args:?}"));
        assert!(r.stderr.contains("customer, name, class, status, city, country, email, balance"), "{args:?}: {}", r.stderr);
        assert_eq!(files_in(d), files, "{args:?} created a file");
    }
    let r = run(d, &["customers", "ledger.json", "--search", "town=Oslo"]);
    assert!(r.stderr.contains("town"), "{}", r.stderr);
    let r = run(d, &["customers", "ledger.json", "--format", "xml"]);
    assert_one_line_error(&r, "--format xml");
}

// ---- documents, apply, void -------------------------------------------------------

const DOCUMENT_COLUMNS: [&str; 10] = ["type", "ref", "customer", "status", "date", "due_date", "currency", "total", "balance", "base_balance"];

/// The demo the issue names: every document type, EUR and SEK customers, open and
/// closed invoices, prepayments and voided payments.
fn demo9(dir: &Path) -> (PathBuf, Ledger) {
    let path = demo(dir, "ledger.json", 9, 80, 600);
    let ledger = load(&path);
    (path, ledger)
}

/// `amount` with `decimals` decimals, midpoint away from zero, no `-0.00` (computed
/// here, not with the CLI's helper).
fn amount_text(amount: Decimal, decimals: u32) -> String {
    let rounded = amount.round_dp_with_strategy(decimals, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let rounded = if rounded.is_zero() { Decimal::ZERO } else { rounded };
    format!("{rounded:.prec$}", prec = decimals as usize)
}

/// The rows `documents` should print for `keep`, computed from the parsed backup:
/// by date, then type label, then ref; amounts signed as they count on the balance
/// (credits negative; documents without a balance positive), the one rule of the lists.
fn expected_document_rows(ledger: &Ledger, keep: impl Fn(&reskontra_core::documents::document::Document) -> bool) -> Vec<Vec<String>> {
    let base = ledger.settings.currency(&ledger.settings.base_currency).expect("base currency").minor_units;
    let mut docs: Vec<_> = ledger.documents.values().filter(|d| keep(d)).collect();
    docs.sort_by(|a, b| (a.date, a.doc_type.label(), &a.ref_nbr).cmp(&(b.date, b.doc_type.label(), &b.ref_nbr)));
    docs.iter()
        .map(|d| {
            let units = ledger.settings.currency(&d.currency).expect("currency").minor_units;
            let sign = if d.doc_type.balance_sign().is_zero() { Decimal::ONE } else { d.doc_type.balance_sign() };
            vec![
                d.doc_type.label().to_string(),
                d.ref_nbr.clone(),
                d.customer_id.clone(),
                d.status.label().to_string(),
                d.date.format("%Y-%m-%d").to_string(),
                d.due_date.map(|x| x.format("%Y-%m-%d").to_string()).unwrap_or_default(),
                d.currency.clone(),
                amount_text(sign * d.total, units),
                amount_text(sign * d.balance, units),
                amount_text(sign * d.base_balance(&ledger.settings), base),
            ]
        })
        .collect()
}

/// The rows of a `documents` CSV after its exact header.
fn document_csv_rows(stdout: &str) -> Vec<Vec<String>> {
    rows_after_header(stdout, &["type", "ref", "customer", "status", "date", "due_date", "currency", "total", "balance", "base_balance"], true)
}

fn documents_csv(dir: &Path, extra: &[&str]) -> Vec<Vec<String>> {
    let mut args = vec!["documents", "ledger.json"];
    args.extend(extra);
    let r = run(dir, &args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    assert!(r.stderr.is_empty(), "{args:?}: {}", r.stderr);
    document_csv_rows(&r.stdout)
}

#[test]
fn documents_lists_open_documents_by_default_and_more_on_request() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, ledger) = demo9(dir.path());
    let unreleased = |s: DocStatus| matches!(s, DocStatus::OnHold | DocStatus::Balanced);
    let finished = |s: DocStatus| matches!(s, DocStatus::Closed | DocStatus::Voided);
    let count = |keep: &dyn Fn(DocStatus) -> bool| ledger.documents.values().filter(|d| keep(d.status)).count();
    let n_open = count(&|s| s == DocStatus::Open);
    let n_unreleased = count(&|s| unreleased(s));
    let n_finished = count(&|s| finished(s));
    // Each flag must make a difference, or the counts below prove nothing.
    assert!(n_open > 0 && n_unreleased > 0 && n_finished > 0, "{n_open} {n_unreleased} {n_finished}");
    assert!(ledger.documents.values().any(|d| d.status == DocStatus::Voided), "the demo has voided payments");
    assert!(ledger.documents.values().any(|d| d.status == DocStatus::OnHold), "the demo has documents on hold");

    let default = documents_csv(dir.path(), &[]);
    assert_eq!(default.len(), n_open);
    assert_eq!(default, expected_document_rows(&ledger, |d| d.status == DocStatus::Open));
    assert!(default.iter().all(|row| row[3] == "Open"));

    let with_unreleased = documents_csv(dir.path(), &["--include-unreleased"]);
    assert_eq!(with_unreleased.len(), n_open + n_unreleased);
    assert_eq!(with_unreleased, expected_document_rows(&ledger, |d| d.status == DocStatus::Open || unreleased(d.status)));
    for label in ["On hold", "Balanced"] {
        assert!(with_unreleased.iter().any(|row| row[3] == label), "{label}");
    }

    let all = documents_csv(dir.path(), &["--all"]);
    assert_eq!(all.len(), n_open + n_finished);
    assert_eq!(all, expected_document_rows(&ledger, |d| d.status.is_released()));
    assert!(all.iter().any(|row| row[3] == "Voided" && row[0] == "Payment"));
    assert!(all.iter().any(|row| row[0] == "Void payment"));

    let everything = documents_csv(dir.path(), &["--all", "--include-unreleased"]);
    assert_eq!(everything.len(), ledger.documents.len());
    assert_eq!(everything, expected_document_rows(&ledger, |_| true));

    // Date order first; rows without a due date have an empty one, invoices have theirs.
    let dates: Vec<&str> = everything.iter().map(|row| row[4].as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort_unstable();
    assert_eq!(dates, sorted);
    assert!(everything.iter().any(|row| row[0] == "Payment" && row[5].is_empty()));
    assert!(everything.iter().all(|row| row[0] != "Invoice" || !row[5].is_empty()));
    // Plain amounts signed by the lists' one rule (credits negative), two decimals in
    // every demo currency.
    for row in &everything {
        let credit = ["Payment", "Prepayment", "Credit note"].contains(&row[0].as_str());
        for amount in &row[7..] {
            let (whole, decimals) = amount.split_once('.').expect("a decimal point");
            assert_eq!(decimals.len(), 2, "{amount}");
            let digits = if credit && amount != "0.00" { whole.strip_prefix('-').expect("a credit is negative") } else { whole };
            assert!(digits.chars().all(|c| c.is_ascii_digit()), "{amount:?}");
        }
    }

    // -o writes exactly what stdout gets.
    let r = run(dir.path(), &["documents", "ledger.json", "--all", "-o", "docs.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert_eq!(document_csv_rows(&fs::read_to_string(dir.path().join("docs.csv")).expect("read")), all);
}

#[test]
fn documents_filters_a_customer_and_shows_document_and_base_currency() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, ledger) = demo9(dir.path());
    let base = ledger.settings.base_currency.clone();
    // An open foreign-currency document whose base balance differs from its balance.
    let foreign = ledger
        .documents
        .values()
        .find(|d| d.status == DocStatus::Open && d.currency != base && d.base_balance(&ledger.settings) != d.balance)
        .expect("an open EUR or SEK document");
    let customer = foreign.customer_id.clone();
    let own = ledger.documents.values().filter(|d| d.customer_id == customer).count();
    assert!(own > 1 && own < ledger.documents.len());

    let rows = documents_csv(dir.path(), &["--customer", &customer]);
    assert_eq!(rows, expected_document_rows(&ledger, |d| d.customer_id == customer && d.status == DocStatus::Open));
    assert!(!rows.is_empty() && rows.iter().all(|row| row[2] == customer));
    let all_rows = documents_csv(dir.path(), &["--customer", &customer, "--all", "--include-unreleased"]);
    assert_eq!(all_rows.len(), own);
    assert!(all_rows.len() > rows.len(), "the customer has closed documents too");
    assert!(all_rows.iter().all(|row| row[2] == customer));

    let row = rows.iter().find(|row| row[0] == foreign.doc_type.label() && row[1] == foreign.ref_nbr).expect("the foreign document is listed");
    assert_eq!(row[6], foreign.currency);
    assert_eq!(row[7].parse::<Decimal>().expect("total"), foreign.total);
    assert_eq!(row[8].parse::<Decimal>().expect("balance"), foreign.balance, "balance in the document's currency");
    assert_eq!(row[9].parse::<Decimal>().expect("base"), foreign.base_balance(&ledger.settings), "base_balance from the core");
    assert_ne!(row[8], row[9]);
}

#[test]
fn documents_json_has_the_same_rows_as_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, ledger) = demo9(dir.path());
    let customer = ledger.documents.values().find(|d| d.status == DocStatus::Closed).expect("a closed document").customer_id.clone();
    for extra in [&[][..], &["--include-unreleased"][..], &["--all", "--customer", customer.as_str()][..]] {
        let csv = documents_csv(dir.path(), extra);
        assert!(!csv.is_empty(), "{extra:?}");
        let mut args = vec!["documents", "ledger.json", "--format", "json"];
        args.extend(extra);
        let r = run(dir.path(), &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let value: Value = serde_json::from_str(&r.stdout).expect("json");
        let rows: Vec<Vec<String>> = value
            .as_array()
            .expect("an array")
            .iter()
            .map(|row| {
                let object = row.as_object().expect("an object");
                assert_eq!(object.keys().map(String::as_str).collect::<BTreeSet<_>>(), DOCUMENT_COLUMNS.into_iter().collect());
                DOCUMENT_COLUMNS.iter().map(|k| object[*k].as_str().expect("a string").to_string()).collect()
            })
            .collect();
        assert_eq!(rows, csv, "{extra:?}");
    }
}

#[test]
fn documents_refuses_an_unknown_customer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, ledger) = demo9(dir.path());
    assert!(!ledger.customers.contains_key("99999"));
    let files = files_in(dir.path());
    let r = run(dir.path(), &["documents", "ledger.json", "--customer", "99999", "-o", "out.csv"]);
    assert_one_line_error(&r, "unknown customer");
    assert!(r.stderr.contains("99999"), "{}", r.stderr);
    assert_eq!(files_in(dir.path()), files);
    let r = run(dir.path(), &["documents", "ledger.json", "--format", "xml"]);
    assert_one_line_error(&r, "--format xml");
}

/// An Open credit with a balance whose customer has at least `targets` Open debit
/// documents with a balance over 10 in the credit's currency.
fn open_credit_with_targets(
    ledger: &Ledger,
    targets: usize,
) -> (reskontra_core::documents::document::Document, Vec<reskontra_core::documents::document::Document>) {
    ledger
        .documents
        .values()
        .filter(|c| c.doc_type.is_applicable_credit() && c.status == DocStatus::Open && c.balance > Decimal::from(10))
        .find_map(|c| {
            let debits: Vec<_> = ledger
                .documents
                .values()
                .filter(|d| {
                    d.doc_type.is_debit()
                        && d.status == DocStatus::Open
                        && d.customer_id == c.customer_id
                        && d.currency == c.currency
                        && d.balance > Decimal::from(10)
                })
                .take(targets)
                .cloned()
                .collect();
            (debits.len() == targets).then(|| (c.clone(), debits))
        })
        .expect("the demo has an open credit whose customer has open invoices")
}

fn dec(text: &str) -> Decimal {
    text.parse().expect("decimal")
}

#[test]
fn apply_moves_a_released_credit_onto_invoices() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, before) = demo9(dir.path());
    let input = fs::read(&path).expect("read");
    let (credit, targets) = open_credit_with_targets(&before, 2);
    let (first, second) = (&targets[0], &targets[1]);

    // Amounts are typed plain, a point before the decimals: "2,50" is refused with how
    // to type it, and nothing is written.
    let to_first = format!("{}=1.00", first.ref_nbr);
    let comma = format!("{}=2,50", second.ref_nbr);
    let r = run(dir.path(), &["apply", "ledger.json", "--payment", &credit.ref_nbr, "--to", &to_first, "--to", &comma, "-o", "out.json"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("for decimals type 2.50"), "{}", r.stderr);
    assert!(!dir.path().join("out.json").exists());
    let to_second = format!("{}=2.50", second.ref_nbr);
    let r = run(dir.path(), &["apply", "ledger.json", "--payment", &credit.ref_nbr, "--to", &to_first, "--to", &to_second, "-o", "out.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    assert!(r.stdout.starts_with(&format!("applied 1.00 {} to {} {}", credit.currency, first.doc_type.label(), first.ref_nbr)), "{}", r.stdout);
    assert!(r.stdout.contains(&format!("{} {}", credit.doc_type.label(), credit.ref_nbr)), "{}", r.stdout);

    let after = load(&dir.path().join("out.json"));
    let credit_after = &after.documents[&credit.id];
    assert_eq!(credit_after.balance, credit.balance - dec("3.50"));
    assert_eq!(credit_after.status, DocStatus::Open);
    assert_eq!(after.documents[&first.id].balance, first.balance - dec("1.00"));
    assert_eq!(after.documents[&second.id].balance, second.balance - dec("2.50"));
    let added = &credit_after.applications[credit.applications.len()..];
    assert_eq!(added.len(), 2);
    assert_eq!((added[0].target, added[0].amount, added[0].released), (first.id, dec("1.00"), true));
    assert_eq!((added[1].target, added[1].amount, added[1].released), (second.id, dec("2.50"), true));
    // Nothing else moved.
    for (id, doc) in &before.documents {
        if ![credit.id, first.id, second.id].contains(id) {
            assert_eq!(&after.documents[id], doc, "{} changed", doc.ref_nbr);
        }
    }
    assert_eq!(after.documents.len(), before.documents.len());
    // Only the journal entry counter moved: by one per application that posts an entry
    // (a prepayment applied, a currency gain or loss), numbered in order.
    let posted: Vec<Option<u32>> = added.iter().filter(|a| !a.journal.is_empty()).map(|a| a.journal_entry).collect();
    let next = before.settings.next_journal_entry;
    assert_eq!(posted, (next..).take(posted.len()).map(Some).collect::<Vec<_>>());
    let moved = u32::try_from(posted.len()).expect("two at most");
    assert_eq!(after.settings, reskontra_core::settings::Settings { next_journal_entry: next + moved, ..before.settings.clone() });
    let customer = &credit.customer_id;
    assert_eq!(after.balances_of(customer).balance, before.balances_of(customer).balance, "a credit applied moves no customer balance");
    assert_eq!(fs::read(&path).expect("read"), input, "the input file is not touched");
    let check = run(dir.path(), &["check", "out.json"]);
    assert_eq!(check.code, 0, "{}", check.stderr);

    // `-o -`: the ledger on stdout, the summary on stderr.
    let r = run(dir.path(), &["apply", "ledger.json", "--payment", &credit.ref_nbr, "--to", &to_first, "--to", &to_second, "-o", "-"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, fs::read_to_string(dir.path().join("out.json")).expect("read"));
    assert!(r.stderr.starts_with("applied 1.00"), "{}", r.stderr);
}

#[test]
fn apply_refuses_too_much_and_unknown_documents_without_writing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (_, ledger) = demo9(d);
    let (credit, targets) = open_credit_with_targets(&ledger, 1);
    let target = &targets[0];
    let files = files_in(d);

    // More than the credit has left: the core's problems, one line each, and no output.
    let too_much = format!("{}={}", target.ref_nbr, credit.balance + dec("0.01"));
    let r = run(d, &["apply", "ledger.json", "--payment", &credit.ref_nbr, "--to", &too_much, "-o", "out.json"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(!r.stderr.is_empty());
    assert!(r.stderr.lines().all(|line| line.starts_with("reskontra: ")), "{}", r.stderr);
    // The core says it in the ledger's number format (en here: 5,000.00).
    let left = format!("{} left on {} {}", reskontra_core::NumberFormat::English.decimal(credit.balance), credit.doc_type.label(), credit.ref_nbr);
    assert!(r.stderr.lines().any(|line| line.contains(&left)), "{}", r.stderr);
    assert_eq!(files_in(d), files, "no output file");

    // Several problems: one line each, with the field.
    let wrong_customer = ledger
        .documents
        .values()
        .find(|x| x.doc_type == DocType::Invoice && x.status == DocStatus::Open && x.customer_id != credit.customer_id)
        .expect("another customer's open invoice");
    let bad_decimals = format!("{}=1.001", target.ref_nbr);
    let other = format!("{}=1", wrong_customer.ref_nbr);
    let r = run(d, &["apply", "ledger.json", "--payment", &credit.ref_nbr, "--to", &bad_decimals, "--to", &other, "-o", "out.json"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stderr);
    assert!(lines[0].starts_with("reskontra: applications.0.amount: "), "{}", r.stderr);
    assert!(lines[1].starts_with("reskontra: applications.1.amount: ") && lines[1].contains("another customer"), "{}", r.stderr);
    assert_eq!(files_in(d), files, "no output file");

    // A closed credit is refused by the core.
    let closed = ledger.documents.values().find(|x| x.doc_type == DocType::Payment && x.status == DocStatus::Closed).expect("a closed payment");
    let to = format!("{}=1", target.ref_nbr);
    let r = run(d, &["apply", "ledger.json", "--payment", &closed.ref_nbr, "--to", &to, "-o", "out.json"]);
    assert_one_line_error(&r, "closed credit");
    assert!(r.stderr.contains("Closed"), "{}", r.stderr);

    // Unknown or wrong documents, and a --to without an amount.
    let to_credit = format!("{}=1", credit.ref_nbr);
    let cases: [(&[&str], &str); 5] = [
        (&["apply", "ledger.json", "--payment", "NOPE1", "--to", &to, "-o", "out.json"], "NOPE1"),
        (&["apply", "ledger.json", "--payment", &credit.ref_nbr, "--to", "NOPE2=1", "-o", "out.json"], "NOPE2"),
        (&["apply", "ledger.json", "--payment", &target.ref_nbr, "--to", &to, "-o", "out.json"], &target.ref_nbr),
        (&["apply", "ledger.json", "--payment", &credit.ref_nbr, "--to", &to_credit, "-o", "out.json"], &credit.ref_nbr),
        (&["apply", "ledger.json", "--payment", &credit.ref_nbr, "--to", &target.ref_nbr, "-o", "out.json"], "REF=AMOUNT"),
    ];
    for (args, mentions) in cases {
        let r = run(d, args);
        assert_one_line_error(&r, &format!("{args:?}"));
        assert!(r.stderr.contains(mentions), "{args:?}: {}", r.stderr);
        assert_eq!(files_in(d), files, "{args:?} created a file");
    }
    // Without --to at all clap refuses.
    let r = run(d, &["apply", "ledger.json", "--payment", &credit.ref_nbr, "-o", "out.json"]);
    assert_one_line_error(&r, "no --to");
    assert!(r.stderr.contains("--to"), "{}", r.stderr);
}

#[test]
fn apply_to_an_unreleased_credit_plans_the_application() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, before) = demo9(dir.path());
    let with_target = |credit: &reskontra_core::documents::document::Document| {
        before
            .documents
            .values()
            .find(|d| {
                d.doc_type.is_debit()
                    && d.status == DocStatus::Open
                    && d.customer_id == credit.customer_id
                    && d.currency == credit.currency
                    && d.balance > Decimal::from(10)
            })
            .cloned()
    };
    let unreleased = |types: &[DocType]| {
        before
            .documents
            .values()
            .filter(|c| types.contains(&c.doc_type) && !c.status.is_released() && c.balance > Decimal::from(5))
            .find_map(|c| with_target(c).map(|t| (c.clone(), t)))
            .unwrap_or_else(|| panic!("the demo has an unreleased {types:?} whose customer has an open invoice"))
    };
    for (credit, target) in [unreleased(&[DocType::Payment, DocType::Prepayment]), unreleased(&[DocType::CreditNote])] {
        let what = format!("{} {}", credit.doc_type.label(), credit.ref_nbr);
        let to = format!("{}=1.00", target.ref_nbr);
        let r = run(dir.path(), &["apply", "ledger.json", "--payment", &credit.ref_nbr, "--to", &to, "-o", "planned.json"]);
        assert_eq!(r.code, 0, "{what}: {}", r.stderr);
        assert!(r.stdout.starts_with("planned 1.00"), "{what}: {}", r.stdout);
        let after = load(&dir.path().join("planned.json"));
        let saved = &after.documents[&credit.id];
        assert_eq!(saved.status, credit.status, "{what} stays unreleased");
        assert_eq!((saved.balance, saved.total), (credit.balance, credit.total), "{what}");
        assert_eq!(saved.applications.len(), credit.applications.len() + 1, "{what}");
        let planned = saved.applications.last().expect("an application");
        assert_eq!((planned.target, planned.amount, planned.released), (target.id, dec("1.00"), false), "{what}");
        assert_eq!(after.documents[&target.id], target, "{what}: the invoice does not move before release");
        assert_eq!(run(dir.path(), &["check", "planned.json"]).code, 0, "{what}");

        // A new amount for the same invoice replaces the planned one.
        let to = format!("{}=2.00", target.ref_nbr);
        let r = run(dir.path(), &["apply", "planned.json", "--payment", &credit.ref_nbr, "--to", &to, "-o", "replanned.json"]);
        assert_eq!(r.code, 0, "{what}: {}", r.stderr);
        let again = load(&dir.path().join("replanned.json"));
        let to_target: Vec<_> = again.documents[&credit.id].applications.iter().filter(|a| a.target == target.id).collect();
        assert_eq!(to_target.len(), 1, "{what}");
        assert_eq!((to_target[0].amount, to_target[0].released), (dec("2.00"), false), "{what}");
        assert_eq!(again.documents[&credit.id].applications.len(), credit.applications.len() + 1, "{what}");

        // More than the credit's total is refused by the save.
        let to = format!("{}={}", target.ref_nbr, credit.total + dec("0.01"));
        let files = files_in(dir.path());
        let r = run(dir.path(), &["apply", "ledger.json", "--payment", &credit.ref_nbr, "--to", &to, "-o", "too_much.json"]);
        assert_eq!(r.code, 2, "{what}: {}", r.stderr);
        assert!(!r.stderr.is_empty() && r.stderr.lines().all(|l| l.starts_with("reskontra: ")), "{what}: {}", r.stderr);
        assert_eq!(files_in(dir.path()), files, "{what}");
    }
}

#[test]
fn void_reverses_a_closed_payment_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (path, before) = demo9(d);
    let payment = before
        .documents
        .values()
        .find(|p| p.doc_type == DocType::Payment && p.status == DocStatus::Closed && p.applications.iter().any(|a| a.released && a.amount > Decimal::ZERO))
        .expect("a closed payment applied to an invoice")
        .clone();
    assert!(before.document_by_ref(DocType::VoidPayment, &payment.ref_nbr).is_none());
    let targets: Vec<_> = payment.applications.iter().map(|a| a.target).collect::<BTreeSet<_>>().into_iter().collect();

    let r = run(d, &["void", "ledger.json", "--payment", &payment.ref_nbr, "-o", "voided.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with(&format!("voided Payment {}", payment.ref_nbr)), "{}", r.stdout);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);

    let after = load(&d.join("voided.json"));
    let voided = &after.documents[&payment.id];
    assert_eq!(voided.status, DocStatus::Voided);
    assert_eq!(voided.balance, Decimal::ZERO);
    let void = after.document_by_ref(DocType::VoidPayment, &payment.ref_nbr).expect("a Void payment with the same number");
    assert_eq!(voided.voids, Some(void.id));
    assert_eq!(void.voids, Some(payment.id));
    assert_eq!((void.total, void.customer_id.as_str(), void.currency.as_str()), (payment.total, payment.customer_id.as_str(), payment.currency.as_str()));
    assert_eq!(void.released_on, before.settings.business_date, "the ledger's business date");
    assert_eq!(after.documents.len(), before.documents.len() + 1);
    for target in &targets {
        let was = &before.documents[target];
        let now = &after.documents[target];
        assert_eq!(now.balance, was.balance + payment.applied_to(*target), "{} gets the payment back", now.ref_nbr);
        assert_eq!(now.status, DocStatus::Open, "{}", now.ref_nbr);
    }
    assert_eq!(run(d, &["check", "voided.json"]).code, 0);

    // Voiding it again is refused with one line, and nothing is written.
    let files = files_in(d);
    let r = run(d, &["void", "voided.json", "--payment", &payment.ref_nbr, "-o", "twice.json"]);
    assert_one_line_error(&r, "void twice");
    assert!(r.stderr.contains(&payment.ref_nbr) && r.stderr.contains("Voided"), "{}", r.stderr);
    assert_eq!(files_in(d), files);

    // An invoice, an unreleased payment and an unknown number are refused too.
    let invoice = before.documents.values().find(|x| x.doc_type == DocType::Invoice).expect("an invoice");
    let unreleased = before.documents.values().find(|x| x.doc_type == DocType::Payment && !x.status.is_released()).expect("an unreleased payment");
    for (reference, mentions) in [(&invoice.ref_nbr, "invoice"), (&unreleased.ref_nbr, unreleased.status.label()), (&"PAY999999".to_string(), "PAY999999")] {
        let r = run(d, &["void", "ledger.json", "--payment", reference, "-o", "out.json"]);
        assert_one_line_error(&r, reference);
        assert!(r.stderr.contains(mentions), "{reference}: {}", r.stderr);
        assert_eq!(files_in(d), files, "{reference}");
    }

    // Without a business date in the ledger, --today is needed and used.
    edit_json(d, &path, "nodate.json", |v| v["settings"]["business_date"] = Value::Null);
    let files = files_in(d);
    let r = run(d, &["void", "nodate.json", "--payment", &payment.ref_nbr, "-o", "out.json"]);
    assert_one_line_error(&r, "no date");
    assert!(r.stderr.contains("--today"), "{}", r.stderr);
    assert_eq!(files_in(d), files);
    let r = run(d, &["void", "nodate.json", "--payment", &payment.ref_nbr, "--today", "2026-07-15", "-o", "out.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dated = load(&d.join("out.json"));
    let void = dated.document_by_ref(DocType::VoidPayment, &payment.ref_nbr).expect("void");
    assert_eq!((void.date, void.released_on), (date("2026-07-15"), Some(date("2026-07-15"))));
}

#[test]
fn journal_has_one_balanced_entry_per_release() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo(dir.path(), "ledger.json", 13, 40, 300);
    let ledger = load(&path);
    let r = run(dir.path(), &["journal", "ledger.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut lines = r.stdout.lines();
    assert_eq!(lines.next(), Some("entry,date,document,account,debit,credit"));
    let rows: Vec<Vec<String>> = lines.map(|l| l.split(',').map(str::to_string).collect()).collect();
    // One entry per released document with a non-zero total and per later application
    // that posts (a prepayment applied, a currency gain or loss), numbered 1..=n.
    let released = ledger.documents.values().filter(|d| d.status.is_released() && !d.total.is_zero()).count()
        + ledger.documents.values().flat_map(|d| &d.applications).filter(|a| !a.journal.is_empty()).count();
    let entries: std::collections::BTreeSet<u32> = rows.iter().map(|r| r[0].parse::<u32>().expect("entry number")).collect();
    assert_eq!(entries.len(), released);
    assert_eq!(entries.iter().next_back().copied(), Some(released as u32));
    for entry in &entries {
        let of: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == entry.to_string()).collect();
        let sum = |col: usize| of.iter().map(|r| r[col].parse::<rust_decimal::Decimal>().expect("amount")).sum::<rust_decimal::Decimal>();
        assert_eq!(sum(4), sum(5), "entry {entry} balances");
    }
    // The receivable account's net, with the prepayment account's (where prepayments wait
    // until they are applied), is exactly the customers' released balances, prepayments
    // included (SPEC R5.6): each open document's balance at its own rate (R4.11).
    let receivable: rust_decimal::Decimal = rows
        .iter()
        .filter(|r| r[3] == "1500" || r[3] == "2900")
        .map(|r| r[4].parse::<rust_decimal::Decimal>().expect("d") - r[5].parse::<rust_decimal::Decimal>().expect("c"))
        .sum();
    assert_eq!(receivable, ledger.total_open_balance());
    let r = run(dir.path(), &["journal", "missing.json"]);
    assert_eq!(r.code, 2);
}

#[test]
fn demo_unreleased_adds_exactly_that_many_balanced_invoices() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = load(&demo(dir.path(), "plain.json", 21, 30, 100));
    let r = run(dir.path(), &["demo", "--seed", "21", "--customers", "30", "--invoices", "100", "--unreleased", "250", "-o", "more.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let more = load(&dir.path().join("more.json"));
    let balanced = |l: &Ledger| l.documents.values().filter(|d| d.doc_type == DocType::Invoice && d.status == DocStatus::Balanced).count();
    assert_eq!(balanced(&more), balanced(&plain) + 250);
    let r = run(dir.path(), &["release", "more.json", "--all", "-o", "released.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(balanced(&load(&dir.path().join("released.json"))), 0);
}

#[test]
fn overdue_charges_and_write_offs_post_what_the_preview_lists() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo(dir.path(), "ledger.json", 17, 60, 400);
    let ledger = load(&path);
    // Preview: one CSV row per proposal the core makes; nothing written.
    let r = run(dir.path(), &["overdue-charges", "ledger.json", "--date", "2026-06-30", "--preview"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let proposals = reskontra_core::processes::overdue_proposals(&ledger, chrono::NaiveDate::from_ymd_opt(2026, 6, 30).expect("date"));
    assert!(!proposals.is_empty(), "the demo's domestic customers have overdue invoices");
    assert_eq!(r.stdout.lines().count(), proposals.len() + 1);
    // Posting: the charges are in the output, which passes check; the same date again has nothing to charge.
    let r = run(dir.path(), &["overdue-charges", "ledger.json", "--date", "2026-06-30", "-o", "charged.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let charged = load(&dir.path().join("charged.json"));
    let total: rust_decimal::Decimal = charged.documents.values().filter(|d| d.doc_type == DocType::OverdueCharge).map(|d| d.total).sum();
    assert_eq!(total, proposals.iter().map(|p| p.charge).sum::<rust_decimal::Decimal>());
    assert_eq!(run(dir.path(), &["check", "charged.json"]).code, 0);
    let again = run(dir.path(), &["overdue-charges", "charged.json", "--date", "2026-06-30", "-o", "twice.json"]);
    assert_eq!(again.code, 2, "{}", again.stdout);
    assert!(!dir.path().join("twice.json").exists());
    // Write-offs with a limit: every written-off document was at most that in base currency.
    let r = run(dir.path(), &["write-off", "charged.json", "--date", "2026-06-30", "--limit", "40", "--preview"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let listed = r.stdout.lines().count() - 1;
    let expected = reskontra_core::processes::write_off_proposals(&charged, Some(rust_decimal::Decimal::from(40))).len();
    assert_eq!(listed, expected);
    if expected > 0 {
        let r = run(dir.path(), &["write-off", "charged.json", "--date", "2026-06-30", "--limit", "40", "-o", "written.json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(run(dir.path(), &["check", "written.json"]).code, 0);
    }
}

#[test]
fn credit_hold_changes_what_the_preview_lists() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = demo(dir.path(), "plain.json", 23, 40, 300);
    // Every customer gets "Days past due: 30".
    let path = edit_json(dir.path(), &plain, "ledger.json", |v| {
        for c in v["customers"].as_array_mut().expect("customers") {
            c["credit"] = serde_json::json!({ "rule": "DaysPastDue", "limit": "0", "days_past_due": 30 });
        }
    });
    let ledger = load(&path);
    let on = date("2026-11-23");
    let proposals = reskontra_core::documents::credit::credit_hold_proposals(&ledger, on);
    assert!(!proposals.is_empty(), "the demo has invoices more than 30 days past due");
    let r = run(dir.path(), &["credit-hold", "ledger.json", "--date", "2026-11-23", "--preview"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A reason is read as CSV: one that held a comma would be quoted.
    let rows = rows_after_header(&r.stdout, &["customer", "from", "to", "reason"], false);
    assert_eq!(rows.len(), proposals.len());
    assert!(rows[0][3].contains("days past due"), "{:?}", rows[0]);
    let r = run(dir.path(), &["credit-hold", "ledger.json", "--date", "2026-11-23", "-o", "held.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let held = load(&dir.path().join("held.json"));
    for p in &proposals {
        assert_eq!(held.customers[&p.customer_id].status, p.to);
    }
    assert_eq!(run(dir.path(), &["check", "held.json"]).code, 0);
    // Nothing more to change on the same date: exit 2, nothing written.
    let again = run(dir.path(), &["credit-hold", "held.json", "--date", "2026-11-23", "-o", "again.json"]);
    assert_eq!(again.code, 2);
    assert!(!dir.path().join("again.json").exists());
}

/// Ledgers made through the core for the tests of cash discounts, overdue charges and
/// parent-child applications: class DOMESTIC (2 % in 10 days, 30 net, overdue rate
/// 18.25 %), documents dated 2026-03-01, written as a backup without a business date.
mod made {
    use reskontra_core::command::{ApplicationDraft, ClassDraft, CustomerDraft, InvoiceDraft, LineDraft, PaymentDraft};
    use reskontra_core::customers::customer::ParentLink;
    use reskontra_core::documents::document::{DocId, Document};
    use reskontra_core::{execute, Command, Ledger, Record};

    pub const TODAY: &str = "2026-04-30";

    /// Runs `command` through the core and applies it; the document it saved, if any.
    pub fn run(ledger: &mut Ledger, command: Command) -> Option<Document> {
        let today = TODAY.parse().expect("date");
        let change = execute(ledger, &command, today).unwrap_or_else(|p| panic!("{command:?}: {p:?}"));
        ledger.apply(&change);
        change.puts.iter().find_map(|r| if let Record::Document(d) = r { Some(d.clone()) } else { None })
    }

    fn saved(ledger: &mut Ledger, command: Command) -> DocId {
        run(ledger, command).expect("a saved document").id
    }

    pub fn ledger() -> Ledger {
        let mut ledger = Ledger::default();
        let new_class = ClassDraft::new_class(&ledger.settings);
        run(
            &mut ledger,
            Command::SaveClass(ClassDraft {
                id: "DOMESTIC".into(),
                description: "Domestic".into(),
                terms_id: "2/10NET30".into(),
                overdue_rate_pct: "18.25".into(),
                ..new_class
            }),
        );
        ledger
    }

    /// A customer below `parent` (none when empty), and its number.
    pub fn customer(ledger: &mut Ledger, name: &str, parent: &str, consolidate_balance: bool) -> String {
        let class = ledger.classes["DOMESTIC"].clone();
        let mut draft = CustomerDraft::new_of_class(&class, &ledger.settings);
        draft.name = name.into();
        draft.parent = ParentLink { parent_id: parent.into(), consolidate_balance, ..ParentLink::default() };
        let today = TODAY.parse().expect("date");
        let change = execute(ledger, &Command::SaveCustomer(draft), today).expect("customer");
        ledger.apply(&change);
        let Some(Record::Customer(c)) = change.puts.first() else { panic!("customer first") };
        c.id.clone()
    }

    /// A released invoice of `price` (no VAT), dated 2026-03-01: due 2026-03-31, cash
    /// discount 2 % until 2026-03-11.
    pub fn invoice(ledger: &mut Ledger, customer: &str, price: &str, overdue_charges: bool) -> Document {
        let line = LineDraft {
            description: "Item".into(),
            quantity: "1".into(),
            unit_price: price.into(),
            discount_pct: String::new(),
            vat_category: "EXEMPT".into(),
        };
        let draft = InvoiceDraft {
            customer_id: customer.into(),
            date: "2026-03-01".into(),
            lines: vec![line],
            overdue_charges: Some(overdue_charges),
            ..InvoiceDraft::default()
        };
        let id = saved(ledger, Command::SaveInvoice(draft));
        run(ledger, Command::Release(id));
        ledger.documents[&id].clone()
    }

    /// A payment of `amount` dated `date` with `applications` (target, amount, discount), released or not.
    pub fn payment(ledger: &mut Ledger, customer: &str, date: &str, amount: &str, applications: &[(DocId, &str, &str)], release: bool) -> Document {
        let draft = PaymentDraft {
            customer_id: customer.into(),
            date: date.into(),
            amount: amount.into(),
            applications: applications.iter().map(|(t, a, d)| ApplicationDraft { target: *t, amount: a.to_string(), discount: d.to_string() }).collect(),
            ..PaymentDraft::default()
        };
        let id = saved(ledger, Command::SavePayment(draft));
        if release {
            run(ledger, Command::Release(id));
        }
        ledger.documents[&id].clone()
    }
}

#[test]
fn apply_takes_the_cash_discount_when_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let mut ledger = made::ledger();
    let customer = made::customer(&mut ledger, "Discount AS", "", false);
    let [planned_to, applied_to, late_to] = [0, 1, 2].map(|_| made::invoice(&mut ledger, &customer, "1000", false));
    let unreleased = made::payment(&mut ledger, &customer, "2026-03-10", "980", &[], false);
    let released = made::payment(&mut ledger, &customer, "2026-03-10", "980", &[], true);
    let late = made::payment(&mut ledger, &customer, "2026-03-12", "980", &[], true);
    fs::write(d.join("ledger.json"), to_json(&ledger)).expect("write");
    let apply = |payment: &str, to: &str, out: &str, discount: bool| {
        let to = format!("{to}=980");
        let mut args = vec!["apply", "ledger.json", "--payment", payment, "--to", &to, "--today", made::TODAY, "-o", out];
        if discount {
            args.push("--take-discount");
        }
        let r = run(d, &args);
        assert_eq!(r.code, 0, "{payment} {to}: {}", r.stderr);
        r
    };

    // Planned on an unreleased payment, and taken when it is released.
    apply(&unreleased.ref_nbr, &planned_to.ref_nbr, "planned.json", true);
    let planned = load(&d.join("planned.json"));
    let app = planned.documents[&unreleased.id].applications.last().expect("planned").clone();
    assert_eq!((app.amount, app.discount, app.released), (dec("980"), dec("20"), false));
    let r = run(d, &["release", "planned.json", "--all", "--today", made::TODAY, "-o", "released.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = load(&d.join("released.json"));
    assert_eq!((after.documents[&planned_to.id].status, after.documents[&unreleased.id].status), (DocStatus::Closed, DocStatus::Closed));

    // Applied from a released payment: the discount closes the invoice.
    let r = apply(&released.ref_nbr, &applied_to.ref_nbr, "applied.json", true);
    assert!(r.stdout.contains("cash discount of 20.00 NOK"), "{}", r.stdout);
    let after = load(&d.join("applied.json"));
    assert_eq!((after.documents[&applied_to.id].status, after.documents[&released.id].status), (DocStatus::Closed, DocStatus::Closed));
    assert_eq!(after.documents[&released.id].applications.last().map(|a| a.discount), Some(dec("20")));
    assert_eq!(run(d, &["check", "applied.json"]).code, 0);

    // Paid after the cash-discount date, or not asked: no discount, 20.00 stays open.
    apply(&late.ref_nbr, &late_to.ref_nbr, "late.json", true);
    apply(&released.ref_nbr, &applied_to.ref_nbr, "not_asked.json", false);
    for (file, invoice) in [("late.json", &late_to), ("not_asked.json", &applied_to)] {
        let after = load(&d.join(file));
        assert_eq!((after.documents[&invoice.id].status, after.documents[&invoice.id].balance), (DocStatus::Open, dec("20.00")), "{file}");
    }
}

#[test]
fn check_refuses_a_backup_with_a_late_or_oversized_discount() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let mut ledger = made::ledger();
    let customer = made::customer(&mut ledger, "Discount AS", "", false);
    let invoice = made::invoice(&mut ledger, &customer, "1000", false);
    let payment = made::payment(&mut ledger, &customer, "2026-03-10", "980", &[(invoice.id, "980", "20")], true);
    // Something left to release, so that `release` would write a file.
    made::payment(&mut ledger, &customer, "2026-03-10", "1", &[], false);
    fs::write(d.join("sound.json"), to_json(&ledger)).expect("write");
    assert_eq!(run(d, &["check", "sound.json"]).code, 0);
    let late = Document { date: date("2026-03-12"), ..ledger.documents[&payment.id].clone() };
    let mut oversized = ledger.documents[&payment.id].clone();
    oversized.total = dec("975");
    oversized.applications[0].amount = dec("975");
    oversized.applications[0].discount = dec("25");
    for (name, doc) in [("late.json", late), ("oversized.json", oversized)] {
        let mut damaged = ledger.clone();
        damaged.apply(&reskontra_core::Change { puts: vec![reskontra_core::Record::Document(doc)], deletes: vec![] });
        fs::write(d.join(name), to_json(&damaged)).expect("write");
        let files = files_in(d);
        assert_one_line_error(&run(d, &["check", name]), name);
        let r = run(d, &["release", name, "--all", "--today", made::TODAY, "-o", "released.json"]);
        assert_one_line_error(&r, name);
        assert!(r.stderr.contains(name), "{name}: refused for the file, not the arguments: {}", r.stderr);
        assert_eq!(files_in(d), files, "{name}: nothing written");
    }
}

#[test]
fn apply_reaches_overdue_charges() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let mut ledger = made::ledger();
    let customer = made::customer(&mut ledger, "Late AS", "", false);
    made::invoice(&mut ledger, &customer, "10000", true);
    made::run(&mut ledger, reskontra_core::Command::CalculateOverdueCharges(date("2026-04-10")));
    let charge = ledger.documents.values().find(|x| x.doc_type == DocType::OverdueCharge).expect("an overdue charge").clone();
    assert_eq!(charge.total, dec("50.00"));
    let payment = made::payment(&mut ledger, &customer, "2026-04-15", "50", &[], true);
    let unreleased = made::payment(&mut ledger, &customer, "2026-04-15", "20", &[], false);
    fs::write(d.join("ledger.json"), to_json(&ledger)).expect("write");

    let to = format!("{}=50", charge.ref_nbr);
    let r = run(d, &["apply", "ledger.json", "--payment", &payment.ref_nbr, "--to", &to, "--today", made::TODAY, "-o", "applied.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = load(&d.join("applied.json"));
    assert_eq!((after.documents[&charge.id].status, after.documents[&payment.id].status), (DocStatus::Closed, DocStatus::Closed));
    assert_eq!(after.balances_of(&customer).balance, ledger.balances_of(&customer).balance);
    assert_eq!(run(d, &["check", "applied.json"]).code, 0);

    let to = format!("{}=20", charge.ref_nbr);
    let r = run(d, &["apply", "ledger.json", "--payment", &unreleased.ref_nbr, "--to", &to, "--today", made::TODAY, "-o", "planned.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let planned = load(&d.join("planned.json"));
    assert_eq!(planned.documents[&unreleased.id].applications.iter().map(|a| (a.target, a.amount)).collect::<Vec<_>>(), vec![(charge.id, dec("20"))]);
}

#[test]
fn apply_takes_a_parents_payment_to_a_consolidating_child() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let mut ledger = made::ledger();
    let parent = made::customer(&mut ledger, "Group AS", "", false);
    let child = made::customer(&mut ledger, "Branch AS", &parent, true);
    let separate = made::customer(&mut ledger, "Sister AS", &parent, false);
    let invoice = made::invoice(&mut ledger, &child, "1000", false);
    let other = made::invoice(&mut ledger, &separate, "1000", false);
    let payment = made::payment(&mut ledger, &parent, "2026-03-20", "300", &[], true);
    fs::write(d.join("ledger.json"), to_json(&ledger)).expect("write");

    let to = format!("{}=300", invoice.ref_nbr);
    let r = run(d, &["apply", "ledger.json", "--payment", &payment.ref_nbr, "--to", &to, "--today", made::TODAY, "-o", "applied.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = load(&d.join("applied.json"));
    assert_eq!((after.documents[&invoice.id].balance, after.documents[&payment.id].status), (dec("700.00"), DocStatus::Closed));
    assert_eq!((after.balances_of(&child).balance, after.balances_of(&parent).balance), (dec("700.00"), dec("0")));
    assert_eq!(reskontra_core::customers::master::consolidated_balance(&after, &parent), dec("700.00"));
    assert_eq!(run(d, &["check", "applied.json"]).code, 0);

    // Not to a child without Consolidate balance: the core's problem, nothing written.
    let files = files_in(d);
    let to = format!("{}=300", other.ref_nbr);
    let r = run(d, &["apply", "ledger.json", "--payment", &payment.ref_nbr, "--to", &to, "--today", made::TODAY, "-o", "refused.json"]);
    assert_one_line_error(&r, "a separate child");
    assert!(r.stderr.starts_with("reskontra: applications.0.amount: "), "{}", r.stderr);
    assert_eq!(files_in(d), files);
}

/// Debits − credits of the customer ledger (1500) and prepayment (2900) accounts in
/// `journal` output, and the sum of the `balance` column of `balances` output.
fn ledger_accounts_and_balances(dir: &Path, file: &str) -> (Decimal, Decimal) {
    let journal = run(dir, &["journal", file]);
    assert_eq!(journal.code, 0, "{}", journal.stderr);
    let on_accounts: Decimal = journal
        .stdout
        .lines()
        .skip(1)
        .map(|line| line.rsplitn(4, ',').collect::<Vec<_>>())
        .filter(|f| f[2] == "1500" || f[2] == "2900")
        .map(|f| f[1].parse::<Decimal>().expect("debit") - f[0].parse::<Decimal>().expect("credit"))
        .sum();
    let balances = run(dir, &["balances", file]);
    assert_eq!(balances.code, 0, "{}", balances.stderr);
    let balance: Decimal = balances.stdout.lines().skip(1).map(|line| line.split(',').nth(1).expect("balance").parse::<Decimal>().expect("amount")).sum();
    (on_accounts, balance)
}

#[test]
fn the_demo_journal_holds_the_customer_balances_to_the_cent_and_check_says_so() {
    // SPEC R5.6: the customer ledger and prepayment accounts equal the customers'
    // balances (prepayments included); the demo has EUR customers paid in parts.
    let dir = tempfile::tempdir().expect("tempdir");
    demo(dir.path(), "ledger.json", 1, 60, 600);
    let r = run(dir.path(), &["check", "ledger.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (on_accounts, balance) = ledger_accounts_and_balances(dir.path(), "ledger.json");
    assert!(!balance.is_zero());
    assert_eq!(on_accounts, balance, "journal 1500 + 2900 against the sum of the balances");
}
