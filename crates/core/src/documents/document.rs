//! Documents: invoices with lines and payments with applications (SPEC R4, first slice).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::base::money::Currency;
use crate::settings::Settings;

/// Internal identity of a document. Reference numbers are what people see.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DocId(pub u32);

/// Document types (SPEC R4.1). Void payment is made only by voiding a payment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DocType {
    #[default]
    Invoice,
    DebitNote,
    CreditNote,
    CashSale,
    CashReturn,
    Payment,
    Prepayment,
    Refund,
    VoidPayment,
    /// Made by *Calculate overdue charges* (R4.12).
    OverdueCharge,
    /// Made by *Write off balances and credits* (R4.13): writes off a small credit.
    CreditWriteOff,
    /// Made by *Write off balances and credits* (R4.13): writes off a small debt.
    BalanceWriteOff,
}

impl DocType {
    /// Types entered in the invoice window (they have lines).
    pub const INVOICE_LIKE: [DocType; 5] = [DocType::Invoice, DocType::DebitNote, DocType::CreditNote, DocType::CashSale, DocType::CashReturn];
    /// Types entered in the payment window.
    pub const PAYMENT_LIKE: [DocType; 3] = [DocType::Payment, DocType::Prepayment, DocType::Refund];
    /// Types only processes make (never entered by hand).
    pub const SYSTEM: [DocType; 4] = [DocType::VoidPayment, DocType::OverdueCharge, DocType::CreditWriteOff, DocType::BalanceWriteOff];

    /// Every type, in list order.
    pub fn all() -> impl Iterator<Item = DocType> {
        Self::INVOICE_LIKE.into_iter().chain(Self::PAYMENT_LIKE).chain(Self::SYSTEM)
    }

    pub fn label(self) -> &'static str {
        match self {
            DocType::Invoice => "Invoice",
            DocType::DebitNote => "Debit note",
            DocType::CreditNote => "Credit note",
            DocType::CashSale => "Cash sale",
            DocType::CashReturn => "Cash return",
            DocType::Payment => "Payment",
            DocType::Prepayment => "Prepayment",
            DocType::Refund => "Customer refund",
            DocType::VoidPayment => "Void payment",
            DocType::OverdueCharge => "Overdue charge",
            DocType::CreditWriteOff => "Credit write-off",
            DocType::BalanceWriteOff => "Balance write-off",
        }
    }

    pub fn from_label(label: &str) -> Option<DocType> {
        Self::all().find(|t| t.label() == label)
    }

    /// +1 when the document's open balance raises the customer's balance, -1 when it
    /// lowers it, 0 when it never carries one (SPEC R4.8: refunds, cash sales and cash
    /// returns change no balance; a void payment works by reversing its payment).
    pub fn balance_sign(self) -> Decimal {
        match self {
            DocType::Invoice | DocType::DebitNote | DocType::OverdueCharge => Decimal::ONE,
            DocType::CreditNote | DocType::Payment | DocType::Prepayment | DocType::BalanceWriteOff => Decimal::NEGATIVE_ONE,
            DocType::CashSale | DocType::CashReturn | DocType::Refund | DocType::VoidPayment | DocType::CreditWriteOff => Decimal::ZERO,
        }
    }

    /// Has lines, VAT and totals.
    pub fn is_invoice_like(self) -> bool {
        Self::INVOICE_LIKE.contains(&self)
    }

    /// A debit document: what payments and credit notes are applied to.
    pub fn is_debit(self) -> bool {
        matches!(self, DocType::Invoice | DocType::DebitNote | DocType::OverdueCharge)
    }

    /// Applied to credits (payments, prepayments, credit notes) rather than to debits.
    pub fn applies_to_credits(self) -> bool {
        matches!(self, DocType::Refund | DocType::CreditWriteOff)
    }

    /// Takes the cash discount of a document it pays by the document's cash-discount
    /// date (R4.9); credit notes and write-offs never do.
    pub fn takes_cash_discount(self) -> bool {
        matches!(self, DocType::Payment | DocType::Prepayment)
    }

    /// Must be applied in full before release, and is Closed by it.
    pub fn applied_in_full(self) -> bool {
        matches!(self, DocType::Refund | DocType::CreditWriteOff | DocType::BalanceWriteOff)
    }

    /// A credit that can be applied to debit documents (and refunded).
    pub fn is_applicable_credit(self) -> bool {
        matches!(self, DocType::Payment | DocType::Prepayment | DocType::CreditNote)
    }

    /// Documents that may carry applications: credits, and refunds (applied to credits).
    pub fn has_applications(self) -> bool {
        self.is_applicable_credit() || self.applied_in_full()
    }

    /// Sent to the customer as an invoice, so *Require invoice printing / emailing
    /// before release* applies (R4.5). These are the types of Visma Net's Sales
    /// invoices window; cash sales and returns are paid on the spot and are not.
    pub fn is_delivered(self) -> bool {
        matches!(self, DocType::Invoice | DocType::DebitNote | DocType::CreditNote)
    }

    /// Paid at once: released straight to Closed with no open balance.
    pub fn is_cash(self) -> bool {
        matches!(self, DocType::CashSale | DocType::CashReturn)
    }
}

/// Document status (SPEC R4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DocStatus {
    OnHold,
    Balanced,
    Open,
    Closed,
    /// A payment reversed by a void payment.
    Voided,
    /// Stopped by credit verification (R4.14) until the hold is removed.
    CreditHold,
    /// Must be printed before release (R4.5).
    PendingPrint,
    /// Must be emailed before release (R4.5).
    PendingEmail,
    /// The template of a schedule (R7.2): never released, changes no balance; the
    /// documents the schedule generates from it are. Removed from its schedule it
    /// becomes Voided.
    Scheduled,
}

impl DocStatus {
    pub fn label(self) -> &'static str {
        match self {
            DocStatus::OnHold => "On hold",
            DocStatus::Balanced => "Balanced",
            DocStatus::Open => "Open",
            DocStatus::Closed => "Closed",
            DocStatus::Voided => "Voided",
            DocStatus::CreditHold => "Credit hold",
            DocStatus::PendingPrint => "Pending print",
            DocStatus::PendingEmail => "Pending email",
            DocStatus::Scheduled => "Scheduled",
        }
    }

    /// Released documents are Open, Closed or Voided; their content never changes again
    /// (only balance and status move, and applications are appended).
    pub fn is_released(self) -> bool {
        matches!(self, DocStatus::Open | DocStatus::Closed | DocStatus::Voided)
    }

    /// Recorded, not released: On hold, Credit hold, Pending print/email or Balanced.
    /// A Scheduled template is neither recorded nor released (R7.2).
    pub fn is_recorded(self) -> bool {
        !self.is_released() && self != DocStatus::Scheduled
    }

    /// Waiting for release: Balanced, or Pending print / Pending email (which a release
    /// tries, so the row says what it still needs). Release documents lists these.
    pub fn awaits_release(self) -> bool {
        matches!(self, DocStatus::Balanced | DocStatus::PendingPrint | DocStatus::PendingEmail)
    }

    /// Held back by a person or by the credit check: On hold or Credit hold (a printout
    /// is marked as a draft).
    pub fn is_held(self) -> bool {
        matches!(self, DocStatus::OnHold | DocStatus::CreditHold)
    }
}

/// An invoice line (SPEC R4.2). Amounts are in the document's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub description: String,
    pub quantity: Decimal,
    pub unit_price: Decimal,
    pub discount_pct: Decimal,
    pub vat_category: String,
    /// quantity × unit price, rounded to the currency.
    pub extended_price: Decimal,
    /// extended price − discount, rounded to the currency.
    pub amount: Decimal,
}

impl InvoiceLine {
    /// Builds a line and computes its extended price and amount in `currency`; `None`
    /// when quantity × unit price is not under [`crate::base::money::MAX_AMOUNT`] or the
    /// discount is not 0–100 % (computed without overflowing, so never a panic).
    pub fn new(description: &str, quantity: Decimal, unit_price: Decimal, discount_pct: Decimal, vat_category: &str, currency: &Currency) -> Option<Self> {
        let (extended_price, amount) = Self::amounts(quantity, unit_price, discount_pct, currency)?;
        Some(InvoiceLine {
            description: description.to_string(),
            quantity,
            unit_price,
            discount_pct,
            vat_category: vat_category.to_string(),
            extended_price,
            amount,
        })
    }

    /// The extended price and the amount [`InvoiceLine::new`] computes; `None` where it does.
    pub fn amounts(quantity: Decimal, unit_price: Decimal, discount_pct: Decimal, currency: &Currency) -> Option<(Decimal, Decimal)> {
        let product = quantity.checked_mul(unit_price).filter(|p| crate::base::money::within_limit(*p))?;
        if !crate::base::money::valid_pct(discount_pct) {
            return None;
        }
        let extended_price = currency.round(product);
        let discount = currency.round(extended_price * discount_pct / Decimal::ONE_HUNDRED);
        Some((extended_price, extended_price - discount))
    }
}

/// VAT of one category on a document: rate applied to the sum of the category's
/// line amounts, rounded once per category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatLine {
    pub vat_category: String,
    pub rate_pct: Decimal,
    pub taxable: Decimal,
    pub vat: Decimal,
}

/// An application of a credit (payment, prepayment, credit note) to a debit document,
/// or of a refund to a credit. A reversal is appended as a negative amount, so the
/// list is a history that only grows once released.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    /// The document applied to. (Named `invoice` in the first stored version.)
    #[serde(alias = "invoice")]
    pub target: DocId,
    pub amount: Decimal,
    /// Cash discount granted with this application (R4.9): it settles the target
    /// without coming from the credit. Zero for most applications.
    #[serde(default)]
    pub discount: Decimal,
    /// Whether this application has taken effect (released with its document, or
    /// applied afterwards). Applications planned on an unreleased document have not.
    #[serde(default = "yes")]
    pub released: bool,
    /// The business date an application made after release (*Apply*, a reversal)
    /// took effect; `None` for those released with their document.
    #[serde(default)]
    pub applied_on: Option<NaiveDate>,
    /// The entry of an application made after release: its realised currency gain or
    /// loss (R4.11). Empty when the rates agree, and for applications released with
    /// their document (their gain or loss is in the document's entry).
    #[serde(default)]
    pub journal: Vec<crate::accounting::journal::JournalLine>,
    /// The number of that entry in the journal, given when it was written (R4.15);
    /// `None` while `journal` is empty, and for entries written before numbers were
    /// kept (the export numbers those first, see `accounting::journal::journal_rows`).
    #[serde(default)]
    pub journal_entry: Option<u32>,
}

impl Application {
    /// A planned application (not yet in effect).
    pub fn planned(target: DocId, amount: Decimal, discount: Decimal) -> Self {
        Application { target, amount, discount, released: false, applied_on: None, journal: Vec::new(), journal_entry: None }
    }
}

fn yes() -> bool {
    true
}

/// A document of the customer ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocId,
    pub doc_type: DocType,
    pub ref_nbr: String,
    pub customer_id: String,
    pub date: NaiveDate,
    /// Invoices only.
    pub due_date: Option<NaiveDate>,
    /// The cash discount the terms give when paid by `cash_discount_date` (R4.9).
    #[serde(default)]
    pub cash_discount: Decimal,
    pub cash_discount_date: Option<NaiveDate>,
    pub currency: String,
    /// Base-currency units per one unit of the document currency, fixed at entry.
    pub rate: Decimal,
    /// The rate was typed (R3.5 *Enable rate override*), not taken from the rate table.
    #[serde(default)]
    pub rate_typed: bool,
    pub description: String,
    /// Payments only: the customer's payment reference.
    pub payment_ref: String,
    pub status: DocStatus,
    pub lines: Vec<InvoiceLine>,
    pub vat_lines: Vec<VatLine>,
    /// Invoice: lines + VAT. Payment: the payment amount.
    pub total: Decimal,
    /// What is still open: equals `total` until release, then drops as applications are made.
    pub balance: Decimal,
    /// Credits and refunds only.
    pub applications: Vec<Application>,
    /// The void payment that reversed this payment, or the payment a void payment reverses.
    #[serde(default)]
    pub voids: Option<DocId>,
    pub released_on: Option<NaiveDate>,
    /// The total typed by the user when totals are validated on entry (R4.6).
    #[serde(default)]
    pub control_total: Option<Decimal>,
    /// The journal entry written when the document was released (R4.15), in base
    /// currency. Empty until then; never changed after.
    #[serde(default)]
    pub journal: Vec<crate::accounting::journal::JournalLine>,
    /// The number of that entry in the journal, given when it was written (R4.15) and
    /// never changed; `None` while `journal` is empty, and for entries written before
    /// numbers were kept (the export numbers those first, see
    /// `accounting::journal::journal_rows`).
    #[serde(default)]
    pub journal_entry: Option<u32>,
    /// Why credit verification stopped the document (R4.14); empty when it did not.
    #[serde(default)]
    pub credit_hold_reason: String,
    /// A credit controller removed the hold: the document is released without the check.
    #[serde(default)]
    pub credit_approved: bool,
    /// Overdue charges are calculated on this invoice (its customer had the flag when it
    /// was entered, R4.12).
    #[serde(default)]
    pub overdue_charges: bool,
    /// The day up to which overdue charges have been calculated.
    #[serde(default)]
    pub overdue_charged_to: Option<NaiveDate>,
    /// The invoice has been printed (R4.5); kept while its customer and total stay.
    #[serde(default)]
    pub printed: bool,
    /// The invoice has been emailed (R4.5); kept while its customer and total stay.
    #[serde(default)]
    pub emailed: bool,
    /// Every day it was printed and emailed (the business date), for the customer's
    /// activity list (R3.9).
    #[serde(default)]
    pub printed_on: Vec<NaiveDate>,
    #[serde(default)]
    pub emailed_on: Vec<NaiveDate>,
    /// Days it was marked as not to be printed / emailed in Send invoices (seed 000),
    /// for the activity list.
    #[serde(default)]
    pub skipped_print_on: Vec<NaiveDate>,
    #[serde(default)]
    pub skipped_email_on: Vec<NaiveDate>,
    /// The schedule this document is a template of, or was generated by (R7).
    #[serde(default)]
    pub schedule: Option<ScheduleLink>,
    /// The dunning letter level this document last reached and the day (R9.2), so the
    /// next run escalates it instead of repeating it.
    #[serde(default)]
    pub dunning: Option<DunningMark>,
}

/// How a document belongs to a schedule (R7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScheduleLink {
    /// A template of the schedule: Scheduled, or Voided once removed from it (it keeps
    /// the link, and is never used again).
    Template(crate::schedules::ScheduleId),
    /// Generated by the schedule for its occurrence on `on` (the key that makes
    /// generation idempotent, R7.6).
    Generated { schedule: crate::schedules::ScheduleId, on: NaiveDate },
}

/// A document's last dunning letter (R9.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DunningMark {
    /// 1 for the first level.
    pub level: u32,
    pub date: NaiveDate,
}

impl Document {
    /// Sum of line amounts (before VAT).
    pub fn lines_total(&self) -> Decimal {
        self.lines.iter().map(|l| l.amount).sum()
    }

    pub fn vat_total(&self) -> Decimal {
        self.vat_lines.iter().map(|v| v.vat).sum()
    }

    /// Net amount of all applications (planned and released).
    pub fn applied_total(&self) -> Decimal {
        self.applications.iter().map(|a| a.amount).sum()
    }

    /// Net amount of the applications that have taken effect.
    pub fn released_applied_total(&self) -> Decimal {
        self.applications.iter().filter(|a| a.released).map(|a| a.amount).sum()
    }

    /// Net amount applied from this document to `target` (released applications).
    pub fn applied_to(&self, target: DocId) -> Decimal {
        self.applications.iter().filter(|a| a.released && a.target == target).map(|a| a.amount).sum()
    }

    /// Net cash discount granted to `target` with this document's released applications.
    pub fn discount_to(&self, target: DocId) -> Decimal {
        self.applications.iter().filter(|a| a.released && a.target == target).map(|a| a.discount).sum()
    }

    /// Net cash discount of all released applications.
    pub fn released_discount_total(&self) -> Decimal {
        self.applications.iter().filter(|a| a.released).map(|a| a.discount).sum()
    }

    /// The document's balance in base currency at its own rate.
    pub fn base_balance(&self, settings: &Settings) -> Decimal {
        crate::base::money::round_to_minor_units(self.balance * self.rate, settings.base_minor_units())
    }

    pub fn base_total(&self, settings: &Settings) -> Decimal {
        crate::base::money::round_to_minor_units(self.total * self.rate, settings.base_minor_units())
    }

    /// The part of a document that may never change after release: everything but
    /// balance and status. Used by the "released documents never change" invariant.
    /// Printing or emailing a released invoice again is delivery, not a change of
    /// content, so `printed` and `emailed` (and the days they happened) are left out too.
    pub fn released_content(&self) -> Document {
        Document {
            balance: Decimal::ZERO,
            status: DocStatus::Open,
            applications: Vec::new(),
            voids: None,
            overdue_charged_to: None,
            printed: false,
            emailed: false,
            printed_on: Vec::new(),
            emailed_on: Vec::new(),
            dunning: None,
            ..self.clone()
        }
    }

    /// Recorded, not released: On hold, Credit hold, Pending print/email or Balanced.
    pub fn is_recorded(&self) -> bool {
        self.status.is_recorded()
    }

    /// A template of a schedule (R7.2): Scheduled, or Voided after its removal. Never
    /// released: no journal entry, its balance stays its total.
    pub fn is_template(&self) -> bool {
        self.status == DocStatus::Scheduled || (self.status == DocStatus::Voided && matches!(self.schedule, Some(ScheduleLink::Template(_))))
    }
}

/// VAT lines per category of `lines`, in the order categories first appear, at the
/// rates effective on `date` (the document date). A category without a rate on that
/// date counts as 0 %; saving such a document is refused before this is reached.
pub fn vat_lines_of(lines: &[InvoiceLine], settings: &Settings, currency: &Currency, date: NaiveDate) -> Vec<VatLine> {
    let mut vat_lines: Vec<VatLine> = Vec::new();
    for line in lines {
        match vat_lines.iter_mut().find(|v| v.vat_category == line.vat_category) {
            Some(v) => v.taxable += line.amount,
            None => vat_lines.push(VatLine {
                vat_category: line.vat_category.clone(),
                rate_pct: settings.vat_category(&line.vat_category).and_then(|c| c.rate_on(date)).unwrap_or_default(),
                taxable: line.amount,
                vat: Decimal::ZERO,
            }),
        }
    }
    for v in &mut vat_lines {
        v.vat = currency.round(v.taxable * v.rate_pct / Decimal::ONE_HUNDRED);
    }
    vat_lines
}
