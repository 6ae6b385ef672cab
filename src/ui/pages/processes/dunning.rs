//! Prepare dunning letters (SPEC R9.2, AR522000): at a date, one letter per customer
//! whose overdue debit documents reached a dunning level above their last letter's
//! (the levels are days overdue, in Preferences). The list shows each letter's level,
//! documents, amount and how it goes out; a row opens the letter below the list.
//! *Process* (the chosen) and *Process all* go in parts with a progress bar: each part
//! renders its DUNNINGLETTER emails, then records the documents' new levels and queues
//! the emails in one commit, so the next run escalates instead of repeating. The
//! printed letters then show as one print-ready page for *Print*.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use leptos::prelude::*;
use reskontra_core::base::problem::parse_date;
use reskontra_core::mailings::queue::plan_one;
use reskontra_core::reports::dunning::{prepare_dunning, DunningLetter, DUNNING_MAILING};
use reskontra_core::Command;

use super::statements::{delivery_text, done_text, not_processed};
use crate::ui::components::progress::ProgressLine;
use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::{use_ledger, LedgerCtx};
use crate::ui::pages::mailings::prepare::{nonce, prepare_from, Source};
use crate::ui::route::{document_route, navigate};

/// Letters per commit.
const PART: usize = 25;

#[component]
pub fn DunningWindow() -> impl IntoView {
    let ctx = use_ledger();
    let date = RwSignal::new(ctx.business_date_untracked().to_string());
    let selection = RwSignal::new(BTreeSet::<String>::new());
    let results = RwSignal::new(BTreeMap::<String, Result<String, String>>::new());
    let printed = RwSignal::new(Vec::<DunningLetter>::new());
    let shown = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let summary = RwSignal::new(None::<String>);
    let progress = RwSignal::new(0usize);
    let total = RwSignal::new(0usize);
    let cancel = RwSignal::new(false);
    let parsed = Memo::new(move |_| parse_date(&date.get()));
    let letters = Memo::new(move |_| match parsed.get() {
        Ok(on) => ctx.ledger.with(|l| prepare_dunning(l, on, None)),
        Err(_) => Vec::new(),
    });
    let rows = Memo::new(move |_| {
        let outcome = results.get();
        letters.with(|letters| {
            letters
                .iter()
                .map(|l| TableRow {
                    key: l.customer_id.clone(),
                    cells: vec![
                        l.customer_id.clone(),
                        l.customer_name.clone(),
                        l.level.to_string(),
                        l.documents.len().to_string(),
                        l.documents.iter().map(|d| d.days_overdue).max().unwrap_or_default().to_string(),
                        l.total.currency.clone(),
                        l.total.plain(),
                        delivery_text(&l.delivery),
                        match outcome.get(&l.customer_id) {
                            Some(Ok(done)) => format!("✓ {done}"),
                            Some(Err(why)) => format!("✗ {why}"),
                            None => String::new(),
                        },
                    ],
                })
                .collect::<Vec<_>>()
        })
    });
    let process = move |all: bool| {
        let Ok(on) = parsed.get_untracked() else { return };
        let chosen: Vec<String> = if all {
            letters.with_untracked(|l| l.iter().filter(|l| l.delivery.goes_out()).map(|l| l.customer_id.clone()).collect())
        } else {
            selection.get_untracked().into_iter().collect()
        };
        if chosen.is_empty() {
            summary.set(Some("Select the letters first (only letters that can be printed or emailed go out).".to_string()));
            return;
        }
        if !crate::delivery::confirm(&format!(
            "Process {} dunning letter(s) on {on}? Emails go to Pending emails; the documents' dunning levels are recorded.",
            chosen.len()
        )) {
            return;
        }
        busy.set(true);
        total.set(chosen.len());
        progress.set(0);
        cancel.set(false);
        summary.set(None);
        printed.set(Vec::new());
        leptos::task::spawn_local(async move {
            let (done, queued) = process_in_parts(ctx, on, chosen, results, printed, progress, cancel).await;
            selection.set(BTreeSet::new());
            let stopped = if cancel.get_untracked() { " Cancelled: the rest was left as it was." } else { "" };
            let to_print = printed.with_untracked(Vec::len);
            summary.set(Some(format!("Processed {done} letter(s): {queued} email(s) in Pending emails, {to_print} to print.{stopped}")));
            busy.set(false);
        });
    };
    let open = Callback::new(move |key: String| shown.set(Some(key)));
    let columns = vec![
        Column::text("Customer", "90px"),
        Column::text("Name", "minmax(10em, 2fr)"),
        Column::figure("Level", "64px"),
        Column::figure("Documents", "96px"),
        Column::figure("Days overdue", "110px"),
        Column::choice("Cur.", "60px"),
        Column::money("Amount"),
        Column::text("Delivery", "minmax(10em, 2fr)"),
        Column::text("Result", "minmax(8em, 1fr)"),
    ];
    let levels = move || ctx.ledger.with(|l| l.settings.dunning_levels.iter().map(u32::to_string).collect::<Vec<_>>().join(", "));
    view! {
        <div class="window list-window dunning-window">
            <div class="toolbar">
                <h1>"Prepare dunning letters"</h1>
                <button class="button primary" data-testid="dunning-process" on:click=move |_| process(false) prop:disabled=move || busy.get() || parsed.with(|p| p.is_err())>
                    {move || format!("Process ({})", selection.with(|s| s.len()))}
                </button>
                <button class="button" data-testid="dunning-process-all" on:click=move |_| process(true) prop:disabled=move || busy.get() || letters.with(|l| l.is_empty())>"Process all"</button>
                <span class="summary" data-testid="dunning-summary" role="status">{move || summary.get()}</span>
            </div>
            <fieldset class="form-grid no-print" prop:disabled=move || busy.get()>
                <label class="field">
                    <span class="field-label">"Date"</span>
                    <input class="date" data-testid="dunning-date" aria-describedby="dunning-date-error" prop:value=move || date.get()
                        class:invalid=move || parsed.with(|p| p.is_err())
                        on:change=move |ev| { date.set(event_target_value(&ev)); results.set(BTreeMap::new()); shown.set(None); } />
                    {move || parsed.get().err().map(|e| view! { <span class="field-error" id="dunning-date-error" data-testid="error-dunning-date">{e}</span> })}
                </label>
                <p class="hint field-wide" data-testid="dunning-plan">{move || {
                    let (n, stuck) = letters.with(|l| (l.len(), l.iter().filter(|l| !l.delivery.goes_out()).count()));
                    format!("{n} letter(s), {stuck} with no way to go out. Levels at {} days overdue (Preferences).", levels())
                }}</p>
            </fieldset>
            <ProgressLine testid="dunning-progress" cancel_testid="dunning-cancel" busy=busy.into() done=progress.into() total=total.into() cancel=cancel />
            <DataTable testid="dunning" columns=columns rows=rows on_open=open selection=selection
                empty=|| view! { <div class="empty" data-testid="dunning-empty"><p>"No dunning letters on this date: customers with overdue invoices that reached a new level are listed here."</p></div> } />
            {move || shown.get().and_then(|id| letters.with(|l| l.iter().find(|l| l.customer_id == id).cloned())).map(|letter| view! {
                <section class="print-stack no-print" data-testid="dunning-letter" aria-label="The letter">
                    <div class="toolbar"><h2>{format!("Letter to {} {}", letter.customer_id, letter.customer_name)}</h2>
                        <button class="button small" data-testid="dunning-letter-close" on:click=move |_| shown.set(None)>"Close"</button></div>
                    <LetterPaper letter=letter />
                </section>
            })}
            <PrintedLetters printed=printed />
        </div>
    }
}

async fn process_in_parts(
    ctx: LedgerCtx,
    on: NaiveDate,
    customers: Vec<String>,
    results: RwSignal<BTreeMap<String, Result<String, String>>>,
    printed: RwSignal<Vec<DunningLetter>>,
    progress: RwSignal<usize>,
    cancel: RwSignal<bool>,
) -> (usize, usize) {
    let (mut processed, mut queued) = (0, 0);
    for part in customers.chunks(PART) {
        if cancel.get_untracked() {
            break;
        }
        let today = ctx.business_date_untracked();
        let letters = ctx.ledger.with_untracked(|l| prepare_dunning(l, on, Some(part)));
        let mut emails = Vec::new();
        let mut outcomes: Vec<(String, Result<String, String>)> = Vec::new();
        let mut ready = Vec::new();
        // The part's letters are rendered side by side (the render workers take turns).
        let made_all = futures::future::join_all(letters.iter().map(|letter| async move {
            if letter.delivery.goes_out() {
                letter_emails(ctx, letter, today).await
            } else {
                Err(delivery_text(&letter.delivery))
            }
        }))
        .await;
        for (letter, made) in letters.iter().zip(made_all) {
            let id = letter.customer_id.clone();
            match made {
                Ok(made) => {
                    let what = done_text(letter.delivery.print, made.len());
                    emails.extend(made);
                    ready.push(id.clone());
                    outcomes.push((id, Ok(what)));
                }
                Err(why) => outcomes.push((id, Err(why))),
            }
        }
        outcomes.extend(part.iter().filter(|c| !letters.iter().any(|l| &l.customer_id == *c)).map(|c| (c.clone(), Err("no letter any more".to_string()))));
        if !ready.is_empty() {
            let count = emails.len();
            match ctx.run(Command::ProcessDunning { date: on, customers: ready.clone(), emails, nonce: nonce() }).await {
                Ok(_) => {
                    processed += ready.len();
                    queued += count;
                    printed.update(|p| p.extend(letters.iter().filter(|l| l.delivery.print && ready.contains(&l.customer_id)).cloned()));
                }
                Err(problems) => not_processed(&mut outcomes, &ready, &problems),
            }
        }
        results.update(|r| r.extend(outcomes));
        progress.update(|p| *p += part.len());
    }
    (processed, queued)
}

/// The letter's DUNNINGLETTER emails when it is emailed (none when only printed).
async fn letter_emails(ctx: LedgerCtx, letter: &DunningLetter, today: NaiveDate) -> Result<Vec<reskontra_core::mailings::Email>, String> {
    match &letter.delivery.email {
        Some(Ok(_)) => {}
        Some(Err(why)) if !letter.delivery.print => return Err(why.clone()),
        _ => return Ok(Vec::new()),
    }
    let planned = ctx.ledger.with_untracked(|l| plan_one(l, &letter.customer_id, None, DUNNING_MAILING, today)).emails?;
    let source = Source::Letter(Box::new(letter.clone()));
    let mut made = Vec::new();
    for p in planned {
        made.push(prepare_from(ctx, p, &source).await?);
    }
    Ok(made)
}

#[component]
fn PrintedLetters(printed: RwSignal<Vec<DunningLetter>>) -> impl IntoView {
    move || {
        let list = printed.get();
        (!list.is_empty()).then(|| {
            view! {
                <section class="print-stack" data-testid="dunning-printed" aria-label="Letters to print">
                    <div class="toolbar no-print">
                        <h2>{format!("{} letter(s) to print", list.len())}</h2>
                        <button class="button primary" data-testid="dunning-print" on:click=move |_| crate::delivery::print_page()>"Print"</button>
                    </div>
                    {list.into_iter().map(|l| view! { <LetterPaper letter=l /> }).collect_view()}
                </section>
            }
        })
    }
}

/// One dunning letter on paper: the overdue documents, their days and levels, the total.
#[component]
pub fn LetterPaper(letter: DunningLetter) -> impl IntoView {
    let ctx = use_ledger();
    let numbers = ctx.numbers_untracked();
    let rows = letter
        .documents
        .iter()
        .map(|d| {
            let href = document_route(d.doc_type, &d.ref_nbr);
            view! {
                <tr>
                    <td>{d.doc_type.label()}</td>
                    <td><a href=href.href() on:click=move |ev| { ev.prevent_default(); navigate(&href) }>{d.ref_nbr.clone()}</a></td>
                    <td>{d.date.to_string()}</td>
                    <td>{d.due_date.to_string()}</td>
                    <td class="num">{numbers.count(d.days_overdue.max(0) as usize)}</td>
                    <td class="num">{d.level.to_string()}</td>
                    <td>{d.balance.currency.clone()}</td>
                    <td class="num">{d.balance.shown(numbers)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <article class="invoice-page" data-testid="dunning-paper">
            <header class="invoice-head">
                <div class="invoice-company">{letter.company_name.clone()}</div>
                <div class="invoice-title"><h1>"Reminder"</h1><div class="muted">{format!("Level {}", letter.level)}</div></div>
            </header>
            <section class="invoice-parties">
                <div class="invoice-to">
                    <div class="invoice-name">{letter.customer_name.clone()}</div>
                    {letter.address.iter().map(|l| view! { <div>{l.clone()}</div> }).collect_view()}
                    <div class="muted">{format!("Customer {}", letter.customer_id)}</div>
                </div>
                <dl class="invoice-facts"><dt>"Date"</dt><dd>{letter.date.to_string()}</dd></dl>
            </section>
            <p>"According to our records the following documents are overdue. Please pay them, or let us know if you have already done so."</p>
            <table class="invoice-lines">
                <thead><tr><th>"Type"</th><th>"Reference"</th><th>"Date"</th><th>"Due date"</th><th class="num">"Days overdue"</th><th class="num">"Level"</th><th>"Currency"</th><th class="num">"Balance"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <table class="invoice-totals"><tbody>
                <tr class="invoice-total"><td>{format!("Total {}", letter.total.currency)}</td><td class="num" data-testid="dunning-total">{letter.total.shown(numbers)}</td></tr>
            </tbody></table>
        </article>
    }
}
