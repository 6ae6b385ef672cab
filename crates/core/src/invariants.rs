//! The rules a stored ledger must always satisfy. Checked on import, by the CLI's
//! `check`, and after every command in the property tests.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::document::{vat_lines_of, DocId, DocStatus, DocType, Document, InvoiceLine};
use crate::ledger::Ledger;

/// Every broken rule, as one sentence each. Empty when the ledger is sound.
pub fn check_ledger(ledger: &Ledger) -> Vec<String> {
    let mut broken = Vec::new();
    let settings = &ledger.settings;
    if settings.currency(&settings.base_currency).is_none() {
        broken.push(format!("base currency {} is not in the currency table", settings.base_currency));
    }
    for class in ledger.classes.values() {
        if settings.terms_by_id(&class.terms_id).is_none() {
            broken.push(format!("class {} has unknown terms {}", class.id, class.terms_id));
        }
    }
    for customer in ledger.customers.values() {
        if !ledger.classes.contains_key(&customer.class_id) {
            broken.push(format!("customer {} has unknown class {}", customer.id, customer.class_id));
        }
        if settings.currency(&customer.currency).is_none() {
            broken.push(format!("customer {} has unknown currency {}", customer.id, customer.currency));
        }
    }
    let mut refs = std::collections::BTreeSet::new();
    // Released applications per invoice, to check each invoice's balance.
    let mut applied_to: BTreeMap<DocId, Decimal> = BTreeMap::new();
    for doc in ledger.documents.values() {
        if doc.doc_type == DocType::Payment && doc.status.is_released() {
            for app in &doc.applications {
                *applied_to.entry(app.invoice).or_default() += app.amount;
            }
        }
    }
    for doc in ledger.documents.values() {
        let name = format!("{} {}", doc.doc_type.label().to_lowercase(), doc.ref_nbr);
        if !refs.insert((doc.doc_type, doc.ref_nbr.clone())) {
            broken.push(format!("{name} occurs twice"));
        }
        if doc.id.0 >= settings.next_document_id {
            broken.push(format!("{name} has id {} but the next id is {}", doc.id.0, settings.next_document_id));
        }
        if !ledger.customers.contains_key(&doc.customer_id) {
            broken.push(format!("{name} has unknown customer {}", doc.customer_id));
        }
        let Some(currency) = settings.currency(&doc.currency) else {
            broken.push(format!("{name} has unknown currency {}", doc.currency));
            continue;
        };
        if doc.total.is_sign_negative() || doc.balance.is_sign_negative() || doc.balance > doc.total {
            broken.push(format!("{name} has balance {} outside 0..{}", doc.balance, doc.total));
        }
        match doc.status {
            DocStatus::OnHold | DocStatus::Balanced if doc.balance != doc.total => broken.push(format!("{name} is not released but its balance differs from its total")),
            DocStatus::Closed if !doc.balance.is_zero() => broken.push(format!("{name} is closed with balance {}", doc.balance)),
            DocStatus::Open if doc.balance.is_zero() && !doc.total.is_zero() => broken.push(format!("{name} is open with a zero balance")),
            _ => {}
        }
        match doc.doc_type {
            DocType::Invoice => {
                let recomputed: Vec<InvoiceLine> =
                    doc.lines.iter().map(|l| InvoiceLine::new(&l.description, l.quantity, l.unit_price, l.discount_pct, &l.vat_category, currency)).collect();
                if recomputed != doc.lines {
                    broken.push(format!("{name} has line amounts that do not match quantity × price − discount"));
                }
                // VAT is checked against the rates stored on the document: a later edit
                // of the VAT table does not change documents already entered.
                let mut expected = vat_lines_of(&doc.lines, settings, currency, doc.date);
                for line in &mut expected {
                    line.rate_pct = doc.vat_lines.iter().find(|v| v.vat_category == line.vat_category).map(|v| v.rate_pct).unwrap_or_default();
                    line.vat = currency.round(line.taxable * line.rate_pct / Decimal::ONE_HUNDRED);
                }
                if expected != doc.vat_lines {
                    broken.push(format!("{name} has VAT that does not match its lines"));
                }
                if doc.lines_total() + doc.vat_total() != doc.total {
                    broken.push(format!("{name} total {} is not lines + VAT", doc.total));
                }
                if doc.status.is_released() {
                    let applied = applied_to.get(&doc.id).copied().unwrap_or_default();
                    if doc.total - applied != doc.balance {
                        broken.push(format!("{name} balance {} is not total {} − applied {}", doc.balance, doc.total, applied));
                    }
                }
            }
            DocType::Payment => {
                check_payment(ledger, doc, &name, &mut broken);
            }
        }
    }
    if !ledger.balances_match_recomputation() {
        broken.push("the customer balances differ from a recomputation from the documents".to_string());
    }
    broken
}

fn check_payment(ledger: &Ledger, doc: &Document, name: &str, broken: &mut Vec<String>) {
    if doc.applied_total() > doc.total {
        broken.push(format!("{name} applies more than its amount"));
    }
    if doc.status.is_released() && doc.total - doc.applied_total() != doc.balance {
        broken.push(format!("{name} balance is not amount − applications"));
    }
    for app in &doc.applications {
        match ledger.documents.get(&app.invoice) {
            Some(inv) if inv.doc_type == DocType::Invoice && inv.customer_id == doc.customer_id => {}
            _ => broken.push(format!("{name} applies to a missing invoice or one of another customer")),
        }
    }
}
