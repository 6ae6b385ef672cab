//! `reskontra schedule …` (SPEC R7): preview a recurrence's dates (a pure function of
//! the core, financial periods as calendar months), list the missed occurrences of a
//! ledger, and run its schedules, plainly or over a range, as the Generate recurring
//! transactions window does.

use chrono::{Days, NaiveDate, Weekday};
use clap::{Subcommand, ValueEnum};
use reskontra_core::ledger::backup::to_json;
use reskontra_core::schedules::draft::{MAX_EVERY, MAX_LIMIT, MAX_PERIOD_DAY};
use reskontra_core::schedules::{missed_occurrences, occurrences, Bounds, MonthDay, Nth, PeriodDay, Periods, Recurrence, ScheduleId, Stop};
use reskontra_core::{Change, Command, Ledger, Record};

use crate::{business_today, commit, read_ledger, report, write_output, write_stdout, Failure};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    Daily,
    Weekly,
    Monthly,
    /// By financial period (calendar months here).
    Period,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NthArg {
    First,
    Second,
    Third,
    Fourth,
    Last,
}

#[derive(Debug, Subcommand)]
pub enum ScheduleCmd {
    /// Print a recurrence's dates from --from to --to, one ISO date per line.
    Preview {
        #[arg(long = "type", value_enum)]
        kind: Kind,
        /// Every N days, weeks, months or periods (1–999).
        #[arg(long)]
        every: u32,
        /// Weekly: the days, e.g. mon,thu.
        #[arg(long, value_delimiter = ',', value_parser = parse_weekday)]
        weekdays: Vec<Weekday>,
        /// Monthly: day of the month 1–31 (beyond the month's length: its last day).
        #[arg(long, conflicts_with = "nth")]
        day: Option<u32>,
        /// Monthly: the Nth --weekday of the month.
        #[arg(long, value_enum, requires = "weekday")]
        nth: Option<NthArg>,
        #[arg(long, value_parser = parse_weekday)]
        weekday: Option<Weekday>,
        /// By period: first, last, or a day of the period.
        #[arg(long)]
        period_day: Option<String>,
        #[arg(long)]
        start: NaiveDate,
        #[arg(long)]
        expires: Option<NaiveDate>,
        /// The execution limit: occurrences counted from --start.
        #[arg(long)]
        limit: Option<u32>,
        /// Default: --start.
        #[arg(long)]
        from: Option<NaiveDate>,
        /// Default: a year after --from.
        #[arg(long)]
        to: Option<NaiveDate>,
    },
    /// List each active schedule's occurrences due on or before the business date and not yet generated.
    Missed {
        /// Backup file; `-` is standard input.
        ledger: String,
        #[arg(long)]
        business_date: Option<NaiveDate>,
    },
    /// A plain run: per schedule at most one document set, the earliest occurrence not yet
    /// generated on or before the business date (run again to catch up the next).
    Run {
        /// Backup file; `-` is standard input.
        ledger: String,
        #[arg(long)]
        business_date: NaiveDate,
        /// Only these schedules (repeat); default: every active schedule.
        #[arg(long = "id", value_parser = parse_id)]
        ids: Vec<ScheduleId>,
        /// Output file; `-` is standard output.
        #[arg(short = 'o', long = "output")]
        output: String,
    },
    /// A ranged run: every occurrence from --start-on (default: each schedule's start)
    /// until --stop-on, or the next --count of each schedule; future dates included.
    Generate {
        /// Backup file; `-` is standard input.
        ledger: String,
        #[arg(long)]
        start_on: Option<NaiveDate>,
        #[arg(long, required_unless_present = "count", conflicts_with = "count")]
        stop_on: Option<NaiveDate>,
        #[arg(long)]
        count: Option<u32>,
        #[arg(long = "id", value_parser = parse_id)]
        ids: Vec<ScheduleId>,
        /// Business date when the ledger has none of its own.
        #[arg(long)]
        business_date: Option<NaiveDate>,
        /// Output file; `-` is standard output.
        #[arg(short = 'o', long = "output")]
        output: String,
    },
}

fn parse_weekday(text: &str) -> Result<Weekday, String> {
    text.trim().parse::<Weekday>().map_err(|_| format!("{text:?} is not a weekday (mon, tue, …, sun)"))
}

fn parse_id(text: &str) -> Result<ScheduleId, String> {
    ScheduleId::parse(text).ok_or_else(|| format!("{text:?} is not a schedule number"))
}

pub fn run(command: ScheduleCmd) -> Result<(), Failure> {
    match command {
        ScheduleCmd::Preview { kind, every, weekdays, day, nth, weekday, period_day, start, expires, limit, from, to } => {
            let recurrence = recurrence(kind, every, weekdays, day, nth, weekday, period_day.as_deref())?;
            if limit.is_some_and(|n| !(1..=MAX_LIMIT).contains(&n)) {
                return Err(Failure::Message(format!("--limit must be from 1 to {MAX_LIMIT}")));
            }
            if expires.is_some_and(|e| e < start) {
                return Err(Failure::Message("--expires is before --start".to_string()));
            }
            let from = from.unwrap_or(start);
            let to = to.unwrap_or_else(|| from.checked_add_days(Days::new(365)).unwrap_or(NaiveDate::MAX));
            if to < from {
                return Err(Failure::Message("--to is before --from".to_string()));
            }
            let bounds = Bounds { start, expires, limit };
            let mut text = String::new();
            for date in occurrences(&recurrence, bounds, Periods::CalendarMonths, from, to) {
                text.push_str(&date.to_string());
                text.push('\n');
            }
            Ok(write_stdout(text.as_bytes())?)
        }
        ScheduleCmd::Missed { ledger, business_date } => {
            let ledger_data = read_ledger(&ledger)?;
            let today = business_date.map_or_else(|| business_today(&ledger_data, None, &ledger), Ok)?;
            let mut text = String::new();
            let mut total = 0;
            for missed in missed_occurrences(&ledger_data, today) {
                let description = ledger_data.schedules.get(&missed.schedule).map(|s| s.description.as_str()).unwrap_or_default();
                let dates: Vec<String> = missed.dates.iter().map(NaiveDate::to_string).collect();
                total += dates.len();
                text.push_str(&format!("{} {description}: {}\n", missed.schedule, dates.join(" ")));
            }
            text.push_str(&format!("{total} missed occurrence(s) on {today}\n"));
            Ok(write_stdout(text.as_bytes())?)
        }
        ScheduleCmd::Run { ledger, business_date, ids, output } => {
            let mut data = read_ledger(&ledger)?;
            let change = commit(&mut data, &Command::RunSchedules(ids), business_date)?;
            finish(&data, &change, &output)
        }
        ScheduleCmd::Generate { ledger, start_on, stop_on, count, ids, business_date, output } => {
            let mut data = read_ledger(&ledger)?;
            let today = business_today(&data, business_date, &ledger)?;
            let stop = match (stop_on, count) {
                (Some(date), _) => Stop::OnDate(date),
                (None, Some(n)) if (1..=MAX_LIMIT).contains(&n) => Stop::AfterCount(n),
                (None, Some(_)) => return Err(Failure::Message(format!("--count must be from 1 to {MAX_LIMIT}"))),
                (None, None) => return Err(Failure::Message("give --stop-on DATE or --count N".to_string())),
            };
            let change = commit(&mut data, &Command::GenerateRange { ids, start_on, stop }, today)?;
            finish(&data, &change, &output)
        }
    }
}

/// Writes the ledger and lists what the run generated.
fn finish(ledger: &Ledger, change: &Change, output: &str) -> Result<(), Failure> {
    write_output(output, to_json(ledger).as_bytes())?;
    let mut text = String::new();
    let mut count = 0;
    for record in &change.puts {
        if let Record::Document(doc) = record {
            if let Some(reskontra_core::documents::document::ScheduleLink::Generated { schedule, on }) = doc.schedule {
                count += 1;
                text.push_str(&format!("{} {} {} {} schedule {schedule}\n", doc.doc_type.label(), doc.ref_nbr, doc.customer_id, on));
            }
        }
    }
    text.push_str(&format!("generated {count} document(s)\n"));
    Ok(report(output, &text)?)
}

#[allow(clippy::too_many_arguments)]
fn recurrence(
    kind: Kind,
    every: u32,
    weekdays: Vec<Weekday>,
    day: Option<u32>,
    nth: Option<NthArg>,
    weekday: Option<Weekday>,
    period_day: Option<&str>,
) -> Result<Recurrence, Failure> {
    let fail = |m: &str| Err(Failure::Message(m.to_string()));
    if !(1..=MAX_EVERY).contains(&every) {
        return Err(Failure::Message(format!("--every must be from 1 to {MAX_EVERY}")));
    }
    match kind {
        Kind::Daily => Ok(Recurrence::Daily { every }),
        Kind::Weekly if weekdays.is_empty() => fail("--type weekly needs --weekdays, e.g. mon,thu"),
        Kind::Weekly => Ok(Recurrence::Weekly { every, weekdays }),
        Kind::Monthly => match (day, nth, weekday) {
            (Some(d), None, _) if (1..=31).contains(&d) => Ok(Recurrence::Monthly { every, on: MonthDay::Day(d) }),
            (Some(_), None, _) => fail("--day must be from 1 to 31"),
            (None, Some(n), Some(weekday)) => {
                let nth = match n {
                    NthArg::First => Nth::First,
                    NthArg::Second => Nth::Second,
                    NthArg::Third => Nth::Third,
                    NthArg::Fourth => Nth::Fourth,
                    NthArg::Last => Nth::Last,
                };
                Ok(Recurrence::Monthly { every, on: MonthDay::Nth { nth, weekday } })
            }
            _ => fail("--type monthly needs --day D, or --nth N with --weekday W"),
        },
        Kind::Period => {
            let on = match period_day.map(str::trim) {
                Some("first") => PeriodDay::First,
                Some("last") => PeriodDay::Last,
                Some(text) => match text.parse::<u32>() {
                    Ok(d) if (1..=MAX_PERIOD_DAY).contains(&d) => PeriodDay::Day(d),
                    _ => return Err(Failure::Message(format!("--period-day must be first, last or a day from 1 to {MAX_PERIOD_DAY}"))),
                },
                None => return fail("--type period needs --period-day first|last|D"),
            };
            Ok(Recurrence::ByPeriod { every, on })
        }
    }
}
