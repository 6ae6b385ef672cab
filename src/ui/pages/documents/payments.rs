//! Payments and applications (list window).

use leptos::prelude::*;
use reskontra_core::documents::document::DocType;

use crate::ui::components::document_list::{DocumentList, ListKind};
use crate::ui::route::{DocRoute, Route};

#[component]
pub fn PaymentsWindow() -> impl IntoView {
    view! {
        <div class="window list-window">
            <div class="toolbar">
                <h1>"Payments and applications"</h1>
                <a class="button primary" href=Route::Payment(DocRoute::new_of(DocType::Payment, None)).href() data-testid="new-payment">"New payment"</a>
                <a class="button" href=Route::Payment(DocRoute::new_of(DocType::Prepayment, None)).href() data-testid="new-prepayment">"New prepayment"</a>
                <a class="button" href=Route::Payment(DocRoute::new_of(DocType::Refund, None)).href() data-testid="new-refund">"New refund"</a>
            </div>
            <DocumentList
                testid="payments"
                kind=ListKind::Payments
                empty=ViewFn::from(|| view! {
                    <div class="empty" data-testid="payments-empty">
                        <p>"No payments yet. Record what customers pay and apply it to their open invoices."</p>
                        <p><a class="button primary" href="#/payments/new">"Add payment"</a></p>
                    </div>
                })
            />
        </div>
    }
}
