//! One file per window. `window_for` picks the window of a route.

pub mod choices;
pub mod class;
pub mod classes;
pub mod credit_hold;
pub mod customer;
pub mod customer_details;
pub mod customers;
pub mod invoice;
pub mod invoice_print;
pub mod invoices;
pub mod journal;
pub mod mailing_settings;
pub mod open_documents;
pub mod overdue_charges;
pub mod payment;
pub mod payments;
pub mod reference_tables;
pub mod release;
pub mod settings;
pub mod unreleased_documents;
pub mod write_offs;

use leptos::prelude::*;

use crate::ui::route::Route;

pub fn window_for(route: Route) -> AnyView {
    match route {
        Route::Customers => view! { <customers::CustomersWindow /> }.into_any(),
        Route::Customer(id) => view! { <customer::CustomerWindow id=id /> }.into_any(),
        Route::Classes => view! { <classes::ClassesWindow /> }.into_any(),
        Route::Class(id) => view! { <class::ClassWindow id=id /> }.into_any(),
        Route::Invoices => view! { <invoices::InvoicesWindow /> }.into_any(),
        Route::Invoice(target) => view! { <invoice::InvoiceWindow target=target /> }.into_any(),
        Route::InvoicePrint(target) => view! { <invoice_print::InvoicePrintWindow target=target /> }.into_any(),
        Route::Payments => view! { <payments::PaymentsWindow /> }.into_any(),
        Route::Payment(target) => view! { <payment::PaymentWindow target=target /> }.into_any(),
        Route::CustomerDetails(customer) => view! { <customer_details::CustomerDetailsWindow customer=customer /> }.into_any(),
        Route::OverdueCharges => view! { <overdue_charges::OverdueChargesWindow /> }.into_any(),
        Route::WriteOffs => view! { <write_offs::WriteOffsWindow /> }.into_any(),
        Route::UnreleasedDocuments => view! { <unreleased_documents::UnreleasedDocumentsWindow /> }.into_any(),
        Route::OpenDocuments => view! { <open_documents::OpenDocumentsWindow /> }.into_any(),
        Route::Journal => view! { <journal::JournalWindow /> }.into_any(),
        Route::Release => view! { <release::ReleaseWindow /> }.into_any(),
        Route::Settings => view! { <settings::SettingsWindow /> }.into_any(),
        Route::ReferenceTables => view! { <reference_tables::ReferenceTablesWindow /> }.into_any(),
        Route::MailingSettings => view! { <mailing_settings::MailingSettingsWindow /> }.into_any(),
        Route::CreditHold => view! { <credit_hold::CreditHoldWindow /> }.into_any(),
        Route::NotFound(path) => view! {
            <div class="window">
                <h1>"No such window"</h1>
                <p>{format!("There is no window at \"{path}\". ")}<a href="#/customers">"Go to Customers"</a></p>
            </div>
        }
        .into_any(),
    }
}

/// The base currency's code and decimals, for amount display.
pub fn base_currency(ledger: &reskontra_core::Ledger) -> (String, u32) {
    let base = ledger.settings.base();
    (base.code, base.minor_units)
}
