//! The render worker: a second wasm binary (Trunk `data-type="worker"`) that the app
//! starts on the first PDF, Excel or sanitising job (`src/delivery/render.rs`), so
//! krilla, rust_xlsxwriter and ammonia never enter the app's own bundle.
//!
//! Protocol (structured-clone messages):
//! - app → worker: `{ id: number, job: string }`, the job a JSON
//!   `reskontra_core::reports::invoice::RenderJob` (an invoice, an ageing report /
//!   statement / dunning letter as a `TableReport`, an HTML body, emails);
//! - worker → app: `{ ready: true }` once started (the loader script posts
//!   `{ ready: false, error }` when the wasm does not load), then one answer per job:
//!   `{ id, bytes: Uint8Array }` (PDF, Excel, `.eml`, `.zip`), `{ id, text: string }` (sanitised
//!   HTML) or `{ id, error: string }`.
//!
//! Fonts are fetched from the served `fonts/` folder on the first PDF; the 4 MB CJK
//! fallback only when a report has characters DejaVu Sans lacks.

#[cfg(target_arch = "wasm32")]
mod worker;

fn main() {
    #[cfg(target_arch = "wasm32")]
    worker::start();
}
