//! Commands: what a user asks for. [`execute`] validates a command against the
//! ledger and returns either every problem or the [`Change`] to commit.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::address::{check_address, normalised, Address};
pub use crate::master::{ChargesDraft, ClassDraft, CustomerDraft};
use crate::document::{DocId, DocStatus, DocType, Document};
use crate::entry;
use crate::ledger::{Change, Ledger, Record};
use crate::posting;
use crate::problem::{is_valid_email, parse_date, Problem, Problems};
use crate::settings::{SeriesKind, Settings};

/// The editable part of the settings, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsDraft {
    pub company_name: String,
    #[serde(default)]
    pub company_email: String,
    pub base_currency: String,
    /// Empty: follow the computer's date.
    pub business_date: String,
    pub hold_documents_on_entry: bool,
    pub validate_totals_on_entry: bool,
    pub require_payment_ref_on_entry: bool,
    #[serde(default)]
    pub require_invoice_printing_before_release: bool,
    #[serde(default)]
    pub require_invoice_emailing_before_release: bool,
    pub series: Vec<SeriesDraft>,
    #[serde(default)]
    pub company_address: Address,
    #[serde(default)]
    pub vat_number: String,
    /// A `data:image/...;base64,` URL, or `None` for no logo.
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default)]
    pub age_credits: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesDraft {
    pub kind: SeriesKind,
    pub prefix: String,
    pub next_number: String,
    pub width: String,
    pub manual_numbering: bool,
}

impl SettingsDraft {
    pub fn from_settings(settings: &Settings) -> Self {
        SettingsDraft {
            company_name: settings.company_name.clone(),
            company_email: settings.company_email.clone(),
            base_currency: settings.base_currency.clone(),
            business_date: settings.business_date.map(|d| d.to_string()).unwrap_or_default(),
            hold_documents_on_entry: settings.hold_documents_on_entry,
            validate_totals_on_entry: settings.validate_totals_on_entry,
            require_payment_ref_on_entry: settings.require_payment_ref_on_entry,
            require_invoice_printing_before_release: settings.require_invoice_printing_before_release,
            require_invoice_emailing_before_release: settings.require_invoice_emailing_before_release,
            series: settings
                .series
                .iter()
                .map(|(kind, s)| SeriesDraft {
                    kind: *kind,
                    prefix: s.prefix.clone(),
                    next_number: s.next_number.to_string(),
                    width: s.width.to_string(),
                    manual_numbering: s.manual_numbering,
                })
                .collect(),
            company_address: settings.company_address.clone(),
            vat_number: settings.vat_number.clone(),
            logo: settings.logo.clone(),
            age_credits: settings.age_credits,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineDraft {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub discount_pct: String,
    pub vat_category: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDraft {
    /// Invoice, debit note, credit note, cash sale or cash return.
    pub doc_type: DocType,
    /// `None` for a new document.
    pub id: Option<DocId>,
    /// Typed only when the invoice series has manual numbering.
    pub ref_nbr: String,
    pub customer_id: String,
    pub date: String,
    /// Empty: from the customer's terms.
    pub due_date: String,
    /// Empty: the customer's currency.
    pub currency: String,
    /// Empty: the rate of the customer's rate type on the date; typed only when the
    /// customer has *Enable rate override* (R3.5).
    #[serde(default)]
    pub rate: String,
    pub description: String,
    pub hold: bool,
    pub lines: Vec<LineDraft>,
    /// Cash sales and returns: the payment reference.
    pub payment_ref: String,
    /// Credit notes: applications planned before release.
    pub applications: Vec<ApplicationDraft>,
    /// The total as typed, when totals are validated on entry (R4.6).
    pub control_total: String,
    /// Invoices and debit notes: *Apply overdue charges* (R4.12). `None`: the customer's
    /// flag for a new document, the stored flag for a saved one.
    #[serde(default)]
    pub overdue_charges: Option<bool>,
}

impl InvoiceDraft {
    pub fn from_document(doc: &Document) -> Self {
        InvoiceDraft {
            doc_type: doc.doc_type,
            id: Some(doc.id),
            ref_nbr: doc.ref_nbr.clone(),
            customer_id: doc.customer_id.clone(),
            date: doc.date.to_string(),
            due_date: doc.due_date.map(|d| d.to_string()).unwrap_or_default(),
            currency: doc.currency.clone(),
            rate: if doc.rate_typed { doc.rate.normalize().to_string() } else { String::new() },
            description: doc.description.clone(),
            hold: doc.status == DocStatus::OnHold,
            lines: doc
                .lines
                .iter()
                .map(|l| LineDraft {
                    description: l.description.clone(),
                    quantity: l.quantity.normalize().to_string(),
                    unit_price: l.unit_price.to_string(),
                    discount_pct: if l.discount_pct.is_zero() { String::new() } else { l.discount_pct.normalize().to_string() },
                    vat_category: l.vat_category.clone(),
                })
                .collect(),
            payment_ref: doc.payment_ref.clone(),
            applications: planned_applications(doc),
            control_total: doc.control_total.map(|t| t.to_string()).unwrap_or_default(),
            overdue_charges: doc.doc_type.is_debit().then_some(doc.overdue_charges),
        }
    }
}

impl ApplicationDraft {
    /// An application of `amount` (as typed) to `target`, with no cash discount.
    pub fn new(target: DocId, amount: impl Into<String>) -> Self {
        ApplicationDraft { target, amount: amount.into(), discount: String::new() }
    }
}

/// The applications of a document that have not taken effect, as drafts.
fn planned_applications(doc: &Document) -> Vec<ApplicationDraft> {
    doc.applications
        .iter()
        .filter(|a| !a.released)
        .map(|a| ApplicationDraft { target: a.target, amount: a.amount.to_string(), discount: if a.discount.is_zero() { String::new() } else { a.discount.to_string() } })
        .collect()
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDraft {
    /// The document applied to.
    pub target: DocId,
    pub amount: String,
    /// Cash discount taken with it (payments and prepayments; empty: none).
    #[serde(default)]
    pub discount: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentDraft {
    /// Payment, prepayment or customer refund.
    pub doc_type: DocType,
    pub id: Option<DocId>,
    pub ref_nbr: String,
    pub customer_id: String,
    pub date: String,
    pub currency: String,
    /// Empty: the rate of the customer's rate type on the date (see [`InvoiceDraft::rate`]).
    #[serde(default)]
    pub rate: String,
    pub payment_ref: String,
    pub amount: String,
    pub description: String,
    pub hold: bool,
    pub applications: Vec<ApplicationDraft>,
}

impl Default for PaymentDraft {
    /// An empty payment (not an invoice, which `DocType::default()` would give).
    fn default() -> Self {
        PaymentDraft {
            doc_type: DocType::Payment,
            id: None,
            ref_nbr: String::new(),
            customer_id: String::new(),
            date: String::new(),
            currency: String::new(),
            rate: String::new(),
            payment_ref: String::new(),
            amount: String::new(),
            description: String::new(),
            hold: false,
            applications: Vec::new(),
        }
    }
}

impl PaymentDraft {
    pub fn from_document(doc: &Document) -> Self {
        PaymentDraft {
            doc_type: doc.doc_type,
            id: Some(doc.id),
            ref_nbr: doc.ref_nbr.clone(),
            customer_id: doc.customer_id.clone(),
            date: doc.date.to_string(),
            currency: doc.currency.clone(),
            rate: if doc.rate_typed { doc.rate.normalize().to_string() } else { String::new() },
            payment_ref: doc.payment_ref.clone(),
            amount: doc.total.to_string(),
            description: doc.description.clone(),
            hold: doc.status == DocStatus::OnHold,
            applications: planned_applications(doc),
        }
    }
}

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
    ChangeCustomerId { from: String, to: String },
    SaveInvoice(InvoiceDraft),
    SavePayment(PaymentDraft),
    DeleteDocument(DocId),
    Release(DocId),
    /// Applies a released credit to open debit documents (R4.9, after release).
    Apply { id: DocId, applications: Vec<ApplicationDraft> },
    /// Reverses everything a released credit has applied to `target` (R4.9).
    ReverseApplication { id: DocId, target: DocId },
    /// Voids a released payment or prepayment with a Void payment document (R4.10).
    VoidPayment(DocId),
    /// A credit controller lets a document on credit hold go ahead (R4.14).
    RemoveCreditHold(DocId),
    /// The invoice was printed (R4.5): Pending print moves on.
    MarkPrinted(DocId),
    /// The invoice was emailed (R4.5): Pending email moves on.
    MarkEmailed(DocId),
    /// *Calculate overdue charges* on a date (R4.12).
    CalculateOverdueCharges(NaiveDate),
    /// *Write off balances and credits* on a date, up to a limit in base currency (R4.13).
    WriteOff { date: NaiveDate, limit: Option<rust_decimal::Decimal> },
    SaveReferenceTables(crate::reference::ReferenceTablesDraft),
    /// The preferences' mailing settings list (R1.5), which new classes copy.
    SaveMailingSettings(Vec<crate::mailing::Mailing>),
    /// *Update credit hold* on a date (R3.1): customers breaking their credit policy go
    /// on Credit hold, those meeting it again become Active.
    UpdateCreditHold(NaiveDate),
    /// Puts one customer on Credit hold by choice (R4.14: "and, by choice, the customer").
    HoldCustomer(String),
}

/// Validates `command` against `ledger` on business date `today`.
pub fn execute(ledger: &Ledger, command: &Command, today: NaiveDate) -> Result<Change, Vec<Problem>> {
    match command {
        Command::SaveSettings(draft) => save_settings(ledger, draft),
        Command::SaveClass(draft) => crate::master::save_class(ledger, draft),
        Command::DeleteClass(id) => crate::master::delete_class(ledger, id),
        Command::SaveCustomer(draft) => crate::master::save_customer(ledger, draft, today),
        Command::DeleteCustomer(id) => crate::master::delete_customer(ledger, id),
        Command::ChangeCustomerId { from, to } => crate::master::change_customer_id(ledger, from, to),
        Command::SaveInvoice(draft) => entry::save_invoice(ledger, draft, today),
        Command::SavePayment(draft) => entry::save_payment(ledger, draft),
        Command::DeleteDocument(id) => entry::delete_document(ledger, *id),
        Command::Release(id) => posting::release(ledger, *id, today),
        Command::Apply { id, applications } => posting::apply(ledger, *id, applications, today),
        Command::ReverseApplication { id, target } => posting::reverse_application(ledger, *id, *target, today),
        Command::VoidPayment(id) => posting::void_payment(ledger, *id, today),
        Command::RemoveCreditHold(id) => posting::remove_credit_hold(ledger, *id),
        Command::MarkPrinted(id) => crate::invoice_delivery::mark_printed(ledger, *id, today),
        Command::MarkEmailed(id) => crate::invoice_delivery::mark_emailed(ledger, *id, today),
        Command::CalculateOverdueCharges(date) => crate::processes::calculate_overdue_charges(ledger, *date),
        Command::WriteOff { date, limit } => crate::processes::write_off(ledger, *date, *limit),
        Command::SaveReferenceTables(draft) => crate::reference::save_reference_tables(ledger, draft),
        Command::SaveMailingSettings(mailings) => crate::master::save_mailing_settings(ledger, mailings),
        Command::UpdateCreditHold(date) => crate::credit::update_credit_hold(ledger, *date),
        Command::HoldCustomer(id) => crate::master::hold_customer(ledger, id, today),
    }
}


fn save_settings(ledger: &Ledger, draft: &SettingsDraft) -> Result<Change, Vec<Problem>> {
    let mut problems = Problems::default();
    problems.check_text("company_name", &draft.company_name, 100, true);
    let company_email = draft.company_email.trim();
    if !company_email.is_empty() && !is_valid_email(company_email) {
        problems.add("company_email", format!("\"{}\" is not an email address", company_email.chars().take(60).collect::<String>()));
    }
    if ledger.settings.currency(&draft.base_currency).is_none() {
        problems.add("base_currency", "Choose a currency from the currency table");
    } else if draft.base_currency != ledger.settings.base_currency && !ledger.documents.is_empty() {
        problems.add("base_currency", "The base currency cannot change once documents exist");
    }
    let business_date = if draft.business_date.trim().is_empty() {
        None
    } else {
        match parse_date(&draft.business_date) {
            Ok(date) => Some(date),
            Err(message) => {
                problems.add("business_date", message);
                None
            }
        }
    };
    let company_address = normalised(&draft.company_address);
    check_address(&mut problems, "company_address", &company_address);
    let vat_number = draft.vat_number.trim();
    if vat_number.chars().count() > 20 {
        problems.add("vat_number", "At most 20 characters");
    } else if !vat_number.chars().all(|c| c.is_alphanumeric() || c == ' ') {
        problems.add("vat_number", "Use letters, digits and spaces only");
    }
    if let Some(message) = draft.logo.as_deref().and_then(crate::settings::logo_problem) {
        problems.add("logo", message);
    }
    let mut settings = ledger.settings.clone();
    for series_draft in &draft.series {
        let key = format!("series.{:?}", series_draft.kind).to_lowercase();
        let current = ledger.settings.series.get(&series_draft.kind).cloned();
        problems.check_text(&format!("{key}.prefix"), &series_draft.prefix, 10, false);
        let next = match series_draft.next_number.trim().parse::<u64>() {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                problems.add(format!("{key}.next_number"), "Enter a whole number of 1 or more");
                None
            }
        };
        if let (Some(n), Some(current)) = (next, &current) {
            if n < current.next_number && series_draft.prefix == current.prefix {
                problems.add(
                    format!("{key}.next_number"),
                    format!("Cannot be lower than {}: numbers already given are never reused", current.next_number),
                );
            }
        }
        let width = match series_draft.width.trim().parse::<u32>() {
            Ok(w) if (1..=15).contains(&w) => Some(w),
            _ => {
                problems.add(format!("{key}.width"), "Enter a width from 1 to 15");
                None
            }
        };
        if let (Some(next_number), Some(width)) = (next, width) {
            let series = settings.series.entry(series_draft.kind).or_insert_with(|| crate::settings::NumberSeries::new("", 1, 6));
            series.prefix = series_draft.prefix.clone();
            series.next_number = next_number;
            series.width = width;
            series.manual_numbering = series_draft.manual_numbering;
        }
    }
    settings.company_name = draft.company_name.trim().to_string();
    settings.company_email = company_email.to_string();
    settings.base_currency = draft.base_currency.clone();
    settings.business_date = business_date;
    settings.hold_documents_on_entry = draft.hold_documents_on_entry;
    settings.validate_totals_on_entry = draft.validate_totals_on_entry;
    settings.require_payment_ref_on_entry = draft.require_payment_ref_on_entry;
    settings.company_address = company_address;
    settings.vat_number = vat_number.to_string();
    settings.logo = draft.logo.clone();
    settings.age_credits = draft.age_credits;
    settings.require_invoice_printing_before_release = draft.require_invoice_printing_before_release;
    settings.require_invoice_emailing_before_release = draft.require_invoice_emailing_before_release;
    problems.into_result(|| Change { puts: vec![Record::Settings(settings)], deletes: vec![] })
}


