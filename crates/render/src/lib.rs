//! Invoices as PDF and Excel attachments, and users' HTML email bodies made safe
//! (SPEC R10.4, R10.5). Pure Rust: the CLI and the tests call it natively; in the
//! browser it runs inside the render worker (`crates/render-worker`), a second wasm
//! binary the app loads on first use, so these writers never enter the app's bundle.
//!
//! What is rendered comes from `reskontra_core::reports::invoice::invoice_report`,
//! already formatted in the ledger's number format and the customer's language.

mod fonts;
mod pdf;
mod sanitize;
mod xlsx;

pub use fonts::{needs_fallback, Fonts, BOLD_FILE, FALLBACK_FILE, REGULAR_FILE};
pub use pdf::invoice_pdf;
pub use reskontra_core::reports::invoice::{InvoiceReport, RenderJob};
pub use sanitize::sanitize_html;
pub use xlsx::invoice_xlsx;
