//! The user interface: the frame and router (`app`), the ledger context that runs
//! commands (`context`), user-facing texts (`messages`), widgets and windows.

pub mod app;
pub mod components;
pub mod context;
pub mod messages;
pub mod pages;
pub mod route;
