//! Currency rate types and rate override (SPEC R3.5, R4.11): a customer's documents
//! take the rate of its rate type; a typed rate only with *Enable rate override*.

mod common;

use common::*;
use reskontra_core::command::{CustomerDraft, InvoiceDraft, PaymentDraft};
use reskontra_core::settings::reference::{CurrencyRateDraft, ReferenceTablesDraft};
use reskontra_core::{Command, Ledger};
use rust_decimal_macros::dec;

/// EUR rates: SPOT 11.50 and BANK 11.80 from 2026-01-01; the customer pays in EUR.
fn eur_ledger(rate_type: &str, allow_override: bool) -> (Ledger, String) {
    let (mut ledger, customer) = ledger_with_customer();
    let mut tables = ReferenceTablesDraft::from_settings(&ledger.settings);
    tables.currency_rates.push(CurrencyRateDraft { currency: "EUR".into(), effective: "2026-01-01".into(), rate: "11.50".into(), rate_type: String::new() });
    tables.currency_rates.push(CurrencyRateDraft { currency: "EUR".into(), effective: "2026-01-01".into(), rate: "11.80".into(), rate_type: "bank".into() });
    ok(&mut ledger, Command::SaveReferenceTables(tables));
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
    draft.currency = "EUR".into();
    draft.rate_type = rate_type.into();
    draft.allow_rate_override = allow_override;
    ok(&mut ledger, Command::SaveCustomer(draft));
    (ledger, customer)
}

#[test]
fn documents_take_the_rate_of_the_customers_rate_type() {
    let (mut ledger, customer) = eur_ledger("", false);
    let spot = new_document(&ok(&mut ledger, Command::SaveInvoice(invoice_draft(&customer, "2026-03-01", vec![line("1", "100", "", "EXEMPT")]))));
    assert_eq!(spot.rate, dec!(11.50));
    assert!(!spot.rate_typed);
    let (mut ledger, customer) = eur_ledger("BANK", false);
    let bank = new_document(&ok(&mut ledger, Command::SaveInvoice(invoice_draft(&customer, "2026-03-01", vec![line("1", "100", "", "EXEMPT")]))));
    assert_eq!(bank.rate, dec!(11.80));
    // Before the first BANK rate: refused at the currency, naming the type.
    let refused = run(&mut ledger, Command::SaveInvoice(invoice_draft(&customer, "2025-12-31", vec![line("1", "100", "", "EXEMPT")]))).expect_err("no rate");
    assert!(
        refused
            .iter()
            .any(|p| p.field == reskontra_core::fields::document::CURRENCY && p.kind == reskontra_core::ProblemKind::Unknown && p.message.contains("BANK")),
        "{refused:?}"
    );
}

#[test]
fn a_rate_type_without_rates_is_refused_and_a_used_one_cannot_lose_its_rates() {
    let (mut ledger, customer) = eur_ledger("BANK", false);
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
    draft.rate_type = "CORP".into();
    assert_eq!(fields(&run(&mut ledger, Command::SaveCustomer(draft)).expect_err("no CORP rates")), ["rate_type"]);
    let mut tables = ReferenceTablesDraft::from_settings(&ledger.settings);
    tables.currency_rates.retain(|r| r.rate_type != "BANK");
    let refused = run(&mut ledger, Command::SaveReferenceTables(tables)).expect_err("BANK in use");
    assert_eq!(common::kinds(&refused), vec![("currency_rates".to_string(), reskontra_core::ProblemKind::NotAllowed)]);
    assert!(refused[0].message.contains("Rate type BANK is used"), "{refused:?}");
}

#[test]
fn a_typed_rate_needs_rate_override_and_is_kept_on_the_document() {
    let (mut ledger, customer) = eur_ledger("", false);
    let typed = InvoiceDraft { rate: "12".into(), ..invoice_draft(&customer, "2026-03-01", vec![line("1", "100", "", "EXEMPT")]) };
    assert_eq!(fields(&run(&mut ledger, Command::SaveInvoice(typed.clone())).expect_err("override off")), ["rate"]);
    let (mut ledger, customer) = eur_ledger("", true);
    let typed = InvoiceDraft { customer_id: customer.clone(), ..typed };
    let doc = new_document(&ok(&mut ledger, Command::SaveInvoice(typed)));
    assert_eq!((doc.rate, doc.rate_typed), (dec!(12), true));
    assert_eq!(InvoiceDraft::from_document(&doc, reskontra_core::NumberFormat::English).rate, "12", "the window shows the typed rate again");
    ok(&mut ledger, Command::Release(doc.id));
    assert_eq!(ledger.documents[&doc.id].base_total(&ledger.settings), dec!(1200.00));
    // Bad typed rates are refused at the field.
    for bad in ["0", "-1", "abc"] {
        let draft = InvoiceDraft { rate: bad.into(), ..invoice_draft(&customer, "2026-03-01", vec![line("1", "1", "", "EXEMPT")]) };
        assert_eq!(fields(&run(&mut ledger, Command::SaveInvoice(draft)).expect_err("bad rate")), ["rate"], "{bad}");
    }
    // A payment with a typed rate.
    let payment = PaymentDraft { rate: "11.9".into(), ..payment_draft(&customer, "50", &[]) };
    let paid = new_document(&ok(&mut ledger, Command::SavePayment(payment)));
    assert_eq!((paid.rate, paid.rate_typed), (dec!(11.9), true));
    // Without a typed rate, the table's.
    let plain = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "50", &[]))));
    assert_eq!((plain.rate, plain.rate_typed), (dec!(11.50), false));
}
