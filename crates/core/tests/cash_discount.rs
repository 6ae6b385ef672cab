//! Cash discount (SPEC R4.9): taken when paid by the cash-discount date, at most what
//! the terms give; the invoice is settled by payment + discount, the payment's balance
//! only by what was paid; the journal posts the discount.

mod common;

use common::*;
use reskontra_core::accounting::journal::JournalLine;
use reskontra_core::command::{ApplicationDraft, CustomerDraft};
use reskontra_core::documents::document::{DocStatus, DocType};
use reskontra_core::ledger::invariants::check_ledger;
use reskontra_core::Command;
use rust_decimal_macros::dec;

/// A customer on 2 % in 10 days / 30 net, and an invoice of 1 000.00 dated 2026-03-01
/// (cash-discount date 2026-03-11, cash discount 20.00).
fn setup() -> (reskontra_core::Ledger, String, reskontra_core::documents::document::DocId) {
    let (mut ledger, customer) = ledger_with_customer();
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
    draft.terms_id = "2/10NET30".into();
    ok(&mut ledger, Command::SaveCustomer(draft));
    let invoice = released_invoice(&mut ledger, &customer, "1000");
    (ledger, customer, invoice)
}

fn with_discount(target: reskontra_core::documents::document::DocId, amount: &str, discount: &str) -> ApplicationDraft {
    ApplicationDraft { target, amount: amount.into(), discount: discount.into() }
}

#[test]
fn the_invoice_carries_its_cash_discount() {
    let (ledger, _, invoice) = setup();
    let doc = &ledger.documents[&invoice];
    assert_eq!((doc.cash_discount_date, doc.cash_discount), (Some(day("2026-03-11")), dec!(20.00)));
}

/// (payment date, amount, discount, expected: Ok(invoice status) or the problem's field)
fn check(date: &str, amount: &str, discount: &str, expected: Result<DocStatus, &str>) {
    let (mut ledger, customer, invoice) = setup();
    let mut draft = payment_draft(&customer, amount, &[]);
    draft.date = date.into();
    draft.applications = vec![with_discount(invoice, amount, discount)];
    match (run(&mut ledger, Command::SavePayment(draft)), expected) {
        (Ok(change), Ok(status)) => {
            let payment = new_document(&change).id;
            ok(&mut ledger, Command::Release(payment));
            assert_eq!(ledger.documents[&invoice].status, status, "{date} {amount} {discount}");
            assert!(check_ledger(&ledger).is_empty(), "{:?}", check_ledger(&ledger));
        }
        (Err(problems), Err(field)) => assert_eq!(fields(&problems), vec![field.to_string()], "{date} {amount} {discount}"),
        (got, want) => panic!("{date} {amount} {discount}: got {got:?}, wanted {want:?}"),
    }
}

#[test]
fn discount_rules_at_their_boundaries() {
    check("2026-03-11", "980", "20", Ok(DocStatus::Closed)); // on the last day
    check("2026-03-05", "980", "10", Ok(DocStatus::Open)); // a smaller discount leaves 10.00 open
    check("2026-03-12", "980", "20", Err("applications.0.discount")); // one day late
    check("2026-03-11", "979.99", "20.01", Err("applications.0.discount")); // more than the terms give
    check("2026-03-11", "990", "20", Err("applications.0.amount")); // more than the balance together
    check("2026-03-11", "980", "-1", Err("applications.0.discount"));
    check("2026-03-11", "980", "2.001", Err("applications.0.discount"));
}

#[test]
fn balances_journal_and_void_with_a_discount() {
    let (mut ledger, customer, invoice) = setup();
    let mut draft = payment_draft(&customer, "980", &[]);
    draft.date = "2026-03-10".into();
    draft.applications = vec![with_discount(invoice, "980", "20")];
    let payment = new_document(&ok(&mut ledger, Command::SavePayment(draft))).id;
    ok(&mut ledger, Command::Release(payment));
    assert_eq!((ledger.documents[&invoice].balance, ledger.documents[&payment].balance), (dec!(0), dec!(0)));
    assert_eq!(ledger.balances_of(&customer).balance, dec!(0));
    let l = |a: &str, d, c| JournalLine { account: a.into(), debit: d, credit: c };
    assert_eq!(ledger.documents[&payment].journal, vec![l("1920", dec!(980.00), dec!(0)), l("3080", dec!(20.00), dec!(0)), l("1500", dec!(0), dec!(1000.00))]);
    // Reversing a discounted application is refused; voiding puts the whole 1 000.00 back.
    let refused = run(&mut ledger, Command::ReverseApplication { id: payment, target: invoice }).unwrap_err();
    assert_eq!(common::form_kind(&refused), reskontra_core::ProblemKind::NotAllowed);
    // The message names the way out, which is the point of this refusal.
    assert!(refused[0].message.contains("void the payment"), "{refused:?}");
    ok(&mut ledger, Command::VoidPayment(payment));
    assert_eq!((ledger.documents[&invoice].status, ledger.documents[&invoice].balance), (DocStatus::Open, dec!(1000.00)));
    assert_eq!(ledger.balances_of(&customer).balance, dec!(1000.00));
    assert!(check_ledger(&ledger).is_empty(), "{:?}", check_ledger(&ledger));
}

#[test]
fn no_discount_with_credit_notes() {
    let (mut ledger, customer, invoice) = setup();
    let mut note = invoice_draft(&customer, "2026-03-05", vec![line("1", "100", "", "EXEMPT")]);
    note.doc_type = DocType::CreditNote;
    note.applications = vec![with_discount(invoice, "100", "5")];
    assert_eq!(fields(&run(&mut ledger, Command::SaveInvoice(note)).unwrap_err()), vec!["applications.0.discount"]);
}

/// A payment received by the cash-discount date and applied after its release still
/// takes the discount, with an entry of its own; one received late does not.
#[test]
fn a_released_payment_takes_its_discount_when_applied() {
    let (mut ledger, customer, invoice) = setup();
    let mut draft = payment_draft(&customer, "980", &[]);
    draft.date = "2026-03-05".into();
    let payment = new_document(&ok(&mut ledger, Command::SavePayment(draft))).id;
    ok(&mut ledger, Command::Release(payment));
    let mut late = payment_draft(&customer, "980", &[]);
    late.date = "2026-03-12".into();
    let late = new_document(&ok(&mut ledger, Command::SavePayment(late))).id;
    ok(&mut ledger, Command::Release(late));
    let refused = run(&mut ledger, Command::Apply { id: late, applications: vec![with_discount(invoice, "980", "20")] }).unwrap_err();
    assert_eq!(fields(&refused), vec!["applications.0.discount"]);

    ok(&mut ledger, Command::Apply { id: payment, applications: vec![with_discount(invoice, "980", "20")] });
    assert_eq!((ledger.documents[&invoice].status, ledger.documents[&payment].status), (DocStatus::Closed, DocStatus::Closed));
    assert_eq!(ledger.balances_of(&customer).balance, dec!(-980), "only the late payment is open");
    let l = |a: &str, d, c| JournalLine { account: a.into(), debit: d, credit: c };
    let applied = ledger.documents[&payment].applications.last().expect("the application").clone();
    assert_eq!((applied.amount, applied.discount), (dec!(980), dec!(20)));
    assert_eq!(applied.journal, vec![l("3080", dec!(20.00), dec!(0)), l("1500", dec!(0), dec!(20.00))]);
    assert!(check_ledger(&ledger).is_empty(), "{:?}", check_ledger(&ledger));
    // The void takes the discount back with the rest.
    ok(&mut ledger, Command::VoidPayment(payment));
    assert_eq!((ledger.documents[&invoice].status, ledger.documents[&invoice].balance), (DocStatus::Open, dec!(1000.00)));
    let net = |account: &str| -> rust_decimal::Decimal {
        reskontra_core::accounting::journal::journal_rows(&ledger).iter().filter(|r| r.account == account).map(|r| r.debit - r.credit).sum()
    };
    assert_eq!((net("3080"), net("1500")), (dec!(0), dec!(20.00)), "the invoice's 1 000.00 less the late payment's 980.00");
    assert!(check_ledger(&ledger).is_empty(), "{:?}", check_ledger(&ledger));
}

/// (cash-discount date of the target, day paid) → the discount offered.
#[test]
fn discount_offered_ends_with_the_cash_discount_date() {
    use reskontra_core::documents::auto_apply::discount_offered;
    let (ledger, _, invoice) = setup();
    let doc = &ledger.documents[&invoice];
    for (paid_on, offered) in [("2026-03-01", dec!(20)), ("2026-03-11", dec!(20)), ("2026-03-12", dec!(0)), ("2027-03-11", dec!(0))] {
        assert_eq!(discount_offered(doc, day(paid_on)), offered, "{paid_on}");
    }
    let no_terms = reskontra_core::documents::document::Document { cash_discount_date: None, ..doc.clone() };
    assert_eq!(discount_offered(&no_terms, day("2026-03-01")), dec!(0));
}

/// The terms' discount is granted once, however many payments share the document.
#[test]
fn the_terms_discount_is_granted_once() {
    let (mut ledger, customer, invoice) = setup();
    let paid = |amount: &str, discount: &str| {
        let mut draft = payment_draft(&customer, amount, &[]);
        draft.date = "2026-03-05".into();
        draft.applications = vec![with_discount(invoice, amount, discount)];
        Command::SavePayment(draft)
    };
    // Two payments planned with the whole discount each: the second to be released is refused.
    let first = new_document(&ok(&mut ledger, paid("500", "20"))).id;
    let second = new_document(&ok(&mut ledger, paid("460", "20"))).id;
    ok(&mut ledger, Command::Release(first));
    assert_eq!(fields(&run(&mut ledger, Command::Release(second)).unwrap_err()), vec!["applications.0.discount"]);
    // A new one asking for it is refused at once; without it, it closes the invoice.
    assert_eq!(fields(&run(&mut ledger, paid("460", "20")).unwrap_err()), vec!["applications.0.discount"]);
    let third = new_document(&ok(&mut ledger, paid("480", ""))).id;
    ok(&mut ledger, Command::Release(third));
    assert_eq!((ledger.documents[&invoice].status, ledger.documents[&invoice].balance), (DocStatus::Closed, dec!(0)));
    assert!(check_ledger(&ledger).is_empty(), "{:?}", check_ledger(&ledger));
}

/// A stored application with a discount its payment was not entitled to breaks a
/// ledger rule, though every balance adds up (a damaged or hand-edited backup).
#[test]
fn check_ledger_refuses_a_late_or_oversized_discount() {
    let (mut ledger, customer, invoice) = setup();
    let mut draft = payment_draft(&customer, "980", &[]);
    draft.date = "2026-03-10".into();
    draft.applications = vec![with_discount(invoice, "980", "20")];
    let payment = new_document(&ok(&mut ledger, Command::SavePayment(draft))).id;
    ok(&mut ledger, Command::Release(payment));
    assert!(check_ledger(&ledger).is_empty(), "{:?}", check_ledger(&ledger));
    let edited = |edit: &dyn Fn(&mut reskontra_core::documents::document::Document)| {
        let mut doc = ledger.documents[&payment].clone();
        edit(&mut doc);
        let mut damaged = ledger.clone();
        damaged.apply(&reskontra_core::Change { puts: vec![reskontra_core::Record::Document(doc)], deletes: vec![] });
        check_ledger(&damaged)
    };
    // Paid a day after the cash-discount date.
    let late = edited(&|doc| doc.date = day("2026-03-12"));
    assert_eq!(late.len(), 1, "{late:?}");
    // 25.00 where the terms give 20.00 (the payment 975.00, so the invoice still closes).
    let oversized = edited(&|doc| {
        doc.total = dec!(975);
        doc.applications[0].amount = dec!(975);
        doc.applications[0].discount = dec!(25);
    });
    assert!(!oversized.is_empty(), "{oversized:?}");
    // A credit note never takes one.
    let mut note = invoice_draft(&customer, "2026-03-05", vec![line("1", "100", "", "EXEMPT")]);
    note.doc_type = DocType::CreditNote;
    let note = new_document(&ok(&mut ledger, Command::SaveInvoice(note)));
    let mut damaged = ledger.clone();
    let planned = reskontra_core::documents::document::Application::planned(invoice, dec!(95), dec!(5));
    damaged.apply(&reskontra_core::Change {
        puts: vec![reskontra_core::Record::Document(reskontra_core::documents::document::Document { applications: vec![planned], ..note })],
        deletes: vec![],
    });
    assert_eq!(check_ledger(&damaged).len(), 1, "{:?}", check_ledger(&damaged));
}

/// (invoice lines, payment, discount) → the payment's entry: the discount is split
/// between the cash-discount account and output VAT in proportion to the invoice's VAT.
#[test]
fn the_discount_takes_its_share_of_vat_back() {
    let l = |a: &str, d, c| JournalLine { account: a.into(), debit: d, credit: c };
    let rows = [
        // 1 000.00 + 25 % VAT = 1 250.00; 2 % = 25.00, of which VAT 25 × 250 / 1 250 = 5.00.
        (
            vec![line("1", "1000", "", "HIGH")],
            "1225",
            "25",
            vec![l("1920", dec!(1225.00), dec!(0)), l("3080", dec!(20.00), dec!(0)), l("2700", dec!(5.00), dec!(0)), l("1500", dec!(0), dec!(1250.00))],
        ),
        // Mixed: 800 HIGH (VAT 200) + 200 EXEMPT = 1 200.00; 24.00 discount, VAT 24 × 200 / 1 200 = 4.00.
        (
            vec![line("1", "800", "", "HIGH"), line("1", "200", "", "EXEMPT")],
            "1176",
            "24",
            vec![l("1920", dec!(1176.00), dec!(0)), l("3080", dec!(20.00), dec!(0)), l("2700", dec!(4.00), dec!(0)), l("1500", dec!(0), dec!(1200.00))],
        ),
        // 15 % food VAT; a discount of 1.00 on 115.00: VAT 1 × 15 / 115 = 0.1304… → 0.13.
        (
            vec![line("1", "100", "", "MEDIUM")],
            "114",
            "1",
            vec![l("1920", dec!(114.00), dec!(0)), l("3080", dec!(0.87), dec!(0)), l("2700", dec!(0.13), dec!(0)), l("1500", dec!(0), dec!(115.00))],
        ),
        // No VAT on the invoice: all of it is cash discount.
        (
            vec![line("1", "1000", "", "EXEMPT")],
            "980",
            "20",
            vec![l("1920", dec!(980.00), dec!(0)), l("3080", dec!(20.00), dec!(0)), l("1500", dec!(0), dec!(1000.00))],
        ),
    ];
    for (lines, amount, discount, expected) in rows {
        let (mut ledger, customer) = ledger_with_customer();
        let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
        draft.terms_id = "2/10NET30".into();
        ok(&mut ledger, Command::SaveCustomer(draft));
        let invoice = add_invoice(&mut ledger, &customer, lines);
        ok(&mut ledger, Command::Release(invoice));
        let mut draft = payment_draft(&customer, amount, &[]);
        draft.date = "2026-03-10".into();
        draft.applications = vec![with_discount(invoice, amount, discount)];
        let payment = new_document(&ok(&mut ledger, Command::SavePayment(draft))).id;
        ok(&mut ledger, Command::Release(payment));
        assert_eq!(ledger.documents[&payment].journal, expected, "{amount} + {discount}");
        // Voiding takes the VAT correction back with the rest.
        ok(&mut ledger, Command::VoidPayment(payment));
        let vat: rust_decimal::Decimal =
            reskontra_core::accounting::journal::journal_rows(&ledger).iter().filter(|r| r.account == "2700").map(|r| r.credit - r.debit).sum();
        assert_eq!(vat, ledger.documents[&invoice].vat_total(), "output VAT back to the invoice's after the void");
        assert!(check_ledger(&ledger).is_empty(), "{:?}", check_ledger(&ledger));
    }
}

/// The README's decisions list says what the journal above does with a discount's VAT
/// (issue 9 i: it said the discount was posted without a VAT correction).
#[test]
fn the_readme_says_the_discount_takes_its_vat_share_back() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).expect("README.md beside the workspace");
    let text = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(!text.contains("without a VAT correction"), "the README contradicts the journal");
    assert!(text.contains("is taken back from output VAT (2700)"), "the README names the VAT account the share goes to");
}
