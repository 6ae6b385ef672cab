//! The Settings menu: Preferences and backup, Reference tables, Mailing settings.

pub mod mailing_settings;
pub mod preferences;
pub mod reference_tables;
