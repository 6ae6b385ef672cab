//! What the user sees of the other open tabs (SPEC R13.4): a record changed or deleted
//! in another tab while its window is open here (the bar of every record window, kept
//! by `record::DraftForm::follow`), and the database upgraded or replaced by another
//! tab (one full-width message over the frame).

use leptos::prelude::*;

use crate::ui::context::use_ledger;

/// What another tab did to the record a window shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elsewhere {
    /// Nothing this window has not shown.
    Nothing,
    /// Changed while this window had unsaved edits: the edits stay until the user
    /// saves them over it or reloads.
    Changed,
    /// Deleted (or gone with a replaced ledger).
    Deleted,
}

/// The bar of a record window: "Changed in another tab" with *Reload* (shown while
/// there are unsaved edits to lose), or "Deleted in another tab".
#[component]
pub fn ChangedElsewhere(state: RwSignal<Elsewhere>, dirty: Memo<bool>, reload: Callback<()>) -> impl IntoView {
    move || match state.get() {
        Elsewhere::Changed if dirty.get() => Some(
            view! {
                <div class="credit-hold-reason other-tab" role="alert" data-testid="changed-elsewhere">
                    <strong>"Changed in another tab. "</strong>
                    <span>"Your unsaved edits are still here: Save puts them over the other tab's change, Reload shows the latest and discards them."</span>
                    <button class="button small" data-testid="changed-elsewhere-reload" on:click=move |_| reload.run(())>"Reload"</button>
                </div>
            }
            .into_any(),
        ),
        Elsewhere::Deleted => Some(
            view! {
                <div class="credit-hold-reason other-tab" role="alert" data-testid="deleted-elsewhere">
                    <strong>"Deleted in another tab. "</strong>
                    <span>"This record is no longer in the ledger; what the window shows is not stored."</span>
                </div>
            }
            .into_any(),
        ),
        _ => None,
    }
}

/// "A newer version of Reskontra is open in another tab — reload", or "This ledger
/// was replaced in another tab — reload": the database's `versionchange` closed this
/// tab's connection, so nothing more is saved here until the page is loaded again.
#[component]
pub fn ClosedElsewhereNotice() -> impl IntoView {
    let other_tabs = use_ledger().other_tabs;
    move || {
        other_tabs.with(|t| t.closed).map(|why| {
            view! {
                <div class="closed-elsewhere" role="alert" data-testid="closed-elsewhere">
                    <span>{why.to_string()}</span>
                    <span class="hint">" Nothing more is saved in this tab."</span>
                    <button class="button primary small" data-testid="closed-elsewhere-reload"
                        on:click=move |_| { if let Some(w) = web_sys::window() { let _ = w.location().reload(); } }>"Reload"</button>
                </div>
            }
        })
    }
}
