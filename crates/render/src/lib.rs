//! Invoices as PDF and Excel attachments, users' HTML email bodies made safe
//! (SPEC R10.4, R10.5), and queued emails as `.eml` messages and `.zip` archives
//! (R12.3; the message itself is the core's `mailings::message::build_message`). Pure Rust: the CLI and the tests call it natively; in the
//! browser it runs inside the render worker (`crates/render-worker`), a second wasm
//! binary the app loads on first use, so these writers never enter the app's bundle.
//!
//! What is rendered comes from `reskontra_core::reports::invoice::invoice_report`,
//! already formatted in the ledger's number format and the customer's language.

mod archive;
mod fonts;
mod pdf;
mod sanitize;
mod xlsx;

pub use archive::{email_archive, email_message, zip_files};
pub use fonts::{needs_fallback, Fonts, BOLD_FILE, FALLBACK_FILE, REGULAR_FILE};
pub use pdf::invoice_pdf;
pub use reskontra_core::reports::invoice::{InvoiceReport, RenderJob};
pub use sanitize::sanitize_html;
pub use xlsx::invoice_xlsx;
