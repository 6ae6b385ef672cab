//! Dunning letters (SPEC R9.2): levels by days overdue, escalation over three runs
//! without repeats, One-time customers left out, and the settings' levels.

mod common;

use common::*;
use reskontra_core::command::{CustomerDraft, SettingsDraft};
use reskontra_core::customers::customer::CustomerStatus;
use reskontra_core::reports::dunning::{dunning_csv, dunning_html, level_of, prepare_dunning};
use reskontra_core::{execute, Command, Ledger, ProblemKind};
use rust_decimal_macros::dec;

fn invoice_due(ledger: &mut Ledger, customer: &str, due: &str, price: &str) -> reskontra_core::documents::document::DocId {
    let mut draft = invoice_draft(customer, "2026-01-01", vec![line("1", price, "", "EXEMPT")]);
    draft.due_date = due.into();
    let id = new_document(&ok(ledger, Command::SaveInvoice(draft))).id;
    ok(ledger, Command::Release(id));
    id
}

fn process(ledger: &mut Ledger, date: &str) {
    let change = execute(ledger, &Command::ProcessDunning { date: day(date), customers: vec![], emails: vec![], nonce: 0 }, day(date)).expect("processed");
    ledger.apply(&change);
}

#[test]
fn levels_are_reached_at_their_days() {
    let levels = [15, 30, 45];
    let table = [(0, 0), (14, 0), (15, 1), (29, 1), (30, 2), (44, 2), (45, 3), (400, 3)];
    for (days, level) in table {
        assert_eq!(level_of(&levels, days), level, "{days} days");
    }
}

#[test]
fn three_runs_escalate_and_a_repeat_sends_nothing() {
    let (mut ledger, c) = ledger_with_customer();
    let a = invoice_due(&mut ledger, &c, "2026-02-01", "1000");
    let b = invoice_due(&mut ledger, &c, "2026-02-20", "200");
    invoice_due(&mut ledger, &c, "2026-06-01", "50"); // not overdue

    // Run 1 at 2026-02-16: A is 15 days overdue (level 1), B 0 days (not overdue).
    let letters = prepare_dunning(&ledger, day("2026-02-16"), None);
    assert_eq!(letters.len(), 1);
    assert_eq!((letters[0].level, letters[0].documents.len()), (1, 1));
    process(&mut ledger, "2026-02-16");
    assert_eq!(ledger.documents[&a].dunning.map(|d| (d.level, d.date)), Some((1, day("2026-02-16"))));
    assert!(prepare_dunning(&ledger, day("2026-02-16"), None).is_empty(), "the same day again: nothing new");
    assert!(prepare_dunning(&ledger, day("2026-02-20"), None).is_empty(), "A still at level 1, B not overdue");

    // Run 2 at 2026-03-07: A 34 days (level 2), B 15 days (level 1).
    let letters = prepare_dunning(&ledger, day("2026-03-07"), None);
    assert_eq!(letters[0].level, 2);
    let levels: Vec<(u32, u32)> = letters[0].documents.iter().map(|d| (d.previous_level, d.level)).collect();
    assert_eq!(levels, vec![(1, 2), (0, 1)]);
    assert_eq!(letters[0].total.amount, dec!(1200.00));
    process(&mut ledger, "2026-03-07");
    assert_eq!(ledger.documents[&b].dunning.map(|d| d.level), Some(1));

    // Run 3 at 2026-03-18: A 45 days (level 3); B 26 days, still level 1 (listed, not raised).
    let letters = prepare_dunning(&ledger, day("2026-03-18"), None);
    assert_eq!(letters[0].level, 3);
    assert_eq!(letters[0].documents.iter().filter(|d| d.escalates()).count(), 1);
    let csv = dunning_csv(&letters);
    assert_eq!(csv, format!("customer,level,documents,amount,delivery\n{c},3,2,1200.00,print\n"));
    assert!(dunning_html(&letters[0]).contains("Reminder, level 3"));
    process(&mut ledger, "2026-03-18");
    assert_eq!(ledger.documents[&a].dunning.map(|d| d.level), Some(3));
    assert_eq!(ledger.documents[&b].dunning.map(|d| (d.level, d.date)), Some((1, day("2026-03-07"))), "not raised, so kept");
    assert!(prepare_dunning(&ledger, day("2026-03-21"), None).is_empty(), "A at the last level, B (29 days) below level 2");
    assert!(reskontra_core::ledger::invariants::check_ledger(&ledger).is_empty());
}

#[test]
fn one_time_customers_get_no_letters_and_a_named_customer_must_have_one() {
    let (mut ledger, c) = ledger_with_customer();
    invoice_due(&mut ledger, &c, "2026-01-01", "100");
    set_status(&mut ledger, &c, CustomerStatus::OneTime);
    assert!(prepare_dunning(&ledger, day("2026-03-01"), None).is_empty());
    let refused =
        execute(&ledger, &Command::ProcessDunning { date: day("2026-03-01"), customers: vec![c.clone()], emails: vec![], nonce: 0 }, day("2026-03-01"))
            .expect_err("no letter");
    assert_eq!(form_kind(&refused), ProblemKind::NotAllowed);
    // A customer who wants neither printed nor emailed letters is listed but not processed.
    set_status(&mut ledger, &c, CustomerStatus::Active);
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&c], reskontra_core::NumberFormat::English);
    draft.print_email.print_dunning_letters = false;
    ok(&mut ledger, Command::SaveCustomer(draft));
    let letters = prepare_dunning(&ledger, day("2026-03-01"), None);
    assert_eq!(letters[0].delivery.label(), "none");
    let change = execute(&ledger, &Command::ProcessDunning { date: day("2026-03-01"), customers: vec![], emails: vec![], nonce: 0 }, day("2026-03-01"))
        .expect("processed");
    assert!(change.is_empty());
}

#[test]
fn the_levels_are_a_preference() {
    let (mut ledger, _) = ledger_with_customer();
    assert_eq!(ledger.settings.dunning_levels, vec![15, 30, 45]);
    let mut draft = SettingsDraft::from_settings(&ledger.settings);
    assert_eq!(draft.dunning_levels, "15, 30, 45");
    draft.dunning_levels = "10 20".into();
    ok(&mut ledger, Command::SaveSettings(draft.clone()));
    assert_eq!(ledger.settings.dunning_levels, vec![10, 20]);
    draft.dunning_levels = "20, 10".into();
    let refused = run(&mut ledger, Command::SaveSettings(draft)).expect_err("not increasing");
    assert_eq!(kinds(&refused), vec![("dunning_levels".to_string(), ProblemKind::Format)]);
}
