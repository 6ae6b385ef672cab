//! Shared widgets: the virtual data table, form fields with their problems,
//! status pills and amount formatting.

pub mod accounts;
pub mod activity;
pub mod applications;
pub mod bind;
pub mod combobox;
pub mod credit;
pub mod customer_picker;
pub mod document_list;
pub mod document_report;
pub mod form;
pub mod jump;
pub mod mailings;
pub mod numbers;
pub mod other_tabs;
pub mod process;
pub mod progress;
pub mod rate;
pub mod record;
pub mod status;
pub mod table;
pub mod update;
