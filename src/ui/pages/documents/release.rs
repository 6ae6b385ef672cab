//! Release documents (SPEC R4.7): every Balanced document, and those Pending print
//! or Pending email (R4.5, refused with the reason until delivered); select and
//! Release, or Release all. Each row shows its result; a failure does not stop the rest.

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;
use reskontra_core::documents::document::{DocId, DocStatus};

use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::pages::base_currency;
use crate::ui::route::{document_route, navigate};

#[component]
pub fn ReleaseWindow() -> impl IntoView {
    let ctx = use_ledger();
    let decimals = ctx.ledger.with_untracked(|l| base_currency(l).1);
    let selection = RwSignal::new(BTreeSet::<String>::new());
    // Results of the last run, by document id: Ok or the reason it failed.
    let results = RwSignal::new(BTreeMap::<u32, Result<(), String>>::new());
    let busy = RwSignal::new(false);
    let summary = RwSignal::new(None::<String>);
    // Documents tried so far of `total`, and whether the user asked to stop.
    let progress = RwSignal::new(0usize);
    let total = RwSignal::new(0usize);
    let cancel = RwSignal::new(false);
    let rows = Memo::new(move |_| {
        let outcome = results.get();
        ctx.ledger.with(|l| {
            l.documents
                .values()
                .filter(|d| releasable(d.status) || outcome.contains_key(&d.id.0))
                .map(|d| TableRow {
                    key: d.id.0.to_string(),
                    cells: vec![
                        d.doc_type.label().to_string(),
                        d.ref_nbr.clone(),
                        d.customer_id.clone(),
                        d.date.to_string(),
                        d.status.label().to_string(),
                        d.total.to_string(),
                        match outcome.get(&d.id.0) {
                            Some(Ok(())) => "✓ Released".to_string(),
                            Some(Err(reason)) => format!("✗ {reason}"),
                            None => String::new(),
                        },
                    ],
                })
                .collect::<Vec<_>>()
        })
    });
    let run = move |ids: Vec<DocId>| {
        if ids.is_empty() {
            summary.set(Some("Select the documents to release first.".to_string()));
            return;
        }
        busy.set(true);
        total.set(ids.len());
        progress.set(0);
        cancel.set(false);
        summary.set(None);
        leptos::task::spawn_local(async move {
            match ctx.release_many(ids, progress, cancel).await {
                Ok(done) => {
                    let n_ok = done.iter().filter(|r| r.outcome.is_ok()).count();
                    let n_failed = done.len() - n_ok;
                    results.set(done.into_iter().map(|r| (r.id.0, r.outcome)).collect());
                    selection.set(BTreeSet::new());
                    summary.set(Some(format!("Released {n_ok}, failed {n_failed}.")));
                }
                Err(reason) => summary.set(Some(format!("Nothing was released: {reason}."))),
            }
            busy.set(false);
        });
    };
    let progress_line = view! {
        <crate::ui::components::progress::ProgressLine testid="release-progress" cancel_testid="release-cancel"
            busy=busy.into() done=progress.into() total=total.into() cancel=cancel />
    };
    let release_selected = move |_| {
        let ids = selection.get_untracked().iter().filter_map(|k| k.parse::<u32>().ok()).map(DocId).collect();
        run(ids);
    };
    let release_all = move |_| {
        let ids = ctx.ledger.with_untracked(|l| l.documents.values().filter(|d| releasable(d.status)).map(|d| d.id).collect());
        run(ids);
    };
    let open = Callback::new(move |key: String| {
        let target = key.parse::<u32>().ok().and_then(|id| ctx.ledger.with_untracked(|l| l.documents.get(&DocId(id)).map(|d| (d.doc_type, d.ref_nbr.clone()))));
        if let Some((doc_type, ref_nbr)) = target {
            navigate(&document_route(doc_type, &ref_nbr));
        }
    });
    let columns = vec![
        Column::choice("Type", "90px"),
        Column::text("Reference", "110px"),
        Column::text("Customer", "100px"),
        Column::text("Date", "100px"),
        Column::choice("Status", "110px"),
        Column::amount("Total", decimals),
        Column::text("Result", "2fr"),
    ];
    view! {
        <div class="window list-window">
            <div class="toolbar">
                <h1>"Release documents"</h1>
                <button class="button primary" data-testid="release-selected" on:click=release_selected prop:disabled=move || busy.get()>
                    {move || format!("Release ({})", selection.with(|s| s.len()))}
                </button>
                <button class="button" data-testid="release-all" on:click=release_all prop:disabled=move || busy.get()>"Release all"</button>
                <span class="summary" data-testid="release-summary" role="status">{move || summary.get()}</span>
            </div>
            {progress_line}
            <DataTable
                testid="release"
                columns=columns
                rows=rows
                on_open=open
                selection=selection
                empty=|| view! {
                    <div class="empty" data-testid="release-empty">
                        <p>"Nothing to release: documents in status Balanced, Pending print or Pending email are listed here."</p>
                    </div>
                }
            />
        </div>
    }
}

/// Listed for release: Balanced, and Pending print / Pending email, which are tried
/// too so each row says what it still needs.
fn releasable(status: DocStatus) -> bool {
    status.awaits_release()
}
