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
    // What released applications took off each document: credits applied to debits,
    // refunds applied to credits. A voided payment's applications were put back.
    let mut taken: BTreeMap<DocId, Decimal> = BTreeMap::new();
    for doc in ledger.documents.values() {
        if doc.doc_type.has_applications() && doc.status.is_released() && doc.status != DocStatus::Voided {
            for app in doc.applications.iter().filter(|a| a.released) {
                *taken.entry(app.target).or_default() += app.amount + app.discount;
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
            _ if doc.status.is_recorded() && doc.balance != doc.total => broken.push(format!("{name} is not released but its balance differs from its total")),
            _ if doc.status.is_recorded() && doc.applications.iter().any(|a| a.released) => broken.push(format!("{name} is not released but has released applications")),
            DocStatus::Closed | DocStatus::Voided if !doc.balance.is_zero() => broken.push(format!("{name} is {} with balance {}", doc.status.label(), doc.balance)),
            DocStatus::Open if doc.balance.is_zero() && !doc.total.is_zero() => broken.push(format!("{name} is open with a zero balance")),
            DocStatus::PendingPrint | DocStatus::PendingEmail if !doc.doc_type.is_delivered() => {
                broken.push(format!("{name} is {}, which only invoices and notes can be", doc.status.label()))
            }
            DocStatus::Voided if doc.voids.and_then(|v| ledger.documents.get(&v)).map(|v| v.doc_type) != Some(DocType::VoidPayment) => {
                broken.push(format!("{name} is voided without its void payment"))
            }
            _ => {}
        }
        if doc.doc_type.is_invoice_like() {
            check_lines(doc, &name, currency, settings, &mut broken);
        }
        if doc.status.is_released() && (doc.journal.is_empty() && !doc.total.is_zero() || !crate::journal::is_balanced(&doc.journal)) {
            broken.push(format!("{name} is released without a balanced journal entry"));
        }
        if !doc.status.is_released() && !doc.journal.is_empty() {
            broken.push(format!("{name} has a journal entry but is not released"));
        }
        if !doc.applications.is_empty() && !doc.doc_type.has_applications() {
            broken.push(format!("{name} has applications, which a {} never has", doc.doc_type.label().to_lowercase()));
        }
        for app in &doc.applications {
            if !crate::journal::is_balanced(&app.journal) || (!app.released && !app.journal.is_empty()) {
                broken.push(format!("{name} has an application whose journal entry does not balance or is not in effect"));
            }
            let fits = match ledger.documents.get(&app.target) {
                Some(t) if t.customer_id == doc.customer_id => {
                    if doc.doc_type.applies_to_credits() { t.doc_type.is_applicable_credit() } else { t.doc_type.is_debit() }
                }
                _ => false,
            };
            if !fits {
                broken.push(format!("{name} applies to a missing document, one of another customer, or one of the wrong type"));
            }
        }
        if doc.status.is_released() && doc.status != DocStatus::Voided {
            let applied_from = doc.released_applied_total();
            let applied_to = taken.get(&doc.id).copied().unwrap_or_default();
            let expected = if doc.doc_type.is_cash() || doc.doc_type.applied_in_full() || doc.doc_type == DocType::VoidPayment {
                Decimal::ZERO
            } else {
                doc.total - applied_from - applied_to
            };
            if doc.balance != expected {
                broken.push(format!("{name} balance {} is not {} (total {} − applied {} − taken {})", doc.balance, expected, doc.total, applied_from, applied_to));
            }
            if doc.doc_type.applied_in_full() && applied_from != doc.total {
                broken.push(format!("{name} is released but not applied in full"));
            }
        } else if doc.applied_total() > doc.total {
            broken.push(format!("{name} applies more than its total"));
        }
    }
    if !ledger.balances_match_recomputation() {
        broken.push("the customer balances differ from a recomputation from the documents".to_string());
    }
    broken
}

fn check_lines(doc: &Document, name: &str, currency: &crate::money::Currency, settings: &crate::settings::Settings, broken: &mut Vec<String>) {
    let recomputed: Vec<InvoiceLine> =
        doc.lines.iter().map(|l| InvoiceLine::new(&l.description, l.quantity, l.unit_price, l.discount_pct, &l.vat_category, currency)).collect();
    if recomputed != doc.lines {
        broken.push(format!("{name} has line amounts that do not match quantity × price − discount"));
    }
    // VAT is checked against the rates stored on the document: a later edit of the
    // VAT table does not change documents already entered.
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
}
