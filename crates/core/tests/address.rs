mod common;

use common::*;
use reskontra_core::command::CustomerDraft;
use reskontra_core::customers::address::{postcode_problem, Address};
use reskontra_core::customers::customer::Customer;
use reskontra_core::Command;

fn check(country: &str, postcode: &str, ok: bool) {
    assert_eq!(postcode_problem(country, postcode).is_none(), ok, "{country} {postcode:?}: {:?}", postcode_problem(country, postcode));
}

#[test]
fn postcodes_follow_their_country() {
    check("NO", "0150", true);
    check("NO", "150", false);
    check("NO", "01500", false);
    check("NO", "O150", false);
    check("DK", "2100", true);
    check("DK", "21000", false);
    check("FI", "00100", true);
    check("FI", "0010", false);
    check("SE", "113 51", true);
    check("SE", "11351", true);
    check("SE", "113-51", false);
    check("US", "10001", true);
    check("US", "10001-1234", true);
    check("US", "1000", false);
    check("US", "10001-123", false);
    check("GB", "SW1A 1AA", true);
    check("GB", "sw1a 1aa", true);
    check("GB", "M1 1AE", true);
    check("GB", "B33 8TH", true);
    check("GB", "CR2 6XH", true);
    check("GB", "DN55 1PT", true);
    check("GB", "SW1A1AA", false);
    check("GB", "12345", false);
    // No rule for the country, or no postcode: nothing to check.
    check("DE", "anything", true);
    check("NO", "", true);
    assert_eq!(postcode_problem("NO", "150"), Some("Not a valid Norwegian postcode (for example 0150)".to_string()));
}

#[test]
fn a_customers_address_is_checked_and_normalised() {
    let (mut ledger, customer) = ledger_with_customer();
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
    draft.address =
        Address { line1: "Storgata 1".into(), line2: String::new(), postcode: "150".into(), city: "Oslo".into(), country: "NO".into(), ..Default::default() };
    assert_eq!(fields(&run(&mut ledger, Command::SaveCustomer(draft.clone())).unwrap_err()), vec!["address.postcode"]);
    draft.address.country = "Norway".into();
    assert_eq!(fields(&run(&mut ledger, Command::SaveCustomer(draft.clone())).unwrap_err()), vec!["address.country"]);
    draft.address.city = "Oslo\nsentrum".into();
    draft.address.country = "no".into();
    draft.address.postcode = " 0150 ".into();
    assert_eq!(fields(&run(&mut ledger, Command::SaveCustomer(draft.clone())).unwrap_err()), vec!["address.city"]);
    draft.address.city = "Oslo".into();
    ok(&mut ledger, Command::SaveCustomer(draft));
    let saved = &ledger.customers[&customer].address;
    assert_eq!((saved.postcode.as_str(), saved.country.as_str()), ("0150", "NO"));
}

#[test]
fn a_customer_stored_before_addresses_existed_still_reads() {
    // The first stored version of a customer had no address field.
    #[derive(serde::Serialize)]
    struct CustomerV1<'a> {
        id: &'a str,
        name: &'a str,
        class_id: &'a str,
        status: reskontra_core::customers::customer::CustomerStatus,
        terms_id: &'a str,
        currency: &'a str,
        allow_currency_override: bool,
        email: &'a str,
    }
    let old = CustomerV1 {
        id: "10001",
        name: "Fjell Bygg AS",
        class_id: "DOMESTIC",
        status: reskontra_core::customers::customer::CustomerStatus::Active,
        terms_id: "NET30",
        currency: "NOK",
        allow_currency_override: false,
        email: "",
    };
    let bytes = rmp_serde::to_vec_named(&old).expect("encode");
    let read: Customer = rmp_serde::from_slice(&bytes).expect("an old record decodes");
    assert_eq!(read.name, "Fjell Bygg AS");
    assert_eq!(read.address, Address::default());
    let json = serde_json::to_string(&old).expect("json");
    let read: Customer = serde_json::from_str(&json).expect("an old backup record decodes");
    assert_eq!(read.address, Address::default());
}
