//! Invoices as report attachments (SPEC R10.4, R10.5): what the report holds, in the
//! customer's language and the ledger's number format, and the HTML made from it.

mod common;

use common::*;
use reskontra_core::documents::document::{DocId, DocType};
use reskontra_core::reports::invoice::{escape_html, invoice_html, invoice_report, InvoiceReport, RenderJob, RenderRequest};
use reskontra_core::{Command, Ledger, NumberFormat, ProblemKind};

/// A ledger with customer C1 (language `language`) and one invoice of the given type:
/// 2 × 500 at 25 % VAT and 1 × 234.5 exempt, dated 2026-03-01.
fn ledger_with(doc_type: DocType, language: &str) -> (Ledger, DocId) {
    let (mut ledger, customer) = ledger_with_customer();
    if let Some(c) = ledger.customers.get_mut(&customer) {
        c.language = language.to_string();
        c.address.line1 = "Storgata 1".into();
        c.address.postcode = "0155".into();
        c.address.city = "Oslo".into();
    }
    ledger.settings.company_name = "Mitt Firma AS".into();
    ledger.settings.vat_number = "987654321".into();
    let mut draft = invoice_draft(&customer, "2026-03-01", vec![line("2", "500", "", "HIGH"), line("1", "234.5", "10", "EXEMPT")]);
    draft.doc_type = doc_type;
    let id = new_document(&ok(&mut ledger, Command::SaveInvoice(draft))).id;
    (ledger, id)
}

fn report(ledger: &Ledger, id: DocId) -> InvoiceReport {
    match invoice_report(ledger, id) {
        Ok(report) => report,
        Err(problems) => panic!("expected a report, got {problems:?}"),
    }
}

#[test]
fn a_norwegian_invoice_has_norwegian_labels_dates_and_numbers() {
    let (mut ledger, id) = ledger_with(DocType::Invoice, "nb");
    ledger.settings.number_format = Some(NumberFormat::Nordic);
    let r = report(&ledger, id);
    assert_eq!(r.language, "nb");
    assert_eq!((r.title.as_str(), r.number_label.as_str()), ("Faktura", "Fakturanr."));
    assert_eq!((r.labels.quantity.as_str(), r.labels.due_date.as_str(), r.labels.vat.as_str()), ("Antall", "Forfallsdato", "MVA"));
    assert_eq!(r.date, "01.03.2026");
    assert_eq!(r.due_date.as_deref(), Some("31.03.2026"), "NET30 from 1 March");
    // 2 × 500 + 234.50 less 10 % = 1 211.05 excl. VAT; 25 % of 1 000 = 250.
    assert_eq!(r.lines_total.text, "1\u{a0}211,05");
    assert_eq!(r.total.text, "1\u{a0}461,05");
    assert_eq!(r.total.value.to_string(), "1461.05");
    assert_eq!(r.lines[1].discount, "10 %");
    assert_eq!(r.lines[1].unit_price, "234,50");
    assert_eq!(r.vat.iter().map(|v| v.label.as_str()).collect::<Vec<_>>(), ["MVA 25 % av 1\u{a0}000,00", "MVA 0 % av 211,05"]);
    assert_eq!(r.amount_due_label, "Å betale");
    assert_eq!(r.payment_text, format!("Vennligst betal 1\u{a0}461,05 NOK innen 31.03.2026, merket {}.", r.ref_nbr));
    assert_eq!(r.payment_terms, "30 days net");
    assert_eq!(r.customer.address_lines, ["Storgata 1", "0155 Oslo", "NO"]);
    assert_eq!((r.company.name.as_str(), r.company.org_no.as_str()), ("Mitt Firma AS", "987654321"));
}

#[test]
fn an_english_customer_gets_english_labels_in_the_ledgers_number_format() {
    let (ledger, id) = ledger_with(DocType::Invoice, "en");
    let r = report(&ledger, id);
    assert_eq!((r.title.as_str(), r.number_label.as_str()), ("Invoice", "Invoice no."));
    assert_eq!((r.labels.quantity.as_str(), r.labels.unit_price.as_str(), r.amount_due_label.as_str()), ("Quantity", "Unit price", "Amount due"));
    assert_eq!(r.date, "2026-03-01");
    assert_eq!(r.total.text, "1,461.05");
    assert_eq!(r.vat[0].label, "VAT 25 % of 1,000.00");
    let html = invoice_html(&r);
    for shown in ["<title>Invoice ", "<th>Description</th>", "1,461.05", "Invoice no.", "Mitt Firma AS", "Org. no. 987654321", "0155 Oslo"] {
        assert!(html.contains(shown), "{shown} missing from {html}");
    }
}

#[test]
fn a_language_without_labels_falls_back_to_the_default_language() {
    let (mut ledger, id) = ledger_with(DocType::Invoice, "de");
    assert_eq!(report(&ledger, id).title, "Faktura", "the default language is Norwegian");
    for language in ledger.settings.languages.iter_mut() {
        language.is_default = language.code == "sv";
    }
    let r = report(&ledger, id);
    assert_eq!((r.language.as_str(), r.title.as_str(), r.labels.quantity.as_str()), ("sv", "Faktura", "Antal"));
}

#[test]
fn a_credit_note_is_titled_and_totalled_as_one() {
    let (ledger, id) = ledger_with(DocType::CreditNote, "nb");
    let r = report(&ledger, id);
    assert_eq!((r.title.as_str(), r.amount_due_label.as_str()), ("Kreditnota", "Kreditert beløp"));
    assert!(r.payment_text.is_empty(), "nothing to pay on a credit note");
    assert!(invoice_html(&r).contains("<h1>Kreditnota</h1>"));
    let (ledger, id) = ledger_with(DocType::CreditNote, "en");
    assert_eq!(report(&ledger, id).title, "Credit note");
    let (ledger, id) = ledger_with(DocType::DebitNote, "sv");
    assert_eq!(report(&ledger, id).title, "Debetnota");
}

#[test]
fn every_value_in_the_html_is_escaped() {
    let (mut ledger, id) = ledger_with(DocType::Invoice, "en");
    let customer = ledger.documents[&id].customer_id.clone();
    if let Some(c) = ledger.customers.get_mut(&customer) {
        c.name = "<script>alert(1)</script> & \"Sons\"".into();
    }
    let html = invoice_html(&report(&ledger, id));
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Sons&quot;"), "{html}");
    assert_eq!(escape_html("a<b>'c'&"), "a&lt;b&gt;&#39;c&#39;&amp;");
}

#[test]
fn the_logo_is_inline_in_the_html_and_decoded_for_the_other_writers() {
    let (mut ledger, id) = ledger_with(DocType::Invoice, "en");
    // The 8-byte PNG signature and "IHDR" in base64.
    let url = "data:image/png;base64,iVBORw0KGgpJSERS";
    ledger.settings.logo = Some(url.to_string());
    let r = report(&ledger, id);
    assert!(invoice_html(&r).contains(&format!("<img class=\"logo\" alt=\"Mitt Firma AS\" src=\"{url}\">")));
    let logo = r.logo_image().expect("a logo");
    assert_eq!(logo.mime, "image/png");
    assert_eq!(logo.bytes, b"\x89PNG\r\n\x1a\nIHDR");
    ledger.settings.logo = None;
    let r = report(&ledger, id);
    assert!(r.logo_image().is_none());
    assert!(!invoice_html(&r).contains("<img"));
}

#[test]
fn a_payment_is_refused() {
    let (mut ledger, customer) = ledger_with_customer();
    let invoice = released_invoice(&mut ledger, &customer, "100");
    let payment = new_document(&ok(&mut ledger, Command::SavePayment(payment_draft(&customer, "100", &[(invoice, "100")])))).id;
    let problems = invoice_report(&ledger, payment).expect_err("a payment is no invoice");
    assert_eq!(form_kind(&problems), ProblemKind::NotAllowed);
    assert!(problems[0].message.contains("is not an invoice, credit note or debit note"), "{problems:?}");
    assert_eq!(form_kind(&invoice_report(&ledger, DocId(9999)).expect_err("no such document")), ProblemKind::Unknown);
}

#[test]
fn a_render_job_survives_json() {
    let (ledger, id) = ledger_with(DocType::Invoice, "nb");
    let request = RenderRequest { id: 7, job: RenderJob::Pdf(Box::new(report(&ledger, id))) };
    let json = serde_json::to_string(&request).expect("serialises");
    assert_eq!(serde_json::from_str::<RenderRequest>(&json).expect("deserialises"), request);
}
