//! `reskontra mail …` (issue "mailings"): prepare emails into the Pending emails queue
//! as the Send invoices window does, export them as `.eml` files, and send them
//! through a relay. The same core functions as the app; reports rendered natively by
//! reskontra-render.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use clap::Subcommand;
use reskontra_core::customers::mailing::MailFormat;
use reskontra_core::documents::document::DocId;
use reskontra_core::documents::invoice_delivery::documents_to_deliver;
use reskontra_core::ledger::backup::to_json;
use reskontra_core::mailings::message::build_message;
use reskontra_core::mailings::queue::{assemble, plan_documents, Plan, PlannedEmail, SendOutcome};
use reskontra_core::mailings::{Email, EmailStatus};
use reskontra_core::reports::invoice::{invoice_html, invoice_report};
use reskontra_core::{Command, Ledger};

use crate::{business_today, commit, read_ledger, report, write_output, Failure};

#[derive(Debug, Subcommand)]
pub enum MailCmd {
    /// Queue one email per document and customer under a mailing (Send invoices).
    Prepare {
        /// Backup file; `-` is standard input.
        ledger: String,
        /// The mailing, e.g. INVOICE.
        #[arg(long)]
        mailing: String,
        /// Only this customer's documents.
        #[arg(long)]
        customer: Option<String>,
        /// Print who gets what, change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Business date when the ledger has none (YYYY-MM-DD).
        #[arg(long)]
        today: Option<NaiveDate>,
        /// Output file (not with --dry-run); `-` is standard output.
        #[arg(short = 'o', long = "output")]
        output: Option<String>,
    },
    /// Save every Pending email as a `.eml` file, and mark them Exported.
    Export {
        ledger: String,
        #[arg(long)]
        out_dir: String,
        /// Where the ledger with the emails marked Exported goes.
        #[arg(short = 'o', long = "output")]
        output: Option<String>,
    },
    /// Send every Pending, Failed or Exported email (and any left in Sending) through a relay.
    Send {
        ledger: String,
        /// The relay's base URL: messages go to <URL>/v1/messages.
        #[arg(long)]
        relay: String,
        #[arg(long)]
        token: Option<String>,
        #[arg(short = 'o', long = "output")]
        output: String,
    },
}

pub fn run(command: MailCmd) -> Result<(), Failure> {
    match command {
        MailCmd::Prepare { ledger, mailing, customer, dry_run, today, output } => {
            prepare(&ledger, &mailing, customer.as_deref(), dry_run, today, output.as_deref())
        }
        MailCmd::Export { ledger, out_dir, output } => export(&ledger, &out_dir, output.as_deref()),
        MailCmd::Send { ledger, relay, token, output } => send(&ledger, &relay, token.as_deref(), &output),
    }
}

fn now() -> NaiveDateTime {
    chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).naive_utc()
}

/// A random-enough number for the Message-IDs: the clock's nanoseconds and the process.
fn nonce() -> u64 {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or_default();
    nanos ^ (u64::from(std::process::id()) << 32)
}

/// One line per email of a plan: who gets what; or why the customer gets nothing.
fn describe(ledger: &Ledger, plan: &Plan) -> Vec<String> {
    let what = plan.document.and_then(|id| ledger.documents.get(&id)).map(|d| format!("{} {}", d.doc_type.label(), d.ref_nbr)).unwrap_or_default();
    match &plan.emails {
        Err(why) => vec![format!("{what} {}: nothing: {why}", plan.customer_id)],
        Ok(emails) => emails
            .iter()
            .map(|p| {
                let list = |l: &[reskontra_core::mailings::Mailbox]| l.iter().map(|m| m.display()).collect::<Vec<_>>().join(", ");
                let formats: Vec<&str> = p.reports.iter().map(|r| r.format.label()).collect();
                let mut line = format!("{what} {}: To {}", plan.customer_id, list(&p.email.to));
                if !p.email.cc.is_empty() {
                    line.push_str(&format!("; Cc {}", list(&p.email.cc)));
                }
                if !p.email.bcc.is_empty() {
                    line.push_str(&format!("; Bcc {}", list(&p.email.bcc)));
                }
                line.push_str(&format!("; \"{}\"; {}", p.email.subject, if p.report_in_body { "report in the body".to_string() } else { formats.join(", ") }));
                line
            })
            .collect(),
    }
}

/// The reports of a planned email, rendered natively.
fn render(ledger: &Ledger, planned: &PlannedEmail, fonts: &reskontra_render::Fonts) -> Result<Email, String> {
    let mut rendered = Vec::new();
    for request in &planned.reports {
        let Some(id) = request.document else { return Err(format!("{} has no document to render", request.report.label())) };
        let report = invoice_report(ledger, id).map_err(|p| p.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; "))?;
        rendered.push(match request.format {
            MailFormat::Html => invoice_html(&report).into_bytes(),
            MailFormat::Pdf => reskontra_render::invoice_pdf(&report, fonts)?,
            MailFormat::Excel => reskontra_render::invoice_xlsx(&report)?,
        });
    }
    let safe = (!planned.email.html_body.is_empty()).then(|| reskontra_render::sanitize_html(&planned.email.html_body));
    Ok(assemble(ledger, planned, rendered, safe))
}

fn prepare(input: &str, mailing: &str, customer: Option<&str>, dry_run: bool, today: Option<NaiveDate>, output: Option<&str>) -> Result<(), Failure> {
    let output = match (dry_run, output) {
        (false, None) => return Err(Failure::Message("give -o FILE for the ledger with the queued emails (or --dry-run)".into())),
        (_, output) => output,
    };
    let mut ledger = read_ledger(input)?;
    if let Some(c) = customer.filter(|c| !ledger.customers.contains_key(*c)) {
        return Err(Failure::Message(format!("no customer {c} in {input}")));
    }
    let today = business_today(&ledger, today, input)?;
    let mailing = mailing.trim().to_uppercase();
    if !reskontra_core::mailings::queue::mailing_exists(&ledger, &mailing) {
        return Err(Failure::Message(format!("no mailing {mailing} in {input}")));
    }
    let docs: Vec<DocId> = documents_to_deliver(&ledger, false).into_iter().filter(|d| customer.is_none_or(|c| d.customer_id == c)).map(|d| d.id).collect();
    let plans = plan_documents(&ledger, &docs, &mailing, today);
    let mut text: String = plans.iter().flat_map(|p| describe(&ledger, p)).map(|l| l + "\n").collect();
    if dry_run {
        text.push_str(&format!(
            "{} document(s), {} email(s) would be queued\n",
            docs.len(),
            plans.iter().filter_map(|p| p.emails.as_ref().ok()).map(Vec::len).sum::<usize>()
        ));
        return Ok(crate::write_stdout(text.as_bytes())?);
    }
    let fonts = reskontra_render::Fonts::bundled()?;
    let mut emails = Vec::new();
    let mut delivered = Vec::new();
    for plan in &plans {
        let Ok(planned) = &plan.emails else { continue };
        for p in planned {
            emails.push(render(&ledger, p, &fonts)?);
        }
        delivered.extend(plan.document);
    }
    let count = emails.len();
    commit(&mut ledger, &Command::QueueEmails { emails, delivered, nonce: nonce() }, today)?;
    let output = output.unwrap_or("-");
    write_output(output, to_json(&ledger).as_bytes())?;
    text.push_str(&format!("queued {count} email(s) for {} document(s)\n", plans.iter().filter(|p| p.emails.is_ok()).count()));
    Ok(report(output, &text)?)
}

fn export(input: &str, out_dir: &str, output: Option<&str>) -> Result<(), Failure> {
    let mut ledger = read_ledger(input)?;
    let dir = Path::new(out_dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot make {out_dir}: {e}"))?;
    let pending: Vec<&Email> = ledger.emails.values().filter(|e| e.status == EmailStatus::Pending).collect();
    let mut ids = Vec::new();
    for email in pending {
        let bytes = build_message(email).map_err(Failure::Problems)?;
        let path = dir.join(email.file_name());
        std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        ids.push(email.id);
    }
    let today = ledger.settings.business_date.unwrap_or_else(|| now().date());
    let count = ids.len();
    commit(&mut ledger, &Command::MarkEmailsExported { ids, at: now() }, today)?;
    let text = format!("exported {count} email(s) to {out_dir}\n");
    match output {
        Some(output) => {
            write_output(output, to_json(&ledger).as_bytes())?;
            Ok(report(output, &text)?)
        }
        None => Ok(crate::write_stdout(text.as_bytes())?),
    }
}

/// POSTs one raw message to the relay: its id, or why not.
fn post(agent: &ureq::Agent, url: &str, token: Option<&str>, email: &Email, raw: &[u8]) -> SendOutcome {
    let mut request = agent.post(url).header("Content-Type", "message/rfc822").header("Idempotency-Key", &email.message_id);
    if let Some(token) = token.filter(|t| !t.is_empty()) {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    match request.send(raw) {
        Ok(mut response) => {
            let status = response.status();
            let body = response.body_mut().read_to_string().unwrap_or_default();
            let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
            if status.is_success() {
                match json.get("id").and_then(|v| v.as_str()) {
                    Some(id) => SendOutcome::Accepted { relay_id: id.to_string() },
                    None => SendOutcome::Refused { reason: format!("HTTP {}: the relay gave no id", status.as_u16()) },
                }
            } else {
                let why = json.get("error").and_then(|v| v.as_str()).map(str::to_string).unwrap_or(body);
                SendOutcome::Refused { reason: format!("HTTP {}: {}", status.as_u16(), why.trim()) }
            }
        }
        Err(e) => SendOutcome::Refused { reason: e.to_string() },
    }
}

fn send(input: &str, relay: &str, token: Option<&str>, output: &str) -> Result<(), Failure> {
    let mut ledger = read_ledger(input)?;
    let today = ledger.settings.business_date.unwrap_or_else(|| now().date());
    let url = format!("{}/v1/messages", relay.trim_end_matches('/'));
    let ids: Vec<u32> = ledger.emails.values().filter(|e| e.status.can_send()).map(|e| e.id).collect();
    let config = ureq::Agent::config_builder().timeout_global(Some(std::time::Duration::from_secs(30))).http_status_as_error(false).build();
    let agent: ureq::Agent = config.into();
    let mut lines = String::new();
    let (mut sent, mut failed) = (0, 0);
    for id in ids {
        let Some(email) = ledger.emails.get(&id).cloned() else { continue };
        let raw = build_message(&email).map_err(Failure::Problems)?;
        // Sending is recorded before the request, as in the app.
        commit(&mut ledger, &Command::MarkEmailsSending { ids: vec![id], at: now() }, today)?;
        let outcome = post(&agent, &url, token, &email, &raw);
        match &outcome {
            SendOutcome::Accepted { relay_id } => {
                sent += 1;
                lines.push_str(&format!("email {id}: sent, relay id {relay_id}\n"));
            }
            SendOutcome::Refused { reason } => {
                failed += 1;
                lines.push_str(&format!("email {id}: failed: {reason}\n"));
            }
            SendOutcome::NotSent => {}
        }
        commit(&mut ledger, &Command::RecordSendResult { id, at: now(), outcome }, today)?;
    }
    write_output(output, to_json(&ledger).as_bytes())?;
    lines.push_str(&format!("sent {sent}, failed {failed}\n"));
    Ok(report(output, &lines)?)
}
