//! The Rate field of a foreign-currency document (SPEC R3.5, R4.11): the rate of
//! the customer's rate type effective on the document date, shown as the
//! placeholder; typed only when the customer has *Enable rate override*.

use leptos::prelude::*;
use reskontra_core::base::problem::parse_date;
use reskontra_core::documents::document::Document;
use reskontra_core::fields::document;
use reskontra_core::Problem;

use crate::ui::components::bind::Bound;
use crate::ui::components::form::Field;
use crate::ui::context::use_ledger;

#[component]
pub fn RateField(
    #[prop(into)] rate: Bound<String>,
    #[prop(into)] customer_id: Signal<String>,
    #[prop(into)] date: Signal<String>,
    #[prop(into)] currency: Signal<String>,
    #[prop(into)] stored: Signal<Option<Document>>,
    problems: RwSignal<Vec<Problem>>,
    testid: &'static str,
) -> impl IntoView {
    let ctx = use_ledger();
    // (foreign currency?, override allowed?, the table's rate as text)
    let state = Memo::new(move |_| {
        ctx.ledger.with(|l| {
            let code = currency.get();
            let foreign = !code.is_empty() && code != l.settings.base_currency;
            let customer = l.customers.get(&customer_id.get());
            let allowed = customer.is_some_and(|c| c.allow_rate_override);
            let rate_type = customer.map(|c| c.rate_type.clone()).unwrap_or_default();
            let table = parse_date(&date.get()).ok().and_then(|d| l.settings.rate_of_type(&code, &rate_type, d));
            let label = if rate_type.is_empty() { "SPOT".to_string() } else { rate_type };
            (
                foreign,
                allowed,
                table.map(|r| format!("{} ({label})", l.settings.numbers().decimal(r.normalize()))).unwrap_or_else(|| format!("no {label} rate")),
            )
        })
    });
    let released = Signal::derive(move || stored.get().is_some_and(|d| d.status.is_released()));
    move || {
        let (foreign, allowed, table) = state.get();
        foreign.then(|| {
            let shown = move || stored.get().filter(|d| d.status.is_released()).map(|d| ctx.numbers().decimal(d.rate.normalize())).unwrap_or_else(|| rate.get());
            view! {
                <Field label="Rate (base per unit)" name=document::RATE problems=problems>
                    <input type="text" class="num" inputmode="decimal" data-testid=testid placeholder=table.clone() title=if allowed { "Empty: the rate table's rate on the date" } else { "Rate override is off for this customer" }
                        prop:value=shown readonly=move || !allowed || released.get()
                        on:input=move |ev| rate.set(event_target_value(&ev)) />
                </Field>
            }
        })
    }
}

/// The Currency field of a document (R4.11): shown when the customer has *Enable
/// currency override*; empty means the customer's currency.
#[component]
pub fn CurrencyField(
    #[prop(into)] currency: Bound<String>,
    #[prop(into)] customer_id: Signal<String>,
    #[prop(into)] released: Signal<bool>,
    problems: RwSignal<Vec<Problem>>,
    testid: &'static str,
) -> impl IntoView {
    let ctx = use_ledger();
    let choice = Memo::new(move |_| {
        ctx.ledger.with(|l| {
            let customer = l.customers.get(&customer_id.get())?;
            customer.allow_currency_override.then(|| {
                std::iter::once((String::new(), format!("Customer's ({})", customer.currency)))
                    .chain(l.settings.currencies.iter().map(|c| (c.code.clone(), c.code.clone())))
                    .collect::<Vec<_>>()
            })
        })
    });
    move || {
        choice.get().map(|options| {
            view! {
                <Field label="Currency" name=document::CURRENCY problems=problems>
                    <select data-testid=testid prop:disabled=move || released.get() prop:value=move || currency.get()
                        on:change=move |ev| currency.set(event_target_value(&ev))>
                        {options.into_iter().map(|(v, label)| {
                            let selected = v == currency.get_untracked();
                            view! { <option value=v selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </Field>
            }
        })
    }
}
