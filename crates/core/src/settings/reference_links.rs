//! Whether the ids a class, a customer or a mailing refers to exist in the
//! reference tables (SPEC R1.6): statement cycles, document languages, payment
//! methods, email accounts and branches.

use crate::base::problem::{ProblemKind, Problems};
use crate::customers::mailing::Mailing;
use crate::fields::{FieldPath, Name};
use crate::settings::Settings;

pub fn statement_cycle_exists(settings: &Settings, id: &str) -> bool {
    settings.statement_cycles.iter().any(|c| c.id == id)
}

pub fn language_exists(settings: &Settings, code: &str) -> bool {
    settings.languages.iter().any(|l| l.code == code)
}

/// Only active payment methods can be given to a customer.
pub fn payment_method_exists(settings: &Settings, id: &str) -> bool {
    settings.payment_methods.iter().any(|m| m.id == id && m.active)
}

pub fn email_account_exists(settings: &Settings, id: &str) -> bool {
    settings.email_accounts.iter().any(|a| a.id == id)
}

pub fn branch_exists(settings: &Settings, id: &str) -> bool {
    settings.branches.iter().any(|b| b.id == id)
}

/// Checks each mailing's branch and email account.
pub fn check_mailing_refs(problems: &mut Problems, prefix: &FieldPath, settings: &Settings, mailings: &[Mailing]) {
    for (i, m) in mailings.iter().enumerate() {
        if !m.branch_id.is_empty() && !branch_exists(settings, &m.branch_id) {
            problems.add(prefix.cell(i, Name::BranchId), ProblemKind::Unknown, format!("There is no branch {}", m.branch_id));
        }
        if !m.email_account_id.is_empty() && !email_account_exists(settings, &m.email_account_id) {
            problems.add(prefix.cell(i, Name::EmailAccountId), ProblemKind::Unknown, format!("There is no email account {}", m.email_account_id));
        }
    }
}
