//! Problems name their field by a typed path shared with the windows, and say what
//! kind of thing is wrong. The rendered paths are the ones the windows' test ids use
//! (`error-credit_limit`, `error-lines.0.quantity`), so the e2e tests keep finding them.

mod common;

use common::{invoice_draft, ledger_with_customer, line, run};
use reskontra_core::command::CustomerDraft;
use reskontra_core::documents::credit::CreditRule;
use reskontra_core::fields::document::{self, LineColumn};
use reskontra_core::fields::preferences::{self, SeriesColumn};
use reskontra_core::fields::{accounts, address, customer, reference_tables, AddressPart, FieldPath, Name};
use reskontra_core::settings::reference::{ReferenceTablesDraft, VatRateDraft};
use reskontra_core::settings::SeriesKind;
use reskontra_core::{Command, Problem, ProblemKind};

fn only(problems: &[Problem]) -> &Problem {
    assert_eq!(problems.len(), 1, "{problems:?}");
    &problems[0]
}

#[test]
fn a_negative_credit_limit_is_out_of_range_at_the_credit_limit() {
    let (mut ledger, id) = ledger_with_customer();
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&id], reskontra_core::NumberFormat::English);
    draft.credit.rule = CreditRule::LimitAndDaysPastDue;
    draft.credit.limit = "-5".into();
    let problems = run(&mut ledger, Command::SaveCustomer(draft)).unwrap_err();
    let problem = only(&problems);
    assert_eq!((&problem.field, problem.kind), (&customer::CREDIT_LIMIT, ProblemKind::OutOfRange));
    assert_eq!(problem.field.to_string(), "credit_limit");
}

#[test]
fn a_quantity_that_is_not_a_number_is_a_format_problem_at_its_cell() {
    let (mut ledger, id) = ledger_with_customer();
    let draft = invoice_draft(&id, "2026-03-01", vec![line("1", "10", "", "EXEMPT"), line("two", "10", "", "EXEMPT")]);
    let problems = run(&mut ledger, Command::SaveInvoice(draft)).unwrap_err();
    let problem = only(&problems);
    assert_eq!((&problem.field, problem.kind), (&document::line(1, LineColumn::Quantity), ProblemKind::Format));
    assert_eq!(problem.field.to_string(), "lines.1.quantity");
    assert_eq!((problem.field.head(), problem.field.row(), problem.field.leaf()), (Some(Name::Lines), Some(1), Some(Name::Quantity)));
}

#[test]
fn a_vat_rate_over_100_is_out_of_range_at_its_row() {
    let (mut ledger, _) = ledger_with_customer();
    let mut draft = ReferenceTablesDraft::from_settings(&ledger.settings);
    let row = draft.vat_rates.len();
    draft.vat_rates.push(VatRateDraft { category: "HIGH".into(), effective: "2000-01-01".into(), rate_pct: "101".into() });
    let problems = run(&mut ledger, Command::SaveReferenceTables(draft)).unwrap_err();
    let problem = only(&problems);
    assert_eq!((&problem.field, problem.kind), (&reference_tables::VAT_RATES.cell(row, Name::RatePct), ProblemKind::OutOfRange));
    assert_eq!(problem.field.to_string(), format!("vat_rates.{row}.rate_pct"));
}

#[test]
fn a_country_that_is_not_a_code_is_a_format_problem_at_the_address() {
    let (mut ledger, id) = ledger_with_customer();
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&id], reskontra_core::NumberFormat::English);
    draft.address.country = "Norway".into();
    let problems = run(&mut ledger, Command::SaveCustomer(draft)).unwrap_err();
    let problem = only(&problems);
    assert_eq!((&problem.field, problem.kind), (&address(&customer::ADDRESS, AddressPart::Country), ProblemKind::Format));
    assert_eq!(problem.field.to_string(), "address.country");
}

#[test]
fn deleting_a_customer_that_does_not_exist_is_a_whole_form_problem() {
    let (mut ledger, _) = ledger_with_customer();
    let problems = run(&mut ledger, Command::DeleteCustomer("NOBODY".into())).unwrap_err();
    let problem = only(&problems);
    assert_eq!((&problem.field, problem.kind), (&FieldPath::FORM, ProblemKind::Unknown));
    assert!(problem.field.is_form());
    assert_eq!(problem.field.to_string(), "");
    // The CLI prints a whole-form problem as its message alone, a field's as `field: message`.
    assert_eq!(problem.to_string(), problem.message);
}

#[test]
fn paths_render_as_the_test_ids_of_the_windows() {
    // The `error-…` ids the e2e tests look for (tests/e2e/*.mjs).
    for (path, text) in [
        (customer::NAME, "name"),
        (customer::EMAIL, "email"),
        (customer::PARENT_ID, "parent.parent_id"),
        (document::CONTROL_TOTAL, "control_total"),
        (preferences::LOGO, "logo"),
        (accounts::account(Name::Receivable), "accounts.receivable"),
        (address(&preferences::COMPANY_ADDRESS, AddressPart::Postcode), "company_address.postcode"),
        (customer::INVOICING.then(Name::Address).then(Name::City), "invoicing.address.city"),
        (preferences::series(SeriesKind::DebitNote, SeriesColumn::NextNumber), "series.debitnote.next_number"),
        (customer::attribute("COLOUR"), "attributes.COLOUR"),
        (reskontra_core::fields::mailings::recipient(2, 0, Name::Email), "mailings.2.recipients.0.email"),
    ] {
        assert_eq!(path.to_string(), text);
        // Serialised as the same plain string, and read back to the same path.
        let json = serde_json::to_string(&path).expect("serialises");
        assert_eq!(json, format!("\"{text}\""));
        assert_eq!(serde_json::from_str::<FieldPath>(&json).expect("reads"), path);
    }
    assert_eq!(serde_json::from_str::<FieldPath>("\"\"").expect("reads"), FieldPath::FORM);
    // Anything else reads without a panic (as keys), never as a known field.
    assert_ne!(FieldPath::parse("credit.limit"), customer::CREDIT_LIMIT);
}
