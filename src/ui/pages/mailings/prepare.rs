//! From a plan to a queued email, in the browser: each report of a planned email is
//! rendered (HTML by the core; PDF and Excel by the render worker), the user's HTML is
//! sanitised by the worker, and the core assembles the email. Nothing is queued here;
//! the caller commits `QueueEmails` with what came back.

use leptos::prelude::*;
use reskontra_core::customers::mailing::MailFormat;
use reskontra_core::mailings::queue::{assemble, PlannedEmail};
use reskontra_core::mailings::Email;
use reskontra_core::reports::dunning::{dunning_html, DunningLetter};
use reskontra_core::reports::invoice::{invoice_html, invoice_report, RenderJob};
use reskontra_core::reports::statement::{statement_html, Statement};
use reskontra_core::reports::table::{dunning_table, statement_table};

use crate::delivery::render::{render, sanitize};
use crate::ui::context::LedgerCtx;

/// What the reports of a planned email are made from: the documents they name
/// (invoices), or a statement or dunning letter the caller already has.
pub enum Source {
    Documents,
    Statement(Box<Statement>),
    Letter(Box<DunningLetter>),
}

/// The planned email with its reports rendered, or why not (a message for its row).
pub async fn prepare(ctx: LedgerCtx, planned: PlannedEmail) -> Result<Email, String> {
    prepare_from(ctx, planned, &Source::Documents).await
}

/// [`prepare`] with the reports made from `source`.
pub async fn prepare_from(ctx: LedgerCtx, planned: PlannedEmail, source: &Source) -> Result<Email, String> {
    let mut rendered = Vec::with_capacity(planned.reports.len());
    match source {
        Source::Documents => {
            // Read what the reports need first: no borrow of the ledger lives across an await.
            let reports = ctx.ledger.with_untracked(|l| {
                planned
                    .reports
                    .iter()
                    .map(|r| {
                        let id = r.document.ok_or_else(|| format!("{} needs a document", r.report.label()))?;
                        invoice_report(l, id).map_err(|problems| problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; "))
                    })
                    .collect::<Vec<_>>()
            });
            for (request, report) in planned.reports.iter().zip(reports) {
                let report = report?;
                rendered.push(match request.format {
                    MailFormat::Html => invoice_html(&report).into_bytes(),
                    MailFormat::Pdf => render(RenderJob::Pdf(Box::new(report))).await.map_err(|e| format!("The PDF could not be made: {e}"))?,
                    MailFormat::Excel => render(RenderJob::Xlsx(Box::new(report))).await.map_err(|e| format!("The Excel file could not be made: {e}"))?,
                });
            }
        }
        Source::Statement(_) | Source::Letter(_) => {
            for request in &planned.reports {
                rendered.push(render_paper(ctx, source, request.format).await?);
            }
        }
    }
    let safe = if planned.email.html_body.is_empty() {
        None
    } else {
        Some(sanitize(&planned.email.html_body).await.map_err(|e| format!("The HTML body could not be checked: {e}"))?)
    };
    Ok(ctx.ledger.with_untracked(|l| assemble(l, &planned, rendered, safe)))
}

/// A statement or a dunning letter in `format`: HTML by the core, PDF and Excel by the
/// render worker (`reports::table`).
async fn render_paper(ctx: LedgerCtx, source: &Source, format: MailFormat) -> Result<Vec<u8>, String> {
    let numbers = ctx.numbers_untracked();
    let (html, table) = match source {
        Source::Statement(s) => (statement_html(s), statement_table(s, numbers)),
        Source::Letter(l) => (dunning_html(l), dunning_table(l, numbers)),
        Source::Documents => return Err("No statement or letter to render".to_string()),
    };
    match format {
        MailFormat::Html => Ok(html.into_bytes()),
        MailFormat::Pdf => render(RenderJob::TablePdf(Box::new(table))).await.map_err(|e| format!("The PDF could not be made: {e}")),
        MailFormat::Excel => render(RenderJob::TableXlsx(Box::new(table))).await.map_err(|e| format!("The Excel file could not be made: {e}")),
    }
}

/// A random number for the Message-IDs of one queueing (the core has no randomness).
pub fn nonce() -> u64 {
    let high = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    let low = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    (high << 32) | low
}
