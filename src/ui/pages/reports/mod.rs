//! The Reports menu: Unreleased documents, Open documents, Ageing reports, Journal.

pub mod ageing;
pub mod journal;
pub mod open_documents;
pub mod unreleased_documents;
