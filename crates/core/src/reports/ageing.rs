//! The ageing reports (SPEC R8): Aged past due, Aged outstanding and Aged period
//! sensitive, in base currency or in the documents' currencies, grouped by statement
//! cycle, then customer, then (currency version) currency; their bucket totals for the
//! chart; their CSV.
//!
//! Architecture Invariant: ageing totals equal balances by construction. A row's base
//! amount is the document's own contribution to its customer's balance
//! (`ledger::contribution`, the function `Ledger::balances_of` is the sum of), each open
//! document is in exactly one bucket, and every total is summed from the rows; so a
//! customer's Total is its Balance, and the grand total the sum of balances, to the
//! cent. The period sensitive report ages the balances of `reports::history` instead.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::documents::document::{DocId, DocStatus, DocType, Document};
use crate::ledger::{contribution, Ledger};
use crate::reports::rows::{signed, Money};
use crate::settings::periods::{ageing_period_index, ageing_period_labels, outstanding_period_labels, FinancialPeriod, StatementCycle};

/// Which ageing report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AgeingKind {
    /// "Which documents are overdue and for how long" (AR631000, R8.3).
    PastDue,
    /// "When do we expect the money" (AR631500, R8.3).
    Outstanding,
    /// Open at the end of a financial period, aged as past due (AR630500, R8.5).
    PeriodSensitive,
}

impl AgeingKind {
    pub fn label(self) -> &'static str {
        match self {
            AgeingKind::PastDue => "Aged past due",
            AgeingKind::Outstanding => "Aged outstanding",
            AgeingKind::PeriodSensitive => "Aged period sensitive",
        }
    }

    /// The column titles for `boundaries`: Current (or Past due), one per period, Over N.
    pub fn titles(self, boundaries: &[u32]) -> Vec<String> {
        match self {
            AgeingKind::Outstanding => outstanding_period_labels(boundaries),
            AgeingKind::PastDue | AgeingKind::PeriodSensitive => ageing_period_labels(boundaries),
        }
    }

    /// The column of a document dated `date`, due `due`, at ageing date `as_of`, and its
    /// days: (ageing date − due date) for past due, (due date − ageing date) for
    /// outstanding (R8.3). Column 0 is Current (past due: due on or after the ageing
    /// date) or Past due (outstanding: due before it).
    pub fn bucket(self, boundaries: &[u32], as_of: NaiveDate, due: NaiveDate) -> (usize, i64) {
        match self {
            AgeingKind::Outstanding => {
                let days = (due - as_of).num_days();
                (if days < 0 { 0 } else { ageing_period_index(boundaries, days) }, days)
            }
            AgeingKind::PastDue | AgeingKind::PeriodSensitive => {
                let days = (as_of - due).num_days();
                (if days <= 0 { 0 } else { ageing_period_index(boundaries, days) }, days)
            }
        }
    }
}

/// What to report on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgeingOptions {
    pub kind: AgeingKind,
    /// The ageing date; for the period sensitive report, the period's last day.
    pub as_of: NaiveDate,
    /// Only this customer (`None`: all).
    pub customer: Option<String>,
    /// Ageing periods for this run instead of each customer's statement cycle's.
    pub buckets: Option<Vec<u32>>,
    /// *Age credits* for this run instead of the preference (R1.4).
    pub age_credits: Option<bool>,
    /// Amounts in document currency, grouped by currency (AR631100, AR631600).
    pub currency_version: bool,
}

impl AgeingOptions {
    pub fn new(kind: AgeingKind, as_of: NaiveDate) -> Self {
        AgeingOptions { kind, as_of, customer: None, buckets: None, age_credits: None, currency_version: false }
    }
}

/// One open document in its bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgeingRow {
    pub id: DocId,
    pub doc_type: DocType,
    pub ref_nbr: String,
    pub date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    /// The days the bucket was chosen by (see [`AgeingKind::bucket`]); for a credit with
    /// *Age credits* off, 0.
    pub days: i64,
    /// Index into the cycle's `titles`.
    pub bucket: usize,
    /// Signed ([`signed`]): in base currency, or in the document's currency in the
    /// currency version.
    pub amount: Money,
}

/// One customer (in the currency version: one customer and one currency) of a cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerAgeing {
    pub customer_id: String,
    pub customer_name: String,
    /// The currency of every amount of this group.
    pub currency: String,
    pub rows: Vec<AgeingRow>,
    /// One total per title, summed from the rows.
    pub buckets: Vec<Money>,
    /// The sum of `buckets` (and of the rows).
    pub total: Money,
    /// The customer's balance the total reconciles to, shown beside it: in base currency
    /// `Ledger::balances_of(..).balance` (for the period sensitive report, the balance
    /// rebuilt at the period's end); in the currency version the signed sum of the
    /// customer's open balances in this currency.
    pub balance: Money,
}

/// The customers of one statement cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CycleAgeing {
    /// Empty for customers without a (known) statement cycle.
    pub cycle_id: String,
    pub description: String,
    /// The ageing periods in days this cycle's documents were aged by.
    pub boundaries: Vec<u32>,
    pub titles: Vec<String>,
    pub customers: Vec<CustomerAgeing>,
    /// Bucket totals per currency (one entry in base currency), for the chart.
    pub totals: Vec<BucketTotals>,
}

/// The bucket totals of a cycle in one currency: the bars of the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BucketTotals {
    pub currency: String,
    pub titles: Vec<String>,
    pub amounts: Vec<Money>,
    pub total: Money,
}

/// A whole ageing report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgeingReport {
    pub kind: AgeingKind,
    pub as_of: NaiveDate,
    pub age_credits: bool,
    pub currency_version: bool,
    /// In cycle-id order (customers without a cycle first).
    pub cycles: Vec<CycleAgeing>,
    /// Grand totals per currency (the base currency only, unless the currency version).
    pub totals: Vec<Money>,
    /// Sum of the reported customers' balances per currency: equal to `totals`.
    pub balances: Vec<Money>,
}

impl AgeingReport {
    /// Every row with its cycle and customer group, in report order.
    pub fn rows(&self) -> impl Iterator<Item = (&CycleAgeing, &CustomerAgeing, &AgeingRow)> {
        self.cycles.iter().flat_map(|c| c.customers.iter().flat_map(move |g| g.rows.iter().map(move |r| (c, g, r))))
    }

    /// The chart's bars: the cycles' bucket totals added up by column, per currency,
    /// when every cycle has the same titles; otherwise one set per cycle (titles
    /// prefixed with the cycle).
    pub fn chart(&self) -> Vec<BucketTotals> {
        let same = self.cycles.windows(2).all(|w| w[0].titles == w[1].titles);
        if !same {
            return self
                .cycles
                .iter()
                .flat_map(|c| {
                    c.totals.iter().map(move |t| BucketTotals { titles: t.titles.iter().map(|x| format!("{} {x}", c.cycle_id)).collect(), ..t.clone() })
                })
                .collect();
        }
        let mut by_currency: BTreeMap<&str, BucketTotals> = BTreeMap::new();
        for totals in self.cycles.iter().flat_map(|c| &c.totals) {
            let entry = by_currency.entry(totals.currency.as_str()).or_insert_with(|| BucketTotals {
                currency: totals.currency.clone(),
                titles: totals.titles.clone(),
                amounts: totals.amounts.iter().map(|m| Money { amount: Decimal::ZERO, currency: m.currency.clone() }).collect(),
                total: Money { amount: Decimal::ZERO, currency: totals.currency.clone() },
            });
            for (sum, add) in entry.amounts.iter_mut().zip(&totals.amounts) {
                sum.amount += add.amount;
            }
            entry.total.amount += totals.total.amount;
        }
        by_currency.into_values().collect()
    }
}

/// Why a report cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgeingError {
    UnknownCustomer(String),
    /// Ageing periods that `settings::periods::ageing_days_problem` refuses.
    Buckets(String),
}

impl AgeingError {
    pub fn message(&self) -> String {
        match self {
            AgeingError::UnknownCustomer(id) => format!("customer {id} does not exist"),
            AgeingError::Buckets(why) => format!("ageing periods: {why}"),
        }
    }
}

/// The default ageing periods of a customer without a known statement cycle.
fn fallback_cycle() -> StatementCycle {
    StatementCycle { id: String::new(), description: "No statement cycle".to_string(), ..StatementCycle::monthly() }
}

/// The ageing report `options` asks for (R8.1–R8.5). One pass over the documents in id
/// order, each open one's row put into its customer's slot (found by id, see `owners`);
/// then the customers in report order, grouped by cycle. The decimals of each currency
/// are looked up once.
pub fn ageing_report(ledger: &Ledger, options: &AgeingOptions) -> Result<AgeingReport, AgeingError> {
    if let Some(days) = &options.buckets {
        if let Some(why) = crate::settings::periods::ageing_days_problem(days) {
            return Err(AgeingError::Buckets(why));
        }
    }
    let customers: Vec<&crate::customers::customer::Customer> = match &options.customer {
        Some(id) => vec![ledger.customers.get(id).ok_or_else(|| AgeingError::UnknownCustomer(id.clone()))?],
        None => ledger.customers.values().collect(),
    };
    let age_credits = options.age_credits.unwrap_or(ledger.settings.age_credits);
    let kind = options.kind;
    let as_of = options.as_of;
    let base = ledger.settings.base_currency.as_str();
    // The period sensitive report ages the balances rebuilt at the period's end.
    let rebuilt = (kind == AgeingKind::PeriodSensitive).then(|| crate::reports::history::balances_as_of(ledger, as_of));
    let fallback = fallback_cycle();
    // The cycles, in cycle-id order, each with its ageing periods; every customer's slot
    // points at its cycle.
    let mut cycles: BTreeMap<&str, CycleAgeing> = BTreeMap::new();
    let cycle_of: Vec<&StatementCycle> = customers.iter().map(|c| ledger.settings.statement_cycle(&c.statement_cycle_id).unwrap_or(&fallback)).collect();
    for cycle in &cycle_of {
        cycles.entry(cycle.id.as_str()).or_insert_with(|| {
            let boundaries = options.buckets.clone().unwrap_or_else(|| cycle.ageing_days.clone());
            CycleAgeing {
                cycle_id: cycle.id.clone(),
                description: cycle.description.clone(),
                titles: kind.titles(&boundaries),
                boundaries,
                customers: Vec::new(),
                totals: Vec::new(),
            }
        });
    }
    let mut decimals = Decimals { settings: &ledger.settings, seen: Vec::new() };
    let base_units = decimals.of(base);
    // Which customer (its index in `customers`) each document belongs to, by id, from
    // the ledger's per-customer index: the documents are then read once, in id order
    // (the order they are kept in), and no customer number is hashed or compared. Ids
    // come from a counter, so a table indexed by id is small; a ledger with ids far
    // above its document count (a hand-edited backup) gets a sorted list instead.
    let max_id = ledger.documents.keys().next_back().map_or(0, |id| id.0 as usize);
    let dense = max_id <= 4 * ledger.documents.len() + 1024;
    let mut table: Vec<u32> = if dense { vec![u32::MAX; max_id + 1] } else { Vec::new() };
    let mut owners: Vec<(DocId, usize)> = Vec::new();
    let mut slots: Vec<Slot> = Vec::with_capacity(customers.len());
    for (n, customer) in customers.iter().enumerate() {
        let ids = ledger.document_ids_of(&customer.id);
        slots.push(Slot { capacity: ids.len(), rows: Vec::new(), amounts: Vec::new() });
        if dense {
            let slot = u32::try_from(n).unwrap_or(u32::MAX);
            for id in ids {
                if let Some(owner) = table.get_mut(id.0 as usize) {
                    *owner = slot;
                }
            }
        } else {
            owners.extend(ids.map(|id| (id, n)));
        }
    }
    owners.sort_unstable();
    let owner_of = |id: DocId| -> Option<usize> {
        if dense {
            table.get(id.0 as usize).filter(|n| **n != u32::MAX).map(|n| *n as usize)
        } else {
            owners.binary_search_by_key(&id, |(d, _)| *d).ok().and_then(|at| owners.get(at)).map(|(_, n)| *n)
        }
    };
    let candidates: Box<dyn Iterator<Item = &Document>> = match &options.customer {
        Some(id) => Box::new(ledger.documents_of(id)),
        None => Box::new(ledger.documents.values()),
    };
    // Each customer's ageing periods (its cycle's), found once.
    let by_cycle: Vec<(&str, Vec<u32>)> = cycles.iter().map(|(id, c)| (*id, c.boundaries.clone())).collect();
    let boundaries_of: Vec<&[u32]> =
        cycle_of.iter().map(|c| by_cycle.iter().find(|(id, _)| *id == c.id.as_str()).map_or(&[][..], |(_, b)| b.as_slice())).collect();
    for doc in candidates {
        if rebuilt.is_none() && doc.status != DocStatus::Open {
            continue;
        }
        let Some(n) = owner_of(doc.id) else { continue };
        let Some((amount, currency)) = open_amount(ledger, doc, rebuilt.as_ref(), options.currency_version) else {
            continue;
        };
        let boundaries = boundaries_of[n];
        let (bucket, days) = if doc.doc_type.is_debit() {
            kind.bucket(boundaries, as_of, doc.due_date.unwrap_or(doc.date))
        } else if age_credits {
            kind.bucket(boundaries, as_of, doc.date)
        } else {
            (0, 0)
        };
        let slot = &mut slots[n];
        if slot.rows.is_empty() {
            slot.rows.reserve_exact(slot.capacity);
            slot.amounts.reserve_exact(slot.capacity);
        }
        slot.rows.push(AgeingRow {
            id: doc.id,
            doc_type: doc.doc_type,
            ref_nbr: doc.ref_nbr.clone(),
            date: doc.date,
            due_date: doc.due_date,
            days,
            bucket,
            amount: Money::rounded(amount, currency, decimals.of(currency)),
        });
        slot.amounts.push((currency, amount));
    }
    for ((customer, cycle), slot) in customers.iter().zip(&cycle_of).zip(slots) {
        let Some(entry) = cycles.get_mut(cycle.id.as_str()) else { continue };
        // (currency, rows in document order, signed open sum), currencies in code order.
        let mut groups: Vec<(&str, Vec<AgeingRow>, Decimal)> = Vec::new();
        // The same code, most often the very same string (the base currency's).
        let same = |a: &str, b: &str| std::ptr::eq(a, b) || a == b;
        let one_currency = slot.amounts.first().map(|(c, _)| *c).filter(|first| slot.amounts.iter().all(|(c, _)| same(c, first)));
        if let Some(currency) = one_currency {
            groups.push((currency, slot.rows, slot.amounts.iter().map(|(_, a)| *a).sum()));
        } else {
            for (row, (currency, amount)) in slot.rows.into_iter().zip(slot.amounts) {
                match groups.iter_mut().find(|(c, _, _)| *c == currency) {
                    Some((_, rows, sum)) => {
                        rows.push(row);
                        *sum += amount;
                    }
                    None => groups.push((currency, vec![row], amount)),
                }
            }
            groups.sort_by(|a, b| a.0.cmp(b.0));
        }
        for (currency, rows, open_sum) in groups {
            let units = decimals.of(currency);
            let mut buckets: Vec<Money> = entry.titles.iter().map(|_| Money { amount: Decimal::ZERO, currency: currency.to_string() }).collect();
            for row in &rows {
                if let Some(b) = buckets.get_mut(row.bucket) {
                    b.amount += row.amount.amount;
                }
            }
            let total = Money::rounded(buckets.iter().map(|b| b.amount).sum(), currency, units);
            let balance = if options.currency_version || rebuilt.is_some() {
                Money::rounded(open_sum, currency, units)
            } else {
                Money::rounded(ledger.balances_of(&customer.id).balance, base, base_units)
            };
            entry.customers.push(CustomerAgeing {
                customer_id: customer.id.clone(),
                customer_name: customer.name.clone(),
                currency: currency.to_string(),
                rows,
                buckets,
                total,
                balance,
            });
        }
    }
    let mut cycles: Vec<CycleAgeing> = cycles.into_values().filter(|c| !c.customers.is_empty()).collect();
    let mut totals: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut balances: BTreeMap<String, Decimal> = BTreeMap::new();
    for cycle in &mut cycles {
        let mut per_currency: BTreeMap<String, BucketTotals> = BTreeMap::new();
        for group in &cycle.customers {
            let t = per_currency.entry(group.currency.clone()).or_insert_with(|| BucketTotals {
                currency: group.currency.clone(),
                titles: cycle.titles.clone(),
                amounts: cycle.titles.iter().map(|_| Money { amount: Decimal::ZERO, currency: group.currency.clone() }).collect(),
                total: Money { amount: Decimal::ZERO, currency: group.currency.clone() },
            });
            for (sum, add) in t.amounts.iter_mut().zip(&group.buckets) {
                sum.amount += add.amount;
            }
            t.total.amount += group.total.amount;
            *totals.entry(group.currency.clone()).or_default() += group.total.amount;
            *balances.entry(group.currency.clone()).or_default() += group.balance.amount;
        }
        cycle.totals = per_currency.into_values().collect();
    }
    let money = |m: BTreeMap<String, Decimal>| m.into_iter().map(|(c, a)| Money::of(ledger, a, &c)).collect();
    Ok(AgeingReport { kind, as_of, age_credits, currency_version: options.currency_version, cycles, totals: money(totals), balances: money(balances) })
}

/// One customer's rows while the documents are read: each row's currency and unrounded
/// amount beside it; `capacity` is how many documents the customer has (an upper bound
/// of its rows, so its row list is allocated once).
struct Slot<'a> {
    capacity: usize,
    rows: Vec<AgeingRow>,
    amounts: Vec<(&'a str, Decimal)>,
}

/// The decimals of each currency a report meets, looked up once
/// (`Settings::minor_units_of`).
struct Decimals<'a> {
    settings: &'a crate::settings::Settings,
    seen: Vec<(&'a str, u32)>,
}

impl<'a> Decimals<'a> {
    fn of(&mut self, currency: &'a str) -> u32 {
        if let Some((_, units)) = self.seen.iter().find(|(c, _)| *c == currency) {
            return *units;
        }
        let units = self.settings.minor_units_of(currency);
        self.seen.push((currency, units));
        units
    }
}

/// A document's signed open amount and its currency, when it is open: in base currency
/// its contribution to the customer's balance, in the currency version its signed
/// balance; for the period sensitive report, from the balance rebuilt at the period's
/// end, in base currency at the document's rate.
fn open_amount<'a>(ledger: &'a Ledger, doc: &'a Document, rebuilt: Option<&BTreeMap<DocId, Decimal>>, currency_version: bool) -> Option<(Decimal, &'a str)> {
    if doc.doc_type.balance_sign().is_zero() {
        return None;
    }
    if let Some(rebuilt) = rebuilt {
        let balance = *rebuilt.get(&doc.id)?;
        let base = crate::base::money::round_to_minor_units(balance * doc.rate, ledger.settings.base_minor_units());
        return Some((doc.doc_type.balance_sign() * base, &ledger.settings.base_currency));
    }
    if doc.status != DocStatus::Open {
        return None;
    }
    if currency_version {
        Some((signed(doc) * doc.balance, &doc.currency))
    } else {
        Some((contribution(doc, &ledger.settings).balance, &ledger.settings.base_currency))
    }
}

/// The CSV columns of `reskontra ageing` (and the windows' export).
pub const AGEING_COLUMNS: [&str; 10] = ["cycle", "customer", "type", "ref", "currency", "date", "due_date", "days", "bucket", "amount"];

/// The report as CSV: one row per document, [`AGEING_COLUMNS`], the bucket by its title,
/// the amount signed in the report's currency (through the one CSV writer).
pub fn ageing_csv(report: &AgeingReport) -> String {
    let rows = report.rows().map(|(cycle, group, row)| {
        [
            cycle.cycle_id.clone(),
            group.customer_id.clone(),
            row.doc_type.label().to_string(),
            row.ref_nbr.clone(),
            row.amount.currency.clone(),
            row.date.to_string(),
            row.due_date.map(|d| d.to_string()).unwrap_or_default(),
            row.days.to_string(),
            cycle.titles.get(row.bucket).cloned().unwrap_or_default(),
            row.amount.plain(),
        ]
    });
    crate::reports::csv::write_csv(&AGEING_COLUMNS, rows)
}

/// The financial period a report names: its id ("02-2026", "Q1-2026") or a month as
/// `YYYY-MM` (the period holding that month's first day).
pub fn financial_period<'a>(ledger: &'a Ledger, text: &str) -> Option<&'a FinancialPeriod> {
    let text = text.trim();
    if let Some(p) = ledger.settings.financial_periods.iter().find(|p| p.id.eq_ignore_ascii_case(text)) {
        return Some(p);
    }
    let (year, month) = text.split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    let first = NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)?;
    ledger.settings.financial_period_of(first)
}
