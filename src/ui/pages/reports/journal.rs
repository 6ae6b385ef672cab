//! Journal (SPEC R4.15): every release's entry, one row per account line, in base
//! currency; exported as CSV for the general ledger.

use leptos::prelude::*;
use reskontra_core::reports::rows::{journal_csv, journal_rows};

use crate::delivery::save_csv;
use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::pages::base_currency;
use crate::ui::route::navigate;

#[component]
pub fn JournalWindow() -> impl IntoView {
    let ctx = use_ledger();
    let decimals = ctx.ledger.with_untracked(|l| base_currency(l).1);
    let rows = Memo::new(move |_| {
        ctx.ledger.with(|l| {
            journal_rows(l)
                .into_iter()
                .enumerate()
                .map(|(n, r)| {
                    // The empty side of a line is blank, as on a printed journal.
                    let side = |amount: rust_decimal::Decimal| if amount.is_zero() { String::new() } else { amount.to_string() };
                    TableRow {
                        // The row opens its document: keep the document in the key.
                        key: format!("{n}|{}", r.document),
                        cells: vec![r.entry.to_string(), r.date, r.document, r.account, r.account_name.to_string(), side(r.debit), side(r.credit)],
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let status = RwSignal::new(None::<String>);
    // The table's one *Export CSV* writes the general-ledger file (every entry).
    let export = Callback::new(move |()| {
        let text = ctx.ledger.with_untracked(journal_csv);
        let name = format!("reskontra-journal-{}.csv", ctx.business_date_untracked());
        status.set(Some(save_csv(&name, &text)));
    });
    let open = Callback::new(move |key: String| {
        let document = key.split_once('|').map(|(_, d)| d.to_string()).unwrap_or_default();
        let found = ctx.ledger.with_untracked(|l| {
            l.documents
                .values()
                .find(|d| {
                    // An application's entry reads "Payment PAY000001 applied to …".
                    let name = format!("{} {}", d.doc_type.label(), d.ref_nbr);
                    document == name || document.starts_with(&format!("{name} "))
                })
                .map(|d| crate::ui::route::document_route(d.doc_type, &d.ref_nbr))
        });
        if let Some(route) = found {
            navigate(&route);
        }
    });
    let columns = vec![
        // A number, so sorting it puts entry 10 after 9 (newest first: click twice).
        Column { width: "80px", ..Column::figure("Entry", "") },
        Column::text("Date", "110px"),
        Column::text("Document", "3fr"),
        Column::choice("Account", "90px"),
        Column::choice("Account name", "2fr"),
        Column::amount("Debit", decimals),
        Column::amount("Credit", decimals),
    ];
    view! {
        <div class="window list-window">
            <div class="toolbar">
                <h1>"Journal"</h1>
                <span class="summary" role="status">{move || status.get()}</span>
            </div>
            <DataTable testid="journal" columns=columns rows=rows on_open=open on_export=export
                empty=|| view! { <div class="empty" data-testid="journal-empty"><p>"No entries yet. Every release writes a balanced entry here: customer ledger, sales, VAT and bank accounts."</p></div> } />
        </div>
    }
}
