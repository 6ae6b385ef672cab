//! Settings: the automatic snapshots (list, *Restore*, *Download*), the reminder to
//! download a backup, and the storage the browser gives the app (persistence, space).
//! Issue 14, SPEC R13.5.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::delivery::{confirm, download_bytes};
use crate::store::snapshots::{backup_json_of, failure_text, ledger_of, Snapshot, SnapshotKind, Snapshots};
use crate::store::StoreError;
use crate::ui::context::{computer_today, LedgerCtx};

/// The localStorage key holding the computer's date of the last backup download
/// (*Export backup* or a snapshot's *Download*), as `YYYY-MM-DD`. Kept in this browser,
/// not in the ledger: downloading changes nothing in the books.
const LAST_DOWNLOAD_KEY: &str = "reskontra-last-backup-download";
/// After this many days without a download, Settings reminds.
pub const REMIND_AFTER_DAYS: i64 = 30;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The date of the last backup download in this browser, if any.
pub fn last_backup_download() -> Option<NaiveDate> {
    let text = local_storage()?.get_item(LAST_DOWNLOAD_KEY).ok()??;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok()
}

/// Records that a backup was downloaded today (the computer's date); returns it.
pub fn record_backup_download() -> NaiveDate {
    let today = computer_today();
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(LAST_DOWNLOAD_KEY, &today.to_string());
    }
    today
}

/// A size as people read it: 812 bytes, 12.4 KB, 1.2 MB, 3.4 GB.
fn size_text(bytes: f64) -> String {
    if bytes < 1_000.0 {
        format!("{bytes:.0} bytes")
    } else if bytes < 1_000_000.0 {
        format!("{:.1} KB", bytes / 1_000.0)
    } else if bytes < 1_000_000_000.0 {
        format!("{:.1} MB", bytes / 1_000_000.0)
    } else {
        format!("{:.1} GB", bytes / 1_000_000_000.0)
    }
}

async fn read_list(database: &str) -> Result<Vec<Snapshot>, StoreError> {
    let snapshots = Snapshots::open(database).await?;
    let list = snapshots.list().await;
    snapshots.close();
    list
}

/// The stored data of snapshot `id` (see `store::snapshots::ledger_of`).
pub async fn read_data(database: &str, id: u32) -> Result<Vec<u8>, String> {
    let snapshots = Snapshots::open(database).await.map_err(|e| failure_text(&e))?;
    let data = snapshots.data(id).await.map_err(|e| failure_text(&e));
    snapshots.close();
    data
}

/// The reminder to download a backup (none downloaded in this browser for
/// [`REMIND_AFTER_DAYS`] days, or never while the ledger holds something).
#[component]
pub fn BackupReminder(ctx: LedgerCtx, downloaded: RwSignal<Option<NaiveDate>>) -> impl IntoView {
    let has_data = move || ctx.ledger.with(|l| !l.customers.is_empty() || !l.documents.is_empty());
    move || {
        let today = computer_today();
        let text = match downloaded.get() {
            Some(day) if (today - day).num_days() >= REMIND_AFTER_DAYS => Some(format!(
                "No backup has been downloaded for {} days (last on {day}). Download one and keep it outside this browser.",
                (today - day).num_days()
            )),
            Some(_) => None,
            None if has_data() => Some("No backup has been downloaded in this browser yet. Download one and keep it outside this browser.".to_string()),
            None => None,
        };
        text.map(|text| view! { <p class="status warning" data-testid="backup-reminder" role="status">{text}</p> })
    }
}

#[component]
pub fn SnapshotsSection(ctx: LedgerCtx, on_replaced: Callback<()>, downloaded: RwSignal<Option<NaiveDate>>) -> impl IntoView {
    let list = RwSignal::new(None::<Result<Vec<Snapshot>, String>>);
    let status = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let saving = RwSignal::new((0usize, 0usize));
    Effect::new(move |_| {
        ctx.snapshots_changed.track();
        leptos::task::spawn_local(async move {
            let read = read_list(&ctx.database()).await.map_err(|e| failure_text(&e));
            list.set(Some(read.map(|mut l| {
                l.reverse();
                l
            })));
        });
    });
    let download = move |snapshot: Snapshot| {
        let name = format!("reskontra-snapshot-{}-{}.json", snapshot.meta.date, snapshot.id);
        // A large ledger's backup JSON takes seconds to write: say so first.
        status.set(Some((true, format!("Preparing {name}…"))));
        leptos::task::spawn_local(async move {
            let saved =
                read_data(&ctx.database(), snapshot.id).await.and_then(backup_json_of).and_then(|bytes| download_bytes(&name, "application/json", &bytes));
            match saved {
                Ok(()) => {
                    downloaded.set(Some(record_backup_download()));
                    status.set(Some((true, format!("Snapshot saved as {name}."))));
                }
                Err(e) => status.set(Some((false, format!("The snapshot could not be saved: {e}")))),
            }
        });
    };
    let restore = move |snapshot: Snapshot| {
        let (customers, documents) = ctx.ledger.with_untracked(|l| (l.customers.len(), l.documents.len()));
        let m = &snapshot.meta;
        if !confirm(&format!(
            "Restore the snapshot of {} ({} customers, {} documents)? The current ledger ({customers} customers, {documents} documents) is snapshotted first, then replaced by it.",
            m.date, m.customers, m.documents
        )) {
            status.set(Some((false, "Nothing was changed.".to_string())));
            return;
        }
        busy.set(true);
        status.set(Some((true, format!("Restoring the snapshot of {}…", m.date))));
        let date = m.date;
        leptos::task::spawn_local(async move {
            let result = async {
                let ledger = ledger_of(&read_data(&ctx.database(), snapshot.id).await?)?;
                let summary = format!("{} customers, {} documents", ledger.customers.len(), ledger.documents.len());
                ctx.restore(ledger, saving).await?;
                Ok::<String, String>(summary)
            }
            .await;
            match result {
                Ok(summary) => {
                    status.set(Some((true, format!("Restored the snapshot of {date}: {summary}. The ledger as it was before is kept as a snapshot."))));
                    on_replaced.run(());
                    ctx.notify(format!("Restored the snapshot of {date}"));
                }
                Err(e) => status.set(Some((false, format!("Nothing was changed: {e}")))),
            }
            busy.set(false);
        });
    };
    let rows = move || {
        match list.get() {
        None => view! { <p class="muted">"Reading the snapshots…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="status error" data-testid="snapshots-error">{format!("The snapshots could not be read: {e}")}</p> }.into_any(),
        Some(Ok(l)) if l.is_empty() => view! {
            <p class="muted" data-testid="snapshots-empty">"No snapshots yet: the first change of each business day takes one."</p>
        }
        .into_any(),
        Some(Ok(l)) => view! {
            <table class="lines snapshots" data-testid="snapshots">
                <thead><tr>
                    <th>"Date"</th><th>"Taken"</th><th class="num">"Size"</th><th class="num">"Customers"</th><th class="num">"Documents"</th><th><span class="sr-only">"Actions"</span></th>
                </tr></thead>
                <tbody>
                    {l.into_iter().map(|s| {
                        let (for_restore, for_download) = (s.clone(), s.clone());
                        let label = s.meta.date.to_string();
                        view! {
                            <tr data-testid="snapshot-row" data-id=s.id.to_string()>
                                <td data-testid="snapshot-date">{s.meta.date.to_string()}</td>
                                <td data-testid="snapshot-kind">{match s.meta.kind { SnapshotKind::Daily => "Before the day's first change", SnapshotKind::BeforeRestore => "Before a restore" }}</td>
                                <td class="num" data-testid="snapshot-size">{size_text(s.meta.size as f64)}</td>
                                <td class="num" data-testid="snapshot-customers">{s.meta.customers}</td>
                                <td class="num" data-testid="snapshot-documents">{s.meta.documents}</td>
                                <td><div class="button-row">
                                    <button class="button" data-testid="snapshot-restore" aria-label=format!("Restore the snapshot of {label}")
                                        prop:disabled=move || busy.get() on:click=move |_| restore(for_restore.clone())>"Restore"</button>
                                    <button class="button" data-testid="snapshot-download" aria-label=format!("Download the snapshot of {label}")
                                        on:click=move |_| download(for_download.clone())>"Download"</button>
                                </div></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
    }
    };
    view! {
        <section class="tab-section" data-testid="snapshots-section">
            <h2>"Automatic snapshots"</h2>
            <p class="muted">"Kept in this browser, apart from the ledger: one before the first change of each business day; the last 7 days and the last 4 weeks are kept. Restore one, or download it as a backup file."</p>
            <BackupReminder ctx=ctx downloaded=downloaded />
            {move || ctx.snapshot_problem.get().map(|text| view! { <p class="status error" data-testid="snapshot-problem" role="alert">{text}</p> })}
            {rows}
            {move || status.get().map(|(ok, text)| view! { <p class=if ok { "status ok" } else { "status error" } data-testid="snapshots-status" role="status">{text}</p> })}
        </section>
    }
}

/// What the browser gives the app: persistent or not, and the space used and available.
#[component]
pub fn StorageSection(ctx: LedgerCtx) -> impl IntoView {
    let estimate = RwSignal::new(None::<Option<(f64, f64)>>);
    Effect::new(move |_| {
        ctx.snapshots_changed.track();
        ctx.save_state.track();
        leptos::task::spawn_local(async move { estimate.set(Some(crate::store::storage_estimate().await)) });
    });
    let persistence = move || {
        match ctx.persistent.get() {
        Some(true) => "Persistent: the browser keeps this site's data even when space runs low.".to_string(),
        Some(false) => "Not persistent: the browser may delete this site's data when space runs low. Download backups, or install the app / bookmark it so the browser grants it.".to_string(),
        None => "Not asked yet (it is asked at the first change), or this browser cannot say.".to_string(),
    }
    };
    let space = move || match estimate.get() {
        None => "Measuring…".to_string(),
        Some(None) => "This browser does not say how much space is used.".to_string(),
        Some(Some((usage, quota))) => {
            format!("{} used of {} available to this site ({} free).", size_text(usage), size_text(quota), size_text((quota - usage).max(0.0)))
        }
    };
    view! {
        <section class="tab-section" data-testid="storage-section">
            <h2>"Storage"</h2>
            <dl class="facts">
                <dt>"Persistence"</dt><dd data-testid="storage-persistent">{persistence}</dd>
                <dt>"Space"</dt><dd data-testid="storage-space">{space}</dd>
            </dl>
        </section>
    }
}
