//! The Documents menu: invoices and notes (with the print view), payments and
//! applications, Release documents, Customer details.

pub mod customer_details;
pub mod invoice;
pub mod invoice_lines;
pub mod invoice_print;
pub mod invoices;
pub mod payment;
pub mod payments;
pub mod release;
