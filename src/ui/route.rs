//! Hash routes: every window has a URL (`#/invoices/INV000001`), so reload, back,
//! forward and bookmarks work on any static host and under any sub-path, with no
//! server rewrite rules.

use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Customers,
    /// `None`: a new customer.
    Customer(Option<String>),
    Classes,
    Class(Option<String>),
    Invoices,
    /// A ref number, or `None` for new (`customer` preselected).
    Invoice(Option<String>, Option<String>),
    Payments,
    Payment(Option<String>, Option<String>),
    Release,
    Settings,
    ReferenceTables,
    NotFound(String),
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#');
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let customer = query.split('&').find_map(|kv| kv.strip_prefix("customer=")).map(decode);
        let parts: Vec<&str> = path.trim_matches('/').split('/').filter(|p| !p.is_empty()).collect();
        let item = |s: &str| if s == "new" { None } else { Some(decode(s)) };
        match parts.as_slice() {
            [] | ["customers"] => Route::Customers,
            ["customers", id] => Route::Customer(item(id)),
            ["classes"] => Route::Classes,
            ["classes", id] => Route::Class(item(id)),
            ["invoices"] => Route::Invoices,
            ["invoices", r] => Route::Invoice(item(r), customer),
            ["payments"] => Route::Payments,
            ["payments", r] => Route::Payment(item(r), customer),
            ["release"] => Route::Release,
            ["settings"] => Route::Settings,
            ["reference-tables"] => Route::ReferenceTables,
            _ => Route::NotFound(path.to_string()),
        }
    }

    pub fn href(&self) -> String {
        let item = |id: &Option<String>| id.as_deref().map(encode).unwrap_or_else(|| "new".to_string());
        let with_customer = |base: String, customer: &Option<String>| match customer {
            Some(c) => format!("{base}?customer={}", encode(c)),
            None => base,
        };
        match self {
            Route::Customers => "#/customers".into(),
            Route::Customer(id) => format!("#/customers/{}", item(id)),
            Route::Classes => "#/classes".into(),
            Route::Class(id) => format!("#/classes/{}", item(id)),
            Route::Invoices => "#/invoices".into(),
            Route::Invoice(r, c) => with_customer(format!("#/invoices/{}", item(r)), c),
            Route::Payments => "#/payments".into(),
            Route::Payment(r, c) => with_customer(format!("#/payments/{}", item(r)), c),
            Route::Release => "#/release".into(),
            Route::Settings => "#/settings".into(),
            Route::ReferenceTables => "#/reference-tables".into(),
            Route::NotFound(p) => format!("#{p}"),
        }
    }
}

fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).as_string().unwrap_or_else(|| text.to_string())
}

fn decode(text: &str) -> String {
    js_sys::decode_uri_component(text).ok().and_then(|s| s.as_string()).unwrap_or_else(|| text.to_string())
}

/// The current route, kept in step with the address bar.
#[derive(Clone, Copy)]
pub struct RouteCtx(pub RwSignal<Route>);

pub fn current_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Goes to `route` (adds a history entry).
pub fn navigate(route: &Route) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(&route.href());
    }
}
