//! The preferences as typed in the settings window, and the command that saves them
//! (SPEC R1.1–R1.4).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::base::number::NumberFormat;
use crate::base::problem::{is_valid_email, parse_date, Problem, ProblemKind, Problems};
use crate::customers::address::{check_address, normalised, Address};
use crate::fields::preferences::{self, SeriesColumn};
use crate::ledger::{Change, Ledger};
use crate::settings::{SeriesKind, Settings};

/// The editable part of the settings, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsDraft {
    pub company_name: String,
    #[serde(default)]
    pub company_email: String,
    pub base_currency: String,
    /// Empty: follow the computer's date.
    pub business_date: String,
    pub hold_documents_on_entry: bool,
    pub validate_totals_on_entry: bool,
    pub require_payment_ref_on_entry: bool,
    #[serde(default)]
    pub require_invoice_printing_before_release: bool,
    #[serde(default)]
    pub require_invoice_emailing_before_release: bool,
    pub series: Vec<SeriesDraft>,
    #[serde(default)]
    pub company_address: Address,
    #[serde(default)]
    pub vat_number: String,
    /// A `data:image/...;base64,` URL, or `None` for no logo.
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default)]
    pub age_credits: bool,
    /// Dunning levels in days overdue, as typed ("15, 30, 45"); empty keeps the saved ones.
    #[serde(default)]
    pub dunning_levels: String,
    /// The number format's code ("nb-NO", "en"); empty: follow the browser's language.
    #[serde(default)]
    pub number_format: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesDraft {
    pub kind: SeriesKind,
    pub prefix: String,
    pub next_number: String,
    pub width: String,
    pub manual_numbering: bool,
}

impl SeriesDraft {
    /// The number the next document would get with what is typed ("Next is" in the
    /// preferences), as [`crate::settings::NumberSeries::peek`] gives it once saved. A
    /// width that is not a number counts as 1, and at most 15 digits are padded.
    pub fn preview(&self) -> String {
        let width = self.width.trim().parse::<usize>().unwrap_or(1).min(15);
        format!("{}{:0>width$}", self.prefix, self.next_number.trim())
    }
}

impl SettingsDraft {
    pub fn from_settings(settings: &Settings) -> Self {
        SettingsDraft {
            company_name: settings.company_name.clone(),
            company_email: settings.company_email.clone(),
            base_currency: settings.base_currency.clone(),
            business_date: settings.business_date.map(|d| d.to_string()).unwrap_or_default(),
            hold_documents_on_entry: settings.hold_documents_on_entry,
            validate_totals_on_entry: settings.validate_totals_on_entry,
            require_payment_ref_on_entry: settings.require_payment_ref_on_entry,
            require_invoice_printing_before_release: settings.require_invoice_printing_before_release,
            require_invoice_emailing_before_release: settings.require_invoice_emailing_before_release,
            series: settings
                .series
                .iter()
                .map(|(kind, s)| SeriesDraft {
                    kind: *kind,
                    prefix: s.prefix.clone(),
                    next_number: s.next_number.to_string(),
                    width: s.width.to_string(),
                    manual_numbering: s.manual_numbering,
                })
                .collect(),
            company_address: settings.company_address.clone(),
            vat_number: settings.vat_number.clone(),
            logo: settings.logo.clone(),
            age_credits: settings.age_credits,
            dunning_levels: settings.dunning_levels.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", "),
            number_format: settings.number_format.map(|f| f.code().to_string()).unwrap_or_default(),
        }
    }
}

pub fn save_settings(ledger: &Ledger, draft: &SettingsDraft) -> Result<Change, Vec<Problem>> {
    let mut problems = Problems::default();
    problems.check_text(&preferences::COMPANY_NAME, &draft.company_name, 100, true);
    let company_email = draft.company_email.trim();
    if !company_email.is_empty() && !is_valid_email(company_email) {
        problems.add(
            preferences::COMPANY_EMAIL,
            ProblemKind::Format,
            format!("\"{}\" is not an email address", company_email.chars().take(60).collect::<String>()),
        );
    }
    if ledger.settings.currency(&draft.base_currency).is_none() {
        problems.add(preferences::BASE_CURRENCY, ProblemKind::Required, "Choose a currency from the currency table");
    } else if draft.base_currency != ledger.settings.base_currency && !ledger.documents.is_empty() {
        problems.add(preferences::BASE_CURRENCY, ProblemKind::NotAllowed, "The base currency cannot change once documents exist");
    }
    let business_date = if draft.business_date.trim().is_empty() {
        None
    } else {
        match parse_date(&draft.business_date) {
            Ok(date) => Some(date),
            Err(message) => {
                problems.date(preferences::BUSINESS_DATE, &draft.business_date, message);
                None
            }
        }
    };
    let number_format = match draft.number_format.trim() {
        "" => None,
        code => {
            let format = NumberFormat::from_code(code);
            if format.is_none() {
                problems.add(preferences::NUMBER_FORMAT, ProblemKind::Unknown, "Choose nb-NO (1 234,50), en (1,234.50) or the browser's language");
            }
            format
        }
    };
    let company_address = normalised(&draft.company_address);
    check_address(&mut problems, &preferences::COMPANY_ADDRESS, &company_address);
    let vat_number = draft.vat_number.trim();
    if vat_number.chars().count() > 20 {
        problems.add(preferences::VAT_NUMBER, ProblemKind::TooLong, "At most 20 characters");
    } else if !vat_number.chars().all(|c| c.is_alphanumeric() || c == ' ') {
        problems.add(preferences::VAT_NUMBER, ProblemKind::Format, "Use letters, digits and spaces only");
    }
    if let Some((kind, message)) = draft.logo.as_deref().and_then(crate::settings::logo_check) {
        problems.add(preferences::LOGO, kind, message);
    }
    let mut settings = ledger.settings.clone();
    for series_draft in &draft.series {
        let current = ledger.settings.series.get(&series_draft.kind).cloned();
        problems.check_text(&preferences::series(series_draft.kind, SeriesColumn::Prefix), &series_draft.prefix, 10, false);
        let next = match series_draft.next_number.trim().parse::<u64>() {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                problems.add(preferences::series(series_draft.kind, SeriesColumn::NextNumber), ProblemKind::OutOfRange, "Enter a whole number of 1 or more");
                None
            }
        };
        if let (Some(n), Some(current)) = (next, &current) {
            if n < current.next_number && series_draft.prefix == current.prefix {
                problems.add(
                    preferences::series(series_draft.kind, SeriesColumn::NextNumber),
                    ProblemKind::NotAllowed,
                    format!("Cannot be lower than {}: numbers already given are never reused", current.next_number),
                );
            }
        }
        let width = match series_draft.width.trim().parse::<u32>() {
            Ok(w) if (1..=15).contains(&w) => Some(w),
            _ => {
                problems.add(preferences::series(series_draft.kind, SeriesColumn::Width), ProblemKind::OutOfRange, "Enter a width from 1 to 15");
                None
            }
        };
        if let (Some(next_number), Some(width)) = (next, width) {
            let series = settings.series.entry(series_draft.kind).or_insert_with(|| crate::settings::NumberSeries::new("", 1, 6));
            series.prefix = series_draft.prefix.clone();
            series.next_number = next_number;
            series.width = width;
            series.manual_numbering = series_draft.manual_numbering;
        }
    }
    settings.company_name = draft.company_name.trim().to_string();
    settings.company_email = company_email.to_string();
    settings.base_currency = draft.base_currency.clone();
    settings.business_date = business_date;
    settings.hold_documents_on_entry = draft.hold_documents_on_entry;
    settings.validate_totals_on_entry = draft.validate_totals_on_entry;
    settings.require_payment_ref_on_entry = draft.require_payment_ref_on_entry;
    settings.company_address = company_address;
    settings.vat_number = vat_number.to_string();
    settings.logo = draft.logo.clone();
    settings.age_credits = draft.age_credits;
    if !draft.dunning_levels.trim().is_empty() {
        match crate::settings::periods::parse_ageing_days(&draft.dunning_levels) {
            Ok(levels) => settings.dunning_levels = levels,
            Err(message) => problems.add(preferences::DUNNING_LEVELS, ProblemKind::Format, message),
        }
    }
    settings.number_format = number_format;
    settings.require_invoice_printing_before_release = draft.require_invoice_printing_before_release;
    settings.require_invoice_emailing_before_release = draft.require_invoice_emailing_before_release;
    problems.into_result(|| Change { puts: crate::ledger::settings_puts(&ledger.settings, &settings), deletes: vec![] })
}

/// Saves the relay endpoint (R12.4): an `https://` URL (or `http://` on this computer:
/// localhost, 127.0.0.1), or empty for none; a one-line token; extra headers as
/// `Name: value` lines with a plain header name.
pub fn save_relay(ledger: &Ledger, relay: &crate::settings::RelaySettings) -> Result<Change, Vec<Problem>> {
    use crate::fields::relay as field;
    let mut problems = Problems::default();
    let url = relay.url.trim();
    let local = ["http://localhost", "http://127.0.0.1", "http://[::1]"]
        .iter()
        .any(|p| url.strip_prefix(p).is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/'])));
    if !(url.is_empty() || local || url.starts_with("https://") && url.len() > "https://".len()) {
        problems.add(field::URL, ProblemKind::Format, "Enter an https:// address (http:// only for localhost or 127.0.0.1)");
    } else if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        problems.add(field::URL, ProblemKind::Format, "An address has no spaces");
    }
    problems.check_text(&field::TOKEN, relay.token.trim(), 500, false);
    for (n, line) in relay.headers.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let valid = line.split_once(':').is_some_and(|(name, value)| {
            let name = name.trim();
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') && !value.contains(['\r', '\0'])
        });
        if !valid {
            problems.add(field::HEADERS, ProblemKind::Format, format!("Line {}: write a header as Name: value", n + 1));
            break;
        }
    }
    let saved = crate::settings::RelaySettings { url: url.to_string(), token: relay.token.trim().to_string(), headers: relay.headers.trim().to_string() };
    let mut settings = ledger.settings.clone();
    settings.relay = saved;
    problems.into_result(|| Change { puts: crate::ledger::settings_puts(&ledger.settings, &settings), deletes: vec![] })
}

/// The business date alone (the header's date picker, *+1 day*, *+1 month*, *Today*):
/// nothing else of the settings changes. `None`: the computer's date again.
pub fn set_business_date(ledger: &Ledger, date: Option<NaiveDate>) -> Change {
    let mut settings = ledger.settings.clone();
    settings.business_date = date;
    Change { puts: crate::ledger::settings_puts(&ledger.settings, &settings), deletes: vec![] }
}

/// The date a month after `date`, on the same day or the month's last day (Jan 31 →
/// Feb 28); `date` itself at the end of the calendar.
pub fn one_month_after(date: NaiveDate) -> NaiveDate {
    date.checked_add_months(chrono::Months::new(1)).unwrap_or(date)
}

#[cfg(test)]
mod business_date_tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn setting_the_business_date_changes_only_it() {
        let ledger = Ledger::default();
        let change = set_business_date(&ledger, Some(day("2026-03-31")));
        assert_eq!(change.puts.len(), 1);
        let mut after = ledger.clone();
        after.apply(&change);
        assert_eq!(after.settings.business_date, Some(day("2026-03-31")));
        assert_eq!(
            after.settings.without_counters_and_logo(),
            Settings { business_date: Some(day("2026-03-31")), ..ledger.settings.clone() }.without_counters_and_logo()
        );
        assert!(set_business_date(&after, Some(day("2026-03-31"))).puts.is_empty(), "the same date changes nothing");
    }

    #[test]
    fn a_month_on_keeps_the_day_or_takes_the_months_last() {
        assert_eq!(one_month_after(day("2026-01-31")), day("2026-02-28"));
        assert_eq!(one_month_after(day("2028-01-31")), day("2028-02-29"));
        assert_eq!(one_month_after(day("2026-03-15")), day("2026-04-15"));
        assert_eq!(one_month_after(day("2026-12-31")), day("2027-01-31"));
    }
}
