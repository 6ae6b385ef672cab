//! Tracking (SPEC R6.1): which documents the Customer details inquiry lists. One
//! function for the window and for `reskontra documents`.

use crate::document::{DocStatus, Document};
use crate::ledger::Ledger;

/// The statuses listed: open documents always; with `include_unreleased` also the
/// recorded ones (On hold, Balanced); with `show_all` also Closed and Voided ones.
pub fn listed_statuses(include_unreleased: bool, show_all: bool) -> Vec<DocStatus> {
    let mut statuses = vec![DocStatus::Open];
    if include_unreleased {
        statuses.extend([DocStatus::OnHold, DocStatus::CreditHold, DocStatus::Balanced]);
    }
    if show_all {
        statuses.extend([DocStatus::Closed, DocStatus::Voided]);
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

/// One line of a customer's activity list (R3.9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub date: chrono::NaiveDate,
    /// "Release", "Status change", "Print", "Email".
    pub kind: &'static str,
    pub summary: String,
    /// The document it concerns, for a link.
    pub document: Option<(crate::document::DocType, String)>,
}

/// Everything that happened to a customer that the ledger records: releases of its
/// documents and its status changes; newest first (same day: releases after status
/// changes, then by document number, newest first).
pub fn customer_activity(ledger: &Ledger, customer: &str) -> Vec<Activity> {
    let mut out: Vec<Activity> = Vec::new();
    if let Some(c) = ledger.customers.get(customer) {
        for (n, change) in c.status_changes.iter().enumerate() {
            out.push(Activity {
                date: change.date,
                kind: "Status change",
                summary: format!("Status changed from {} to {} (#{})", change.from.label(), change.to.label(), n + 1),
                document: None,
            });
        }
    }
    for d in ledger.documents_of(customer) {
        if let Some(released) = d.released_on {
            out.push(Activity {
                date: released,
                kind: "Release",
                summary: format!("{} {} released: {} {}", d.doc_type.label(), d.ref_nbr, d.total, d.currency),
                document: Some((d.doc_type, d.ref_nbr.clone())),
            });
        }
    }
    out.sort_by(|a, b| (b.date, b.kind, &b.summary).cmp(&(a.date, a.kind, &a.summary)));
    out
}
