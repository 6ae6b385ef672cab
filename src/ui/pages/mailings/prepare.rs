//! From a plan to a queued email, in the browser: each report of a planned email is
//! rendered (HTML by the core; PDF and Excel by the render worker), the user's HTML is
//! sanitised by the worker, and the core assembles the email. Nothing is queued here;
//! the caller commits `QueueEmails` with what came back.

use leptos::prelude::*;
use reskontra_core::customers::mailing::MailFormat;
use reskontra_core::mailings::queue::{assemble, PlannedEmail};
use reskontra_core::mailings::Email;
use reskontra_core::reports::invoice::{invoice_html, invoice_report, RenderJob};

use crate::delivery::render::{render, sanitize};
use crate::ui::context::LedgerCtx;

/// The planned email with its reports rendered, or why not (a message for its row).
pub async fn prepare(ctx: LedgerCtx, planned: PlannedEmail) -> Result<Email, String> {
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
    let mut rendered = Vec::with_capacity(reports.len());
    for (request, report) in planned.reports.iter().zip(reports) {
        let report = report?;
        rendered.push(match request.format {
            MailFormat::Html => invoice_html(&report).into_bytes(),
            MailFormat::Pdf => render(RenderJob::Pdf(Box::new(report))).await.map_err(|e| format!("The PDF could not be made: {e}"))?,
            MailFormat::Excel => render(RenderJob::Xlsx(Box::new(report))).await.map_err(|e| format!("The Excel file could not be made: {e}"))?,
        });
    }
    let safe = if planned.email.html_body.is_empty() {
        None
    } else {
        Some(sanitize(&planned.email.html_body).await.map_err(|e| format!("The HTML body could not be checked: {e}"))?)
    };
    Ok(ctx.ledger.with_untracked(|l| assemble(l, &planned, rendered, safe)))
}

/// A random number for the Message-IDs of one queueing (the core has no randomness).
pub fn nonce() -> u64 {
    let high = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    let low = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    (high << 32) | low
}
