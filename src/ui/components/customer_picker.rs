//! Customer lookup, an ARIA combobox: type a number or any part of a name (the list
//! search of SPEC R3.11, the core's `find_customers`); matching customers are listed,
//! Arrow keys move, Enter or a click chooses, Esc closes. Leaving the box with text
//! that names one customer chooses it. The chosen customer's name shows in full.

use leptos::prelude::*;
use reskontra_core::customers::master::{find_customers, resolve_customer};

use crate::ui::components::bind::Bound;
use crate::ui::context::use_ledger;

/// How many matches the lookup offers.
const MAX_MATCHES: usize = 30;

#[component]
pub fn CustomerPicker(#[prop(into)] value: Bound<String>, #[prop(into)] testid: String, #[prop(into)] disabled: Signal<bool>) -> impl IntoView {
    let ctx = use_ledger();
    let list_id = format!("{testid}-options");
    // What is in the box; `value` is the customer number chosen (or the text, until
    // it names a customer, so Save says what is wrong with it).
    let typed = RwSignal::new(value.get_untracked());
    let open = RwSignal::new(false);
    let active = RwSignal::new(0_usize);
    // The form may change the customer itself (a save, New): show it.
    Effect::new(move |_| {
        let chosen = value.get();
        if typed.get_untracked() != chosen && ctx.ledger.with_untracked(|l| l.customers.contains_key(&chosen) || chosen.is_empty()) {
            typed.set(chosen);
        }
    });
    let matches = Memo::new(move |_| {
        let text = typed.get();
        ctx.ledger.with(|l| {
            if l.customers.contains_key(text.trim()) {
                return Vec::new();
            }
            find_customers(l, &text, MAX_MATCHES).into_iter().map(|c| (c.id.clone(), c.name.clone())).collect::<Vec<_>>()
        })
    });
    let choose = move |id: String| {
        typed.set(id.clone());
        value.set(id);
        open.set(false);
    };
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        typed.set(text.clone());
        value.set(text.trim().to_string());
        active.set(0);
        open.set(true);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = matches.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                if open.get_untracked() {
                    active.update(|a| *a = (*a + 1).min(n - 1));
                }
                open.set(true);
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = a.saturating_sub(1));
            }
            "Enter" if open.get_untracked() && n > 0 => {
                ev.prevent_default();
                if let Some((id, _)) = matches.with_untracked(|m| m.get(active.get_untracked()).cloned()) {
                    choose(id);
                }
            }
            "Escape" if open.get_untracked() => {
                ev.stop_propagation();
                open.set(false);
            }
            _ => {}
        }
    };
    // Leaving the box: text that names one customer chooses it.
    let on_blur = move |_| {
        let text = typed.get_untracked();
        if let Some(id) = ctx.ledger.with_untracked(|l| resolve_customer(l, &text).map(|c| c.id.clone())) {
            choose(id);
        }
        open.set(false);
    };
    let shown = move || open.get() && !disabled.get() && matches.with(|m| !m.is_empty());
    let option_id = {
        let list_id = list_id.clone();
        move |i: usize| format!("{list_id}-{i}")
    };
    let active_id = {
        let option_id = option_id.clone();
        move || shown().then(|| option_id(active.get()))
    };
    let name = move || ctx.ledger.with(|l| l.customers.get(&value.get()).map(|c| c.name.clone()).unwrap_or_default());
    let options = {
        let testid = testid.clone();
        move || {
            matches
                .get()
                .into_iter()
                .enumerate()
                .map(|(i, (id, name))| {
                    let pick = id.clone();
                    view! {
                        <li role="option" id=option_id(i) class="picker-option" data-testid=format!("{testid}-option")
                            aria-selected=move || (active.get() == i).to_string() class:active=move || active.get() == i
                            // Chosen on mousedown, before the box loses the focus.
                            on:mousedown=move |ev| { ev.prevent_default(); choose(pick.clone()) }>
                            <span class="picker-option-id">{id}</span>" "<span>{name}</span>
                        </li>
                    }
                })
                .collect_view()
        }
    };
    view! {
        <div class="picker">
            <input
                data-testid=testid.clone()
                role="combobox"
                aria-autocomplete="list"
                aria-expanded=move || shown().to_string()
                aria-controls=list_id.clone()
                aria-activedescendant=active_id
                autocomplete="off"
                placeholder="Customer no. or name"
                prop:value=move || typed.get()
                prop:disabled=move || disabled.get()
                on:input=on_input
                on:keydown=on_keydown
                on:blur=on_blur
            />
            <ul id=list_id role="listbox" class="picker-list" aria-label="Customers" style:display=move || if shown() { "block" } else { "none" }>
                {options}
            </ul>
            <span class="picker-name" data-testid=format!("{testid}-name")>{name}</span>
        </div>
    }
}
