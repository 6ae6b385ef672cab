#![allow(dead_code)]
//! Helpers shared by the core's table tests: a small ledger and short commands.

use chrono::NaiveDate;
use reskontra_core::command::{ApplicationDraft, ClassDraft, CustomerDraft, InvoiceDraft, LineDraft, PaymentDraft};
use reskontra_core::customers::customer::CustomerStatus;
use reskontra_core::documents::document::{DocId, Document};
use reskontra_core::{execute, Change, Command, Ledger, Problem, ProblemKind, Record};

pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test dates are valid")
}

pub const TODAY: &str = "2026-03-31";

pub fn run(ledger: &mut Ledger, command: Command) -> Result<Change, Vec<Problem>> {
    let change = execute(ledger, &command, day(TODAY))?;
    ledger.apply(&change);
    assert!(ledger.balances_match_recomputation(), "balances drifted after {command:?}");
    Ok(change)
}

pub fn ok(ledger: &mut Ledger, command: Command) -> Change {
    match run(ledger, command) {
        Ok(change) => change,
        Err(problems) => panic!("expected success, got {problems:?}"),
    }
}

/// A ledger with class DOMESTIC (NET30) and customer C1 (10001).
pub fn ledger_with_customer() -> (Ledger, String) {
    let mut ledger = Ledger::default();
    let new_class = ClassDraft::new_class(&ledger.settings);
    ok(&mut ledger, Command::SaveClass(ClassDraft { id: "domestic".into(), description: "Domestic".into(), terms_id: "NET30".into(), ..new_class }));
    let class = ledger.classes["DOMESTIC"].clone();
    let mut draft = CustomerDraft::new_of_class(&class, &ledger.settings);
    draft.name = "Fjell Bygg AS".into();
    draft.email = "post@fjellbygg.no".into();
    let change = ok(&mut ledger, Command::SaveCustomer(draft));
    let Record::Customer(customer) = &change.puts[0] else { panic!("customer first") };
    (ledger, customer.id.clone())
}

pub fn line(quantity: &str, price: &str, discount: &str, vat: &str) -> LineDraft {
    LineDraft { description: "Item".into(), quantity: quantity.into(), unit_price: price.into(), discount_pct: discount.into(), vat_category: vat.into() }
}

pub fn invoice_draft(customer: &str, date: &str, lines: Vec<LineDraft>) -> InvoiceDraft {
    InvoiceDraft { customer_id: customer.into(), date: date.into(), lines, ..InvoiceDraft::default() }
}

pub fn new_document(change: &Change) -> Document {
    change.puts.iter().find_map(|r| if let Record::Document(d) = r { Some(d.clone()) } else { None }).expect("the change holds a document")
}

pub fn add_invoice(ledger: &mut Ledger, customer: &str, lines: Vec<LineDraft>) -> DocId {
    new_document(&ok(ledger, Command::SaveInvoice(invoice_draft(customer, "2026-03-01", lines)))).id
}

pub fn released_invoice(ledger: &mut Ledger, customer: &str, price: &str) -> DocId {
    let id = add_invoice(ledger, customer, vec![line("1", price, "", "EXEMPT")]);
    ok(ledger, Command::Release(id));
    id
}

pub fn payment_draft(customer: &str, amount: &str, applications: &[(DocId, &str)]) -> PaymentDraft {
    PaymentDraft {
        customer_id: customer.into(),
        date: "2026-03-15".into(),
        amount: amount.into(),
        applications: applications.iter().map(|(id, a)| ApplicationDraft::new(*id, a.to_string())).collect(),
        ..PaymentDraft::default()
    }
}

pub fn set_status(ledger: &mut Ledger, customer: &str, status: CustomerStatus) {
    let mut draft = CustomerDraft::from_customer(&ledger.customers[customer], reskontra_core::NumberFormat::English);
    draft.status = status;
    ok(ledger, Command::SaveCustomer(draft));
}

/// The (field, kind) of each problem, to assert what is wrong rather than its English.
pub fn kinds(problems: &[Problem]) -> Vec<(String, ProblemKind)> {
    problems.iter().map(|p| (p.field.to_string(), p.kind)).collect()
}

/// The one problem of the whole form, as its kind (panics in a test if there is another).
pub fn form_kind(problems: &[Problem]) -> ProblemKind {
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].field.is_form(), "{problems:?}");
    problems[0].kind
}

pub fn fields(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(|p| p.field.to_string()).collect()
}

/// Saves a document of an invoice-like type with one line of `price`, EXEMPT from VAT.
pub fn add_of_type(ledger: &mut Ledger, customer: &str, doc_type: reskontra_core::documents::document::DocType, price: &str) -> DocId {
    let mut draft = invoice_draft(customer, "2026-03-01", vec![line("1", price, "", "EXEMPT")]);
    draft.doc_type = doc_type;
    new_document(&ok(ledger, Command::SaveInvoice(draft))).id
}

/// Saves and releases a payment-like document of `amount` with `applications`.
pub fn released_payment(
    ledger: &mut Ledger,
    customer: &str,
    doc_type: reskontra_core::documents::document::DocType,
    amount: &str,
    applications: &[(DocId, &str)],
) -> DocId {
    let mut draft = payment_draft(customer, amount, applications);
    draft.doc_type = doc_type;
    let id = new_document(&ok(ledger, Command::SavePayment(draft))).id;
    ok(ledger, Command::Release(id));
    id
}
