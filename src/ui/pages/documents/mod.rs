//! The Documents menu: invoices and notes (with the print view), payments and
//! applications, Release documents, Recurring transactions (schedules) and Generate
//! recurring transactions, Customer details.

pub mod customer_details;
pub mod generate;
pub mod invoice;
pub mod invoice_lines;
pub mod invoice_print;
pub mod invoices;
pub mod payment;
pub mod payments;
pub mod release;
pub mod schedule;
pub mod schedules;
