//! Unreleased documents (SPEC R6.2): every document entered but not released (On
//! hold, Credit hold, Pending print/email, Balanced), of one type or all, with the
//! total, CSV export and a printout.

use leptos::prelude::*;
use reskontra_core::documents::document::DocType;
use reskontra_core::reports::inquiry::unreleased_documents;

use crate::delivery::print_page;
use crate::ui::components::document_report::{document_columns, PrintList, Report, ReportFigures};
use crate::ui::components::table::DataTable;
use crate::ui::context::use_ledger;
use crate::ui::pages::base_currency;
use crate::ui::route::{navigate, Route};

#[component]
pub fn UnreleasedDocumentsWindow() -> impl IntoView {
    let ctx = use_ledger();
    let decimals = ctx.ledger.with_untracked(base_currency).1;
    // Empty: every type.
    let type_label = RwSignal::new(String::new());
    let doc_type = move || DocType::from_label(&type_label.get());
    let report = Report::new(move |l| unreleased_documents(l, doc_type()));
    let Report { rows, total, .. } = report;
    let status = RwSignal::new(None::<String>);
    let export = move |_| status.set(Some(report.export(&format!("reskontra-unreleased-{}.csv", ctx.business_date_untracked()))));
    let title = Signal::derive(move || {
        let what = doc_type().map(|t| format!("{}s", t.label().to_lowercase())).unwrap_or_else(|| "all types".to_string());
        ctx.ledger.with(|l| format!("{} · Unreleased documents ({what}) · {}", l.settings.company_name, ctx.business_date()))
    });
    view! {
        <div class="window list-window report-window">
            <div class="toolbar">
                <h1>"Unreleased documents"</h1>
                <button class="button" data-testid="export-unreleased" on:click=export>"Export CSV"</button>
                <button class="button" data-testid="print" on:click=move |_| print_page()>"Print"</button>
                <a class="button" href=Route::Release.href()>"Release documents"</a>
                <span class="summary" role="status">{move || status.get()}</span>
            </div>
            <div class="top-part">
                <div class="form-grid">
                    <label class="field">
                        <span class="field-label">"Type"</span>
                        <select data-testid="unreleased-type" on:change=move |ev| type_label.set(event_target_value(&ev))>
                            <option value="">"All types"</option>
                            {DocType::INVOICE_LIKE.into_iter().chain(DocType::PAYMENT_LIKE).map(|t| view! { <option value=t.label()>{t.label()}</option> }).collect_view()}
                        </select>
                    </label>
                </div>
                <ReportFigures report=report count_testid="unreleased-figure-count" total_testid="unreleased-total" />
            </div>
            <DataTable testid="unreleased" columns=document_columns() rows=rows
                on_open=Callback::new(|href: String| navigate(&Route::parse(&href)))
                empty=|| view! { <div class="empty" data-testid="unreleased-empty"><p>"Nothing unreleased: every document entered has been released."</p></div> } />
            <PrintList title=title rows=rows decimals=decimals total=Signal::derive(move || total.get()) />
        </div>
    }
}
