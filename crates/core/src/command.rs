//! Commands: what a user asks for. [`execute`] validates a command against the
//! ledger and returns either every problem or the [`Change`] to commit.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::address::{check_address, normalised, Address};
use crate::customer::{Customer, CustomerClass, CustomerStatus};
use crate::document::{vat_lines_of, Application, DocId, DocStatus, DocType, Document, InvoiceLine};
use crate::ledger::{Change, Ledger, Record, RecordKey};
use crate::money::{parse_amount, parse_decimal, NumberError};
use crate::problem::{is_valid_email, parse_date, Problem, Problems};
use crate::settings::{SeriesKind, Settings};

/// The editable part of the settings, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsDraft {
    pub company_name: String,
    pub base_currency: String,
    /// Empty: follow the computer's date.
    pub business_date: String,
    pub hold_documents_on_entry: bool,
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
            base_currency: settings.base_currency.clone(),
            business_date: settings.business_date.map(|d| d.to_string()).unwrap_or_default(),
            hold_documents_on_entry: settings.hold_documents_on_entry,
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
    /// `None` for a new invoice.
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
}

impl InvoiceDraft {
    pub fn from_document(doc: &Document) -> Self {
        InvoiceDraft {
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
                    discount_pct: l.discount_pct.normalize().to_string(),
                    vat_category: l.vat_category.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDraft {
    pub invoice: DocId,
    pub amount: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentDraft {
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

impl PaymentDraft {
    pub fn from_document(doc: &Document) -> Self {
        PaymentDraft {
            id: Some(doc.id),
            ref_nbr: doc.ref_nbr.clone(),
            customer_id: doc.customer_id.clone(),
            date: doc.date.to_string(),
            currency: doc.currency.clone(),
            payment_ref: doc.payment_ref.clone(),
            amount: doc.total.to_string(),
            description: doc.description.clone(),
            hold: doc.status == DocStatus::OnHold,
            applications: doc.applications.iter().map(|a| ApplicationDraft { invoice: a.invoice, amount: a.amount.to_string() }).collect(),
        }
    }
}

/// Everything a user can ask the ledger to do in the first slice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    SaveSettings(SettingsDraft),
    SaveClass(ClassDraft),
    DeleteClass(String),
    SaveCustomer(CustomerDraft),
    DeleteCustomer(String),
    SaveInvoice(InvoiceDraft),
    SavePayment(PaymentDraft),
    DeleteDocument(DocId),
    Release(DocId),
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
        Command::SaveInvoice(draft) => save_invoice(ledger, draft),
        Command::SavePayment(draft) => save_payment(ledger, draft),
        Command::DeleteDocument(id) => delete_document(ledger, *id),
        Command::Release(id) => release(ledger, *id, today),
        Command::SaveReferenceTables(draft) => crate::reference::save_reference_tables(ledger, draft),
    }
}

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
    let mut working = ledger.clone();
    let mut change = Change::default();
    let mut results = Vec::with_capacity(ids.len());
    for &id in ids {
        match release(&working, id, today) {
            Ok(one) => {
                working.apply(&one);
                change.merge(one);
                results.push(ReleaseResult { id, outcome: Ok(()) });
            }
            Err(problems) => {
                let reason = problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; ");
                results.push(ReleaseResult { id, outcome: Err(reason) });
            }
        }
    }
    (change, results)
}

fn number_problem(problems: &mut Problems, field: &str, error: NumberError) {
    problems.add(field, error.to_string());
}

fn save_settings(ledger: &Ledger, draft: &SettingsDraft) -> Result<Change, Vec<Problem>> {
    let mut problems = Problems::default();
    problems.check_text("company_name", &draft.company_name, 100, true);
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
    settings.base_currency = draft.base_currency.clone();
    settings.business_date = business_date;
    settings.hold_documents_on_entry = draft.hold_documents_on_entry;
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
    problems.into_result(|| Change {
        puts: vec![Record::Class(CustomerClass {
            id: id.clone(),
            description: draft.description.trim().to_string(),
            terms_id: draft.terms_id.clone(),
            currency: if currency.is_empty() { None } else { Some(currency.to_string()) },
            allow_currency_override: draft.allow_currency_override,
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
    };
    let mut puts = vec![Record::Customer(customer)];
    if settings != ledger.settings {
        puts.push(Record::Settings(settings));
    }
    problems.into_result(|| Change { puts, deletes: vec![] })
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

/// Header fields shared by invoices and payments, validated once.
struct Header<'a> {
    customer: Option<&'a Customer>,
    date: Option<NaiveDate>,
    currency: Option<crate::money::Currency>,
    rate: Option<Decimal>,
}

fn check_header<'a>(
    ledger: &'a Ledger,
    problems: &mut Problems,
    customer_id: &str,
    date: &str,
    currency: &str,
    doc_type: DocType,
) -> Header<'a> {
    let customer = ledger.customers.get(customer_id);
    match customer {
        None => problems.add("customer_id", if customer_id.is_empty() { "Required".to_string() } else { format!("Customer {customer_id} does not exist") }),
        Some(c) => {
            let allowed = match doc_type {
                DocType::Invoice => c.status.allows_invoices(),
                DocType::Payment => c.status.allows_payments(),
            };
            if !allowed {
                problems.add("customer_id", format!("Customer {} is {}: no new {}s", c.id, c.status.label(), doc_type.label().to_lowercase()));
            }
        }
    }
    let date = match parse_date(date) {
        Ok(d) => Some(d),
        Err(message) => {
            problems.add("date", message);
            None
        }
    };
    let currency_code = if currency.trim().is_empty() { customer.map(|c| c.currency.clone()).unwrap_or_default() } else { currency.trim().to_uppercase() };
    let currency = ledger.settings.currency(&currency_code).cloned();
    if currency.is_none() {
        if customer.is_some() {
            problems.add("currency", format!("Currency {currency_code} is not in the currency table"));
        }
    } else if let Some(c) = customer {
        if c.currency != currency_code && !c.allow_currency_override {
            problems.add("currency", format!("Customer {} takes documents in {} only (currency override is off)", c.id, c.currency));
        }
    }
    let rate = match (&currency, date) {
        (Some(cur), Some(d)) => {
            let rate = ledger.settings.rate_on(&cur.code, d);
            if rate.is_none() {
                problems.add("currency", format!("No {} rate is effective on {d}", cur.code));
            }
            rate
        }
        _ => None,
    };
    Header { customer, date, currency, rate }
}

/// The document being edited, checked to be editable, or `None` for a new one.
fn editable_document<'a>(ledger: &'a Ledger, problems: &mut Problems, id: Option<DocId>, doc_type: DocType) -> Option<&'a Document> {
    let id = id?;
    match ledger.documents.get(&id) {
        None => {
            problems.add("", "The document no longer exists");
            None
        }
        Some(doc) if doc.doc_type != doc_type => {
            problems.add("", format!("Document {} is not a {}", doc.ref_nbr, doc_type.label().to_lowercase()));
            None
        }
        Some(doc) if doc.status.is_released() => {
            problems.add("", format!("{} {} is released and cannot be changed", doc.doc_type.label(), doc.ref_nbr));
            None
        }
        Some(doc) => Some(doc),
    }
}

/// Picks the reference number of a new document from its series, or checks a typed one.
fn assign_ref(ledger: &Ledger, settings: &mut Settings, problems: &mut Problems, kind: SeriesKind, doc_type: DocType, typed: &str) -> String {
    let manual = settings.series.get(&kind).map(|s| s.manual_numbering).unwrap_or(true);
    if manual {
        let typed = typed.trim().to_uppercase();
        problems.check_id("ref_nbr", &typed, 15);
        if ledger.document_by_ref(doc_type, &typed).is_some() {
            problems.add("ref_nbr", format!("{} {typed} already exists", doc_type.label()));
        }
        typed
    } else {
        let Some(series) = settings.series.get_mut(&kind) else { return String::new() };
        let mut candidate = series.peek();
        // A number typed by hand earlier may collide with the series; skip it.
        while ledger.document_by_ref(doc_type, &candidate).is_some() {
            series.next_number += 1;
            candidate = series.peek();
        }
        series.next_number += 1;
        candidate
    }
}

fn next_document_id(settings: &mut Settings) -> DocId {
    let id = DocId(settings.next_document_id);
    settings.next_document_id += 1;
    id
}

fn initial_status(hold: bool) -> DocStatus {
    if hold {
        DocStatus::OnHold
    } else {
        DocStatus::Balanced
    }
}

fn save_invoice(ledger: &Ledger, draft: &InvoiceDraft) -> Result<Change, Vec<Problem>> {
    let mut problems = Problems::default();
    let existing = editable_document(ledger, &mut problems, draft.id, DocType::Invoice);
    let header = check_header(ledger, &mut problems, &draft.customer_id, &draft.date, &draft.currency, DocType::Invoice);
    problems.check_text("description", &draft.description, 255, false);
    let terms = header.customer.and_then(|c| ledger.settings.terms_by_id(&c.terms_id));
    let due_date = if draft.due_date.trim().is_empty() {
        header.date.and_then(|d| d.checked_add_days(Days::new(terms.map(|t| t.days_to_due).unwrap_or(0) as u64)))
    } else {
        match parse_date(&draft.due_date) {
            Ok(d) => {
                if header.date.is_some_and(|date| d < date) {
                    problems.add("due_date", "The due date cannot be before the document date");
                }
                Some(d)
            }
            Err(message) => {
                problems.add("due_date", message);
                None
            }
        }
    };
    let cash_discount_date = match (terms, header.date) {
        (Some(t), Some(date)) if t.discount_days > 0 && !t.discount_pct.is_zero() => date.checked_add_days(Days::new(t.discount_days as u64)),
        _ => None,
    };
    if draft.lines.is_empty() {
        problems.add("lines", "Add at least one line");
    }
    let mut lines = Vec::with_capacity(draft.lines.len());
    for (idx, line) in draft.lines.iter().enumerate() {
        let field = |name: &str| format!("lines.{idx}.{name}");
        problems.check_text(&field("description"), &line.description, 255, false);
        let quantity = parse_decimal(&line.quantity, 4).and_then(|q| if q.is_sign_negative() && !q.is_zero() { Err(NumberError::Negative) } else { Ok(q) });
        let unit_price = parse_decimal(&line.unit_price, 4).and_then(|p| if p.is_sign_negative() && !p.is_zero() { Err(NumberError::Negative) } else { Ok(p) });
        let discount = if line.discount_pct.trim().is_empty() { Ok(Decimal::ZERO) } else { parse_decimal(&line.discount_pct, 2) };
        if let Err(e) = &quantity {
            number_problem(&mut problems, &field("quantity"), e.clone());
        }
        if let Err(e) = &unit_price {
            number_problem(&mut problems, &field("unit_price"), e.clone());
        }
        match &discount {
            Err(e) => number_problem(&mut problems, &field("discount_pct"), e.clone()),
            Ok(d) if *d < Decimal::ZERO || *d > Decimal::ONE_HUNDRED => problems.add(field("discount_pct"), "Must be from 0 to 100"),
            Ok(_) => {}
        }
        match (ledger.settings.vat_category(&line.vat_category), header.date) {
            (None, _) => problems.add(field("vat_category"), "Choose a VAT category"),
            (Some(category), Some(date)) if category.rate_on(date).is_none() => {
                problems.add(field("vat_category"), format!("VAT category {} has no rate effective on {date}", category.id))
            }
            _ => {}
        }
        if let (Ok(q), Ok(p), Ok(d), Some(cur)) = (quantity, unit_price, discount, &header.currency) {
            lines.push(InvoiceLine::new(line.description.trim(), q, p, d, &line.vat_category, cur));
        }
    }
    let mut settings = ledger.settings.clone();
    let (id, ref_nbr) = match existing {
        Some(doc) => (doc.id, doc.ref_nbr.clone()),
        None if draft.id.is_some() => (DocId(0), String::new()),
        None => {
            let ref_nbr = assign_ref(ledger, &mut settings, &mut problems, SeriesKind::Invoice, DocType::Invoice, &draft.ref_nbr);
            (next_document_id(&mut settings), ref_nbr)
        }
    };
    if !problems.is_empty() {
        return Err(problems.0);
    }
    let (Some(customer), Some(date), Some(currency), Some(rate)) = (header.customer, header.date, header.currency, header.rate) else {
        return Err(vec![Problem::new("", "The invoice is incomplete")]);
    };
    let vat_lines = vat_lines_of(&lines, &ledger.settings, &currency, date);
    let total: Decimal = lines.iter().map(|l| l.amount).sum::<Decimal>() + vat_lines.iter().map(|v| v.vat).sum::<Decimal>();
    let document = Document {
        id,
        doc_type: DocType::Invoice,
        ref_nbr,
        customer_id: customer.id.clone(),
        date,
        due_date,
        cash_discount_date,
        currency: currency.code.clone(),
        rate,
        description: draft.description.trim().to_string(),
        payment_ref: String::new(),
        status: initial_status(draft.hold),
        lines,
        vat_lines,
        total,
        balance: total,
        applications: vec![],
        released_on: None,
    };
    let mut puts = vec![Record::Document(document)];
    if settings != ledger.settings {
        puts.push(Record::Settings(settings));
    }
    Ok(Change { puts, deletes: vec![] })
}

fn save_payment(ledger: &Ledger, draft: &PaymentDraft) -> Result<Change, Vec<Problem>> {
    let mut problems = Problems::default();
    let existing = editable_document(ledger, &mut problems, draft.id, DocType::Payment);
    let header = check_header(ledger, &mut problems, &draft.customer_id, &draft.date, &draft.currency, DocType::Payment);
    problems.check_text("description", &draft.description, 255, false);
    problems.check_text("payment_ref", &draft.payment_ref, 40, false);
    let amount = header.currency.as_ref().map(|cur| {
        parse_amount(&draft.amount, cur).and_then(|a| if a <= Decimal::ZERO { Err(NumberError::NotPositive) } else { Ok(a) })
    });
    if let Some(Err(e)) = &amount {
        number_problem(&mut problems, "amount", e.clone());
    }
    let mut applications = Vec::with_capacity(draft.applications.len());
    let mut seen = BTreeSet::new();
    for (idx, app) in draft.applications.iter().enumerate() {
        let field = format!("applications.{idx}.amount");
        let Some(invoice) = ledger.documents.get(&app.invoice) else {
            problems.add(&field, "The invoice no longer exists");
            continue;
        };
        if !seen.insert(app.invoice) {
            problems.add(&field, format!("Invoice {} is listed twice", invoice.ref_nbr));
            continue;
        }
        if invoice.customer_id != draft.customer_id {
            problems.add(&field, format!("Invoice {} belongs to another customer", invoice.ref_nbr));
        } else if invoice.status != DocStatus::Open {
            problems.add(&field, format!("Invoice {} is {}, not open", invoice.ref_nbr, invoice.status.label()));
        } else if header.currency.as_ref().is_some_and(|c| c.code != invoice.currency) {
            problems.add(&field, format!("Invoice {} is in {}", invoice.ref_nbr, invoice.currency));
        }
        let Some(cur) = &header.currency else { continue };
        match parse_amount(&app.amount, cur) {
            Err(e) => number_problem(&mut problems, &field, e),
            Ok(a) if a <= Decimal::ZERO => problems.add(field, "Must be more than zero"),
            Ok(a) if a > invoice.balance => problems.add(field, format!("More than the invoice balance of {}", invoice.balance)),
            Ok(a) => applications.push(Application { invoice: app.invoice, amount: a }),
        }
    }
    if let Some(Ok(amount)) = &amount {
        let applied: Decimal = applications.iter().map(|a| a.amount).sum();
        if applied > *amount {
            problems.add("amount", format!("The applications ({applied}) are more than the payment amount"));
        }
    }
    let mut settings = ledger.settings.clone();
    let (id, ref_nbr) = match existing {
        Some(doc) => (doc.id, doc.ref_nbr.clone()),
        None if draft.id.is_some() => (DocId(0), String::new()),
        None => {
            let ref_nbr = assign_ref(ledger, &mut settings, &mut problems, SeriesKind::Payment, DocType::Payment, &draft.ref_nbr);
            (next_document_id(&mut settings), ref_nbr)
        }
    };
    if !problems.is_empty() {
        return Err(problems.0);
    }
    let (Some(customer), Some(date), Some(currency), Some(rate), Some(Ok(amount))) = (header.customer, header.date, header.currency, header.rate, amount) else {
        return Err(vec![Problem::new("", "The payment is incomplete")]);
    };
    let document = Document {
        id,
        doc_type: DocType::Payment,
        ref_nbr,
        customer_id: customer.id.clone(),
        date,
        due_date: None,
        cash_discount_date: None,
        currency: currency.code.clone(),
        rate,
        description: draft.description.trim().to_string(),
        payment_ref: draft.payment_ref.trim().to_string(),
        status: initial_status(draft.hold),
        lines: vec![],
        vat_lines: vec![],
        total: amount,
        balance: amount,
        applications,
        released_on: None,
    };
    let mut puts = vec![Record::Document(document)];
    if settings != ledger.settings {
        puts.push(Record::Settings(settings));
    }
    Ok(Change { puts, deletes: vec![] })
}

fn delete_document(ledger: &Ledger, id: DocId) -> Result<Change, Vec<Problem>> {
    let Some(doc) = ledger.documents.get(&id) else {
        return Err(vec![Problem::new("", "The document no longer exists")]);
    };
    if doc.status.is_released() {
        return Err(vec![Problem::new("", format!("{} {} is released and cannot be deleted", doc.doc_type.label(), doc.ref_nbr))]);
    }
    Ok(Change { puts: vec![], deletes: vec![RecordKey::Document(id)] })
}

fn release(ledger: &Ledger, id: DocId, today: NaiveDate) -> Result<Change, Vec<Problem>> {
    let Some(doc) = ledger.documents.get(&id) else {
        return Err(vec![Problem::new("", "The document no longer exists")]);
    };
    let refuse = |message: String| Err(vec![Problem::new("", message)]);
    match doc.status {
        DocStatus::OnHold => return refuse(format!("{} {} is on hold: clear Hold first", doc.doc_type.label(), doc.ref_nbr)),
        DocStatus::Open | DocStatus::Closed => return refuse(format!("{} {} is already released", doc.doc_type.label(), doc.ref_nbr)),
        DocStatus::Balanced => {}
    }
    let Some(customer) = ledger.customers.get(&doc.customer_id) else {
        return refuse(format!("Customer {} does not exist", doc.customer_id));
    };
    let allowed = match doc.doc_type {
        DocType::Invoice => customer.status.allows_invoices(),
        DocType::Payment => customer.status.allows_payments(),
    };
    if !allowed {
        return refuse(format!("Customer {} is {}: {} {} cannot be released", customer.id, customer.status.label(), doc.doc_type.label().to_lowercase(), doc.ref_nbr));
    }
    let mut puts = Vec::new();
    let mut released = doc.clone();
    released.released_on = Some(today);
    match doc.doc_type {
        DocType::Invoice => {
            released.balance = doc.total;
        }
        DocType::Payment => {
            let mut problems = Problems::default();
            for (idx, app) in doc.applications.iter().enumerate() {
                let field = format!("applications.{idx}.amount");
                match ledger.documents.get(&app.invoice) {
                    Some(inv) if inv.status == DocStatus::Open && app.amount <= inv.balance => {
                        let mut inv = inv.clone();
                        inv.balance -= app.amount;
                        if inv.balance.is_zero() {
                            inv.status = DocStatus::Closed;
                        }
                        puts.push(Record::Document(inv));
                    }
                    Some(inv) if inv.status == DocStatus::Open => {
                        problems.add(&field, format!("Invoice {} has only {} left to pay", inv.ref_nbr, inv.balance))
                    }
                    Some(inv) => problems.add(field, format!("Invoice {} is {}, not open", inv.ref_nbr, inv.status.label())),
                    None => problems.add(field, "The invoice no longer exists"),
                }
            }
            if !problems.is_empty() {
                return Err(problems.0);
            }
            released.balance = doc.total - doc.applied_total();
        }
    }
    released.status = if released.balance.is_zero() { DocStatus::Closed } else { DocStatus::Open };
    puts.insert(0, Record::Document(released));
    Ok(Change { puts, deletes: vec![] })
}
