//! One email of the queue (SPEC R12.2): its preview (From, To, Cc, Bcc, Subject, Date,
//! the plain text, the HTML body in a sandboxed frame, the attachments to download or
//! open); while it has not left (Pending, Failed, Exported) its recipients, subject,
//! text and attachments can be edited, files added, and the email deleted. Send (or
//! Retry, for one left Sending) and Export work on it alone.

use leptos::prelude::*;
use reskontra_core::fields::{email as field, FieldPath, Name, Step};
use reskontra_core::mailings::queue::EmailDraft;
use reskontra_core::mailings::{Attachment, Email, EmailId, EmailStatus};
use reskontra_core::Command;
use wasm_bindgen::JsCast;

use super::{export_emails, relay_set, RelayMissing, SendRun};
use crate::ui::components::form::{Field, ProblemSummary};
use crate::ui::components::record::{delete_confirmed, DraftForm};
use crate::ui::context::use_ledger;
use crate::ui::route::{document_route, Route};

fn label_of(path: &FieldPath) -> String {
    match path.steps() {
        [Step::Name(Name::From)] => "From".into(),
        [Step::Name(Name::To)] => "To".into(),
        [Step::Name(Name::Cc)] => "Cc".into(),
        [Step::Name(Name::Bcc)] => "Bcc".into(),
        [Step::Name(Name::Subject)] => "Subject".into(),
        [Step::Name(Name::TextBody)] => "Text".into(),
        [Step::Name(Name::Attachments), Step::Index(i), ..] => format!("Attachment {}", i + 1),
        _ => path.to_string(),
    }
}

/// The pill colour of a status (the document statuses' colours).
fn pill_class(status: &EmailStatus) -> &'static str {
    match status {
        EmailStatus::Pending => "pill pending-email",
        EmailStatus::Sending { .. } => "pill balanced",
        EmailStatus::Sent { .. } => "pill open",
        EmailStatus::Failed { .. } => "pill voided",
        EmailStatus::Exported { .. } => "pill closed",
    }
}

/// A size as people read it: 812 bytes, 12.4 KB, 1.2 MB.
fn size_text(bytes: usize) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{:.1} KB", bytes as f64 / 1_000.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_000_000.0),
    }
}

#[component]
pub fn EmailWindow(id: EmailId) -> impl IntoView {
    let ctx = use_ledger();
    match ctx.ledger.with_untracked(|l| l.emails.get(&id).cloned()) {
        Some(email) => view! { <EmailRecord email=email /> }.into_any(),
        None => view! {
            <div class="window">
                <h1>{format!("Email {id}")}</h1>
                <p data-testid="email-missing">"There is no such email: it was deleted, or the address is wrong. "<a href="#/pending-emails">"Go to Pending emails"</a></p>
            </div>
        }
        .into_any(),
    }
}

#[component]
fn EmailRecord(email: Email) -> impl IntoView {
    let ctx = use_ledger();
    let id = email.id;
    let form = DraftForm::new(EmailDraft::from_email(&email), |_: &mut EmailDraft, _| {});
    form.follow_draft(move |l| l.emails.get(&id).map(EmailDraft::from_email));
    let stored = Memo::new(move |_| ctx.ledger.with(|l| l.emails.get(&id).cloned()));
    let editable = Signal::derive(move || stored.with(|e| e.as_ref().is_some_and(|e| e.status.is_editable())));
    let status = Memo::new(move |_| stored.with(|e| e.as_ref().map(|e| e.status.clone()).unwrap_or_default()));
    let run = SendRun::new();
    let no_relay = RwSignal::new(false);
    let line = RwSignal::new(None::<(bool, String)>);
    let save = move || {
        if !editable.get_untracked() {
            return;
        }
        form.run(
            Command::SaveEmail(form.current()),
            move |ctx, _| {
                if let Some(e) = ctx.ledger.with_untracked(|l| l.emails.get(&id).cloned()) {
                    let d = EmailDraft::from_email(&e);
                    form.draft.set(d.clone());
                    form.saved.set(d);
                }
                ctx.notify(format!("Email {id} saved"));
            },
            |_| {},
        )
    };
    let cancel = move || {
        form.draft.set(form.saved.get_untracked());
        form.problems.set(Vec::new());
    };
    let send = move |_| {
        line.set(None);
        if form.dirty.get_untracked() {
            line.set(Some((false, "Save your changes first: the email is sent as saved.".to_string())));
        } else if !relay_set(ctx) {
            no_relay.set(true);
        } else {
            no_relay.set(false);
            run.start(ctx, vec![id]);
        }
    };
    let export = move |_| {
        run.summary.set(None);
        if form.dirty.get_untracked() {
            line.set(Some((false, "Save your changes first: the email is exported as saved.".to_string())));
        } else {
            line.set(None);
            export_emails(ctx, &[id], move |result| {
                line.set(Some(match result {
                    Ok(text) => (true, text),
                    Err(text) => (false, text),
                }))
            });
        }
    };
    let delete = move |_| {
        let subject = form.saved.with_untracked(|d| d.subject.clone());
        delete_confirmed(
            format!("Delete email {id} \"{subject}\"? It is removed from the queue and never sent."),
            Command::DeleteEmails(vec![id]),
            format!("Email {id} deleted"),
            Route::PendingEmails,
            form.problems,
        );
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "s" {
            ev.prevent_default();
            save();
        } else if ev.key() == "Escape" {
            cancel();
        }
    };
    let send_label = move || if matches!(status.get(), EmailStatus::Sending { .. }) { "Retry" } else { "Send" };
    view! {
        <div class="window record-window email-window" on:keydown=on_keydown>
            <div class="toolbar">
                <a class="button" href=Route::PendingEmails.href() data-testid="back">"← Pending emails"</a>
                <h1 data-testid="window-title">{format!("Email {id}")}</h1>
                <span class=move || pill_class(&status.get()) data-testid="status">{move || status.get().label()}</span>
                <span class="muted" data-testid="status-detail">{move || status.get().detail()}</span>
                <button class="button primary" data-testid="save" on:click=move |_| save() prop:disabled=move || !editable.get() title="Save (Ctrl+S)">"Save"</button>
                <button class="button" data-testid="cancel" on:click=move |_| cancel() prop:disabled=move || !editable.get() title="Undo unsaved changes (Esc)">"Cancel"</button>
                <button class="button" data-testid="send" on:click=send prop:disabled=move || run.busy.get() || !status.get().can_send()>{send_label}</button>
                <button class="button" data-testid="export" on:click=export title="Save as an .eml file for your mail program">"Export .eml"</button>
                <button class="button" data-testid="delete" on:click=delete prop:disabled=move || !editable.get()>"Delete"</button>
                <span class="dirty" data-testid="dirty" class:shown=move || form.dirty.get()>"Unsaved changes"</span>
                <span class="summary" data-testid="send-summary" role="status">{move || run.summary.get()}</span>
            </div>
            <RelayMissing shown=no_relay />
            {run.progress_line()}
            {move || run.results.with(|r| r.get(&id).cloned()).map(|result| match result {
                Ok(text) => view! { <p class="status ok" data-testid="send-result">{format!("✓ {text}")}</p> },
                Err(reason) => view! { <p class="status error" data-testid="send-result">{format!("✗ {reason}")}</p> },
            })}
            {move || line.get().map(|(ok, text)| view! { <p class=if ok { "status ok" } else { "status error" } data-testid="email-status" role="status">{text}</p> })}
            <ProblemSummary problems=form.problems label_of=label_of />
            {form.changed_elsewhere()}
            {header_fields(form, &email, editable)}
            {bodies(form, editable)}
            <Attachments form=form editable=editable />
        </div>
    }
}

/// One line of an address or subject, editable while the email is.
fn line_input(
    form: DraftForm<EmailDraft>,
    testid: &'static str,
    get: fn(&EmailDraft) -> &String,
    set: fn(&mut EmailDraft, String),
    editable: Signal<bool>,
) -> impl IntoView {
    let draft = form.draft;
    view! {
        <input type="text" data-testid=testid readonly=move || !editable.get()
            prop:value=move || draft.with(|d| get(d).clone()) on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev))) />
    }
}

/// The top part: sender, recipients, subject, and what the email belongs to.
fn header_fields(form: DraftForm<EmailDraft>, email: &Email, editable: Signal<bool>) -> impl IntoView {
    let ctx = use_ledger();
    let problems = form.problems;
    let customer = email.customer_id.clone();
    let customer_name = ctx.ledger.with_untracked(|l| l.customers.get(&customer).map(|c| c.name.clone()).unwrap_or_default());
    let document = email.document.and_then(|d| ctx.ledger.with_untracked(|l| l.documents.get(&d).map(|d| (d.doc_type, d.ref_nbr.clone()))));
    let from = email.from.display();
    let from_title = from.clone();
    let date = email.prepared_on.to_string();
    let mailing = if email.mailing_id.is_empty() { "Written by hand".to_string() } else { email.mailing_id.clone() };
    let message_id = format!("<{}>", email.message_id);
    let hint = "Separate addresses with ; — e.g. Kari Nordmann <kari@example.no>; ola@example.no";
    view! {
        <div class="top-part">
            <div class="form-grid">
                <Field label="From" name=field::FROM problems=problems wide=true>
                    <input type="text" data-testid="email-from" readonly=true prop:value=from title=from_title />
                </Field>
                <Field label="To" name=field::TO problems=problems wide=true>
                    {line_input(form, "email-to", |d| &d.to, |d, v| d.to = v, editable)}
                </Field>
                <Field label="Cc" name=field::CC problems=problems wide=true>
                    {line_input(form, "email-cc", |d| &d.cc, |d, v| d.cc = v, editable)}
                </Field>
                <Field label="Bcc" name=field::BCC problems=problems wide=true>
                    {line_input(form, "email-bcc", |d| &d.bcc, |d, v| d.bcc = v, editable)}
                </Field>
                <Field label="Subject" name=field::SUBJECT problems=problems wide=true required=true>
                    {line_input(form, "email-subject", |d| &d.subject, |d, v| d.subject = v, editable)}
                </Field>
                <div class="field wide hint">{hint}</div>
                <label class="field">
                    <span class="field-label">"Date"</span>
                    <input type="text" data-testid="email-date" readonly=true prop:value=date />
                </label>
                <div class="field">
                    <span class="field-label">"Customer"</span>
                    <a href=Route::Customer(Some(customer.clone())).href() data-testid="email-customer">{format!("{customer} {customer_name}")}</a>
                </div>
                <div class="field">
                    <span class="field-label">"Document"</span>
                    {match document {
                        Some((t, r)) => view! { <a href=document_route(t, &r).href() data-testid="email-document">{format!("{} {r}", t.label())}</a> }.into_any(),
                        None => view! { <span class="muted" data-testid="email-document">"None"</span> }.into_any(),
                    }}
                </div>
                <div class="field">
                    <span class="field-label">"Mailing"</span>
                    <span data-testid="email-mailing">{mailing}</span>
                </div>
                <div class="field wide">
                    <span class="field-label">"Message-ID"</span>
                    <span class="muted message-id" data-testid="email-message-id">{message_id}</span>
                </div>
            </div>
        </div>
    }
}

/// The plain text (editable) and the HTML body (shown in a sandboxed frame: no
/// scripts, no forms, no access to the app).
fn bodies(form: DraftForm<EmailDraft>, editable: Signal<bool>) -> impl IntoView {
    let (draft, problems) = (form.draft, form.problems);
    let html = move || draft.with(|d| d.html_body.clone());
    view! {
        <section class="tab-section email-bodies">
            <Field label="Text" name=field::TEXT_BODY problems=problems wide=true>
                <textarea class="email-text" data-testid="email-text" rows="8" readonly=move || !editable.get()
                    prop:value=move || draft.with(|d| d.text_body.clone()) on:input=move |ev| draft.update(|d| d.text_body = event_target_value(&ev))></textarea>
            </Field>
            {move || (!html().is_empty()).then(|| view! {
                <div class="field wide">
                    <span class="field-label">"HTML (as the recipient sees it)"</span>
                    <iframe class="email-html" sandbox="" title="The email's HTML body" data-testid="email-html" srcdoc=html()></iframe>
                </div>
            })}
        </section>
    }
}

/// The attachments: download or open each, remove one, add files while editable.
#[component]
fn Attachments(form: DraftForm<EmailDraft>, editable: Signal<bool>) -> impl IntoView {
    let draft = form.draft;
    let problem = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(list) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        leptos::task::spawn_local(async move {
            for file in files {
                let (file_name, mime) = (file.name(), file.type_());
                match crate::delivery::read_file_bytes(file).await {
                    Ok(bytes) => {
                        let mime = if mime.is_empty() { "application/octet-stream".to_string() } else { mime };
                        draft.update(|d| d.attachments.push(Attachment { file_name, mime, bytes }));
                        problem.set(None);
                    }
                    Err(e) => problem.set(Some(format!("{file_name} could not be read: {e}"))),
                }
            }
        });
    };
    let rows = move || draft.with(|d| d.attachments.iter().enumerate().map(|(i, a)| attachment_row(form, i, a, editable)).collect_view());
    view! {
        <section class="tab-section">
            <h2>"Attachments"</h2>
            {move || draft.with(|d| d.attachments.is_empty()).then(|| view! { <p class="muted" data-testid="no-attachments">"No attachments."</p> })}
            <ul class="attachments" data-testid="attachments">{rows}</ul>
            {move || editable.get().then(|| view! {
                <label class="button file-button">
                    "Add files…"
                    <input type="file" multiple=true data-testid="add-attachment" on:change=add />
                </label>
            })}
            <span class="field-error" data-testid="attachment-error">{move || problem.get()}</span>
        </section>
    }
}

fn attachment_row(form: DraftForm<EmailDraft>, i: usize, a: &Attachment, editable: Signal<bool>) -> impl IntoView {
    let (draft, ctx) = (form.draft, use_ledger());
    let message = crate::ui::messages::message_for(&form.problems.get_untracked(), &field::attachment_name(i));
    let (name, mime, size) = (a.file_name.clone(), a.mime.clone(), a.bytes.len());
    let is_pdf = mime == "application/pdf";
    let bytes = StoredValue::new(a.bytes.clone());
    let (download_name, download_mime, open_mime) = (name.clone(), mime.clone(), mime.clone());
    let download = move |_| {
        if let Err(e) = bytes.with_value(|b| crate::delivery::download_bytes(&download_name, &download_mime, b)) {
            ctx.notify(format!("The file could not be saved: {e}"));
        }
    };
    let open = move |_| {
        if let Err(e) = bytes.with_value(|b| crate::delivery::open_bytes(&open_mime, b)) {
            ctx.notify(format!("The file could not be opened: {e}"));
        }
    };
    view! {
        <li class="attachment" data-testid="attachment">
            <span class="attachment-name" data-testid="attachment-name" title=name.clone()>{name.clone()}</span>
            <span class="muted">{format!("{mime} · {}", size_text(size))}</span>
            <button class="link-button" data-testid="attachment-download" on:click=download>"Download"</button>
            {is_pdf.then(|| view! { <button class="link-button" data-testid="attachment-open" on:click=open>"Open"</button> })}
            {move || editable.get().then(|| view! {
                <button class="link-button" data-testid="attachment-remove" on:click=move |_| draft.update(|d| { if i < d.attachments.len() { d.attachments.remove(i); } })>"Remove"</button>
            })}
            {message.map(|m| view! { <span class="field-error">{m}</span> })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(812), "812 bytes");
        assert_eq!(size_text(12_400), "12.4 KB");
        assert_eq!(size_text(1_300_000), "1.3 MB");
    }
}
