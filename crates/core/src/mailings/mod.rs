//! Mailings (SPEC R10–R12): which mailing, sender and recipients a customer's email
//! gets (`resolve`), notification templates and their placeholders (`template`), the
//! prepared emails of the Pending emails queue (`email`), the messages they leave as
//! (`message`: RFC 5322 + MIME, `.eml`), and the commands that plan, queue, edit and
//! send them (`queue`).
//!
//! Architecture Invariant: an email is only ever marked Sent with the relay's id, after
//! the relay accepted it; Sending is committed before the request, so a reload or a
//! second tab never sends one email twice (the relay deduplicates on the Message-ID).

pub mod address;
pub mod email;
pub mod mass;
pub mod message;
pub mod queue;
pub mod resolve;
pub mod template;

pub use address::Mailbox;
pub use email::{Attachment, Email, EmailId, EmailStatus};
pub use resolve::{resolve_mailing, ResolvedMailing, ResolvedRecipient};
pub use template::{NotificationTemplate, TemplateVariant};
