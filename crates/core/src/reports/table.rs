//! Tabular reports as printouts and spreadsheets (SPEC R8, R9): the ageing reports,
//! customer statements and dunning letters described once as a [`TableReport`] —
//! title, company, header lines, sections of typed rows, totals — which the render
//! worker (crate `reskontra-render`: `table_pdf`, `table_xlsx`) writes as an A4 PDF or
//! an Excel workbook, posted as `RenderJob::{TablePdf, TableXlsx}`.
//!
//! Cells are typed ([`Cell`]): amounts stay `Decimal` (rounded to their currency's
//! decimals by `Money`, never floats), so the workbook gets numbers and dates, and the
//! PDF prints them through the one number format ([`TableReport::text`]). The words
//! are English, as `statement_html` and `dunning_html` write them; dates are ISO 8601.
//!
//! Architecture Invariant: a builder only re-arranges the figures of its report
//! (`ageing_report`, `statement`, `prepare_dunning`); it adds nothing up itself, so a
//! printout shows exactly the totals the window and the CSV show.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::base::number::NumberFormat;
use crate::customers::customer::StatementType;
use crate::reports::ageing::{AgeingKind, AgeingReport, CycleAgeing};
use crate::reports::dunning::DunningLetter;
use crate::reports::rows::Money;
use crate::reports::statement::Statement;

/// What a column holds, and so how it is aligned and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ColumnKind {
    Text,
    Date,
    Amount,
    Integer,
}

impl ColumnKind {
    /// Amounts and integers are right-aligned.
    pub fn right_aligned(self) -> bool {
        matches!(self, ColumnKind::Amount | ColumnKind::Integer)
    }
}

/// A column: its title and kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub title: String,
    pub kind: ColumnKind,
}

impl Column {
    pub fn new(title: &str, kind: ColumnKind) -> Column {
        Column { title: title.to_string(), kind }
    }
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cell {
    Text(String),
    Date(NaiveDate),
    /// Already rounded to its currency's decimals (its scale is the decimals shown).
    Amount(Decimal),
    Int(i64),
    Empty,
}

impl Cell {
    fn money(m: &Money) -> Cell {
        Cell::Amount(m.amount)
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn date(d: Option<NaiveDate>) -> Cell {
        d.map_or(Cell::Empty, Cell::Date)
    }
}

/// A line above the table: "Ageing date  2026-03-31". A line with an empty label
/// continues the one above (an address).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderLine {
    pub label: String,
    pub value: String,
}

impl HeaderLine {
    pub fn new(label: &str, value: impl Into<String>) -> HeaderLine {
        HeaderLine { label: label.to_string(), value: value.into() }
    }
}

/// A total (or opening) row: `label` is printed across the row's leading empty cells,
/// the cells under their columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotalRow {
    pub label: String,
    /// One per column of the section (or, for grand totals, of the report).
    pub cells: Vec<Cell>,
    /// Printed bold with a rule above (a total); otherwise plain (a balance beside it).
    pub strong: bool,
}

/// A part of the table: a customer, a currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub heading: Option<String>,
    /// This section's own columns when they differ from the report's (an ageing cycle
    /// with other ageing periods); `None`: the report's.
    pub columns: Option<Vec<Column>>,
    /// Rows before the body ("Balance brought forward").
    pub opening: Vec<TotalRow>,
    /// One cell per column.
    pub rows: Vec<Vec<Cell>>,
    pub totals: Vec<TotalRow>,
}

/// A printable and exportable tabular report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableReport {
    pub title: String,
    pub company_name: String,
    pub header: Vec<HeaderLine>,
    /// Text between the header and the table (a letter's words, "Nothing is open").
    pub paragraphs: Vec<String>,
    pub columns: Vec<Column>,
    pub sections: Vec<Section>,
    /// After the last section, in the report's columns.
    pub grand_totals: Vec<TotalRow>,
    /// How amounts and integers print in the PDF.
    pub numbers: NumberFormat,
}

impl TableReport {
    /// The columns of `section`.
    pub fn columns_of<'a>(&'a self, section: &'a Section) -> &'a [Column] {
        section.columns.as_deref().unwrap_or(&self.columns)
    }

    /// A cell as printed: amounts with their own decimals in the report's number
    /// format ("1 234,50", "1,234.50"), integers grouped, dates ISO 8601.
    pub fn text(&self, cell: &Cell) -> String {
        match cell {
            Cell::Text(s) => s.clone(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Amount(a) => self.numbers.amount(*a, a.scale()),
            Cell::Int(i) => self.numbers.decimal(Decimal::from(*i)),
            Cell::Empty => String::new(),
        }
    }

    /// The number of body rows of every section.
    pub fn row_count(&self) -> usize {
        self.sections.iter().map(|s| s.rows.len()).sum()
    }

    /// Every text the report prints apart from numbers and dates, for a writer that
    /// must know which characters it needs fonts for.
    pub fn texts(&self) -> Vec<&str> {
        let mut texts: Vec<&str> = vec![&self.title, &self.company_name];
        texts.extend(self.header.iter().flat_map(|h| [h.label.as_str(), h.value.as_str()]));
        texts.extend(self.paragraphs.iter().map(String::as_str));
        texts.extend(self.columns.iter().map(|c| c.title.as_str()));
        for section in &self.sections {
            texts.extend(section.heading.as_deref());
            texts.extend(section.columns.iter().flatten().map(|c| c.title.as_str()));
            for total in section.opening.iter().chain(&section.totals) {
                texts.push(&total.label);
                texts.extend(cell_texts(&total.cells));
            }
            for row in &section.rows {
                texts.extend(cell_texts(row));
            }
        }
        for total in &self.grand_totals {
            texts.push(&total.label);
            texts.extend(cell_texts(&total.cells));
        }
        texts
    }
}

/// The texts among `cells`.
fn cell_texts(cells: &[Cell]) -> impl Iterator<Item = &str> {
    cells.iter().filter_map(|c| if let Cell::Text(s) = c { Some(s.as_str()) } else { None })
}

/// A total row of `width` cells with `values` at their columns.
fn total_row(label: String, width: usize, values: &[(usize, Cell)], strong: bool) -> TotalRow {
    let mut cells = vec![Cell::Empty; width];
    for (i, value) in values {
        if let Some(c) = cells.get_mut(*i) {
            *c = value.clone();
        }
    }
    TotalRow { label, cells, strong }
}

/// The leading columns of the ageing table, before the bucket titles.
const AGEING_LEAD: [(&str, ColumnKind); 6] = [
    ("Customer", ColumnKind::Text),
    ("Type", ColumnKind::Text),
    ("Ref.", ColumnKind::Text),
    ("Date", ColumnKind::Date),
    ("Due date", ColumnKind::Date),
    ("Days", ColumnKind::Integer),
];

fn ageing_columns(titles: &[String]) -> Vec<Column> {
    let mut columns: Vec<Column> = AGEING_LEAD.iter().map(|(t, k)| Column::new(t, *k)).collect();
    columns.extend(titles.iter().map(|t| Column::new(t, ColumnKind::Amount)));
    columns.push(Column::new("Total", ColumnKind::Amount));
    columns
}

/// Cells for the bucket columns and Total of an ageing table.
fn bucket_cells(amounts: &[Money], total: &Money) -> Vec<(usize, Cell)> {
    let lead = AGEING_LEAD.len();
    let mut cells: Vec<(usize, Cell)> = amounts.iter().enumerate().map(|(i, m)| (lead + i, Cell::money(m))).collect();
    cells.push((lead + amounts.len(), Cell::money(total)));
    cells
}

/// An ageing report (`reports::ageing::ageing_report`) as a table: a section per
/// customer (and currency, in the currency version) headed by its id and name, one
/// row per open document (customer, type, ref., date, due date, days, its amount under
/// its bucket, Total), then the customer's Total (per bucket) and Balance; with more
/// than one statement cycle, each cycle's totals after its last customer (a cycle with
/// other ageing periods has its own column titles). The grand totals per currency
/// (per bucket when every cycle has the same periods), then the sum of the customers'
/// balances they reconcile to, as the window shows them side by side.
pub fn ageing_table(report: &AgeingReport, company_name: &str, numbers: NumberFormat) -> TableReport {
    let first_titles = report.cycles.first().map(|c| c.titles.clone()).unwrap_or_else(|| report.kind.titles(&[30, 60, 90]));
    let columns = ageing_columns(&first_titles);
    let several_cycles = report.cycles.len() > 1;
    let mut sections = Vec::new();
    for cycle in &report.cycles {
        let own = (cycle.titles != first_titles).then(|| ageing_columns(&cycle.titles));
        let width = cycle.titles.len() + AGEING_LEAD.len() + 1;
        for group in &cycle.customers {
            let mut heading = format!("{} {}", group.customer_id, group.customer_name);
            if report.currency_version {
                heading.push_str(&format!(" · {}", group.currency));
            }
            if several_cycles {
                heading.push_str(&format!(" · {}", cycle_name(cycle)));
            }
            let rows = group
                .rows
                .iter()
                .map(|row| {
                    let mut cells = vec![
                        Cell::text(&group.customer_id),
                        Cell::text(row.doc_type.label()),
                        Cell::text(&row.ref_nbr),
                        Cell::Date(row.date),
                        Cell::date(row.due_date),
                        Cell::Int(row.days),
                    ];
                    cells.extend(cycle.titles.iter().enumerate().map(|(i, _)| if i == row.bucket { Cell::money(&row.amount) } else { Cell::Empty }));
                    cells.push(Cell::money(&row.amount));
                    cells
                })
                .collect();
            let totals = vec![
                total_row(format!("Total {}", group.customer_id), width, &bucket_cells(&group.buckets, &group.total), true),
                total_row(format!("Balance {}", group.customer_id), width, &[(width - 1, Cell::money(&group.balance))], false),
            ];
            sections.push(Section { heading: Some(heading), columns: own.clone(), opening: Vec::new(), rows, totals });
        }
        if several_cycles {
            if let Some(last) = sections.last_mut() {
                for t in &cycle.totals {
                    last.totals.push(total_row(format!("Total {} {}", cycle_name(cycle), t.currency), width, &bucket_cells(&t.amounts, &t.total), true));
                }
            }
        }
    }
    let width = columns.len();
    let same_periods = report.cycles.windows(2).all(|w| w[0].titles == w[1].titles);
    let mut grand_totals = Vec::new();
    if same_periods {
        for t in report.chart() {
            grand_totals.push(total_row(format!("Report total {}", t.currency), width, &bucket_cells(&t.amounts, &t.total), true));
        }
    } else {
        for t in &report.totals {
            grand_totals.push(total_row(format!("Report total {}", t.currency), width, &[(width - 1, Cell::money(t))], true));
        }
    }
    for b in &report.balances {
        grand_totals.push(total_row(format!("Sum of balances {}", b.currency), width, &[(width - 1, Cell::money(b))], false));
    }
    let date_label = if report.kind == AgeingKind::PeriodSensitive { "Period end" } else { "Ageing date" };
    let header = vec![
        HeaderLine::new(date_label, report.as_of.format("%Y-%m-%d").to_string()),
        HeaderLine::new("Amounts in", if report.currency_version { "Document currencies" } else { "Base currency" }),
        HeaderLine::new("Age credits", if report.age_credits { "Yes" } else { "No" }),
    ];
    let paragraphs = if report.cycles.is_empty() { vec!["No open documents at this date.".to_string()] } else { Vec::new() };
    TableReport { title: report.kind.label().to_string(), company_name: company_name.to_string(), header, paragraphs, columns, sections, grand_totals, numbers }
}

fn cycle_name(cycle: &CycleAgeing) -> String {
    if cycle.cycle_id.is_empty() {
        cycle.description.clone()
    } else {
        format!("cycle {}", cycle.cycle_id)
    }
}

/// A customer's statement (`reports::statement::statement`) as a table: a section per
/// currency; each line with its date, (the child's customer id on a consolidated
/// statement,) description, ref., due date, (Open item: the ageing column,) and signed
/// amount. Balance brought forward opens each section with the balance at the previous
/// statement; each ends with its closing balance and, for Open item, the closing
/// broken down by ageing column.
pub fn statement_table(statement: &Statement, numbers: NumberFormat) -> TableReport {
    let consolidated = statement.customers.len() > 1;
    let open_item = statement.statement_type == StatementType::OpenItem;
    let mut columns = vec![Column::new("Date", ColumnKind::Date)];
    if consolidated {
        columns.push(Column::new("Customer", ColumnKind::Text));
    }
    columns.extend([Column::new("Description", ColumnKind::Text), Column::new("Ref.", ColumnKind::Text), Column::new("Due date", ColumnKind::Date)]);
    if open_item {
        columns.push(Column::new("Ageing", ColumnKind::Text));
    }
    columns.push(Column::new("Amount", ColumnKind::Amount));
    let width = columns.len();
    let amount_at = width - 1;
    let sections = statement
        .sections
        .iter()
        .map(|section| {
            let opening = if open_item {
                Vec::new()
            } else {
                vec![total_row("Balance brought forward".to_string(), width, &[(amount_at, Cell::money(&section.opening))], false)]
            };
            let rows = section
                .lines
                .iter()
                .map(|l| {
                    let mut cells = vec![Cell::Date(l.date)];
                    if consolidated {
                        cells.push(Cell::text(&l.customer_id));
                    }
                    cells.extend([Cell::text(&l.description), Cell::text(&l.ref_nbr), Cell::date(l.due_date)]);
                    if open_item {
                        cells.push(Cell::text(&l.ageing));
                    }
                    cells.push(Cell::money(&l.amount));
                    cells
                })
                .collect();
            let mut totals = vec![total_row(format!("Closing balance {}", section.currency), width, &[(amount_at, Cell::money(&section.closing))], true)];
            for (title, amount) in statement.titles.iter().zip(&section.ageing) {
                totals.push(total_row(format!("Ageing {title}"), width, &[(amount_at, Cell::money(amount))], false));
            }
            Section { heading: Some(format!("Currency {}", section.currency)), columns: None, opening, rows, totals }
        })
        .collect();
    let mut header = vec![HeaderLine::new("Customer", format!("{} ({})", statement.customer_name, statement.customer_id))];
    header.extend(statement.address.iter().map(|a| HeaderLine::new("", a.clone())));
    header.push(HeaderLine::new("Statement date", statement.date.format("%Y-%m-%d").to_string()));
    header.push(HeaderLine::new("Statement type", statement.statement_type.label()));
    if let Some(p) = statement.previous_date {
        header.push(HeaderLine::new("Since", p.format("%Y-%m-%d").to_string()));
    }
    if !statement.cycle_id.is_empty() {
        header.push(HeaderLine::new("Statement cycle", statement.cycle_id.clone()));
    }
    if consolidated {
        header.push(HeaderLine::new("Customers", statement.customers.join(", ")));
    }
    let paragraphs = if statement.sections.is_empty() { vec!["Nothing to state at this date.".to_string()] } else { Vec::new() };
    TableReport {
        title: "Statement".to_string(),
        company_name: statement.company_name.clone(),
        header,
        paragraphs,
        columns,
        sections,
        grand_totals: Vec::new(),
        numbers,
    }
}

/// A dunning letter (`reports::dunning::prepare_dunning`) as a table: its level, the
/// words of `dunning_html`, one row per overdue document (type, ref., date, due date,
/// days overdue, level, currency, signed balance in its currency) and the total in
/// base currency.
pub fn dunning_table(letter: &DunningLetter, numbers: NumberFormat) -> TableReport {
    let columns = vec![
        Column::new("Type", ColumnKind::Text),
        Column::new("Ref.", ColumnKind::Text),
        Column::new("Date", ColumnKind::Date),
        Column::new("Due date", ColumnKind::Date),
        Column::new("Days overdue", ColumnKind::Integer),
        Column::new("Level", ColumnKind::Integer),
        Column::new("Currency", ColumnKind::Text),
        Column::new("Balance", ColumnKind::Amount),
    ];
    let width = columns.len();
    let rows = letter
        .documents
        .iter()
        .map(|d| {
            vec![
                Cell::text(d.doc_type.label()),
                Cell::text(&d.ref_nbr),
                Cell::Date(d.date),
                Cell::Date(d.due_date),
                Cell::Int(d.days_overdue),
                Cell::Int(i64::from(d.level)),
                Cell::text(&d.balance.currency),
                Cell::money(&d.balance),
            ]
        })
        .collect();
    let totals = vec![total_row(format!("Total {}", letter.total.currency), width, &[(width - 1, Cell::money(&letter.total))], true)];
    let mut header = vec![HeaderLine::new("Customer", format!("{} ({})", letter.customer_name, letter.customer_id))];
    header.extend(letter.address.iter().map(|a| HeaderLine::new("", a.clone())));
    header.push(HeaderLine::new("Date", letter.date.format("%Y-%m-%d").to_string()));
    header.push(HeaderLine::new("Dunning level", letter.level.to_string()));
    let paragraphs =
        vec!["According to our records the following documents are overdue. Please pay them, or let us know if you have already done so.".to_string()];
    TableReport {
        title: format!("Reminder, level {}", letter.level),
        company_name: letter.company_name.clone(),
        header,
        paragraphs,
        columns,
        sections: vec![Section { heading: None, columns: None, opening: Vec::new(), rows, totals }],
        grand_totals: Vec::new(),
        numbers,
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;
    use crate::documents::document::{DocId, DocType};
    use crate::reports::ageing::{AgeingRow, BucketTotals, CustomerAgeing};
    use crate::reports::dunning::DunningDocument;
    use crate::reports::statement::{StatementDelivery, StatementLine, StatementSection};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).expect("a date")
    }

    fn nok(amount: Decimal) -> Money {
        Money { amount, currency: "NOK".into() }
    }

    fn row(id: u32, ref_nbr: &str, bucket: usize, days: i64, amount: Decimal) -> AgeingRow {
        AgeingRow {
            id: DocId(id),
            doc_type: DocType::Invoice,
            ref_nbr: ref_nbr.into(),
            date: day(1),
            due_date: Some(day(2)),
            days,
            bucket,
            amount: nok(amount),
        }
    }

    fn cycle(id: &str, titles: &[&str], customers: Vec<CustomerAgeing>) -> CycleAgeing {
        let titles: Vec<String> = titles.iter().map(|t| t.to_string()).collect();
        let mut amounts: Vec<Money> = titles.iter().map(|_| nok(Decimal::ZERO)).collect();
        let mut total = Decimal::ZERO;
        for c in &customers {
            for (a, b) in amounts.iter_mut().zip(&c.buckets) {
                a.amount += b.amount;
            }
            total += c.total.amount;
        }
        CycleAgeing {
            cycle_id: id.into(),
            description: format!("Cycle {id}"),
            boundaries: vec![30],
            titles: titles.clone(),
            customers,
            totals: vec![BucketTotals { currency: "NOK".into(), titles, amounts, total: nok(total) }],
        }
    }

    fn customer(id: &str, rows: Vec<AgeingRow>, buckets: usize) -> CustomerAgeing {
        let mut sums: Vec<Money> = (0..buckets).map(|_| nok(Decimal::ZERO)).collect();
        for r in &rows {
            sums[r.bucket].amount += r.amount.amount;
        }
        let total: Decimal = rows.iter().map(|r| r.amount.amount).sum();
        CustomerAgeing {
            customer_id: id.into(),
            customer_name: format!("{id} AS"),
            currency: "NOK".into(),
            rows,
            buckets: sums,
            total: nok(total),
            balance: nok(total),
        }
    }

    fn ageing(cycles: Vec<CycleAgeing>) -> AgeingReport {
        let total: Decimal = cycles.iter().flat_map(|c| &c.customers).map(|c| c.total.amount).sum();
        AgeingReport {
            kind: AgeingKind::PastDue,
            as_of: day(31),
            age_credits: false,
            currency_version: false,
            cycles,
            totals: vec![nok(total)],
            balances: vec![nok(total)],
        }
    }

    #[test]
    fn an_ageing_row_has_its_amount_under_its_bucket_and_in_total() {
        let c = customer("C1", vec![row(1, "INV1", 0, -1, dec!(100.00)), row(2, "INV2", 2, 45, dec!(250.50))], 3);
        let report = ageing(vec![cycle("M", &["Current", "1-30", "Over 30"], vec![c])]);
        let table = ageing_table(&report, "Nord AS", NumberFormat::Nordic);
        assert_eq!(table.title, "Aged past due");
        assert_eq!(table.company_name, "Nord AS");
        assert_eq!(table.header[0], HeaderLine::new("Ageing date", "2026-03-31"));
        let titles: Vec<&str> = table.columns.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["Customer", "Type", "Ref.", "Date", "Due date", "Days", "Current", "1-30", "Over 30", "Total"]);
        assert_eq!(table.sections.len(), 1);
        let section = &table.sections[0];
        assert_eq!(section.heading.as_deref(), Some("C1 C1 AS"));
        assert_eq!(section.rows[1][2], Cell::Text("INV2".into()));
        assert_eq!(section.rows[1][5], Cell::Int(45));
        assert_eq!(&section.rows[1][6..], &[Cell::Empty, Cell::Empty, Cell::Amount(dec!(250.50)), Cell::Amount(dec!(250.50))]);
        assert_eq!(section.totals[0].label, "Total C1");
        assert_eq!(&section.totals[0].cells[6..], &[Cell::Amount(dec!(100.00)), Cell::Amount(dec!(0)), Cell::Amount(dec!(250.50)), Cell::Amount(dec!(350.50))]);
        assert_eq!(section.totals[1].cells[9], Cell::Amount(dec!(350.50)), "the balance beside the total");
        let grand: Vec<&str> = table.grand_totals.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(grand, ["Report total NOK", "Sum of balances NOK"]);
        assert_eq!(table.grand_totals[0].cells[9], Cell::Amount(dec!(350.50)));
        assert_eq!(table.grand_totals[0].cells[8], Cell::Amount(dec!(250.50)));
        assert_eq!(table.text(&Cell::Amount(dec!(1234.50))), "1\u{a0}234,50");
        assert_eq!(table.text(&Cell::Date(day(2))), "2026-03-02");
        assert_eq!(table.text(&Cell::Int(-1234)), "-1\u{a0}234");
        assert_eq!(table.row_count(), 2);
    }

    #[test]
    fn ageing_cycles_with_other_periods_get_their_own_columns_and_cycle_totals() {
        let a = cycle("A", &["Current", "1-30", "Over 30"], vec![customer("C1", vec![row(1, "INV1", 1, 10, dec!(10.00))], 3)]);
        let b = cycle("B", &["Current", "Over 30"], vec![customer("C2", vec![row(2, "INV2", 1, 40, dec!(20.00))], 2)]);
        let table = ageing_table(&ageing(vec![a, b]), "Nord AS", NumberFormat::English);
        assert!(table.sections[0].columns.is_none());
        let own = table.sections[1].columns.as_ref().expect("cycle B's columns");
        assert_eq!(own.len(), 9);
        assert_eq!(own[7].title, "Over 30");
        assert_eq!(table.sections[1].heading.as_deref(), Some("C2 C2 AS · cycle B"));
        assert!(table.sections[0].totals.iter().any(|t| t.label == "Total cycle A NOK" && t.cells[9] == Cell::Amount(dec!(10.00))));
        assert!(table.sections[1].totals.iter().any(|t| t.label == "Total cycle B NOK" && t.cells[8] == Cell::Amount(dec!(20.00))));
        // Buckets do not line up across cycles: the grand total has only the total.
        let grand = &table.grand_totals[0];
        assert_eq!(grand.cells.iter().filter(|c| **c != Cell::Empty).count(), 1);
        assert_eq!(grand.cells[9], Cell::Amount(dec!(30.00)));
        assert_eq!(table.text(&grand.cells[9]), "30.00");
    }

    #[test]
    fn an_empty_ageing_report_says_so() {
        let table = ageing_table(&ageing(Vec::new()), "Nord AS", NumberFormat::English);
        assert!(table.sections.is_empty());
        assert_eq!(table.paragraphs, ["No open documents at this date."]);
    }

    fn statement_line(ref_nbr: &str, customer: &str, amount: Decimal, currency: &str, ageing: &str) -> StatementLine {
        StatementLine {
            date: day(3),
            doc: DocId(1),
            doc_type: DocType::Invoice,
            ref_nbr: ref_nbr.into(),
            customer_id: customer.into(),
            description: "Invoice".into(),
            due_date: Some(day(20)),
            ageing: ageing.into(),
            amount: Money { amount, currency: currency.into() },
        }
    }

    fn section(currency: &str, opening: Decimal, lines: Vec<StatementLine>, ageing: Vec<Decimal>) -> StatementSection {
        let money = |amount: Decimal| Money { amount, currency: currency.into() };
        let sum: Decimal = lines.iter().map(|l| l.amount.amount).sum();
        StatementSection {
            currency: currency.into(),
            opening: money(opening),
            debits: money(sum),
            credits: money(Decimal::ZERO),
            closing: money(opening + sum),
            lines,
            ageing: ageing.into_iter().map(money).collect(),
        }
    }

    fn statement(statement_type: StatementType, customers: &[&str], sections: Vec<StatementSection>) -> Statement {
        Statement {
            customer_id: "C1".into(),
            customer_name: "Ærlig Øl AS".into(),
            address: vec!["Bryggerigata 7".into(), "0150 Oslo".into()],
            company_name: "Nord AS".into(),
            company_address: Vec::new(),
            cycle_id: "M".into(),
            date: day(31),
            previous_date: (statement_type == StatementType::BalanceBroughtForward).then(|| day(1)),
            statement_type,
            mailing_id: "STATEMENTMC".into(),
            customers: customers.iter().map(|c| c.to_string()).collect(),
            titles: vec!["Current".into(), "1-30".into()],
            sections,
        }
    }

    #[test]
    fn an_open_item_statement_has_a_section_per_currency_with_closing_and_ageing() {
        let nok_section = section("NOK", Decimal::ZERO, vec![statement_line("INV1", "C1", dec!(100.00), "NOK", "Current")], vec![dec!(100.00), dec!(0.00)]);
        let eur_section = section("EUR", Decimal::ZERO, vec![statement_line("INV2", "C1", dec!(5.00), "EUR", "1-30")], vec![dec!(0.00), dec!(5.00)]);
        let table = statement_table(&statement(StatementType::OpenItem, &["C1"], vec![eur_section, nok_section]), NumberFormat::English);
        assert_eq!(table.title, "Statement");
        assert_eq!(table.company_name, "Nord AS");
        assert_eq!(table.header[0], HeaderLine::new("Customer", "Ærlig Øl AS (C1)"));
        assert_eq!(table.header[1], HeaderLine::new("", "Bryggerigata 7"));
        assert!(table.header.contains(&HeaderLine::new("Statement date", "2026-03-31")));
        assert!(table.header.contains(&HeaderLine::new("Statement type", "Open item")));
        let titles: Vec<&str> = table.columns.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["Date", "Description", "Ref.", "Due date", "Ageing", "Amount"]);
        let headings: Vec<Option<&str>> = table.sections.iter().map(|s| s.heading.as_deref()).collect();
        assert_eq!(headings, [Some("Currency EUR"), Some("Currency NOK")]);
        let eur = &table.sections[0];
        assert!(eur.opening.is_empty(), "open item has no balance brought forward");
        assert_eq!(
            eur.rows[0],
            [
                Cell::Date(day(3)),
                Cell::Text("Invoice".into()),
                Cell::Text("INV2".into()),
                Cell::Date(day(20)),
                Cell::Text("1-30".into()),
                Cell::Amount(dec!(5.00))
            ]
        );
        assert_eq!(eur.totals[0].label, "Closing balance EUR");
        assert_eq!(eur.totals[0].cells[5], Cell::Amount(dec!(5.00)));
        assert!(eur.totals[0].strong);
        assert_eq!(eur.totals[2].label, "Ageing 1-30");
        assert_eq!(eur.totals[2].cells[5], Cell::Amount(dec!(5.00)));
    }

    #[test]
    fn a_balance_brought_forward_statement_opens_with_the_previous_balance() {
        let s = section("NOK", dec!(40.00), vec![statement_line("INV9", "C2", dec!(60.00), "NOK", "")], Vec::new());
        let table = statement_table(&statement(StatementType::BalanceBroughtForward, &["C1", "C2"], vec![s]), NumberFormat::English);
        let titles: Vec<&str> = table.columns.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["Date", "Customer", "Description", "Ref.", "Due date", "Amount"], "a consolidated statement names each line's customer");
        assert!(table.header.contains(&HeaderLine::new("Since", "2026-03-01")));
        let section = &table.sections[0];
        assert_eq!(section.opening[0].label, "Balance brought forward");
        assert_eq!(section.opening[0].cells[5], Cell::Amount(dec!(40.00)));
        assert_eq!(section.rows[0][1], Cell::Text("C2".into()));
        assert_eq!(section.totals.len(), 1, "no ageing lines");
        assert_eq!(section.totals[0].cells[5], Cell::Amount(dec!(100.00)));
    }

    #[test]
    fn a_dunning_letter_lists_its_documents_level_and_total() {
        let doc = |ref_nbr: &str, days: i64, level: u32, amount: Decimal| DunningDocument {
            id: DocId(1),
            doc_type: DocType::Invoice,
            ref_nbr: ref_nbr.into(),
            date: day(1),
            due_date: day(2),
            days_overdue: days,
            level,
            previous_level: 0,
            balance: nok(amount),
            base_balance: nok(amount),
        };
        let letter = DunningLetter {
            customer_id: "C1".into(),
            customer_name: "Ærlig Øl AS".into(),
            address: vec!["0150 Oslo".into()],
            company_name: "Nord AS".into(),
            date: day(31),
            level: 2,
            documents: vec![doc("INV1", 31, 2, dec!(1000.00)), doc("INV2", 16, 1, dec!(234.50))],
            total: nok(dec!(1234.50)),
            delivery: StatementDelivery { print: true, email: None },
        };
        let table = dunning_table(&letter, NumberFormat::Nordic);
        assert_eq!(table.title, "Reminder, level 2");
        assert!(table.header.contains(&HeaderLine::new("Dunning level", "2")));
        assert!(table.paragraphs[0].contains("overdue"));
        let section = &table.sections[0];
        assert_eq!(section.rows.len(), 2);
        assert_eq!(section.rows[0][1], Cell::Text("INV1".into()));
        assert_eq!(section.rows[0][4], Cell::Int(31));
        assert_eq!(section.rows[0][5], Cell::Int(2));
        assert_eq!(section.rows[1][7], Cell::Amount(dec!(234.50)));
        assert_eq!(section.totals[0].label, "Total NOK");
        assert_eq!(table.text(&section.totals[0].cells[7]), "1\u{a0}234,50");
    }

    #[test]
    fn a_table_report_goes_to_the_render_worker_as_json_and_back() {
        let table = dunning_table(
            &DunningLetter {
                customer_id: "C1".into(),
                customer_name: "株式会社 東京".into(),
                address: Vec::new(),
                company_name: "Nord AS".into(),
                date: day(31),
                level: 1,
                documents: Vec::new(),
                total: nok(dec!(0.00)),
                delivery: StatementDelivery { print: true, email: None },
            },
            NumberFormat::Nordic,
        );
        assert!(table.texts().contains(&"株式会社 東京 (C1)"));
        let job = crate::reports::invoice::RenderJob::TablePdf(Box::new(table));
        let json = serde_json::to_string(&job).expect("JSON");
        let back: crate::reports::invoice::RenderJob = serde_json::from_str(&json).expect("read back");
        assert_eq!(back, job);
    }
}
