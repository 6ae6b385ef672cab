//! Journal (SPEC R4.15): every release's entry, one row per account line, in base
//! currency, with a total under each entry and the totals of the rows shown at the
//! foot; filtered by date, account and document; exported as CSV for the general ledger.

use leptos::prelude::*;
use reskontra_core::base::problem::parse_date;
use reskontra_core::reports::rows::{filter_journal, journal_accounts, journal_csv, journal_rows, journal_totals, JournalFilter, JournalRow};

use crate::delivery::save_csv;
use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::pages::base_currency;
use crate::ui::route::navigate;

/// The key of an entry's total row starts with this; a line's key is its index in
/// the filtered rows. Both go on with `|` and the entry's document, which the row opens.
const TOTAL_KEY: &str = "total";

/// The line a table row shows: its index among the filtered rows (`None` for a total).
fn line_of(key: &str) -> Option<usize> {
    key.split_once('|').and_then(|(n, _)| n.parse().ok())
}

/// The table's rows: each line, and after the last line of each entry its total
/// when the filter keeps whole entries.
fn table_rows(rows: &[JournalRow], whole_entries: bool) -> Vec<TableRow> {
    let totals = journal_totals(rows);
    // The empty side of a line is blank, as on a printed journal.
    let side = |amount: rust_decimal::Decimal| if amount.is_zero() { String::new() } else { amount.to_string() };
    let mut out = Vec::with_capacity(rows.len() + totals.entries.len());
    for (n, r) in rows.iter().enumerate() {
        out.push(TableRow {
            key: format!("{n}|{}", r.document),
            cells: vec![r.entry.to_string(), r.date.clone(), r.document.clone(), r.account.clone(), r.account_name.to_string(), side(r.debit), side(r.credit)],
        });
        let last_of_entry = rows.get(n + 1).is_none_or(|next| next.entry != r.entry);
        if let (true, true, Some(sum)) = (whole_entries, last_of_entry, totals.entry(r.entry)) {
            out.push(TableRow {
                key: format!("{TOTAL_KEY}|{}", r.document),
                cells: vec![
                    r.entry.to_string(),
                    r.date.clone(),
                    r.document.clone(),
                    String::new(),
                    format!("Total entry {}", r.entry),
                    sum.debit.to_string(),
                    sum.credit.to_string(),
                ],
            });
        }
    }
    out
}

/// The filter's inputs: From, To, Account and Document.
#[derive(Clone, Copy)]
struct FilterInputs {
    from: RwSignal<String>,
    to: RwSignal<String>,
    account: RwSignal<String>,
    document: RwSignal<String>,
}

impl FilterInputs {
    fn filter(self) -> JournalFilter {
        let date_of = |text: String| parse_date(&text).ok();
        JournalFilter { from: date_of(self.from.get()), to: date_of(self.to.get()), account: self.account.get(), document: self.document.get() }
    }
}

/// A date input of the filter; a date that does not parse is shown as a problem and left out.
fn date_field(label: &'static str, testid: &'static str, value: RwSignal<String>) -> impl IntoView {
    let problem = move || {
        let text = value.get();
        if text.trim().is_empty() {
            None
        } else {
            parse_date(&text).err()
        }
    };
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            <input class="date" data-testid=testid placeholder="YYYY-MM-DD" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            <span class="field-error">{problem}</span>
        </label>
    }
}

fn filter_bar(f: FilterInputs, accounts: Memo<Vec<(String, &'static str)>>) -> impl IntoView {
    view! {
        <div class="form-grid">
            {date_field("From", "journal-from", f.from)}
            {date_field("To", "journal-to", f.to)}
            <label class="field">
                <span class="field-label">"Account"</span>
                <select data-testid="journal-account" prop:value=move || f.account.get() on:change=move |ev| f.account.set(event_target_value(&ev))>
                    <option value="">"All accounts"</option>
                    {move || accounts.get().into_iter().map(|(a, name)| {
                        let label = if name.is_empty() { a.clone() } else { format!("{a} {name}") };
                        view! { <option value=a>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span class="field-label">"Document"</span>
                <input data-testid="journal-document" placeholder="Reference no. or text" prop:value=move || f.document.get()
                    on:input=move |ev| f.document.set(event_target_value(&ev)) />
            </label>
        </div>
    }
}

#[component]
pub fn JournalWindow() -> impl IntoView {
    let ctx = use_ledger();
    let decimals = ctx.ledger.with_untracked(|l| base_currency(l).1);
    let inputs = FilterInputs {
        from: RwSignal::new(String::new()),
        to: RwSignal::new(String::new()),
        account: RwSignal::new(String::new()),
        document: RwSignal::new(String::new()),
    };
    let filter = Memo::new(move |_| inputs.filter());
    let all = Memo::new(move |_| ctx.ledger.with(journal_rows));
    let accounts = Memo::new(move |_| all.with(|rows| journal_accounts(rows)));
    let filtered = Memo::new(move |_| filter_journal(all.get(), &filter.get()));
    let rows = Memo::new(move |_| filtered.with(|f| table_rows(f, filter.with(JournalFilter::keeps_whole_entries))));
    // The rows the table shows (after its own search too): the footer sums their lines.
    let shown = RwSignal::new(Vec::<usize>::new());
    let totals = Memo::new(move |_| {
        shown.with(|idx| {
            rows.with(|rs| filtered.with(|f| journal_totals(idx.iter().filter_map(|&i| rs.get(i)).filter_map(|r| line_of(&r.key)).filter_map(|n| f.get(n)))))
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
    let entries = move || totals.with(|t| t.entries.len());
    view! {
        <div class="window list-window journal-window">
            <div class="toolbar">
                <h1>"Journal"</h1>
                <span class="summary" role="status">{move || status.get()}</span>
            </div>
            <div class="top-part">{filter_bar(inputs, accounts)}</div>
            <DataTable testid="journal" columns=columns rows=rows on_open=open on_export=export shown=shown
                empty=move || view! { <div class="empty" data-testid="journal-empty"><p>{move || if all.with(Vec::is_empty) {
                    "No entries yet. Every release writes a balanced entry here: customer ledger, sales, VAT and bank accounts."
                } else {
                    "No entries in this selection."
                }}</p></div> } />
            <div class="journal-totals" data-testid="journal-totals">
                <span>{move || format!("Totals of the rows shown ({} entr{})", entries(), if entries() == 1 { "y" } else { "ies" })}</span>
                <span>"Debit "<strong data-testid="journal-total-debit">{move || ctx.numbers().amount(totals.with(|t| t.debit), decimals)}</strong></span>
                <span>"Credit "<strong data-testid="journal-total-credit">{move || ctx.numbers().amount(totals.with(|t| t.credit), decimals)}</strong></span>
            </div>
        </div>
    }
}
