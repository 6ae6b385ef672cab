//! Credit verification (SPEC R4.14, R5.4): each customer's rule, and the check run
//! when an invoice or debit note is saved or released. A failed check explains
//! itself: which open documents and amounts caused it.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::document::{DocStatus, Document};
use crate::ledger::Ledger;
use crate::money::{format_amount, parse_decimal};
use crate::problem::Problems;

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
    pub fn from_policy(policy: &CreditPolicy) -> Self {
        CreditPolicyDraft { rule: policy.rule, limit: policy.limit.to_string(), days_past_due: policy.days_past_due.to_string() }
    }

    /// The policy, or problems at `credit_limit` / `days_past_due`. Fields a rule does
    /// not use may be left empty.
    pub fn parse(&self, problems: &mut Problems, base_minor_units: u32) -> CreditPolicy {
        let limit = if self.limit.trim().is_empty() && !self.rule.checks_limit() {
            Decimal::ZERO
        } else {
            match parse_decimal(&self.limit, base_minor_units) {
                Ok(l) if l >= Decimal::ZERO => l,
                Ok(_) => {
                    problems.add("credit_limit", "Must be zero or more");
                    Decimal::ZERO
                }
                Err(e) => {
                    problems.add("credit_limit", e.to_string());
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
                    problems.add("days_past_due", "Enter a whole number of days from 0 to 3650");
                    0
                }
            }
        };
        CreditPolicy { rule: self.rule, limit, days_past_due }
    }
}

/// Remaining credit limit (R5.4): limit − (balance + unreleased balance), in base currency.
pub fn remaining_credit(ledger: &Ledger, customer_id: &str) -> Option<Decimal> {
    let customer = ledger.customers.get(customer_id)?;
    if !customer.credit.rule.checks_limit() {
        return None;
    }
    let b = ledger.balances_of(customer_id);
    Some(customer.credit.limit - (b.balance + b.unreleased_balance))
}

/// First due date (R5.4): the earliest due date among the customer's open debit documents.
pub fn first_due_date(ledger: &Ledger, customer_id: &str) -> Option<NaiveDate> {
    ledger.open_invoices_of(customer_id).iter().filter_map(|d| d.due_date).min()
}

/// Checks the credit of `doc`'s customer as if `doc` were recorded (it may already
/// be: it is then counted once). `Err` explains the violation in one sentence.
pub fn check_credit(ledger: &Ledger, doc: &Document, today: NaiveDate) -> Result<(), String> {
    let Some(customer) = ledger.customers.get(&doc.customer_id) else { return Ok(()) };
    let policy = &customer.credit;
    if policy.rule == CreditRule::Disabled || !doc.doc_type.is_debit() {
        return Ok(());
    }
    let base = ledger.settings.base();
    let money = |d: Decimal| format!("{} {}", format_amount(d, base.minor_units), base.code);
    let mut reasons = Vec::new();
    if policy.rule.checks_days() {
        let overdue: Vec<String> = ledger
            .open_invoices_of(&customer.id)
            .iter()
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
        let b = ledger.balances_of(&customer.id);
        let already_counted = ledger.documents.get(&doc.id).is_some_and(|d| d.status.is_recorded());
        let this_one = if already_counted { Decimal::ZERO } else { doc.base_total(&ledger.settings) };
        // Other documents held by this check do not count against the rest.
        let held: Decimal = ledger
            .documents_of(&customer.id)
            .filter(|d| d.status == DocStatus::CreditHold && d.id != doc.id)
            .map(|d| d.doc_type.balance_sign() * d.base_total(&ledger.settings))
            .sum();
        let exposure = b.balance + b.unreleased_balance - held + this_one;
        if exposure > policy.limit {
            let mut biggest: Vec<&Document> = ledger.open_invoices_of(&customer.id);
            biggest.sort_by(|a, b| b.base_balance(&ledger.settings).cmp(&a.base_balance(&ledger.settings)));
            let listed: Vec<String> = biggest.iter().take(3).map(|d| format!("{} {} {}", d.doc_type.label(), d.ref_nbr, money(d.base_balance(&ledger.settings)))).collect();
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
        Err(format!("Customer {}: {}", customer.id, reasons.join("; ")))
    }
}
