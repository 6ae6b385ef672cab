//! Documents (SPEC R4): types, lines, VAT, statuses; entering (saving) documents;
//! releasing them, applications, reversals and voids; credit verification; Pending
//! print / Pending email and the invoice as an email.
//!
//! Architecture Invariant: a released document is never edited or deleted; only its
//! balance and status move, and its applications are only appended to. Every function
//! that changes documents returns one `Change` or the problems; nothing is half done.

pub mod applications;
pub mod auto_apply;
pub mod credit;
pub mod document;
pub mod draft;
pub mod entry;
pub mod form;
pub mod invoice_delivery;
pub mod posting;
