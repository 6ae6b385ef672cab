//! The list windows' search (SPEC R3.11), shared with the command-line tool.
//!
//! A search text is split at spaces into terms; a value matches when it contains
//! every term, in any order. Inside a term `%` is a wildcard: `nor%as` matches a
//! value containing `nor` and later `as`. Case is ignored (Unicode lowercase);
//! nothing else is (ø is not o).

/// True when `value` matches the search text `search` (an empty search matches all).
pub fn matches_search(value: &str, search: &str) -> bool {
    let value = value.to_lowercase();
    search.to_lowercase().split_whitespace().all(|term| contains_in_order(&value, term))
}

/// A prepared search, for filtering many rows with the same text.
#[derive(Debug, Clone, Default)]
pub struct Search {
    terms: Vec<Vec<String>>,
}

impl Search {
    pub fn new(search: &str) -> Self {
        Search { terms: search.to_lowercase().split_whitespace().map(|term| term.split('%').filter(|p| !p.is_empty()).map(str::to_string).collect()).collect() }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// `value_lowercase` must already be lowercased (callers cache it per row).
    pub fn matches_lowercase(&self, value_lowercase: &str) -> bool {
        self.terms.iter().all(|parts| parts_in_order(value_lowercase, parts))
    }
}

fn contains_in_order(value: &str, term: &str) -> bool {
    let parts: Vec<String> = term.split('%').filter(|p| !p.is_empty()).map(str::to_string).collect();
    parts_in_order(value, &parts)
}

fn parts_in_order(value: &str, parts: &[String]) -> bool {
    let mut rest = value;
    for part in parts {
        match rest.find(part.as_str()) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}
