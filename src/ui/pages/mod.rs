//! One file per window, in a folder per menu (customers, documents, processes,
//! reports, mailings, settings), as the navigation groups them. `window_for` picks the window
//! of a route.

pub mod bench;
pub mod choices;
pub mod customers;
pub mod documents;
pub mod mailings;
pub mod processes;
pub mod reports;
pub mod settings;

use leptos::prelude::*;

use crate::ui::route::Route;

pub fn window_for(route: Route) -> AnyView {
    match route {
        Route::Customers => view! { <customers::list::CustomersWindow /> }.into_any(),
        Route::SendInvoices => view! { <mailings::send_invoices::SendInvoicesWindow /> }.into_any(),
        Route::PrintInvoices(ids) => view! { <documents::invoice_print::PrintInvoicesWindow ids=ids /> }.into_any(),
        Route::Customer(id) => view! { <customers::customer::CustomerWindow id=id /> }.into_any(),
        Route::Classes => view! { <customers::classes::ClassesWindow /> }.into_any(),
        Route::Class(id) => view! { <customers::class::ClassWindow id=id /> }.into_any(),
        Route::Invoices => view! { <documents::invoices::InvoicesWindow /> }.into_any(),
        Route::Invoice(target) => view! { <documents::invoice::InvoiceWindow target=target /> }.into_any(),
        Route::InvoicePrint(target) => view! { <documents::invoice_print::InvoicePrintWindow target=target /> }.into_any(),
        Route::Payments => view! { <documents::payments::PaymentsWindow /> }.into_any(),
        Route::Payment(target) => view! { <documents::payment::PaymentWindow target=target /> }.into_any(),
        Route::CustomerDetails(customer) => view! { <documents::customer_details::CustomerDetailsWindow customer=customer /> }.into_any(),
        Route::OverdueCharges => view! { <processes::overdue_charges::OverdueChargesWindow /> }.into_any(),
        Route::WriteOffs => view! { <processes::write_offs::WriteOffsWindow /> }.into_any(),
        Route::UnreleasedDocuments => view! { <reports::unreleased_documents::UnreleasedDocumentsWindow /> }.into_any(),
        Route::OpenDocuments => view! { <reports::open_documents::OpenDocumentsWindow /> }.into_any(),
        Route::Journal => view! { <reports::journal::JournalWindow /> }.into_any(),
        Route::Release => view! { <documents::release::ReleaseWindow /> }.into_any(),
        Route::Settings => view! { <settings::preferences::SettingsWindow /> }.into_any(),
        Route::Companies => view! { <settings::companies::CompaniesWindow /> }.into_any(),
        Route::ReferenceTables => view! { <settings::reference_tables::ReferenceTablesWindow /> }.into_any(),
        Route::MailingSettings => view! { <settings::mailing_settings::MailingSettingsWindow /> }.into_any(),
        Route::CreditHold => view! { <processes::credit_hold::CreditHoldWindow /> }.into_any(),
        Route::Statements => view! { <processes::statements::StatementsWindow /> }.into_any(),
        Route::Dunning => view! { <processes::dunning::DunningWindow /> }.into_any(),
        Route::PendingEmails => view! { <mailings::pending_emails::PendingEmailsWindow /> }.into_any(),
        Route::Email(id) => view! { <mailings::email::EmailWindow id=id /> }.into_any(),
        Route::Templates => view! { <mailings::templates::TemplatesWindow /> }.into_any(),
        Route::Template(id) => view! { <mailings::template::TemplateWindow id=id /> }.into_any(),
        Route::MassEmails => view! { <mailings::mass_emails::MassEmailsWindow /> }.into_any(),
        Route::Schedules => view! { <documents::schedules::SchedulesWindow /> }.into_any(),
        Route::Schedule(id) => view! { <documents::schedule::ScheduleWindow id=id /> }.into_any(),
        Route::GenerateSchedules => view! { <documents::generate::GenerateWindow /> }.into_any(),
        Route::Ageing => view! { <reports::ageing::AgeingWindow /> }.into_any(),
        Route::Bench(case, n) => view! { <bench::BenchWindow case=case n=n /> }.into_any(),
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
