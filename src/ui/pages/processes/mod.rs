//! The Processes menu: Calculate overdue charges, Write off balances and credits,
//! Update credit hold. Each previews what it will do before it commits.

pub mod credit_hold;
pub mod overdue_charges;
pub mod write_offs;
