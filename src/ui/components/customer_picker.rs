//! Customer lookup: type a number or part of a name; matching customers are offered.

use leptos::prelude::*;

use crate::ui::context::use_ledger;

/// How many matches the lookup offers.
const MAX_MATCHES: usize = 30;

#[component]
pub fn CustomerPicker(
    #[prop(into)] value: crate::ui::components::bind::Bound<String>,
    #[prop(into)] testid: String,
    #[prop(into)] disabled: Signal<bool>,
) -> impl IntoView {
    let ctx = use_ledger();
    let list_id = format!("{testid}-options");
    let matches = Memo::new(move |_| {
        let typed = value.get().to_lowercase();
        ctx.ledger.with(|l| {
            if l.customers.contains_key(&value.get()) {
                return Vec::new();
            }
            l.customers
                .values()
                .filter(|c| typed.is_empty() || c.id.to_lowercase().contains(&typed) || c.name.to_lowercase().contains(&typed))
                .take(MAX_MATCHES)
                .map(|c| (c.id.clone(), c.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let name = move || ctx.ledger.with(|l| l.customers.get(&value.get()).map(|c| c.name.clone()).unwrap_or_default());
    view! {
        <div class="picker">
            <input
                data-testid=testid.clone()
                list=list_id.clone()
                autocomplete="off"
                placeholder="Customer no. or name"
                prop:value=move || value.get()
                prop:disabled=move || disabled.get()
                on:input=move |ev| value.set(event_target_value(&ev).trim().to_string())
            />
            <datalist id=list_id>
                {move || matches.get().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
            </datalist>
            <span class="picker-name" data-testid=format!("{testid}-name")>{name}</span>
        </div>
    }
}
