//! Commands: what a user asks for. [`execute`] validates a command against the
//! ledger and returns either every problem or the [`Change`] to commit. The drafts a
//! command carries live with their area (`documents::draft`, `customers::master`,
//! `settings::draft`); this file is the enum and its dispatch only.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::base::problem::Problem;
use crate::documents::document::DocId;
use crate::documents::{entry, posting};
use crate::ledger::{Change, Ledger};
use crate::mailings::queue;
use crate::schedules;

// The payloads of the commands, re-exported so a caller that builds a `Command` finds
// them beside it.
pub use crate::customers::master::{ChargesDraft, ClassDraft, CustomerDraft};
pub use crate::documents::draft::{ApplicationDraft, InvoiceDraft, LineDraft, PaymentDraft};
pub use crate::schedules::{RangeDraft, ScheduleDraft, Stop};
pub use crate::settings::draft::{SeriesDraft, SettingsDraft};

/// Everything a user can ask the ledger to do.
// Commands are made one per user action; boxing the big drafts would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    SaveSettings(SettingsDraft),
    SaveClass(ClassDraft),
    DeleteClass(String),
    SaveCustomer(CustomerDraft),
    DeleteCustomer(String),
    /// *Change ID* (R3.1): gives a customer a new number, everywhere it is used.
    ChangeCustomerId {
        from: String,
        to: String,
    },
    SaveInvoice(InvoiceDraft),
    SavePayment(PaymentDraft),
    DeleteDocument(DocId),
    Release(DocId),
    /// Applies a released credit to open debit documents (R4.9, after release).
    Apply {
        id: DocId,
        applications: Vec<ApplicationDraft>,
    },
    /// Reverses everything a released credit has applied to `target` (R4.9).
    ReverseApplication {
        id: DocId,
        target: DocId,
    },
    /// Voids a released payment or prepayment with a Void payment document (R4.10).
    VoidPayment(DocId),
    /// A credit controller lets a document on credit hold go ahead (R4.14).
    RemoveCreditHold(DocId),
    /// The invoice was printed (R4.5): Pending print moves on.
    MarkPrinted(DocId),
    /// Several documents were printed (Send invoices, R11.5).
    MarkPrintedMany(Vec<DocId>),
    /// The invoice was emailed (R4.5): Pending email moves on.
    MarkEmailed(DocId),
    /// *Calculate overdue charges* on a date (R4.12).
    CalculateOverdueCharges(NaiveDate),
    /// *Write off balances and credits* on a date, up to a limit in base currency (R4.13).
    WriteOff {
        date: NaiveDate,
        limit: Option<rust_decimal::Decimal>,
    },
    SaveReferenceTables(crate::settings::reference::ReferenceTablesDraft),
    /// The preferences' mailing settings list (R1.5), which new classes copy.
    SaveMailingSettings(Vec<crate::customers::mailing::Mailing>),
    /// *Update credit hold* on a date (R3.1): customers breaking their credit policy go
    /// on Credit hold, those meeting it again become Active.
    UpdateCreditHold(NaiveDate),
    /// Puts one customer on Credit hold by choice (R4.14: "and, by choice, the customer").
    HoldCustomer(String),
    /// Prepared emails into the Pending emails queue; `delivered` documents are marked
    /// Emailed (R11.2). `nonce`: a random number from the caller, for the Message-IDs.
    QueueEmails {
        emails: Vec<crate::mailings::Email>,
        delivered: Vec<DocId>,
        nonce: u64,
    },
    /// Edits of a queued email (R12.2).
    SaveEmail(crate::mailings::queue::EmailDraft),
    DeleteEmails(Vec<crate::mailings::EmailId>),
    /// Committed before the relay is asked (R12.4).
    MarkEmailsSending {
        ids: Vec<crate::mailings::EmailId>,
        at: chrono::NaiveDateTime,
    },
    /// The relay's answer for one email.
    RecordSendResult {
        id: crate::mailings::EmailId,
        at: chrono::NaiveDateTime,
        outcome: crate::mailings::queue::SendOutcome,
    },
    /// Saved as `.eml` files (R12.3).
    MarkEmailsExported {
        ids: Vec<crate::mailings::EmailId>,
        at: chrono::NaiveDateTime,
    },
    SaveTemplate {
        template: crate::mailings::NotificationTemplate,
        is_new: bool,
    },
    DeleteTemplate(String),
    /// Send invoices: mark documents as not to be emailed (or printed) (seed 000).
    MarkNotDelivered {
        ids: Vec<DocId>,
        print: bool,
    },
    /// The relay endpoint settings (R12.4).
    SaveRelaySettings(crate::settings::RelaySettings),
    /// Saves a schedule of recurring documents with its Document list (R7.1, R7.2).
    SaveSchedule(crate::schedules::ScheduleDraft),
    /// Deletes a schedule that has generated nothing; its templates become Voided.
    DeleteSchedule(crate::schedules::ScheduleId),
    /// Adds a document to a schedule's Document list: it becomes Scheduled (R7.2).
    AddToSchedule {
        schedule: crate::schedules::ScheduleId,
        document: DocId,
    },
    /// Takes a template off a schedule: it becomes Voided, never used again (R7.2).
    RemoveFromSchedule {
        schedule: crate::schedules::ScheduleId,
        document: DocId,
    },
    /// *Run* / *Run selected* / *Run all* (empty `ids`): per schedule at most one
    /// occurrence, the earliest not yet generated on or before the business date (R7.3).
    RunSchedules(Vec<crate::schedules::ScheduleId>),
    /// A ranged run (R7.4): every occurrence from `start_on` (`None`: all due earlier)
    /// until `stop`, future dates included; empty `ids`: every active schedule.
    GenerateRange {
        ids: Vec<crate::schedules::ScheduleId>,
        start_on: Option<NaiveDate>,
        stop: crate::schedules::Stop,
    },
    /// The header's business date controls (R0.5, R13.6): the date every rule that says
    /// "today" uses; `None` follows the computer's date again.
    SetBusinessDate(Option<NaiveDate>),
    /// *Process* of Print statements (R9.1): records each customer's last statement;
    /// `customers` empty: every customer the preview lists. `emails`: the statements'
    /// emails (rendered by the caller), queued in the same change; `nonce` as in
    /// `QueueEmails`.
    ProcessStatements {
        cycle: String,
        date: NaiveDate,
        customers: Vec<String>,
        emails: Vec<crate::mailings::Email>,
        nonce: u64,
    },
    /// *Process* of dunning letters (R9.2): records each raised document's level and date;
    /// `customers` empty: every letter that can go out. `emails`: the letters' emails,
    /// queued in the same change.
    ProcessDunning {
        date: NaiveDate,
        customers: Vec<String>,
        emails: Vec<crate::mailings::Email>,
        nonce: u64,
    },
}

/// Validates `command` against `ledger` on business date `today`.
pub fn execute(ledger: &Ledger, command: &Command, today: NaiveDate) -> Result<Change, Vec<Problem>> {
    match command {
        Command::SaveSettings(draft) => crate::settings::draft::save_settings(ledger, draft),
        Command::SaveClass(draft) => crate::customers::master::save_class(ledger, draft),
        Command::DeleteClass(id) => crate::customers::master::delete_class(ledger, id),
        Command::SaveCustomer(draft) => crate::customers::master::save_customer(ledger, draft, today),
        Command::DeleteCustomer(id) => crate::customers::master::delete_customer(ledger, id),
        Command::ChangeCustomerId { from, to } => crate::customers::master::change_customer_id(ledger, from, to),
        Command::SaveInvoice(draft) => entry::save_invoice(ledger, draft, today),
        Command::SavePayment(draft) => entry::save_payment(ledger, draft),
        Command::DeleteDocument(id) => entry::delete_document(ledger, *id),
        Command::Release(id) => posting::release(ledger, *id, today),
        Command::Apply { id, applications } => posting::apply(ledger, *id, applications, today),
        Command::ReverseApplication { id, target } => posting::reverse_application(ledger, *id, *target, today),
        Command::VoidPayment(id) => posting::void_payment(ledger, *id, today),
        Command::RemoveCreditHold(id) => posting::remove_credit_hold(ledger, *id),
        Command::MarkPrinted(id) => crate::documents::invoice_delivery::mark_printed(ledger, *id, today),
        Command::MarkPrintedMany(ids) => crate::documents::invoice_delivery::mark_printed_many(ledger, ids, today),
        Command::MarkEmailed(id) => crate::documents::invoice_delivery::mark_emailed(ledger, *id, today),
        Command::CalculateOverdueCharges(date) => crate::processes::calculate_overdue_charges(ledger, *date),
        Command::WriteOff { date, limit } => crate::processes::write_off(ledger, *date, *limit),
        Command::SaveReferenceTables(draft) => crate::settings::reference::save_reference_tables(ledger, draft),
        Command::SaveMailingSettings(mailings) => crate::customers::master::save_mailing_settings(ledger, mailings),
        Command::UpdateCreditHold(date) => crate::documents::credit::update_credit_hold(ledger, *date),
        Command::HoldCustomer(id) => crate::customers::master::hold_customer(ledger, id, today),
        Command::QueueEmails { emails, delivered, nonce } => queue::queue_emails(ledger, emails, delivered, *nonce, today),
        Command::SaveEmail(draft) => queue::save_email(ledger, draft),
        Command::DeleteEmails(ids) => queue::delete_emails(ledger, ids),
        Command::MarkEmailsSending { ids, at } => queue::mark_sending(ledger, ids, *at),
        Command::RecordSendResult { id, at, outcome } => queue::record_send_result(ledger, *id, *at, outcome),
        Command::MarkEmailsExported { ids, at } => queue::mark_exported(ledger, ids, *at),
        Command::SaveTemplate { template, is_new } => queue::save_template(ledger, template, *is_new),
        Command::DeleteTemplate(id) => queue::delete_template(ledger, id),
        Command::MarkNotDelivered { ids, print } => queue::mark_not_delivered(ledger, ids, *print, today),
        Command::SaveRelaySettings(relay) => crate::settings::draft::save_relay(ledger, relay),
        Command::SaveSchedule(draft) => schedules::save_schedule(ledger, draft),
        Command::DeleteSchedule(id) => schedules::delete_schedule(ledger, *id),
        Command::AddToSchedule { schedule, document } => schedules::add_to_schedule(ledger, *schedule, *document),
        Command::RemoveFromSchedule { schedule, document } => schedules::remove_from_schedule(ledger, *schedule, *document),
        Command::RunSchedules(ids) => schedules::run_schedules(ledger, ids, today),
        Command::GenerateRange { ids, start_on, stop } => schedules::generate_range(ledger, ids, *start_on, *stop, today),
        Command::SetBusinessDate(date) => Ok(crate::settings::draft::set_business_date(ledger, *date)),
        Command::ProcessStatements { cycle, date, customers, emails, nonce } => {
            crate::processes::statements::process_statements(ledger, cycle, *date, customers)
                .and_then(|c| crate::processes::with_emails(ledger, c, emails, *nonce, today))
        }
        Command::ProcessDunning { date, customers, emails, nonce } => {
            crate::processes::dunning::process_dunning(ledger, *date, customers).and_then(|c| crate::processes::with_emails(ledger, c, emails, *nonce, today))
        }
    }
}
