//! Open documents (SPEC R6.2): released documents with a balance left, by period
//! (document date or due date) and customer, with the total, CSV export and a printout.

use leptos::prelude::*;
use reskontra_core::base::problem::parse_date;
use reskontra_core::reports::inquiry::{open_documents, OpenFilter, PeriodOf};

use crate::delivery::print_page;
use crate::ui::components::customer_picker::CustomerPicker;
use crate::ui::components::document_report::{document_columns, PrintList, Report, ReportFigures};
use crate::ui::components::table::DataTable;
use crate::ui::context::use_ledger;
use crate::ui::pages::base_currency;
use crate::ui::route::{navigate, Route};

#[component]
pub fn OpenDocumentsWindow() -> impl IntoView {
    let ctx = use_ledger();
    let decimals = ctx.ledger.with_untracked(base_currency).1;
    let customer = RwSignal::new(String::new());
    let due_dates = RwSignal::new(false);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    // A date that does not parse is shown as a problem and left out of the filter.
    let date_of = |text: String| if text.trim().is_empty() { Ok(None) } else { parse_date(&text).map(Some) };
    let filter = Memo::new(move |_| OpenFilter {
        period_of: if due_dates.get() { PeriodOf::DueDate } else { PeriodOf::DocumentDate },
        from: date_of(from.get()).ok().flatten(),
        to: date_of(to.get()).ok().flatten(),
        customer: Some(customer.get()).filter(|c| !c.is_empty()),
    });
    let date_problem = move |value: RwSignal<String>| move || date_of(value.get()).err();
    let report = Report::new(move |l| open_documents(l, &filter.get()));
    let Report { rows, total, .. } = report;
    let status = RwSignal::new(None::<String>);
    let export = move |_| status.set(Some(report.export(&format!("reskontra-open-documents-{}.csv", ctx.business_date_untracked()))));
    let title = Signal::derive(move || {
        let f = filter.get();
        let period = match (f.from, f.to) {
            (None, None) => String::new(),
            (a, b) => format!(
                " · {} {} – {}",
                if f.period_of == PeriodOf::DueDate { "due" } else { "dated" },
                a.map(|d| d.to_string()).unwrap_or_default(),
                b.map(|d| d.to_string()).unwrap_or_default()
            ),
        };
        let who = f.customer.map(|c| format!(" · customer {c}")).unwrap_or_default();
        ctx.ledger.with(|l| format!("{} · Open documents{period}{who} · {}", l.settings.company_name, ctx.business_date()))
    });
    view! {
        <div class="window list-window report-window">
            <div class="toolbar">
                <h1>"Open documents"</h1>
                <button class="button" data-testid="export-open" on:click=export>"Export CSV"</button>
                <button class="button" data-testid="print" on:click=move |_| print_page()>"Print"</button>
                <span class="summary" role="status">{move || status.get()}</span>
            </div>
            <div class="top-part">
                <div class="form-grid">
                    <label class="field wide">
                        <span class="field-label">"Customer (empty: all)"</span>
                        <CustomerPicker value=customer testid="open-customer" disabled=Signal::derive(|| false) />
                    </label>
                    <label class="field">
                        <span class="field-label">"Period of"</span>
                        <select data-testid="open-period-of" on:change=move |ev| due_dates.set(event_target_value(&ev) == "due")>
                            <option value="date">"Document date"</option>
                            <option value="due">"Due date"</option>
                        </select>
                    </label>
                    <label class="field">
                        <span class="field-label">"From"</span>
                        <input class="date" data-testid="open-from" placeholder="YYYY-MM-DD" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev)) />
                        <span class="field-error">{date_problem(from)}</span>
                    </label>
                    <label class="field">
                        <span class="field-label">"To"</span>
                        <input class="date" data-testid="open-to" placeholder="YYYY-MM-DD" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev)) />
                        <span class="field-error">{date_problem(to)}</span>
                    </label>
                </div>
                <ReportFigures report=report count_testid="open-figure-count" total_testid="open-total" />
            </div>
            <DataTable testid="open" columns=document_columns() rows=rows
                on_open=Callback::new(|href: String| navigate(&Route::parse(&href)))
                empty=|| view! { <div class="empty" data-testid="open-empty"><p>"No open documents in this selection. Released invoices, notes and unapplied payments with a balance are listed here."</p></div> } />
            <PrintList title=title rows=rows decimals=decimals total=Signal::derive(move || total.get()) />
        </div>
    }
}
