//! Customer classes and customers (SPEC R2, R3 — the first slice).

use serde::{Deserialize, Serialize};

use crate::address::Address;

/// A customer class: defaults copied into new customers (SPEC R2.1, R2.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerClass {
    pub id: String,
    pub description: String,
    pub terms_id: String,
    /// `None` means the base currency.
    pub currency: Option<String>,
    pub allow_currency_override: bool,
    /// Default credit verification of the class's new customers (R2.1).
    #[serde(default)]
    pub credit: crate::credit::CreditPolicy,
    /// Overdue charges and write-offs (R2.1, R4.12, R4.13).
    #[serde(default)]
    pub dunning: Charges,
    /// The yearly rate of overdue charges, in percent (R4.12: "a rate set in the class").
    #[serde(default)]
    pub overdue_rate_pct: rust_decimal::Decimal,
    /// Default print and email preferences (R2.1, R3.6).
    #[serde(default)]
    pub print_email: PrintEmail,
}

/// A customer's (or a class's default) overdue-charge and write-off settings (R3.5).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Charges {
    /// *Apply overdue charges*.
    pub overdue_charges: bool,
    /// *Enable write-offs*.
    pub write_offs: bool,
    /// The largest balance written off, in base currency.
    pub write_off_limit: rust_decimal::Decimal,
}

/// Print and email preferences of a customer, defaulted from its class (SPEC R3.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PrintEmail {
    pub print_invoices: bool,
    pub email_invoices: bool,
    pub print_dunning_letters: bool,
    pub email_dunning_letters: bool,
    pub print_statements: bool,
    pub email_statements: bool,
    pub multi_currency_statements: bool,
    pub statement_type: StatementType,
}

impl Default for PrintEmail {
    /// Print everything, email nothing, open-item statements in the base currency.
    fn default() -> Self {
        PrintEmail {
            print_invoices: true,
            email_invoices: false,
            print_dunning_letters: true,
            email_dunning_letters: false,
            print_statements: true,
            email_statements: false,
            multi_currency_statements: false,
            statement_type: StatementType::OpenItem,
        }
    }
}

/// How a statement shows the customer's documents (SPEC R3.6, R9).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatementType {
    /// Every open document.
    #[default]
    OpenItem,
    /// The balance at the previous statement, then the period's documents.
    BalanceBroughtForward,
}

impl StatementType {
    pub const ALL: [StatementType; 2] = [StatementType::OpenItem, StatementType::BalanceBroughtForward];

    pub fn label(self) -> &'static str {
        match self {
            StatementType::OpenItem => "Open item",
            StatementType::BalanceBroughtForward => "Balance brought forward",
        }
    }

    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.label() == label)
    }
}

/// Customer status and what it forbids (SPEC R3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CustomerStatus {
    Active,
    OnHold,
    CreditHold,
    Inactive,
    OneTime,
}

impl CustomerStatus {
    pub const ALL: [CustomerStatus; 5] = [
        CustomerStatus::Active,
        CustomerStatus::OnHold,
        CustomerStatus::CreditHold,
        CustomerStatus::Inactive,
        CustomerStatus::OneTime,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CustomerStatus::Active => "Active",
            CustomerStatus::OnHold => "On hold",
            CustomerStatus::CreditHold => "Credit hold",
            CustomerStatus::Inactive => "Inactive",
            CustomerStatus::OneTime => "One-time",
        }
    }

    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.label() == label)
    }

    /// Whether documents of `doc_type` may be entered and released (SPEC R3.1):
    /// On hold allows payments only; Credit hold payments and credit notes;
    /// Inactive nothing new.
    pub fn allows(self, doc_type: crate::document::DocType) -> bool {
        use crate::document::DocType;
        let payment_like = DocType::PAYMENT_LIKE.contains(&doc_type) || DocType::SYSTEM.contains(&doc_type);
        match self {
            CustomerStatus::Active | CustomerStatus::OneTime => true,
            CustomerStatus::OnHold => payment_like,
            CustomerStatus::CreditHold => payment_like || doc_type == DocType::CreditNote,
            CustomerStatus::Inactive => false,
        }
    }
}

/// A customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub id: String,
    pub name: String,
    pub class_id: String,
    pub status: CustomerStatus,
    pub terms_id: String,
    pub currency: String,
    pub allow_currency_override: bool,
    pub email: String,
    /// Main address. Added after the first stored version: old records read it as empty.
    #[serde(default)]
    pub address: Address,
    /// Credit verification (R4.14), copied from the class.
    #[serde(default)]
    pub credit: crate::credit::CreditPolicy,
    /// Overdue charges and write-offs (R3.5), copied from the class.
    #[serde(default)]
    pub dunning: Charges,
    /// Print and email preferences (R3.6), copied from the class.
    #[serde(default)]
    pub print_email: PrintEmail,
}
