//! A deterministic demo ledger: the same seed always gives the same ledger.
//!
//! Everything is made through [`crate::execute`], so demo data obeys the same
//! rules as data typed by a person. The random numbers come from SplitMix64
//! seeded by the caller: no clock, no system randomness.

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;

use crate::command::{execute, ApplicationDraft, ClassDraft, Command, CustomerDraft, InvoiceDraft, LineDraft, PaymentDraft, SettingsDraft};
use crate::customers::customer::CustomerStatus;
use crate::documents::document::{DocId, DocStatus, DocType, Document};
use crate::ledger::{Change, Ledger, Record};
use crate::settings::reference::{CurrencyRateDraft, ReferenceTablesDraft};

/// Sizes of the demo ledger.
#[derive(Debug, Clone, Copy)]
pub struct DemoSize {
    pub customers: usize,
    pub invoices: usize,
}

/// What the benchmark ledgers add to the demo company. The default adds nothing and
/// changes nothing, so a seed's ledger stays as it was.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoExtras {
    /// Percent (0–100) of the released invoices older than twenty days that payments
    /// leave open: a quarter of those part-paid (half), the rest unpaid; the others are
    /// paid in full. `None`: the demo's own mix (65 % paid, 15 % half paid, 20 % unpaid).
    pub open_share: Option<u8>,
    /// Recurring schedules added after the rest, half monthly, half weekly (alternating),
    /// each with one invoice as its template, starting a year before the business date
    /// (spread over four weeks) and with nothing generated: a year of missed occurrences.
    pub schedules: usize,
}

/// SplitMix64: tiny, fast, and good enough to vary demo data.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const NAME_FIRST: &[&str] = &[
    "Nordlys",
    "Fjell",
    "Havbris",
    "Bjørke",
    "Solberg",
    "Vestvik",
    "Granli",
    "Lysaker",
    "Østmark",
    "Fossheim",
    "Strand",
    "Tindeland",
    "Elvebakken",
    "Furulund",
    "Kvitberg",
    "Måkeskjær",
    "Sjøholt",
    "Lillevik",
    "Skogli",
    "Åsheim",
];
const NAME_SECOND: &[&str] = &["Bygg", "Elektro", "Handel", "Transport", "Consulting", "Marine", "Regnskap", "Maskin", "Interiør", "Data", "Fisk", "Rør"];
const NAME_SUFFIX: &[&str] = &["AS", "AS", "AS", "ASA", "ANS", "DA"];
const PLACES: &[(&str, &str, &str)] = &[
    ("0150", "Oslo", "Karl Johans gate"),
    ("5003", "Bergen", "Strandkaien"),
    ("7011", "Trondheim", "Munkegata"),
    ("4006", "Stavanger", "Kirkegata"),
    ("9008", "Tromsø", "Storgata"),
    ("3015", "Drammen", "Bragernes torg"),
    ("4610", "Kristiansand", "Markens gate"),
    ("1606", "Fredrikstad", "Nygaardsgata"),
    ("6003", "Ålesund", "Kongens gate"),
    ("8006", "Bodø", "Sjøgata"),
];
const ITEMS: &[(&str, i64, &str)] = &[
    ("Consulting hours", 125_000, "HIGH"),
    ("Installation", 89_000, "HIGH"),
    ("Service agreement, monthly", 249_000, "HIGH"),
    ("Spare parts", 34_950, "HIGH"),
    ("Catering", 18_500, "MEDIUM"),
    ("Freight", 45_000, "LOW"),
    ("Course fee", 350_000, "EXEMPT"),
    ("Software licence", 99_900, "HIGH"),
];

/// Builds the demo ledger for business date `today`.
pub fn demo_ledger(seed: u64, size: DemoSize, today: NaiveDate) -> Ledger {
    demo_ledger_with(seed, size, DemoExtras::default(), today)
}

/// The demo ledger with the benchmarks' `extras` (the same seed and extras always give
/// the same ledger).
pub fn demo_ledger_with(seed: u64, size: DemoSize, extras: DemoExtras, today: NaiveDate) -> Ledger {
    let mut build = DemoBuild::new(seed, size, extras, today);
    while build.step() {}
    build.finish()
}

/// The demo ledger built a part at a time, so the browser can paint a progress bar
/// between parts (DESIGN "Long work"): [`DemoBuild::step`] until it returns `false`,
/// then [`DemoBuild::finish`]. The ledger is exactly [`demo_ledger_with`]'s (that
/// function is this loop): the random numbers are drawn in the same order.
pub struct DemoBuild {
    ledger: Ledger,
    rng: SplitMix64,
    variety: SplitMix64,
    size: DemoSize,
    extras: DemoExtras,
    today: NaiveDate,
    customer_ids: Vec<String>,
    /// The invoices' ages, drawn before the first invoice (newest last).
    ages: Vec<u64>,
    invoices_done: usize,
    open_invoices: Vec<(DocId, String)>,
    phase: Phase,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Customers,
    Invoices,
    Payments,
    Rest,
    Done,
}

/// Invoices entered per step.
const INVOICES_PER_STEP: usize = 250;

impl DemoBuild {
    pub fn new(seed: u64, size: DemoSize, extras: DemoExtras, today: NaiveDate) -> DemoBuild {
        // A second stream for what later versions added (foreign currencies, every
        // document type), so the customers and invoices of a seed stay as they were.
        DemoBuild {
            ledger: Ledger::default(),
            rng: SplitMix64(seed),
            variety: SplitMix64(seed ^ 0x005E_ED0F_D0C5),
            size,
            extras,
            today,
            customer_ids: Vec::new(),
            ages: Vec::new(),
            invoices_done: 0,
            open_invoices: Vec::new(),
            phase: Phase::Customers,
        }
    }

    /// The steps this build takes in all.
    pub fn steps(&self) -> usize {
        3 + self.size.invoices.div_ceil(INVOICES_PER_STEP)
    }

    /// The steps taken so far (equal to [`DemoBuild::steps`] when done).
    pub fn steps_done(&self) -> usize {
        match self.phase {
            Phase::Customers => 0,
            Phase::Invoices => 1 + self.invoices_done.div_ceil(INVOICES_PER_STEP),
            Phase::Payments => 1 + self.size.invoices.div_ceil(INVOICES_PER_STEP),
            Phase::Rest => 2 + self.size.invoices.div_ceil(INVOICES_PER_STEP),
            Phase::Done => self.steps(),
        }
    }

    /// What the next step makes, for the progress line.
    pub fn doing(&self) -> &'static str {
        match self.phase {
            Phase::Customers => "company and customers",
            Phase::Invoices => "invoices",
            Phase::Payments => "payments",
            Phase::Rest => "other documents, mailings and schedules",
            Phase::Done => "done",
        }
    }

    /// Takes one step; `false` when there is nothing left to do.
    pub fn step(&mut self) -> bool {
        let today = self.today;
        match self.phase {
            Phase::Customers => {
                add_company(&mut self.ledger, &mut self.variety, today);
                add_classes(&mut self.ledger, today);
                self.customer_ids = add_customers(&mut self.ledger, &mut self.rng, &mut self.variety, self.size.customers, today);
                if self.customer_ids.is_empty() {
                    self.phase = Phase::Done;
                } else {
                    // Invoice numbers follow the dates, as they do when a year is entered day by day.
                    let mut ages: Vec<u64> = (0..self.size.invoices).map(|_| self.rng.below(365)).collect();
                    ages.sort_unstable_by(|a, b| b.cmp(a));
                    self.ages = ages;
                    self.phase = Phase::Invoices;
                }
            }
            Phase::Invoices => {
                let end = (self.invoices_done + INVOICES_PER_STEP).min(self.ages.len());
                let part = self.ages.get(self.invoices_done..end).unwrap_or_default().to_vec();
                add_invoices(&mut self.ledger, &mut self.rng, &self.customer_ids, &part, &mut self.open_invoices, today);
                self.invoices_done = end;
                if self.invoices_done >= self.ages.len() {
                    self.phase = Phase::Payments;
                }
            }
            Phase::Payments => {
                let open = std::mem::take(&mut self.open_invoices);
                add_payments(&mut self.ledger, &mut self.rng, open, self.extras.open_share, today);
                self.phase = Phase::Rest;
            }
            Phase::Rest => {
                let (ledger, customer_ids) = (&mut self.ledger, &self.customer_ids);
                add_every_document_type(ledger, &mut self.variety, customer_ids, today);
                add_mailings(ledger, customer_ids);
                // A few customers are put on hold after their history, as a credit controller would.
                for customer_id in customer_ids {
                    if self.rng.chance(3) {
                        if let Some(customer) = ledger.customers.get(customer_id) {
                            let mut draft = CustomerDraft::from_customer(customer, ledger.settings.numbers());
                            draft.status = CustomerStatus::OnHold;
                            run(ledger, Command::SaveCustomer(draft), today);
                        }
                    }
                }
                add_schedules(ledger, customer_ids, today);
                add_ageing_show(ledger, customer_ids, today);
                add_bench_schedules(ledger, customer_ids, self.extras.schedules, today);
                self.phase = Phase::Done;
            }
            Phase::Done => return false,
        }
        self.phase != Phase::Done
    }

    /// The ledger built so far (all of it once [`DemoBuild::step`] returned `false`).
    pub fn finish(self) -> Ledger {
        self.ledger
    }
}

/// `count` schedules for the benchmarks ([`DemoExtras::schedules`]): even ones monthly on
/// the start's day, odd ones weekly on the start's weekday, each with a one-line invoice
/// of an active base-currency customer as its template; the starts are a year before
/// `today` plus 0–27 days, so each has about a year of occurrences not yet generated.
fn add_bench_schedules(ledger: &mut Ledger, customer_ids: &[String], count: usize, today: NaiveDate) {
    use crate::schedules::{ScheduleDraft, ScheduleType};
    if count == 0 {
        return;
    }
    let invoiced: Vec<String> = customer_ids
        .iter()
        .filter(|id| ledger.customers.get(*id).is_some_and(|c| c.status == CustomerStatus::Active && c.currency == ledger.settings.base_currency))
        .cloned()
        .collect();
    let year_ago = today.checked_sub_months(chrono::Months::new(12)).unwrap_or(today);
    let mut made = 0;
    // A customer whose template cannot be scheduled (credit hold) is passed over.
    for (k, customer) in invoiced.iter().cycle().take(count.saturating_mul(2)).enumerate() {
        if made == count {
            break;
        }
        let start = year_ago.checked_add_days(Days::new((made / 2 % 28) as u64)).unwrap_or(year_ago);
        let weekly = made % 2 == 1;
        let (item, price_cents, vat) = ITEMS[k % ITEMS.len()];
        let description = format!("{} {item}", if weekly { "Weekly" } else { "Monthly" });
        let draft = InvoiceDraft {
            customer_id: customer.clone(),
            date: start.to_string(),
            description: description.clone(),
            lines: vec![LineDraft {
                description: item.to_string(),
                quantity: "1".into(),
                unit_price: Decimal::new(price_cents, 2).to_string(),
                discount_pct: String::new(),
                vat_category: vat.to_string(),
            }],
            ..InvoiceDraft::default()
        };
        let Some(template) = run(ledger, Command::SaveInvoice(draft), today)
            .and_then(|c| c.puts.into_iter().find_map(|r| if let Record::Document(d) = r { Some(d.id) } else { None }))
        else {
            continue;
        };
        let schedule = ScheduleDraft {
            description,
            templates: vec![template],
            schedule_type: if weekly { ScheduleType::Weekly } else { ScheduleType::Monthly },
            ..ScheduleDraft::new(start)
        };
        if run(ledger, Command::SaveSchedule(schedule), today).is_some() {
            made += 1;
        } else {
            // Not left behind as a stray Balanced invoice.
            run(ledger, Command::DeleteDocument(template), today);
        }
    }
}

/// Recurring documents (R7): schedules of every type, each with an invoice as its
/// template and its earlier occurrences generated; the lease, the cleaning and the
/// licence have missed occurrences at `today`, so catch-up can be shown in one click.
/// The financial periods of today's year and the year before are generated for the
/// by-period schedule.
fn add_schedules(ledger: &mut Ledger, customer_ids: &[String], today: NaiveDate) {
    use crate::schedules::{MonthOn, Nth, PeriodOn, ScheduleDraft, ScheduleType, Stop};
    use chrono::Weekday;
    let mut tables = ReferenceTablesDraft::from_settings(&ledger.settings);
    for year in [today.year() - 1, today.year()] {
        if let Ok(periods) = crate::settings::periods::add_year(&tables.financial_periods, &year.to_string(), crate::settings::periods::PeriodKind::Monthly) {
            tables.financial_periods = periods;
        }
    }
    run(ledger, Command::SaveReferenceTables(tables), today);
    let invoiced: Vec<&String> = customer_ids
        .iter()
        .filter(|id| ledger.customers.get(*id).is_some_and(|c| c.status == CustomerStatus::Active && c.currency == ledger.settings.base_currency))
        .collect();
    let days_ago = |n: u64| today.checked_sub_days(Days::new(n)).unwrap_or(today);
    let month_end = |d: NaiveDate| crate::settings::periods::last_day_of_month(d.year(), d.month()).unwrap_or(d);
    // (description, line, price, start, the schedule, generated up to)
    let plans: [(&str, &str, i64, NaiveDate, ScheduleDraft, NaiveDate); 4] = [
        (
            "Office lease, monthly on the 31st",
            "Office lease",
            1_850_000,
            month_end(days_ago(160)),
            ScheduleDraft { day: "31".into(), ..ScheduleDraft::new(today) },
            days_ago(62),
        ),
        (
            "Cleaning, every second week on Monday and Thursday",
            "Office cleaning",
            240_000,
            days_ago(70),
            ScheduleDraft { schedule_type: ScheduleType::Weekly, every: "2".into(), weekdays: vec![Weekday::Mon, Weekday::Thu], ..ScheduleDraft::new(today) },
            days_ago(20),
        ),
        (
            "Software licence, quarterly on the last day of the period",
            "Software licence",
            999_000,
            days_ago(200),
            ScheduleDraft { schedule_type: ScheduleType::ByPeriod, every: "3".into(), period_on: PeriodOn::Last, ..ScheduleDraft::new(today) },
            days_ago(100),
        ),
        (
            "Service visit, monthly on the last Friday, 12 times",
            "Service agreement, monthly",
            249_000,
            days_ago(120),
            ScheduleDraft { month_on: MonthOn::Nth, nth: Nth::Last, weekday: Weekday::Fri, limit: "12".into(), ..ScheduleDraft::new(today) },
            today,
        ),
    ];
    for (n, (description, item, price, start, schedule, until)) in plans.into_iter().enumerate() {
        let Some(customer) = invoiced.get(n * 3) else { return };
        let draft = InvoiceDraft {
            customer_id: customer.to_string(),
            date: start.to_string(),
            description: description.to_string(),
            lines: vec![LineDraft {
                description: item.into(),
                quantity: "1".into(),
                unit_price: Decimal::new(price, 2).to_string(),
                discount_pct: String::new(),
                vat_category: "HIGH".into(),
            }],
            ..InvoiceDraft::default()
        };
        let Some(template) = run(ledger, Command::SaveInvoice(draft), today)
            .and_then(|c| c.puts.into_iter().find_map(|r| if let Record::Document(d) = r { Some(d.id) } else { None }))
        else {
            continue;
        };
        let schedule = ScheduleDraft { description: description.into(), start: start.to_string(), templates: vec![template], ..schedule };
        let Some(id) = run(ledger, Command::SaveSchedule(schedule), today)
            .and_then(|c| c.puts.into_iter().find_map(|r| if let Record::Schedule(s) = r { Some(s.id) } else { None }))
        else {
            continue;
        };
        run(ledger, Command::GenerateRange { ids: vec![id], start_on: None, stop: Stop::OnDate(until) }, today);
    }
    // A daily schedule, every 14 days with a limit of 10, up to date.
    if let Some(customer) = invoiced.get(12) {
        let draft = InvoiceDraft {
            customer_id: customer.to_string(),
            date: days_ago(90).to_string(),
            description: "Parking, every 14 days".into(),
            lines: vec![LineDraft {
                description: "Parking space".into(),
                quantity: "1".into(),
                unit_price: "450".into(),
                discount_pct: String::new(),
                vat_category: "HIGH".into(),
            }],
            ..InvoiceDraft::default()
        };
        let template = run(ledger, Command::SaveInvoice(draft), today)
            .and_then(|c| c.puts.into_iter().find_map(|r| if let Record::Document(d) = r { Some(d.id) } else { None }));
        if let Some(template) = template {
            let schedule = ScheduleDraft {
                description: "Parking, every 14 days".into(),
                start: days_ago(90).to_string(),
                schedule_type: ScheduleType::Daily,
                every: "14".into(),
                limit: "10".into(),
                templates: vec![template],
                ..ScheduleDraft::new(today)
            };
            if let Some(id) = run(ledger, Command::SaveSchedule(schedule), today)
                .and_then(|c| c.puts.into_iter().find_map(|r| if let Record::Schedule(s) = r { Some(s.id) } else { None }))
            {
                run(ledger, Command::GenerateRange { ids: vec![id], start_on: None, stop: Stop::OnDate(today) }, today);
            }
        }
    }
}

/// Runs `command` as a window would, and applies what it changed.
fn run(ledger: &mut Ledger, command: Command, today: NaiveDate) -> Option<Change> {
    let change = execute(ledger, &command, today).ok()?;
    ledger.apply(&change);
    Some(change)
}

/// The company, and monthly EUR and SEK rates for the 13 months the documents span.
fn add_company(ledger: &mut Ledger, variety: &mut SplitMix64, today: NaiveDate) {
    let mut settings = SettingsDraft::from_settings(&ledger.settings);
    settings.company_name = "Nordlys Demo AS".to_string();
    settings.company_email = "faktura@nordlysdemo.no".to_string();
    settings.business_date = today.to_string();
    run(ledger, Command::SaveSettings(settings), today);
    let mut tables = ReferenceTablesDraft::from_settings(&ledger.settings);
    for month in 0..14u64 {
        let effective = today.checked_sub_days(Days::new(31 * month)).unwrap_or(today).with_day(1).unwrap_or(today);
        let eur = Decimal::new(1150 + variety.below(60) as i64, 2);
        let sek = Decimal::new(100 + variety.below(8) as i64, 2);
        for (currency, rate) in [("EUR", eur), ("SEK", sek)] {
            if !tables.currency_rates.iter().any(|r| r.currency == currency && r.effective == effective.to_string()) {
                tables.currency_rates.push(CurrencyRateDraft {
                    currency: currency.into(),
                    effective: effective.to_string(),
                    rate: rate.to_string(),
                    ..Default::default()
                });
            }
        }
    }
    // Statement cycles with other ageing periods than the monthly 30/60/90 (R8.2).
    for (id, description, day, ageing) in
        [("MIDMONTH", "Mid-month, ageing 15/45/75", "15", "15, 45, 75"), ("LONG", "End of month, long terms", "end", "45, 90, 180")]
    {
        tables.statement_cycles.push(crate::settings::reference::StatementCycleDraft {
            id: id.into(),
            description: description.into(),
            prepare_day: day.into(),
            ageing_days: ageing.into(),
        });
    }
    // Monthly financial periods of last year and this one (Aged period sensitive, R8.5).
    for year in [today.year() - 1, today.year()] {
        if let Ok(periods) = crate::settings::periods::add_year(&tables.financial_periods, &year.to_string(), crate::settings::periods::PeriodKind::Monthly) {
            tables.financial_periods = periods;
        }
    }
    run(ledger, Command::SaveReferenceTables(tables), today);
}

/// What an instructor shows with the ageing reports, statements and dunning letters
/// (R8, R9), made after the rest so a seed's other data stays as it was: customers
/// spread over the three statement cycles, every fourth on Balance brought forward
/// statements, a few with invoices in a second currency (multi-currency statements),
/// last month's statements processed and dunning letters processed twenty days ago,
/// so today's run escalates some documents.
fn add_ageing_show(ledger: &mut Ledger, customer_ids: &[String], today: NaiveDate) {
    const CYCLES: [&str; 3] = ["MONTHLY", "MIDMONTH", "LONG"];
    let mut multi_currency = 0;
    for (n, id) in customer_ids.iter().enumerate() {
        let Some(customer) = ledger.customers.get(id) else { continue };
        let mut draft = CustomerDraft::from_customer(customer, ledger.settings.numbers());
        draft.statement_cycle_id = CYCLES[n % CYCLES.len()].to_string();
        if n % 4 == 3 {
            draft.print_email.statement_type = crate::customers::customer::StatementType::BalanceBroughtForward;
        }
        let second_currency =
            multi_currency < 3 && customer.currency == ledger.settings.base_currency && customer.status == CustomerStatus::Active && n % 7 == 5;
        if second_currency {
            draft.allow_currency_override = true;
            draft.print_email.multi_currency_statements = true;
        }
        if run(ledger, Command::SaveCustomer(draft), today).is_none() || !second_currency {
            continue;
        }
        multi_currency += 1;
        let date = today.checked_sub_days(Days::new(40)).unwrap_or(today);
        let line = LineDraft {
            description: "Consulting in EUR, charged on".into(),
            quantity: "3".into(),
            unit_price: "95".into(),
            discount_pct: String::new(),
            vat_category: "HIGH".into(),
        };
        let draft = InvoiceDraft {
            doc_type: DocType::DebitNote,
            customer_id: id.clone(),
            date: date.to_string(),
            currency: "EUR".into(),
            lines: vec![line],
            ..InvoiceDraft::default()
        };
        if let Some(crate::ledger::Record::Document(invoice)) = run(ledger, Command::SaveInvoice(draft), today).and_then(|c| c.puts.into_iter().next()) {
            run(ledger, Command::Release(invoice.id), today);
        }
    }
    if let Some(month_end) = today.with_day(1).and_then(|d| d.pred_opt()) {
        run(ledger, Command::ProcessStatements { cycle: "MONTHLY".into(), date: month_end, customers: Vec::new(), emails: vec![], nonce: 0 }, today);
    }
    if let Some(earlier) = today.checked_sub_days(Days::new(20)) {
        run(ledger, Command::ProcessDunning { date: earlier, customers: Vec::new(), emails: vec![], nonce: 0 }, today);
    }
}

/// Three classes: Domestic (overdue charges), Key accounts (email), Small (write-offs).
fn add_classes(ledger: &mut Ledger, today: NaiveDate) {
    for (id, description, terms) in [("DOMESTIC", "Domestic customers", "NET30"), ("KEY", "Key accounts", "2/10NET30"), ("SMALL", "Small businesses", "NET14")]
    {
        let new_class = ClassDraft::new_class(&ledger.settings);
        run(
            ledger,
            Command::SaveClass(ClassDraft {
                id: id.to_string(),
                description: description.to_string(),
                terms_id: terms.to_string(),
                // Domestic customers pay 10 % a year on overdue invoices; small ones may
                // have balances under 50.00 written off.
                dunning: crate::command::ChargesDraft {
                    overdue_charges: id == "DOMESTIC",
                    write_offs: id == "SMALL",
                    write_off_limit: if id == "SMALL" { "50".into() } else { String::new() },
                },
                overdue_rate_pct: if id == "DOMESTIC" { "10".into() } else { String::new() },
                // Key accounts get their invoices and statements by email.
                print_email: crate::customers::customer::PrintEmail {
                    email_invoices: id == "KEY",
                    email_statements: id == "KEY",
                    email_dunning_letters: id == "KEY",
                    ..Default::default()
                },
                ..new_class
            }),
            today,
        );
    }
}

/// `count` customers with Norwegian names and places; returns their numbers.
fn add_customers(ledger: &mut Ledger, rng: &mut SplitMix64, variety: &mut SplitMix64, count: usize, today: NaiveDate) -> Vec<String> {
    let class_ids: Vec<String> = ledger.classes.keys().cloned().collect();
    let mut customer_ids: Vec<String> = Vec::with_capacity(count);
    for n in 0..count {
        let Some(class) = ledger.classes.get(rng.pick(&class_ids)).cloned() else { continue };
        let mut draft = CustomerDraft::new_of_class(&class, &ledger.settings);
        let first = rng.pick(NAME_FIRST);
        let second = rng.pick(NAME_SECOND);
        draft.name = format!("{first} {second} {}", rng.pick(NAME_SUFFIX));
        if n >= NAME_FIRST.len() * NAME_SECOND.len() {
            draft.name = format!("{first} {second} {} {}", n / (NAME_FIRST.len() * NAME_SECOND.len()) + 1, rng.pick(NAME_SUFFIX));
        }
        let domain: String = format!("{first}{second}").to_lowercase().replace('ø', "o").replace('å', "a").replace('æ', "ae");
        draft.email = format!("post@{domain}.no");
        // One customer in ten pays in euro, one in twenty in Swedish kronor.
        match variety.below(20) {
            0 | 1 => draft.currency = "EUR".to_string(),
            2 => draft.currency = "SEK".to_string(),
            _ => {}
        }
        let (postcode, city, street) = *rng.pick(PLACES);
        draft.address = crate::customers::address::Address {
            line1: format!("{street} {}", 1 + rng.below(80)),
            line2: String::new(),
            postcode: postcode.to_string(),
            city: city.to_string(),
            country: "NO".to_string(),
            ..Default::default()
        };
        // Invoices go to the accounts-payable contact; every fiftieth customer heads a
        // group whose next two customers consolidate their balance into it (R3.7).
        draft.contacts = vec![crate::customers::customer::Contact {
            name: "Accounts payable".to_string(),
            position: "Accounting".to_string(),
            email: format!("faktura@{domain}.no"),
            city: city.to_string(),
            active: true,
            is_default: true,
            ..Default::default()
        }];
        if n % 50 == 1 || n % 50 == 2 {
            if let Some(parent) = customer_ids.get(n - n % 50) {
                draft.parent = crate::customers::customer::ParentLink {
                    parent_id: parent.clone(),
                    consolidate_balance: true,
                    consolidate_statements: true,
                    shared_credit_policy: false,
                };
            }
        }
        if let Some(change) = run(ledger, Command::SaveCustomer(draft), today) {
            if let Some(crate::ledger::Record::Customer(c)) = change.puts.first() {
                customer_ids.push(c.id.clone());
            }
        }
    }
    customer_ids
}

/// Invoices `ages` days old, most released; the released ones older than twenty days,
/// which payments may settle, are added to `open_invoices`.
fn add_invoices(ledger: &mut Ledger, rng: &mut SplitMix64, customer_ids: &[String], ages: &[u64], open_invoices: &mut Vec<(DocId, String)>, today: NaiveDate) {
    for &days_back in ages {
        let customer_id = rng.pick(customer_ids).clone();
        let date = today.checked_sub_days(Days::new(days_back)).unwrap_or(today);
        let n_lines = 1 + rng.below(3) as usize;
        let lines = (0..n_lines)
            .map(|_| {
                let (description, price_cents, vat) = *rng.pick(ITEMS);
                let quantity = 1 + rng.below(12);
                let discount = if rng.chance(20) { "10" } else { "" };
                LineDraft {
                    description: description.to_string(),
                    quantity: quantity.to_string(),
                    unit_price: Decimal::new(price_cents + rng.below(100) as i64 * 100, 2).to_string(),
                    discount_pct: discount.to_string(),
                    vat_category: vat.to_string(),
                }
            })
            .collect();
        let draft = InvoiceDraft { customer_id: customer_id.clone(), date: date.to_string(), lines, ..InvoiceDraft::default() };
        let Some(change) = run(ledger, Command::SaveInvoice(draft), today) else { continue };
        let Some(crate::ledger::Record::Document(invoice)) = change.puts.first() else { continue };
        let id = invoice.id;
        // Most invoices older than a week are released; the newest stay recorded.
        if (days_back > 7 || rng.chance(50)) && run(ledger, Command::Release(id), today).is_some() && days_back > 20 {
            open_invoices.push((id, customer_id));
        }
    }
}

/// Payments in full for about two thirds of `open_invoices`, half for some more (or
/// what `open_share` leaves open, see [`DemoExtras::open_share`]).
fn add_payments(ledger: &mut Ledger, rng: &mut SplitMix64, open_invoices: Vec<(DocId, String)>, open_share: Option<u8>, today: NaiveDate) {
    // (paid in full below, half paid below): the rolls of 0..100.
    let (full, half) = match open_share {
        None => (65, 80),
        Some(share) => {
            let share = u64::from(share.min(100));
            (100 - share, 100 - share + share / 4)
        }
    };
    for (invoice_id, customer_id) in open_invoices {
        let Some(invoice) = ledger.documents.get(&invoice_id).cloned() else { continue };
        if invoice.status != DocStatus::Open {
            continue;
        }
        let roll = rng.below(100);
        let amount = if roll < full {
            invoice.balance
        } else if roll < half {
            (invoice.balance / Decimal::from(2)).round_dp(0)
        } else {
            continue;
        };
        let pay_date = invoice.due_date.unwrap_or(invoice.date).min(today);
        let draft = PaymentDraft {
            customer_id,
            date: pay_date.to_string(),
            payment_ref: format!("KID{:08}", rng.below(100_000_000)),
            amount: amount.to_string(),
            applications: vec![ApplicationDraft::new(invoice_id, amount.to_string())],
            ..PaymentDraft::default()
        };
        let Some(change) = run(ledger, Command::SavePayment(draft), today) else { continue };
        if let Some(crate::ledger::Record::Document(payment)) = change.puts.first() {
            let payment_id = payment.id;
            run(ledger, Command::Release(payment_id), today);
        }
    }
}

/// Credit and debit notes, cash sales and returns, prepayments (some applied after
/// release), refunds and voided payments, so the demo shows every manual type.
fn add_every_document_type(ledger: &mut Ledger, rng: &mut SplitMix64, customer_ids: &[String], today: NaiveDate) {
    let run = |ledger: &mut Ledger, command: Command| -> Option<Document> {
        let change = execute(ledger, &command, today).ok()?;
        ledger.apply(&change);
        change.puts.into_iter().find_map(|r| if let Record::Document(d) = r { Some(d) } else { None })
    };
    let one_line = |description: &str, price: Decimal| {
        vec![LineDraft {
            description: description.to_string(),
            quantity: "1".to_string(),
            unit_price: price.to_string(),
            discount_pct: String::new(),
            vat_category: "HIGH".to_string(),
        }]
    };
    let recent = |rng: &mut SplitMix64| today.checked_sub_days(Days::new(rng.below(60))).unwrap_or(today).to_string();
    // Credit notes for one open invoice in twenty: a tenth of it, applied.
    let open: Vec<(DocId, String, Decimal)> = ledger
        .documents
        .values()
        .filter(|d| d.doc_type == DocType::Invoice && d.status == DocStatus::Open)
        .map(|d| (d.id, d.customer_id.clone(), d.balance))
        .collect();
    for (invoice, customer, balance) in open {
        if !rng.chance(5) {
            continue;
        }
        let credit = (balance / Decimal::from(10)).round_dp(2);
        let price = (credit / Decimal::new(125, 2)).round_dp(2);
        let draft = InvoiceDraft {
            doc_type: DocType::CreditNote,
            customer_id: customer,
            date: recent(rng),
            lines: one_line("Price reduction", price),
            ..InvoiceDraft::default()
        };
        let Some(note) = run(ledger, Command::SaveInvoice(draft)) else { continue };
        let amount = note.total.min(balance);
        if rng.chance(80) {
            if let Some(mut edit) = ledger.documents.get(&note.id).map(|d| InvoiceDraft::from_document(d, ledger.settings.numbers())) {
                edit.applications = vec![ApplicationDraft::new(invoice, amount.to_string())];
                run(ledger, Command::SaveInvoice(edit));
            }
        }
        run(ledger, Command::Release(note.id));
    }
    for customer in customer_ids {
        let roll = rng.below(100);
        if roll < 3 {
            let draft = InvoiceDraft {
                doc_type: DocType::DebitNote,
                customer_id: customer.clone(),
                date: recent(rng),
                lines: one_line("Late delivery fee", Decimal::new(25000, 2)),
                ..InvoiceDraft::default()
            };
            if let Some(note) = run(ledger, Command::SaveInvoice(draft)) {
                run(ledger, Command::Release(note.id));
            }
        } else if roll < 9 {
            let doc_type = if roll < 8 { DocType::CashSale } else { DocType::CashReturn };
            let price = Decimal::new(5_000 + rng.below(50_000) as i64, 2);
            let draft = InvoiceDraft {
                doc_type,
                customer_id: customer.clone(),
                date: recent(rng),
                payment_ref: format!("CARD{:06}", rng.below(1_000_000)),
                lines: one_line("Counter sale", price),
                ..InvoiceDraft::default()
            };
            if let Some(sale) = run(ledger, Command::SaveInvoice(draft)) {
                run(ledger, Command::Release(sale.id));
            }
        } else if roll < 14 {
            // A prepayment; half are applied afterwards to the oldest open invoice.
            let draft = PaymentDraft {
                doc_type: DocType::Prepayment,
                customer_id: customer.clone(),
                date: recent(rng),
                amount: "5000".to_string(),
                payment_ref: format!("PRE{:05}", rng.below(100_000)),
                ..PaymentDraft::default()
            };
            let Some(prepayment) = run(ledger, Command::SavePayment(draft)) else { continue };
            run(ledger, Command::Release(prepayment.id));
            let oldest = ledger.open_invoices_of(customer).first().map(|d| (d.id, d.balance));
            if let (Some((target, balance)), true) = (oldest, rng.chance(50)) {
                let amount = balance.min(prepayment.total);
                run(ledger, Command::Apply { id: prepayment.id, applications: vec![ApplicationDraft::new(target, amount.to_string())] });
            }
        } else if roll < 16 {
            // An overpayment left unapplied, then refunded.
            let draft = PaymentDraft { customer_id: customer.clone(), date: recent(rng), amount: "750".to_string(), ..PaymentDraft::default() };
            let Some(payment) = run(ledger, Command::SavePayment(draft)) else { continue };
            run(ledger, Command::Release(payment.id));
            let refund = PaymentDraft {
                doc_type: DocType::Refund,
                customer_id: customer.clone(),
                date: today.to_string(),
                amount: "750".to_string(),
                applications: vec![ApplicationDraft::new(payment.id, "750".to_string())],
                ..PaymentDraft::default()
            };
            if let Some(refund) = run(ledger, Command::SavePayment(refund)) {
                run(ledger, Command::Release(refund.id));
            }
        }
    }
    // Two payments voided (bounced), and a few documents of each kind left unreleased.
    let closed_payments: Vec<DocId> =
        ledger.documents.values().filter(|d| d.doc_type == DocType::Payment && d.status == DocStatus::Closed).map(|d| d.id).take(200).collect();
    for _ in 0..2 {
        if !closed_payments.is_empty() {
            let id = closed_payments[rng.below(closed_payments.len() as u64) as usize];
            run(ledger, Command::VoidPayment(id));
        }
    }
    for (n, customer) in customer_ids.iter().take(3).enumerate() {
        let draft = InvoiceDraft {
            doc_type: DocType::INVOICE_LIKE[n % 3 + 1],
            customer_id: customer.clone(),
            date: today.to_string(),
            hold: n == 0,
            lines: one_line("Draft", Decimal::from(100)),
            ..InvoiceDraft::default()
        };
        run(ledger, Command::SaveInvoice(draft));
        let payment = PaymentDraft {
            doc_type: DocType::PAYMENT_LIKE[n % 2],
            customer_id: customer.clone(),
            date: today.to_string(),
            amount: "100".to_string(),
            hold: n == 1,
            ..PaymentDraft::default()
        };
        run(ledger, Command::SavePayment(payment));
    }
}

/// Adds `n` recorded (Balanced) invoices dated `today` for the customers who may be
/// invoiced, for exercising mass release. Returns how many were added.
pub fn add_unreleased_invoices(ledger: &mut Ledger, n: usize, today: NaiveDate) -> usize {
    let customers: Vec<String> = ledger.customers.values().filter(|c| c.status.allows(DocType::Invoice)).map(|c| c.id.clone()).collect();
    if customers.is_empty() {
        return 0;
    }
    let mut added = 0;
    for k in 0..n {
        let (description, price_cents, vat) = ITEMS[k % ITEMS.len()];
        let draft = InvoiceDraft {
            customer_id: customers[k % customers.len()].clone(),
            date: today.to_string(),
            lines: vec![LineDraft {
                description: description.to_string(),
                quantity: (1 + k % 5).to_string(),
                unit_price: Decimal::new(price_cents, 2).to_string(),
                discount_pct: String::new(),
                vat_category: vat.to_string(),
            }],
            ..InvoiceDraft::default()
        };
        if let Ok(change) = execute(ledger, &Command::SaveInvoice(draft), today) {
            ledger.apply(&change);
            added += 1;
        }
    }
    added
}

/// What mailings need (issue "mailings"): a default email account; Key accounts email
/// their invoices to the billing contact with a Bcc to the account manager, and their
/// dunning letters likewise; every seventh Domestic customer gets invoices by email too,
/// in HTML to the billing contact and PDF to its contact (non-ASCII names), and not on
/// paper; the others keep printed invoices. One Key account has no usable recipient.
fn add_mailings(ledger: &mut Ledger, customer_ids: &[String]) {
    use crate::customers::mailing::{ContactType, MailFormat, Mailing, Recipient, RecipientRole};
    use crate::ledger::Record;
    let mut settings = ledger.settings.clone();
    settings.email_accounts = vec![crate::settings::EmailAccount {
        id: "INVOICING".into(),
        sender_name: "Nordlys Demo AS – Faktura".into(),
        sender_address: "faktura@nordlysdemo.no".into(),
        is_default: true,
    }];
    let mut puts = crate::ledger::settings_puts(&ledger.settings, &settings);
    let recipient = |contact_type, contact: &str, email: &str, role, format| Recipient {
        contact_type,
        contact: contact.into(),
        email: email.into(),
        format,
        active: true,
        role,
    };
    let manager = || recipient(ContactType::Employee, "Kari Selger", "kari.selger@nordlysdemo.no", RecipientRole::Bcc, None);
    if let Some(key) = ledger.classes.get("KEY") {
        let mut class = key.clone();
        for m in class.mailings.iter_mut().filter(|m| m.id == "INVOICE" || m.id == "DUNNINGLETTER") {
            m.recipients.push(manager());
        }
        puts.push(Record::Class(class));
    }
    let mut key_without_recipient = true;
    for (n, id) in customer_ids.iter().enumerate() {
        let Some(customer) = ledger.customers.get(id) else { continue };
        let mut c = customer.clone();
        if c.class_id == "KEY" && key_without_recipient && n > 0 {
            // Its only recipient is a contact without an address.
            key_without_recipient = false;
            c.contacts.push(crate::customers::customer::Contact { number: 99, name: "Ola Uten-Epost".into(), active: true, ..Default::default() });
            let invoice = Mailing { id: "INVOICE".into(), ..Default::default() };
            let of_class = ledger.classes.get("KEY").and_then(|k| k.mailings.iter().find(|m| m.id == "INVOICE")).cloned().unwrap_or(invoice);
            c.mailings = vec![Mailing { overridden: true, recipients: vec![recipient(ContactType::Contact, "99", "", RecipientRole::To, None)], ..of_class }];
        } else if c.class_id == "DOMESTIC" && n % 7 == 3 {
            c.print_email.email_invoices = true;
            c.print_email.print_invoices = false;
            if let Some(contact) = c.contacts.first_mut() {
                contact.name = ["Åse Ødegård", "Bjørn Ærø", "山田 太郎"][n % 3].to_string();
            }
            let number = c.contacts.first().map(|k| k.number.to_string()).unwrap_or_default();
            let base = ledger.classes.get("DOMESTIC").and_then(|k| k.mailings.iter().find(|m| m.id == "INVOICE")).cloned().unwrap_or_default();
            c.mailings = vec![Mailing {
                overridden: true,
                recipients: vec![
                    recipient(ContactType::Billing, "", "", RecipientRole::To, Some(MailFormat::Html)),
                    recipient(ContactType::Contact, &number, "", RecipientRole::To, Some(MailFormat::Pdf)),
                ],
                ..base
            }];
        } else {
            continue;
        }
        puts.push(Record::Customer(c));
    }
    ledger.apply(&Change { puts, deletes: vec![] });
}
