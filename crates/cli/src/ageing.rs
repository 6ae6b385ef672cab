//! `reskontra ageing | statements | dunning` (issue "Ageing reports, statements and
//! dunning letters", SPEC R8, R9): the core's reports over a backup file. Statements
//! and dunning letters are processed as the app's windows do: the customers' last
//! statements and the documents' dunning levels are recorded, and emails go to the
//! Pending emails queue with the statement or letter attached in each recipient's format
//! (HTML, PDF or Excel).

use chrono::NaiveDate;
use clap::ValueEnum;
use reskontra_core::customers::mailing::MailFormat;
use reskontra_core::ledger::backup::to_json;
use reskontra_core::mailings::queue::{assemble, plan_one};
use reskontra_core::mailings::Email;
use reskontra_core::reports::ageing::{ageing_csv, ageing_report, financial_period, AgeingKind, AgeingOptions};
use reskontra_core::reports::dunning::{dunning_csv, dunning_html, prepare_dunning, DunningLetter, DUNNING_MAILING};
use reskontra_core::reports::statement::{prepare_statements, statement_html, statements_csv, PlannedStatement};
use reskontra_core::reports::table::{dunning_table, statement_table, TableReport};
use reskontra_core::settings::periods::parse_ageing_days;
use reskontra_core::{Command, Ledger};
use reskontra_render::Fonts;

use crate::{business_today, commit, read_ledger, report, write_output, Failure, Format};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportArg {
    PastDue,
    Outstanding,
    PeriodSensitive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

/// The arguments of `reskontra ageing`.
#[derive(Debug, clap::Args)]
pub struct AgeingArgs {
    /// Backup file; `-` is standard input.
    pub ledger: String,
    #[arg(long, value_enum)]
    pub report: ReportArg,
    /// The ageing date (past-due, outstanding); default the ledger's business date.
    #[arg(long)]
    pub as_of: Option<NaiveDate>,
    /// The financial period (period-sensitive): YYYY-MM, or a period id such as Q1-2026.
    #[arg(long)]
    pub period: Option<String>,
    /// Only this customer.
    #[arg(long)]
    pub customer: Option<String>,
    /// Ageing periods in days for this run, e.g. 30,60,90 (default: each customer's statement cycle's).
    #[arg(long)]
    pub buckets: Option<String>,
    /// Age credits by their date for this run (default: the preference).
    #[arg(long, value_enum)]
    pub age_credits: Option<OnOff>,
    /// Amounts in document currency, grouped by currency.
    #[arg(long)]
    pub currency_version: bool,
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Output file; `-` (the default) is standard output.
    #[arg(short = 'o', long = "output", default_value = "-")]
    pub output: String,
}

pub fn ageing(args: AgeingArgs) -> Result<(), Failure> {
    let ledger = read_ledger(&args.ledger)?;
    let (kind, as_of) = match args.report {
        ReportArg::PeriodSensitive => {
            if args.currency_version {
                return Err(Failure::Message("the period-sensitive report is in base currency only: drop --currency-version".into()));
            }
            let Some(text) = args.period.as_deref() else {
                return Err(Failure::Message("give --period YYYY-MM for the period-sensitive report".into()));
            };
            let period = financial_period(&ledger, text).ok_or_else(|| format!("no financial period {text} in {}", args.ledger))?;
            (AgeingKind::PeriodSensitive, period.end)
        }
        other => {
            if args.period.is_some() {
                return Err(Failure::Message("--period is for --report period-sensitive; give --as-of DATE".into()));
            }
            let kind = if other == ReportArg::PastDue { AgeingKind::PastDue } else { AgeingKind::Outstanding };
            let as_of = match args.as_of {
                Some(date) => date,
                None => business_today(&ledger, None, &args.ledger)?,
            };
            (kind, as_of)
        }
    };
    let buckets = match args.buckets.as_deref() {
        Some(text) => Some(parse_ageing_days(text).map_err(|why| format!("--buckets {text}: {why}"))?),
        None => None,
    };
    let options = AgeingOptions {
        kind,
        as_of,
        customer: args.customer.clone(),
        buckets,
        age_credits: args.age_credits.map(|a| a == OnOff::On),
        currency_version: args.currency_version,
    };
    let result = ageing_report(&ledger, &options).map_err(|e| e.message())?;
    let text = match args.format {
        Format::Csv => ageing_csv(&result),
        Format::Json => serde_json::to_string_pretty(&result).map_err(|e| e.to_string())? + "\n",
    };
    Ok(write_output(&args.output, text.as_bytes())?)
}

/// The arguments of `reskontra statements`.
#[derive(Debug, clap::Args)]
pub struct StatementsArgs {
    /// Backup file; `-` is standard input.
    pub ledger: String,
    /// The statement cycle.
    #[arg(long)]
    pub cycle: String,
    /// The statement date.
    #[arg(long)]
    pub date: NaiveDate,
    /// Print who gets what, change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The summary's format (standard output): csv, or json (every statement in full).
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Business date when the ledger has none (YYYY-MM-DD); emails are prepared on it.
    #[arg(long)]
    pub today: Option<NaiveDate>,
    /// The processed ledger (not with --dry-run); `-` is standard output.
    #[arg(short = 'o', long = "output")]
    pub output: Option<String>,
}

pub fn statements(args: StatementsArgs) -> Result<(), Failure> {
    let output = output_unless_dry(args.dry_run, args.output.as_deref())?;
    let mut ledger = read_ledger(&args.ledger)?;
    let planned = prepare_statements(&ledger, &args.cycle, args.date)?;
    let summary = match args.format {
        Format::Csv => statements_csv(&planned),
        Format::Json => serde_json::to_string_pretty(&planned).map_err(|e| e.to_string())? + "\n",
    };
    if args.dry_run {
        return Ok(crate::write_stdout(summary.as_bytes())?);
    }
    let today = business_today(&ledger, args.today, &args.ledger)?;
    let fonts = Fonts::bundled()?;
    let mut emails = Vec::new();
    for p in planned.iter().filter(|p| matches!(p.delivery.email, Some(Ok(_)))) {
        emails.extend(statement_emails(&ledger, p, &fonts, today));
    }
    let customers: Vec<String> = planned.iter().map(|p| p.statement.customer_id.clone()).collect();
    commit(&mut ledger, &Command::ProcessStatements { cycle: args.cycle.clone(), date: args.date, customers, emails, nonce: nonce() }, today)?;
    let output = output.unwrap_or("-");
    write_output(output, to_json(&ledger).as_bytes())?;
    Ok(report(output, &summary)?)
}

/// The arguments of `reskontra dunning`.
#[derive(Debug, clap::Args)]
pub struct DunningArgs {
    /// Backup file; `-` is standard input.
    pub ledger: String,
    /// The date overdue days are counted to.
    #[arg(long)]
    pub date: NaiveDate,
    /// Print the letters that would go out, change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The summary's format (standard output): csv, or json (every letter in full).
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Business date when the ledger has none (YYYY-MM-DD); emails are prepared on it.
    #[arg(long)]
    pub today: Option<NaiveDate>,
    /// The processed ledger (not with --dry-run); `-` is standard output.
    #[arg(short = 'o', long = "output")]
    pub output: Option<String>,
}

pub fn dunning(args: DunningArgs) -> Result<(), Failure> {
    let output = output_unless_dry(args.dry_run, args.output.as_deref())?;
    let mut ledger = read_ledger(&args.ledger)?;
    let letters = prepare_dunning(&ledger, args.date, None);
    let summary = match args.format {
        Format::Csv => dunning_csv(&letters),
        Format::Json => serde_json::to_string_pretty(&letters).map_err(|e| e.to_string())? + "\n",
    };
    if args.dry_run {
        return Ok(crate::write_stdout(summary.as_bytes())?);
    }
    let today = business_today(&ledger, args.today, &args.ledger)?;
    let fonts = Fonts::bundled()?;
    let mut emails = Vec::new();
    for letter in letters.iter().filter(|l| matches!(l.delivery.email, Some(Ok(_)))) {
        emails.extend(letter_emails(&ledger, letter, &fonts, today));
    }
    commit(&mut ledger, &Command::ProcessDunning { date: args.date, customers: Vec::new(), emails, nonce: nonce() }, today)?;
    let output = output.unwrap_or("-");
    write_output(output, to_json(&ledger).as_bytes())?;
    Ok(report(output, &summary)?)
}

fn output_unless_dry(dry_run: bool, output: Option<&str>) -> Result<Option<&str>, Failure> {
    match (dry_run, output) {
        (false, None) => Err(Failure::Message("give -o FILE for the processed ledger (or --dry-run)".into())),
        (true, Some(_)) => Err(Failure::Message("--dry-run writes no ledger: drop -o".into())),
        (_, output) => Ok(output),
    }
}

/// A number for the Message-IDs of one run (the core has no randomness): the clock and
/// the process id.
fn nonce() -> u64 {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or_default();
    nanos ^ (u64::from(std::process::id()) << 32)
}

/// The emails of a mailing for one customer, each report the mailing asks for made in
/// its format from the statement's or letter's `html` and `table` (PDF and Excel by the
/// render crate, as the app's worker does). A report that cannot be made leaves that
/// customer without emails and says why on standard error.
fn emails_with(ledger: &Ledger, customer: &str, mailing: &str, html: &str, table: &TableReport, fonts: &Fonts, today: NaiveDate) -> Vec<Email> {
    let plan = plan_one(ledger, customer, None, mailing, today);
    let Ok(planned) = plan.emails else { return Vec::new() };
    let mut out = Vec::new();
    for p in planned {
        let rendered: Result<Vec<Vec<u8>>, String> = p
            .reports
            .iter()
            .map(|r| match r.format {
                MailFormat::Html => Ok(html.as_bytes().to_vec()),
                MailFormat::Pdf => reskontra_render::table_pdf(table, fonts),
                MailFormat::Excel => reskontra_render::table_xlsx(table),
            })
            .collect();
        match rendered {
            Ok(rendered) => {
                let safe = (!p.email.html_body.is_empty()).then(|| reskontra_render::sanitize_html(&p.email.html_body));
                out.push(assemble(ledger, &p, rendered, safe));
            }
            Err(why) => {
                eprintln!("reskontra: customer {customer}: the {mailing} report could not be made: {why}");
                return Vec::new();
            }
        }
    }
    out
}

fn statement_emails(ledger: &Ledger, planned: &PlannedStatement, fonts: &Fonts, today: NaiveDate) -> Vec<Email> {
    let s = &planned.statement;
    emails_with(ledger, &s.customer_id, &s.mailing_id, &statement_html(s), &statement_table(s, ledger.settings.numbers()), fonts, today)
}

fn letter_emails(ledger: &Ledger, letter: &DunningLetter, fonts: &Fonts, today: NaiveDate) -> Vec<Email> {
    emails_with(ledger, &letter.customer_id, DUNNING_MAILING, &dunning_html(letter), &dunning_table(letter, ledger.settings.numbers()), fonts, today)
}
