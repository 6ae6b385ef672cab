//! Calculate overdue charges (R4.12) and Write off balances and credits (R4.13):
//! amounts, who is included, the preview equals what is posted, no double charging.

mod common;

use common::*;
use reskontra_core::command::{ClassDraft, CustomerDraft, InvoiceDraft};
use reskontra_core::documents::document::{DocStatus, DocType};
use reskontra_core::ledger::invariants::check_ledger;
use reskontra_core::processes::{overdue_proposals, write_off_proposals};
use reskontra_core::{execute, Command, Ledger};
use rust_decimal_macros::dec;

fn class_with(ledger: &mut Ledger, overdue: bool, rate: &str, write_offs: bool, limit: &str) {
    let class = ledger.classes["DOMESTIC"].clone();
    let mut draft = ClassDraft { overdue_rate_pct: rate.into(), ..ClassDraft::from_class(&class, reskontra_core::NumberFormat::English) };
    draft.dunning.overdue_charges = overdue;
    draft.dunning.write_offs = write_offs;
    draft.dunning.write_off_limit = limit.into();
    ok(ledger, Command::SaveClass(draft));
}

/// A customer of the class as it is now (it copies the flags), and its id.
fn new_customer(ledger: &mut Ledger) -> String {
    let class = ledger.classes["DOMESTIC"].clone();
    let mut draft = CustomerDraft::new_of_class(&class, &ledger.settings);
    draft.name = "Charged AS".into();
    let change = ok(ledger, Command::SaveCustomer(draft));
    match &change.puts[0] {
        reskontra_core::Record::Customer(c) => c.id.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn overdue_charges_are_interest_on_the_days_past_due() {
    let (mut ledger, old_customer) = ledger_with_customer();
    class_with(&mut ledger, true, "18.25", false, "");
    // Invoices of a customer made before the flag do not carry it.
    let before_flag = released_invoice(&mut ledger, &old_customer, "1000");
    assert!(!ledger.documents[&before_flag].overdue_charges);
    let customer = new_customer(&mut ledger);
    // 10 000.00 dated 2026-03-01, due 2026-03-31 (NET30).
    let invoice = released_invoice(&mut ledger, &customer, "10000");
    assert!(ledger.documents[&invoice].overdue_charges);
    assert!(overdue_proposals(&ledger, day("2026-03-31")).is_empty(), "not past due on the due date");
    // 10 days late at 18.25 % a year: 10 000 × 0.1825 × 10 / 365 = 50.00.
    let preview = overdue_proposals(&ledger, day("2026-04-10"));
    assert_eq!(preview.len(), 1);
    assert_eq!((preview[0].days, preview[0].charge), (10, dec!(50.00)));
    let change = execute(&ledger, &Command::CalculateOverdueCharges(day("2026-04-10")), day("2026-04-10")).expect("charges");
    ledger.apply(&change);
    let charge = ledger.documents.values().find(|d| d.doc_type == DocType::OverdueCharge).expect("an overdue charge").clone();
    assert_eq!((charge.total, charge.status, charge.ref_nbr.as_str()), (dec!(50.00), DocStatus::Open, "OC000001"));
    assert_eq!(ledger.balances_of(&customer).balance, dec!(10050.00));
    // The same days are never charged twice; later days are.
    assert!(overdue_proposals(&ledger, day("2026-04-10")).iter().all(|p| p.invoice != invoice));
    assert_eq!(overdue_proposals(&ledger, day("2026-04-12")).iter().find(|p| p.invoice == invoice).map(|p| (p.days, p.charge)), Some((2, dec!(10.00))));
    // A payment can be applied to the charge like to an invoice.
    let payment = released_payment(&mut ledger, &customer, DocType::Payment, "50", &[(charge.id, "50")]);
    assert_eq!(ledger.documents[&charge.id].status, DocStatus::Closed);
    assert_eq!(ledger.documents[&payment].status, DocStatus::Closed);
    assert!(check_ledger(&ledger).is_empty(), "{:?}", check_ledger(&ledger));
}

#[test]
fn the_documents_own_check_box_decides_whether_it_is_charged() {
    let (mut ledger, old_customer) = ledger_with_customer();
    class_with(&mut ledger, true, "18.25", false, "");
    let flagged_customer = new_customer(&mut ledger);
    // An invoice of a customer without the flag, ticked by hand (seed 002: "select the
    // Apply overdue charge check box for the document").
    let ticked = new_document(&ok(
        &mut ledger,
        Command::SaveInvoice(InvoiceDraft {
            overdue_charges: Some(true),
            ..invoice_draft(&old_customer, "2026-03-01", vec![line("1", "10000", "", "EXEMPT")])
        }),
    ));
    assert!(ticked.overdue_charges);
    // An invoice of a flagged customer, unticked by hand.
    let unticked = new_document(&ok(
        &mut ledger,
        Command::SaveInvoice(InvoiceDraft {
            overdue_charges: Some(false),
            ..invoice_draft(&flagged_customer, "2026-03-01", vec![line("1", "10000", "", "EXEMPT")])
        }),
    ));
    assert!(!unticked.overdue_charges);
    // Saving again without saying keeps what the document has, whatever the customer has.
    let mut again = InvoiceDraft::from_document(&ticked, reskontra_core::NumberFormat::English);
    again.overdue_charges = None;
    again.description = "Edited".into();
    assert!(new_document(&ok(&mut ledger, Command::SaveInvoice(again))).overdue_charges);
    // A credit note never carries it.
    let credit_note = new_document(&ok(
        &mut ledger,
        Command::SaveInvoice(InvoiceDraft {
            doc_type: DocType::CreditNote,
            overdue_charges: Some(true),
            ..invoice_draft(&flagged_customer, "2026-03-01", vec![line("1", "10", "", "EXEMPT")])
        }),
    ));
    assert!(!credit_note.overdue_charges);
    ok(&mut ledger, Command::Release(ticked.id));
    ok(&mut ledger, Command::Release(unticked.id));
    let charged: Vec<_> = overdue_proposals(&ledger, day("2026-04-10")).into_iter().map(|p| p.invoice).collect();
    assert_eq!(charged, vec![ticked.id]);
}

#[test]
fn a_rate_on_the_terms_comes_before_the_class_rate() {
    let (mut ledger, _) = ledger_with_customer();
    class_with(&mut ledger, true, "18.25", false, "");
    let customer = new_customer(&mut ledger);
    let invoice = released_invoice(&mut ledger, &customer, "10000");
    let terms_id = ledger.customers[&customer].terms_id.clone();
    let set_terms_rate = |ledger: &mut Ledger, rate: &str| {
        let mut draft = reskontra_core::settings::reference::ReferenceTablesDraft::from_settings(&ledger.settings);
        let terms = draft.terms.iter_mut().find(|t| t.id == terms_id).expect("the customer's terms");
        terms.overdue_rate_pct = rate.into();
        run(ledger, Command::SaveReferenceTables(draft))
    };
    // 10 days at 36.5 % a year on 10 000.00: 100.00 (the class's 18.25 % would give 50.00).
    set_terms_rate(&mut ledger, "36.5").expect("terms saved");
    let preview = overdue_proposals(&ledger, day("2026-04-10"));
    assert_eq!(preview.iter().find(|p| p.invoice == invoice).map(|p| (p.rate_pct, p.charge)), Some((dec!(36.5), dec!(100.00))));
    // Back to none on the terms: the class's rate again.
    set_terms_rate(&mut ledger, "").expect("terms saved");
    assert_eq!(overdue_proposals(&ledger, day("2026-04-10")).iter().find(|p| p.invoice == invoice).map(|p| p.charge), Some(dec!(50.00)));
    // A rate over 100 % is refused beside the field, and nothing changes.
    let problems = set_terms_rate(&mut ledger, "150").unwrap_err();
    assert!(fields(&problems).iter().any(|f| f.ends_with(".overdue_rate_pct")), "{problems:?}");
}

#[test]
fn nothing_to_charge_is_said_not_posted() {
    let (mut ledger, _) = ledger_with_customer();
    let before = ledger.clone();
    let problems = execute(&ledger, &Command::CalculateOverdueCharges(day("2026-04-10")), day("2026-04-10")).unwrap_err();
    assert_eq!(common::form_kind(&problems), reskontra_core::ProblemKind::NotAllowed, "nothing to charge");
    ledger.apply(&reskontra_core::Change::default());
    assert_eq!(ledger, before);
}

#[test]
fn small_balances_and_credits_are_written_off_up_to_the_limit() {
    let (mut ledger, _) = ledger_with_customer();
    class_with(&mut ledger, false, "", true, "50");
    let customer = new_customer(&mut ledger);
    let small = released_invoice(&mut ledger, &customer, "50");
    let large = released_invoice(&mut ledger, &customer, "50.01");
    let credit = released_payment(&mut ledger, &customer, DocType::Payment, "20", &[]);
    let preview = write_off_proposals(&ledger, None);
    let mut targets: Vec<_> = preview.iter().map(|p| (p.target, p.write_off_type)).collect();
    targets.sort();
    assert_eq!(targets, vec![(small, DocType::BalanceWriteOff), (credit, DocType::CreditWriteOff)]);
    // A lower limit given to the process narrows it further.
    assert_eq!(write_off_proposals(&ledger, Some(dec!(30))).len(), 1);
    let change = execute(&ledger, &Command::WriteOff { date: day("2026-04-30"), limit: None }, day("2026-04-30")).expect("write-off");
    ledger.apply(&change);
    assert_eq!(ledger.documents[&small].status, DocStatus::Closed);
    assert_eq!(ledger.documents[&credit].status, DocStatus::Closed);
    assert_eq!(ledger.documents[&large].status, DocStatus::Open);
    // Only the large invoice is left: 50.01.
    assert_eq!(ledger.balances_of(&customer).balance, dec!(50.01));
    let l = |a: &str, d, c| reskontra_core::accounting::journal::JournalLine { account: a.into(), debit: d, credit: c };
    let balance_write_off = ledger.documents.values().find(|d| d.doc_type == DocType::BalanceWriteOff).expect("written off");
    assert_eq!(balance_write_off.journal, vec![l("7830", dec!(50.00), dec!(0)), l("1500", dec!(0), dec!(50.00))]);
    assert!(check_ledger(&ledger).is_empty(), "{:?}", check_ledger(&ledger));
    // A written-off payment cannot be voided any more.
    assert!(run(&mut ledger, Command::VoidPayment(credit)).is_err());
}
