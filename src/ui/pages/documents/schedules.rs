//! Recurring transactions (AR203500, R7.1): the schedules, each with its type, next
//! execution date and how often it ran; a row opens the schedule.

use leptos::prelude::*;
use reskontra_core::schedules::generate::next_execution;

use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::route::{navigate, Route};

#[component]
pub fn SchedulesWindow() -> impl IntoView {
    let ctx = use_ledger();
    let rows = Memo::new(move |_| {
        ctx.ledger.with(|l| {
            l.schedules
                .values()
                .map(|s| TableRow {
                    key: s.id.0.to_string(),
                    cells: vec![
                        s.id.to_string(),
                        s.description.clone(),
                        s.recurrence.label().to_string(),
                        if s.active { "Active" } else { "Inactive" }.to_string(),
                        s.templates.len().to_string(),
                        s.start.to_string(),
                        s.expires.map(|d| d.to_string()).unwrap_or_else(|| "Never".to_string()),
                        s.last_executed_on.map(|d| d.to_string()).unwrap_or_default(),
                        next_execution(l, s).map(|d| d.to_string()).unwrap_or_default(),
                        s.times_executed.to_string(),
                    ],
                })
                .collect::<Vec<_>>()
        })
    });
    let columns = vec![
        Column::text("Schedule", "90px"),
        Column::text("Description", "2fr"),
        Column::choice("Type", "110px"),
        Column::choice("Status", "90px"),
        Column::figure("Documents", "100px"),
        Column::text("Start", "110px"),
        Column::text("Expires", "110px"),
        Column::text("Last executed", "120px"),
        Column::text("Next execution", "130px"),
        Column::figure("Times", "80px"),
    ];
    view! {
        <div class="window list-window">
            <div class="toolbar">
                <h1 data-testid="window-title">"Recurring transactions"</h1>
                <a class="button primary" href=Route::Schedule(None).href() data-testid="new-schedule">"New schedule"</a>
                <a class="button" href=Route::GenerateSchedules.href() data-testid="open-generate">"Generate recurring transactions"</a>
            </div>
            <DataTable
                testid="schedules"
                columns=columns
                rows=rows
                on_open=Callback::new(|id: String| {
                    if let Ok(n) = id.parse() {
                        navigate(&Route::Schedule(Some(n)))
                    }
                })
                empty=|| view! {
                    <div class="empty" data-testid="schedules-empty">
                        <p>"No schedules yet. A schedule makes invoices again and again — a monthly lease, a weekly service — from template documents, on the dates it says, exactly once each."</p>
                        <p><a class="button primary" href="#/schedules/new">"Add schedule"</a>" or open an invoice and choose "<em>"Add to schedule"</em>"."</p>
                    </div>
                }
            />
        </div>
    }
}
