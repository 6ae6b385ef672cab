//! Reskontra, the web app: a Leptos single-page app over `reskontra-core`.
//!
//! Layers: `ui` (windows and widgets) → `ui::context` (runs commands) → `store`
//! (the only IndexedDB code) and `reskontra_core` (every rule). `delivery` holds
//! the other browser edges (file download and upload).

pub mod delivery;
pub mod store;
pub mod ui;
