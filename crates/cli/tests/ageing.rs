//! `reskontra ageing | statements | dunning` over the demo company's backup.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use reskontra_core::ledger::backup::from_json;
use reskontra_core::mailings::EmailStatus;
use reskontra_core::Ledger;
use rust_decimal::Decimal;

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_reskontra")).args(args).current_dir(dir).output().expect("the binary runs");
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stdout).into_owned(), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn load(path: &Path) -> Ledger {
    from_json(&fs::read_to_string(path).expect("file exists")).expect("a sound backup")
}

fn demo(dir: &Path) {
    let (code, _, err) = run(dir, &["demo", "--seed", "1", "--customers", "60", "--invoices", "200", "-o", "demo.json"]);
    assert_eq!(code, 0, "{err}");
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(text.as_bytes()).records().map(|r| r.expect("a CSV record").iter().map(str::to_string).collect()).collect()
}

#[test]
fn aged_past_due_csv_has_the_columns_and_reconciles_to_the_balances() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let (code, out, err) = run(dir.path(), &["ageing", "demo.json", "--report", "past-due", "--as-of", "2026-06-30", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().next(), Some("cycle,customer,type,ref,currency,date,due_date,days,bucket,amount"));
    let rows = csv_rows(&out);
    assert!(rows.len() > 50, "{out}");
    let mut per_customer: BTreeMap<String, Decimal> = BTreeMap::new();
    for row in &rows {
        *per_customer.entry(row[1].clone()).or_default() += row[9].parse::<Decimal>().expect("an amount");
    }
    let (_, balances, _) = run(dir.path(), &["balances", "demo.json"]);
    for row in csv_rows(&balances) {
        let balance: Decimal = row[1].parse().expect("a balance");
        assert_eq!(per_customer.get(&row[0]).copied().unwrap_or_default(), balance, "customer {}", row[0]);
    }
    // Every cycle's titles; buckets given for the run replace them all.
    for title in ["Over 90", "Over 75", "Over 180", "Current"] {
        assert!(rows.iter().any(|r| r[8] == title), "{title}");
    }
    let (_, out, _) = run(dir.path(), &["ageing", "demo.json", "--report", "outstanding", "--buckets", "15,45"]);
    let titles: std::collections::BTreeSet<String> = csv_rows(&out).into_iter().map(|r| r[8].clone()).collect();
    assert!(titles.iter().all(|t| ["Past due", "0-15", "16-45", "Over 45"].contains(&t.as_str())), "{titles:?}");
    // The currency version keeps document currencies; the period sensitive report is in base.
    let (code, out, _) = run(dir.path(), &["ageing", "demo.json", "--report", "past-due", "--currency-version", "--age-credits", "on"]);
    assert_eq!(code, 0);
    assert!(csv_rows(&out).iter().any(|r| r[4] == "EUR"), "{out}");
    let (code, out, err) = run(dir.path(), &["ageing", "demo.json", "--report", "period-sensitive", "--period", "2026-03", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["kind"], "PeriodSensitive");
    assert_eq!(json["as_of"], "2026-03-31");
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    for args in [
        vec!["ageing", "demo.json", "--report", "aged"],
        vec!["ageing", "demo.json", "--report", "past-due", "--as-of", "2026-02-30"],
        vec!["ageing", "demo.json", "--report", "past-due", "--buckets", "60,30"],
        vec!["ageing", "demo.json", "--report", "past-due", "--buckets", "thirty"],
        vec!["ageing", "demo.json", "--report", "past-due", "--customer", "NOBODY"],
        vec!["ageing", "demo.json", "--report", "period-sensitive", "--period", "1999-01"],
        vec!["ageing", "demo.json", "--report", "period-sensitive"],
        vec!["statements", "demo.json", "--cycle", "NOPE", "--date", "2026-06-30", "--dry-run"],
        vec!["statements", "demo.json", "--cycle", "MONTHLY", "--date", "2026-06-30"],
        vec!["dunning", "demo.json", "--date", "30.06.2026", "--dry-run"],
    ] {
        let (code, out, err) = run(dir.path(), &args);
        assert_eq!(code, 2, "{args:?}: {out}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("reskontra: "), "{err}");
    }
}

#[test]
fn statements_preview_then_process_records_the_last_statement_and_queues_emails() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let (code, out, err) = run(dir.path(), &["statements", "demo.json", "--cycle", "MONTHLY", "--date", "2026-06-30", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().next(), Some("customer,type,opening,debits,credits,closing,delivery"));
    let rows = csv_rows(&out);
    assert!(rows.iter().any(|r| r[6] == "print") && rows.iter().any(|r| r[6].contains("email")), "{out}");
    assert!(rows.iter().any(|r| r[1] == "Balance brought forward"), "{out}");
    for r in &rows {
        let [opening, debits, credits, closing] = [&r[2], &r[3], &r[4], &r[5]].map(|x| x.parse::<Decimal>().expect("an amount"));
        assert_eq!(opening + debits + credits, closing, "{r:?}");
    }
    let (code, _, err) = run(dir.path(), &["statements", "demo.json", "--cycle", "MONTHLY", "--date", "2026-06-30", "-o", "stated.json"]);
    assert_eq!(code, 0, "{err}");
    let ledger = load(&dir.path().join("stated.json"));
    for r in &rows {
        let last = ledger.customers[&r[0]].last_statement.as_ref().expect("recorded");
        assert_eq!(last.date.to_string(), "2026-06-30");
    }
    let emailed = rows.iter().filter(|r| r[6].contains("email")).map(|r| r[0].clone()).collect::<std::collections::BTreeSet<_>>();
    let queued: Vec<_> = ledger.emails.values().filter(|e| e.mailing_id.starts_with("STATEMENT")).collect();
    assert!(!queued.is_empty());
    assert!(queued.iter().all(|e| e.status == EmailStatus::Pending && emailed.contains(&e.customer_id)));
    // The STATEMENT mailing's format is PDF: the statement is attached as one, which
    // poppler reads back with the customer and its balance line.
    for e in &queued {
        let pdf = e.attachments.iter().find(|a| a.mime == "application/pdf").unwrap_or_else(|| panic!("a PDF on {e:?}"));
        assert!(pdf.bytes.starts_with(b"%PDF"), "{}", pdf.file_name);
        let file = dir.path().join(format!("statement-{}.pdf", e.id));
        std::fs::write(&file, &pdf.bytes).unwrap();
        let text = std::process::Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(&file).arg("-").output().expect("pdftotext");
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("Statement") && text.contains(&e.customer_id) && text.contains("Closing balance"), "{text}");
    }
}

#[test]
fn dunning_processed_is_not_repeated_the_same_day() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let (code, out, err) = run(dir.path(), &["dunning", "demo.json", "--date", "2026-06-30", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().next(), Some("customer,level,documents,amount,delivery"));
    let letters = csv_rows(&out);
    assert!(!letters.is_empty());
    let (code, _, err) = run(dir.path(), &["dunning", "demo.json", "--date", "2026-06-30", "-o", "dunned.json"]);
    assert_eq!(code, 0, "{err}");
    let ledger = load(&dir.path().join("dunned.json"));
    assert!(ledger.documents.values().any(|d| d.dunning.is_some_and(|m| m.date.to_string() == "2026-06-30")));
    let (_, again, _) = run(dir.path(), &["dunning", "dunned.json", "--date", "2026-06-30", "--dry-run"]);
    let left: Vec<_> = csv_rows(&again).into_iter().filter(|r| !r[4].starts_with("none")).collect();
    assert!(left.is_empty(), "{again}");
}
