//! Customers (SPEC R2, R3): classes, customers, addresses and postcodes, the
//! parent-child link, mailings and their recipients, and the commands that save,
//! rename and delete them.
//!
//! Architecture Invariant: a customer stores only the mailings it overrode; its other
//! mailings are its class's, so a class save writes one record however many customers
//! it has. Parent links never form a cycle.

pub mod address;
pub mod customer;
pub mod mailing;
pub mod master;
pub mod summary;
