//! The Settings menu: Preferences, backup, automatic snapshots and storage, Reference tables, Mailing settings.

pub mod mailing_settings;
pub mod preferences;
pub mod reference_tables;
pub mod snapshots;
