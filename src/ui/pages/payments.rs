//! Payments (list window).

use leptos::prelude::*;
use reskontra_core::document::DocType;

use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::pages::base_currency;
use crate::ui::route::{document_route, navigate, DocRoute, Route};

#[component]
pub fn PaymentsWindow() -> impl IntoView {
    let ctx = use_ledger();
    let decimals = ctx.ledger.with_untracked(|l| base_currency(l).1);
    let rows = Memo::new(move |_| {
        ctx.ledger.with(|l| {
            l.documents
                .values()
                .filter(|d| !d.doc_type.is_invoice_like())
                .map(|d| TableRow {
                    key: document_route(d.doc_type, &d.ref_nbr).href(),
                    cells: vec![
                        d.doc_type.label().to_string(),
                        d.ref_nbr.clone(),
                        d.customer_id.clone(),
                        l.customers.get(&d.customer_id).map(|c| c.name.clone()).unwrap_or_default(),
                        d.date.to_string(),
                        d.payment_ref.clone(),
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
        Column::choice("Type", "120px"),
        Column::text("Reference", "110px"),
        Column::text("Customer", "100px"),
        Column::text("Customer name", "2fr"),
        Column::text("Date", "100px"),
        Column::text("Payment ref.", "130px"),
        Column::choice("Status", "110px"),
        Column::choice("Currency", "80px"),
        Column::amount("Amount", decimals),
        Column::amount("Unapplied", decimals),
    ];
    view! {
        <div class="window list-window">
            <div class="toolbar">
                <h1>"Payments and applications"</h1>
                <a class="button primary" href=Route::Payment(DocRoute::new_of(DocType::Payment, None)).href() data-testid="new-payment">"New payment"</a>
                <a class="button" href=Route::Payment(DocRoute::new_of(DocType::Prepayment, None)).href() data-testid="new-prepayment">"New prepayment"</a>
                <a class="button" href=Route::Payment(DocRoute::new_of(DocType::Refund, None)).href() data-testid="new-refund">"New refund"</a>
            </div>
            <DataTable
                testid="payments"
                columns=columns
                rows=rows
                on_open=Callback::new(|href: String| navigate(&Route::parse(&href)))
                empty=|| view! {
                    <div class="empty" data-testid="payments-empty">
                        <p>"No payments yet. Record what customers pay and apply it to their open invoices."</p>
                        <p><a class="button primary" href="#/payments/new">"Add payment"</a></p>
                    </div>
                }
            />
        </div>
    }
}
