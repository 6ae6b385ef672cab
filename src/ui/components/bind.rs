//! Inputs bound to one field of a record draft held in a single signal.
//!
//! Big record windows (Customer, Customer class) keep the whole draft in one
//! `RwSignal`; each input reads its field with `get` and writes it with `set`. The
//! macros `text!`, `check!` and `choice!` write both closures from a field path.

use leptos::prelude::*;

/// One value a component reads and writes, wherever it lives: a signal of its own or
/// a field of a record draft ([`Bound::field`]). `Copy`, like the signals it wraps.
pub struct Bound<T: Send + Sync + 'static> {
    pub value: Signal<T>,
    pub write: Callback<T>,
}

impl<T: Send + Sync + 'static> Clone for Bound<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Bound<T> {}

impl<T: Clone + Send + Sync + 'static> Bound<T> {
    /// The field of `draft` that `get` reads and `set` writes.
    pub fn field<D: Send + Sync + 'static>(
        draft: RwSignal<D>,
        get: impl Fn(&D) -> T + Send + Sync + 'static,
        set: impl Fn(&mut D, T) + Send + Sync + 'static,
    ) -> Self {
        Bound { value: Signal::derive(move || draft.with(&get)), write: Callback::new(move |v| draft.update(|d| set(d, v))) }
    }

    pub fn get(&self) -> T {
        self.value.get()
    }

    pub fn get_untracked(&self) -> T {
        self.value.get_untracked()
    }

    pub fn set(&self, value: T) {
        self.write.run(value);
    }
}

impl<T: Clone + Send + Sync + 'static> From<RwSignal<T>> for Bound<T> {
    fn from(signal: RwSignal<T>) -> Self {
        Bound { value: signal.into(), write: Callback::new(move |v| signal.set(v)) }
    }
}

/// `bound!(draft, a.b)`: the field `draft.a.b` as a [`Bound`].
#[macro_export]
macro_rules! bound {
    ($draft:expr, $($path:tt)+) => {
        $crate::ui::components::bind::Bound::field($draft, move |d| d.$($path)+.clone(), move |d, v| d.$($path)+ = v)
    };
}

/// A text input bound to a field of `draft`.
pub fn text_input<T: Send + Sync + 'static>(
    draft: RwSignal<T>,
    testid: impl Into<String>,
    get: impl Fn(&T) -> String + Send + Sync + Copy + 'static,
    set: impl Fn(&mut T, String) + Send + Sync + Copy + 'static,
) -> AnyView {
    // The generic part only makes a signal and a callback; the view is built once,
    // by a plain function, so each bound field does not add a copy of it to the wasm.
    text_view(testid.into(), Signal::derive(move || draft.with(get)), Callback::new(move |v| draft.update(|d| set(d, v))), None)
}

/// A text input of a decimal number bound to a field of `draft`: typed and shown in
/// the number format (`inputmode="decimal"`, which `NumberFields` reformats).
pub fn decimal_input<T: Send + Sync + 'static>(
    draft: RwSignal<T>,
    testid: impl Into<String>,
    get: impl Fn(&T) -> String + Send + Sync + Copy + 'static,
    set: impl Fn(&mut T, String) + Send + Sync + Copy + 'static,
) -> AnyView {
    text_view(testid.into(), Signal::derive(move || draft.with(get)), Callback::new(move |v| draft.update(|d| set(d, v))), Some("decimal"))
}

fn text_view(testid: String, value: Signal<String>, on_input: Callback<String>, inputmode: Option<&'static str>) -> AnyView {
    view! {
        <input type="text" data-testid=testid inputmode=inputmode prop:value=move || value.get() on:input=move |ev| on_input.run(event_target_value(&ev)) />
    }
    .into_any()
}

/// A text input of a [`Bound`] value with a CSS class (`date`, `num`) and a placeholder.
pub fn styled_input(bound: Bound<String>, testid: &'static str, class: &'static str, placeholder: Signal<String>) -> AnyView {
    view! {
        <input type="text" class=class data-testid=testid inputmode=(class == "num").then_some("decimal") placeholder=move || placeholder.get() prop:value=move || bound.get()
            on:input=move |ev| bound.set(event_target_value(&ev)) />
    }
    .into_any()
}

/// A checkbox bound to a field of `draft`.
pub fn check_box<T: Send + Sync + 'static>(
    draft: RwSignal<T>,
    testid: impl Into<String>,
    label: &'static str,
    get: impl Fn(&T) -> bool + Send + Sync + Copy + 'static,
    set: impl Fn(&mut T, bool) + Send + Sync + Copy + 'static,
) -> AnyView {
    check_view(testid.into(), label, Signal::derive(move || draft.with(get)), Callback::new(move |v| draft.update(|d| set(d, v))))
}

fn check_view(testid: String, label: &'static str, value: Signal<bool>, on_change: Callback<bool>) -> AnyView {
    // Without a label (a table cell), the bare checkbox, so `named` can name it.
    if label.is_empty() {
        return view! {
            <input type="checkbox" data-testid=testid prop:checked=move || value.get() on:change=move |ev| on_change.run(event_target_checked(&ev)) />
        }
        .into_any();
    }
    view! {
        <label class="check">
            <input type="checkbox" data-testid=testid prop:checked=move || value.get() on:change=move |ev| on_change.run(event_target_checked(&ev)) />
            {label}
        </label>
    }
    .into_any()
}

/// Gives the input of a table cell (a text box, checkbox or select of the helpers
/// here) its accessible name, "Location 2 city": a cell has no label of its own.
pub fn named(input: AnyView, name: String) -> AnyView {
    input.add_any_attr(leptos::attr::aria_label(name)).into_any()
}

/// A select of `(value, label)` options bound to a field of `draft`.
pub fn select<T: Send + Sync + 'static>(
    draft: RwSignal<T>,
    testid: impl Into<String>,
    options: Signal<Vec<(String, String)>>,
    get: impl Fn(&T) -> String + Send + Sync + Copy + 'static,
    set: impl Fn(&mut T, String) + Send + Sync + Copy + 'static,
) -> AnyView {
    select_view(testid.into(), options, Signal::derive(move || draft.with(get)), Callback::new(move |v| draft.update(|d| set(d, v))))
}

fn select_view(testid: String, options: Signal<Vec<(String, String)>>, value: Signal<String>, on_change: Callback<String>) -> AnyView {
    // The chosen option's whole text on hover, where a narrow field cuts it.
    let shown = move || {
        let current = value.get();
        options.with(|os| os.iter().find(|(v, _)| *v == current).map(|(_, label)| label.clone()).unwrap_or_default())
    };
    view! {
        <select data-testid=testid title=shown prop:value=move || value.get() on:change=move |ev| on_change.run(event_target_value(&ev))>
            {move || {
                let current = value.get_untracked();
                options.get().into_iter().map(|(v, label)| {
                    let selected = v == current;
                    view! { <option value=v selected=selected>{label}</option> }
                }).collect_view()
            }}
        </select>
    }
    .into_any()
}

/// `text!(draft, "testid", a.b.c)`: a text input bound to `draft.a.b.c`.
#[macro_export]
macro_rules! text {
    ($draft:expr, $testid:expr, $($path:tt)+) => {
        $crate::ui::components::bind::text_input($draft, $testid, move |d| d.$($path)+.clone(), move |d, v| d.$($path)+ = v)
    };
}

/// `decimal!(draft, "testid", a.b.c)`: a decimal-number input bound to `draft.a.b.c`.
#[macro_export]
macro_rules! decimal {
    ($draft:expr, $testid:expr, $($path:tt)+) => {
        $crate::ui::components::bind::decimal_input($draft, $testid, move |d| d.$($path)+.clone(), move |d, v| d.$($path)+ = v)
    };
}

/// `check!(draft, "testid", "Label", a.b)`: a checkbox bound to `draft.a.b`.
#[macro_export]
macro_rules! check {
    ($draft:expr, $testid:expr, $label:expr, $($path:tt)+) => {
        $crate::ui::components::bind::check_box($draft, $testid, $label, move |d| d.$($path)+, move |d, v| d.$($path)+ = v)
    };
}

/// `choice!(draft, "testid", options, a.b)`: a select bound to the string `draft.a.b`.
#[macro_export]
macro_rules! choice {
    ($draft:expr, $testid:expr, $options:expr, $($path:tt)+) => {
        $crate::ui::components::bind::select($draft, $testid, $options, move |d| d.$($path)+.clone(), move |d, v| d.$($path)+ = v)
    };
}

/// `row_text!(draft, "testid", list, i, field)`: a text input bound to `draft.list[i].field`.
#[macro_export]
macro_rules! row_text {
    ($draft:expr, $testid:expr, $list:ident, $i:expr, $($path:tt)+) => {{
        let i = $i;
        $crate::ui::components::bind::text_input(
            $draft,
            $testid,
            move |d| d.$list.get(i).map(|r| r.$($path)+.clone()).unwrap_or_default(),
            move |d, v| if let Some(r) = d.$list.get_mut(i) { r.$($path)+ = v; },
        )
    }};
}

/// `row_check!(draft, "testid", list, i, field)`: a checkbox bound to `draft.list[i].field`.
#[macro_export]
macro_rules! row_check {
    ($draft:expr, $testid:expr, $list:ident, $i:expr, $($path:tt)+) => {{
        let i = $i;
        $crate::ui::components::bind::check_box(
            $draft,
            $testid,
            "",
            move |d| d.$list.get(i).is_some_and(|r| r.$($path)+),
            move |d, v| if let Some(r) = d.$list.get_mut(i) { r.$($path)+ = v; },
        )
    }};
}

/// The number of rows of a list in a draft, as a memo: a table of rows re-renders
/// only when a row is added or removed, not on every keystroke.
pub fn row_count<T: Send + Sync + 'static>(draft: RwSignal<T>, len: impl Fn(&T) -> usize + Send + Sync + 'static) -> Memo<usize> {
    Memo::new(move |_| draft.with(&len))
}

/// The problem message of `field`, for a cell of an editable table.
pub fn cell_error(problems: RwSignal<Vec<reskontra_core::Problem>>, field: reskontra_core::fields::FieldPath) -> AnyView {
    let path = field.to_string();
    let message = Memo::new(move |_| problems.with(|ps| crate::ui::messages::message_for(ps, &field)));
    view! { <span class="field-error" data-field=path class:shown=move || message.get().is_some()>{move || message.get()}</span> }.into_any()
}
