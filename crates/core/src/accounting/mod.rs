//! Accounting (SPEC R4.15): the accounts and the balanced journal entry each release
//! writes, and the entries of later applications.
//!
//! Architecture Invariant: an entry is written once, at release (or at a later
//! application), kept on the document, and never rewritten; debits equal credits.

pub mod journal;
