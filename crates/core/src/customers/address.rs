//! Addresses and the postcode rule of each country (SPEC R3.2).

use serde::{Deserialize, Serialize};

use crate::base::problem::{ProblemKind, Problems};
use crate::fields::{address as address_field, AddressPart, FieldPath};

/// A postal address. Every field is optional text; the country is an ISO 3166
/// alpha-2 code (NO, SE, …) that decides how the postcode is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    #[serde(default)]
    pub line1: String,
    #[serde(default)]
    pub line2: String,
    #[serde(default)]
    pub line3: String,
    #[serde(default)]
    pub postcode: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub country: String,
    /// County or province.
    #[serde(default)]
    pub county: String,
}

/// One character class of a postcode pattern.
#[derive(Clone, Copy)]
enum Slot {
    Digit,
    Letter,
    /// A letter or a digit.
    Alnum,
    Space,
    Hyphen,
}

/// The countries with a postcode rule: (code, name, accepted shapes, example).
const RULES: &[(&str, &str, &[&str], &str)] = &[
    ("NO", "Norwegian", &["9999"], "0150"),
    ("DK", "Danish", &["9999"], "2100"),
    ("FI", "Finnish", &["99999"], "00100"),
    ("SE", "Swedish", &["999 99", "99999"], "113 51"),
    ("US", "US", &["99999", "99999-9999"], "10001"),
    // UK postcodes: an outward code of 2–4 characters, a space, then digit + two letters.
    ("GB", "UK", &["A9 9AA", "A99 9AA", "AA9 9AA", "AA99 9AA", "A9A 9AA", "AA9A 9AA"], "SW1A 1AA"),
];

fn slots(shape: &str) -> Vec<Slot> {
    shape
        .chars()
        .map(|c| match c {
            '9' => Slot::Digit,
            'A' => Slot::Letter,
            ' ' => Slot::Space,
            '-' => Slot::Hyphen,
            _ => Slot::Alnum,
        })
        .collect()
}

fn fits(postcode: &str, shape: &str) -> bool {
    let pattern = slots(shape);
    let chars: Vec<char> = postcode.chars().collect();
    chars.len() == pattern.len()
        && chars.iter().zip(pattern).all(|(c, slot)| match slot {
            Slot::Digit => c.is_ascii_digit(),
            Slot::Letter => c.is_ascii_uppercase(),
            Slot::Alnum => c.is_ascii_uppercase() || c.is_ascii_digit(),
            Slot::Space => *c == ' ',
            Slot::Hyphen => *c == '-',
        })
}

/// Why a postcode does not fit its country, or `None` when it does (or the country
/// has no rule). Letters are compared upper-case, so "sw1a 1aa" passes.
pub fn postcode_problem(country: &str, postcode: &str) -> Option<String> {
    let postcode = postcode.trim().to_uppercase();
    if postcode.is_empty() {
        return None;
    }
    let (_, name, shapes, example) = RULES.iter().find(|(code, ..)| *code == country)?;
    if shapes.iter().any(|shape| fits(&postcode, shape)) {
        None
    } else {
        Some(format!("Not a valid {name} postcode (for example {example})"))
    }
}

/// Checks an address's fields; `prefix` names the form fields (`address.city`).
pub fn check_address(problems: &mut Problems, prefix: &FieldPath, address: &Address) {
    problems.check_text(&address_field(prefix, AddressPart::Line1), &address.line1, 100, false);
    problems.check_text(&address_field(prefix, AddressPart::Line2), &address.line2, 100, false);
    problems.check_text(&address_field(prefix, AddressPart::Line3), &address.line3, 100, false);
    problems.check_text(&address_field(prefix, AddressPart::County), &address.county, 50, false);
    problems.check_text(&address_field(prefix, AddressPart::City), &address.city, 50, false);
    problems.check_text(&address_field(prefix, AddressPart::Postcode), &address.postcode, 20, false);
    let country = address.country.trim();
    if !(country.is_empty() || country.len() == 2 && country.chars().all(|c| c.is_ascii_uppercase())) {
        problems.add(address_field(prefix, AddressPart::Country), ProblemKind::Format, "Use the two-letter country code, such as NO or SE");
    } else if let Some(message) = postcode_problem(country, &address.postcode) {
        problems.add(address_field(prefix, AddressPart::Postcode), ProblemKind::Format, message);
    }
}

/// Trims every field and upper-cases the country and the postcode.
pub fn normalised(address: &Address) -> Address {
    Address {
        line1: address.line1.trim().to_string(),
        line2: address.line2.trim().to_string(),
        line3: address.line3.trim().to_string(),
        county: address.county.trim().to_string(),
        postcode: address.postcode.trim().to_uppercase(),
        city: address.city.trim().to_string(),
        country: address.country.trim().to_uppercase(),
    }
}

/// The countries with a postcode rule, as (code, name) for a picker.
pub fn countries_with_rules() -> Vec<(&'static str, &'static str)> {
    RULES.iter().map(|(code, name, ..)| (*code, *name)).collect()
}
