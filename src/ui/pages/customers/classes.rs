//! Customer classes (list window).

use leptos::prelude::*;

use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::route::{navigate, Route};

#[component]
pub fn ClassesWindow() -> impl IntoView {
    let ctx = use_ledger();
    let rows = Memo::new(move |_| {
        ctx.ledger.with(|l| {
            l.classes
                .values()
                .map(|c| TableRow {
                    key: c.id.clone(),
                    cells: vec![
                        c.id.clone(),
                        c.description.clone(),
                        c.terms_id.clone(),
                        c.currency.clone().unwrap_or_else(|| format!("{} (base)", l.settings.base_currency)),
                        l.customers.values().filter(|k| k.class_id == c.id).count().to_string(),
                    ],
                })
                .collect::<Vec<_>>()
        })
    });
    let columns = vec![
        Column::text("Class ID", "120px"),
        Column::text("Description", "2fr"),
        Column::text("Terms", "120px"),
        Column::text("Currency", "120px"),
        Column::text("Customers", "100px"),
    ];
    view! {
        <div class="window list-window">
            <div class="toolbar">
                <h1>"Customer classes"</h1>
                <a class="button primary" href=Route::Class(None).href() data-testid="new-class">"New class"</a>
            </div>
            <DataTable
                testid="classes"
                columns=columns
                rows=rows
                on_open=Callback::new(|id: String| navigate(&Route::Class(Some(id))))
                empty=|| view! {
                    <div class="empty" data-testid="classes-empty">
                        <p>"No customer classes yet. A class gives its customers their defaults: terms and currency. The first customer you save gets the class DEFAULT, made from the preferences, unless you add your own first."</p>
                        <p><a class="button primary" href="#/classes/new">"Add class"</a></p>
                    </div>
                }
            />
        </div>
    }
}
