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
