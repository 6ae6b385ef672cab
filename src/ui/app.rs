//! The frame: opening the ledger, the top bar, the navigation and the router.

use chrono::NaiveDate;
use leptos::prelude::*;
use reskontra_core::Command;

use crate::delivery::confirm;
use crate::store::{delete_database, Store, StoreError};
use crate::ui::context::{computer_today, use_ledger, LedgerCtx, SaveState};
use crate::ui::pages;
use crate::ui::route::{current_hash, Reopen, Route, RouteCtx};

/// The IndexedDB database of the ledger.
pub const DATABASE_NAME: &str = "reskontra";

enum Opening {
    Busy,
    Ready(LedgerCtx),
    /// Why, and whether the stored ledger itself is damaged (then it can be restored
    /// from a backup or started over).
    Failed(String, bool),
}

#[component]
pub fn App() -> impl IntoView {
    let opening = RwSignal::new_local(Opening::Busy);
    leptos::task::spawn_local(async move {
        match Store::open(DATABASE_NAME).await {
            Ok(opened) => {
                let ctx = LedgerCtx::new(opened.store, opened.ledger);
                ctx.listen_to_other_tabs();
                opening.set(Opening::Ready(ctx));
                // Asked for at the first real change (`LedgerCtx::commit`); here only
                // what the browser already promised, without a prompt.
                ctx.persistent.set(crate::store::is_persisted().await);
            }
            Err(error) => {
                let damaged = matches!(error, StoreError::Read(_));
                opening.set(Opening::Failed(error.to_string(), damaged))
            }
        }
    });
    move || {
        opening.with(|state| match state {
            Opening::Busy => view! { <div class="page-message" data-testid="opening">"Opening the ledger…"</div> }.into_any(),
            Opening::Failed(message, damaged) => view! {
                <div class="page-message fatal" data-testid="fatal-error">
                    <h1>"Reskontra cannot open the ledger"</h1>
                    <p>{message.clone()}</p>
                    {damaged.then(|| view! { <Recovery /> })}
                </div>
            }
            .into_any(),
            Opening::Ready(ctx) => view! { <Ready ctx=*ctx /> }.into_any(),
        })
    }
}

/// The way out when the stored ledger is damaged: put a backup in its place, or
/// start over with an empty ledger. Either replaces what this browser stores.
#[component]
fn Recovery() -> impl IntoView {
    let status = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    // Deletes the stored ledger, stores `ledger` (if any) in a new one, and reloads.
    let replace = move |ledger: Option<reskontra_core::Ledger>, doing: String| {
        busy.set(true);
        status.set(Some((true, doing)));
        leptos::task::spawn_local(async move {
            let result = async {
                delete_database(DATABASE_NAME).await?;
                if let Some(ledger) = ledger {
                    let opened = Store::open(DATABASE_NAME).await?;
                    opened.store.replace(&ledger).await?;
                    opened.store.close();
                }
                Ok::<(), StoreError>(())
            }
            .await;
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
        });
    };
    let restore = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        let name = file.name();
        leptos::task::spawn_local(async move {
            match crate::delivery::read_file_bytes(file).await {
                Err(e) => status.set(Some((false, format!("{name} could not be read: {e}")))),
                Ok(bytes) => match reskontra_core::ledger::backup::from_json_bytes(&bytes) {
                    Ok(ledger) => replace(Some(ledger), format!("Restoring {name}…")),
                    Err(e) => status.set(Some((false, crate::ui::messages::backup_error(&e)))),
                },
            }
        });
    };
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
    let unsaved = use_ledger().unsaved;
    crate::ui::components::numbers::reformat_numbers_on_change(use_ledger());
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
    // Every window opens at its top, not where the last one was scrolled to.
    let main = NodeRef::<leptos::html::Main>::new();
    Effect::new(move |_| {
        route.track();
        reopen.track();
        if let Some(el) = main.get_untracked() {
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
                <NavSection title="Settings" items=vec![("Preferences and backup", Route::Settings), ("Reference tables", Route::ReferenceTables), ("Mailing settings", Route::MailingSettings)] />
            </nav>
            <main class="main" id="main-content" tabindex="-1" node_ref=main>
                <crate::ui::components::update::UpdateNotice />
                <MissedNotice route=route />
                {move || { reopen.track(); pages::window_for(route.get()) }}
            </main>
        </div>
    }
}

/// "N missed occurrences" of recurring documents (R7.3): due on or before the business
/// date and not generated. Shown above every window but Generate recurring
/// transactions (which lists them with the choices), until the user leaves them for now.
#[component]
fn MissedNotice(route: RwSignal<Route>) -> impl IntoView {
    let ctx = use_ledger();
    let left = RwSignal::new(false);
    let count = Memo::new(move |_| {
        let today = ctx.business_date();
        ctx.ledger.with(|l| reskontra_core::schedules::generate::missed_occurrences(l, today).iter().map(|m| m.dates.len()).sum::<usize>())
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
    let company = move || ctx.ledger.with(|l| l.settings.company_name.clone());
    let date = move || ctx.business_date();
    let not_today = move || date() != computer_today();
    let state = move || match ctx.save_state.get() {
        SaveState::Saved => ("saved", "All changes saved".to_string()),
        SaveState::Saving => ("saving", "Saving…".to_string()),
        SaveState::Failed(reason) => ("failed", format!("Not saved: {reason}")),
    };
    view! {
        <header class="topbar">
            <span class="company" data-testid="company-name">{company}</span>
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
            <span class=move || format!("save-state {}", state().0) data-testid="save-state">{move || state().1}</span>
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
