//! The rules a stored ledger must always satisfy. Checked on import, by the CLI's
//! `check`, and after every command in the property tests.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::base::money::{valid_pct, valid_rate, within_limit, MAX_AMOUNT, MAX_MINOR_UNITS};
use crate::documents::applications::{customer_fits, kind_fits};
use crate::documents::auto_apply::discount_offered;
use crate::documents::document::{vat_lines_of, DocId, DocStatus, DocType, Document, InvoiceLine};
use crate::ledger::{Ledger, Record};

/// Every number of `record` out of the ledger's limits (amounts under 10^15, rates in
/// (0, 10^6], percentages 0–100, at most four decimals per currency), one sentence
/// each. Only records without such numbers may be built into a ledger: arithmetic on
/// them could overflow, and an overflow panics the page. The backup import and the
/// store check every record (and every stored change) before anything else.
pub fn out_of_range(record: &Record) -> Vec<String> {
    let mut broken = Vec::new();
    match record {
        // Counters are whole numbers and the logo is text: nothing to overflow.
        Record::Counters(_) | Record::Logo(_) => {}
        // Templates are text; emails are text and bytes: nothing to overflow.
        Record::Template(_) | Record::Email(_) => {}
        Record::Document(doc) => document_out_of_range(doc, &mut broken),
        Record::Schedule(schedule) => schedule_out_of_range(schedule, &mut broken),
        Record::Customer(customer) => {
            let what = || format!("a limit of customer {}", customer.id);
            amounts_out_of_range(&mut broken, &what, &[customer.credit.limit, customer.dunning.write_off_limit]);
        }
        Record::Class(class) => {
            let what = || format!("a limit of class {}", class.id);
            amounts_out_of_range(&mut broken, &what, &[class.credit.limit, class.dunning.write_off_limit]);
            if !valid_pct(class.overdue_rate_pct) {
                broken.push(format!("the overdue charge rate of class {} is out of range", class.id));
            }
        }
        Record::Settings(settings) => {
            if settings.currencies.iter().any(|c| c.minor_units > MAX_MINOR_UNITS) {
                broken.push(format!("a currency has more than {MAX_MINOR_UNITS} decimals"));
            }
            if settings.currency_rates.iter().any(|r| !valid_rate(r.rate)) {
                broken.push("a currency rate is out of range".to_string());
            }
            if settings.vat_categories.iter().flat_map(|c| &c.rates).any(|r| !valid_pct(r.rate_pct)) {
                broken.push("a VAT rate is out of range".to_string());
            }
            if settings.terms.iter().any(|t| !valid_pct(t.discount_pct) || !valid_pct(t.overdue_rate_pct)) {
                broken.push("a percentage of the payment terms is out of range".to_string());
            }
        }
    }
    broken
}

/// The first problem of [`out_of_range`] over a ledger's records, if any.
pub fn first_out_of_range<'a>(records: impl IntoIterator<Item = &'a Record>) -> Option<String> {
    records.into_iter().flat_map(out_of_range).next()
}

fn amounts_out_of_range(broken: &mut Vec<String>, what: &dyn Fn() -> String, amounts: &[Decimal]) {
    if let Some(x) = amounts.iter().find(|x| !within_limit(**x)) {
        broken.push(format!("{} is out of range ({x})", what()));
    }
}

fn document_out_of_range(doc: &Document, broken: &mut Vec<String>) {
    let name = || format!("{} {}", doc.doc_type.label(), doc.ref_nbr);
    amounts_out_of_range(broken, &|| format!("an amount of {}", name()), &[doc.total, doc.balance, doc.cash_discount, doc.control_total.unwrap_or_default()]);
    for l in &doc.lines {
        let product = l.quantity.checked_mul(l.unit_price).unwrap_or(MAX_AMOUNT);
        amounts_out_of_range(broken, &|| format!("a line of {}", name()), &[l.quantity, l.unit_price, l.extended_price, l.amount, product]);
    }
    for v in &doc.vat_lines {
        amounts_out_of_range(broken, &|| format!("a VAT line of {}", name()), &[v.taxable, v.vat]);
    }
    for a in &doc.applications {
        amounts_out_of_range(broken, &|| format!("an application of {}", name()), &[a.amount, a.discount]);
    }
    for j in &doc.journal {
        amounts_out_of_range(broken, &|| format!("the journal entry of {}", name()), &[j.debit, j.credit]);
    }
    let rates_ok = valid_rate(doc.rate) && doc.lines.iter().all(|l| valid_pct(l.discount_pct)) && doc.vat_lines.iter().all(|v| valid_pct(v.rate_pct));
    if !rates_ok {
        broken.push(format!("a rate or percentage of {} is out of range", name()));
    }
}

/// A schedule's numbers within what its form accepts: every 1–999, a day of the month
/// 1–31, a day of a period 1–366, a limit 1–99 999, weekdays given.
fn schedule_out_of_range(schedule: &crate::schedules::Schedule, broken: &mut Vec<String>) {
    use crate::schedules::draft::{MAX_EVERY, MAX_LIMIT, MAX_PERIOD_DAY};
    use crate::schedules::{MonthDay, PeriodDay, Recurrence};
    let r = &schedule.recurrence;
    let day_ok = match r {
        Recurrence::Monthly { on: MonthDay::Day(d), .. } => (1..=31).contains(d),
        Recurrence::ByPeriod { on: PeriodDay::Day(d), .. } => (1..=MAX_PERIOD_DAY).contains(d),
        Recurrence::Weekly { weekdays, .. } => !weekdays.is_empty(),
        _ => true,
    };
    let limit_ok = schedule.limit.is_none_or(|n| (1..=MAX_LIMIT).contains(&n));
    if !(1..=MAX_EVERY).contains(&r.every()) || !day_ok || !limit_ok {
        broken.push(format!("schedule {} has an interval, day or limit out of range", schedule.id));
    }
}

/// Every broken rule, as one sentence each. Empty when the ledger is sound.
pub fn check_ledger(ledger: &Ledger) -> Vec<String> {
    let mut broken = check_built_ledger(ledger);
    if !ledger.balances_match_recomputation() {
        broken.push("the customer balances differ from a recomputation from the documents".to_string());
    }
    broken
}

/// [`check_ledger`] for a ledger just built from its records (`LedgerBuilder::finish`,
/// `Ledger::from_records`: an import, a snapshot read back). Its balances were summed
/// from its documents then, by the same sum a recomputation makes (the unit test
/// `a_built_ledger_has_the_indexes_of_one_put_record_by_record` holds a built ledger
/// equal to one put record by record), so comparing the two is left out: it cannot
/// differ, and at 100,000 documents it was 90 ms of an import in the browser. A ledger
/// changed since it was built (`Ledger::apply`) is checked with [`check_ledger`].
pub fn check_built_ledger(ledger: &Ledger) -> Vec<String> {
    let mut broken = Vec::new();
    check_master_data(ledger, &mut broken);
    check_documents(ledger, &mut broken);
    check_schedules(ledger, &mut broken);
    check_customer_ledger_accounts(ledger, &mut broken);
    broken
}

/// A document as the messages name it ("invoice 000123"), written only when a
/// message is: checking 100,000 good documents formats no names.
struct DocName<'a>(&'a Document);

impl std::fmt::Display for DocName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.0.doc_type.label().to_lowercase(), self.0.ref_nbr)
    }
}

/// The settings, classes and customers name what exists.
fn check_master_data(ledger: &Ledger, broken: &mut Vec<String>) {
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
}

/// Every document, its numbers, statuses, balance, lines, journal and applications.
fn check_documents(ledger: &Ledger, broken: &mut Vec<String>) {
    let settings = &ledger.settings;
    let mut refs = std::collections::HashSet::with_capacity(ledger.documents.len());
    // Journal entry numbers (R4.15): each given once, from the counter, above the
    // numbers the export gives entries written before numbers were kept.
    let mut entry_numbers = std::collections::BTreeSet::new();
    let unnumbered = ledger.unnumbered_journal_entries();
    // What released applications took off each document: credits applied to debits,
    // refunds applied to credits. A voided payment's applications were put back.
    let mut taken: BTreeMap<DocId, Decimal> = BTreeMap::new();
    // The cash discount granted on each document, the most any of the payments that
    // granted it was offered, and whether one took more than it was offered (reported
    // per application below). R4.9: the terms' discount, once in all.
    let mut discounts: BTreeMap<DocId, (Decimal, Decimal, bool)> = BTreeMap::new();
    for doc in ledger.documents.values() {
        if doc.doc_type.has_applications() && doc.status.is_released() && doc.status != DocStatus::Voided {
            for app in doc.applications.iter().filter(|a| a.released) {
                *taken.entry(app.target).or_default() += app.amount + app.discount;
                if let Some(target) = ledger.documents.get(&app.target).filter(|_| !app.discount.is_zero()) {
                    let offered = discount_offered(target, doc.date);
                    let entry = discounts.entry(app.target).or_insert((Decimal::ZERO, offered, false));
                    entry.0 += app.discount;
                    entry.1 = entry.1.max(offered);
                    entry.2 |= app.discount > offered;
                }
            }
        }
    }
    for (id, (granted, offered, reported)) in &discounts {
        if granted > offered && !reported {
            let name = ledger.documents.get(id).map(|t| format!("{} {}", t.doc_type.label().to_lowercase(), t.ref_nbr)).unwrap_or_default();
            broken.push(format!("{name} was granted {granted} of cash discount, more than its terms give ({offered})"));
        }
    }
    for doc in ledger.documents.values() {
        let name = DocName(doc);
        if !refs.insert((doc.doc_type, doc.ref_nbr.as_str())) {
            broken.push(format!("{name} occurs twice"));
        }
        if doc.id.0 >= settings.next_document_id {
            broken.push(format!("{name} has id {} but the next id is {}", doc.id.0, settings.next_document_id));
        }
        if !ledger.customers.contains_key(&doc.customer_id) {
            broken.push(format!("{name} has unknown customer {}", doc.customer_id));
        }
        let entries = std::iter::once((&doc.journal, doc.journal_entry)).chain(doc.applications.iter().map(|a| (&a.journal, a.journal_entry)));
        for (journal, n) in entries.filter_map(|(journal, number)| Some((journal, number?))) {
            if journal.is_empty() {
                broken.push(format!("{name} has journal entry number {n} but no entry"));
            } else if n as usize <= unnumbered {
                broken.push(format!("{name} has journal entry number {n}, one of those of the {unnumbered} entries written before numbering"));
            } else if n >= settings.next_journal_entry {
                broken.push(format!("{name} has journal entry number {n} but the next number is {}", settings.next_journal_entry));
            } else if !entry_numbers.insert(n) {
                broken.push(format!("journal entry number {n} is given twice ({name})"));
            }
        }
        let Some(currency) = settings.currency(&doc.currency) else {
            broken.push(format!("{name} has unknown currency {}", doc.currency));
            continue;
        };
        if doc.total.is_sign_negative() || doc.balance.is_sign_negative() || doc.balance > doc.total {
            broken.push(format!("{name} has balance {} outside 0..{}", doc.balance, doc.total));
        }
        match doc.status {
            _ if doc.is_template() && (doc.balance != doc.total || doc.released_on.is_some() || doc.applications.iter().any(|a| a.released)) => {
                broken.push(format!("{name} is a schedule's template but was released"))
            }
            _ if doc.is_template() && !doc.doc_type.is_delivered() => {
                broken.push(format!("{name} is a schedule's template, which only invoices and notes can be"))
            }
            _ if doc.is_template() => {}
            DocStatus::Scheduled => broken.push(format!("{name} is Scheduled without its schedule")),
            _ if doc.status.is_recorded() && doc.balance != doc.total => broken.push(format!("{name} is not released but its balance differs from its total")),
            _ if doc.status.is_recorded() && doc.applications.iter().any(|a| a.released) => {
                broken.push(format!("{name} is not released but has released applications"))
            }
            DocStatus::Closed | DocStatus::Voided if !doc.balance.is_zero() => {
                broken.push(format!("{name} is {} with balance {}", doc.status.label(), doc.balance))
            }
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
            check_lines(doc, &name, currency, settings, broken);
        }
        if doc.status.is_released()
            && !doc.is_template()
            && (doc.journal.is_empty() && !doc.total.is_zero() || !crate::accounting::journal::is_balanced(&doc.journal))
        {
            broken.push(format!("{name} is released without a balanced journal entry"));
        }
        if (!doc.status.is_released() || doc.is_template()) && !doc.journal.is_empty() {
            broken.push(format!("{name} has a journal entry but is not released"));
        }
        if !doc.applications.is_empty() && !doc.doc_type.has_applications() {
            broken.push(format!("{name} has applications, which a {} never has", doc.doc_type.label().to_lowercase()));
        }
        for app in &doc.applications {
            if !crate::accounting::journal::is_balanced(&app.journal) || (!app.released && !app.journal.is_empty()) {
                broken.push(format!("{name} has an application whose journal entry does not balance or is not in effect"));
            }
            // The rule of `documents::applications`, but for the target's status, which
            // moves on after the application was made.
            let target = ledger.documents.get(&app.target);
            let fits = target.is_some_and(|t| {
                kind_fits(doc.doc_type, t.doc_type) && customer_fits(ledger, doc.doc_type, &doc.customer_id, &t.customer_id) && t.currency == doc.currency
            });
            if !fits {
                broken.push(format!("{name} applies to a missing document, one of the wrong type or currency, or one of a customer it may not settle"));
            }
            if let Some(t) = target.filter(|_| !app.discount.is_zero()) {
                let target_name = format!("{} {}", t.doc_type.label().to_lowercase(), t.ref_nbr);
                if app.discount < Decimal::ZERO {
                    broken.push(format!("{name} grants a negative cash discount on {target_name}"));
                } else if !doc.doc_type.takes_cash_discount() {
                    broken.push(format!("{name} grants a cash discount on {target_name}, which a {} never does", doc.doc_type.label().to_lowercase()));
                } else if app.discount > discount_offered(t, doc.date) {
                    broken.push(format!(
                        "{name} grants {} of cash discount on {target_name}, more than its terms give on {} ({})",
                        app.discount,
                        doc.date,
                        discount_offered(t, doc.date)
                    ));
                }
            }
            broken.extend(refused_by_entry(ledger, app, &name));
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
                broken.push(format!(
                    "{name} balance {} is not {} (total {} − applied {} − taken {})",
                    doc.balance, expected, doc.total, applied_from, applied_to
                ));
            }
            if doc.doc_type.applied_in_full() && applied_from != doc.total {
                broken.push(format!("{name} is released but not applied in full"));
            }
        } else if doc.applied_total() > doc.total {
            broken.push(format!("{name} applies more than its total"));
        }
    }
}

/// R7: every template is Scheduled on the one schedule that lists it (or Voided once
/// removed); every generated document exists, names its occurrence, and is listed once;
/// times executed counts the dates generated.
fn check_schedules(ledger: &Ledger, broken: &mut Vec<String>) {
    use crate::documents::document::ScheduleLink;
    use crate::schedules::ScheduleId;
    let mut listed: BTreeMap<DocId, ScheduleId> = BTreeMap::new();
    let mut generated: BTreeMap<DocId, (ScheduleId, chrono::NaiveDate)> = BTreeMap::new();
    for s in ledger.schedules.values() {
        if s.id.0 >= ledger.settings.next_schedule_id {
            broken.push(format!("schedule {} has a number at or above the next one ({})", s.id, ledger.settings.next_schedule_id));
        }
        for t in &s.templates {
            if listed.insert(*t, s.id).is_some() {
                broken.push(format!("a template of schedule {} is listed twice", s.id));
            }
            match ledger.documents.get(t) {
                Some(doc) if doc.status == DocStatus::Scheduled && doc.schedule == Some(ScheduleLink::Template(s.id)) => {}
                Some(doc) => {
                    broken.push(format!("{} {} is listed on schedule {} but is not Scheduled there", doc.doc_type.label().to_lowercase(), doc.ref_nbr, s.id))
                }
                None => broken.push(format!("schedule {} lists a template that does not exist", s.id)),
            }
        }
        if s.generated.windows(2).any(|w| (w[0].on, w[0].template) >= (w[1].on, w[1].template)) {
            broken.push(format!("schedule {} lists a generated document twice or out of order", s.id));
        }
        if s.generated_dates().len() != s.times_executed as usize {
            broken.push(format!("schedule {} was executed {} times but generated {} dates", s.id, s.times_executed, s.generated_dates().len()));
        }
        for g in &s.generated {
            let Some(id) = g.document else { continue };
            if generated.insert(id, (s.id, g.on)).is_some() {
                broken.push(format!("a document generated by schedule {} is listed twice", s.id));
            }
            match ledger.documents.get(&id) {
                Some(doc) if doc.schedule == Some(ScheduleLink::Generated { schedule: s.id, on: g.on }) => {}
                Some(doc) => broken.push(format!(
                    "{} {} is listed as generated by schedule {} on {} but says otherwise",
                    doc.doc_type.label().to_lowercase(),
                    doc.ref_nbr,
                    s.id,
                    g.on
                )),
                None => broken.push(format!("schedule {} lists a generated document that does not exist", s.id)),
            }
        }
    }
    for doc in ledger.documents.values() {
        let name = || format!("{} {}", doc.doc_type.label().to_lowercase(), doc.ref_nbr);
        match doc.schedule {
            Some(ScheduleLink::Template(s)) if doc.status == DocStatus::Scheduled && listed.get(&doc.id) != Some(&s) => {
                broken.push(format!("{} is Scheduled on schedule {s}, which does not list it", name()))
            }
            Some(ScheduleLink::Template(s)) if doc.status != DocStatus::Scheduled && doc.status != DocStatus::Voided => {
                broken.push(format!("{} was a template of schedule {s} but is {}", name(), doc.status.label()))
            }
            Some(ScheduleLink::Generated { schedule, on }) if generated.get(&doc.id) != Some(&(schedule, on)) => {
                broken.push(format!("{} says schedule {schedule} generated it on {on}, which the schedule does not list", name()))
            }
            _ => {}
        }
    }
}

/// SPEC R5.6 on the journal: the customer ledger accounts hold the balances.
fn check_customer_ledger_accounts(ledger: &Ledger, broken: &mut Vec<String>) {
    // SPEC R5.6: the journal's customer ledger and prepayment accounts hold exactly the
    // customers' released balances, prepayments included.
    let on_accounts = crate::accounting::journal::customer_ledger_total(ledger);
    let balances = ledger.recompute_balances().values().map(|b| b.balance).sum::<Decimal>();
    if (on_accounts - balances).abs() > rounding_left_by_older_versions(ledger) {
        let accounts = crate::accounting::journal::customer_ledger_accounts(ledger).into_iter().collect::<Vec<_>>().join(", ");
        broken.push(format!(
            "the journal's customer ledger and prepayment accounts ({accounts}) hold {on_accounts}, but the customers' balances sum to {balances}"
        ));
    }
}

/// How far the customer ledger accounts may be from the balances in a ledger written
/// by an older version: its entries have no entry number, and before entries were
/// numbered, settling a foreign-currency document in parts could leave up to one minor
/// unit on the receivable per entry (the rule was fixed with the numbering). Such a
/// ledger still opens and imports, with nothing lost; an entry written now is exact,
/// and a ledger without old foreign-currency entries must match to the cent.
fn rounding_left_by_older_versions(ledger: &Ledger) -> Decimal {
    let base = &ledger.settings.base_currency;
    let old_foreign_entries: usize = ledger
        .documents
        .values()
        .filter(|d| &d.currency != base)
        .map(|d| {
            usize::from(d.journal_entry.is_none() && !d.journal.is_empty())
                + d.applications.iter().filter(|a| a.journal_entry.is_none() && !a.journal.is_empty()).count()
        })
        .sum();
    let one_unit = Decimal::new(1, ledger.settings.base().minor_units);
    one_unit * Decimal::from(old_foreign_entries)
}

/// What entry refuses in a planned application and a stored one must not have either:
/// an amount of zero or less. (A released negative application is a reversal and is
/// allowed; kind, customer, currency and cash discount are checked above.)
fn refused_by_entry(ledger: &Ledger, app: &crate::documents::document::Application, name: &DocName<'_>) -> Option<String> {
    let target = ledger.documents.get(&app.target)?;
    (!app.released && app.amount <= Decimal::ZERO).then(|| {
        format!("{name} plans {} on {} {}; entry takes only amounts more than zero", app.amount, target.doc_type.label().to_lowercase(), target.ref_nbr)
    })
}

fn check_lines(doc: &Document, name: &DocName<'_>, currency: &crate::base::money::Currency, settings: &crate::settings::Settings, broken: &mut Vec<String>) {
    let recomputed = |l: &InvoiceLine| InvoiceLine::amounts(l.quantity, l.unit_price, l.discount_pct, currency);
    if !doc.lines.iter().all(|l| recomputed(l) == Some((l.extended_price, l.amount))) {
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
