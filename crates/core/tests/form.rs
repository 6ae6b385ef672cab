//! What a document window shows and allows comes from the core (`documents::form`):
//! defaults of a new document, live totals, dates from terms, allowed actions.

mod common;

use common::*;
use reskontra_core::command::{CustomerDraft, SettingsDraft};
use reskontra_core::documents::document::{DocStatus, DocType};
use reskontra_core::documents::form::{actions, draft_currency, draft_totals, new_invoice, new_payment, terms_dates};
use reskontra_core::Command;
use rust_decimal_macros::dec;

fn hold_on_entry(ledger: &mut reskontra_core::Ledger, on: bool) {
    let mut draft = SettingsDraft::from_settings(&ledger.settings);
    draft.hold_documents_on_entry = on;
    ok(ledger, Command::SaveSettings(draft));
}

#[test]
fn a_new_document_follows_hold_documents_on_entry_for_every_caller() {
    let (mut ledger, customer) = ledger_with_customer();
    for (on, expected) in [(true, DocStatus::OnHold), (false, DocStatus::Balanced)] {
        hold_on_entry(&mut ledger, on);
        let mut invoice = new_invoice(&ledger, DocType::Invoice, &customer, day(TODAY));
        invoice.lines[0].unit_price = "100".into();
        assert_eq!(new_document(&ok(&mut ledger, Command::SaveInvoice(invoice))).status, expected, "invoice, hold on entry {on}");
        let mut payment = new_payment(&ledger, DocType::Payment, &customer, day(TODAY));
        payment.amount = "10".into();
        assert_eq!(new_document(&ok(&mut ledger, Command::SavePayment(payment))).status, expected, "payment, hold on entry {on}");
    }
    let invoice = new_invoice(&ledger, DocType::CreditNote, "", day(TODAY));
    assert_eq!((invoice.date.as_str(), invoice.lines.len(), invoice.lines[0].quantity.as_str()), (TODAY, 1, "1"));
}

#[test]
fn due_and_cash_discount_dates_come_from_the_customers_terms() {
    let (mut ledger, customer) = ledger_with_customer();
    // NET30: 30 days, no discount; across a month end and into a leap year's February.
    let check = |ledger: &reskontra_core::Ledger, date: &str, due: Option<&str>, discount: Option<&str>| {
        let dates = terms_dates(ledger, &customer, date);
        assert_eq!((dates.due, dates.cash_discount), (due.map(day), discount.map(day)), "{date}");
    };
    check(&ledger, "2026-01-31", Some("2026-03-02"), None);
    check(&ledger, "2028-01-31", Some("2028-03-01"), None);
    check(&ledger, "2026-02-30", None, None);
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer]);
    draft.terms_id = "2/10NET30".into();
    ok(&mut ledger, Command::SaveCustomer(draft));
    check(&ledger, "2026-03-25", Some("2026-04-24"), Some("2026-04-04"));
    // The dates entry stores are the same ones.
    let mut invoice = invoice_draft(&customer, "2026-03-25", vec![line("1", "100", "", "EXEMPT")]);
    invoice.due_date = String::new();
    let saved = new_document(&ok(&mut ledger, Command::SaveInvoice(invoice)));
    assert_eq!((saved.due_date, saved.cash_discount_date), (Some(day("2026-04-24")), Some(day("2026-04-04"))));
    assert_eq!(terms_dates(&ledger, "nobody", "2026-03-25"), Default::default());
}

#[test]
fn live_totals_are_what_save_stores_and_bad_lines_count_zero() {
    let (mut ledger, customer) = ledger_with_customer();
    let lines = vec![line("3", "33.33", "", "HIGH"), line("1", "10", "50", "LOW"), line("x", "5", "", "HIGH"), line("-2", "50", "", "HIGH")];
    let currency = draft_currency(&ledger, None, "", &customer);
    let totals = draft_totals(&ledger, &lines, &currency, "2026-03-01", day(TODAY));
    assert_eq!(totals.line_amounts, vec![dec!(99.99), dec!(5.00), dec!(0), dec!(0)], "a negative quantity counts as zero, as Save refuses it");
    assert_eq!((totals.lines_total, totals.vat_total, totals.total), (dec!(104.99), dec!(25.60), dec!(130.59)));
    assert_eq!(totals.vat.iter().map(|v| (v.vat_category.as_str(), v.vat)).collect::<Vec<_>>(), vec![("HIGH", dec!(25.00)), ("LOW", dec!(0.60))]);
    let saved = new_document(&ok(&mut ledger, Command::SaveInvoice(invoice_draft(&customer, "2026-03-01", lines[..2].to_vec()))));
    assert_eq!(saved.total, totals.total);
    assert_eq!(saved.vat_lines, totals.vat);
}

#[test]
fn a_draft_is_in_its_saved_currency_else_its_customers_else_the_base() {
    let (ledger, customer) = ledger_with_customer();
    assert_eq!(draft_currency(&ledger, None, "", &customer).code, "NOK");
    assert_eq!(draft_currency(&ledger, None, "KWD", &customer).minor_units, 3);
    assert_eq!(draft_currency(&ledger, None, "", "nobody").code, ledger.settings.base_currency);
}

#[test]
fn the_actions_a_document_allows_now() {
    let (mut ledger, customer) = ledger_with_customer();
    let new = actions(&ledger, None, DocType::Invoice, false, true);
    assert!(new.save && new.release && !new.delete && !new.print && !new.void);
    let held_new = actions(&ledger, None, DocType::Invoice, true, false);
    assert_eq!(held_new.status, DocStatus::OnHold);
    assert!(!held_new.release, "nothing to release while on hold and unchanged");

    let invoice = released_invoice(&mut ledger, &customer, "100");
    let open = actions(&ledger, ledger.documents.get(&invoice), DocType::Invoice, false, false);
    assert!(open.released && !open.save && !open.release && !open.delete && !open.edit);
    assert!(open.print && open.email, "a released invoice may be printed and emailed again");
    assert!(!actions(&ledger, ledger.documents.get(&invoice), DocType::Invoice, false, true).print, "not with unsaved changes");

    let payment = released_payment(&mut ledger, &customer, DocType::Payment, "40", &[(invoice, "40")]);
    let paid = actions(&ledger, ledger.documents.get(&payment), DocType::Payment, false, false);
    assert!(paid.void && paid.reverse && !paid.apply, "a closed payment is voided or reversed, not applied");
    assert!(!paid.print);
    let saved = add_invoice(&mut ledger, &customer, vec![line("1", "5", "", "EXEMPT")]);
    let balanced = actions(&ledger, ledger.documents.get(&saved), DocType::Invoice, false, false);
    assert!(balanced.release && balanced.delete && balanced.save && !balanced.remove_credit_hold);
    ledger.documents.get_mut(&saved).expect("saved").status = DocStatus::CreditHold;
    let held = actions(&ledger, ledger.documents.get(&saved), DocType::Invoice, false, false);
    assert!(held.remove_credit_hold && held.hold_customer && !held.release);
}
