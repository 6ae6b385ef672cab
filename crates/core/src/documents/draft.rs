//! Documents as typed in their windows: the invoice (and note, cash sale) draft, the
//! payment draft and the applications they plan. Every field is the raw text, so
//! entry can report each parse problem at its field.

use serde::{Deserialize, Serialize};

use crate::base::number::NumberFormat;
use crate::documents::document::{DocId, DocStatus, DocType, Document};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineDraft {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub discount_pct: String,
    pub vat_category: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDraft {
    /// Invoice, debit note, credit note, cash sale or cash return.
    pub doc_type: DocType,
    /// `None` for a new document.
    pub id: Option<DocId>,
    /// Typed only when the invoice series has manual numbering.
    pub ref_nbr: String,
    pub customer_id: String,
    pub date: String,
    /// Empty: from the customer's terms.
    pub due_date: String,
    /// Empty: the customer's currency.
    pub currency: String,
    /// Empty: the rate of the customer's rate type on the date; typed only when the
    /// customer has *Enable rate override* (R3.5).
    #[serde(default)]
    pub rate: String,
    pub description: String,
    pub hold: bool,
    pub lines: Vec<LineDraft>,
    /// Cash sales and returns: the payment reference.
    pub payment_ref: String,
    /// Credit notes: applications planned before release.
    pub applications: Vec<ApplicationDraft>,
    /// The total as typed, when totals are validated on entry (R4.6).
    pub control_total: String,
    /// Invoices and debit notes: *Apply overdue charges* (R4.12). `None`: the customer's
    /// flag for a new document, the stored flag for a saved one.
    #[serde(default)]
    pub overdue_charges: Option<bool>,
}

impl InvoiceDraft {
    /// A saved document as it would have been typed, numbers in `numbers`.
    pub fn from_document(doc: &Document, numbers: NumberFormat) -> Self {
        InvoiceDraft {
            doc_type: doc.doc_type,
            id: Some(doc.id),
            ref_nbr: doc.ref_nbr.clone(),
            customer_id: doc.customer_id.clone(),
            date: doc.date.to_string(),
            due_date: doc.due_date.map(|d| d.to_string()).unwrap_or_default(),
            currency: doc.currency.clone(),
            rate: if doc.rate_typed { numbers.decimal(doc.rate.normalize()) } else { String::new() },
            description: doc.description.clone(),
            hold: doc.status == DocStatus::OnHold,
            lines: doc
                .lines
                .iter()
                .map(|l| LineDraft {
                    description: l.description.clone(),
                    quantity: numbers.decimal(l.quantity.normalize()),
                    unit_price: numbers.decimal(l.unit_price),
                    discount_pct: if l.discount_pct.is_zero() { String::new() } else { numbers.decimal(l.discount_pct.normalize()) },
                    vat_category: l.vat_category.clone(),
                })
                .collect(),
            payment_ref: doc.payment_ref.clone(),
            applications: planned_applications(doc, numbers),
            control_total: doc.control_total.map(|t| numbers.decimal(t)).unwrap_or_default(),
            overdue_charges: doc.doc_type.is_debit().then_some(doc.overdue_charges),
        }
    }
}

impl ApplicationDraft {
    /// An application of `amount` (as typed) to `target`, with no cash discount.
    pub fn new(target: DocId, amount: impl Into<String>) -> Self {
        ApplicationDraft { target, amount: amount.into(), discount: String::new() }
    }
}

impl ApplicationDraft {
    /// A stored application as it would have been typed.
    pub fn from_planned(app: &crate::documents::document::Application, numbers: NumberFormat) -> Self {
        ApplicationDraft {
            target: app.target,
            amount: numbers.decimal(app.amount),
            discount: if app.discount.is_zero() { String::new() } else { numbers.decimal(app.discount) },
        }
    }
}

/// The applications of a document that have not taken effect, as drafts.
fn planned_applications(doc: &Document, numbers: NumberFormat) -> Vec<ApplicationDraft> {
    doc.applications.iter().filter(|a| !a.released).map(|a| ApplicationDraft::from_planned(a, numbers)).collect()
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDraft {
    /// The document applied to.
    pub target: DocId,
    pub amount: String,
    /// Cash discount taken with it (payments and prepayments; empty: none).
    #[serde(default)]
    pub discount: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentDraft {
    /// Payment, prepayment or customer refund.
    pub doc_type: DocType,
    pub id: Option<DocId>,
    pub ref_nbr: String,
    pub customer_id: String,
    pub date: String,
    pub currency: String,
    /// Empty: the rate of the customer's rate type on the date (see [`InvoiceDraft::rate`]).
    #[serde(default)]
    pub rate: String,
    pub payment_ref: String,
    pub amount: String,
    pub description: String,
    pub hold: bool,
    pub applications: Vec<ApplicationDraft>,
}

impl Default for PaymentDraft {
    /// An empty payment (not an invoice, which `DocType::default()` would give).
    fn default() -> Self {
        PaymentDraft {
            doc_type: DocType::Payment,
            id: None,
            ref_nbr: String::new(),
            customer_id: String::new(),
            date: String::new(),
            currency: String::new(),
            rate: String::new(),
            payment_ref: String::new(),
            amount: String::new(),
            description: String::new(),
            hold: false,
            applications: Vec::new(),
        }
    }
}

impl PaymentDraft {
    /// A saved payment as it would have been typed, numbers in `numbers`.
    pub fn from_document(doc: &Document, numbers: NumberFormat) -> Self {
        PaymentDraft {
            doc_type: doc.doc_type,
            id: Some(doc.id),
            ref_nbr: doc.ref_nbr.clone(),
            customer_id: doc.customer_id.clone(),
            date: doc.date.to_string(),
            currency: doc.currency.clone(),
            rate: if doc.rate_typed { numbers.decimal(doc.rate.normalize()) } else { String::new() },
            payment_ref: doc.payment_ref.clone(),
            amount: numbers.decimal(doc.total),
            description: doc.description.clone(),
            hold: doc.status == DocStatus::OnHold,
            applications: planned_applications(doc, numbers),
        }
    }
}
