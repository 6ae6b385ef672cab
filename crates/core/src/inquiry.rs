//! Tracking (SPEC R6.1): which documents the Customer details inquiry lists. One
//! function for the window and for `reskontra documents`.

use crate::document::{DocStatus, Document};
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
