//! The frame: opening the ledger, the top bar, the navigation and the router.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use reskontra_core::Command;

use crate::delivery::confirm;
use crate::store::{companies, delete_database, Progressive, Store, StoreError};
use crate::ui::context::{computer_today, use_ledger, LedgerCtx, SaveState};
use crate::ui::pages;
use crate::ui::route::{current_hash, Reopen, Route, RouteCtx};
use reskontra_core::companies::Company;

/// The IndexedDB database of the first company's ledger (the one database of the
/// versions before companies); the others are named by `reskontra_core::companies`.
pub const DATABASE_NAME: &str = reskontra_core::companies::FIRST_DATABASE;

enum Opening {
    Busy,
    Ready(LedgerCtx),
    /// Why, and whether the stored ledger itself is damaged (then it can be restored
    /// from a backup or started over), and the database.
    Failed(String, bool, String),
    /// The company's database is gone though this browser held data in it (R13.5).
    Evicted(Company),
}

#[component]
pub fn App() -> impl IntoView {
    let opening = RwSignal::new_local(Opening::Busy);
    leptos::task::spawn_local(async move {
        // The company this browser opens (the registry in localStorage; the first
        // company, database `reskontra`, when there is none yet).
        let company = companies::load().current_company();
        let database = company.database.clone();
        // A large ledger shows its first window (the customers) as soon as they are
        // read, and its documents are decoded after (issue 15, B3).
        let shown = std::cell::RefCell::new(None);
        let first = |store, preview| {
            let ctx = LedgerCtx::new_shared(store, preview, company.clone());
            let held = ctx.begin_opening();
            ctx.listen_to_other_tabs();
            opening.set(Opening::Ready(ctx));
            *shown.borrow_mut() = Some((ctx, held));
        };
        match Store::open_progressively(&database, first).await {
            Ok(Progressive::Whole(opened)) if opened.created && company.held_data => {
                // Never an empty ledger in place of one the browser removed: the
                // database just made is deleted again, so a reload asks again too.
                opened.store.close();
                let _ = companies::delete(&database).await;
                opening.set(Opening::Evicted(company));
            }
            Ok(Progressive::Whole(opened)) => {
                if !opened.created && opened.n_changes > 0 {
                    // A ledger stored before the marker existed holds data too.
                    companies::mark_held(&database);
                }
                let ctx = LedgerCtx::new(opened.store, opened.ledger, company);
                ctx.listen_to_other_tabs();
                opening.set(Opening::Ready(ctx));
                // Asked for at the first real change (`LedgerCtx::commit`); here only
                // what the browser already promised, without a prompt.
                ctx.persistent.set(crate::store::is_persisted().await);
            }
            Ok(Progressive::Rest(rest)) => {
                if rest.n_changes() > 0 {
                    companies::mark_held(&database);
                }
                let Some((ctx, held)) = shown.take() else { return };
                match ctx.finish_opening(held, rest).await {
                    Ok(()) => ctx.persistent.set(crate::store::is_persisted().await),
                    Err(error) => {
                        let damaged = matches!(error, StoreError::Read(_));
                        opening.set(Opening::Failed(error.to_string(), damaged, database));
                    }
                }
            }
            Err(error) => {
                let damaged = matches!(error, StoreError::Read(_));
                opening.set(Opening::Failed(error.to_string(), damaged, database))
            }
        }
        // A crash's half-written databases, and old ones another tab kept open.
        companies::clean_leftovers().await;
    });
    move || {
        opening.with(|state| match state {
            Opening::Busy => view! { <div class="page-message" data-testid="opening">"Opening the ledger…"</div> }.into_any(),
            Opening::Failed(message, damaged, database) => {
                let database = database.clone();
                view! {
                    <div class="page-message fatal" data-testid="fatal-error">
                        <h1>"Reskontra cannot open the ledger"</h1>
                        <p>{message.clone()}</p>
                        {damaged.then(|| pages::lazily(recovery_page(database)))}
                    </div>
                }
                .into_any()
            }
            Opening::Evicted(company) => pages::lazily(evicted_page(company.clone())),
            Opening::Ready(ctx) => view! { <Ready ctx=*ctx /> }.into_any(),
        })
    }
}

split_point! { recovery_pages;
    /// The pages of a ledger that cannot be opened are split points (issue 15, B10): the
    /// backup reader and checker they use is not in the main module.
    fn recovery_page(database: String) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <Recovery database=database /> }.into_any())
    }
}

split_point! { recovery_pages;
    fn evicted_page(company: Company) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <Evicted company=company /> }.into_any())
    }
}

/// The backup file chosen in `ev`'s file input, read and checked: `then(ledger, "Restoring
/// <file>…")`, or why not in `status` (the recovery and eviction pages).
fn with_backup_file(ev: leptos::ev::Event, status: RwSignal<Option<(bool, String)>>, then: impl FnOnce(reskontra_core::Ledger, String) + 'static) {
    use wasm_bindgen::JsCast;
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
    let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
    input.set_value("");
    let name = file.name();
    leptos::task::spawn_local(async move {
        match crate::delivery::read_file_bytes(file).await {
            Err(e) => status.set(Some((false, format!("{name} could not be read: {e}")))),
            Ok(bytes) => match reskontra_core::ledger::backup::from_json_bytes(&bytes) {
                Ok(ledger) => then(ledger, format!("Restoring {name}…")),
                Err(e) => status.set(Some((false, crate::ui::messages::backup_error(&e)))),
            },
        }
    });
}

/// After a recovery page wrote the stored ledger: reload to open it, or say why not.
fn reload_or_say(result: Result<(), StoreError>, status: RwSignal<Option<(bool, String)>>, busy: RwSignal<bool>) {
    match result {
        Ok(()) => {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        }
        Err(e) => {
            status.set(Some((false, e.to_string())));
            busy.set(false);
        }
    }
}

/// The way out when the stored ledger is damaged: put a backup in its place, or
/// start over with an empty ledger. Either replaces what this browser stores.
#[component]
fn Recovery(database: String) -> impl IntoView {
    let status = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let database = StoredValue::new(database);
    // Deletes the stored ledger, stores `ledger` (if any) in a new one, and reloads.
    let replace = move |ledger: Option<reskontra_core::Ledger>, doing: String| {
        busy.set(true);
        status.set(Some((true, doing)));
        let database = database.get_value();
        leptos::task::spawn_local(async move {
            let result = async {
                delete_database(&database).await?;
                match ledger {
                    Some(ledger) => {
                        let opened = Store::open(&database).await?;
                        opened.store.replace(&ledger).await?;
                        opened.store.close();
                    }
                    // Emptied on purpose: the next open is not an eviction.
                    None => {
                        companies::update(|r| r.clear_held(&database))?;
                    }
                }
                Ok::<(), StoreError>(())
            }
            .await;
            reload_or_say(result, status, busy);
        });
    };
    let restore = move |ev: leptos::ev::Event| with_backup_file(ev, status, move |ledger, doing| replace(Some(ledger), doing));
    let start_over = move |_| {
        if confirm("Start over with an empty ledger? Everything stored in this browser is deleted; only a backup file can bring it back.") {
            replace(None, "Deleting the stored ledger…".to_string());
        }
    };
    view! {
        <p>"The ledger stored in this browser is damaged. Restore your latest backup file in its place, or start over with an empty ledger."</p>
        <div class="actions">
            <label class="button primary file-button">
                "Restore from a backup file…"
                <input type="file" accept=".json,application/json" data-testid="recover-backup" on:change=restore prop:disabled=move || busy.get() />
            </label>
            <button class="button" data-testid="start-over" on:click=start_over prop:disabled=move || busy.get()>"Start over"</button>
        </div>
        {move || status.get().map(|(ok, text)| view! { <p class=if ok { "status ok" } else { "status error" } data-testid="recover-status">{text}</p> })}
    }
}

/// The company's stored ledger is gone, though this browser held data in it: the
/// browser removed it (most likely to free space; SPEC R13.5). Say so, and offer the
/// latest backup file, the latest automatic snapshot (when the snapshots survived), or
/// an empty ledger. Each writes the company's database and reloads.
#[component]
fn Evicted(company: Company) -> impl IntoView {
    use reskontra_core::Ledger;
    let status = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let database = StoredValue::new(company.database.clone());
    // The newest automatic snapshot of this company, if its database survived.
    let latest = RwSignal::new(None::<crate::store::snapshots::Snapshot>);
    leptos::task::spawn_local(async move {
        if let Ok(snapshots) = crate::store::snapshots::Snapshots::open(&database.get_value()).await {
            if let Ok(list) = snapshots.list().await {
                latest.set(list.last().cloned());
            }
            snapshots.close();
        }
    });
    let write = move |ledger: Option<Ledger>, doing: String| {
        busy.set(true);
        status.set(Some((true, doing)));
        leptos::task::spawn_local(async move {
            let database = database.get_value();
            let result = async {
                let opened = Store::open(&database).await?;
                let written = match &ledger {
                    Some(ledger) => opened.store.replace(ledger).await,
                    None => Ok(()),
                };
                opened.store.close();
                written
            }
            .await;
            if result.is_ok() && ledger.is_none() {
                // Started empty on purpose: nothing held yet.
                let _ = companies::update(|r| r.clear_held(&database));
            }
            reload_or_say(result, status, busy);
        });
    };
    let from_file = move |ev: leptos::ev::Event| with_backup_file(ev, status, move |ledger, doing| write(Some(ledger), doing));
    let from_snapshot = move |_| {
        let Some(snapshot) = latest.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            let read = crate::ui::pages::settings::snapshots::read_data(&database.get_value(), snapshot.id).await;
            match read.and_then(|data| crate::store::snapshots::ledger_of(&data)) {
                Ok(ledger) => write(Some(ledger), format!("Restoring the snapshot of {}…", snapshot.meta.date)),
                Err(e) => status.set(Some((false, e))),
            }
        });
    };
    let start_empty = move |_| {
        if confirm("Start this company with an empty ledger? Only a backup file or a snapshot could bring the removed ledger back later.") {
            write(None, "Starting with an empty ledger…".to_string());
        }
    };
    view! {
        <div class="page-message fatal" data-testid="evicted">
            <h1>{format!("The ledger of {} is no longer stored in this browser", company.name)}</h1>
            <p>"This browser held the company's ledger here before, and now it is gone: the browser removed it, most likely to free disk space (storage that is not persistent may be cleared), or the site's data was deleted. Nothing has been opened in its place."</p>
            <p>"Restore your latest downloaded backup file, or the latest automatic snapshot if the browser kept it."</p>
            <div class="actions">
                <label class="button primary file-button">
                    "Restore from a backup file…"
                    <input type="file" accept=".json,application/json" data-testid="evicted-backup" on:change=from_file prop:disabled=move || busy.get() />
                </label>
                {move || latest.get().map(|s| view! {
                    <button class="button" data-testid="evicted-snapshot" on:click=from_snapshot prop:disabled=move || busy.get()>
                        {format!("Restore the snapshot of {} ({} customers, {} documents)", s.meta.date, s.meta.customers, s.meta.documents)}
                    </button>
                })}
                <button class="button" data-testid="evicted-start-empty" on:click=start_empty prop:disabled=move || busy.get()>"Start with an empty ledger"</button>
            </div>
            {move || status.get().map(|(ok, text)| view! { <p class=if ok { "status ok" } else { "status error" } data-testid="evicted-status">{text}</p> })}
        </div>
    }
}

/// Provides the ledger to everything below it.
#[component]
fn Ready(ctx: LedgerCtx) -> impl IntoView {
    provide_context(ctx);
    view! {
        <crate::ui::components::other_tabs::ClosedElsewhereNotice />
        <Frame />
    }
}

#[component]
fn Frame() -> impl IntoView {
    let route = RwSignal::new(Route::parse(&current_hash()));
    provide_context(RouteCtx(route));
    let reopen = RwSignal::new(0_u32);
    provide_context(Reopen(reopen));
    let ctx = use_ledger();
    let unsaved = ctx.unsaved;
    let loading = Memo::new(move |_| ctx.loading());
    crate::ui::components::numbers::reformat_numbers_on_change(ctx);
    // Once the whole ledger is read, the other windows' modules are fetched one after
    // the other (issue 15, B10), so each opens at once.
    let fetching = StoredValue::new(false);
    Effect::new(move |_| {
        if !loading.get() && !fetching.get_value() {
            fetching.set_value(true);
            leptos::task::spawn_local(pages::fetch_all_windows());
        }
    });
    // Leaving a window with unsaved changes asks first; "Stay" puts the address back
    // (replaceState fires no hashchange) and keeps the window as it is.
    let shown = StoredValue::new(current_hash());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let hash = current_hash();
        if unsaved.get_untracked() && !confirm("Leave this window? Your unsaved changes will be lost.") {
            if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&shown.get_value()));
            }
            return;
        }
        unsaved.set(false);
        shown.set_value(hash.clone());
        route.set(Route::parse(&hash));
    });
    on_cleanup(move || handle.remove());
    // Closing or reloading the tab with unsaved changes asks too.
    let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if unsaved.get_untracked() {
            ev.prevent_default();
            ev.set_return_value("unsaved");
        }
    });
    on_cleanup(move || unload.remove());
    // Every window opens at its top, not where the last one was scrolled to. The first
    // is at its top already: setting it would lay the page out before its rows are in.
    let main = NodeRef::<leptos::html::Main>::new();
    Effect::new(move |ran: Option<()>| {
        route.track();
        reopen.track();
        if let (Some(()), Some(el)) = (ran, main.get_untracked()) {
            el.set_scroll_top(0);
        }
    });
    // The skip link moves the focus past the top bar and the menu; the hash stays the route's.
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(el) = main.get_untracked() {
            let _ = el.focus();
        }
    };
    view! {
        <div class="frame" data-testid="app-frame">
            <a href="#main-content" class="skip-link" data-testid="skip-link" on:click=skip>"Skip to main content"</a>
            <TopBar />
            <nav class="nav" aria-label="Workspaces">
                <NavSection title="Customers" items=vec![("Customers", Route::Customers), ("Customer classes", Route::Classes)] />
                <NavSection title="Documents" items=vec![("Invoices and notes", Route::Invoices), ("Payments and applications", Route::Payments), ("Release documents", Route::Release), ("Recurring transactions", Route::Schedules), ("Generate recurring", Route::GenerateSchedules), ("Customer details", Route::CustomerDetails(None))] />
                <NavSection title="Processes" items=vec![("Calculate overdue charges", Route::OverdueCharges), ("Write off balances and credits", Route::WriteOffs), ("Update credit hold", Route::CreditHold), ("Print statements", Route::Statements), ("Prepare dunning letters", Route::Dunning)] />
                <NavSection title="Mailings" items=vec![("Send invoices", Route::SendInvoices), ("Pending emails", Route::PendingEmails), ("Notification templates", Route::Templates), ("Mass emails", Route::MassEmails)] />
                <NavSection title="Reports" items=vec![("Unreleased documents", Route::UnreleasedDocuments), ("Open documents", Route::OpenDocuments), ("Ageing reports", Route::Ageing), ("Journal", Route::Journal)] />
                <NavSection title="Settings" items=vec![("Preferences and backup", Route::Settings), ("Companies", Route::Companies), ("Reference tables", Route::ReferenceTables), ("Mailing settings", Route::MailingSettings)] />
            </nav>
            <main class="main" id="main-content" tabindex="-1" node_ref=main>
                <crate::ui::components::update::UpdateNotice />
                <MissedNotice route=route />
                <OpeningProgress />
                {move || {
                    reopen.track();
                    let route = route.get();
                    if loading.get() && route != Route::Customers {
                        view! { <div class="page-message" data-testid="opening-wait">"This window opens as soon as the whole ledger is read."</div> }.into_any()
                    } else {
                        pages::window_for(route)
                    }
                }}
            </main>
        </div>
    }
}

/// The progress of a large ledger's opening (its documents are decoded after the
/// first window is shown, `LedgerCtx::finish_opening`).
#[component]
fn OpeningProgress() -> impl IntoView {
    let ctx = use_ledger();
    move || {
        ctx.opening.get().map(|(done, total)| {
            view! {
                <div class="progress-line opening" data-testid="opening-progress" role="status">
                    <progress max=total.max(1).to_string() value=done.to_string()></progress>
                    <span>{format!("Opening the ledger: {} % of the documents read", done * 100 / total.max(1))}</span>
                </div>
            }
        })
    }
}

split_point! { missed_notice, preload(load_missed_count);
    /// The number of missed occurrences of the recurring documents, in a module of its own.
    fn missed_count(ledger: &reskontra_core::Ledger, today: NaiveDate) -> Result<usize, SplitLoaderError> {
        Ok(reskontra_core::schedules::generate::missed_occurrences(ledger, today).iter().map(|m| m.dates.len()).sum())
    }
}

/// "N missed occurrences" of recurring documents (R7.3): due on or before the business
/// date and not generated. Shown above every window but Generate recurring
/// transactions (which lists them with the choices), until the user leaves them for now.
#[component]
fn MissedNotice(route: RwSignal<Route>) -> impl IntoView {
    let ctx = use_ledger();
    let left = RwSignal::new(false);
    // The schedule engine is fetched with the notice's own module, after the first
    // window (issue 15, B10); until then the count is not known and nothing shows.
    let loaded = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        if load_missed_count().await.is_ok() {
            loaded.set(true);
        }
    });
    let count = Memo::new(move |_| {
        if !loaded.get() {
            return 0;
        }
        let today = ctx.business_date();
        ctx.ledger.with(|l| crate::ui::context::at_once(missed_count(l, today)).and_then(Result::ok).unwrap_or(0))
    });
    move || {
        let n = count.get();
        (n > 0 && !left.get() && route.get() != Route::GenerateSchedules).then(|| {
            view! {
                <div class="missed-notice" role="status" data-testid="missed-notice">
                    <span>{format!("{n} missed occurrence{} of recurring documents: due and not generated yet. ", if n == 1 { "" } else { "s" })}</span>
                    <a href=Route::GenerateSchedules.href() data-testid="missed-notice-review">"Review and generate"</a>
                    <button class="button small" data-testid="missed-notice-leave" on:click=move |_| left.set(true)>"Leave them for now"</button>
                </div>
            }
        })
    }
}

#[component]
fn NavSection(title: &'static str, items: Vec<(&'static str, Route)>) -> impl IntoView {
    let RouteCtx(route) = expect_context::<RouteCtx>();
    let links = items
        .into_iter()
        .map(|(label, target)| {
            let href = target.href();
            let testid = format!("nav-{}", href.trim_start_matches("#/"));
            let active = move || {
                let current = route.get();
                std::mem::discriminant(&current) == std::mem::discriminant(&target) || is_record_of(&current, &target)
            };
            view! { <a href=href class="nav-link" class:active=active data-testid=testid>{label}</a> }
        })
        .collect_view();
    view! {
        <div class="nav-section">
            <div class="nav-title">{title}</div>
            {links}
        </div>
    }
}

fn is_record_of(current: &Route, list: &Route) -> bool {
    matches!(
        (current, list),
        (Route::Customer(_), Route::Customers)
            | (Route::Class(_), Route::Classes)
            | (Route::Invoice(..) | Route::InvoicePrint(..), Route::Invoices)
            | (Route::Payment(..), Route::Payments)
            | (Route::PrintInvoices(_), Route::SendInvoices)
            | (Route::Email(_), Route::PendingEmails)
            | (Route::Template(_), Route::Templates)
            | (Route::Schedule(_), Route::Schedules)
    )
}

#[component]
fn TopBar() -> impl IntoView {
    let ctx = use_ledger();
    // The company's name in this browser's list; the ledger's own (legal) name in the title.
    let company = move || ctx.company.with(|c| c.name.clone());
    let legal = move || ctx.ledger.with(|l| l.settings.company_name.clone());
    let demo = move || ctx.company.with(|c| c.demo.is_some());
    let date = move || ctx.business_date();
    let not_today = move || date() != computer_today();
    // A long reason is cut to one line in the bar (the stylesheet) and shown whole on
    // hover; the window that failed says it in full beside the action.
    let state = move || match ctx.save_state.get() {
        SaveState::Saved => ("saved", "All changes saved".to_string()),
        SaveState::Saving => ("saving", "Saving…".to_string()),
        SaveState::Failed(reason) => ("failed", format!("Not saved: {reason}")),
    };
    view! {
        <header class="topbar">
            <a class="company" href="#/companies" data-testid="company-switcher" title=move || format!("{} — switch or manage companies", legal())>
                <span data-testid="company-name">{company}</span>
                {move || demo().then(|| view! { <span class="badge" data-testid="company-demo">"Demo"</span> })}
            </a>
            <BusinessDate date=Signal::derive(date) not_today=Signal::derive(not_today) />
            <crate::ui::components::jump::Jump />
            {move || (ctx.persistent.get() == Some(false)).then(|| view! {
                <span class="not-persistent" data-testid="not-persistent"
                    title="The browser has not promised to keep this site's data; under storage pressure it may delete it. Export a backup regularly, or install the app / bookmark it to make storage persistent.">
                    "Storage not persistent"
                </span>
            })}
            {move || ctx.snapshot_problem.get().map(|reason| view! {
                <a href="#/settings" class="not-persistent snapshot-failed" data-testid="snapshot-failed" title=reason>"Snapshot not taken"</a>
            })}
            <NoticeToast />
            <span class=move || format!("save-state {}", state().0) data-testid="save-state" title=move || state().1>{move || state().1}</span>
        </header>
    }
}

/// The business date in the header (R0.5, R13.6): a date picker, *+1 day* and *+1
/// month* (an instructor replays a month in a few clicks), and, when it is not the
/// computer's date, a mark and *Today*. Each change is one command; everything that
/// says "today" follows it.
#[component]
fn BusinessDate(date: Signal<NaiveDate>, not_today: Signal<bool>) -> impl IntoView {
    let ctx = use_ledger();
    // What the user typed when it is not a date: shown beside the field until fixed.
    let typed = RwSignal::new(None::<(String, String)>);
    let set = move |to: Option<NaiveDate>| {
        typed.set(None);
        leptos::task::spawn_local(async move {
            if let Err(problems) = ctx.run(Command::SetBusinessDate(to)).await {
                ctx.notify(problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; "));
            }
        });
    };
    let picked = move |ev| {
        let text = event_target_value(&ev);
        match reskontra_core::base::problem::parse_date(&text) {
            Ok(d) => set(Some(d)),
            Err(message) => typed.set(Some((text, message))),
        }
    };
    view! {
        <div class="business-date" class:not-today=move || not_today.get() data-testid="business-date" role="group" aria-label="Business date"
            title="Business date: every rule that says 'today' uses it.">
            <label for="business-date-input">"Business date"</label>
            <input class="date" id="business-date-input" data-testid="business-date-input" placeholder="YYYY-MM-DD"
                aria-invalid=move || typed.with(|t| t.is_some()).to_string() aria-describedby="business-date-error"
                prop:value=move || typed.with(|t| t.as_ref().map(|(text, _)| text.clone())).unwrap_or_else(|| date.get().to_string()) on:change=picked />
            {move || typed.get().map(|(_, message)| view! { <span class="business-date-error" id="business-date-error" role="alert" data-testid="error-business-date">{message}</span> })}
            <strong class="visually-hidden">{move || date.get().to_string()}</strong>
            <button class="button small" data-testid="business-date-next-day" title="One day on"
                on:click=move |_| set(date.get_untracked().succ_opt())>"+1 day"</button>
            <button class="button small" data-testid="business-date-next-month" title="One month on (the same day, or the month's last)"
                on:click=move |_| set(Some(reskontra_core::settings::draft::one_month_after(date.get_untracked())))>"+1 month"</button>
            {move || not_today.get().then(|| view! {
                <span class="badge" data-testid="business-date-not-today">"not today"</span>
                <button class="button small" data-testid="business-date-today" title="Back to the computer's date" on:click=move |_| set(None)>"Today"</button>
            })}
        </div>
    }
}

#[component]
fn NoticeToast() -> impl IntoView {
    let ctx = use_ledger();
    move || {
        ctx.notice.get().map(|n| {
            let title = n.text.clone();
            view! { <span class="notice" role="status" data-testid="notice" title=title>{n.text}</span> }
        })
    }
}
