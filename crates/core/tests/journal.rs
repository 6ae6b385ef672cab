//! Journal entries per release (SPEC R4.15): balanced, in base currency, on the
//! accounts of the settings, kept on the document.

mod common;

use common::*;
use reskontra_core::accounting::journal::{journal_rows, JournalLine};
use reskontra_core::command::CustomerDraft;
use reskontra_core::documents::document::DocType;
use reskontra_core::settings::reference::{CurrencyRateDraft, ReferenceTablesDraft};
use reskontra_core::Command;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn l(account: &str, debit: Decimal, credit: Decimal) -> JournalLine {
    JournalLine { account: account.into(), debit, credit }
}

#[test]
fn entries_per_type() {
    let (mut ledger, customer) = ledger_with_customer();
    // Invoice 2 × 100 HIGH + 1 × 50 EXEMPT: total 300.00, of which VAT 50.00.
    let invoice = add_invoice(&mut ledger, &customer, vec![line("2", "100", "", "HIGH"), line("1", "50", "", "EXEMPT")]);
    assert!(ledger.documents[&invoice].journal.is_empty(), "nothing is posted before release");
    ok(&mut ledger, Command::Release(invoice));
    // The EXEMPT line (VAT rate 0) is a non-taxable sale: 3100, not 3000 (seed 002).
    assert_eq!(
        ledger.documents[&invoice].journal,
        vec![l("1500", dec!(300.00), dec!(0)), l("3000", dec!(0), dec!(200.00)), l("3100", dec!(0), dec!(50.00)), l("2700", dec!(0), dec!(50.00))]
    );

    let note = add_of_type(&mut ledger, &customer, DocType::CreditNote, "40");
    ok(&mut ledger, Command::Release(note));
    // add_of_type makes EXEMPT lines: non-taxable sales.
    assert_eq!(ledger.documents[&note].journal, vec![l("1500", dec!(0), dec!(40.00)), l("3100", dec!(40.00), dec!(0))]);

    let sale = add_of_type(&mut ledger, &customer, DocType::CashSale, "10");
    ok(&mut ledger, Command::Release(sale));
    assert_eq!(ledger.documents[&sale].journal, vec![l("1920", dec!(10.00), dec!(0)), l("3100", dec!(0), dec!(10.00))]);

    let payment = released_payment(&mut ledger, &customer, DocType::Payment, "260", &[(invoice, "260")]);
    assert_eq!(ledger.documents[&payment].journal, vec![l("1920", dec!(260.00), dec!(0)), l("1500", dec!(0), dec!(260.00))]);

    // Voiding posts the payment back; the payment's own entry is untouched.
    let before = ledger.documents[&payment].journal.clone();
    let change = ok(&mut ledger, Command::VoidPayment(payment));
    let void = new_document(&reskontra_core::Change {
        puts: change.puts.into_iter().filter(|r| matches!(r, reskontra_core::Record::Document(d) if d.doc_type == DocType::VoidPayment)).collect(),
        deletes: vec![],
    });
    assert_eq!(void.journal, vec![l("1920", dec!(0), dec!(260.00)), l("1500", dec!(260.00), dec!(0))]);
    assert_eq!(ledger.documents[&payment].journal, before);

    // A prepayment received waits on the prepayment account (2900); applying it after
    // release moves the part applied to the customer ledger, in an entry of its own.
    let prepayment = released_payment(&mut ledger, &customer, DocType::Prepayment, "5", &[]);
    let entry = ledger.documents[&prepayment].journal.clone();
    assert_eq!(entry, vec![l("1920", dec!(5.00), dec!(0)), l("2900", dec!(0), dec!(5.00))]);
    ok(&mut ledger, Command::Apply { id: prepayment, applications: vec![reskontra_core::command::ApplicationDraft::new(invoice, "5")] });
    assert_eq!(ledger.documents[&prepayment].journal, entry, "the release entry stays as it was");
    let applied = ledger.documents[&prepayment].applications.last().expect("the application").journal.clone();
    assert_eq!(applied, vec![l("2900", dec!(5.00), dec!(0)), l("1500", dec!(0), dec!(5.00))]);

    // The export: one numbered entry per release and per later application, rows
    // balance per entry.
    let rows = journal_rows(&ledger);
    assert_eq!(rows.iter().map(|r| r.entry).max(), Some(7));
    for entry in 1..=7 {
        let of: Vec<_> = rows.iter().filter(|r| r.entry == entry).collect();
        assert_eq!(of.iter().map(|r| r.debit).sum::<Decimal>(), of.iter().map(|r| r.credit).sum::<Decimal>(), "entry {entry}");
    }
    assert_eq!(rows[0].document, "Invoice INV000001");
}

#[test]
fn a_foreign_invoice_posts_in_base_currency_with_its_rounding() {
    let (mut ledger, customer) = ledger_with_customer();
    let mut tables = ReferenceTablesDraft::from_settings(&ledger.settings);
    tables.currency_rates.push(CurrencyRateDraft { currency: "EUR".into(), effective: "2026-01-01".into(), rate: "11.333".into(), ..Default::default() });
    ok(&mut ledger, Command::SaveReferenceTables(tables));
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
    draft.currency = "EUR".into();
    ok(&mut ledger, Command::SaveCustomer(draft));
    // 3 lines of 0.10 EUR at 25 %: lines 0.30, VAT 0.08, total 0.38 EUR.
    // In NOK: total 0.38 × 11.333 = 4.31; each line 1.13 (3.39), VAT 0.91: 4.30, so 0.01 rounding.
    let id = add_invoice(&mut ledger, &customer, vec![line("1", "0.10", "", "HIGH"), line("1", "0.10", "", "HIGH"), line("1", "0.10", "", "HIGH")]);
    ok(&mut ledger, Command::Release(id));
    assert_eq!(
        ledger.documents[&id].journal,
        vec![l("1500", dec!(4.31), dec!(0)), l("3000", dec!(0), dec!(3.39)), l("2700", dec!(0), dec!(0.91)), l("8160", dec!(0), dec!(0.01))]
    );
}

#[test]
fn a_prepayment_waits_on_the_prepayment_account_until_applied_refunded_or_written_off() {
    let (mut ledger, customer) = ledger_with_customer();
    let net = |ledger: &reskontra_core::Ledger, account: &str| -> Decimal {
        journal_rows(ledger).iter().filter(|r| r.account == account).map(|r| r.credit - r.debit).sum()
    };
    let invoice = released_invoice(&mut ledger, &customer, "2000");
    let prepayment = released_payment(&mut ledger, &customer, DocType::Prepayment, "1000", &[]);
    assert_eq!(net(&ledger, "2900"), dec!(1000.00));
    // A refund of part of it is paid out of the prepayment account.
    let refund = released_payment(&mut ledger, &customer, DocType::Refund, "300", &[(prepayment, "300")]);
    assert_eq!(ledger.documents[&refund].journal, vec![l("1920", dec!(0), dec!(300.00)), l("2900", dec!(300.00), dec!(0))]);
    // Applied to an invoice: the part applied moves to the customer ledger.
    ok(&mut ledger, Command::Apply { id: prepayment, applications: vec![reskontra_core::command::ApplicationDraft::new(invoice, "500")] });
    assert_eq!(net(&ledger, "2900"), dec!(200.00), "what is left of the prepayment");
    assert_eq!(net(&ledger, "2900"), ledger.documents[&prepayment].balance);
    // What is left, written off, leaves the prepayment account too.
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
    draft.dunning.write_offs = true;
    draft.dunning.write_off_limit = "200".into();
    ok(&mut ledger, Command::SaveCustomer(draft));
    ok(&mut ledger, Command::WriteOff { date: day(TODAY), limit: None });
    assert_eq!(ledger.documents[&prepayment].balance, Decimal::ZERO);
    assert_eq!(net(&ledger, "2900"), Decimal::ZERO);
    // The customer ledger account holds what is still owed: 2000 − 500.
    assert_eq!(-net(&ledger, "1500"), dec!(1500.00));
    assert_eq!(ledger.balances_of(&customer).balance, dec!(1500.00));
}

/// The entry number the export gives the (first) entry of `document`.
fn entry_of(ledger: &reskontra_core::Ledger, document: &str) -> Option<u32> {
    journal_rows(ledger).iter().find(|r| r.document == document).map(|r| r.entry)
}

#[test]
fn entry_numbers_follow_posting_order_and_never_change() {
    let (mut ledger, customer) = ledger_with_customer();
    let dated = |ledger: &mut reskontra_core::Ledger, date: &str| {
        new_document(&ok(ledger, Command::SaveInvoice(invoice_draft(&customer, date, vec![line("1", "100", "", "EXEMPT")])))).id
    };
    let a = dated(&mut ledger, "2025-11-10");
    ok(&mut ledger, Command::Release(a));
    let a_before = entry_of(&ledger, "Invoice INV000001").expect("A is in the journal");
    // B is dated before A but released after it.
    let b = dated(&mut ledger, "2025-11-01");
    ok(&mut ledger, Command::Release(b));
    let a_after = entry_of(&ledger, "Invoice INV000001").expect("A");
    let b_number = entry_of(&ledger, "Invoice INV000002").expect("B");
    assert_eq!(a_after, a_before, "releasing a back-dated document renumbers nothing");
    assert!(a_after < b_number, "A was posted first: {a_after} < {b_number}");
    // The export keeps the document date (it decides the period) and lists by number.
    let rows = journal_rows(&ledger);
    assert_eq!(rows.iter().find(|r| r.entry == b_number).map(|r| r.date.as_str()), Some("2025-11-01"));
    assert!(rows.windows(2).all(|w| w[0].entry <= w[1].entry));
}

#[test]
fn a_ledger_stored_before_entries_were_numbered_keeps_its_old_numbers_and_goes_on_above_them() {
    let (mut ledger, customer) = ledger_with_customer();
    for date in ["2025-11-10", "2025-11-01", "2025-11-20"] {
        let id = new_document(&ok(&mut ledger, Command::SaveInvoice(invoice_draft(&customer, date, vec![line("1", "100", "", "EXEMPT")])))).id;
        ok(&mut ledger, Command::Release(id));
    }
    let numbers: Vec<Option<u32>> = ledger.documents.values().map(|d| d.journal_entry).collect();
    assert_eq!(numbers, vec![Some(1), Some(2), Some(3)], "numbered as released");
    assert_eq!(ledger.settings.next_journal_entry, 4);
    // The same ledger as an older version stored it: no numbers, no counter.
    let mut old: serde_json::Value = serde_json::from_str(&reskontra_core::ledger::backup::to_json(&ledger)).expect("json");
    old["settings"].as_object_mut().expect("settings").remove("next_journal_entry");
    for doc in old["documents"].as_array_mut().expect("documents") {
        doc.as_object_mut().expect("a document").remove("journal_entry");
    }
    let mut old = reskontra_core::ledger::backup::from_json(&old.to_string()).expect("an old backup imports");
    assert_eq!(old.unnumbered_journal_entries(), 3);
    // Numbered as older versions did: by document date.
    let by_number = |ledger: &reskontra_core::Ledger| -> Vec<(u32, String)> {
        let mut seen: Vec<(u32, String)> = journal_rows(ledger).into_iter().map(|r| (r.entry, r.document)).collect();
        seen.dedup();
        seen
    };
    let expected = vec![(1, "Invoice INV000002".to_string()), (2, "Invoice INV000001".to_string()), (3, "Invoice INV000003".to_string())];
    assert_eq!(by_number(&old), expected);
    // A back-dated document released now goes on above them and moves none.
    let id = new_document(&ok(&mut old, Command::SaveInvoice(invoice_draft(&customer, "2025-10-01", vec![line("1", "100", "", "EXEMPT")])))).id;
    ok(&mut old, Command::Release(id));
    assert_eq!(old.documents[&id].journal_entry, Some(4));
    let mut after = expected.clone();
    after.push((4, "Invoice INV000004".to_string()));
    assert_eq!(by_number(&old), after);
    assert!(reskontra_core::ledger::invariants::check_ledger(&old).is_empty(), "{:?}", reskontra_core::ledger::invariants::check_ledger(&old));
}

#[test]
fn check_reports_entry_numbers_given_twice_or_beyond_the_counter() {
    let (mut ledger, customer) = ledger_with_customer();
    let a = released_invoice(&mut ledger, &customer, "100");
    let b = released_invoice(&mut ledger, &customer, "200");
    let put = |ledger: &mut reskontra_core::Ledger, doc: reskontra_core::documents::document::Document| {
        ledger.apply(&reskontra_core::Change { puts: vec![reskontra_core::Record::Document(doc)], deletes: vec![] })
    };
    let twice = reskontra_core::documents::document::Document { journal_entry: ledger.documents[&a].journal_entry, ..ledger.documents[&b].clone() };
    put(&mut ledger, twice);
    let broken = reskontra_core::ledger::invariants::check_ledger(&ledger);
    assert!(broken.iter().any(|b| b.contains("given twice")), "{broken:?}");
    let beyond = reskontra_core::documents::document::Document { journal_entry: Some(99), ..ledger.documents[&b].clone() };
    put(&mut ledger, beyond);
    let broken = reskontra_core::ledger::invariants::check_ledger(&ledger);
    assert!(broken.iter().any(|b| b.contains("number 99 but the next number is 3")), "{broken:?}");
}

/// The journal reads as a bookkeeper's: every account the ledger posts to by default
/// carries its NS 4102 name; an account outside the plan has none.
#[test]
fn journal_rows_carry_the_ns4102_account_names() {
    use reskontra_core::accounting::journal::{account_name, Accounts};
    let (mut ledger, customer) = ledger_with_customer();
    let invoice = released_invoice(&mut ledger, &customer, "100");
    released_payment(&mut ledger, &customer, reskontra_core::documents::document::DocType::Payment, "100", &[(invoice, "100")]);
    let rows = journal_rows(&ledger);
    let names: Vec<(&str, &str)> = rows.iter().map(|r| (r.account.as_str(), r.account_name)).collect();
    assert!(names.contains(&("1500", "Kundefordringer")), "{names:?}");
    assert!(names.contains(&("1920", "Bankinnskudd")), "{names:?}");
    assert!(rows.iter().all(|r| !r.account_name.is_empty()), "every default account is named: {names:?}");
    let a = Accounts::default();
    for account in [
        &a.receivable,
        &a.sales,
        &a.sales_non_taxable,
        &a.vat_output,
        &a.bank,
        &a.rounding,
        &a.cash_discount,
        &a.overdue_charges,
        &a.write_offs,
        &a.currency_gain,
        &a.currency_loss,
        &a.prepayments,
    ] {
        assert!(!account_name(account).is_empty(), "default account {account} has a name");
    }
    assert_eq!(account_name("9999"), "");
}

/// The journal window's selection (R4.15): by date, account and document, with each
/// entry's total and the selection's, the selection's being the sum of its rows.
#[test]
fn journal_filters_and_totals() {
    use reskontra_core::accounting::journal::{filter_journal, journal_accounts, journal_totals, JournalFilter};
    let (mut ledger, customer) = ledger_with_customer();
    // Invoice of 2026-03-01 (1 × 100 HIGH: 125.00), payment of 2026-03-15 applied to it.
    let invoice = add_invoice(&mut ledger, &customer, vec![line("1", "100", "", "HIGH")]);
    ok(&mut ledger, Command::Release(invoice));
    let other = released_invoice(&mut ledger, &customer, "40");
    released_payment(&mut ledger, &customer, DocType::Payment, "125", &[(invoice, "125")]);
    let invoice_ref = ledger.documents[&invoice].ref_nbr.clone();
    let other_ref = ledger.documents[&other].ref_nbr.clone();
    let rows = journal_rows(&ledger);

    // Per entry: each balances; the selection is the sum of its rows.
    let totals = journal_totals(&rows);
    assert_eq!(totals.entries.len(), 3, "{totals:?}");
    assert_eq!(totals.entries[0], reskontra_core::accounting::journal::EntryTotal { entry: 1, debit: dec!(125.00), credit: dec!(125.00), lines: 3 });
    assert!(totals.entries.iter().all(|e| e.debit == e.credit), "{totals:?}");
    assert_eq!((totals.debit, totals.credit), (dec!(290.00), dec!(290.00)));
    assert_eq!(totals.debit, totals.entries.iter().map(|e| e.debit).sum::<Decimal>());
    assert_eq!(journal_totals(&[]).entries, vec![]);

    // Date: the payment (2026-03-15) alone from the 10th; the invoices alone to the 1st.
    let from = JournalFilter { from: Some(day("2026-03-10")), ..JournalFilter::default() };
    let shown = filter_journal(rows.clone(), &from);
    assert!(shown.iter().all(|r| r.document.starts_with("Payment")), "{shown:?}");
    assert_eq!(journal_totals(&shown).debit, dec!(125.00));
    let to = JournalFilter { to: Some(day("2026-03-01")), ..JournalFilter::default() };
    assert_eq!(filter_journal(rows.clone(), &to).len(), 5, "invoice 3 lines + other 2 lines");
    let none = JournalFilter { from: Some(day("2026-03-02")), to: Some(day("2026-03-14")), ..JournalFilter::default() };
    assert!(filter_journal(rows.clone(), &none).is_empty());

    // Account: the lines on 1500 only; not whole entries, so the totals are one-sided.
    let receivable = JournalFilter { account: " 1500 ".into(), ..JournalFilter::default() };
    assert!(!receivable.keeps_whole_entries());
    let shown = filter_journal(rows.clone(), &receivable);
    assert_eq!(shown.len(), 3);
    let sums = journal_totals(&shown);
    assert_eq!((sums.debit, sums.credit), (dec!(165.00), dec!(125.00)));

    // Document: the reference number finds the entries that name the document (a
    // payment applied at its release is its own entry, named by the payment).
    let by_ref = JournalFilter { document: invoice_ref.to_lowercase(), ..JournalFilter::default() };
    assert!(by_ref.keeps_whole_entries());
    let shown = filter_journal(rows.clone(), &by_ref);
    assert_eq!(journal_totals(&shown).entries.iter().map(|e| e.entry).collect::<Vec<_>>(), vec![1], "{shown:?}");
    let shown = filter_journal(rows.clone(), &JournalFilter { document: other_ref, ..JournalFilter::default() });
    assert_eq!(journal_totals(&shown).entries.iter().map(|e| e.entry).collect::<Vec<_>>(), vec![2]);
    // All at once.
    let all = JournalFilter { from: Some(day("2026-03-01")), to: Some(day("2026-03-31")), account: "1920".into(), document: "payment".into() };
    assert_eq!(filter_journal(rows.clone(), &all).len(), 1);

    // The account filter offers each account once, with its name, in number order.
    let accounts = journal_accounts(&rows);
    assert_eq!(accounts.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>(), vec!["1500", "1920", "2700", "3000", "3100"]);
    assert_eq!(accounts[0].1, "Kundefordringer");
}
