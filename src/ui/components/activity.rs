//! An activity list (R3.9, R12.5): a customer's (its Activities tab) or one document's
//! (the invoice window). Rows come from the core (`reports::inquiry::{customer_activity,
//! document_activity}`); a row opens its email, else its document.

use leptos::prelude::*;
use reskontra_core::reports::inquiry::Activity;

use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::route::{document_route, navigate, Route};

#[component]
pub fn ActivityList(testid: &'static str, activity: Memo<Vec<Activity>>, #[prop(into)] empty: String) -> impl IntoView {
    let rows = Memo::new(move |_| {
        activity.with(|list| {
            list.iter()
                .enumerate()
                .map(|(n, a)| TableRow {
                    key: match (a.email, &a.document) {
                        (Some(id), _) => Route::Email(id).href(),
                        (None, Some((t, r))) => document_route(*t, r).href(),
                        (None, None) => format!("#activity-{n}"),
                    },
                    cells: vec![a.date.to_string(), a.kind.to_string(), a.summary.clone()],
                })
                .collect::<Vec<_>>()
        })
    });
    let columns = vec![Column::text("Date", "110px"), Column::choice("Type", "130px"), Column::text("Summary", "3fr")];
    let open = Callback::new(|href: String| {
        if href.starts_with("#/") {
            navigate(&Route::parse(&href))
        }
    });
    view! {
        <DataTable testid=testid columns=columns rows=rows on_open=open
            empty=move || view! { <p class="empty">{empty.clone()}</p> } />
    }
}
