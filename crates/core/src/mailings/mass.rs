//! Mass emails (seed 000: "Template-based emails can be used, for example, to notify
//! customer contacts about expiration of their credit cards"): which customers a
//! template mailing goes to, chosen by class, status and a payment method expiring
//! before a date, and the plans of their emails (read only: the preview).

use chrono::{Datelike, NaiveDate};

use super::queue::{plan_one_with, Plan};
use crate::customers::customer::{Customer, CustomerStatus};
use crate::ledger::Ledger;

/// Which customers get a mass email. Empty / `None` parts do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MassFilter {
    /// A customer class ID; empty: every class.
    pub class_id: String,
    pub status: Option<CustomerStatus>,
    /// Only customers with an active payment method whose card expires before this
    /// date (its last valid day is earlier).
    pub expiring_before: Option<NaiveDate>,
}

/// The last day a card with expiry `MM/YY` (or `MM/YYYY`) is valid: the month's last
/// day. `None` when the text is not such an expiry.
pub fn card_valid_until(expiry: &str) -> Option<NaiveDate> {
    let (month, year) = expiry.trim().split_once('/')?;
    let (month, year) = (month.trim(), year.trim());
    if month.is_empty() || month.len() > 2 || !month.bytes().all(|b| b.is_ascii_digit()) || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let month: u32 = month.parse().ok()?;
    let year: i32 = match year.len() {
        2 => 2000 + year.parse::<i32>().ok()?,
        4 => year.parse().ok()?,
        _ => return None,
    };
    let first_of_next = if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1)? } else { NaiveDate::from_ymd_opt(year, month + 1, 1)? };
    let last = first_of_next.pred_opt()?;
    (last.month() == month).then_some(last)
}

/// The index of the customer's active payment method that expires first before
/// `before`, if any.
pub fn expiring_method(customer: &Customer, before: NaiveDate) -> Option<usize> {
    customer
        .payment_methods
        .iter()
        .enumerate()
        .filter(|(_, m)| m.active)
        .filter_map(|(i, m)| card_valid_until(&m.expiry).map(|until| (until, i)))
        .filter(|(until, _)| *until < before)
        .min()
        .map(|(_, i)| i)
}

/// The customers `filter` chooses, in customer-number order, each with the payment
/// method its email is about (the expiring one; `None` without the expiry filter).
pub fn select_customers(ledger: &Ledger, filter: &MassFilter) -> Vec<(String, Option<usize>)> {
    let class = filter.class_id.trim();
    ledger
        .customers
        .values()
        .filter(|c| class.is_empty() || c.class_id == class)
        .filter(|c| filter.status.is_none_or(|s| c.status == s))
        .filter_map(|c| match filter.expiring_before {
            None => Some((c.id.clone(), None)),
            Some(before) => expiring_method(c, before).map(|i| (c.id.clone(), Some(i))),
        })
        .collect()
}

/// The plans of `mailing_id` for every customer `filter` chooses: the dry run shown
/// before anything is queued.
pub fn plan_mass(ledger: &Ledger, filter: &MassFilter, mailing_id: &str, today: NaiveDate) -> Vec<Plan> {
    select_customers(ledger, filter).into_iter().map(|(c, method)| plan_one_with(ledger, &c, None, method, mailing_id, today)).collect()
}

/// The IDs of the mailings that have a notification template, in the preferences or
/// in a class: what a mass email can use. Sorted, each once.
pub fn template_mailing_ids(ledger: &Ledger) -> Vec<String> {
    let mut ids: Vec<String> = ledger
        .settings
        .mailings
        .iter()
        .chain(ledger.classes.values().flat_map(|c| c.mailings.iter()))
        .filter(|m| !m.template_id.trim().is_empty())
        .map(|m| m.id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}
