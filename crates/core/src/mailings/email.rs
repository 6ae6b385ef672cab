//! A prepared email in the Pending emails queue (SPEC R12.1, R12.5): who it is from
//! and to, its subject and bodies, its attachments, and where it is on its way out.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::address::Mailbox;
use crate::documents::document::DocId;

/// The number of a prepared email, given from the ledger's counter; never reused.
pub type EmailId = u32;

/// Where an email is on its way out (R12.5). Times are the computer's clock when the
/// app did it, passed in by the caller (the core has no clock).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmailStatus {
    /// Prepared, waiting in the queue; nothing has left.
    #[default]
    Pending,
    /// Handed to the relay; committed before the request, so nothing sends it again
    /// until the relay answered or the user chose *Retry*.
    Sending { since: NaiveDateTime },
    /// The relay accepted it, with its id.
    Sent { at: NaiveDateTime, relay_id: String },
    /// The relay refused it or could not be reached.
    Failed { at: NaiveDateTime, reason: String },
    /// Saved as a `.eml` file for the user to send; never called Sent.
    Exported { at: NaiveDateTime },
}

impl EmailStatus {
    pub fn label(&self) -> &'static str {
        match self {
            EmailStatus::Pending => "Pending",
            EmailStatus::Sending { .. } => "Sending",
            EmailStatus::Sent { .. } => "Sent",
            EmailStatus::Failed { .. } => "Failed",
            EmailStatus::Exported { .. } => "Exported",
        }
    }

    pub const LABELS: [&'static str; 5] = ["Pending", "Sending", "Sent", "Failed", "Exported"];

    /// Whether *Send* may hand it to the relay: Pending, Failed, Exported (sent after
    /// all), or left in Sending (a crash: the relay deduplicates the retry).
    pub fn can_send(&self) -> bool {
        !matches!(self, EmailStatus::Sent { .. })
    }

    /// Whether the user may still edit or delete it.
    pub fn is_editable(&self) -> bool {
        matches!(self, EmailStatus::Pending | EmailStatus::Failed { .. } | EmailStatus::Exported { .. })
    }

    /// What the status column says beside the label: the time, the relay's id, the reason.
    pub fn detail(&self) -> String {
        match self {
            EmailStatus::Pending => String::new(),
            EmailStatus::Sending { since } => format!("since {}", since.format("%Y-%m-%d %H:%M")),
            EmailStatus::Sent { at, relay_id } => format!("{} (id {relay_id})", at.format("%Y-%m-%d %H:%M")),
            EmailStatus::Failed { at, reason } => format!("{}: {reason}", at.format("%Y-%m-%d %H:%M")),
            EmailStatus::Exported { at } => at.format("%Y-%m-%d %H:%M").to_string(),
        }
    }
}

/// A file attached to an email. In JSON (the backup, the render worker's jobs) the bytes
/// are base64 text, so the backup stays readable and a third of the size of a list of
/// numbers; in the store's MessagePack they are binary, a quarter smaller than the
/// text and written without encoding it (a mailing of 1,000 invoices stores 1,000 PDFs).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Attachment {
    pub file_name: String,
    /// `application/pdf`, `text/html`, …
    pub mime: String,
    #[serde(with = "base64_text")]
    pub bytes: Vec<u8>,
}

/// A prepared email (R12.1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Email {
    pub id: EmailId,
    /// Without the angle brackets; unique, in the sender's domain. The relay's
    /// Idempotency-Key.
    pub message_id: String,
    /// The mailing it came from (`INVOICE`, …); empty for an email written by hand.
    pub mailing_id: String,
    pub customer_id: String,
    pub document: Option<DocId>,
    pub from: Mailbox,
    pub to: Vec<Mailbox>,
    pub cc: Vec<Mailbox>,
    pub bcc: Vec<Mailbox>,
    pub subject: String,
    pub text_body: String,
    /// Sanitised HTML; empty for a plain-text email.
    pub html_body: String,
    pub attachments: Vec<Attachment>,
    /// The business date it was prepared on; the message's Date.
    pub prepared_on: NaiveDate,
    pub status: EmailStatus,
}

impl Email {
    /// Every recipient, To then Cc then Bcc.
    pub fn recipients(&self) -> impl Iterator<Item = &Mailbox> {
        self.to.iter().chain(&self.cc).chain(&self.bcc)
    }

    /// The file name of its `.eml`: the id and subject, without characters a file
    /// system refuses.
    pub fn file_name(&self) -> String {
        let subject: String = self.subject.chars().map(|c| if c.is_alphanumeric() || " -_.".contains(c) { c } else { '_' }).take(60).collect();
        format!("{:06} {}.eml", self.id, subject.trim())
    }
}

/// Base64 text in a human-readable format (JSON), binary in MessagePack. Read from
/// either, so records stored as text (before 2026-12-04) still read.
mod base64_text {
    use std::fmt;

    use base64::Engine;
    use serde::de::{self, Deserializer, SeqAccess, Visitor};
    use serde::Serializer;

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
        } else {
            serializer.serialize_bytes(bytes)
        }
    }

    struct Bytes;

    impl<'de> Visitor<'de> for Bytes {
        type Value = Vec<u8>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("the file's bytes, as base64 text or binary")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Vec<u8>, E> {
            base64::engine::general_purpose::STANDARD.decode(text.as_bytes()).map_err(E::custom)
        }

        fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
            Ok(bytes.to_vec())
        }

        fn visit_byte_buf<E: de::Error>(self, bytes: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(bytes)
        }

        /// A list of numbers, as a format without a binary type writes bytes.
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
            let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 20));
            while let Some(b) = seq.next_element::<u8>()? {
                bytes.push(b);
            }
            Ok(bytes)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        deserializer.deserialize_any(Bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachments_are_base64_in_json_and_read_back() {
        let attachment = Attachment { file_name: "a.pdf".into(), mime: "application/pdf".into(), bytes: vec![0, 1, 2, 255] };
        let json = serde_json::to_string(&attachment).unwrap();
        assert!(json.contains("\"AAEC/w==\""), "{json}");
        assert_eq!(serde_json::from_str::<Attachment>(&json).unwrap(), attachment);
        let packed = rmp_serde::to_vec_named(&attachment).unwrap();
        assert_eq!(rmp_serde::from_slice::<Attachment>(&packed).unwrap(), attachment);
        assert_eq!(crate::base::msgpack::from_slice::<Attachment>(&packed).unwrap(), attachment);
    }

    #[test]
    fn attachments_are_binary_in_messagepack_and_text_stored_before_still_reads() {
        let bytes: Vec<u8> = (0..=255).collect();
        let attachment = Attachment { file_name: "a.pdf".into(), mime: "application/pdf".into(), bytes };
        let packed = rmp_serde::to_vec(&attachment).unwrap();
        // bin 8 (0xc4 len) or bin 16 (0xc5 len len) with the bytes as they are.
        let at = packed.windows(3).position(|w| w == [0xc5, 0x01, 0x00]).expect("a bin 16 of 256 bytes");
        assert_eq!(&packed[at + 3..at + 3 + 256], attachment.bytes.as_slice());
        assert_eq!(packed.len(), 1 + 6 + 16 + 3 + 256, "no base64 text: {packed:?}");
        assert_eq!(crate::base::msgpack::from_slice::<Attachment>(&packed).unwrap(), attachment);
        // As the store wrote it before: the bytes as base64 text.
        #[derive(serde::Serialize)]
        struct Before<'a> {
            file_name: &'a str,
            mime: &'a str,
            bytes: String,
        }
        use base64::Engine;
        let before = Before { file_name: "a.pdf", mime: "application/pdf", bytes: base64::engine::general_purpose::STANDARD.encode(&attachment.bytes) };
        for packed in [rmp_serde::to_vec(&before).unwrap(), rmp_serde::to_vec_named(&before).unwrap()] {
            assert_eq!(crate::base::msgpack::from_slice::<Attachment>(&packed).unwrap(), attachment);
        }
        // Damaged text is an error, not an empty file.
        let damaged = rmp_serde::to_vec(&Before { bytes: "not base64!".into(), ..before }).unwrap();
        assert!(crate::base::msgpack::from_slice::<Attachment>(&damaged).is_err());
    }

    #[test]
    fn only_sent_emails_cannot_be_sent_again() {
        let at = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap().and_hms_opt(9, 0, 0).unwrap();
        assert!(EmailStatus::Pending.can_send());
        assert!(EmailStatus::Sending { since: at }.can_send());
        assert!(EmailStatus::Failed { at, reason: "down".into() }.can_send());
        assert!(!EmailStatus::Sent { at, relay_id: "1".into() }.can_send());
        assert!(!EmailStatus::Sending { since: at }.is_editable());
    }
}
