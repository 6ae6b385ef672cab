//! The Customers menu: the customer list and window, the class list and window.

pub mod class;
pub mod classes;
pub mod customer;
pub mod list;
