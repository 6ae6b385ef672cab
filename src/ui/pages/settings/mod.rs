//! The Settings menu: Preferences, backup, Companies, automatic snapshots and storage, Reference tables, Mailing settings.

pub mod companies;
pub mod mailing_settings;
pub mod preferences;
pub mod reference_tables;
pub mod snapshots;
