//! The top bar's search box (Ctrl+K): jumps to any window, customer or document.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::context::use_ledger;
use crate::ui::route::{document_route, navigate, Route};

/// How many matches are offered.
const MAX_MATCHES: usize = 8;

/// The windows one can jump to by name.
fn windows() -> Vec<(&'static str, Route)> {
    vec![
        ("Customers", Route::Customers),
        ("Customer classes", Route::Classes),
        ("Invoices and notes", Route::Invoices),
        ("Payments and applications", Route::Payments),
        ("Release documents", Route::Release),
        ("Customer details", Route::CustomerDetails(None)),
        ("Calculate overdue charges", Route::OverdueCharges),
        ("Write off balances and credits", Route::WriteOffs),
        ("Journal", Route::Journal),
        ("Unreleased documents", Route::UnreleasedDocuments),
        ("Open documents", Route::OpenDocuments),
        ("Preferences and backup", Route::Settings),
        ("Companies", Route::Companies),
        ("Reference tables", Route::ReferenceTables),
        ("Mailing settings", Route::MailingSettings),
        ("Update credit hold", Route::CreditHold),
        ("Notification templates", Route::Templates),
        ("Mass emails", Route::MassEmails),
        ("Send invoices", Route::SendInvoices),
        ("Pending emails", Route::PendingEmails),
        ("Recurring transactions", Route::Schedules),
        ("Generate recurring transactions", Route::GenerateSchedules),
        ("Ageing reports", Route::Ageing),
        ("Print statements", Route::Statements),
        ("Prepare dunning letters", Route::Dunning),
    ]
}

#[component]
pub fn Jump() -> impl IntoView {
    let ctx = use_ledger();
    let text = RwSignal::new(String::new());
    let input = NodeRef::<leptos::html::Input>::new();
    let matches = Memo::new(move |_| {
        let typed = text.get().trim().to_lowercase();
        if typed.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<(String, Route)> =
            windows().into_iter().filter(|(name, _)| name.to_lowercase().contains(&typed)).map(|(n, r)| (n.to_string(), r)).collect();
        ctx.ledger.with(|l| {
            found.extend(
                l.customers
                    .values()
                    .filter(|c| c.id.to_lowercase().starts_with(&typed) || c.name.to_lowercase().contains(&typed))
                    .take(MAX_MATCHES)
                    .map(|c| (format!("Customer {} {}", c.id, c.name), Route::Customer(Some(c.id.clone())))),
            );
            found.extend(
                l.documents
                    .values()
                    .filter(|d| d.ref_nbr.to_lowercase() == typed || (typed.len() >= 3 && d.ref_nbr.to_lowercase().contains(&typed)))
                    .take(MAX_MATCHES)
                    .map(|d| (format!("{} {}", d.doc_type.label(), d.ref_nbr), document_route(d.doc_type, &d.ref_nbr))),
            );
        });
        found.truncate(MAX_MATCHES);
        found
    });
    let go = move |route: Route| {
        text.set(String::new());
        navigate(&route);
    };
    // Ctrl+K (or Cmd+K) focuses the box from anywhere.
    let _shortcut = window_event_listener(leptos::ev::keydown, move |ev| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("k") {
            ev.prevent_default();
            if let Some(el) = input.get_untracked() {
                let _ = el.focus();
            }
        }
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            if let Some((_, route)) = matches.get_untracked().into_iter().next() {
                go(route);
            }
        }
        "Escape" => {
            text.set(String::new());
            if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = el.blur();
            }
        }
        _ => {}
    };
    view! {
        <div class="jump">
            <input node_ref=input type="search" placeholder="Jump to… (Ctrl+K)" aria-label="Jump to a window, customer or document" data-testid="jump"
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) on:keydown=on_keydown />
            {move || (!matches.with(|m| m.is_empty())).then(|| view! {
                <ul class="jump-list" data-testid="jump-list">
                    {matches.get().into_iter().map(|(label, route)| {
                        let target = route.clone();
                        view! { <li><button data-testid="jump-item" on:mousedown=move |ev| { ev.prevent_default(); go(target.clone()); }>{label}</button></li> }
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}
