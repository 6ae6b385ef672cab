//! What a credit or a refund may be applied to (SPEC R4.9, R4.10, R3.7): one rule for
//! the list a window offers ([`application_targets`]), the check a save or an *Apply*
//! makes (`entry::check_applications` calls [`target_problem`]) and the ledger
//! invariant, so the three cannot disagree.
//!
//! The rule: a payment, prepayment or credit note (or a balance write-off) goes to
//! open invoices, debit notes and overdue charges; a refund (or a credit write-off)
//! goes to open payments, prepayments and credit notes. The target is in the credit's
//! currency and belongs to the credit's customer, or, for debit targets, to a child
//! of it with *Consolidate balance* (seed 002: "You can apply the payments and credit
//! notes of the parent account to the documents of this child account"). A child of
//! such a child that consolidates too counts as well, as in the consolidated balance.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use crate::documents::document::{DocStatus, DocType, Document};
use crate::ledger::Ledger;

/// The credit (or refund) being applied, as far as the choice of targets goes. A
/// window with a new, unsaved payment builds it from the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApplicationSource<'a> {
    pub doc_type: DocType,
    pub customer_id: &'a str,
    /// `None` while the currency is unknown (not chosen, or not in the table): then
    /// documents of any currency fit, and the currency itself is the problem shown.
    pub currency: Option<&'a str>,
}

impl<'a> ApplicationSource<'a> {
    /// The source a stored document is.
    pub fn of(doc: &'a Document) -> Self {
        ApplicationSource { doc_type: doc.doc_type, customer_id: &doc.customer_id, currency: Some(&doc.currency) }
    }
}

/// Why a document is not a target of a source, in the order they are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetProblem {
    /// Credits go to invoices, debit notes and overdue charges; refunds to payments,
    /// prepayments and credit notes; other documents are not applied at all.
    WrongKind,
    /// Another customer's, and not a child with *Consolidate balance* of the source's.
    OtherCustomer,
    /// Not Open (not yet released, or Closed or Voided).
    NotOpen(DocStatus),
    /// In another currency than the source.
    OtherCurrency,
}

/// Whether a document of `target_type` is of the kind a `source_type` is applied to.
pub fn kind_fits(source_type: DocType, target_type: DocType) -> bool {
    if !source_type.has_applications() {
        false
    } else if source_type.applies_to_credits() {
        target_type.is_applicable_credit()
    } else {
        target_type.is_debit()
    }
}

/// Whether a credit of `source_customer` may settle documents of `target_customer`:
/// the same customer, or a child of it with *Consolidate balance*, or a consolidating
/// child of such a child. Refunds stay with their own customer's credits.
pub fn customer_fits(ledger: &Ledger, source_type: DocType, source_customer: &str, target_customer: &str) -> bool {
    if source_customer == target_customer {
        true
    } else if source_type.applies_to_credits() {
        false
    } else {
        customers_settling(ledger, target_customer).iter().any(|c| c == source_customer)
    }
}

/// Why `target` may not be applied to from `source`, or `None` when it may.
pub fn target_problem(ledger: &Ledger, source: &ApplicationSource<'_>, target: &Document) -> Option<TargetProblem> {
    if !kind_fits(source.doc_type, target.doc_type) {
        Some(TargetProblem::WrongKind)
    } else if !customer_fits(ledger, source.doc_type, source.customer_id, &target.customer_id) {
        Some(TargetProblem::OtherCustomer)
    } else if target.status != DocStatus::Open {
        Some(TargetProblem::NotOpen(target.status))
    } else if source.currency.is_some_and(|c| c != target.currency) {
        Some(TargetProblem::OtherCurrency)
    } else {
        None
    }
}

/// The customers whose documents a credit of `customer_id` of `source_type` may
/// settle: the customer first, then its consolidating children (depth first, by
/// customer number).
pub fn customers_settled_by(ledger: &Ledger, source_type: DocType, customer_id: &str) -> Vec<String> {
    let mut found = vec![customer_id.to_string()];
    if source_type.applies_to_credits() {
        return found;
    }
    let mut seen: BTreeSet<String> = found.iter().cloned().collect();
    let mut idx = 0;
    while idx < found.len() {
        let parent = found[idx].clone();
        idx += 1;
        for child in ledger.children_of(&parent) {
            let consolidates = ledger.customers.get(child).is_some_and(|c| c.parent.consolidate_balance);
            if consolidates && seen.insert(child.clone()) {
                found.push(child.clone());
            }
        }
    }
    found
}

/// The customers whose credits may settle documents of `customer_id`: the customer
/// first, then each parent up the chain while the links consolidate.
pub fn customers_settling(ledger: &Ledger, customer_id: &str) -> Vec<String> {
    let mut found = vec![customer_id.to_string()];
    let mut at = customer_id;
    while let Some(customer) = ledger.customers.get(at) {
        let parent = &customer.parent.parent_id;
        if !customer.parent.consolidate_balance || parent.is_empty() || found.contains(parent) {
            break;
        }
        found.push(parent.clone());
        at = parent;
    }
    found
}

/// Every document `source` may be applied to, in the order a window lists them:
/// debits oldest due date first, credits oldest first (as
/// [`Ledger::open_invoices_of`] and [`Ledger::open_credits_of`]).
pub fn application_targets<'a>(ledger: &'a Ledger, source: &ApplicationSource<'_>) -> Vec<&'a Document> {
    let mut targets: Vec<&Document> = customers_settled_by(ledger, source.doc_type, source.customer_id)
        .iter()
        .flat_map(|customer| ledger.documents_of(customer).collect::<Vec<_>>())
        .filter(|d| target_problem(ledger, source, d).is_none())
        .collect();
    if source.doc_type.applies_to_credits() {
        targets.sort_by_key(|d| (d.date, d.id));
    } else {
        targets.sort_by_key(|d| (d.due_date.unwrap_or(d.date), d.date, d.id));
    }
    targets
}

/// The rows of a credit's Applications section: the documents it may be applied to
/// ([`application_targets`]), then those it was applied to already that are no longer
/// open, so every application it made is shown. Never the credit itself.
pub fn application_rows<'a>(ledger: &'a Ledger, source: &ApplicationSource<'_>, stored: Option<&Document>) -> Vec<&'a Document> {
    let mut rows = application_targets(ledger, source);
    if let Some(doc) = stored {
        rows.retain(|d| d.id != doc.id);
        for app in &doc.applications {
            if !rows.iter().any(|d| d.id == app.target) {
                if let Some(target) = ledger.documents.get(&app.target) {
                    rows.push(target);
                }
            }
        }
    }
    rows
}

/// Whether an application row takes a typed amount: its document is still open.
pub fn takes_application(target: &Document) -> bool {
    target.status == DocStatus::Open
}

/// What *Apply oldest first* plans with: the credit's unapplied balance once it is
/// released, else the amount (or total) typed in the window.
pub fn left_to_apply(stored: Option<&Document>, typed_amount: Decimal) -> Decimal {
    stored.filter(|d| d.status.is_released()).map_or(typed_amount, |d| d.balance)
}

/// A credit of a customer outside `customer_id`'s group below it (the customer and
/// all its children, at any depth) applied to a document inside it, with that
/// document; `None` when there is none. Such an application went through the
/// customer's *Consolidate balance* link to its parent, so the link may not loosen
/// while it exists (the ledger invariant would no longer accept the application).
pub fn applied_from_above<'a>(ledger: &'a Ledger, customer_id: &str) -> Option<(&'a Document, &'a Document)> {
    let mut below: BTreeSet<&str> = BTreeSet::from([customer_id]);
    let mut queue = vec![customer_id.to_string()];
    while let Some(parent) = queue.pop() {
        for child in ledger.children_of(&parent) {
            if below.insert(child.as_str()) {
                queue.push(child.clone());
            }
        }
    }
    ledger.documents.values().filter(|d| !d.applications.is_empty() && !below.contains(d.customer_id.as_str())).find_map(|source| {
        source.applications.iter().filter_map(|a| ledger.documents.get(&a.target)).find(|t| below.contains(t.customer_id.as_str())).map(|t| (source, t))
    })
}

/// What the document-to-apply picker finds a target by and shows beside its number
/// (R4.9, the list search of R3.11): its type, date, due date and balance, so
/// "invoice 2026-01", "1250" or "due 2026-03" find it as well as its number.
pub fn target_description(target: &Document) -> String {
    let due = target.due_date.map(|d| format!(" · due {d}")).unwrap_or_default();
    format!("{} · {}{due} · balance {} {}", target.doc_type.label(), target.date, target.balance, target.currency)
}

/// The documents of `rows` the picker offers for `typed` (the pickers' rule,
/// [`crate::base::search::find_options`] over the number and [`target_description`]),
/// as (number, description), at most `max`.
pub fn find_targets(rows: &[&Document], typed: &str, max: usize) -> Vec<(String, String)> {
    let described: Vec<(String, String)> = rows.iter().map(|d| (d.ref_nbr.clone(), target_description(d))).collect();
    crate::base::search::find_options(&described, crate::base::search::pair_text, typed, max).into_iter().cloned().collect()
}
