//! The number format of the preferences (issue "a bookkeeper's first hour", point 1):
//! every typed number of a command is parsed by it, every number a message shows is in
//! it, drafts of saved records are typed in it, and the backup keeps plain numbers.

mod common;

use common::*;
use reskontra_core::command::{InvoiceDraft, SettingsDraft};
use reskontra_core::ledger::backup::{from_json_bytes, to_json};
use reskontra_core::NumberFormat::{self, English, Nordic};
use reskontra_core::{Command, Ledger, ProblemKind};
use rust_decimal_macros::dec;

fn with_format(format: &str) -> (Ledger, String) {
    let (mut ledger, customer) = ledger_with_customer();
    let mut draft = SettingsDraft::from_settings(&ledger.settings);
    draft.number_format = format.to_string();
    ok(&mut ledger, Command::SaveSettings(draft));
    (ledger, customer)
}

#[test]
fn the_preference_is_chosen_by_its_code_or_follows_the_browser() {
    let (ledger, _) = with_format("nb-NO");
    assert_eq!(ledger.settings.number_format, Some(Nordic));
    assert_eq!(ledger.settings.numbers(), Nordic);
    assert_eq!(SettingsDraft::from_settings(&ledger.settings).number_format, "nb-NO");

    // Empty follows the browser's language: what the app sets as `browser_numbers`.
    let (mut ledger, _) = with_format("");
    assert_eq!(ledger.settings.number_format, None);
    ledger.settings.browser_numbers = Nordic;
    assert_eq!(ledger.settings.numbers(), Nordic);
    ledger.settings.browser_numbers = English;
    assert_eq!(ledger.settings.numbers(), English);

    let (mut ledger, _) = ledger_with_customer();
    let mut draft = SettingsDraft::from_settings(&ledger.settings);
    draft.number_format = "de-CH".into();
    let problems = run(&mut ledger, Command::SaveSettings(draft)).unwrap_err();
    assert_eq!(fields(&problems), vec!["number_format"]);
    assert_eq!(problems[0].kind, ProblemKind::Unknown);
}

#[test]
fn an_invoice_is_typed_in_the_chosen_format() {
    let (mut ledger, customer) = with_format("nb-NO");
    let draft = invoice_draft(&customer, "2026-03-01", vec![line("1,5", "1 234,50", "2,5", "EXEMPT")]);
    let doc = new_document(&ok(&mut ledger, Command::SaveInvoice(draft)));
    assert_eq!((doc.lines[0].quantity, doc.lines[0].unit_price, doc.lines[0].discount_pct), (dec!(1.5), dec!(1234.50), dec!(2.5)));

    // The saved invoice as the window shows it again, in the same format; saving that
    // changes none of its numbers.
    let again = InvoiceDraft::from_document(&doc, Nordic);
    assert_eq!((again.lines[0].quantity.as_str(), again.lines[0].unit_price.as_str()), ("1,5", "1\u{a0}234,50"));
    let resaved = new_document(&ok(&mut ledger, Command::SaveInvoice(again)));
    assert_eq!(resaved.lines, doc.lines);
    assert_eq!(resaved.total, doc.total);
}

#[test]
fn the_other_convention_is_refused_at_its_field_and_nothing_is_saved() {
    let (mut ledger, customer) = with_format("nb-NO");
    let before = ledger.documents.len();
    // "1.234" is a thousand to a German, one and a quarter to an Englishman: refused.
    let draft = invoice_draft(&customer, "2026-03-01", vec![line("1", "1.234", "", "EXEMPT")]);
    let problems = run(&mut ledger, Command::SaveInvoice(draft)).unwrap_err();
    assert_eq!(fields(&problems), vec!["lines.0.unit_price"]);
    assert_eq!(problems[0].kind, ProblemKind::Format);
    assert!(problems[0].message.contains("1,234 for decimals, or 1 234 for thousands"), "{problems:?}");
    assert_eq!(ledger.documents.len(), before);

    let (mut ledger, customer) = with_format("en");
    let draft = invoice_draft(&customer, "2026-03-01", vec![line("1", "12,50", "", "EXEMPT")]);
    let problems = run(&mut ledger, Command::SaveInvoice(draft)).unwrap_err();
    assert_eq!(fields(&problems), vec!["lines.0.unit_price"]);
    assert!(problems[0].message.contains("for decimals type 12.50"), "{problems:?}");
    // "1,234" is a thousand and thirty-four in en: groups of three allow it.
    let draft = invoice_draft(&customer, "2026-03-01", vec![line("1", "1,234", "", "EXEMPT")]);
    assert_eq!(new_document(&ok(&mut ledger, Command::SaveInvoice(draft))).total, dec!(1234.00));
}

#[test]
fn messages_show_amounts_in_the_chosen_format() {
    for (format, expected) in [("nb-NO", "1\u{a0}250,00"), ("en", "1,250.00")] {
        let (mut ledger, customer) = with_format(format);
        let mut settings = SettingsDraft::from_settings(&ledger.settings);
        settings.validate_totals_on_entry = true;
        ok(&mut ledger, Command::SaveSettings(settings));
        // 10 × 100 + 25 % VAT = 1 250.00, and no total typed.
        let draft = invoice_draft(&customer, "2026-03-01", vec![line("10", "100", "", "HIGH")]);
        let problems = run(&mut ledger, Command::SaveInvoice(draft)).unwrap_err();
        assert!(problems[0].message.contains(expected), "{format}: {problems:?}");
    }
}

#[test]
fn the_backup_keeps_plain_numbers_and_the_choice() {
    let (mut ledger, customer) = with_format("nb-NO");
    ok(&mut ledger, Command::SaveInvoice(invoice_draft(&customer, "2026-03-01", vec![line("1", "1 234,50", "", "EXEMPT")])));
    let json = to_json(&ledger);
    let compact: String = json.split_whitespace().collect();
    assert!(compact.contains("\"unit_price\":\"1234.50\""), "amounts are plain in the backup");
    assert!(!json.contains("1\u{a0}234"));
    assert!(compact.contains("\"number_format\":\"nb-NO\""));
    assert!(!json.contains("browser_numbers"), "what the browser says is never stored");
    let back = from_json_bytes(json.as_bytes()).expect("reads back");
    assert_eq!(back.settings.number_format, Some(Nordic));
    // A ledger that never chose stores no choice at all.
    let (plain, _) = ledger_with_customer();
    assert!(!to_json(&plain).contains("number_format"));
    assert_eq!(from_json_bytes(to_json(&plain).as_bytes()).expect("reads back").settings.numbers(), NumberFormat::default());
}
