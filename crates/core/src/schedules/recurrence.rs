//! The recurrence engine (R7.1): the dates a schedule falls on, as iCalendar's RRULE
//! counts them. Pure date arithmetic on `chrono::NaiveDate` (no time of day, so no
//! daylight saving), lazy, and safe on every input: an interval of 0 or a weekly
//! schedule without weekdays gives no dates, and dates past chrono's calendar end
//! the sequence instead of overflowing.
//!
//! - Every N days / weeks / months / financial periods counts from the start date:
//!   weeks begin on Monday and are counted from the start date's week, months from the
//!   start date's month, periods from the period holding the start date (or, when no
//!   period holds it, the first one after it).
//! - A day of the month beyond the month's length is the month's last day; a day of a
//!   period beyond its length is its last day.
//! - Nothing falls before the start date or after the expiration date, and the
//!   execution limit counts occurrences from the start date (not runs).

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::settings::periods::{last_day_of_month, FinancialPeriod};

/// Which weekday of the month (R7.1 Monthly "on the Nth weekday").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Nth {
    First,
    Second,
    Third,
    Fourth,
    Last,
}

impl Nth {
    pub const ALL: [Nth; 5] = [Nth::First, Nth::Second, Nth::Third, Nth::Fourth, Nth::Last];

    pub fn label(self) -> &'static str {
        match self {
            Nth::First => "First",
            Nth::Second => "Second",
            Nth::Third => "Third",
            Nth::Fourth => "Fourth",
            Nth::Last => "Last",
        }
    }
}

/// The day of the month a monthly schedule falls on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MonthDay {
    /// Day 1–31; beyond the month's length, the month's last day.
    Day(u32),
    /// The first … fourth or last `weekday` of the month.
    Nth { nth: Nth, weekday: Weekday },
}

/// The day of a financial period a by-period schedule falls on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeriodDay {
    First,
    Last,
    /// Day D of the period (1 = its first day); beyond its length, its last day.
    Day(u32),
}

/// How often a schedule repeats (R7.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Recurrence {
    Daily {
        every: u32,
    },
    /// On each of `weekdays` of every `every`-th week (Monday to Sunday).
    Weekly {
        every: u32,
        weekdays: Vec<Weekday>,
    },
    Monthly {
        every: u32,
        on: MonthDay,
    },
    /// Every `every`-th financial period of the periods table.
    ByPeriod {
        every: u32,
        on: PeriodDay,
    },
}

impl Recurrence {
    pub fn every(&self) -> u32 {
        match self {
            Recurrence::Daily { every } | Recurrence::Weekly { every, .. } | Recurrence::Monthly { every, .. } | Recurrence::ByPeriod { every, .. } => *every,
        }
    }

    /// The type's name as the window shows it.
    pub fn label(&self) -> &'static str {
        match self {
            Recurrence::Daily { .. } => "Daily",
            Recurrence::Weekly { .. } => "Weekly",
            Recurrence::Monthly { .. } => "Monthly",
            Recurrence::ByPeriod { .. } => "By financial period",
        }
    }
}

/// Where a schedule may fall: from `start`, up to `expires` (inclusive; `None`: never
/// expires), and at most `limit` occurrences counted from the start (`None`: no limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub start: NaiveDate,
    pub expires: Option<NaiveDate>,
    pub limit: Option<u32>,
}

/// The financial periods a by-period schedule counts.
#[derive(Debug, Clone, Copy)]
pub enum Periods<'a> {
    /// The ledger's periods table, sorted by start (`Settings::financial_periods`). The
    /// schedule ends where the table ends.
    Table(&'a [FinancialPeriod]),
    /// Calendar months (what `reskontra schedule preview` uses).
    CalendarMonths,
}

/// The occurrence dates of a schedule from `from` to `to` inclusive, earliest first.
/// Lazy: take what is needed from an open-ended range.
pub fn occurrences<'a>(recurrence: &'a Recurrence, bounds: Bounds, periods: Periods<'a>, from: NaiveDate, to: NaiveDate) -> Occurrences<'a> {
    Occurrences::new(recurrence, bounds, periods, from, to)
}

/// Every occurrence of a schedule from its start, earliest first (lazy; bounded only by
/// the expiration date, the limit, the periods table and chrono's calendar).
pub fn all_occurrences<'a>(recurrence: &'a Recurrence, bounds: Bounds, periods: Periods<'a>) -> Occurrences<'a> {
    Occurrences::new(recurrence, bounds, periods, bounds.start, NaiveDate::MAX)
}

/// One cycle of a recurrence: a day, a week, a month or a period, numbered from 0 (the
/// one holding the start date).
struct Cycles<'a> {
    recurrence: &'a Recurrence,
    periods: Periods<'a>,
    start: NaiveDate,
    every: u64,
    /// Weekly: the Monday of the start date's week; the weekdays sorted, no repeats.
    monday: Option<NaiveDate>,
    weekdays: Vec<Weekday>,
    /// Monthly and calendar periods: the start date's month as year × 12 + month0.
    month: i64,
    /// By period in a table: the index of the first counted period.
    first_period: usize,
}

impl<'a> Cycles<'a> {
    fn new(recurrence: &'a Recurrence, periods: Periods<'a>, start: NaiveDate) -> Self {
        let mut weekdays = match recurrence {
            Recurrence::Weekly { weekdays, .. } => weekdays.clone(),
            _ => Vec::new(),
        };
        weekdays.sort_by_key(|w| w.num_days_from_monday());
        weekdays.dedup();
        let first_period = match periods {
            Periods::Table(table) => table.partition_point(|p| p.end < start),
            Periods::CalendarMonths => 0,
        };
        Cycles {
            recurrence,
            periods,
            start,
            every: u64::from(recurrence.every()),
            monday: start.checked_sub_days(Days::new(u64::from(start.weekday().num_days_from_monday()))),
            weekdays,
            month: month_index(start),
            first_period,
        }
    }

    /// Whether any cycle can hold a date at all.
    fn usable(&self) -> bool {
        self.every > 0
            && match self.recurrence {
                Recurrence::Weekly { .. } => self.monday.is_some() && !self.weekdays.is_empty(),
                Recurrence::ByPeriod { .. } => match self.periods {
                    Periods::Table(table) => self.first_period < table.len(),
                    Periods::CalendarMonths => true,
                },
                _ => true,
            }
    }

    /// How many dates a cycle after the first holds.
    fn per_cycle(&self) -> u64 {
        match self.recurrence {
            Recurrence::Weekly { .. } => self.weekdays.len() as u64,
            _ => 1,
        }
    }

    /// The cycle that `date` (on or after the start) falls in, rounded down to one that
    /// counts: the first cycle worth looking at for dates from `date` on.
    fn cycle_near(&self, date: NaiveDate) -> u64 {
        let span = match self.recurrence {
            Recurrence::Daily { .. } => u64::try_from((date - self.start).num_days()).unwrap_or(0),
            Recurrence::Weekly { .. } => self.monday.map_or(0, |monday| u64::try_from((date - monday).num_days() / 7).unwrap_or(0)),
            Recurrence::Monthly { .. } => u64::try_from(month_index(date) - self.month).unwrap_or(0),
            Recurrence::ByPeriod { .. } => match self.periods {
                Periods::CalendarMonths => u64::try_from(month_index(date) - self.month).unwrap_or(0),
                Periods::Table(table) => table.partition_point(|p| p.end < date).saturating_sub(self.first_period) as u64,
            },
        };
        span / self.every.max(1)
    }

    /// The day cycle `k` begins and its dates in order (some of cycle 0's may be before
    /// the start); `None` past the calendar's or the periods table's end.
    fn cycle(&self, k: u64) -> Option<(NaiveDate, Vec<NaiveDate>)> {
        let step = k.checked_mul(self.every)?;
        match self.recurrence {
            Recurrence::Daily { .. } => {
                let day = self.start.checked_add_days(Days::new(step))?;
                Some((day, vec![day]))
            }
            Recurrence::Weekly { .. } => {
                let monday = self.monday?.checked_add_days(Days::new(step.checked_mul(7)?))?;
                let dates = self.weekdays.iter().filter_map(|w| monday.checked_add_days(Days::new(u64::from(w.num_days_from_monday())))).collect();
                Some((monday, dates))
            }
            Recurrence::Monthly { on, .. } => {
                let (first, last) = month_bounds(self.month.checked_add(i64::try_from(step).ok()?)?)?;
                Some((first, vec![day_of_month(first, last, *on)?]))
            }
            Recurrence::ByPeriod { on, .. } => {
                let (first, last) = match self.periods {
                    Periods::CalendarMonths => month_bounds(self.month.checked_add(i64::try_from(step).ok()?)?)?,
                    Periods::Table(table) => {
                        let period = table.get(self.first_period.checked_add(usize::try_from(step).ok()?)?)?;
                        (period.start, period.end)
                    }
                };
                let day = match on {
                    PeriodDay::First => first,
                    PeriodDay::Last => last,
                    PeriodDay::Day(d) => first.checked_add_days(Days::new(u64::from(d.saturating_sub(1)))).map_or(last, |day| day.min(last)),
                };
                Some((first, vec![day]))
            }
        }
    }
}

fn month_index(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

/// The first and last day of month `index` (year × 12 + month0).
fn month_bounds(index: i64) -> Option<(NaiveDate, NaiveDate)> {
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = u32::try_from(index.rem_euclid(12)).ok()? + 1;
    Some((NaiveDate::from_ymd_opt(year, month, 1)?, last_day_of_month(year, month)?))
}

fn day_of_month(first: NaiveDate, last: NaiveDate, on: MonthDay) -> Option<NaiveDate> {
    match on {
        MonthDay::Day(d) => first.with_day(d.clamp(1, last.day())),
        MonthDay::Nth { nth: Nth::Last, weekday } => {
            let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
            last.checked_sub_days(Days::new(u64::from(back)))
        }
        MonthDay::Nth { nth, weekday } => {
            let ahead = (7 + weekday.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
            let weeks = match nth {
                Nth::First => 0,
                Nth::Second => 1,
                Nth::Third => 2,
                _ => 3,
            };
            first.checked_add_days(Days::new(u64::from(ahead + 7 * weeks)))
        }
    }
}

/// The lazy sequence of [`occurrences`].
pub struct Occurrences<'a> {
    cycles: Cycles<'a>,
    start: NaiveDate,
    /// The range asked for, already cut to the start and the expiration date.
    from: NaiveDate,
    to: NaiveDate,
    limit: Option<u64>,
    /// The cycle to read next, and how many occurrences precede it.
    next_cycle: u64,
    counted: u64,
    buffer: Vec<NaiveDate>,
    at: usize,
    /// The cycle number cannot grow: the buffer holds the last cycle there is.
    last_cycle: bool,
    done: bool,
}

impl<'a> Occurrences<'a> {
    fn new(recurrence: &'a Recurrence, bounds: Bounds, periods: Periods<'a>, from: NaiveDate, to: NaiveDate) -> Self {
        let cycles = Cycles::new(recurrence, periods, bounds.start);
        let from = from.max(bounds.start);
        let to = bounds.expires.map_or(to, |e| e.min(to));
        let limit = bounds.limit.map(u64::from);
        let mut occurrences = Occurrences {
            start: bounds.start,
            from,
            to,
            limit,
            next_cycle: 0,
            counted: 0,
            buffer: Vec::new(),
            at: 0,
            last_cycle: false,
            done: from > to || limit == Some(0) || !cycles.usable(),
            cycles,
        };
        if !occurrences.done {
            occurrences.skip_to_from();
        }
        occurrences
    }

    /// Starts at the cycle holding `from`, counting the occurrences before it without
    /// visiting them (so a far `from` costs no more than a near one).
    fn skip_to_from(&mut self) {
        let k = self.cycles.cycle_near(self.from);
        if k == 0 {
            return;
        }
        let Some((_, first)) = self.cycles.cycle(0) else {
            self.done = true;
            return;
        };
        let in_first = first.iter().filter(|d| **d >= self.start).count() as u64;
        self.counted = (k - 1).saturating_mul(self.cycles.per_cycle()).saturating_add(in_first);
        self.next_cycle = k;
    }

    /// How many occurrences (from the start) come before the next one returned.
    pub fn counted(&self) -> u64 {
        self.counted
    }
}

impl Iterator for Occurrences<'_> {
    type Item = NaiveDate;

    fn next(&mut self) -> Option<NaiveDate> {
        loop {
            if self.done {
                return None;
            }
            if let Some(&date) = self.buffer.get(self.at) {
                self.at += 1;
                if date < self.start {
                    continue;
                }
                if self.limit.is_some_and(|limit| self.counted >= limit) || date > self.to {
                    self.done = true;
                    return None;
                }
                self.counted += 1;
                if date >= self.from {
                    return Some(date);
                }
                continue;
            }
            if self.last_cycle {
                self.done = true;
                return None;
            }
            match self.cycles.cycle(self.next_cycle) {
                Some((begins, dates)) if begins <= self.to => {
                    self.buffer = dates;
                    self.at = 0;
                    match self.next_cycle.checked_add(1) {
                        Some(k) => self.next_cycle = k,
                        // The buffer is read out first; then the sequence ends.
                        None => self.last_cycle = true,
                    }
                }
                _ => self.done = true,
            }
        }
    }
}
