//! The pickers' one component, an ARIA combobox: type a code or any part of a name
//! (the list search of SPEC R3.11, the core's `base::search::find_options`); matching
//! options are listed, Arrow keys move, Enter or a click chooses, Esc closes. Leaving
//! the box with text that names one option chooses it. The chosen option's name shows
//! in full beside the box. Used for customers, classes, terms and documents to apply.

use leptos::prelude::*;
use reskontra_core::base::search::{find_options, pair_text, resolve_option};

use crate::ui::components::bind::Bound;

/// How many matches a picker offers.
pub const MAX_MATCHES: usize = 30;

/// Where a picker's options come from: the core's finding rule over some list.
#[derive(Clone, Copy)]
pub struct Finder {
    /// The options offered for what is typed (at most [`MAX_MATCHES`]), as (code, name).
    pub find: Callback<String, Vec<(String, String)>>,
    /// The code that typed text names: the code itself, or the only option it matches.
    pub resolve: Callback<String, Option<String>>,
    /// The name of a code; `None` when no option has that code.
    pub name_of: Callback<String, Option<String>>,
}

impl Finder {
    /// A finder over a list of (code, name) options.
    pub fn of_options(options: Signal<Vec<(String, String)>>) -> Self {
        let text = pair_text;
        Finder {
            find: Callback::new(move |typed: String| options.with(|os| find_options(os, text, &typed, MAX_MATCHES).into_iter().cloned().collect())),
            resolve: Callback::new(move |typed: String| options.with(|os| resolve_option(os, text, &typed).map(|o| o.0.clone()))),
            name_of: Callback::new(move |code: String| options.with(|os| os.iter().find(|o| o.0 == code).map(|o| o.1.clone()))),
        }
    }
}

/// What one picker is: its test id, what its list is of and what the box invites.
#[derive(Clone)]
pub struct PickerText {
    pub testid: String,
    /// The listbox's accessible name ("Customers").
    pub list_label: &'static str,
    pub placeholder: &'static str,
}

#[component]
pub fn Combobox(
    /// The code chosen (or the text typed, until it names an option, so Save says what
    /// is wrong with it).
    #[prop(into)]
    value: Bound<String>,
    text: PickerText,
    finder: Finder,
    #[prop(into)] disabled: Signal<bool>,
    /// Told the code chosen from the list (Enter, a click, or leaving the box).
    #[prop(optional)]
    on_choose: Option<Callback<String>>,
) -> impl IntoView {
    let PickerText { testid, list_label, placeholder } = text;
    let list_id = format!("{testid}-options");
    let typed = RwSignal::new(value.get_untracked());
    let open = RwSignal::new(false);
    let active = RwSignal::new(0_usize);
    // The form may change the value itself (a save, New, a class's defaults): show it.
    Effect::new(move |_| {
        let chosen = value.get();
        if typed.get_untracked() != chosen && (chosen.is_empty() || finder.name_of.run(chosen.clone()).is_some()) {
            typed.set(chosen);
        }
    });
    // A code shown whole offers itself first, then every other option (Arrow Down
    // browses them); else the matches.
    let matches = Memo::new(move |_| {
        let text = typed.get();
        let code = text.trim().to_string();
        match finder.name_of.run(code.clone()) {
            Some(name) => {
                let others: Vec<(String, String)> = finder.find.run(String::new()).into_iter().filter(|(c, _)| *c != code).collect();
                std::iter::once((code, name)).chain(others).take(MAX_MATCHES).collect()
            }
            None => finder.find.run(text),
        }
    });
    let choose = move |code: String| {
        typed.set(code.clone());
        value.set(code.clone());
        open.set(false);
        if let Some(told) = on_choose {
            told.run(code);
        }
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
                if let Some((code, _)) = matches.with_untracked(|m| m.get(active.get_untracked()).cloned()) {
                    choose(code);
                }
            }
            "Escape" if open.get_untracked() => {
                ev.stop_propagation();
                open.set(false);
            }
            _ => {}
        }
    };
    // Leaving the box: text that names one option chooses it. The browser also blurs
    // a focused box when its window is taken away (another route): then the
    // component is gone and there is nothing to choose.
    let on_blur = move |_| {
        let Some(text) = typed.try_get_untracked() else { return };
        let already = finder.name_of.run(text.trim().to_string()).is_some() && value.get_untracked() == text.trim();
        if !already {
            if let Some(code) = finder.resolve.run(text) {
                choose(code);
            }
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
    let name = move || finder.name_of.run(value.get()).unwrap_or_default();
    let options = option_items(matches, active, testid.clone(), option_id.clone(), choose);
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
                placeholder=placeholder
                prop:value=move || typed.get()
                prop:disabled=move || disabled.get()
                on:input=on_input
                on:keydown=on_keydown
                on:blur=on_blur
            />
            <ul id=list_id role="listbox" class="picker-list" aria-label=list_label style:display=move || if shown() { "block" } else { "none" }>
                {options}
            </ul>
            <span class="picker-name" data-testid=format!("{testid}-name")>{name}</span>
        </div>
    }
}

/// The listbox's options: code and name, the active one marked; chosen on mousedown,
/// before the box loses the focus.
fn option_items(
    matches: Memo<Vec<(String, String)>>,
    active: RwSignal<usize>,
    testid: String,
    option_id: impl Fn(usize) -> String + Clone + Send + Sync + 'static,
    choose: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    move || {
        matches
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, (code, name))| {
                let pick = code.clone();
                view! {
                    <li role="option" id=option_id(i) class="picker-option" data-testid=format!("{testid}-option")
                        aria-selected=move || (active.get() == i).to_string() class:active=move || active.get() == i
                        on:mousedown=move |ev| { ev.prevent_default(); choose(pick.clone()) }>
                        <span class="picker-option-id">{code}</span>" "<span>{name}</span>
                    </li>
                }
            })
            .collect_view()
    }
}

/// A [`Combobox`] over `options` bound to a field of a record draft (the class and
/// terms fields); `pick!` writes the two closures from a field path.
pub fn picker<T: Send + Sync + 'static>(
    draft: RwSignal<T>,
    text: PickerText,
    options: Signal<Vec<(String, String)>>,
    get: impl Fn(&T) -> String + Send + Sync + 'static,
    set: impl Fn(&mut T, String) + Send + Sync + 'static,
) -> AnyView {
    let value = Bound::field(draft, get, set);
    view! { <Combobox value=value text=text finder=Finder::of_options(options) disabled=false /> }.into_any()
}

/// `pick!(draft, "testid", "List label", "Placeholder", options, a.b)`: a [`Combobox`]
/// over `options` bound to `draft.a.b`.
#[macro_export]
macro_rules! pick {
    ($draft:expr, $testid:expr, $list:expr, $placeholder:expr, $options:expr, $($path:tt)+) => {
        $crate::ui::components::combobox::picker(
            $draft,
            $crate::ui::components::combobox::PickerText { testid: $testid.to_string(), list_label: $list, placeholder: $placeholder },
            $options,
            move |d| d.$($path)+.clone(),
            move |d, v| d.$($path)+ = v,
        )
    };
}
