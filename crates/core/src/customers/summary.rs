//! A customer as the customers list shows it: the list's columns but the balance.
//! The store keeps every customer's summary beside a snapshot (the ledger's preview,
//! [`crate::ledger::Preview`]), so a large ledger's first window shows without decoding
//! every customer record whole (issue 15, B3): a summary is a fifth of a customer's
//! bytes and eight strings.

use serde::{Deserialize, Serialize};

use crate::customers::customer::{Customer, CustomerStatus};

/// The customers list's columns of one customer (the balance comes from the documents).
/// Stored: new fields go at the end, as for records (`src/store/codec.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerSummary {
    pub id: String,
    pub name: String,
    pub class_id: String,
    pub status: CustomerStatus,
    pub city: String,
    pub country: String,
    pub currency: String,
    pub email: String,
}

impl CustomerSummary {
    /// The summary of `customer`.
    pub fn of(customer: &Customer) -> CustomerSummary {
        CustomerSummary {
            id: customer.id.clone(),
            name: customer.name.clone(),
            class_id: customer.class_id.clone(),
            status: customer.status,
            city: customer.address.city.clone(),
            country: customer.address.country.clone(),
            currency: customer.currency.clone(),
            email: customer.email.clone(),
        }
    }

    /// A customer with this summary's fields and every other field empty: only for a
    /// preview ledger, which the customers list shows while the whole ledger is read
    /// and nothing saves from (it is never stored or edited).
    pub fn into_listed_customer(self) -> Customer {
        Customer {
            id: self.id,
            name: self.name,
            class_id: self.class_id,
            status: self.status,
            terms_id: String::new(),
            currency: self.currency,
            allow_currency_override: false,
            email: self.email,
            address: crate::customers::address::Address { city: self.city, country: self.country, ..Default::default() },
            credit: Default::default(),
            dunning: Default::default(),
            print_email: Default::default(),
            main_contact: Default::default(),
            account_ref: String::new(),
            invoicing: Default::default(),
            delivery: Default::default(),
            statement_cycle_id: String::new(),
            language: String::new(),
            apply_payments_automatically: false,
            rate_type: String::new(),
            allow_rate_override: false,
            locations: Vec::new(),
            contacts: Vec::new(),
            payment_methods: Vec::new(),
            parent: Default::default(),
            attributes: Default::default(),
            mailings: Vec::new(),
            status_changes: Vec::new(),
            accounts: Default::default(),
            last_statement: None,
        }
    }
}
