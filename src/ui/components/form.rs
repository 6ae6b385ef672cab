//! Form fields that show their problem beside them, and the summary at the top.

use leptos::prelude::*;
use reskontra_core::fields::FieldPath;
use reskontra_core::Problem;

use crate::ui::messages::message_for;

/// A labelled field; the problem for `name` (if any) is shown under it.
#[component]
pub fn Field(
    label: &'static str,
    name: FieldPath,
    problems: RwSignal<Vec<Problem>>,
    #[prop(optional)] required: bool,
    #[prop(optional)] wide: bool,
    children: Children,
) -> impl IntoView {
    let field = name.clone();
    let message = Memo::new(move |_| problems.with(|ps| message_for(ps, &field)));
    view! {
        <label class="field" class:invalid=move || message.get().is_some() class:wide=wide>
            <span class="field-label">{label}{required.then_some(" *")}</span>
            {children()}
            <span class="field-error" data-field=name.to_string() data-testid=format!("error-{name}")>{move || message.get()}</span>
        </label>
    }
}

/// Lists every problem of the form; problems without a field are shown only here.
#[component]
pub fn ProblemSummary(problems: RwSignal<Vec<Problem>>, label_of: fn(&FieldPath) -> String) -> impl IntoView {
    move || {
        problems.with(|ps| {
            (!ps.is_empty()).then(|| {
                // Each problem at a field is a link to it: the focus goes to the input.
                let lines = ps
                    .iter()
                    .map(|p| {
                        let text = crate::ui::messages::summary_line(p, label_of);
                        if p.field.is_form() {
                            view! { <li>{text}</li> }.into_any()
                        } else {
                            let path = p.field.to_string();
                            view! {
                                <li><a href="#" class="problem-link" data-testid="problem-link"
                                    on:click=move |ev| { ev.prevent_default(); crate::delivery::focus_field(&path) }>{text}</a></li>
                            }
                            .into_any()
                        }
                    })
                    .collect_view();
                // Saving and releasing both end here, so the heading names neither.
                view! {
                    <div class="problem-summary" role="alert" data-testid="problem-summary">
                        <strong>{if ps.len() == 1 { "1 problem to fix:".to_string() } else { format!("{} problems to fix:", ps.len()) }}</strong>
                        <ul>{lines}</ul>
                    </div>
                }
            })
        })
    }
}

/// A text input bound to a signal.
#[component]
pub fn TextInput(
    value: RwSignal<String>,
    #[prop(into)] testid: String,
    #[prop(optional, into)] kind: Option<&'static str>,
    #[prop(optional)] readonly: bool,
    #[prop(optional, into)] placeholder: String,
    /// A decimal number: typed and shown in the number format (see `NumberFields`).
    #[prop(optional)]
    decimal: bool,
) -> impl IntoView {
    view! {
        <input
            type=kind.unwrap_or("text")
            data-testid=testid
            inputmode=decimal.then_some("decimal")
            readonly=readonly
            placeholder=placeholder
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
        />
    }
}

/// A checkbox bound to a signal.
#[component]
pub fn CheckBox(value: RwSignal<bool>, #[prop(into)] testid: String, label: &'static str) -> impl IntoView {
    view! {
        <label class="check">
            <input type="checkbox" data-testid=testid prop:checked=move || value.get() on:change=move |ev| value.set(event_target_checked(&ev)) />
            {label}
        </label>
    }
}

/// A select of `(value, label)` options bound to a signal.
#[component]
pub fn Select(value: RwSignal<String>, #[prop(into)] testid: String, #[prop(into)] options: Signal<Vec<(String, String)>>) -> impl IntoView {
    view! {
        <select data-testid=testid prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
            {move || {
                options
                    .get()
                    .into_iter()
                    .map(|(v, label)| {
                        let selected = value.get_untracked() == v;
                        view! { <option value=v selected=selected>{label}</option> }
                    })
                    .collect_view()
            }}
        </select>
    }
}
