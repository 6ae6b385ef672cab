//! The choices the master-data windows offer, read from the reference tables.

use reskontra_core::Ledger;

pub type Options = Vec<(String, String)>;

/// Every list a class or customer window picks from, as (value, label).
#[derive(Clone, PartialEq, Default)]
pub struct Choices {
    /// (code, description): what the class and terms pickers find by.
    pub classes: Options,
    pub terms: Options,
    pub currencies: Options,
    /// With an empty first entry: none.
    pub statement_cycles: Options,
    pub languages: Options,
    pub payment_methods: Options,
    pub branches: Options,
    pub email_accounts: Options,
    /// Currency rate types; empty value: SPOT.
    pub rate_types: Options,
}

pub fn choices(l: &Ledger) -> Choices {
    let none = || std::iter::once((String::new(), "–".to_string()));
    Choices {
        // A new company is offered the starter class (saved with its first customer).
        classes: if l.classes.is_empty() {
            reskontra_core::customers::master::starter_class(l).map(|c| (c.id, c.description)).into_iter().collect()
        } else {
            l.classes.values().map(|c| (c.id.clone(), c.description.clone())).collect()
        },
        terms: l.settings.terms.iter().map(|t| (t.id.clone(), t.description.clone())).collect(),
        currencies: l.settings.currencies.iter().map(|c| (c.code.clone(), c.code.clone())).collect(),
        statement_cycles: none().chain(l.settings.statement_cycles.iter().map(|c| (c.id.clone(), format!("{} – {}", c.id, c.description)))).collect(),
        languages: none().chain(l.settings.languages.iter().map(|g| (g.code.clone(), format!("{} – {}", g.code, g.name)))).collect(),
        payment_methods: none()
            .chain(l.settings.payment_methods.iter().filter(|m| m.active).map(|m| (m.id.clone(), format!("{} – {}", m.id, m.description))))
            .collect(),
        branches: l.settings.branches.iter().map(|b| (b.id.clone(), format!("{} – {}", b.id, b.name))).collect(),
        email_accounts: l.settings.email_accounts.iter().map(|a| (a.id.clone(), format!("{} <{}>", a.sender_name, a.sender_address))).collect(),
        rate_types: std::iter::once((String::new(), "SPOT".to_string()))
            .chain(l.settings.rate_types().into_iter().filter(|t| t != reskontra_core::settings::SPOT).map(|t| (t.clone(), t)))
            .collect(),
    }
}
