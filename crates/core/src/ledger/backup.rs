//! The backup file: the whole ledger as one versioned JSON document (SPEC R13.2).
//! The app and the command-line tool read and write the same format.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::customers::customer::{Customer, CustomerClass};
use crate::documents::document::Document;
use crate::ledger::invariants::check_built_ledger;
use crate::ledger::{Ledger, Record};
use crate::settings::Settings;

pub const BACKUP_FORMAT: &str = "reskontra-backup";
/// The backup version this build writes. Older versions are read too:
/// - 1: the counters and the logo are inside `settings`;
/// - 2: they are `counters` and `logo` beside it (as the store keeps them, since schema 2).
pub const BACKUP_VERSION: u32 = 2;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub version: u32,
    pub settings: Settings,
    /// Version 2 on; in version 1 the counters are read from `settings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counters: Option<crate::settings::Counters>,
    /// Version 2 on; in version 1 the logo is read from `settings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    pub classes: Vec<CustomerClass>,
    pub customers: Vec<Customer>,
    pub documents: Vec<Document>,
    /// Notification templates and the Pending emails queue (issue "mailings"); absent
    /// in older backups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub templates: Vec<crate::mailings::NotificationTemplate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<crate::mailings::Email>,
    /// Schedules of recurring documents (R7); absent in older backups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedules: Vec<crate::schedules::Schedule>,
}

impl Backup {
    /// The records of the backup, settings first. A version 1 backup has the counters
    /// and the logo inside its settings, which the settings record carries as read.
    pub fn into_records(self) -> Vec<Record> {
        self.records().collect()
    }

    /// [`Backup::into_records`] one at a time, without a list of them all.
    pub fn records(self) -> impl Iterator<Item = Record> {
        let own_records = self.counters.map(|counters| [Record::Counters(counters), Record::Logo(self.logo)]);
        std::iter::once(Record::Settings(self.settings))
            .chain(own_records.into_iter().flatten())
            .chain(self.classes.into_iter().map(Record::Class))
            .chain(self.customers.into_iter().map(Record::Customer))
            .chain(self.documents.into_iter().map(Record::Document))
            .chain(self.templates.into_iter().map(Record::Template))
            .chain(self.emails.into_iter().map(Record::Email))
            .chain(self.schedules.into_iter().map(Record::Schedule))
    }
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum BackupError {
    #[error("not a JSON file: {0}")]
    NotJson(String),
    #[error("not a Reskontra backup (the \"format\" field is missing or different)")]
    NotABackup,
    #[error("the backup is version {found}, made by a newer Reskontra; this one reads up to version {supported}")]
    TooNew { found: u32, supported: u32 },
    #[error("the backup does not match version {version}: {detail}")]
    Malformed { version: u32, detail: String },
    #[error("the backup breaks the ledger's rules: {0}")]
    Inconsistent(String),
}

/// The ledger as backup JSON: pretty-printed, records in key order, so the same
/// ledger always gives the same bytes (export → import → export is identical).
pub fn to_json(ledger: &Ledger) -> String {
    let backup = Backup {
        format: BACKUP_FORMAT.to_string(),
        version: BACKUP_VERSION,
        settings: ledger.settings.clone(),
        counters: Some(crate::settings::Counters::of(&ledger.settings)),
        logo: ledger.settings.logo.clone(),
        classes: ledger.classes.values().cloned().collect(),
        customers: ledger.customers.values().cloned().collect(),
        documents: ledger.documents.values().cloned().collect(),
        templates: ledger.templates.values().cloned().collect(),
        emails: ledger.emails.values().cloned().collect(),
        schedules: ledger.schedules.values().cloned().collect(),
    };
    let mut text = encode_json(&backup).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// `value` as pretty JSON, by way of the MessagePack the store writes: the records'
/// serialisers are the store's own (one copy of each in the wasm, not two), and only
/// the format-to-format copy knows JSON. Gives the bytes `serde_json::to_string_pretty`
/// would (a test compares them).
fn encode_json<T: Serialize>(value: &T) -> Result<String, String> {
    // Human-readable, as JSON is: an attachment's bytes are base64 text, not binary.
    let mut packed = Vec::new();
    value.serialize(&mut rmp_serde::Serializer::new(&mut packed).with_struct_map().with_human_readable()).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(packed.len() * 2);
    let mut json = serde_json::Serializer::pretty(&mut out);
    serde_transcode::transcode(&mut rmp_serde::Deserializer::from_read_ref(&packed[..]), &mut json).map_err(|e| e.to_string())?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// Reads JSON into `T` with serde_json's own deserialiser: natively 0.9 s for the
/// 108,161-document bench backup, where copying it into MessagePack first
/// (`base::transcode`) and decoding that took 1.2 s. The records' JSON deserialisers
/// are a second copy of them in the wasm (+215 KB raw); only the import, the recovery
/// pages and older JSON snapshots reach them, all fetched on first use (ARCHITECTURE.md,
/// Bundle), so they are not in the first window's download.
///
/// The bytes are checked as UTF-8 once, whole, and read as text: serde_json reading
/// bytes checks each string on its own, which was 0.1 s of the bench backup's import in
/// the browser.
fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("the file is not UTF-8 text ({e})"))?;
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// Reads a backup, checks its version and every ledger invariant.
pub fn from_json(text: &str) -> Result<Ledger, BackupError> {
    from_json_bytes(text.as_bytes())
}

/// The head of a backup, read when the backup did not decode, skipping everything else.
#[derive(Deserialize)]
struct Head {
    #[serde(default)]
    format: Option<serde_json::Value>,
    #[serde(default)]
    version: Option<serde_json::Value>,
}

/// Why `bytes` did not decode as a backup (`detail`, the decoder's words): not JSON,
/// not a backup, a newer version than this build reads, or a backup with a fault.
fn why_not_read(bytes: &[u8], detail: String) -> BackupError {
    let head: Head = match serde_json::from_slice(bytes) {
        Ok(head) => head,
        // Valid JSON that is not an object (an array, a number …) is not a backup.
        Err(e) if e.classify() == serde_json::error::Category::Data => return BackupError::NotABackup,
        Err(e) => return BackupError::NotJson(e.to_string()),
    };
    if head.format.as_ref().and_then(|f| f.as_str()) != Some(BACKUP_FORMAT) {
        return BackupError::NotABackup;
    }
    let version = head.version.as_ref().and_then(|v| v.as_u64()).unwrap_or(0).min(u64::from(u32::MAX)) as u32;
    if version > BACKUP_VERSION {
        return BackupError::TooNew { found: version, supported: BACKUP_VERSION };
    }
    BackupError::Malformed { version, detail }
}

/// [`from_json`] on the file's bytes (UTF-8), as the browser reads them: no text copy
/// of a large file and no JSON tree of it, only the records. A good backup is read in
/// one pass; only when it does not decode is its head read on its own, to say why.
pub fn from_json_bytes(bytes: &[u8]) -> Result<Ledger, BackupError> {
    let backup = match decode_json::<Backup>(bytes) {
        Ok(backup) if backup.format != BACKUP_FORMAT => return Err(BackupError::NotABackup),
        Ok(backup) if backup.version > BACKUP_VERSION => return Err(BackupError::TooNew { found: backup.version, supported: BACKUP_VERSION }),
        Ok(backup) => backup,
        Err(detail) => return Err(why_not_read(bytes, detail)),
    };
    if backup.version >= 2 && backup.counters.is_none() {
        return Err(BackupError::Malformed { version: backup.version, detail: "the counters are missing".to_string() });
    }
    // Each record is checked for numbers out of range before it goes in (indexing the
    // documents, at `finish`, computes with them), and moved in without a list of them all.
    let mut builder = crate::ledger::LedgerBuilder::default();
    for record in backup.records() {
        if let Some(first) = crate::ledger::invariants::out_of_range(&record).into_iter().next() {
            return Err(BackupError::Inconsistent(first));
        }
        builder.push(record);
    }
    let ledger = builder.finish();
    let broken = check_built_ledger(&ledger);
    if let Some(first) = broken.first() {
        let more = if broken.len() > 1 { format!(" (and {} more)", broken.len() - 1) } else { String::new() };
        return Err(BackupError::Inconsistent(format!("{first}{more}")));
    }
    Ok(ledger)
}
