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

/// The pickers' finding rule (R3.11) over any (code, name) list: the code typed whole
/// (case ignored) first, then every option whose code and name hold all the terms.
#[test]
fn find_options_and_resolve_option() {
    use reskontra_core::base::search::{find_options, resolve_option};
    let options: Vec<(&str, &str)> = vec![
        ("NET30", "30 days net"),
        ("NET14", "14 days net"),
        ("2/10NET30", "2 % 10 days, net 30"),
        ("COD", "Cash on delivery"),
        ("DOMESTIC", "Norwegian customers"),
        ("EXPORT", "Customers abroad (EUR)"),
    ];
    fn text<'a>(o: &'a (&str, &str)) -> (&'a str, &'a str) {
        (o.0, o.1)
    }
    let codes = |typed: &str, max: usize| find_options(&options, text, typed, max).iter().map(|o| o.0).collect::<Vec<_>>();
    let table: &[(&str, usize, &[&str])] = &[
        ("", 10, &["NET30", "NET14", "2/10NET30", "COD", "DOMESTIC", "EXPORT"]),
        ("", 2, &["NET30", "NET14"]),
        // The code typed whole comes first, whatever its place.
        ("net30", 10, &["NET30", "2/10NET30"]),
        ("2/10net30", 10, &["2/10NET30"]),
        // Any part of the description, terms in any order, % inside a term.
        ("delivery", 10, &["COD"]),
        ("net days", 10, &["NET30", "NET14", "2/10NET30"]),
        ("cust%eur", 10, &["EXPORT"]),
        ("norw", 10, &["DOMESTIC"]),
        ("  cod  ", 10, &["COD"]),
        ("nothing", 10, &[]),
        ("days", 1, &["NET30"]),
    ];
    for (typed, max, expected) in table {
        assert_eq!(codes(typed, *max), expected.to_vec(), "find {typed:?} (at most {max})");
    }
    let resolved = |typed: &str| resolve_option(&options, text, typed).map(|o| o.0);
    let table: &[(&str, Option<&str>)] = &[
        ("net30", Some("NET30")),  // the code, though 2/10NET30 matches too
        ("delivery", Some("COD")), // the only match
        ("abroad", Some("EXPORT")),
        ("days", None), // three match: not chosen for the user
        ("", None),
        ("nothing", None),
    ];
    for (typed, expected) in table {
        assert_eq!(resolved(typed), *expected, "resolve {typed:?}");
    }
}

/// The document-to-apply picker finds an open document by its number, its type, its
/// dates or its balance (R4.9, R3.11).
#[test]
fn find_targets_by_number_type_date_or_balance() {
    use common::*;
    use reskontra_core::documents::applications::{find_targets, target_description};
    let (mut ledger, customer) = ledger_with_customer();
    let first = released_invoice(&mut ledger, &customer, "100");
    let second = released_invoice(&mut ledger, &customer, "1250");
    let docs: Vec<&reskontra_core::documents::document::Document> = vec![&ledger.documents[&first], &ledger.documents[&second]];
    let (one, two) = (docs[0].ref_nbr.clone(), docs[1].ref_nbr.clone());
    assert_eq!(target_description(docs[1]), "Invoice · 2026-03-01 · due 2026-03-31 · balance 1250.00 NOK");
    let refs = |typed: &str| find_targets(&docs, typed, 10).into_iter().map(|(r, _)| r).collect::<Vec<_>>();
    assert_eq!(refs(""), vec![one.clone(), two.clone()]);
    assert_eq!(refs(&two.to_lowercase()), vec![two.clone()]);
    assert_eq!(refs("1250"), vec![two.clone()]);
    assert_eq!(refs("invoice 2026-03"), vec![one.clone(), two.clone()]);
    assert_eq!(refs("balance 100.00"), vec![one.clone()]);
    assert_eq!(refs("credit note"), Vec::<String>::new());
    assert_eq!(find_targets(&docs, "", 1).len(), 1);
}
