//! Credit verification (SPEC R4.14, R5.4) at its boundaries.

mod common;

use common::*;
use reskontra_core::command::{CustomerDraft, InvoiceDraft};
use reskontra_core::documents::credit::{first_due_date, remaining_credit, CreditRule};
use reskontra_core::documents::document::DocStatus;
use reskontra_core::{execute, Command, Ledger};
use rust_decimal_macros::dec;

fn with_policy(rule: CreditRule, limit: &str, days: &str) -> (Ledger, String) {
    let (mut ledger, customer) = ledger_with_customer();
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
    draft.credit.rule = rule;
    draft.credit.limit = limit.into();
    draft.credit.days_past_due = days.into();
    ok(&mut ledger, Command::SaveCustomer(draft));
    (ledger, customer)
}

/// Saves an invoice of `price` (no VAT) dated 2026-03-01 on business date `today`.
fn save_on(ledger: &mut Ledger, customer: &str, price: &str, today: &str) -> reskontra_core::documents::document::Document {
    let change =
        execute(ledger, &Command::SaveInvoice(invoice_draft(customer, "2026-03-01", vec![line("1", price, "", "EXEMPT")])), day(today)).expect("saved");
    ledger.apply(&change);
    new_document(&change)
}

#[test]
fn credit_limit_boundary() {
    let (mut ledger, customer) = with_policy(CreditRule::CreditLimit, "1000", "");
    let first = save_on(&mut ledger, &customer, "1000", TODAY);
    assert_eq!(first.status, DocStatus::Balanced, "exactly at the limit is allowed");
    assert_eq!(remaining_credit(&ledger, &customer), Some(dec!(0)));
    let second = save_on(&mut ledger, &customer, "0.01", TODAY);
    assert_eq!(second.status, DocStatus::CreditHold);
    assert!(second.credit_hold_reason.contains("exceeded by 0.01 NOK"), "{}", second.credit_hold_reason);
    let refused = run(&mut ledger, Command::Release(second.id)).unwrap_err();
    assert_eq!(common::form_kind(&refused), reskontra_core::ProblemKind::NotAllowed);
    // Which of the refusals of Release (on hold, credit hold, released) it is.
    assert!(refused[0].message.contains("credit hold"), "{refused:?}");
    // Releasing the first is fine: it is part of the exposure already.
    ok(&mut ledger, Command::Release(first.id));
}

#[test]
fn days_past_due_boundary() {
    let (mut ledger, customer) = with_policy(CreditRule::DaysPastDue, "", "10");
    // NET30 from 2026-01-20: due 2026-02-19; ten days' grace ends 2026-03-01.
    let mut draft = invoice_draft(&customer, "2026-01-20", vec![line("1", "100", "", "EXEMPT")]);
    draft.due_date = String::new();
    let old = new_document(&ok(&mut ledger, Command::SaveInvoice(draft)));
    ok(&mut ledger, Command::Release(old.id));
    assert_eq!(first_due_date(&ledger, &customer), Some(day("2026-02-19")));
    assert_eq!(save_on(&mut ledger, &customer, "5", "2026-03-01").status, DocStatus::Balanced);
    let late = save_on(&mut ledger, &customer, "5", "2026-03-02");
    assert_eq!(late.status, DocStatus::CreditHold);
    assert!(late.credit_hold_reason.contains(&format!("Invoice {} due 2026-02-19 (11 days)", old.ref_nbr)), "{}", late.credit_hold_reason);
}

#[test]
fn a_controller_can_remove_the_hold_until_the_total_changes() {
    let (mut ledger, customer) = with_policy(CreditRule::LimitAndDaysPastDue, "100", "30");
    let held = save_on(&mut ledger, &customer, "150", TODAY);
    assert_eq!(held.status, DocStatus::CreditHold);
    ok(&mut ledger, Command::RemoveCreditHold(held.id));
    assert_eq!(ledger.documents[&held.id].status, DocStatus::Balanced);
    // Editing it with the same total keeps the approval; a new total checks again.
    let mut edit = InvoiceDraft::from_document(&ledger.documents[&held.id], reskontra_core::NumberFormat::English);
    edit.description = "Approved by the credit controller".into();
    assert_eq!(new_document(&ok(&mut ledger, Command::SaveInvoice(edit.clone()))).status, DocStatus::Balanced);
    edit.lines[0].unit_price = "160".into();
    assert_eq!(new_document(&ok(&mut ledger, Command::SaveInvoice(edit))).status, DocStatus::CreditHold);
    ok(&mut ledger, Command::RemoveCreditHold(held.id));
    ok(&mut ledger, Command::Release(held.id));
    assert!(run(&mut ledger, Command::RemoveCreditHold(held.id)).is_err());
}

#[test]
fn the_check_is_made_again_at_release() {
    let (mut ledger, customer) = ledger_with_customer();
    let invoice = add_invoice(&mut ledger, &customer, vec![line("1", "500", "", "EXEMPT")]);
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
    draft.credit.rule = CreditRule::CreditLimit;
    draft.credit.limit = "400".into();
    ok(&mut ledger, Command::SaveCustomer(draft));
    // R4.14: the failed check at release puts the invoice on credit hold with the reason.
    ok(&mut ledger, Command::Release(invoice));
    let held = &ledger.documents[&invoice];
    assert_eq!(held.status, DocStatus::CreditHold);
    assert!(held.credit_hold_reason.contains("credit limit 400.00 NOK exceeded by 100.00 NOK"), "{}", held.credit_hold_reason);
    assert!(run(&mut ledger, Command::Release(invoice)).is_err(), "on credit hold it is not released");
    // Payments and credit notes are never stopped.
    let payment = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "100", &[])))).id;
    ok(&mut ledger, Command::Release(payment));
    // With the payment the exposure is 400.00: saved again, the invoice passes the
    // check and goes through.
    let again = InvoiceDraft::from_document(&ledger.documents[&invoice], reskontra_core::NumberFormat::English);
    assert_eq!(new_document(&ok(&mut ledger, Command::SaveInvoice(again))).status, DocStatus::Balanced);
    ok(&mut ledger, Command::Release(invoice));
    assert!(ledger.documents[&invoice].status.is_released());
}

#[test]
fn bad_policy_input_is_refused_at_its_field() {
    let (mut ledger, customer) = ledger_with_customer();
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
    draft.credit.rule = CreditRule::LimitAndDaysPastDue;
    draft.credit.limit = "-5".into();
    draft.credit.days_past_due = "soon".into();
    let mut got = fields(&run(&mut ledger, Command::SaveCustomer(draft)).unwrap_err());
    got.sort();
    assert_eq!(got, vec!["credit_limit", "days_past_due"]);
}

#[test]
fn a_child_sharing_the_parents_credit_policy_is_checked_against_the_group() {
    let (mut ledger, parent) = with_policy(CreditRule::CreditLimit, "1000", "");
    let mut draft = CustomerDraft::new_of_class(&ledger.classes["DOMESTIC"].clone(), &ledger.settings);
    draft.name = "Datter AS".into();
    draft.parent.parent_id = parent.clone();
    draft.parent.shared_credit_policy = true;
    let child = match ok(&mut ledger, Command::SaveCustomer(draft)).puts.first() {
        Some(reskontra_core::Record::Customer(c)) => c.id.clone(),
        other => panic!("{other:?}"),
    };
    // The child's own rule is Disabled; the parent's limit applies to both together.
    save_on(&mut ledger, &parent, "800", TODAY);
    assert_eq!(remaining_credit(&ledger, &child), Some(dec!(200)));
    assert_eq!(save_on(&mut ledger, &child, "200", TODAY).status, DocStatus::Balanced, "exactly at the group's limit");
    let over = save_on(&mut ledger, &child, "0.01", TODAY);
    assert_eq!(over.status, DocStatus::CreditHold);
    assert!(over.credit_hold_reason.contains(&format!("credit shared by {parent}, {child}")), "{}", over.credit_hold_reason);
    // Without sharing, the child's own (disabled) rule applies again.
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&child], reskontra_core::NumberFormat::English);
    draft.parent.shared_credit_policy = false;
    ok(&mut ledger, Command::SaveCustomer(draft));
    assert_eq!(save_on(&mut ledger, &child, "5000", TODAY).status, DocStatus::Balanced);
    assert_eq!(remaining_credit(&ledger, &parent), Some(dec!(200)), "the parent's limit now counts the parent alone: 1000 − 800");
}

#[test]
fn update_credit_hold_puts_breaking_customers_on_hold_and_lets_them_go_again() {
    use reskontra_core::customers::customer::CustomerStatus;
    use reskontra_core::documents::credit::credit_hold_proposals;
    let (mut ledger, customer) = with_policy(CreditRule::DaysPastDue, "", "10");
    // NET30 from 2026-01-20: due 2026-02-19; allowed until 2026-03-01.
    let mut draft = invoice_draft(&customer, "2026-01-20", vec![line("1", "100", "", "EXEMPT")]);
    draft.due_date = String::new();
    let invoice = new_document(&ok(&mut ledger, Command::SaveInvoice(draft)));
    ok(&mut ledger, Command::Release(invoice.id));
    assert!(credit_hold_proposals(&ledger, day("2026-03-01")).is_empty(), "on the last allowed day nothing changes");
    let proposals = credit_hold_proposals(&ledger, day("2026-03-02"));
    assert_eq!(proposals.len(), 1);
    assert_eq!(proposals[0].to, CustomerStatus::CreditHold);
    assert!(proposals[0].reason.contains("11 days past due (allowed 10)"), "{}", proposals[0].reason);
    let change = execute(&ledger, &Command::UpdateCreditHold(day("2026-03-02")), day("2026-03-02")).expect("updated");
    ledger.apply(&change);
    assert_eq!(ledger.customers[&customer].status, CustomerStatus::CreditHold);
    assert_eq!(ledger.customers[&customer].status_changes.last().map(|c| c.date), Some(day("2026-03-02")));
    // On credit hold: no new invoices (R3.1), payments still allowed.
    let refused = execute(&ledger, &Command::SaveInvoice(invoice_draft(&customer, "2026-03-02", vec![line("1", "5", "", "EXEMPT")])), day("2026-03-02"));
    assert!(refused.is_err());
    let payment = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "100", &[(invoice.id, "100")]))));
    ok(&mut ledger, Command::Release(payment.id));
    // Paid: the hold is lifted by the next update.
    let proposals = credit_hold_proposals(&ledger, day("2026-03-03"));
    assert_eq!(proposals.iter().map(|p| (p.customer_id.as_str(), p.to)).collect::<Vec<_>>(), [(customer.as_str(), CustomerStatus::Active)]);
    // A hold set by hand on a customer without a credit rule is left alone.
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
    draft.credit.rule = CreditRule::Disabled;
    ok(&mut ledger, Command::SaveCustomer(draft));
    assert!(credit_hold_proposals(&ledger, day("2026-03-03")).is_empty());
    assert!(execute(&ledger, &Command::UpdateCreditHold(day("2026-03-03")), day("2026-03-03")).is_err());
}

#[test]
fn a_customer_can_be_put_on_credit_hold_by_choice() {
    use reskontra_core::customers::customer::CustomerStatus;
    let (mut ledger, customer) = with_policy(CreditRule::CreditLimit, "100", "");
    let held = save_on(&mut ledger, &customer, "500", TODAY);
    assert_eq!(held.status, DocStatus::CreditHold);
    ok(&mut ledger, Command::HoldCustomer(customer.clone()));
    assert_eq!(ledger.customers[&customer].status, CustomerStatus::CreditHold);
    assert_eq!(
        ledger.customers[&customer].status_changes.last().map(|c| (c.from, c.to, c.date)),
        Some((CustomerStatus::Active, CustomerStatus::CreditHold, day(TODAY)))
    );
    let again = run(&mut ledger, Command::HoldCustomer(customer.clone())).expect_err("already");
    assert_eq!(common::form_kind(&again), reskontra_core::ProblemKind::NotAllowed, "the only refusal of an existing customer");
    // On credit hold: new invoices are refused, credit notes and payments are not (R3.1).
    assert!(run(&mut ledger, Command::SaveInvoice(invoice_draft(&customer, "2026-03-01", vec![line("1", "5", "", "EXEMPT")]))).is_err());
    ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "5", &[])));
}
