//! reskontra-core: the pure domain of Reskontra.
//!
//! No browser, no clock, no randomness: "today" is always an argument, and every
//! rule can be tested natively and run by the command-line tool over a backup.

pub mod address;
pub mod auto_apply;
pub mod backup;
pub mod command;
pub mod credit;
pub mod customer;
pub mod demo;
pub mod document;
pub mod entry;
pub mod inquiry;
pub mod invoice_delivery;
pub mod invariants;
pub mod journal;
pub mod ledger;
pub mod master;
pub mod mailing;
pub mod money;
pub mod periods;
pub mod posting;
pub mod problem;
pub mod processes;
pub mod reference;
pub mod reference_links;
pub mod search;
pub mod settings;

pub use command::{execute, Command};
pub use posting::{release_many, ReleaseResult, ReleaseRun};
pub use ledger::{Balances, Change, Ledger, Record, RecordKey};
pub use problem::Problem;
