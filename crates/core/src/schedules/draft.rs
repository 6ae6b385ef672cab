//! A schedule as typed in the Recurring transactions window (R7.1), and the commands
//! that save it, delete it, and add or remove its templates (R7.2). Every field is the
//! raw text, so each parse problem is reported at its field (`fields::schedule`).

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::base::problem::{parse_date, Problem, ProblemKind, Problems};
use crate::documents::document::{DocId, DocStatus, DocType, Document, ScheduleLink};
use crate::fields::schedule as field;
use crate::fields::FieldPath;
use crate::ledger::{Change, Ledger, Record, RecordKey};
use crate::schedules::recurrence::{MonthDay, Nth, PeriodDay, Recurrence};
use crate::schedules::{Schedule, ScheduleId};

/// The largest *Every N* (days, weeks, months or periods).
pub const MAX_EVERY: u32 = 999;
/// The largest execution limit.
pub const MAX_LIMIT: u32 = 99_999;
/// The largest day of a period (*fixed day of the period*).
pub const MAX_PERIOD_DAY: u32 = 366;
/// The most templates one schedule lists.
pub const MAX_TEMPLATES: usize = 500;

/// The schedule type (R7.1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScheduleType {
    Daily,
    Weekly,
    #[default]
    Monthly,
    ByPeriod,
}

/// Monthly: on a day of the month, or on the Nth weekday.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MonthOn {
    #[default]
    Day,
    Nth,
}

/// By financial period: on its first day, its last day, or a fixed day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeriodOn {
    #[default]
    First,
    Last,
    Day,
}

/// The Recurring transactions window's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleDraft {
    /// `None` for a new schedule.
    pub id: Option<ScheduleId>,
    pub description: String,
    pub start: String,
    /// Empty: *Never expires*.
    pub expires: String,
    /// Empty: *No limit*.
    pub limit: String,
    pub active: bool,
    pub schedule_type: ScheduleType,
    /// Every N days, weeks, months or periods.
    pub every: String,
    /// Weekly: the days checked.
    pub weekdays: Vec<Weekday>,
    /// Monthly: on `day`, or on the `nth` `weekday`.
    pub month_on: MonthOn,
    pub day: String,
    pub nth: Nth,
    pub weekday: Weekday,
    /// By financial period: first, last, or day `period_day`.
    pub period_on: PeriodOn,
    pub period_day: String,
    /// The Document list tab: the templates as listed. Rows added become Scheduled,
    /// rows taken away become Voided (R7.2).
    pub templates: Vec<DocId>,
}

impl ScheduleDraft {
    /// A new schedule as the window opens it: starting `today`, monthly on today's day,
    /// never expiring, no limit, active.
    pub fn new(today: NaiveDate) -> Self {
        ScheduleDraft {
            id: None,
            description: String::new(),
            start: today.to_string(),
            expires: String::new(),
            limit: String::new(),
            active: true,
            schedule_type: ScheduleType::Monthly,
            every: "1".to_string(),
            weekdays: vec![today.weekday()],
            month_on: MonthOn::Day,
            day: today.day().to_string(),
            nth: Nth::First,
            weekday: today.weekday(),
            period_on: PeriodOn::First,
            period_day: "1".to_string(),
            templates: Vec::new(),
        }
    }

    /// *Add to schedule* on a document (R7.2): a new monthly schedule from the
    /// document's date on its day of the month, described by the document, listing it.
    pub fn for_document(doc: &Document) -> Self {
        let description = if doc.description.is_empty() { format!("{} {}", doc.doc_type.label(), doc.ref_nbr) } else { doc.description.clone() };
        ScheduleDraft { description: description.chars().take(255).collect(), templates: vec![doc.id], ..ScheduleDraft::new(doc.date) }
    }

    /// A saved schedule as it would have been typed.
    pub fn from_schedule(schedule: &Schedule) -> Self {
        let mut draft = ScheduleDraft {
            id: Some(schedule.id),
            description: schedule.description.clone(),
            start: schedule.start.to_string(),
            expires: schedule.expires.map(|d| d.to_string()).unwrap_or_default(),
            limit: schedule.limit.map(|n| n.to_string()).unwrap_or_default(),
            active: schedule.active,
            every: schedule.recurrence.every().to_string(),
            templates: schedule.templates.clone(),
            ..ScheduleDraft::new(schedule.start)
        };
        match &schedule.recurrence {
            Recurrence::Daily { .. } => draft.schedule_type = ScheduleType::Daily,
            Recurrence::Weekly { weekdays, .. } => {
                draft.schedule_type = ScheduleType::Weekly;
                draft.weekdays = weekdays.clone();
            }
            Recurrence::Monthly { on, .. } => {
                draft.schedule_type = ScheduleType::Monthly;
                match on {
                    MonthDay::Day(d) => draft.day = d.to_string(),
                    MonthDay::Nth { nth, weekday } => {
                        draft.month_on = MonthOn::Nth;
                        draft.nth = *nth;
                        draft.weekday = *weekday;
                    }
                }
            }
            Recurrence::ByPeriod { on, .. } => {
                draft.schedule_type = ScheduleType::ByPeriod;
                match on {
                    PeriodDay::First => draft.period_on = PeriodOn::First,
                    PeriodDay::Last => draft.period_on = PeriodOn::Last,
                    PeriodDay::Day(d) => {
                        draft.period_on = PeriodOn::Day;
                        draft.period_day = d.to_string();
                    }
                }
            }
        }
        draft
    }
}

/// A whole number typed in `1..=max` at `at`.
fn whole_number(problems: &mut Problems, at: &FieldPath, text: &str, max: u32) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        problems.add(at, ProblemKind::Required, "Required");
        return None;
    }
    match text.parse::<u64>() {
        Ok(n) if (1..=u64::from(max)).contains(&n) => u32::try_from(n).ok(),
        Ok(_) => {
            problems.add(at, ProblemKind::OutOfRange, format!("Must be from 1 to {max}"));
            None
        }
        Err(_) => {
            problems.add(at, ProblemKind::Format, format!("\"{}\" is not a whole number", text.chars().take(12).collect::<String>()));
            None
        }
    }
}

/// The recurrence `draft` describes, each problem at its field.
fn check_recurrence(ledger: &Ledger, problems: &mut Problems, draft: &ScheduleDraft, start: Option<NaiveDate>) -> Option<Recurrence> {
    let every = whole_number(problems, &field::EVERY, &draft.every, MAX_EVERY);
    let recurrence = match draft.schedule_type {
        ScheduleType::Daily => Recurrence::Daily { every: every? },
        ScheduleType::Weekly => {
            let mut weekdays = draft.weekdays.clone();
            weekdays.sort_by_key(|w| w.num_days_from_monday());
            weekdays.dedup();
            if weekdays.is_empty() {
                problems.add(&field::WEEKDAYS, ProblemKind::Required, "Choose at least one day of the week");
            }
            let every = every?;
            (!weekdays.is_empty()).then_some(Recurrence::Weekly { every, weekdays })?
        }
        ScheduleType::Monthly => {
            let on = match draft.month_on {
                MonthOn::Day => MonthDay::Day(whole_number(problems, &field::DAY, &draft.day, 31)?),
                MonthOn::Nth => MonthDay::Nth { nth: draft.nth, weekday: draft.weekday },
            };
            Recurrence::Monthly { every: every?, on }
        }
        ScheduleType::ByPeriod => {
            let on = match draft.period_on {
                PeriodOn::First => PeriodDay::First,
                PeriodOn::Last => PeriodDay::Last,
                PeriodOn::Day => PeriodDay::Day(whole_number(problems, &field::PERIOD_DAY, &draft.period_day, MAX_PERIOD_DAY)?),
            };
            if let Some(start) = start {
                if !ledger.settings.financial_periods.iter().any(|p| p.end >= start) {
                    problems.add(
                        &field::SCHEDULE_TYPE,
                        ProblemKind::Unknown,
                        format!("No financial period ends on or after {start}: generate the periods in the reference tables first"),
                    );
                }
            }
            Recurrence::ByPeriod { every: every?, on }
        }
    };
    Some(recurrence)
}

/// Why `doc` cannot be a template (R7.2), or `None`.
pub fn template_problem(doc: &Document) -> Option<String> {
    let name = format!("{} {}", doc.doc_type.label(), doc.ref_nbr);
    if !matches!(doc.doc_type, DocType::Invoice | DocType::DebitNote | DocType::CreditNote) {
        return Some(format!("{name}: only invoices, debit notes and credit notes can be scheduled"));
    }
    if let Some(ScheduleLink::Generated { schedule, .. }) = doc.schedule {
        return Some(format!("{name} was generated by schedule {schedule}; schedule its template instead"));
    }
    match doc.status {
        DocStatus::Balanced | DocStatus::PendingPrint | DocStatus::PendingEmail => None,
        DocStatus::Scheduled => Some(format!("{name} is already the template of a schedule")),
        status => Some(format!("{name} is {}: only Balanced, Pending print or Pending email documents can be scheduled", status.label())),
    }
}

/// The template document as Scheduled on `schedule`.
fn scheduled(doc: &Document, schedule: ScheduleId) -> Document {
    Document { status: DocStatus::Scheduled, schedule: Some(ScheduleLink::Template(schedule)), ..doc.clone() }
}

/// A template taken off its schedule: Voided, never used again (R7.2).
fn voided(doc: &Document) -> Document {
    Document { status: DocStatus::Voided, ..doc.clone() }
}

/// Saves a schedule (R7.1) with its document list (R7.2): each problem at its field.
pub fn save_schedule(ledger: &Ledger, draft: &ScheduleDraft) -> Result<Change, Vec<Problem>> {
    let mut problems = Problems::default();
    let existing = match draft.id {
        None => None,
        Some(id) => match ledger.schedules.get(&id) {
            Some(schedule) => Some(schedule),
            None => return Err(vec![Problem::form(ProblemKind::Unknown, format!("Schedule {id} no longer exists"))]),
        },
    };
    problems.check_text(&field::DESCRIPTION, &draft.description, 255, false);
    let start = match parse_date(&draft.start) {
        Ok(d) => Some(d),
        Err(message) => {
            problems.date(&field::START, &draft.start, message);
            None
        }
    };
    let expires = if draft.expires.trim().is_empty() {
        None
    } else {
        match parse_date(&draft.expires) {
            Ok(d) if start.is_some_and(|s| d < s) => {
                problems.add(&field::EXPIRES, ProblemKind::OutOfRange, "The expiration date cannot be before the start date");
                None
            }
            Ok(d) => Some(d),
            Err(message) => {
                problems.date(&field::EXPIRES, &draft.expires, message);
                None
            }
        }
    };
    let limit = if draft.limit.trim().is_empty() { None } else { whole_number(&mut problems, &field::LIMIT, &draft.limit, MAX_LIMIT) };
    let recurrence = check_recurrence(ledger, &mut problems, draft, start);
    let mut settings = ledger.settings.clone();
    let id = existing.map(|s| s.id).unwrap_or_else(|| {
        let id = ScheduleId(settings.next_schedule_id.max(1));
        settings.next_schedule_id = id.0.saturating_add(1);
        id
    });
    let mut puts = Vec::new();
    let old_templates = existing.map(|s| s.templates.as_slice()).unwrap_or_default();
    if draft.templates.len() > MAX_TEMPLATES {
        problems.add(&field::TEMPLATES, ProblemKind::OutOfRange, format!("At most {MAX_TEMPLATES} documents"));
    }
    let mut templates: Vec<DocId> = Vec::with_capacity(draft.templates.len());
    for (i, doc_id) in draft.templates.iter().enumerate() {
        let Some(doc) = ledger.documents.get(doc_id) else {
            problems.add(field::template(i), ProblemKind::Unknown, "The document no longer exists");
            continue;
        };
        if templates.contains(doc_id) {
            problems.add(field::template(i), ProblemKind::Duplicate, format!("{} {} is listed twice", doc.doc_type.label(), doc.ref_nbr));
            continue;
        }
        if !old_templates.contains(doc_id) {
            match template_problem(doc) {
                Some(message) => problems.add(field::template(i), ProblemKind::NotAllowed, message),
                None => puts.push(Record::Document(scheduled(doc, id))),
            }
        }
        templates.push(*doc_id);
    }
    for removed in old_templates.iter().filter(|t| !draft.templates.contains(t)) {
        if let Some(doc) = ledger.documents.get(removed) {
            puts.push(Record::Document(voided(doc)));
        }
    }
    if !problems.is_empty() {
        return Err(problems.0);
    }
    let (Some(start), Some(recurrence)) = (start, recurrence) else {
        return Err(vec![Problem::form(ProblemKind::Other, "The schedule is incomplete")]);
    };
    let schedule = Schedule {
        id,
        description: draft.description.trim().to_string(),
        start,
        expires,
        limit,
        active: draft.active,
        recurrence,
        templates,
        times_executed: existing.map_or(0, |s| s.times_executed),
        last_executed_on: existing.and_then(|s| s.last_executed_on),
        generated: existing.map(|s| s.generated.clone()).unwrap_or_default(),
    };
    puts.push(Record::Schedule(schedule));
    puts.extend(crate::ledger::settings_puts(&ledger.settings, &settings));
    Ok(Change { puts, deletes: vec![] })
}

/// Deletes a schedule that has generated nothing; its templates become Voided, as when
/// removed. One that has generated documents stays (its dates are the keys that keep
/// them from being generated again): make it inactive instead.
pub fn delete_schedule(ledger: &Ledger, id: ScheduleId) -> Result<Change, Vec<Problem>> {
    let Some(schedule) = ledger.schedules.get(&id) else {
        return Err(vec![Problem::form(ProblemKind::Unknown, format!("Schedule {id} no longer exists"))]);
    };
    if !schedule.generated.is_empty() {
        return Err(vec![Problem::form(
            ProblemKind::NotAllowed,
            format!("Schedule {id} has generated documents and cannot be deleted; clear Active to stop it"),
        )]);
    }
    let puts = schedule.templates.iter().filter_map(|t| ledger.documents.get(t)).map(|d| Record::Document(voided(d))).collect();
    Ok(Change { puts, deletes: vec![RecordKey::Schedule(id)] })
}

/// Adds a document to a schedule's Document list (R7.2): it becomes Scheduled.
pub fn add_to_schedule(ledger: &Ledger, id: ScheduleId, document: DocId) -> Result<Change, Vec<Problem>> {
    let Some(schedule) = ledger.schedules.get(&id) else {
        return Err(vec![Problem::form(ProblemKind::Unknown, format!("Schedule {id} no longer exists"))]);
    };
    let mut draft = ScheduleDraft::from_schedule(schedule);
    draft.templates.push(document);
    save_schedule(ledger, &draft)
}

/// Takes a template off a schedule's Document list (R7.2): it becomes Voided and is
/// never used again.
pub fn remove_from_schedule(ledger: &Ledger, id: ScheduleId, document: DocId) -> Result<Change, Vec<Problem>> {
    let Some(schedule) = ledger.schedules.get(&id) else {
        return Err(vec![Problem::form(ProblemKind::Unknown, format!("Schedule {id} no longer exists"))]);
    };
    if !schedule.templates.contains(&document) {
        return Err(vec![Problem::new(&field::TEMPLATES, ProblemKind::Unknown, format!("The document is not a template of schedule {id}"))]);
    }
    let mut draft = ScheduleDraft::from_schedule(schedule);
    draft.templates.retain(|t| *t != document);
    save_schedule(ledger, &draft)
}
