//! The progress line of long work (DESIGN "Long work"): a bar, "4 500 of 10 026" in the
//! ledger's number format, and *Cancel*, shown while `busy`. Only the bar and the count
//! follow the progress; the line itself (and its Cancel button) stays put while the
//! work runs. Test ids: `<testid>`, `<testid>-count`, and the Cancel button's own id.

use leptos::prelude::*;

use crate::ui::context::use_ledger;

#[component]
pub fn ProgressLine(
    #[prop(into)] testid: String,
    #[prop(into)] cancel_testid: String,
    busy: Signal<bool>,
    done: Signal<usize>,
    total: Signal<usize>,
    cancel: RwSignal<bool>,
) -> impl IntoView {
    let ctx = use_ledger();
    let group = move |n: usize| ctx.numbers_untracked().count(n);
    let count_testid = format!("{testid}-count");
    move || {
        let (testid, count_testid, cancel_testid) = (testid.clone(), count_testid.clone(), cancel_testid.clone());
        busy.get().then(|| {
            view! {
                <div class="progress-line" data-testid=testid role="status">
                    <progress max=move || total.get().to_string() value=move || done.get().to_string()></progress>
                    <span data-testid=count_testid>{move || format!("{} of {}", group(done.get()), group(total.get()))}</span>
                    <button class="button small" data-testid=cancel_testid on:click=move |_| cancel.set(true) prop:disabled=move || cancel.get()>"Cancel"</button>
                </div>
            }
        })
    }
}
