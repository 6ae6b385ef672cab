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

/// The options a picker offers for `typed` (SPEC R3.11's list search over the code
/// and the name or description, terms in any order): an option whose code is `typed`
/// (case ignored) first, then the others that match in their order, at most `max`.
/// Empty text offers the first `max`. `text_of` gives an option's (code, name).
pub fn find_options<'a, T: ?Sized + 'a>(options: impl IntoIterator<Item = &'a T>, text_of: impl Fn(&T) -> (&str, &str), typed: &str, max: usize) -> Vec<&'a T> {
    let typed = typed.trim();
    let lower = typed.to_lowercase();
    let search = Search::new(typed);
    let mut exact = None;
    let mut others = Vec::new();
    for option in options {
        let (code, name) = text_of(option);
        if exact.is_none() && !typed.is_empty() && code.to_lowercase() == lower {
            exact = Some(option);
        } else if others.len() < max && (search.is_empty() || search.matches_lowercase(&format!("{code} {name}").to_lowercase())) {
            others.push(option);
        }
    }
    exact.into_iter().chain(others).take(max).collect()
}

/// The option `typed` names: the one whose code it is (case ignored), else the only
/// option it matches by [`find_options`]; none for empty text or two matches.
pub fn resolve_option<'a, T: ?Sized + 'a>(options: impl IntoIterator<Item = &'a T>, text_of: impl Fn(&T) -> (&str, &str), typed: &str) -> Option<&'a T> {
    if typed.trim().is_empty() {
        return None;
    }
    let found = find_options(options, &text_of, typed, 2);
    match found.as_slice() {
        [first, ..] if text_of(first).0.to_lowercase() == typed.trim().to_lowercase() => Some(first),
        [only] => Some(only),
        _ => None,
    }
}

/// The (code, name) of a plain (code, name) option, for [`find_options`].
pub fn pair_text(option: &(String, String)) -> (&str, &str) {
    (&option.0, &option.1)
}
