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

/// Fills `available` into the open `targets` in the order given (oldest due first
/// for [`Ledger::open_invoices_of`]). A target paid in full on or before its
/// cash-discount date gets its discount (when `takes_discount`); a part payment
/// takes none.
pub fn plan_oldest_first<'a>(
    targets: impl IntoIterator<Item = &'a Document>,
    available: Decimal,
    paid_on: Option<NaiveDate>,
    takes_discount: bool,
    minor_units: u32,
) -> Vec<Planned> {
    let mut left = available;
    let mut planned = Vec::new();
    for doc in targets.into_iter().filter(|d| d.status == DocStatus::Open) {
        if left <= Decimal::ZERO {
            break;
        }
        let offered = match (doc.cash_discount_date, paid_on) {
            (Some(last), Some(paid)) if takes_discount && paid <= last => doc.cash_discount.min(doc.balance),
            _ => Decimal::ZERO,
        };
        let take = left.min(doc.balance - offered);
        let discount = if take == doc.balance - offered { offered } else { Decimal::ZERO };
        planned.push(Planned { target: doc.id, amount: round_to_minor_units(take, minor_units), discount: round_to_minor_units(discount, minor_units) });
        left -= take;
    }
    planned
}

/// The applications a payment gets at release when its customer has *Apply payments
/// automatically* and it has none: its whole amount, oldest due date first, to open
/// invoices and debit notes in its currency.
pub fn automatic_applications(ledger: &Ledger, payment: &Document) -> Vec<Application> {
    let minor_units = ledger.settings.currency(&payment.currency).map_or(2, |c| c.minor_units);
    let targets = ledger.open_invoices_of(&payment.customer_id).into_iter().filter(|d| d.currency == payment.currency);
    plan_oldest_first(targets, payment.total, Some(payment.date), payment.doc_type == DocType::Payment, minor_units)
        .into_iter()
        .filter(|p| !(p.amount + p.discount).is_zero())
        .map(|p| Application::planned(p.target, p.amount, p.discount))
        .collect()
}
