//! What a credit may be applied to (SPEC R4.9, R3.7, seed 002 Consolidate balance):
//! the list `application_targets` offers and the check a save makes are one rule;
//! a parent's payment settles a consolidating child's invoice with every balance,
//! the journal and the ledger invariant right.

mod common;

use common::*;
use reskontra_core::accounting::journal::journal_rows;
use reskontra_core::command::{ClassDraft, CustomerDraft};
use reskontra_core::customers::customer::ParentLink;
use reskontra_core::customers::master::consolidated_balance;
use reskontra_core::documents::applications::{application_targets, target_problem, ApplicationSource, TargetProblem};
use reskontra_core::documents::document::{DocId, DocStatus, DocType};
use reskontra_core::ledger::invariants::check_ledger;
use reskontra_core::settings::reference::{CurrencyRateDraft, ReferenceTablesDraft};
use reskontra_core::{execute, Command, Ledger, Record};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// A customer of DOMESTIC below `parent` (none when empty), with its own receivable
/// account when `receivable` is not empty.
fn customer_below(ledger: &mut Ledger, name: &str, parent: &str, consolidate_balance: bool, receivable: &str) -> String {
    let class = ledger.classes["DOMESTIC"].clone();
    let mut draft = CustomerDraft::new_of_class(&class, &ledger.settings);
    draft.name = name.into();
    draft.parent = ParentLink { parent_id: parent.into(), consolidate_balance, ..ParentLink::default() };
    draft.accounts.receivable = receivable.into();
    let change = ok(ledger, Command::SaveCustomer(draft));
    let Record::Customer(customer) = &change.puts[0] else { panic!("customer first") };
    customer.id.clone()
}

fn net_of(ledger: &Ledger, account: &str) -> Decimal {
    journal_rows(ledger).iter().filter(|r| r.account == account).map(|r| r.debit - r.credit).sum()
}

/// Parent P (10001, NOK, currency override on) with a child that consolidates and a
/// child that does not, a grandchild below each (both consolidating), and an
/// unrelated customer; `docs` names what the table offers or refuses.
struct Group {
    ledger: Ledger,
    parent: String,
    docs: Vec<(&'static str, DocId, Option<TargetProblem>)>,
}

fn group() -> Group {
    let (mut ledger, parent) = ledger_with_customer();
    let mut tables = ReferenceTablesDraft::from_settings(&ledger.settings);
    tables.currency_rates.push(CurrencyRateDraft { currency: "EUR".into(), effective: "2026-01-01".into(), rate: "11.00".into(), ..Default::default() });
    ok(&mut ledger, Command::SaveReferenceTables(tables));
    let mut class = ClassDraft::from_class(&ledger.classes["DOMESTIC"], reskontra_core::NumberFormat::English);
    class.overdue_rate_pct = "18.25".into();
    ok(&mut ledger, Command::SaveClass(class));
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&parent], reskontra_core::NumberFormat::English);
    draft.allow_currency_override = true;
    ok(&mut ledger, Command::SaveCustomer(draft));
    let consolidating = customer_below(&mut ledger, "Child that consolidates", &parent, true, "");
    let separate = customer_below(&mut ledger, "Child on its own", &parent, false, "");
    let grandchild = customer_below(&mut ledger, "Grandchild through a consolidating child", &consolidating, true, "");
    let cut_off = customer_below(&mut ledger, "Grandchild through a separate child", &separate, true, "");
    let other = customer_below(&mut ledger, "Another company", "", false, "");

    let nok = released_invoice(&mut ledger, &parent, "100");
    let mut eur = invoice_draft(&parent, "2026-03-01", vec![line("1", "100", "", "EXEMPT")]);
    eur.currency = "EUR".into();
    let eur = new_document(&ok(&mut ledger, Command::SaveInvoice(eur))).id;
    ok(&mut ledger, Command::Release(eur));
    // The parent's own overdue charge: its invoice has the document's check box.
    let mut charged = invoice_draft(&parent, "2026-03-01", vec![line("1", "10000", "", "EXEMPT")]);
    charged.overdue_charges = Some(true);
    let charged = new_document(&ok(&mut ledger, Command::SaveInvoice(charged))).id;
    ok(&mut ledger, Command::Release(charged));
    let change = execute(&ledger, &Command::CalculateOverdueCharges(day("2026-04-10")), day("2026-04-10")).expect("charges");
    ledger.apply(&change);
    let charge = ledger.documents.values().find(|d| d.doc_type == DocType::OverdueCharge).expect("an overdue charge").id;
    let unreleased = add_invoice(&mut ledger, &parent, vec![line("1", "100", "", "EXEMPT")]);
    let note = add_of_type(&mut ledger, &parent, DocType::CreditNote, "10");
    ok(&mut ledger, Command::Release(note));
    let docs = vec![
        ("the parent's invoice", nok, None),
        ("the parent's invoice with the overdue charge", charged, None),
        ("the parent's EUR invoice", eur, Some(TargetProblem::OtherCurrency)),
        ("the parent's overdue charge", charge, None),
        ("the parent's unreleased invoice", unreleased, Some(TargetProblem::NotOpen(DocStatus::Balanced))),
        ("the parent's credit note", note, Some(TargetProblem::WrongKind)),
        ("a consolidating child's invoice", released_invoice(&mut ledger, &consolidating, "100"), None),
        ("its consolidating child's invoice", released_invoice(&mut ledger, &grandchild, "100"), None),
        ("a non-consolidating child's invoice", released_invoice(&mut ledger, &separate, "100"), Some(TargetProblem::OtherCustomer)),
        ("the invoice of a grandchild below it", released_invoice(&mut ledger, &cut_off, "100"), Some(TargetProblem::OtherCustomer)),
        ("another customer's invoice", released_invoice(&mut ledger, &other, "100"), Some(TargetProblem::OtherCustomer)),
    ];
    Group { ledger, parent, docs }
}

#[test]
fn a_payment_is_offered_exactly_the_documents_its_save_accepts() {
    let Group { mut ledger, parent, docs } = group();
    let source = ApplicationSource { doc_type: DocType::Payment, customer_id: &parent, currency: Some("NOK") };
    let offered: Vec<DocId> = application_targets(&ledger, &source).iter().map(|d| d.id).collect();
    for (what, id, expected) in &docs {
        let target = &ledger.documents[id];
        assert_eq!(target_problem(&ledger, &source, target), *expected, "{what}");
        assert_eq!(offered.contains(id), expected.is_none(), "{what}: offered");
        // The save's check is the same rule.
        let saved = execute(&ledger, &Command::SavePayment(payment_draft(&parent, "1", &[(*id, "1")])), day(TODAY));
        match expected {
            None => assert!(saved.is_ok(), "{what}: {saved:?}"),
            Some(_) => assert_eq!(fields(&saved.unwrap_err()), vec!["applications.0.amount"], "{what}"),
        }
    }
    // Oldest due date first; every offered document is in the table.
    let due: Vec<_> = offered.iter().map(|id| ledger.documents[id].due_date.unwrap_or(ledger.documents[id].date)).collect();
    assert!(due.windows(2).all(|w| w[0] <= w[1]), "{due:?}");
    assert_eq!(offered.len(), docs.iter().filter(|(_, _, e)| e.is_none()).count());
    // A released payment's *Apply* follows it too.
    let payment = released_payment(&mut ledger, &parent, DocType::Payment, "50", &[]);
    for (what, id, expected) in &docs {
        let applied =
            execute(&ledger, &Command::Apply { id: payment, applications: vec![reskontra_core::command::ApplicationDraft::new(*id, "1")] }, day(TODAY));
        assert_eq!(applied.is_ok(), expected.is_none(), "{what}: {applied:?}");
    }
}

#[test]
fn a_refund_is_offered_its_own_customers_open_credits_only() {
    let Group { mut ledger, parent, docs } = group();
    let child = ledger.customers.values().find(|c| c.parent.parent_id == parent && c.parent.consolidate_balance).expect("child").id.clone();
    let child_payment = released_payment(&mut ledger, &child, DocType::Payment, "50", &[]);
    let own_payment = released_payment(&mut ledger, &parent, DocType::Payment, "50", &[]);
    let note = docs.iter().find(|(what, _, _)| *what == "the parent's credit note").expect("note").1;
    let source = ApplicationSource { doc_type: DocType::Refund, customer_id: &parent, currency: Some("NOK") };
    let offered: Vec<DocId> = application_targets(&ledger, &source).iter().map(|d| d.id).collect();
    assert_eq!(offered, vec![note, own_payment]);
    assert_eq!(target_problem(&ledger, &source, &ledger.documents[&child_payment]), Some(TargetProblem::OtherCustomer));
}

#[test]
fn a_parents_payment_settles_a_consolidating_childs_invoice() {
    let (mut ledger, parent) = ledger_with_customer();
    // The child posts to a receivable account of its own.
    let child = customer_below(&mut ledger, "Child", &parent, true, "1510");
    let separate = customer_below(&mut ledger, "Separate child", &parent, false, "");
    let invoice = released_invoice(&mut ledger, &child, "1000");
    let not_consolidated = released_invoice(&mut ledger, &separate, "1000");
    assert_eq!(consolidated_balance(&ledger, &parent), dec!(1000));

    // Planned on a payment and released with it.
    let first = released_payment(&mut ledger, &parent, DocType::Payment, "300", &[(invoice, "300")]);
    assert_eq!((ledger.documents[&invoice].balance, ledger.documents[&invoice].status), (dec!(700), DocStatus::Open));
    assert_eq!(ledger.documents[&first].status, DocStatus::Closed);
    assert_eq!((ledger.balances_of(&parent).balance, ledger.balances_of(&child).balance), (dec!(0), dec!(700)));
    assert_eq!(consolidated_balance(&ledger, &parent), dec!(700));
    assert_eq!((net_of(&ledger, "1510"), net_of(&ledger, "1500")), (dec!(700), dec!(1000)), "each receivable holds its customer's documents");
    assert!(check_ledger(&ledger).is_empty(), "{:?}", check_ledger(&ledger));

    // Applied after release, then reversed.
    let second = released_payment(&mut ledger, &parent, DocType::Payment, "200", &[]);
    ok(&mut ledger, Command::Apply { id: second, applications: vec![reskontra_core::command::ApplicationDraft::new(invoice, "200")] });
    assert_eq!((ledger.documents[&invoice].balance, ledger.balances_of(&child).balance, ledger.balances_of(&parent).balance), (dec!(500), dec!(500), dec!(0)));
    assert_eq!(net_of(&ledger, "1510"), dec!(500));
    assert!(check_ledger(&ledger).is_empty(), "{:?}", check_ledger(&ledger));
    ok(&mut ledger, Command::ReverseApplication { id: second, target: invoice });
    assert_eq!((ledger.documents[&invoice].balance, ledger.balances_of(&parent).balance), (dec!(700), dec!(-200)));
    assert_eq!(net_of(&ledger, "1510"), dec!(700));
    assert!(check_ledger(&ledger).is_empty(), "{:?}", check_ledger(&ledger));

    // Not to a child without Consolidate balance.
    let refused = run(&mut ledger, Command::SavePayment(payment_draft(&parent, "100", &[(not_consolidated, "100")]))).unwrap_err();
    assert_eq!(fields(&refused), vec!["applications.0.amount"]);
    let refused = run(&mut ledger, Command::Apply { id: second, applications: vec![reskontra_core::command::ApplicationDraft::new(not_consolidated, "100")] });
    assert_eq!(fields(&refused.unwrap_err()), vec!["applications.0.amount"]);

    // The link the applications went through stays while they are there.
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&child], reskontra_core::NumberFormat::English);
    draft.parent.consolidate_balance = false;
    assert_eq!(fields(&run(&mut ledger, Command::SaveCustomer(draft)).unwrap_err()), vec!["parent.consolidate_balance"]);

    // Voiding puts it all back.
    ok(&mut ledger, Command::VoidPayment(first));
    assert_eq!((ledger.documents[&invoice].balance, ledger.balances_of(&child).balance), (dec!(1000), dec!(1000)));
    assert_eq!(net_of(&ledger, "1510"), dec!(1000));
    assert!(check_ledger(&ledger).is_empty(), "{:?}", check_ledger(&ledger));
}

/// A planned application holds the link too; once the payment is deleted the child
/// may stop consolidating.
#[test]
fn a_payment_planned_to_a_child_holds_the_link_until_it_is_deleted() {
    let (mut ledger, parent) = ledger_with_customer();
    let child = customer_below(&mut ledger, "Child", &parent, true, "");
    let invoice = released_invoice(&mut ledger, &child, "1000");
    let payment = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&parent, "300", &[(invoice, "300")])))).id;
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&child], reskontra_core::NumberFormat::English);
    draft.parent.consolidate_balance = false;
    assert_eq!(fields(&run(&mut ledger, Command::SaveCustomer(draft.clone())).unwrap_err()), vec!["parent.consolidate_balance"]);
    let mut moved = CustomerDraft::from_customer(&ledger.customers[&child], reskontra_core::NumberFormat::English);
    moved.parent.parent_id = String::new();
    assert_eq!(fields(&run(&mut ledger, Command::SaveCustomer(moved)).unwrap_err()), vec!["parent.consolidate_balance"]);
    ok(&mut ledger, Command::DeleteDocument(payment));
    ok(&mut ledger, Command::SaveCustomer(draft));
    assert_eq!(ledger.documents[&invoice].balance, dec!(1000));
    assert!(check_ledger(&ledger).is_empty(), "{:?}", check_ledger(&ledger));
}
