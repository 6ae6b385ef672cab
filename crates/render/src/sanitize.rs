//! Users' HTML email bodies made safe to send (R10.5), with ammonia: no scripts, no
//! event handlers (`onerror=` …), no `javascript:` or other unlisted URLs, no styles
//! or forms; ordinary formatting (paragraphs, emphasis, lists, tables, headings) and
//! links stay. Links may be `http`, `https` or `mailto`; a `data:` URL is kept only
//! as an image's source and only for an image type (a logo pasted into the text).

use std::borrow::Cow;
use std::collections::HashSet;

/// Whether `value` is a `data:` URL (any case, leading spaces ignored).
fn is_data_url(value: &str) -> bool {
    value.trim_start().get(..5).is_some_and(|s| s.eq_ignore_ascii_case("data:"))
}

/// `html` with everything that could run code or leak removed (see the module).
pub fn sanitize_html(html: &str) -> String {
    let mut builder = ammonia::Builder::default();
    builder.url_schemes(HashSet::from(["http", "https", "mailto", "data"]));
    builder.attribute_filter(|element, attribute, value| {
        if !is_data_url(value) {
            return Some(Cow::Borrowed(value));
        }
        let image = value.trim_start().get(5..).is_some_and(|rest| rest.to_ascii_lowercase().starts_with("image/"));
        (element == "img" && attribute == "src" && image).then_some(Cow::Borrowed(value))
    });
    builder.clean(html).to_string()
}
