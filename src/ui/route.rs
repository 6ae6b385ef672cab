//! Hash routes: every window has a URL (`#/invoices/INV000001`), so reload, back,
//! forward and bookmarks work on any static host and under any sub-path, with no
//! server rewrite rules.

use leptos::prelude::*;
use reskontra_core::documents::document::DocType;

/// A document window's address: its type (when known), its number (`None`: a new
/// one) and, for a new one, the customer to start with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocRoute {
    pub doc_type: Option<DocType>,
    pub ref_nbr: Option<String>,
    pub customer: Option<String>,
}

impl DocRoute {
    pub fn existing(doc_type: DocType, ref_nbr: &str) -> Self {
        DocRoute { doc_type: Some(doc_type), ref_nbr: Some(ref_nbr.to_string()), customer: None }
    }

    pub fn new_of(doc_type: DocType, customer: Option<String>) -> Self {
        DocRoute { doc_type: Some(doc_type), ref_nbr: None, customer }
    }
}

impl DocRoute {
    /// The document this address names: of its type, or the first of `types` with
    /// that number when the address has no type.
    pub fn find(&self, ledger: &reskontra_core::Ledger, types: &[DocType]) -> Option<reskontra_core::documents::document::Document> {
        let ref_nbr = self.ref_nbr.as_ref()?;
        match self.doc_type {
            Some(t) => ledger.document_by_ref(t, ref_nbr).cloned(),
            None => types.iter().find_map(|t| ledger.document_by_ref(*t, ref_nbr).cloned()),
        }
    }
}

/// The URL word of a document type (`credit-note`).
pub fn type_slug(doc_type: DocType) -> &'static str {
    match doc_type {
        DocType::Invoice => "invoice",
        DocType::DebitNote => "debit-note",
        DocType::CreditNote => "credit-note",
        DocType::CashSale => "cash-sale",
        DocType::CashReturn => "cash-return",
        DocType::Payment => "payment",
        DocType::Prepayment => "prepayment",
        DocType::Refund => "refund",
        DocType::VoidPayment => "void-payment",
        DocType::OverdueCharge => "overdue-charge",
        DocType::CreditWriteOff => "credit-write-off",
        DocType::BalanceWriteOff => "balance-write-off",
    }
}

pub fn type_of_slug(slug: &str) -> Option<DocType> {
    DocType::all().find(|t| type_slug(*t) == slug)
}

/// The window of a document: invoice-like types in the invoice window, the rest in
/// the payment window.
pub fn document_route(doc_type: DocType, ref_nbr: &str) -> Route {
    let target = DocRoute::existing(doc_type, ref_nbr);
    if doc_type.is_invoice_like() {
        Route::Invoice(target)
    } else {
        Route::Payment(target)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Customers,
    /// `None`: a new customer.
    Customer(Option<String>),
    Classes,
    Class(Option<String>),
    Invoices,
    Invoice(DocRoute),
    /// The print-ready view of an invoice-like document (R4.5).
    InvoicePrint(DocRoute),
    Payments,
    Payment(DocRoute),
    /// The Customer details inquiry, for a customer or none yet.
    CustomerDetails(Option<String>),
    Release,
    /// R6.2: documents entered but not released.
    UnreleasedDocuments,
    /// R6.2: released documents with a balance, by period and customer.
    OpenDocuments,
    OverdueCharges,
    WriteOffs,
    Journal,
    Settings,
    /// Settings → Companies: list, create, rename, switch, delete, demo (R0.5, R13.6).
    Companies,
    ReferenceTables,
    MailingSettings,
    CreditHold,
    Statements,
    Dunning,
    /// Send invoices (AR508000, R11).
    SendInvoices,
    /// One print-ready page of several documents, by internal id (`12,15,20`, R11.5).
    PrintInvoices(String),
    /// The Pending emails queue (SM507000, R12).
    PendingEmails,
    /// One email of the queue, by its number.
    Email(u32),
    /// Notification templates (R10.3): the list, and one template (`None`: a new one).
    Templates,
    Template(Option<String>),
    /// Template-based emails to customers chosen by a filter (seed 000).
    MassEmails,
    /// Recurring transactions (AR203500, R7): the list, and one schedule (`None`: a new
    /// one; `?doc=<internal id>` makes it for that document, *Add to schedule*).
    Schedules,
    Schedule(Option<u32>),
    /// Generate recurring transactions (AR504000, R7.3, R7.4).
    GenerateSchedules,
    /// The ageing reports (R8).
    Ageing,
    /// The hidden benchmark entry point (issue 15): a case and its optional `?n=`.
    Bench(String, Option<usize>),
    NotFound(String),
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#');
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let param = |name: &str| query.split('&').find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('='))).map(decode);
        let customer = param("customer");
        let typed = param("type").and_then(|t| type_of_slug(&t));
        let doc = |slug: Option<&str>, r: &str| DocRoute {
            doc_type: slug.and_then(type_of_slug).or(typed),
            ref_nbr: if r == "new" { None } else { Some(decode(r)) },
            customer: customer.clone(),
        };
        let parts: Vec<&str> = path.trim_matches('/').split('/').filter(|p| !p.is_empty()).collect();
        let item = |s: &str| if s == "new" { None } else { Some(decode(s)) };
        match parts.as_slice() {
            [] | ["customers"] => Route::Customers,
            ["customers", id] => Route::Customer(item(id)),
            ["classes"] => Route::Classes,
            ["classes", id] => Route::Class(item(id)),
            ["invoices"] => Route::Invoices,
            ["invoices", r] => Route::Invoice(doc(None, r)),
            ["invoices", slug, r] => Route::Invoice(doc(Some(slug), r)),
            ["invoices", slug, r, "print"] => Route::InvoicePrint(doc(Some(slug), r)),
            ["payments"] => Route::Payments,
            ["payments", r] => Route::Payment(doc(None, r)),
            ["payments", slug, r] => Route::Payment(doc(Some(slug), r)),
            ["release"] => Route::Release,
            ["journal"] => Route::Journal,
            ["unreleased-documents"] => Route::UnreleasedDocuments,
            ["open-documents"] => Route::OpenDocuments,
            ["overdue-charges"] => Route::OverdueCharges,
            ["write-offs"] => Route::WriteOffs,
            ["customer-details"] => Route::CustomerDetails(customer.clone()),
            ["settings"] => Route::Settings,
            ["companies"] => Route::Companies,
            ["reference-tables"] => Route::ReferenceTables,
            ["mailing-settings"] => Route::MailingSettings,
            ["credit-hold"] => Route::CreditHold,
            ["statements"] => Route::Statements,
            ["dunning"] => Route::Dunning,
            ["send-invoices"] => Route::SendInvoices,
            ["send-invoices", "print", ids] => Route::PrintInvoices(decode(ids)),
            ["pending-emails"] => Route::PendingEmails,
            ["pending-emails", n] => n.parse().map(Route::Email).unwrap_or_else(|_| Route::NotFound(path.to_string())),
            ["templates"] => Route::Templates,
            ["templates", id] => Route::Template(item(id)),
            ["mass-emails"] => Route::MassEmails,
            ["schedules"] => Route::Schedules,
            ["schedules", "new"] => Route::Schedule(None),
            ["schedules", n] => n.parse().map(|n| Route::Schedule(Some(n))).unwrap_or_else(|_| Route::NotFound(path.to_string())),
            ["generate-schedules"] => Route::GenerateSchedules,
            ["ageing"] => Route::Ageing,
            ["bench", case] => Route::Bench(decode(case), param("n").and_then(|n| n.parse().ok())),
            _ => Route::NotFound(path.to_string()),
        }
    }

    pub fn href(&self) -> String {
        let item = |id: &Option<String>| id.as_deref().map(encode).unwrap_or_else(|| "new".to_string());
        let doc = |window: &str, d: &DocRoute| match (&d.ref_nbr, d.doc_type) {
            (Some(r), Some(t)) => format!("#/{window}/{}/{}", type_slug(t), encode(r)),
            (Some(r), None) => format!("#/{window}/{}", encode(r)),
            (None, t) => {
                let mut query: Vec<String> = Vec::new();
                if let Some(t) = t {
                    query.push(format!("type={}", type_slug(t)));
                }
                if let Some(c) = &d.customer {
                    query.push(format!("customer={}", encode(c)));
                }
                if query.is_empty() {
                    format!("#/{window}/new")
                } else {
                    format!("#/{window}/new?{}", query.join("&"))
                }
            }
        };
        match self {
            Route::Customers => "#/customers".into(),
            Route::Customer(id) => format!("#/customers/{}", item(id)),
            Route::Classes => "#/classes".into(),
            Route::Class(id) => format!("#/classes/{}", item(id)),
            Route::Invoices => "#/invoices".into(),
            Route::Invoice(d) => doc("invoices", d),
            Route::InvoicePrint(d) => format!("{}/print", doc("invoices", d)),
            Route::Payments => "#/payments".into(),
            Route::Payment(d) => doc("payments", d),
            Route::Release => "#/release".into(),
            Route::Journal => "#/journal".into(),
            Route::UnreleasedDocuments => "#/unreleased-documents".into(),
            Route::OpenDocuments => "#/open-documents".into(),
            Route::OverdueCharges => "#/overdue-charges".into(),
            Route::WriteOffs => "#/write-offs".into(),
            Route::CustomerDetails(None) => "#/customer-details".into(),
            Route::CustomerDetails(Some(c)) => format!("#/customer-details?customer={}", encode(c)),
            Route::Settings => "#/settings".into(),
            Route::Companies => "#/companies".into(),
            Route::ReferenceTables => "#/reference-tables".into(),
            Route::MailingSettings => "#/mailing-settings".into(),
            Route::CreditHold => "#/credit-hold".into(),
            Route::Statements => "#/statements".into(),
            Route::Dunning => "#/dunning".into(),
            Route::SendInvoices => "#/send-invoices".into(),
            Route::PrintInvoices(ids) => format!("#/send-invoices/print/{}", encode(ids)),
            Route::PendingEmails => "#/pending-emails".into(),
            Route::Email(n) => format!("#/pending-emails/{n}"),
            Route::Templates => "#/templates".into(),
            Route::Template(id) => format!("#/templates/{}", item(id)),
            Route::MassEmails => "#/mass-emails".into(),
            Route::Schedules => "#/schedules".into(),
            Route::Schedule(None) => "#/schedules/new".into(),
            Route::Schedule(Some(n)) => format!("#/schedules/{n}"),
            Route::GenerateSchedules => "#/generate-schedules".into(),
            Route::Ageing => "#/ageing".into(),
            Route::Bench(case, None) => format!("#/bench/{}", encode(case)),
            Route::Bench(case, Some(n)) => format!("#/bench/{}?n={n}", encode(case)),
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

/// Bumped to build the shown window again from scratch, on the same route (*New* on
/// a new record starts it again from the defaults).
#[derive(Clone, Copy)]
pub struct Reopen(pub RwSignal<u32>);

pub fn current_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Goes to `route` (adds a history entry).
/// A parameter of the current address's query (`#/customers/new?class=DOMESTIC`),
/// for a window told something its route does not carry.
pub fn hash_param(name: &str) -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let (_, query) = hash.split_once('?')?;
    query.split('&').find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('='))).map(decode)
}

/// A new customer of class `class`: where a class made from the customer window returns.
pub fn new_customer_of_class(class: &str) -> String {
    format!("{}?class={}", Route::Customer(None).href(), encode(class))
}

/// The new-class window opened from the customer window: saving returns there.
pub const NEW_CLASS_FOR_CUSTOMER: &str = "#/classes/new?for=customer";

pub fn navigate(route: &Route) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(&route.href());
    }
}
