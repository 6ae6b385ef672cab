//! *Process* of Prepare dunning letters (SPEC R9.2): records on each document a letter
//! raised its new level and the date, so the next run escalates instead of repeating.
//! The letters themselves are `reports::dunning`.

use chrono::NaiveDate;

use crate::base::problem::{Problem, ProblemKind};
use crate::documents::document::DunningMark;
use crate::ledger::{Change, Ledger, Record};
use crate::reports::dunning::prepare_dunning;

/// Processes the dunning letters at `date` for `customers` (empty: every letter the
/// preview lists that can go out, by print or email). Refuses a customer with no letter
/// to send.
pub fn process_dunning(ledger: &Ledger, date: NaiveDate, customers: &[String]) -> Result<Change, Vec<Problem>> {
    let only = (!customers.is_empty()).then_some(customers);
    let letters = prepare_dunning(ledger, date, only);
    let mut problems = Vec::new();
    for id in customers {
        match letters.iter().find(|l| &l.customer_id == id) {
            None => problems.push(Problem::form(ProblemKind::NotAllowed, format!("Customer {id} gets no dunning letter on {date}"))),
            Some(l) if !l.delivery.goes_out() => {
                problems.push(Problem::form(ProblemKind::NotAllowed, format!("Customer {id} has no way to get its dunning letter: {}", l.delivery.label())))
            }
            Some(_) => {}
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut puts = Vec::new();
    for letter in letters.iter().filter(|l| l.delivery.goes_out()) {
        for d in letter.documents.iter().filter(|d| d.escalates()) {
            if let Some(doc) = ledger.documents.get(&d.id) {
                let mut changed = doc.clone();
                changed.dunning = Some(DunningMark { level: d.level, date });
                puts.push(Record::Document(changed));
            }
        }
    }
    Ok(Change { puts, deletes: vec![] })
}
