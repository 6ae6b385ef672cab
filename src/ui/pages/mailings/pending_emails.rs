//! Pending emails (SM507000, SPEC R12.2): every prepared email with its status, to
//! review, filter (mailing, customer, status in the search row), and Send, Export or
//! Delete — selected ones or all. Each row's Detail shows how its last send went
//! (the relay's id, the reason it failed, or why it stayed Pending).

use std::collections::BTreeSet;

use leptos::prelude::*;
use reskontra_core::mailings::{Email, EmailId};
use reskontra_core::{Command, Ledger};

use super::{export_emails, relay_set, RelayMissing, SendRun};
use crate::delivery::confirm;
use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::route::{navigate, Route};

/// The number of the document an email is about.
fn document_of(ledger: &Ledger, email: &Email) -> String {
    email.document.and_then(|id| ledger.documents.get(&id)).map(|d| d.ref_nbr.clone()).unwrap_or_default()
}

/// The Detail cell: the status's time, relay id or reason; for an email the last run
/// left Pending (offline, cancelled) the reason it was not sent.
fn detail_of(email: &Email, result: Option<&Result<String, String>>) -> String {
    match (&email.status, result) {
        (reskontra_core::mailings::EmailStatus::Pending, Some(Err(reason))) => format!("Not sent: {reason}"),
        (status, _) => status.detail(),
    }
}

fn row_of(ledger: &Ledger, email: &Email, result: Option<&Result<String, String>>) -> TableRow {
    let customer = ledger.customers.get(&email.customer_id).map(|c| format!("{} {}", email.customer_id, c.name)).unwrap_or_else(|| email.customer_id.clone());
    TableRow {
        key: email.id.to_string(),
        cells: vec![
            email.id.to_string(),
            email.status.label().to_string(),
            detail_of(email, result),
            customer,
            email.mailing_id.clone(),
            document_of(ledger, email),
            reskontra_core::mailings::address::format_mailboxes(&email.to),
            email.subject.clone(),
            email.attachments.len().to_string(),
            email.prepared_on.to_string(),
        ],
    }
}

fn columns() -> Vec<Column> {
    vec![
        Column::text("No.", "56px"),
        Column::choice("Status", "100px"),
        Column::text("Detail", "1.5fr"),
        Column::text("Customer", "1.5fr"),
        Column::choice("Mailing", "100px"),
        Column::text("Document", "100px"),
        Column::text("To", "2fr"),
        Column::text("Subject", "2fr"),
        Column::figure("Files", "60px"),
        Column::text("Prepared", "100px"),
    ]
}

#[component]
pub fn PendingEmailsWindow() -> impl IntoView {
    let ctx = use_ledger();
    let selection = RwSignal::new(BTreeSet::<String>::new());
    let run = SendRun::new();
    let status = RwSignal::new(None::<(bool, String)>);
    let no_relay = RwSignal::new(false);
    let rows = Memo::new(move |_| {
        let results = run.results.get();
        ctx.ledger.with(|l| l.emails.values().map(|e| row_of(l, e, results.get(&e.id))).collect::<Vec<_>>())
    });
    let selected = move || selection.with_untracked(|s| s.iter().filter_map(|k| k.parse::<EmailId>().ok()).collect::<Vec<_>>());
    let all_of = move |keep: fn(&Email) -> bool| ctx.ledger.with_untracked(|l| l.emails.values().filter(|e| keep(e)).map(|e| e.id).collect::<Vec<_>>());
    let send = move |ids: Vec<EmailId>| {
        if !relay_set(ctx) {
            no_relay.set(true);
            return;
        }
        no_relay.set(false);
        status.set(None);
        if ids.is_empty() {
            status.set(Some((false, "Select the emails to send first.".to_string())));
            return;
        }
        run.start(ctx, ids);
    };
    let export = move |ids: Vec<EmailId>| {
        run.summary.set(None);
        export_emails(ctx, &ids, move |result| {
            status.set(Some(match result {
                Ok(text) => (true, text),
                Err(text) => (false, text),
            }))
        });
    };
    let delete = move |_| {
        let ids = selected();
        if ids.is_empty() {
            status.set(Some((false, "Select the emails to delete first.".to_string())));
            return;
        }
        let n = ids.len();
        if !confirm(&format!("Delete {n} email{}? They are removed from the queue and never sent.", if n == 1 { "" } else { "s" })) {
            return;
        }
        leptos::task::spawn_local(async move {
            match ctx.run(Command::DeleteEmails(ids)).await {
                Ok(_) => {
                    selection.set(BTreeSet::new());
                    status.set(Some((true, format!("Deleted {n} email{}.", if n == 1 { "" } else { "s" }))));
                }
                Err(found) => status.set(Some((false, found.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; ")))),
            }
        });
    };
    let count = move || selection.with(|s| s.len());
    let open = Callback::new(|key: String| {
        if let Ok(id) = key.parse::<EmailId>() {
            navigate(&Route::Email(id));
        }
    });
    view! {
        <div class="window list-window">
            <div class="toolbar">
                <h1>"Pending emails"</h1>
                <button class="button primary" data-testid="send-selected" on:click=move |_| send(selected()) prop:disabled=move || run.busy.get()
                    title="Send the selected emails through the mail relay">{move || format!("Send ({})", count())}</button>
                <button class="button" data-testid="send-all" on:click=move |_| send(all_of(|e| e.status.can_send())) prop:disabled=move || run.busy.get()
                    title="Send every email not sent yet: Pending, Failed, Exported, and those left Sending (a retry)">"Send all"</button>
                <button class="button" data-testid="export-selected" on:click=move |_| export(selected())
                    title="One email as an .eml file, several as one .zip of .eml files">{move || format!("Export ({})", count())}</button>
                <button class="button" data-testid="export-all" on:click=move |_| export(all_of(|e| e.status.is_editable()))
                    title="Every email not sent yet, as one .zip of .eml files">"Export all"</button>
                <button class="button" data-testid="delete-selected" on:click=delete prop:disabled=move || run.busy.get()>{move || format!("Delete ({})", count())}</button>
                <span class="summary" data-testid="send-summary" role="status">{move || run.summary.get()}</span>
            </div>
            <RelayMissing shown=no_relay />
            {run.progress_line()}
            {move || status.get().map(|(ok, text)| view! { <p class=if ok { "status ok" } else { "status error" } data-testid="emails-status" role="status">{text}</p> })}
            <DataTable testid="emails" columns=columns() rows=rows on_open=open selection=selection
                empty=|| view! {
                    <div class="empty" data-testid="emails-empty">
                        <p>"No emails waiting. Emails prepared from invoices, statements and mass mailings wait here until you send or export them; nothing is sent when it is prepared."</p>
                        <p><a class="button" href="#/invoices">"Go to invoices"</a></p>
                    </div>
                } />
        </div>
    }
}
