//! *Apply payments automatically* (SPEC R3.5, R4.9): a payment released without
//! applications of its own is applied to open invoices, oldest due date first.

mod common;

use common::*;
use reskontra_core::command::{CustomerDraft, InvoiceDraft};
use reskontra_core::documents::document::DocStatus;
use reskontra_core::{Command, Ledger};
use rust_decimal_macros::dec;

fn with_flag(on: bool) -> (Ledger, String) {
    let (mut ledger, customer) = ledger_with_customer();
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
    draft.apply_payments_automatically = on;
    ok(&mut ledger, Command::SaveCustomer(draft));
    (ledger, customer)
}

fn released_on(ledger: &mut Ledger, customer: &str, date: &str, price: &str) -> reskontra_core::documents::document::DocId {
    let doc = new_document(&ok(
        ledger,
        Command::SaveInvoice(InvoiceDraft { due_date: String::new(), ..invoice_draft(customer, date, vec![line("1", price, "", "EXEMPT")]) }),
    ));
    ok(ledger, Command::Release(doc.id));
    doc.id
}

#[test]
fn a_payment_without_applications_pays_the_oldest_due_first() {
    let (mut ledger, customer) = with_flag(true);
    let newer = released_on(&mut ledger, &customer, "2026-02-01", "300");
    let older = released_on(&mut ledger, &customer, "2026-01-05", "200");
    let payment = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "350", &[]))));
    ok(&mut ledger, Command::Release(payment.id));
    assert_eq!(ledger.documents[&older].status, DocStatus::Closed, "the older one first, in full");
    assert_eq!(ledger.documents[&newer].balance, dec!(150), "the rest on the next");
    assert_eq!(ledger.documents[&payment.id].balance, dec!(0));
    assert!(ledger.documents[&payment.id].applications.iter().all(|a| a.released));
    // More than is open: the rest stays on the payment as an open credit.
    let extra = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "400", &[]))));
    ok(&mut ledger, Command::Release(extra.id));
    assert_eq!(ledger.documents[&newer].status, DocStatus::Closed);
    assert_eq!(ledger.documents[&extra.id].balance, dec!(250));
}

#[test]
fn typed_applications_and_customers_without_the_flag_are_left_alone() {
    let (mut ledger, customer) = with_flag(true);
    let older = released_on(&mut ledger, &customer, "2026-01-05", "200");
    let newer = released_on(&mut ledger, &customer, "2026-02-01", "300");
    // The user chose the newer one: that is what is applied.
    let payment = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "300", &[(newer, "300")]))));
    ok(&mut ledger, Command::Release(payment.id));
    assert_eq!(ledger.documents[&newer].status, DocStatus::Closed);
    assert_eq!(ledger.documents[&older].balance, dec!(200));
    let (mut ledger, customer) = with_flag(false);
    let open = released_on(&mut ledger, &customer, "2026-01-05", "200");
    let payment = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "100", &[]))));
    ok(&mut ledger, Command::Release(payment.id));
    assert_eq!(ledger.documents[&open].balance, dec!(200), "flag off: the payment stays unapplied");
    assert_eq!(ledger.documents[&payment.id].balance, dec!(100));
}
