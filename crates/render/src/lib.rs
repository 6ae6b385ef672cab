//! Invoices as PDF and Excel attachments, users' HTML email bodies made safe
//! (SPEC R10.4, R10.5), and queued emails as `.eml` messages and `.zip` archives
//! (R12.3; the message itself is the core's `mailings::message::build_message`). Pure Rust: the CLI and the tests call it natively; in the
//! browser it runs inside the render worker (`crates/render-worker`), a second wasm
//! binary the app loads on first use, so these writers never enter the app's bundle.
//!
//! What is rendered comes from `reskontra_core::reports::invoice::invoice_report`,
//! already formatted in the ledger's number format and the customer's language, and
//! for the ageing reports, statements and dunning letters from a
//! `reskontra_core::reports::table::TableReport` of typed cells (`table_pdf`,
//! `table_xlsx`).

mod archive;
mod fonts;
mod pdf;
mod sanitize;
mod table_pdf;
mod table_xlsx;
mod xlsx;

pub use archive::{email_archive, email_message, zip_files};
pub use fonts::{needs_fallback, texts_need_fallback, Fonts, BOLD_FILE, FALLBACK_FILE, REGULAR_FILE};
pub use pdf::invoice_pdf;
pub use reskontra_core::reports::invoice::{InvoiceReport, RenderJob};
pub use reskontra_core::reports::table::TableReport;
pub use sanitize::sanitize_html;
pub use table_pdf::table_pdf;
pub use table_xlsx::table_xlsx;
pub use xlsx::invoice_xlsx;
