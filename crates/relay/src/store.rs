//! The idempotency store: one SQLite row per forwarded message, keyed by the
//! Idempotency-Key the app sent (the Message-ID). Only messages the SMTP server accepted
//! are recorded, so a failed attempt can be tried again with the same key.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, OptionalExtension};

/// A recorded answer to a message: what a repeated request gets back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub id: String,
    pub status: u16,
}

pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (or creates) the SQLite file at `path`.
    pub fn open(path: &Path) -> rusqlite::Result<Store> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS forwarded (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                idempotency_key TEXT NOT NULL UNIQUE,
                id TEXT NOT NULL,
                status INTEGER NOT NULL,
                recipients INTEGER NOT NULL,
                forwarded_at INTEGER NOT NULL
            );",
        )?;
        Ok(Store { conn })
    }

    /// The answer recorded for `key`, if a message with that key was forwarded.
    pub fn find(&self, key: &str) -> rusqlite::Result<Option<Recorded>> {
        self.conn
            .query_row("SELECT id, status FROM forwarded WHERE idempotency_key = ?1", params![key], |row| Ok(Recorded { id: row.get(0)?, status: row.get(1)? }))
            .optional()
    }

    /// Records that the message with `key` was forwarded and returns its new id:
    /// `m<sequence>-<unix seconds>`, unique within this file (the sequence never repeats,
    /// AUTOINCREMENT) and unlikely to repeat even if the file is deleted.
    pub fn record(&self, key: &str, status: u16, recipients: usize) -> rusqlite::Result<Recorded> {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO forwarded (idempotency_key, id, status, recipients, forwarded_at) VALUES (?1, '', ?2, ?3, ?4)",
            params![key, status, recipients as i64, now as i64],
        )?;
        let seq = tx.last_insert_rowid();
        let id = format!("m{seq}-{now}");
        tx.execute("UPDATE forwarded SET id = ?1 WHERE seq = ?2", params![id, seq])?;
        tx.commit()?;
        Ok(Recorded { id, status })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_keys_are_found_again_after_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("relay.sqlite");
        let store = Store::open(&path).unwrap();
        assert_eq!(store.find("<a@x>").unwrap(), None);
        let first = store.record("<a@x>", 202, 2).unwrap();
        let second = store.record("<b@x>", 202, 1).unwrap();
        assert_ne!(first.id, second.id);
        assert!(store.record("<a@x>", 202, 2).is_err(), "a key is recorded once");
        drop(store);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.find("<a@x>").unwrap(), Some(first));
        assert_eq!(store.find("<b@x>").unwrap(), Some(second));
    }
}
