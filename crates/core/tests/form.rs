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
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
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
    // Each line's rate on the draft's date, shown beside its category.
    let high = ledger.settings.vat_category("HIGH").and_then(|c| c.rate_on(day("2026-03-01")));
    let low = ledger.settings.vat_category("LOW").and_then(|c| c.rate_on(day("2026-03-01")));
    assert_eq!(totals.line_vat_rates, vec![high, low, high, high]);
    assert_eq!(high, Some(dec!(25)));
    let unknown = draft_totals(&ledger, &[line("1", "10", "", "NOPE")], &currency, "2026-03-01", day(TODAY));
    assert_eq!(unknown.line_vat_rates, vec![None]);
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

/// *Apply overdue charges* on a debit document: the window's choice, else the stored
/// document's, else the customer's; never on a credit. The invoice window ticks its
/// box by the same function entry stores it with.
#[test]
fn overdue_charges_follow_the_choice_then_the_document_then_the_customer() {
    use reskontra_core::documents::form::overdue_charges_of;
    let (mut ledger, customer) = ledger_with_customer();
    let id = released_invoice(&mut ledger, &customer, "100");
    let stored = ledger.documents[&id].clone();
    // (type, choice, stored?, customer default) → carried
    let cases = [
        (DocType::Invoice, None, false, true, true),
        (DocType::Invoice, None, false, false, false),
        (DocType::Invoice, Some(false), false, true, false),
        (DocType::DebitNote, Some(true), false, false, true),
        (DocType::Invoice, None, true, !stored.overdue_charges, stored.overdue_charges),
        (DocType::CreditNote, Some(true), false, true, false),
    ];
    for (doc_type, choice, use_stored, customer_default, expected) in cases {
        let existing = use_stored.then_some(&stored);
        assert_eq!(overdue_charges_of(doc_type, choice, existing, customer_default), expected, "{doc_type:?} {choice:?} stored {use_stored}");
    }
}

/// The payment window's Applied and Balance: typed before release (what is not a
/// number counts zero), the stored figures after.
#[test]
fn payment_figures_are_typed_before_release_and_stored_after() {
    use reskontra_core::documents::form::{payment_figures, payment_type_choices};
    let (mut ledger, customer) = ledger_with_customer();
    let inv = released_invoice(&mut ledger, &customer, "100");
    let mut draft = payment_draft(&customer, "150", &[(inv, "60"), (inv, "x")]);
    let typed = payment_figures(None, &draft, reskontra_core::NumberFormat::English);
    assert_eq!((typed.amount, typed.applied, typed.balance), (dec!(150), dec!(60), dec!(150)));
    draft.amount = "abc".into();
    assert_eq!(payment_figures(None, &draft, reskontra_core::NumberFormat::English).balance, dec!(0));
    let pay = released_payment(&mut ledger, &customer, DocType::Payment, "150", &[(inv, "60")]);
    let stored = ledger.documents[&pay].clone();
    let after = payment_figures(Some(&stored), &draft, reskontra_core::NumberFormat::English);
    assert_eq!((after.applied, after.balance), (dec!(60.00), dec!(90.00)));
    assert_eq!(payment_type_choices(DocType::Payment), DocType::PAYMENT_LIKE.to_vec());
    assert_eq!(payment_type_choices(DocType::VoidPayment), vec![DocType::VoidPayment]);
}

/// The Applications section lists what may be applied to, then what was applied to
/// and is closed now; only open documents take an amount; *Apply oldest first* plans
/// with the typed amount before release and the unapplied balance after.
#[test]
fn application_rows_and_what_oldest_first_fills() {
    use reskontra_core::documents::applications::{application_rows, left_to_apply, takes_application, ApplicationSource};
    let (mut ledger, customer) = ledger_with_customer();
    let paid = released_invoice(&mut ledger, &customer, "100");
    let open = released_invoice(&mut ledger, &customer, "200");
    let pay = released_payment(&mut ledger, &customer, DocType::Payment, "150", &[(paid, "100")]);
    let stored = ledger.documents[&pay].clone();
    let rows: Vec<_> = application_rows(&ledger, &ApplicationSource::of(&stored), Some(&stored)).iter().map(|d| d.id).collect();
    assert_eq!(rows, [open, paid]);
    assert!(takes_application(&ledger.documents[&open]));
    assert!(!takes_application(&ledger.documents[&paid]));
    assert_eq!(left_to_apply(Some(&stored), dec!(999)), dec!(50.00));
    assert_eq!(left_to_apply(None, dec!(999)), dec!(999));
}

/// "Next is" in the preferences: what the typed series gives next.
#[test]
fn a_series_preview_is_the_next_number_as_typed() {
    use reskontra_core::command::SeriesDraft;
    let (ledger, _) = ledger_with_customer();
    let draft = SettingsDraft::from_settings(&ledger.settings);
    let invoice = draft.series.iter().find(|s| s.kind == reskontra_core::settings::SeriesKind::Invoice).expect("invoice series").clone();
    let saved = ledger.settings.series[&reskontra_core::settings::SeriesKind::Invoice].peek();
    assert_eq!(invoice.preview(), saved);
    let typed = SeriesDraft { prefix: "F-".into(), next_number: "42".into(), width: "5".into(), ..invoice.clone() };
    assert_eq!(typed.preview(), "F-00042");
    assert_eq!(SeriesDraft { width: "wide".into(), ..typed.clone() }.preview(), "F-42");
    assert_eq!(SeriesDraft { width: "99".into(), next_number: "7".into(), ..typed }.preview(), "F-000000000000007");
}
