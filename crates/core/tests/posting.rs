//! Every document type's release and balance effect (SPEC R4.8), applications before
//! and after release with reversal (R4.9), refunds and void payments (R4.10), and
//! what each customer status allows (R3.1).

mod common;

use common::*;
use reskontra_core::command::ApplicationDraft;
use reskontra_core::customers::customer::CustomerStatus;
use reskontra_core::documents::document::{DocStatus, DocType};
use reskontra_core::ledger::invariants::check_ledger;
use reskontra_core::{Balances, Command};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn balance(ledger: &reskontra_core::Ledger, customer: &str) -> Decimal {
    ledger.balances_of(customer).balance
}

fn sound(ledger: &reskontra_core::Ledger) {
    let broken = check_ledger(ledger);
    assert!(broken.is_empty(), "{broken:?}");
}

/// (type, status after release, customer balance after release of a 100.00 document)
fn check_release_effect(doc_type: DocType, status: DocStatus, balance_after: Decimal) {
    let (mut ledger, customer) = ledger_with_customer();
    let id = if doc_type.is_invoice_like() {
        add_of_type(&mut ledger, &customer, doc_type, "100")
    } else {
        let mut draft = payment_draft(&customer, "100", &[]);
        draft.doc_type = doc_type;
        new_document(&ok(&mut ledger, Command::SavePayment(draft))).id
    };
    assert_eq!(ledger.documents[&id].status, DocStatus::Balanced, "{doc_type:?}");
    ok(&mut ledger, Command::Release(id));
    assert_eq!(ledger.documents[&id].status, status, "{doc_type:?}");
    assert_eq!(balance(&ledger, &customer), balance_after, "{doc_type:?}");
    sound(&ledger);
}

#[test]
fn release_effects_per_type_follow_r4_8() {
    check_release_effect(DocType::Invoice, DocStatus::Open, dec!(100.00));
    check_release_effect(DocType::DebitNote, DocStatus::Open, dec!(100.00));
    check_release_effect(DocType::CreditNote, DocStatus::Open, dec!(-100.00));
    check_release_effect(DocType::Payment, DocStatus::Open, dec!(-100.00));
    check_release_effect(DocType::Prepayment, DocStatus::Open, dec!(-100.00));
    check_release_effect(DocType::CashSale, DocStatus::Closed, dec!(0));
    check_release_effect(DocType::CashReturn, DocStatus::Closed, dec!(0));
}

#[test]
fn unreleased_balance_is_signed_by_type() {
    let (mut ledger, customer) = ledger_with_customer();
    add_of_type(&mut ledger, &customer, DocType::Invoice, "100");
    add_of_type(&mut ledger, &customer, DocType::DebitNote, "10");
    add_of_type(&mut ledger, &customer, DocType::CreditNote, "30");
    add_of_type(&mut ledger, &customer, DocType::CashSale, "1000");
    new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "5", &[]))));
    assert_eq!(ledger.balances_of(&customer).unreleased_balance, dec!(75.00));
}

#[test]
fn prepayment_balance_is_kept_apart_and_shrinks_when_applied() {
    let (mut ledger, customer) = ledger_with_customer();
    let prepayment = released_payment(&mut ledger, &customer, DocType::Prepayment, "300", &[]);
    assert_eq!(ledger.balances_of(&customer), Balances { balance: dec!(-300.00), prepayment_balance: dec!(300.00), unreleased_balance: dec!(0) });
    let invoice = released_invoice(&mut ledger, &customer, "120");
    ok(&mut ledger, Command::Apply { id: prepayment, applications: vec![ApplicationDraft::new(invoice, "120")] });
    assert_eq!(ledger.balances_of(&customer), Balances { balance: dec!(-180.00), prepayment_balance: dec!(180.00), unreleased_balance: dec!(0) });
    assert_eq!(ledger.documents[&invoice].status, DocStatus::Closed);
    // R5.2, seed 003: windows and reports show the prepayment balance with a minus sign.
    assert_eq!(ledger.balances_of(&customer).displayed_prepayment_balance(), dec!(-180.00));
    assert_eq!(Balances::default().displayed_prepayment_balance(), dec!(0));
    sound(&ledger);
}

#[test]
fn a_credit_note_applied_to_an_invoice_closes_both() {
    let (mut ledger, customer) = ledger_with_customer();
    let invoice = released_invoice(&mut ledger, &customer, "250");
    // Planned before release: nothing moves until the credit note is released.
    let mut draft = invoice_draft(&customer, "2026-03-05", vec![line("1", "250", "", "EXEMPT")]);
    draft.doc_type = DocType::CreditNote;
    draft.applications = vec![ApplicationDraft::new(invoice, "250")];
    let note = new_document(&ok(&mut ledger, Command::SaveInvoice(draft)));
    assert_eq!(note.ref_nbr, "CN000001");
    assert_eq!(ledger.documents[&invoice].balance, dec!(250.00));
    ok(&mut ledger, Command::Release(note.id));
    assert_eq!((ledger.documents[&invoice].status, ledger.documents[&note.id].status), (DocStatus::Closed, DocStatus::Closed));
    assert_eq!(balance(&ledger, &customer), dec!(0));
    sound(&ledger);
}

#[test]
fn applications_after_release_and_their_reversal() {
    let (mut ledger, customer) = ledger_with_customer();
    let a = released_invoice(&mut ledger, &customer, "100");
    let b = released_invoice(&mut ledger, &customer, "80");
    let payment = released_payment(&mut ledger, &customer, DocType::Payment, "150", &[]);
    assert_eq!(balance(&ledger, &customer), dec!(30.00));
    // Too much for the payment's balance: refused, nothing changes.
    let before = ledger.clone();
    let problems =
        run(&mut ledger, Command::Apply { id: payment, applications: vec![ApplicationDraft::new(a, "100"), ApplicationDraft::new(b, "80")] }).unwrap_err();
    assert_eq!(common::form_kind(&problems), reskontra_core::ProblemKind::Mismatch);
    assert!(problems[0].message.contains("more than the 150.00 left"), "{problems:?}");
    assert_eq!(ledger, before);
    ok(&mut ledger, Command::Apply { id: payment, applications: vec![ApplicationDraft::new(a, "100"), ApplicationDraft::new(b, "50")] });
    assert_eq!((ledger.documents[&a].status, ledger.documents[&b].balance), (DocStatus::Closed, dec!(30.00)));
    assert_eq!(ledger.documents[&payment].status, DocStatus::Closed);
    assert_eq!(balance(&ledger, &customer), dec!(30.00));
    // Reverse what was applied to A: A is open again, the payment has 100 to apply.
    ok(&mut ledger, Command::ReverseApplication { id: payment, target: a });
    assert_eq!((ledger.documents[&a].status, ledger.documents[&a].balance), (DocStatus::Open, dec!(100.00)));
    assert_eq!((ledger.documents[&payment].status, ledger.documents[&payment].balance), (DocStatus::Open, dec!(100.00)));
    assert_eq!(ledger.documents[&payment].applications.len(), 3, "the reversal is kept as history");
    assert!(run(&mut ledger, Command::ReverseApplication { id: payment, target: a }).is_err(), "nothing left to reverse");
    assert_eq!(balance(&ledger, &customer), dec!(30.00));
    sound(&ledger);
}

#[test]
fn a_refund_must_be_applied_in_full_and_consumes_the_credit() {
    let (mut ledger, customer) = ledger_with_customer();
    let payment = released_payment(&mut ledger, &customer, DocType::Payment, "200", &[]);
    assert_eq!(balance(&ledger, &customer), dec!(-200.00));
    // Partly applied: cannot be released.
    let mut draft = payment_draft(&customer, "200", &[(payment, "150")]);
    draft.doc_type = DocType::Refund;
    let refund = new_document(&ok(&mut ledger, Command::SavePayment(draft))).id;
    let problems = run(&mut ledger, Command::Release(refund)).unwrap_err();
    assert_eq!(common::form_kind(&problems), reskontra_core::ProblemKind::Mismatch, "a refund is released only when applied in full");
    // A refund cannot be applied to an invoice.
    let invoice = released_invoice(&mut ledger, &customer, "10");
    let mut wrong = payment_draft(&customer, "10", &[(invoice, "10")]);
    wrong.doc_type = DocType::Refund;
    let refused = run(&mut ledger, Command::SavePayment(wrong)).unwrap_err();
    assert_eq!(common::kinds(&refused), vec![("applications.0.amount".to_string(), reskontra_core::ProblemKind::Mismatch)]);
    assert!(refused[0].message.contains("A refund is applied to payments, prepayments and credit notes"), "{refused:?}");
    // Fully applied: released and Closed; the payment's credit is used up.
    let mut full = payment_draft(&customer, "200", &[(payment, "200")]);
    full.doc_type = DocType::Refund;
    full.id = Some(refund);
    ok(&mut ledger, Command::SavePayment(full));
    ok(&mut ledger, Command::Release(refund));
    assert_eq!(ledger.documents[&refund].status, DocStatus::Closed);
    assert_eq!(ledger.documents[&payment].status, DocStatus::Closed);
    assert_eq!(balance(&ledger, &customer), dec!(10.00));
    // A refunded payment cannot be voided.
    let refused = run(&mut ledger, Command::VoidPayment(payment)).unwrap_err();
    assert_eq!(common::form_kind(&refused), reskontra_core::ProblemKind::NotAllowed);
    assert!(refused[0].message.contains("refunded"), "{refused:?}");
    sound(&ledger);
}

#[test]
fn voiding_a_payment_reverses_it_and_its_applications() {
    let (mut ledger, customer) = ledger_with_customer();
    let a = released_invoice(&mut ledger, &customer, "100");
    let b = released_invoice(&mut ledger, &customer, "50");
    let payment = released_payment(&mut ledger, &customer, DocType::Payment, "200", &[(a, "100"), (b, "20")]);
    assert_eq!(balance(&ledger, &customer), dec!(-50.00));
    // Unreleased documents are deleted, not voided.
    let recorded = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "1", &[])))).id;
    assert!(run(&mut ledger, Command::VoidPayment(recorded)).is_err());
    let change = ok(&mut ledger, Command::VoidPayment(payment));
    let void = change
        .puts
        .iter()
        .find_map(|r| if let reskontra_core::Record::Document(d) = r { (d.doc_type == DocType::VoidPayment).then(|| d.clone()) } else { None })
        .expect("a void payment");
    assert_eq!((void.ref_nbr.as_str(), void.total, void.status), (ledger.documents[&payment].ref_nbr.as_str(), dec!(200.00), DocStatus::Closed));
    assert_eq!(ledger.documents[&payment].status, DocStatus::Voided);
    assert_eq!((ledger.documents[&a].status, ledger.documents[&a].balance), (DocStatus::Open, dec!(100.00)));
    assert_eq!(ledger.documents[&b].balance, dec!(50.00));
    // The balance rises by the voided payment: back to the two invoices.
    assert_eq!(balance(&ledger, &customer), dec!(150.00));
    assert!(run(&mut ledger, Command::VoidPayment(payment)).is_err(), "voided once only");
    sound(&ledger);
}

#[test]
fn what_each_customer_status_allows() {
    use DocType::*;
    let cases = [
        (CustomerStatus::Active, vec![Invoice, DebitNote, CreditNote, CashSale, CashReturn, Payment, Prepayment]),
        (CustomerStatus::OneTime, vec![Invoice, DebitNote, CreditNote, CashSale, CashReturn, Payment, Prepayment]),
        (CustomerStatus::OnHold, vec![Payment, Prepayment]),
        (CustomerStatus::CreditHold, vec![CreditNote, Payment, Prepayment]),
        (CustomerStatus::Inactive, vec![]),
    ];
    for (status, allowed) in cases {
        let (mut ledger, customer) = ledger_with_customer();
        set_status(&mut ledger, &customer, status);
        for doc_type in [Invoice, DebitNote, CreditNote, CashSale, CashReturn, Payment, Prepayment] {
            let result = if doc_type.is_invoice_like() {
                let mut draft = invoice_draft(&customer, "2026-03-01", vec![line("1", "1", "", "EXEMPT")]);
                draft.doc_type = doc_type;
                run(&mut ledger, Command::SaveInvoice(draft))
            } else {
                let mut draft = payment_draft(&customer, "1", &[]);
                draft.doc_type = doc_type;
                run(&mut ledger, Command::SavePayment(draft))
            };
            assert_eq!(result.is_ok(), allowed.contains(&doc_type), "{status:?} {doc_type:?}");
        }
    }
}

#[test]
fn notes_take_numbers_from_their_own_series() {
    let (mut ledger, customer) = ledger_with_customer();
    let inv = add_of_type(&mut ledger, &customer, DocType::Invoice, "1");
    let sale = add_of_type(&mut ledger, &customer, DocType::CashSale, "1");
    let debit = add_of_type(&mut ledger, &customer, DocType::DebitNote, "1");
    let credit = add_of_type(&mut ledger, &customer, DocType::CreditNote, "1");
    let refs: Vec<&str> = [inv, sale, debit, credit].iter().map(|id| ledger.documents[id].ref_nbr.as_str()).collect();
    assert_eq!(refs, vec!["INV000001", "INV000002", "DN000001", "CN000001"]);
    let mut prepayment = payment_draft(&customer, "1", &[]);
    prepayment.doc_type = DocType::Prepayment;
    let p1 = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "1", &[])))).ref_nbr;
    let p2 = new_document(&ok(&mut ledger, Command::SavePayment(prepayment))).ref_nbr;
    assert_eq!((p1.as_str(), p2.as_str()), ("PAY000001", "PAY000002"));
    // Only credit notes carry applications among the invoice-like types.
    let mut debit_with_apps = invoice_draft(&customer, "2026-03-01", vec![line("1", "1", "", "EXEMPT")]);
    debit_with_apps.doc_type = DocType::DebitNote;
    debit_with_apps.applications = vec![ApplicationDraft::new(inv, "1")];
    assert_eq!(fields(&run(&mut ledger, Command::SaveInvoice(debit_with_apps)).unwrap_err()), vec!["applications"]);
    // Due dates only for what falls due.
    assert!(ledger.documents[&credit].due_date.is_none() && ledger.documents[&debit].due_date.is_some());
}

#[test]
fn a_mass_release_in_parts_is_the_same_as_in_one_go() {
    use reskontra_core::ledger::demo::{add_unreleased_invoices, demo_ledger, DemoSize};
    use reskontra_core::{release_many, ReleaseRun};
    let today = day("2026-06-30");
    let mut ledger = demo_ledger(3, DemoSize { customers: 12, invoices: 40 }, today);
    add_unreleased_invoices(&mut ledger, 30, today);
    // One customer on hold: its documents fail, the others go on.
    let held = ledger.documents.values().find(|d| d.status == DocStatus::Balanced).map(|d| d.customer_id.clone()).expect("an unreleased document");
    set_status(&mut ledger, &held, CustomerStatus::OnHold);
    let ids: Vec<_> = ledger.documents.values().filter(|d| d.status == DocStatus::Balanced).map(|d| d.id).collect();
    let whole = release_many(&ledger, &ids, today);
    let mut run = ReleaseRun::new(&ledger, today);
    for part in ids.chunks(7) {
        run.release(part);
        assert_eq!(run.done() % 7, if run.done() == ids.len() { ids.len() % 7 } else { 0 });
    }
    let parts = run.finish();
    assert_eq!(parts, whole);
    assert!(whole.1.iter().any(|r| r.outcome.is_err()) && whole.1.iter().any(|r| r.outcome.is_ok()), "some fail, some succeed");
}
