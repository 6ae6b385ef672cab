//! Recurring documents (SPEC R7): the recurrence engine at its awkward dates, the
//! seed's Tuesday/Wednesday example, catch-up one occurrence at a time, ranged
//! generation, idempotency, template statuses and the rates of each occurrence date.

mod common;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use common::*;
use proptest::prelude::*;
use reskontra_core::documents::document::{DocId, DocStatus, DocType, Document, ScheduleLink};
use reskontra_core::fields::schedule as field;
use reskontra_core::ledger::backup::{from_json, to_json};
use reskontra_core::ledger::invariants::check_ledger;
use reskontra_core::schedules::{
    all_occurrences, missed_occurrences, next_execution, occurrences, preview, Bounds, MonthDay, MonthOn, Nth, PeriodDay, PeriodOn, Periods, Recurrence,
    ScheduleDraft, ScheduleId, ScheduleType, Stop,
};
use reskontra_core::settings::periods::FinancialPeriod;
use reskontra_core::settings::reference::{ReferenceTablesDraft, VatRateDraft};
use reskontra_core::{execute, Change, Command, Ledger, ProblemKind, Record};
use rust_decimal_macros::dec;

// ---------------------------------------------------------------- the engine

fn bounds(start: &str, expires: Option<&str>, limit: Option<u32>) -> Bounds {
    Bounds { start: day(start), expires: expires.map(day), limit }
}

fn dates(recurrence: Recurrence, b: Bounds, from: &str, to: &str) -> Vec<String> {
    occurrences(&recurrence, b, Periods::CalendarMonths, day(from), day(to)).map(|d| d.to_string()).collect()
}

fn daily(every: u32) -> Recurrence {
    Recurrence::Daily { every }
}

fn weekly(every: u32, weekdays: &[Weekday]) -> Recurrence {
    Recurrence::Weekly { every, weekdays: weekdays.to_vec() }
}

fn monthly(every: u32, on: MonthDay) -> Recurrence {
    Recurrence::Monthly { every, on }
}

#[test]
fn every_n_days_counts_from_the_start_date() {
    let table: &[(u32, &str, &str, &str, &[&str])] = &[
        (1, "2026-01-30", "2026-01-30", "2026-02-02", &["2026-01-30", "2026-01-31", "2026-02-01", "2026-02-02"]),
        // Every 3 days from Jan 30, asked from mid-February: 30, 2, 5, 8, 11 …
        (3, "2026-01-30", "2026-02-05", "2026-02-12", &["2026-02-05", "2026-02-08", "2026-02-11"]),
        // Across a leap day, no time of day, no daylight saving.
        (1, "2024-02-28", "2024-02-28", "2024-03-01", &["2024-02-28", "2024-02-29", "2024-03-01"]),
        (2, "2026-03-28", "2026-03-27", "2026-04-01", &["2026-03-28", "2026-03-30", "2026-04-01"]),
    ];
    for (every, start, from, to, expected) in table {
        assert_eq!(dates(daily(*every), bounds(start, None, None), from, to), *expected, "every {every} from {start}");
    }
}

#[test]
fn every_n_weeks_on_chosen_weekdays_counts_weeks_from_the_start_dates_monday() {
    use Weekday::*;
    // Start Wednesday 2026-01-07: its week's Monday (Jan 5) is before the start; then
    // every second week: Jan 19/22, Feb 2/5.
    assert_eq!(
        dates(weekly(2, &[Thu, Mon]), bounds("2026-01-07", None, None), "2026-01-01", "2026-02-06"),
        ["2026-01-08", "2026-01-19", "2026-01-22", "2026-02-02", "2026-02-05"]
    );
    // Every week on Sunday: the last day of the ISO week.
    assert_eq!(dates(weekly(1, &[Sun]), bounds("2026-01-01", None, None), "2026-01-01", "2026-01-20"), ["2026-01-04", "2026-01-11", "2026-01-18"]);
    // Every 3 weeks starting on a Sunday: the next counted week begins 3 Mondays on.
    assert_eq!(dates(weekly(3, &[Mon, Sun]), bounds("2026-01-04", None, None), "2026-01-01", "2026-02-01"), ["2026-01-04", "2026-01-19", "2026-01-25"]);
}

#[test]
fn a_day_beyond_the_months_length_is_its_last_day() {
    let on_31 = monthly(1, MonthDay::Day(31));
    assert_eq!(
        dates(on_31.clone(), bounds("2024-01-31", None, None), "2024-01-01", "2024-05-31"),
        ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"]
    );
    assert_eq!(dates(on_31, bounds("2025-01-31", None, None), "2025-02-01", "2025-03-01"), ["2025-02-28"]);
    // Day 29 and 30 in February of a common and a leap year.
    assert_eq!(dates(monthly(12, MonthDay::Day(29)), bounds("2023-02-01", None, None), "2023-01-01", "2025-12-31"), ["2023-02-28", "2024-02-29", "2025-02-28"]);
    assert_eq!(dates(monthly(1, MonthDay::Day(30)), bounds("2026-01-30", None, None), "2026-02-01", "2026-03-31"), ["2026-02-28", "2026-03-30"]);
}

#[test]
fn every_n_months_counts_from_the_start_month_even_when_its_day_has_passed() {
    // Every 2 months on the 10th from Jan 20: January's 10th is before the start, so the
    // first is March 10 (months counted from January, not from the first occurrence).
    assert_eq!(dates(monthly(2, MonthDay::Day(10)), bounds("2026-01-20", None, None), "2026-01-01", "2026-07-31"), ["2026-03-10", "2026-05-10", "2026-07-10"]);
    assert_eq!(
        dates(monthly(3, MonthDay::Day(30)), bounds("2026-01-15", None, None), "2026-01-01", "2026-12-31"),
        ["2026-01-30", "2026-04-30", "2026-07-30", "2026-10-30"]
    );
}

#[test]
fn the_nth_and_last_weekday_of_the_month() {
    use Weekday::*;
    let on = |nth, weekday| monthly(1, MonthDay::Nth { nth, weekday });
    let b = bounds("2026-01-01", None, None);
    assert_eq!(dates(on(Nth::First, Mon), b, "2026-01-01", "2026-03-31"), ["2026-01-05", "2026-02-02", "2026-03-02"]);
    assert_eq!(dates(on(Nth::Fourth, Wed), b, "2026-01-01", "2026-03-31"), ["2026-01-28", "2026-02-25", "2026-03-25"]);
    assert_eq!(dates(on(Nth::Last, Fri), b, "2026-01-01", "2026-03-31"), ["2026-01-30", "2026-02-27", "2026-03-27"]);
    // The last Wednesday when the month has five: December 2026 ends on Thursday 31st.
    assert_eq!(dates(on(Nth::Last, Wed), b, "2026-12-01", "2026-12-31"), ["2026-12-30"]);
    assert_eq!(dates(on(Nth::Second, Sun), b, "2026-02-01", "2026-02-28"), ["2026-02-08"]);
}

#[test]
fn by_period_in_calendar_months() {
    let b = bounds("2026-01-15", None, None);
    let period = |on| Recurrence::ByPeriod { every: 1, on };
    assert_eq!(dates(period(PeriodDay::First), b, "2026-01-01", "2026-03-31"), ["2026-02-01", "2026-03-01"]);
    assert_eq!(dates(period(PeriodDay::Last), b, "2026-01-01", "2026-03-31"), ["2026-01-31", "2026-02-28", "2026-03-31"]);
    assert_eq!(dates(period(PeriodDay::Day(30)), b, "2026-01-01", "2026-03-31"), ["2026-01-30", "2026-02-28", "2026-03-30"]);
}

/// A 13-period year: 4-week periods from 2026-01-01, the last one 29 days long.
fn thirteen_periods() -> Vec<FinancialPeriod> {
    let first = day("2026-01-01");
    (0..13u64)
        .map(|i| {
            let start = first + Days::new(28 * i);
            let end = if i == 12 { day("2026-12-31") } else { start + Days::new(27) };
            FinancialPeriod { id: format!("{:02}-2026", i + 1), start, end }
        })
        .collect()
}

#[test]
fn by_period_on_a_thirteen_period_year_and_the_tables_end() {
    let table = thirteen_periods();
    let b = bounds("2026-01-10", None, None);
    let every_2_last = Recurrence::ByPeriod { every: 2, on: PeriodDay::Last };
    let got: Vec<NaiveDate> = occurrences(&every_2_last, b, Periods::Table(&table), day("2026-01-01"), day("2027-12-31")).collect();
    let expected: Vec<NaiveDate> = table.iter().step_by(2).map(|p| p.end).collect();
    assert_eq!(got, expected, "periods 1, 3, …, 13; nothing past the table");
    // Day 29 of a 28-day period is its last day; of the 29-day 13th period, day 29.
    let day_29 = Recurrence::ByPeriod { every: 1, on: PeriodDay::Day(29) };
    let got: Vec<NaiveDate> = occurrences(&day_29, b, Periods::Table(&table), day("2026-11-01"), day("2026-12-31")).collect();
    assert_eq!(got, [table[10].end, table[11].end, day("2026-12-31")]);
    // A start between periods counts from the next period; an empty table gives nothing.
    let gap = vec![table[0].clone(), table[5].clone()];
    let first = Recurrence::ByPeriod { every: 1, on: PeriodDay::First };
    assert_eq!(all_occurrences(&first, b, Periods::Table(&gap)).collect::<Vec<_>>(), [table[5].start]);
    assert_eq!(all_occurrences(&first, b, Periods::Table(&[])).count(), 0);
}

#[test]
fn expiration_and_limit() {
    // Expiring on an occurrence date includes it.
    assert_eq!(dates(daily(7), bounds("2026-01-01", Some("2026-01-15"), None), "2025-01-01", "2027-01-01"), ["2026-01-01", "2026-01-08", "2026-01-15"]);
    // The limit counts occurrences from the start, whatever range is asked.
    let on_1st = monthly(1, MonthDay::Day(1));
    assert_eq!(dates(on_1st.clone(), bounds("2026-01-01", None, Some(3)), "2026-01-01", "2026-12-31"), ["2026-01-01", "2026-02-01", "2026-03-01"]);
    assert_eq!(dates(on_1st, bounds("2026-01-01", None, Some(3)), "2026-02-15", "2026-12-31"), ["2026-03-01"]);
    use Weekday::*;
    let mwf = weekly(1, &[Mon, Wed, Fri]);
    assert_eq!(
        dates(mwf.clone(), bounds("2026-01-07", None, Some(5)), "2026-01-01", "2026-12-31"),
        ["2026-01-07", "2026-01-09", "2026-01-12", "2026-01-14", "2026-01-16"]
    );
    assert_eq!(dates(mwf.clone(), bounds("2026-01-07", None, Some(5)), "2026-01-13", "2026-12-31"), ["2026-01-14", "2026-01-16"]);
    assert!(dates(mwf, bounds("2026-01-07", None, Some(0)), "2026-01-01", "2026-12-31").is_empty());
}

#[test]
fn an_interval_of_zero_or_no_weekdays_gives_no_dates() {
    let b = bounds("2026-01-01", None, None);
    assert_eq!(all_occurrences(&daily(0), b, Periods::CalendarMonths).count(), 0);
    assert_eq!(all_occurrences(&weekly(1, &[]), b, Periods::CalendarMonths).count(), 0);
    assert_eq!(all_occurrences(&monthly(0, MonthDay::Day(1)), b, Periods::CalendarMonths).count(), 0);
}

#[test]
fn dates_at_the_ends_of_the_calendar_end_the_sequence_without_a_panic() {
    use Weekday::*;
    let recurrences = [
        daily(1),
        daily(999),
        weekly(999, &[Mon, Sun]),
        monthly(999, MonthDay::Day(31)),
        monthly(1, MonthDay::Nth { nth: Nth::Last, weekday: Sun }),
        Recurrence::ByPeriod { every: 999, on: PeriodDay::Day(366) },
    ];
    for r in &recurrences {
        for start in [NaiveDate::MIN, NaiveDate::MAX, NaiveDate::MAX - Days::new(3), NaiveDate::MIN + Days::new(3)] {
            let b = Bounds { start, expires: None, limit: None };
            let near_end: Vec<NaiveDate> = all_occurrences(r, b, Periods::CalendarMonths).take(5).collect();
            assert!(near_end.windows(2).all(|w| w[0] < w[1]));
            let far: Vec<NaiveDate> = occurrences(r, b, Periods::CalendarMonths, NaiveDate::MAX - Days::new(40), NaiveDate::MAX).take(5).collect();
            assert!(far.iter().all(|d| *d >= start));
        }
    }
}

fn any_recurrence() -> impl Strategy<Value = Recurrence> {
    let weekday = (0u8..7).prop_map(|n| Weekday::try_from(n).unwrap_or(Weekday::Mon));
    prop_oneof![
        (0u32..40).prop_map(|every| Recurrence::Daily { every }),
        (0u32..6, proptest::collection::vec(weekday.clone(), 0..4)).prop_map(|(every, weekdays)| Recurrence::Weekly { every, weekdays }),
        (0u32..14, 0u32..33).prop_map(|(every, d)| Recurrence::Monthly { every, on: MonthDay::Day(d) }),
        (1u32..14, 0usize..5, weekday).prop_map(|(every, n, weekday)| Recurrence::Monthly { every, on: MonthDay::Nth { nth: Nth::ALL[n], weekday } }),
        (1u32..14, 0u32..40).prop_map(|(every, d)| Recurrence::ByPeriod { every, on: if d == 0 { PeriodDay::Last } else { PeriodDay::Day(d) } }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Any range asked of the engine (which skips ahead to it, counting for the limit)
    /// equals the full sequence cut to that range; dates rise strictly and stay in bounds.
    #[test]
    fn a_range_is_the_full_sequence_cut_to_it(r in any_recurrence(), start in 0i64..3000, from in 0i64..3000, len in 0i64..800, limit in proptest::option::of(0u32..60), expires in proptest::option::of(0i64..3000)) {
        let base = day("2020-01-01");
        let at = |n: i64| base + chrono::Duration::days(n);
        let b = Bounds { start: at(start), expires: expires.map(at), limit };
        let (from, to) = (at(from), at(from + len));
        let got: Vec<NaiveDate> = occurrences(&r, b, Periods::CalendarMonths, from, to).collect();
        let full: Vec<NaiveDate> = all_occurrences(&r, b, Periods::CalendarMonths).take_while(|d| *d <= to).filter(|d| *d >= from).collect();
        prop_assert_eq!(&got, &full);
        prop_assert!(got.windows(2).all(|w| w[0] < w[1]));
        prop_assert!(got.iter().all(|d| *d >= b.start && b.expires.is_none_or(|e| *d <= e)));
    }

    /// No start date, however far out, makes the engine panic.
    #[test]
    fn no_date_panics(r in any_recurrence(), days in any::<i32>(), from in any::<i32>()) {
        let start = NaiveDate::MIN.checked_add_days(Days::new(u64::from(days.unsigned_abs()) % 190_000_000)).unwrap_or(NaiveDate::MAX);
        let from = NaiveDate::MIN.checked_add_days(Days::new(u64::from(from.unsigned_abs()) % 190_000_000)).unwrap_or(NaiveDate::MAX);
        let b = Bounds { start, expires: None, limit: None };
        let _ = occurrences(&r, b, Periods::CalendarMonths, from, NaiveDate::MAX).take(10).count();
    }
}

// ---------------------------------------------------------------- schedules in a ledger

/// Executes `command` on business date `today`, applies it, and checks every rule.
fn exec(ledger: &mut Ledger, command: Command, today: &str) -> Result<Change, Vec<reskontra_core::Problem>> {
    let change = execute(ledger, &command, day(today))?;
    ledger.apply(&change);
    let broken = check_ledger(ledger);
    assert!(broken.is_empty(), "{broken:?} after {command:?}");
    Ok(change)
}

fn done(ledger: &mut Ledger, command: Command, today: &str) -> Change {
    exec(ledger, command, today).unwrap_or_else(|p| panic!("expected success, got {p:?}"))
}

fn generated(change: &Change) -> Vec<Document> {
    change
        .puts
        .iter()
        .filter_map(|r| if let Record::Document(d) = r { d.schedule.filter(|l| matches!(l, ScheduleLink::Generated { .. })).map(|_| d.clone()) } else { None })
        .collect()
}

fn generated_dates(change: &Change) -> Vec<String> {
    generated(change).iter().map(|d| d.date.to_string()).collect()
}

/// A ledger with customer C1 and a Balanced invoice of 1 000 + 25 % VAT dated `date`.
fn with_template(date: &str) -> (Ledger, String, DocId) {
    let (mut ledger, customer) = ledger_with_customer();
    let invoice = new_document(&done(&mut ledger, Command::SaveInvoice(invoice_draft(&customer, date, vec![line("1", "1000", "", "HIGH")])), date));
    (ledger, customer, invoice.id)
}

fn weekly_draft(start: &str, weekdays: &[Weekday], templates: Vec<DocId>) -> ScheduleDraft {
    ScheduleDraft { description: "Lease".into(), schedule_type: ScheduleType::Weekly, weekdays: weekdays.to_vec(), templates, ..ScheduleDraft::new(day(start)) }
}

/// Saves `draft` and returns the new schedule's id.
fn save(ledger: &mut Ledger, draft: ScheduleDraft, today: &str) -> ScheduleId {
    let change = done(ledger, Command::SaveSchedule(draft), today);
    change.puts.iter().find_map(|r| if let Record::Schedule(s) = r { Some(s.id) } else { None }).expect("a schedule")
}

/// The seed's example: an invoice scheduled weekly on Tuesdays, no limit.
fn tuesdays() -> (Ledger, ScheduleId, DocId) {
    let (mut ledger, _, invoice) = with_template("2026-01-06");
    let id = save(&mut ledger, weekly_draft("2026-01-06", &[Weekday::Tue], vec![invoice]), "2026-01-06");
    (ledger, id, invoice)
}

fn each_day(from: &str, to: &str) -> impl Iterator<Item = String> {
    let (from, to) = (day(from), day(to));
    from.iter_days().take_while(move |d| *d <= to).map(|d| d.to_string())
}

#[test]
fn seed_example_run_every_day_generates_only_on_tuesdays() {
    let (mut ledger, id, _) = tuesdays();
    let mut made = Vec::new();
    for today in each_day("2026-01-06", "2026-02-04") {
        let change = done(&mut ledger, Command::RunSchedules(vec![id]), &today);
        for doc in generated(&change) {
            assert_eq!(doc.date.to_string(), today, "generated on its own day, never ahead");
            made.push(today.clone());
        }
    }
    assert_eq!(made, ["2026-01-06", "2026-01-13", "2026-01-20", "2026-01-27", "2026-02-03"]);
    assert!(made.iter().all(|d| day(d).weekday() == Weekday::Tue));
}

#[test]
fn seed_example_run_weekly_on_wednesdays_generates_one_each_time() {
    let (mut ledger, id, _) = tuesdays();
    for today in ["2026-01-07", "2026-01-14", "2026-01-21", "2026-01-28"] {
        let change = done(&mut ledger, Command::RunSchedules(vec![id]), today);
        let expected = (day(today) - Days::new(1)).to_string();
        assert_eq!(generated_dates(&change), [expected], "run on {today}");
    }
}

#[test]
fn seed_example_run_on_the_last_wednesday_catches_up_one_date_per_run() {
    let (mut ledger, id, _) = tuesdays();
    let mut made = Vec::new();
    for _ in 0..4 {
        made.extend(generated_dates(&done(&mut ledger, Command::RunSchedules(vec![id]), "2026-01-28")));
    }
    assert_eq!(made, ["2026-01-06", "2026-01-13", "2026-01-20", "2026-01-27"]);
    let fifth = done(&mut ledger, Command::RunSchedules(vec![id]), "2026-01-28");
    assert!(generated(&fifth).is_empty(), "nothing ahead of time");
    let s = &ledger.schedules[&id];
    assert_eq!((s.times_executed, s.last_executed_on), (4, Some(day("2026-01-28"))));
    assert_eq!(next_execution(&ledger, s), Some(day("2026-02-03")));
}

#[test]
fn a_ranged_run_generates_every_date_future_included_and_only_once() {
    let (mut ledger, id, _) = tuesdays();
    let range = Command::GenerateRange { ids: vec![], start_on: None, stop: Stop::OnDate(day("2026-03-03")) };
    let change = done(&mut ledger, range.clone(), "2026-01-10");
    let expected: Vec<String> = each_day("2026-01-06", "2026-03-03").filter(|d| day(d).weekday() == Weekday::Tue).collect();
    assert_eq!(generated_dates(&change), expected);
    // New numbers from the series, in date order; Balanced; linked to the schedule.
    let docs = generated(&change);
    let numbers: Vec<&str> = docs.iter().map(|d| d.ref_nbr.as_str()).collect();
    assert_eq!(numbers, ["INV000002", "INV000003", "INV000004", "INV000005", "INV000006", "INV000007", "INV000008", "INV000009", "INV000010"]);
    assert!(docs.iter().all(|d| d.status == DocStatus::Balanced && d.doc_type == DocType::Invoice));
    assert_eq!(ledger.schedules[&id].generated.len(), 9);
    // The same command again, on the changed ledger: nothing.
    let again = done(&mut ledger, range, "2026-01-10");
    assert!(again.is_empty(), "{again:?}");
    assert!(done(&mut ledger, Command::RunSchedules(vec![]), "2026-03-03").is_empty());
}

#[test]
fn start_on_and_after_a_number_of_runs() {
    let (mut ledger, id, _) = tuesdays();
    let change = done(&mut ledger, Command::GenerateRange { ids: vec![id], start_on: Some(day("2026-02-01")), stop: Stop::AfterCount(3) }, "2026-01-06");
    assert_eq!(generated_dates(&change), ["2026-02-03", "2026-02-10", "2026-02-17"]);
    // A plain run still takes the earliest date not generated.
    let plain = done(&mut ledger, Command::RunSchedules(vec![id]), "2026-02-20");
    assert_eq!(generated_dates(&plain), ["2026-01-06"]);
}

#[test]
fn repeated_plain_runs_equal_one_ranged_run_over_the_same_span() {
    use Weekday::*;
    for (kind, draft) in [
        ("weekly", weekly_draft("2026-01-05", &[Mon, Thu], vec![])),
        ("monthly 31", ScheduleDraft { day: "31".into(), ..ScheduleDraft::new(day("2026-01-31")) }),
        ("daily 3", ScheduleDraft { schedule_type: ScheduleType::Daily, every: "3".into(), limit: "7".into(), ..ScheduleDraft::new(day("2026-01-02")) }),
    ] {
        let (mut plain, _, invoice) = with_template("2026-01-02");
        let mut ranged = plain.clone();
        let id = save(&mut plain, ScheduleDraft { templates: vec![invoice], ..draft.clone() }, "2026-01-02");
        save(&mut ranged, ScheduleDraft { templates: vec![invoice], ..draft }, "2026-01-02");
        let mut by_plain = Vec::new();
        loop {
            let change = done(&mut plain, Command::RunSchedules(vec![id]), "2026-04-30");
            if change.is_empty() {
                break;
            }
            by_plain.extend(generated_dates(&change));
        }
        let by_range =
            generated_dates(&done(&mut ranged, Command::GenerateRange { ids: vec![id], start_on: None, stop: Stop::OnDate(day("2026-04-30")) }, "2026-04-30"));
        assert_eq!(by_plain, by_range, "{kind}");
        assert!(!by_plain.is_empty());
        let mut keys = by_plain.clone();
        keys.dedup();
        assert_eq!(keys.len(), by_plain.len(), "no key repeats");
    }
}

#[test]
fn each_occurrence_takes_the_vat_rate_of_its_date() {
    let (mut ledger, _, invoice) = with_template("2026-02-15");
    let mut tables = ReferenceTablesDraft::from_settings(&ledger.settings);
    tables.vat_rates.push(VatRateDraft { category: "HIGH".into(), effective: "2026-03-01".into(), rate_pct: "30".into() });
    done(&mut ledger, Command::SaveReferenceTables(tables), "2026-02-15");
    let id = save(&mut ledger, ScheduleDraft { templates: vec![invoice], ..ScheduleDraft::new(day("2026-02-15")) }, "2026-02-15");
    let change = done(&mut ledger, Command::GenerateRange { ids: vec![id], start_on: None, stop: Stop::OnDate(day("2026-03-31")) }, "2026-03-31");
    let totals: Vec<(String, rust_decimal::Decimal)> = generated(&change).iter().map(|d| (d.date.to_string(), d.total)).collect();
    assert_eq!(totals, [("2026-02-15".to_string(), dec!(1250.00)), ("2026-03-15".to_string(), dec!(1300.00))]);
    // The due dates follow the customer's terms (NET30) from each date.
    assert_eq!(generated(&change)[1].due_date, Some(day("2026-04-14")));
}

#[test]
fn templates_are_scheduled_never_released_and_voided_when_removed() {
    let (mut ledger, customer, invoice) = with_template("2026-01-06");
    let before = ledger.balances_of(&customer);
    assert_eq!(before.unreleased_balance, dec!(1250.00));
    let id = save(&mut ledger, weekly_draft("2026-01-06", &[Weekday::Tue], vec![invoice]), "2026-01-06");
    assert_eq!(ledger.documents[&invoice].status, DocStatus::Scheduled);
    assert_eq!(ledger.balances_of(&customer).unreleased_balance, dec!(0), "a template changes no balance");
    assert!(reskontra_core::reports::inquiry::unreleased_documents(&ledger, None).is_empty());
    let refused = exec(&mut ledger, Command::Release(invoice), "2026-01-06").unwrap_err();
    assert_eq!(form_kind(&refused), ProblemKind::NotAllowed);
    assert_eq!(form_kind(&exec(&mut ledger, Command::DeleteDocument(invoice), "2026-01-06").unwrap_err()), ProblemKind::NotAllowed);
    let actions = reskontra_core::documents::form::actions(&ledger, ledger.documents.get(&invoice), DocType::Invoice, false, false);
    assert!(actions.save && !actions.release && !actions.delete);
    // Editing the template: it stays Scheduled, and the next run uses the edit.
    let mut edit = reskontra_core::command::InvoiceDraft::from_document(&ledger.documents[&invoice], ledger.settings.numbers());
    edit.lines[0].unit_price = "2000".into();
    done(&mut ledger, Command::SaveInvoice(edit), "2026-01-06");
    assert_eq!(ledger.documents[&invoice].status, DocStatus::Scheduled);
    let first = generated(&done(&mut ledger, Command::RunSchedules(vec![id]), "2026-01-06"));
    assert_eq!(first[0].total, dec!(2500.00));
    // A generated document is an ordinary Balanced invoice: it is released.
    done(&mut ledger, Command::Release(first[0].id), "2026-01-06");
    // Removed: Voided, never used again, and it cannot be added back.
    done(&mut ledger, Command::RemoveFromSchedule { schedule: id, document: invoice }, "2026-01-07");
    assert_eq!(ledger.documents[&invoice].status, DocStatus::Voided);
    assert!(ledger.schedules[&id].templates.is_empty());
    assert!(exec(&mut ledger, Command::RunSchedules(vec![id]), "2026-01-20").is_err(), "a schedule without templates does not run");
    let again = exec(&mut ledger, Command::AddToSchedule { schedule: id, document: invoice }, "2026-01-20").unwrap_err();
    assert_eq!(kinds(&again), [("templates.0.ref_nbr".to_string(), ProblemKind::NotAllowed)]);
}

#[test]
fn only_balanced_or_pending_invoices_and_notes_can_be_templates() {
    let (mut ledger, customer, invoice) = with_template("2026-01-06");
    let released = released_invoice(&mut ledger, &customer, "100");
    let payment = new_document(&done(&mut ledger, Command::SavePayment(payment_draft(&customer, "10", &[])), "2026-03-15")).id;
    let cash = add_of_type(&mut ledger, &customer, DocType::CashSale, "50");
    let note = add_of_type(&mut ledger, &customer, DocType::CreditNote, "50");
    let mut held = invoice_draft(&customer, "2026-01-06", vec![line("1", "10", "", "EXEMPT")]);
    held.hold = true;
    let held = new_document(&done(&mut ledger, Command::SaveInvoice(held), "2026-01-06")).id;
    let draft = weekly_draft("2026-01-06", &[Weekday::Tue], vec![invoice, released, payment, cash, held, note]);
    let refused = exec(&mut ledger, Command::SaveSchedule(draft), "2026-01-06").unwrap_err();
    let rows: Vec<String> = refused.iter().map(|p| p.field.to_string()).collect();
    assert_eq!(rows, ["templates.1.ref_nbr", "templates.2.ref_nbr", "templates.3.ref_nbr", "templates.4.ref_nbr"]);
    assert!(refused.iter().all(|p| p.kind == ProblemKind::NotAllowed));
    let id = save(&mut ledger, weekly_draft("2026-01-06", &[Weekday::Tue], vec![invoice, note]), "2026-01-06");
    let docs = generated(&done(&mut ledger, Command::RunSchedules(vec![id]), "2026-01-06"));
    assert_eq!(docs.iter().map(|d| d.doc_type).collect::<Vec<_>>(), [DocType::Invoice, DocType::CreditNote]);
    assert_eq!(ledger.schedules[&id].times_executed, 1, "one occurrence, two documents");
    // A generated document is not made a template itself (it keeps its occurrence).
    let refused = exec(&mut ledger, Command::SaveSchedule(ScheduleDraft::for_document(&docs[0])), "2026-01-06").unwrap_err();
    assert_eq!(kinds(&refused), [("templates.0.ref_nbr".to_string(), ProblemKind::NotAllowed)]);
}

#[test]
fn each_typed_problem_is_at_its_field() {
    let (mut ledger, _, invoice) = with_template("2026-01-06");
    let cases: Vec<(ScheduleDraft, &str, ProblemKind)> = vec![
        (ScheduleDraft { every: "0".into(), ..ScheduleDraft::new(day("2026-01-06")) }, "every", ProblemKind::OutOfRange),
        (ScheduleDraft { every: "two".into(), ..ScheduleDraft::new(day("2026-01-06")) }, "every", ProblemKind::Format),
        (weekly_draft("2026-01-06", &[], vec![]), "weekdays", ProblemKind::Required),
        (ScheduleDraft { expires: "2026-01-05".into(), ..ScheduleDraft::new(day("2026-01-06")) }, "expires", ProblemKind::OutOfRange),
        (ScheduleDraft { limit: "x".into(), ..ScheduleDraft::new(day("2026-01-06")) }, "limit", ProblemKind::Format),
        (ScheduleDraft { start: "31.02.2026".into(), ..ScheduleDraft::new(day("2026-01-06")) }, "start", ProblemKind::Format),
        (ScheduleDraft { day: "32".into(), ..ScheduleDraft::new(day("2026-01-06")) }, "day", ProblemKind::OutOfRange),
        (ScheduleDraft { schedule_type: ScheduleType::ByPeriod, ..ScheduleDraft::new(day("2026-01-06")) }, "schedule_type", ProblemKind::Unknown),
        (
            ScheduleDraft { schedule_type: ScheduleType::ByPeriod, period_on: PeriodOn::Day, period_day: "0".into(), ..ScheduleDraft::new(day("2026-01-06")) },
            "period_day",
            ProblemKind::OutOfRange,
        ),
        (ScheduleDraft { templates: vec![invoice, invoice], ..ScheduleDraft::new(day("2026-01-06")) }, "templates.1.ref_nbr", ProblemKind::Duplicate),
    ];
    for (draft, at, kind) in cases {
        let problems = exec(&mut ledger, Command::SaveSchedule(draft.clone()), "2026-01-06").unwrap_err();
        assert!(problems.iter().any(|p| p.field.to_string() == at && p.kind == kind), "{at}: {problems:?}");
    }
    assert_eq!(field::template(2).to_string(), "templates.2.ref_nbr");
    // The draft reads back what was saved.
    let draft = ScheduleDraft { month_on: MonthOn::Nth, nth: Nth::Last, weekday: Weekday::Fri, limit: "12".into(), ..ScheduleDraft::new(day("2026-01-06")) };
    let id = save(&mut ledger, draft.clone(), "2026-01-06");
    assert_eq!(ScheduleDraft::from_schedule(&ledger.schedules[&id]), ScheduleDraft { id: Some(id), ..draft });
}

#[test]
fn missed_occurrences_and_the_preview_change_nothing() {
    let (mut ledger, _, invoice) = with_template("2026-01-31");
    let draft = ScheduleDraft { description: "Office lease".into(), day: "31".into(), templates: vec![invoice], ..ScheduleDraft::new(day("2026-01-31")) };
    let id = save(&mut ledger, draft, "2026-01-31");
    done(&mut ledger, Command::RunSchedules(vec![]), "2026-01-31");
    // Three months ahead: Feb 28, Mar 31 and Apr 30 are missed.
    let missed = missed_occurrences(&ledger, day("2026-04-30"));
    assert_eq!(missed.len(), 1);
    assert_eq!(missed[0].schedule, id);
    assert_eq!(missed[0].dates, [day("2026-02-28"), day("2026-03-31"), day("2026-04-30")]);
    let before = ledger.clone();
    let rows = preview(&ledger, &[], Some((None, Stop::OnDate(day("2026-04-30")))), day("2026-04-30")).expect("a preview");
    assert_eq!(ledger, before);
    assert_eq!(
        rows.iter().map(|r| (r.on, r.ref_nbr.as_str(), r.total)).collect::<Vec<_>>(),
        [(day("2026-02-28"), "INV000003", dec!(1250.00)), (day("2026-03-31"), "INV000004", dec!(1250.00)), (day("2026-04-30"), "INV000005", dec!(1250.00)),]
    );
    let plain = preview(&ledger, &[], None, day("2026-04-30")).expect("a preview");
    assert_eq!(plain.len(), 1, "a plain run makes one");
    let change = done(&mut ledger, Command::GenerateRange { ids: vec![], start_on: None, stop: Stop::OnDate(day("2026-04-30")) }, "2026-04-30");
    assert_eq!(
        generated(&change).iter().map(|d| (d.date, d.ref_nbr.clone(), d.total)).collect::<Vec<_>>(),
        rows.iter().map(|r| (r.on, r.ref_nbr.clone(), r.total)).collect::<Vec<_>>()
    );
    assert!(missed_occurrences(&ledger, day("2026-04-30")).is_empty());
    // Inactive schedules miss nothing.
    let mut off = ScheduleDraft::from_schedule(&ledger.schedules[&id]);
    off.active = false;
    done(&mut ledger, Command::SaveSchedule(off), "2026-04-30");
    assert!(missed_occurrences(&ledger, day("2026-12-31")).is_empty());
    assert!(exec(&mut ledger, Command::RunSchedules(vec![id]), "2026-12-31").is_err());
}

#[test]
fn a_deleted_generated_document_is_not_generated_again() {
    let (mut ledger, id, _) = tuesdays();
    let doc = generated(&done(&mut ledger, Command::RunSchedules(vec![id]), "2026-01-06")).remove(0);
    done(&mut ledger, Command::DeleteDocument(doc.id), "2026-01-06");
    assert_eq!(ledger.schedules[&id].generated[0].document, None);
    assert!(done(&mut ledger, Command::RunSchedules(vec![id]), "2026-01-12").is_empty());
    // A schedule that generated something is not deleted; one that did not is, and
    // its templates are Voided.
    assert_eq!(form_kind(&exec(&mut ledger, Command::DeleteSchedule(id), "2026-01-12").unwrap_err()), ProblemKind::NotAllowed);
    let (mut fresh, fresh_id, template) = tuesdays();
    done(&mut fresh, Command::DeleteSchedule(fresh_id), "2026-01-06");
    assert!(fresh.schedules.is_empty());
    assert_eq!(fresh.documents[&template].status, DocStatus::Voided);
}

#[test]
fn a_generation_that_cannot_be_done_is_refused_whole() {
    let (mut ledger, customer, invoice) = with_template("2026-01-06");
    let id = save(&mut ledger, weekly_draft("2026-01-06", &[Weekday::Tue], vec![invoice]), "2026-01-06");
    set_status(&mut ledger, &customer, reskontra_core::customers::customer::CustomerStatus::Inactive);
    let refused = exec(&mut ledger, Command::GenerateRange { ids: vec![id], start_on: None, stop: Stop::OnDate(day("2026-01-31")) }, "2026-01-31").unwrap_err();
    assert_eq!(refused.len(), 4, "one problem per occurrence: {refused:?}");
    assert!(ledger.schedules[&id].generated.is_empty());
    let rows = preview(&ledger, &[id], None, day("2026-01-31")).expect("a preview");
    assert!(rows[0].problem.as_deref().is_some_and(|p| p.contains("Inactive")), "{rows:?}");
}

#[test]
fn a_ledger_with_schedules_round_trips_through_the_backup() {
    let (mut ledger, id, _) = tuesdays();
    done(&mut ledger, Command::GenerateRange { ids: vec![], start_on: None, stop: Stop::AfterCount(3) }, "2026-01-06");
    let text = to_json(&ledger);
    assert!(text.contains("\"schedules\""));
    let back = from_json(&text).expect("a sound backup");
    assert_eq!(back, ledger);
    assert_eq!(back.schedules[&id].times_executed, 3);
    // A schedule whose interval is out of range is refused on import.
    let damaged = text.replacen("\"every\": 1", "\"every\": 0", 1);
    assert!(from_json(&damaged).is_err());
}

#[test]
fn add_to_schedule_on_a_document_makes_a_monthly_schedule_for_it() {
    let (mut ledger, _, invoice) = with_template("2026-01-31");
    let draft = ScheduleDraft::for_document(&ledger.documents[&invoice]);
    assert_eq!((draft.start.as_str(), draft.day.as_str(), draft.schedule_type), ("2026-01-31", "31", ScheduleType::Monthly));
    let id = save(&mut ledger, draft, "2026-01-31");
    assert_eq!(ledger.schedules[&id].templates, [invoice]);
    assert_eq!(ledger.schedules[&id].description, "Invoice INV000001");
}
