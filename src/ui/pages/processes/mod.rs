//! The Processes menu: Calculate overdue charges, Write off balances and credits,
//! Update credit hold, Print statements, Prepare dunning letters. Each previews what
//! it will do before it commits.

pub mod credit_hold;
pub mod dunning;
pub mod overdue_charges;
pub mod statements;
pub mod write_offs;
