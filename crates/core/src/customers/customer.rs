//! Customer classes and customers (SPEC R2, R3 — the first slice).

use serde::{Deserialize, Serialize};

use crate::customers::address::Address;

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
    pub credit: crate::documents::credit::CreditPolicy,
    /// Overdue charges and write-offs (R2.1, R4.12, R4.13).
    #[serde(default)]
    pub dunning: Charges,
    /// The yearly rate of overdue charges, in percent (R4.12: "a rate set in the class").
    #[serde(default)]
    pub overdue_rate_pct: rust_decimal::Decimal,
    /// Default print and email preferences (R2.1, R3.6).
    #[serde(default)]
    pub print_email: PrintEmail,
    /// Defaults of R2.1 / R3.5 added with the complete window; empty: none.
    #[serde(default)]
    pub statement_cycle_id: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub apply_payments_automatically: bool,
    /// Currency rate type (empty: SPOT) and *Enable rate override* (R3.5).
    #[serde(default)]
    pub rate_type: String,
    #[serde(default)]
    pub allow_rate_override: bool,
    /// The email account mailings use when theirs is empty (R10.1).
    #[serde(default)]
    pub email_account_id: String,
    /// The class's mailings, copied to its customers (R2.3, R2.4).
    #[serde(default)]
    pub mailings: Vec<crate::customers::mailing::Mailing>,
    /// Attributes the class's customers have (R3.8).
    #[serde(default)]
    pub attributes: Vec<AttributeDef>,
    /// GL accounts instead of the company's (R4.15); empty: the company's.
    #[serde(default)]
    pub accounts: crate::accounting::journal::AccountOverrides,
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

/// The contact lines beside an address (seed 002: company name, attention, web,
/// phones, fax). The main email is [`Customer::email`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactInfo {
    pub company_name: String,
    pub attention: String,
    pub web: String,
    pub phone1: String,
    pub phone2: String,
    pub fax: String,
}

/// The invoicing or the delivery address and contact, each with *Same as main* (R3.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OtherParty {
    pub same_address_as_main: bool,
    pub address: Address,
    pub same_contact_as_main: bool,
    pub contact: ContactInfo,
    pub email: String,
}

impl Default for OtherParty {
    fn default() -> Self {
        OtherParty {
            same_address_as_main: true,
            address: Address::default(),
            same_contact_as_main: true,
            contact: ContactInfo::default(),
            email: String::new(),
        }
    }
}

/// A customer location (R3.3). `MAIN` always exists; exactly one is the default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Location {
    pub id: String,
    pub name: String,
    pub active: bool,
    pub is_default: bool,
    /// Empty: the main address.
    pub address: Address,
    pub vat_zone: String,
    pub corporate_id: String,
    pub vat_registration_id: String,
    pub gln: String,
    pub edi_code: String,
    /// Empty: none.
    pub shipping_branch: String,
}

impl Location {
    /// The MAIN location every customer has.
    pub fn main(name: &str) -> Location {
        Location { id: "MAIN".to_string(), name: name.to_string(), active: true, is_default: true, ..Default::default() }
    }
}

/// A contact person of a customer (R3.3). The number is given on save and kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Contact {
    /// 0 on a contact not yet saved.
    pub number: u32,
    pub name: String,
    pub position: String,
    pub email: String,
    pub phone: String,
    pub city: String,
    pub active: bool,
    pub is_default: bool,
}

/// A payment method the customer pays with (R3.3): one of the payment methods
/// table, with the customer's own details (a card's type, masked number, expiry).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerPaymentMethod {
    pub method_id: String,
    pub description: String,
    pub active: bool,
    pub is_default: bool,
    pub card_type: String,
    /// Only the last four digits are kept: `**** **** **** 1234`.
    pub masked_number: String,
    /// `MM/YY`.
    pub expiry: String,
    /// A bank account number for bank transfers and direct debit.
    pub account: String,
}

/// Masks a card number, keeping the last four digits (R3.3). Spaces and dashes are
/// ignored; anything else that is not a digit makes it invalid.
pub fn mask_card_number(text: &str) -> Result<String, String> {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-' | '*')).collect();
    if text.contains('*') {
        // Already masked: keep as it is, if it ends in four digits.
        let tail: String = text.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
        return if tail.chars().all(|c| c.is_ascii_digit()) && tail.len() == 4 {
            Ok(format!("**** **** **** {tail}"))
        } else {
            Err("Type the whole card number".into())
        };
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) || !(12..=19).contains(&digits.len()) {
        return Err("A card number has 12 to 19 digits".into());
    }
    Ok(format!("**** **** **** {}", &digits[digits.len() - 4..]))
}

/// Checks a card expiry `MM/YY`.
pub fn check_expiry(text: &str) -> Result<(), String> {
    let ok = text.len() == 5
        && text.as_bytes()[2] == b'/'
        && text[..2].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        && text[3..].chars().all(|c| c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err("Use MM/YY, such as 09/28".into())
    }
}

/// A customer's place in a parent-child group (R3.7).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ParentLink {
    /// Empty: no parent.
    pub parent_id: String,
    pub consolidate_balance: bool,
    pub consolidate_statements: bool,
    pub shared_credit_policy: bool,
}

/// An attribute a class asks its customers for (R3.8).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AttributeDef {
    pub id: String,
    pub description: String,
    pub required: bool,
}

/// A status change, kept for the activity list (R3.9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub date: chrono::NaiveDate,
    pub from: CustomerStatus,
    pub to: CustomerStatus,
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
    pub const ALL: [CustomerStatus; 5] =
        [CustomerStatus::Active, CustomerStatus::OnHold, CustomerStatus::CreditHold, CustomerStatus::Inactive, CustomerStatus::OneTime];

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
    pub fn allows(self, doc_type: crate::documents::document::DocType) -> bool {
        use crate::documents::document::DocType;
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
    pub credit: crate::documents::credit::CreditPolicy,
    /// Overdue charges and write-offs (R3.5), copied from the class.
    #[serde(default)]
    pub dunning: Charges,
    /// Print and email preferences (R3.6), copied from the class.
    #[serde(default)]
    pub print_email: PrintEmail,
    #[serde(default)]
    pub main_contact: ContactInfo,
    /// Our account number in the customer's system.
    #[serde(default)]
    pub account_ref: String,
    #[serde(default)]
    pub invoicing: OtherParty,
    #[serde(default)]
    pub delivery: OtherParty,
    #[serde(default)]
    pub statement_cycle_id: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub apply_payments_automatically: bool,
    /// Currency rate type (empty: SPOT): documents take the rate of this type (R3.5).
    #[serde(default)]
    pub rate_type: String,
    /// *Enable rate override*: a document may carry a typed rate.
    #[serde(default)]
    pub allow_rate_override: bool,
    #[serde(default)]
    pub locations: Vec<Location>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub payment_methods: Vec<CustomerPaymentMethod>,
    #[serde(default)]
    pub parent: ParentLink,
    /// Values of the class's attributes, by attribute id.
    #[serde(default)]
    pub attributes: std::collections::BTreeMap<String, String>,
    /// Only the mailings this customer overrode (R2.4); the rest are its class's.
    /// [`Customer::mailings_with`] gives the whole list.
    #[serde(default)]
    pub mailings: Vec<crate::customers::mailing::Mailing>,
    /// Status changes, oldest first (R3.9).
    #[serde(default)]
    pub status_changes: Vec<StatusChange>,
    /// GL accounts instead of the class's (R4.15); empty: the class's.
    #[serde(default)]
    pub accounts: crate::accounting::journal::AccountOverrides,
    /// The last statement processed for this customer (R9.1): a Balance brought forward
    /// statement starts there. Kept by every save of the customer.
    #[serde(default)]
    pub last_statement: Option<LastStatement>,
}

/// The date and closing balances of a customer's last processed statement (R9.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastStatement {
    pub date: chrono::NaiveDate,
    /// The statement date before it, so a run again on the same day starts where the
    /// first run of that day did.
    #[serde(default)]
    pub previous: Option<chrono::NaiveDate>,
    /// The closing balance per currency, signed (what the customer owes positive).
    pub balances: std::collections::BTreeMap<String, rust_decimal::Decimal>,
}

impl Customer {
    /// Every mailing of the customer: its class's, with its own overrides (R2.4).
    pub fn mailings_with(&self, class: Option<&CustomerClass>) -> Vec<crate::customers::mailing::Mailing> {
        crate::customers::mailing::follow_class(class.map(|c| c.mailings.as_slice()).unwrap_or_default(), &self.mailings)
    }

    /// The invoicing email: the invoicing contact's, or the main one when *Same as main*
    /// or empty.
    pub fn billing_email(&self) -> &str {
        if self.invoicing.same_contact_as_main || self.invoicing.email.trim().is_empty() {
            &self.email
        } else {
            &self.invoicing.email
        }
    }

    /// The invoicing address: the main one when *Same as main*.
    pub fn invoicing_address(&self) -> &Address {
        if self.invoicing.same_address_as_main {
            &self.address
        } else {
            &self.invoicing.address
        }
    }

    /// The email a recipient line resolves to, if any (R10.2).
    pub fn recipient_email(&self, recipient: &crate::customers::mailing::Recipient) -> Option<String> {
        use crate::customers::mailing::ContactType;
        let email = match recipient.contact_type {
            ContactType::Primary => self.email.clone(),
            ContactType::Billing => self.billing_email().to_string(),
            ContactType::Contact => self.contacts.iter().find(|c| c.number.to_string() == recipient.contact).map(|c| c.email.clone()).unwrap_or_default(),
            ContactType::Employee | ContactType::Address => recipient.email.clone(),
        };
        (!email.trim().is_empty()).then_some(email)
    }
}
