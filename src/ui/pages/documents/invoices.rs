//! Invoices and notes (list window).

use leptos::prelude::*;
use reskontra_core::documents::document::DocType;

use crate::ui::components::document_list::{DocumentList, ListKind};
use crate::ui::route::{DocRoute, Route};

#[component]
pub fn InvoicesWindow() -> impl IntoView {
    view! {
        <div class="window list-window">
            <div class="toolbar">
                <h1>"Invoices and notes"</h1>
                <a class="button primary" href=Route::Invoice(DocRoute::new_of(DocType::Invoice, None)).href() data-testid="new-invoice">"New invoice"</a>
                <a class="button" href=Route::Invoice(DocRoute::new_of(DocType::CreditNote, None)).href() data-testid="new-credit-note">"New credit note"</a>
                <a class="button" href="#/release">"Release documents"</a>
            </div>
            <DocumentList
                testid="invoices"
                kind=ListKind::Invoices
                empty=ViewFn::from(|| view! {
                    <div class="empty" data-testid="invoices-empty">
                        <p>"No invoices or notes yet. Invoices, debit and credit notes and cash sales you enter are listed here with their balances."</p>
                        <p><a class="button primary" href="#/invoices/new">"Add invoice"</a></p>
                    </div>
                })
            />
        </div>
    }
}
