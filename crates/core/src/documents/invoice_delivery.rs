//! Delivering invoices to customers (SPEC R1.3, R4.5): the Pending print and
//! Pending email statuses, marking an invoice printed or emailed, and the invoice as
//! an email message (.eml, RFC 5322) the user opens in a mail program and sends.

use chrono::NaiveDate;

use crate::base::problem::{is_valid_email, Problem, ProblemKind};
use crate::customers::customer::Customer;
use crate::documents::document::{DocId, DocStatus, DocType, Document};
use crate::ledger::{Change, Ledger, Record};
use crate::settings::Settings;

/// The status a recorded document that is not on hold has under the delivery
/// preferences: Pending print while it must still be printed, then Pending email
/// while it must still be emailed, else Balanced. Printing comes first, as in Visma Net.
pub fn ready_status(settings: &Settings, customer: Option<&Customer>, doc: &Document) -> DocStatus {
    let Some(customer) = customer.filter(|_| doc.doc_type.is_delivered()) else {
        return DocStatus::Balanced;
    };
    if settings.require_invoice_printing_before_release && customer.print_email.print_invoices && !doc.printed {
        DocStatus::PendingPrint
    } else if settings.require_invoice_emailing_before_release && customer.print_email.email_invoices && !doc.emailed {
        DocStatus::PendingEmail
    } else {
        DocStatus::Balanced
    }
}

/// Why `doc` may not be released yet under the delivery preferences (they may have
/// been switched on after it was saved), or `None`.
pub fn release_refusal(settings: &Settings, customer: Option<&Customer>, doc: &Document) -> Option<String> {
    let name = format!("{} {}", doc.doc_type.label(), doc.ref_nbr);
    // A Balanced document saved before the preference was switched on is not called
    // pending (its status says otherwise), but is held back all the same.
    let pending = doc.status == ready_status(settings, customer, doc);
    match ready_status(settings, customer, doc) {
        DocStatus::PendingPrint if pending => Some(format!("{name} is pending print: print it before it is released (the customer gets printed invoices)")),
        DocStatus::PendingPrint => Some(format!("{name} must be printed before it is released (the customer gets printed invoices)")),
        DocStatus::PendingEmail if pending => Some(format!("{name} is pending email: email it before it is released (the customer gets invoices by email)")),
        DocStatus::PendingEmail => Some(format!("{name} must be emailed before it is released (the customer gets invoices by email)")),
        _ => None,
    }
}

fn refuse<T>(kind: ProblemKind, message: String) -> Result<T, Vec<Problem>> {
    Err(vec![Problem::form(kind, message)])
}

/// The document and its customer, for printing or emailing: any invoice-like document.
fn deliverable(ledger: &Ledger, id: DocId) -> Result<(&Document, &Customer), Vec<Problem>> {
    let Some(doc) = ledger.documents.get(&id) else {
        return refuse(ProblemKind::Unknown, "The document no longer exists".to_string());
    };
    if !doc.doc_type.is_invoice_like() {
        return refuse(ProblemKind::NotAllowed, format!("A {} is not printed or emailed as an invoice", doc.doc_type.label().to_lowercase()));
    }
    let Some(customer) = ledger.customers.get(&doc.customer_id) else {
        return refuse(ProblemKind::Unknown, format!("Customer {} does not exist", doc.customer_id));
    };
    Ok((doc, customer))
}

/// After printing or emailing: a Pending print or Pending email document moves on to
/// what is left (Pending email, or Balanced); other statuses stay as they are.
pub(crate) fn delivered(ledger: &Ledger, mut doc: Document, customer: &Customer) -> Change {
    if matches!(doc.status, DocStatus::PendingPrint | DocStatus::PendingEmail) {
        doc.status = ready_status(&ledger.settings, Some(customer), &doc);
    }
    Change { puts: vec![Record::Document(doc)], deletes: vec![] }
}

/// *Print* (R4.5): the invoice has been printed.
pub fn mark_printed(ledger: &Ledger, id: DocId, today: chrono::NaiveDate) -> Result<Change, Vec<Problem>> {
    let (doc, customer) = deliverable(ledger, id)?;
    let mut printed = doc.clone();
    printed.printed = true;
    printed.printed_on.push(today);
    Ok(delivered(ledger, printed, customer))
}

/// *Email* (R4.5): the invoice's email message has been made. Refused when no message
/// can be made (no sender or recipient address), so `emailed` never claims otherwise.
pub fn mark_emailed(ledger: &Ledger, id: DocId, today: chrono::NaiveDate) -> Result<Change, Vec<Problem>> {
    let (doc, customer) = deliverable(ledger, id)?;
    addresses(&ledger.settings, doc, customer)?;
    let mut emailed = doc.clone();
    emailed.emailed = true;
    emailed.emailed_on.push(today);
    Ok(delivered(ledger, emailed, customer))
}

/// An email message ready to save as a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailFile {
    pub file_name: String,
    /// The whole message, CRLF line ends (RFC 5322).
    pub text: String,
}

fn addresses<'a>(settings: &'a Settings, doc: &Document, customer: &'a Customer) -> Result<(&'a str, &'a str), Vec<Problem>> {
    let from = settings.company_email.trim();
    let to = customer.email.trim();
    if !is_valid_email(from) {
        return refuse(ProblemKind::Required, "Enter the company's email address in Settings first: invoices are sent from it".to_string());
    }
    if !is_valid_email(to) {
        return refuse(
            ProblemKind::Required,
            format!("Customer {} has no email address to send {} {} to", customer.id, doc.doc_type.label().to_lowercase(), doc.ref_nbr),
        );
    }
    Ok((from, to))
}

/// The invoice `id` as an email message from the company to the customer, dated
/// `today` (the business date). It is marked unsent (`X-Unsent: 1`), so a mail
/// program opens it ready to send.
pub fn invoice_email(ledger: &Ledger, id: DocId, today: NaiveDate) -> Result<EmailFile, Vec<Problem>> {
    let (doc, customer) = deliverable(ledger, id)?;
    let settings = &ledger.settings;
    let (from, to) = addresses(settings, doc, customer)?;
    let units = settings.currency(&doc.currency).map(|c| c.minor_units).unwrap_or(2);
    let numbers = settings.numbers();
    let amount = |a| format!("{} {}", numbers.amount(a, units), doc.currency);
    let name = format!("{} {}", doc.doc_type.label(), doc.ref_nbr);
    let company = settings.company_name.trim();
    let mut body = vec![format!("Dear {},", customer.name), String::new(), format!("{name} of {} from {company}:", doc.date), String::new()];
    for line in &doc.lines {
        body.push(format!("  {:<40} {:>16}", truncate(&line.description, 40), numbers.amount(line.amount, units)));
    }
    body.push(format!("  {:<40} {:>16}", "VAT", numbers.amount(doc.vat_total(), units)));
    body.push(String::new());
    if doc.doc_type == DocType::CreditNote {
        body.push(format!("Amount credited: {}", amount(doc.total)));
    } else {
        body.push(format!("Amount due: {}", amount(doc.total)));
    }
    if let Some(due) = doc.due_date {
        body.push(format!("Due date: {due}"));
    }
    body.extend([String::new(), "Kind regards".to_string(), company.to_string()]);
    let headers = [
        address_header("From", company, from),
        address_header("To", &customer.name, to),
        format!("Subject: {}", header_text(&format!("{name} from {company}"), "Subject: ".len())),
        format!("Date: {}", today.format("%a, %d %b %Y 00:00:00 +0000")),
        "X-Unsent: 1".to_string(),
        "MIME-Version: 1.0".to_string(),
        "Content-Type: text/plain; charset=utf-8".to_string(),
        "Content-Transfer-Encoding: 8bit".to_string(),
    ];
    let mut text = headers.join("\r\n");
    text.push_str("\r\n\r\n");
    text.push_str(&body.join("\r\n"));
    text.push_str("\r\n");
    Ok(EmailFile { file_name: format!("{}.eml", doc.ref_nbr), text })
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        text.chars().take(max - 1).chain(std::iter::once('…')).collect()
    }
}

/// `From: name <address>`, folded before the address when the line would pass 78
/// characters (RFC 5322 2.1.1).
fn address_header(field: &str, name: &str, address: &str) -> String {
    let prefix = format!("{field}: ");
    let name = phrase(name, prefix.len());
    let last_line = name.rsplit("\r\n").next().unwrap_or_default().len() + if name.contains("\r\n") { 0 } else { prefix.len() };
    if last_line + address.len() + 3 > 78 {
        format!("{prefix}{name}\r\n <{address}>")
    } else {
        format!("{prefix}{name} <{address}>")
    }
}

/// A display name for an address header: plain ASCII words as they are, other
/// ASCII as a quoted string, anything else as RFC 2047 encoded words.
fn phrase(text: &str, used: usize) -> String {
    let text = text.trim();
    if !text.is_ascii() {
        return encoded_words(text, used);
    }
    if text.chars().all(|c| c.is_ascii_alphanumeric() || " !#$%&'*+-/=?^_`{|}~".contains(c)) {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Unstructured header text (Subject): ASCII as it is, else encoded words.
fn header_text(text: &str, used: usize) -> String {
    if text.is_ascii() && !text.contains(['\r', '\n']) {
        text.to_string()
    } else {
        encoded_words(&text.replace(['\r', '\n'], " "), used)
    }
}

/// RFC 2047 "Q" encoded words of at most 75 characters each, split between
/// characters (never inside one), separated by folding white space; `used`
/// characters of the first line are taken already, so no line passes 78.
fn encoded_words(text: &str, used: usize) -> String {
    const OPEN: &str = "=?utf-8?Q?";
    const CLOSE: &str = "?=";
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        let mut encoded = String::new();
        if c == ' ' {
            encoded.push('_');
        } else if c.is_ascii_alphanumeric() || "!*+-/".contains(c) {
            encoded.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                encoded.push_str(&format!("={byte:02X}"));
            }
        }
        let room = if words.is_empty() { 75.min(78usize.saturating_sub(used)) } else { 75 };
        if OPEN.len() + current.len() + encoded.len() + CLOSE.len() > room && !current.is_empty() {
            words.push(format!("{OPEN}{current}{CLOSE}"));
            current.clear();
        }
        current.push_str(&encoded);
    }
    words.push(format!("{OPEN}{current}{CLOSE}"));
    words.join("\r\n ")
}

/// The documents Send invoices lists (R11.1, seed 000): invoice-like documents of
/// customers who want them printed (`print`) or emailed, not yet printed / emailed,
/// released or waiting for this before release (Pending print / Pending email); by
/// customer, then date and number.
pub fn documents_to_deliver(ledger: &Ledger, print: bool) -> Vec<&Document> {
    let mut docs: Vec<&Document> = ledger
        .documents
        .values()
        .filter(|d| d.doc_type.is_invoice_like())
        .filter(|d| if print { !d.printed } else { !d.emailed })
        .filter(|d| {
            matches!(d.status, DocStatus::Open | DocStatus::Closed)
                || (print && d.status == DocStatus::PendingPrint)
                || (!print && d.status == DocStatus::PendingEmail)
        })
        .filter(|d| ledger.customers.get(&d.customer_id).is_some_and(|c| if print { c.print_email.print_invoices } else { c.print_email.email_invoices }))
        .collect();
    docs.sort_by(|a, b| (&a.customer_id, a.date, &a.ref_nbr, a.id).cmp(&(&b.customer_id, b.date, &b.ref_nbr, b.id)));
    docs
}
