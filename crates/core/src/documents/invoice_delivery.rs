//! Delivering invoices to customers (SPEC R1.3, R4.5, R11): the Pending print and
//! Pending email statuses, marking invoices printed or emailed, and the documents
//! Send invoices lists. The email itself is made by `mailings` (the INVOICE mailing).

use crate::base::problem::{is_valid_email, Problem, ProblemKind};
use crate::customers::customer::Customer;
use crate::documents::document::{DocId, DocStatus, Document};
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

/// *Print* for several documents at once (Send invoices, R11.5): one change.
pub fn mark_printed_many(ledger: &Ledger, ids: &[DocId], today: chrono::NaiveDate) -> Result<Change, Vec<Problem>> {
    let mut change = Change::default();
    for id in ids {
        change.merge(mark_printed(ledger, *id, today)?);
    }
    Ok(change)
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
