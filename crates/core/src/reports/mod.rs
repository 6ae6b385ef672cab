//! Reports and inquiries (SPEC R6): which documents each list and inquiry shows, and
//! their totals. Windows, CSV exports and the CLI all read what is produced here.
//!
//! Architecture Invariant: reports only read the ledger; they never make a `Change`.

pub mod csv;
pub mod inquiry;
pub mod invoice;
pub mod rows;
