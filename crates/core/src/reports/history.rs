//! The ledger's history rebuilt from documents and applications (SPEC R8.5, R9.1): what
//! each document's open balance was at the end of any day, and what moved it.
//!
//! Every change of a released document's balance is an [`Effect`] with the day it took
//! effect: the document itself (its total, on its date), each application (on the later
//! of the credit's date, the day it was applied and the target's date) and each cash
//! discount, and a void (on the void payment's date), which takes the payment's balance
//! and its earlier applications back. A reversal is an application of a negative amount,
//! so one reversed on or before a day cancels it and one reversed later does not.
//!
//! Architecture Invariant: summing a document's effects up to a day gives its balance
//! at the end of that day, and summing all of them gives `Document::balance` — the
//! Aged period sensitive report and the Balance brought forward statement both read this
//! one history, so they cannot disagree with each other or with the balances
//! (tests/ageing.rs checks the last against every document of random ledgers).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::documents::document::{DocId, DocStatus, DocType, Document};
use crate::ledger::Ledger;

/// What moved a balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum EffectKind {
    /// The document was issued: its balance starts at its total.
    Issued,
    /// An application from `source` (or its reversal, a negative amount).
    Applied,
    /// A cash discount granted with an application from `source` (R4.9).
    Discount,
    /// `source` (a void payment) voided a payment: its balance and applications undone.
    Voided,
}

/// One change of one document's open balance, in the document's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Effect {
    /// The document whose balance moved.
    pub doc: DocId,
    /// The document that moved it (the document itself when issued).
    pub source: DocId,
    pub kind: EffectKind,
    pub date: NaiveDate,
    /// The change of `doc`'s balance (unsigned, as `Document::balance` is): the
    /// customer's balance moves by `signed(doc) × delta`.
    pub delta: Decimal,
}

/// Whether a document's balance is part of the history: released, and one that can
/// carry a balance (not a cash sale or return, nor a refund or write-off, which are
/// applied in full, nor a void payment).
fn carries_balance(doc: &Document) -> bool {
    doc.status.is_released() && !doc.doc_type.balance_sign().is_zero() && !doc.doc_type.is_cash() && !doc.doc_type.applied_in_full()
}

/// The day a released application takes effect: never before the credit's date or the
/// target's date.
pub fn effective_date(source: &Document, applied_on: Option<NaiveDate>, target: Option<&Document>) -> NaiveDate {
    let mut date = source.date.max(applied_on.unwrap_or(source.date));
    if let Some(target) = target {
        date = date.max(target.date);
    }
    date
}

/// The day a voided payment stopped counting: its void payment's date (or, for a
/// damaged link, the day it was released, else its own date).
fn void_date(ledger: &Ledger, doc: &Document) -> Option<NaiveDate> {
    if doc.status != DocStatus::Voided {
        return None;
    }
    let void = doc.voids.and_then(|id| ledger.documents.get(&id)).map(|v| v.date);
    Some(void.or(doc.released_on).unwrap_or(doc.date).max(doc.date))
}

/// Every effect of `doc` (its issue, its applications and its void), on whichever
/// documents they move.
pub fn effects_of(ledger: &Ledger, doc: &Document, out: &mut Vec<Effect>) {
    if !doc.status.is_released() || doc.doc_type == DocType::VoidPayment {
        return;
    }
    let own = carries_balance(doc);
    let voided_on = void_date(ledger, doc);
    let void_source = doc.voids.unwrap_or(doc.id);
    if own {
        out.push(Effect { doc: doc.id, source: doc.id, kind: EffectKind::Issued, date: doc.date, delta: doc.total });
    }
    let mut own_applied_before_void = Decimal::ZERO;
    for app in doc.applications.iter().filter(|a| a.released) {
        let target = ledger.documents.get(&app.target);
        let date = effective_date(doc, app.applied_on, target);
        if voided_on.is_some_and(|v| date >= v) {
            // Taken effect only after the void, so never.
            continue;
        }
        out.push(Effect { doc: app.target, source: doc.id, kind: EffectKind::Applied, date, delta: -app.amount });
        if !app.discount.is_zero() {
            out.push(Effect { doc: app.target, source: doc.id, kind: EffectKind::Discount, date, delta: -app.discount });
        }
        if own {
            out.push(Effect { doc: doc.id, source: doc.id, kind: EffectKind::Applied, date, delta: -app.amount });
            own_applied_before_void += app.amount;
        }
        if let Some(v) = voided_on {
            out.push(Effect { doc: app.target, source: void_source, kind: EffectKind::Voided, date: v, delta: app.amount + app.discount });
        }
    }
    if let (Some(v), true) = (voided_on, own) {
        out.push(Effect { doc: doc.id, source: void_source, kind: EffectKind::Voided, date: v, delta: own_applied_before_void - doc.total });
    }
}

/// Every effect in the ledger (unordered).
pub fn effects(ledger: &Ledger) -> Vec<Effect> {
    let mut out = Vec::new();
    for doc in ledger.documents.values() {
        effects_of(ledger, doc, &mut out);
    }
    out
}

/// Each document's open balance at the end of `date` (documents with none left out),
/// in the document's currency.
pub fn balances_as_of(ledger: &Ledger, date: NaiveDate) -> BTreeMap<DocId, Decimal> {
    let mut balances: BTreeMap<DocId, Decimal> = BTreeMap::new();
    for effect in effects(ledger).into_iter().filter(|e| e.date <= date) {
        *balances.entry(effect.doc).or_default() += effect.delta;
    }
    balances.retain(|_, b| !b.is_zero());
    balances
}
