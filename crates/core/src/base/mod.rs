//! The base every area builds on: money (parsing, the one rounding function per
//! currency, display), problems (what validation returns, tied to a field) and the
//! list search.
//!
//! Architecture Invariant: nothing here knows about customers, documents or the
//! ledger; every other folder may use `base`, `base` uses none of them.

pub mod field;
pub mod money;
pub mod msgpack;
pub mod number;
pub mod problem;
pub mod search;
