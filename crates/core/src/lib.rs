//! reskontra-core: the pure domain of Reskontra.
//!
//! No browser, no clock, no randomness: "today" is always an argument, and every
//! rule can be tested natively and run by the command-line tool over a backup.
//!
//! The folders are a map of the product (see ARCHITECTURE.md for SPEC section →
//! function): `base` (money, problems, search), `settings` (preferences and reference
//! tables), `customers`, `documents`, `accounting` (journal), `processes`, `reports`,
//! `schedules` (recurring documents), `ledger` (records, balances, invariants, backup, demo), `companies` (the list of companies a browser keeps, each its own ledger). `command` holds the
//! `Command` enum and its dispatch only; `fields` the typed field paths of each form
//! that problems are named by and the windows bind to.

pub mod accounting;
pub mod base;
pub mod command;
pub mod companies;
pub mod customers;
pub mod documents;
pub mod fields;
pub mod ledger;
pub mod mailings;
pub mod processes;
pub mod reports;
pub mod schedules;
pub mod settings;

pub use base::number::NumberFormat;
pub use base::problem::{Problem, ProblemKind};
pub use command::{execute, Command};
pub use documents::posting::{release_many, ReleaseResult, ReleaseRun};
pub use ledger::{Balances, Change, Ledger, LedgerBuilder, Record, RecordKey};
