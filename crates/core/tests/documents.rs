mod common;

use common::*;
use reskontra_core::command::{CustomerDraft, InvoiceDraft, SettingsDraft};
use reskontra_core::customers::customer::CustomerStatus;
use reskontra_core::documents::document::{DocStatus, DocType};
use reskontra_core::ledger::invariants::check_ledger;
use reskontra_core::{release_many, Balances, Command, Record};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// (lines as (quantity, price, discount %, VAT category), expected lines total, VAT, total)
fn check_totals(lines: &[(&str, &str, &str, &str)], lines_total: Decimal, vat: Decimal, total: Decimal) {
    let (mut ledger, customer) = ledger_with_customer();
    let drafts = lines.iter().map(|(q, p, d, v)| line(q, p, d, v)).collect();
    let change = ok(&mut ledger, Command::SaveInvoice(invoice_draft(&customer, "2026-03-01", drafts)));
    let doc = new_document(&change);
    assert_eq!((doc.lines_total(), doc.vat_total(), doc.total), (lines_total, vat, total), "lines {lines:?}");
    assert_eq!(doc.balance, doc.total);
}

#[test]
fn invoice_totals_follow_r4_2() {
    check_totals(&[("1", "100", "", "HIGH")], dec!(100.00), dec!(25.00), dec!(125.00));
    check_totals(&[("3", "33.33", "", "HIGH")], dec!(99.99), dec!(25.00), dec!(124.99));
    // Discount: 2 × 10.05 = 20.10, 15 % = 3.015 → 3.02 (midpoint away from zero), amount 17.08.
    check_totals(&[("2", "10.05", "15", "EXEMPT")], dec!(17.08), dec!(0.00), dec!(17.08));
    // VAT is rounded once per category, not per line: 3 × 0.02 × 25 % = 0.015 → 0.02.
    check_totals(&[("1", "0.02", "", "HIGH"), ("1", "0.02", "", "HIGH"), ("1", "0.02", "", "HIGH")], dec!(0.06), dec!(0.02), dec!(0.08));
    check_totals(&[("1", "100", "", "HIGH"), ("2", "50", "", "MEDIUM"), ("1", "10", "", "LOW")], dec!(210.00), dec!(41.20), dec!(251.20));
    check_totals(&[("1.5", "9.999", "", "EXEMPT")], dec!(15.00), dec!(0.00), dec!(15.00));
    check_totals(&[("0", "500", "", "HIGH")], dec!(0.00), dec!(0.00), dec!(0.00));
}

#[test]
fn due_date_comes_from_the_customers_terms() {
    let (mut ledger, customer) = ledger_with_customer();
    let change = ok(&mut ledger, Command::SaveInvoice(invoice_draft(&customer, "2026-01-31", vec![line("1", "1", "", "HIGH")])));
    assert_eq!(new_document(&change).due_date, Some(day("2026-03-02")));
}

#[test]
fn bad_invoice_input_gets_every_problem_at_its_field_and_changes_nothing() {
    let (mut ledger, customer) = ledger_with_customer();
    let before = ledger.clone();
    let mut draft = invoice_draft(&customer, "2026-02-30", vec![line("-1", "abc", "120", "NOPE"), line("1", "1.00001", "", "HIGH")]);
    draft.description = "two\nlines".into();
    draft.due_date = "tomorrow".into();
    let problems = run(&mut ledger, Command::SaveInvoice(draft)).unwrap_err();
    let mut got = fields(&problems);
    got.sort();
    assert_eq!(
        got,
        vec!["date", "description", "due_date", "lines.0.discount_pct", "lines.0.quantity", "lines.0.unit_price", "lines.0.vat_category", "lines.1.unit_price"]
    );
    assert_eq!(ledger, before);
    let problems = run(&mut ledger, Command::SaveInvoice(invoice_draft(&customer, "2026-03-01", vec![]))).unwrap_err();
    assert_eq!(fields(&problems), vec!["lines"]);
    let problems = run(&mut ledger, Command::SaveInvoice(invoice_draft("NOBODY", "2026-03-01", vec![line("1", "1", "", "HIGH")]))).unwrap_err();
    assert_eq!(fields(&problems), vec!["customer_id"]);
}

#[test]
fn status_on_entry_and_release_transitions() {
    let (mut ledger, customer) = ledger_with_customer();
    let mut draft = invoice_draft(&customer, "2026-03-01", vec![line("1", "100", "", "HIGH")]);
    draft.hold = true;
    let held = new_document(&ok(&mut ledger, Command::SaveInvoice(draft.clone())));
    assert_eq!(held.status, DocStatus::OnHold);
    assert_eq!(ledger.balances_of(&customer).unreleased_balance, dec!(125.00));
    // On hold cannot be released.
    let refused = run(&mut ledger, Command::Release(held.id)).unwrap_err();
    assert_eq!(common::form_kind(&refused), reskontra_core::ProblemKind::NotAllowed);
    assert!(refused[0].message.contains("on hold"), "{refused:?}");
    // Clearing Hold makes it Balanced; then it releases to Open.
    let mut edit = InvoiceDraft::from_document(&held, reskontra_core::NumberFormat::English);
    edit.hold = false;
    assert_eq!(new_document(&ok(&mut ledger, Command::SaveInvoice(edit))).status, DocStatus::Balanced);
    ok(&mut ledger, Command::Release(held.id));
    let released = ledger.documents[&held.id].clone();
    assert_eq!((released.status, released.balance, released.released_on), (DocStatus::Open, dec!(125.00), Some(day(TODAY))));
    assert_eq!(ledger.balances_of(&customer), Balances { balance: dec!(125.00), prepayment_balance: dec!(0), unreleased_balance: dec!(0) });
    // Released: no second release, no edit, no delete.
    let refused = run(&mut ledger, Command::Release(held.id)).unwrap_err();
    assert_eq!(common::form_kind(&refused), reskontra_core::ProblemKind::NotAllowed);
    assert!(refused[0].message.contains("already released"), "{refused:?}");
    assert!(run(&mut ledger, Command::SaveInvoice(InvoiceDraft::from_document(&released, reskontra_core::NumberFormat::English))).is_err());
    assert_eq!(common::form_kind(&run(&mut ledger, Command::DeleteDocument(held.id)).unwrap_err()), reskontra_core::ProblemKind::NotAllowed, "released: kept");
    // A recorded document can be deleted and changes no balance.
    let recorded = add_invoice(&mut ledger, &customer, vec![line("1", "10", "", "EXEMPT")]);
    assert_eq!(ledger.balances_of(&customer).unreleased_balance, dec!(10.00));
    ok(&mut ledger, Command::DeleteDocument(recorded));
    assert_eq!(ledger.balances_of(&customer).unreleased_balance, dec!(0));
}

#[test]
fn hold_documents_on_entry_is_a_saved_setting() {
    let (mut ledger, _) = ledger_with_customer();
    let mut settings = SettingsDraft::from_settings(&ledger.settings);
    settings.hold_documents_on_entry = true;
    ok(&mut ledger, Command::SaveSettings(settings));
    assert!(ledger.settings.hold_documents_on_entry);
}

#[test]
fn payment_application_partial_then_full_closes_the_invoice() {
    let (mut ledger, customer) = ledger_with_customer();
    let invoice = released_invoice(&mut ledger, &customer, "1000");
    let first = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "600", &[(invoice, "600")]))));
    assert_eq!(first.status, DocStatus::Balanced);
    // Recorded payment: unreleased balance −600, invoice untouched.
    assert_eq!(ledger.balances_of(&customer), Balances { balance: dec!(1000.00), prepayment_balance: dec!(0), unreleased_balance: dec!(-600.00) });
    assert_eq!(ledger.documents[&invoice].balance, dec!(1000.00));
    ok(&mut ledger, Command::Release(first.id));
    assert_eq!((ledger.documents[&invoice].status, ledger.documents[&invoice].balance), (DocStatus::Open, dec!(400.00)));
    assert_eq!(ledger.documents[&first.id].status, DocStatus::Closed);
    assert_eq!(ledger.balances_of(&customer).balance, dec!(400.00));
    // A second payment of 500 pays the remaining 400 and leaves 100 unapplied.
    let second = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "500", &[(invoice, "400")]))));
    ok(&mut ledger, Command::Release(second.id));
    assert_eq!(ledger.documents[&invoice].status, DocStatus::Closed);
    let paid = &ledger.documents[&second.id];
    assert_eq!((paid.status, paid.balance), (DocStatus::Open, dec!(100.00)));
    assert_eq!(ledger.balances_of(&customer).balance, dec!(-100.00));
    assert!(check_ledger(&ledger).is_empty(), "{:?}", check_ledger(&ledger));
}

#[test]
fn payment_validation_refuses_over_application() {
    let (mut ledger, customer) = ledger_with_customer();
    let invoice = released_invoice(&mut ledger, &customer, "100");
    let unreleased = add_invoice(&mut ledger, &customer, vec![line("1", "5", "", "EXEMPT")]);
    let problems = run(&mut ledger, Command::SavePayment(payment_draft(&customer, "50", &[(invoice, "60")]))).unwrap_err();
    assert_eq!(fields(&problems), vec!["amount"]);
    let problems = run(&mut ledger, Command::SavePayment(payment_draft(&customer, "500", &[(invoice, "100.01")]))).unwrap_err();
    assert_eq!(fields(&problems), vec!["applications.0.amount"]);
    let problems = run(&mut ledger, Command::SavePayment(payment_draft(&customer, "500", &[(unreleased, "5")]))).unwrap_err();
    assert_eq!(common::kinds(&problems), vec![("applications.0.amount".to_string(), reskontra_core::ProblemKind::NotAllowed)], "not open");
    let problems = run(&mut ledger, Command::SavePayment(payment_draft(&customer, "0", &[]))).unwrap_err();
    assert_eq!(fields(&problems), vec!["amount"]);
    // Two payments each for the full balance: the second fails at release and changes nothing.
    let a = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "100", &[(invoice, "100")])))).id;
    let b = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "100", &[(invoice, "100")])))).id;
    ok(&mut ledger, Command::Release(a));
    let before = ledger.clone();
    let problems = run(&mut ledger, Command::Release(b)).unwrap_err();
    assert_eq!(common::kinds(&problems)[0], ("applications.0.amount".to_string(), reskontra_core::ProblemKind::NotAllowed), "{problems:?}");
    // It names the status the target has now.
    assert!(problems[0].message.contains("Closed"), "{problems:?}");
    assert_eq!(ledger, before);
}

#[test]
fn customer_status_rules() {
    let (mut ledger, customer) = ledger_with_customer();
    let invoice = add_invoice(&mut ledger, &customer, vec![line("1", "100", "", "HIGH")]);
    set_status(&mut ledger, &customer, CustomerStatus::OnHold);
    let refused = run(&mut ledger, Command::Release(invoice)).unwrap_err();
    assert_eq!(common::form_kind(&refused), reskontra_core::ProblemKind::NotAllowed);
    assert!(refused[0].message.contains("On hold"), "{refused:?}");
    assert_eq!(
        fields(&run(&mut ledger, Command::SaveInvoice(invoice_draft(&customer, "2026-03-01", vec![line("1", "1", "", "HIGH")]))).unwrap_err()),
        vec!["customer_id"]
    );
    // Payments are still allowed on hold.
    let payment = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "10", &[])))).id;
    ok(&mut ledger, Command::Release(payment));
    set_status(&mut ledger, &customer, CustomerStatus::Inactive);
    assert!(run(&mut ledger, Command::SavePayment(payment_draft(&customer, "10", &[]))).is_err());
    // A customer with documents cannot be deleted.
    let refused = run(&mut ledger, Command::DeleteCustomer(customer.clone())).unwrap_err();
    assert_eq!(common::form_kind(&refused), reskontra_core::ProblemKind::NotAllowed);
    // The way out (Inactive) is what the message is for.
    assert!(refused[0].message.contains("Inactive instead"), "{refused:?}");
}

#[test]
fn numbers_come_from_series_and_are_never_reused() {
    let (mut ledger, customer) = ledger_with_customer();
    assert_eq!(customer, "10001");
    let first = add_invoice(&mut ledger, &customer, vec![line("1", "1", "", "HIGH")]);
    assert_eq!(ledger.documents[&first].ref_nbr, "INV000001");
    ok(&mut ledger, Command::DeleteDocument(first));
    let second = add_invoice(&mut ledger, &customer, vec![line("1", "1", "", "HIGH")]);
    assert_eq!(ledger.documents[&second].ref_nbr, "INV000002");
    assert_ne!(first, second);
    // The counter cannot be moved back.
    let mut settings = SettingsDraft::from_settings(&ledger.settings);
    for s in &mut settings.series {
        s.next_number = "1".into();
    }
    let problems = run(&mut ledger, Command::SaveSettings(settings)).unwrap_err();
    // The payment series is still at 1, so only the two used series refuse.
    assert_eq!(fields(&problems), vec!["series.customer.next_number", "series.invoice.next_number"]);
}

#[test]
fn customer_input_is_validated() {
    let (mut ledger, _) = ledger_with_customer();
    let class = ledger.classes["DOMESTIC"].clone();
    let mut draft = CustomerDraft::new_of_class(&class, &ledger.settings);
    draft.id = "10001".into();
    draft.name = "Line\r\nbreak".into();
    draft.email = "not an email".into();
    draft.currency = "XXX".into();
    let mut got = fields(&run(&mut ledger, Command::SaveCustomer(draft)).unwrap_err());
    got.sort();
    assert_eq!(got, vec!["currency", "email", "id", "name"]);
}

#[test]
fn mass_release_keeps_going_past_a_failure_and_leaves_it_untouched() {
    let (mut ledger, customer) = ledger_with_customer();
    let a = add_invoice(&mut ledger, &customer, vec![line("1", "100", "", "EXEMPT")]);
    let mut held = invoice_draft(&customer, "2026-03-01", vec![line("1", "50", "", "EXEMPT")]);
    held.hold = true;
    let b = new_document(&ok(&mut ledger, Command::SaveInvoice(held))).id;
    let c = add_invoice(&mut ledger, &customer, vec![line("1", "25", "", "EXEMPT")]);
    let (change, results) = release_many(&ledger, &[a, b, c], day(TODAY));
    assert_eq!(results.iter().map(|r| r.outcome.is_ok()).collect::<Vec<_>>(), vec![true, false, true]);
    ledger.apply(&change);
    assert_eq!(ledger.documents[&b].status, DocStatus::OnHold);
    assert_eq!(ledger.balances_of(&customer).balance, dec!(125.00));
    assert_eq!(ledger.balances_of(&customer).unreleased_balance, dec!(50.00));
    assert!(!change.puts.iter().any(|r| matches!(r, Record::Document(d) if d.id == b)));
    // Besides the documents, the counters once (not the settings): the journal entry
    // counter moved by two.
    assert!(!change.puts.iter().any(|r| matches!(r, Record::Settings(_))));
    let counters: Vec<_> = change.puts.iter().filter_map(|r| if let Record::Counters(c) = r { Some(c) } else { None }).collect();
    assert_eq!(counters.iter().map(|c| c.next_journal_entry).collect::<Vec<_>>(), vec![3]);
    assert!(ledger.documents.values().all(|d| d.doc_type == DocType::Invoice));
}

#[test]
fn change_id_renames_the_customer_everywhere() {
    let (mut ledger, customer) = ledger_with_customer();
    let invoice = released_invoice(&mut ledger, &customer, "100");
    let payment = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "40", &[(invoice, "40")])))).id;
    let before = ledger.balances_of(&customer);
    // The new number must be free and valid.
    assert_eq!(fields(&run(&mut ledger, Command::ChangeCustomerId { from: customer.clone(), to: "bad id".into() }).unwrap_err()), vec!["new_id"]);
    assert_eq!(fields(&run(&mut ledger, Command::ChangeCustomerId { from: customer.clone(), to: customer.clone() }).unwrap_err()), vec!["new_id"]);
    ok(&mut ledger, Command::ChangeCustomerId { from: customer.clone(), to: "fjell".into() });
    assert!(!ledger.customers.contains_key(&customer));
    assert_eq!(ledger.customers["FJELL"].name, "Fjell Bygg AS");
    assert!(ledger.documents.values().all(|d| d.customer_id == "FJELL"));
    assert_eq!(ledger.balances_of("FJELL"), before);
    assert_eq!(ledger.balances_of(&customer), Balances::default());
    // The payment still applies to the invoice under the new number.
    ok(&mut ledger, Command::Release(payment));
    assert_eq!(ledger.documents[&invoice].balance, dec!(60.00));
    assert!(check_ledger(&ledger).is_empty(), "{:?}", check_ledger(&ledger));
}
