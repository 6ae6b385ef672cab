//! One schedule (Recurring transactions, AR203500, R7.1–R7.2): description, start,
//! expiration or *Never expires*, execution limit or *No limit*, active; the type
//! (daily, weekly on chosen days, monthly on a day or the Nth weekday, by financial
//! period); read-only last executed on, next execution date and times executed. The
//! Document list tab holds the templates (added by number; adding makes the document
//! Scheduled, removing makes it Voided, on Save); the Generated documents tab lists
//! what the schedule made, each opening its document. *Run now* generates the earliest
//! due occurrence. `#/schedules/new?doc=<id>` is *Add to schedule* from a document.

use chrono::Weekday;
use leptos::prelude::*;
use reskontra_core::documents::document::DocId;
use reskontra_core::fields::{schedule as field, FieldPath, Step};
use reskontra_core::schedules::draft::{template_problem, MonthOn, PeriodOn, ScheduleDraft, ScheduleType};
use reskontra_core::schedules::generate::next_execution;
use reskontra_core::schedules::recurrence::Nth;
use reskontra_core::schedules::ScheduleId;
use reskontra_core::{Command, Problem, ProblemKind, Record};

use crate::ui::components::form::{Field, ProblemSummary};
use crate::ui::components::record::{delete_confirmed, Draft, DraftForm};
use crate::ui::context::use_ledger;
use crate::ui::route::{document_route, hash_param, navigate, Route};

impl Draft for ScheduleDraft {}

const WEEKDAYS: [(Weekday, &str); 7] = [
    (Weekday::Mon, "Monday"),
    (Weekday::Tue, "Tuesday"),
    (Weekday::Wed, "Wednesday"),
    (Weekday::Thu, "Thursday"),
    (Weekday::Fri, "Friday"),
    (Weekday::Sat, "Saturday"),
    (Weekday::Sun, "Sunday"),
];

const NTHS: [Nth; 5] = [Nth::First, Nth::Second, Nth::Third, Nth::Fourth, Nth::Last];

fn label_of(path: &FieldPath) -> String {
    let name = match path.steps().first() {
        Some(Step::Name(_)) => path.to_string(),
        _ => return path.to_string(),
    };
    match name.as_str() {
        "description" => "Description".into(),
        "start" => "Start date".into(),
        "expires" => "Expiration date".into(),
        "limit" => "Execution limit".into(),
        "every" => "Every".into(),
        "weekdays" => "Days of the week".into(),
        "day" => "Day of the month".into(),
        "period_day" => "Day of the period".into(),
        other if other.starts_with("templates") => "Document list".into(),
        other => other.to_string(),
    }
}

#[component]
pub fn ScheduleWindow(id: Option<u32>) -> impl IntoView {
    let ctx = use_ledger();
    let today = ctx.business_date_untracked();
    let original = match id {
        Some(n) => match ctx.ledger.with_untracked(|l| l.schedules.get(&ScheduleId(n)).map(ScheduleDraft::from_schedule)) {
            Some(d) => d,
            None => {
                return view! {
                    <div class="window empty"><h1>{format!("Schedule {:06}", n)}</h1>
                    <p data-testid="schedule-missing">"There is no such schedule. "<a href="#/schedules">"Go to Recurring transactions"</a></p></div>
                }
                .into_any()
            }
        },
        None => {
            let doc = hash_param("doc").and_then(|d| d.parse::<u32>().ok()).and_then(|d| ctx.ledger.with_untracked(|l| l.documents.get(&DocId(d)).cloned()));
            doc.map(|d| ScheduleDraft::for_document(&d)).unwrap_or_else(|| ScheduleDraft::new(today))
        }
    };
    let form = DraftForm::new(original, |_: &mut ScheduleDraft, _| {});
    if let Some(n) = id {
        form.follow_draft(move |l| l.schedules.get(&ScheduleId(n)).map(ScheduleDraft::from_schedule));
    }
    let (draft, problems) = (form.draft, form.problems);
    let stored = Memo::new(move |_| draft.with(|d| d.id).and_then(|sid| ctx.ledger.with(|l| l.schedules.get(&sid).cloned())));
    let tab = RwSignal::new("documents");
    let save = move || {
        form.run(
            Command::SaveSchedule(form.current()),
            move |ctx, change| {
                let saved = change.puts.iter().find_map(|r| if let Record::Schedule(s) = r { Some(s.clone()) } else { None });
                if let Some(s) = saved {
                    let d = ScheduleDraft::from_schedule(&s);
                    form.saved.set(d.clone());
                    form.draft.set(d);
                    ctx.notify(format!("Schedule {} saved", s.id));
                    if id.is_none() {
                        navigate(&Route::Schedule(Some(s.id.0)));
                    }
                }
            },
            |_| {},
        )
    };
    let run_now = move |_| {
        let Some(sid) = draft.with_untracked(|d| d.id) else { return };
        if form.dirty.get_untracked() {
            return problems.set(vec![Problem::form(ProblemKind::Other, "Save your changes first: the schedule runs as saved.")]);
        }
        form.run(
            Command::RunSchedules(vec![sid]),
            move |ctx, change| {
                let made = change.puts.iter().filter(|r| matches!(r, Record::Document(_))).count();
                ctx.notify(if made == 0 { "Nothing was due".to_string() } else { format!("Generated {made} document{}", if made == 1 { "" } else { "s" }) });
                tab.set("generated");
            },
            |_| {},
        )
    };
    let delete = move |_| {
        let Some(sid) = draft.with_untracked(|d| d.id) else { return };
        delete_confirmed(
            format!("Delete schedule {sid}? Its template documents become Voided and are never used again."),
            Command::DeleteSchedule(sid),
            format!("Schedule {sid} deleted"),
            Route::Schedules,
            problems,
        )
    };
    let title = move || draft.with(|d| d.id.map(|s| format!("Schedule {s}")).unwrap_or_else(|| "New schedule".to_string()));
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "s" {
            ev.prevent_default();
            save();
        }
    };
    view! {
        <div class="window record-window" on:keydown=on_keydown>
            <div class="toolbar">
                <h1 data-testid="window-title">{title}</h1>
                <button class="button primary" data-testid="save" on:click=move |_| save() title="Save (Ctrl+S)">"Save"</button>
                <button class="button" data-testid="run-now" on:click=run_now prop:disabled=move || stored.with(|s| s.is_none())
                    title="Generate the earliest occurrence that is due and not generated yet">"Run now"</button>
                <button class="button" data-testid="delete" on:click=delete prop:disabled=move || stored.with(|s| s.as_ref().is_none_or(|s| !s.generated.is_empty()))
                    title="Only a schedule that has generated nothing can be deleted; make it inactive instead">"Delete"</button>
                <a class="button" href=Route::Schedule(None).href() data-testid="new">"New"</a>
                <span class="dirty" data-testid="dirty" class:shown=move || form.dirty.get()>"Unsaved changes"</span>
            </div>
            <ProblemSummary problems=problems label_of=label_of />
            {form.changed_elsewhere()}
            <div class="top-part">
                {fields(draft, problems)}
                <div class="figures">
                    <div class="figure"><div class="figure-label">"Last executed on"</div>
                        <div class="figure-value" data-testid="schedule-last">{move || stored.with(|s| s.as_ref().and_then(|s| s.last_executed_on).map(|d| d.to_string()).unwrap_or_else(|| "Never".to_string()))}</div></div>
                    <div class="figure"><div class="figure-label">"Next execution date"</div>
                        <div class="figure-value" data-testid="schedule-next">{move || stored.with(|s| s.as_ref().map(|s| ctx.ledger.with(|l| next_execution(l, s).map(|d| d.to_string()).unwrap_or_else(|| "None left".to_string()))).unwrap_or_default())}</div></div>
                    <div class="figure"><div class="figure-label">"Times executed"</div>
                        <div class="figure-value" data-testid="schedule-times">{move || stored.with(|s| s.as_ref().map(|s| s.times_executed).unwrap_or(0).to_string())}</div></div>
                </div>
            </div>
            <div class="tabs" role="tablist">
                <button role="tab" class="tab" data-testid="tab-documents" class:active=move || tab.get() == "documents" aria-selected=move || (tab.get() == "documents").to_string()
                    on:click=move |_| tab.set("documents")>"Document list"</button>
                <button role="tab" class="tab" data-testid="tab-generated" class:active=move || tab.get() == "generated" aria-selected=move || (tab.get() == "generated").to_string()
                    on:click=move |_| tab.set("generated")>"Generated documents"</button>
            </div>
            {move || if tab.get() == "documents" { document_list(draft, problems).into_any() } else { generated(stored).into_any() }}
        </div>
    }
    .into_any()
}

/// The schedule's own fields.
fn fields(draft: RwSignal<ScheduleDraft>, problems: RwSignal<Vec<Problem>>) -> impl IntoView {
    let text = move |testid: &'static str, get: fn(&ScheduleDraft) -> String, set: fn(&mut ScheduleDraft, String)| {
        view! { <input type="text" data-testid=testid prop:value=move || draft.with(get) on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev))) /> }
    };
    let kind = move || draft.with(|d| d.schedule_type);
    view! {
        <fieldset class="form-grid">
            <Field label="Description" name=field::DESCRIPTION problems=problems wide=true>
                {text("schedule-description", |d| d.description.clone(), |d, v| d.description = v)}
            </Field>
            <Field label="Start date" name=field::START problems=problems required=true>
                <input type="date" data-testid="schedule-start" prop:value=move || draft.with(|d| d.start.clone()) on:input=move |ev| draft.update(|d| d.start = event_target_value(&ev)) />
            </Field>
            <Field label="Expiration date (empty: never expires)" name=field::EXPIRES problems=problems>
                <input type="date" data-testid="schedule-expires" prop:value=move || draft.with(|d| d.expires.clone()) on:input=move |ev| draft.update(|d| d.expires = event_target_value(&ev)) />
            </Field>
            <Field label="Execution limit (empty: no limit)" name=field::LIMIT problems=problems>
                <input type="text" inputmode="numeric" data-testid="schedule-limit" prop:value=move || draft.with(|d| d.limit.clone()) on:input=move |ev| draft.update(|d| d.limit = event_target_value(&ev)) />
            </Field>
            <div class="field">
                <label class="check"><input type="checkbox" data-testid="schedule-active" prop:checked=move || draft.with(|d| d.active)
                    on:change=move |ev| draft.update(|d| d.active = event_target_checked(&ev)) />"Active"</label>
            </div>
            <label class="field">
                <span class="field-label">"Schedule type"</span>
                <select data-testid="schedule-type" on:change=move |ev| draft.update(|d| d.schedule_type = match event_target_value(&ev).as_str() {
                    "daily" => ScheduleType::Daily, "weekly" => ScheduleType::Weekly, "period" => ScheduleType::ByPeriod, _ => ScheduleType::Monthly })>
                    <option value="daily" selected=move || kind() == ScheduleType::Daily>"Daily"</option>
                    <option value="weekly" selected=move || kind() == ScheduleType::Weekly>"Weekly"</option>
                    <option value="monthly" selected=move || kind() == ScheduleType::Monthly>"Monthly"</option>
                    <option value="period" selected=move || kind() == ScheduleType::ByPeriod>"By financial period"</option>
                </select>
            </label>
            <Field label="Every" name=field::EVERY problems=problems required=true>
                <span class="with-unit">
                    <input type="text" inputmode="numeric" data-testid="schedule-every" prop:value=move || draft.with(|d| d.every.clone()) on:input=move |ev| draft.update(|d| d.every = event_target_value(&ev)) />
                    <span class="unit" data-testid="schedule-every-unit">{move || unit_of(kind())}</span>
                </span>
            </Field>
            {move || match kind() {
                ScheduleType::Daily => ().into_any(),
                ScheduleType::Weekly => weekly(draft, problems).into_any(),
                ScheduleType::Monthly => monthly(draft, problems).into_any(),
                ScheduleType::ByPeriod => by_period(draft, problems).into_any(),
            }}
        </fieldset>
    }
}

/// The unit of *Every N*.
fn unit_of(kind: ScheduleType) -> &'static str {
    match kind {
        ScheduleType::Daily => "days",
        ScheduleType::Weekly => "weeks",
        ScheduleType::Monthly => "months",
        ScheduleType::ByPeriod => "financial periods",
    }
}

fn weekly(draft: RwSignal<ScheduleDraft>, problems: RwSignal<Vec<Problem>>) -> impl IntoView {
    let boxes = WEEKDAYS
        .iter()
        .map(|(day, name)| {
            let day = *day;
            view! {
                <label class="check"><input type="checkbox" data-testid=format!("schedule-weekday-{}", name.to_lowercase())
                    prop:checked=move || draft.with(|d| d.weekdays.contains(&day))
                    on:change=move |ev| { let on = event_target_checked(&ev); draft.update(|d| { d.weekdays.retain(|w| *w != day); if on { d.weekdays.push(day) } }) } />{*name}</label>
            }
        })
        .collect_view();
    // A group, not a `Field`: a label may not hold the days' own labels.
    view! {
        <div class="field wide days" role="group" aria-label="On these days">
            <span class="field-label">"On these days *"</span>
            <span class="check-row">{boxes}</span>
            {crate::ui::components::bind::cell_error(problems, field::WEEKDAYS)}
        </div>
    }
}

fn weekday_select(testid: &'static str, get: impl Fn() -> Weekday + Copy + Send + Sync + 'static, set: impl Fn(Weekday) + Copy + 'static) -> impl IntoView {
    view! {
        <select data-testid=testid on:change=move |ev| { let v = event_target_value(&ev); if let Some((d, _)) = WEEKDAYS.iter().find(|(_, n)| *n == v) { set(*d) } }>
            {WEEKDAYS.iter().map(|(d, n)| { let d = *d; view! { <option value=*n selected=move || get() == d>{*n}</option> } }).collect_view()}
        </select>
    }
}

fn monthly(draft: RwSignal<ScheduleDraft>, problems: RwSignal<Vec<Problem>>) -> impl IntoView {
    let on = move || draft.with(|d| d.month_on);
    view! {
        <label class="field">
            <span class="field-label">"On"</span>
            <select data-testid="schedule-month-on" on:change=move |ev| draft.update(|d| d.month_on = if event_target_value(&ev) == "nth" { MonthOn::Nth } else { MonthOn::Day })>
                <option value="day" selected=move || on() == MonthOn::Day>"Day of the month"</option>
                <option value="nth" selected=move || on() == MonthOn::Nth>"A weekday of the month"</option>
            </select>
        </label>
        {move || if on() == MonthOn::Day {
            view! {
                <Field label="Day (29–31 in a shorter month: its last day)" name=field::DAY problems=problems required=true>
                    <input type="text" inputmode="numeric" data-testid="schedule-day" prop:value=move || draft.with(|d| d.day.clone()) on:input=move |ev| draft.update(|d| d.day = event_target_value(&ev)) />
                </Field>
            }.into_any()
        } else {
            view! {
                <label class="field">
                    <span class="field-label">"Which"</span>
                    <select data-testid="schedule-nth" on:change=move |ev| { let v = event_target_value(&ev); if let Some(n) = NTHS.iter().find(|n| n.label() == v) { draft.update(|d| d.nth = *n) } }>
                        {NTHS.iter().map(|n| { let n = *n; view! { <option value=n.label() selected=move || draft.with(|d| d.nth == n)>{n.label()}</option> } }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field-label">"Weekday"</span>
                    {weekday_select("schedule-weekday", move || draft.with(|d| d.weekday), move |w| draft.update(|d| d.weekday = w))}
                </label>
            }.into_any()
        }}
    }
}

fn by_period(draft: RwSignal<ScheduleDraft>, problems: RwSignal<Vec<Problem>>) -> impl IntoView {
    let on = move || draft.with(|d| d.period_on);
    view! {
        <label class="field">
            <span class="field-label">"On"</span>
            <select data-testid="schedule-period-on" on:change=move |ev| draft.update(|d| d.period_on = match event_target_value(&ev).as_str() { "last" => PeriodOn::Last, "day" => PeriodOn::Day, _ => PeriodOn::First })>
                <option value="first" selected=move || on() == PeriodOn::First>"The period's first day"</option>
                <option value="last" selected=move || on() == PeriodOn::Last>"The period's last day"</option>
                <option value="day" selected=move || on() == PeriodOn::Day>"A fixed day of the period"</option>
            </select>
        </label>
        {move || (on() == PeriodOn::Day).then(|| view! {
            <Field label="Day of the period" name=field::PERIOD_DAY problems=problems required=true>
                <input type="text" inputmode="numeric" data-testid="schedule-period-day" prop:value=move || draft.with(|d| d.period_day.clone()) on:input=move |ev| draft.update(|d| d.period_day = event_target_value(&ev)) />
            </Field>
        })}
    }
}

/// The Document list tab: the templates, each removable, and one added by its number.
fn document_list(draft: RwSignal<ScheduleDraft>, problems: RwSignal<Vec<Problem>>) -> impl IntoView {
    let ctx = use_ledger();
    let typed = RwSignal::new(String::new());
    let add_error = RwSignal::new(None::<String>);
    let add = move || {
        let number = typed.get_untracked().trim().to_uppercase();
        if number.is_empty() {
            return add_error.set(Some("Type the number of an invoice, debit note or credit note".to_string()));
        }
        let found = ctx.ledger.with_untracked(|l| {
            l.documents.values().filter(|d| d.doc_type.is_invoice_like() && d.ref_nbr.eq_ignore_ascii_case(&number)).cloned().collect::<Vec<_>>()
        });
        let Some(doc) = found.first() else {
            return add_error.set(Some(format!("There is no invoice, debit note or credit note {number}")));
        };
        if draft.with_untracked(|d| d.templates.contains(&doc.id)) {
            return add_error.set(Some(format!("{} {} is listed already", doc.doc_type.label(), doc.ref_nbr)));
        }
        if doc.schedule.is_none() {
            if let Some(why) = template_problem(doc) {
                return add_error.set(Some(why));
            }
        }
        add_error.set(None);
        typed.set(String::new());
        draft.update(|d| d.templates.push(doc.id));
    };
    let rows = move || {
        let ids = draft.with(|d| d.templates.clone());
        ctx.ledger.with(|l| {
            ids.iter()
                .enumerate()
                .map(|(i, id)| {
                    let id = *id;
                    let doc = l.documents.get(&id).cloned();
                    let (link, text, customer, total, status) = match &doc {
                        Some(d) => (document_route(d.doc_type, &d.ref_nbr).href(), format!("{} {}", d.doc_type.label(), d.ref_nbr), d.customer_id.clone(), format!("{} {}", ctx.numbers().amount(d.total, l.settings.currency(&d.currency).map(|c| c.minor_units).unwrap_or(2)), d.currency), d.status.label().to_string()),
                        None => (String::new(), format!("document {}", id.0), String::new(), String::new(), String::new()),
                    };
                    view! {
                        <tr data-testid="schedule-template">
                            <td><a href=link>{text}</a>{crate::ui::components::bind::cell_error(problems, field::template(i))}</td>
                            <td>{customer}</td>
                            <td class="num">{total}</td>
                            <td>{status}</td>
                            <td><button class="button small" data-testid="schedule-template-remove" on:click=move |_| draft.update(|d| d.templates.retain(|t| *t != id))
                                title="Remove from the schedule: on Save the document becomes Voided and is never used again">"Remove"</button></td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="tab-section" data-testid="schedule-documents">
            <div class="section-head">
                <h2>"Document list"</h2>
                <div class="button-row">
                    <label class="field inline">
                        <span class="field-label">"Add document"</span>
                        <input type="text" data-testid="schedule-add-ref" placeholder="INV000012" prop:value=move || typed.get()
                            on:input=move |ev| typed.set(event_target_value(&ev)) on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); add() } />
                    </label>
                    <button class="button" data-testid="schedule-add" on:click=move |_| add()>"Add"</button>
                </div>
            </div>
            {move || add_error.get().map(|e| view! { <p class="field-error" data-testid="schedule-add-error" role="alert">{e}</p> })}
            <p class="hint">"Invoices, debit notes and credit notes that are Balanced, Pending print or Pending email can be templates. On Save an added document becomes Scheduled (it is never released itself); a removed one becomes Voided."</p>
            <table class="lines">
                <thead><tr><th>"Document"</th><th>"Customer"</th><th class="num">"Total"</th><th>"Status"</th><th></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// The Generated documents tab.
fn generated(stored: Memo<Option<reskontra_core::schedules::Schedule>>) -> impl IntoView {
    let ctx = use_ledger();
    let rows = move || {
        stored.with(|s| {
            let Some(s) = s else { return Vec::new() };
            ctx.ledger.with(|l| {
                s.generated
                    .iter()
                    .rev()
                    .map(|g| {
                        let doc = g.document.and_then(|d| l.documents.get(&d)).cloned();
                        let (link, text, status, total) = match &doc {
                            Some(d) => (document_route(d.doc_type, &d.ref_nbr).href(), format!("{} {}", d.doc_type.label(), d.ref_nbr), d.status.label().to_string(), format!("{} {}", ctx.numbers().amount(d.total, l.settings.currency(&d.currency).map(|c| c.minor_units).unwrap_or(2)), d.currency)),
                            None => (String::new(), "deleted".to_string(), String::new(), String::new()),
                        };
                        view! { <tr data-testid="schedule-generated"><td>{g.on.to_string()}</td><td><a href=link>{text}</a></td><td>{status}</td><td class="num">{total}</td></tr> }
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    view! {
        <section class="tab-section" data-testid="schedule-generated-tab">
            <div class="section-head"><h2>"Generated documents"</h2></div>
            {move || {
                let rows = rows();
                if rows.is_empty() {
                    view! { <p class="empty">"Nothing generated yet: Run now, or Generate recurring transactions."</p> }.into_any()
                } else {
                    view! {
                        <table class="lines">
                            <thead><tr><th>"Date"</th><th>"Document"</th><th>"Status"</th><th class="num">"Total"</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }.into_any()
                }
            }}
        </section>
    }
}
