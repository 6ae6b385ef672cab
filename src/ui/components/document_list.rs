//! The table of a document list window (invoices and notes, or payments): one row
//! per document of the window's kind, opening the document's own window.

use leptos::prelude::*;
use reskontra_core::documents::document::Document;
use reskontra_core::reports::rows::days_text;

use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
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
    let rows = Memo::new(move |_| {
        let today = ctx.business_date();
        ctx.ledger.with(|l| {
            let docs: Vec<&Document> = l.documents.values().filter(|d| kind.shows(d)).collect();
            docs.iter()
                .map(|d| reskontra_core::reports::rows::document_row_as_entered(l, d))
                .map(|r| (days_text(r.days_overdue(today)), r))
                .map(|(overdue, r)| TableRow {
                    key: document_route(r.doc_type, &r.ref_nbr).href(),
                    cells: vec![
                        r.doc_type.label().to_string(),
                        r.ref_nbr,
                        r.customer_id,
                        r.customer_name,
                        r.date.to_string(),
                        match kind {
                            ListKind::Invoices => r.due_date.map(|x| x.to_string()).unwrap_or_default(),
                            ListKind::Payments => r.payment_ref,
                        },
                        r.status.label().to_string(),
                        r.total.currency.clone(),
                        r.total.plain(),
                        r.balance.plain(),
                    ]
                    .into_iter()
                    // Payments are never overdue: they have no Overdue column.
                    .chain((kind == ListKind::Invoices).then_some(overdue))
                    .collect(),
                })
                .collect::<Vec<_>>()
        })
    });
    let (sixth, total, balance) = match kind {
        ListKind::Invoices => (Column::text("Due date", "100px"), "Total", "Balance"),
        ListKind::Payments => (Column::text("Payment ref.", "130px"), "Amount", "Unapplied"),
    };
    let columns: Vec<Column> = vec![
        // Fixed columns as narrow as their content, so the name keeps the room (1366 px).
        Column::choice("Type", "100px"),
        Column::text("Reference", "100px"),
        Column::text("Customer", "85px"),
        Column::text("Customer name", "2fr"),
        Column::text("Date", "100px"),
        sixth,
        Column::choice("Status", "100px"),
        Column { width: "84px", ..Column::choice("Currency", "") },
        Column { width: "115px", ..Column::money(total) },
        Column { width: "115px", ..Column::money(balance) },
    ]
    .into_iter()
    .chain((kind == ListKind::Invoices).then(Column::overdue))
    .collect();
    view! {
        <DataTable testid=testid columns=columns rows=rows on_open=Callback::new(|href: String| navigate(&Route::parse(&href))) empty=empty />
    }
}
