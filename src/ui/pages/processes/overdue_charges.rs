//! Calculate overdue charges (SPEC R4.12): pick the date, see every charge first,
//! then post them all in one action.

use leptos::prelude::*;
use reskontra_core::base::problem::parse_date;
use reskontra_core::processes::overdue_proposals;
use reskontra_core::reports::rows::Money;
use reskontra_core::Command;

use crate::ui::components::process::{open_row, run_process, ProcessDate, ProcessOutcome};
use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::route::document_route;

#[component]
pub fn OverdueChargesWindow() -> impl IntoView {
    let ctx = use_ledger();
    let date = RwSignal::new(ctx.business_date_untracked().to_string());
    let message = RwSignal::new(None::<(bool, String)>);
    let parsed = Memo::new(move |_| parse_date(&date.get()));
    let proposals = Memo::new(move |_| match parsed.get() {
        Ok(on) => ctx.ledger.with(|l| overdue_proposals(l, on)),
        Err(_) => Vec::new(),
    });
    let rows = Memo::new(move |_| {
        ctx.ledger.with_untracked(|l| {
            proposals
                .get()
                .into_iter()
                .map(|p| TableRow {
                    key: l.documents.get(&p.invoice).map(|d| document_route(d.doc_type, &d.ref_nbr).href()).unwrap_or_default(),
                    cells: vec![
                        p.customer_id.clone(),
                        l.customers.get(&p.customer_id).map(|c| c.name.clone()).unwrap_or_default(),
                        p.invoice_ref.clone(),
                        p.currency.clone(),
                        Money::of(l, p.balance, &p.currency).plain(),
                        p.days.to_string(),
                        format!("{} %", l.settings.numbers().decimal(p.rate_pct.normalize())),
                        Money::of(l, p.charge, &p.currency).plain(),
                    ],
                })
                .collect::<Vec<_>>()
        })
    });
    let calculate = move |_| {
        let Ok(on) = parsed.get_untracked() else { return };
        let n = proposals.with_untracked(|p| p.len());
        run_process(ctx, &format!("Post overdue charges on {n} invoice(s) as of {on}?"), Command::CalculateOverdueCharges(on), message, |change| {
            let made = change
                .puts
                .iter()
                .filter(|r| matches!(r, reskontra_core::Record::Document(d) if d.doc_type == reskontra_core::documents::document::DocType::OverdueCharge))
                .count();
            format!("Posted {made} overdue charge document(s).")
        });
    };
    let columns = vec![
        Column::text("Customer", "100px"),
        Column::text("Name", "2fr"),
        Column::text("Invoice", "110px"),
        Column::choice("Currency", "80px"),
        Column::money("Balance"),
        Column::figure("Days", "70px"),
        Column::figure("Rate", "80px"),
        Column::money("Charge"),
    ];
    view! {
        <div class="window list-window">
            <div class="toolbar">
                <h1>"Calculate overdue charges"</h1>
                <ProcessDate date=date testid="overdue-date" />
                <button class="button primary" data-testid="calculate-overdue" on:click=calculate prop:disabled=move || proposals.with(|p| p.is_empty())>"Calculate"</button>
                <span class="summary" data-testid="overdue-summary" role="status">
                    {move || match parsed.get() {
                        Err(e) => e,
                        Ok(_) => format!("{} charge(s) to post", proposals.with(|p| p.len())),
                    }}
                </span>
            </div>
            <ProcessOutcome outcome=message testid="overdue-result" />
            <DataTable testid="overdue" columns=columns rows=rows on_open=open_row()
                empty=|| view! { <div class="empty" data-testid="overdue-empty"><p>"Nothing is overdue on this date. Overdue charges apply to invoices of customers with Apply overdue charges and a rate on their terms or class."</p></div> } />
        </div>
    }
}
