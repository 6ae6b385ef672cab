//! Editing the reference tables (SPEC R1.6): currencies, currency rates by effective
//! date, VAT categories with rates by effective date, payment terms, statement cycles
//! with their ageing periods, financial periods, payment methods, email accounts,
//! branches and document languages.
//!
//! The whole set is saved at once (one command, one change), so a rate and the
//! currency it belongs to can be added together.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::base::money::Currency;
use crate::base::problem::{is_valid_email, parse_date, Problem, ProblemKind, Problems};
use crate::fields::{reference_tables, FieldPath, Name};
use crate::ledger::{Change, Ledger};
use crate::settings::periods::{parse_ageing_days, FinancialPeriod, StatementCycle, StatementDay};
use crate::settings::{Branch, CurrencyRate, DocumentLanguage, EmailAccount, PaymentMeans, PaymentMethod, PaymentTerms, Settings, VatCategory, VatRate};

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
    /// % a year; empty: the class's rate.
    #[serde(default)]
    pub overdue_rate_pct: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementCycleDraft {
    pub id: String,
    pub description: String,
    /// "1" … "31" or "end".
    pub prepare_day: String,
    /// Day boundaries as typed: "30, 60, 90".
    pub ageing_days: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentMethodDraft {
    pub id: String,
    pub description: String,
    /// A [`PaymentMeans::key`].
    pub means: String,
    pub active: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailAccountDraft {
    pub id: String,
    pub sender_name: String,
    pub sender_address: String,
    pub is_default: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchDraft {
    pub id: String,
    pub name: String,
    pub is_default: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageDraft {
    pub code: String,
    pub name: String,
    pub is_default: bool,
}

/// The reference tables as typed. Field names of problems: `currencies.2.code`,
/// `currency_rates.0.rate`, `vat_categories.1.id`, `vat_rates.3.rate_pct`, `terms.0.days_to_due`,
/// `statement_cycles.0.ageing_days`, `payment_methods.1.means`, `email_accounts.0.sender_address`,
/// `branches.0.is_default`, `languages.2.code`; a table's own problems at its name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceTablesDraft {
    pub currencies: Vec<CurrencyDraft>,
    pub currency_rates: Vec<CurrencyRateDraft>,
    pub vat_categories: Vec<VatCategoryDraft>,
    pub vat_rates: Vec<VatRateDraft>,
    pub terms: Vec<TermsDraft>,
    #[serde(default)]
    pub statement_cycles: Vec<StatementCycleDraft>,
    /// Generated, not typed (see [`crate::settings::periods::add_year`]); checked again on save.
    #[serde(default)]
    pub financial_periods: Vec<FinancialPeriod>,
    #[serde(default)]
    pub payment_methods: Vec<PaymentMethodDraft>,
    #[serde(default)]
    pub email_accounts: Vec<EmailAccountDraft>,
    #[serde(default)]
    pub branches: Vec<BranchDraft>,
    #[serde(default)]
    pub languages: Vec<LanguageDraft>,
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
                .map(|r| CurrencyRateDraft {
                    currency: r.currency.clone(),
                    effective: r.effective.to_string(),
                    rate: settings.numbers().decimal(r.rate),
                    rate_type: r.rate_type.clone(),
                })
                .collect(),
            vat_categories: settings.vat_categories.iter().map(|v| VatCategoryDraft { id: v.id.clone(), description: v.description.clone() }).collect(),
            vat_rates: settings
                .vat_categories
                .iter()
                .flat_map(|v| {
                    v.rates.iter().map(|r| VatRateDraft {
                        category: v.id.clone(),
                        effective: r.effective.to_string(),
                        rate_pct: settings.numbers().decimal(r.rate_pct.normalize()),
                    })
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
                    discount_pct: settings.numbers().decimal(t.discount_pct.normalize()),
                    overdue_rate_pct: if t.overdue_rate_pct.is_zero() { String::new() } else { settings.numbers().decimal(t.overdue_rate_pct.normalize()) },
                })
                .collect(),
            statement_cycles: settings
                .statement_cycles
                .iter()
                .map(|c| StatementCycleDraft {
                    id: c.id.clone(),
                    description: c.description.clone(),
                    prepare_day: c.prepare_on.as_text(),
                    ageing_days: c.ageing_days.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", "),
                })
                .collect(),
            financial_periods: settings.financial_periods.clone(),
            payment_methods: settings
                .payment_methods
                .iter()
                .map(|m| PaymentMethodDraft { id: m.id.clone(), description: m.description.clone(), means: m.means.key().to_string(), active: m.active })
                .collect(),
            email_accounts: settings
                .email_accounts
                .iter()
                .map(|a| EmailAccountDraft {
                    id: a.id.clone(),
                    sender_name: a.sender_name.clone(),
                    sender_address: a.sender_address.clone(),
                    is_default: a.is_default,
                })
                .collect(),
            branches: settings.branches.iter().map(|b| BranchDraft { id: b.id.clone(), name: b.name.clone(), is_default: b.is_default }).collect(),
            languages: settings.languages.iter().map(|l| LanguageDraft { code: l.code.clone(), name: l.name.clone(), is_default: l.is_default }).collect(),
        }
    }
}

// What refers to the new tables. Customer and class fields that point at them come
// later; each query then also checks those, and removal is refused while in use.

/// Who uses statement cycle `id`: a class or a customer (R1.6).
pub fn statement_cycle_in_use(ledger: &Ledger, id: &str) -> Option<String> {
    used_by(ledger, |c| c.statement_cycle_id == id, |c| c.statement_cycle_id == id)
}

/// Who uses payment method `id`: a customer's payment methods.
pub fn payment_method_in_use(ledger: &Ledger, id: &str) -> Option<String> {
    used_by(ledger, |_| false, |c| c.payment_methods.iter().any(|m| m.method_id == id))
}

/// Who sends from email account `id`: a class (its own or one of its mailings), a
/// customer's mailing, or the preferences' mailing list.
pub fn email_account_in_use(ledger: &Ledger, id: &str) -> Option<String> {
    if ledger.settings.mailings.iter().any(|m| m.email_account_id == id) {
        return Some("the mailing settings use it".to_string());
    }
    used_by(
        ledger,
        |c| c.email_account_id == id || c.mailings.iter().any(|m| m.email_account_id == id),
        |c| c.mailings.iter().any(|m| m.email_account_id == id),
    )
}

/// Who uses branch `id`: a mailing (of the preferences, a class or a customer) or a
/// customer location's shipping branch.
pub fn branch_in_use(ledger: &Ledger, id: &str) -> Option<String> {
    if ledger.settings.mailings.iter().any(|m| m.branch_id == id) {
        return Some("the mailing settings use it".to_string());
    }
    used_by(
        ledger,
        |c| c.mailings.iter().any(|m| m.branch_id == id),
        |c| c.mailings.iter().any(|m| m.branch_id == id) || c.locations.iter().any(|l| l.shipping_branch == id),
    )
}

/// Who writes in document language `code`: a class or a customer.
pub fn language_in_use(ledger: &Ledger, code: &str) -> Option<String> {
    used_by(ledger, |c| c.language == code, |c| c.language == code)
}

/// "used by class X" / "used by N customer(s), such as Y", or `None`.
fn used_by(
    ledger: &Ledger,
    class: impl Fn(&crate::customers::customer::CustomerClass) -> bool,
    customer: impl Fn(&crate::customers::customer::Customer) -> bool,
) -> Option<String> {
    if let Some(c) = ledger.classes.values().find(|c| class(c)) {
        return Some(format!("class {} uses it", c.id));
    }
    let users: Vec<&str> = ledger.customers.values().filter(|c| customer(c)).map(|c| c.id.as_str()).collect();
    users.first().map(|first| format!("{} customer(s) use it, such as {first}", users.len()))
}

/// A financial period is in use when a document is dated in it.
pub fn financial_period_in_use(ledger: &Ledger, period: &FinancialPeriod) -> Option<String> {
    let n_documents = ledger.documents.values().filter(|d| period.contains(d.date)).count();
    (n_documents > 0).then(|| format!("period {} has {n_documents} document(s) dated in it", period.id))
}

/// Refuses a second entry of the same id (compared case-insensitively) at its field.
fn check_unique(problems: &mut Problems, seen: &mut BTreeSet<String>, field: FieldPath, id: &str) {
    if !id.is_empty() && !seen.insert(id.to_lowercase()) {
        problems.add(field, ProblemKind::Duplicate, format!("{id} is listed twice"));
    }
}

/// "One default": exactly one row ticked, or (when `optional`) an empty table.
fn check_one_default(problems: &mut Problems, table: &FieldPath, defaults: &[bool], optional: bool) {
    let n_defaults = defaults.iter().filter(|d| **d).count();
    if defaults.is_empty() {
        if !optional {
            problems.add(table, ProblemKind::Required, "Keep at least one row");
        }
    } else if n_defaults == 0 {
        problems.add(table, ProblemKind::Required, "Tick one row as the default");
    } else if n_defaults > 1 {
        for (i, _) in defaults.iter().enumerate().filter(|(_, d)| **d).skip(1) {
            problems.add(table.cell(i, Name::IsDefault), ProblemKind::NotAllowed, "Only one row can be the default");
        }
    }
}

fn check_removed(
    problems: &mut Problems,
    table: &FieldPath,
    what: &str,
    old_ids: impl Iterator<Item = String>,
    new_ids: &BTreeSet<String>,
    in_use: impl Fn(&str) -> Option<String>,
) {
    for old in old_ids {
        if !new_ids.contains(&old.to_lowercase()) {
            if let Some(reason) = in_use(&old) {
                problems.add(table, ProblemKind::NotAllowed, format!("{what} {old} is in use ({reason}) and cannot be removed"));
            }
        }
    }
}

/// Checks the tables added with R1.6's second part and stores them in `new_settings`.
fn save_more_tables(ledger: &Ledger, draft: &ReferenceTablesDraft, problems: &mut Problems, new_settings: &mut Settings) {
    let settings = &ledger.settings;

    let mut cycles = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, c) in draft.statement_cycles.iter().enumerate() {
        let id = c.id.trim().to_uppercase();
        problems.check_id(&reference_tables::STATEMENT_CYCLES.cell(i, Name::Id), &id, 10);
        check_unique(problems, &mut seen, reference_tables::STATEMENT_CYCLES.cell(i, Name::Id), &id);
        problems.check_text(&reference_tables::STATEMENT_CYCLES.cell(i, Name::Description), &c.description, 60, true);
        let prepare_on = StatementDay::parse(&c.prepare_day);
        if prepare_on.is_none() {
            problems.add(reference_tables::STATEMENT_CYCLES.cell(i, Name::PrepareDay), ProblemKind::Format, "Choose a day from 1 to 31, or end of month");
        }
        let ageing_days = match parse_ageing_days(&c.ageing_days) {
            Ok(days) => Some(days),
            Err(message) => {
                problems.add(reference_tables::STATEMENT_CYCLES.cell(i, Name::AgeingDays), ProblemKind::Format, message);
                None
            }
        };
        if let (Some(prepare_on), Some(ageing_days)) = (prepare_on, ageing_days) {
            cycles.push(StatementCycle { id, description: c.description.trim().to_string(), prepare_on, ageing_days });
        }
    }
    if draft.statement_cycles.is_empty() {
        problems.add(reference_tables::STATEMENT_CYCLES, ProblemKind::Required, "Keep at least one statement cycle");
    }
    check_removed(problems, &reference_tables::STATEMENT_CYCLES, "Statement cycle", settings.statement_cycles.iter().map(|c| c.id.clone()), &seen, |id| {
        statement_cycle_in_use(ledger, id)
    });

    let mut periods = draft.financial_periods.clone();
    periods.sort_by_key(|p| p.start);
    let mut period_ids = BTreeSet::new();
    for (i, p) in periods.iter().enumerate() {
        if p.end < p.start || p.id.trim().is_empty() || p.id.chars().any(|c| c.is_control()) {
            problems.add(
                reference_tables::FINANCIAL_PERIODS,
                ProblemKind::Format,
                format!("Period {} is malformed; generate its year again", p.id.chars().filter(|c| !c.is_control()).take(20).collect::<String>()),
            );
        } else if !period_ids.insert(p.id.clone()) {
            problems.add(reference_tables::FINANCIAL_PERIODS, ProblemKind::Duplicate, format!("Period {} is listed twice", p.id));
        }
        if let Some(next) = periods.get(i + 1) {
            if next.start <= p.end {
                problems.add(reference_tables::FINANCIAL_PERIODS, ProblemKind::Duplicate, format!("Periods {} and {} overlap", p.id, next.id));
            }
        }
    }
    for old in &settings.financial_periods {
        if !periods.iter().any(|p| p == old) {
            if let Some(reason) = financial_period_in_use(ledger, old) {
                problems.add(
                    reference_tables::FINANCIAL_PERIODS,
                    ProblemKind::NotAllowed,
                    format!("Financial periods with documents cannot be removed: {reason}"),
                );
            }
        }
    }

    let mut methods = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, m) in draft.payment_methods.iter().enumerate() {
        let id = m.id.trim().to_uppercase();
        problems.check_id(&reference_tables::PAYMENT_METHODS.cell(i, Name::Id), &id, 10);
        check_unique(problems, &mut seen, reference_tables::PAYMENT_METHODS.cell(i, Name::Id), &id);
        problems.check_text(&reference_tables::PAYMENT_METHODS.cell(i, Name::Description), &m.description, 60, true);
        match PaymentMeans::from_key(&m.means) {
            Some(means) => methods.push(PaymentMethod { id, description: m.description.trim().to_string(), means, active: m.active }),
            None => {
                problems.add(reference_tables::PAYMENT_METHODS.cell(i, Name::Means), ProblemKind::Format, "Choose bank transfer, card, cash or direct debit")
            }
        }
    }
    check_removed(problems, &reference_tables::PAYMENT_METHODS, "Payment method", settings.payment_methods.iter().map(|m| m.id.clone()), &seen, |id| {
        payment_method_in_use(ledger, id)
    });

    let mut accounts = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, a) in draft.email_accounts.iter().enumerate() {
        let id = a.id.trim().to_uppercase();
        problems.check_id(&reference_tables::EMAIL_ACCOUNTS.cell(i, Name::Id), &id, 20);
        check_unique(problems, &mut seen, reference_tables::EMAIL_ACCOUNTS.cell(i, Name::Id), &id);
        problems.check_text(&reference_tables::EMAIL_ACCOUNTS.cell(i, Name::SenderName), &a.sender_name, 60, true);
        let address = a.sender_address.trim();
        if address.is_empty() {
            problems.add(reference_tables::EMAIL_ACCOUNTS.cell(i, Name::SenderAddress), ProblemKind::Required, "Required");
        } else if address.chars().count() > 254 || !is_valid_email(address) {
            problems.add(reference_tables::EMAIL_ACCOUNTS.cell(i, Name::SenderAddress), ProblemKind::Format, "Not a valid email address (name@example.no)");
        }
        accounts.push(EmailAccount { id, sender_name: a.sender_name.trim().to_string(), sender_address: address.to_string(), is_default: a.is_default });
    }
    check_one_default(problems, &reference_tables::EMAIL_ACCOUNTS, &draft.email_accounts.iter().map(|a| a.is_default).collect::<Vec<_>>(), true);
    check_removed(problems, &reference_tables::EMAIL_ACCOUNTS, "Email account", settings.email_accounts.iter().map(|a| a.id.clone()), &seen, |id| {
        email_account_in_use(ledger, id)
    });

    let mut branches = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, b) in draft.branches.iter().enumerate() {
        let id = b.id.trim().to_uppercase();
        problems.check_id(&reference_tables::BRANCHES.cell(i, Name::Id), &id, 10);
        check_unique(problems, &mut seen, reference_tables::BRANCHES.cell(i, Name::Id), &id);
        problems.check_text(&reference_tables::BRANCHES.cell(i, Name::Name), &b.name, 60, true);
        branches.push(Branch { id, name: b.name.trim().to_string(), is_default: b.is_default });
    }
    check_one_default(problems, &reference_tables::BRANCHES, &draft.branches.iter().map(|b| b.is_default).collect::<Vec<_>>(), true);
    check_removed(problems, &reference_tables::BRANCHES, "Branch", settings.branches.iter().map(|b| b.id.clone()), &seen, |id| branch_in_use(ledger, id));

    let mut languages = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, l) in draft.languages.iter().enumerate() {
        let code = l.code.trim();
        let field = reference_tables::LANGUAGES.cell(i, Name::Code);
        if code.is_empty() {
            problems.add(field.clone(), ProblemKind::Required, "Required");
        } else if !(2..=8).contains(&code.chars().count()) || !code.chars().all(|c| c.is_ascii_alphabetic() || c == '-') {
            problems.add(field.clone(), ProblemKind::Format, "Use 2 to 8 letters and -, such as nb or en-GB");
        }
        check_unique(problems, &mut seen, field, code);
        problems.check_text(&reference_tables::LANGUAGES.cell(i, Name::Name), &l.name, 40, true);
        languages.push(DocumentLanguage { code: code.to_string(), name: l.name.trim().to_string(), is_default: l.is_default });
    }
    check_one_default(problems, &reference_tables::LANGUAGES, &draft.languages.iter().map(|l| l.is_default).collect::<Vec<_>>(), false);
    check_removed(problems, &reference_tables::LANGUAGES, "Language", settings.languages.iter().map(|l| l.code.clone()), &seen, |code| {
        language_in_use(ledger, code)
    });

    new_settings.statement_cycles = cycles;
    new_settings.financial_periods = periods;
    new_settings.payment_methods = methods;
    new_settings.email_accounts = accounts;
    new_settings.branches = branches;
    new_settings.languages = languages;
}

fn whole_number(problems: &mut Problems, field: FieldPath, text: &str, max: u32) -> Option<u32> {
    match text.trim().parse::<u32>() {
        Ok(n) if n <= max => Some(n),
        _ => {
            problems.add(field, ProblemKind::OutOfRange, format!("Enter a whole number from 0 to {max}"));
            None
        }
    }
}

fn effective_date(problems: &mut Problems, field: FieldPath, text: &str) -> Option<NaiveDate> {
    match parse_date(text) {
        Ok(d) => Some(d),
        Err(message) => {
            problems.date(field, text, message);
            None
        }
    }
}

/// Validates the tables against what the ledger uses and returns the new settings.
pub fn save_reference_tables(ledger: &Ledger, draft: &ReferenceTablesDraft) -> Result<Change, Vec<Problem>> {
    let mut problems = Problems::default();
    let (currencies, codes) = checked_currencies(ledger, draft, &mut problems);
    let currency_rates = checked_currency_rates(ledger, draft, &codes, &mut problems);
    let vat_categories = checked_vat(ledger, draft, &mut problems);
    let terms = checked_terms(ledger, draft, &mut problems);
    rate_types_kept(ledger, &currency_rates, &mut problems);
    let mut new_settings = ledger.settings.clone();
    new_settings.currencies = currencies;
    new_settings.currency_rates = currency_rates;
    new_settings.vat_categories = vat_categories;
    new_settings.terms = terms;
    save_more_tables(ledger, draft, &mut problems, &mut new_settings);
    problems.into_result(|| Change { puts: crate::ledger::settings_puts(&ledger.settings, &new_settings), deletes: vec![] })
}

/// The currency table; a currency in use stays, and its decimals stay while it has documents.
fn checked_currencies(ledger: &Ledger, draft: &ReferenceTablesDraft, problems: &mut Problems) -> (Vec<Currency>, BTreeSet<String>) {
    let settings = &ledger.settings;
    let mut currencies = Vec::new();
    let mut codes = BTreeSet::new();
    for (i, c) in draft.currencies.iter().enumerate() {
        let code = c.code.trim().to_uppercase();
        if !(code.len() == 3 && code.chars().all(|ch| ch.is_ascii_uppercase())) {
            problems.add(reference_tables::CURRENCIES.cell(i, Name::Code), ProblemKind::Format, "Use the three-letter ISO code, such as EUR");
        } else if !codes.insert(code.clone()) {
            problems.add(reference_tables::CURRENCIES.cell(i, Name::Code), ProblemKind::Duplicate, format!("{code} is listed twice"));
        }
        problems.check_text(&reference_tables::CURRENCIES.cell(i, Name::Description), &c.description, 60, false);
        let minor_units = whole_number(problems, reference_tables::CURRENCIES.cell(i, Name::MinorUnits), &c.minor_units, 4);
        if let (Some(units), Some(old)) = (minor_units, settings.currency(&code)) {
            if units != old.minor_units && ledger.documents.values().any(|d| d.currency == code) {
                problems.add(
                    reference_tables::CURRENCIES.cell(i, Name::MinorUnits),
                    ProblemKind::NotAllowed,
                    format!("{code} has documents; its decimals cannot change"),
                );
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
            problems.add(
                reference_tables::CURRENCIES,
                ProblemKind::NotAllowed,
                format!("{} is in use (base currency, a class, a customer or a document) and cannot be removed", old.code),
            );
        }
    }

    (currencies, codes)
}

/// The currency rates: of a listed currency other than the base, one per currency, rate type and date.
fn checked_currency_rates(ledger: &Ledger, draft: &ReferenceTablesDraft, codes: &BTreeSet<String>, problems: &mut Problems) -> Vec<CurrencyRate> {
    let settings = &ledger.settings;
    let mut currency_rates = Vec::new();
    let mut rate_keys = BTreeSet::new();
    for (i, r) in draft.currency_rates.iter().enumerate() {
        let currency = r.currency.trim().to_uppercase();
        if !codes.contains(&currency) {
            problems.add(reference_tables::CURRENCY_RATES.cell(i, Name::Currency), ProblemKind::Unknown, "Choose a currency from the table");
        } else if currency == settings.base_currency {
            problems.add(reference_tables::CURRENCY_RATES.cell(i, Name::Currency), ProblemKind::NotAllowed, "The base currency always has rate 1");
        }
        let effective = effective_date(problems, reference_tables::CURRENCY_RATES.cell(i, Name::Effective), &r.effective);
        let rate = match settings.numbers().parse(&r.rate, 8) {
            Ok(rate) if crate::base::money::valid_rate(rate) => Some(rate),
            Ok(_) => {
                problems.add(
                    reference_tables::CURRENCY_RATES.cell(i, Name::Rate),
                    ProblemKind::OutOfRange,
                    format!("Must be more than zero and at most {}", settings.numbers().amount(crate::base::money::MAX_RATE, 0)),
                );
                None
            }
            Err(e) => {
                problems.number(reference_tables::CURRENCY_RATES.cell(i, Name::Rate), &e);
                None
            }
        };
        let rate_type = if r.rate_type.trim().is_empty() { crate::settings::SPOT.to_string() } else { r.rate_type.trim().to_uppercase() };
        problems.check_id(&reference_tables::CURRENCY_RATES.cell(i, Name::RateType), &rate_type, 10);
        if let (Some(effective), Some(rate)) = (effective, rate) {
            if !rate_keys.insert((currency.clone(), rate_type.clone(), effective)) {
                problems.add(
                    reference_tables::CURRENCY_RATES.cell(i, Name::Effective),
                    ProblemKind::Duplicate,
                    format!("{currency} already has a {rate_type} rate effective on {effective}"),
                );
            }
            currency_rates.push(CurrencyRate { currency, effective, rate, rate_type });
        }
    }
    currency_rates.sort_by(|a, b| (&a.currency, &a.rate_type, a.effective).cmp(&(&b.currency, &b.rate_type, b.effective)));

    currency_rates
}

/// The VAT categories with their rates; a category on documents stays, and each needs a rate.
fn checked_vat(ledger: &Ledger, draft: &ReferenceTablesDraft, problems: &mut Problems) -> Vec<VatCategory> {
    let settings = &ledger.settings;
    let mut vat_categories: Vec<VatCategory> = Vec::new();
    for (i, v) in draft.vat_categories.iter().enumerate() {
        let id = v.id.trim().to_uppercase();
        problems.check_id(&reference_tables::VAT_CATEGORIES.cell(i, Name::Id), &id, 10);
        problems.check_text(&reference_tables::VAT_CATEGORIES.cell(i, Name::Description), &v.description, 60, true);
        if vat_categories.iter().any(|c| c.id == id) {
            problems.add(reference_tables::VAT_CATEGORIES.cell(i, Name::Id), ProblemKind::Duplicate, format!("{id} is listed twice"));
        }
        vat_categories.push(VatCategory { id, description: v.description.trim().to_string(), rates: Vec::new() });
    }
    for (i, r) in draft.vat_rates.iter().enumerate() {
        let category = r.category.trim().to_uppercase();
        let effective = effective_date(problems, reference_tables::VAT_RATES.cell(i, Name::Effective), &r.effective);
        let rate = match settings.numbers().parse(&r.rate_pct, 4) {
            Ok(rate) if rate >= Decimal::ZERO && rate <= Decimal::ONE_HUNDRED => Some(rate),
            Ok(_) => {
                problems.add(reference_tables::VAT_RATES.cell(i, Name::RatePct), ProblemKind::OutOfRange, "Must be from 0 to 100");
                None
            }
            Err(e) => {
                problems.number(reference_tables::VAT_RATES.cell(i, Name::RatePct), &e);
                None
            }
        };
        match vat_categories.iter_mut().find(|c| c.id == category) {
            None => problems.add(reference_tables::VAT_RATES.cell(i, Name::Category), ProblemKind::Unknown, "Choose a VAT category from the table"),
            Some(c) => {
                if let (Some(effective), Some(rate_pct)) = (effective, rate) {
                    if c.rates.iter().any(|x| x.effective == effective) {
                        problems.add(
                            reference_tables::VAT_RATES.cell(i, Name::Effective),
                            ProblemKind::Duplicate,
                            format!("{category} already has a rate effective on {effective}"),
                        );
                    }
                    c.rates.push(VatRate { effective, rate_pct });
                }
            }
        }
    }
    for (i, c) in vat_categories.iter_mut().enumerate() {
        c.rates.sort_by_key(|r| r.effective);
        if c.rates.is_empty() && draft.vat_rates.iter().all(|r| r.category.trim().to_uppercase() != c.id) {
            problems.add(reference_tables::VAT_CATEGORIES.cell(i, Name::Id), ProblemKind::Required, format!("{} needs at least one rate", c.id));
        }
    }
    for old in &settings.vat_categories {
        if !vat_categories.iter().any(|c| c.id == old.id) && ledger.documents.values().any(|d| d.lines.iter().any(|l| l.vat_category == old.id)) {
            problems.add(
                reference_tables::VAT_CATEGORIES,
                ProblemKind::NotAllowed,
                format!("VAT category {} is used on documents and cannot be removed", old.id),
            );
        }
    }

    vat_categories
}

/// The payment terms; terms a class or customer uses stay.
fn checked_terms(ledger: &Ledger, draft: &ReferenceTablesDraft, problems: &mut Problems) -> Vec<PaymentTerms> {
    let settings = &ledger.settings;
    let mut terms: Vec<PaymentTerms> = Vec::new();
    for (i, t) in draft.terms.iter().enumerate() {
        let id = t.id.trim().to_uppercase();
        problems.check_id(&reference_tables::TERMS.cell(i, Name::Id), &id, 10);
        problems.check_text(&reference_tables::TERMS.cell(i, Name::Description), &t.description, 60, true);
        if terms.iter().any(|x| x.id == id) {
            problems.add(reference_tables::TERMS.cell(i, Name::Id), ProblemKind::Duplicate, format!("{id} is listed twice"));
        }
        let days_to_due = whole_number(problems, reference_tables::TERMS.cell(i, Name::DaysToDue), &t.days_to_due, 3650);
        let discount_days = if t.discount_days.trim().is_empty() {
            Some(0)
        } else {
            whole_number(problems, reference_tables::TERMS.cell(i, Name::DiscountDays), &t.discount_days, 3650)
        };
        if let (Some(due), Some(discount)) = (days_to_due, discount_days) {
            if discount > due {
                problems.add(reference_tables::TERMS.cell(i, Name::DiscountDays), ProblemKind::OutOfRange, "Cannot be more than the days to due");
            }
        }
        let discount_pct = if t.discount_pct.trim().is_empty() {
            Some(Decimal::ZERO)
        } else {
            match settings.numbers().parse(&t.discount_pct, 2) {
                Ok(p) if p >= Decimal::ZERO && p < Decimal::ONE_HUNDRED => Some(p),
                Ok(_) => {
                    problems.add(reference_tables::TERMS.cell(i, Name::DiscountPct), ProblemKind::OutOfRange, "Must be from 0 to under 100");
                    None
                }
                Err(e) => {
                    problems.number(reference_tables::TERMS.cell(i, Name::DiscountPct), &e);
                    None
                }
            }
        };
        let overdue_rate_pct =
            crate::customers::master::overdue_rate(problems, &reference_tables::TERMS.cell(i, Name::OverdueRatePct), &t.overdue_rate_pct, settings.numbers());
        if let (Some(days_to_due), Some(discount_days), Some(discount_pct)) = (days_to_due, discount_days, discount_pct) {
            terms.push(PaymentTerms { id, description: t.description.trim().to_string(), days_to_due, discount_days, discount_pct, overdue_rate_pct });
        }
    }
    for old in &settings.terms {
        let in_draft = draft.terms.iter().any(|t| t.id.trim().to_uppercase() == old.id);
        if !in_draft && (ledger.customers.values().any(|c| c.terms_id == old.id) || ledger.classes.values().any(|c| c.terms_id == old.id)) {
            problems.add(reference_tables::TERMS, ProblemKind::NotAllowed, format!("Terms {} are used by a class or a customer and cannot be removed", old.id));
        }
    }
    terms
}

/// A rate type a class or customer uses must keep at least one rate (R3.5).
fn rate_types_kept(ledger: &Ledger, currency_rates: &[CurrencyRate], problems: &mut Problems) {
    let used_types: BTreeSet<&str> = ledger
        .customers
        .values()
        .map(|c| c.rate_type.as_str())
        .chain(ledger.classes.values().map(|c| c.rate_type.as_str()))
        .filter(|t| !t.is_empty())
        .collect();
    for used in used_types {
        if used != crate::settings::SPOT && !currency_rates.iter().any(|r| r.rate_type == used) {
            problems.add(
                reference_tables::CURRENCY_RATES,
                ProblemKind::NotAllowed,
                format!("Rate type {used} is used by a class or a customer: keep at least one {used} rate"),
            );
        }
    }
}
