//! Recurring documents (SPEC R7): schedules, their templates and the documents they
//! generate. `recurrence.rs` is the pure date engine (when a schedule falls);
//! `draft.rs` the schedule as typed and its commands (save, delete, add and remove
//! templates); `generate.rs` running schedules (a plain run, a range), the missed
//! occurrences and the preview of a run.
//!
//! Architecture Invariant: an occurrence is keyed by (schedule, date) and is generated
//! at most once (R7.6): the schedule records every date it generated in the same
//! `Change` as the documents, and generation skips the dates it holds, so running the
//! same command again on the changed ledger generates nothing. A template is always
//! Scheduled (listed on its schedule) or Voided (removed, never used again).

pub mod draft;
pub mod generate;
pub mod recurrence;

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::documents::document::{DocId, Document, ScheduleLink};
use crate::ledger::Ledger;

pub use draft::{add_to_schedule, delete_schedule, remove_from_schedule, save_schedule, MonthOn, PeriodOn, ScheduleDraft, ScheduleType};
pub use generate::{generate_range, missed_occurrences, next_execution, preview, run_schedules, Missed, PreviewRow, RangeDraft, Stop};
pub use recurrence::{all_occurrences, occurrences, Bounds, MonthDay, Nth, PeriodDay, Periods, Recurrence};

/// A schedule's number, given from a counter (`Settings::next_schedule_id`) and never
/// reused. Shown as six digits (`000012`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ScheduleId(pub u32);

impl fmt::Display for ScheduleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:06}", self.0)
    }
}

impl ScheduleId {
    /// Reads `12` or `000012`.
    pub fn parse(text: &str) -> Option<ScheduleId> {
        text.trim().parse::<u32>().ok().map(ScheduleId)
    }
}

/// One generated document of an occurrence: the occurrence date, the template it was
/// made from, and the document (`None` once that document was deleted: the
/// occurrence stays generated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Generated {
    pub on: NaiveDate,
    pub template: DocId,
    pub document: Option<DocId>,
}

/// A schedule of recurring documents (R7.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub id: ScheduleId,
    pub description: String,
    pub start: NaiveDate,
    /// `None`: never expires.
    pub expires: Option<NaiveDate>,
    /// The execution limit, in occurrences counted from the start; `None`: no limit.
    pub limit: Option<u32>,
    pub active: bool,
    pub recurrence: Recurrence,
    /// The Document list: templates in the order added, each Scheduled (R7.2).
    pub templates: Vec<DocId>,
    /// How many occurrences have been generated (the distinct dates of `generated`).
    pub times_executed: u32,
    /// The business date of the last run that generated something.
    pub last_executed_on: Option<NaiveDate>,
    /// The Generated documents tab: one row per document, sorted by date then template.
    /// The dates are the occurrence keys already used (R7.6).
    pub generated: Vec<Generated>,
}

impl Schedule {
    pub fn bounds(&self) -> Bounds {
        Bounds { start: self.start, expires: self.expires, limit: self.limit }
    }

    /// Whether the occurrence on `date` has been generated.
    pub fn has_generated(&self, date: NaiveDate) -> bool {
        let at = self.generated.partition_point(|g| g.on < date);
        self.generated.get(at).is_some_and(|g| g.on == date)
    }

    /// The distinct occurrence dates generated, earliest first.
    pub fn generated_dates(&self) -> Vec<NaiveDate> {
        let mut dates: Vec<NaiveDate> = self.generated.iter().map(|g| g.on).collect();
        dates.dedup();
        dates
    }

    /// The schedule's occurrences from `from` to `to` (the ledger's periods table for a
    /// by-period schedule), generated or not.
    pub fn occurrences<'a>(&'a self, ledger: &'a Ledger, from: NaiveDate, to: NaiveDate) -> recurrence::Occurrences<'a> {
        occurrences(&self.recurrence, self.bounds(), Periods::Table(&ledger.settings.financial_periods), from, to)
    }
}

/// The schedule a deleted generated document belonged to, with the document dropped
/// from its Generated documents (the occurrence stays generated); `None` when `doc`
/// was not generated.
pub(crate) fn forget_generated(ledger: &Ledger, doc: &Document) -> Option<Schedule> {
    let Some(ScheduleLink::Generated { schedule, .. }) = doc.schedule else { return None };
    let mut schedule = ledger.schedules.get(&schedule)?.clone();
    for g in schedule.generated.iter_mut().filter(|g| g.document == Some(doc.id)) {
        g.document = None;
    }
    Some(schedule)
}
