//! Notification templates (list window, R10.3): each template with its languages and
//! the mailings that use it.

use leptos::prelude::*;

use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::route::{navigate, Route};

#[component]
pub fn TemplatesWindow() -> impl IntoView {
    let ctx = use_ledger();
    let rows = Memo::new(move |_| {
        ctx.ledger.with(|l| {
            let mailings: Vec<&reskontra_core::customers::mailing::Mailing> =
                l.settings.mailings.iter().chain(l.classes.values().flat_map(|c| c.mailings.iter())).collect();
            l.templates
                .values()
                .map(|t| {
                    let mut used: Vec<String> = mailings.iter().filter(|m| m.template_id == t.id).map(|m| m.id.clone()).collect();
                    used.sort();
                    used.dedup();
                    let languages: Vec<String> =
                        t.variants.iter().map(|v| if v.language.is_empty() { "(default)".to_string() } else { v.language.clone() }).collect();
                    let subject = t.variants.first().map(|v| v.subject.clone()).unwrap_or_default();
                    TableRow { key: t.id.clone(), cells: vec![t.id.clone(), t.description.clone(), languages.join(", "), subject, used.join(", ")] }
                })
                .collect::<Vec<_>>()
        })
    });
    let columns = vec![
        Column::text("Template ID", "140px"),
        Column::text("Description", "2fr"),
        Column::text("Languages", "110px"),
        Column::text("Subject", "2fr"),
        Column::text("Used by mailings", "1fr"),
    ];
    view! {
        <div class="window list-window">
            <div class="toolbar">
                <h1 data-testid="window-title">"Notification templates"</h1>
                <a class="button primary" href=Route::Template(None).href() data-testid="new-template">"New template"</a>
            </div>
            <DataTable
                testid="templates"
                columns=columns
                rows=rows
                on_open=Callback::new(|id: String| navigate(&Route::Template(Some(id))))
                empty=|| view! {
                    <div class="empty" data-testid="templates-empty">
                        <p>"No notification templates yet. A template gives a mailing's emails their subject and text, with placeholders such as ((Customer.Name)) filled in for each customer."</p>
                        <p><a class="button primary" href="#/templates/new">"Add template"</a></p>
                    </div>
                }
            />
        </div>
    }
}
