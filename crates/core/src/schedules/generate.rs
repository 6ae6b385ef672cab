//! Running schedules (R7.3–R7.6): a plain run generates, per schedule, at most the
//! earliest occurrence not yet generated on or before the business date; a ranged run
//! every occurrence of a range, future dates included. Each generated document is an
//! invoice saved through the entry path (`documents::entry`) on the occurrence date —
//! so the VAT and currency rates of that date, a new number from the series — then
//! Balanced and linked to its occurrence. Every document of a run and the schedules'
//! new occurrence keys are one `Change`, so a run is committed whole or not at all.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::base::problem::{parse_date, Problem, ProblemKind, Problems};
use crate::documents::document::{DocId, DocStatus, DocType, Document, ScheduleLink};
use crate::documents::draft::InvoiceDraft;
use crate::fields::schedule as field;
use crate::ledger::{Change, Ledger, Record};
use crate::schedules::{Generated, Schedule, ScheduleId};
use crate::settings::{SeriesKind, Settings};

/// The most documents one run may generate (a range over decades of a daily schedule
/// is refused rather than built).
pub const MAX_DOCUMENTS_PER_RUN: usize = 100_000;

/// Where a ranged run stops (R7.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stop {
    /// *On this date*: every occurrence up to this date, inclusive.
    OnDate(NaiveDate),
    /// *After running this number of schedules*: at most this many occurrences of each
    /// schedule.
    AfterCount(u32),
}

/// What a run generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    Plain,
    Range { start_on: Option<NaiveDate>, stop: Stop },
}

/// The Generate recurring transactions window's range as typed: *Start on* (empty:
/// every date due earlier), and *Stop* on a date or after a number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RangeDraft {
    pub start_on: String,
    /// `true`: *On this date* (`stop_on`); `false`: *After running this number* (`count`).
    pub stop_on_date: bool,
    pub stop_on: String,
    pub count: String,
}

impl RangeDraft {
    /// The range typed, or each problem at its field (`start_on`, `stop_on`, `count`).
    pub fn parse(&self) -> Result<(Option<NaiveDate>, Stop), Vec<Problem>> {
        let mut problems = Problems::default();
        let start_on = if self.start_on.trim().is_empty() {
            None
        } else {
            parse_date(&self.start_on).map_err(|m| problems.date(&field::START_ON, &self.start_on, m)).ok()
        };
        let stop = if self.stop_on_date {
            match parse_date(&self.stop_on) {
                Ok(d) if start_on.is_some_and(|s| d < s) => {
                    problems.add(&field::STOP_ON, ProblemKind::OutOfRange, "The stop date cannot be before the start date");
                    None
                }
                Ok(d) => Some(Stop::OnDate(d)),
                Err(m) => {
                    problems.date(&field::STOP_ON, &self.stop_on, m);
                    None
                }
            }
        } else {
            match self.count.trim().parse::<u32>() {
                Ok(n) if (1..=super::draft::MAX_LIMIT).contains(&n) => Some(Stop::AfterCount(n)),
                Ok(_) => {
                    problems.add(&field::COUNT, ProblemKind::OutOfRange, format!("Must be from 1 to {}", super::draft::MAX_LIMIT));
                    None
                }
                Err(_) if self.count.trim().is_empty() => {
                    problems.add(&field::COUNT, ProblemKind::Required, "Required");
                    None
                }
                Err(_) => {
                    problems.add(&field::COUNT, ProblemKind::Format, "Not a whole number");
                    None
                }
            }
        };
        match (problems.is_empty(), stop) {
            (true, Some(stop)) => Ok((start_on, stop)),
            _ => Err(problems.0),
        }
    }
}

/// One document a run would generate, or why it cannot (the preview's row, R7.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub schedule: ScheduleId,
    /// The occurrence date: the generated document's date.
    pub on: NaiveDate,
    pub template: DocId,
    pub doc_type: DocType,
    pub customer_id: String,
    pub currency: String,
    /// The number and total the document gets (VAT and rates of `on`); empty and zero
    /// when it cannot be generated.
    pub ref_nbr: String,
    pub total: Decimal,
    /// Why it cannot be generated; `None` when it can.
    pub problem: Option<String>,
}

/// An active schedule's occurrences due on or before the business date and not yet
/// generated (the "N missed occurrences" of the app's start, R7.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Missed {
    pub schedule: ScheduleId,
    pub dates: Vec<NaiveDate>,
}

/// The most missed dates listed per schedule.
pub const MAX_MISSED_LISTED: usize = 10_000;

/// Per active schedule with templates, the dates due on or before `today` that are not
/// yet generated, earliest first; schedules with none are left out.
pub fn missed_occurrences(ledger: &Ledger, today: NaiveDate) -> Vec<Missed> {
    ledger
        .schedules
        .values()
        .filter(|s| s.active && !s.templates.is_empty())
        .map(|s| Missed { schedule: s.id, dates: s.occurrences(ledger, s.start, today).filter(|d| !s.has_generated(*d)).take(MAX_MISSED_LISTED).collect() })
        .filter(|m| !m.dates.is_empty())
        .collect()
}

/// The read-only *Next execution date*: the earliest occurrence not yet generated,
/// whenever it falls; `None` when the schedule has none left (expired, limit reached).
pub fn next_execution(ledger: &Ledger, schedule: &Schedule) -> Option<NaiveDate> {
    schedule.occurrences(ledger, schedule.start, NaiveDate::MAX).find(|d| !schedule.has_generated(*d))
}

/// The schedules a run covers: `ids`, each checked (it exists, is active, has
/// templates); or, when `ids` is empty (*Run all*), every active schedule with templates.
fn selected<'a>(ledger: &'a Ledger, ids: &[ScheduleId]) -> Result<Vec<&'a Schedule>, Vec<Problem>> {
    if ids.is_empty() {
        return Ok(ledger.schedules.values().filter(|s| s.active && !s.templates.is_empty()).collect());
    }
    let mut problems = Problems::default();
    let mut chosen: Vec<&Schedule> = Vec::new();
    for id in ids {
        match ledger.schedules.get(id) {
            None => problems.add(crate::fields::FORM, ProblemKind::Unknown, format!("Schedule {id} does not exist")),
            Some(s) if !s.active => problems.add(crate::fields::FORM, ProblemKind::NotAllowed, format!("Schedule {id} is not active")),
            Some(s) if s.templates.is_empty() => {
                problems.add(crate::fields::FORM, ProblemKind::NotAllowed, format!("Schedule {id} has no documents in its Document list"))
            }
            Some(s) if !chosen.iter().any(|c| c.id == *id) => chosen.push(s),
            Some(_) => {}
        }
    }
    problems.into_result(|| chosen)
}

/// The occurrences a run generates, by date then schedule.
fn due(ledger: &Ledger, schedules: &[&Schedule], run: Run, today: NaiveDate) -> Vec<(NaiveDate, ScheduleId)> {
    let mut due = Vec::new();
    for s in schedules {
        let not_generated = |d: &NaiveDate| !s.has_generated(*d);
        match run {
            Run::Plain => due.extend(s.occurrences(ledger, s.start, today).find(not_generated).map(|d| (d, s.id))),
            Run::Range { start_on, stop: Stop::OnDate(stop) } => {
                let from = start_on.unwrap_or(s.start);
                due.extend(s.occurrences(ledger, from, stop).filter(not_generated).take(MAX_DOCUMENTS_PER_RUN + 1).map(|d| (d, s.id)));
            }
            Run::Range { start_on, stop: Stop::AfterCount(n) } => {
                let from = start_on.unwrap_or(s.start);
                due.extend(s.occurrences(ledger, from, NaiveDate::MAX).filter(not_generated).take(n as usize).map(|d| (d, s.id)));
            }
        }
    }
    due.sort();
    due
}

/// The draft every occurrence of `template` starts from (all but the date): the
/// template as typed, without its id, number, due date, rate, applications and control
/// total, on hold. Made once per template of a run.
fn template_draft(ledger: &Ledger, template: &Document) -> InvoiceDraft {
    let mut draft = InvoiceDraft::from_document(template, ledger.settings.numbers());
    draft.id = None;
    draft.ref_nbr = String::new();
    draft.due_date = String::new();
    draft.rate = String::new();
    draft.applications = Vec::new();
    draft.control_total = String::new();
    // Saved as on hold, so no credit or delivery check runs at entry: a generated
    // document is Balanced (R7.5); release checks credit and delivery as for any other.
    draft.hold = true;
    draft
}

/// The document a template generates on `on`: the template as typed (`base`, its
/// [`template_draft`]), dated `on`, with its due date from the terms and the rate of the
/// date (never a typed rate), saved through the entry path with a new id and number from
/// `settings`; then Balanced and linked to the occurrence. Credit notes' planned
/// applications are not copied.
fn generate_from_draft(
    ledger: &Ledger,
    settings: &mut Settings,
    template: &Document,
    base: &InvoiceDraft,
    schedule: ScheduleId,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<Document, String> {
    let kind = SeriesKind::of(template.doc_type);
    if settings.series.get(&kind).is_some_and(|s| s.manual_numbering) {
        return Err(format!("the {} series is numbered by hand; generated documents need automatic numbering", template.doc_type.label().to_lowercase()));
    }
    let draft = InvoiceDraft { date: on.to_string(), ..base.clone() };
    let mut document = crate::documents::entry::invoice_document(ledger, settings, &draft, today)
        .map_err(|problems| problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; "))?;
    document.status = DocStatus::Balanced;
    document.control_total = ledger.settings.validate_totals_on_entry.then_some(document.total);
    document.schedule = Some(ScheduleLink::Generated { schedule, on });
    Ok(document)
}

/// What a run would generate: every row (with its number and total, or its problem),
/// the documents, and the settings with the counters moved past them.
struct Planned {
    rows: Vec<PreviewRow>,
    /// Each generated document with its template.
    documents: Vec<(DocId, Document)>,
    settings: Settings,
}

fn plan(ledger: &Ledger, ids: &[ScheduleId], run: Run, today: NaiveDate) -> Result<Planned, Vec<Problem>> {
    let schedules = selected(ledger, ids)?;
    let due = due(ledger, &schedules, run, today);
    let templates_of = |id: ScheduleId| ledger.schedules.get(&id).map(|s| s.templates.as_slice()).unwrap_or_default();
    let count: usize = due.iter().map(|(_, id)| templates_of(*id).len()).sum();
    if count > MAX_DOCUMENTS_PER_RUN {
        let at = if matches!(run, Run::Range { stop: Stop::AfterCount(_), .. }) { &field::COUNT } else { &field::STOP_ON };
        return Err(vec![Problem::new(
            at,
            ProblemKind::OutOfRange,
            format!("The run would generate {count} documents, more than {MAX_DOCUMENTS_PER_RUN}: choose a shorter range"),
        )]);
    }
    let mut settings = ledger.settings.clone();
    let mut rows = Vec::with_capacity(count);
    let mut documents = Vec::with_capacity(count);
    // Each template's draft is made once, not once per occurrence.
    let mut drafts: BTreeMap<DocId, InvoiceDraft> = BTreeMap::new();
    for (on, id) in due {
        for template in templates_of(id).iter().filter_map(|t| ledger.documents.get(t)) {
            let base = drafts.entry(template.id).or_insert_with(|| template_draft(ledger, template));
            let outcome = generate_from_draft(ledger, &mut settings, template, base, id, on, today);
            let (ref_nbr, total, problem) = match &outcome {
                Ok(doc) => (doc.ref_nbr.clone(), doc.total, None),
                Err(why) => (String::new(), Decimal::ZERO, Some(why.clone())),
            };
            rows.push(PreviewRow {
                schedule: id,
                on,
                template: template.id,
                doc_type: template.doc_type,
                customer_id: template.customer_id.clone(),
                currency: template.currency.clone(),
                ref_nbr,
                total,
                problem,
            });
            documents.extend(outcome.ok().map(|doc| (template.id, doc)));
        }
    }
    Ok(Planned { rows, documents, settings })
}

/// What a plain run (`range: None`) or a ranged run would generate, changing nothing:
/// one row per document, by date then schedule, with the problem of any that cannot
/// be generated.
pub fn preview(ledger: &Ledger, ids: &[ScheduleId], range: Option<(Option<NaiveDate>, Stop)>, today: NaiveDate) -> Result<Vec<PreviewRow>, Vec<Problem>> {
    let run = range.map_or(Run::Plain, |(start_on, stop)| Run::Range { start_on, stop });
    plan(ledger, ids, run, today).map(|p| p.rows)
}

/// Commits a plan: every document, and each schedule with its new occurrence keys,
/// times executed and last executed on; refused whole when any row has a problem.
fn commit(ledger: &Ledger, planned: Planned, today: NaiveDate) -> Result<Change, Vec<Problem>> {
    let refused: Vec<Problem> = planned
        .rows
        .iter()
        .filter_map(|r| {
            let template = ledger.documents.get(&r.template).map(|t| format!("{} {}", t.doc_type.label(), t.ref_nbr)).unwrap_or_default();
            r.problem.as_ref().map(|why| Problem::form(ProblemKind::NotAllowed, format!("Schedule {}, {} on {}: {why}", r.schedule, template, r.on)))
        })
        .collect();
    if !refused.is_empty() {
        return Err(refused);
    }
    let mut schedules: BTreeMap<ScheduleId, Schedule> = BTreeMap::new();
    for (template, doc) in &planned.documents {
        let template = *template;
        let Some(ScheduleLink::Generated { schedule, on }) = doc.schedule else { continue };
        let Some(stored) = ledger.schedules.get(&schedule) else { continue };
        let s = schedules.entry(schedule).or_insert_with(|| stored.clone());
        if !s.has_generated(on) {
            s.times_executed = s.times_executed.saturating_add(1);
        }
        let at = s.generated.partition_point(|g| (g.on, g.template) < (on, template));
        s.generated.insert(at, Generated { on, template, document: Some(doc.id) });
        s.last_executed_on = Some(today);
    }
    let mut puts: Vec<Record> = planned.documents.into_iter().map(|(_, doc)| Record::Document(doc)).collect();
    puts.extend(schedules.into_values().map(Record::Schedule));
    puts.extend(crate::ledger::settings_puts(&ledger.settings, &planned.settings));
    Ok(Change { puts, deletes: vec![] })
}

/// *Run* / *Run selected* / *Run all* (R7.3): for each schedule (every active one with
/// templates when `ids` is empty) at most one occurrence, the earliest not yet
/// generated on or before `today`. Nothing due: an empty change.
pub fn run_schedules(ledger: &Ledger, ids: &[ScheduleId], today: NaiveDate) -> Result<Change, Vec<Problem>> {
    let planned = plan(ledger, ids, Run::Plain, today)?;
    commit(ledger, planned, today)
}

/// A ranged run (R7.4): every occurrence not yet generated from `start_on` (`None`: the
/// schedule's start) until `stop`, future dates included.
pub fn generate_range(ledger: &Ledger, ids: &[ScheduleId], start_on: Option<NaiveDate>, stop: Stop, today: NaiveDate) -> Result<Change, Vec<Problem>> {
    if let (Some(from), Stop::OnDate(to)) = (start_on, stop) {
        if to < from {
            return Err(vec![Problem::new(&field::STOP_ON, ProblemKind::OutOfRange, "The stop date cannot be before the start date")]);
        }
    }
    if stop == Stop::AfterCount(0) {
        return Err(vec![Problem::new(&field::COUNT, ProblemKind::OutOfRange, "Must be 1 or more")]);
    }
    let planned = plan(ledger, ids, Run::Range { start_on, stop }, today)?;
    commit(ledger, planned, today)
}
