//! The table of a document list window (invoices and notes, or payments): one row
//! per document of the window's kind, opening the document's own window.

use leptos::prelude::*;
use reskontra_core::documents::document::Document;

use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::pages::base_currency;
use crate::ui::route::{document_route, navigate, Route};

/// Which documents a list shows, and the one column that differs between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// Invoices, debit and credit notes, cash sales and returns: with the due date.
    Invoices,
    /// Payments, prepayments, refunds, void payments: with the payment reference.
    Payments,
}

impl ListKind {
    fn shows(self, doc: &Document) -> bool {
        doc.doc_type.is_invoice_like() == (self == ListKind::Invoices)
    }
}

#[component]
pub fn DocumentList(testid: &'static str, kind: ListKind, empty: ViewFn) -> impl IntoView {
    let ctx = use_ledger();
    let decimals = ctx.ledger.with_untracked(|l| base_currency(l).1);
    let rows = Memo::new(move |_| {
        ctx.ledger.with(|l| {
            l.documents
                .values()
                .filter(|d| kind.shows(d))
                .map(|d| TableRow {
                    key: document_route(d.doc_type, &d.ref_nbr).href(),
                    cells: vec![
                        d.doc_type.label().to_string(),
                        d.ref_nbr.clone(),
                        d.customer_id.clone(),
                        l.customers.get(&d.customer_id).map(|c| c.name.clone()).unwrap_or_default(),
                        d.date.to_string(),
                        match kind {
                            ListKind::Invoices => d.due_date.map(|x| x.to_string()).unwrap_or_default(),
                            ListKind::Payments => d.payment_ref.clone(),
                        },
                        d.status.label().to_string(),
                        d.currency.clone(),
                        d.total.to_string(),
                        d.balance.to_string(),
                    ],
                })
                .collect::<Vec<_>>()
        })
    });
    let (sixth, total, balance) = match kind {
        ListKind::Invoices => (Column::text("Due date", "100px"), "Total", "Balance"),
        ListKind::Payments => (Column::text("Payment ref.", "130px"), "Amount", "Unapplied"),
    };
    let columns = vec![
        Column::choice("Type", "120px"),
        Column::text("Reference", "110px"),
        Column::text("Customer", "100px"),
        Column::text("Customer name", "2fr"),
        Column::text("Date", "100px"),
        sixth,
        Column::choice("Status", "110px"),
        Column::choice("Currency", "80px"),
        Column::amount(total, decimals),
        Column::amount(balance, decimals),
    ];
    view! {
        <DataTable testid=testid columns=columns rows=rows on_open=Callback::new(|href: String| navigate(&Route::parse(&href))) empty=empty />
    }
}
