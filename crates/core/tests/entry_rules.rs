//! The data-entry preferences (SPEC R1.3, R4.4, R4.6): hold on entry, validate
//! document totals on entry, require payment reference on entry.

mod common;

use common::*;
use reskontra_core::command::{InvoiceDraft, SettingsDraft};
use reskontra_core::documents::document::{DocStatus, DocType};
use reskontra_core::Command;

fn with_settings(change: impl Fn(&mut SettingsDraft)) -> (reskontra_core::Ledger, String) {
    let (mut ledger, customer) = ledger_with_customer();
    let mut draft = SettingsDraft::from_settings(&ledger.settings);
    change(&mut draft);
    ok(&mut ledger, Command::SaveSettings(draft));
    (ledger, customer)
}

#[test]
fn validated_totals_keep_a_document_on_hold_until_they_agree() {
    let (mut ledger, customer) = with_settings(|s| s.validate_totals_on_entry = true);
    // 2 × 100 + 25 % VAT = 250.00.
    let mut draft = invoice_draft(&customer, "2026-03-01", vec![line("2", "100", "", "HIGH")]);
    // No typed total and not on hold: refused at the control total.
    let problems = run(&mut ledger, Command::SaveInvoice(draft.clone())).unwrap_err();
    assert_eq!(fields(&problems), vec!["control_total"]);
    assert_eq!(problems[0].kind, reskontra_core::ProblemKind::Required, "{problems:?}");
    assert!(problems[0].message.contains("250.00"), "{problems:?}");
    // A wrong total: refused too, saying both.
    draft.control_total = "240".into();
    let problems = run(&mut ledger, Command::SaveInvoice(draft.clone())).unwrap_err();
    assert_eq!(problems[0].kind, reskontra_core::ProblemKind::Mismatch, "{problems:?}");
    assert!(problems[0].message.contains("240.00") && problems[0].message.contains("250.00"), "{problems:?}");
    // On hold it may be saved with the wrong total, but not released.
    draft.hold = true;
    let held = new_document(&ok(&mut ledger, Command::SaveInvoice(draft.clone())));
    assert_eq!(held.status, DocStatus::OnHold);
    // The right total lets it leave Hold and be released.
    let mut fixed = InvoiceDraft::from_document(&held, reskontra_core::NumberFormat::English);
    fixed.control_total = "250.00".into();
    fixed.hold = false;
    assert_eq!(new_document(&ok(&mut ledger, Command::SaveInvoice(fixed))).status, DocStatus::Balanced);
    ok(&mut ledger, Command::Release(held.id));
}

#[test]
fn a_document_saved_before_the_rule_was_switched_on_cannot_be_released_without_it() {
    let (mut ledger, customer) = ledger_with_customer();
    let id = add_invoice(&mut ledger, &customer, vec![line("1", "10", "", "EXEMPT")]);
    let mut settings = SettingsDraft::from_settings(&ledger.settings);
    settings.validate_totals_on_entry = true;
    settings.require_payment_ref_on_entry = true;
    ok(&mut ledger, Command::SaveSettings(settings));
    let refused = run(&mut ledger, Command::Release(id)).unwrap_err();
    assert_eq!(common::form_kind(&refused), reskontra_core::ProblemKind::NotAllowed);
    assert!(refused[0].message.contains("typed total"), "{refused:?}");
    let payment = new_document(&ok(
        &mut ledger,
        Command::SavePayment({
            let mut p = payment_draft(&customer, "10", &[]);
            p.payment_ref = "KID 1".into();
            p
        }),
    ));
    ok(&mut ledger, Command::Release(payment.id));
}

#[test]
fn a_payment_reference_is_required_before_leaving_hold() {
    let (mut ledger, customer) = with_settings(|s| s.require_payment_ref_on_entry = true);
    for doc_type in [DocType::Payment, DocType::Prepayment] {
        let mut draft = payment_draft(&customer, "100", &[]);
        draft.doc_type = doc_type;
        assert_eq!(fields(&run(&mut ledger, Command::SavePayment(draft.clone())).unwrap_err()), vec!["payment_ref"], "{doc_type:?}");
        draft.hold = true;
        assert_eq!(new_document(&ok(&mut ledger, Command::SavePayment(draft.clone()))).status, DocStatus::OnHold);
        draft.hold = false;
        draft.payment_ref = "KID 123".into();
        ok(&mut ledger, Command::SavePayment(draft));
    }
    // Cash sales need one too; invoices do not.
    let mut sale = invoice_draft(&customer, "2026-03-01", vec![line("1", "10", "", "EXEMPT")]);
    sale.doc_type = DocType::CashSale;
    assert_eq!(fields(&run(&mut ledger, Command::SaveInvoice(sale.clone())).unwrap_err()), vec!["payment_ref"]);
    sale.doc_type = DocType::Invoice;
    ok(&mut ledger, Command::SaveInvoice(sale));
}
