//! What a document window shows and allows, decided here so every window, the CLI and
//! the tests agree: the defaults of a new document (with *Hold documents on entry*,
//! R4.4), the live totals of a draft (lines, VAT per category, total), the dates the
//! terms give, and the actions a document allows now.
//!
//! Architecture Invariant: a window renders these values; it never computes an
//! amount or decides a status itself.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::base::money::Currency;
use crate::base::number::NumberFormat;
use crate::base::problem::parse_date;
use crate::customers::customer::CustomerStatus;
use crate::documents::document::{vat_lines_of, DocStatus, DocType, Document, InvoiceLine, VatLine};
use crate::documents::draft::{InvoiceDraft, LineDraft, PaymentDraft};
use crate::ledger::Ledger;

/// A new invoice-like document of `doc_type` for `customer_id` (may be empty) dated
/// `today`: on hold when the preferences say so (R4.4), with one line of quantity 1
/// in the first VAT category.
pub fn new_invoice(ledger: &Ledger, doc_type: DocType, customer_id: &str, today: NaiveDate) -> InvoiceDraft {
    InvoiceDraft {
        doc_type,
        customer_id: customer_id.to_string(),
        date: today.to_string(),
        hold: ledger.settings.hold_documents_on_entry,
        lines: vec![new_line(ledger)],
        ..InvoiceDraft::default()
    }
}

/// A new invoice line: quantity 1, the first VAT category.
pub fn new_line(ledger: &Ledger) -> LineDraft {
    let vat_category = ledger.settings.vat_categories.first().map(|v| v.id.clone()).unwrap_or_default();
    LineDraft { quantity: "1".into(), vat_category, ..LineDraft::default() }
}

/// A new payment-like document of `doc_type`, dated `today`, on hold when the
/// preferences say so (R4.4).
pub fn new_payment(ledger: &Ledger, doc_type: DocType, customer_id: &str, today: NaiveDate) -> PaymentDraft {
    PaymentDraft {
        doc_type,
        customer_id: customer_id.to_string(),
        date: today.to_string(),
        hold: ledger.settings.hold_documents_on_entry,
        ..PaymentDraft::default()
    }
}

/// The dates a customer's terms give a debit document dated `date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TermsDates {
    pub due: Option<NaiveDate>,
    pub cash_discount: Option<NaiveDate>,
}

/// What `customer_id`'s payment terms give a document dated `date` (typed text); no
/// dates when the customer, its terms or the date are unknown.
pub fn terms_dates(ledger: &Ledger, customer_id: &str, date: &str) -> TermsDates {
    let terms = ledger.customers.get(customer_id).and_then(|c| ledger.settings.terms_by_id(&c.terms_id));
    match (terms, parse_date(date)) {
        (Some(terms), Ok(date)) => TermsDates { due: terms.due_date(date), cash_discount: terms.cash_discount_date(date) },
        _ => TermsDates::default(),
    }
}

/// The currency a draft is entered in: a released document's own, else the one the
/// draft was saved with, else its customer's, else the base currency.
pub fn draft_currency(ledger: &Ledger, stored: Option<&Document>, saved_currency: &str, customer_id: &str) -> Currency {
    let code = stored
        .filter(|d| d.status.is_released())
        .map(|d| d.currency.clone())
        .or_else(|| (!saved_currency.is_empty()).then(|| saved_currency.to_string()))
        .or_else(|| ledger.customers.get(customer_id).map(|c| c.currency.clone()));
    code.and_then(|c| ledger.settings.currency(&c).cloned()).unwrap_or_else(|| ledger.settings.base())
}

/// The live totals of a draft as typed: each line's amount, the VAT per category, and
/// the totals. A line that does not parse (or is out of range) counts as zero until
/// it is fixed; Save reports why beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftTotals {
    pub line_amounts: Vec<Decimal>,
    /// Each line's VAT rate in % effective on the draft's date (`None`: the category
    /// is not in the table, or has no rate on that date).
    pub line_vat_rates: Vec<Option<Decimal>>,
    pub vat: Vec<VatLine>,
    pub lines_total: Decimal,
    pub vat_total: Decimal,
    pub total: Decimal,
}

/// [`DraftTotals`] of `lines` in `currency` on the draft's `date` (typed; `today` when
/// it does not parse yet).
pub fn draft_totals(ledger: &Ledger, lines: &[LineDraft], currency: &Currency, date: &str, today: NaiveDate) -> DraftTotals {
    let built: Vec<InvoiceLine> = lines
        .iter()
        .map(|line| {
            // Entry refuses a negative quantity or price, so the totals count it as zero.
            let not_negative = |n: Decimal| if n.is_sign_negative() { Decimal::ZERO } else { n };
            let numbers = ledger.settings.numbers();
            let q = numbers.parse(&line.quantity, 4).map(not_negative).unwrap_or_default();
            let p = numbers.parse(&line.unit_price, 4).map(not_negative).unwrap_or_default();
            let d = numbers.parse(&line.discount_pct, 2).unwrap_or_default();
            InvoiceLine::new("", q, p, d, &line.vat_category, currency).unwrap_or_else(|| zero_line(&line.vat_category))
        })
        .collect();
    let on = parse_date(date).unwrap_or(today);
    let vat = vat_lines_of(&built, &ledger.settings, currency, on);
    let line_vat_rates = built.iter().map(|l| ledger.settings.vat_category(&l.vat_category).and_then(|c| c.rate_on(on))).collect();
    let lines_total: Decimal = built.iter().map(|l| l.amount).sum();
    let vat_total: Decimal = vat.iter().map(|v| v.vat).sum();
    DraftTotals { line_amounts: built.iter().map(|l| l.amount).collect(), line_vat_rates, vat, lines_total, vat_total, total: lines_total + vat_total }
}

fn zero_line(vat_category: &str) -> InvoiceLine {
    InvoiceLine {
        description: String::new(),
        quantity: Decimal::ZERO,
        unit_price: Decimal::ZERO,
        discount_pct: Decimal::ZERO,
        vat_category: vat_category.to_string(),
        extended_price: Decimal::ZERO,
        amount: Decimal::ZERO,
    }
}

/// What a document window allows now. `stored` is the saved document (`None` for a
/// new one); `hold` the Hold box as typed; `dirty` whether the draft differs from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actions {
    /// The status the window shows: the stored one, or what Save would give.
    pub status: DocStatus,
    pub released: bool,
    pub save: bool,
    pub release: bool,
    pub delete: bool,
    /// Print and Email: a saved invoice or note with nothing unsaved.
    pub print: bool,
    pub email: bool,
    /// *Void* (R4.10): a released payment or prepayment.
    pub void: bool,
    /// *Apply* more after release (R4.9): an open credit.
    pub apply: bool,
    /// *Reverse* an application (R4.9): a released credit (see [`can_reverse`]).
    pub reverse: bool,
    /// *Remove credit hold* (R4.14).
    pub remove_credit_hold: bool,
    /// *Put the customer on credit hold* (R4.14, "by choice, the customer").
    pub hold_customer: bool,
    /// The header and lines can be edited.
    pub edit: bool,
}

pub fn actions(ledger: &Ledger, stored: Option<&Document>, doc_type: DocType, hold: bool, dirty: bool) -> Actions {
    let status = stored.map(|d| d.status).unwrap_or(if hold { DocStatus::OnHold } else { DocStatus::Balanced });
    let released = status.is_released();
    // A schedule's template (R7.2) is edited, not released, printed or deleted.
    let template = status == DocStatus::Scheduled;
    let saved_clean = stored.is_some() && !dirty;
    let customer_held = stored.and_then(|d| ledger.customers.get(&d.customer_id)).is_some_and(|c| c.status == CustomerStatus::CreditHold);
    Actions {
        status,
        released,
        save: !released,
        // A document waiting on hold is released only after the hold is cleared (which
        // makes the draft differ: Release then saves first).
        release: !released && !template && (!matches!(status, DocStatus::OnHold | DocStatus::CreditHold) || dirty),
        delete: !released && !template && stored.is_some(),
        print: saved_clean && !template && doc_type.is_invoice_like(),
        email: saved_clean && !template && doc_type.is_invoice_like(),
        void: matches!(doc_type, DocType::Payment | DocType::Prepayment) && matches!(status, DocStatus::Open | DocStatus::Closed),
        apply: status == DocStatus::Open && doc_type.is_applicable_credit(),
        reverse: matches!(status, DocStatus::Open | DocStatus::Closed) && doc_type.is_applicable_credit(),
        remove_credit_hold: status == DocStatus::CreditHold,
        hold_customer: status == DocStatus::CreditHold && !customer_held,
        edit: !released,
    }
}

/// The sum of the amounts typed in an Applications section; what does not parse
/// counts as zero (Save reports it beside its row).
pub fn typed_total(drafts: &[crate::documents::draft::ApplicationDraft], numbers: NumberFormat) -> Decimal {
    drafts.iter().filter_map(|d| numbers.parse(&d.amount, 4).ok()).sum()
}

/// Whether `credit`'s applications to `target` can be reversed now: it is released,
/// something is applied, and no cash discount was taken (that needs a void).
pub fn can_reverse(credit: &Document, target: crate::documents::document::DocId) -> bool {
    matches!(credit.status, DocStatus::Open | DocStatus::Closed)
        && credit.doc_type.is_applicable_credit()
        && credit.applied_to(target) > Decimal::ZERO
        && credit.discount_to(target).is_zero()
}

/// Whether a document of `doc_type` carries *Apply overdue charges* (R4.12, seed 002):
/// the window's choice, else the stored document's, else the customer's setting. Only
/// debit documents carry it. Entry stores this; the invoice window ticks its box by it.
pub fn overdue_charges_of(doc_type: DocType, choice: Option<bool>, existing: Option<&Document>, customer_default: bool) -> bool {
    doc_type.is_debit() && choice.unwrap_or_else(|| existing.map_or(customer_default, |e| e.overdue_charges))
}

/// What a document waiting to be printed or emailed before release says (R4.5), or
/// `None` when it waits for nothing.
pub fn delivery_notice(status: DocStatus) -> Option<&'static str> {
    match status {
        DocStatus::PendingPrint => Some("This customer gets printed invoices, and the preferences require printing before release: click Print."),
        DocStatus::PendingEmail => {
            Some("This customer gets invoices by email, and the preferences require emailing before release: click Email to put it in Pending emails.")
        }
        _ => None,
    }
}

/// The Applied and Balance figures of a payment window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PaymentFigures {
    /// The amount as typed (zero while it is not a number).
    pub amount: Decimal,
    /// What the applications apply: the released ones once released, else what is typed.
    pub applied: Decimal,
    /// The unapplied balance once released; before release, the amount.
    pub balance: Decimal,
}

/// [`PaymentFigures`] of `draft`, or of `stored` once it is released. Amounts that
/// are not numbers yet count as zero (Save says what is wrong with them).
pub fn payment_figures(stored: Option<&Document>, draft: &PaymentDraft, numbers: NumberFormat) -> PaymentFigures {
    let amount = numbers.parse(&draft.amount, 4).unwrap_or_default();
    match stored.filter(|d| d.status.is_released()) {
        Some(d) => PaymentFigures { amount, applied: d.released_applied_total(), balance: d.balance },
        None => PaymentFigures { amount, applied: typed_total(&draft.applications, numbers), balance: amount },
    }
}

/// The types a payment window offers: the payment-like ones, or only its own for a
/// document a process made (a void payment).
pub fn payment_type_choices(current: DocType) -> Vec<DocType> {
    if DocType::PAYMENT_LIKE.contains(&current) {
        DocType::PAYMENT_LIKE.to_vec()
    } else {
        vec![current]
    }
}
