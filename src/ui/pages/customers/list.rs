//! Customers (list window).

use leptos::prelude::*;
use reskontra_core::reports::rows::customer_rows;

use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::route::{navigate, Route};

#[component]
pub fn CustomersWindow() -> impl IntoView {
    let ctx = use_ledger();
    let rows = Memo::new(move |_| {
        // A large ledger's customers show before its documents are read: no balances yet.
        let loading = ctx.loading();
        ctx.ledger.with(|l| {
            customer_rows(l)
                .into_iter()
                .map(|c| TableRow {
                    key: c.id.clone(),
                    cells: vec![
                        c.id,
                        c.name,
                        c.class_id,
                        c.status.label().to_string(),
                        c.city,
                        c.country,
                        c.currency,
                        c.email,
                        if loading { "…".to_string() } else { c.balance.plain() },
                    ],
                })
                .collect::<Vec<_>>()
        })
    });
    let columns = vec![
        // Short columns as narrow as their content; names, cities and emails share the rest.
        Column::text("Customer no.", "120px"),
        Column::text("Name", "2fr"),
        Column::choice("Class", "100px"),
        Column::choice("Status", "100px"),
        Column::text("City", "1fr"),
        Column::choice("Country", "72px"),
        Column::choice("Currency", "86px"),
        Column::text("Email", "2fr"),
        Column { width: "120px", ..Column::money("Balance") },
    ];
    view! {
        <div class="window list-window">
            <div class="toolbar">
                <h1>"Customers"</h1>
                <a class="button primary" href=Route::Customer(None).href() data-testid="new-customer">"New customer"</a>
            </div>
            <DataTable
                testid="customers"
                columns=columns
                rows=rows
                on_open=Callback::new(|id: String| navigate(&Route::Customer(Some(id))))
                empty=|| view! {
                    <div class="empty" data-testid="customers-empty">
                        <p>"No customers yet. This is where your customers are listed, with their balances."</p>
                        <p><a class="button primary" href="#/customers/new">"Add customer"</a>" or "<a href="#/companies">"try the demo company"</a></p>
                    </div>
                }
            />
        </div>
    }
}
