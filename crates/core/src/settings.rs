//! Company settings and the reference tables the first slice needs (SPEC R1).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::Currency;

/// The kinds of number series (SPEC R1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SeriesKind {
    Customer,
    /// Invoices, cash sales and cash returns.
    Invoice,
    /// Payments, prepayments and refunds.
    Payment,
    DebitNote,
    CreditNote,
    OverdueCharge,
    WriteOff,
}

impl SeriesKind {
    pub const ALL: [SeriesKind; 7] =
        [SeriesKind::Customer, SeriesKind::Invoice, SeriesKind::DebitNote, SeriesKind::CreditNote, SeriesKind::Payment, SeriesKind::OverdueCharge, SeriesKind::WriteOff];

    pub fn label(self) -> &'static str {
        match self {
            SeriesKind::Customer => "Customer",
            SeriesKind::Invoice => "Invoice, cash sale, cash return",
            SeriesKind::Payment => "Payment, prepayment, refund",
            SeriesKind::DebitNote => "Debit note",
            SeriesKind::CreditNote => "Credit note",
            SeriesKind::OverdueCharge => "Overdue charge",
            SeriesKind::WriteOff => "Write-off",
        }
    }

    /// The series a document type takes its number from (a void payment keeps the
    /// number of the payment it voids).
    pub fn of(doc_type: crate::document::DocType) -> SeriesKind {
        use crate::document::DocType;
        match doc_type {
            DocType::Invoice | DocType::CashSale | DocType::CashReturn => SeriesKind::Invoice,
            DocType::DebitNote => SeriesKind::DebitNote,
            DocType::CreditNote => SeriesKind::CreditNote,
            DocType::Payment | DocType::Prepayment | DocType::Refund | DocType::VoidPayment => SeriesKind::Payment,
            DocType::OverdueCharge => SeriesKind::OverdueCharge,
            DocType::CreditWriteOff | DocType::BalanceWriteOff => SeriesKind::WriteOff,
        }
    }

    /// The series a new company starts with.
    pub fn default_series(self) -> NumberSeries {
        match self {
            SeriesKind::Customer => NumberSeries::new("", 10001, 5),
            SeriesKind::Invoice => NumberSeries::new("INV", 1, 6),
            SeriesKind::Payment => NumberSeries::new("PAY", 1, 6),
            SeriesKind::DebitNote => NumberSeries::new("DN", 1, 6),
            SeriesKind::CreditNote => NumberSeries::new("CN", 1, 6),
            SeriesKind::OverdueCharge => NumberSeries::new("OC", 1, 6),
            SeriesKind::WriteOff => NumberSeries::new("WO", 1, 6),
        }
    }
}

/// A number series: the next number is formatted as prefix + zero-padded counter.
/// An auto number is never reused: the counter only moves forward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberSeries {
    pub prefix: String,
    pub next_number: u64,
    pub width: u32,
    /// When set, the user types the number and the counter is not used.
    pub manual_numbering: bool,
}

impl NumberSeries {
    pub fn new(prefix: &str, next_number: u64, width: u32) -> Self {
        NumberSeries { prefix: prefix.to_string(), next_number, width, manual_numbering: false }
    }

    /// The number the next document of this series gets.
    pub fn peek(&self) -> String {
        format!("{}{:0width$}", self.prefix, self.next_number, width = self.width as usize)
    }
}

/// A VAT category with its rates in percent, each effective from a date (SPEC R1.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatCategory {
    pub id: String,
    pub description: String,
    /// Sorted by effective date; the rate on a day is the latest one on or before it.
    pub rates: Vec<VatRate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatRate {
    pub effective: NaiveDate,
    pub rate_pct: Decimal,
}

impl VatCategory {
    /// The rate effective on `date`, if any rate is effective yet.
    pub fn rate_on(&self, date: NaiveDate) -> Option<Decimal> {
        self.rates.iter().filter(|r| r.effective <= date).max_by_key(|r| r.effective).map(|r| r.rate_pct)
    }

    /// The latest rate, for display.
    pub fn current_rate(&self) -> Option<Decimal> {
        self.rates.iter().max_by_key(|r| r.effective).map(|r| r.rate_pct)
    }
}

/// The first day the shipped default rates apply from.
pub fn defaults_effective() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default()
}

/// Payment terms: days from the document date to the due date, and an optional
/// cash discount when paid within `discount_days`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentTerms {
    pub id: String,
    pub description: String,
    pub days_to_due: u32,
    pub discount_days: u32,
    pub discount_pct: Decimal,
}

/// A currency rate: how many base-currency units one unit of `currency` costs
/// from `effective` on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencyRate {
    pub currency: String,
    pub effective: NaiveDate,
    pub rate: Decimal,
}

/// Company settings and reference tables. Stored as one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub company_name: String,
    /// The address invoices are emailed from (R1.6, email accounts: the one sender).
    #[serde(default)]
    pub company_email: String,
    pub base_currency: String,
    /// The business date; `None` means "the computer's date" (SPEC R0.5).
    pub business_date: Option<NaiveDate>,
    /// SPEC R1.3: new documents are saved On hold.
    pub hold_documents_on_entry: bool,
    /// SPEC R1.3/R4.6: the user types each invoice-like document's total; it cannot
    /// leave Hold (nor be released) until that equals the computed total.
    #[serde(default)]
    pub validate_totals_on_entry: bool,
    /// SPEC R1.3/R4.6: payments and cash documents cannot leave Hold without a payment ref.
    #[serde(default)]
    pub require_payment_ref_on_entry: bool,
    /// SPEC R1.3/R4.5: an invoice of a customer with *Print invoices* is Pending print
    /// until printed, and cannot be released before.
    #[serde(default)]
    pub require_invoice_printing_before_release: bool,
    /// SPEC R1.3/R4.5: the same for *Email invoices* (Pending email until emailed).
    #[serde(default)]
    pub require_invoice_emailing_before_release: bool,
    /// The general-ledger accounts releases post to (R4.15).
    #[serde(default)]
    pub accounts: crate::journal::Accounts,
    pub series: BTreeMap<SeriesKind, NumberSeries>,
    pub currencies: Vec<Currency>,
    pub currency_rates: Vec<CurrencyRate>,
    pub vat_categories: Vec<VatCategory>,
    pub terms: Vec<PaymentTerms>,
    /// Internal document ids come from this counter; they are never reused.
    pub next_document_id: u32,
}

impl Default for Settings {
    fn default() -> Self {
        let series: BTreeMap<SeriesKind, NumberSeries> = SeriesKind::ALL.iter().map(|k| (*k, k.default_series())).collect();
        let pct = |n: i64| Decimal::new(n, 0);
        let vat = |id: &str, description: &str, rate: i64| VatCategory {
            id: id.into(),
            description: description.into(),
            rates: vec![VatRate { effective: defaults_effective(), rate_pct: pct(rate) }],
        };
        Settings {
            company_name: "My company AS".to_string(),
            company_email: String::new(),
            base_currency: "NOK".to_string(),
            business_date: None,
            hold_documents_on_entry: false,
            validate_totals_on_entry: false,
            require_payment_ref_on_entry: false,
            require_invoice_printing_before_release: false,
            require_invoice_emailing_before_release: false,
            accounts: crate::journal::Accounts::default(),
            series,
            currencies: vec![
                Currency::new("NOK", "Norwegian krone", 2),
                Currency::new("EUR", "Euro", 2),
                Currency::new("SEK", "Swedish krona", 2),
                Currency::new("USD", "US dollar", 2),
                Currency::new("JPY", "Japanese yen", 0),
                Currency::new("KWD", "Kuwaiti dinar", 3),
            ],
            currency_rates: Vec::new(),
            vat_categories: vec![
                vat("HIGH", "Standard rate", 25),
                vat("MEDIUM", "Food", 15),
                vat("LOW", "Transport and culture", 12),
                vat("EXEMPT", "Exempt", 0),
            ],
            terms: vec![
                PaymentTerms { id: "NET30".into(), description: "30 days net".into(), days_to_due: 30, discount_days: 0, discount_pct: Decimal::ZERO },
                PaymentTerms { id: "NET14".into(), description: "14 days net".into(), days_to_due: 14, discount_days: 0, discount_pct: Decimal::ZERO },
                PaymentTerms { id: "2/10NET30".into(), description: "2 % in 10 days, 30 days net".into(), days_to_due: 30, discount_days: 10, discount_pct: pct(2) },
            ],
            next_document_id: 1,
        }
    }
}

impl Settings {
    pub fn currency(&self, code: &str) -> Option<&Currency> {
        self.currencies.iter().find(|c| c.code == code)
    }

    /// The base currency. Settings validation guarantees it is in the table; the
    /// fallback of two decimals only protects against a hand-edited backup.
    pub fn base(&self) -> Currency {
        self.currency(&self.base_currency).cloned().unwrap_or_else(|| Currency::new(&self.base_currency, "", 2))
    }

    pub fn vat_category(&self, id: &str) -> Option<&VatCategory> {
        self.vat_categories.iter().find(|v| v.id == id)
    }

    pub fn terms_by_id(&self, id: &str) -> Option<&PaymentTerms> {
        self.terms.iter().find(|t| t.id == id)
    }

    /// The rate of `currency` effective on `date`: the base currency is always 1;
    /// otherwise the latest rate whose effective date is on or before `date`.
    pub fn rate_on(&self, currency: &str, date: NaiveDate) -> Option<Decimal> {
        if currency == self.base_currency {
            return Some(Decimal::ONE);
        }
        self.currency_rates
            .iter()
            .filter(|r| r.currency == currency && r.effective <= date)
            .max_by_key(|r| r.effective)
            .map(|r| r.rate)
    }

    /// The business date: the stored one, or the computer's date passed in.
    pub fn business_date_or(&self, computer_today: NaiveDate) -> NaiveDate {
        self.business_date.unwrap_or(computer_today)
    }
}
