//! Settings → Companies (SPEC R0.5, R13.6): the companies of this browser, each its
//! own ledger in its own database. Create (a name), rename, switch (in this tab, no
//! reload), delete (asked first; never the only one), and the demo company: built in
//! the browser by the same generator as `reskontra demo`, in parts with a progress bar,
//! as a NEW company; *Reset demo* builds it again from the same seed and size.

use leptos::prelude::*;
use reskontra_core::companies::{Company, DemoRecipe, Registry, DEMO_NAME};
use reskontra_core::fields::company as field;
use reskontra_core::ledger::demo::{DemoBuild, DemoExtras, DemoSize};
use reskontra_core::{Ledger, Problem};

use crate::delivery::confirm;
use crate::store::companies;
use crate::ui::components::form::Field;
use crate::ui::context::{next_task, use_ledger, LedgerCtx};

/// The size of the demo company (a year of receivables for 250 customers).
pub const DEMO_SIZE: DemoSize = DemoSize { customers: 250, invoices: 3000 };
/// The demo's seed: the same company every time, as `reskontra demo` gives.
pub const DEMO_SEED: u64 = 1;

/// Where a demo build is: generating (steps done of steps, what) or saving (records).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoStage {
    Building { done: usize, of: usize, doing: &'static str },
    Saving { done: usize, of: usize },
}

/// Builds the demo ledger of `recipe` a part at a time, letting the page paint the
/// progress between parts; `None` when `cancel` was set (nothing was written).
async fn build_demo(recipe: &DemoRecipe, stage: RwSignal<Option<DemoStage>>, cancel: RwSignal<bool>) -> Option<Ledger> {
    let size = DemoSize { customers: recipe.customers, invoices: recipe.invoices };
    let mut build = DemoBuild::new(recipe.seed, size, DemoExtras::default(), recipe.date);
    loop {
        stage.set(Some(DemoStage::Building { done: build.steps_done(), of: build.steps(), doing: build.doing() }));
        next_task().await;
        if cancel.get_untracked() {
            return None;
        }
        if !build.step() {
            break;
        }
    }
    stage.set(Some(DemoStage::Building { done: build.steps(), of: build.steps(), doing: "done" }));
    next_task().await;
    Some(build.finish())
}

/// Makes a new demo company (the business date of the ledger on screen) and switches
/// to it. `Ok(None)` when cancelled.
pub async fn make_demo_company(ctx: LedgerCtx, stage: RwSignal<Option<DemoStage>>, cancel: RwSignal<bool>) -> Result<Option<(Company, Ledger)>, String> {
    let recipe = DemoRecipe { seed: DEMO_SEED, customers: DEMO_SIZE.customers, invoices: DEMO_SIZE.invoices, date: ctx.business_date_untracked() };
    let Some(ledger) = build_demo(&recipe, stage, cancel).await else { return Ok(None) };
    let company = ctx.create_company(DEMO_NAME, Some(recipe), ledger.clone(), &saving(stage)).await?;
    Ok(Some((company, ledger)))
}

/// Builds demo company `company` again (same seed, size and date), writes it into a new
/// database and switches to it. `Ok(false)` when cancelled.
pub async fn reset_demo(ctx: LedgerCtx, company: &Company, stage: RwSignal<Option<DemoStage>>, cancel: RwSignal<bool>) -> Result<bool, String> {
    let Some(recipe) = company.demo.clone() else { return Err(format!("{} is not a demo company", company.name)) };
    let Some(ledger) = build_demo(&recipe, stage, cancel).await else { return Ok(false) };
    ctx.replace_company(&company.id, ledger, &saving(stage)).await?;
    Ok(true)
}

/// Moves `stage` to Saving (records written, records).
fn saving(stage: RwSignal<Option<DemoStage>>) -> impl Fn(usize, usize) {
    move |done, of| stage.set(Some(DemoStage::Saving { done, of }))
}

/// The progress line of a demo build: a bar that moves, the stage and its count, and
/// *Cancel* while nothing is written yet.
#[component]
pub fn DemoProgress(stage: RwSignal<Option<DemoStage>>, cancel: RwSignal<bool>) -> impl IntoView {
    let ctx = use_ledger();
    let group = move |n: usize| ctx.numbers_untracked().count(n);
    move || {
        stage.get().map(|s| {
            let (done, of, text, cancellable) = match s {
                DemoStage::Building { done, of, doing } => (done, of, format!("Building the demo company: {doing} (step {done} of {of})"), true),
                DemoStage::Saving { done, of } => (done, of, format!("Saving {} of {} records", group(done), group(of)), false),
            };
            view! {
                <div class="progress-line" data-testid="demo-progress" role="status">
                    <progress max=of.to_string() value=done.to_string() data-testid="demo-progress-bar"></progress>
                    <span data-testid="demo-progress-count">{text}</span>
                    {cancellable.then(|| view! {
                        <button class="button small" data-testid="demo-cancel" on:click=move |_| cancel.set(true) prop:disabled=move || cancel.get()>"Cancel"</button>
                    })}
                </div>
            }
        })
    }
}

#[component]
pub fn CompaniesWindow() -> impl IntoView {
    let ctx = use_ledger();
    let registry = RwSignal::new(companies::load());
    let reload = move || registry.set(companies::load());
    // The list follows this tab's company (a switch, a demo made elsewhere in the app).
    Effect::new(move |_| {
        ctx.company.track();
        reload();
    });
    let new_name = RwSignal::new(String::new());
    let new_problems = RwSignal::new(Vec::<Problem>::new());
    let status = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let stage = RwSignal::new(None::<DemoStage>);
    let cancel = RwSignal::new(false);
    // The company being renamed: its id, the typed name, the problem.
    let renaming = RwSignal::new(None::<(String, String, Option<String>)>);

    let create = move || {
        let name = new_name.get_untracked();
        match companies::update(|r| r.add(&name)) {
            Ok(Ok(company)) => {
                new_name.set(String::new());
                new_problems.set(Vec::new());
                reload();
                status.set(Some((true, format!("Company {} created. Switch to it to start its ledger.", company.name))));
                ctx.notify(format!("Company {} created", company.name));
            }
            Ok(Err(problem)) => new_problems.set(vec![problem]),
            Err(e) => status.set(Some((false, e.to_string()))),
        }
    };
    let switch = move |company: Company| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match ctx.switch_to(&company.id).await {
                Ok(true) => {
                    status.set(Some((true, format!("Switched to {}.", company.name))));
                    ctx.notify(format!("Switched to {}", company.name));
                }
                // Its ledger vanished: the opening page explains and offers a restore.
                Ok(false) => {
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().reload();
                    }
                }
                Err(e) => status.set(Some((false, format!("Could not open {}: {e}", company.name)))),
            }
            busy.set(false);
            reload();
        });
    };
    let delete = move |company: Company| {
        let current = ctx.company.with_untracked(|c| c.id == company.id);
        let question = format!(
            "Delete the company {}? Its ledger and its automatic snapshots are deleted from this browser; only a backup file can bring them back.{}",
            company.name,
            if current { " You are working in it now: Reskontra switches to another company first." } else { "" }
        );
        if !confirm(&question) {
            status.set(Some((false, "Nothing was deleted.".to_string())));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = async {
                if current {
                    // Close this tab's connection first, so the delete is not blocked by it.
                    let other =
                        companies::load().companies.into_iter().find(|c| c.id != company.id).ok_or_else(|| "The only company cannot be deleted".to_string())?;
                    if !ctx.switch_to(&other.id).await? {
                        return Err(format!("{} could not be opened", other.name));
                    }
                }
                companies::remove(&company.id).await.map_err(|p| p.message)?;
                Ok::<(), String>(())
            }
            .await;
            match result {
                Ok(()) => {
                    status.set(Some((true, format!("Company {} deleted.", company.name))));
                    ctx.notify(format!("Company {} deleted", company.name));
                }
                Err(e) => status.set(Some((false, format!("{} was not deleted: {e}", company.name)))),
            }
            busy.set(false);
            reload();
        });
    };
    let save_rename = move || {
        let Some((id, name, _)) = renaming.get_untracked() else { return };
        match companies::update(|r| r.rename(&id, &name)) {
            Ok(Ok(())) => {
                renaming.set(None);
                let name = name.trim().to_string();
                ctx.renamed(&id, &name);
                reload();
                ctx.notify(format!("Company renamed to {name}"));
            }
            Ok(Err(problem)) => renaming.set(Some((id, name, Some(problem.message)))),
            Err(e) => renaming.set(Some((id, name, Some(e.to_string())))),
        }
    };
    let demo = move |_| {
        busy.set(true);
        cancel.set(false);
        status.set(None);
        leptos::task::spawn_local(async move {
            match make_demo_company(ctx, stage, cancel).await {
                Ok(Some((company, ledger))) => {
                    status.set(Some((true, {
                        let count = |n: usize| ctx.numbers_untracked().count(n);
                        format!("{} built and opened: {} customers, {} documents.", company.name, count(ledger.customers.len()), count(ledger.documents.len()))
                    })));
                    ctx.notify(format!("Switched to {}", company.name));
                }
                Ok(None) => status.set(Some((false, "Cancelled: no demo company was made.".to_string()))),
                Err(e) => status.set(Some((false, format!("The demo company was not made: {e}")))),
            }
            stage.set(None);
            busy.set(false);
            reload();
        });
    };
    let reset = move |company: Company| {
        if !confirm(&format!("Reset {}? Every change made in it is lost: it is built again as it was first made.", company.name)) {
            status.set(Some((false, "Nothing was changed.".to_string())));
            return;
        }
        busy.set(true);
        cancel.set(false);
        status.set(None);
        leptos::task::spawn_local(async move {
            match reset_demo(ctx, &company, stage, cancel).await {
                Ok(true) => {
                    status.set(Some((true, format!("{} reset and opened.", company.name))));
                    ctx.notify(format!("{} reset", company.name));
                }
                Ok(false) => status.set(Some((false, "Cancelled: nothing was changed.".to_string()))),
                Err(e) => status.set(Some((false, format!("{} was not reset: {e}", company.name)))),
            }
            stage.set(None);
            busy.set(false);
            reload();
        });
    };

    let rows = move || {
        let list: Registry = registry.get();
        let current = ctx.company.with(|c| c.id.clone());
        let only_one = list.companies.len() <= 1;
        list.companies
            .into_iter()
            .map(|company| {
                let is_current = company.id == current;
                let id = company.id.clone();
                let editing = {
                    let id = id.clone();
                    move || renaming.with(|r| r.as_ref().is_some_and(|(r, _, _)| *r == id))
                };
                let (c_switch, c_delete, c_reset, c_rename) = (company.clone(), company.clone(), company.clone(), company.clone());
                let name_cell = {
                    let name = company.name.clone();
                    let editing = editing.clone();
                    move || {
                        if editing() {
                            let typed = move || renaming.with(|r| r.as_ref().map(|(_, n, _)| n.clone()).unwrap_or_default());
                            let problem = move || renaming.with(|r| r.as_ref().and_then(|(_, _, p)| p.clone()));
                            view! {
                                <label class="field" class:invalid=move || problem().is_some()>
                                    <span class="sr-only">"New name"</span>
                                    <input data-testid="company-rename-input" prop:value=typed
                                        on:input=move |ev| renaming.update(|r| if let Some(r) = r { r.1 = event_target_value(&ev); r.2 = None; })
                                        on:keydown=move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
                                            "Enter" => save_rename(),
                                            "Escape" => renaming.set(None),
                                            _ => {}
                                        } />
                                    <span class="field-error" data-testid="company-rename-error">{problem}</span>
                                </label>
                            }
                            .into_any()
                        } else {
                            view! { <span data-testid="company-name-cell">{name.clone()}</span> }.into_any()
                        }
                    }
                };
                view! {
                    <tr data-testid="company-row" data-id=id.clone() class:current=is_current>
                        <td>{name_cell}</td>
                        <td>
                            {is_current.then(|| view! { <span class="badge current" data-testid="company-current">"Open in this tab"</span> })}
                            {company.demo.is_some().then(|| view! { <span class="badge" data-testid="company-demo-mark">"Demo"</span> })}
                        </td>
                        <td><div class="button-row">
                            {move || if editing() {
                                view! {
                                    <button class="button primary" data-testid="company-rename-save" on:click=move |_| save_rename()>"Save name"</button>
                                    <button class="button" data-testid="company-rename-cancel" on:click=move |_| renaming.set(None)>"Cancel"</button>
                                }.into_any()
                            } else {
                                let c_rename = c_rename.clone();
                                view! {
                                    <button class="button" data-testid="company-rename" aria-label=format!("Rename {}", c_rename.name)
                                        on:click=move |_| renaming.set(Some((c_rename.id.clone(), c_rename.name.clone(), None)))>"Rename"</button>
                                }.into_any()
                            }}
                            {(!is_current).then(|| view! {
                                <button class="button" data-testid="company-switch" aria-label=format!("Switch to {}", c_switch.name)
                                    prop:disabled=move || busy.get() on:click=move |_| switch(c_switch.clone())>"Switch to"</button>
                            })}
                            {c_reset.demo.is_some().then(|| view! {
                                <button class="button" data-testid="company-reset-demo" aria-label=format!("Reset {}", c_reset.name)
                                    prop:disabled=move || busy.get() on:click=move |_| reset(c_reset.clone())>"Reset demo"</button>
                            })}
                            {(!only_one).then(|| view! {
                                <button class="button danger" data-testid="company-delete" aria-label=format!("Delete {}", c_delete.name)
                                    prop:disabled=move || busy.get() on:click=move |_| delete(c_delete.clone())>"Delete"</button>
                            })}
                        </div></td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="window record-window companies" data-testid="companies">
            <div class="toolbar">
                <h1 data-testid="window-title">"Companies"</h1>
            </div>
            <p class="muted">"Each company is a ledger of its own, kept in this browser. Switch between them here or from the company name in the top bar; a backup, a snapshot or an import always belongs to the company that is open. The demo company is a year of invoices and payments to practise on: build one, change what you like, and reset it."</p>
            <table class="lines companies-list" data-testid="companies-list">
                <thead><tr><th>"Company"</th><th>"State"</th><th><span class="sr-only">"Actions"</span></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <section class="tab-section">
                <h2>"New company"</h2>
                <div class="form-grid">
                    <Field label="Name" name=field::NAME problems=new_problems required=true>
                        <input data-testid="company-new-name" prop:value=move || new_name.get()
                            on:input=move |ev| { new_name.set(event_target_value(&ev)); new_problems.set(Vec::new()); }
                            on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { create(); } />
                    </Field>
                </div>
                <div class="button-row">
                    <button class="button primary" data-testid="company-create" on:click=move |_| create() prop:disabled=move || busy.get()>"Create company"</button>
                    <button class="button" data-testid="company-make-demo" on:click=demo prop:disabled=move || busy.get()>"Demo company"</button>
                    <span class="muted">"Demo company: a new company with 250 customers and a year of documents, built in this browser."</span>
                </div>
                <DemoProgress stage=stage cancel=cancel />
                {move || status.get().map(|(ok, text)| view! { <p class=if ok { "status ok" } else { "status error" } data-testid="companies-status" role="status">{text}</p> })}
            </section>
        </div>
    }
}
