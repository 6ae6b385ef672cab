//! The Mailings menu (SPEC R10–R12): Send invoices, Pending emails, Notification
//! templates, Mass emails. The browser side of preparing an email is `prepare`; the
//! Pending emails queue (list and record window) and what
//! both do to emails: send them through the relay, export them as `.eml` or `.zip`.
//!
//! Sending: `MarkEmailsSending` is committed first (a reload or another tab then sees
//! them Sending and does not send them on its own), then each email is posted to the
//! relay with its Message-ID as the idempotency key, and its answer is committed with
//! `RecordSendResult`. No IndexedDB transaction is open while a request is waited for.

pub mod email;
pub mod html;
pub mod mass_emails;
pub mod pending_emails;
pub mod prepare;
pub mod send_invoices;
pub mod template;
pub mod templates;

pub use html::safe_html;

use std::collections::BTreeMap;

use leptos::prelude::*;
use reskontra_core::mailings::message::check_headers;
use reskontra_core::mailings::queue::SendOutcome;
use reskontra_core::mailings::EmailId;
use reskontra_core::reports::invoice::RenderJob;
use reskontra_core::Command;

use crate::delivery::relay;
use crate::delivery::render::render;
use crate::ui::context::{computer_now, LedgerCtx};

/// One run of *Send*: how far it is, whether the user asked to stop, and the result of
/// each email tried (the relay's id, or the reason).
#[derive(Clone, Copy)]
pub struct SendRun {
    pub busy: RwSignal<bool>,
    pub done: RwSignal<usize>,
    pub total: RwSignal<usize>,
    pub cancel: RwSignal<bool>,
    pub results: RwSignal<BTreeMap<EmailId, Result<String, String>>>,
    pub summary: RwSignal<Option<String>>,
}

impl SendRun {
    pub fn new() -> Self {
        SendRun {
            busy: RwSignal::new(false),
            done: RwSignal::new(0),
            total: RwSignal::new(0),
            cancel: RwSignal::new(false),
            results: RwSignal::new(BTreeMap::new()),
            summary: RwSignal::new(None),
        }
    }

    /// Sends `ids` (those that may be sent) one after the other, unless a run is going.
    pub fn start(self, ctx: LedgerCtx, ids: Vec<EmailId>) {
        if self.busy.get_untracked() {
            return;
        }
        let ids: Vec<EmailId> = ctx.ledger.with_untracked(|l| ids.into_iter().filter(|id| l.emails.get(id).is_some_and(|e| e.status.can_send())).collect());
        if ids.is_empty() {
            self.summary.set(Some("Nothing to send: choose emails that are not sent yet.".to_string()));
            return;
        }
        self.busy.set(true);
        self.done.set(0);
        self.total.set(ids.len());
        self.cancel.set(false);
        self.summary.set(None);
        leptos::task::spawn_local(async move {
            let summary = self.send(ctx, ids).await;
            self.summary.set(Some(summary));
            self.busy.set(false);
        });
    }

    async fn send(self, ctx: LedgerCtx, ids: Vec<EmailId>) -> String {
        let relay_settings = ctx.ledger.with_untracked(|l| l.settings.relay.clone());
        if let Err(found) = ctx.run(Command::MarkEmailsSending { ids: ids.clone(), at: computer_now() }).await {
            return format!("Nothing was sent: {}", found.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("; "));
        }
        let (mut sent, mut failed, mut waiting) = (0usize, 0usize, 0usize);
        for (n, id) in ids.iter().copied().enumerate() {
            // Cancelled: the rest never left, so they go back to Pending.
            let outcome = if self.cancel.get_untracked() {
                SendOutcome::NotSent
            } else {
                let Some(email) = ctx.ledger.with_untracked(|l| l.emails.get(&id).cloned()) else { continue };
                let message_id = email.message_id.clone();
                // The message is built by the render worker, where mail-builder lives.
                match render(RenderJob::Message(Box::new(email))).await {
                    Err(reason) => SendOutcome::Refused { reason },
                    Ok(bytes) => relay::post_message(&relay_settings, &message_id, &bytes).await,
                }
            };
            let shown = match &outcome {
                SendOutcome::Accepted { relay_id } => Ok(format!("Sent (id {relay_id})")),
                SendOutcome::Refused { reason } => Err(reason.clone()),
                SendOutcome::NotSent if self.cancel.get_untracked() => Err("cancelled: stays Pending".to_string()),
                SendOutcome::NotSent => Err(relay::OFFLINE.to_string()),
            };
            match &outcome {
                SendOutcome::Accepted { .. } => sent += 1,
                SendOutcome::Refused { .. } => failed += 1,
                SendOutcome::NotSent => waiting += 1,
            }
            let recorded = ctx.run(Command::RecordSendResult { id, at: computer_now(), outcome }).await;
            let shown = match recorded {
                Ok(_) => shown,
                Err(found) => Err(format!("the answer could not be saved: {}", found.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("; "))),
            };
            self.results.update(|r| {
                r.insert(id, shown);
            });
            self.done.set(n + 1);
        }
        let mut summary = format!("Sent {sent}, failed {failed}");
        if waiting > 0 {
            summary.push_str(&format!(", not sent {waiting} (still Pending)"));
        }
        summary.push('.');
        if waiting > 0 && !relay::is_online() {
            summary.push_str(" You are offline: sending needs the network; the emails stay Pending until you send them again.");
        }
        summary
    }

    /// The progress bar with its count and Cancel, while a run is going.
    pub fn progress_line(self) -> impl IntoView {
        view! {
            <crate::ui::components::progress::ProgressLine testid="send-progress" cancel_testid="send-cancel"
                busy=self.busy.into() done=self.done.into() total=self.total.into() cancel=self.cancel />
        }
    }
}

impl Default for SendRun {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether a relay is set; *Send* explains where to set it when not.
pub fn relay_set(ctx: LedgerCtx) -> bool {
    ctx.ledger.with_untracked(|l| !l.settings.relay.url.trim().is_empty())
}

/// Shown instead of sending when no relay is set.
#[component]
pub fn RelayMissing(shown: RwSignal<bool>) -> impl IntoView {
    move || {
        shown.get().then(|| {
            view! {
                <p class="status error" data-testid="relay-missing" role="alert">
                    "Set the relay in Settings first: " <a href="#/settings" data-testid="relay-missing-link">"Preferences → Mail relay"</a>
                    ". Until then, export the emails as .eml files and send them from your mail program."
                </p>
            }
        })
    }
}

/// Saves `ids` as one `.eml` (one email) or one `.zip` of `.eml` files (several), then
/// marks them Exported; `done` gets what happened, for a status line. The messages and
/// the archive are made by the render worker (mail-builder and the zip writer live
/// there); emails whose headers are refused are named and left out.
pub fn export_emails(ctx: LedgerCtx, ids: &[EmailId], done: impl Fn(Result<String, String>) + 'static) {
    let emails: Vec<_> = ctx.ledger.with_untracked(|l| ids.iter().filter_map(|id| l.emails.get(id).cloned()).collect());
    if emails.is_empty() {
        return done(Err("Choose the emails to export first.".to_string()));
    }
    let mut good = Vec::new();
    let mut refused = Vec::new();
    for email in emails {
        match check_headers(&email) {
            Ok(()) => good.push(email),
            Err(problems) => refused.push(format!("email {}: {}", email.id, problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("; "))),
        }
    }
    if good.is_empty() {
        return done(Err(format!("Nothing was exported: {}", refused.join("; "))));
    }
    leptos::task::spawn_local(async move {
        let saved = if let [one] = good.as_slice() {
            let name = one.file_name();
            render(RenderJob::Message(Box::new(one.clone())))
                .await
                .and_then(|bytes| crate::delivery::download_bytes(&name, "message/rfc822", &bytes))
                .map(|()| name)
        } else {
            let name = format!("reskontra-emails-{}.zip", ctx.business_date_untracked());
            render(RenderJob::Archive(good.clone())).await.and_then(|zip| crate::delivery::download_bytes(&name, "application/zip", &zip)).map(|()| name)
        };
        let saved = match saved {
            Ok(name) => name,
            Err(e) => return done(Err(format!("The file could not be saved: {e}"))),
        };
        let exported: Vec<EmailId> = good.iter().map(|e| e.id).collect();
        if let Err(found) = ctx.run(Command::MarkEmailsExported { ids: exported, at: computer_now() }).await {
            ctx.notify(format!("Saved, but not marked Exported: {}", found.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("; ")));
        }
        let mut text = format!("Saved {saved} ({} email{}).", good.len(), if good.len() == 1 { "" } else { "s" });
        if !refused.is_empty() {
            text.push_str(&format!(" Not exported: {}.", refused.join("; ")));
        }
        done(Ok(text));
    });
}
