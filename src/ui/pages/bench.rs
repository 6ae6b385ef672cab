//! The benchmark entry point (issue 15), a hidden window `#/bench/<case>` that is not
//! in the navigation. It runs a case through the real store and commit path on the
//! ledger this tab has open, then shows the figures as JSON in
//! `[data-testid="bench-result"]` for `tests/e2e/bench.mjs` (`cargo xtask bench`).
//!
//! - `b1`: the first 10,000 invoices of the open ledger (by id; lines cut or padded to
//!   three by repeating the first), written by `Store::commit` (the
//!   store's own encoding and one transaction) into a scratch database
//!   `reskontra-bench`, deleted afterwards. The baseline page puts the same records
//!   (read from the same backup file) with plain JavaScript.
//! - `b2?n=200`: `n` new invoices saved one after another through `LedgerCtx::run`
//!   (validate in the core, one transaction: the invoice and its counters, apply in
//!   memory, the frame's signals update), each timed; the steps are marked (`action:…`
//!   performance marks) for the bench's breakdown. They follow one save timed apart
//!   (`first_ms`): the business day's first change, which stores the daily snapshot
//!   of the whole ledger before it (issue 14). The raw baseline has no such day.

use leptos::prelude::*;
use reskontra_core::documents::document::DocType;
use reskontra_core::documents::form;
use reskontra_core::{Change, Command, Record};

use crate::store::{delete_database, Store};
use crate::ui::context::{use_ledger, LedgerCtx};

const SCRATCH: &str = "reskontra-bench";

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_default()
}

fn json_list(values: &[f64]) -> String {
    values.iter().map(|v| format!("{v:.3}")).collect::<Vec<_>>().join(",")
}

async fn write_10k(ctx: LedgerCtx) -> Result<String, String> {
    let records: Vec<Record> = ctx.ledger.with_untracked(|l| {
        l.documents
            .values()
            .filter(|d| d.doc_type == DocType::Invoice && !d.lines.is_empty())
            .take(10_000)
            .map(|d| {
                // Three lines each, as the case says: the first line repeated, the same
                // rule the baseline page applies to the same records.
                let mut d = d.clone();
                d.lines.truncate(3);
                while d.lines.len() < 3 {
                    d.lines.push(d.lines[0].clone());
                }
                Record::Document(d)
            })
            .collect()
    });
    let lines: usize = records.iter().map(|r| if let Record::Document(d) = r { d.lines.len() } else { 0 }).sum();
    let ids: Vec<String> = records.iter().take(3).map(|r| if let Record::Document(d) = r { d.id.0.to_string() } else { String::new() }).collect();
    let n = records.len();
    let change = Change { puts: records, deletes: Vec::new() };
    delete_database(SCRATCH).await.map_err(|e| e.to_string())?;
    let opened = Store::open(SCRATCH).await.map_err(|e| e.to_string())?;
    let started = now();
    let result = opened.store.commit(&change).await;
    let ms = now() - started;
    opened.store.close();
    delete_database(SCRATCH).await.map_err(|e| e.to_string())?;
    result.map_err(|e| e.to_string())?;
    Ok(format!(r#"{{"case":"b1","records":{n},"lines":{lines},"first_ids":[{}],"ms":{ms:.3}}}"#, ids.join(",")))
}

async fn saves(ctx: LedgerCtx, n: usize) -> Result<String, String> {
    let today = ctx.business_date_untracked();
    let customer = ctx.ledger.with_untracked(|l| l.customers.keys().next().cloned()).ok_or("the ledger has no customers")?;
    let mut times = Vec::with_capacity(n);
    let mut first_ms = 0.0;
    for i in 0..=n {
        let mut draft = ctx.ledger.with_untracked(|l| form::new_invoice(l, DocType::Invoice, &customer, today));
        if let Some(line) = draft.lines.first_mut() {
            line.description = format!("Benchmark line {i}");
            line.unit_price = "125.50".into();
        }
        let started = now();
        let saved = ctx.run(Command::SaveInvoice(draft)).await;
        let ms = now() - started;
        if let Err(problems) = saved {
            crate::ui::context::trace_actions(false);
            return Err(format!("{problems:?}"));
        }
        // The day's first save, apart (it stores the daily snapshot first); the steps
        // are marked for the others.
        if i == 0 {
            first_ms = ms;
            crate::ui::context::trace_actions(true);
        } else {
            times.push(ms);
        }
    }
    crate::ui::context::trace_actions(false);
    Ok(format!(r#"{{"case":"b2","n":{n},"first_ms":{first_ms:.3},"ms":[{}]}}"#, json_list(&times)))
}

#[component]
pub fn BenchWindow(case: String, n: Option<usize>) -> impl IntoView {
    let ctx = use_ledger();
    let result = RwSignal::new(None::<String>);
    let status = RwSignal::new(format!("Running {case}…"));
    let which = case.clone();
    leptos::task::spawn_local(async move {
        let outcome = match which.as_str() {
            "b1" => write_10k(ctx).await,
            "b2" => saves(ctx, n.unwrap_or(200)).await,
            other => Err(format!("no benchmark case {other}")),
        };
        match outcome {
            Ok(json) => {
                status.set("Done".into());
                result.set(Some(json));
            }
            Err(e) => status.set(format!("Failed: {e}")),
        }
    });
    view! {
        <section class="window">
            <h1>"Benchmark " {case}</h1>
            <p data-testid="bench-status">{move || status.get()}</p>
            <pre data-testid="bench-result" style="white-space: pre-wrap; overflow-wrap: anywhere">{move || result.get().unwrap_or_default()}</pre>
        </section>
    }
}
