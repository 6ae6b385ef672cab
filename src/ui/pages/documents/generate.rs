//! Generate recurring transactions (AR504000, R7.3–R7.5): the active schedules with
//! their next execution date; *Run selected* / *Run all* generate at most one
//! occurrence per schedule (the earliest due and not yet generated); with a range
//! (*Start on*, *Stop* on a date or after a number) every date of the range gets its
//! document, future dates included. *Preview* shows what a run would make (the
//! number, date and total of each document, or why it cannot be made) before anything
//! is generated. Missed occurrences (due and not generated) are listed at the top,
//! with *Generate one per schedule*, *Generate all missed* or leaving them.

use std::collections::BTreeSet;

use leptos::prelude::*;
use reskontra_core::fields::{schedule as field, FieldPath};
use reskontra_core::schedules::generate::{missed_occurrences, next_execution, preview, PreviewRow, RangeDraft, Stop};
use reskontra_core::schedules::ScheduleId;
use reskontra_core::{Command, Problem};

use crate::ui::components::form::{Field, ProblemSummary};
use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::pages::base_currency;
use crate::ui::route::{document_route, navigate, Route};

fn label_of(path: &FieldPath) -> String {
    match path.to_string().as_str() {
        "start_on" => "Start on".into(),
        "stop_on" => "Stop on".into(),
        "count" => "Number of runs".into(),
        other => other.to_string(),
    }
}

/// Schedules per commit of a run.
const PART: usize = 25;

/// What a run made or would make, for the summary line.
fn count_text(n: usize) -> String {
    if n == 1 {
        "1 document".to_string()
    } else {
        format!("{n} documents")
    }
}

#[component]
pub fn GenerateWindow() -> impl IntoView {
    let ctx = use_ledger();
    let selection = RwSignal::new(BTreeSet::<String>::new());
    let problems = RwSignal::new(Vec::<Problem>::new());
    let summary = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let cancel = RwSignal::new(false);
    let done = RwSignal::new(0usize);
    let total = RwSignal::new(0usize);
    let range = RwSignal::new(RangeDraft { stop_on_date: true, ..RangeDraft::default() });
    let use_range = RwSignal::new(false);
    let shown_preview = RwSignal::new(None::<Vec<PreviewRow>>);
    let decimals = ctx.ledger.with_untracked(|l| base_currency(l).1);
    let rows = Memo::new(move |_| {
        ctx.ledger.with(|l| {
            l.schedules
                .values()
                .filter(|s| s.active && !s.templates.is_empty())
                .map(|s| TableRow {
                    key: s.id.0.to_string(),
                    cells: vec![
                        s.id.to_string(),
                        s.description.clone(),
                        s.recurrence.label().to_string(),
                        s.templates.len().to_string(),
                        s.last_executed_on.map(|d| d.to_string()).unwrap_or_default(),
                        next_execution(l, s).map(|d| d.to_string()).unwrap_or_else(|| "None left".to_string()),
                    ],
                })
                .collect::<Vec<_>>()
        })
    });
    let missed = Memo::new(move |_| {
        let today = ctx.business_date();
        ctx.ledger.with(|l| missed_occurrences(l, today))
    });
    let chosen = move || selection.get_untracked().iter().filter_map(|k| k.parse::<u32>().ok()).map(ScheduleId).collect::<Vec<_>>();
    // The run the window's fields describe: `None` is a plain run.
    let ranged = move || -> Result<Option<(Option<chrono::NaiveDate>, Stop)>, Vec<Problem>> {
        if use_range.get_untracked() {
            range.get_untracked().parse().map(Some)
        } else {
            Ok(None)
        }
    };
    let show_preview = move |ids: Vec<ScheduleId>| {
        summary.set(None);
        let run = match ranged() {
            Ok(run) => run,
            Err(found) => return problems.set(found),
        };
        let today = ctx.business_date_untracked();
        match ctx.ledger.with_untracked(|l| preview(l, &ids, run, today)) {
            Ok(rows) => {
                problems.set(Vec::new());
                shown_preview.set(Some(rows));
            }
            Err(found) => problems.set(found),
        }
    };
    // A run goes in parts of [`PART`] schedules, each part one commit (its occurrences
    // and their documents together), with a progress bar and Cancel between parts.
    let run =
        move |ids: Vec<ScheduleId>, run: Option<(Option<chrono::NaiveDate>, Stop)>| {
            if busy.get_untracked() {
                return;
            }
            // Empty: every active schedule with templates, as the core takes empty.
            let ids = if ids.is_empty() {
                ctx.ledger.with_untracked(|l| l.schedules.values().filter(|s| s.active && !s.templates.is_empty()).map(|s| s.id).collect::<Vec<_>>())
            } else {
                ids
            };
            busy.set(true);
            summary.set(None);
            cancel.set(false);
            done.set(0);
            total.set(ids.len());
            leptos::task::spawn_local(async move {
                let mut made = 0;
                let mut refused = Vec::new();
                for part in ids.chunks(PART) {
                    if cancel.get_untracked() {
                        break;
                    }
                    let command = match run {
                        None => Command::RunSchedules(part.to_vec()),
                        Some((start_on, stop)) => Command::GenerateRange { ids: part.to_vec(), start_on, stop },
                    };
                    match ctx.run(command).await {
                        Ok(change) => made += change
                            .puts
                            .iter()
                            .filter(
                                |r| matches!(r, reskontra_core::Record::Document(d) if d.status == reskontra_core::documents::document::DocStatus::Balanced),
                            )
                            .count(),
                        Err(found) => refused.extend(found),
                    }
                    done.update(|d| *d += part.len());
                }
                let stopped = if cancel.get_untracked() { " Cancelled: the schedules not run yet were left as they were." } else { "" };
                if refused.is_empty() {
                    problems.set(Vec::new());
                    shown_preview.set(None);
                }
                problems.set(refused);
                summary.set(Some(if made == 0 {
                    format!("Nothing was due: no document was generated.{stopped}")
                } else {
                    format!("Generated {}.{stopped}", count_text(made))
                }));
                if made > 0 {
                    ctx.notify(format!("Generated {}", count_text(made)));
                }
                busy.set(false);
            });
        };
    let run_fields = move |ids: Vec<ScheduleId>| match ranged() {
        Ok(r) => run(ids, r),
        Err(found) => problems.set(found),
    };
    let run_selected = move |_| {
        let ids = chosen();
        if ids.is_empty() {
            summary.set(Some("Select the schedules to run first.".to_string()));
        } else {
            run_fields(ids);
        }
    };
    let numbers = move || ctx.numbers();
    let preview_table = move || {
        shown_preview.get().map(|rows| {
            let made = rows.iter().filter(|r| r.problem.is_none()).count();
            let items = rows
                .iter()
                .map(|r| {
                    let (schedule, on, customer) = (r.schedule.to_string(), r.on.to_string(), r.customer_id.clone());
                    let what = match &r.problem {
                        None => format!("{} {} · {} {}", r.doc_type.label(), r.ref_nbr, numbers().amount(r.total, decimals), r.currency),
                        Some(why) => format!("cannot be made: {why}"),
                    };
                    view! {
                        <li class:problem-text=r.problem.is_some() data-testid="generate-preview-row">
                            {format!("{on} · schedule {schedule} · customer {customer} · {what}")}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="preview-panel" data-testid="generate-preview" aria-label="What the run makes">
                    <div class="preview-head">
                        <h2>{if rows.is_empty() { "Nothing is due".to_string() } else { format!("The run makes {}", count_text(made)) }}</h2>
                        <button class="button small" data-testid="generate-preview-close" on:click=move |_| shown_preview.set(None)>"Close"</button>
                    </div>
                    <ul>{items}</ul>
                </section>
            }
        })
    };
    let missed_panel = move || {
        let list = missed.get();
        let total: usize = list.iter().map(|m| m.dates.len()).sum();
        (total > 0).then(|| {
            let lines = list
                .iter()
                .map(|m| {
                    let dates: Vec<String> = m.dates.iter().take(6).map(|d| d.to_string()).collect();
                    let more = m.dates.len().saturating_sub(6);
                    let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
                    let description = ctx.ledger.with_untracked(|l| l.schedules.get(&m.schedule).map(|s| s.description.clone()).unwrap_or_default());
                    view! { <li>{format!("Schedule {} {description}: {}{tail}", m.schedule, dates.join(", "))}</li> }
                })
                .collect_view();
            let today = ctx.business_date_untracked();
            view! {
                <section class="preview-panel" data-testid="missed-occurrences" aria-label="Missed occurrences">
                    <div class="preview-head">
                        <h2 data-testid="missed-count">{format!("{total} missed occurrence{}", if total == 1 { "" } else { "s" })}</h2>
                    </div>
                    <p class="hint">"These dates are due and have no document yet. Generate them now, one per schedule at a time, or all of them; or leave them and run later."</p>
                    <ul>{lines}</ul>
                    <div class="button-row">
                        <button class="button" data-testid="missed-preview" on:click=move |_| { use_range.set(false); show_preview(Vec::new()) } prop:disabled=move || busy.get()>"Preview one per schedule"</button>
                        <button class="button" data-testid="missed-one" on:click=move |_| run(Vec::new(), None) prop:disabled=move || busy.get()>"Generate one per schedule"</button>
                        <button class="button primary" data-testid="missed-all" on:click=move |_| run(Vec::new(), Some((None, Stop::OnDate(today)))) prop:disabled=move || busy.get()>"Generate all missed"</button>
                    </div>
                </section>
            }
        })
    };
    let columns = vec![
        Column::text("Schedule", "90px"),
        Column::text("Description", "2fr"),
        Column::choice("Type", "110px"),
        Column::figure("Documents", "100px"),
        Column::text("Last executed", "120px"),
        Column::text("Next execution", "130px"),
    ];
    view! {
        <div class="window list-window">
            <div class="toolbar">
                <h1 data-testid="window-title">"Generate recurring transactions"</h1>
                <button class="button" data-testid="generate-preview-button" on:click=move |_| { let ids = chosen(); show_preview(ids) } prop:disabled=move || busy.get()>
                    {move || if selection.with(|s| s.is_empty()) { "Preview all".to_string() } else { format!("Preview ({})", selection.with(|s| s.len())) }}
                </button>
                <button class="button primary" data-testid="run-selected" on:click=run_selected prop:disabled=move || busy.get()>
                    {move || format!("Run selected ({})", selection.with(|s| s.len()))}
                </button>
                <button class="button" data-testid="run-all" on:click=move |_| run_fields(Vec::new()) prop:disabled=move || busy.get()>"Run all"</button>
                <span class="summary" data-testid="generate-summary" role="status">{move || summary.get()}</span>
            </div>
            <crate::ui::components::progress::ProgressLine testid="generate-progress" cancel_testid="generate-cancel"
                busy=busy.into() done=done.into() total=total.into() cancel=cancel />
            <ProblemSummary problems=problems label_of=label_of />
            {missed_panel}
            <fieldset class="form-grid" data-testid="generate-range">
                <div class="field wide">
                    <label class="check">
                        <input type="checkbox" data-testid="generate-use-range" prop:checked=move || use_range.get()
                            on:change=move |ev| use_range.set(event_target_checked(&ev)) />
                        "Generate a range of dates (future dates included) instead of the next occurrence"
                    </label>
                </div>
                {move || use_range.get().then(|| view! {
                    <Field label="Start on" name=field::START_ON problems=problems>
                        <input type="date" data-testid="generate-start-on" prop:value=move || range.with(|r| r.start_on.clone())
                            on:input=move |ev| range.update(|r| r.start_on = event_target_value(&ev)) />
                    </Field>
                    <div class="field">
                        <span class="field-label">"Stop"</span>
                        <select data-testid="generate-stop" on:change=move |ev| range.update(|r| r.stop_on_date = event_target_value(&ev) == "date")>
                            <option value="date" selected=move || range.with(|r| r.stop_on_date)>"On this date"</option>
                            <option value="count" selected=move || range.with(|r| !r.stop_on_date)>"After running this number of times"</option>
                        </select>
                    </div>
                    {move || if range.with(|r| r.stop_on_date) {
                        view! {
                            <Field label="Stop on" name=field::STOP_ON problems=problems required=true>
                                <input type="date" data-testid="generate-stop-on" prop:value=move || range.with(|r| r.stop_on.clone())
                                    on:input=move |ev| range.update(|r| r.stop_on = event_target_value(&ev)) />
                            </Field>
                        }.into_any()
                    } else {
                        view! {
                            <Field label="Number of runs per schedule" name=field::COUNT problems=problems required=true>
                                <input type="text" inputmode="numeric" data-testid="generate-count" prop:value=move || range.with(|r| r.count.clone())
                                    on:input=move |ev| range.update(|r| r.count = event_target_value(&ev)) />
                            </Field>
                        }.into_any()
                    }}
                })}
            </fieldset>
            {preview_table}
            <DataTable
                testid="generate"
                columns=columns
                rows=rows
                on_open=Callback::new(|id: String| {
                    if let Ok(n) = id.parse() {
                        navigate(&Route::Schedule(Some(n)))
                    }
                })
                selection=selection
                empty=|| view! {
                    <div class="empty" data-testid="generate-empty">
                        <p>"No active schedule has documents to generate. Make one in "<a href="#/schedules">"Recurring transactions"</a>"."</p>
                    </div>
                }
            />
        </div>
    }
}

/// The link to a generated document, for the schedule's Generated documents tab.
pub fn generated_href(doc: &reskontra_core::documents::document::Document) -> String {
    document_route(doc.doc_type, &doc.ref_nbr).href()
}
