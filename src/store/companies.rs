//! The companies of this browser (SPEC R0.5, R13.6), kept in localStorage
//! ([`REGISTRY_KEY`]: synchronous at boot, one small JSON value). The rules are the
//! core's `reskontra_core::companies::Registry`; here it is read and written, the
//! databases are written and deleted, and the write locks are held.
//!
//! A whole ledger written anew (import, restore, demo, reset) goes into a NEW database
//! (R13.1): the registry first records it as `pending` (while this tab holds a Web Lock
//! named after it), the ledger is written in one transaction, and only when that has
//! committed does the company point at it; the old database is then deleted. A crash
//! before that leaves the old ledger and the registry pointing at it; the half-written
//! database is deleted at the next open (a pending one no tab holds a lock on).

use reskontra_core::companies::{snapshots_database, Company, DemoRecipe, Registry};
use reskontra_core::Ledger;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use super::{Store, StoreError};

/// The localStorage key of the registry.
pub const REGISTRY_KEY: &str = "reskontra-companies";

#[wasm_bindgen(inline_js = r#"
export function hold_lock(name) {
  // Resolves with a release function once the lock is held; null without Web Locks.
  if (!navigator.locks) return Promise.resolve(null);
  return new Promise((granted) => {
    navigator.locks.request(name, () => new Promise((release) => granted(release))).catch(() => granted(null));
  });
}
export function held_locks() {
  if (!navigator.locks) return Promise.resolve(null);
  return navigator.locks.query().then((s) => (s.held || []).map((l) => l.name)).catch(() => null);
}
export function delete_db(name) {
  // 'deleted', 'blocked' (another tab keeps it open: the browser deletes it when that
  // tab lets go; we do not wait) or 'failed'.
  return new Promise((done) => {
    let request;
    try { request = indexedDB.deleteDatabase(name); } catch (e) { done('failed'); return; }
    request.onsuccess = () => done('deleted');
    request.onerror = () => done('failed');
    request.onblocked = () => done('blocked');
  });
}
"#)]
extern "C" {
    fn hold_lock(name: &str) -> js_sys::Promise;
    fn held_locks() -> js_sys::Promise;
    fn delete_db(name: &str) -> js_sys::Promise;
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The registry as stored (the first company when nothing is).
pub fn load() -> Registry {
    let text = local_storage().and_then(|s| s.get_item(REGISTRY_KEY).ok().flatten()).unwrap_or_default();
    Registry::from_json(&text)
}

/// Stores the registry.
pub fn save(registry: &Registry) -> Result<(), StoreError> {
    let storage = local_storage().ok_or_else(|| StoreError::Write("this browser keeps no local settings (localStorage)".to_string()))?;
    storage.set_item(REGISTRY_KEY, &registry.to_json()).map_err(|_| StoreError::Write("the list of companies could not be saved".to_string()))
}

/// Reads, changes and stores the registry in one synchronous step (so two tabs cannot
/// interleave inside it); returns what `change` returned.
pub fn update<T>(change: impl FnOnce(&mut Registry) -> T) -> Result<T, StoreError> {
    let mut registry = load();
    let out = change(&mut registry);
    save(&registry)?;
    Ok(out)
}

/// Sets the eviction marker of the company using `database` (R13.5).
pub fn mark_held(database: &str) {
    let mut registry = load();
    if registry.mark_held(database) {
        let _ = save(&registry);
    }
}

/// The name of the write lock on `database`.
fn lock_name(database: &str) -> String {
    format!("reskontra-writing:{database}")
}

/// A Web Lock held until dropped (nothing where the browser has no Web Locks).
pub struct WriteLock(Option<js_sys::Function>);

impl Drop for WriteLock {
    fn drop(&mut self) {
        if let Some(release) = &self.0 {
            let _ = release.call0(&JsValue::NULL);
        }
    }
}

async fn lock(database: &str) -> WriteLock {
    let release = wasm_bindgen_futures::JsFuture::from(hold_lock(&lock_name(database))).await.ok();
    WriteLock(release.and_then(|r| wasm_bindgen::JsCast::dyn_into(r).ok()))
}

/// Deletes database `name`: `Ok(true)` when gone, `Ok(false)` when another tab still
/// holds it open (the browser deletes it once that tab lets go; the registry keeps it
/// listed, so the next open tries again).
pub async fn delete(name: &str) -> Result<bool, StoreError> {
    let answer = wasm_bindgen_futures::JsFuture::from(delete_db(name)).await.ok().and_then(|v| v.as_string()).unwrap_or_default();
    match answer.as_str() {
        "deleted" => Ok(true),
        "blocked" => Ok(false),
        _ => Err(StoreError::Write(format!("the database {name} could not be deleted"))),
    }
}

/// Deletes what the registry lists as obsolete, and the pending databases no tab is
/// writing (a crash's half-written ledgers); forgets each one deleted. At every open,
/// in the background.
pub async fn clean_leftovers() {
    let held: Vec<String> = match wasm_bindgen_futures::JsFuture::from(held_locks()).await.ok() {
        Some(list) if js_sys::Array::is_array(&list) => js_sys::Array::from(&list).iter().filter_map(|v| v.as_string()).collect(),
        // Without Web Locks nobody can say a pending database is in use: leave them.
        _ => load().pending.iter().map(|p| lock_name(&p.database)).collect(),
    };
    let in_use: Vec<String> = load().pending.iter().map(|p| p.database.clone()).filter(|d| held.contains(&lock_name(d))).collect();
    for database in load().leftovers(&in_use) {
        if let Ok(true) = delete(&database).await {
            let _ = update(|r| r.forget(&database));
        }
    }
}

/// Deletes `database` after a switch away from it, without waiting for other tabs.
pub async fn delete_obsolete(database: String) {
    if let Ok(true) = delete(&database).await {
        let _ = update(|r| r.forget(&database));
    }
}

/// Writes `ledger` into the new, pending database `database` (under its write lock),
/// in one transaction; returns the open store. On failure the database is abandoned.
async fn write_new(database: &str, ledger: &Ledger, progress: &dyn Fn(usize, usize)) -> Result<Store, StoreError> {
    let written = async {
        let opened = Store::open(database).await?;
        match opened.store.replace_with_progress(ledger, progress).await {
            Ok(()) => Ok(opened.store),
            Err(e) => {
                opened.store.close();
                Err(e)
            }
        }
    }
    .await;
    if written.is_err() {
        let _ = update(|r| r.abandon(database));
        let _ = delete(database).await;
    }
    written
}

/// Replaces company `id`'s ledger with `ledger`: written into a new database, which
/// the company points at only once it has committed. Returns the new store, the
/// company as it is now, and its old database (to delete after the switch).
pub async fn replace_ledger(id: &str, ledger: &Ledger, progress: &dyn Fn(usize, usize)) -> Result<(Store, Company, String), StoreError> {
    let database = update(|r| r.reserve_replacement(id))?.ok_or_else(|| StoreError::Write("this company no longer exists".to_string()))?;
    let _lock = lock(&database).await;
    // Listed as pending only once the lock is held: an open in another tab never takes
    // it for a crash's leftover.
    update(|r| r.add_pending(&database, id))?;
    let store = write_new(&database, ledger, progress).await?;
    match update(|r| r.finish_replace(id, &database))? {
        Some((company, old)) => Ok((store, company, old)),
        None => {
            store.close();
            Err(StoreError::Write("the company was deleted in another tab".to_string()))
        }
    }
}

/// Makes a new company called `name` (made unique) holding `ledger`, listed only once
/// its database has committed. Returns its open store and the company.
pub async fn create_with(name: &str, demo: Option<DemoRecipe>, ledger: &Ledger, progress: &dyn Fn(usize, usize)) -> Result<(Store, Company), StoreError> {
    let company = update(|r| r.reserve_new(name, demo))?;
    let _lock = lock(&company.database).await;
    update(|r| r.add_pending(&company.database, &company.id))?;
    let store = write_new(&company.database, ledger, progress).await?;
    update(|r| r.finish_new(&company))?;
    let listed = load().company(&company.id).cloned().unwrap_or(company);
    Ok((store, listed))
}

/// Deletes company `id` (not the only one): its database and snapshots are deleted
/// now if no tab holds them, else at a later open. Returns the registry as it is now.
pub async fn remove(id: &str) -> Result<Registry, reskontra_core::Problem> {
    let mut registry = load();
    let company = registry.remove(id)?;
    save(&registry).map_err(|e| reskontra_core::Problem::form(reskontra_core::ProblemKind::Other, e.to_string()))?;
    for database in [company.database.clone(), snapshots_database(&company.database)] {
        delete_obsolete(database).await;
    }
    Ok(load())
}
