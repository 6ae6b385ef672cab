//! Customer lookup: the [`Combobox`] over the ledger's customers (the core's
//! `find_customers` / `resolve_customer`): type a number or any part of a name.

use leptos::prelude::*;
use reskontra_core::customers::master::{find_customers, resolve_customer};

use crate::ui::components::bind::Bound;
use crate::ui::components::combobox::{Combobox, Finder, PickerText, MAX_MATCHES};
use crate::ui::context::use_ledger;

#[component]
pub fn CustomerPicker(#[prop(into)] value: Bound<String>, #[prop(into)] testid: String, #[prop(into)] disabled: Signal<bool>) -> impl IntoView {
    let ctx = use_ledger();
    let finder = Finder {
        find: Callback::new(move |typed: String| {
            ctx.ledger.with(|l| find_customers(l, &typed, MAX_MATCHES).into_iter().map(|c| (c.id.clone(), c.name.clone())).collect())
        }),
        resolve: Callback::new(move |typed: String| ctx.ledger.with_untracked(|l| resolve_customer(l, &typed).map(|c| c.id.clone()))),
        name_of: Callback::new(move |id: String| ctx.ledger.with(|l| l.customers.get(&id).map(|c| c.name.clone()))),
    };
    let text = PickerText { testid, list_label: "Customers", placeholder: "Customer no. or name" };
    view! { <Combobox value=value text=text finder=finder disabled=disabled /> }
}
