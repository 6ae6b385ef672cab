//! Update credit hold (SPEC R3.1, R4.14): on a date, see which customers break their
//! credit policy (and go on Credit hold) and which meet it again (and become Active),
//! then change them all in one action.

use leptos::prelude::*;
use reskontra_core::base::problem::parse_date;
use reskontra_core::documents::credit::credit_hold_proposals;
use reskontra_core::Command;

use crate::ui::components::process::{open_row, run_process, ProcessDate, ProcessOutcome};
use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::route::Route;

#[component]
pub fn CreditHoldWindow() -> impl IntoView {
    let ctx = use_ledger();
    let date = RwSignal::new(ctx.business_date_untracked().to_string());
    let message = RwSignal::new(None::<(bool, String)>);
    let parsed = Memo::new(move |_| parse_date(&date.get()));
    let proposals = Memo::new(move |_| match parsed.get() {
        Ok(on) => ctx.ledger.with(|l| credit_hold_proposals(l, on)),
        Err(_) => Vec::new(),
    });
    let rows = Memo::new(move |_| {
        ctx.ledger.with_untracked(|l| {
            proposals
                .get()
                .into_iter()
                .map(|p| TableRow {
                    key: Route::Customer(Some(p.customer_id.clone())).href(),
                    cells: vec![
                        p.customer_id.clone(),
                        l.customers.get(&p.customer_id).map(|c| c.name.clone()).unwrap_or_default(),
                        p.from.label().to_string(),
                        p.to.label().to_string(),
                        p.reason.clone(),
                    ],
                })
                .collect::<Vec<_>>()
        })
    });
    let update = move |_| {
        let Ok(on) = parsed.get_untracked() else { return };
        let n = proposals.with_untracked(|p| p.len());
        run_process(ctx, &format!("Change the status of {n} customer(s) as of {on}?"), Command::UpdateCreditHold(on), message, |change| {
            format!("Changed the status of {} customer(s).", change.puts.len())
        });
    };
    let columns = vec![
        Column::text("Customer", "100px"),
        Column::text("Name", "2fr"),
        Column::choice("Status now", "110px"),
        Column::choice("New status", "110px"),
        Column::text("Reason", "3fr"),
    ];
    view! {
        <div class="window list-window">
            <div class="toolbar">
                <h1>"Update credit hold"</h1>
                <ProcessDate date=date testid="credit-hold-date" />
                <button class="button primary" data-testid="update-credit-hold" on:click=update prop:disabled=move || proposals.with(|p| p.is_empty())>"Update"</button>
                <span class="summary" data-testid="credit-hold-summary" role="status">
                    {move || match parsed.get() {
                        Err(e) => e,
                        Ok(_) => format!("{} customer(s) to change", proposals.with(|p| p.len())),
                    }}
                </span>
            </div>
            <ProcessOutcome outcome=message testid="credit-hold-result" />
            <DataTable testid="credit-hold" columns=columns rows=rows on_open=open_row()
                empty=|| view! { <div class="empty" data-testid="credit-hold-empty"><p>"No customer's credit hold changes on this date. Customers with a credit rule (Credit limit, Days past due) are checked."</p></div> } />
        </div>
    }
}
