//! Dunning letters (SPEC R9.2, AR522000): at a date, per customer with overdue debit
//! documents, the dunning level reached and the documents, and how the letter goes out.
//!
//! The rule: the dunning levels are days overdue (`Settings::dunning_levels`, default
//! 15, 30, 45); a document `n` days past due has reached the highest level whose days
//! are `n` or fewer. A customer gets a letter when at least one of its documents reached
//! a higher level than its last letter gave it (`Document::dunning`), so a second run
//! on the same facts repeats nothing and a later run escalates. The letter lists every
//! overdue debit document of the customer; its level is the highest of theirs.
//! One-time customers get none (R3.1). Processing (recording the levels) is
//! `processes::dunning`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::customers::customer::{Customer, CustomerStatus};
use crate::documents::document::{DocId, DocStatus, DocType, Document};
use crate::ledger::Ledger;
use crate::mailings::resolve::resolve_mailing;
use crate::mailings::template::escape_html;
use crate::reports::rows::{signed, Money};
use crate::reports::statement::StatementDelivery;

/// The DUNNINGLETTER mailing (R1.5).
pub const DUNNING_MAILING: &str = "DUNNINGLETTER";

/// One overdue document on a letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DunningDocument {
    pub id: DocId,
    pub doc_type: DocType,
    pub ref_nbr: String,
    pub date: NaiveDate,
    pub due_date: NaiveDate,
    pub days_overdue: i64,
    /// The level its days overdue reach (0: overdue, below the first level).
    pub level: u32,
    /// The level its last letter gave it (0: none).
    pub previous_level: u32,
    /// Signed open balance in the document's currency.
    pub balance: Money,
    /// The same in base currency.
    pub base_balance: Money,
}

impl DunningDocument {
    /// Reached a level above its last letter's: this run raises it.
    pub fn escalates(&self) -> bool {
        self.level > self.previous_level
    }
}

/// One customer's letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DunningLetter {
    pub customer_id: String,
    pub customer_name: String,
    pub address: Vec<String>,
    pub company_name: String,
    pub date: NaiveDate,
    /// The highest level of its documents.
    pub level: u32,
    pub documents: Vec<DunningDocument>,
    /// Sum of the documents' base balances.
    pub total: Money,
    pub delivery: StatementDelivery,
}

/// The level `days_overdue` reaches with `levels` (0 below the first).
pub fn level_of(levels: &[u32], days_overdue: i64) -> u32 {
    levels.iter().take_while(|&&d| days_overdue >= i64::from(d)).count() as u32
}

/// Prepare dunning letters at `date` (R9.2): the letters that would go out, in
/// customer order. `customers`, when given, limits it to them.
pub fn prepare_dunning(ledger: &Ledger, date: NaiveDate, customers: Option<&[String]>) -> Vec<DunningLetter> {
    let levels = &ledger.settings.dunning_levels;
    let base = ledger.settings.base_currency.as_str();
    let mut letters = Vec::new();
    for customer in ledger.customers.values() {
        if customer.status == CustomerStatus::OneTime || customers.is_some_and(|only| !only.contains(&customer.id)) {
            continue;
        }
        let documents: Vec<DunningDocument> = ledger.documents_of(&customer.id).filter_map(|doc| overdue(ledger, doc, date, levels, base)).collect();
        if documents.is_empty() || !documents.iter().any(DunningDocument::escalates) {
            continue;
        }
        letters.push(letter(ledger, customer, date, documents));
    }
    letters
}

fn overdue(ledger: &Ledger, doc: &Document, date: NaiveDate, levels: &[u32], base: &str) -> Option<DunningDocument> {
    let days = crate::reports::rows::days_overdue(doc.doc_type, doc.status, doc.due_date, date)?;
    let due_date = doc.due_date?;
    debug_assert_eq!(doc.status, DocStatus::Open);
    Some(DunningDocument {
        id: doc.id,
        doc_type: doc.doc_type,
        ref_nbr: doc.ref_nbr.clone(),
        date: doc.date,
        due_date,
        days_overdue: days,
        level: level_of(levels, days),
        previous_level: doc.dunning.map_or(0, |d| d.level),
        balance: Money::of(ledger, signed(doc) * doc.balance, &doc.currency),
        base_balance: Money::of(ledger, crate::ledger::contribution(doc, &ledger.settings).balance, base),
    })
}

fn letter(ledger: &Ledger, customer: &Customer, date: NaiveDate, documents: Vec<DunningDocument>) -> DunningLetter {
    let total: Decimal = documents.iter().map(|d| d.base_balance.amount).sum();
    let email = customer.print_email.email_dunning_letters.then(|| match resolve_mailing(ledger, &customer.id, DUNNING_MAILING) {
        Ok(resolved) => Ok(resolved.recipients.iter().map(|r| r.mailbox.address.clone()).collect()),
        Err(why) => Err(why.message(&customer.id)),
    });
    DunningLetter {
        customer_id: customer.id.clone(),
        customer_name: customer.name.clone(),
        address: crate::reports::invoice::address_lines(customer.invoicing_address()),
        company_name: ledger.settings.company_name.clone(),
        date,
        level: documents.iter().map(|d| d.level).max().unwrap_or_default(),
        total: Money::of(ledger, total, &ledger.settings.base_currency),
        documents,
        delivery: StatementDelivery { print: customer.print_email.print_dunning_letters, email },
    }
}

/// The columns of `reskontra dunning --format csv`.
pub const DUNNING_SUMMARY_COLUMNS: [&str; 5] = ["customer", "level", "documents", "amount", "delivery"];

/// One summary row per letter: the amount is the base-currency total.
pub fn dunning_csv(letters: &[DunningLetter]) -> String {
    let rows = letters.iter().map(|l| [l.customer_id.clone(), l.level.to_string(), l.documents.len().to_string(), l.total.plain(), l.delivery.label()]);
    crate::reports::csv::write_csv(&DUNNING_SUMMARY_COLUMNS, rows)
}

/// The letter as a standalone HTML page (print view, email attachment).
pub fn dunning_html(letter: &DunningLetter) -> String {
    let e = escape_html;
    let mut out = vec![
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">".to_string(),
        format!("<title>Dunning letter {} {}</title>", e(&letter.customer_id), letter.date),
        "<style>body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10pt;margin:2cm}table{border-collapse:collapse;width:100%}\
th,td{border-bottom:1px solid #ccc;padding:3px 6px;text-align:left}.num{text-align:right}tr.total td{font-weight:bold}</style>\n</head>\n<body>"
            .to_string(),
        format!("<div><strong>{}</strong></div>", e(&letter.company_name)),
        format!("<div class=\"customer\"><div><strong>{}</strong> ({})</div>", e(&letter.customer_name), e(&letter.customer_id)),
    ];
    out.extend(letter.address.iter().map(|l| format!("<div>{}</div>", e(l))));
    out.push("</div>".to_string());
    out.push(format!("<h1>Reminder, level {}</h1>\n<p>Date {}</p>", letter.level, letter.date));
    out.push("<p>According to our records the following documents are overdue. Please pay them, or let us know if you have already done so.</p>".to_string());
    out.push("<table><thead><tr><th>Type</th><th>Reference</th><th>Date</th><th>Due date</th><th class=\"num\">Days overdue</th><th class=\"num\">Level</th><th>Currency</th><th class=\"num\">Balance</th></tr></thead><tbody>".to_string());
    for d in &letter.documents {
        out.push(format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            e(d.doc_type.label()),
            e(&d.ref_nbr),
            d.date,
            d.due_date,
            d.days_overdue,
            d.level,
            e(&d.balance.currency),
            d.balance.plain()
        ));
    }
    out.push(format!(
        "<tr class=\"total\"><td colspan=\"7\">Total {}</td><td class=\"num\">{}</td></tr></tbody></table>",
        e(&letter.total.currency),
        letter.total.plain()
    ));
    out.push("</body>\n</html>\n".to_string());
    out.join("\n")
}
