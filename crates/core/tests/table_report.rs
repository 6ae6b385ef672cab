//! The ageing report, a statement and a dunning letter of a real ledger as
//! `TableReport`s (what the render worker prints and exports): every open document is
//! a row, and the totals printed are the report's own, which reconcile to balances.

mod common;

use common::*;
use reskontra_core::command::Command;
use reskontra_core::documents::document::{DocId, DocType};
use reskontra_core::reports::ageing::{ageing_report, AgeingKind, AgeingOptions};
use reskontra_core::reports::dunning::prepare_dunning;
use reskontra_core::reports::statement::statement;
use reskontra_core::reports::table::{ageing_table, dunning_table, statement_table, Cell, TableReport, TotalRow};
use reskontra_core::{Ledger, NumberFormat};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// Invoices of 100, 250 and 1 000 (due at dates 30 days apart), a payment of 60 on the
/// first: open 40, 250, 1 000.
fn ledger() -> (Ledger, String, Vec<DocId>) {
    let (mut ledger, c) = ledger_with_customer();
    let mut ids = Vec::new();
    for (date, due, price) in [("2025-11-01", "2025-12-01", "100"), ("2026-01-01", "2026-02-01", "250"), ("2026-03-01", "2026-04-30", "1000")] {
        let mut draft = invoice_draft(&c, date, vec![line("1", price, "", "EXEMPT")]);
        draft.due_date = due.into();
        let id = new_document(&ok(&mut ledger, Command::SaveInvoice(draft))).id;
        ok(&mut ledger, Command::Release(id));
        ids.push(id);
    }
    released_payment(&mut ledger, &c, DocType::Payment, "60", &[(ids[0], "60")]);
    (ledger, c, ids)
}

fn refs(ledger: &Ledger, ids: &[DocId]) -> Vec<String> {
    ids.iter().map(|id| ledger.documents[id].ref_nbr.clone()).collect()
}

fn column(table: &TableReport, title: &str) -> usize {
    table.columns.iter().position(|c| c.title == title).unwrap_or_else(|| panic!("no column {title}"))
}

fn total<'a>(rows: &'a [TotalRow], label: &str) -> &'a TotalRow {
    rows.iter().find(|t| t.label == label).unwrap_or_else(|| panic!("no total {label}: {rows:?}"))
}

#[test]
fn the_ageing_table_has_every_open_document_and_totals_that_equal_the_balance() {
    let (ledger, c, ids) = ledger();
    let report = ageing_report(&ledger, &AgeingOptions::new(AgeingKind::PastDue, day(TODAY))).expect("a report");
    let table = ageing_table(&report, &ledger.settings.company_name, NumberFormat::English);
    let (ref_col, total_col) = (column(&table, "Ref."), column(&table, "Total"));
    let rows: Vec<&Vec<Cell>> = table.sections.iter().flat_map(|s| &s.rows).collect();
    let printed: Vec<Cell> = rows.iter().map(|r| r[ref_col].clone()).collect();
    assert_eq!(printed, refs(&ledger, &ids).into_iter().map(Cell::Text).collect::<Vec<_>>());
    let amounts: Vec<Cell> = rows.iter().map(|r| r[total_col].clone()).collect();
    assert_eq!(amounts, [Cell::Amount(dec!(40.00)), Cell::Amount(dec!(250.00)), Cell::Amount(dec!(1000.00))]);
    // 40 is 120 days overdue (Over 90), 250 is 58 (31-60), 1 000 not yet due (Current).
    for (row, title) in rows.iter().zip(["Over 90", "31-60", "Current"]) {
        assert_eq!(row[column(&table, title)], row[total_col], "{title}");
    }
    let balance = ledger.balances_of(&c).balance;
    assert_eq!(balance, dec!(1290.00));
    let section = &table.sections[0];
    assert_eq!(total(&section.totals, &format!("Total {c}")).cells[total_col], Cell::Amount(balance));
    assert_eq!(total(&section.totals, &format!("Balance {c}")).cells[total_col], Cell::Amount(balance));
    assert_eq!(total(&table.grand_totals, "Report total NOK").cells[total_col], Cell::Amount(balance));
    assert_eq!(total(&table.grand_totals, "Sum of balances NOK").cells[total_col], Cell::Amount(balance));
    assert_eq!(table.text(&Cell::Amount(balance)), "1,290.00");
}

#[test]
fn the_statement_table_ends_each_section_with_the_statements_closing_balance() {
    let (ledger, c, ids) = ledger();
    let s = statement(&ledger, &c, day(TODAY)).expect("a statement");
    let table = statement_table(&s, NumberFormat::Nordic);
    assert_eq!(table.sections.len(), s.sections.len());
    let section = &table.sections[0];
    assert_eq!(section.rows.len(), s.sections[0].lines.len());
    let ref_col = column(&table, "Ref.");
    for r in refs(&ledger, &ids) {
        assert!(section.rows.iter().any(|row| row[ref_col] == Cell::Text(r.clone())), "{r} is on the statement");
    }
    let closing = total(&section.totals, "Closing balance NOK");
    assert_eq!(closing.cells.last(), Some(&Cell::Amount(s.sections[0].closing.amount)));
    assert_eq!(s.sections[0].closing.amount, dec!(1290.00));
    assert_eq!(table.text(&Cell::Amount(dec!(1290.00))), "1\u{a0}290,00");
    let amounts: Decimal = section.rows.iter().filter_map(|r| if let Some(Cell::Amount(a)) = r.last() { Some(*a) } else { None }).sum();
    let opening: Decimal = section.opening.iter().filter_map(|t| if let Some(Cell::Amount(a)) = t.cells.last() { Some(*a) } else { None }).sum();
    assert_eq!(opening + amounts, dec!(1290.00), "opening + the lines = closing");
}

#[test]
fn the_dunning_table_lists_the_overdue_documents_and_the_letters_total() {
    let (ledger, _, ids) = ledger();
    let letters = prepare_dunning(&ledger, day(TODAY), None);
    assert_eq!(letters.len(), 1);
    let table = dunning_table(&letters[0], NumberFormat::English);
    assert_eq!(table.title, format!("Reminder, level {}", letters[0].level));
    let section = &table.sections[0];
    let ref_col = column(&table, "Ref.");
    let printed: Vec<Cell> = section.rows.iter().map(|r| r[ref_col].clone()).collect();
    assert_eq!(printed, refs(&ledger, &ids[..2]).into_iter().map(Cell::Text).collect::<Vec<_>>(), "the two overdue invoices");
    assert_eq!(section.rows[0][column(&table, "Days overdue")], Cell::Int(120));
    assert_eq!(total(&section.totals, "Total NOK").cells.last(), Some(&Cell::Amount(dec!(290.00))));
}
