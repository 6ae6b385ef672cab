mod common;

use common::*;
use reskontra_core::command::CustomerDraft;
use reskontra_core::settings::reference::{CurrencyDraft, CurrencyRateDraft, ReferenceTablesDraft, TermsDraft, VatRateDraft};
use reskontra_core::Command;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn tables(ledger: &reskontra_core::Ledger) -> ReferenceTablesDraft {
    ReferenceTablesDraft::from_settings(&ledger.settings)
}

/// A ledger where HIGH is 25 % until 2026-06-30 and 24 % from 2026-07-01, and EUR has
/// rates from 2026-01-01 (11.50) and 2026-03-01 (11.75).
fn ledger_with_dated_rates() -> (reskontra_core::Ledger, String) {
    let (mut ledger, customer) = ledger_with_customer();
    let mut draft = tables(&ledger);
    draft.vat_rates.push(VatRateDraft { category: "high".into(), effective: "2026-07-01".into(), rate_pct: "24".into() });
    draft.currency_rates.push(CurrencyRateDraft { currency: "EUR".into(), effective: "2026-01-01".into(), rate: "11.50".into(), ..Default::default() });
    draft.currency_rates.push(CurrencyRateDraft { currency: "eur".into(), effective: "2026-03-01".into(), rate: "11.75".into(), ..Default::default() });
    ok(&mut ledger, Command::SaveReferenceTables(draft));
    (ledger, customer)
}

#[test]
fn rates_are_looked_up_by_effective_date_at_the_boundaries() {
    let (ledger, _) = ledger_with_dated_rates();
    let high = ledger.settings.vat_category("HIGH").expect("HIGH exists");
    let vat = |d: &str| high.rate_on(day(d));
    assert_eq!(vat("1999-12-31"), None); // before the first rate
    assert_eq!(vat("2000-01-01"), Some(dec!(25)));
    assert_eq!(vat("2026-06-30"), Some(dec!(25)));
    assert_eq!(vat("2026-07-01"), Some(dec!(24)));
    assert_eq!(vat("2030-01-01"), Some(dec!(24)));
    let eur = |d: &str| ledger.settings.rate_on("EUR", day(d));
    assert_eq!(eur("2025-12-31"), None);
    assert_eq!(eur("2026-01-01"), Some(dec!(11.50)));
    assert_eq!(eur("2026-02-28"), Some(dec!(11.50)));
    assert_eq!(eur("2026-03-01"), Some(dec!(11.75)));
    assert_eq!(ledger.settings.rate_on("NOK", day("1990-01-01")), Some(Decimal::ONE));
    assert_eq!(ledger.settings.rate_on("SEK", day("2026-03-01")), None);
}

#[test]
fn an_invoice_takes_the_vat_rate_of_its_date() {
    let (mut ledger, customer) = ledger_with_dated_rates();
    let before = new_document(&ok(&mut ledger, Command::SaveInvoice(invoice_draft(&customer, "2026-06-30", vec![line("1", "100", "", "HIGH")]))));
    let after = new_document(&ok(&mut ledger, Command::SaveInvoice(invoice_draft(&customer, "2026-07-01", vec![line("1", "100", "", "HIGH")]))));
    assert_eq!((before.vat_total(), before.total), (dec!(25.00), dec!(125.00)));
    assert_eq!((after.vat_total(), after.total), (dec!(24.00), dec!(124.00)));
    let problems = run(&mut ledger, Command::SaveInvoice(invoice_draft(&customer, "1999-12-31", vec![line("1", "100", "", "HIGH")]))).unwrap_err();
    assert_eq!(fields(&problems), vec!["lines.0.vat_category"]);
    assert_eq!(problems[0].kind, reskontra_core::ProblemKind::Unknown);
    assert!(problems[0].message.contains("no rate effective on 1999-12-31"), "{problems:?}");
}

#[test]
fn a_foreign_currency_document_takes_the_rate_of_its_date() {
    let (mut ledger, customer) = ledger_with_dated_rates();
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
    draft.currency = "EUR".into();
    ok(&mut ledger, Command::SaveCustomer(draft));
    let feb = new_document(&ok(&mut ledger, Command::SaveInvoice(invoice_draft(&customer, "2026-02-28", vec![line("1", "100", "", "EXEMPT")]))));
    let mar = new_document(&ok(&mut ledger, Command::SaveInvoice(invoice_draft(&customer, "2026-03-01", vec![line("1", "100", "", "EXEMPT")]))));
    assert_eq!((feb.currency.as_str(), feb.rate), ("EUR", dec!(11.50)));
    assert_eq!(mar.rate, dec!(11.75));
    // Unreleased balance in base currency: 100 × 11.50 + 100 × 11.75.
    assert_eq!(ledger.balances_of(&customer).unreleased_balance, dec!(2325.00));
    let problems = run(&mut ledger, Command::SaveInvoice(invoice_draft(&customer, "2025-12-31", vec![line("1", "1", "", "EXEMPT")]))).unwrap_err();
    assert_eq!(fields(&problems), vec!["currency"]);
}

#[test]
fn bad_table_input_is_refused_at_its_field() {
    let (mut ledger, _) = ledger_with_customer();
    let before = ledger.clone();
    let mut draft = tables(&ledger);
    draft.currencies.push(CurrencyDraft { code: "EURO".into(), description: "x".into(), minor_units: "9".into() });
    draft.currencies.push(CurrencyDraft { code: "eur".into(), description: "again".into(), minor_units: "2".into() });
    draft.currency_rates.push(CurrencyRateDraft { currency: "NOK".into(), effective: "2026-01-01".into(), rate: "1".into(), ..Default::default() });
    draft.currency_rates.push(CurrencyRateDraft { currency: "SEK".into(), effective: "2026-13-01".into(), rate: "-1".into(), ..Default::default() });
    draft.vat_rates.push(VatRateDraft { category: "HIGH".into(), effective: "2000-01-01".into(), rate_pct: "101".into() });
    draft.vat_rates.push(VatRateDraft { category: "NONE".into(), effective: "2000-01-01".into(), rate_pct: "5".into() });
    draft.terms.push(TermsDraft {
        id: "NET10".into(),
        description: "10 days".into(),
        days_to_due: "ten".into(),
        discount_days: String::new(),
        discount_pct: String::new(),
        overdue_rate_pct: "-1".into(),
    });
    draft.terms.push(TermsDraft {
        id: "2/20".into(),
        description: "2 % in 20".into(),
        days_to_due: "10".into(),
        discount_days: "20".into(),
        discount_pct: "2".into(),
        overdue_rate_pct: String::new(),
    });
    let problems = run(&mut ledger, Command::SaveReferenceTables(draft)).unwrap_err();
    let mut got = fields(&problems);
    got.sort();
    let offset = before.settings.currencies.len();
    let rates = before.settings.currency_rates.len();
    let vat_rates = before.settings.vat_categories.len();
    let terms = before.settings.terms.len();
    let mut expected = vec![
        format!("currencies.{offset}.code"),
        format!("currencies.{offset}.minor_units"),
        format!("currencies.{}.code", offset + 1),
        format!("currency_rates.{rates}.currency"),
        format!("currency_rates.{}.effective", rates + 1),
        format!("currency_rates.{}.rate", rates + 1),
        format!("vat_rates.{vat_rates}.rate_pct"),
        format!("vat_rates.{}.category", vat_rates + 1),
        format!("terms.{terms}.days_to_due"),
        format!("terms.{terms}.overdue_rate_pct"),
        format!("terms.{}.discount_days", terms + 1),
    ];
    expected.sort();
    assert_eq!(got, expected, "{problems:?}");
    assert_eq!(ledger, before);
}

#[test]
fn what_is_in_use_cannot_be_removed() {
    let (mut ledger, customer) = ledger_with_customer();
    let _ = released_invoice(&mut ledger, &customer, "100");
    let mut draft = tables(&ledger);
    draft.currencies.retain(|c| c.code != "NOK");
    draft.vat_categories.retain(|c| c.id != "EXEMPT");
    draft.vat_rates.retain(|r| r.category != "EXEMPT");
    draft.terms.retain(|t| t.id != "NET30");
    let problems = run(&mut ledger, Command::SaveReferenceTables(draft)).unwrap_err();
    assert_eq!(fields(&problems), vec!["currencies", "vat_categories", "terms"]);
    // A table entry nobody uses can go.
    let mut draft = tables(&ledger);
    draft.currencies.retain(|c| c.code != "KWD");
    draft.terms.retain(|t| t.id != "NET14");
    ok(&mut ledger, Command::SaveReferenceTables(draft));
    assert!(ledger.settings.currency("KWD").is_none());
    // Decimals of a currency with documents cannot change.
    let mut draft = tables(&ledger);
    draft.currencies.iter_mut().filter(|c| c.code == "NOK").for_each(|c| c.minor_units = "0".into());
    assert_eq!(fields(&run(&mut ledger, Command::SaveReferenceTables(draft)).unwrap_err()), vec!["currencies.0.minor_units"]);
}

#[test]
fn a_vat_change_does_not_touch_documents_already_entered() {
    let (mut ledger, customer) = ledger_with_customer();
    let id = released_invoice(&mut ledger, &customer, "100");
    let before = ledger.documents[&id].clone();
    let mut draft = tables(&ledger);
    draft.vat_rates.iter_mut().filter(|r| r.category == "EXEMPT").for_each(|r| r.rate_pct = "10".into());
    ok(&mut ledger, Command::SaveReferenceTables(draft));
    assert_eq!(ledger.documents[&id], before);
    assert!(reskontra_core::ledger::invariants::check_ledger(&ledger).is_empty(), "{:?}", reskontra_core::ledger::invariants::check_ledger(&ledger));
    let text = reskontra_core::ledger::backup::to_json(&ledger);
    assert!(reskontra_core::ledger::backup::from_json(&text).is_ok());
}
