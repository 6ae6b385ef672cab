//! The Reports menu: Unreleased documents, Open documents, Journal.

pub mod journal;
pub mod open_documents;
pub mod unreleased_documents;
