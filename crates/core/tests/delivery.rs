//! Pending print and Pending email (SPEC R1.3, R4.5): which status an invoice gets,
//! every transition allowed and refused (with its reason), and the invoice email.

mod common;

use common::*;
use reskontra_core::command::{CustomerDraft, InvoiceDraft, SettingsDraft};
use reskontra_core::documents::document::{DocId, DocStatus, DocType};
use reskontra_core::{release_many, Command, Ledger};

use DocStatus::{Balanced, OnHold, PendingEmail, PendingPrint};

/// A ledger whose preferences require printing / emailing as given, and whose
/// customer wants invoices printed / emailed as given.
fn setup(require_print: bool, require_email: bool, print: bool, email: bool) -> (Ledger, String) {
    let (mut ledger, customer) = ledger_with_customer();
    let mut settings = SettingsDraft::from_settings(&ledger.settings);
    settings.require_invoice_printing_before_release = require_print;
    settings.require_invoice_emailing_before_release = require_email;
    settings.company_email = "faktura@mittfirma.no".into();
    ok(&mut ledger, Command::SaveSettings(settings));
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
    draft.print_email.print_invoices = print;
    draft.print_email.email_invoices = email;
    ok(&mut ledger, Command::SaveCustomer(draft));
    (ledger, customer)
}

fn save(ledger: &mut Ledger, customer: &str, doc_type: DocType, hold: bool) -> reskontra_core::documents::document::Document {
    let mut draft = invoice_draft(customer, "2026-03-01", vec![line("2", "100", "", "HIGH")]);
    draft.doc_type = doc_type;
    draft.hold = hold;
    new_document(&ok(ledger, Command::SaveInvoice(draft)))
}

fn status(ledger: &Ledger, id: DocId) -> DocStatus {
    ledger.documents[&id].status
}

fn refusal(ledger: &mut Ledger, command: Command) -> String {
    match run(ledger, command) {
        Ok(_) => panic!("expected a refusal"),
        Err(problems) => problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; "),
    }
}

#[test]
fn the_status_an_invoice_leaves_hold_with() {
    // (require print, require email, customer prints, customer emails, type) → status
    let rows = [
        (false, false, true, true, DocType::Invoice, Balanced),
        (true, false, true, true, DocType::Invoice, PendingPrint),
        (true, false, false, true, DocType::Invoice, Balanced),
        (false, true, true, true, DocType::Invoice, PendingEmail),
        (false, true, true, false, DocType::Invoice, Balanced),
        (true, true, true, true, DocType::Invoice, PendingPrint),
        (true, true, false, true, DocType::Invoice, PendingEmail),
        (true, true, true, false, DocType::Invoice, PendingPrint),
        (true, true, false, false, DocType::Invoice, Balanced),
        (true, true, true, true, DocType::DebitNote, PendingPrint),
        (true, true, true, true, DocType::CreditNote, PendingPrint),
        // Cash sales and returns are paid on the spot: never pending.
        (true, true, true, true, DocType::CashSale, Balanced),
        (true, true, true, true, DocType::CashReturn, Balanced),
    ];
    for (require_print, require_email, print, email, doc_type, expected) in rows {
        let (mut ledger, customer) = setup(require_print, require_email, print, email);
        let doc = save(&mut ledger, &customer, doc_type, false);
        assert_eq!(doc.status, expected, "{require_print} {require_email} {print} {email} {doc_type:?}");
        // On hold it is On hold whatever the preferences; clearing Hold gives the same status.
        let held = save(&mut ledger, &customer, doc_type, true);
        assert_eq!(held.status, OnHold);
        let mut cleared = InvoiceDraft::from_document(&held, reskontra_core::NumberFormat::English);
        cleared.hold = false;
        assert_eq!(new_document(&ok(&mut ledger, Command::SaveInvoice(cleared))).status, expected, "clearing Hold, {doc_type:?}");
    }
}

#[test]
fn printing_and_emailing_move_an_invoice_on_print_first() {
    // (marks in order) → status after each
    let rows: [(&[Command2], &[DocStatus]); 4] = [
        (&[Command2::Print, Command2::Email], &[PendingEmail, Balanced]),
        (&[Command2::Email, Command2::Print], &[PendingPrint, Balanced]),
        (&[Command2::Print, Command2::Print], &[PendingEmail, PendingEmail]),
        (&[Command2::Email, Command2::Email], &[PendingPrint, PendingPrint]),
    ];
    for (marks, expected) in rows {
        let (mut ledger, customer) = setup(true, true, true, true);
        let id = save(&mut ledger, &customer, DocType::Invoice, false).id;
        assert_eq!(status(&ledger, id), PendingPrint);
        for (mark, want) in marks.iter().zip(expected) {
            ok(&mut ledger, mark.command(id));
            assert_eq!(status(&ledger, id), *want, "{marks:?}");
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Command2 {
    Print,
    Email,
}

impl Command2 {
    fn command(self, id: DocId) -> Command {
        match self {
            Command2::Print => Command::MarkPrinted(id),
            Command2::Email => Command::MarkEmailed(id),
        }
    }
}

#[test]
fn release_is_refused_until_printed_and_emailed() {
    let (mut ledger, customer) = setup(true, true, true, true);
    let id = save(&mut ledger, &customer, DocType::Invoice, false).id;
    let reason = refusal(&mut ledger, Command::Release(id));
    assert!(reason.contains("pending print") && reason.contains("print it before"), "{reason}");
    ok(&mut ledger, Command::MarkPrinted(id));
    let reason = refusal(&mut ledger, Command::Release(id));
    assert!(reason.contains("pending email") && reason.contains("email it before"), "{reason}");
    ok(&mut ledger, Command::MarkEmailed(id));
    ok(&mut ledger, Command::Release(id));
    assert_eq!(status(&ledger, id), DocStatus::Open);
    // A released invoice may be printed again: only the flag moves.
    ok(&mut ledger, Command::MarkPrinted(id));
    assert_eq!(status(&ledger, id), DocStatus::Open);
    assert!(reskontra_core::ledger::invariants::check_ledger(&ledger).is_empty());
}

#[test]
fn a_balanced_invoice_saved_before_the_rule_was_switched_on_is_refused_too() {
    let (mut ledger, customer) = setup(false, false, true, false);
    let id = save(&mut ledger, &customer, DocType::Invoice, false).id;
    assert_eq!(status(&ledger, id), Balanced);
    let mut settings = SettingsDraft::from_settings(&ledger.settings);
    settings.require_invoice_printing_before_release = true;
    ok(&mut ledger, Command::SaveSettings(settings));
    let reason = refusal(&mut ledger, Command::Release(id));
    assert!(reason.contains("must be printed before it is released"), "{reason}");
    ok(&mut ledger, Command::MarkPrinted(id));
    assert_eq!(status(&ledger, id), Balanced, "a Balanced document stays Balanced");
    ok(&mut ledger, Command::Release(id));
}

#[test]
fn switching_the_rule_off_lets_a_pending_invoice_go() {
    let (mut ledger, customer) = setup(true, false, true, false);
    let id = save(&mut ledger, &customer, DocType::Invoice, false).id;
    let mut settings = SettingsDraft::from_settings(&ledger.settings);
    settings.require_invoice_printing_before_release = false;
    ok(&mut ledger, Command::SaveSettings(settings));
    ok(&mut ledger, Command::Release(id));
}

#[test]
fn mass_release_reports_the_refusal_per_row() {
    let (mut ledger, customer) = setup(true, false, true, false);
    let pending = save(&mut ledger, &customer, DocType::Invoice, false).id;
    let cash = save(&mut ledger, &customer, DocType::CashSale, false).id;
    let (change, results) = release_many(&ledger, &[pending, cash], day(TODAY));
    ledger.apply(&change);
    assert!(results[0].outcome.as_ref().is_err_and(|r| r.contains("pending print")), "{results:?}");
    assert_eq!(results[1].outcome, Ok(()));
    assert_eq!(status(&ledger, pending), PendingPrint, "left as it was");
}

#[test]
fn printed_is_kept_while_the_total_stays_and_dropped_when_it_changes() {
    let (mut ledger, customer) = setup(true, false, true, false);
    let doc = save(&mut ledger, &customer, DocType::Invoice, false);
    ok(&mut ledger, Command::MarkPrinted(doc.id));
    // Same total, new description: still printed, still Balanced.
    let mut edit = InvoiceDraft::from_document(&ledger.documents[&doc.id], reskontra_core::NumberFormat::English);
    edit.description = "Spring work".into();
    assert_eq!(new_document(&ok(&mut ledger, Command::SaveInvoice(edit.clone()))).status, Balanced);
    // A new total: what was printed is wrong, so it must be printed again.
    edit.lines[0].quantity = "3".into();
    let changed = new_document(&ok(&mut ledger, Command::SaveInvoice(edit)));
    assert_eq!(changed.status, PendingPrint);
    assert!(!changed.printed);
}

#[test]
fn marks_refused_with_their_reason() {
    let (mut ledger, customer) = setup(false, true, false, true);
    let invoice = save(&mut ledger, &customer, DocType::Invoice, false).id;
    let payment = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "10", &[])))).id;
    // (command) → words the refusal must hold
    let rows = [
        (Command::MarkPrinted(payment), "not printed or emailed"),
        (Command::MarkEmailed(payment), "not printed or emailed"),
        (Command::MarkPrinted(DocId(9999)), "no longer exists"),
    ];
    for (command, words) in rows {
        let reason = refusal(&mut ledger, command.clone());
        assert!(reason.contains(words), "{command:?}: {reason}");
    }
    // No company address: no email, and the invoice is not marked.
    let mut settings = SettingsDraft::from_settings(&ledger.settings);
    settings.company_email = String::new();
    ok(&mut ledger, Command::SaveSettings(settings.clone()));
    assert!(refusal(&mut ledger, Command::MarkEmailed(invoice)).contains("company's email address"));
    // No customer address: the same.
    settings.company_email = "faktura@mittfirma.no".into();
    ok(&mut ledger, Command::SaveSettings(settings));
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
    draft.email = String::new();
    ok(&mut ledger, Command::SaveCustomer(draft));
    assert!(refusal(&mut ledger, Command::MarkEmailed(invoice)).contains("no email address"));
    assert_eq!(status(&ledger, invoice), PendingEmail);
    // A bad company address is refused in Settings.
    let mut settings = SettingsDraft::from_settings(&ledger.settings);
    settings.company_email = "not an address".into();
    assert_eq!(fields(&run(&mut ledger, Command::SaveSettings(settings)).unwrap_err()), vec!["company_email"]);
}

#[test]
fn credit_hold_comes_first_and_removing_it_gives_pending_print() {
    let (mut ledger, customer) = setup(true, false, true, false);
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
    draft.credit.rule = reskontra_core::documents::credit::CreditRule::CreditLimit;
    draft.credit.limit = "100".into();
    ok(&mut ledger, Command::SaveCustomer(draft));
    let doc = save(&mut ledger, &customer, DocType::Invoice, false);
    assert_eq!(doc.status, DocStatus::CreditHold);
    ok(&mut ledger, Command::RemoveCreditHold(doc.id));
    assert_eq!(status(&ledger, doc.id), PendingPrint);
    ok(&mut ledger, Command::MarkPrinted(doc.id));
    ok(&mut ledger, Command::Release(doc.id));
}

#[test]
fn documents_and_settings_stored_before_these_fields_still_read() {
    let (mut ledger, customer) = setup(true, false, true, false);
    let invoice = save(&mut ledger, &customer, DocType::Invoice, false).id;
    ok(&mut ledger, Command::MarkPrinted(invoice));
    ok(&mut ledger, Command::Release(invoice));
    let payment = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "10", &[(invoice, "10")])))).id;
    let strip = |value: serde_json::Value, fields: &[&str]| {
        let mut value = value;
        if let Some(object) = value.as_object_mut() {
            for field in fields {
                object.remove(*field);
            }
        }
        value
    };
    let mut old_payment = strip(serde_json::to_value(&ledger.documents[&payment]).expect("json"), &["printed", "emailed"]);
    if let Some(apps) = old_payment.get_mut("applications").and_then(|a| a.as_array_mut()) {
        for app in apps.iter_mut() {
            *app = strip(app.take(), &["applied_on", "journal"]);
        }
    }
    let read: reskontra_core::documents::document::Document = serde_json::from_value(old_payment).expect("an old document reads");
    assert!(!read.printed && !read.emailed);
    assert_eq!((read.applications[0].applied_on, read.applications[0].journal.len()), (None, 0));
    let old_settings = strip(
        serde_json::to_value(&ledger.settings).expect("json"),
        &["company_email", "require_invoice_printing_before_release", "require_invoice_emailing_before_release"],
    );
    let mut old_settings = old_settings;
    if let Some(accounts) = old_settings.get_mut("accounts") {
        *accounts = strip(accounts.take(), &["currency_gain", "currency_loss"]);
    }
    let read: reskontra_core::settings::Settings = serde_json::from_value(old_settings).expect("old settings read");
    assert!(!read.require_invoice_printing_before_release && read.company_email.is_empty());
    assert_eq!((read.accounts.currency_gain.as_str(), read.accounts.currency_loss.as_str()), ("8060", "8160"));
}
