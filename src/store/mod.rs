//! The only code that touches IndexedDB.
//!
//! Layout (schema version 3), chosen from the measurements in TOOLCHAIN.md:
//! - `snapshot`: the ledger's records in chunks of [`CHUNK_SIZE`], each one value of
//!   MessagePack bytes (key: chunk number). Reading 100 large values is several
//!   times faster than reading 100,000 small ones.
//! - `changes`: one value per committed user action (auto-increment key), the
//!   MessagePack bytes of a [`Change`]. A commit is ONE `add` in ONE transaction,
//!   so an action is either wholly stored or not at all.
//!
//! Opening reads the snapshot, then applies the changes in key order. When many
//! changes have piled up, opening folds them into a new snapshot in one
//! transaction.
//!
//! Several tabs (SPEC R13.4): each tab remembers the key of the last change it has
//! applied. A commit first looks, inside its transaction, for a change with a higher
//! key; if another tab wrote one, nothing is written (`StoreError::Stale`) and the tab
//! catches up before the user tries again, so no write is ever lost. Replacing the
//! ledger and folding add an empty *marker* value, which tells other tabs to reload
//! everything instead of applying changes on top of what they have. Records are encoded compact
//! (each an array of its values in field order, `codec.rs` has the rules), so a later
//! version can add a field at the end of a record with `#[serde(default)]` without a
//! migration; the named form of schema 1 and 2 still reads.

mod codec;
pub mod companies;
pub mod snapshots;

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::KeyRange;
use reskontra_core::{Change, Ledger, LedgerBuilder};
use std::rc::Rc;
use wasm_bindgen::JsValue;

pub use codec::{decode_change, decode_chunk, decode_preview, encode_change, encode_chunks, encode_preview, CHUNK_SIZE};

/// The schema version this build creates and reads.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

const SNAPSHOT: &str = "snapshot";
const CHANGES: &str = "changes";
/// The snapshot's preview (schema 4), one value under [`PREVIEW_KEY`].
const PREVIEW: &str = "preview";
const PREVIEW_KEY: u32 = 0;

/// Snapshot chunks per read request when a ledger opens (see `Store::load`).
const READ_PART: usize = 8;

/// Ledgers of more snapshot chunks than this open progressively
/// ([`Store::open_progressively`]): the first window shows the stored preview, and the
/// snapshot is decoded after it, a chunk a task.
pub const PROGRESSIVE_AFTER_CHUNKS: usize = 20;

/// After this many changes since the last snapshot, opening folds them.
pub const FOLD_AFTER_CHANGES: usize = 500;

/// Schema migrations, append-only: entry `n` takes a database from version `n` to
/// `n + 1`. Never edit a released entry; add a new one.
const MIGRATIONS: &[fn(&Database) -> indexed_db_futures::Result<()>] = &[migrate_to_1, migrate_to_2, migrate_to_3, migrate_to_4];

fn migrate_to_1(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(SNAPSHOT).build()?;
    db.create_object_store(CHANGES).with_auto_increment(true).build()?;
    Ok(())
}

/// Schema 2: the counters and the logo have records of their own (`Record::Counters`,
/// `Record::Logo`), and settings records no longer carry them, so a numbered save
/// writes a small record instead of the whole settings. The object stores stay as
/// they are: a schema 1 settings record still decodes, its counters and logo read as
/// they were stored, and the next fold writes the new records. The version moves so
/// that an older build, which cannot read settings without counters, refuses this
/// database ("saved by a newer version") instead of opening it as damaged.
fn migrate_to_2(_db: &Database) -> indexed_db_futures::Result<()> {
    Ok(())
}

/// Schema 3 (issue 15): records are written compact, each an array of its values
/// without field names (`codec.rs`): a third of the bytes, and opening decodes them
/// faster. The stored values stay as they are: the reader takes the named form as well,
/// and the next fold or replace writes the compact one. The version moves so that an
/// older build refuses this database as newer instead of reading it as damaged.
fn migrate_to_3(_db: &Database) -> indexed_db_futures::Result<()> {
    Ok(())
}

/// Schema 4 (issue 15, B3): each snapshot has a preview beside it, in an object store
/// of its own: the settings, classes and every customer as the customers list shows
/// it (`codec::encode_preview`), written in the snapshot's transaction. A large
/// ledger's first window shows it while the snapshot is read. A database without one
/// (written before) opens whole, and the open writes it.
fn migrate_to_4(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(PREVIEW).build()?;
    Ok(())
}

/// A `performance.mark` on the way a ledger opens (read, decoded, built), for the
/// browser's performance panel and `cargo xtask bench`, which reports the steps of B3.
pub(crate) fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Why the store could not do what was asked. The text is shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("This browser does not allow storage here (IndexedDB is unavailable: {0}). Private windows and some embedded browsers block it; open Reskontra in a normal window.")]
    Unavailable(String),
    #[error("This ledger was saved by a newer version of Reskontra (schema {found}; this version reads up to {supported}). Reload to get the newest version.")]
    TooNew { found: u32, supported: u32 },
    #[error("Could not read the stored ledger: {0}")]
    Read(String),
    #[error("Could not save: {0}. Nothing was changed.")]
    Write(String),
    #[error("Another tab changed the ledger first. This window now shows the latest; check your entry and save again.")]
    Stale,
    /// Another tab upgraded or deleted the database, and this connection was closed.
    #[error("{0} Nothing was changed.")]
    ClosedElsewhere(ClosedElsewhere),
}

/// Why another tab made this tab close its connection (the database's `versionchange`
/// event). What the app says in its full-width message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ClosedElsewhere {
    /// Another tab opened the database at a higher schema version (a newer build).
    #[error("A newer version of Reskontra is open in another tab — reload.")]
    NewerVersion,
    /// Another tab deletes the database (`newVersion` is null): an import or a company
    /// switch replaced it, or a recovery started over.
    #[error("This ledger was replaced in another tab — reload.")]
    Replaced,
}

fn describe(error: impl std::fmt::Display) -> String {
    let text = error.to_string();
    if text.contains("QuotaExceeded") {
        "the browser's storage is full".to_string()
    } else if text.contains("but it was aborted") {
        // Chromium refuses a write over the quota by aborting the transaction when it
        // commits, and indexed_db_futures does not pass on the transaction's error; the
        // other causes of an abort at commit (a failing disk) are rarer.
        "the browser refused to store it; its storage is probably full (free some disk space, or delete companies or snapshots you no longer need)".to_string()
    } else {
        text
    }
}

type VersionChangeListener = wasm_bindgen::closure::Closure<dyn FnMut(web_sys::IdbVersionChangeEvent)>;

/// An open ledger database.
pub struct Store {
    db: Database,
    /// The database's name (the company's ledger database).
    name: String,
    /// Whether this store has set the company's eviction marker (`companies::mark_held`).
    marked: std::cell::Cell<bool>,
    /// The key of the last change this tab has applied (`None`: none yet).
    last_key: std::cell::Cell<Option<f64>>,
    /// Set when another tab's upgrade or delete closed the connection: nothing more is
    /// read or written through it.
    closed: std::rc::Rc<std::cell::Cell<Option<ClosedElsewhere>>>,
    /// The `versionchange` listener, kept as long as the store.
    on_version_change: std::cell::RefCell<Option<VersionChangeListener>>,
}

/// What other tabs committed since this tab's last change.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // one value per sync, not a collection
pub enum Newer {
    /// Nothing new.
    Nothing,
    /// Changes to apply on top, in order.
    Changes(Vec<Change>),
    /// The ledger was replaced or folded elsewhere: here it is, read again whole.
    Whole(Ledger),
}

/// What opening read: the ledger and how many changes sat on top of the snapshot.
pub struct Opened {
    pub store: Store,
    pub ledger: Ledger,
    pub n_changes: usize,
    /// The database did not exist: this open made it (IndexedDB upgraded it from
    /// version 0). With the company's eviction marker set, the browser removed it.
    pub created: bool,
}

/// What [`Store::open_progressively`] opened.
// Made once, by the app's first open, and moved out at once: no boxing.
#[allow(clippy::large_enum_variant)]
pub enum Progressive {
    /// A ledger of at most [`PROGRESSIVE_AFTER_CHUNKS`] chunks, or one stored without a
    /// preview, read whole (`first` was not called).
    Whole(Opened),
    /// `first` was given the preview; here is the rest to decode.
    Rest(Rest),
}

/// A large ledger's snapshot chunks, read but not decoded yet, and the changes on top:
/// what [`Store::finish_open`] decodes while the first window is on screen.
pub struct Rest {
    chunks: Vec<JsValue>,
    changes: Vec<JsValue>,
    last_key: Option<f64>,
}

impl Rest {
    /// The snapshot chunks still to decode.
    pub fn chunks(&self) -> usize {
        self.chunks.len()
    }

    /// The changes stored on top of the snapshot.
    pub fn n_changes(&self) -> usize {
        self.changes.len()
    }
}

/// A new snapshot that folds the changes up to `up_to`, encoded ([`Store::fold_after_open`]).
pub struct Fold {
    chunks: Vec<JsValue>,
    preview: JsValue,
    up_to: f64,
}

/// What `Store::read` read: the whole ledger, or the rest of one whose preview it gave.
// Made once per open and moved out at once: no boxing.
#[allow(clippy::large_enum_variant)]
enum Loaded {
    /// The ledger, the number of changes on its snapshot, the last change's key, and
    /// whether a large snapshot had no preview (written by an older build).
    Whole(Ledger, usize, Option<f64>, bool),
    Rest(Rest),
}

/// Called with a large ledger's preview while the rest is read.
type First<'a> = Box<dyn FnOnce(Ledger) + 'a>;

impl Store {
    /// Opens (creating or migrating) the database `name`, then loads the ledger.
    pub async fn open(name: &str) -> Result<Opened, StoreError> {
        let (db, created) = open_database_at(name, SCHEMA_VERSION).await?;
        let store = Store::of(db, name);
        let (ledger, n_changes, last_key) = match store.load().await {
            Ok(loaded) => loaded,
            Err(e) => {
                // Closed now, not when collected: the recovery page deletes the database,
                // and an open connection would block that.
                store.close();
                return Err(e);
            }
        };
        store.last_key.set(last_key);
        store.fold_when_many(&ledger, n_changes, last_key).await;
        Ok(Opened { store, ledger, n_changes, created })
    }

    /// [`Store::open`] for the app's first window (issue 15, B3). A ledger of more
    /// than [`PROGRESSIVE_AFTER_CHUNKS`] snapshot chunks calls `first(store, preview)`
    /// with its stored preview (settings, classes, and each customer as the customers
    /// list shows it: `reskontra_core::ledger::Preview`, with the changes on top applied
    /// to them), read before the chunks, while IndexedDB goes on reading the chunks.
    /// `first` runs synchronously inside the read (it must not await anything: the
    /// read-only transaction is open), and the page paints the first window while the
    /// read waits for IndexedDB. Then the transaction ends, and the chunks come back
    /// undecoded for [`Store::finish_open`]. A large ledger stored without a preview
    /// (by an older build) opens whole, and its preview is written then.
    pub async fn open_progressively(name: &str, first: impl FnOnce(Rc<Store>, Ledger)) -> Result<Progressive, StoreError> {
        let (db, created) = open_database_at(name, SCHEMA_VERSION).await?;
        let store = Rc::new(Store::of(db, name));
        let shared = store.clone();
        let loaded = store.read(Some(Box::new(move |preview| first(shared, preview)))).await;
        match loaded {
            Ok(Loaded::Rest(rest)) => {
                // The changes read are the ones the finished ledger applies.
                store.last_key.set(rest.last_key);
                Ok(Progressive::Rest(rest))
            }
            Ok(Loaded::Whole(ledger, n_changes, last_key, without_preview)) => {
                // `first` was not called (it went with its copy of the store).
                let Ok(store) = Rc::try_unwrap(store) else {
                    return Err(StoreError::Read("the ledger was opened twice".to_string()));
                };
                store.last_key.set(last_key);
                if without_preview && n_changes < FOLD_AFTER_CHANGES {
                    // The next open shows the first window early. (A fold writes one.)
                    let _ = store.write_preview(&ledger).await;
                }
                store.fold_when_many(&ledger, n_changes, last_key).await;
                Ok(Progressive::Whole(Opened { store, ledger, n_changes, created }))
            }
            Err(e) => {
                // Closed now, not when collected: the recovery page deletes the database,
                // and an open connection would block that.
                store.close_connection();
                Err(e)
            }
        }
    }

    /// Decodes what [`Store::open_progressively`] left, one chunk a task (the page
    /// answers input in between, and `progress(chunks decoded, chunks)` is called after
    /// each), applies the changes and returns the whole ledger (the preview is left to
    /// the caller to drop). No transaction is open: the chunks were read with the
    /// preview. On an error the connection is closed (the recovery page deletes the
    /// database). The fold that [`Store::open`] would do is the caller's
    /// ([`Store::fold_after_open`]).
    pub async fn finish_open(&self, rest: Rest, progress: &dyn Fn(usize, usize)) -> Result<Ledger, StoreError> {
        let Rest { chunks, changes, last_key: _ } = rest;
        let mut builder = LedgerBuilder::default();
        let total = chunks.len();
        for (n, chunk) in chunks.into_iter().enumerate() {
            match decode_chunk(&bytes_of(&chunk)) {
                Ok(records) => builder.extend(records),
                Err(why) => {
                    self.close_connection();
                    return Err(StoreError::Read(why));
                }
            }
            progress(n + 1, total);
            yield_to_browser().await;
        }
        mark("reskontra:read and decoded");
        build(builder, &changes).inspect_err(|_| self.close_connection())
    }

    /// After [`Store::finish_open`]: when `n_changes` piled up on the snapshot, the
    /// snapshot of `ledger` that folds them (encoded now; [`Store::write_fold`] writes
    /// it), as [`Store::open`] folds at once.
    pub fn fold_after_open(&self, ledger: &Ledger, n_changes: usize) -> Option<Fold> {
        let up_to = self.last_key.get().filter(|_| n_changes >= FOLD_AFTER_CHANGES)?;
        let chunks = encode_chunks(&ledger.record_refs()).ok()?.iter().map(|bytes| js_sys::Uint8Array::from(bytes.as_slice()).into()).collect();
        let preview = js_sys::Uint8Array::from(encode_preview(ledger).ok()?.as_slice()).into();
        Some(Fold { chunks, preview, up_to })
    }

    /// Writes a fold of [`Store::fold_after_open`] in one transaction. Folding is an
    /// optimisation: if it fails, the changes stay and still load.
    pub async fn write_fold(&self, fold: Fold) {
        let _ = self.write_chunks(fold.chunks, Some(fold.preview), Some(fold.up_to), &|_| {}).await;
    }

    /// Folds the changes into a new snapshot when many have piled up. Folding is an
    /// optimisation: if it fails, the changes stay and still load.
    async fn fold_when_many(&self, ledger: &Ledger, n_changes: usize, last_key: Option<f64>) {
        if n_changes >= FOLD_AFTER_CHANGES {
            let _ = self.fold(ledger, last_key).await;
        }
    }

    fn of(db: Database, name: &str) -> Store {
        let store = Store {
            db,
            name: name.to_string(),
            marked: std::cell::Cell::new(false),
            last_key: std::cell::Cell::new(None),
            closed: std::rc::Rc::new(std::cell::Cell::new(None)),
            on_version_change: std::cell::RefCell::new(None),
        };
        store.when_closed_elsewhere(|_| {});
        store
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// After the first committed write: this browser holds data in this database (the
    /// eviction marker, R13.5).
    fn mark_held(&self) {
        if !self.marked.replace(true) {
            companies::mark_held(&self.name);
        }
    }

    /// Opens `name` at an older schema `version`, running only the migrations up to it,
    /// without loading anything: for tests that build a database as an older build left
    /// it, then open it with [`Store::open`].
    #[doc(hidden)]
    pub async fn open_at_schema(name: &str, version: u32) -> Result<Store, StoreError> {
        let (db, _) = open_database_at(name, version).await?;
        Ok(Store::of(db, name))
    }

    /// Another tab wants this database at a newer schema version, or deleted (SPEC
    /// R13.4): the `versionchange` event. The connection is closed at once, so the
    /// other tab's upgrade or delete is not blocked by this one, every later read or
    /// write fails with [`StoreError::ClosedElsewhere`], and `closed` is told why.
    /// Replaces the callback given before (opening sets one that only closes).
    pub fn when_closed_elsewhere(&self, closed: impl Fn(ClosedElsewhere) + 'static) {
        let db = self.idb();
        let flag = self.closed.clone();
        let listener = VersionChangeListener::new({
            let db = db.clone();
            move |event: web_sys::IdbVersionChangeEvent| {
                db.close();
                let why = if event.new_version().is_some() { ClosedElsewhere::NewerVersion } else { ClosedElsewhere::Replaced };
                flag.set(Some(why));
                closed(why);
            }
        });
        db.set_onversionchange(Some(wasm_bindgen::JsCast::unchecked_ref(listener.as_ref())));
        *self.on_version_change.borrow_mut() = Some(listener);
    }

    fn idb(&self) -> web_sys::IdbDatabase {
        use indexed_db_futures::internals::SystemRepr;
        use wasm_bindgen::JsCast;
        self.db.as_sys().clone().unchecked_into()
    }

    /// Why the connection was closed by another tab, if it was.
    pub fn closed_elsewhere(&self) -> Option<ClosedElsewhere> {
        self.closed.get()
    }

    fn usable(&self) -> Result<(), StoreError> {
        match self.closed.get() {
            Some(why) => Err(StoreError::ClosedElsewhere(why)),
            None => Ok(()),
        }
    }

    /// Reads the snapshot and the changes in one read-only transaction: the whole ledger.
    async fn load(&self) -> Result<(Ledger, usize, Option<f64>), StoreError> {
        match self.read(None).await? {
            Loaded::Whole(ledger, n_changes, last_key, _) => Ok((ledger, n_changes, last_key)),
            Loaded::Rest(_) => Err(StoreError::Read("the ledger was read in part".to_string())),
        }
    }

    /// Reads the snapshot and the changes in one read-only transaction, and decodes
    /// them. Given `first`, a snapshot of more than [`PROGRESSIVE_AFTER_CHUNKS`] chunks
    /// with a stored preview is not decoded: `first` gets the preview, and the chunks
    /// are only read.
    async fn read(&self, first: Option<First<'_>>) -> Result<Loaded, StoreError> {
        mark("reskontra:load");
        let read = |e: indexed_db_futures::error::Error| StoreError::Read(describe(e));
        let stores = if first.is_some() { vec![SNAPSHOT, CHANGES, PREVIEW] } else { vec![SNAPSHOT, CHANGES] };
        let tx = self.db.transaction(stores.as_slice()).build().map_err(read)?;
        // The preview and the changes first (the preview is small and the changes are
        // few): the first window is the preview with the changes applied.
        let preview_request = match first {
            Some(_) => Some(tx.object_store(PREVIEW).map_err(read)?.get::<JsValue, _, _>(PREVIEW_KEY).primitive().map_err(read)?),
            None => None,
        };
        let changes_store = tx.object_store(CHANGES).map_err(read)?;
        let changes_request = changes_store.get_all::<JsValue>().primitive().map_err(read)?;
        let keys_request = changes_store.get_all_keys::<f64>().primitive().map_err(read)?;
        let snapshot = tx.object_store(SNAPSHOT).map_err(read)?;
        let chunk_keys: Vec<u32> = snapshot.get_all_keys::<u32>().await.map_err(read)?.collect::<Result<_, _>>().map_err(read)?;
        let large = chunk_keys.len() > PROGRESSIVE_AFTER_CHUNKS;
        // Every read is asked for at once, in parts of READ_PART chunks: IndexedDB reads
        // the later parts while this tab decodes the earlier ones (issue 15, B3).
        let mut parts = Vec::new();
        for keys in chunk_keys.chunks(READ_PART) {
            let (Some(low), Some(high)) = (keys.first(), keys.last()) else { continue };
            parts.push(snapshot.get_all::<JsValue>().with_query::<u32, _>(KeyRange::Bound(*low, false, *high, false)).primitive().map_err(read)?);
        }
        let changes: Vec<JsValue> = changes_request.await.map_err(read)?.collect::<Result<_, _>>().map_err(read)?;
        let keys: Vec<f64> = keys_request.await.map_err(read)?.collect::<Result<_, _>>().map_err(read)?;
        let last_key = keys.last().copied();
        let stored_preview = match preview_request {
            Some(request) => request.await.map_err(read)?.filter(|v| !v.is_undefined()),
            None => None,
        };
        // The preview is derived from the snapshot: one that does not decode is ignored
        // (the ledger opens whole and the open writes it again), not a damaged ledger.
        let preview = match (&first, stored_preview, large) {
            (Some(_), Some(stored), true) => {
                mark("reskontra:preview read");
                decode_preview(&bytes_of(&stored)).ok()
            }
            _ => None,
        };
        let without_preview = first.is_some() && large && preview.is_none();
        // A large ledger with a preview: the first window now, the chunks kept undecoded.
        if let (Some(first), Some(mut shown)) = (first, preview) {
            for change in &changes {
                let bytes = bytes_of(change);
                if !bytes.is_empty() {
                    shown.apply(&decode_change(&bytes).map_err(StoreError::Read)?.head());
                }
            }
            mark("reskontra:preview decoded");
            first(shown);
            mark("reskontra:first window");
            let mut chunks = Vec::with_capacity(chunk_keys.len());
            for part in parts {
                for chunk in part.await.map_err(read)? {
                    chunks.push(chunk.map_err(read)?);
                }
            }
            drop(tx);
            mark("reskontra:read");
            return Ok(Loaded::Rest(Rest { chunks, changes, last_key }));
        }
        // Each chunk's records go into the ledger as they are decoded (no list of every
        // record); the documents are indexed once, at the end.
        let mut builder = LedgerBuilder::default();
        for (n, part) in parts.into_iter().enumerate() {
            let part = part.await.map_err(read)?;
            if n == 0 {
                mark("reskontra:first part read");
            }
            for chunk in part {
                builder.extend(decode_chunk(&bytes_of(&chunk.map_err(read)?)).map_err(StoreError::Read)?);
            }
        }
        drop(tx);
        mark("reskontra:read and decoded");
        let ledger = build(builder, &changes)?;
        Ok(Loaded::Whole(ledger, changes.len(), last_key, without_preview))
    }

    /// What other tabs committed since this tab's last change. The caller applies it
    /// (`Newer::Changes`) or takes the whole ledger (`Newer::Whole`); from then on this
    /// tab counts as having seen it.
    pub async fn newer(&self) -> Result<Newer, StoreError> {
        self.usable()?;
        let read = |e: indexed_db_futures::error::Error| StoreError::Read(describe(e));
        let tx = self.db.transaction(CHANGES).build().map_err(read)?;
        let changes_store = tx.object_store(CHANGES).map_err(read)?;
        let after = self.last_key.get().map(|last| KeyRange::LowerBound(last, true));
        // Most of the time nothing is new: one request for at most one key says so
        // (each user action asks this first, under the cross-tab lock).
        let first_newer: Vec<f64> = match &after {
            Some(range) => changes_store.get_all_keys::<f64>().with_query::<f64, _>(range.clone()).with_limit(1).await,
            None => changes_store.get_all_keys::<f64>().with_limit(1).await,
        }
        .map_err(read)?
        .collect::<Result<_, _>>()
        .map_err(read)?;
        if first_newer.is_empty() {
            return Ok(Newer::Nothing);
        }
        let (values, keys): (Vec<JsValue>, Vec<f64>) = match after {
            Some(range) => (
                changes_store.get_all::<JsValue>().with_query::<f64, _>(range.clone()).await.map_err(read)?.collect::<Result<_, _>>().map_err(read)?,
                changes_store.get_all_keys::<f64>().with_query::<f64, _>(range).await.map_err(read)?.collect::<Result<_, _>>().map_err(read)?,
            ),
            None => (
                changes_store.get_all::<JsValue>().await.map_err(read)?.collect::<Result<_, _>>().map_err(read)?,
                changes_store.get_all_keys::<f64>().await.map_err(read)?.collect::<Result<_, _>>().map_err(read)?,
            ),
        };
        drop(tx);
        if values.is_empty() {
            return Ok(Newer::Nothing);
        }
        let bytes: Vec<Vec<u8>> = values.iter().map(bytes_of).collect();
        if bytes.iter().any(|b| b.is_empty()) {
            let (whole, _, last_key) = self.load().await?;
            self.last_key.set(last_key);
            return Ok(Newer::Whole(whole));
        }
        let changes = bytes.iter().map(|b| decode_change(b).map_err(StoreError::Read)).collect::<Result<Vec<_>, _>>()?;
        self.last_key.set(keys.last().copied().or(self.last_key.get()));
        Ok(Newer::Changes(changes))
    }

    /// Stores one user action's change in one transaction. Encoding happens before
    /// the transaction opens; inside it only IndexedDB requests are awaited.
    pub async fn commit(&self, change: &Change) -> Result<(), StoreError> {
        self.usable()?;
        let bytes = encode_change(change).map_err(StoreError::Write)?;
        let value: JsValue = js_sys::Uint8Array::from(bytes.as_slice()).into();
        let write = |e: indexed_db_futures::error::Error| StoreError::Write(describe(e));
        let tx = self.db.transaction(CHANGES).with_mode(TransactionMode::Readwrite).build().map_err(write)?;
        let changes = tx.object_store(CHANGES).map_err(write)?;
        // Another tab's change after the last one this tab applied makes this one stale.
        // Both requests are made at once (one round trip, not two); the check's answer
        // comes before the add's (IndexedDB answers a transaction's requests in order),
        // and a stale check drops the transaction, which aborts it with the add.
        let newer = match self.last_key.get() {
            Some(last) => changes.get_all_keys::<f64>().with_query::<f64, _>(KeyRange::LowerBound(last, true)).with_limit(1).primitive(),
            None => changes.get_all_keys::<f64>().with_limit(1).primitive(),
        }
        .map_err(write)?;
        let added = changes.add(value).with_key_type::<f64>().primitive().map_err(write)?;
        let newer: Vec<f64> = newer.await.map_err(write)?.collect::<Result<_, _>>().map_err(write)?;
        if !newer.is_empty() {
            // Dropping the transaction without committing writes nothing.
            drop(added);
            drop(tx);
            return Err(StoreError::Stale);
        }
        let key: f64 = added.await.map_err(write)?;
        tx.commit().await.map_err(write)?;
        self.last_key.set(Some(key));
        self.mark_held();
        Ok(())
    }

    /// Replaces everything stored with `ledger` in one transaction (import, demo, reset).
    pub async fn replace(&self, ledger: &Ledger) -> Result<(), StoreError> {
        self.replace_with_progress(ledger, &|_, _| {}).await
    }

    /// [`Store::replace`], calling `progress(records written, records)` after each
    /// chunk is put (between IndexedDB requests; it must not await anything).
    pub async fn replace_with_progress(&self, ledger: &Ledger, progress: &dyn Fn(usize, usize)) -> Result<(), StoreError> {
        self.write_snapshot(ledger, None, progress).await?;
        self.mark_held();
        Ok(())
    }

    /// Writes `ledger` as the new snapshot and drops the changes it contains
    /// (those with keys up to `last_key`), in one transaction.
    async fn fold(&self, ledger: &Ledger, last_key: Option<f64>) -> Result<(), StoreError> {
        match last_key {
            Some(key) => self.write_snapshot(ledger, Some(key), &|_, _| {}).await,
            None => Ok(()),
        }
    }

    async fn write_snapshot(&self, ledger: &Ledger, changes_up_to: Option<f64>, progress: &dyn Fn(usize, usize)) -> Result<(), StoreError> {
        let records = ledger.record_refs();
        let n_records = records.len();
        let chunks: Vec<JsValue> =
            encode_chunks(&records).map_err(StoreError::Write)?.iter().map(|bytes| js_sys::Uint8Array::from(bytes.as_slice()).into()).collect();
        drop(records);
        let preview = js_sys::Uint8Array::from(encode_preview(ledger).map_err(StoreError::Write)?.as_slice()).into();
        let per_chunk = |written_chunks: usize| (written_chunks * CHUNK_SIZE).min(n_records);
        self.write_chunks(chunks, Some(preview), changes_up_to, &|written| progress(per_chunk(written), n_records)).await
    }

    /// Replaces the snapshot with raw values. Only for the browser tests, which
    /// pass a value IndexedDB cannot store to prove a failed write rolls back.
    #[doc(hidden)]
    pub async fn replace_with_raw_chunks(&self, chunks: Vec<JsValue>) -> Result<(), StoreError> {
        self.write_chunks(chunks, None, None, &|_| {}).await
    }

    /// Puts `value` as the stored preview, as it is. Only for the browser tests, which
    /// store a damaged one.
    #[doc(hidden)]
    pub async fn put_raw_preview(&self, value: JsValue) -> Result<(), StoreError> {
        let write = |e: indexed_db_futures::error::Error| StoreError::Write(describe(e));
        let tx = self.db.transaction(PREVIEW).with_mode(TransactionMode::Readwrite).build().map_err(write)?;
        tx.object_store(PREVIEW).map_err(write)?.put(value).with_key(PREVIEW_KEY).await.map_err(write)?;
        tx.commit().await.map_err(write)
    }

    /// Writes the preview of `ledger`, the whole ledger read from the snapshot and the
    /// changes on it, in a transaction of its own (a database written before schema 4
    /// has none, and a stored one may not decode). If another tab has written since, it is left (its snapshot may not
    /// be this one's); the next fold writes one.
    async fn write_preview(&self, ledger: &Ledger) -> Result<(), StoreError> {
        self.usable()?;
        let write = |e: indexed_db_futures::error::Error| StoreError::Write(describe(e));
        let preview: JsValue = js_sys::Uint8Array::from(encode_preview(ledger).map_err(StoreError::Write)?.as_slice()).into();
        let tx = self.db.transaction([CHANGES, PREVIEW]).with_mode(TransactionMode::Readwrite).build().map_err(write)?;
        if changed_after(&tx.object_store(CHANGES).map_err(write)?, self.last_key.get()).await.map_err(write)? {
            drop(tx);
            return Ok(());
        }
        tx.object_store(PREVIEW).map_err(write)?.put(preview).with_key(PREVIEW_KEY).await.map_err(write)?;
        tx.commit().await.map_err(write)
    }

    /// Replaces the snapshot with `chunks` and its `preview` (none: the preview is
    /// cleared), dropping the changes up to `changes_up_to` (all when none), in one
    /// transaction. `written(n)` is called after the n-th chunk is put.
    async fn write_chunks(
        &self,
        chunks: Vec<JsValue>,
        preview: Option<JsValue>,
        changes_up_to: Option<f64>,
        written: &dyn Fn(usize),
    ) -> Result<(), StoreError> {
        self.usable()?;
        let write = |e: indexed_db_futures::error::Error| StoreError::Write(describe(e));
        // A database opened at an older schema (tests build one) has no preview store.
        let has_previews = self.db.object_store_names().any(|n| n == PREVIEW);
        let stores = if has_previews { vec![SNAPSHOT, CHANGES, PREVIEW] } else { vec![SNAPSHOT, CHANGES] };
        let tx = self.db.transaction(stores.as_slice()).with_mode(TransactionMode::Readwrite).build().map_err(write)?;
        let changes = tx.object_store(CHANGES).map_err(write)?;
        if let Some(last_read) = changes_up_to {
            // A fold only folds what this tab has read: if another tab has written
            // since, leave everything as it is (folding is only an optimisation).
            if changed_after(&changes, Some(last_read)).await.map_err(write)? {
                drop(tx);
                return Ok(());
            }
        }
        let snapshot = tx.object_store(SNAPSHOT).map_err(write)?;
        snapshot.clear().map_err(write)?.await.map_err(write)?;
        for (idx, chunk) in chunks.into_iter().enumerate() {
            snapshot.put(chunk).with_key(idx as u32).await.map_err(write)?;
            written(idx + 1);
        }
        if has_previews {
            let previews = tx.object_store(PREVIEW).map_err(write)?;
            match preview {
                Some(preview) => {
                    previews.put(preview).with_key(PREVIEW_KEY).await.map_err(write)?;
                }
                None => previews.clear().map_err(write)?.await.map_err(write)?,
            }
        }
        match changes_up_to {
            // Explicit bound: `open = false` includes `key` itself. (indexed_db_futures
            // 0.6.4 turns `..=key` into an *open* upper bound, which would keep the last
            // folded change; the fold test caught it.)
            Some(key) => changes.delete::<f64, _>(KeyRange::UpperBound(key, false)).await.map_err(write)?,
            None => changes.clear().map_err(write)?.await.map_err(write)?,
        }
        // The marker (an empty value) tells other tabs to read everything again.
        let marker: JsValue = js_sys::Uint8Array::new_with_length(0).into();
        let marker_key: f64 = changes.add(marker).with_key_type::<f64>().await.map_err(write)?;
        tx.commit().await.map_err(write)?;
        self.last_key.set(Some(marker_key));
        Ok(())
    }

    /// Closes the connection (tests reopen the same database).
    pub fn close(self) {
        self.db.clone().close();
    }

    /// Closes the connection of a store still shared (a company switched away from):
    /// its database can then be deleted without this tab blocking it.
    pub fn close_connection(&self) {
        self.db.clone().close();
    }
}

impl Drop for Store {
    /// The listener goes with the store: the browser must not call it afterwards.
    fn drop(&mut self) {
        self.idb().set_onversionchange(None);
    }
}

/// Deletes a whole database (tests and "start over").
pub async fn delete_database(name: &str) -> Result<(), StoreError> {
    let request = Database::delete_by_name(name).map_err(|e| StoreError::Unavailable(describe(e)))?;
    request.await.map_err(|e| StoreError::Write(describe(e)))
}

/// Opens `name` at `version`; also says whether it was created (upgraded from 0).
async fn open_database_at(name: &str, version: u32) -> Result<(Database, bool), StoreError> {
    let created = std::rc::Rc::new(std::cell::Cell::new(false));
    let created_in_upgrade = created.clone();
    let opened = Database::open(name)
        .with_version(version)
        .with_on_upgrade_needed(move |event, db| {
            let from = event.old_version() as usize;
            if from == 0 {
                created_in_upgrade.set(true);
            }
            for migration in MIGRATIONS.iter().take(version as usize).skip(from) {
                migration(&db)?;
            }
            Ok(())
        })
        .await;
    match opened {
        Ok(db) => Ok((db, created.get())),
        Err(error) => {
            let text = error.to_string();
            if text.contains("VersionError") || text.contains("less than the existing version") {
                let found = existing_version(name).await.unwrap_or(SCHEMA_VERSION + 1);
                Err(StoreError::TooNew { found, supported: SCHEMA_VERSION })
            } else {
                Err(StoreError::Unavailable(text))
            }
        }
    }
}

/// The version of an existing database, opened without asking for one.
async fn existing_version(name: &str) -> Option<u32> {
    let db = Database::open(name).await.ok()?;
    let version = db.version() as u32;
    db.close();
    Some(version)
}

/// Whether the `changes` store holds a change after the key `last` (any change when
/// none): another tab has written since this one read. One request for at most one key.
async fn changed_after(changes: &indexed_db_futures::object_store::ObjectStore<'_>, last: Option<f64>) -> indexed_db_futures::Result<bool> {
    let after = KeyRange::LowerBound(last.unwrap_or(f64::MIN), last.is_some());
    let first: Vec<f64> = changes.get_all_keys::<f64>().with_query::<f64, _>(after).with_limit(1).await?.collect::<Result<_, _>>()?;
    Ok(!first.is_empty())
}

/// The ledger of `builder` with its documents indexed, and the stored `changes` applied
/// in order.
fn build(builder: LedgerBuilder, changes: &[JsValue]) -> Result<Ledger, StoreError> {
    let mut ledger = builder.finish();
    mark("reskontra:built");
    for change in changes {
        let bytes = bytes_of(change);
        // An empty value is a marker left by a replace or a fold: nothing to apply.
        if !bytes.is_empty() {
            ledger.apply(&decode_change(&bytes).map_err(StoreError::Read)?);
        }
    }
    mark("reskontra:opened");
    Ok(ledger)
}

/// Lets the browser handle input and paint before going on: a message to itself on a
/// `MessageChannel`, which (unlike a zero-delay timeout, clamped to 4 ms when nested)
/// comes back as soon as the page is free.
async fn yield_to_browser() {
    let channel = web_sys::MessageChannel::new().ok();
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let posted = channel.as_ref().is_some_and(|c| {
            c.port1().set_onmessage(Some(&resolve));
            c.port2().post_message(&JsValue::NULL).is_ok()
        });
        if !posted {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    if let Some(c) = channel {
        c.port1().close();
        c.port2().close();
    }
}

fn bytes_of(value: &JsValue) -> Vec<u8> {
    js_sys::Uint8Array::new(value).to_vec()
}

/// Asks the browser to keep this site's storage even under pressure (SPEC R13.5).
/// `Some(true)` when granted, `Some(false)` when refused, `None` when unsupported.
pub async fn request_persistence() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    let promise = storage.persist().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.as_bool()
}

/// Whether the browser already keeps this site's storage persistently, without asking
/// (`navigator.storage.persisted()`); `None` when unsupported.
pub async fn is_persisted() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    let promise = storage.persisted().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.as_bool()
}

/// The space this site uses and may use, in bytes (`navigator.storage.estimate()`);
/// `None` when unsupported.
pub async fn storage_estimate() -> Option<(f64, f64)> {
    let storage = web_sys::window()?.navigator().storage();
    let estimate = js_sys::Reflect::get(&storage, &JsValue::from_str("estimate")).ok()?;
    let estimate: js_sys::Function = wasm_bindgen::JsCast::dyn_into(estimate).ok()?;
    let promise: js_sys::Promise = wasm_bindgen::JsCast::dyn_into(estimate.call0(&storage).ok()?).ok()?;
    let answer = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    let number = |name: &str| js_sys::Reflect::get(&answer, &JsValue::from_str(name)).ok()?.as_f64();
    Some((number("usage")?, number("quota")?))
}
