//! Commands: what a user asks for. [`execute`] validates a command against the
//! ledger and returns either every problem or the [`Change`] to commit.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::address::{check_address, normalised, Address};
use crate::credit::CreditPolicyDraft;
use crate::customer::{Charges, Customer, CustomerClass, CustomerStatus, PrintEmail};
use crate::document::{DocId, DocStatus, DocType, Document};
use crate::entry;
use crate::ledger::{Change, Ledger, Record, RecordKey};
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
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassDraft {
    pub is_new: bool,
    pub id: String,
    pub description: String,
    pub terms_id: String,
    /// Empty: the base currency.
    pub currency: String,
    pub allow_currency_override: bool,
    /// Default credit verification for the class's new customers.
    #[serde(default)]
    pub credit: CreditPolicyDraft,
    #[serde(default)]
    pub dunning: ChargesDraft,
    /// Yearly overdue-charge rate in percent (empty: none).
    #[serde(default)]
    pub overdue_rate_pct: String,
    #[serde(default)]
    pub print_email: PrintEmail,
}

impl ClassDraft {
    /// A new class as the window starts it: the first payment terms, the base
    /// currency, and the preferences' defaults.
    pub fn new_class(settings: &Settings) -> Self {
        ClassDraft {
            is_new: true,
            id: String::new(),
            description: String::new(),
            terms_id: settings.terms.first().map(|t| t.id.clone()).unwrap_or_default(),
            currency: String::new(),
            allow_currency_override: false,
            credit: CreditPolicyDraft::default(),
            dunning: ChargesDraft::default(),
            overdue_rate_pct: String::new(),
            print_email: PrintEmail::default(),
        }
    }

    /// The draft of a stored class.
    pub fn from_class(class: &CustomerClass) -> Self {
        ClassDraft {
            is_new: false,
            id: class.id.clone(),
            description: class.description.clone(),
            terms_id: class.terms_id.clone(),
            currency: class.currency.clone().unwrap_or_default(),
            allow_currency_override: class.allow_currency_override,
            credit: CreditPolicyDraft::from_policy(&class.credit),
            dunning: ChargesDraft::from_charges(&class.dunning),
            overdue_rate_pct: if class.overdue_rate_pct.is_zero() { String::new() } else { class.overdue_rate_pct.normalize().to_string() },
            print_email: class.print_email.clone(),
        }
    }
}

/// Overdue-charge and write-off settings as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargesDraft {
    pub overdue_charges: bool,
    pub write_offs: bool,
    pub write_off_limit: String,
}

impl ChargesDraft {
    pub fn from_charges(charges: &Charges) -> Self {
        ChargesDraft {
            overdue_charges: charges.overdue_charges,
            write_offs: charges.write_offs,
            write_off_limit: if charges.write_off_limit.is_zero() { String::new() } else { charges.write_off_limit.to_string() },
        }
    }

    fn parse(&self, problems: &mut Problems, base_minor_units: u32) -> Charges {
        let write_off_limit = if self.write_off_limit.trim().is_empty() {
            rust_decimal::Decimal::ZERO
        } else {
            match crate::money::parse_decimal(&self.write_off_limit, base_minor_units) {
                Ok(l) if !l.is_sign_negative() => l,
                Ok(_) => {
                    problems.add("write_off_limit", "Must be zero or more");
                    rust_decimal::Decimal::ZERO
                }
                Err(e) => {
                    problems.add("write_off_limit", e.to_string());
                    rust_decimal::Decimal::ZERO
                }
            }
        };
        Charges { overdue_charges: self.overdue_charges, write_offs: self.write_offs, write_off_limit }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerDraft {
    pub is_new: bool,
    /// Empty on a new customer: the next number of the customer series.
    pub id: String,
    pub name: String,
    pub class_id: String,
    pub status: CustomerStatus,
    /// Empty: the class's.
    pub terms_id: String,
    /// Empty: the class's, or the base currency.
    pub currency: String,
    pub allow_currency_override: bool,
    pub email: String,
    pub address: Address,
    #[serde(default)]
    pub credit: CreditPolicyDraft,
    #[serde(default)]
    pub dunning: ChargesDraft,
    #[serde(default)]
    pub print_email: PrintEmail,
}

impl CustomerDraft {
    /// A new customer with the defaults of `class` copied in (SPEC R2.2).
    pub fn new_of_class(class: &CustomerClass, settings: &Settings) -> Self {
        CustomerDraft {
            is_new: true,
            id: String::new(),
            name: String::new(),
            class_id: class.id.clone(),
            status: CustomerStatus::Active,
            terms_id: class.terms_id.clone(),
            currency: class.currency.clone().unwrap_or_else(|| settings.base_currency.clone()),
            allow_currency_override: class.allow_currency_override,
            email: String::new(),
            address: Address::default(),
            credit: CreditPolicyDraft::from_policy(&class.credit),
            dunning: ChargesDraft::from_charges(&class.dunning),
            print_email: class.print_email.clone(),
        }
    }

    pub fn from_customer(customer: &Customer) -> Self {
        CustomerDraft {
            is_new: false,
            id: customer.id.clone(),
            name: customer.name.clone(),
            class_id: customer.class_id.clone(),
            status: customer.status,
            terms_id: customer.terms_id.clone(),
            currency: customer.currency.clone(),
            allow_currency_override: customer.allow_currency_override,
            email: customer.email.clone(),
            address: customer.address.clone(),
            credit: CreditPolicyDraft::from_policy(&customer.credit),
            dunning: ChargesDraft::from_charges(&customer.dunning),
            print_email: customer.print_email.clone(),
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
    pub description: String,
    pub hold: bool,
    pub lines: Vec<LineDraft>,
    /// Cash sales and returns: the payment reference.
    pub payment_ref: String,
    /// Credit notes: applications planned before release.
    pub applications: Vec<ApplicationDraft>,
    /// The total as typed, when totals are validated on entry (R4.6).
    pub control_total: String,
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
            payment_ref: doc.payment_ref.clone(),
            amount: doc.total.to_string(),
            description: doc.description.clone(),
            hold: doc.status == DocStatus::OnHold,
            applications: planned_applications(doc),
        }
    }
}

/// Everything a user can ask the ledger to do.
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
}

/// Validates `command` against `ledger` on business date `today`.
pub fn execute(ledger: &Ledger, command: &Command, today: NaiveDate) -> Result<Change, Vec<Problem>> {
    match command {
        Command::SaveSettings(draft) => save_settings(ledger, draft),
        Command::SaveClass(draft) => save_class(ledger, draft),
        Command::DeleteClass(id) => delete_class(ledger, id),
        Command::SaveCustomer(draft) => save_customer(ledger, draft),
        Command::DeleteCustomer(id) => delete_customer(ledger, id),
        Command::ChangeCustomerId { from, to } => change_customer_id(ledger, from, to),
        Command::SaveInvoice(draft) => entry::save_invoice(ledger, draft, today),
        Command::SavePayment(draft) => entry::save_payment(ledger, draft),
        Command::DeleteDocument(id) => entry::delete_document(ledger, *id),
        Command::Release(id) => posting::release(ledger, *id, today),
        Command::Apply { id, applications } => posting::apply(ledger, *id, applications, today),
        Command::ReverseApplication { id, target } => posting::reverse_application(ledger, *id, *target, today),
        Command::VoidPayment(id) => posting::void_payment(ledger, *id, today),
        Command::RemoveCreditHold(id) => posting::remove_credit_hold(ledger, *id),
        Command::MarkPrinted(id) => crate::invoice_delivery::mark_printed(ledger, *id),
        Command::MarkEmailed(id) => crate::invoice_delivery::mark_emailed(ledger, *id),
        Command::CalculateOverdueCharges(date) => crate::processes::calculate_overdue_charges(ledger, *date),
        Command::WriteOff { date, limit } => crate::processes::write_off(ledger, *date, *limit),
        Command::SaveReferenceTables(draft) => crate::reference::save_reference_tables(ledger, draft),
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
    settings.require_invoice_printing_before_release = draft.require_invoice_printing_before_release;
    settings.require_invoice_emailing_before_release = draft.require_invoice_emailing_before_release;
    problems.into_result(|| Change { puts: vec![Record::Settings(settings)], deletes: vec![] })
}

fn save_class(ledger: &Ledger, draft: &ClassDraft) -> Result<Change, Vec<Problem>> {
    let mut problems = Problems::default();
    let id = draft.id.trim().to_uppercase();
    problems.check_id("id", &id, 10);
    if draft.is_new && ledger.classes.contains_key(&id) {
        problems.add("id", format!("Class {id} already exists"));
    }
    if !draft.is_new && !ledger.classes.contains_key(&id) {
        problems.add("id", format!("Class {id} does not exist"));
    }
    problems.check_text("description", &draft.description, 60, true);
    if ledger.settings.terms_by_id(&draft.terms_id).is_none() {
        problems.add("terms_id", "Choose payment terms");
    }
    let currency = draft.currency.trim();
    if !currency.is_empty() && ledger.settings.currency(currency).is_none() {
        problems.add("currency", format!("Currency {currency} is not in the currency table"));
    }
    let credit = draft.credit.parse(&mut problems, ledger.settings.base().minor_units);
    let dunning = draft.dunning.parse(&mut problems, ledger.settings.base().minor_units);
    let overdue_rate_pct = if draft.overdue_rate_pct.trim().is_empty() {
        rust_decimal::Decimal::ZERO
    } else {
        match crate::money::parse_decimal(&draft.overdue_rate_pct, 4) {
            Ok(r) if !r.is_sign_negative() && r <= rust_decimal::Decimal::ONE_HUNDRED => r,
            Ok(_) => {
                problems.add("overdue_rate_pct", "Must be from 0 to 100");
                rust_decimal::Decimal::ZERO
            }
            Err(e) => {
                problems.add("overdue_rate_pct", e.to_string());
                rust_decimal::Decimal::ZERO
            }
        }
    };
    problems.into_result(|| Change {
        puts: vec![Record::Class(CustomerClass {
            id: id.clone(),
            description: draft.description.trim().to_string(),
            terms_id: draft.terms_id.clone(),
            currency: if currency.is_empty() { None } else { Some(currency.to_string()) },
            allow_currency_override: draft.allow_currency_override,
            credit,
            dunning,
            overdue_rate_pct,
            print_email: draft.print_email.clone(),
        })],
        deletes: vec![],
    })
}

fn delete_class(ledger: &Ledger, id: &str) -> Result<Change, Vec<Problem>> {
    if !ledger.classes.contains_key(id) {
        return Err(vec![Problem::new("", format!("Class {id} does not exist"))]);
    }
    let used = ledger.customers.values().filter(|c| c.class_id == id).count();
    if used > 0 {
        return Err(vec![Problem::new("", format!("Class {id} is used by {used} customer(s); move them to another class first"))]);
    }
    Ok(Change { puts: vec![], deletes: vec![RecordKey::Class(id.to_string())] })
}

fn save_customer(ledger: &Ledger, draft: &CustomerDraft) -> Result<Change, Vec<Problem>> {
    let mut problems = Problems::default();
    let mut settings = ledger.settings.clone();
    let typed_id = draft.id.trim().to_uppercase();
    let id = if draft.is_new && typed_id.is_empty() {
        match settings.series.get_mut(&SeriesKind::Customer) {
            Some(series) if !series.manual_numbering => {
                let id = series.peek();
                series.next_number += 1;
                id
            }
            _ => {
                problems.add("id", "Required: customer numbers are typed by hand");
                String::new()
            }
        }
    } else {
        problems.check_id("id", &typed_id, 30);
        typed_id
    };
    if draft.is_new && ledger.customers.contains_key(&id) {
        problems.add("id", format!("Customer {id} already exists"));
    }
    let existing = ledger.customers.get(&id);
    if !draft.is_new && existing.is_none() {
        problems.add("id", format!("Customer {id} does not exist"));
    }
    problems.check_text("name", &draft.name, 255, true);
    let class = ledger.classes.get(&draft.class_id);
    if class.is_none() {
        problems.add("class_id", "Choose a customer class");
    }
    let terms_id = if draft.terms_id.is_empty() { class.map(|c| c.terms_id.clone()).unwrap_or_default() } else { draft.terms_id.clone() };
    if ledger.settings.terms_by_id(&terms_id).is_none() {
        problems.add("terms_id", "Choose payment terms");
    }
    let currency = if draft.currency.trim().is_empty() {
        class.and_then(|c| c.currency.clone()).unwrap_or_else(|| ledger.settings.base_currency.clone())
    } else {
        draft.currency.trim().to_uppercase()
    };
    if ledger.settings.currency(&currency).is_none() {
        problems.add("currency", format!("Currency {currency} is not in the currency table"));
    } else if let Some(existing) = existing {
        if existing.currency != currency && ledger.documents_of(&id).next().is_some() {
            problems.add("currency", "The currency cannot change once the customer has documents");
        }
    }
    let email = draft.email.trim();
    if email.chars().count() > 254 {
        problems.add("email", "At most 254 characters");
    } else if !email.is_empty() && !is_valid_email(email) {
        problems.add("email", format!("\"{}\" is not an email address", email.chars().take(60).collect::<String>()));
    }
    let address = normalised(&draft.address);
    check_address(&mut problems, "address", &address);
    let credit = draft.credit.parse(&mut problems, ledger.settings.base().minor_units);
    let dunning = draft.dunning.parse(&mut problems, ledger.settings.base().minor_units);
    let customer = Customer {
        id: id.clone(),
        name: draft.name.trim().to_string(),
        class_id: draft.class_id.clone(),
        status: draft.status,
        terms_id,
        currency,
        allow_currency_override: draft.allow_currency_override,
        email: email.to_string(),
        address,
        credit,
        dunning,
        print_email: draft.print_email.clone(),
    };
    let mut puts = vec![Record::Customer(customer)];
    if settings != ledger.settings {
        puts.push(Record::Settings(settings));
    }
    problems.into_result(|| Change { puts, deletes: vec![] })
}

fn change_customer_id(ledger: &Ledger, from: &str, to: &str) -> Result<Change, Vec<Problem>> {
    let Some(customer) = ledger.customers.get(from) else {
        return Err(vec![Problem::new("", format!("Customer {from} does not exist"))]);
    };
    let mut problems = Problems::default();
    let to = to.trim().to_uppercase();
    problems.check_id("new_id", &to, 30);
    if to == from {
        problems.add("new_id", "This is the customer's number already");
    } else if ledger.customers.contains_key(&to) {
        problems.add("new_id", format!("Customer {to} already exists"));
    }
    if !problems.is_empty() {
        return Err(problems.0);
    }
    let mut puts = vec![Record::Customer(Customer { id: to.clone(), ..customer.clone() })];
    puts.extend(ledger.documents_of(from).map(|d| Record::Document(Document { customer_id: to.clone(), ..d.clone() })));
    Ok(Change { puts, deletes: vec![RecordKey::Customer(from.to_string())] })
}

fn delete_customer(ledger: &Ledger, id: &str) -> Result<Change, Vec<Problem>> {
    if !ledger.customers.contains_key(id) {
        return Err(vec![Problem::new("", format!("Customer {id} does not exist"))]);
    }
    let n_documents = ledger.documents_of(id).count();
    if n_documents > 0 {
        return Err(vec![Problem::new(
            "",
            format!("Customer {id} has {n_documents} document(s) and cannot be deleted; set the status to Inactive instead"),
        )]);
    }
    Ok(Change { puts: vec![], deletes: vec![RecordKey::Customer(id.to_string())] })
}

