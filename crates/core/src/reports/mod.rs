//! Reports and inquiries (SPEC R6, R8, R9): which documents each list and inquiry
//! shows, and their totals; the ageing reports (`ageing`), the history of balances they
//! and the statements rebuild (`history`), statements (`statement`) and dunning letters
//! (`dunning`), and those three as printable and exportable tables (`table`: the
//! `TableReport` the render worker writes as PDF and Excel). Windows, CSV exports and
//! the CLI all read what is produced here.
//!
//! Architecture Invariant: reports only read the ledger; they never make a `Change`.

pub mod ageing;
pub mod csv;
pub mod dunning;
pub mod history;
pub mod inquiry;
pub mod invoice;
pub mod rows;
pub mod statement;
pub mod table;
