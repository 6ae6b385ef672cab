//! What the document lists of R6.2 share: their columns and rows (amounts signed as
//! they count on the customer's balance), and the whole list as a plain table for
//! paper (the screen table renders only the rows in view).

use leptos::prelude::*;
use reskontra_core::documents::document::{DocId, Document};
use reskontra_core::reports::inquiry::{base_balance_total, documents_csv};
use reskontra_core::Ledger;
use rust_decimal::Decimal;

use crate::delivery::save_csv;
use crate::ui::components::status::Figure;
use crate::ui::components::table::{Column, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::pages::base_currency;
use crate::ui::route::document_route;

/// One document list: the documents chosen (once per change of the ledger or the
/// filter), their rows and their total in base currency.
#[derive(Clone, Copy)]
pub struct Report {
    pub ids: Memo<Vec<DocId>>,
    pub rows: Memo<Vec<TableRow>>,
    pub total: Memo<Decimal>,
}

impl Report {
    pub fn new(select: impl Fn(&Ledger) -> Vec<&Document> + Send + Sync + 'static) -> Self {
        let ctx = use_ledger();
        let ids = Memo::new(move |_| ctx.ledger.with(|l| select(l).iter().map(|d| d.id).collect::<Vec<_>>()));
        let rows = Memo::new(move |_| ids.with(|ids| ctx.ledger.with(|l| document_rows(l, &docs_of(l, ids)))));
        let total = Memo::new(move |_| ids.with(|ids| ctx.ledger.with(|l| base_balance_total(l, &docs_of(l, ids)))));
        Report { ids, rows, total }
    }

    /// The listed documents as `file_name`.csv; returns the status line.
    pub fn export(&self, file_name: &str) -> String {
        let ctx = use_ledger();
        let text = self.ids.with_untracked(|ids| ctx.ledger.with_untracked(|l| documents_csv(l, &docs_of(l, ids))));
        save_csv(file_name, &text)
    }
}

fn docs_of<'a>(ledger: &'a Ledger, ids: &[DocId]) -> Vec<&'a Document> {
    ids.iter().filter_map(|id| ledger.documents.get(id)).collect()
}

/// The count and the base-currency total beside a list's filters.
#[component]
pub fn ReportFigures(report: Report, count_testid: &'static str, total_testid: &'static str) -> impl IntoView {
    let ctx = use_ledger();
    let base = Signal::derive(move || ctx.ledger.with(base_currency));
    view! {
        <div class="figures">
            <div class="figure"><div class="figure-label">"Documents"</div><div class="figure-value" data-testid=count_testid>{move || ctx.numbers().count(report.rows.with(|r| r.len()))}</div></div>
            <Figure label="Total (base currency)" testid=total_testid amount=Signal::derive(move || report.total.get()) currency=base />
        </div>
    }
}

const HEADERS: [&str; 11] = ["Type", "Reference", "Customer", "Customer name", "Date", "Due date", "Status", "Currency", "Total", "Balance", "Base balance"];
/// The first amount column.
const FIRST_AMOUNT: usize = 8;

pub fn document_columns() -> Vec<Column> {
    // Narrower amount columns than the default, so a 1366 px screen keeps the dates
    // and some of the customer's name whole.
    let amount = |title| Column { width: "112px", ..Column::money(title) };
    vec![
        Column::choice("Type", "104px"),
        Column::text("Reference", "100px"),
        Column::text("Customer", "76px"),
        Column::text("Customer name", "2fr"),
        Column::text("Date", "104px"),
        Column::text("Due date", "104px"),
        Column::choice("Status", "104px"),
        Column::choice("Cur.", "64px"),
        amount("Total"),
        amount("Balance"),
        amount("Base balance"),
    ]
}

pub fn document_rows(ledger: &Ledger, docs: &[&Document]) -> Vec<TableRow> {
    reskontra_core::reports::rows::document_rows(ledger, docs)
        .into_iter()
        .map(|r| TableRow { key: document_route(r.doc_type, &r.ref_nbr).href(), cells: r.list_fields().to_vec() })
        .collect()
}

/// The list on paper: a heading, every row, and the total of the base balances.
#[component]
pub fn PrintList(#[prop(into)] title: Signal<String>, rows: Memo<Vec<TableRow>>, decimals: u32, #[prop(into)] total: Signal<Decimal>) -> impl IntoView {
    // Each cell is in its own currency's decimals (the core's row); the total in base.
    let ctx = crate::ui::context::use_ledger();
    let amount = move |text: &str| text.parse::<Decimal>().map(|d| ctx.numbers().amount(d, d.scale())).unwrap_or_default();
    view! {
        <div class="print-only print-list">
            <h2>{move || title.get()}</h2>
            <table class="lines print-table">
                <thead><tr>
                    {HEADERS.iter().enumerate().map(|(i, h)| {
                        let class = if i >= FIRST_AMOUNT { "num" } else { "" };
                        view! { <th class=class>{*h}</th> }
                    }).collect_view()}
                </tr></thead>
                <tbody>
                    {move || rows.get().into_iter().map(|r| {
                        view! {
                            <tr>
                                {r.cells.iter().enumerate().map(|(i, c)| if i >= FIRST_AMOUNT {
                                    view! { <td class="num">{amount(c)}</td> }.into_any()
                                } else {
                                    view! { <td>{c.clone()}</td> }.into_any()
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot><tr><td colspan="10">"Total (base currency)"</td><td class="num">{move || ctx.numbers().amount(total.get(), decimals)}</td></tr></tfoot>
            </table>
        </div>
    }
}
