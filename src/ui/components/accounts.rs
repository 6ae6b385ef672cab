//! The GL accounts tab of a class or a customer (R4.15, seed 002): each account
//! empty by default, with the inherited account (class's or company's) shown as the
//! placeholder.

use leptos::prelude::*;
use reskontra_core::accounting::journal::{AccountOverrides, Accounts};
use reskontra_core::fields::accounts;
use reskontra_core::Problem;

use crate::ui::components::form::Field;

pub fn accounts_tab<T: Send + Sync + 'static>(
    draft: RwSignal<T>,
    get: fn(&T) -> &AccountOverrides,
    get_mut: fn(&mut T) -> &mut AccountOverrides,
    problems: RwSignal<Vec<Problem>>,
    inherited: Signal<Accounts>,
    testid: &'static str,
    hint: &'static str,
) -> AnyView {
    let fields = AccountOverrides::FIELDS
        .into_iter()
        .map(|(name, label, field_get, field_set)| {
            view! {
                <Field label=label name=accounts::account(name) problems=problems>
                    <input type="text" data-testid=format!("{testid}-account-{}", name.as_str().replace('_', "-"))
                        placeholder=move || inherited.with(|a| a.named(name.as_str()).cloned().unwrap_or_default())
                        prop:value=move || draft.with(|d| field_get(get(d)).clone())
                        on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| *field_set(get_mut(d)) = v) } />
                </Field>
            }
        })
        .collect_view();
    view! {
        <section class="tab-section">
            <p class="hint">{hint}</p>
            <div class="form-grid">{fields}</div>
        </section>
    }
    .into_any()
}
