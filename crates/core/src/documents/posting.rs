//! Posting: releasing documents (SPEC R4.3–R4.10), mass release, applying released
//! credits, reversing applications and voiding payments. Each function returns one
//! `Change` holding every document it touches, or the problems; nothing is half done.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::accounting::journal::next_journal_entry;
use crate::base::problem::{Problem, ProblemKind, Problems};
use crate::documents::document::{Application, DocId, DocStatus, DocType, Document};
use crate::documents::draft::ApplicationDraft;
use crate::documents::entry::{check_applications, next_document_id};
use crate::fields::document::{self, ApplicationColumn};
use crate::fields::FieldPath;
use crate::ledger::{settings_puts, Change, Ledger, Record};

/// The result of releasing one document of a mass release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseResult {
    pub id: DocId,
    pub outcome: Result<(), String>,
}

/// Releases several documents as one action (SPEC R4.7): each is validated against
/// the ledger as changed by the ones before it; a failing document is left as it
/// was and does not stop the rest. The returned change holds every success.
pub fn release_many(ledger: &Ledger, ids: &[DocId], today: NaiveDate) -> (Change, Vec<ReleaseResult>) {
    let mut run = ReleaseRun::new(ledger, today);
    run.release(ids);
    run.finish()
}

/// [`release_many`] a part at a time, so a window can show progress between parts:
/// each document is released against the ledger as the ones before it left it, and
/// nothing is committed until [`ReleaseRun::finish`] gives the one change.
pub struct ReleaseRun {
    working: Ledger,
    today: NaiveDate,
    change: Change,
    /// The settings before the run: what the successes moved (the journal entry
    /// counter) is put once at the end, as [`settings_puts`] of these and the working
    /// ledger's, rather than once per document.
    original: crate::settings::Settings,
    results: Vec<ReleaseResult>,
}

impl ReleaseRun {
    pub fn new(ledger: &Ledger, today: NaiveDate) -> Self {
        ReleaseRun { working: ledger.clone(), today, change: Change::default(), original: ledger.settings.clone(), results: Vec::new() }
    }

    /// Releases `ids` in order; a failure is a result of its own and stops nothing.
    pub fn release(&mut self, ids: &[DocId]) {
        for &id in ids {
            match release_or_hold(&self.working, id, self.today) {
                Ok(Released::Released(one)) => {
                    self.working.apply(&one);
                    for record in one.puts {
                        match record {
                            Record::Settings(_) | Record::Counters(_) | Record::Logo(_) => {}
                            other => self.change.puts.push(other),
                        }
                    }
                    self.change.deletes.extend(one.deletes);
                    self.results.push(ReleaseResult { id, outcome: Ok(()) });
                }
                Ok(Released::CreditHold(held, reason)) => {
                    // The hold is kept (R4.14), and the row reports why it was not released.
                    self.working.apply(&held);
                    self.change.merge(held);
                    self.results.push(ReleaseResult { id, outcome: Err(format!("put on credit hold: {reason}")) });
                }
                Err(problems) => {
                    let reason = problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; ");
                    self.results.push(ReleaseResult { id, outcome: Err(reason) });
                }
            }
        }
    }

    /// How many documents have been tried.
    pub fn done(&self) -> usize {
        self.results.len()
    }

    /// The one change of every success, and a result per document tried.
    pub fn finish(mut self) -> (Change, Vec<ReleaseResult>) {
        self.change.puts.extend(settings_puts(&self.original, &self.working.settings));
        (self.change, self.results)
    }
}

fn refuse<T>(kind: ProblemKind, message: String) -> Result<T, Vec<Problem>> {
    Err(vec![Problem::form(kind, message)])
}

fn name(doc: &Document) -> String {
    format!("{} {}", doc.doc_type.label(), doc.ref_nbr)
}

/// "invoice INV000003": the type in lower case inside a sentence, the number as it is.
fn name_in_sentence(doc: &Document) -> String {
    format!("{} {}", doc.doc_type.label().to_lowercase(), doc.ref_nbr)
}

/// Documents changed while posting, so one target touched twice stays consistent.
struct Touched<'a> {
    ledger: &'a Ledger,
    docs: BTreeMap<DocId, Document>,
}

impl<'a> Touched<'a> {
    fn new(ledger: &'a Ledger) -> Self {
        Touched { ledger, docs: BTreeMap::new() }
    }

    fn get(&self, id: DocId) -> Option<&Document> {
        self.docs.get(&id).or_else(|| self.ledger.documents.get(&id))
    }

    fn put(&mut self, doc: Document) {
        self.docs.insert(doc.id, doc);
    }

    /// Moves `amount` off the balance of the open document `target` (a negative
    /// amount puts it back), closing or reopening it.
    fn settle(&mut self, target: DocId, amount: Decimal, problems: &mut Problems, field: &FieldPath) {
        let Some(doc) = self.get(target).cloned() else {
            problems.add(field, ProblemKind::Unknown, "The document applied to no longer exists");
            return;
        };
        let open = matches!(doc.status, DocStatus::Open) || (amount < Decimal::ZERO && doc.status == DocStatus::Closed);
        if !open {
            problems.add(field, ProblemKind::NotAllowed, format!("{} is {}, not open", name(&doc), doc.status.label()));
        } else if amount > doc.balance {
            problems.add(field, ProblemKind::OutOfRange, format!("{} has only {} left", name(&doc), self.ledger.settings.numbers().decimal(doc.balance)));
        } else {
            let mut doc = doc;
            doc.balance -= amount;
            doc.status = if doc.balance.is_zero() { DocStatus::Closed } else { DocStatus::Open };
            self.put(doc);
        }
    }

    fn into_change(self, first: Document) -> Change {
        let first_id = first.id;
        let mut puts = vec![Record::Document(first)];
        puts.extend(self.docs.into_values().filter(|d| d.id != first_id).map(Record::Document));
        Change { puts, deletes: vec![] }
    }
}

/// What releasing one document did.
enum Released {
    Released(Change),
    /// The credit check failed (R4.14): the change puts the document on credit hold
    /// with the reason, which is given too.
    CreditHold(Change, String),
}

/// Releases one document (SPEC R4.3, R4.8, R4.10). When the credit check fails, the
/// change puts the document on credit hold with the reason instead (R4.14); see
/// [`held_at_release`] for telling the two apart after the commit.
pub fn release(ledger: &Ledger, id: DocId, today: NaiveDate) -> Result<Change, Vec<Problem>> {
    release_or_hold(ledger, id, today).map(|released| match released {
        Released::Released(change) | Released::CreditHold(change, _) => change,
    })
}

/// The reason `id` was put on credit hold instead of released, when it was: what a
/// window shows after a release it asked for.
pub fn held_at_release(ledger: &Ledger, id: DocId) -> Option<&str> {
    ledger.documents.get(&id).filter(|d| d.status == DocStatus::CreditHold).map(|d| d.credit_hold_reason.as_str())
}

fn release_or_hold(ledger: &Ledger, id: DocId, today: NaiveDate) -> Result<Released, Vec<Problem>> {
    let Some(doc) = ledger.documents.get(&id) else {
        return refuse(ProblemKind::Unknown, "The document no longer exists".to_string());
    };
    match doc.status {
        DocStatus::OnHold => return refuse(ProblemKind::NotAllowed, format!("{} is on hold: clear Hold first", name(doc))),
        DocStatus::CreditHold => return refuse(ProblemKind::NotAllowed, format!("{} is on credit hold: {}", name(doc), doc.credit_hold_reason)),
        DocStatus::Open | DocStatus::Closed | DocStatus::Voided => return refuse(ProblemKind::NotAllowed, format!("{} is already released", name(doc))),
        DocStatus::Scheduled => {
            return refuse(
                ProblemKind::NotAllowed,
                format!("{} is the template of a schedule and is never released; the documents the schedule generates are", name(doc)),
            )
        }
        DocStatus::Balanced | DocStatus::PendingPrint | DocStatus::PendingEmail => {}
    }
    let Some(customer) = ledger.customers.get(&doc.customer_id) else {
        return refuse(ProblemKind::Unknown, format!("Customer {} does not exist", doc.customer_id));
    };
    if !customer.status.allows(doc.doc_type) {
        return refuse(
            ProblemKind::NotAllowed,
            format!("Customer {} is {}: {} cannot be released", customer.id, customer.status.label(), name_in_sentence(doc)),
        );
    }
    if let Some(reason) = crate::documents::entry::entry_rules_problem(&ledger.settings, doc) {
        return refuse(ProblemKind::NotAllowed, reason);
    }
    if let Some(reason) = crate::documents::invoice_delivery::release_refusal(&ledger.settings, Some(customer), doc) {
        return refuse(ProblemKind::NotAllowed, reason);
    }
    if !doc.credit_approved {
        if let Err(reason) = crate::documents::credit::check_credit(ledger, doc, today) {
            // R4.14: a violation at release puts the document on credit hold with the
            // reason, as at entry; the release itself does not happen.
            let mut held = doc.clone();
            held.status = DocStatus::CreditHold;
            held.credit_hold_reason = reason;
            let reason = held.credit_hold_reason.clone();
            return Ok(Released::CreditHold(Change { puts: vec![Record::Document(held)], deletes: vec![] }, reason));
        }
    }
    check_planned_applications(ledger, doc)?;
    let mut released = doc.clone();
    released.released_on = Some(today);
    // R3.5 *Apply payments automatically*: a payment without applications of its own.
    if doc.doc_type == DocType::Payment && doc.applications.is_empty() && customer.apply_payments_automatically {
        released.applications = crate::documents::auto_apply::automatic_applications(ledger, doc);
    }
    let mut touched = Touched::new(ledger);
    let mut problems = Problems::default();
    if doc.doc_type.applied_in_full() && doc.applied_total() != doc.total {
        return refuse(
            ProblemKind::Mismatch,
            format!(
                "{} must be applied in full ({} of {} is applied) before it is released",
                name(doc),
                ledger.settings.numbers().decimal(doc.applied_total()),
                ledger.settings.numbers().decimal(doc.total)
            ),
        );
    }
    check_planned(ledger, doc, &released.applications, &mut problems);
    for (idx, app) in released.applications.iter_mut().enumerate() {
        touched.settle(app.target, app.amount + app.discount, &mut problems, &document::application(idx, ApplicationColumn::Amount));
        app.released = true;
    }
    if !problems.is_empty() {
        return Err(problems.0);
    }
    released.balance = if doc.doc_type.is_cash() || doc.doc_type.applied_in_full() { Decimal::ZERO } else { doc.total - released.applied_total() };
    released.status = if released.balance.is_zero() { DocStatus::Closed } else { DocStatus::Open };
    let entry =
        crate::accounting::journal::entry_for(&released, &ledger.settings, &crate::accounting::journal::accounts_for(ledger, &released.customer_id), &|id| {
            ledger.documents.get(&id)
        });
    released.journal = crate::accounting::journal::with_receivable_transfers(ledger, &released, released.applications.iter(), entry);
    // The entry is numbered now, in posting order, and keeps the number (R4.15); only
    // the small counters record goes with it (a release is the hot path of a mass
    // release, so the settings are not cloned here).
    let mut counters = crate::settings::Counters::of(&ledger.settings);
    released.journal_entry = (!released.journal.is_empty()).then(|| crate::accounting::journal::take_journal_entry(ledger, &mut counters));
    let moved = released.journal_entry.is_some();
    let mut change = touched.into_change(released);
    if moved {
        change.puts.push(Record::Counters(counters));
    }
    Ok(Released::Released(change))
}

/// `change` with the settings' records put too when they moved (a journal entry
/// number was taken): the counters, by [`settings_puts`].
fn with_settings(mut change: Change, ledger: &Ledger, settings: crate::settings::Settings) -> Change {
    change.puts.extend(settings_puts(&ledger.settings, &settings));
    change
}

/// The applications planned on `doc`, checked again at release by the rules entry
/// checks them with (kind, customer, open, currency, more than zero, at most the
/// balance, cash discount), so a document stored with a plan entry would refuse is
/// refused with the reason instead of being released.
fn check_planned_applications(ledger: &Ledger, doc: &Document) -> Result<(), Vec<Problem>> {
    if doc.applications.is_empty() {
        return Ok(());
    }
    let mut problems = Problems::default();
    let numbers = ledger.settings.numbers();
    let drafts: Vec<ApplicationDraft> = doc.applications.iter().map(|a| ApplicationDraft::from_planned(a, numbers)).collect();
    let currency = ledger.settings.currency(&doc.currency);
    if currency.is_none() {
        problems.add(document::CURRENCY, ProblemKind::Unknown, format!("Currency {} is not in the currency table", doc.currency));
    }
    check_applications(ledger, &mut problems, doc.doc_type, Some(doc.date), &doc.customer_id, currency, &drafts);
    if doc.applied_total() > doc.total {
        problems.add(
            FieldPath::FORM,
            ProblemKind::Mismatch,
            format!("{} applies {} of its {}", name(doc), numbers.decimal(doc.applied_total()), numbers.decimal(doc.total)),
        );
    }
    problems.into_result(|| ())
}

/// Checks the planned applications of `doc` again as it is released: since they were
/// saved, a child may have stopped consolidating with its parent, and another payment
/// may have taken a target's cash discount. Whether a target is still open (and has
/// the balance) is left to `Touched::settle`.
fn check_planned(ledger: &Ledger, doc: &Document, applications: &[Application], problems: &mut Problems) {
    use crate::documents::applications::{target_problem, ApplicationSource, TargetProblem};
    let source = ApplicationSource::of(doc);
    for (idx, app) in applications.iter().enumerate() {
        let Some(target) = ledger.documents.get(&app.target) else { continue };
        match target_problem(ledger, &source, target) {
            None | Some(TargetProblem::NotOpen(_)) => {}
            Some(_) => problems.add(
                document::application(idx, ApplicationColumn::Amount),
                ProblemKind::NotAllowed,
                format!("{} can no longer be applied to from {}", name(target), name(doc)),
            ),
        }
        if app.discount.is_zero() {
            continue;
        }
        let left = crate::documents::auto_apply::discount_left(ledger, doc.doc_type, target, doc.date);
        if app.discount < Decimal::ZERO || app.discount > left {
            problems.add(
                document::application(idx, ApplicationColumn::Discount),
                ProblemKind::OutOfRange,
                format!("{} gives a cash discount of at most {left} now", name(target)),
            );
        }
    }
}

/// Applies a released credit with a balance to open debit documents (SPEC R4.9).
pub fn apply(ledger: &Ledger, id: DocId, drafts: &[ApplicationDraft], today: NaiveDate) -> Result<Change, Vec<Problem>> {
    let Some(doc) = ledger.documents.get(&id) else {
        return refuse(ProblemKind::Unknown, "The document no longer exists".to_string());
    };
    if !doc.doc_type.is_applicable_credit() {
        return refuse(ProblemKind::NotAllowed, format!("A {} is not applied to other documents", doc.doc_type.label().to_lowercase()));
    }
    if doc.status != DocStatus::Open {
        return refuse(ProblemKind::NotAllowed, format!("{} is {}: only an open, released credit can be applied", name(doc), doc.status.label()));
    }
    if drafts.is_empty() {
        return refuse(ProblemKind::Required, "Enter an amount to apply on at least one document".to_string());
    }
    let mut problems = Problems::default();
    let currency = ledger.settings.currency(&doc.currency).cloned();
    // A cash discount is judged by the payment's date, not by the day it is applied;
    // its entry is the application's own (`application_entry`).
    let applications = check_applications(ledger, &mut problems, doc.doc_type, Some(doc.date), &doc.customer_id, currency.as_ref(), drafts);
    let total: Decimal = applications.iter().map(|a| a.amount).sum();
    if total > doc.balance {
        problems.add(
            FieldPath::FORM,
            ProblemKind::Mismatch,
            format!(
                "The amounts ({}) are more than the {} left on {}",
                ledger.settings.numbers().decimal(total),
                ledger.settings.numbers().decimal(doc.balance),
                name(doc)
            ),
        );
    }
    let mut touched = Touched::new(ledger);
    let accounts = crate::accounting::journal::accounts_for(ledger, &doc.customer_id);
    let mut applied = doc.clone();
    let mut settings = ledger.settings.clone();
    for (idx, app) in applications.into_iter().enumerate() {
        let app = Application { released: true, applied_on: Some(today), ..app };
        // Each entry sees the credit and its target as the applications before it left them.
        let journal = crate::accounting::journal::application_entry(&applied, &app, &ledger.settings, &accounts, &|id| touched.get(id));
        let journal = crate::accounting::journal::with_receivable_transfers(ledger, &applied, std::iter::once(&app), journal);
        touched.settle(app.target, app.amount + app.discount, &mut problems, &document::application(idx, ApplicationColumn::Amount));
        applied.balance -= app.amount;
        let journal_entry = (!journal.is_empty()).then(|| next_journal_entry(ledger, &mut settings));
        applied.applications.push(Application { journal, journal_entry, ..app });
    }
    if !problems.is_empty() {
        return Err(problems.0);
    }
    applied.status = if applied.balance.is_zero() { DocStatus::Closed } else { DocStatus::Open };
    Ok(with_settings(touched.into_change(applied), ledger, settings))
}

/// Reverses everything a released credit applied to `target` (SPEC R4.9): both
/// balances go back up, and the reversal is kept as a negative application.
pub fn reverse_application(ledger: &Ledger, id: DocId, target: DocId, today: NaiveDate) -> Result<Change, Vec<Problem>> {
    let Some(doc) = ledger.documents.get(&id) else {
        return refuse(ProblemKind::Unknown, "The document no longer exists".to_string());
    };
    if !doc.doc_type.is_applicable_credit() || !matches!(doc.status, DocStatus::Open | DocStatus::Closed) {
        return refuse(ProblemKind::NotAllowed, format!("{} has no applications that can be reversed", name(doc)));
    }
    let net = doc.applied_to(target);
    let discount = doc.discount_to(target);
    if net <= Decimal::ZERO {
        return refuse(ProblemKind::NotAllowed, format!("{} has nothing applied to that document", name(doc)));
    }
    if !discount.is_zero() {
        // Reversing a discount would need a journal entry of its own; void the payment instead.
        return refuse(ProblemKind::NotAllowed, format!("{} took a cash discount on that document; void the payment to undo it", name(doc)));
    }
    let mut problems = Problems::default();
    let mut touched = Touched::new(ledger);
    touched.settle(target, -net, &mut problems, &FieldPath::FORM);
    if !problems.is_empty() {
        return Err(problems.0);
    }
    let mut reversed = doc.clone();
    let reversal = Application { released: true, applied_on: Some(today), ..Application::planned(target, -net, Decimal::ZERO) };
    let journal = crate::accounting::journal::application_entry(
        doc,
        &reversal,
        &ledger.settings,
        &crate::accounting::journal::accounts_for(ledger, &doc.customer_id),
        &|id| ledger.documents.get(&id),
    );
    let journal = crate::accounting::journal::with_receivable_transfers(ledger, doc, std::iter::once(&reversal), journal);
    let mut settings = ledger.settings.clone();
    let journal_entry = (!journal.is_empty()).then(|| next_journal_entry(ledger, &mut settings));
    reversed.applications.push(Application { journal, journal_entry, ..reversal });
    reversed.balance += net;
    reversed.status = DocStatus::Open;
    Ok(with_settings(touched.into_change(reversed), ledger, settings))
}

/// Voids a released payment or prepayment (SPEC R4.10): a Void payment document with
/// the payment's number reverses it and every application it made, in one change.
pub fn void_payment(ledger: &Ledger, id: DocId, today: NaiveDate) -> Result<Change, Vec<Problem>> {
    let Some(doc) = ledger.documents.get(&id) else {
        return refuse(ProblemKind::Unknown, "The document no longer exists".to_string());
    };
    if !matches!(doc.doc_type, DocType::Payment | DocType::Prepayment) {
        return refuse(
            ProblemKind::NotAllowed,
            format!("Only payments and prepayments are voided; {} is a {}", doc.ref_nbr, doc.doc_type.label().to_lowercase()),
        );
    }
    if !matches!(doc.status, DocStatus::Open | DocStatus::Closed) {
        return refuse(ProblemKind::NotAllowed, format!("{} is {}: only a released payment can be voided", name(doc), doc.status.label()));
    }
    let refunded = ledger.documents.values().any(|d| d.doc_type.applies_to_credits() && d.status.is_released() && d.applied_to(id) > Decimal::ZERO);
    if refunded {
        return refuse(ProblemKind::NotAllowed, format!("{} has been refunded and cannot be voided", name(doc)));
    }
    let mut problems = Problems::default();
    let mut touched = Touched::new(ledger);
    let mut targets: Vec<DocId> = doc.applications.iter().filter(|a| a.released).map(|a| a.target).collect();
    targets.sort();
    targets.dedup();
    for target in targets {
        let net = doc.applied_to(target) + doc.discount_to(target);
        if net > Decimal::ZERO {
            touched.settle(target, -net, &mut problems, &FieldPath::FORM);
        }
    }
    if !problems.is_empty() {
        return Err(problems.0);
    }
    let mut settings = ledger.settings.clone();
    let void_id = next_document_id(&mut settings);
    let mut voided = doc.clone();
    voided.status = DocStatus::Voided;
    voided.balance = Decimal::ZERO;
    voided.voids = Some(void_id);
    let void = Document {
        id: void_id,
        doc_type: DocType::VoidPayment,
        ref_nbr: doc.ref_nbr.clone(),
        customer_id: doc.customer_id.clone(),
        date: today.max(doc.date),
        due_date: None,
        cash_discount: Decimal::ZERO,
        cash_discount_date: None,
        currency: doc.currency.clone(),
        rate_typed: doc.rate_typed,
        rate: doc.rate,
        description: format!("Voids {}", name_in_sentence(doc)),
        payment_ref: doc.payment_ref.clone(),
        status: DocStatus::Closed,
        lines: vec![],
        vat_lines: vec![],
        total: doc.total,
        balance: Decimal::ZERO,
        applications: vec![],
        voids: Some(doc.id),
        released_on: Some(today),
        control_total: None,
        journal: Vec::new(),
        journal_entry: None,
        credit_hold_reason: String::new(),
        credit_approved: false,
        overdue_charges: false,
        overdue_charged_to: None,
        printed: false,
        emailed: false,
        printed_on: Vec::new(),
        emailed_on: Vec::new(),
        skipped_print_on: Vec::new(),
        skipped_email_on: Vec::new(),
        schedule: None,
        dunning: None,
    };
    // The void payment posts the payment's own entry back, discounts and the
    // currency gains or losses of its later applications included.
    let journal = crate::accounting::journal::void_entry(ledger, doc);
    let journal_entry = (!journal.is_empty()).then(|| next_journal_entry(ledger, &mut settings));
    let void = Document { journal, journal_entry, ..void };
    let mut change = touched.into_change(voided);
    change.puts.push(Record::Document(void));
    change.puts.extend(crate::ledger::settings_puts(&ledger.settings, &settings));
    Ok(change)
}

/// Lets a document on credit hold go ahead (R4.14): it becomes Balanced and is released
/// without the credit check, as long as its total stays as it is.
pub fn remove_credit_hold(ledger: &Ledger, id: DocId) -> Result<Change, Vec<Problem>> {
    let Some(doc) = ledger.documents.get(&id) else {
        return refuse(ProblemKind::Unknown, "The document no longer exists".to_string());
    };
    if doc.status != DocStatus::CreditHold {
        return refuse(ProblemKind::NotAllowed, format!("{} is not on credit hold", name(doc)));
    }
    let mut approved = doc.clone();
    approved.status = crate::documents::invoice_delivery::ready_status(&ledger.settings, ledger.customers.get(&doc.customer_id), doc);
    approved.credit_approved = true;
    approved.credit_hold_reason.clear();
    Ok(Change { puts: vec![Record::Document(approved)], deletes: vec![] })
}
