//! The rotation rule of the automatic snapshots: one per business day on the first
//! change of the day, the last 7 days and the last 4 ISO weeks kept.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use reskontra_core::ledger::snapshots::{due, keep, prune, SnapshotInfo};

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a test date")
}

fn days(from: &str, to: &str) -> Vec<NaiveDate> {
    let (from, to) = (d(from), d(to));
    (0..=(to - from).num_days()).map(|n| from + Duration::days(n)).collect()
}

/// What the store does: on each day's change, take a snapshot when one is due, then
/// delete what the rule does not keep. Returns what is left.
fn simulate(existing: Vec<SnapshotInfo>, change_days: &[NaiveDate]) -> Vec<SnapshotInfo> {
    let mut stored = existing;
    let mut next_id = stored.iter().map(|s| s.id + 1).max().unwrap_or(1);
    for &today in change_days {
        if due(&stored, today) {
            stored.push(SnapshotInfo { id: next_id, date: today });
            next_id += 1;
            let gone = prune(&stored, today);
            stored.retain(|s| !gone.contains(&s.id));
            assert!(stored.iter().any(|s| s.date == today), "the snapshot just taken on {today} was pruned at once");
        }
        assert!(!due(&stored, today), "a second change on {today} would take another snapshot");
        assert!(stored.len() <= 12, "{} snapshots kept on {today}", stored.len());
    }
    stored
}

fn dates(stored: &[SnapshotInfo]) -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = stored.iter().map(|s| s.date).collect();
    dates.sort();
    dates
}

fn list(texts: &[&str]) -> Vec<NaiveDate> {
    texts.iter().map(|t| d(t)).collect()
}

#[test]
fn due_when_no_snapshot_is_dated_today() {
    let one = |id, date: &str| SnapshotInfo { id, date: d(date) };
    let cases: Vec<(Vec<SnapshotInfo>, &str, bool)> = vec![
        (vec![], "2026-03-02", true),
        (vec![one(1, "2026-03-01")], "2026-03-02", true),
        (vec![one(1, "2026-03-02")], "2026-03-02", false),
        (vec![one(1, "2026-03-01"), one(2, "2026-03-02"), one(3, "2026-03-02")], "2026-03-02", false),
        // The business date moved back behind a later snapshot: that day has none yet.
        (vec![one(1, "2026-03-05")], "2026-03-02", true),
    ];
    for (existing, today, expected) in cases {
        assert_eq!(due(&existing, d(today)), expected, "{existing:?} on {today}");
    }
}

#[test]
fn two_months_of_days_keep_seven_days_and_four_weeks() {
    // 2026-01-01 is a Thursday, 2026-02-28 a Saturday (ISO week 9: Feb 23 – Mar 1).
    let all = days("2026-01-01", "2026-02-28");
    assert_eq!(d("2026-02-28").weekday(), Weekday::Sat);
    let kept = simulate(vec![], &all);
    assert_eq!(
        dates(&kept),
        list(&[
            "2026-02-08", // week 6, its Sunday
            "2026-02-15", // week 7
            "2026-02-22", // week 8 (also one of the 7 days)
            "2026-02-23",
            "2026-02-24",
            "2026-02-25",
            "2026-02-26",
            "2026-02-27",
            "2026-02-28", // week 9
        ])
    );
}

#[test]
fn gaps_count_days_with_a_snapshot_not_calendar_days() {
    struct Case {
        name: &'static str,
        change_days: Vec<NaiveDate>,
        kept: Vec<NaiveDate>,
    }
    let weekdays: Vec<NaiveDate> = days("2026-01-01", "2026-02-27").into_iter().filter(|d| d.weekday().num_days_from_monday() < 5).collect();
    let cases = vec![
        Case {
            name: "weekdays only, January and February",
            change_days: weekdays,
            kept: list(&[
                "2026-02-06", // week 6's Friday
                "2026-02-13", // week 7
                "2026-02-19",
                "2026-02-20", // week 8
                "2026-02-23",
                "2026-02-24",
                "2026-02-25",
                "2026-02-26",
                "2026-02-27", // week 9
            ]),
        },
        Case {
            name: "a month's holiday drops nothing that is still among the last days",
            change_days: list(&["2026-01-05", "2026-01-06", "2026-01-07", "2026-02-20"]),
            kept: list(&["2026-01-05", "2026-01-06", "2026-01-07", "2026-02-20"]),
        },
        Case {
            name: "one change a week for two months keeps the last seven weeks' days",
            change_days: (0..9).map(|w| d("2026-01-05") + Duration::weeks(w)).collect(),
            kept: (2..9).map(|w| d("2026-01-05") + Duration::weeks(w)).collect(),
        },
        Case {
            name: "several changes on one day take one snapshot",
            change_days: list(&["2026-03-02", "2026-03-02", "2026-03-02", "2026-03-03", "2026-03-03"]),
            kept: list(&["2026-03-02", "2026-03-03"]),
        },
    ];
    for case in cases {
        assert_eq!(dates(&simulate(vec![], &case.change_days)), case.kept, "{}", case.name);
    }
}

#[test]
fn a_business_date_moved_back_takes_its_own_snapshot_and_keeps_it() {
    // Every day of Jan 1–20, then the instructor moves the date back to Jan 3 (pruned
    // by then), and on to Jan 4 (kept as week 1's latest).
    let mut change_days = days("2026-01-01", "2026-01-20");
    let before = simulate(vec![], &change_days);
    assert_eq!(
        dates(&before),
        list(&["2026-01-04", "2026-01-11", "2026-01-14", "2026-01-15", "2026-01-16", "2026-01-17", "2026-01-18", "2026-01-19", "2026-01-20"])
    );
    assert!(due(&before, d("2026-01-03")));
    assert!(!due(&before, d("2026-01-04")));
    change_days.extend(list(&["2026-01-03", "2026-01-04"]));
    let after = simulate(vec![], &change_days);
    // Jan 3 is kept while it is "today" (it is neither among the last 7 days nor the
    // latest of its week); Jan 4 has one already, so moving on took nothing.
    assert!(dates(&after).contains(&d("2026-01-03")));
    assert_eq!(after.len(), before.len() + 1);
    // Once the date is back at Jan 21, Jan 3 goes again.
    change_days.push(d("2026-01-21"));
    let later = simulate(vec![], &change_days);
    assert!(!dates(&later).contains(&d("2026-01-03")));
    assert!(dates(&later).contains(&d("2026-01-21")));
}

#[test]
fn several_snapshots_of_a_day_count_as_one_day() {
    let s = |id, date: &str| SnapshotInfo { id, date: d(date) };
    // Eight days, Mon 2026-03-02 .. Mon 2026-03-09 (weeks 10 and 11).
    let eight: Vec<SnapshotInfo> = days("2026-03-02", "2026-03-09").iter().zip(1..).map(|(day, id)| SnapshotInfo { id, date: *day }).collect();
    let with = |extra: Vec<SnapshotInfo>| eight.iter().copied().chain(extra).collect::<Vec<_>>();
    let cases: Vec<(&str, Vec<SnapshotInfo>, &str, Vec<u32>)> = vec![
        // Two tabs took one each on the same day: both stay, and it is still one day.
        ("two tabs", vec![s(1, "2026-03-02"), s(2, "2026-03-02")], "2026-03-02", vec![1, 2]),
        // The snapshot taken before a restore stays beside the day's first one.
        ("before a restore", vec![s(1, "2026-03-01"), s(2, "2026-03-02"), s(3, "2026-03-02")], "2026-03-02", vec![1, 2, 3]),
        // The same record listed twice counts once.
        ("listed twice", vec![s(7, "2026-03-01"), s(7, "2026-03-01")], "2026-03-01", vec![7]),
        ("none", vec![], "2026-03-01", vec![]),
        // Eight days: the first (Mon 2 Mar) is out of the last seven, and week 10's
        // latest is Sun 8 Mar, so it goes.
        ("eight days", eight.clone(), "2026-03-09", (2..=8).collect()),
        // A second snapshot on the 9th does not push the 3rd out: days count, not snapshots.
        ("a duplicate among the last days", with(vec![s(9, "2026-03-09")]), "2026-03-09", (2..=9).collect()),
        // Two of Sun 8 Mar (ids 7 and 9), once it has left the last 7 days: only its
        // latest is week 10's; the 9th (id 8) and 10th–15th are the last 7 days.
        (
            "duplicates of a week's last day",
            with(vec![
                s(9, "2026-03-08"),
                s(10, "2026-03-10"),
                s(11, "2026-03-11"),
                s(12, "2026-03-12"),
                s(13, "2026-03-13"),
                s(14, "2026-03-14"),
                s(15, "2026-03-15"),
            ]),
            "2026-03-15",
            vec![8, 9, 10, 11, 12, 13, 14, 15],
        ),
    ];
    for (name, existing, today, expected) in cases {
        let mut expected = expected;
        expected.sort_unstable();
        assert_eq!(keep(&existing, d(today)), expected, "{name}");
        let gone = prune(&existing, d(today));
        assert!(gone.iter().all(|id| !expected.contains(id)), "{name}: {gone:?}");
        let mut all: Vec<u32> = existing.iter().map(|s| s.id).collect();
        all.sort_unstable();
        all.dedup();
        let mut both: Vec<u32> = gone.iter().chain(expected.iter()).copied().collect();
        both.sort_unstable();
        assert_eq!(both, all, "{name}: keep and prune split the snapshots");
    }
}

#[test]
fn weeks_span_a_new_year_by_iso_week() {
    // 2026-12-28 (Mon) .. 2027-01-03 (Sun) is ISO week 53 of 2026; Dec 31 and Jan 3 are
    // one week, so only Jan 3 stays of them once they leave the last 7 days.
    let mut change_days = list(&["2026-12-20", "2026-12-31", "2027-01-03"]);
    change_days.extend(days("2027-01-04", "2027-01-10"));
    let kept = simulate(vec![], &change_days);
    assert_eq!(
        dates(&kept),
        list(&["2026-12-20", "2027-01-03", "2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07", "2027-01-08", "2027-01-09", "2027-01-10"])
    );
}
