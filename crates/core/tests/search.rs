mod common;

use reskontra_core::base::search::{matches_search, Search};

fn check(value: &str, search: &str, expected: bool) {
    assert_eq!(matches_search(value, search), expected, "{value:?} ~ {search:?}");
    assert_eq!(Search::new(search).matches_lowercase(&value.to_lowercase()), expected, "prepared {value:?} ~ {search:?}");
}

#[test]
fn search_terms_wildcards_and_case() {
    check("Nordlys Bygg AS", "", true);
    check("Nordlys Bygg AS", "bygg", true);
    check("Nordlys Bygg AS", "as nordlys", true); // any order
    check("Nordlys Bygg AS", "nordlys elektro", false); // every term must match
    check("Nordlys Bygg AS", "nor%as", true);
    check("Nordlys Bygg AS", "as%nor", false); // order inside a term counts
    check("Nordlys Bygg AS", "%bygg", true);
    check("Nordlys Bygg AS", "bygg%", true);
    check("Nordlys Bygg AS", "%", true);
    check("Nordlys Bygg AS", "NORDLYS", true);
    check("Bjørke Data AS", "bjørke", true);
    check("Bjørke Data AS", "BJØRKE", true);
    check("Bjørke Data AS", "bjorke", false); // ø is not o
    check("Åsheim", "åsheim", true);
    check("Åsheim", "asheim", false);
    check("10001", "100%1", true);
    check("10001", "1%2", false);
}

/// The customer picker finds by number or any part of the name, terms in any order;
/// a typed number comes first; text matching one customer names it.
#[test]
fn the_customer_picker_finds_by_number_or_name() {
    use reskontra_core::command::CustomerDraft;
    use reskontra_core::customers::master::{find_customers, resolve_customer};
    use reskontra_core::Command;
    let (mut ledger, first) = common::ledger_with_customer();
    let class = ledger.classes["DOMESTIC"].clone();
    for name in ["Fjordløs Ærøskøbing AS", "Havbris Marine AS", "Fjord Fisk 10001 AS"] {
        let mut draft = CustomerDraft::new_of_class(&class, &ledger.settings);
        draft.name = name.into();
        common::ok(&mut ledger, Command::SaveCustomer(draft));
    }
    let ids = |typed: &str| find_customers(&ledger, typed, 10).iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids("ærøskøbing"), ["10002"]);
    assert_eq!(ids("AS ÆRØ fjord"), ["10002"], "terms in any order, case ignored");
    assert_eq!(ids("fjord"), ["10002", "10004"]);
    // The number typed comes first, before a name that merely contains it.
    assert_eq!(ids(&first)[..2], [first.clone(), "10004".to_string()]);
    assert_eq!(ids("").len(), 4);
    assert_eq!(find_customers(&ledger, "", 2).len(), 2);
    assert_eq!(resolve_customer(&ledger, "ærøskøbing").map(|c| c.id.as_str()), Some("10002"));
    assert_eq!(resolve_customer(&ledger, "10003").map(|c| c.name.as_str()), Some("Havbris Marine AS"));
    assert!(resolve_customer(&ledger, "fjord").is_none(), "two match: not chosen for the user");
    assert!(resolve_customer(&ledger, "").is_none());
    assert!(resolve_customer(&ledger, "nobody").is_none());
}
