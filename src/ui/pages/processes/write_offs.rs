//! Write off balances and credits (SPEC R4.13): see every small balance and credit
//! under the write-off limits first, then write them all off in one action.

use leptos::prelude::*;
use reskontra_core::base::problem::parse_date;
use reskontra_core::processes::write_off_proposals;
use reskontra_core::reports::rows::Money;
use reskontra_core::Command;

use crate::ui::components::process::{open_row, run_process, ProcessDate, ProcessOutcome};
use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::route::document_route;

#[component]
pub fn WriteOffsWindow() -> impl IntoView {
    let ctx = use_ledger();
    let date = RwSignal::new(ctx.business_date_untracked().to_string());
    let limit = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let parsed_limit = Memo::new(move |_| {
        let text = limit.get();
        if text.trim().is_empty() {
            Ok(None)
        } else {
            ctx.numbers().parse(&text, 4).map(Some).map_err(|e| e.to_string())
        }
    });
    let proposals = Memo::new(move |_| match parsed_limit.get() {
        Ok(l) => ctx.ledger.with(|ledger| write_off_proposals(ledger, l)),
        Err(_) => Vec::new(),
    });
    let rows = Memo::new(move |_| {
        ctx.ledger.with_untracked(|l| {
            proposals
                .get()
                .into_iter()
                .map(|p| TableRow {
                    key: document_route(p.target_type, &p.target_ref).href(),
                    cells: vec![
                        p.customer_id.clone(),
                        l.customers.get(&p.customer_id).map(|c| c.name.clone()).unwrap_or_default(),
                        format!("{} {}", p.target_type.label(), p.target_ref),
                        p.write_off_type.label().to_string(),
                        p.currency.clone(),
                        Money::of(l, p.amount, &p.currency).plain(),
                    ],
                })
                .collect::<Vec<_>>()
        })
    });
    let write_off = move |_| {
        let Ok(on) = parse_date(&date.get_untracked()) else {
            message.set(Some((false, "Enter the date as YYYY-MM-DD".to_string())));
            return;
        };
        let Ok(l) = parsed_limit.get_untracked() else { return };
        let n = proposals.with_untracked(|p| p.len());
        run_process(ctx, &format!("Write off {n} balance(s) and credit(s) as of {on}?"), Command::WriteOff { date: on, limit: l }, message, move |_| {
            format!("Wrote off {n} document(s).")
        });
    };
    let columns = vec![
        Column::text("Customer", "100px"),
        Column::text("Name", "2fr"),
        Column::text("Document", "180px"),
        Column::choice("Write-off", "150px"),
        Column::choice("Currency", "80px"),
        Column::money("Amount"),
    ];
    view! {
        <div class="window list-window">
            <div class="toolbar">
                <h1>"Write off balances and credits"</h1>
                <ProcessDate date=date testid="write-off-date" />
                <label class="inline-field">"Limit " <input class="num" inputmode="decimal" data-testid="write-off-limit" placeholder="Customers' own" prop:value=move || limit.get() on:input=move |ev| limit.set(event_target_value(&ev)) /></label>
                <button class="button primary" data-testid="write-off" on:click=write_off prop:disabled=move || proposals.with(|p| p.is_empty())>"Write off"</button>
                <span class="summary" data-testid="write-off-summary" role="status">
                    {move || match parsed_limit.get() {
                        Err(e) => format!("Limit: {e}"),
                        Ok(_) => format!("{} document(s) to write off", proposals.with(|p| p.len())),
                    }}
                </span>
            </div>
            <ProcessOutcome outcome=message testid="write-off-result" />
            <DataTable testid="write-offs" columns=columns rows=rows on_open=open_row()
                empty=|| view! { <div class="empty" data-testid="write-offs-empty"><p>"Nothing to write off. Customers with Enable write-offs are listed here when an open balance or credit is under their write-off limit."</p></div> } />
        </div>
    }
}
