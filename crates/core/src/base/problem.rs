//! Problems: validation results tied to a form field, and the shared text checks.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::base::field::FieldPath;

/// What kind of thing is wrong, for code and tests (the message is for people).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ProblemKind {
    /// Empty, and it must be given.
    Required,
    /// Longer than the field allows.
    TooLong,
    /// Not a number, date, email address or code; characters that are not allowed.
    Format,
    /// Refers to something that does not exist.
    Unknown,
    /// Listed twice, or exists already.
    Duplicate,
    /// Negative, zero, or over a limit.
    OutOfRange,
    /// The state of the record (status, released, in use) forbids it.
    NotAllowed,
    /// Does not match another part (currency, customer, another document).
    Mismatch,
    /// None of the above (a store or file error shown by a window).
    #[default]
    Other,
}

/// One thing wrong with a command, tied to the field that shows it: a typed path
/// from `reskontra_core::fields` (`FieldPath::FORM` is the whole form), its kind,
/// and the English text the user reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub field: FieldPath,
    #[serde(default)]
    pub kind: ProblemKind,
    pub message: String,
}

impl Problem {
    pub fn new(field: impl Into<FieldPath>, kind: ProblemKind, message: impl Into<String>) -> Self {
        Problem { field: field.into(), kind, message: message.into() }
    }

    /// A problem of the whole form.
    pub fn form(kind: ProblemKind, message: impl Into<String>) -> Self {
        Problem::new(FieldPath::FORM, kind, message)
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_form() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

/// Collects problems while a command is validated.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn add(&mut self, field: impl Into<FieldPath>, kind: ProblemKind, message: impl Into<String>) {
        self.0.push(Problem::new(field, kind, message));
    }

    /// A number that did not parse (or is out of its range), with the error's kind.
    pub fn number(&mut self, field: impl Into<FieldPath>, error: &crate::base::money::NumberError) {
        self.add(field, error.kind(), error.to_string());
    }

    /// A date that did not parse (`parse_date`'s message): required when nothing was typed.
    pub fn date(&mut self, field: impl Into<FieldPath>, typed: &str, message: impl Into<String>) {
        let kind = if typed.trim().is_empty() { ProblemKind::Required } else { ProblemKind::Format };
        self.add(field, kind, message);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Checks a one-line text: required or not, at most `max_chars`, and no
    /// control characters (CR/LF would break addresses, CSV and email headers).
    pub fn check_text(&mut self, field: &FieldPath, value: &str, max_chars: usize, required: bool) {
        if required && value.trim().is_empty() {
            self.add(field, ProblemKind::Required, "Required");
        } else if value.chars().count() > max_chars {
            self.add(field, ProblemKind::TooLong, format!("At most {max_chars} characters"));
        } else if value.chars().any(|c| c.is_control()) {
            self.add(field, ProblemKind::Format, "Line breaks and control characters are not allowed");
        }
    }

    /// Checks an identifier: required, at most `max_chars`, letters, digits and `-_./`.
    pub fn check_id(&mut self, field: &FieldPath, value: &str, max_chars: usize) {
        if value.is_empty() {
            self.add(field, ProblemKind::Required, "Required");
        } else if value.chars().count() > max_chars {
            self.add(field, ProblemKind::TooLong, format!("At most {max_chars} characters"));
        } else if !value.chars().all(|c| c.is_alphanumeric() || "-_./".contains(c)) {
            self.add(field, ProblemKind::Format, "Use letters, digits and - _ . / only");
        }
    }

    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<Problem>> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self.0)
        }
    }
}

/// Parses a date typed as YYYY-MM-DD (what date inputs send), also accepting
/// DD.MM.YYYY as Norwegian bookkeepers type it.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("Enter a date".to_string());
    }
    NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(trimmed, "%d.%m.%Y"))
        .map_err(|_| format!("\"{}\" is not a date (YYYY-MM-DD)", trimmed.chars().take(20).collect::<String>()))
}

/// A plausible email address: one `@`, a local part, a dotted domain, no spaces
/// or control characters. Deliverability is the mail server's business.
pub fn is_valid_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && address.chars().all(|c| !c.is_whitespace() && !c.is_control() && !"<>(),;:\"[]\\".contains(c))
}
