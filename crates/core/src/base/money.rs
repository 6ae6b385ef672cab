//! Money: limits, currencies and rounding per currency (typed numbers are parsed by
//! [`crate::base::number::NumberFormat`]).
//!
//! Every amount in the ledger is a `Decimal`. Rounding to a currency's minor
//! units happens in exactly one function, [`round_to_minor_units`], with the
//! midpoint rounded away from zero (SPEC R0.4).

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Every amount the ledger keeps (a line, a document total, a balance, a limit) is
/// under this: 10^15, the most a typed number may have (15 whole digits). Sums of
/// 100,000 documents and amounts × rates stay far inside what a `Decimal` holds, so
/// arithmetic on stored amounts cannot overflow (an overflow would panic the page).
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(0xA4C6_8000, 0x0003_8D7E, 0, false, 0);

/// Currency rates are more than zero and at most this (one unit of the currency in
/// base units).
pub const MAX_RATE: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// The most decimals a currency may have.
pub const MAX_MINOR_UNITS: u32 = 4;

/// Whether `amount` is one the ledger can keep.
pub fn within_limit(amount: Decimal) -> bool {
    amount.abs() < MAX_AMOUNT
}

/// Whether a currency rate is one the ledger can keep.
pub fn valid_rate(rate: Decimal) -> bool {
    rate > Decimal::ZERO && rate <= MAX_RATE
}

/// Whether a percentage (VAT, discount, overdue rate) is one the ledger can keep.
pub fn valid_pct(pct: Decimal) -> bool {
    pct >= Decimal::ZERO && pct <= Decimal::ONE_HUNDRED
}

/// A currency of the currency table: its ISO code and how many decimals it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Currency {
    pub code: String,
    pub description: String,
    /// Number of decimals of the currency (NOK 2, JPY 0, KWD 3).
    pub minor_units: u32,
}

impl Currency {
    pub fn new(code: &str, description: &str, minor_units: u32) -> Self {
        Currency { code: code.to_string(), description: description.to_string(), minor_units }
    }

    /// Rounds an amount to this currency's minor units.
    pub fn round(&self, amount: Decimal) -> Decimal {
        round_to_minor_units(amount, self.minor_units)
    }
}

/// The one rounding rule of the ledger: to `minor_units` decimals, midpoint away from zero.
/// The result always carries exactly `minor_units` decimals, so 10 NOK prints as 10.00.
pub fn round_to_minor_units(amount: Decimal, minor_units: u32) -> Decimal {
    // Already exactly that many decimals (most stored amounts): nothing to round.
    if amount.scale() == minor_units {
        return amount;
    }
    let mut rounded = amount.round_dp_with_strategy(minor_units, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(minor_units);
    rounded
}

/// Why a typed number was refused. The text is what the user sees beside the field.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NumberError {
    #[error("Enter a number")]
    Empty,
    #[error("\"{0}\" is not a number")]
    Malformed(String),
    #[error("At most {max} decimals are allowed here")]
    TooManyDecimals { max: u32 },
    #[error("The number is too large")]
    TooLarge,
    #[error("Must be zero or more")]
    Negative,
    #[error("Must be more than zero")]
    NotPositive,
    /// Typed in the other number convention, or grouped other than by three: the
    /// text says how to type it here ([`crate::base::number::NumberFormat::parse`]).
    #[error("{0}")]
    Convention(String),
}

impl NumberError {
    /// The kind of problem this is beside a field.
    pub fn kind(&self) -> crate::base::problem::ProblemKind {
        use crate::base::problem::ProblemKind;
        match self {
            NumberError::Empty => ProblemKind::Required,
            NumberError::Malformed(_) | NumberError::TooManyDecimals { .. } | NumberError::Convention(_) => ProblemKind::Format,
            NumberError::TooLarge | NumberError::Negative | NumberError::NotPositive => ProblemKind::OutOfRange,
        }
    }
}

/// Formats an amount as the command-line tool prints it, grouped by no-break spaces
/// with a point for decimals: `-1234567.5` in a 2-decimal currency is
/// `-1 234 567.50`. Windows, messages and printouts use the number format of the
/// preferences instead ([`crate::base::number::NumberFormat::amount`]).
pub fn format_amount(amount: Decimal, minor_units: u32) -> String {
    let rounded = round_to_minor_units(amount, minor_units);
    let text = rounded.abs().to_string();
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (text.clone(), None),
    };
    let mut grouped = String::new();
    for (idx, ch) in whole.chars().enumerate() {
        if idx > 0 && (whole.len() - idx) % 3 == 0 {
            grouped.push('\u{a0}');
        }
        grouped.push(ch);
    }
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() { "-" } else { "" };
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}
