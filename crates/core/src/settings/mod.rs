//! Settings (SPEC R1): the company's preferences, number series, currencies and
//! rates, VAT categories, payment terms, statement cycles and financial periods, and
//! the other reference tables, with the commands that edit them.
//!
//! Architecture Invariant: a rate or VAT rate is taken by effective date (`rate_on`),
//! never by "the latest"; a number series only moves forward.

pub mod draft;
pub mod periods;
pub mod reference;
pub mod reference_links;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::base::money::Currency;
use crate::base::number::NumberFormat;
use crate::base::problem::ProblemKind;
use crate::customers::address::Address;
use crate::settings::periods::{FinancialPeriod, StatementCycle};

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
    pub const ALL: [SeriesKind; 7] = [
        SeriesKind::Customer,
        SeriesKind::Invoice,
        SeriesKind::DebitNote,
        SeriesKind::CreditNote,
        SeriesKind::Payment,
        SeriesKind::OverdueCharge,
        SeriesKind::WriteOff,
    ];

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
    pub fn of(doc_type: crate::documents::document::DocType) -> SeriesKind {
        use crate::documents::document::DocType;
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
    /// Kept in its own record ([`Counters`]) since store schema 2 and backup 2: every
    /// numbered save moves it. Read from older records; never written with the series.
    #[serde(default, skip_serializing)]
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

/// The counters every numbered save moves (SPEC R1.2): the next internal document id
/// and each series' next number. Stored apart from the settings, so saving an invoice
/// writes the invoice and this small record, not the whole settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    pub next_document_id: u32,
    pub next_journal_entry: u32,
    pub next_numbers: BTreeMap<SeriesKind, u64>,
    /// The next prepared email's number (issue "mailings"); 0 in older records.
    #[serde(default)]
    pub next_email_id: u32,
    /// The next schedule's number (R7); 0 in older records.
    #[serde(default)]
    pub next_schedule_id: u32,
}

impl Counters {
    pub fn of(settings: &Settings) -> Counters {
        Counters {
            next_document_id: settings.next_document_id,
            next_journal_entry: settings.next_journal_entry,
            next_numbers: settings.series.iter().map(|(k, s)| (*k, s.next_number)).collect(),
            next_email_id: settings.next_email_id,
            next_schedule_id: settings.next_schedule_id,
        }
    }

    /// Puts these counters into `settings` (a series it does not have is left out).
    pub fn apply_to(&self, settings: &mut Settings) {
        settings.next_document_id = self.next_document_id;
        settings.next_journal_entry = self.next_journal_entry;
        settings.next_email_id = self.next_email_id.max(settings.next_email_id);
        settings.next_schedule_id = self.next_schedule_id.max(settings.next_schedule_id);
        for (kind, series) in &mut settings.series {
            if let Some(next) = self.next_numbers.get(kind) {
                series.next_number = *next;
            }
        }
    }
}

impl Settings {
    /// The settings as their own record stores them: without the counters and the
    /// logo, which have records of their own.
    pub fn without_counters_and_logo(&self) -> Settings {
        let mut bare = self.clone();
        bare.next_document_id = 0;
        bare.next_journal_entry = 0;
        bare.next_email_id = 0;
        bare.next_schedule_id = 0;
        bare.logo = None;
        for series in bare.series.values_mut() {
            series.next_number = 0;
        }
        bare
    }

    /// A settings record as read: from schema 2 on it carries no counters and no logo
    /// (zero and `None`), which then stay as `current` has them; an older record
    /// carries both.
    pub fn keeping_unset_from(mut self, current: &Settings) -> Settings {
        if self.next_document_id == 0 {
            self.next_document_id = current.next_document_id.max(1);
        }
        if self.next_journal_entry == 0 {
            self.next_journal_entry = current.next_journal_entry.max(first_journal_entry());
        }
        for (kind, series) in &mut self.series {
            if series.next_number == 0 {
                series.next_number = current.series.get(kind).map_or(1, |s| s.next_number.max(1));
            }
        }
        if self.next_email_id == 0 {
            self.next_email_id = current.next_email_id;
        }
        if self.next_schedule_id == 0 {
            self.next_schedule_id = current.next_schedule_id;
        }
        if self.logo.is_none() {
            self.logo = current.logo.clone();
        }
        self.browser_numbers = current.browser_numbers;
        self
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

/// The number of a company's first journal entry.
fn first_journal_entry() -> u32 {
    1
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
    /// Overdue charges, % a year, for customers on these terms; zero: the class's rate
    /// (R4.12 "from a rate set in the terms or class").
    #[serde(default)]
    pub overdue_rate_pct: Decimal,
}

impl PaymentTerms {
    /// The due date of a document dated `date` on these terms (SPEC R4.2).
    pub fn due_date(&self, date: NaiveDate) -> Option<NaiveDate> {
        date.checked_add_days(chrono::Days::new(u64::from(self.days_to_due)))
    }

    /// The last day a payment takes the cash discount, when these terms give one.
    pub fn cash_discount_date(&self, date: NaiveDate) -> Option<NaiveDate> {
        (self.discount_days > 0 && !self.discount_pct.is_zero()).then(|| date.checked_add_days(chrono::Days::new(u64::from(self.discount_days)))).flatten()
    }
}

/// A currency rate: how many base-currency units one unit of `currency` costs
/// from `effective` on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencyRate {
    pub currency: String,
    pub effective: NaiveDate,
    pub rate: Decimal,
    /// The rate type (R3.5): `SPOT` unless another is typed; a customer uses its own type.
    #[serde(default = "spot")]
    pub rate_type: String,
}

/// The rate type of rates stored before rate types existed, and of customers without one.
pub const SPOT: &str = "SPOT";

fn spot() -> String {
    SPOT.to_string()
}

/// How a customer pays by a payment method (SPEC R1.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentMeans {
    BankTransfer,
    Card,
    Cash,
    DirectDebit,
}

impl PaymentMeans {
    pub const ALL: [PaymentMeans; 4] = [PaymentMeans::BankTransfer, PaymentMeans::Card, PaymentMeans::Cash, PaymentMeans::DirectDebit];

    pub fn label(self) -> &'static str {
        match self {
            PaymentMeans::BankTransfer => "Bank transfer",
            PaymentMeans::Card => "Card",
            PaymentMeans::Cash => "Cash",
            PaymentMeans::DirectDebit => "Direct debit",
        }
    }

    /// The key a form sends ("bank_transfer", …).
    pub fn key(self) -> &'static str {
        match self {
            PaymentMeans::BankTransfer => "bank_transfer",
            PaymentMeans::Card => "card",
            PaymentMeans::Cash => "cash",
            PaymentMeans::DirectDebit => "direct_debit",
        }
    }

    pub fn from_key(key: &str) -> Option<PaymentMeans> {
        PaymentMeans::ALL.into_iter().find(|m| m.key() == key.trim())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentMethod {
    pub id: String,
    pub description: String,
    pub means: PaymentMeans,
    pub active: bool,
}

/// An email account mailings are sent from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailAccount {
    pub id: String,
    pub sender_name: String,
    pub sender_address: String,
    pub is_default: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branch {
    pub id: String,
    pub name: String,
    pub is_default: bool,
}

/// A language documents and mailings can be written in ("nb", "en", "sv").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentLanguage {
    pub code: String,
    pub name: String,
    pub is_default: bool,
}

/// Dunning letters at 15, 30 and 45 days overdue (R9.2).
pub fn default_dunning_levels() -> Vec<u32> {
    vec![15, 30, 45]
}

pub fn default_statement_cycles() -> Vec<StatementCycle> {
    vec![StatementCycle::monthly()]
}

pub fn default_payment_methods() -> Vec<PaymentMethod> {
    let method = |id: &str, description: &str, means| PaymentMethod { id: id.into(), description: description.into(), means, active: true };
    vec![method("BANK", "Bank transfer", PaymentMeans::BankTransfer), method("CARD", "Card", PaymentMeans::Card), method("CASH", "Cash", PaymentMeans::Cash)]
}

pub fn default_languages() -> Vec<DocumentLanguage> {
    let language = |code: &str, name: &str, is_default| DocumentLanguage { code: code.into(), name: name.into(), is_default };
    vec![language("nb", "Norwegian", true), language("en", "English", false), language("sv", "Swedish", false)]
}

/// The largest logo accepted, in bytes of the image file.
pub const MAX_LOGO_BYTES: usize = 200 * 1024;

/// The image types a logo may have, as the start of its data URL.
const LOGO_PREFIXES: [(&str, &str); 3] = [("data:image/png;base64,", "png"), ("data:image/jpeg;base64,", "jpeg"), ("data:image/svg+xml;base64,", "svg")];

/// Why a logo (a base64 data URL) cannot be used, or `None`: it must be a PNG,
/// JPEG or SVG image of at most 200 KB whose bytes are what its type says.
pub fn logo_problem(data_url: &str) -> Option<String> {
    logo_check(data_url).map(|(_, message)| message)
}

/// `logo_problem` with the kind of problem it is.
pub(crate) fn logo_check(data_url: &str) -> Option<(ProblemKind, String)> {
    let Some((payload, kind)) = LOGO_PREFIXES.iter().find_map(|(prefix, kind)| data_url.strip_prefix(prefix).map(|rest| (rest, *kind))) else {
        return Some((ProblemKind::Format, "Choose a PNG, JPEG or SVG image".to_string()));
    };
    // Checked before decoding, so a huge text is refused without work.
    if payload.len() / 4 * 3 > MAX_LOGO_BYTES + 3 {
        return Some((ProblemKind::OutOfRange, "The image is larger than 200 KB".to_string()));
    }
    let Some(bytes) = decode_base64(payload) else {
        return Some((ProblemKind::Format, "The image data is damaged (not base64)".to_string()));
    };
    if bytes.len() > MAX_LOGO_BYTES {
        return Some((ProblemKind::OutOfRange, "The image is larger than 200 KB".to_string()));
    }
    let looks_right = match kind {
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        _ => std::str::from_utf8(&bytes).map(|text| text.contains("<svg")).unwrap_or(false),
    };
    if !looks_right {
        return Some((ProblemKind::Format, format!("The file is not a {} image", kind.to_uppercase())));
    }
    None
}

/// Standard base64 with padding; `None` for anything else.
pub(crate) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let bytes = text.as_bytes();
    if bytes.is_empty() || !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let n_chunks = bytes.len() / 4;
    for (i, chunk) in bytes.chunks(4).enumerate() {
        let padding = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if padding > 2 || (padding > 0 && i + 1 != n_chunks) {
            return None;
        }
        let mut n = 0_u32;
        for &c in &chunk[..4 - padding] {
            n = (n << 6) | value(c)?;
        }
        n <<= 6 * padding as u32;
        let three = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&three[..3 - padding]);
    }
    Some(out)
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
    pub accounts: crate::accounting::journal::Accounts,
    pub series: BTreeMap<SeriesKind, NumberSeries>,
    pub currencies: Vec<Currency>,
    pub currency_rates: Vec<CurrencyRate>,
    pub vat_categories: Vec<VatCategory>,
    pub terms: Vec<PaymentTerms>,
    /// The mailing settings list (R1.5): the predefined four and any the user adds;
    /// a new class copies every one (R2.3).
    #[serde(default = "crate::customers::mailing::predefined")]
    pub mailings: Vec<crate::customers::mailing::Mailing>,
    /// Internal document ids come from this counter; they are never reused. Kept in
    /// [`Counters`] like the series numbers (read from older records, never written here).
    #[serde(default, skip_serializing)]
    pub next_document_id: u32,
    /// Journal entries are numbered from this counter as they are written (R4.15): it
    /// only moves forward, so a number once given never changes. Kept in [`Counters`]
    /// with the other counters (never written here); settings stored before it start
    /// at 1 (see `accounting::journal::next_journal_entry`).
    #[serde(default, skip_serializing)]
    pub next_journal_entry: u32,
    // Added with the remaining reference tables (R1.1, R1.4, R1.6); `serde(default)`
    // so stored records and backups made before them still load.
    #[serde(default)]
    pub company_address: Address,
    /// Optional; letters, digits and spaces.
    #[serde(default)]
    pub vat_number: String,
    /// A `data:image/...;base64,` URL of at most 200 KB ([`logo_problem`]). Kept in a
    /// record of its own (`Record::Logo`) since store schema 2 and backup 2, so other
    /// saves do not rewrite it; read from older records, never written here.
    #[serde(default, skip_serializing)]
    pub logo: Option<String>,
    /// SPEC R1.4/R8.4: credit documents are aged by their date instead of shown as Current.
    #[serde(default)]
    pub age_credits: bool,
    #[serde(default = "default_statement_cycles")]
    pub statement_cycles: Vec<StatementCycle>,
    /// Dunning levels (R9.2): the days overdue at which a document reaches level 1, 2, …
    /// (strictly increasing, as ageing periods are).
    #[serde(default = "default_dunning_levels")]
    pub dunning_levels: Vec<u32>,
    /// Sorted by start; generated a year at a time.
    #[serde(default)]
    pub financial_periods: Vec<FinancialPeriod>,
    #[serde(default = "default_payment_methods")]
    pub payment_methods: Vec<PaymentMethod>,
    #[serde(default)]
    pub email_accounts: Vec<EmailAccount>,
    /// Optional: empty, or exactly one default.
    #[serde(default)]
    pub branches: Vec<Branch>,
    #[serde(default = "default_languages")]
    pub languages: Vec<DocumentLanguage>,
    /// How numbers are typed and shown (issue "a bookkeeper's first hour"); `None`
    /// follows the browser's language, as [`Settings::browser_numbers`] says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_format: Option<NumberFormat>,
    /// What `number_format: None` means on this computer: set by the app from the
    /// browser's language when it opens a ledger, never stored (like "today" for the
    /// business date). `en` in the command-line tool and the tests.
    #[serde(skip)]
    pub browser_numbers: NumberFormat,
    /// The next prepared email's number, kept with the counters (see [`Counters`]).
    #[serde(default)]
    pub next_email_id: u32,
    /// The next schedule's number (R7), kept with the counters (see [`Counters`]).
    #[serde(default)]
    pub next_schedule_id: u32,
    /// Where *Send* hands emails over (R12.4); empty URL: no relay, export only.
    #[serde(default)]
    pub relay: RelaySettings,
}

/// The relay endpoint (R12.4): the app POSTs each raw message to `url`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RelaySettings {
    pub url: String,
    /// Sent as `Authorization: Bearer <token>` when not empty.
    pub token: String,
    /// Extra request headers, one `Name: value` per line.
    pub headers: String,
}

impl RelaySettings {
    /// The extra headers as (name, value) pairs; lines without a colon are skipped
    /// (saving refuses them, see `settings::draft`).
    pub fn header_pairs(&self) -> Vec<(String, String)> {
        self.headers
            .lines()
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
            .filter(|(n, _)| !n.is_empty())
            .collect()
    }
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
            accounts: crate::accounting::journal::Accounts::default(),
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
                PaymentTerms {
                    id: "NET30".into(),
                    description: "30 days net".into(),
                    days_to_due: 30,
                    discount_days: 0,
                    discount_pct: Decimal::ZERO,
                    overdue_rate_pct: Decimal::ZERO,
                },
                PaymentTerms {
                    id: "NET14".into(),
                    description: "14 days net".into(),
                    days_to_due: 14,
                    discount_days: 0,
                    discount_pct: Decimal::ZERO,
                    overdue_rate_pct: Decimal::ZERO,
                },
                PaymentTerms {
                    id: "2/10NET30".into(),
                    description: "2 % in 10 days, 30 days net".into(),
                    days_to_due: 30,
                    discount_days: 10,
                    discount_pct: pct(2),
                    overdue_rate_pct: Decimal::ZERO,
                },
            ],
            mailings: crate::customers::mailing::predefined(),
            next_document_id: 1,
            next_journal_entry: first_journal_entry(),
            company_address: Address::default(),
            vat_number: String::new(),
            logo: None,
            age_credits: false,
            statement_cycles: default_statement_cycles(),
            dunning_levels: default_dunning_levels(),
            financial_periods: Vec::new(),
            payment_methods: default_payment_methods(),
            email_accounts: Vec::new(),
            branches: Vec::new(),
            languages: default_languages(),
            number_format: None,
            browser_numbers: NumberFormat::default(),
            next_email_id: 1,
            next_schedule_id: 1,
            relay: RelaySettings::default(),
        }
    }
}

impl Settings {
    pub fn currency(&self, code: &str) -> Option<&Currency> {
        self.currencies.iter().find(|c| c.code == code)
    }

    /// An amount of currency `code` as a plain decimal with exactly that currency's
    /// decimals (the base currency's when the code is unknown): how every list, export
    /// and the CLI write a document-currency amount.
    pub fn plain_amount(&self, amount: Decimal, code: &str) -> String {
        crate::base::money::round_to_minor_units(amount, self.minor_units_of(code)).to_string()
    }

    /// The base currency. Settings validation guarantees it is in the table; the
    /// fallback of two decimals only protects against a hand-edited backup.
    pub fn base(&self) -> Currency {
        self.currency(&self.base_currency).cloned().unwrap_or_else(|| Currency::new(&self.base_currency, "", 2))
    }

    /// The base currency's decimals, `base().minor_units` without copying the currency
    /// (balances and reports ask for it once per document).
    pub fn base_minor_units(&self) -> u32 {
        self.currency(&self.base_currency).map_or(2, |c| c.minor_units)
    }

    /// The decimals of currency `code`, the base currency's when the code is unknown.
    pub fn minor_units_of(&self, code: &str) -> u32 {
        self.currency(code).map_or_else(|| self.base_minor_units(), |c| c.minor_units)
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
        self.rate_of_type(currency, SPOT, date)
    }

    /// The rate of `currency` of `rate_type` (empty: SPOT) effective on `date`.
    pub fn rate_of_type(&self, currency: &str, rate_type: &str, date: NaiveDate) -> Option<Decimal> {
        if currency == self.base_currency {
            return Some(Decimal::ONE);
        }
        let rate_type = if rate_type.is_empty() { SPOT } else { rate_type };
        self.currency_rates
            .iter()
            .filter(|r| r.currency == currency && r.rate_type == rate_type && r.effective <= date)
            .max_by_key(|r| r.effective)
            .map(|r| r.rate)
    }

    pub fn statement_cycle(&self, id: &str) -> Option<&StatementCycle> {
        self.statement_cycles.iter().find(|c| c.id == id)
    }

    /// The financial period a date falls in, if its year has been generated.
    pub fn financial_period_of(&self, date: NaiveDate) -> Option<&FinancialPeriod> {
        crate::settings::periods::period_of(&self.financial_periods, date)
    }

    /// The business date: the stored one, or the computer's date passed in.
    /// The rate types in use in the rate table, SPOT always first.
    pub fn rate_types(&self) -> Vec<String> {
        let mut types = vec![SPOT.to_string()];
        for r in &self.currency_rates {
            if !types.contains(&r.rate_type) {
                types.push(r.rate_type.clone());
            }
        }
        types
    }

    pub fn business_date_or(&self, computer_today: NaiveDate) -> NaiveDate {
        self.business_date.unwrap_or(computer_today)
    }

    /// The number format in force: the one chosen in the preferences, else the
    /// browser language's. Every typed number is parsed, and every number shown is
    /// formatted, by it.
    pub fn numbers(&self) -> NumberFormat {
        self.number_format.unwrap_or(self.browser_numbers)
    }
}
