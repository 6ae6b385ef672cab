//! The Mailings menu (SPEC R10–R12): Send invoices, Pending emails, Notification
//! templates, Mass emails, and the browser side of preparing an email.

pub mod prepare;
pub mod send_invoices;
