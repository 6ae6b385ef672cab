//! reskontra: the command-line tool over a Reskontra backup file.
//!
//! Every error ends the run with one line on stderr (`reskontra: <message>`) and
//! exit code 2; when the core refuses a command (`apply`, `void`), each problem it
//! found gets such a line. Output files are written to a temporary file beside the
//! target and renamed into place only when complete, so a failed run leaves no partial file.

mod ageing;
mod mail;
mod schedule;

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use reskontra_core::base::money::{format_amount, round_to_minor_units};
use reskontra_core::base::search::Search;
use reskontra_core::command::{ApplicationDraft, InvoiceDraft, PaymentDraft};
use reskontra_core::documents::auto_apply::discount_for_amount;
use reskontra_core::documents::document::{DocId, DocStatus, DocType, Document};
use reskontra_core::ledger::backup::{from_json, to_json};
use reskontra_core::ledger::demo::{demo_ledger_with, DemoExtras, DemoSize};
use reskontra_core::ledger::invariants::check_ledger;
use reskontra_core::reports::rows;
use reskontra_core::NumberFormat;
use reskontra_core::{execute, release_many, Command, Ledger, Problem, Record};
use rust_decimal::Decimal;
use serde::Serialize;

/// The business date `demo` uses unless told otherwise. Fixed, never the clock,
/// so the same seed always gives a byte-identical file.
pub const DEFAULT_DEMO_TODAY: &str = "2026-06-30";

/// Exit code of every failure: bad arguments, unreadable or invalid input, write errors.
pub const EXIT_FAILURE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "reskontra",
    version,
    about = "Work with Reskontra backup files: make demo data, check, release, apply and void payments, list balances, documents and customers."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Cmd,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Write a deterministic demo ledger as a backup file.
    Demo {
        /// Seed of the demo data: the same seed gives the same file.
        #[arg(long)]
        seed: u64,
        /// Number of customers.
        #[arg(long)]
        customers: usize,
        /// Number of invoices.
        #[arg(long)]
        invoices: usize,
        /// Extra recorded (Balanced) invoices dated the business date, for mass release.
        #[arg(long, default_value_t = 0)]
        unreleased: usize,
        /// Percent (0-100) of the released invoices older than twenty days left open
        /// (a quarter of them half paid, the rest unpaid); the others are paid in full.
        /// Without it: 65 % paid, 15 % half paid, 20 % unpaid. For an ageing benchmark:
        /// `--customers 10000 --invoices 105000 --open-share 95` leaves about 100,000
        /// documents open.
        #[arg(long, value_parser = clap::value_parser!(u8).range(0..=100))]
        open_share: Option<u8>,
        /// Recurring schedules to add, half monthly, half weekly, each with one invoice
        /// as its template, starting a year before the business date with nothing
        /// generated (a year of missed occurrences: 1000 make about 32,000 documents
        /// in a ranged run up to the business date).
        #[arg(long, default_value_t = 0)]
        schedules: usize,
        /// Business date of the demo ledger (YYYY-MM-DD).
        #[arg(long, default_value = DEFAULT_DEMO_TODAY)]
        today: NaiveDate,
        /// Output file; `-` is standard output.
        #[arg(short = 'o', long = "output")]
        output: String,
    },
    /// Read a backup, check every ledger rule and print what it holds.
    Check {
        /// Backup file; `-` is standard input.
        ledger: String,
    },
    /// Release documents and write the changed ledger.
    Release {
        /// Backup file; `-` is standard input.
        ledger: String,
        /// Release every Balanced document (the only selection so far).
        #[arg(long, required = true)]
        all: bool,
        /// Release date when the ledger has no business date of its own (YYYY-MM-DD).
        #[arg(long)]
        today: Option<NaiveDate>,
        /// Output file; `-` is standard output.
        #[arg(short = 'o', long = "output")]
        output: String,
    },
    /// List every customer's balances in base currency (the prepayment balance with a minus sign, R5.2).
    Balances {
        /// Backup file; `-` is standard input.
        ledger: String,
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// Output file; `-` (the default) is standard output.
        #[arg(short = 'o', long = "output", default_value = "-")]
        output: String,
    },
    /// The journal: one balanced entry per release, in base currency.
    Journal {
        /// Backup file; `-` is standard input.
        ledger: String,
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// Output file; `-` (the default) is standard output.
        #[arg(short = 'o', long = "output", default_value = "-")]
        output: String,
    },
    /// List the customers, filtered as the customer list window's search does.
    Customers {
        /// Backup file; `-` is standard input.
        ledger: String,
        /// Keep the customers whose COLUMN matches TEXT: every space-separated term must be
        /// contained, `%` is a wildcard inside a term, case is ignored. Repeat to narrow down;
        /// COLUMN is one of customer, name, class, status, city, country, email, balance.
        #[arg(long = "search", value_name = "COLUMN=TEXT")]
        search: Vec<String>,
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// Output file; `-` (the default) is standard output.
        #[arg(short = 'o', long = "output", default_value = "-")]
        output: String,
    },
    /// Apply a payment, prepayment or credit note to invoices, debit notes and overdue
    /// charges and write the changed ledger. An unreleased credit gets the applications
    /// as planned ones. A parent customer's credit may go to the documents of its children
    /// with Consolidate balance.
    Apply {
        /// Backup file; `-` is standard input.
        ledger: String,
        /// The credit applied: a payment, prepayment or credit note number (looked up in that order).
        #[arg(long, value_name = "REF")]
        payment: String,
        /// An invoice, debit note or overdue charge number (looked up in that order) and the
        /// amount to apply to it, as typed. Repeat for several documents.
        #[arg(long = "to", value_name = "REF=AMOUNT", required = true)]
        to: Vec<String>,
        /// Also take the cash discount of each document whose cash-discount date is on or
        /// after the payment's date: what its terms give (less any discount already taken
        /// on it), at most what the amount leaves open. Payments and prepayments only; the
        /// discount settles the document on top of the amount applied.
        #[arg(long)]
        take_discount: bool,
        /// Business date when the ledger has none of its own (YYYY-MM-DD).
        #[arg(long)]
        today: Option<NaiveDate>,
        /// Output file; `-` is standard output.
        #[arg(short = 'o', long = "output")]
        output: String,
    },
    /// Void a released payment or prepayment with a Void payment and write the changed ledger.
    Void {
        /// Backup file; `-` is standard input.
        ledger: String,
        /// The payment or prepayment number (looked up in that order).
        #[arg(long, value_name = "REF")]
        payment: String,
        /// Business date when the ledger has none of its own (YYYY-MM-DD).
        #[arg(long)]
        today: Option<NaiveDate>,
        /// Output file; `-` is standard output.
        #[arg(short = 'o', long = "output")]
        output: String,
    },
    /// Calculate overdue charges on a date and write the changed ledger.
    OverdueCharges {
        /// Backup file; `-` is standard input.
        ledger: String,
        /// The date charges are calculated to (YYYY-MM-DD).
        #[arg(long)]
        date: NaiveDate,
        /// Only list what would be charged (CSV on standard output); write nothing.
        #[arg(long)]
        preview: bool,
        /// Output file; `-` is standard output.
        #[arg(short = 'o', long = "output", default_value = "-")]
        output: String,
    },
    /// Update credit hold: customers breaking their credit policy go on Credit hold,
    /// customers on Credit hold that meet it again become Active.
    CreditHold {
        /// Backup file; `-` is standard input.
        ledger: String,
        /// The date the policies are checked on (YYYY-MM-DD).
        #[arg(long)]
        date: NaiveDate,
        /// Only list what would change (CSV on standard output); write nothing.
        #[arg(long)]
        preview: bool,
        /// Output file; `-` is standard output.
        #[arg(short = 'o', long = "output", default_value = "-")]
        output: String,
    },
    /// Write off balances and credits under the customers' write-off limits.
    WriteOff {
        /// Backup file; `-` is standard input.
        ledger: String,
        /// The date of the write-off documents (YYYY-MM-DD).
        #[arg(long)]
        date: NaiveDate,
        /// A lower limit than the customers' own, in base currency.
        #[arg(long)]
        limit: Option<Decimal>,
        /// Only list what would be written off (CSV on standard output); write nothing.
        #[arg(long)]
        preview: bool,
        /// Output file; `-` is standard output.
        #[arg(short = 'o', long = "output", default_value = "-")]
        output: String,
    },
    /// List documents as the customer details window does: by default the released,
    /// Open ones, in date order. Balances are unsigned.
    Documents {
        /// Backup file; `-` is standard input.
        ledger: String,
        /// Only this customer's documents.
        #[arg(long, value_name = "CUSTOMER")]
        customer: Option<String>,
        /// Add the unreleased documents (On hold and Balanced).
        #[arg(long)]
        include_unreleased: bool,
        /// Add the Closed and Voided documents; with --include-unreleased, every document.
        #[arg(long)]
        all: bool,
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// Output file; `-` (the default) is standard output.
        #[arg(short = 'o', long = "output", default_value = "-")]
        output: String,
    },
    /// Emails: prepare (Send invoices), export as .eml, send through a relay.
    #[command(subcommand)]
    Mail(mail::MailCmd),
    /// Recurring documents: preview a recurrence, list missed occurrences, run schedules.
    #[command(subcommand)]
    Schedule(schedule::ScheduleCmd),
    /// Ageing reports (R8): aged past due, aged outstanding, aged period sensitive; one CSV row per open document.
    Ageing(ageing::AgeingArgs),
    /// Print statements for a statement cycle and date (R9.1): preview, or process and queue the emails.
    Statements(ageing::StatementsArgs),
    /// Dunning letters at a date (R9.2): preview, or process (record the levels) and queue the emails.
    Dunning(ageing::DunningArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

/// The columns of `balances --format csv`, also the keys of the JSON objects.
pub const CSV_HEADER: [&str; 4] = ["customer", "balance", "prepayment_balance", "unreleased_balance"];

/// Columns of `journal` (amounts in base currency).
pub const JOURNAL_HEADER: [&str; 6] = ["entry", "date", "document", "account", "debit", "credit"];

/// One row of `journal`, amounts as plain strings.
#[derive(Debug, Serialize)]
pub struct JournalCsvRow {
    pub entry: String,
    pub date: String,
    pub document: String,
    pub account: String,
    pub debit: String,
    pub credit: String,
}

/// One row of `balances`: amounts as plain decimal strings in base currency.
#[derive(Debug, Serialize)]
pub struct BalanceRow {
    pub customer: String,
    pub balance: String,
    /// Shown with a minus sign (R5.2): `Balances::displayed_prepayment_balance`.
    pub prepayment_balance: String,
    pub unreleased_balance: String,
}

/// One row per customer in customer-number order: the core's balance rows
/// (`reports::rows::balance_rows`), amounts with the base currency's decimals.
pub fn balance_rows(ledger: &Ledger) -> Vec<BalanceRow> {
    rows::balance_rows(ledger)
        .into_iter()
        .map(|r| BalanceRow {
            customer: r.customer_id,
            balance: r.balance.plain(),
            prepayment_balance: r.prepayment_balance.plain(),
            unreleased_balance: r.unreleased_balance.plain(),
        })
        .collect()
}

/// The columns of `customers --format csv`, also the keys of the JSON objects and
/// the COLUMN names of `--search COLUMN=TEXT`.
pub const CUSTOMER_HEADER: [&str; 8] = ["customer", "name", "class", "status", "city", "country", "email", "balance"];

/// One row of `customers`: every value as the text that is printed and searched.
#[derive(Debug, Serialize)]
pub struct CustomerRow {
    pub customer: String,
    pub name: String,
    pub class: String,
    pub status: String,
    pub city: String,
    pub country: String,
    pub email: String,
    pub balance: String,
}

impl CustomerRow {
    /// The values in [`CUSTOMER_HEADER`] order.
    pub fn fields(&self) -> [&str; 8] {
        [&self.customer, &self.name, &self.class, &self.status, &self.city, &self.country, &self.email, &self.balance]
    }
}

/// One `--search COLUMN=TEXT`: the column's index in [`CUSTOMER_HEADER`] and the prepared search.
#[derive(Debug)]
pub struct ColumnSearch {
    pub column: usize,
    pub search: Search,
}

/// Parses `COLUMN=TEXT`, split at the first `=`.
pub fn parse_column_search(arg: &str) -> Result<ColumnSearch, String> {
    let columns = CUSTOMER_HEADER.join(", ");
    let Some((name, text)) = arg.split_once('=') else {
        return Err(format!("--search {arg:?} is not COLUMN=TEXT; COLUMN is one of {columns}"));
    };
    let Some(column) = CUSTOMER_HEADER.iter().position(|c| *c == name) else {
        return Err(format!("--search {arg:?}: unknown column {name:?}; COLUMN is one of {columns}"));
    };
    Ok(ColumnSearch { column, search: Search::new(text) })
}

/// One row per customer in customer-number order whose values match every search:
/// the core's customer rows (`reports::rows::customer_rows`) as text.
pub fn customer_rows(ledger: &Ledger, searches: &[ColumnSearch]) -> Vec<CustomerRow> {
    rows::customer_rows(ledger)
        .into_iter()
        .map(|c| CustomerRow {
            customer: c.id,
            name: c.name,
            class: c.class_id,
            status: c.status.label().to_string(),
            city: c.city,
            country: c.country,
            email: c.email,
            balance: c.balance.plain(),
        })
        .filter(|row| {
            let fields = row.fields();
            searches.iter().all(|s| s.search.matches_lowercase(&fields[s.column].to_lowercase()))
        })
        .collect()
}

/// `-1234.5` → `-1234.50`: no group separators, and never a `-0.00`.
pub fn plain_amount(amount: Decimal, minor_units: u32) -> String {
    let rounded = round_to_minor_units(amount, minor_units);
    if rounded.is_zero() {
        round_to_minor_units(Decimal::ZERO, minor_units).to_string()
    } else {
        rounded.to_string()
    }
}

/// The columns of `documents --format csv`, also the keys of the JSON objects.
pub const DOCUMENT_HEADER: [&str; 10] = ["type", "ref", "customer", "status", "date", "due_date", "currency", "total", "balance", "base_balance"];

/// One row of `documents`: the core's report row (`reports::rows::DocumentRow`), its
/// amounts signed by the lists' one rule, in the document's currency and, for
/// base_balance, in base currency at the document's rate.
#[derive(Debug, Serialize)]
pub struct DocumentRow {
    #[serde(rename = "type")]
    pub doc_type: String,
    #[serde(rename = "ref")]
    pub ref_nbr: String,
    pub customer: String,
    pub status: String,
    pub date: String,
    pub due_date: String,
    pub currency: String,
    pub total: String,
    pub balance: String,
    pub base_balance: String,
}

/// The rows of `documents`: the Customer details inquiry of the core.
pub fn document_rows(ledger: &Ledger, customer: Option<&str>, include_unreleased: bool, all: bool) -> Vec<DocumentRow> {
    let docs = reskontra_core::reports::inquiry::customer_documents(ledger, customer, include_unreleased, all);
    rows::document_rows(ledger, &docs)
        .into_iter()
        .map(|r| DocumentRow {
            doc_type: r.doc_type.label().to_string(),
            ref_nbr: r.ref_nbr,
            customer: r.customer_id,
            status: r.status.label().to_string(),
            date: r.date.to_string(),
            due_date: r.due_date.map(|date| date.to_string()).unwrap_or_default(),
            currency: r.total.currency.clone(),
            total: r.total.plain(),
            balance: r.balance.plain(),
            base_balance: r.base_balance.plain(),
        })
        .collect()
}

/// Parses `--to REF=AMOUNT`, split at the first `=`; the amount stays as typed.
pub fn parse_target(arg: &str) -> Result<(String, String), String> {
    match arg.split_once('=') {
        Some((ref_nbr, amount)) if !ref_nbr.trim().is_empty() => Ok((ref_nbr.trim().to_string(), amount.to_string())),
        _ => Err(format!("--to {arg:?} is not REF=AMOUNT")),
    }
}

/// The first document numbered `ref_nbr` among `types`, tried in order; `what` names
/// them in the error, which also says what the number is if it is of another type.
fn find_document<'a>(ledger: &'a Ledger, types: &[DocType], ref_nbr: &str, what: &str) -> Result<&'a Document, String> {
    if let Some(doc) = types.iter().find_map(|t| ledger.document_by_ref(*t, ref_nbr)) {
        return Ok(doc);
    }
    let all_types = DocType::all();
    let others: Vec<String> = all_types
        .filter(|t| ledger.document_by_ref(*t, ref_nbr).is_some())
        .map(|t| {
            let label = t.label().to_lowercase();
            let article = if label.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
            format!("{article} {label}")
        })
        .collect();
    if others.is_empty() {
        Err(format!("no {what} {ref_nbr}"))
    } else {
        Err(format!("no {what} {ref_nbr} ({ref_nbr} is {})", others.join(" and ")))
    }
}

/// Why a run failed.
#[derive(Debug)]
enum Failure {
    /// One line: `reskontra: <message>`.
    Message(String),
    /// What the core refused a command for: one `reskontra: <field>: <message>` line each.
    Problems(Vec<Problem>),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Message(message)
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return clap_exit(err),
    };
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Message(message)) => fail(&message),
        Err(Failure::Problems(problems)) => fail_problems(&problems),
    }
}

/// Prints the one-line error and returns the failure exit code.
fn fail(message: &str) -> ExitCode {
    // Messages from serde or the OS are single lines, but make sure of it.
    let one_line = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let _ = writeln!(std::io::stderr(), "reskontra: {one_line}");
    ExitCode::from(EXIT_FAILURE)
}

/// Prints one line per problem (`<field>: <message>`, or the message alone for the
/// whole command) and returns the failure exit code.
fn fail_problems(problems: &[Problem]) -> ExitCode {
    if problems.is_empty() {
        return fail("the command was refused without a reason");
    }
    let mut stderr = std::io::stderr().lock();
    for problem in problems {
        let one_line = problem.to_string().split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = writeln!(stderr, "reskontra: {one_line}");
    }
    ExitCode::from(EXIT_FAILURE)
}

/// Help and version go out as clap writes them; usage errors become one line.
fn clap_exit(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(err.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand) {
        let _ = err.print();
        return if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand { ExitCode::from(EXIT_FAILURE) } else { ExitCode::SUCCESS };
    }
    // clap's text is "error: <what>\n\n[possible values …]\n\nUsage: …"; keep what is wrong and the hint.
    let text = err.render().to_string();
    let message: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("Usage:") && !line.starts_with("For more information"))
        .map(|line| line.strip_prefix("error: ").unwrap_or(line))
        .collect();
    fail(&message.join(" "))
}

fn run(command: Cmd) -> Result<(), Failure> {
    match command {
        Cmd::Demo { seed, customers, invoices, unreleased, open_share, schedules, today, output } => {
            Ok(demo(seed, DemoSize { customers, invoices }, DemoExtras { open_share, schedules }, unreleased, today, &output)?)
        }
        Cmd::Check { ledger } => Ok(check(&ledger)?),
        Cmd::Release { ledger, all: _, today, output } => Ok(release(&ledger, today, &output)?),
        Cmd::Balances { ledger, format, output } => Ok(balances(&ledger, format, &output)?),
        Cmd::Journal { ledger, format, output } => Ok(journal(&ledger, format, &output)?),
        Cmd::Customers { ledger, search, format, output } => Ok(customers(&ledger, &search, format, &output)?),
        Cmd::Apply { ledger, payment, to, take_discount, today, output } => apply(&ledger, &payment, &to, take_discount, today, &output),
        Cmd::Void { ledger, payment, today, output } => void(&ledger, &payment, today, &output),
        Cmd::OverdueCharges { ledger, date, preview, output } => overdue_charges(&ledger, date, preview, &output),
        Cmd::WriteOff { ledger, date, limit, preview, output } => write_offs(&ledger, date, limit, preview, &output),
        Cmd::CreditHold { ledger, date, preview, output } => credit_hold(&ledger, date, preview, &output),
        Cmd::Documents { ledger, customer, include_unreleased, all, format, output } => {
            Ok(documents(&ledger, customer.as_deref(), include_unreleased, all, format, &output)?)
        }
        Cmd::Mail(command) => mail::run(command),
        Cmd::Schedule(command) => schedule::run(command),
        Cmd::Ageing(args) => ageing::ageing(args),
        Cmd::Statements(args) => ageing::statements(args),
        Cmd::Dunning(args) => ageing::dunning(args),
    }
}

fn demo(seed: u64, size: DemoSize, extras: DemoExtras, unreleased: usize, today: NaiveDate, output: &str) -> Result<(), String> {
    let mut ledger = demo_ledger_with(seed, size, extras, today);
    reskontra_core::ledger::demo::add_unreleased_invoices(&mut ledger, unreleased, today);
    write_output(output, to_json(&ledger).as_bytes())?;
    let open = ledger.documents.values().filter(|d| d.status == DocStatus::Open).count();
    let mut summary = format!("wrote {}: {} customers, {} documents ({open} open)", output_name(output), ledger.customers.len(), ledger.documents.len());
    if !ledger.schedules.is_empty() {
        summary.push_str(&format!(", {} schedules", ledger.schedules.len()));
    }
    summary.push_str(&format!(", business date {today}\n"));
    report(output, &summary)
}

fn check(input: &str) -> Result<(), String> {
    let ledger = read_ledger(input)?;
    let mut text = String::new();
    text.push_str(&format!("{}: ok, every ledger rule holds\n", input_name(input)));
    text.push_str(&format!("company: {}\n", ledger.settings.company_name));
    let date = ledger.settings.business_date.map_or_else(|| "not set (the computer's date)".to_string(), |d| d.to_string());
    text.push_str(&format!("business date: {date}\n"));
    text.push_str(&format!("customers: {}\n", ledger.customers.len()));
    text.push_str(&format!("classes: {}\n", ledger.classes.len()));
    text.push_str(&format!("documents: {}\n", ledger.documents.len()));
    // Every type the ledger holds, in the order of the type list.
    let all_types = DocType::all();
    for doc_type in all_types.filter(|t| ledger.documents.values().any(|d| d.doc_type == *t)) {
        let of_type = || ledger.documents.values().filter(move |d| d.doc_type == doc_type);
        let per_status: Vec<String> = [
            DocStatus::OnHold,
            DocStatus::CreditHold,
            DocStatus::PendingPrint,
            DocStatus::PendingEmail,
            DocStatus::Balanced,
            DocStatus::Open,
            DocStatus::Closed,
            DocStatus::Voided,
            DocStatus::Scheduled,
        ]
        .into_iter()
        .map(|status| format!("{} {}", status.label(), of_type().filter(|d| d.status == status).count()))
        .collect();
        text.push_str(&format!("  {}: {} ({})\n", doc_type.label(), of_type().count(), per_status.join(", ")));
    }
    let base = ledger.settings.base();
    text.push_str(&format!("total open balance: {} {}\n", format_amount(ledger.total_open_balance(), base.minor_units), base.code));
    write_stdout(text.as_bytes())
}

/// The ledger's own business date wins; --today only fills in when it has none.
fn business_today(ledger: &Ledger, today_arg: Option<NaiveDate>, input: &str) -> Result<NaiveDate, String> {
    match (ledger.settings.business_date, today_arg) {
        (Some(date), _) => Ok(date),
        (None, Some(date)) => Ok(date),
        (None, None) => Err(format!("{} has no business date; pass --today YYYY-MM-DD", input_name(input))),
    }
}

fn release(input: &str, today_arg: Option<NaiveDate>, output: &str) -> Result<(), String> {
    let mut ledger = read_ledger(input)?;
    let today = business_today(&ledger, today_arg, input)?;
    let ids: Vec<DocId> = ledger.documents.values().filter(|d| d.status == DocStatus::Balanced).map(|d| d.id).collect();
    let (change, results) = release_many(&ledger, &ids, today);
    let mut text = String::new();
    let mut released = 0;
    let mut failed = 0;
    for result in &results {
        match &result.outcome {
            Ok(()) => released += 1,
            Err(reason) => {
                failed += 1;
                let name =
                    ledger.documents.get(&result.id).map_or_else(|| format!("document {}", result.id.0), |d| format!("{} {}", d.doc_type.label(), d.ref_nbr));
                text.push_str(&format!("{name}: {reason}\n"));
            }
        }
    }
    ledger.apply(&change);
    // The core guarantees this; checking again keeps a bug from ever reaching a file.
    if let Some(first) = check_ledger(&ledger).first() {
        return Err(format!("the released ledger breaks a rule, nothing written: {first}"));
    }
    write_output(output, to_json(&ledger).as_bytes())?;
    text.push_str(&format!("released {released}, failed {failed}\n"));
    report(output, &text)
}

/// Runs `command` through the core; applies the change when it is accepted.
fn commit(ledger: &mut Ledger, command: &Command, today: NaiveDate) -> Result<reskontra_core::Change, Failure> {
    let change = execute(ledger, command, today).map_err(Failure::Problems)?;
    ledger.apply(&change);
    // The core guarantees this; checking again keeps a bug from ever reaching a file.
    if let Some(first) = check_ledger(ledger).first() {
        return Err(Failure::Message(format!("the changed ledger breaks a rule, nothing written: {first}")));
    }
    Ok(change)
}

fn doc_name(doc: &Document) -> String {
    format!("{} {}", doc.doc_type.label(), doc.ref_nbr)
}

/// An amount of `doc`'s currency as `1234.50 EUR`.
fn doc_amount(ledger: &Ledger, doc: &Document, amount: Decimal) -> String {
    let units = ledger.settings.currency(&doc.currency).map_or(ledger.settings.base().minor_units, |c| c.minor_units);
    format!("{} {}", plain_amount(amount, units), doc.currency)
}

fn apply(input: &str, payment: &str, to_args: &[String], take_discount: bool, today_arg: Option<NaiveDate>, output: &str) -> Result<(), Failure> {
    // Malformed arguments are refused before the file is read.
    let targets = to_args.iter().map(|arg| parse_target(arg)).collect::<Result<Vec<_>, _>>()?;
    let mut ledger = read_ledger(input)?;
    let today = business_today(&ledger, today_arg, input)?;
    let credit =
        find_document(&ledger, &[DocType::Payment, DocType::Prepayment, DocType::CreditNote], payment.trim(), "payment, prepayment or credit note")?.clone();
    if take_discount && !credit.doc_type.takes_cash_discount() {
        return Err(Failure::Message(format!("--take-discount: a {} takes no cash discount", credit.doc_type.label().to_lowercase())));
    }
    let currency = ledger.settings.currency(&credit.currency).cloned();
    let mut drafts = Vec::with_capacity(targets.len());
    for (ref_nbr, amount) in &targets {
        let target = find_document(&ledger, &[DocType::Invoice, DocType::DebitNote, DocType::OverdueCharge], ref_nbr, "invoice, debit note or overdue charge")?;
        // Amounts are typed plain (1234.50, as in CSV) and handed to the core in the
        // ledger's number format; one that does not parse is left for the core to
        // refuse, discount or not.
        let numbers = ledger.settings.numbers();
        let typed = currency.as_ref().and_then(|c| NumberFormat::English.parse_amount(amount, c).ok());
        let mut draft = ApplicationDraft::new(target.id, typed.map_or_else(|| amount.clone(), |a| numbers.decimal(a)));
        if let Some(typed) = typed.filter(|_| take_discount) {
            let discount = discount_for_amount(&ledger, credit.doc_type, credit.date, target, typed);
            if !discount.is_zero() {
                draft.discount = numbers.decimal(discount);
            }
        }
        drafts.push(draft);
    }
    let released = credit.status.is_released();
    let command = if released {
        // Open credits are applied; the core refuses Closed and Voided ones.
        Command::Apply { id: credit.id, applications: drafts.clone() }
    } else {
        // An unreleased credit is saved again with the applications added to its planned
        // ones; a new amount for a document already planned replaces the old one.
        // (A document named twice on the command line is left for the core to refuse.)
        let plan = |mut planned: Vec<ApplicationDraft>| -> Vec<ApplicationDraft> {
            let mut replaced = vec![false; planned.len()];
            let mut added = Vec::new();
            for draft in &drafts {
                match (0..planned.len()).find(|&i| !replaced[i] && planned[i].target == draft.target) {
                    Some(i) => {
                        planned[i].amount = draft.amount.clone();
                        planned[i].discount = draft.discount.clone();
                        replaced[i] = true;
                    }
                    None => added.push(draft.clone()),
                }
            }
            planned.extend(added);
            planned
        };
        if credit.doc_type == DocType::CreditNote {
            let mut draft = InvoiceDraft::from_document(&credit, ledger.settings.numbers());
            draft.applications = plan(draft.applications);
            Command::SaveInvoice(draft)
        } else {
            let mut draft = PaymentDraft::from_document(&credit, ledger.settings.numbers());
            draft.applications = plan(draft.applications);
            Command::SavePayment(draft)
        }
    };
    commit(&mut ledger, &command, today)?;
    write_output(output, to_json(&ledger).as_bytes())?;
    let after = &ledger.documents[&credit.id];
    // The applications just made are the last ones to each target.
    let amounts: Vec<String> = drafts
        .iter()
        .map(|d| {
            let made = after.applications.iter().rev().find(|a| a.target == d.target);
            let (amount, discount) = made.map_or((Decimal::ZERO, Decimal::ZERO), |a| (a.amount, a.discount));
            let with_discount = if discount.is_zero() { String::new() } else { format!(" with a cash discount of {}", doc_amount(&ledger, after, discount)) };
            format!("{} to {}{with_discount}", doc_amount(&ledger, after, amount), doc_name(&ledger.documents[&d.target]))
        })
        .collect();
    let summary = if released {
        format!("applied {} from {}; {} left on it\n", amounts.join(", "), doc_name(after), doc_amount(&ledger, after, after.balance))
    } else {
        format!("planned {} on {} ({}): applied when it is released\n", amounts.join(", "), doc_name(after), after.status.label())
    };
    Ok(report(output, &summary)?)
}

fn void(input: &str, payment: &str, today_arg: Option<NaiveDate>, output: &str) -> Result<(), Failure> {
    let mut ledger = read_ledger(input)?;
    let today = business_today(&ledger, today_arg, input)?;
    let doc = find_document(&ledger, &[DocType::Payment, DocType::Prepayment], payment.trim(), "payment or prepayment")?.clone();
    let change = commit(&mut ledger, &Command::VoidPayment(doc.id), today)?;
    write_output(output, to_json(&ledger).as_bytes())?;
    let voided = &ledger.documents[&doc.id];
    let void_doc = voided.voids.and_then(|id| ledger.documents.get(&id));
    let reopened: Vec<String> = change
        .puts
        .iter()
        .filter_map(|r| if let Record::Document(d) = r { Some(d) } else { None })
        .filter(|d| d.id != doc.id && d.doc_type != DocType::VoidPayment)
        .map(doc_name)
        .collect();
    let mut summary = format!("voided {} ({})", doc_name(voided), doc_amount(&ledger, voided, voided.total));
    if let Some(v) = void_doc {
        summary.push_str(&format!(" with {} dated {}", doc_name(v), v.date));
    }
    if !reopened.is_empty() {
        summary.push_str(&format!("; reopened {}", reopened.join(", ")));
    }
    summary.push('\n');
    Ok(report(output, &summary)?)
}

fn overdue_charges(input: &str, date: NaiveDate, preview: bool, output: &str) -> Result<(), Failure> {
    let mut ledger = read_ledger(input)?;
    if preview {
        let mut text = String::from("customer,invoice,currency,balance,days,rate_pct,charge\n");
        for p in reskontra_core::processes::overdue_proposals(&ledger, date) {
            text.push_str(&format!("{},{},{},{},{},{},{}\n", p.customer_id, p.invoice_ref, p.currency, p.balance, p.days, p.rate_pct.normalize(), p.charge));
        }
        return Ok(write_output(output, text.as_bytes())?);
    }
    let change = commit(&mut ledger, &Command::CalculateOverdueCharges(date), date)?;
    write_output(output, to_json(&ledger).as_bytes())?;
    let made: Vec<String> = change
        .puts
        .iter()
        .filter_map(|r| {
            if let Record::Document(d) = r {
                (d.doc_type == DocType::OverdueCharge).then(|| format!("{} {}", doc_name(d), doc_amount(&ledger, d, d.total)))
            } else {
                None
            }
        })
        .collect();
    Ok(report(output, &format!("posted {} overdue charge(s): {}\n", made.len(), made.join(", ")))?)
}

fn credit_hold(input: &str, date: NaiveDate, preview: bool, output: &str) -> Result<(), Failure> {
    let mut ledger = read_ledger(input)?;
    let proposals = reskontra_core::documents::credit::credit_hold_proposals(&ledger, date);
    if preview {
        let rows = proposals.iter().map(|p| [p.customer_id.clone(), p.from.label().to_string(), p.to.label().to_string(), p.reason.clone()]);
        let text = reskontra_core::reports::csv::write_csv(&["customer", "from", "to", "reason"], rows);
        return Ok(write_output(output, text.as_bytes())?);
    }
    commit(&mut ledger, &Command::UpdateCreditHold(date), date)?;
    write_output(output, to_json(&ledger).as_bytes())?;
    let changed: Vec<String> = proposals.iter().map(|p| format!("{} {} → {}", p.customer_id, p.from.label(), p.to.label())).collect();
    Ok(report(output, &format!("changed {} customer(s): {}\n", changed.len(), changed.join(", ")))?)
}

fn write_offs(input: &str, date: NaiveDate, limit: Option<Decimal>, preview: bool, output: &str) -> Result<(), Failure> {
    let mut ledger = read_ledger(input)?;
    if preview {
        let mut text = String::from("customer,document,write_off,currency,amount\n");
        for p in reskontra_core::processes::write_off_proposals(&ledger, limit) {
            text.push_str(&format!("{},{} {},{},{},{}\n", p.customer_id, p.target_type.label(), p.target_ref, p.write_off_type.label(), p.currency, p.amount));
        }
        return Ok(write_output(output, text.as_bytes())?);
    }
    let change = commit(&mut ledger, &Command::WriteOff { date, limit }, date)?;
    write_output(output, to_json(&ledger).as_bytes())?;
    let n = change.puts.iter().filter(|r| matches!(r, Record::Document(d) if matches!(d.doc_type, DocType::BalanceWriteOff | DocType::CreditWriteOff))).count();
    Ok(report(output, &format!("wrote off {n} document(s)\n"))?)
}

fn documents(input: &str, customer: Option<&str>, include_unreleased: bool, all: bool, format: Format, output: &str) -> Result<(), String> {
    let ledger = read_ledger(input)?;
    if let Some(id) = customer {
        if !ledger.customers.contains_key(id) {
            return Err(format!("no customer {id} in {}", input_name(input)));
        }
    }
    let rows = document_rows(&ledger, customer, include_unreleased, all);
    write_output(output, &table_bytes(format, &DOCUMENT_HEADER, &rows)?)
}

fn journal(input: &str, format: Format, output: &str) -> Result<(), String> {
    let ledger = read_ledger(input)?;
    let units = ledger.settings.base().minor_units;
    let rows: Vec<JournalCsvRow> = rows::journal_rows(&ledger)
        .into_iter()
        .map(|r| JournalCsvRow {
            entry: r.entry.to_string(),
            date: r.date,
            document: r.document,
            account: r.account,
            debit: plain_amount(r.debit, units),
            credit: plain_amount(r.credit, units),
        })
        .collect();
    write_output(output, &table_bytes(format, &JOURNAL_HEADER, &rows)?)
}

fn balances(input: &str, format: Format, output: &str) -> Result<(), String> {
    let ledger = read_ledger(input)?;
    let rows = balance_rows(&ledger);
    write_output(output, &table_bytes(format, &CSV_HEADER, &rows)?)
}

fn customers(input: &str, search_args: &[String], format: Format, output: &str) -> Result<(), String> {
    // Bad searches are refused before the file is read.
    let searches = search_args.iter().map(|arg| parse_column_search(arg)).collect::<Result<Vec<_>, _>>()?;
    let ledger = read_ledger(input)?;
    let rows = customer_rows(&ledger, &searches);
    write_output(output, &table_bytes(format, &CUSTOMER_HEADER, &rows)?)
}

/// CSV with `header` as its first row, or a pretty JSON array of the rows.
fn table_bytes<T: Serialize>(format: Format, header: &[&str], rows: &[T]) -> Result<Vec<u8>, String> {
    match format {
        Format::Csv => {
            // The header is written by hand so an empty list still gets one.
            let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
            writer.write_record(header).map_err(|e| format!("cannot write CSV: {e}"))?;
            for row in rows {
                writer.serialize(row).map_err(|e| format!("cannot write CSV: {e}"))?;
            }
            writer.into_inner().map_err(|e| format!("cannot write CSV: {e}"))
        }
        Format::Json => {
            let mut text = serde_json::to_string_pretty(rows).map_err(|e| format!("cannot write JSON: {e}"))?;
            text.push('\n');
            Ok(text.into_bytes())
        }
    }
}

fn read_ledger(input: &str) -> Result<Ledger, String> {
    let mut text = String::new();
    let read = if input == "-" { std::io::stdin().read_to_string(&mut text).map(|_| ()) } else { std::fs::read_to_string(input).map(|t| text = t) };
    read.map_err(|e| format!("cannot read {}: {e}", input_name(input)))?;
    from_json(&text).map_err(|e| format!("{}: {e}", input_name(input)))
}

/// Writes `bytes` to standard output for `-`, else atomically to the file.
fn write_output(output: &str, bytes: &[u8]) -> Result<(), String> {
    if output == "-" {
        return write_stdout(bytes);
    }
    let path = Path::new(output);
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let err = |e: std::io::Error| format!("cannot write {output}: {e}");
    // Dropping the temp file on any error removes it, so no partial file stays behind.
    let mut builder = tempfile::Builder::new();
    builder.prefix(".reskontra-").suffix(".tmp");
    // tempfile's default is 0600; ask for 0666 so the umask decides, as for any new file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder.tempfile_in(dir).map_err(err)?;
    temp.write_all(bytes).map_err(err)?;
    temp.as_file().sync_all().map_err(err)?;
    temp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        // The reader stopped early (`| head`): not our failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write to standard output: {e}")),
    }
}

/// Messages for the user go to stdout, or to stderr when stdout carries the ledger.
fn report(output: &str, text: &str) -> Result<(), String> {
    if output == "-" {
        let _ = std::io::stderr().write_all(text.as_bytes());
        Ok(())
    } else {
        write_stdout(text.as_bytes())
    }
}

fn input_name(input: &str) -> &str {
    if input == "-" {
        "standard input"
    } else {
        input
    }
}

fn output_name(output: &str) -> &str {
    if output == "-" {
        "standard output"
    } else {
        output
    }
}
