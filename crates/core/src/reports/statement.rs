//! Customer statements (SPEC R9.1, AR503500): who gets one for a statement cycle and
//! date, by print or email, and what it says — Open item (the open documents with their
//! ageing) or Balance brought forward (the opening balance at the previous statement,
//! the documents and applications since, the closing balance). A parent with children
//! that have *Consolidate statements* gets theirs on its own; a statement with documents
//! in more than one currency (or of a customer with *Multi-currency statements*) is a
//! STATEMENTMC with a section per currency.
//!
//! Architecture Invariant: every figure comes from `reports::history`, so in each
//! section opening + the lines = closing exactly, and the closing is the sum of the
//! customer's (and consolidated children's) open balances at the statement date.
//! Processing (recording the last statement) is `processes::statements`.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::customers::customer::{Customer, CustomerStatus, StatementType};
use crate::documents::document::{DocId, DocType, Document};
use crate::ledger::Ledger;
use crate::mailings::resolve::resolve_mailing;
use crate::mailings::template::escape_html;
use crate::reports::ageing::AgeingKind;
use crate::reports::history::{effects_of, Effect, EffectKind};
use crate::reports::rows::{signed, Money};

/// One line of a statement section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementLine {
    pub date: NaiveDate,
    /// The document the line is about (Open item: the open document; Balance brought
    /// forward: the document that moved the balance).
    pub doc: DocId,
    pub doc_type: DocType,
    pub ref_nbr: String,
    /// The customer whose document it is (a consolidated child's, on a parent's).
    pub customer_id: String,
    /// "Invoice", "Payment", "Cash discount on INV000012", "Void payment".
    pub description: String,
    pub due_date: Option<NaiveDate>,
    /// Open item: the ageing column's title (Aged past due at the statement date).
    pub ageing: String,
    /// Signed: what the customer owes positive.
    pub amount: Money,
}

/// The statement in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementSection {
    pub currency: String,
    /// Balance brought forward: the balance at the previous statement date (zero when
    /// there was none); Open item: zero.
    pub opening: Money,
    pub lines: Vec<StatementLine>,
    /// The sum of the positive lines, and of the negative ones.
    pub debits: Money,
    pub credits: Money,
    /// opening + debits + credits; the open balance at the statement date.
    pub closing: Money,
    /// Open item: the closing broken down by ageing column (`Statement::titles`).
    pub ageing: Vec<Money>,
}

/// One customer's statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    pub customer_id: String,
    pub customer_name: String,
    pub address: Vec<String>,
    pub company_name: String,
    pub company_address: Vec<String>,
    pub cycle_id: String,
    pub date: NaiveDate,
    /// Balance brought forward: where the period starts (the previous statement date);
    /// `None` for the first statement (every document up to the date is activity).
    pub previous_date: Option<NaiveDate>,
    pub statement_type: StatementType,
    /// "STATEMENT" or "STATEMENTMC".
    pub mailing_id: String,
    /// The customers whose documents it holds: the customer, then consolidated children.
    pub customers: Vec<String>,
    /// The ageing titles of the customer's cycle (Open item).
    pub titles: Vec<String>,
    pub sections: Vec<StatementSection>,
}

/// How a statement goes out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementDelivery {
    /// *Print statements*.
    pub print: bool,
    /// *Send statements by email*: the recipients' addresses, or why there is none.
    pub email: Option<Result<Vec<String>, String>>,
}

impl StatementDelivery {
    /// Printed, or emailed to at least one recipient.
    pub fn goes_out(&self) -> bool {
        self.print || matches!(self.email, Some(Ok(_)))
    }

    /// "print", "email", "print+email", "none: <why>" (the CLI's delivery column).
    pub fn label(&self) -> String {
        match (&self.email, self.print) {
            (Some(Ok(_)), true) => "print+email".to_string(),
            (Some(Ok(_)), false) => "email".to_string(),
            (Some(Err(_)), true) | (None, true) => "print".to_string(),
            (Some(Err(why)), false) => format!("none: {why}"),
            (None, false) => "none".to_string(),
        }
    }
}

/// A statement and how it goes out: one row of the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedStatement {
    pub statement: Statement,
    pub delivery: StatementDelivery,
}

/// The history of the ledger's balances, gathered once for many statements: every
/// effect on the documents of the customers asked for, by customer, each with the
/// document it moved.
pub struct History<'a> {
    slot_of: HashMap<&'a str, usize>,
    by_slot: Vec<Vec<(Effect, &'a Document)>>,
}

impl<'a> History<'a> {
    /// The history of every customer.
    pub fn of(ledger: &'a Ledger) -> History<'a> {
        History::of_customers(ledger, ledger.customers.keys().map(String::as_str))
    }

    /// The history of `customers` only. Every document is still read once, in id order
    /// (an application from another customer's document may move theirs), but each
    /// effect is matched to its customer by document id (a binary search over the
    /// customers' document ids, in the ledger's index) rather than by looking the moved
    /// document up and hashing its customer number.
    pub fn of_customers(ledger: &'a Ledger, customers: impl IntoIterator<Item = &'a str>) -> History<'a> {
        let mut slot_of: HashMap<&'a str, usize> = HashMap::new();
        let mut owners: Vec<(DocId, usize)> = Vec::new();
        for id in customers {
            let n = slot_of.len();
            if let std::collections::hash_map::Entry::Vacant(slot) = slot_of.entry(id) {
                slot.insert(n);
                owners.extend(ledger.document_ids_of(id).map(|doc| (doc, n)));
            }
        }
        let mut by_slot: Vec<Vec<(Effect, &'a Document)>> = vec![Vec::new(); slot_of.len()];
        if owners.is_empty() {
            return History { slot_of, by_slot };
        }
        owners.sort_unstable();
        let mut effects = Vec::new();
        for doc in ledger.documents.values() {
            effects.clear();
            effects_of(ledger, doc, &mut effects);
            for effect in effects.drain(..) {
                let Ok(at) = owners.binary_search_by_key(&effect.doc, |(id, _)| *id) else { continue };
                let moved = if effect.doc == doc.id { Some(doc) } else { ledger.documents.get(&effect.doc) };
                if let Some(moved) = moved {
                    by_slot[owners[at].1].push((effect, moved));
                }
            }
        }
        History { slot_of, by_slot }
    }

    fn of_customer(&self, id: &str) -> &[(Effect, &'a Document)] {
        self.slot_of.get(id).and_then(|n| self.by_slot.get(*n)).map(Vec::as_slice).unwrap_or_default()
    }
}

/// Why statements cannot be prepared.
pub fn unknown_cycle(ledger: &Ledger, cycle_id: &str) -> Option<String> {
    ledger.settings.statement_cycle(cycle_id).is_none().then(|| format!("statement cycle {cycle_id} does not exist"))
}

/// Whether `customer` gets statements of its own in `cycle_id` (R9.1, R3.1): not
/// One-time, *Print statements* or *Send statements by email*, and not a child whose
/// statements are consolidated into an existing parent's.
fn gets_statement(ledger: &Ledger, customer: &Customer, cycle_id: &str) -> bool {
    customer.status != CustomerStatus::OneTime
        && customer.statement_cycle_id == cycle_id
        && (customer.print_email.print_statements || customer.print_email.email_statements)
        && !consolidated_into_parent(ledger, customer)
}

fn consolidated_into_parent(ledger: &Ledger, customer: &Customer) -> bool {
    customer.parent.consolidate_statements && !customer.parent.parent_id.is_empty() && ledger.customers.contains_key(&customer.parent.parent_id)
}

/// The statements of a cycle at `date` and how each goes out: the preview of Print
/// statements. Customers with nothing to state (no balance, no activity) are left out.
pub fn prepare_statements(ledger: &Ledger, cycle_id: &str, date: NaiveDate) -> Result<Vec<PlannedStatement>, String> {
    if let Some(why) = unknown_cycle(ledger, cycle_id) {
        return Err(why);
    }
    let stated: Vec<&Customer> = ledger.customers.values().filter(|c| gets_statement(ledger, c, cycle_id)).collect();
    let history = History::of_customers(ledger, stated.iter().flat_map(|c| members_of(ledger, c)));
    let mut out = Vec::new();
    for customer in stated {
        let statement = statement_with(ledger, &history, customer, date);
        let empty = statement.sections.iter().all(|s| s.lines.is_empty() && s.opening.amount.is_zero() && s.closing.amount.is_zero());
        if empty {
            continue;
        }
        let delivery = delivery_of(ledger, customer, &statement.mailing_id);
        out.push(PlannedStatement { statement, delivery });
    }
    Ok(out)
}

fn delivery_of(ledger: &Ledger, customer: &Customer, mailing_id: &str) -> StatementDelivery {
    let email = customer.print_email.email_statements.then(|| match resolve_mailing(ledger, &customer.id, mailing_id) {
        Ok(resolved) => Ok(resolved.recipients.iter().map(|r| r.mailbox.address.clone()).collect()),
        Err(why) => Err(why.message(&customer.id)),
    });
    StatementDelivery { print: customer.print_email.print_statements, email }
}

/// One customer's statement at `date` (whatever its cycle and preferences).
pub fn statement(ledger: &Ledger, customer_id: &str, date: NaiveDate) -> Option<Statement> {
    let customer = ledger.customers.get(customer_id)?;
    Some(statement_with(ledger, &History::of_customers(ledger, members_of(ledger, customer)), customer, date))
}

/// The day a Balance brought forward statement at `date` starts from: the last
/// statement's date when before `date`, else the one before it (a run again on the same
/// day), else none.
pub fn previous_statement_date(customer: &Customer, date: NaiveDate) -> Option<NaiveDate> {
    let last = customer.last_statement.as_ref()?;
    if last.date < date {
        Some(last.date)
    } else {
        last.previous.filter(|p| *p < date)
    }
}

/// The customers whose documents a statement of `customer` holds: the customer, then its
/// children with *Consolidate statements* (not One-time).
fn members_of<'a>(ledger: &'a Ledger, customer: &'a Customer) -> impl Iterator<Item = &'a str> {
    std::iter::once(customer.id.as_str()).chain(
        ledger
            .children_of(&customer.id)
            .filter_map(|id| ledger.customers.get(id))
            .filter(|c| c.parent.consolidate_statements && c.status != CustomerStatus::OneTime)
            .map(|c| c.id.as_str()),
    )
}

fn statement_with<'a>(ledger: &'a Ledger, history: &History<'a>, customer: &Customer, date: NaiveDate) -> Statement {
    let members: Vec<String> = members_of(ledger, customer).map(str::to_string).collect();
    let statement_type = customer.print_email.statement_type;
    let previous_date = match statement_type {
        StatementType::BalanceBroughtForward => previous_statement_date(customer, date),
        StatementType::OpenItem => None,
    };
    let cycle = ledger.settings.statement_cycle(&customer.statement_cycle_id).cloned().unwrap_or_else(crate::settings::periods::StatementCycle::monthly);
    let titles = AgeingKind::PastDue.titles(&cycle.ageing_days);
    // Per currency: each document's balance at the previous date and at the date, and
    // the BBF lines (effects in between, by the document that caused them and how).
    let mut sections: BTreeMap<String, SectionBuilder<'a>> = BTreeMap::new();
    for member in &members {
        // Each document's balance at the date, with the document.
        let mut at_date: BTreeMap<DocId, (Decimal, &Document)> = BTreeMap::new();
        for (effect, doc) in history.of_customer(member) {
            let signed_delta = signed(doc) * effect.delta;
            let Some(section) = section_of(&mut sections, &doc.currency) else { continue };
            if previous_date.is_some_and(|p| effect.date <= p) {
                section.opening += signed_delta;
            }
            if effect.date <= date {
                at_date.entry(doc.id).or_insert((Decimal::ZERO, doc)).0 += effect.delta;
                if statement_type == StatementType::BalanceBroughtForward && previous_date.is_none_or(|p| effect.date > p) {
                    // One line per source and kind: the moves of the source's own balance
                    // and of what it was applied to together (a payment of 500 applied
                    // to an invoice is one line of −500); each discount on its own line.
                    let key = match effect.kind {
                        EffectKind::Discount => (effect.source, EffectKind::Discount, Some(effect.doc)),
                        EffectKind::Voided => (effect.source, EffectKind::Voided, None),
                        EffectKind::Issued | EffectKind::Applied => (effect.source, EffectKind::Issued, None),
                    };
                    let entry = section.moves.entry(key).or_insert((Decimal::ZERO, effect.date));
                    entry.0 += signed_delta;
                    entry.1 = entry.1.min(effect.date);
                }
            }
        }
        for (balance, doc) in at_date.into_values().filter(|(b, _)| !b.is_zero()) {
            let Some(section) = section_of(&mut sections, &doc.currency) else { continue };
            let amount = signed(doc) * balance;
            section.closing += amount;
            if statement_type == StatementType::OpenItem {
                let (bucket, _) =
                    if doc.doc_type.is_debit() { AgeingKind::PastDue.bucket(&cycle.ageing_days, date, doc.due_date.unwrap_or(doc.date)) } else { (0, 0) };
                section.open.push((doc, bucket, amount));
            }
        }
    }
    let sections: Vec<StatementSection> = sections
        .into_iter()
        .filter(|(_, s)| !(s.open.is_empty() && s.moves.values().all(|(a, _)| a.is_zero()) && s.opening.is_zero() && s.closing.is_zero()))
        .map(|(currency, s)| s.build(ledger, &currency, &titles))
        .collect();
    let mailing_id = if sections.len() > 1 || customer.print_email.multi_currency_statements { "STATEMENTMC" } else { "STATEMENT" };
    Statement {
        customer_id: customer.id.clone(),
        customer_name: customer.name.clone(),
        address: crate::reports::invoice::address_lines(customer.invoicing_address()),
        company_name: ledger.settings.company_name.clone(),
        company_address: crate::reports::invoice::address_lines(&ledger.settings.company_address),
        cycle_id: customer.statement_cycle_id.clone(),
        date,
        previous_date,
        statement_type,
        mailing_id: mailing_id.to_string(),
        customers: members,
        titles,
        sections,
    }
}

/// The section of `currency`, made when first met (the code copied only then).
fn section_of<'s, 'a>(sections: &'s mut BTreeMap<String, SectionBuilder<'a>>, currency: &str) -> Option<&'s mut SectionBuilder<'a>> {
    if sections.contains_key(currency) {
        sections.get_mut(currency)
    } else {
        Some(sections.entry(currency.to_string()).or_default())
    }
}

#[derive(Default)]
struct SectionBuilder<'a> {
    opening: Decimal,
    closing: Decimal,
    /// Balance brought forward: the net move and first day per (source, kind, the
    /// document a discount was on).
    moves: BTreeMap<(DocId, EffectKind, Option<DocId>), (Decimal, NaiveDate)>,
    /// Open item: (document, ageing column, signed balance).
    open: Vec<(&'a Document, usize, Decimal)>,
}

impl SectionBuilder<'_> {
    fn build(self, ledger: &Ledger, currency: &str, titles: &[String]) -> StatementSection {
        let money = |amount: Decimal| Money::of(ledger, amount, currency);
        let mut lines = Vec::new();
        let mut ageing: Vec<Decimal> = titles.iter().map(|_| Decimal::ZERO).collect();
        for (doc, bucket, amount) in &self.open {
            if let Some(a) = ageing.get_mut(*bucket) {
                *a += *amount;
            }
            lines.push(line(doc, doc.doc_type.label().to_string(), doc.date, titles.get(*bucket).cloned().unwrap_or_default(), money(*amount)));
        }
        let mut moves: Vec<(NaiveDate, DocId, EffectKind, Option<DocId>, Decimal)> =
            self.moves.iter().filter(|(_, (a, _))| !a.is_zero()).map(|((source, kind, on), (amount, date))| (*date, *source, *kind, *on, *amount)).collect();
        moves.sort();
        for (date, source, kind, on, amount) in moves {
            let Some(doc) = ledger.documents.get(&source) else { continue };
            let description = match (kind, on.and_then(|id| ledger.documents.get(&id))) {
                (EffectKind::Discount, Some(on)) => format!("Cash discount on {}", on.ref_nbr),
                _ => doc.doc_type.label().to_string(),
            };
            lines.push(line(doc, description, date, String::new(), money(amount)));
        }
        let debits: Decimal = lines.iter().map(|l| l.amount.amount).filter(|a| *a > Decimal::ZERO).sum();
        let credits: Decimal = lines.iter().map(|l| l.amount.amount).filter(|a| *a < Decimal::ZERO).sum();
        let opening = if self.open.is_empty() { self.opening } else { Decimal::ZERO };
        StatementSection {
            currency: currency.to_string(),
            opening: money(opening),
            debits: money(debits),
            credits: money(credits),
            // By construction equal to self.closing (tests/statements.rs checks it).
            closing: money(opening + debits + credits),
            lines,
            ageing: if self.open.is_empty() { Vec::new() } else { ageing.into_iter().map(money).collect() },
        }
    }
}

fn line(doc: &Document, description: String, date: NaiveDate, ageing: String, amount: Money) -> StatementLine {
    StatementLine {
        date,
        doc: doc.id,
        doc_type: doc.doc_type,
        ref_nbr: doc.ref_nbr.clone(),
        customer_id: doc.customer_id.clone(),
        description,
        due_date: doc.due_date,
        ageing,
        amount,
    }
}

/// The columns of `reskontra statements --format csv`.
pub const STATEMENT_SUMMARY_COLUMNS: [&str; 7] = ["customer", "type", "opening", "debits", "credits", "closing", "delivery"];

/// One summary row per statement and currency section.
pub fn statements_csv(planned: &[PlannedStatement]) -> String {
    let rows = planned.iter().flat_map(|p| {
        p.statement.sections.iter().map(move |s| {
            [
                p.statement.customer_id.clone(),
                p.statement.statement_type.label().to_string(),
                s.opening.plain(),
                s.debits.plain(),
                s.credits.plain(),
                s.closing.plain(),
                p.delivery.label(),
            ]
        })
    });
    crate::reports::csv::write_csv(&STATEMENT_SUMMARY_COLUMNS, rows)
}

const STATEMENT_CSS: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10pt;margin:2cm}h1{font-size:16pt}\
table{border-collapse:collapse;width:100%;margin:1em 0}th,td{border-bottom:1px solid #ccc;padding:3px 6px;text-align:left}\
.num{text-align:right;white-space:nowrap}tr.total td{font-weight:bold;border-top:2px solid #000}header{display:flex;justify-content:space-between}\
@media print{body{margin:0}section{break-inside:avoid}}";

/// The statement as a standalone HTML page (print view, email attachment), every value
/// escaped.
pub fn statement_html(statement: &Statement) -> String {
    let e = |s: &str| escape_html(s);
    let mut out = vec![
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">".to_string(),
        format!("<title>Statement {} {}</title>", e(&statement.customer_id), statement.date),
        format!("<style>{STATEMENT_CSS}</style>\n</head>\n<body>\n<header>\n<div>"),
        format!("<div><strong>{}</strong></div>", e(&statement.company_name)),
    ];
    out.extend(statement.company_address.iter().map(|l| format!("<div>{}</div>", e(l))));
    out.push(format!("</div>\n<div><h1>Statement</h1><div>{}</div><div>Date {}</div>", e(statement.statement_type.label()), statement.date));
    if let Some(p) = statement.previous_date {
        out.push(format!("<div>Since {p}</div>"));
    }
    out.push("</div>\n</header>\n<div class=\"customer\">".to_string());
    out.push(format!("<div><strong>{}</strong> ({})</div>", e(&statement.customer_name), e(&statement.customer_id)));
    out.extend(statement.address.iter().map(|l| format!("<div>{}</div>", e(l))));
    out.push("</div>".to_string());
    let consolidated = statement.customers.len() > 1;
    for section in &statement.sections {
        out.push(format!("<section>\n<h2>{}</h2>\n<table>\n<thead><tr><th>Date</th>", e(&section.currency)));
        if consolidated {
            out.push("<th>Customer</th>".to_string());
        }
        out.push("<th>Type</th><th>Reference</th><th>Due date</th><th>Ageing</th><th class=\"num\">Amount</th></tr></thead>\n<tbody>".to_string());
        let span = if consolidated { 6 } else { 5 };
        if statement.statement_type == StatementType::BalanceBroughtForward {
            out.push(format!("<tr><td colspan=\"{span}\">Balance brought forward</td><td class=\"num\">{}</td></tr>", section.opening.plain()));
        }
        for l in &section.lines {
            out.push(format!("<tr><td>{}</td>", l.date));
            if consolidated {
                out.push(format!("<td>{}</td>", e(&l.customer_id)));
            }
            out.push(format!(
                "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                e(&l.description),
                e(&l.ref_nbr),
                l.due_date.map(|d| d.to_string()).unwrap_or_default(),
                e(&l.ageing),
                l.amount.plain()
            ));
        }
        out.push(format!(
            "<tr class=\"total\"><td colspan=\"{span}\">Closing balance {}</td><td class=\"num\">{}</td></tr>",
            e(&section.currency),
            section.closing.plain()
        ));
        out.push("</tbody>\n</table>".to_string());
        if !section.ageing.is_empty() {
            out.push("<table class=\"ageing\"><thead><tr>".to_string());
            out.extend(statement.titles.iter().map(|t| format!("<th class=\"num\">{}</th>", e(t))));
            out.push("</tr></thead><tbody><tr>".to_string());
            out.extend(section.ageing.iter().map(|a| format!("<td class=\"num\">{}</td>", a.plain())));
            out.push("</tr></tbody></table>".to_string());
        }
        out.push("</section>".to_string());
    }
    out.push("</body>\n</html>\n".to_string());
    out.join("\n")
}
