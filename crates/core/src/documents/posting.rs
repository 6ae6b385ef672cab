//! Posting: releasing documents (SPEC R4.3–R4.10), mass release, applying released
//! credits, reversing applications and voiding payments. Each function returns one
//! `Change` holding every document it touches, or the problems; nothing is half done.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::accounting::journal::next_journal_entry;
use crate::base::problem::{Problem, Problems};
use crate::documents::document::{Application, DocId, DocStatus, DocType, Document};
use crate::documents::draft::ApplicationDraft;
use crate::documents::entry::{check_applications, next_document_id};
use crate::ledger::{Change, Ledger, Record};

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
    /// The settings as the last success left them (its journal entry number taken),
    /// put once at the end rather than once per document.
    settings: Option<crate::settings::Settings>,
    results: Vec<ReleaseResult>,
}

impl ReleaseRun {
    pub fn new(ledger: &Ledger, today: NaiveDate) -> Self {
        ReleaseRun { working: ledger.clone(), today, change: Change::default(), settings: None, results: Vec::new() }
    }

    /// Releases `ids` in order; a failure is a result of its own and stops nothing.
    pub fn release(&mut self, ids: &[DocId]) {
        for &id in ids {
            match release(&self.working, id, self.today) {
                Ok(one) => {
                    self.working.apply(&one);
                    for record in one.puts {
                        match record {
                            Record::Settings(settings) => self.settings = Some(settings),
                            other => self.change.puts.push(other),
                        }
                    }
                    self.change.deletes.extend(one.deletes);
                    self.results.push(ReleaseResult { id, outcome: Ok(()) });
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
        if let Some(settings) = self.settings {
            self.change.puts.push(Record::Settings(settings));
        }
        (self.change, self.results)
    }
}

fn refuse<T>(message: String) -> Result<T, Vec<Problem>> {
    Err(vec![Problem::new("", message)])
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
    fn settle(&mut self, target: DocId, amount: Decimal, problems: &mut Problems, field: &str) {
        let Some(doc) = self.get(target).cloned() else {
            problems.add(field, "The document applied to no longer exists");
            return;
        };
        let open = matches!(doc.status, DocStatus::Open) || (amount < Decimal::ZERO && doc.status == DocStatus::Closed);
        if !open {
            problems.add(field, format!("{} is {}, not open", name(&doc), doc.status.label()));
        } else if amount > doc.balance {
            problems.add(field, format!("{} has only {} left", name(&doc), doc.balance));
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

/// Releases one document (SPEC R4.3, R4.8, R4.10).
pub fn release(ledger: &Ledger, id: DocId, today: NaiveDate) -> Result<Change, Vec<Problem>> {
    let Some(doc) = ledger.documents.get(&id) else {
        return refuse("The document no longer exists".to_string());
    };
    match doc.status {
        DocStatus::OnHold => return refuse(format!("{} is on hold: clear Hold first", name(doc))),
        DocStatus::CreditHold => return refuse(format!("{} is on credit hold: {}", name(doc), doc.credit_hold_reason)),
        DocStatus::Open | DocStatus::Closed | DocStatus::Voided => return refuse(format!("{} is already released", name(doc))),
        DocStatus::Balanced | DocStatus::PendingPrint | DocStatus::PendingEmail => {}
    }
    let Some(customer) = ledger.customers.get(&doc.customer_id) else {
        return refuse(format!("Customer {} does not exist", doc.customer_id));
    };
    if !customer.status.allows(doc.doc_type) {
        return refuse(format!("Customer {} is {}: {} cannot be released", customer.id, customer.status.label(), name_in_sentence(doc)));
    }
    if let Some(reason) = crate::documents::entry::entry_rules_problem(&ledger.settings, doc) {
        return refuse(reason);
    }
    if let Some(reason) = crate::documents::invoice_delivery::release_refusal(&ledger.settings, Some(customer), doc) {
        return refuse(reason);
    }
    if !doc.credit_approved {
        if let Err(reason) = crate::documents::credit::check_credit(ledger, doc, today) {
            return refuse(format!("{} cannot be released: {reason}", name(doc)));
        }
    }
    let mut released = doc.clone();
    released.released_on = Some(today);
    // R3.5 *Apply payments automatically*: a payment without applications of its own.
    if doc.doc_type == DocType::Payment && doc.applications.is_empty() && customer.apply_payments_automatically {
        released.applications = crate::documents::auto_apply::automatic_applications(ledger, doc);
    }
    let mut touched = Touched::new(ledger);
    let mut problems = Problems::default();
    if doc.doc_type.applied_in_full() && doc.applied_total() != doc.total {
        return refuse(format!("{} must be applied in full ({} of {} is applied) before it is released", name(doc), doc.applied_total(), doc.total));
    }
    for (idx, app) in released.applications.iter_mut().enumerate() {
        touched.settle(app.target, app.amount + app.discount, &mut problems, &format!("applications.{idx}.amount"));
        app.released = true;
    }
    if !problems.is_empty() {
        return Err(problems.0);
    }
    released.balance = if doc.doc_type.is_cash() || doc.doc_type.applied_in_full() { Decimal::ZERO } else { doc.total - released.applied_total() };
    released.status = if released.balance.is_zero() { DocStatus::Closed } else { DocStatus::Open };
    released.journal =
        crate::accounting::journal::entry_for(&released, &ledger.settings, &crate::accounting::journal::accounts_for(ledger, &released.customer_id), &|id| {
            ledger.documents.get(&id)
        });
    // The entry is numbered now, in posting order, and keeps the number (R4.15).
    let mut settings = ledger.settings.clone();
    released.journal_entry = (!released.journal.is_empty()).then(|| next_journal_entry(ledger, &mut settings));
    Ok(with_settings(touched.into_change(released), ledger, settings))
}

/// `change` with `settings` put too when they moved (a journal entry number was taken).
fn with_settings(mut change: Change, ledger: &Ledger, settings: crate::settings::Settings) -> Change {
    if settings != ledger.settings {
        change.puts.push(Record::Settings(settings));
    }
    change
}

/// Applies a released credit with a balance to open debit documents (SPEC R4.9).
pub fn apply(ledger: &Ledger, id: DocId, drafts: &[ApplicationDraft], today: NaiveDate) -> Result<Change, Vec<Problem>> {
    let Some(doc) = ledger.documents.get(&id) else {
        return refuse("The document no longer exists".to_string());
    };
    if !doc.doc_type.is_applicable_credit() {
        return refuse(format!("A {} is not applied to other documents", doc.doc_type.label().to_lowercase()));
    }
    if doc.status != DocStatus::Open {
        return refuse(format!("{} is {}: only an open, released credit can be applied", name(doc), doc.status.label()));
    }
    if drafts.is_empty() {
        return refuse("Enter an amount to apply on at least one document".to_string());
    }
    let mut problems = Problems::default();
    let currency = ledger.settings.currency(&doc.currency).cloned();
    let applications = check_applications(ledger, &mut problems, doc.doc_type, Some(doc.date), &doc.customer_id, currency.as_ref(), drafts);
    if applications.iter().any(|a| !a.discount.is_zero()) {
        // The payment's journal entry was written at release; a discount now would need one of its own.
        problems.add("", "A cash discount is taken when the payment is released, not afterwards");
    }
    let total: Decimal = applications.iter().map(|a| a.amount).sum();
    if total > doc.balance {
        problems.add("", format!("The amounts ({total}) are more than the {} left on {}", doc.balance, name(doc)));
    }
    let mut touched = Touched::new(ledger);
    let accounts = crate::accounting::journal::accounts_for(ledger, &doc.customer_id);
    let mut applied = doc.clone();
    let mut settings = ledger.settings.clone();
    for (idx, app) in applications.into_iter().enumerate() {
        let app = Application { released: true, applied_on: Some(today), ..app };
        // Each entry sees the credit and its target as the applications before it left them.
        let journal = crate::accounting::journal::application_entry(&applied, &app, &ledger.settings, &accounts, &|id| touched.get(id));
        touched.settle(app.target, app.amount + app.discount, &mut problems, &format!("applications.{idx}.amount"));
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
        return refuse("The document no longer exists".to_string());
    };
    if !doc.doc_type.is_applicable_credit() || !matches!(doc.status, DocStatus::Open | DocStatus::Closed) {
        return refuse(format!("{} has no applications that can be reversed", name(doc)));
    }
    let net = doc.applied_to(target);
    let discount = doc.discount_to(target);
    if net <= Decimal::ZERO {
        return refuse(format!("{} has nothing applied to that document", name(doc)));
    }
    if !discount.is_zero() {
        // Reversing a discount would need a journal entry of its own; void the payment instead.
        return refuse(format!("{} took a cash discount on that document; void the payment to undo it", name(doc)));
    }
    let mut problems = Problems::default();
    let mut touched = Touched::new(ledger);
    touched.settle(target, -net, &mut problems, "");
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
        return refuse("The document no longer exists".to_string());
    };
    if !matches!(doc.doc_type, DocType::Payment | DocType::Prepayment) {
        return refuse(format!("Only payments and prepayments are voided; {} is a {}", doc.ref_nbr, doc.doc_type.label().to_lowercase()));
    }
    if !matches!(doc.status, DocStatus::Open | DocStatus::Closed) {
        return refuse(format!("{} is {}: only a released payment can be voided", name(doc), doc.status.label()));
    }
    let refunded = ledger.documents.values().any(|d| d.doc_type.applies_to_credits() && d.status.is_released() && d.applied_to(id) > Decimal::ZERO);
    if refunded {
        return refuse(format!("{} has been refunded and cannot be voided", name(doc)));
    }
    let mut problems = Problems::default();
    let mut touched = Touched::new(ledger);
    let mut targets: Vec<DocId> = doc.applications.iter().filter(|a| a.released).map(|a| a.target).collect();
    targets.sort();
    targets.dedup();
    for target in targets {
        let net = doc.applied_to(target) + doc.discount_to(target);
        if net > Decimal::ZERO {
            touched.settle(target, -net, &mut problems, "");
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
    };
    // The void payment posts the payment's own entry back, discounts and the
    // currency gains or losses of its later applications included.
    let journal = crate::accounting::journal::void_entry(ledger, doc);
    let journal_entry = (!journal.is_empty()).then(|| next_journal_entry(ledger, &mut settings));
    let void = Document { journal, journal_entry, ..void };
    let mut change = touched.into_change(voided);
    change.puts.push(Record::Document(void));
    change.puts.push(Record::Settings(settings));
    Ok(change)
}

/// Lets a document on credit hold go ahead (R4.14): it becomes Balanced and is released
/// without the credit check, as long as its total stays as it is.
pub fn remove_credit_hold(ledger: &Ledger, id: DocId) -> Result<Change, Vec<Problem>> {
    let Some(doc) = ledger.documents.get(&id) else {
        return refuse("The document no longer exists".to_string());
    };
    if doc.status != DocStatus::CreditHold {
        return refuse(format!("{} is not on credit hold", name(doc)));
    }
    let mut approved = doc.clone();
    approved.status = crate::documents::invoice_delivery::ready_status(&ledger.settings, ledger.customers.get(&doc.customer_id), doc);
    approved.credit_approved = true;
    approved.credit_hold_reason.clear();
    Ok(Change { puts: vec![Record::Document(approved)], deletes: vec![] })
}
