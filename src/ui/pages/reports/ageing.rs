//! The ageing reports (SPEC R8, AR631000 / AR631500 / AR630500): Aged past due, Aged
//! outstanding and Aged period sensitive, for all customers or one, at an ageing date
//! (or a financial period's end), in base currency or the documents' currencies. On
//! screen: a bar chart of the bucket totals (SVG; a click on a bar keeps only that
//! bucket's rows, a second click shows all again), the report's total beside the sum of
//! the balances (equal by construction, `reports::ageing`), the customers with their
//! Total and Balance, and the documents (a row opens its document). *Print* uses the
//! print CSS; *Export CSV* writes the CLI's columns (`ageing_csv`); *PDF* and *Excel*
//! are made by the render worker from `reports::table::ageing_table`.

use leptos::prelude::*;
use reskontra_core::reports::ageing::{ageing_csv, ageing_report, financial_period, AgeingKind, AgeingOptions, AgeingReport, BucketTotals};

use reskontra_core::reports::invoice::RenderJob;
use reskontra_core::reports::table::ageing_table;

use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::route::{document_route, navigate, Route};

/// The document rows built with the report when the window opens (more than a screen).
const FIRST_SCREEN: usize = 60;

const KINDS: [(AgeingKind, &str); 3] = [(AgeingKind::PastDue, "past-due"), (AgeingKind::Outstanding, "outstanding"), (AgeingKind::PeriodSensitive, "period")];

#[component]
pub fn AgeingWindow() -> impl IntoView {
    let ctx = use_ledger();
    let kind = RwSignal::new(AgeingKind::PastDue);
    let as_of = RwSignal::new(ctx.business_date_untracked().to_string());
    let period = RwSignal::new(String::new());
    let customer = RwSignal::new(String::new());
    let currency_version = RwSignal::new(false);
    // The bar a click on the chart chose: (currency, its title). A chart of cycles with
    // different periods titles its bars "CYCLE 1-30", so a title names one bucket.
    let bar = RwSignal::new(None::<(String, String)>);
    let report = Memo::new(move |_| -> Result<AgeingReport, String> {
        crate::store::mark("ageing:start");
        let kind = kind.get();
        ctx.ledger.with(|l| {
            let as_of = if kind == AgeingKind::PeriodSensitive {
                let text = period.get();
                if text.trim().is_empty() {
                    return Err("Choose a financial period (e.g. 2026-03)".to_string());
                }
                financial_period(l, &text).map(|p| p.end).ok_or_else(|| format!("There is no financial period \"{}\"", text.trim()))?
            } else {
                reskontra_core::base::problem::parse_date(&as_of.get()).map_err(|m| format!("Ageing date: {m}"))?
            };
            let mut options = AgeingOptions::new(kind, as_of);
            let c = customer.get();
            options.customer = (!c.trim().is_empty()).then(|| c.trim().to_string());
            options.currency_version = currency_version.get() && kind != AgeingKind::PeriodSensitive;
            let report = ageing_report(l, &options).map_err(|e| e.message());
            crate::store::mark("ageing:report");
            report
        })
    });
    let numbers = move || ctx.numbers();
    // The window opens with the chart and the first screen of documents; the whole
    // list (100,000 rows on a large ledger) is built a moment later, after the browser
    // has painted them (B4). Later changes of the report build the whole list at once.
    let complete = RwSignal::new(false);
    request_animation_frame(move || {
        set_timeout(
            move || {
                let _ = complete.try_set(true);
            },
            std::time::Duration::ZERO,
        )
    });
    let document_rows = Memo::new(move |_| {
        let chosen = bar.get();
        let limit = if complete.get() { usize::MAX } else { FIRST_SCREEN };
        let rows = report.with(|r| {
            let Ok(r) = r else { return Vec::new() };
            r.rows()
                .filter(|(c, g, row)| {
                    chosen.as_ref().is_none_or(|(cur, title)| {
                        let own = c.titles.get(row.bucket).map(String::as_str).unwrap_or_default();
                        *cur == g.currency && (own == title || format!("{} {own}", c.cycle_id) == *title)
                    })
                })
                .map(|(c, g, row)| TableRow {
                    key: document_route(row.doc_type, &row.ref_nbr).href(),
                    cells: vec![
                        c.cycle_id.clone(),
                        g.customer_id.clone(),
                        g.customer_name.clone(),
                        row.doc_type.label().to_string(),
                        row.ref_nbr.clone(),
                        row.date.to_string(),
                        row.due_date.map(|d| d.to_string()).unwrap_or_default(),
                        row.days.to_string(),
                        c.titles.get(row.bucket).cloned().unwrap_or_default(),
                        row.amount.currency.clone(),
                        row.amount.plain(),
                    ],
                })
                .take(limit)
                .collect::<Vec<_>>()
        });
        crate::store::mark("ageing:document rows");
        rows
    });
    let customer_rows = Memo::new(move |_| {
        report.with(|r| {
            let Ok(r) = r else { return Vec::new() };
            r.cycles
                .iter()
                .flat_map(|c| {
                    c.customers.iter().map(move |g| TableRow {
                        key: format!("{}|{}|{}", c.cycle_id, g.customer_id, g.currency),
                        cells: vec![
                            c.cycle_id.clone(),
                            g.customer_id.clone(),
                            g.customer_name.clone(),
                            g.currency.clone(),
                            g.rows.len().to_string(),
                            g.total.plain(),
                            g.balance.plain(),
                        ],
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    let export = move |_| {
        report.with_untracked(|r| {
            if let Ok(r) = r {
                let name = format!("{}-{}.csv", r.kind.label().to_lowercase().replace(' ', "-"), r.as_of);
                match crate::delivery::download_text(&name, "text/csv", &ageing_csv(r)) {
                    Ok(()) => ctx.notify(format!("{name} saved")),
                    Err(why) => ctx.notify(format!("Not saved: {why}")),
                }
            }
        })
    };
    // PDF and Excel come from the render worker (`reports::table::ageing_table`).
    let making = RwSignal::new(false);
    let export_file = move |excel: bool| {
        let Some((table, name)) = report.with_untracked(|r| {
            r.as_ref().ok().map(|r| {
                let company = ctx.ledger.with_untracked(|l| l.settings.company_name.clone());
                let name = format!("{}-{}.{}", r.kind.label().to_lowercase().replace(' ', "-"), r.as_of, if excel { "xlsx" } else { "pdf" });
                (ageing_table(r, &company, ctx.numbers_untracked()), name)
            })
        }) else {
            return;
        };
        let (job, mime) = if excel {
            (RenderJob::TableXlsx(Box::new(table)), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        } else {
            (RenderJob::TablePdf(Box::new(table)), "application/pdf")
        };
        making.set(true);
        ctx.notify(format!("Making {name}…"));
        leptos::task::spawn_local(async move {
            let done = crate::delivery::render::render(job).await.and_then(|bytes| crate::delivery::download_bytes(&name, mime, &bytes));
            making.set(false);
            match done {
                Ok(()) => ctx.notify(format!("{name} saved")),
                Err(why) => ctx.notify(format!("{name} not saved: {why}")),
            }
        });
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let totals_line = move || {
        report.with(|r| {
            r.as_ref().ok().map(|r| {
                let pairs: Vec<String> = r
                    .totals
                    .iter()
                    .zip(&r.balances)
                    .map(|(t, b)| format!("{} {} · balances {} {}", t.shown(numbers()), t.currency, b.shown(numbers()), b.currency))
                    .collect();
                view! { <p class="ageing-totals" data-testid="ageing-totals">{format!("Report total {}", pairs.join("; "))}</p> }
            })
        })
    };
    let doc_columns = vec![
        Column::choice("Cycle", "100px"),
        Column::text("Customer", "90px"),
        Column::text("Name", "2fr"),
        Column::choice("Type", "110px"),
        Column::text("Reference", "110px"),
        Column::text("Date", "100px"),
        Column::text("Due date", "100px"),
        Column::figure("Days", "70px"),
        Column::choice("Bucket", "100px"),
        Column::choice("Currency", "80px"),
        Column::money("Amount"),
    ];
    let customer_columns = vec![
        Column::choice("Cycle", "100px"),
        Column::text("Customer", "90px"),
        Column::text("Name", "2fr"),
        Column::choice("Currency", "80px"),
        Column::figure("Documents", "100px"),
        Column::money("Total"),
        Column::money("Balance"),
    ];
    view! {
        <div class="window list-window ageing-window">
            <div class="toolbar">
                <h1 data-testid="window-title">{move || kind.get().label()}</h1>
                <button class="button" data-testid="ageing-print" on:click=print>"Print"</button>
                <button class="button" data-testid="ageing-export" on:click=export prop:disabled=move || report.with(|r| r.is_err())>"Export CSV"</button>
                <button class="button" data-testid="ageing-pdf" on:click=move |_| export_file(false) prop:disabled=move || making.get() || report.with(|r| r.is_err())>"PDF"</button>
                <button class="button" data-testid="ageing-xlsx" on:click=move |_| export_file(true) prop:disabled=move || making.get() || report.with(|r| r.is_err())>"Excel"</button>
            </div>
            <fieldset class="form-grid no-print">
                <label class="field">
                    <span class="field-label">"Report"</span>
                    <select data-testid="ageing-kind" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some((k, _)) = KINDS.iter().find(|(_, s)| *s == v) { kind.set(*k); bar.set(None) }
                    }>
                        {KINDS.iter().map(|(k, s)| { let k = *k; view! { <option value=*s selected=move || kind.get() == k>{k.label()}</option> } }).collect_view()}
                    </select>
                </label>
                {move || if kind.get() == AgeingKind::PeriodSensitive {
                    view! {
                        <label class="field"><span class="field-label">"Financial period"</span>
                            <input type="text" data-testid="ageing-period" placeholder="2026-03" prop:value=move || period.get() on:change=move |ev| period.set(event_target_value(&ev)) /></label>
                    }.into_any()
                } else {
                    view! {
                        <label class="field"><span class="field-label">"Ageing date"</span>
                            <input type="date" data-testid="ageing-date" prop:value=move || as_of.get() on:change=move |ev| as_of.set(event_target_value(&ev)) /></label>
                    }.into_any()
                }}
                <label class="field"><span class="field-label">"Customer (empty: all)"</span>
                    <input type="text" data-testid="ageing-customer" prop:value=move || customer.get() on:change=move |ev| customer.set(event_target_value(&ev)) /></label>
                <div class="field">
                    <label class="check"><input type="checkbox" data-testid="ageing-currency-version" prop:checked=move || currency_version.get()
                        prop:disabled=move || kind.get() == AgeingKind::PeriodSensitive
                        on:change=move |ev| { currency_version.set(event_target_checked(&ev)); bar.set(None) } />"In document currencies"</label>
                </div>
            </fieldset>
            {move || report.with(|r| r.as_ref().err().map(|e| view! { <p class="status error" role="alert" data-testid="ageing-error">{e.clone()}</p> }))}
            {move || report.with(|r| r.as_ref().ok().map(|r| r.chart())).map(|charts| {
                charts.into_iter().map(|c| chart(c, bar, numbers())).collect_view()
            })}
            {totals_line}
            {move || bar.get().map(|(cur, title)| {
                view! {
                    <p class="hint" data-testid="ageing-filter">{format!("Showing {title} ({cur}) only. ")}
                        <button class="button small" data-testid="ageing-filter-clear" on:click=move |_| bar.set(None)>"Show all"</button></p>
                }
            })}
            <h2 class="sub-heading">"Customers"</h2>
            <DataTable testid="ageing-customers" columns=customer_columns rows=customer_rows
                on_open=Callback::new(|key: String| {
                    if let Some(c) = key.split('|').nth(1) { navigate(&Route::CustomerDetails(Some(c.to_string()))) }
                })
                empty=|| view! { <p class="empty">"No open documents."</p> } />
            <h2 class="sub-heading">"Documents"</h2>
            <DataTable testid="ageing-documents" columns=doc_columns rows=document_rows more=Signal::derive(move || !complete.get())
                on_open=Callback::new(|href: String| navigate(&Route::parse(&href)))
                empty=|| view! { <p class="empty">"No open documents in this report."</p> } />
        </div>
    }
}

/// One currency's bucket totals as bars (SVG). Bars go up for what customers owe and
/// down for credits; a click chooses the bucket (again: all buckets).
fn chart(totals: BucketTotals, bar: RwSignal<Option<(String, String)>>, numbers: reskontra_core::base::number::NumberFormat) -> impl IntoView {
    const W: f64 = 720.0;
    const H: f64 = 200.0;
    const TOP: f64 = 24.0;
    const BOTTOM: f64 = 36.0;
    // Display only: the heights of the bars, never an amount.
    let values: Vec<f64> = totals.amounts.iter().map(|m| m.amount.to_string().parse::<f64>().unwrap_or(0.0)).collect();
    let high = values.iter().copied().fold(0.0_f64, f64::max);
    let low = values.iter().copied().fold(0.0_f64, f64::min);
    let span = if high - low > 0.0 { high - low } else { 1.0 };
    let scale = (H - TOP - BOTTOM) / span;
    let zero = TOP + high * scale;
    let n = values.len().max(1) as f64;
    let slot = W / n;
    let currency = totals.currency.clone();
    let bars = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let x = i as f64 * slot + slot * 0.15;
            let w = slot * 0.7;
            let (y, h) = if *v >= 0.0 { (zero - v * scale, v * scale) } else { (zero, -v * scale) };
            let title = totals.titles.get(i).cloned().unwrap_or_default();
            let amount = totals.amounts.get(i).map(|m| m.shown(numbers)).unwrap_or_default();
            let label_y = if *v >= 0.0 { y - 6.0 } else { y + h + 14.0 };
            let key_of = StoredValue::new((currency.clone(), title.clone()));
            let chosen = move || key_of.with_value(|k| bar.with(|b| b.as_ref() == Some(k)));
            let pick = move || {
                let k = key_of.get_value();
                bar.update(|b| *b = if b.as_ref() == Some(&k) { None } else { Some(k) });
            };
            let key = move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Enter" || ev.key() == " " {
                    ev.prevent_default();
                    pick();
                }
            };
            view! {
                // Named by its own text (the title, then the amount), as a screen reader reads it.
                <g class="bar" class:chosen=chosen on:click=move |_| pick() on:keydown=key data-testid="ageing-bar" role="button" tabindex="0"
                    aria-pressed=move || chosen().to_string()>
                    <rect x=x y=y width=w height=h.max(1.0) />
                    <text x=x + w / 2.0 y=H - 12.0 text-anchor="middle" class="bar-title">{title.clone()}</text>
                    <text x=x + w / 2.0 y=label_y text-anchor="middle" class="bar-amount">{amount.clone()}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="ageing-chart" data-testid="ageing-chart">
            <svg viewBox=format!("0 0 {W} {H}") role="group" aria-label=format!("Bucket totals in {}: choose a bar to see its documents", totals.currency)>
                <line x1="0" x2=W y1=zero y2=zero class="axis" />
                {bars}
            </svg>
            <figcaption>{format!("{}: total {}", totals.currency, totals.total.shown(numbers))}</figcaption>
        </figure>
    }
}
