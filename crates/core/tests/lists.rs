//! The lists of R6.2: unreleased documents (by type) and open documents by period
//! and customer, with their totals and CSV.

mod common;

use common::*;
use reskontra_core::command::{CustomerDraft, InvoiceDraft};
use reskontra_core::documents::document::{DocId, DocType};
use reskontra_core::reports::inquiry::{base_balance_total, documents_csv, open_documents, unreleased_documents, OpenFilter, PeriodOf};
use reskontra_core::{Command, Ledger};
use rust_decimal_macros::dec;

fn refs(ledger: &Ledger, docs: &[&reskontra_core::documents::document::Document]) -> Vec<String> {
    let _ = ledger;
    docs.iter().map(|d| d.ref_nbr.clone()).collect()
}

fn invoice_on(ledger: &mut Ledger, customer: &str, date: &str, price: &str, hold: bool) -> DocId {
    let mut draft = invoice_draft(customer, date, vec![line("1", price, "", "EXEMPT")]);
    draft.hold = hold;
    new_document(&ok(ledger, Command::SaveInvoice(InvoiceDraft { ..draft }))).id
}

/// Customer 10001 (Fjell Bygg AS) and 10002 (Havbris, Marine AS); invoices on
/// 2026-01-10 (INV1, released, 100), 2026-02-10 (INV2, released, 200, 60 paid),
/// 2026-03-10 (INV3, 10002, released, 300), a paid-in-full INV4, an unreleased
/// INV5 on hold and a Balanced payment.
fn setup() -> (Ledger, String, String) {
    let (mut ledger, first) = ledger_with_customer();
    let class = ledger.classes["DOMESTIC"].clone();
    let mut draft = CustomerDraft::new_of_class(&class, &ledger.settings);
    draft.name = "Havbris, Marine AS".into();
    ok(&mut ledger, Command::SaveCustomer(draft));
    let second = "10002".to_string();
    for (customer, date, price) in [(&first, "2026-01-10", "100"), (&first, "2026-02-10", "200"), (&second, "2026-03-10", "300"), (&first, "2026-03-12", "50")]
    {
        let id = invoice_on(&mut ledger, customer, date, price, false);
        ok(&mut ledger, Command::Release(id));
    }
    let inv2 = ledger.document_by_ref(DocType::Invoice, "INV000002").map(|d| d.id).expect("INV2");
    let inv4 = ledger.document_by_ref(DocType::Invoice, "INV000004").map(|d| d.id).expect("INV4");
    released_payment(&mut ledger, &first, DocType::Payment, "110", &[(inv2, "60"), (inv4, "50")]);
    invoice_on(&mut ledger, &first, "2026-03-20", "70", true);
    ok(&mut ledger, Command::SavePayment(payment_draft(&first, "5", &[])));
    (ledger, first, second)
}

#[test]
fn unreleased_documents_by_type() {
    let (ledger, _, _) = setup();
    // (type filter) → listed
    let rows: [(Option<DocType>, &[&str]); 3] =
        [(None, &["INV000005", "PAY000002"]), (Some(DocType::Invoice), &["INV000005"]), (Some(DocType::CreditNote), &[])];
    for (doc_type, expected) in rows {
        assert_eq!(refs(&ledger, &unreleased_documents(&ledger, doc_type)), expected, "{doc_type:?}");
    }
    // Signed: the invoice owes 70, the payment credits 5.
    assert_eq!(base_balance_total(&ledger, &unreleased_documents(&ledger, None)), dec!(65.00));
}

#[test]
fn open_documents_by_period_and_customer() {
    let (ledger, first, second) = setup();
    let filter = |period_of, from: Option<&str>, to: Option<&str>, customer: Option<&String>| OpenFilter {
        period_of,
        from: from.map(day),
        to: to.map(day),
        customer: customer.cloned(),
    };
    // (filter) → listed, total of base balances
    let rows = [
        // Everything open: INV1, INV2 (140 left), the payment's 0 left is Closed; INV3. By customer, then date.
        (filter(PeriodOf::DocumentDate, None, None, None), vec!["INV000001", "INV000002", "INV000003"], dec!(540.00)),
        (filter(PeriodOf::DocumentDate, Some("2026-02-01"), Some("2026-02-28"), None), vec!["INV000002"], dec!(140.00)),
        (filter(PeriodOf::DocumentDate, Some("2026-02-10"), None, None), vec!["INV000002", "INV000003"], dec!(440.00)),
        (filter(PeriodOf::DocumentDate, None, Some("2026-02-10"), Some(&first)), vec!["INV000001", "INV000002"], dec!(240.00)),
        (filter(PeriodOf::DocumentDate, None, None, Some(&second)), vec!["INV000003"], dec!(300.00)),
        // NET30: due 2026-02-09, 2026-03-12, 2026-04-09.
        (filter(PeriodOf::DueDate, Some("2026-03-01"), Some("2026-03-31"), None), vec!["INV000002"], dec!(140.00)),
        (filter(PeriodOf::DueDate, Some("2026-04-01"), None, None), vec!["INV000003"], dec!(300.00)),
    ];
    for (f, expected, total) in rows {
        let docs = open_documents(&ledger, &f);
        assert_eq!(refs(&ledger, &docs), expected, "{f:?}");
        assert_eq!(base_balance_total(&ledger, &docs), total, "{f:?}");
    }
}

#[test]
fn the_csv_is_signed_and_quoted() {
    let (ledger, _, second) = setup();
    let docs = unreleased_documents(&ledger, None);
    let csv = documents_csv(&ledger, &docs);
    assert_eq!(
        csv,
        "type,reference,customer,customer name,date,due date,status,currency,total,balance,base balance\n\
         Invoice,INV000005,10001,Fjell Bygg AS,2026-03-20,2026-04-19,On hold,NOK,70.00,70.00,70.00\n\
         Payment,PAY000002,10001,Fjell Bygg AS,2026-03-15,,Balanced,NOK,-5.00,-5.00,-5.00\n"
    );
    let open = open_documents(&ledger, &OpenFilter { customer: Some(second), ..OpenFilter::default() });
    assert!(documents_csv(&ledger, &open).contains(",10002,\"Havbris, Marine AS\",2026-03-10,"), "{}", documents_csv(&ledger, &open));
}

#[test]
fn the_csv_writer_quotes_what_needs_quoting_and_nothing_else() {
    use reskontra_core::reports::csv::write_csv;
    let rows = vec![vec!["plain", "with, comma", "with \"quote\""], vec!["two\nlines", "", "æøå"]];
    assert_eq!(write_csv(&["a", "b", "c"], rows), "a,b,c\nplain,\"with, comma\",\"with \"\"quote\"\"\"\n\"two\nlines\",,æøå\n");
}

#[test]
fn report_rows_carry_their_currency_and_one_sign() {
    use reskontra_core::reports::rows::document_row;
    use rust_decimal_macros::dec;
    let (mut ledger, customer) = common::ledger_with_customer();
    let invoice = common::released_invoice(&mut ledger, &customer, "100");
    let mut kwd = ledger.documents[&invoice].clone();
    kwd.currency = "KWD".into();
    kwd.total = dec!(10.125);
    kwd.balance = dec!(10.125);
    let row = document_row(&ledger, &kwd);
    assert_eq!(
        (row.total.plain(), row.total.shown(reskontra_core::NumberFormat::English), row.total.currency.as_str()),
        ("10.125".to_string(), "10.125".to_string(), "KWD")
    );
    let mut jpy = kwd.clone();
    jpy.currency = "JPY".into();
    jpy.total = dec!(1000);
    assert_eq!(document_row(&ledger, &jpy).total.shown(reskontra_core::NumberFormat::Nordic), "1\u{a0}000");
    assert_eq!(document_row(&ledger, &jpy).total.shown(reskontra_core::NumberFormat::English), "1,000");
    let note = common::add_of_type(&mut ledger, &customer, reskontra_core::documents::document::DocType::CreditNote, "40");
    let row = document_row(&ledger, &ledger.documents[&note]);
    assert_eq!((row.total.plain(), row.balance.plain(), row.base_balance.plain()), ("-40.00".to_string(), "-40.00".to_string(), "-40.00".to_string()));
    let as_entered = reskontra_core::reports::rows::document_row_as_entered(&ledger, &ledger.documents[&note]);
    assert_eq!(as_entered.total.plain(), "40.00", "its own entry list shows a credit note as entered");
    let mut closed = ledger.documents[&note].clone();
    closed.balance = dec!(0);
    assert_eq!(document_row(&ledger, &closed).balance.plain(), "0.00", "never -0.00");
}

/// The customer list and the balances read one row each per customer from
/// `reports::rows`, in base currency with its decimals; the prepayment balance with
/// a minus sign (R5.2).
#[test]
fn customer_and_balance_rows() {
    use reskontra_core::reports::rows::{balance_row, balance_rows, customer_rows};
    let (mut ledger, first, second) = setup();
    released_payment(&mut ledger, &second, DocType::Prepayment, "40", &[]);
    let customers = customer_rows(&ledger);
    let listed: Vec<(&str, &str, String)> = customers.iter().map(|c| (c.id.as_str(), c.name.as_str(), c.balance.plain())).collect();
    // 10001: 100 + 200 + 50 − 110 paid − 5 not released = 240; 10002: 300 − 40.
    assert_eq!(listed, [(first.as_str(), "Fjell Bygg AS", "240.00".to_string()), (second.as_str(), "Havbris, Marine AS", "260.00".to_string())]);
    assert!(customers.iter().all(|c| c.balance.currency == ledger.settings.base_currency));
    let b = balance_row(&ledger, &second);
    assert_eq!((b.balance.plain(), b.prepayment_balance.plain(), b.unreleased_balance.plain()), ("260.00".into(), "-40.00".into(), "0.00".into()));
    let a = balance_row(&ledger, &first);
    assert_eq!((a.prepayment_balance.plain(), a.unreleased_balance.plain()), ("0.00".into(), "65.00".into()));
    assert_eq!(balance_rows(&ledger).len(), 2);
    // A customer without documents has zero balances, not an error.
    assert_eq!(balance_row(&ledger, "NOBODY").balance.plain(), "0.00");
}

/// Overdue at a glance: an open debit document past its due date on the business
/// date, counted in days; not when due today, closed, or a credit.
#[test]
fn days_overdue_from_the_business_date() {
    use reskontra_core::documents::document::DocStatus;
    use reskontra_core::reports::rows::{days_overdue, days_text, document_row, overdue_text};
    let due = Some(day("2026-01-31"));
    let cases = [
        (DocType::Invoice, DocStatus::Open, "2026-02-12", Some(12)),
        (DocType::Invoice, DocStatus::Open, "2026-02-01", Some(1)),
        (DocType::Invoice, DocStatus::Open, "2026-01-31", None),
        (DocType::DebitNote, DocStatus::Open, "2027-01-01", Some(335)),
        (DocType::OverdueCharge, DocStatus::Open, "2026-02-10", Some(10)),
        (DocType::Invoice, DocStatus::Closed, "2026-03-01", None),
        (DocType::Invoice, DocStatus::Balanced, "2026-03-01", None),
        (DocType::CreditNote, DocStatus::Open, "2026-03-01", None),
    ];
    for (doc_type, status, today, expected) in cases {
        assert_eq!(days_overdue(doc_type, status, due, day(today)), expected, "{doc_type:?} {status:?} on {today}");
    }
    assert_eq!(days_overdue(DocType::Invoice, DocStatus::Open, None, day("2026-03-01")), None);
    assert_eq!((overdue_text(Some(1)), overdue_text(Some(12)), overdue_text(None)), ("Overdue 1 day".into(), "Overdue 12 days".into(), String::new()));
    assert_eq!((days_text(Some(1)), days_text(Some(334)), days_text(None)), ("1 day".into(), "334 days".into(), String::new()));
    // A released invoice's row, as the lists read it.
    let (ledger, _, _) = setup();
    let inv1 = ledger.document_by_ref(DocType::Invoice, "INV000001").expect("INV1");
    let row = document_row(&ledger, inv1);
    let due = row.due_date.expect("due date from terms");
    assert_eq!(row.days_overdue(due + chrono::Days::new(5)), Some(5));
    assert_eq!(row.days_overdue(due), None);
}
