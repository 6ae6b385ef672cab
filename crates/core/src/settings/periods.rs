//! Statement cycles with their ageing periods (SPEC R1.6, R8.2) and financial
//! periods generated per year (SPEC R1.6).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The day of the month a statement cycle prepares statements on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatementDay {
    /// A day 1–31; in shorter months the last day of the month.
    Day(u32),
    EndOfMonth,
}

impl StatementDay {
    /// The text a form shows and accepts: "1" … "31" or "end".
    pub fn as_text(self) -> String {
        match self {
            StatementDay::Day(d) => d.to_string(),
            StatementDay::EndOfMonth => "end".to_string(),
        }
    }

    pub fn parse(text: &str) -> Option<StatementDay> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("end") || text.eq_ignore_ascii_case("end of month") {
            return Some(StatementDay::EndOfMonth);
        }
        match text.parse::<u32>() {
            Ok(d) if (1..=31).contains(&d) => Some(StatementDay::Day(d)),
            _ => None,
        }
    }

    /// The statement date in a month; `None` only for a month that does not exist.
    pub fn date_in(self, year: i32, month: u32) -> Option<NaiveDate> {
        let last = last_day_of_month(year, month)?;
        match self {
            StatementDay::EndOfMonth => Some(last),
            StatementDay::Day(d) => NaiveDate::from_ymd_opt(year, month, d.min(last.day())),
        }
    }
}

/// A statement cycle: when statements are prepared and how documents are aged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementCycle {
    pub id: String,
    pub description: String,
    pub prepare_on: StatementDay,
    /// The upper day of each ageing period, strictly increasing: [30, 60, 90] gives
    /// 1–30, 31–60, 61–90 and Over 90.
    pub ageing_days: Vec<u32>,
}

impl StatementCycle {
    pub fn monthly() -> StatementCycle {
        StatementCycle {
            id: "MONTHLY".into(),
            description: "Monthly, at the end of the month".into(),
            prepare_on: StatementDay::EndOfMonth,
            ageing_days: vec![30, 60, 90],
        }
    }

    pub fn period_labels(&self) -> Vec<String> {
        ageing_period_labels(&self.ageing_days)
    }

    pub fn period_of(&self, days_overdue: i64) -> usize {
        ageing_period_of(&self.ageing_days, days_overdue)
    }
}

/// The titles of the ageing periods: "Current", then one per boundary, then "Over N".
/// [30, 60, 90] gives Current, 1-30, 31-60, 61-90, Over 90 (the Aged past due columns,
/// R8.3; plain hyphens, as the CSV export writes them).
pub fn ageing_period_labels(boundaries: &[u32]) -> Vec<String> {
    period_titles("Current", 1, boundaries)
}

/// The titles of the Aged outstanding columns (R8.3): "Past due", then the periods
/// counted from day 0: [30, 60, 90] gives Past due, 0-30, 31-60, 61-90, Over 90.
pub fn outstanding_period_labels(boundaries: &[u32]) -> Vec<String> {
    period_titles("Past due", 0, boundaries)
}

fn period_titles(first: &str, mut from: u32, boundaries: &[u32]) -> Vec<String> {
    let mut labels = vec![first.to_string()];
    for &to in boundaries {
        labels.push(format!("{from}-{to}"));
        from = to.saturating_add(1);
    }
    if let Some(last) = boundaries.last() {
        labels.push(format!("Over {last}"));
    }
    labels
}

/// The index into [`ageing_period_labels`] of a document `days_overdue` days past
/// due: 0 (Current) for zero or fewer days, the first period whose upper day is
/// reached otherwise, and the last ("Over N") beyond every boundary.
pub fn ageing_period_of(boundaries: &[u32], days_overdue: i64) -> usize {
    if days_overdue <= 0 {
        return 0;
    }
    ageing_period_index(boundaries, days_overdue)
}

/// The one bucket rule of every ageing report (R8.3): the column (1-based; 0 is the
/// first, Current or Past due, and is the caller's) of a document `days` days from the
/// ageing date: the first period whose upper day is `days` or more, and the last
/// ("Over N") beyond every boundary. Days below zero count as zero.
pub fn ageing_period_index(boundaries: &[u32], days: i64) -> usize {
    match boundaries.iter().position(|&to| days <= i64::from(to)) {
        Some(idx) => idx + 1,
        None => boundaries.len() + 1,
    }
}

/// Why a list of ageing boundaries is not usable, or `None`.
pub fn ageing_days_problem(boundaries: &[u32]) -> Option<String> {
    if boundaries.is_empty() || boundaries.len() > MAX_AGEING_PERIODS {
        return Some(format!("Give 1 to {MAX_AGEING_PERIODS} day boundaries, such as 30, 60, 90"));
    }
    if boundaries.contains(&0) {
        return Some("Each boundary must be 1 day or more".to_string());
    }
    if boundaries.windows(2).any(|w| w[1] <= w[0]) {
        return Some("Each boundary must be larger than the one before it".to_string());
    }
    if boundaries.iter().any(|&b| b > MAX_AGEING_DAY) {
        return Some(format!("At most {MAX_AGEING_DAY} days"));
    }
    None
}

pub const MAX_AGEING_PERIODS: usize = 6;
pub const MAX_AGEING_DAY: u32 = 9999;

/// Parses boundaries typed as "30, 60, 90" (commas, semicolons or spaces between).
pub fn parse_ageing_days(text: &str) -> Result<Vec<u32>, String> {
    let mut days = Vec::new();
    for part in text.split(|c: char| c == ',' || c == ';' || c.is_whitespace()).filter(|p| !p.is_empty()) {
        match part.parse::<u32>() {
            Ok(d) => days.push(d),
            Err(_) => return Err(format!("\"{}\" is not a whole number of days", part.chars().take(12).collect::<String>())),
        }
    }
    match ageing_days_problem(&days) {
        Some(message) => Err(message),
        None => Ok(days),
    }
}

pub fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (next_year, next_month) = if month == 12 { (year.checked_add(1)?, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)?.pred_opt()
}

/// How a year is divided into financial periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeriodKind {
    Monthly,
    Quarterly,
}

impl PeriodKind {
    pub fn label(self) -> &'static str {
        match self {
            PeriodKind::Monthly => "Monthly (12 periods)",
            PeriodKind::Quarterly => "Quarterly (4 periods)",
        }
    }
}

/// A financial period: "01-2026" (or "Q1-2026") from its first to its last day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinancialPeriod {
    pub id: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl FinancialPeriod {
    pub fn year(&self) -> i32 {
        self.start.year()
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2999;

/// The periods of one calendar year. Refuses years outside 1900–2999.
pub fn generate_year(year: i32, kind: PeriodKind) -> Result<Vec<FinancialPeriod>, String> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(format!("Enter a year from {FIRST_YEAR} to {LAST_YEAR}"));
    }
    let (months_per_period, n_periods) = match kind {
        PeriodKind::Monthly => (1, 12),
        PeriodKind::Quarterly => (3, 4),
    };
    let mut periods = Vec::new();
    for n in 0..n_periods {
        let first_month = n * months_per_period + 1;
        let last_month = first_month + months_per_period - 1;
        let (Some(start), Some(end)) = (NaiveDate::from_ymd_opt(year, first_month, 1), last_day_of_month(year, last_month)) else {
            return Err(format!("Enter a year from {FIRST_YEAR} to {LAST_YEAR}"));
        };
        let id = match kind {
            PeriodKind::Monthly => format!("{first_month:02}-{year}"),
            PeriodKind::Quarterly => format!("Q{}-{year}", n + 1),
        };
        periods.push(FinancialPeriod { id, start, end });
    }
    Ok(periods)
}

/// Adds the periods of a year typed in a form to `existing`, refusing a year that
/// is not a number, out of range, or already generated. Returns the whole new list,
/// sorted by start.
pub fn add_year(existing: &[FinancialPeriod], year_text: &str, kind: PeriodKind) -> Result<Vec<FinancialPeriod>, String> {
    let year = year_text.trim().parse::<i32>().map_err(|_| format!("Enter a year from {FIRST_YEAR} to {LAST_YEAR}"))?;
    let generated = generate_year(year, kind)?;
    if existing.iter().any(|p| p.year() == year) {
        return Err(format!("The periods of {year} already exist"));
    }
    let mut all = existing.to_vec();
    all.extend(generated);
    all.sort_by_key(|p| p.start);
    Ok(all)
}

/// The period a date falls in, if its year has been generated.
pub fn period_of(periods: &[FinancialPeriod], date: NaiveDate) -> Option<&FinancialPeriod> {
    periods.iter().find(|p| p.contains(date))
}
