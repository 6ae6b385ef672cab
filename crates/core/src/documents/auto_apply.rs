//! Applying a payment to open documents oldest due date first (SPEC R4.9): the
//! payment window's *Apply oldest first*, and release of a payment of a customer with
//! *Apply payments automatically* (R3.5) that has no applications of its own.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::base::money::round_to_minor_units;
use crate::documents::document::{Application, DocId, DocStatus, DocType, Document};
use crate::ledger::Ledger;

/// One planned application: the target, the amount from the payment and the cash
/// discount granted with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planned {
    pub target: DocId,
    pub amount: Decimal,
    pub discount: Decimal,
}

/// The cash discount a credit dated `paid_on` may take on `target` by its terms (R4.9):
/// the target's cash discount when `paid_on` is on or before its cash-discount date,
/// zero after it or when the terms give none. This is the one place the rule lives:
/// the planner, the save's check, the ledger invariant and the command-line tool all
/// ask it. Which credits take a discount at all is [`DocType::takes_cash_discount`];
/// what earlier payments took off the same document is [`discount_left`].
pub fn discount_offered(target: &Document, paid_on: NaiveDate) -> Decimal {
    match target.cash_discount_date {
        Some(last_day) if target.doc_type.is_debit() && paid_on <= last_day && target.cash_discount > Decimal::ZERO => target.cash_discount,
        _ => Decimal::ZERO,
    }
}

/// The cash discount already granted on `target` by released applications of credits
/// that are not voided (a void puts its discounts back).
pub fn discount_taken(ledger: &Ledger, target: &Document) -> Decimal {
    crate::documents::applications::customers_settling(ledger, &target.customer_id)
        .iter()
        .flat_map(|customer| ledger.documents_of(customer))
        .filter(|d| d.doc_type.takes_cash_discount() && d.status.is_released() && d.status != DocStatus::Voided)
        .map(|d| d.discount_to(target.id))
        .sum()
}

/// What a credit of `credit_type` dated `paid_on` may still take on `target`:
/// [`discount_offered`] less [`discount_taken`], never below zero, and zero for a
/// credit that takes no discount. The terms' discount is granted once in all.
pub fn discount_left(ledger: &Ledger, credit_type: DocType, target: &Document, paid_on: NaiveDate) -> Decimal {
    if !credit_type.takes_cash_discount() {
        return Decimal::ZERO;
    }
    let offered = discount_offered(target, paid_on);
    if offered.is_zero() {
        return offered;
    }
    (offered - discount_taken(ledger, target)).max(Decimal::ZERO)
}

/// Fills `available` into the open `targets` in the order given (oldest due first
/// for [`Ledger::open_invoices_of`]). A target paid in full on or before its
/// cash-discount date gets its discount ([`discount_offered`], when `takes_discount`);
/// a part payment takes none.
pub fn plan_oldest_first<'a>(
    targets: impl IntoIterator<Item = &'a Document>,
    available: Decimal,
    paid_on: Option<NaiveDate>,
    takes_discount: bool,
    minor_units: u32,
) -> Vec<Planned> {
    let offered = |doc: &Document| match paid_on {
        Some(paid) if takes_discount => discount_offered(doc, paid),
        _ => Decimal::ZERO,
    };
    plan(targets, available, offered, minor_units)
}

/// [`plan_oldest_first`] with the discount each target offers given by `offered`.
fn plan<'a>(targets: impl IntoIterator<Item = &'a Document>, available: Decimal, offered: impl Fn(&Document) -> Decimal, minor_units: u32) -> Vec<Planned> {
    let mut left = available;
    let mut planned = Vec::new();
    for doc in targets.into_iter().filter(|d| d.status == DocStatus::Open) {
        if left <= Decimal::ZERO {
            break;
        }
        let offered = offered(doc).min(doc.balance);
        let take = left.min(doc.balance - offered);
        let discount = if take == doc.balance - offered { offered } else { Decimal::ZERO };
        planned.push(Planned { target: doc.id, amount: round_to_minor_units(take, minor_units), discount: round_to_minor_units(discount, minor_units) });
        left -= take;
    }
    planned
}

/// The applications a payment gets at release when its customer has *Apply payments
/// automatically* and it has none: its whole amount, oldest due date first, to the
/// customer's own open invoices, debit notes and overdue charges in its currency.
pub fn automatic_applications(ledger: &Ledger, payment: &Document) -> Vec<Application> {
    let minor_units = ledger.settings.currency(&payment.currency).map_or(2, |c| c.minor_units);
    let targets = ledger.open_invoices_of(&payment.customer_id).into_iter().filter(|d| d.currency == payment.currency);
    plan(targets, payment.total, |d| discount_left(ledger, payment.doc_type, d, payment.date), minor_units)
        .into_iter()
        .filter(|p| !(p.amount + p.discount).is_zero())
        .map(|p| Application::planned(p.target, p.amount, p.discount))
        .collect()
}

/// The cash discount a credit of `credit_type` dated `paid_on` takes on `target` with
/// `amount` when the discount is asked for (the command-line tool's
/// `apply --take-discount`): [`discount_left`], at most what `amount` leaves open of
/// the target's balance, so that asking for the discount never makes an application
/// too large.
pub fn discount_for_amount(ledger: &Ledger, credit_type: DocType, paid_on: NaiveDate, target: &Document, amount: Decimal) -> Decimal {
    discount_left(ledger, credit_type, target, paid_on).min((target.balance - amount).max(Decimal::ZERO))
}
