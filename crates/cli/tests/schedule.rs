//! `reskontra schedule preview | missed | run | generate` (SPEC R7).

use std::fs;
use std::path::Path;
use std::process::Command;

use reskontra_core::documents::document::{DocStatus, ScheduleLink};
use reskontra_core::ledger::backup::from_json;
use reskontra_core::Ledger;

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_reskontra")).args(args).current_dir(dir).output().expect("the binary runs");
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stdout).into_owned(), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn load(path: &Path) -> Ledger {
    from_json(&fs::read_to_string(path).expect("file exists")).expect("a sound backup")
}

fn preview(args: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["schedule", "preview"];
    all.extend_from_slice(args);
    let (code, out, err) = run(dir.path(), &all);
    assert_eq!(code, 0, "{err}");
    out.lines().map(str::to_string).collect()
}

#[test]
fn preview_prints_one_iso_date_per_line() {
    assert_eq!(
        preview(&["--type", "monthly", "--every", "1", "--day", "31", "--start", "2024-01-31", "--to", "2024-05-31"]),
        ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"]
    );
    assert_eq!(
        preview(&["--type", "weekly", "--every", "2", "--weekdays", "mon,thu", "--start", "2026-01-07", "--from", "2026-01-01", "--to", "2026-02-06"]),
        ["2026-01-08", "2026-01-19", "2026-01-22", "2026-02-02", "2026-02-05"]
    );
    assert_eq!(
        preview(&["--type", "monthly", "--every", "1", "--nth", "last", "--weekday", "wed", "--start", "2026-01-01", "--to", "2026-03-31"]),
        ["2026-01-28", "2026-02-25", "2026-03-25"]
    );
    assert_eq!(
        preview(&["--type", "period", "--every", "1", "--period-day", "last", "--start", "2026-01-15", "--to", "2026-03-31", "--limit", "2"]),
        ["2026-01-31", "2026-02-28"]
    );
    assert_eq!(preview(&["--type", "daily", "--every", "7", "--start", "2026-01-01", "--expires", "2026-01-15"]), ["2026-01-01", "2026-01-08", "2026-01-15"]);
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["schedule", "preview", "--type", "daily", "--every", "0", "--start", "2026-01-01"],
        vec!["schedule", "preview", "--type", "weekly", "--every", "1", "--start", "2026-01-01"],
        vec!["schedule", "preview", "--type", "weekly", "--every", "1", "--weekdays", "someday", "--start", "2026-01-01"],
        vec!["schedule", "preview", "--type", "monthly", "--every", "1", "--day", "32", "--start", "2026-01-01"],
        vec!["schedule", "preview", "--type", "period", "--every", "1", "--period-day", "middle", "--start", "2026-01-01"],
        vec!["schedule", "preview", "--type", "daily", "--every", "1", "--start", "2026-02-30"],
        vec!["schedule", "run", "missing.json", "--business-date", "2026-01-01", "-o", "out.json"],
        vec!["schedule", "generate", "missing.json", "-o", "out.json"],
    ] {
        let (code, out, err) = run(dir.path(), &args);
        assert_eq!(code, 2, "{args:?}: {out}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("reskontra: "), "{err}");
    }
}

#[test]
fn the_demo_has_missed_occurrences_that_runs_catch_up_once() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(dir.path(), &["demo", "--seed", "1", "--customers", "60", "--invoices", "200", "-o", "demo.json"]);
    assert_eq!(code, 0, "{err}");
    let demo = load(&dir.path().join("demo.json"));
    assert!(demo.schedules.len() >= 4, "schedules of every type");
    let (code, out, err) = run(dir.path(), &["schedule", "missed", "demo.json"]);
    assert_eq!(code, 0, "{err}");
    let total: usize = out.lines().last().and_then(|l| l.split(' ').next()).and_then(|n| n.parse().ok()).expect("a total");
    assert!(total >= 3, "{out}");
    // Plain runs, one occurrence per schedule each, until nothing is due.
    let mut input = "demo.json".to_string();
    let mut made = 0;
    for n in 0..40 {
        let output = format!("run{n}.json");
        let (code, out, err) = run(dir.path(), &["schedule", "run", &input, "--business-date", "2026-06-30", "-o", &output]);
        assert_eq!(code, 0, "{err}");
        let count: usize = out.lines().last().and_then(|l| l.split(' ').nth(1)).and_then(|n| n.parse().ok()).expect("a count");
        input = output;
        if count == 0 {
            break;
        }
        made += count;
    }
    assert_eq!(made, total, "every missed occurrence, once");
    let caught_up = load(&dir.path().join(&input));
    let (_, out, _) = run(dir.path(), &["schedule", "missed", &input]);
    assert!(out.ends_with("0 missed occurrence(s) on 2026-06-30\n"), "{out}");
    let generated: Vec<_> = caught_up.documents.values().filter(|d| matches!(d.schedule, Some(ScheduleLink::Generated { .. }))).collect();
    assert!(generated.iter().all(|d| d.status == DocStatus::Balanced || d.status.is_released()));
    // A ranged run: the next two occurrences of each schedule, future included; again: none.
    let (code, out, err) = run(dir.path(), &["schedule", "generate", &input, "--start-on", "2026-07-01", "--count", "2", "-o", "ahead.json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2026-07"), "{out}");
    let ahead = load(&dir.path().join("ahead.json"));
    assert!(ahead.documents.len() > caught_up.documents.len());
    let (code, out, err) =
        run(dir.path(), &["schedule", "generate", "ahead.json", "--start-on", "2026-07-01", "--stop-on", "2026-07-31", "--id", "1", "-o", "again.json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.ends_with("generated 0 document(s)\n"), "{out}");
}
