//! Reference tables (SPEC R1.6): currencies, currency rates by effective date, VAT
//! categories and their rates by effective date, payment terms. One Save for all.

use leptos::prelude::*;
use reskontra_core::reference::{CurrencyDraft, CurrencyRateDraft, ReferenceTablesDraft, TermsDraft, VatCategoryDraft, VatRateDraft};
use reskontra_core::{Command, Problem};

use crate::ui::components::form::ProblemSummary;
use crate::ui::context::use_ledger;
use crate::ui::messages::message_for;

/// One editable row: a stable id (for keyed rendering) and one signal per cell.
#[derive(Clone)]
struct GridRow {
    uid: u32,
    cells: Vec<RwSignal<String>>,
}

/// The columns of one table: (title, field name in problems, numeric).
type Columns = &'static [(&'static str, &'static str, bool)];

const CURRENCIES: Columns = &[("Code", "code", false), ("Name", "description", false), ("Decimals", "minor_units", true)];
const RATES: Columns = &[("Currency", "currency", false), ("Effective from", "effective", false), ("Rate (base per unit)", "rate", true), ("Rate type", "rate_type", false)];
const VAT_CATEGORIES: Columns = &[("ID", "id", false), ("Description", "description", false)];
const VAT_RATES: Columns = &[("Category", "category", false), ("Effective from", "effective", false), ("Rate %", "rate_pct", true)];
const TERMS: Columns = &[("ID", "id", false), ("Description", "description", false), ("Days to due", "days_to_due", true), ("Discount days", "discount_days", true), ("Discount %", "discount_pct", true)];

fn rows_of(values: Vec<Vec<String>>, next_uid: StoredValue<u32>) -> RwSignal<Vec<GridRow>> {
    let rows = values
        .into_iter()
        .map(|cells| {
            let uid = next_uid.get_value();
            next_uid.set_value(uid + 1);
            GridRow { uid, cells: cells.into_iter().map(RwSignal::new).collect() }
        })
        .collect();
    RwSignal::new(rows)
}

fn values_of(rows: RwSignal<Vec<GridRow>>) -> Vec<Vec<String>> {
    rows.get_untracked().iter().map(|r| r.cells.iter().map(|c| c.get_untracked()).collect()).collect()
}

fn cell(row: &[String], idx: usize) -> String {
    row.get(idx).cloned().unwrap_or_default()
}

fn label_of(field: &str) -> String {
    let parts: Vec<&str> = field.split('.').collect();
    let table = |name: &str| match name {
        "currencies" => "Currencies",
        "currency_rates" => "Currency rates",
        "vat_categories" => "VAT categories",
        "vat_rates" => "VAT rates",
        _ => "Payment terms",
    };
    match parts.as_slice() {
        [name] => table(name).to_string(),
        [name, row, column] => format!("{} row {} {}", table(name), row.parse::<usize>().map(|r| r + 1).unwrap_or(0), column.replace('_', " ")),
        _ => field.to_string(),
    }
}

#[component]
pub fn ReferenceTablesWindow() -> impl IntoView {
    let ctx = use_ledger();
    let next_uid = StoredValue::new(0_u32);
    let draft = ctx.ledger.with_untracked(|l| ReferenceTablesDraft::from_settings(&l.settings));
    let currencies = rows_of(draft.currencies.iter().map(|c| vec![c.code.clone(), c.description.clone(), c.minor_units.clone()]).collect(), next_uid);
    let rates = rows_of(draft.currency_rates.iter().map(|r| vec![r.currency.clone(), r.effective.clone(), r.rate.clone(), r.rate_type.clone()]).collect(), next_uid);
    let categories = rows_of(draft.vat_categories.iter().map(|v| vec![v.id.clone(), v.description.clone()]).collect(), next_uid);
    let vat_rates = rows_of(draft.vat_rates.iter().map(|r| vec![r.category.clone(), r.effective.clone(), r.rate_pct.clone()]).collect(), next_uid);
    let terms = rows_of(
        draft.terms.iter().map(|t| vec![t.id.clone(), t.description.clone(), t.days_to_due.clone(), t.discount_days.clone(), t.discount_pct.clone()]).collect(),
        next_uid,
    );
    let problems = RwSignal::new(Vec::<Problem>::new());

    let save = move || {
        let draft = ReferenceTablesDraft {
            currencies: values_of(currencies).iter().map(|r| CurrencyDraft { code: cell(r, 0), description: cell(r, 1), minor_units: cell(r, 2) }).collect(),
            currency_rates: values_of(rates).iter().map(|r| CurrencyRateDraft { currency: cell(r, 0), effective: cell(r, 1), rate: cell(r, 2), rate_type: cell(r, 3) }).collect(),
            vat_categories: values_of(categories).iter().map(|r| VatCategoryDraft { id: cell(r, 0), description: cell(r, 1) }).collect(),
            vat_rates: values_of(vat_rates).iter().map(|r| VatRateDraft { category: cell(r, 0), effective: cell(r, 1), rate_pct: cell(r, 2) }).collect(),
            terms: values_of(terms)
                .iter()
                .map(|r| TermsDraft { id: cell(r, 0), description: cell(r, 1), days_to_due: cell(r, 2), discount_days: cell(r, 3), discount_pct: cell(r, 4) })
                .collect(),
        };
        leptos::task::spawn_local(async move {
            match ctx.run(Command::SaveReferenceTables(draft)).await {
                Ok(_) => {
                    problems.set(Vec::new());
                    ctx.notify("Reference tables saved");
                }
                Err(found) => problems.set(found),
            }
        });
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "s" {
            ev.prevent_default();
            save();
        }
    };
    view! {
        <div class="window record-window" on:keydown=on_keydown>
            <div class="toolbar">
                <h1>"Reference tables"</h1>
                <button class="button primary" data-testid="save" on:click=move |_| save() title="Save (Ctrl+S)">"Save"</button>
            </div>
            <ProblemSummary problems=problems label_of=label_of />
            <div class="ref-tables">
                <EditGrid title="Currencies" prefix="currencies" columns=CURRENCIES rows=currencies problems=problems next_uid=next_uid />
                <EditGrid title="Currency rates" prefix="currency_rates" columns=RATES rows=rates problems=problems next_uid=next_uid />
                <EditGrid title="VAT categories" prefix="vat_categories" columns=VAT_CATEGORIES rows=categories problems=problems next_uid=next_uid />
                <EditGrid title="VAT rates" prefix="vat_rates" columns=VAT_RATES rows=vat_rates problems=problems next_uid=next_uid />
                <EditGrid title="Payment terms" prefix="terms" columns=TERMS rows=terms problems=problems next_uid=next_uid />
            </div>
        </div>
    }
}

/// An editable table: one input per cell, its problem under it, add and remove rows.
#[component]
fn EditGrid(
    title: &'static str,
    prefix: &'static str,
    columns: Columns,
    rows: RwSignal<Vec<GridRow>>,
    problems: RwSignal<Vec<Problem>>,
    next_uid: StoredValue<u32>,
) -> impl IntoView {
    let table_message = move || problems.with(|ps| message_for(ps, prefix));
    let body = move || {
        rows.get()
            .into_iter()
            .enumerate()
            .map(|(idx, row)| {
                let uid = row.uid;
                let cells = row
                    .cells
                    .iter()
                    .zip(columns.iter())
                    .map(|(value, (title, name, numeric))| {
                        let value = *value;
                        let field = format!("{prefix}.{idx}.{name}");
                        let message = move || problems.with(|ps| message_for(ps, &field));
                        let message_shown = message.clone();
                        view! {
                            <td class:num=*numeric>
                                <input aria-label=*title data-testid=format!("{prefix}-{idx}-{name}") class:invalid=move || message().is_some()
                                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
                                <div class="field-error">{message_shown}</div>
                            </td>
                        }
                    })
                    .collect_view();
                view! {
                    <tr>
                        {cells}
                        <td><button class="icon-button" title="Remove row" aria-label="Remove row" on:click=move |_| rows.update(|rs| rs.retain(|r| r.uid != uid))>"×"</button></td>
                    </tr>
                }
            })
            .collect_view()
    };
    let add = move |_| {
        let uid = next_uid.get_value();
        next_uid.set_value(uid + 1);
        rows.update(|rs| rs.push(GridRow { uid, cells: columns.iter().map(|_| RwSignal::new(String::new())).collect() }));
    };
    view! {
        <div class="edit-grid" data-testid=format!("grid-{prefix}")>
            <h3>{title}</h3>
            <div class="field-error">{table_message}</div>
            <table class="lines">
                <thead><tr>{columns.iter().map(|(t, _, numeric)| view! { <th class:num=*numeric>{*t}</th> }).collect_view()}<th></th></tr></thead>
                <tbody>{body}</tbody>
            </table>
            <button class="button" data-testid=format!("add-{prefix}") on:click=add>"Add row"</button>
        </div>
    }
}
