//! *Process* of Print statements (SPEC R9.1): records on each customer stated its last
//! statement date and closing balances, so the next Balance brought forward statement
//! starts there. The statements themselves are `reports::statement`.

use chrono::NaiveDate;

use crate::base::problem::{Problem, ProblemKind};
use crate::customers::customer::LastStatement;
use crate::ledger::{Change, Ledger, Record};
use crate::reports::statement::{prepare_statements, PlannedStatement};

/// Processes the statements of `cycle_id` at `date` for `customers` (empty: every
/// customer the preview lists). Refuses an unknown cycle, a customer the preview does
/// not list, and a date before a customer's last statement.
pub fn process_statements(ledger: &Ledger, cycle_id: &str, date: NaiveDate, customers: &[String]) -> Result<Change, Vec<Problem>> {
    let planned = prepare_statements(ledger, cycle_id, date).map_err(|why| vec![Problem::form(ProblemKind::Unknown, why)])?;
    let mut problems = Vec::new();
    // Sets, not list scans: a run of 10,000 customers would compare 10,000 × 10,000 ids.
    let listed: std::collections::HashSet<&str> = planned.iter().map(|p| p.statement.customer_id.as_str()).collect();
    let wanted: std::collections::HashSet<&str> = customers.iter().map(String::as_str).collect();
    for id in customers {
        if !listed.contains(id.as_str()) {
            problems.push(Problem::form(ProblemKind::NotAllowed, format!("Customer {id} gets no statement in cycle {cycle_id} on {date}")));
        }
    }
    let chosen: Vec<&PlannedStatement> = planned.iter().filter(|p| customers.is_empty() || wanted.contains(p.statement.customer_id.as_str())).collect();
    let mut puts = Vec::new();
    for plan in chosen {
        let Some(customer) = ledger.customers.get(&plan.statement.customer_id) else { continue };
        let last = customer.last_statement.as_ref();
        if let Some(last) = last.filter(|l| l.date > date) {
            problems.push(Problem::form(ProblemKind::NotAllowed, format!("Customer {} had a statement on {}, after {date}", customer.id, last.date)));
            continue;
        }
        let previous = match last {
            Some(l) if l.date == date => l.previous,
            Some(l) => Some(l.date),
            None => None,
        };
        let balances = plan.statement.sections.iter().map(|s| (s.currency.clone(), s.closing.amount)).collect();
        let mut changed = customer.clone();
        changed.last_statement = Some(LastStatement { date, previous, balances });
        puts.push(Record::Customer(changed));
    }
    if problems.is_empty() {
        Ok(Change { puts, deletes: vec![] })
    } else {
        Err(problems)
    }
}
