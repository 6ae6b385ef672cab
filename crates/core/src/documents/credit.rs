//! Credit verification (SPEC R4.14, R5.4): each customer's rule, and the check run
//! when an invoice or debit note is saved or released. A failed check explains
//! itself: which open documents and amounts caused it.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::base::number::NumberFormat;
use crate::base::problem::{ProblemKind, Problems};
use crate::customers::customer::Customer;
use crate::documents::document::{DocStatus, Document};
use crate::fields::credit;
use crate::ledger::Ledger;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CreditRule {
    #[default]
    Disabled,
    CreditLimit,
    DaysPastDue,
    LimitAndDaysPastDue,
}

impl CreditRule {
    pub const ALL: [CreditRule; 4] = [CreditRule::Disabled, CreditRule::CreditLimit, CreditRule::DaysPastDue, CreditRule::LimitAndDaysPastDue];

    pub fn label(self) -> &'static str {
        match self {
            CreditRule::Disabled => "Disabled",
            CreditRule::CreditLimit => "Credit limit",
            CreditRule::DaysPastDue => "Days past due",
            CreditRule::LimitAndDaysPastDue => "Limit and days past due",
        }
    }

    pub fn from_label(label: &str) -> Option<CreditRule> {
        Self::ALL.into_iter().find(|r| r.label() == label)
    }

    fn checks_limit(self) -> bool {
        matches!(self, CreditRule::CreditLimit | CreditRule::LimitAndDaysPastDue)
    }

    fn checks_days(self) -> bool {
        matches!(self, CreditRule::DaysPastDue | CreditRule::LimitAndDaysPastDue)
    }
}

/// A customer's (or a class's default) credit policy. The limit is in base currency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditPolicy {
    pub rule: CreditRule,
    pub limit: Decimal,
    pub days_past_due: u32,
}

/// A credit policy as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditPolicyDraft {
    pub rule: CreditRule,
    pub limit: String,
    pub days_past_due: String,
}

impl CreditPolicyDraft {
    pub fn from_policy(policy: &CreditPolicy, numbers: NumberFormat) -> Self {
        CreditPolicyDraft { rule: policy.rule, limit: numbers.decimal(policy.limit), days_past_due: policy.days_past_due.to_string() }
    }

    /// The policy, or problems at `credit_limit` / `days_past_due`. Fields a rule does
    /// not use may be left empty.
    pub fn parse(&self, problems: &mut Problems, base_minor_units: u32, numbers: NumberFormat) -> CreditPolicy {
        let limit = if self.limit.trim().is_empty() && !self.rule.checks_limit() {
            Decimal::ZERO
        } else {
            match numbers.parse(&self.limit, base_minor_units) {
                Ok(l) if l >= Decimal::ZERO => l,
                Ok(_) => {
                    problems.add(credit::CREDIT_LIMIT, ProblemKind::OutOfRange, "Must be zero or more");
                    Decimal::ZERO
                }
                Err(e) => {
                    problems.number(credit::CREDIT_LIMIT, &e);
                    Decimal::ZERO
                }
            }
        };
        let days_past_due = if self.days_past_due.trim().is_empty() && !self.rule.checks_days() {
            0
        } else {
            match self.days_past_due.trim().parse::<u32>() {
                Ok(d) if d <= 3650 => d,
                _ => {
                    problems.add(credit::DAYS_PAST_DUE, ProblemKind::OutOfRange, "Enter a whole number of days from 0 to 3650");
                    0
                }
            }
        };
        CreditPolicy { rule: self.rule, limit, days_past_due }
    }
}

/// The customers whose credit is checked together (R3.7 *Shared credit policy*): a
/// customer that shares its parent's policy is checked with the parent's rule and
/// limit against the whole group — the policy holder and every customer below it
/// that shares. Returns the policy holder and the members (the holder first).
pub fn credit_group<'a>(ledger: &'a Ledger, customer_id: &str) -> Option<(&'a Customer, Vec<&'a str>)> {
    let mut holder = ledger.customers.get(customer_id)?;
    let mut seen = std::collections::BTreeSet::new();
    while holder.parent.shared_credit_policy && seen.insert(holder.id.as_str()) {
        match ledger.customers.get(&holder.parent.parent_id) {
            Some(parent) => holder = parent,
            None => break,
        }
    }
    let mut members = vec![holder.id.as_str()];
    let mut i = 0;
    while i < members.len() {
        let at = members[i];
        for c in crate::customers::master::children_of(ledger, at) {
            if c.parent.shared_credit_policy && !members.contains(&c.id.as_str()) {
                members.push(c.id.as_str());
            }
        }
        i += 1;
    }
    Some((holder, members))
}

/// Balance and unreleased balance of several customers together.
fn group_balances(ledger: &Ledger, members: &[&str]) -> crate::ledger::Balances {
    let mut total = crate::ledger::Balances::default();
    for m in members {
        let b = ledger.balances_of(m);
        total.balance += b.balance;
        total.prepayment_balance += b.prepayment_balance;
        total.unreleased_balance += b.unreleased_balance;
    }
    total
}

/// Remaining credit limit (R5.4): limit − (balance + unreleased balance), in base
/// currency; for a customer sharing its parent's credit policy, the group's.
pub fn remaining_credit(ledger: &Ledger, customer_id: &str) -> Option<Decimal> {
    let (holder, members) = credit_group(ledger, customer_id)?;
    if !holder.credit.rule.checks_limit() {
        return None;
    }
    let b = group_balances(ledger, &members);
    Some(holder.credit.limit - (b.balance + b.unreleased_balance))
}

/// First due date (R5.4): the earliest due date among the customer's open debit
/// documents; for a parent, among its own and its children's (seed 002).
pub fn first_due_date(ledger: &Ledger, customer_id: &str) -> Option<NaiveDate> {
    let own = ledger.open_invoices_of(customer_id).iter().filter_map(|d| d.due_date).min();
    let children =
        crate::customers::master::children_of(ledger, customer_id).filter_map(|c| ledger.open_invoices_of(&c.id).iter().filter_map(|d| d.due_date).min()).min();
    own.into_iter().chain(children).min()
}

/// Checks the credit of `doc`'s customer as if `doc` were recorded (it may already
/// be: it is then counted once). `Err` explains the violation in one sentence.
pub fn check_credit(ledger: &Ledger, doc: &Document, today: NaiveDate) -> Result<(), String> {
    let Some((customer, members)) = credit_group(ledger, &doc.customer_id) else { return Ok(()) };
    let policy = &customer.credit;
    let group = if members.len() > 1 { format!(" (credit shared by {})", members.join(", ")) } else { String::new() };
    if policy.rule == CreditRule::Disabled || !doc.doc_type.is_debit() {
        return Ok(());
    }
    let base = ledger.settings.base();
    let numbers = ledger.settings.numbers();
    let money = |d: Decimal| format!("{} {}", numbers.amount(d, base.minor_units), base.code);
    let mut reasons = Vec::new();
    if policy.rule.checks_days() {
        let overdue: Vec<String> = members
            .iter()
            .flat_map(|m| ledger.open_invoices_of(m))
            .filter_map(|d| {
                let due = d.due_date?;
                let late_after = due.checked_add_days(Days::new(u64::from(policy.days_past_due)))?;
                (late_after < today).then(|| format!("{} {} due {due} ({} days)", d.doc_type.label(), d.ref_nbr, (today - due).num_days()))
            })
            .collect();
        if !overdue.is_empty() {
            reasons.push(format!("more than {} days past due: {}", policy.days_past_due, overdue.join(", ")));
        }
    }
    if policy.rule.checks_limit() {
        let b = group_balances(ledger, &members);
        let already_counted = ledger.documents.get(&doc.id).is_some_and(|d| d.status.is_recorded());
        let this_one = if already_counted { Decimal::ZERO } else { doc.base_total(&ledger.settings) };
        // Other documents held by this check do not count against the rest.
        let held: Decimal = members
            .iter()
            .flat_map(|m| ledger.documents_of(m))
            .filter(|d| d.status == DocStatus::CreditHold && d.id != doc.id)
            .map(|d| d.doc_type.balance_sign() * d.base_total(&ledger.settings))
            .sum();
        let exposure = b.balance + b.unreleased_balance - held + this_one;
        if exposure > policy.limit {
            let mut biggest: Vec<&Document> = members.iter().flat_map(|m| ledger.open_invoices_of(m)).collect();
            biggest.sort_by_key(|d| std::cmp::Reverse(d.base_balance(&ledger.settings)));
            let listed: Vec<String> =
                biggest.iter().take(3).map(|d| format!("{} {} {}", d.doc_type.label(), d.ref_nbr, money(d.base_balance(&ledger.settings)))).collect();
            let mut why = format!(
                "credit limit {} exceeded by {} (balance {}, unreleased {}, this document {})",
                money(policy.limit),
                money(exposure - policy.limit),
                money(b.balance),
                money(b.unreleased_balance - held),
                money(this_one.max(doc.base_total(&ledger.settings)))
            );
            if !listed.is_empty() {
                why.push_str(&format!("; largest open: {}", listed.join(", ")));
            }
            reasons.push(why);
        }
    }
    if reasons.is_empty() {
        Ok(())
    } else {
        Err(format!("Customer {}{group}: {}", customer.id, reasons.join("; ")))
    }
}

/// Why a customer breaks its credit policy now (limit or days past due), or `None`.
/// Shared credit policies are checked for the whole group.
pub fn policy_violation(ledger: &Ledger, customer_id: &str, today: NaiveDate) -> Option<String> {
    let (holder, members) = credit_group(ledger, customer_id)?;
    let policy = &holder.credit;
    let base = ledger.settings.base();
    let numbers = ledger.settings.numbers();
    let money = |d: Decimal| format!("{} {}", numbers.amount(d, base.minor_units), base.code);
    let mut reasons = Vec::new();
    if policy.rule.checks_limit() {
        let b = group_balances(ledger, &members);
        let exposure = b.balance + b.unreleased_balance;
        if exposure > policy.limit {
            reasons.push(format!("balance and unreleased {} over the limit {}", money(exposure), money(policy.limit)));
        }
    }
    if policy.rule.checks_days() {
        let oldest = members
            .iter()
            .flat_map(|m| ledger.open_invoices_of(m))
            .filter_map(|d| d.due_date.map(|due| (due, d)))
            .filter(|(due, _)| due.checked_add_days(Days::new(u64::from(policy.days_past_due))).is_some_and(|late| late < today))
            .min_by_key(|(due, d)| (*due, d.id));
        if let Some((due, d)) = oldest {
            reasons.push(format!("{} {} is {} days past due (allowed {})", d.doc_type.label(), d.ref_nbr, (today - due).num_days(), policy.days_past_due));
        }
    }
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

/// A customer whose status *Update credit hold* would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditHoldProposal {
    pub customer_id: String,
    pub from: crate::customers::customer::CustomerStatus,
    pub to: crate::customers::customer::CustomerStatus,
    pub reason: String,
}

/// *Update credit hold* (R3.1: Credit hold "set by credit verification"): Active
/// customers that break their credit policy go on Credit hold; customers on Credit
/// hold whose policy is met again become Active. Customers whose rule is Disabled are
/// left as they are (a hold set by hand stays).
pub fn credit_hold_proposals(ledger: &Ledger, today: NaiveDate) -> Vec<CreditHoldProposal> {
    use crate::customers::customer::CustomerStatus;
    ledger
        .customers
        .values()
        .filter(|c| matches!(c.status, CustomerStatus::Active | CustomerStatus::CreditHold))
        .filter(|c| credit_group(ledger, &c.id).is_some_and(|(holder, _)| holder.credit.rule != CreditRule::Disabled))
        .filter_map(|c| match (c.status, policy_violation(ledger, &c.id, today)) {
            (CustomerStatus::Active, Some(reason)) => {
                Some(CreditHoldProposal { customer_id: c.id.clone(), from: c.status, to: CustomerStatus::CreditHold, reason })
            }
            (CustomerStatus::CreditHold, None) => Some(CreditHoldProposal {
                customer_id: c.id.clone(),
                from: c.status,
                to: CustomerStatus::Active,
                reason: "The credit policy is met again".to_string(),
            }),
            _ => None,
        })
        .collect()
}

/// Carries out [`credit_hold_proposals`]: one change with every customer whose status
/// moves, each with the status change recorded on `today`.
pub fn update_credit_hold(ledger: &Ledger, today: NaiveDate) -> Result<crate::ledger::Change, Vec<crate::base::problem::Problem>> {
    let proposals = credit_hold_proposals(ledger, today);
    if proposals.is_empty() {
        return Err(vec![crate::base::problem::Problem::form(ProblemKind::NotAllowed, "No customer's credit hold changes on this date")]);
    }
    let puts = proposals
        .iter()
        .filter_map(|p| ledger.customers.get(&p.customer_id).map(|c| (p, c)))
        .map(|(p, c)| {
            let mut customer = c.clone();
            customer.status = p.to;
            customer.status_changes.push(crate::customers::customer::StatusChange { date: today, from: p.from, to: p.to });
            crate::ledger::Record::Customer(customer)
        })
        .collect();
    Ok(crate::ledger::Change { puts, deletes: vec![] })
}
