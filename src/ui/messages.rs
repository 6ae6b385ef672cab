//! Turning errors into the words a bookkeeper reads. One place for it.

use reskontra_core::fields::FieldPath;
use reskontra_core::ledger::backup::BackupError;
use reskontra_core::{Problem, ProblemKind};

use crate::store::StoreError;

/// A store error as a whole-form problem.
pub fn store_problem(error: &StoreError) -> Problem {
    Problem::form(ProblemKind::Other, error.to_string())
}

/// A backup that could not be imported.
pub fn backup_error(error: &BackupError) -> String {
    format!("This file cannot be imported: {error}.")
}

/// The message for one field, if any.
pub fn message_for(problems: &[Problem], field: &FieldPath) -> Option<String> {
    problems.iter().find(|p| p.field == *field).map(|p| p.message.clone())
}

/// A label for a problem in the summary at the top of a form.
pub fn summary_line(problem: &Problem, label_of: impl Fn(&FieldPath) -> String) -> String {
    if problem.field.is_form() {
        problem.message.clone()
    } else {
        format!("{}: {}", label_of(&problem.field), problem.message)
    }
}
