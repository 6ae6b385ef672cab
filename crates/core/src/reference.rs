//! Editing the reference tables (SPEC R1.6): currencies, currency rates by effective
//! date, VAT categories with rates by effective date, and payment terms.
//!
//! The whole set is saved at once (one command, one change), so a rate and the
//! currency it belongs to can be added together.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::ledger::{Change, Ledger, Record};
use crate::money::{parse_decimal, Currency};
use crate::problem::{parse_date, Problem, Problems};
use crate::settings::{CurrencyRate, PaymentTerms, Settings, VatCategory, VatRate};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencyDraft {
    pub code: String,
    pub description: String,
    pub minor_units: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencyRateDraft {
    pub currency: String,
    pub effective: String,
    pub rate: String,
    /// Empty: SPOT.
    #[serde(default)]
    pub rate_type: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatCategoryDraft {
    pub id: String,
    pub description: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatRateDraft {
    pub category: String,
    pub effective: String,
    pub rate_pct: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsDraft {
    pub id: String,
    pub description: String,
    pub days_to_due: String,
    pub discount_days: String,
    pub discount_pct: String,
}

/// The reference tables as typed. Field names of problems: `currencies.2.code`,
/// `currency_rates.0.rate`, `vat_categories.1.id`, `vat_rates.3.rate_pct`, `terms.0.days_to_due`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceTablesDraft {
    pub currencies: Vec<CurrencyDraft>,
    pub currency_rates: Vec<CurrencyRateDraft>,
    pub vat_categories: Vec<VatCategoryDraft>,
    pub vat_rates: Vec<VatRateDraft>,
    pub terms: Vec<TermsDraft>,
}

impl ReferenceTablesDraft {
    pub fn from_settings(settings: &Settings) -> Self {
        ReferenceTablesDraft {
            currencies: settings
                .currencies
                .iter()
                .map(|c| CurrencyDraft { code: c.code.clone(), description: c.description.clone(), minor_units: c.minor_units.to_string() })
                .collect(),
            currency_rates: settings
                .currency_rates
                .iter()
                .map(|r| CurrencyRateDraft { currency: r.currency.clone(), effective: r.effective.to_string(), rate: r.rate.to_string(), rate_type: r.rate_type.clone() })
                .collect(),
            vat_categories: settings.vat_categories.iter().map(|v| VatCategoryDraft { id: v.id.clone(), description: v.description.clone() }).collect(),
            vat_rates: settings
                .vat_categories
                .iter()
                .flat_map(|v| {
                    v.rates.iter().map(|r| VatRateDraft { category: v.id.clone(), effective: r.effective.to_string(), rate_pct: r.rate_pct.normalize().to_string() })
                })
                .collect(),
            terms: settings
                .terms
                .iter()
                .map(|t| TermsDraft {
                    id: t.id.clone(),
                    description: t.description.clone(),
                    days_to_due: t.days_to_due.to_string(),
                    discount_days: t.discount_days.to_string(),
                    discount_pct: t.discount_pct.normalize().to_string(),
                })
                .collect(),
        }
    }
}

fn whole_number(problems: &mut Problems, field: String, text: &str, max: u32) -> Option<u32> {
    match text.trim().parse::<u32>() {
        Ok(n) if n <= max => Some(n),
        _ => {
            problems.add(field, format!("Enter a whole number from 0 to {max}"));
            None
        }
    }
}

fn effective_date(problems: &mut Problems, field: String, text: &str) -> Option<NaiveDate> {
    match parse_date(text) {
        Ok(d) => Some(d),
        Err(message) => {
            problems.add(field, message);
            None
        }
    }
}

/// Validates the tables against what the ledger uses and returns the new settings.
pub fn save_reference_tables(ledger: &Ledger, draft: &ReferenceTablesDraft) -> Result<Change, Vec<Problem>> {
    let mut problems = Problems::default();
    let settings = &ledger.settings;

    let mut currencies = Vec::new();
    let mut codes = BTreeSet::new();
    for (i, c) in draft.currencies.iter().enumerate() {
        let code = c.code.trim().to_uppercase();
        if !(code.len() == 3 && code.chars().all(|ch| ch.is_ascii_uppercase())) {
            problems.add(format!("currencies.{i}.code"), "Use the three-letter ISO code, such as EUR");
        } else if !codes.insert(code.clone()) {
            problems.add(format!("currencies.{i}.code"), format!("{code} is listed twice"));
        }
        problems.check_text(&format!("currencies.{i}.description"), &c.description, 60, false);
        let minor_units = whole_number(&mut problems, format!("currencies.{i}.minor_units"), &c.minor_units, 4);
        if let (Some(units), Some(old)) = (minor_units, settings.currency(&code)) {
            if units != old.minor_units && ledger.documents.values().any(|d| d.currency == code) {
                problems.add(format!("currencies.{i}.minor_units"), format!("{code} has documents; its decimals cannot change"));
            }
        }
        if let Some(units) = minor_units {
            currencies.push(Currency { code, description: c.description.trim().to_string(), minor_units: units });
        }
    }
    for old in &settings.currencies {
        if codes.contains(&old.code) {
            continue;
        }
        let used = old.code == settings.base_currency
            || ledger.customers.values().any(|c| c.currency == old.code)
            || ledger.classes.values().any(|c| c.currency.as_deref() == Some(old.code.as_str()))
            || ledger.documents.values().any(|d| d.currency == old.code);
        if used {
            problems.add("currencies", format!("{} is in use (base currency, a class, a customer or a document) and cannot be removed", old.code));
        }
    }

    let mut currency_rates = Vec::new();
    let mut rate_keys = BTreeSet::new();
    for (i, r) in draft.currency_rates.iter().enumerate() {
        let currency = r.currency.trim().to_uppercase();
        if !codes.contains(&currency) {
            problems.add(format!("currency_rates.{i}.currency"), "Choose a currency from the table");
        } else if currency == settings.base_currency {
            problems.add(format!("currency_rates.{i}.currency"), "The base currency always has rate 1");
        }
        let effective = effective_date(&mut problems, format!("currency_rates.{i}.effective"), &r.effective);
        let rate = match parse_decimal(&r.rate, 8) {
            Ok(rate) if rate > Decimal::ZERO => Some(rate),
            Ok(_) => {
                problems.add(format!("currency_rates.{i}.rate"), "Must be more than zero");
                None
            }
            Err(e) => {
                problems.add(format!("currency_rates.{i}.rate"), e.to_string());
                None
            }
        };
        let rate_type = if r.rate_type.trim().is_empty() { crate::settings::SPOT.to_string() } else { r.rate_type.trim().to_uppercase() };
        problems.check_id(&format!("currency_rates.{i}.rate_type"), &rate_type, 10);
        if let (Some(effective), Some(rate)) = (effective, rate) {
            if !rate_keys.insert((currency.clone(), rate_type.clone(), effective)) {
                problems.add(format!("currency_rates.{i}.effective"), format!("{currency} already has a {rate_type} rate effective on {effective}"));
            }
            currency_rates.push(CurrencyRate { currency, effective, rate, rate_type });
        }
    }
    currency_rates.sort_by(|a, b| (&a.currency, &a.rate_type, a.effective).cmp(&(&b.currency, &b.rate_type, b.effective)));

    let mut vat_categories: Vec<VatCategory> = Vec::new();
    for (i, v) in draft.vat_categories.iter().enumerate() {
        let id = v.id.trim().to_uppercase();
        problems.check_id(&format!("vat_categories.{i}.id"), &id, 10);
        problems.check_text(&format!("vat_categories.{i}.description"), &v.description, 60, true);
        if vat_categories.iter().any(|c| c.id == id) {
            problems.add(format!("vat_categories.{i}.id"), format!("{id} is listed twice"));
        }
        vat_categories.push(VatCategory { id, description: v.description.trim().to_string(), rates: Vec::new() });
    }
    for (i, r) in draft.vat_rates.iter().enumerate() {
        let category = r.category.trim().to_uppercase();
        let effective = effective_date(&mut problems, format!("vat_rates.{i}.effective"), &r.effective);
        let rate = match parse_decimal(&r.rate_pct, 4) {
            Ok(rate) if rate >= Decimal::ZERO && rate <= Decimal::ONE_HUNDRED => Some(rate),
            Ok(_) => {
                problems.add(format!("vat_rates.{i}.rate_pct"), "Must be from 0 to 100");
                None
            }
            Err(e) => {
                problems.add(format!("vat_rates.{i}.rate_pct"), e.to_string());
                None
            }
        };
        match vat_categories.iter_mut().find(|c| c.id == category) {
            None => problems.add(format!("vat_rates.{i}.category"), "Choose a VAT category from the table"),
            Some(c) => {
                if let (Some(effective), Some(rate_pct)) = (effective, rate) {
                    if c.rates.iter().any(|x| x.effective == effective) {
                        problems.add(format!("vat_rates.{i}.effective"), format!("{category} already has a rate effective on {effective}"));
                    }
                    c.rates.push(VatRate { effective, rate_pct });
                }
            }
        }
    }
    for (i, c) in vat_categories.iter_mut().enumerate() {
        c.rates.sort_by_key(|r| r.effective);
        if c.rates.is_empty() && draft.vat_rates.iter().all(|r| r.category.trim().to_uppercase() != c.id) {
            problems.add(format!("vat_categories.{i}.id"), format!("{} needs at least one rate", c.id));
        }
    }
    for old in &settings.vat_categories {
        if !vat_categories.iter().any(|c| c.id == old.id) && ledger.documents.values().any(|d| d.lines.iter().any(|l| l.vat_category == old.id)) {
            problems.add("vat_categories", format!("VAT category {} is used on documents and cannot be removed", old.id));
        }
    }

    let mut terms: Vec<PaymentTerms> = Vec::new();
    for (i, t) in draft.terms.iter().enumerate() {
        let id = t.id.trim().to_uppercase();
        problems.check_id(&format!("terms.{i}.id"), &id, 10);
        problems.check_text(&format!("terms.{i}.description"), &t.description, 60, true);
        if terms.iter().any(|x| x.id == id) {
            problems.add(format!("terms.{i}.id"), format!("{id} is listed twice"));
        }
        let days_to_due = whole_number(&mut problems, format!("terms.{i}.days_to_due"), &t.days_to_due, 3650);
        let discount_days = if t.discount_days.trim().is_empty() { Some(0) } else { whole_number(&mut problems, format!("terms.{i}.discount_days"), &t.discount_days, 3650) };
        if let (Some(due), Some(discount)) = (days_to_due, discount_days) {
            if discount > due {
                problems.add(format!("terms.{i}.discount_days"), "Cannot be more than the days to due");
            }
        }
        let discount_pct = if t.discount_pct.trim().is_empty() {
            Some(Decimal::ZERO)
        } else {
            match parse_decimal(&t.discount_pct, 2) {
                Ok(p) if p >= Decimal::ZERO && p < Decimal::ONE_HUNDRED => Some(p),
                Ok(_) => {
                    problems.add(format!("terms.{i}.discount_pct"), "Must be from 0 to under 100");
                    None
                }
                Err(e) => {
                    problems.add(format!("terms.{i}.discount_pct"), e.to_string());
                    None
                }
            }
        };
        if let (Some(days_to_due), Some(discount_days), Some(discount_pct)) = (days_to_due, discount_days, discount_pct) {
            terms.push(PaymentTerms { id, description: t.description.trim().to_string(), days_to_due, discount_days, discount_pct });
        }
    }
    for old in &settings.terms {
        let in_draft = draft.terms.iter().any(|t| t.id.trim().to_uppercase() == old.id);
        if !in_draft && (ledger.customers.values().any(|c| c.terms_id == old.id) || ledger.classes.values().any(|c| c.terms_id == old.id)) {
            problems.add("terms", format!("Terms {} are used by a class or a customer and cannot be removed", old.id));
        }
    }
    // A rate type a class or customer uses must keep at least one rate (R3.5).
    let used_types: BTreeSet<&str> = ledger.customers.values().map(|c| c.rate_type.as_str()).chain(ledger.classes.values().map(|c| c.rate_type.as_str())).filter(|t| !t.is_empty()).collect();
    for used in used_types {
        if used != crate::settings::SPOT && !currency_rates.iter().any(|r| r.rate_type == used) {
            problems.add("currency_rates", format!("Rate type {used} is used by a class or a customer: keep at least one {used} rate"));
        }
    }

    let mut new_settings = settings.clone();
    new_settings.currencies = currencies;
    new_settings.currency_rates = currency_rates;
    new_settings.vat_categories = vat_categories;
    new_settings.terms = terms;
    problems.into_result(|| Change { puts: vec![Record::Settings(new_settings)], deletes: vec![] })
}
