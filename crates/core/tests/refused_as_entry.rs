//! A stored document that entry would refuse is refused by `check` and the import, and
//! a release checks its plan again (SPEC R4.7, R4.9); a credit check failing at release
//! puts the document on credit hold with the reason (R4.14).

mod common;

use common::*;
use reskontra_core::command::CustomerDraft;
use reskontra_core::documents::credit::CreditRule;
use reskontra_core::documents::document::{DocStatus, DocType};
use reskontra_core::documents::posting::held_at_release;
use reskontra_core::ledger::invariants::check_ledger;
use reskontra_core::{release_many, Command};
use rust_decimal_macros::dec;

/// A ledger with an open invoice of 500 and an unreleased payment of 100 planned on it.
fn payment_planned_on_invoice() -> (reskontra_core::Ledger, reskontra_core::documents::document::DocId, reskontra_core::documents::document::DocId) {
    let (mut ledger, customer) = ledger_with_customer();
    let invoice = released_invoice(&mut ledger, &customer, "500");
    let payment = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "100", &[(invoice, "100")])))).id;
    (ledger, invoice, payment)
}

#[test]
fn check_refuses_a_payment_planning_a_negative_application() {
    let (mut ledger, _, payment) = payment_planned_on_invoice();
    assert_eq!(check_ledger(&ledger), Vec::<String>::new());
    ledger.documents.get_mut(&payment).expect("saved").applications[0].amount = dec!(-100);
    let broken = check_ledger(&ledger);
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert!(broken[0].contains("more than zero"), "{broken:?}");
}

#[test]
fn check_refuses_a_negative_cash_discount_and_an_application_in_another_currency() {
    let (mut ledger, invoice, payment) = payment_planned_on_invoice();
    ledger.documents.get_mut(&payment).expect("saved").applications[0].discount = dec!(-1);
    assert_eq!(check_ledger(&ledger).len(), 1);
    ledger.documents.get_mut(&payment).expect("saved").applications[0].discount = dec!(0);
    ledger.documents.get_mut(&invoice).expect("saved").currency = "EUR".into();
    assert!(check_ledger(&ledger).iter().any(|b| b.contains("currency")), "{:?}", check_ledger(&ledger));
}

#[test]
fn a_mass_release_reports_a_row_entry_would_refuse_and_releases_the_others() {
    let (mut ledger, invoice, bad) = payment_planned_on_invoice();
    let customer = ledger.documents[&invoice].customer_id.clone();
    let good = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "50", &[(invoice, "50")])))).id;
    ledger.documents.get_mut(&bad).expect("saved").applications[0].amount = dec!(-100);
    let (change, results) = release_many(&ledger, &[bad, good], day(TODAY));
    assert!(results[0].outcome.is_err(), "the negative plan is refused: {:?}", results[0]);
    assert_eq!(results[1].outcome, Ok(()));
    ledger.apply(&change);
    assert_eq!(ledger.documents[&bad].status, DocStatus::Balanced, "left as it was");
    assert_eq!(ledger.documents[&good].status, DocStatus::Closed);
    assert_eq!(ledger.documents[&invoice].balance, dec!(450), "only the good payment settled the invoice");
}

#[test]
fn a_release_plans_no_more_than_the_payment_holds() {
    let (mut ledger, _, payment) = payment_planned_on_invoice();
    ledger.documents.get_mut(&payment).expect("saved").applications[0].amount = dec!(150);
    let problems = run(&mut ledger, Command::Release(payment)).unwrap_err();
    assert!(problems.iter().any(|p| p.field.is_form()), "{problems:?}");
    assert_eq!(ledger.documents[&payment].status, DocStatus::Balanced);
}

/// An invoice saved within the limit, then the limit lowered: at release the check fails.
fn invoice_over_a_lowered_limit() -> (reskontra_core::Ledger, reskontra_core::documents::document::DocId) {
    let (mut ledger, customer) = ledger_with_customer();
    let invoice = add_invoice(&mut ledger, &customer, vec![line("1", "800", "", "EXEMPT")]);
    assert_eq!(ledger.documents[&invoice].status, DocStatus::Balanced);
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
    draft.credit.rule = CreditRule::CreditLimit;
    draft.credit.limit = "500".into();
    ok(&mut ledger, Command::SaveCustomer(draft));
    (ledger, invoice)
}

#[test]
fn a_credit_check_failing_at_release_puts_the_document_on_credit_hold_with_the_reason() {
    let (mut ledger, invoice) = invoice_over_a_lowered_limit();
    assert_eq!(held_at_release(&ledger, invoice), None);
    ok(&mut ledger, Command::Release(invoice));
    let doc = &ledger.documents[&invoice];
    assert_eq!(doc.status, DocStatus::CreditHold);
    assert!(doc.released_on.is_none() && doc.journal.is_empty(), "not released");
    assert!(!doc.credit_hold_reason.is_empty());
    assert_eq!(held_at_release(&ledger, invoice), Some(doc.credit_hold_reason.as_str()));
    assert_eq!(ledger.balances_of(&doc.customer_id).balance, dec!(0), "the balance does not move");
}

#[test]
fn a_mass_release_keeps_the_credit_hold_and_reports_the_reason() {
    let (mut ledger, invoice) = invoice_over_a_lowered_limit();
    let customer = ledger.documents[&invoice].customer_id.clone();
    let credit_note = add_of_type(&mut ledger, &customer, DocType::CreditNote, "100");
    let (change, results) = release_many(&ledger, &[invoice, credit_note], day(TODAY));
    let reason = results[0].outcome.clone().unwrap_err();
    assert!(reason.starts_with("put on credit hold: "), "{reason}");
    assert_eq!(results[1].outcome, Ok(()));
    ledger.apply(&change);
    assert_eq!(ledger.documents[&invoice].status, DocStatus::CreditHold);
    assert_eq!(reason, format!("put on credit hold: {}", ledger.documents[&invoice].credit_hold_reason));
    assert_eq!(check_ledger(&ledger), Vec::<String>::new());
}
