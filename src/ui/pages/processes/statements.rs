//! Print statements (SPEC R9.1, AR503500): a statement cycle and a statement date; the
//! preview lists every statement the run makes, a row per customer and currency, with
//! its type, figures and how it goes out (printed, emailed to whom, or why it cannot
//! be). *Process* (the chosen customers) and *Process all* go in parts of
//! [`PART`] customers with a progress bar and Cancel between parts: each part renders
//! its emails (the STATEMENT or STATEMENTMC mailing, the statement attached), then
//! records the customers' last statements and queues the emails in one commit. The
//! printed statements of the run then show as one print-ready page, a statement per
//! sheet, for *Print*.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use reskontra_core::base::problem::parse_date;
use reskontra_core::customers::customer::StatementType;
use reskontra_core::mailings::queue::plan_one;
use reskontra_core::reports::statement::{prepare_statements, PlannedStatement, Statement, StatementDelivery};
use reskontra_core::settings::periods::StatementCycle;
use reskontra_core::Command;

use crate::ui::components::progress::ProgressLine;
use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::{use_ledger, LedgerCtx};
use crate::ui::pages::mailings::prepare::{nonce, prepare_from, Source};
use crate::ui::route::{navigate, Route};

/// Customers per commit.
const PART: usize = 25;

/// The statement date a cycle suggests on `today`: its day this month when that has
/// come, else its day last month.
pub fn suggested_date(cycle: &StatementCycle, today: NaiveDate) -> NaiveDate {
    let this = cycle.prepare_on.date_in(today.year(), today.month()).filter(|d| *d <= today);
    let (year, month) = if today.month() == 1 { (today.year() - 1, 12) } else { (today.year(), today.month() - 1) };
    this.or_else(|| cycle.prepare_on.date_in(year, month)).unwrap_or(today)
}

/// How a statement (or letter) goes out, as its row says it.
pub fn delivery_text(delivery: &StatementDelivery) -> String {
    let email = match &delivery.email {
        Some(Ok(to)) => Some(format!("email to {}", to.join(", "))),
        Some(Err(why)) => Some(format!("no email: {why}")),
        None => None,
    };
    match (delivery.print, email) {
        (true, Some(e)) => format!("Print; {e}"),
        (true, None) => "Print".to_string(),
        (false, Some(e)) => capitalise(&e),
        (false, None) => "Neither printed nor emailed".to_string(),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[component]
pub fn StatementsWindow() -> impl IntoView {
    let ctx = use_ledger();
    let first_cycle = ctx.ledger.with_untracked(|l| l.settings.statement_cycles.first().cloned());
    let today = ctx.business_date_untracked();
    let cycle = RwSignal::new(first_cycle.as_ref().map(|c| c.id.clone()).unwrap_or_default());
    let date = RwSignal::new(first_cycle.map(|c| suggested_date(&c, today)).unwrap_or(today).to_string());
    let selection = RwSignal::new(BTreeSet::<String>::new());
    let results = RwSignal::new(BTreeMap::<String, Result<String, String>>::new());
    let printed = RwSignal::new(Vec::<Statement>::new());
    let busy = RwSignal::new(false);
    let summary = RwSignal::new(None::<String>);
    let progress = RwSignal::new(0usize);
    let total = RwSignal::new(0usize);
    let cancel = RwSignal::new(false);
    let parsed = Memo::new(move |_| parse_date(&date.get()));
    let planned = Memo::new(move |_| -> Result<Vec<PlannedStatement>, String> {
        let on = parsed.get().map_err(|_| String::new())?;
        let id = cycle.get();
        ctx.ledger.with(|l| prepare_statements(l, &id, on))
    });
    // Customers whose last statement is later than the date: a run cannot go back.
    let later = Memo::new(move |_| -> BTreeMap<String, NaiveDate> {
        let Ok(on) = parsed.get() else { return BTreeMap::new() };
        ctx.ledger.with(|l| l.customers.values().filter_map(|c| c.last_statement.as_ref().filter(|s| s.date > on).map(|s| (c.id.clone(), s.date))).collect())
    });
    let rows = Memo::new(move |_| {
        let outcome = results.get();
        let later = later.get();
        planned.with(|p| {
            let Ok(p) = p else { return Vec::new() };
            p.iter()
                .flat_map(|plan| {
                    let s = &plan.statement;
                    let delivery = delivery_text(&plan.delivery);
                    let result = match (outcome.get(&s.customer_id), later.get(&s.customer_id)) {
                        (Some(Ok(done)), _) => format!("✓ {done}"),
                        (Some(Err(why)), _) => format!("✗ {why}"),
                        (None, Some(last)) => format!("✗ has a statement of {last}, after this date"),
                        (None, None) => String::new(),
                    };
                    s.sections.iter().map(move |section| TableRow {
                        key: format!("{}|{}", s.customer_id, section.currency),
                        cells: vec![
                            s.customer_id.clone(),
                            s.customer_name.clone(),
                            s.statement_type.label().to_string(),
                            section.currency.clone(),
                            section.opening.plain(),
                            section.debits.plain(),
                            section.credits.plain(),
                            section.closing.plain(),
                            delivery.clone(),
                            result.clone(),
                        ],
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    let count = move || planned.with(|p| p.as_ref().map(|p| p.len()).unwrap_or(0));
    let process = move |all: bool| {
        let chosen: Vec<String> = if all {
            planned.with_untracked(|p| p.as_ref().map(|p| p.iter().map(|s| s.statement.customer_id.clone()).collect()).unwrap_or_default())
        } else {
            let keys = selection.get_untracked();
            let mut ids: Vec<String> = keys.iter().filter_map(|k| k.split('|').next().map(str::to_string)).collect();
            ids.dedup();
            ids
        };
        let Ok(on) = parsed.get_untracked() else { return };
        if chosen.is_empty() {
            summary.set(Some("Select the statements first.".to_string()));
            return;
        }
        let question = format!(
            "Process {} statement(s) of cycle {} on {on}? Emails go to Pending emails; the customers' last statement date becomes {on}.",
            chosen.len(),
            cycle.get_untracked()
        );
        if !crate::delivery::confirm(&question) {
            return;
        }
        busy.set(true);
        total.set(chosen.len());
        progress.set(0);
        cancel.set(false);
        summary.set(None);
        printed.set(Vec::new());
        let cycle_id = cycle.get_untracked();
        leptos::task::spawn_local(async move {
            let done = process_in_parts(ctx, &cycle_id, on, chosen, results, printed, progress, cancel).await;
            selection.set(BTreeSet::new());
            let stopped = if cancel.get_untracked() { " Cancelled: the rest was left as it was." } else { "" };
            let to_print = printed.with_untracked(Vec::len);
            summary.set(Some(format!("Processed {} statement(s): {} email(s) in Pending emails, {to_print} to print.{stopped}", done.0, done.1)));
            busy.set(false);
        });
    };
    let open = Callback::new(move |key: String| {
        if let Some(c) = key.split('|').next() {
            navigate(&Route::CustomerDetails(Some(c.to_string())));
        }
    });
    let columns = vec![
        Column::text("Customer", "90px"),
        Column::text("Name", "minmax(8em, 1fr)"),
        Column::choice("Type", "120px"),
        Column::choice("Cur.", "60px"),
        Column { width: "112px", ..Column::money("Opening") },
        Column { width: "112px", ..Column::money("Debits") },
        Column { width: "112px", ..Column::money("Credits") },
        Column { width: "112px", ..Column::money("Closing") },
        Column::text("Delivery", "minmax(12em, 2fr)"),
        Column::text("Result", "minmax(10em, 1fr)"),
    ];
    let cycles = move || ctx.ledger.with(|l| l.settings.statement_cycles.iter().map(|c| (c.id.clone(), c.description.clone())).collect::<Vec<_>>());
    let choose_cycle = move |ev| {
        let id = event_target_value(&ev);
        if let Some(c) = ctx.ledger.with_untracked(|l| l.settings.statement_cycle(&id).cloned()) {
            date.set(suggested_date(&c, ctx.business_date_untracked()).to_string());
        }
        cycle.set(id);
        results.set(BTreeMap::new());
        selection.set(BTreeSet::new());
    };
    view! {
        <div class="window list-window statements-window">
            <div class="toolbar">
                <h1>"Print statements"</h1>
                <button class="button primary" data-testid="statements-process" on:click=move |_| process(false) prop:disabled=move || busy.get() || parsed.with(|p| p.is_err())>
                    {move || format!("Process ({})", selection.with(|s| s.iter().filter_map(|k| k.split('|').next()).collect::<BTreeSet<_>>().len()))}
                </button>
                <button class="button" data-testid="statements-process-all" on:click=move |_| process(true) prop:disabled=move || busy.get() || count() == 0>"Process all"</button>
                <span class="summary" data-testid="statements-summary" role="status">{move || summary.get()}</span>
            </div>
            <fieldset class="form-grid no-print" prop:disabled=move || busy.get()>
                <label class="field">
                    <span class="field-label">"Statement cycle"</span>
                    <select data-testid="statements-cycle" on:change=choose_cycle>
                        {move || cycles().into_iter().map(|(id, description)| {
                            let chosen = id.clone();
                            view! { <option value=id.clone() selected=move || cycle.get() == chosen>{format!("{id} – {description}")}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field-label">"Statement date"</span>
                    <input class="date" data-testid="statements-date" aria-describedby="statements-date-error" prop:value=move || date.get()
                        class:invalid=move || parsed.with(|p| p.is_err())
                        on:change=move |ev| { date.set(event_target_value(&ev)); results.set(BTreeMap::new()); } />
                    {move || parsed.get().err().map(|e| view! { <span class="field-error" id="statements-date-error" data-testid="error-statement-date">{e}</span> })}
                </label>
                <p class="hint field-wide" data-testid="statements-plan">{move || match planned.get() {
                    Ok(p) => {
                        let email = p.iter().filter(|s| matches!(s.delivery.email, Some(Ok(_)))).count();
                        let print = p.iter().filter(|s| s.delivery.print).count();
                        let stuck = p.iter().filter(|s| !s.delivery.goes_out()).count();
                        let late = later.with(|l| p.iter().filter(|s| l.contains_key(&s.statement.customer_id)).count());
                        let late = if late == 0 { String::new() } else { format!(" {late} already have a later statement and cannot be processed on this date.") };
                        format!("{} statement(s): {email} by email, {print} printed, {stuck} with no way to go out.{late}", p.len())
                    }
                    Err(e) if e.is_empty() => String::new(),
                    Err(e) => e,
                }}</p>
            </fieldset>
            <ProgressLine testid="statements-progress" cancel_testid="statements-cancel" busy=busy.into() done=progress.into() total=total.into() cancel=cancel />
            <DataTable testid="statements" columns=columns rows=rows on_open=open selection=selection
                empty=|| view! { <div class="empty" data-testid="statements-empty"><p>"No statements for this cycle and date: customers of the cycle who get printed or emailed statements, with a balance or activity, are listed here."</p></div> } />
            <PrintedStatements printed=printed />
        </div>
    }
}

/// Processes `customers` in parts; returns (statements processed, emails queued).
#[allow(clippy::too_many_arguments)]
async fn process_in_parts(
    ctx: LedgerCtx,
    cycle: &str,
    on: NaiveDate,
    customers: Vec<String>,
    results: RwSignal<BTreeMap<String, Result<String, String>>>,
    printed: RwSignal<Vec<Statement>>,
    progress: RwSignal<usize>,
    cancel: RwSignal<bool>,
) -> (usize, usize) {
    let (mut processed, mut queued) = (0, 0);
    for part in customers.chunks(PART) {
        if cancel.get_untracked() {
            break;
        }
        let today = ctx.business_date_untracked();
        // This part's statements as they are now (the ledger may have moved on).
        let plans: Vec<PlannedStatement> = ctx.ledger.with_untracked(|l| {
            prepare_statements(l, cycle, on).map(|all| all.into_iter().filter(|p| part.contains(&p.statement.customer_id)).collect()).unwrap_or_default()
        });
        let mut emails = Vec::new();
        let mut outcomes: Vec<(String, Result<String, String>)> = Vec::new();
        let mut ready = Vec::new();
        // The part's statements are rendered side by side (the render workers take turns).
        let made_all = futures::future::join_all(plans.iter().map(|plan| statement_emails(ctx, plan, today))).await;
        for (plan, made) in plans.iter().zip(made_all) {
            let id = plan.statement.customer_id.clone();
            match made {
                Ok(made) => {
                    let what = done_text(plan.delivery.print, made.len());
                    emails.extend(made);
                    ready.push(id.clone());
                    outcomes.push((id, Ok(what)));
                }
                Err(why) => outcomes.push((id, Err(why))),
            }
        }
        let missing: Vec<String> = part.iter().filter(|c| !plans.iter().any(|p| &p.statement.customer_id == *c)).cloned().collect();
        outcomes.extend(missing.into_iter().map(|c| (c, Err("no statement any more".to_string()))));
        if !ready.is_empty() {
            let count = emails.len();
            let command = Command::ProcessStatements { cycle: cycle.to_string(), date: on, customers: ready.clone(), emails, nonce: nonce() };
            match ctx.run(command).await {
                Ok(_) => {
                    processed += ready.len();
                    queued += count;
                    let to_print: Vec<Statement> =
                        plans.iter().filter(|p| p.delivery.print && ready.contains(&p.statement.customer_id)).map(|p| p.statement.clone()).collect();
                    printed.update(|p| p.extend(to_print));
                }
                Err(problems) => not_processed(&mut outcomes, &ready, &problems),
            }
        }
        results.update(|r| r.extend(outcomes));
        progress.update(|p| *p += part.len());
    }
    (processed, queued)
}

/// A row's result when its part was refused: the customers made ready were not processed.
pub fn not_processed(outcomes: &mut [(String, Result<String, String>)], ready: &[String], problems: &[reskontra_core::Problem]) {
    let why = problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; ");
    for (_, o) in outcomes.iter_mut().filter(|(id, _)| ready.contains(id)) {
        *o = Err(format!("not processed: {why}"));
    }
}

/// What was done for a statement or letter: printed, emailed, or both.
pub fn done_text(print: bool, emails: usize) -> String {
    match (print, emails) {
        (true, 0) => "to print".to_string(),
        (true, n) => format!("to print, {n} email(s) queued"),
        (false, n) => format!("{n} email(s) queued"),
    }
}

/// The statement's emails (its mailing, the statement attached) when it is emailed;
/// `Err` when it should be emailed and cannot, and is not printed either.
async fn statement_emails(ctx: LedgerCtx, plan: &PlannedStatement, today: NaiveDate) -> Result<Vec<reskontra_core::mailings::Email>, String> {
    match &plan.delivery.email {
        Some(Ok(_)) => {}
        Some(Err(why)) if !plan.delivery.print => return Err(why.clone()),
        _ if plan.delivery.print => return Ok(Vec::new()),
        _ => return Err("the customer gets statements neither printed nor emailed".to_string()),
    }
    let s = &plan.statement;
    let emails = ctx.ledger.with_untracked(|l| plan_one(l, &s.customer_id, None, &s.mailing_id, today)).emails?;
    let source = Source::Statement(Box::new(s.clone()));
    let mut made = Vec::new();
    for planned in emails {
        made.push(prepare_from(ctx, planned, &source).await?);
    }
    Ok(made)
}

/// The statements of the last run that go on paper: one sheet each.
#[component]
fn PrintedStatements(printed: RwSignal<Vec<Statement>>) -> impl IntoView {
    let print = move |_| crate::delivery::print_page();
    move || {
        let list = printed.get();
        (!list.is_empty()).then(|| {
            view! {
                <section class="print-stack" data-testid="statements-printed" aria-label="Statements to print">
                    <div class="toolbar no-print">
                        <h2>{format!("{} statement(s) to print", list.len())}</h2>
                        <button class="button primary" data-testid="statements-print" on:click=print>"Print"</button>
                    </div>
                    {list.into_iter().map(|s| view! { <StatementPaper statement=s /> }).collect_view()}
                </section>
            }
        })
    }
}

/// One statement on paper: company, customer, a section per currency with its lines
/// (Balance brought forward: the opening balance first), the closing balance and, for
/// Open item, the closing broken down by ageing period.
#[component]
pub fn StatementPaper(statement: Statement) -> impl IntoView {
    let ctx = use_ledger();
    let numbers = ctx.numbers_untracked();
    let consolidated = statement.customers.len() > 1;
    let forward = statement.statement_type == StatementType::BalanceBroughtForward;
    let sections = statement
        .sections
        .iter()
        .map(|section| {
            let lines = section
                .lines
                .iter()
                .map(|l| {
                    view! {
                        <tr>
                            <td>{l.date.to_string()}</td>
                            {consolidated.then(|| view! { <td>{l.customer_id.clone()}</td> })}
                            <td>{l.description.clone()}</td>
                            <td>{l.ref_nbr.clone()}</td>
                            <td>{l.due_date.map(|d| d.to_string()).unwrap_or_default()}</td>
                            <td>{l.ageing.clone()}</td>
                            <td class="num">{l.amount.shown(numbers)}</td>
                        </tr>
                    }
                })
                .collect_view();
            let span = if consolidated { "6" } else { "5" };
            let ageing = (!forward && !section.ageing.is_empty()).then(|| {
                let titles = statement.titles.clone();
                view! {
                    <table class="invoice-lines statement-ageing">
                        <thead><tr>{titles.iter().map(|t| view! { <th class="num">{t.clone()}</th> }).collect_view()}</tr></thead>
                        <tbody><tr>{section.ageing.iter().map(|m| view! { <td class="num">{m.shown(numbers)}</td> }).collect_view()}</tr></tbody>
                    </table>
                }
            });
            view! {
                <h2 class="statement-currency">{section.currency.clone()}</h2>
                <table class="invoice-lines">
                    <thead><tr>
                        <th>"Date"</th>
                        {consolidated.then(|| view! { <th>"Customer"</th> })}
                        <th>"Description"</th><th>"Reference"</th><th>"Due date"</th><th>"Ageing"</th><th class="num">"Amount"</th>
                    </tr></thead>
                    <tbody>
                        {forward.then(|| view! { <tr><td colspan=span>"Balance brought forward"</td><td class="num">{section.opening.shown(numbers)}</td></tr> })}
                        {lines}
                    </tbody>
                </table>
                <table class="invoice-totals">
                    <tbody>
                        <tr><td>"Debits"</td><td class="num">{section.debits.shown(numbers)}</td></tr>
                        <tr><td>"Credits"</td><td class="num">{section.credits.shown(numbers)}</td></tr>
                        <tr class="invoice-total"><td>{format!("Balance {}", section.currency)}</td><td class="num" data-testid="statement-closing">{section.closing.shown(numbers)}</td></tr>
                    </tbody>
                </table>
                {ageing}
            }
        })
        .collect_view();
    view! {
        <article class="invoice-page" data-testid="statement-paper">
            <header class="invoice-head">
                <div>
                    <div class="invoice-company">{statement.company_name.clone()}</div>
                    {statement.company_address.iter().map(|l| view! { <div class="muted">{l.clone()}</div> }).collect_view()}
                </div>
                <div class="invoice-title"><h1>"Statement"</h1><div class="muted">{statement.statement_type.label()}</div></div>
            </header>
            <section class="invoice-parties">
                <div class="invoice-to">
                    <div class="invoice-name">{statement.customer_name.clone()}</div>
                    {statement.address.iter().map(|l| view! { <div>{l.clone()}</div> }).collect_view()}
                    <div class="muted">{format!("Customer {}", statement.customer_id)}</div>
                </div>
                <dl class="invoice-facts">
                    <dt>"Statement date"</dt><dd>{statement.date.to_string()}</dd>
                    {statement.previous_date.map(|d| view! { <dt>"Since"</dt><dd>{d.to_string()}</dd> })}
                    <dt>"Cycle"</dt><dd>{statement.cycle_id.clone()}</dd>
                </dl>
            </section>
            {sections}
        </article>
    }
}
