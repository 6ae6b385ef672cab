//! Problems: validation results tied to a form field, and the shared text checks.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One thing wrong with a command, tied to the field that shows it. Field names
/// are the form's field names (`name`, `lines.2.quantity`); `""` means the whole form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

impl Problem {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { field: field.into(), message: message.into() }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
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
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem::new(field, message));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Checks a one-line text: required or not, at most `max_chars`, and no
    /// control characters (CR/LF would break addresses, CSV and email headers).
    pub fn check_text(&mut self, field: &str, value: &str, max_chars: usize, required: bool) {
        if required && value.trim().is_empty() {
            self.add(field, "Required");
        } else if value.chars().count() > max_chars {
            self.add(field, format!("At most {max_chars} characters"));
        } else if value.chars().any(|c| c.is_control()) {
            self.add(field, "Line breaks and control characters are not allowed");
        }
    }

    /// Checks an identifier: required, at most `max_chars`, letters, digits and `-_./`.
    pub fn check_id(&mut self, field: &str, value: &str, max_chars: usize) {
        if value.is_empty() {
            self.add(field, "Required");
        } else if value.chars().count() > max_chars {
            self.add(field, format!("At most {max_chars} characters"));
        } else if !value.chars().all(|c| c.is_alphanumeric() || "-_./".contains(c)) {
            self.add(field, "Use letters, digits and - _ . / only");
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
