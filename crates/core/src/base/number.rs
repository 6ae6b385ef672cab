//! How numbers are typed and shown: one convention, chosen in the preferences, for
//! every input, window, message, printout and report.
//!
//! Two conventions exist: `nb-NO` ("1 234,50": digits grouped by a space, decimals
//! after a comma) and `en` ("1,234.50": grouped by a comma, decimals after a point).
//! Parsing is strict: a group separator only where groups of three allow it, and the
//! other convention's decimal separator is refused with a message that says how to
//! type the number, so "1,234" can never be read as 1.234 by one user and 1234 by
//! another. CSV files and the backup keep plain `1234.50` (`Decimal`'s own text).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::base::money::{round_to_minor_units, Currency, NumberError};

/// A number convention for entry and display.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NumberFormat {
    /// `nb-NO`: "1 234,50".
    #[serde(rename = "nb-NO")]
    Nordic,
    /// `en`: "1,234.50". The default where no browser language tells otherwise
    /// (the command-line tool, tests).
    #[default]
    #[serde(rename = "en")]
    English,
}

/// Spaces a person may type between groups of digits (plain, no-break, narrow no-break).
fn is_space_group(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

impl NumberFormat {
    pub const ALL: [NumberFormat; 2] = [NumberFormat::Nordic, NumberFormat::English];

    /// The language tag that names the convention ("nb-NO", "en").
    pub fn code(self) -> &'static str {
        match self {
            NumberFormat::Nordic => "nb-NO",
            NumberFormat::English => "en",
        }
    }

    /// The convention named by `code` (as [`NumberFormat::code`] gives it).
    pub fn from_code(code: &str) -> Option<NumberFormat> {
        NumberFormat::ALL.into_iter().find(|f| f.code() == code)
    }

    /// 1234.50 as this convention shows it, for choosing one.
    pub fn example(self) -> String {
        self.amount(Decimal::new(123_450, 2), 2)
    }

    /// The convention a browser language uses (`navigator.language`, e.g. "nb-NO",
    /// "en-GB", "sv"): a point for decimals in English and the East Asian languages,
    /// a comma (with space groups) in the Nordic and most other European ones.
    pub fn for_language(tag: &str) -> NumberFormat {
        let language = tag.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match language.as_str() {
            "en" | "zh" | "ja" | "ko" | "th" | "he" | "hi" | "ms" | "fil" | "ga" | "cy" | "" => NumberFormat::English,
            _ => NumberFormat::Nordic,
        }
    }

    /// The character between the whole part and the decimals.
    pub fn decimal_separator(self) -> char {
        match self {
            NumberFormat::Nordic => ',',
            NumberFormat::English => '.',
        }
    }

    /// The character shown between groups of three digits.
    fn group_separator(self) -> char {
        match self {
            NumberFormat::Nordic => '\u{a0}',
            NumberFormat::English => ',',
        }
    }

    /// Whether `c` may stand between groups of digits when typed.
    fn is_group(self, c: char) -> bool {
        is_space_group(c) || (self == NumberFormat::English && c == ',')
    }

    /// The other convention's decimal separator, refused here.
    fn foreign_decimal(self) -> char {
        match self {
            NumberFormat::Nordic => '.',
            NumberFormat::English => ',',
        }
    }

    /// Parses a number typed by a person in this convention: an optional sign (`-`,
    /// `−` or `+`), digits, optionally grouped by three, and at most one decimal
    /// separator. More decimals than `max_decimals` are refused rather than rounded,
    /// so what was typed is what is stored; the value keeps the scale typed ("12,50"
    /// is 12.50).
    pub fn parse(self, text: &str, max_decimals: u32) -> Result<Decimal, NumberError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(NumberError::Empty);
        }
        let shown: String = trimmed.chars().take(40).collect();
        let malformed = || NumberError::Malformed(shown.clone());
        let (negative, unsigned) = match trimmed.strip_prefix(['-', '\u{2212}']) {
            Some(rest) => (true, rest.trim_start()),
            None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed).trim_start()),
        };
        if !unsigned.chars().all(|c| c.is_ascii_digit() || c == self.decimal_separator() || c == self.foreign_decimal() || self.is_group(c)) {
            return Err(malformed());
        }
        if self == NumberFormat::Nordic && unsigned.contains('.') {
            return Err(self.separator_refusal(negative, unsigned));
        }
        let mut parts = unsigned.split(self.decimal_separator());
        let whole = parts.next().unwrap_or("");
        let fraction = parts.next();
        if parts.next().is_some() {
            return Err(self.separator_refusal(negative, unsigned));
        }
        let fraction = fraction.unwrap_or("");
        if fraction.chars().any(|c| !c.is_ascii_digit()) {
            return Err(self.separator_refusal(negative, unsigned));
        }
        let digits = match self.ungroup(whole) {
            Some(digits) => digits,
            None => return Err(self.grouping_refusal(negative, unsigned)),
        };
        if digits.is_empty() && fraction.is_empty() {
            return Err(malformed());
        }
        if fraction.len() as u32 > max_decimals {
            return Err(NumberError::TooManyDecimals { max: max_decimals });
        }
        if digits.trim_start_matches('0').len() > 15 {
            return Err(NumberError::TooLarge);
        }
        let canonical = format!(
            "{}{}{}{}",
            if negative { "-" } else { "" },
            if digits.is_empty() { "0" } else { &digits },
            if fraction.is_empty() { "" } else { "." },
            fraction
        );
        canonical.parse::<Decimal>().map_err(|_| malformed())
    }

    /// An amount of a currency: at most its minor units as decimals, returned with
    /// exactly that scale.
    pub fn parse_amount(self, text: &str, currency: &Currency) -> Result<Decimal, NumberError> {
        self.parse(text, currency.minor_units).map(|value| currency.round(value))
    }

    /// The whole part without its group separators, if every group after the first
    /// has three digits and the first one to three (`None` otherwise).
    fn ungroup(self, whole: &str) -> Option<String> {
        if !whole.chars().any(|c| self.is_group(c)) {
            return Some(whole.to_string());
        }
        let groups: Vec<&str> = whole.split(|c| self.is_group(c)).collect();
        let first_ok = groups.first().is_some_and(|g| (1..=3).contains(&g.len()));
        let rest_ok = groups.iter().skip(1).all(|g| g.len() == 3);
        (first_ok && rest_ok).then(|| groups.concat())
    }

    /// The message for a number that uses the other convention's decimal separator,
    /// or two decimal separators: how to type it here.
    fn separator_refusal(self, negative: bool, unsigned: &str) -> NumberError {
        let sign = if negative { "-" } else { "" };
        let foreign = self.foreign_decimal();
        let sep = self.decimal_separator();
        // The last foreign separator taken as the decimal one, the others as groups.
        let guess = unsigned.rfind(foreign).and_then(|at| {
            let whole: String = unsigned[..at].chars().filter(char::is_ascii_digit).collect();
            let fraction = &unsigned[at + 1..];
            (!fraction.is_empty() && fraction.chars().all(|c| c.is_ascii_digit())).then(|| {
                let whole = if whole.is_empty() { "0".to_string() } else { whole };
                let decimals = format!("{sign}{}{sep}{fraction}", self.group_digits(&whole));
                if fraction.len() == 3 && unsigned.matches(foreign).count() == 1 {
                    format!("{decimals} for decimals, or {sign}{} for thousands", self.group_digits(&format!("{whole}{fraction}")))
                } else {
                    decimals
                }
            })
        });
        let name = if sep == ',' { "a comma" } else { "a point" };
        let hint = guess.map(|g| format!(": type {}", g.replace('\u{a0}', " "))).unwrap_or_default();
        NumberError::Convention(format!(
            "Decimals follow {name} here{hint} (numbers are typed as {}; change this in Preferences)",
            self.example().replace('\u{a0}', " ")
        ))
    }

    /// The message for digits grouped other than by three.
    fn grouping_refusal(self, negative: bool, unsigned: &str) -> NumberError {
        let sign = if negative { "-" } else { "" };
        let (whole, fraction) = match unsigned.split_once(self.decimal_separator()) {
            Some((w, f)) => (w, format!("{}{f}", self.decimal_separator())),
            None => (unsigned, String::new()),
        };
        let digits: String = whole.chars().filter(char::is_ascii_digit).collect();
        let grouped = self.group_digits(&digits).replace('\u{a0}', " ");
        let by_three = format!("{sign}{grouped}{fraction} or {sign}{digits}{fraction}");
        if self == NumberFormat::English && fraction.is_empty() && whole.contains(',') {
            let as_decimals = comma_as_point(sign, whole);
            let thousands = if digits.len() > 3 { format!("; for thousands, group digits by three: {by_three}") } else { String::new() };
            NumberError::Convention(format!("A comma separates thousands here: for decimals type {as_decimals}{thousands}"))
        } else {
            NumberError::Convention(format!("Group digits by three: type {by_three}"))
        }
    }

    /// Digits with this convention's group separator every three from the right.
    fn group_digits(self, digits: &str) -> String {
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (idx, ch) in digits.chars().enumerate() {
            if idx > 0 && (digits.len() - idx).is_multiple_of(3) {
                grouped.push(self.group_separator());
            }
            grouped.push(ch);
        }
        grouped
    }

    /// A number as shown: its own decimals (a quantity 2, a price 1 234,5), grouped.
    pub fn decimal(self, value: Decimal) -> String {
        let text = value.abs().to_string();
        let (whole, fraction) = match text.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (text.as_str(), None),
        };
        let sign = if value.is_sign_negative() && !value.is_zero() { "-" } else { "" };
        let grouped = self.group_digits(whole);
        match fraction {
            Some(f) => format!("{sign}{grouped}{}{f}", self.decimal_separator()),
            None => format!("{sign}{grouped}"),
        }
    }

    /// An amount rounded to `minor_units` decimals and shown with exactly that many:
    /// 1234.5 in a 2-decimal currency is "1 234,50" (nb-NO) or "1,234.50" (en).
    pub fn amount(self, amount: Decimal, minor_units: u32) -> String {
        self.decimal(round_to_minor_units(amount, minor_units))
    }

    /// A count of things ("10 026 documents").
    pub fn count(self, n: usize) -> String {
        self.group_digits(&n.to_string())
    }

    /// What a typed number is shown as once the field is left: the value as
    /// understood, in this convention ("1234,5" → "1 234,5"); `None` when it does
    /// not parse (the text stays as typed and Save says why beside the field).
    pub fn normalised(self, text: &str, max_decimals: u32) -> Option<String> {
        if text.trim().is_empty() {
            return None;
        }
        self.parse(text, max_decimals).ok().map(|value| self.decimal(value))
    }
}

/// "1,23" read as decimals in `en`: "1.23" (the last comma as the point).
fn comma_as_point(sign: &str, whole: &str) -> String {
    match whole.rsplit_once(',') {
        Some((w, f)) => format!("{sign}{}.{f}", w.chars().filter(char::is_ascii_digit).collect::<String>()),
        None => format!("{sign}{whole}"),
    }
}
