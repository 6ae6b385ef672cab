//! What the process windows (overdue charges, write-offs, credit hold) share: run the
//! process after the user confirms the preview, and show how it went.

use leptos::prelude::*;
use reskontra_core::{Change, Command};

use crate::delivery::confirm;
use crate::ui::context::LedgerCtx;
use crate::ui::route::{navigate, Route};

/// The outcome line of a process: (succeeded, text).
pub type Outcome = RwSignal<Option<(bool, String)>>;

/// Asks `question`; if confirmed, runs `command` as one action and puts `done(change)`
/// (or the problems) into `outcome`.
pub fn run_process(ctx: LedgerCtx, question: &str, command: Command, outcome: Outcome, done: impl FnOnce(&Change) -> String + 'static) {
    if !confirm(question) {
        return;
    }
    leptos::task::spawn_local(async move {
        match ctx.run(command).await {
            Ok(change) => outcome.set(Some((true, done(&change)))),
            Err(problems) => outcome.set(Some((false, problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; ")))),
        }
    });
}

/// The outcome line under the toolbar.
#[component]
pub fn ProcessOutcome(outcome: Outcome, testid: &'static str) -> impl IntoView {
    move || outcome.get().map(|(ok, text)| view! { <p class=if ok { "status ok" } else { "status error" } data-testid=testid>{text}</p> })
}

/// The process date in the toolbar, as typed (checked by the window).
#[component]
pub fn ProcessDate(date: RwSignal<String>, testid: &'static str) -> impl IntoView {
    view! {
        <label class="inline-field">"Date " <input class="date" data-testid=testid prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev)) /></label>
    }
}

/// A preview row opens the document or customer its key links to.
pub fn open_row() -> Callback<String> {
    Callback::new(|href: String| {
        if !href.is_empty() {
            navigate(&Route::parse(&href));
        }
    })
}
