//! Tracking (SPEC R6.1): which documents the Customer details inquiry lists. One
//! function for the window and for `reskontra documents`.

use crate::documents::document::{DocStatus, Document};
use crate::ledger::Ledger;

/// The statuses listed: open documents always; with `include_unreleased` also the
/// recorded ones (On hold, Credit hold, Pending print/email, Balanced); with `show_all` also Closed and Voided ones.
pub fn listed_statuses(include_unreleased: bool, show_all: bool) -> Vec<DocStatus> {
    let mut statuses = vec![DocStatus::Open];
    if include_unreleased {
        statuses.extend([DocStatus::OnHold, DocStatus::CreditHold, DocStatus::PendingPrint, DocStatus::PendingEmail, DocStatus::Balanced]);
    }
    if show_all {
        statuses.extend([DocStatus::Closed, DocStatus::Voided]);
    }
    // Every document: the schedules' templates too (R7.2), which are neither
    // released nor waiting for release.
    if include_unreleased && show_all {
        statuses.push(DocStatus::Scheduled);
    }
    statuses
}

/// The documents of `customer` (or of every customer) with a listed status, by date,
/// then type, then number.
pub fn customer_documents<'a>(ledger: &'a Ledger, customer: Option<&str>, include_unreleased: bool, show_all: bool) -> Vec<&'a Document> {
    let statuses = listed_statuses(include_unreleased, show_all);
    let mut docs: Vec<&Document> = ledger.documents.values().filter(|d| statuses.contains(&d.status) && customer.is_none_or(|c| d.customer_id == c)).collect();
    docs.sort_by(|a, b| (a.date, a.doc_type.label(), &a.ref_nbr, a.id).cmp(&(b.date, b.doc_type.label(), &b.ref_nbr, b.id)));
    docs
}

/// One line of a customer's or a document's activity list (R3.9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub date: chrono::NaiveDate,
    /// "Release", "Status change", "Print", "Email".
    pub kind: &'static str,
    pub summary: String,
    /// The document it concerns, for a link.
    pub document: Option<(crate::documents::document::DocType, String)>,
    /// The queued email it is, for a link to it.
    pub email: Option<crate::mailings::EmailId>,
}

/// Newest first; on the same day releases after status changes, then by summary.
fn newest_first(out: &mut [Activity]) {
    out.sort_by(|a, b| (b.date, b.kind, &b.summary).cmp(&(a.date, a.kind, &a.summary)));
}

/// Everything that happened to a customer that the ledger records: prints, emails
/// and releases of its documents, its queued emails and their status, and its status
/// changes; newest first.
pub fn customer_activity(ledger: &Ledger, customer: &str) -> Vec<Activity> {
    let mut out: Vec<Activity> = Vec::new();
    if let Some(c) = ledger.customers.get(customer) {
        for (n, change) in c.status_changes.iter().enumerate() {
            out.push(Activity {
                date: change.date,
                kind: "Status change",
                summary: format!("Status changed from {} to {} (#{})", change.from.label(), change.to.label(), n + 1),
                document: None,
                email: None,
            });
        }
    }
    for d in ledger.documents_of(customer) {
        out.extend(delivery_activity(d));
    }
    out.extend(email_activity(ledger, |e| e.customer_id == customer));
    newest_first(&mut out);
    out
}

/// The activity of one document (R3.9, R12.5): its prints, emails, marks as not to be
/// printed or emailed, its release, and the queued emails made for it; newest first.
pub fn document_activity(ledger: &Ledger, id: crate::documents::document::DocId) -> Vec<Activity> {
    let mut out: Vec<Activity> = ledger.documents.get(&id).map(delivery_activity).unwrap_or_default();
    out.extend(email_activity(ledger, |e| e.document == Some(id)));
    newest_first(&mut out);
    out
}

/// A document's prints, emails, skips and release.
fn delivery_activity(d: &Document) -> Vec<Activity> {
    let mut out = Vec::new();
    let done = [("Print", &d.printed_on, "printed"), ("Email", &d.emailed_on, "emailed")];
    let skipped = [("Print", &d.skipped_print_on, "marked as not to be printed"), ("Email", &d.skipped_email_on, "marked as not to be emailed")];
    for (kind, dates, what) in done.into_iter().chain(skipped) {
        for date in dates {
            out.push(Activity {
                date: *date,
                kind,
                summary: format!("{} {} {what}", d.doc_type.label(), d.ref_nbr),
                document: Some((d.doc_type, d.ref_nbr.clone())),
                email: None,
            });
        }
    }
    if let Some(released) = d.released_on {
        out.push(Activity {
            date: released,
            kind: "Release",
            summary: format!("{} {} released: {} {}", d.doc_type.label(), d.ref_nbr, d.total, d.currency),
            document: Some((d.doc_type, d.ref_nbr.clone())),
            email: None,
        });
    }
    out
}

/// One line per queued email that `keep` keeps (R12.5): "Email 7 to kari@example.no:
/// Invoice INV000001 — Sent 2026-12-02 10:00 (id r-1)", dated when it last changed
/// (sent, failed, exported, sending) or else when it was prepared, linked to the email
/// and its document.
fn email_activity<'a>(ledger: &'a Ledger, keep: impl Fn(&crate::mailings::Email) -> bool + 'a) -> impl Iterator<Item = Activity> + 'a {
    use crate::mailings::EmailStatus;
    ledger.emails.values().filter(move |e| keep(e)).map(move |e| {
        let date = match &e.status {
            EmailStatus::Pending => e.prepared_on,
            EmailStatus::Sending { since: at } | EmailStatus::Sent { at, .. } | EmailStatus::Failed { at, .. } | EmailStatus::Exported { at } => at.date(),
        };
        let to = e.to.first().or_else(|| e.recipients().next()).map(|m| m.address.as_str()).unwrap_or("no recipient");
        let status = match e.status.detail() {
            detail if detail.is_empty() => e.status.label().to_string(),
            detail => format!("{} {detail}", e.status.label()),
        };
        Activity {
            date,
            kind: "Email",
            summary: format!("Email {} to {to}: {} — {status}", e.id, e.subject),
            document: e.document.and_then(|d| ledger.documents.get(&d)).map(|d| (d.doc_type, d.ref_nbr.clone())),
            email: Some(e.id),
        }
    })
}

/// R6.2 *Unreleased documents*: every recorded document (On hold, Credit hold,
/// Pending print/email, Balanced), of `doc_type` or of every type, by type, then
/// date, then number.
pub fn unreleased_documents(ledger: &Ledger, doc_type: Option<crate::documents::document::DocType>) -> Vec<&Document> {
    let mut docs: Vec<&Document> = ledger.documents.values().filter(|d| d.is_recorded() && doc_type.is_none_or(|t| d.doc_type == t)).collect();
    docs.sort_by(|a, b| (a.doc_type, a.date, &a.ref_nbr, a.id).cmp(&(b.doc_type, b.date, &b.ref_nbr, b.id)));
    docs
}

/// Which date the period of *Open documents* is about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PeriodOf {
    /// The document date (the financial period).
    #[default]
    DocumentDate,
    /// The due date; documents without one (payments, credit notes) are left out
    /// when a period is given.
    DueDate,
}

/// The filter of *Open documents*: a period (either end open), and one customer or all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenFilter {
    pub period_of: PeriodOf,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    pub customer: Option<String>,
}

/// R6.2 *Open documents*: released documents with a balance left (status Open), in
/// the period and of the customer of `filter`, by customer, then date, then number.
pub fn open_documents<'a>(ledger: &'a Ledger, filter: &OpenFilter) -> Vec<&'a Document> {
    let in_period = |d: &Document| {
        let day = match filter.period_of {
            PeriodOf::DocumentDate => Some(d.date),
            PeriodOf::DueDate => d.due_date,
        };
        match day {
            Some(day) => filter.from.is_none_or(|f| day >= f) && filter.to.is_none_or(|t| day <= t),
            None => filter.from.is_none() && filter.to.is_none(),
        }
    };
    let mut docs: Vec<&Document> = ledger
        .documents
        .values()
        .filter(|d| d.status == DocStatus::Open && !d.balance.is_zero())
        .filter(|d| filter.customer.as_deref().is_none_or(|c| d.customer_id == c))
        .filter(|d| in_period(d))
        .collect();
    docs.sort_by(|a, b| (&a.customer_id, a.date, &a.ref_nbr, a.id).cmp(&(&b.customer_id, b.date, &b.ref_nbr, b.id)));
    docs
}

/// Documents as CSV (header `type,reference,customer,customer name,date,due date,
/// status,currency,total,balance,base balance`): amounts signed as they count on the
/// customer's balance (credits negative), in the document's currency and, for the
/// last column, in base currency at the document's rate (written by
/// [`crate::reports::csv::write_csv`]).
pub fn documents_csv(ledger: &Ledger, docs: &[&Document]) -> String {
    use crate::reports::rows::{document_rows, LIST_COLUMNS};
    crate::reports::csv::write_csv(&LIST_COLUMNS, document_rows(ledger, docs).iter().map(|r| r.list_fields()))
}

pub use crate::reports::rows::signed;

/// The total in base currency of `docs`' balances, signed as in [`documents_csv`].
pub fn base_balance_total(ledger: &Ledger, docs: &[&Document]) -> rust_decimal::Decimal {
    docs.iter().map(|d| signed(d) * d.base_balance(&ledger.settings)).sum()
}
