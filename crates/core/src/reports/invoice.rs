//! Invoices, credit notes and debit notes as report attachments (SPEC R10.4, R10.5):
//! [`invoice_report`] gathers everything the paper invoice shows, already formatted
//! in the ledger's number format and with its labels in the document language (the
//! customer's), and [`invoice_html`] lays it out as a standalone HTML page. The PDF
//! and Excel writers (crate `reskontra-render`, run in a Web Worker in the browser)
//! take the same [`InvoiceReport`], so the three formats show the same figures.
//!
//! [`RenderJob`] and [`RenderRequest`] are what the app posts to that worker.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::base::number::NumberFormat;
use crate::base::problem::{Problem, ProblemKind};
use crate::customers::address::Address;
use crate::documents::document::{DocId, DocType};
use crate::ledger::Ledger;

/// The document languages that have label tables; any other falls back to the
/// ledger's default language, then to English.
pub const REPORT_LANGUAGES: [&str; 3] = ["nb", "en", "sv"];

/// The words printed on an invoice, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels {
    pub date: String,
    pub due_date: String,
    pub customer: String,
    pub customer_no: String,
    pub org_no: String,
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub discount: String,
    pub vat: String,
    pub amount: String,
    pub lines_total: String,
    pub total: String,
    pub amount_due: String,
    pub amount_credited: String,
    pub balance: String,
    pub currency: String,
    pub reference: String,
    pub payment_terms: String,
    pub draft: String,
    pub page: String,
}

/// A party on the invoice: the company that sends it or the customer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportParty {
    pub name: String,
    /// Street lines, postcode and city, country; empty lines left out.
    pub address_lines: Vec<String>,
    pub email: String,
    /// The company's organisation (VAT) number; empty for the customer.
    pub org_no: String,
}

/// One invoice line: the shown text and, for the spreadsheet, the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLine {
    pub description: String,
    pub quantity: String,
    pub quantity_value: Decimal,
    pub unit_price: String,
    pub unit_price_value: Decimal,
    /// "10 %", or empty without a discount.
    pub discount: String,
    pub vat_category: String,
    pub amount: String,
    pub amount_value: Decimal,
}

/// VAT of one rate: "VAT 25 % of 1,000.00" and the VAT amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportVat {
    pub label: String,
    pub rate_pct: Decimal,
    pub taxable: String,
    pub taxable_value: Decimal,
    pub vat: String,
    pub vat_value: Decimal,
}

/// A figure of the totals block: shown text and value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportAmount {
    pub text: String,
    pub value: Decimal,
}

/// Everything the paper invoice shows, formatted (R10.4): what the HTML, PDF and
/// Excel writers lay out, without looking anything up themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceReport {
    pub doc_type: DocType,
    /// The document language, one of [`REPORT_LANGUAGES`].
    pub language: String,
    pub labels: Labels,
    /// "Invoice", "Kreditnota", …
    pub title: String,
    /// "Invoice no.", "Kreditnotanr.", …
    pub number_label: String,
    pub ref_nbr: String,
    pub date: String,
    pub due_date: Option<String>,
    /// On hold: printed with "Draft – not final".
    pub draft: bool,
    pub currency: String,
    /// Decimals of the currency, for the spreadsheet's number format.
    pub minor_units: u32,
    /// The document's description ("Reference").
    pub reference: String,
    pub company: ReportParty,
    /// The company logo as stored: a `data:image/...;base64,` URL.
    pub logo: Option<String>,
    pub customer_id: String,
    pub customer: ReportParty,
    pub lines: Vec<ReportLine>,
    pub vat: Vec<ReportVat>,
    pub lines_total: ReportAmount,
    pub vat_total: ReportAmount,
    pub total: ReportAmount,
    /// What is still open on the document (its total until it is released).
    pub balance: ReportAmount,
    /// "Amount due" or, on a credit note, "Amount credited".
    pub amount_due_label: String,
    /// The customer's payment terms ("30 days net"); empty when unknown.
    pub payment_terms: String,
    /// "Please pay … by …, marked …."; empty without a due date.
    pub payment_text: String,
}

/// An image decoded from the logo's data URL, for the PDF and Excel writers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoImage {
    /// "image/png", "image/jpeg" or "image/svg+xml".
    pub mime: String,
    pub bytes: Vec<u8>,
}

impl InvoiceReport {
    /// The logo's bytes and type, or `None` without a logo (or with one that is not a
    /// base64 data URL: the logo is checked when saved, so that means damaged data).
    pub fn logo_image(&self) -> Option<LogoImage> {
        let url = self.logo.as_deref()?;
        let (head, payload) = url.strip_prefix("data:")?.split_once(',')?;
        let mime = head.strip_suffix(";base64")?;
        let bytes = crate::settings::decode_base64(payload)?;
        Some(LogoImage { mime: mime.to_string(), bytes })
    }

    /// Every text the report prints, for a writer that must know which characters
    /// it needs fonts for.
    pub fn texts(&self) -> Vec<&str> {
        let mut texts: Vec<&str> = vec![&self.title, &self.number_label, &self.ref_nbr, &self.date, &self.currency, &self.reference, &self.customer_id];
        texts.extend(self.due_date.as_deref());
        for party in [&self.company, &self.customer] {
            texts.extend([party.name.as_str(), party.email.as_str(), party.org_no.as_str()]);
            texts.extend(party.address_lines.iter().map(String::as_str));
        }
        for line in &self.lines {
            texts.extend([
                line.description.as_str(),
                line.quantity.as_str(),
                line.unit_price.as_str(),
                line.discount.as_str(),
                line.vat_category.as_str(),
                line.amount.as_str(),
            ]);
        }
        texts.extend(self.vat.iter().flat_map(|v| [v.label.as_str(), v.vat.as_str()]));
        texts.extend([self.lines_total.text.as_str(), self.vat_total.text.as_str(), self.total.text.as_str(), self.balance.text.as_str()]);
        texts.extend([self.amount_due_label.as_str(), self.payment_terms.as_str(), self.payment_text.as_str()]);
        let l = &self.labels;
        texts.extend(
            [&l.date, &l.due_date, &l.customer, &l.customer_no, &l.org_no, &l.description, &l.quantity, &l.unit_price, &l.discount].map(String::as_str),
        );
        texts.extend(
            [&l.vat, &l.amount, &l.lines_total, &l.total, &l.amount_due, &l.amount_credited, &l.balance, &l.currency, &l.reference].map(String::as_str),
        );
        texts.extend([&l.payment_terms, &l.draft, &l.page].map(String::as_str));
        texts
    }
}

/// A job for the render worker (the PDF and Excel writers live in a second wasm
/// binary, so the app's own bundle does not carry them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RenderJob {
    /// The invoice as PDF bytes.
    Pdf(Box<InvoiceReport>),
    /// The invoice as an Excel workbook (.xlsx bytes).
    Xlsx(Box<InvoiceReport>),
    /// A user's HTML email body made safe: the answer is the cleaned HTML as UTF-8.
    Sanitize(String),
    /// A queued email as its RFC 5322 message (`.eml` bytes): mail-builder is linked
    /// by the worker only (`mailings::message::build_message`).
    Message(Box<crate::mailings::Email>),
    /// Queued emails as one stored `.zip` of their `.eml` files (R12.3).
    Archive(Vec<crate::mailings::Email>),
    /// An ageing report, statement or dunning letter (`reports::table`) as PDF bytes.
    TablePdf(Box<crate::reports::table::TableReport>),
    /// The same as an Excel workbook (.xlsx bytes).
    TableXlsx(Box<crate::reports::table::TableReport>),
}

/// A job with the number its answer carries back (as JSON from the app to the worker).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderRequest {
    pub id: u32,
    pub job: RenderJob,
}

/// The language an invoice to a customer of language `code` is written in.
pub fn report_language(ledger: &Ledger, code: &str) -> &'static str {
    let supported = |code: &str| REPORT_LANGUAGES.into_iter().find(|l| l.eq_ignore_ascii_case(code.trim()));
    supported(code).or_else(|| ledger.settings.languages.iter().filter(|l| l.is_default).find_map(|l| supported(&l.code))).unwrap_or("en")
}

/// The labels of `language` (one of [`REPORT_LANGUAGES`]; English for any other).
pub fn labels(language: &str) -> Labels {
    let row: [&str; 21] = match language {
        "nb" => [
            "Dato",
            "Forfallsdato",
            "Kunde",
            "Kundenr.",
            "Org.nr.",
            "Beskrivelse",
            "Antall",
            "Enhetspris",
            "Rabatt",
            "MVA",
            "Beløp",
            "Sum eks. MVA",
            "Totalt",
            "Å betale",
            "Kreditert beløp",
            "Saldo",
            "Valuta",
            "Referanse",
            "Betalingsbetingelser",
            "Utkast – ikke endelig",
            "Side",
        ],
        "sv" => [
            "Datum",
            "Förfallodatum",
            "Kund",
            "Kundnr",
            "Org.nr",
            "Beskrivning",
            "Antal",
            "À-pris",
            "Rabatt",
            "Moms",
            "Belopp",
            "Summa exkl. moms",
            "Totalt",
            "Att betala",
            "Krediterat belopp",
            "Saldo",
            "Valuta",
            "Referens",
            "Betalningsvillkor",
            "Utkast – inte slutgiltig",
            "Sida",
        ],
        _ => [
            "Date",
            "Due date",
            "Customer",
            "Customer no.",
            "Org. no.",
            "Description",
            "Quantity",
            "Unit price",
            "Discount",
            "VAT",
            "Amount",
            "Total excl. VAT",
            "Total",
            "Amount due",
            "Amount credited",
            "Balance",
            "Currency",
            "Reference",
            "Payment terms",
            "Draft – not final",
            "Page",
        ],
    };
    let [date, due_date, customer, customer_no, org_no, description, quantity, unit_price, discount, vat, amount, lines_total, total, amount_due, amount_credited, balance, currency, reference, payment_terms, draft, page] =
        row.map(String::from);
    Labels {
        date,
        due_date,
        customer,
        customer_no,
        org_no,
        description,
        quantity,
        unit_price,
        discount,
        vat,
        amount,
        lines_total,
        total,
        amount_due,
        amount_credited,
        balance,
        currency,
        reference,
        payment_terms,
        draft,
        page,
    }
}

/// The title and the number's label of a document type in `language`.
pub fn title_of(doc_type: DocType, language: &str) -> (&'static str, &'static str) {
    match (language, doc_type) {
        ("nb", DocType::CreditNote) => ("Kreditnota", "Kreditnotanr."),
        ("nb", DocType::DebitNote) => ("Debetnota", "Debetnotanr."),
        ("nb", DocType::CashSale) => ("Kontantsalg", "Kvitteringsnr."),
        ("nb", DocType::CashReturn) => ("Kontantretur", "Kvitteringsnr."),
        ("nb", _) => ("Faktura", "Fakturanr."),
        ("sv", DocType::CreditNote) => ("Kreditfaktura", "Kreditfakturanr"),
        ("sv", DocType::DebitNote) => ("Debetnota", "Debetnotanr"),
        ("sv", DocType::CashSale) => ("Kontantförsäljning", "Kvittonr"),
        ("sv", DocType::CashReturn) => ("Kontantretur", "Kvittonr"),
        ("sv", _) => ("Faktura", "Fakturanr"),
        (_, DocType::CreditNote) => ("Credit note", "Credit note no."),
        (_, DocType::DebitNote) => ("Debit note", "Debit note no."),
        (_, DocType::CashSale) => ("Cash sale", "Receipt no."),
        (_, DocType::CashReturn) => ("Cash return", "Receipt no."),
        (_, _) => ("Invoice", "Invoice no."),
    }
}

/// A date as the document language writes it: 31.01.2026 in Norwegian, 2026-01-31
/// (ISO 8601) in Swedish and English.
pub fn report_date(date: NaiveDate, language: &str) -> String {
    match language {
        "nb" => date.format("%d.%m.%Y").to_string(),
        _ => date.format("%Y-%m-%d").to_string(),
    }
}

fn vat_label(language: &str, rate: &str, taxable: &str) -> String {
    match language {
        "nb" => format!("MVA {rate} % av {taxable}"),
        "sv" => format!("Moms {rate} % av {taxable}"),
        _ => format!("VAT {rate} % of {taxable}"),
    }
}

fn payment_sentence(language: &str, amount: &str, currency: &str, due: &str, reference: &str) -> String {
    match language {
        "nb" => format!("Vennligst betal {amount} {currency} innen {due}, merket {reference}."),
        "sv" => format!("Vänligen betala {amount} {currency} senast {due}, märkt {reference}."),
        _ => format!("Please pay {amount} {currency} by {due}, marked {reference}."),
    }
}

/// Street lines, "postcode city" and country, leaving out empty ones.
pub fn address_lines(address: &Address) -> Vec<String> {
    let city = [address.postcode.trim(), address.city.trim()].into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ");
    [address.line1.trim(), address.line2.trim(), address.line3.trim(), city.as_str(), address.country.trim()]
        .into_iter()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

fn refuse<T>(kind: ProblemKind, message: String) -> Result<T, Vec<Problem>> {
    Err(vec![Problem::form(kind, message)])
}

/// The invoice, credit note or debit note `id` as a report (R10.4): company and
/// customer, lines, VAT per rate, totals, the open balance, due date and terms, in the
/// customer's language and the ledger's number format. Refused for a document that is
/// not invoice-like (a payment has no lines to print) or whose customer is gone.
pub fn invoice_report(ledger: &Ledger, id: DocId) -> Result<InvoiceReport, Vec<Problem>> {
    let Some(doc) = ledger.documents.get(&id) else {
        return refuse(ProblemKind::Unknown, "The document no longer exists".to_string());
    };
    if !doc.doc_type.is_invoice_like() {
        return refuse(
            ProblemKind::NotAllowed,
            format!("{} {} is not an invoice, credit note or debit note: it has no invoice to print", doc.doc_type.label(), doc.ref_nbr),
        );
    }
    let Some(customer) = ledger.customers.get(&doc.customer_id) else {
        return refuse(ProblemKind::Unknown, format!("Customer {} does not exist", doc.customer_id));
    };
    let settings = &ledger.settings;
    let language = report_language(ledger, &customer.language);
    let numbers: NumberFormat = settings.numbers();
    let units = settings.currency(&doc.currency).map_or_else(|| settings.base().minor_units, |c| c.minor_units);
    let money = |value: Decimal| ReportAmount { text: numbers.amount(value, units), value };
    let lines = doc
        .lines
        .iter()
        .map(|l| ReportLine {
            description: l.description.clone(),
            quantity: numbers.decimal(l.quantity.normalize()),
            quantity_value: l.quantity,
            unit_price: numbers.amount(l.unit_price, units),
            unit_price_value: l.unit_price,
            discount: if l.discount_pct.is_zero() { String::new() } else { format!("{} %", numbers.decimal(l.discount_pct.normalize())) },
            vat_category: l.vat_category.clone(),
            amount: numbers.amount(l.amount, units),
            amount_value: l.amount,
        })
        .collect();
    let vat = doc
        .vat_lines
        .iter()
        .map(|v| ReportVat {
            label: vat_label(language, &numbers.decimal(v.rate_pct.normalize()), &numbers.amount(v.taxable, units)),
            rate_pct: v.rate_pct,
            taxable: numbers.amount(v.taxable, units),
            taxable_value: v.taxable,
            vat: numbers.amount(v.vat, units),
            vat_value: v.vat,
        })
        .collect();
    let labels = labels(language);
    let (title, number_label) = title_of(doc.doc_type, language);
    let due_date = doc.due_date.map(|d| report_date(d, language));
    let balance = money(doc.balance);
    let payment_text = match (&due_date, doc.doc_type) {
        (Some(due), DocType::Invoice | DocType::DebitNote) => payment_sentence(language, &balance.text, &doc.currency, due, &doc.ref_nbr),
        _ => String::new(),
    };
    let amount_due_label = if doc.doc_type == DocType::CreditNote { labels.amount_credited.clone() } else { labels.amount_due.clone() };
    Ok(InvoiceReport {
        doc_type: doc.doc_type,
        language: language.to_string(),
        title: title.to_string(),
        number_label: number_label.to_string(),
        ref_nbr: doc.ref_nbr.clone(),
        date: report_date(doc.date, language),
        due_date,
        draft: doc.status.is_held(),
        currency: doc.currency.clone(),
        minor_units: units,
        reference: doc.description.clone(),
        company: ReportParty {
            name: settings.company_name.clone(),
            address_lines: address_lines(&settings.company_address),
            email: settings.company_email.clone(),
            org_no: settings.vat_number.clone(),
        },
        logo: settings.logo.clone(),
        customer_id: customer.id.clone(),
        customer: ReportParty {
            name: customer.name.clone(),
            address_lines: address_lines(&customer.address),
            email: customer.email.clone(),
            org_no: String::new(),
        },
        lines,
        vat,
        lines_total: money(doc.lines_total()),
        vat_total: money(doc.vat_total()),
        total: money(doc.total),
        balance,
        amount_due_label,
        payment_terms: settings.terms_by_id(&customer.terms_id).map(|t| t.description.clone()).unwrap_or_default(),
        payment_text,
        labels,
    })
}

/// `text` safe inside HTML text and quoted attribute values: the one escape, shared
/// with the templates.
pub use crate::mailings::template::escape_html;

const INVOICE_CSS: &str = "@page{size:A4;margin:18mm}\
body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;font-size:10pt;color:#111;margin:0 auto;max-width:180mm}\
header{display:flex;justify-content:space-between;align-items:flex-start;gap:12mm;margin-bottom:10mm}\
.logo{max-height:22mm;max-width:60mm;display:block;margin-bottom:3mm}\
.company-name{font-weight:bold;font-size:12pt}\
h1{font-size:20pt;margin:0;text-align:right}\
.draft{color:#a40000;font-weight:bold;text-align:right}\
.parties{display:flex;justify-content:space-between;gap:12mm;margin-bottom:8mm}\
.label{color:#555;font-size:8pt;text-transform:uppercase;letter-spacing:.04em}\
.customer-name{font-weight:bold;font-size:11pt}\
dl{display:grid;grid-template-columns:auto auto;gap:1mm 5mm;margin:0}\
dt{color:#555}dd{margin:0;text-align:right}\
table{width:100%;border-collapse:collapse}\
th{text-align:left;border-bottom:1px solid #111;padding:1.5mm 1mm;font-size:9pt}\
td{padding:1.5mm 1mm;border-bottom:1px solid #ddd;vertical-align:top}\
.num{text-align:right;white-space:nowrap}\
.totals{width:auto;margin-left:auto;margin-top:5mm}\
.totals td{border:none;padding:1mm 0 1mm 10mm}\
.total td{font-weight:bold;border-top:1px solid #111}\
.due td{font-weight:bold;font-size:12pt}\
.terms{margin-top:8mm}";

fn html_party(out: &mut Vec<String>, party: &ReportParty, name_class: &str) {
    out.push(format!("<div class=\"{name_class}\">{}</div>", escape_html(&party.name)));
    out.extend(party.address_lines.iter().map(|l| format!("<div>{}</div>", escape_html(l))));
    if !party.email.is_empty() {
        out.push(format!("<div>{}</div>", escape_html(&party.email)));
    }
}

/// The report as a standalone HTML document (R10.4): inline CSS laid out for A4, the
/// logo inline as its data URL, every value escaped.
pub fn invoice_html(report: &InvoiceReport) -> String {
    let e = escape_html;
    let l = &report.labels;
    let mut out = vec![
        format!("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">", e(&report.language)),
        format!("<title>{} {}</title>", e(&report.title), e(&report.ref_nbr)),
        format!("<style>{INVOICE_CSS}</style>\n</head>\n<body>\n<header>\n<div class=\"company\">"),
    ];
    if let Some(logo) = report.logo.as_deref().filter(|url| url.starts_with("data:image/")) {
        out.push(format!("<img class=\"logo\" alt=\"{}\" src=\"{}\">", e(&report.company.name), e(logo)));
    }
    html_party(&mut out, &report.company, "company-name");
    if !report.company.org_no.is_empty() {
        out.push(format!("<div>{} {}</div>", e(&l.org_no), e(&report.company.org_no)));
    }
    out.push(format!("</div>\n<div><h1>{}</h1>", e(&report.title)));
    if report.draft {
        out.push(format!("<div class=\"draft\">{}</div>", e(&l.draft)));
    }
    out.push("</div>\n</header>\n<section class=\"parties\">\n<div class=\"customer\">".to_string());
    out.push(format!("<div class=\"label\">{}</div>", e(&l.customer)));
    html_party(&mut out, &report.customer, "customer-name");
    out.push(format!("<div>{} {}</div>\n</div>\n<dl>", e(&l.customer_no), e(&report.customer_id)));
    let mut fact = |label: &str, value: &str| out.push(format!("<dt>{}</dt><dd>{}</dd>", e(label), e(value)));
    fact(&report.number_label, &report.ref_nbr);
    fact(&l.date, &report.date);
    if let Some(due) = &report.due_date {
        fact(&l.due_date, due);
    }
    fact(&l.currency, &report.currency);
    if !report.reference.is_empty() {
        fact(&l.reference, &report.reference);
    }
    if !report.payment_terms.is_empty() {
        fact(&l.payment_terms, &report.payment_terms);
    }
    out.push("</dl>\n</section>\n<table class=\"lines\">\n<thead><tr>".to_string());
    let heads = [
        (&l.description, ""),
        (&l.quantity, " class=\"num\""),
        (&l.unit_price, " class=\"num\""),
        (&l.discount, " class=\"num\""),
        (&l.vat, ""),
        (&l.amount, " class=\"num\""),
    ];
    out.push(heads.iter().map(|(h, class)| format!("<th{class}>{}</th>", e(h))).collect::<String>());
    out.push("</tr></thead>\n<tbody>".to_string());
    for line in &report.lines {
        out.push(format!(
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            e(&line.description),
            e(&line.quantity),
            e(&line.unit_price),
            e(&line.discount),
            e(&line.vat_category),
            e(&line.amount)
        ));
    }
    out.push("</tbody>\n</table>\n<table class=\"totals\">\n<tbody>".to_string());
    let mut row = |class: &str, label: &str, value: &str| out.push(format!("<tr{class}><td>{}</td><td class=\"num\">{}</td></tr>", e(label), e(value)));
    row("", &l.lines_total, &report.lines_total.text);
    for vat in &report.vat {
        row("", &vat.label, &vat.vat);
    }
    row(" class=\"total\"", &format!("{} {}", l.total, report.currency), &report.total.text);
    row(" class=\"due\"", &format!("{} {}", report.amount_due_label, report.currency), &report.balance.text);
    out.push("</tbody>\n</table>".to_string());
    if !report.payment_text.is_empty() {
        out.push(format!("<p class=\"terms\">{}</p>", e(&report.payment_text)));
    }
    out.push("</body>\n</html>\n".to_string());
    out.join("\n")
}
