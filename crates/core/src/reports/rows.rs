//! Typed rows of the lists and reports, built here once and only rendered by each
//! front end: the windows' tables, the CSV exports and the command-line tool read
//! the same rows, so they cannot disagree (hledger's typed reports).
//!
//! Architecture Invariant: every amount carries its currency and is rounded to that
//! currency's decimals ([`Money`]); in every report and inquiry a document amount is
//! signed by one rule ([`signed`]): what the customer owes positive, credits negative.
//! Only a document's own entry list shows amounts as entered
//! ([`document_row_as_entered`]).
//!
//! The journal's rows are built in `accounting::journal`, beside the entry numbering
//! they depend on, and listed here with the rest: their amounts are always in base
//! currency, already rounded when the entry was posted.

pub use crate::accounting::journal::{filter_journal, journal_accounts, journal_csv, journal_rows, journal_totals, JournalFilter, JournalRow, JournalTotals};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::base::money::round_to_minor_units;
use crate::base::number::NumberFormat;
use crate::customers::customer::CustomerStatus;
use crate::documents::document::{DocId, DocStatus, DocType, Document};
use crate::ledger::Ledger;

/// An amount in a currency, rounded to its decimals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Money {
    pub amount: Decimal,
    pub currency: String,
}

impl Money {
    /// `amount` of `currency` (the base currency's decimals when the code is unknown).
    pub fn of(ledger: &Ledger, amount: Decimal, currency: &str) -> Money {
        Money::rounded(amount, currency, ledger.settings.minor_units_of(currency))
    }

    /// `amount` of `currency` rounded to `minor_units` (`Settings::minor_units_of`), for
    /// reports that look the decimals up once rather than per amount.
    pub fn rounded(amount: Decimal, currency: &str, minor_units: u32) -> Money {
        let mut amount = round_to_minor_units(amount, minor_units);
        // A credit's zero balance is 0.00, never −0.00.
        amount.set_sign_positive(amount.is_sign_positive() || amount.is_zero());
        Money { amount, currency: currency.to_string() }
    }

    /// As CSV and the CLI write it: `1234.50`, `10.125` (KWD), `1000` (JPY).
    pub fn plain(&self) -> String {
        self.amount.to_string()
    }

    /// As a window shows it, in `numbers` with the currency's decimals: `1 234,50`
    /// (nb-NO), `1,234.50` (en).
    pub fn shown(&self, numbers: NumberFormat) -> String {
        numbers.amount(self.amount, self.amount.scale())
    }
}

/// +1 for what the customer owes, −1 for credits; documents that never carry a
/// balance (cash sales, refunds) count as +1 so their amounts still show.
pub fn signed(doc: &Document) -> Decimal {
    let sign = doc.doc_type.balance_sign();
    if sign.is_zero() {
        Decimal::ONE
    } else {
        sign
    }
}

/// One document in a list or report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRow {
    pub id: DocId,
    pub doc_type: DocType,
    pub ref_nbr: String,
    pub customer_id: String,
    pub customer_name: String,
    pub date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub payment_ref: String,
    pub status: DocStatus,
    /// Signed ([`signed`]), in the document's currency.
    pub total: Money,
    pub balance: Money,
    /// The balance in base currency at the document's rate, signed.
    pub base_balance: Money,
}

/// The columns of the document lists and their CSV: type, reference, customer,
/// customer name, date, due date, status, currency, total, balance, base balance.
pub const LIST_COLUMNS: [&str; 11] =
    ["type", "reference", "customer", "customer name", "date", "due date", "status", "currency", "total", "balance", "base balance"];

impl DocumentRow {
    /// The row's [`LIST_COLUMNS`] as text (amounts plain, in their currency's decimals).
    pub fn list_fields(&self) -> [String; 11] {
        [
            self.doc_type.label().to_string(),
            self.ref_nbr.clone(),
            self.customer_id.clone(),
            self.customer_name.clone(),
            self.date.to_string(),
            self.due_date.map(|x| x.to_string()).unwrap_or_default(),
            self.status.label().to_string(),
            self.total.currency.clone(),
            self.total.plain(),
            self.balance.plain(),
            self.base_balance.plain(),
        ]
    }
}

impl DocumentRow {
    /// Days this document is past its due date on `today` ([`days_overdue`]).
    pub fn days_overdue(&self, today: NaiveDate) -> Option<i64> {
        days_overdue(self.doc_type, self.status, self.due_date, today)
    }
}

/// How many days an open debit document (invoice, debit note, overdue charge) is past
/// its due date on `today`, the business date; `None` when it is not overdue: due
/// today or later, not open, or a credit.
pub fn days_overdue(doc_type: DocType, status: DocStatus, due_date: Option<NaiveDate>, today: NaiveDate) -> Option<i64> {
    let due = due_date?;
    (doc_type.is_debit() && status == DocStatus::Open && due < today).then(|| (today - due).num_days())
}

/// "Overdue 1 day", "Overdue 12 days", or empty when not overdue.
pub fn overdue_text(days: Option<i64>) -> String {
    let days = days_text(days);
    if days.is_empty() {
        days
    } else {
        format!("Overdue {days}")
    }
}

/// "1 day", "12 days", or empty when not overdue: a list's Overdue column.
pub fn days_text(days: Option<i64>) -> String {
    match days {
        Some(1) => "1 day".to_string(),
        Some(n) => format!("{n} days"),
        None => String::new(),
    }
}

/// The row of `doc` as reports and inquiries list it: amounts signed by [`signed`].
pub fn document_row(ledger: &Ledger, doc: &Document) -> DocumentRow {
    row_with_sign(ledger, doc, signed(doc))
}

/// The row of `doc` as its own entry list shows it (Invoices and notes, Payments and
/// applications): the amounts as the document states them, a payment of 500.00 as
/// 500.00. Each of those lists holds one kind of document, so the sign would only say
/// what the window's name says already.
pub fn document_row_as_entered(ledger: &Ledger, doc: &Document) -> DocumentRow {
    row_with_sign(ledger, doc, Decimal::ONE)
}

fn row_with_sign(ledger: &Ledger, doc: &Document, sign: Decimal) -> DocumentRow {
    let base = ledger.settings.base_currency.clone();
    DocumentRow {
        id: doc.id,
        doc_type: doc.doc_type,
        ref_nbr: doc.ref_nbr.clone(),
        customer_id: doc.customer_id.clone(),
        customer_name: ledger.customers.get(&doc.customer_id).map(|c| c.name.clone()).unwrap_or_default(),
        date: doc.date,
        due_date: doc.due_date,
        payment_ref: doc.payment_ref.clone(),
        status: doc.status,
        total: Money::of(ledger, sign * doc.total, &doc.currency),
        balance: Money::of(ledger, sign * doc.balance, &doc.currency),
        base_balance: Money::of(ledger, sign * doc.base_balance(&ledger.settings), &base),
    }
}

/// The rows of `docs`, in their order.
pub fn document_rows(ledger: &Ledger, docs: &[&Document]) -> Vec<DocumentRow> {
    docs.iter().map(|d| document_row(ledger, d)).collect()
}

/// A customer's three balances in base currency, as the customer window, the child
/// accounts table and `reskontra balances` show them: the prepayment balance with a
/// minus sign (SPEC R5.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BalanceRow {
    pub customer_id: String,
    pub balance: Money,
    pub prepayment_balance: Money,
    pub unreleased_balance: Money,
}

/// The balances of `customer_id` (zero for a customer without documents).
pub fn balance_row(ledger: &Ledger, customer_id: &str) -> BalanceRow {
    let base = ledger.settings.base_currency.as_str();
    let b = ledger.balances_of(customer_id);
    BalanceRow {
        customer_id: customer_id.to_string(),
        balance: Money::of(ledger, b.balance, base),
        prepayment_balance: Money::of(ledger, b.displayed_prepayment_balance(), base),
        unreleased_balance: Money::of(ledger, b.unreleased_balance, base),
    }
}

/// Every customer's balances, in customer-number order.
pub fn balance_rows(ledger: &Ledger) -> Vec<BalanceRow> {
    ledger.customers.keys().map(|id| balance_row(ledger, id)).collect()
}

/// One customer in the customer list (window, CLI `customers`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerRow {
    pub id: String,
    pub name: String,
    pub class_id: String,
    pub status: CustomerStatus,
    pub city: String,
    pub country: String,
    /// The customer's own currency (its documents' default).
    pub currency: String,
    pub email: String,
    /// The balance in base currency.
    pub balance: Money,
}

/// Every customer, in customer-number order.
pub fn customer_rows(ledger: &Ledger) -> Vec<CustomerRow> {
    let base = ledger.settings.base_currency.as_str();
    ledger
        .customers
        .values()
        .map(|c| CustomerRow {
            id: c.id.clone(),
            name: c.name.clone(),
            class_id: c.class_id.clone(),
            status: c.status,
            city: c.address.city.clone(),
            country: c.address.country.clone(),
            currency: c.currency.clone(),
            email: c.email.clone(),
            balance: Money::of(ledger, ledger.balances_of(&c.id).balance, base),
        })
        .collect()
}
