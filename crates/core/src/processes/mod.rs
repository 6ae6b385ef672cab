//! The processes that make system documents, each with a preview before it commits
//! (SPEC R4.12 Calculate overdue charges, R4.13 Write off balances and credits).
//! *Update credit hold* (R3.1) is `documents::credit::update_credit_hold`.
//!
//! *Process* of statements and dunning letters (R9) records what was sent:
//! `statements`, `dunning`.
//!
//! Architecture Invariant: a process run is one `Change`: all its documents or none.

pub mod dunning;
pub mod statements;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::base::problem::{Problem, ProblemKind};
use crate::documents::document::{Application, DocId, DocStatus, DocType, Document};
use crate::documents::entry::next_document_id;
use crate::ledger::{Change, Ledger, Record};
use crate::settings::{SeriesKind, Settings};

/// One overdue invoice and the charge it earns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverdueProposal {
    pub customer_id: String,
    pub invoice: DocId,
    pub invoice_ref: String,
    pub currency: String,
    /// Days charged: from the due date (or the last charge) to the process date.
    pub days: i64,
    pub balance: Decimal,
    pub rate_pct: Decimal,
    pub charge: Decimal,
}

/// What *Calculate overdue charges* would charge on `date`: every open invoice or debit
/// note entered with *Apply overdue charges*, past due, of a customer whose terms or
/// class have a rate (the terms' rate when set, else the class's): balance × yearly
/// rate × days / 365, rounded in the invoice's currency.
pub fn overdue_proposals(ledger: &Ledger, date: NaiveDate) -> Vec<OverdueProposal> {
    let mut proposals = Vec::new();
    for doc in
        ledger.documents.values().filter(|d| d.overdue_charges && d.status == DocStatus::Open && matches!(d.doc_type, DocType::Invoice | DocType::DebitNote))
    {
        let Some(customer) = ledger.customers.get(&doc.customer_id) else { continue };
        let Some(class) = ledger.classes.get(&customer.class_id) else { continue };
        let Some(due) = doc.due_date else { continue };
        let Some(currency) = ledger.settings.currency(&doc.currency) else { continue };
        let terms_rate = ledger.settings.terms_by_id(&customer.terms_id).map_or(Decimal::ZERO, |t| t.overdue_rate_pct);
        let rate_pct = if terms_rate.is_zero() { class.overdue_rate_pct } else { terms_rate };
        if rate_pct.is_zero() || !customer.status.allows(DocType::OverdueCharge) {
            continue;
        }
        let from = doc.overdue_charged_to.map_or(due, |charged| charged.max(due));
        let days = (date - from).num_days();
        if days <= 0 {
            continue;
        }
        let charge = currency.round(doc.balance * rate_pct / Decimal::ONE_HUNDRED * Decimal::from(days) / Decimal::from(365));
        if charge > Decimal::ZERO {
            proposals.push(OverdueProposal {
                customer_id: customer.id.clone(),
                invoice: doc.id,
                invoice_ref: doc.ref_nbr.clone(),
                currency: doc.currency.clone(),
                days,
                balance: doc.balance,
                rate_pct,
                charge,
            });
        }
    }
    proposals
}

/// Calculates overdue charges on `date` (R4.12): one released Overdue charge document per
/// customer and currency, and the charged invoices remember the date. One change.
pub fn calculate_overdue_charges(ledger: &Ledger, date: NaiveDate) -> Result<Change, Vec<Problem>> {
    let proposals = overdue_proposals(ledger, date);
    if proposals.is_empty() {
        return Err(vec![Problem::form(ProblemKind::NotAllowed, format!("No overdue charges to calculate on {date}"))]);
    }
    let mut settings = ledger.settings.clone();
    let mut puts = Vec::new();
    let mut groups: BTreeMap<(String, String), Vec<&OverdueProposal>> = BTreeMap::new();
    for p in &proposals {
        groups.entry((p.customer_id.clone(), p.currency.clone())).or_default().push(p);
        if let Some(invoice) = ledger.documents.get(&p.invoice) {
            puts.push(Record::Document(Document { overdue_charged_to: Some(date), ..invoice.clone() }));
        }
    }
    for ((customer_id, currency), group) in groups {
        let total: Decimal = group.iter().map(|p| p.charge).sum();
        let terms = ledger.customers.get(&customer_id).and_then(|c| settings.terms_by_id(&c.terms_id)).cloned();
        let description = group.iter().map(|p| format!("{} ({} days)", p.invoice_ref, p.days)).collect::<Vec<_>>().join(", ");
        let mut doc = system_document(&mut settings, ledger, DocType::OverdueCharge, &customer_id, &currency, date, total);
        doc.due_date = terms.as_ref().map_or(Some(date), |t| t.due_date(date));
        doc.description = format!("Overdue charges on {description}");
        doc.status = DocStatus::Open;
        doc.balance = total;
        doc.journal = crate::accounting::journal::entry_for(&doc, &settings, &crate::accounting::journal::accounts_for(ledger, &doc.customer_id), &|id| {
            ledger.documents.get(&id)
        });
        doc.journal_entry = (!doc.journal.is_empty()).then(|| crate::accounting::journal::next_journal_entry(ledger, &mut settings));
        puts.push(Record::Document(doc));
    }
    puts.extend(crate::ledger::settings_puts(&ledger.settings, &settings));
    Ok(Change { puts, deletes: vec![] })
}

/// One small balance or credit and the write-off that would clear it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WriteOffProposal {
    pub customer_id: String,
    pub target: DocId,
    pub target_ref: String,
    pub target_type: DocType,
    /// Balance write-off for a debit, credit write-off for a credit.
    pub write_off_type: DocType,
    pub currency: String,
    pub amount: Decimal,
    pub base_amount: Decimal,
}

/// What *Write off balances and credits* would write off (R4.13): for customers with
/// *Enable write-offs*, every open document whose balance in base currency is at most
/// the customer's write-off limit (and `limit`, when given).
pub fn write_off_proposals(ledger: &Ledger, limit: Option<Decimal>) -> Vec<WriteOffProposal> {
    let mut proposals = Vec::new();
    for customer in ledger.customers.values().filter(|c| c.dunning.write_offs && c.status.allows(DocType::BalanceWriteOff)) {
        let ceiling = limit.map_or(customer.dunning.write_off_limit, |l| l.min(customer.dunning.write_off_limit));
        for doc in ledger.documents_of(&customer.id).filter(|d| d.status == DocStatus::Open) {
            let write_off_type = if doc.doc_type.is_debit() {
                DocType::BalanceWriteOff
            } else if doc.doc_type.is_applicable_credit() {
                DocType::CreditWriteOff
            } else {
                continue;
            };
            let base_amount = doc.base_balance(&ledger.settings);
            if doc.balance > Decimal::ZERO && base_amount <= ceiling {
                proposals.push(WriteOffProposal {
                    customer_id: customer.id.clone(),
                    target: doc.id,
                    target_ref: doc.ref_nbr.clone(),
                    target_type: doc.doc_type,
                    write_off_type,
                    currency: doc.currency.clone(),
                    amount: doc.balance,
                    base_amount,
                });
            }
        }
    }
    proposals
}

/// Writes off on `date` what `write_off_proposals` lists: one released write-off
/// document per written-off document, applied to it in full. One change.
pub fn write_off(ledger: &Ledger, date: NaiveDate, limit: Option<Decimal>) -> Result<Change, Vec<Problem>> {
    let proposals = write_off_proposals(ledger, limit);
    if proposals.is_empty() {
        return Err(vec![Problem::form(ProblemKind::NotAllowed, "Nothing to write off: no open balance or credit is under the write-off limit")]);
    }
    let mut settings = ledger.settings.clone();
    let mut puts = Vec::new();
    for p in proposals {
        let Some(target) = ledger.documents.get(&p.target) else { continue };
        let mut doc = system_document(&mut settings, ledger, p.write_off_type, &p.customer_id, &p.currency, date, p.amount);
        doc.rate = target.rate;
        doc.description = format!("Writes off {} {}", target.doc_type.label().to_lowercase(), target.ref_nbr);
        doc.applications = vec![Application { released: true, ..Application::planned(p.target, p.amount, Decimal::ZERO) }];
        doc.status = DocStatus::Closed;
        doc.balance = Decimal::ZERO;
        doc.journal = crate::accounting::journal::entry_for(&doc, &settings, &crate::accounting::journal::accounts_for(ledger, &doc.customer_id), &|id| {
            ledger.documents.get(&id)
        });
        doc.journal_entry = (!doc.journal.is_empty()).then(|| crate::accounting::journal::next_journal_entry(ledger, &mut settings));
        puts.push(Record::Document(doc));
        puts.push(Record::Document(Document { balance: Decimal::ZERO, status: DocStatus::Closed, ..target.clone() }));
    }
    puts.extend(crate::ledger::settings_puts(&ledger.settings, &settings));
    Ok(Change { puts, deletes: vec![] })
}

/// A process's `change` with `emails` queued in it (one commit: the statements or letters
/// are recorded as sent together with their emails, or neither). Every email must be
/// for a customer the change processes.
pub fn with_emails(ledger: &Ledger, change: Change, emails: &[crate::mailings::Email], nonce: u64, today: NaiveDate) -> Result<Change, Vec<Problem>> {
    if emails.is_empty() {
        return Ok(change);
    }
    let processed = |customer: &str| {
        change.puts.iter().any(|r| match r {
            Record::Customer(c) => c.id == customer,
            Record::Document(d) => d.customer_id == customer,
            _ => false,
        })
    };
    let strays: Vec<Problem> = emails
        .iter()
        .filter(|e| !processed(&e.customer_id))
        .map(|e| Problem::form(ProblemKind::NotAllowed, format!("An email for customer {} is not part of this run", e.customer_id)))
        .collect();
    if !strays.is_empty() {
        return Err(strays);
    }
    let queued = crate::mailings::queue::queue_emails(ledger, emails, &[], nonce, today)?;
    let mut puts = change.puts;
    puts.extend(queued.puts);
    Ok(Change { puts, deletes: change.deletes })
}

/// A new, released system document (number from its series) for the caller to finish.
fn system_document(
    settings: &mut Settings,
    ledger: &Ledger,
    doc_type: DocType,
    customer_id: &str,
    currency: &str,
    date: NaiveDate,
    total: Decimal,
) -> Document {
    let kind = SeriesKind::of(doc_type);
    let series = settings.series.entry(kind).or_insert_with(|| kind.default_series());
    let mut ref_nbr = series.peek();
    while ledger.document_by_ref(doc_type, &ref_nbr).is_some() {
        series.next_number += 1;
        ref_nbr = series.peek();
    }
    series.next_number += 1;
    let id = next_document_id(settings);
    Document {
        id,
        doc_type,
        ref_nbr,
        customer_id: customer_id.to_string(),
        date,
        due_date: None,
        cash_discount: Decimal::ZERO,
        cash_discount_date: None,
        currency: currency.to_string(),
        rate: settings.rate_on(currency, date).unwrap_or(Decimal::ONE),
        rate_typed: false,
        description: String::new(),
        payment_ref: String::new(),
        status: DocStatus::Closed,
        lines: vec![],
        vat_lines: vec![],
        total,
        balance: Decimal::ZERO,
        applications: vec![],
        voids: None,
        released_on: Some(date),
        control_total: None,
        journal: vec![],
        journal_entry: None,
        credit_hold_reason: String::new(),
        credit_approved: false,
        overdue_charges: false,
        overdue_charged_to: None,
        printed: false,
        emailed: false,
        printed_on: Vec::new(),
        emailed_on: Vec::new(),
        skipped_print_on: Vec::new(),
        skipped_email_on: Vec::new(),
        schedule: None,
        dunning: None,
    }
}
