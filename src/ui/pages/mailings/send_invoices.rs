//! Send invoices (AR508000, SPEC R11): invoices, debit notes and credit notes of
//! customers who want them emailed (or printed), not yet emailed (printed). *Preview*
//! shows who gets what and who gets nothing before anything happens; *Process* and
//! *Process all* put the emails in the Pending emails queue, in parts with a progress
//! bar and Cancel between parts (what is queued stays queued, nothing is half made),
//! and mark the documents Emailed; for printing they open one print-ready page of all
//! chosen documents. Documents can also be marked as not to be emailed (printed).

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;
use reskontra_core::documents::document::DocId;
use reskontra_core::documents::invoice_delivery::documents_to_deliver;
use reskontra_core::mailings::queue::{plan_documents, Plan};
use reskontra_core::reports::rows::Money;
use reskontra_core::Command;

use super::prepare::{nonce, prepare};
use crate::delivery::confirm;
use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::{use_ledger, LedgerCtx};
use crate::ui::route::{document_route, navigate, Route};

/// Documents prepared per commit: each part is one `QueueEmails`.
const PART: usize = 20;

/// One row's result: `Ok(what was done)` or why not.
type Outcome = Result<String, String>;

#[component]
pub fn SendInvoicesWindow() -> impl IntoView {
    let ctx = use_ledger();
    let print = RwSignal::new(false);
    let mailing = RwSignal::new("INVOICE".to_string());
    let selection = RwSignal::new(BTreeSet::<String>::new());
    let results = RwSignal::new(BTreeMap::<u32, Outcome>::new());
    let preview = RwSignal::new(None::<Vec<String>>);
    let busy = RwSignal::new(false);
    let summary = RwSignal::new(None::<String>);
    let progress = RwSignal::new(0usize);
    let total = RwSignal::new(0usize);
    let cancel = RwSignal::new(false);
    let listed = Memo::new(move |_| ctx.ledger.with(|l| documents_to_deliver(l, print.get()).iter().map(|d| d.id).collect::<Vec<_>>()));
    let rows = Memo::new(move |_| {
        let outcome = results.get();
        let ids = listed.get();
        ctx.ledger.with(|l| {
            // The rows of the last run first, with their results, then the rest.
            let mut shown: Vec<DocId> = outcome.keys().map(|k| DocId(*k)).collect();
            shown.extend(ids.iter().filter(|id| !outcome.contains_key(&id.0)));
            shown
                .iter()
                .filter_map(|id| l.documents.get(id))
                .map(|d| TableRow {
                    key: d.id.0.to_string(),
                    cells: vec![
                        d.doc_type.label().to_string(),
                        d.ref_nbr.clone(),
                        d.customer_id.clone(),
                        l.customers.get(&d.customer_id).map(|c| c.name.clone()).unwrap_or_default(),
                        d.date.to_string(),
                        d.status.label().to_string(),
                        d.currency.clone(),
                        Money::of(l, d.total, &d.currency).plain(),
                        match outcome.get(&d.id.0) {
                            Some(Ok(done)) => format!("✓ {done}"),
                            Some(Err(why)) => format!("✗ {why}"),
                            None => String::new(),
                        },
                    ],
                })
                .collect::<Vec<_>>()
        })
    });
    let chosen = move |all: bool| -> Vec<DocId> {
        if all {
            listed.get_untracked()
        } else {
            selection.get_untracked().iter().filter_map(|k| k.parse::<u32>().ok()).map(DocId).collect()
        }
    };
    let show_preview = move |_| {
        let ids = if selection.with_untracked(|s| s.is_empty()) { chosen(true) } else { chosen(false) };
        let today = ctx.business_date_untracked();
        let lines = ctx
            .ledger
            .with_untracked(|l| plan_documents(l, &ids, mailing.get_untracked().trim(), today).iter().flat_map(|p| describe(l, p)).collect::<Vec<_>>());
        preview.set(Some(lines));
    };
    let process = move |all: bool| {
        let ids = chosen(all);
        if ids.is_empty() {
            summary.set(Some("Select the documents first.".to_string()));
            return;
        }
        if print.get_untracked() {
            let keys: Vec<String> = ids.iter().map(|id| id.0.to_string()).collect();
            navigate(&Route::PrintInvoices(keys.join(",")));
            return;
        }
        busy.set(true);
        total.set(ids.len());
        progress.set(0);
        cancel.set(false);
        summary.set(None);
        let mailing_id = mailing.get_untracked().trim().to_uppercase();
        leptos::task::spawn_local(async move {
            let (queued, failed) = email_in_parts(ctx, ids, mailing_id, results, progress, cancel).await;
            selection.set(BTreeSet::new());
            let stopped = if cancel.get_untracked() { " Cancelled: the rest was left as it was." } else { "" };
            summary.set(Some(format!("Queued {} in Pending emails; {failed} document(s) not emailed.{stopped}", plural(queued, "email"))));
            busy.set(false);
        });
    };
    let mark_not = move |_| {
        let ids = chosen(false);
        if ids.is_empty() {
            summary.set(Some("Select the documents first.".to_string()));
            return;
        }
        let word = if print.get_untracked() { "printed" } else { "emailed" };
        if !confirm(&format!("Mark {} as not to be {word}? Nothing is sent or printed.", plural(ids.len(), "document"))) {
            return;
        }
        leptos::task::spawn_local(async move {
            match ctx.run(Command::MarkNotDelivered { ids: ids.clone(), print: print.get_untracked() }).await {
                Ok(_) => {
                    results.update(|r| r.extend(ids.iter().map(|id| (id.0, Ok(format!("marked as not to be {word}"))))));
                    selection.set(BTreeSet::new());
                    summary.set(Some(format!("Marked {} as not to be {word}.", plural(ids.len(), "document"))));
                }
                Err(problems) => summary.set(Some(problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; "))),
            }
        });
    };
    let open = Callback::new(move |key: String| {
        let target = key.parse::<u32>().ok().and_then(|id| ctx.ledger.with_untracked(|l| l.documents.get(&DocId(id)).map(|d| (d.doc_type, d.ref_nbr.clone()))));
        if let Some((doc_type, ref_nbr)) = target {
            navigate(&document_route(doc_type, &ref_nbr));
        }
    });
    let columns = vec![
        Column::choice("Type", "100px"),
        Column::text("Reference", "110px"),
        Column::text("Customer", "90px"),
        Column::text("Name", "minmax(10em, 2fr)"),
        Column::text("Date", "100px"),
        Column::choice("Status", "120px"),
        Column::choice("Currency", "80px"),
        Column::money("Total"),
        Column::text("Result", "minmax(10em, 2fr)"),
    ];
    view! {
        <div class="window list-window">
            <div class="toolbar">
                <h1>"Send invoices"</h1>
                <label class="inline-field">"Action "
                    <select data-testid="send-action" prop:disabled=move || busy.get()
                        on:change=move |ev| { print.set(event_target_value(&ev) == "print"); results.set(BTreeMap::new()); preview.set(None); selection.set(BTreeSet::new()); }>
                        <option value="email" selected=move || !print.get()>"Email invoice/note"</option>
                        <option value="print" selected=move || print.get()>"Print invoice/note"</option>
                    </select>
                </label>
                <Show when=move || !print.get()>
                    <label class="inline-field">"Mailing "
                        <input data-testid="send-mailing" size="14" prop:value=move || mailing.get() on:input=move |ev| mailing.set(event_target_value(&ev)) />
                    </label>
                    <button class="button" data-testid="send-preview" on:click=show_preview prop:disabled=move || busy.get()>"Preview"</button>
                </Show>
                <button class="button primary" data-testid="send-process" on:click=move |_| process(false) prop:disabled=move || busy.get()>
                    {move || format!("Process ({})", selection.with(|s| s.len()))}
                </button>
                <button class="button" data-testid="send-process-all" on:click=move |_| process(true) prop:disabled=move || busy.get() || listed.with(|l| l.is_empty())>"Process all"</button>
                <button class="button" data-testid="send-mark-not" on:click=mark_not prop:disabled=move || busy.get()>
                    {move || if print.get() { "Mark as not to be printed" } else { "Mark as not to be emailed" }}
                </button>
                <span class="summary" data-testid="send-summary" role="status">{move || summary.get()}</span>
            </div>
            <crate::ui::components::progress::ProgressLine testid="send-progress" cancel_testid="send-cancel"
                busy=busy.into() done=progress.into() total=total.into() cancel=cancel />
            {move || preview.get().map(|lines| view! {
                <section class="preview-panel" data-testid="send-preview-panel" aria-label="Who gets what">
                    <div class="preview-head">
                        <h2>"Who gets what"</h2>
                        <button class="button small" data-testid="send-preview-close" on:click=move |_| preview.set(None)>"Close"</button>
                    </div>
                    <ul>{lines.into_iter().map(|l| { let bad = l.contains(": nothing: "); view! { <li class:problem-text=bad>{l}</li> } }).collect_view()}</ul>
                </section>
            })}
            <DataTable
                testid="send"
                columns=columns
                rows=rows
                on_open=open
                selection=selection
                empty=move || view! {
                    <div class="empty" data-testid="send-empty">
                        <p>{move || if print.get() {
                            "Nothing to print: released invoices and notes of customers who get printed invoices, not printed yet, are listed here."
                        } else {
                            "Nothing to email: released invoices and notes of customers who get invoices by email, not emailed yet, are listed here."
                        }}</p>
                    </div>
                }
            />
        </div>
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// One line per email of a plan (who gets what), or why the document gets nothing.
fn describe(ledger: &reskontra_core::Ledger, plan: &Plan) -> Vec<String> {
    let what = plan.document.and_then(|id| ledger.documents.get(&id)).map(|d| format!("{} {}", d.doc_type.label(), d.ref_nbr)).unwrap_or_default();
    let customer = ledger.customers.get(&plan.customer_id).map(|c| format!("{} {}", c.id, c.name)).unwrap_or_else(|| plan.customer_id.clone());
    match &plan.emails {
        Err(why) => vec![format!("{what}, {customer}: nothing: {why}")],
        Ok(emails) => emails
            .iter()
            .map(|p| {
                let list = |l: &[reskontra_core::mailings::Mailbox]| l.iter().map(|m| m.display()).collect::<Vec<_>>().join(", ");
                let mut line = format!("{what}, {customer}: to {}", list(&p.email.to));
                for (label, l) in [("cc", &p.email.cc), ("bcc", &p.email.bcc)] {
                    if !l.is_empty() {
                        line.push_str(&format!("; {label} {}", list(l)));
                    }
                }
                let formats: Vec<&str> = p.reports.iter().map(|r| r.format.label()).collect();
                line.push_str(&format!("; {}", if p.report_in_body { "report in the body".to_string() } else { formats.join(", ") }));
                line
            })
            .collect(),
    }
}

/// Emails the documents in parts of [`PART`]: each part's emails are rendered, then
/// queued with the documents marked Emailed in one commit, while the next part is
/// rendered. A document whose plan or rendering fails gets its reason and is left as
/// it was. Returns (emails queued, documents not emailed).
async fn email_in_parts(
    ctx: LedgerCtx,
    ids: Vec<DocId>,
    mailing: String,
    results: RwSignal<BTreeMap<u32, Outcome>>,
    progress: RwSignal<usize>,
    cancel: RwSignal<bool>,
) -> (usize, usize) {
    let (mut queued, mut failed) = (0, 0);
    let mut parts = ids.chunks(PART);
    // The part rendered and not yet committed, and its number of documents.
    let mut waiting: Option<(RenderedPart, usize)> = None;
    loop {
        let next = if cancel.get_untracked() { None } else { parts.next() };
        let today = ctx.business_date_untracked();
        let render = async {
            match next {
                Some(part) => Some((render_part(ctx, part, &mailing, today).await, part.len())),
                None => None,
            }
        };
        let commit = async {
            if let Some((rendered, documents)) = waiting.take() {
                let (count, outcomes) = commit_part(ctx, rendered).await;
                queued += count;
                failed += outcomes.iter().filter(|(_, o)| o.is_err()).count();
                results.update(|r| r.extend(outcomes));
                progress.update(|p| *p += documents);
                crate::store::mark("mail:shown");
            }
        };
        let (rendered, ()) = futures::join!(render, commit);
        match rendered {
            Some(rendered) => waiting = Some(rendered),
            None => break,
        }
    }
    (queued, failed)
}

/// A part's emails, the documents they deliver, and each document's result so far.
struct RenderedPart {
    emails: Vec<reskontra_core::mailings::Email>,
    delivered: Vec<DocId>,
    outcomes: Vec<(u32, Outcome)>,
}

/// Plans and renders the emails of the documents `part`; the documents are rendered
/// side by side (the render workers take turns), each document's emails one after
/// another.
async fn render_part(ctx: LedgerCtx, part: &[DocId], mailing: &str, today: chrono::NaiveDate) -> RenderedPart {
    crate::store::mark("mail:part");
    let plans = ctx.ledger.with_untracked(|l| plan_documents(l, part, mailing, today));
    let made = futures::future::join_all(plans.into_iter().filter_map(|plan| {
        let id = plan.document?;
        Some(async move {
            let planned = match plan.emails {
                Err(why) => return (id, Err(why)),
                Ok(planned) => planned,
            };
            let mut made = Vec::new();
            for p in planned {
                match prepare(ctx, p).await {
                    Ok(email) => made.push(email),
                    Err(why) => return (id, Err(why)),
                }
            }
            (id, Ok(made))
        })
    }))
    .await;
    let mut rendered = RenderedPart { emails: Vec::new(), delivered: Vec::new(), outcomes: Vec::new() };
    for (id, result) in made {
        match result {
            Err(why) => rendered.outcomes.push((id.0, Err(why))),
            Ok(made) => {
                rendered.outcomes.push((id.0, Ok(format!("{} queued", plural(made.len(), "email")))));
                rendered.emails.extend(made);
                rendered.delivered.push(id);
            }
        }
    }
    crate::store::mark("mail:rendered");
    rendered
}

/// Queues a rendered part in one commit: (emails queued, each document's result).
async fn commit_part(ctx: LedgerCtx, part: RenderedPart) -> (usize, Vec<(u32, Outcome)>) {
    let RenderedPart { emails, delivered, outcomes } = part;
    let count = emails.len();
    crate::store::mark("mail:commit");
    let done = match ctx.run(Command::QueueEmails { emails, delivered, nonce: nonce() }).await {
        Ok(_) => (count, outcomes),
        Err(problems) => {
            let why = problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; ");
            (0, outcomes.into_iter().map(|(id, o)| (id, o.and_then(|_| Err(format!("not queued: {why}"))))).collect())
        }
    };
    crate::store::mark("mail:committed");
    done
}
