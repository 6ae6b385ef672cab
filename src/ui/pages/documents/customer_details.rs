//! Customer details (SPEC R6.1): one customer's documents, with *Include unreleased
//! documents* and *Show all documents*, filters by type and status in the table, the
//! customer's balances and the total of what is listed. Printable.

use leptos::prelude::*;
use reskontra_core::reports::inquiry::{base_balance_total, customer_documents};
use reskontra_core::reports::rows::days_text;
use reskontra_core::reports::rows::document_rows;
use rust_decimal::Decimal;

use crate::ui::components::customer_picker::CustomerPicker;
use crate::ui::components::status::Figure;
use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::pages::base_currency;
use crate::ui::route::{document_route, navigate, Route};

#[component]
pub fn CustomerDetailsWindow(customer: Option<String>) -> impl IntoView {
    let ctx = use_ledger();
    let customer_id = RwSignal::new(customer.unwrap_or_default());
    let include_unreleased = RwSignal::new(false);
    let show_all = RwSignal::new(false);
    let base = Signal::derive(move || ctx.ledger.with(base_currency));
    let known = move || ctx.ledger.with(|l| l.customers.contains_key(&customer_id.get()));
    // The core's rows: signed amounts (what the customer owes positive, credits
    // negative; documents without a balance still show theirs), each in its currency.
    let listed = Memo::new(move |_| {
        let id = customer_id.get();
        ctx.ledger.with(|l| {
            if !l.customers.contains_key(&id) {
                return (Vec::new(), Decimal::ZERO);
            }
            let docs = customer_documents(l, Some(&id), include_unreleased.get(), show_all.get());
            (document_rows(l, &docs), base_balance_total(l, &docs))
        })
    });
    let rows = Memo::new(move |_| {
        let today = ctx.business_date();
        listed.with(|(rows, _)| {
            rows.iter()
                .map(|r| TableRow {
                    key: document_route(r.doc_type, &r.ref_nbr).href(),
                    cells: vec![
                        r.doc_type.label().to_string(),
                        r.ref_nbr.clone(),
                        r.date.to_string(),
                        r.due_date.map(|x| x.to_string()).unwrap_or_default(),
                        r.status.label().to_string(),
                        r.total.currency.clone(),
                        r.total.plain(),
                        r.balance.plain(),
                        r.base_balance.plain(),
                        days_text(r.days_overdue(today)),
                    ],
                })
                .collect::<Vec<_>>()
        })
    });
    let listed_total = Memo::new(move |_| listed.with(|(_, total)| *total));
    let balances = Memo::new(move |_| ctx.ledger.with(|l| l.balances_of(&customer_id.get())));
    let decimals = base.get_untracked().1;
    let columns = vec![
        Column::choice("Type", "120px"),
        Column::text("Reference", "110px"),
        Column::text("Date", "100px"),
        Column::text("Due date", "100px"),
        Column::choice("Status", "110px"),
        Column::choice("Currency", "80px"),
        Column::money("Total"),
        Column::money("Balance"),
        Column::money("Base balance"),
        Column::overdue(),
    ];
    let print = move |_| crate::delivery::print_page();
    view! {
        <div class="window list-window customer-details">
            <div class="toolbar">
                <h1>"Customer details"</h1>
                <button class="button" data-testid="print" on:click=print>"Print"</button>
                {move || known().then(|| view! { <a class="button" href=Route::Customer(Some(customer_id.get())).href()>"Open customer"</a> })}
            </div>
            <div class="top-part">
                <div class="form-grid">
                    <label class="field wide">
                        <span class="field-label">"Customer"</span>
                        <CustomerPicker value=customer_id testid="details-customer" disabled=Signal::derive(|| false) />
                    </label>
                    <div class="field">
                        <label class="check"><input type="checkbox" data-testid="details-include-unreleased" prop:checked=move || include_unreleased.get()
                            on:change=move |ev| include_unreleased.set(event_target_checked(&ev)) />"Include unreleased documents"</label>
                    </div>
                    <div class="field">
                        <label class="check"><input type="checkbox" data-testid="details-show-all" prop:checked=move || show_all.get()
                            on:change=move |ev| show_all.set(event_target_checked(&ev)) />"Show all documents"</label>
                    </div>
                </div>
                {move || known().then(|| view! {
                    <div class="figures">
                        <Figure label="Balance" testid="details-balance" amount=Signal::derive(move || balances.get().balance) currency=base />
                        <Figure label="Prepayment balance" testid="details-prepayment-balance" amount=Signal::derive(move || balances.get().displayed_prepayment_balance()) currency=base />
                        <Figure label="Unreleased balance" testid="details-unreleased-balance" amount=Signal::derive(move || balances.get().unreleased_balance) currency=base />
                        <Figure label="Total of the list" testid="details-listed-total" amount=Signal::derive(move || listed_total.get()) currency=base />
                    </div>
                })}
            </div>
            {move || if known() {
                view! {
                    <DataTable testid="details" columns=columns.clone() rows=rows
                        on_open=Callback::new(|href: String| navigate(&Route::parse(&href)))
                        empty=|| view! { <p class="empty" data-testid="details-empty">"No documents to show. Tick Include unreleased documents or Show all documents to see more."</p> } />
                    <PrintTable rows=rows decimals=decimals customer=Signal::derive(move || customer_id.get()) total=Signal::derive(move || listed_total.get()) />
                }.into_any()
            } else {
                view! { <p class="empty" data-testid="details-pick">"Choose a customer to see their documents."</p> }.into_any()
            }}
        </div>
    }
}

/// Every listed row as a plain table, shown only on paper (the screen table renders
/// only the rows in view).
#[component]
fn PrintTable(rows: Memo<Vec<TableRow>>, decimals: u32, customer: Signal<String>, total: Signal<Decimal>) -> impl IntoView {
    let ctx = use_ledger();
    let title = move || {
        ctx.ledger.with(|l| {
            let name = l.customers.get(&customer.get()).map(|c| c.name.clone()).unwrap_or_default();
            format!("{} · Customer details · {} {} · {}", l.settings.company_name, customer.get(), name, ctx.business_date())
        })
    };
    // Each cell is in its own currency's decimals (the core's row); the total in base.
    let amount = move |text: &String| text.parse::<Decimal>().map(|d| ctx.numbers().amount(d, d.scale())).unwrap_or_default();
    let company = move || {
        ctx.ledger.with(|l| {
            let s = &l.settings;
            let a = &s.company_address;
            let place = [a.postcode.as_str(), a.city.as_str()].iter().filter(|p| !p.is_empty()).cloned().collect::<Vec<_>>().join(" ");
            let lines: Vec<String> = [a.line1.clone(), a.line2.clone(), place, a.country.clone()].into_iter().filter(|line| !line.is_empty()).collect();
            let vat = (!s.vat_number.is_empty()).then(|| format!("VAT no. {}", s.vat_number));
            (s.logo.clone(), s.company_name.clone(), lines.join(", "), vat)
        })
    };
    view! {
        <div class="print-only">
            {move || {
                let (logo, name, address, vat) = company();
                view! {
                    <header class="print-header" data-testid="print-header">
                        {logo.map(|url| view! { <img class="print-logo" src=url alt="" /> })}
                        <div>
                            <strong data-testid="print-company-name">{name}</strong>
                            <div data-testid="print-company-address">{address}</div>
                            {vat.map(|v| view! { <div>{v}</div> })}
                        </div>
                    </header>
                }
            }}
            <h2>{title}</h2>
            <table class="lines print-table">
                <thead><tr>
                    <th>"Type"</th><th>"Reference"</th><th>"Date"</th><th>"Due date"</th><th>"Status"</th><th>"Currency"</th>
                    <th class="num">"Total"</th><th class="num">"Balance"</th><th class="num">"Base balance"</th>
                </tr></thead>
                <tbody>
                    {move || rows.get().into_iter().map(|r| {
                        let cell = |i: usize| r.cells.get(i).cloned().unwrap_or_default();
                        view! {
                            <tr>
                                <td>{cell(0)}</td><td>{cell(1)}</td><td>{cell(2)}</td><td>{cell(3)}</td><td>{cell(4)}</td><td>{cell(5)}</td>
                                <td class="num">{amount(&cell(6))}</td><td class="num">{amount(&cell(7))}</td><td class="num">{amount(&cell(8))}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot><tr><td colspan="8">"Total"</td><td class="num">{move || ctx.numbers().amount(total.get(), decimals)}</td></tr></tfoot>
            </table>
        </div>
    }
}
