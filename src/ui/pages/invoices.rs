//! Invoices (list window).

use leptos::prelude::*;
use reskontra_core::document::DocType;

use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::pages::base_currency;
use crate::ui::route::{document_route, navigate, DocRoute, Route};

#[component]
pub fn InvoicesWindow() -> impl IntoView {
    let ctx = use_ledger();
    let decimals = ctx.ledger.with_untracked(|l| base_currency(l).1);
    let rows = Memo::new(move |_| {
        ctx.ledger.with(|l| {
            l.documents
                .values()
                .filter(|d| d.doc_type.is_invoice_like())
                .map(|d| TableRow {
                    key: document_route(d.doc_type, &d.ref_nbr).href(),
                    cells: vec![
                        d.doc_type.label().to_string(),
                        d.ref_nbr.clone(),
                        d.customer_id.clone(),
                        l.customers.get(&d.customer_id).map(|c| c.name.clone()).unwrap_or_default(),
                        d.date.to_string(),
                        d.due_date.map(|x| x.to_string()).unwrap_or_default(),
                        d.status.label().to_string(),
                        d.currency.clone(),
                        d.total.to_string(),
                        d.balance.to_string(),
                    ],
                })
                .collect::<Vec<_>>()
        })
    });
    let columns = vec![
        Column::choice("Type", "110px"),
        Column::text("Reference", "110px"),
        Column::text("Customer", "100px"),
        Column::text("Customer name", "2fr"),
        Column::text("Date", "100px"),
        Column::text("Due date", "100px"),
        Column::choice("Status", "110px"),
        Column::choice("Currency", "80px"),
        Column::amount("Total", decimals),
        Column::amount("Balance", decimals),
    ];
    view! {
        <div class="window list-window">
            <div class="toolbar">
                <h1>"Invoices and notes"</h1>
                <a class="button primary" href=Route::Invoice(DocRoute::new_of(DocType::Invoice, None)).href() data-testid="new-invoice">"New invoice"</a>
                <a class="button" href=Route::Invoice(DocRoute::new_of(DocType::CreditNote, None)).href() data-testid="new-credit-note">"New credit note"</a>
                <a class="button" href="#/release">"Release documents"</a>
            </div>
            <DataTable
                testid="invoices"
                columns=columns
                rows=rows
                on_open=Callback::new(|href: String| navigate(&Route::parse(&href)))
                empty=|| view! {
                    <div class="empty" data-testid="invoices-empty">
                        <p>"No invoices or notes yet. Invoices, debit and credit notes and cash sales you enter are listed here with their balances."</p>
                        <p><a class="button primary" href="#/invoices/new">"Add invoice"</a></p>
                    </div>
                }
            />
        </div>
    }
}
