//! reskontra: the command-line tool over a Reskontra backup file.
//!
//! Every error ends the run with one line on stderr (`reskontra: <message>`) and
//! exit code 2. Output files are written to a temporary file beside the target
//! and renamed into place only when complete, so a failed run leaves no partial file.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use reskontra_core::backup::{from_json, to_json};
use reskontra_core::demo::{demo_ledger, DemoSize};
use reskontra_core::document::{DocId, DocStatus, DocType};
use reskontra_core::invariants::check_ledger;
use reskontra_core::money::{format_amount, round_to_minor_units};
use reskontra_core::search::Search;
use reskontra_core::{release_many, Ledger};
use rust_decimal::Decimal;
use serde::Serialize;

/// The business date `demo` uses unless told otherwise. Fixed, never the clock,
/// so the same seed always gives a byte-identical file.
pub const DEFAULT_DEMO_TODAY: &str = "2026-06-30";

/// Exit code of every failure: bad arguments, unreadable or invalid input, write errors.
pub const EXIT_FAILURE: u8 = 2;

#[derive(Debug, Parser)]
#[command(name = "reskontra", version, about = "Work with Reskontra backup files: make demo data, check, release, list balances, search customers.")]
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
    /// List every customer's balances in base currency.
    Balances {
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

/// The columns of `balances --format csv`, also the keys of the JSON objects.
pub const CSV_HEADER: [&str; 4] = ["customer", "balance", "prepayment_balance", "unreleased_balance"];

/// One row of `balances`: amounts as plain decimal strings in base currency.
#[derive(Debug, Serialize)]
pub struct BalanceRow {
    pub customer: String,
    pub balance: String,
    pub prepayment_balance: String,
    pub unreleased_balance: String,
}

/// One row per customer in customer-number order, amounts with the base currency's decimals.
pub fn balance_rows(ledger: &Ledger) -> Vec<BalanceRow> {
    let minor_units = ledger.settings.base().minor_units;
    ledger
        .customers
        .keys()
        .map(|id| {
            let b = ledger.balances_of(id);
            BalanceRow {
                customer: id.clone(),
                balance: plain_amount(b.balance, minor_units),
                prepayment_balance: plain_amount(b.prepayment_balance, minor_units),
                unreleased_balance: plain_amount(b.unreleased_balance, minor_units),
            }
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

/// One row per customer in customer-number order whose values match every search.
pub fn customer_rows(ledger: &Ledger, searches: &[ColumnSearch]) -> Vec<CustomerRow> {
    let minor_units = ledger.settings.base().minor_units;
    ledger
        .customers
        .values()
        .map(|c| CustomerRow {
            customer: c.id.clone(),
            name: c.name.clone(),
            class: c.class_id.clone(),
            status: c.status.label().to_string(),
            city: c.address.city.clone(),
            country: c.address.country.clone(),
            email: c.email.clone(),
            balance: plain_amount(ledger.balances_of(&c.id).balance, minor_units),
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

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return clap_exit(err),
    };
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

/// Prints the one-line error and returns the failure exit code.
fn fail(message: &str) -> ExitCode {
    // Messages from serde or the OS are single lines, but make sure of it.
    let one_line = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let _ = writeln!(std::io::stderr(), "reskontra: {one_line}");
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

fn run(command: Cmd) -> Result<(), String> {
    match command {
        Cmd::Demo { seed, customers, invoices, today, output } => demo(seed, DemoSize { customers, invoices }, today, &output),
        Cmd::Check { ledger } => check(&ledger),
        Cmd::Release { ledger, all: _, today, output } => release(&ledger, today, &output),
        Cmd::Balances { ledger, format, output } => balances(&ledger, format, &output),
        Cmd::Customers { ledger, search, format, output } => customers(&ledger, &search, format, &output),
    }
}

fn demo(seed: u64, size: DemoSize, today: NaiveDate, output: &str) -> Result<(), String> {
    let ledger = demo_ledger(seed, size, today);
    write_output(output, to_json(&ledger).as_bytes())?;
    let summary = format!("wrote {}: {} customers, {} documents, business date {today}\n", output_name(output), ledger.customers.len(), ledger.documents.len());
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
    let all_types = DocType::INVOICE_LIKE.into_iter().chain(DocType::PAYMENT_LIKE).chain([DocType::VoidPayment]);
    for doc_type in all_types.filter(|t| ledger.documents.values().any(|d| d.doc_type == *t)) {
        let of_type = || ledger.documents.values().filter(move |d| d.doc_type == doc_type);
        let per_status: Vec<String> = [DocStatus::OnHold, DocStatus::Balanced, DocStatus::Open, DocStatus::Closed, DocStatus::Voided]
            .into_iter()
            .map(|status| format!("{} {}", status.label(), of_type().filter(|d| d.status == status).count()))
            .collect();
        text.push_str(&format!("  {}: {} ({})\n", doc_type.label(), of_type().count(), per_status.join(", ")));
    }
    let base = ledger.settings.base();
    text.push_str(&format!("total open balance: {} {}\n", format_amount(ledger.total_open_balance(), base.minor_units), base.code));
    write_stdout(text.as_bytes())
}

fn release(input: &str, today_arg: Option<NaiveDate>, output: &str) -> Result<(), String> {
    let mut ledger = read_ledger(input)?;
    // The ledger's own business date wins; --today only fills in when it has none.
    let today = match (ledger.settings.business_date, today_arg) {
        (Some(date), _) => date,
        (None, Some(date)) => date,
        (None, None) => return Err(format!("{} has no business date; pass --today YYYY-MM-DD", input_name(input))),
    };
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
