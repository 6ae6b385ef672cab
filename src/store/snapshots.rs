//! Automatic snapshots (issue 14): backups the browser keeps by itself, in their own
//! database ([`SNAPSHOTS_DATABASE`]), so a damaged or replaced ledger database leaves
//! them alone.
//!
//! Layout (version 1): `meta` (auto-increment key = the snapshot's id; a small JSON
//! value: date, size, counts) and `data` (same key; the ledger's records as ONE value
//! of compact MessagePack, `codec::encode_ledger`, since 2026-12-04; before that the
//! backup JSON's bytes, which are still read: [`ledger_of`] and [`backup_json_of`] tell
//! them apart by their first byte). Listing reads only `meta`. Taking one is ONE
//! readwrite transaction: add the meta, put the data, read the metas and delete what
//! the core's rotation rule (`ledger::snapshots::prune`) does not keep. The data is
//! encoded before the transaction opens; inside it only IndexedDB requests are awaited.
//!
//! Why not the backup JSON: at 108,000 documents it is 222 MB, written on the main
//! thread before the day's first save (a 2.9 s freeze), and kept up to 11 times; the
//! compact records are 32 MB, encoded without JSON. *Download* makes the backup JSON
//! from them when asked ([`backup_json_of`]).

use chrono::NaiveDate;
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use reskontra_core::ledger::backup::{from_json_bytes, to_json};
use reskontra_core::ledger::snapshots::{due, prune, SnapshotInfo};
use reskontra_core::Ledger;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::{describe, StoreError};

/// The IndexedDB database of the first company's snapshots; every company has its own,
/// named after its ledger database by `reskontra_core::companies::snapshots_database`.
pub const SNAPSHOTS_DATABASE: &str = "reskontra-snapshots";
const VERSION: u32 = 1;
const META: &str = "meta";
const DATA: &str = "data";

/// Why a snapshot was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SnapshotKind {
    /// Before the first change of a business day.
    Daily,
    /// Before a snapshot was restored over the ledger.
    BeforeRestore,
}

/// What the list shows of a snapshot; the backup itself is read only on demand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotMeta {
    /// The business date it was taken on.
    pub date: NaiveDate,
    pub kind: SnapshotKind,
    /// Bytes stored (the compact records; the backup JSON in snapshots taken before
    /// 2026-12-04).
    pub size: u64,
    pub customers: usize,
    pub documents: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub id: u32,
    pub meta: SnapshotMeta,
}

/// A snapshot ready to store: made from the in-memory ledger before any transaction
/// opens (so the caller can borrow the ledger only for this synchronous step).
pub struct Prepared {
    meta: JsValue,
    data: JsValue,
}

/// `ledger`'s records (compact) and their meta, dated `today`.
pub fn prepare(ledger: &Ledger, today: NaiveDate, kind: SnapshotKind) -> Result<Prepared, StoreError> {
    let data = super::codec::encode_ledger(ledger).map_err(StoreError::Write)?;
    let meta = SnapshotMeta { date: today, kind, size: data.len() as u64, customers: ledger.customers.len(), documents: ledger.documents.len() };
    let meta = serde_json::to_string(&meta).map_err(|e| StoreError::Write(e.to_string()))?.into();
    Ok(Prepared { meta, data: js_sys::Uint8Array::from(&data[..]).into() })
}

/// Whether a snapshot's data is backup JSON (as snapshots were stored before
/// 2026-12-04): JSON's object opens with `{`, the compact records with an array header.
fn is_backup_json(data: &[u8]) -> bool {
    data.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// The ledger a snapshot's data holds (read from either form), checked as an import is.
pub fn ledger_of(data: &[u8]) -> Result<Ledger, String> {
    if is_backup_json(data) {
        from_json_bytes(data).map_err(|e| e.to_string())
    } else {
        super::codec::decode_ledger(data)
    }
}

/// A snapshot's data as backup JSON, what *Export backup* would have written then.
pub fn backup_json_of(data: Vec<u8>) -> Result<Vec<u8>, String> {
    if is_backup_json(&data) {
        return Ok(data);
    }
    Ok(to_json(&super::codec::decode_ledger(&data)?).into_bytes())
}

/// The open snapshots database.
pub struct Snapshots {
    db: Database,
}

impl Snapshots {
    /// Opens the snapshots of the company whose ledger database is `ledger_database`.
    pub async fn open(ledger_database: &str) -> Result<Snapshots, StoreError> {
        let db = Database::open(&reskontra_core::companies::snapshots_database(ledger_database))
            .with_version(VERSION)
            .with_on_upgrade_needed(|event, db| {
                if event.old_version() < 1.0 {
                    db.create_object_store(META).with_auto_increment(true).build()?;
                    db.create_object_store(DATA).build()?;
                }
                Ok(())
            })
            .await
            .map_err(|e| StoreError::Write(format!("the snapshots database could not be opened: {}", describe(e))))?;
        Ok(Snapshots { db })
    }

    pub fn close(self) {
        self.db.close();
    }

    /// Every snapshot, oldest first (one read-only transaction over `meta`).
    pub async fn list(&self) -> Result<Vec<Snapshot>, StoreError> {
        let read = |e: indexed_db_futures::error::Error| StoreError::Read(describe(e));
        let tx = self.db.transaction(META).build().map_err(read)?;
        let meta = tx.object_store(META).map_err(read)?;
        let values: Vec<JsValue> = meta.get_all::<JsValue>().await.map_err(read)?.collect::<Result<_, _>>().map_err(read)?;
        let keys: Vec<f64> = meta.get_all_keys::<f64>().await.map_err(read)?.collect::<Result<_, _>>().map_err(read)?;
        drop(tx);
        Ok(decode_metas(&keys, &values))
    }

    /// Whether a snapshot is due `today` (none is dated `today`).
    pub async fn due(&self, today: NaiveDate) -> Result<bool, StoreError> {
        let existing: Vec<SnapshotInfo> = self.list().await?.iter().map(info).collect();
        Ok(due(&existing, today))
    }

    /// Stores `prepared`, then prunes by the rotation rule as of `today`, in one
    /// transaction; returns the new snapshot's id.
    pub async fn take(&self, prepared: Prepared, today: NaiveDate) -> Result<u32, StoreError> {
        let Prepared { meta: meta_value, data: data_value } = prepared;
        let write = |e: indexed_db_futures::error::Error| StoreError::Write(describe(e));
        let tx = self.db.transaction([META, DATA]).with_mode(TransactionMode::Readwrite).build().map_err(write)?;
        let metas = tx.object_store(META).map_err(write)?;
        let data = tx.object_store(DATA).map_err(write)?;
        let key: f64 = metas.add(meta_value).with_key_type::<f64>().await.map_err(write)?;
        data.put(data_value).with_key(key).await.map_err(write)?;
        let values: Vec<JsValue> = metas.get_all::<JsValue>().await.map_err(write)?.collect::<Result<_, _>>().map_err(write)?;
        let keys: Vec<f64> = metas.get_all_keys::<f64>().await.map_err(write)?.collect::<Result<_, _>>().map_err(write)?;
        let existing: Vec<SnapshotInfo> = decode_metas(&keys, &values).iter().map(info).collect();
        for id in prune(&existing, today) {
            metas.delete(f64::from(id)).await.map_err(write)?;
            data.delete(f64::from(id)).await.map_err(write)?;
        }
        tx.commit().await.map_err(write)?;
        Ok(key as u32)
    }

    /// The stored data of snapshot `id` (read it with [`ledger_of`] or [`backup_json_of`]).
    pub async fn data(&self, id: u32) -> Result<Vec<u8>, StoreError> {
        let read = |e: indexed_db_futures::error::Error| StoreError::Read(describe(e));
        let tx = self.db.transaction(DATA).build().map_err(read)?;
        let value: Option<JsValue> = tx.object_store(DATA).map_err(read)?.get(f64::from(id)).await.map_err(read)?;
        drop(tx);
        match value {
            Some(value) => Ok(js_sys::Uint8Array::new(&value).to_vec()),
            None => Err(StoreError::Read(format!("snapshot {id} is no longer kept"))),
        }
    }
}

/// What went wrong with a snapshot, in a few words (the store's errors carry texts
/// written for the ledger's own database).
pub fn failure_text(error: &StoreError) -> String {
    match error {
        StoreError::Unavailable(text) | StoreError::Read(text) | StoreError::Write(text) => text.clone(),
        other => other.to_string(),
    }
}

fn info(snapshot: &Snapshot) -> SnapshotInfo {
    SnapshotInfo { id: snapshot.id, date: snapshot.meta.date }
}

/// The metas that decode; one that does not (written by a later version) is left out
/// of the list, and out of the rotation, rather than failing it.
fn decode_metas(keys: &[f64], values: &[JsValue]) -> Vec<Snapshot> {
    keys.iter()
        .zip(values)
        .filter_map(|(key, value)| {
            let meta: SnapshotMeta = serde_json::from_str(&value.as_string()?).ok()?;
            Some(Snapshot { id: *key as u32, meta })
        })
        .collect()
}
