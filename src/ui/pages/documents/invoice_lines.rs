//! The lines of the invoice window: one row per line with its cells, each problem at
//! its cell, the line amount from the core's live totals, *Add line* and remove.

use leptos::prelude::*;
use reskontra_core::command::LineDraft;
use reskontra_core::documents::form::{self, DraftTotals};
use reskontra_core::fields::document::{self, LineColumn};
use reskontra_core::Problem;
use rust_decimal::Decimal;

use crate::ui::context::use_ledger;
use crate::ui::messages::message_for;

#[derive(Clone, Copy)]
pub struct LineForm {
    uid: u32,
    description: RwSignal<String>,
    quantity: RwSignal<String>,
    unit_price: RwSignal<String>,
    discount_pct: RwSignal<String>,
    vat_category: RwSignal<String>,
}

impl LineForm {
    pub fn new(uid: u32, draft: &LineDraft) -> Self {
        LineForm {
            uid,
            description: RwSignal::new(draft.description.clone()),
            quantity: RwSignal::new(draft.quantity.clone()),
            unit_price: RwSignal::new(draft.unit_price.clone()),
            discount_pct: RwSignal::new(draft.discount_pct.clone()),
            vat_category: RwSignal::new(draft.vat_category.clone()),
        }
    }

    pub fn draft(&self) -> LineDraft {
        LineDraft {
            description: self.description.get(),
            quantity: self.quantity.get(),
            unit_price: self.unit_price.get(),
            discount_pct: self.discount_pct.get(),
            vat_category: self.vat_category.get(),
        }
    }
}

/// The Lines section. `next_uid` numbers new lines so each keeps its own signals.
#[component]
pub fn InvoiceLines(
    lines: RwSignal<Vec<LineForm>>,
    next_uid: StoredValue<u32>,
    problems: RwSignal<Vec<Problem>>,
    /// The core's live totals of what is typed (the line amounts shown).
    totals: Memo<DraftTotals>,
    #[prop(into)] minor_units: Signal<u32>,
    #[prop(into)] released: Signal<bool>,
) -> impl IntoView {
    let ctx = use_ledger();
    let computed = totals;
    let amount = move |value: Decimal| ctx.numbers().amount(value, minor_units.get());
    let add_line = move || {
        let uid = next_uid.get_value();
        next_uid.set_value(uid + 1);
        let line = ctx.ledger.with_untracked(form::new_line);
        lines.update(|ls| ls.push(LineForm::new(uid, &line)));
    };
    let vat_options =
        Signal::derive(move || ctx.ledger.with(|l| l.settings.vat_categories.iter().map(|v| (v.id.clone(), v.description.clone())).collect::<Vec<_>>()));
    let line_rows = move || {
        lines
            .get()
            .into_iter()
            .enumerate()
            .map(|(idx, line)| {
                let err = move |column: LineColumn| {
                    let field = document::line(idx, column);
                    move || problems.with(|ps| message_for(ps, &field))
                };
                let cell_input = move |value: RwSignal<String>, column: LineColumn, label: &'static str, class: &'static str| {
                    let (name, path) = (column.name(), document::line(idx, column).to_string());
                    let message = err(column);
                    let message2 = err(column);
                    view! {
                        <td class=class>
                            <input data-testid=format!("line-{idx}-{name}") inputmode=(class == "num").then_some("decimal") aria-label=format!("Line {} {label}", idx + 1) class:invalid=move || message().is_some()
                                prop:value=move || value.get() prop:disabled=move || released.get()
                                on:input=move |ev| value.set(event_target_value(&ev)) />
                            <div class="field-error" data-testid=format!("error-{path}") data-field=path.clone()>{message2}</div>
                        </td>
                    }
                };
                let vat_message = err(LineColumn::VatCategory);
                let line_amount = move || computed.with(|c| c.line_amounts.get(idx).map(|a| amount(*a)).unwrap_or_default());
                // The category's rate on the document date (the core's), beside the category.
                let vat_rate = move || computed.with(|c| c.line_vat_rates.get(idx).copied().flatten().map(|r| format!("{} %", ctx.numbers().decimal(r.normalize()))).unwrap_or_default());
                view! {
                    <tr data-testid="invoice-line">
                        <td class="num muted">{idx + 1}</td>
                        {cell_input(line.description, LineColumn::Description, "description", "")}
                        {cell_input(line.quantity, LineColumn::Quantity, "quantity", "num")}
                        {cell_input(line.unit_price, LineColumn::UnitPrice, "unit price", "num")}
                        {cell_input(line.discount_pct, LineColumn::DiscountPct, "discount %", "num")}
                        <td class="vat-cell">
                            <select data-testid=format!("line-{idx}-vat_category") aria-label=format!("Line {} VAT category", idx + 1) prop:disabled=move || released.get()
                                on:change=move |ev| line.vat_category.set(event_target_value(&ev))>
                                {move || vat_options.get().into_iter().map(|(id, label)| {
                                    let selected = line.vat_category.get_untracked() == id;
                                    view! { <option value=id.clone() selected=selected title=label>{id.clone()}</option> }
                                }).collect_view()}
                            </select>
                            <span class="vat-rate muted" data-testid=format!("line-{idx}-vat-rate")>{vat_rate}</span>
                            <div class="field-error" data-field=document::line(idx, LineColumn::VatCategory).to_string()>{vat_message}</div>
                        </td>
                        <td class="num amount" data-testid=format!("line-{idx}-amount")>{line_amount}</td>
                        <td>
                            <button class="icon-button" title="Remove line" aria-label="Remove line" prop:disabled=move || released.get()
                                on:click=move |_| lines.update(|ls| ls.retain(|l| l.uid != line.uid))>"×"</button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
            <section class="tab-section">
                <h2>"Lines"</h2>
                <div class="field-error" data-testid="error-lines">{move || problems.with(|ps| message_for(ps, &document::LINES))}</div>
                <table class="lines">
                    <thead><tr>
                        <th class="num">"#"</th><th>"Description"</th><th class="num">"Quantity"</th><th class="num">"Unit price"</th>
                        <th class="num">"Discount %"</th><th>"VAT"</th><th class="num">"Amount"</th><th></th>
                    </tr></thead>
                    <tbody>{line_rows}</tbody>
                </table>
                <button class="button" data-testid="add-line" on:click=move |_| add_line() prop:disabled=move || released.get()>"Add line"</button>
            </section>
    }
}
