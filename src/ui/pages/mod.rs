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

use std::future::Future;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use crate::ui::route::{DocRoute, Route};

/// The window of a route. Every window is a split point: its code, and the code only it
/// uses, is in a module of its menu's windows that the browser fetches the first time
/// one of them opens (issue 15, B10; Trunk's post_build hook, `xtask/split`, cuts the
/// modules, ARCHITECTURE.md "Bundle"). The Customers list, the window a ledger opens
/// on, is a module of its own, fetched while the ledger is read.
pub fn window_for(route: Route) -> AnyView {
    match route {
        Route::Customers => lazily(window_customers()),
        Route::SendInvoices => lazily(window_send_invoices()),
        Route::PrintInvoices(ids) => lazily(window_print_invoices(ids)),
        Route::Customer(id) => lazily(window_customer(id)),
        Route::Classes => lazily(window_classes()),
        Route::Class(id) => lazily(window_class(id)),
        Route::Invoices => lazily(window_invoices()),
        Route::Invoice(target) => lazily(window_invoice(target)),
        Route::InvoicePrint(target) => lazily(window_invoice_print(target)),
        Route::Payments => lazily(window_payments()),
        Route::Payment(target) => lazily(window_payment(target)),
        Route::CustomerDetails(customer) => lazily(window_customer_details(customer)),
        Route::OverdueCharges => lazily(window_overdue_charges()),
        Route::WriteOffs => lazily(window_write_offs()),
        Route::UnreleasedDocuments => lazily(window_unreleased_documents()),
        Route::OpenDocuments => lazily(window_open_documents()),
        Route::Journal => lazily(window_journal()),
        Route::Release => lazily(window_release()),
        Route::Settings => lazily(window_settings()),
        Route::Companies => lazily(window_companies()),
        Route::ReferenceTables => lazily(window_reference_tables()),
        Route::MailingSettings => lazily(window_mailing_settings()),
        Route::CreditHold => lazily(window_credit_hold()),
        Route::Statements => lazily(window_statements()),
        Route::Dunning => lazily(window_dunning()),
        Route::PendingEmails => lazily(window_pending_emails()),
        Route::Email(id) => lazily(window_email(id)),
        Route::Templates => lazily(window_templates()),
        Route::Template(id) => lazily(window_template(id)),
        Route::MassEmails => lazily(window_mass_emails()),
        Route::Schedules => lazily(window_schedules()),
        Route::Schedule(id) => lazily(window_schedule(id)),
        Route::GenerateSchedules => lazily(window_generate_schedules()),
        Route::Ageing => lazily(window_ageing()),
        Route::Bench(case, n) => lazily(window_bench(case, n)),
        Route::NotFound(path) => view! {
            <div class="window">
                <h1>"No such window"</h1>
                <p>{format!("There is no window at \"{path}\". ")}<a href="#/customers">"Go to Customers"</a></p>
            </div>
        }
        .into_any(),
    }
}

/// Fetches every menu's windows and the rules, one module after the other, a few
/// seconds after the ledger is open (`app::Frame`): a window then opens at once, and in this page also
/// offline before the service worker has taken it over. A module that cannot be
/// fetched is left for its window's first visit. Marks `<html data-modules="fetched">`
/// when done.
pub async fn fetch_all_windows() {
    use crate::ui::context::{next_task, pause};
    // Not at once: compiling the modules would compete with what the user (or the
    // window just opened) does first; an import begun at once read its file 0.1–0.3 s
    // slower beside it (issue 15, B9).
    pause(3000).await;
    let _ = crate::ui::context::load_rules().await;
    next_task().await;
    let _ = preload_customers_windows().await;
    next_task().await;
    let _ = preload_documents_windows().await;
    next_task().await;
    let _ = preload_reports_windows().await;
    next_task().await;
    let _ = preload_processes_windows().await;
    next_task().await;
    let _ = preload_mailings_windows().await;
    next_task().await;
    let _ = preload_settings_windows().await;
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-modules", "fetched");
    }
}

/// A split window: "Opening the window…" while its chunk is fetched (a chunk already
/// loaded shows at once), and a message in place of the window if it cannot be
/// fetched (offline before the window was ever opened); nothing else on the page is
/// affected, and the next visit to the window tries again.
pub(crate) fn lazily(window: impl Future<Output = Result<AnyView, SplitLoaderError>> + Send + 'static) -> AnyView {
    let fallback = || view! { <div class="page-message" data-testid="window-loading">"Opening the window…"</div> };
    view! {
        <Suspense fallback=fallback>
            {Suspend::new(async move {
                match window.await {
                    Ok(view) => view,
                    Err(_) => view! {
                        <div class="page-message fatal" role="alert" data-testid="window-load-failed">
                            "This window could not be opened: its part of the app could not be fetched (is the computer offline, and was the window never opened here before?). Your ledger is not affected. Reconnect, then open the window again."
                        </div>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

split_point! { mailings_windows, preload(preload_mailings_windows);
    fn window_send_invoices() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <mailings::send_invoices::SendInvoicesWindow /> }.into_any())
    }
}

split_point! { documents_windows;
    fn window_print_invoices(ids: String) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <documents::invoice_print::PrintInvoicesWindow ids=ids /> }.into_any())
    }
}

split_point! { customer_list_window;
    fn window_customers() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <customers::list::CustomersWindow /> }.into_any())
    }
}

split_point! { customers_windows, preload(preload_customers_windows);
    fn window_customer(id: Option<String>) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <customers::customer::CustomerWindow id=id /> }.into_any())
    }
}

split_point! { customers_windows;
    fn window_classes() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <customers::classes::ClassesWindow /> }.into_any())
    }
}

split_point! { customers_windows;
    fn window_class(id: Option<String>) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <customers::class::ClassWindow id=id /> }.into_any())
    }
}

split_point! { documents_windows, preload(preload_documents_windows);
    fn window_invoices() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <documents::invoices::InvoicesWindow /> }.into_any())
    }
}

split_point! { documents_windows;
    fn window_invoice(target: DocRoute) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <documents::invoice::InvoiceWindow target=target /> }.into_any())
    }
}

split_point! { documents_windows;
    fn window_invoice_print(target: DocRoute) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <documents::invoice_print::InvoicePrintWindow target=target /> }.into_any())
    }
}

split_point! { documents_windows;
    fn window_payments() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <documents::payments::PaymentsWindow /> }.into_any())
    }
}

split_point! { documents_windows;
    fn window_payment(target: DocRoute) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <documents::payment::PaymentWindow target=target /> }.into_any())
    }
}

split_point! { documents_windows;
    fn window_customer_details(customer: Option<String>) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <documents::customer_details::CustomerDetailsWindow customer=customer /> }.into_any())
    }
}

split_point! { processes_windows, preload(preload_processes_windows);
    fn window_overdue_charges() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <processes::overdue_charges::OverdueChargesWindow /> }.into_any())
    }
}

split_point! { processes_windows;
    fn window_write_offs() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <processes::write_offs::WriteOffsWindow /> }.into_any())
    }
}

split_point! { reports_windows;
    fn window_unreleased_documents() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <reports::unreleased_documents::UnreleasedDocumentsWindow /> }.into_any())
    }
}

split_point! { reports_windows;
    fn window_open_documents() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <reports::open_documents::OpenDocumentsWindow /> }.into_any())
    }
}

split_point! { reports_windows, preload(preload_reports_windows);
    fn window_journal() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <reports::journal::JournalWindow /> }.into_any())
    }
}

split_point! { documents_windows;
    fn window_release() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <documents::release::ReleaseWindow /> }.into_any())
    }
}

split_point! { settings_windows, preload(preload_settings_windows);
    fn window_settings() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <settings::preferences::SettingsWindow /> }.into_any())
    }
}

split_point! { settings_windows;
    fn window_companies() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <settings::companies::CompaniesWindow /> }.into_any())
    }
}

split_point! { settings_windows;
    fn window_reference_tables() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <settings::reference_tables::ReferenceTablesWindow /> }.into_any())
    }
}

split_point! { settings_windows;
    fn window_mailing_settings() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <settings::mailing_settings::MailingSettingsWindow /> }.into_any())
    }
}

split_point! { processes_windows;
    fn window_credit_hold() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <processes::credit_hold::CreditHoldWindow /> }.into_any())
    }
}

split_point! { processes_windows;
    fn window_statements() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <processes::statements::StatementsWindow /> }.into_any())
    }
}

split_point! { processes_windows;
    fn window_dunning() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <processes::dunning::DunningWindow /> }.into_any())
    }
}

split_point! { mailings_windows;
    fn window_pending_emails() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <mailings::pending_emails::PendingEmailsWindow /> }.into_any())
    }
}

split_point! { mailings_windows;
    fn window_email(id: u32) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <mailings::email::EmailWindow id=id /> }.into_any())
    }
}

split_point! { mailings_windows;
    fn window_templates() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <mailings::templates::TemplatesWindow /> }.into_any())
    }
}

split_point! { mailings_windows;
    fn window_template(id: Option<String>) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <mailings::template::TemplateWindow id=id /> }.into_any())
    }
}

split_point! { mailings_windows;
    fn window_mass_emails() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <mailings::mass_emails::MassEmailsWindow /> }.into_any())
    }
}

split_point! { documents_windows;
    fn window_schedules() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <documents::schedules::SchedulesWindow /> }.into_any())
    }
}

split_point! { documents_windows;
    fn window_schedule(id: Option<u32>) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <documents::schedule::ScheduleWindow id=id /> }.into_any())
    }
}

split_point! { documents_windows;
    fn window_generate_schedules() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <documents::generate::GenerateWindow /> }.into_any())
    }
}

split_point! { reports_windows;
    fn window_ageing() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <reports::ageing::AgeingWindow /> }.into_any())
    }
}

split_point! { bench_windows;
    fn window_bench(case: String, n: Option<usize>) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <bench::BenchWindow case=case n=n /> }.into_any())
    }
}

/// The base currency's code and decimals, for amount display.
pub fn base_currency(ledger: &reskontra_core::Ledger) -> (String, u32) {
    let base = ledger.settings.base();
    (base.code, base.minor_units)
}
