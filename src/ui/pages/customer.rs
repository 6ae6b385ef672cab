//! Customer (record window): the top part with the key fields and read-only
//! balances, and the customer's documents.

use leptos::prelude::*;
use reskontra_core::address::{countries_with_rules, Address};
use reskontra_core::command::CustomerDraft;
use reskontra_core::customer::CustomerStatus;
use reskontra_core::{Command, Record};

use crate::delivery::{confirm, prompt};
use reskontra_core::Problem;
use crate::ui::components::credit::{ChargesFields, ChargesForm, CreditFields, CreditForm};
use crate::ui::components::form::{CheckBox, Field, ProblemSummary, Select, TextInput};
use reskontra_core::credit::{first_due_date, remaining_credit};
use crate::ui::components::status::Figure;
use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::pages::base_currency;
use crate::ui::route::{document_route, navigate, DocRoute, Route};
use reskontra_core::document::DocType;

#[derive(Clone, Copy)]
struct Form {
    id: RwSignal<String>,
    name: RwSignal<String>,
    class_id: RwSignal<String>,
    status: RwSignal<String>,
    terms_id: RwSignal<String>,
    currency: RwSignal<String>,
    allow_currency_override: RwSignal<bool>,
    email: RwSignal<String>,
    line1: RwSignal<String>,
    line2: RwSignal<String>,
    postcode: RwSignal<String>,
    city: RwSignal<String>,
    country: RwSignal<String>,
    credit: CreditForm,
    charges: ChargesForm,
    print_email: RwSignal<reskontra_core::customer::PrintEmail>,
}

impl Form {
    fn new() -> Self {
        Form {
            id: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            class_id: RwSignal::new(String::new()),
            status: RwSignal::new(CustomerStatus::Active.label().to_string()),
            terms_id: RwSignal::new(String::new()),
            currency: RwSignal::new(String::new()),
            allow_currency_override: RwSignal::new(false),
            email: RwSignal::new(String::new()),
            line1: RwSignal::new(String::new()),
            line2: RwSignal::new(String::new()),
            postcode: RwSignal::new(String::new()),
            city: RwSignal::new(String::new()),
            country: RwSignal::new(String::new()),
            credit: CreditForm::new(&Default::default()),
            charges: ChargesForm::new(&Default::default()),
            print_email: RwSignal::new(Default::default()),
        }
    }

    fn fill(&self, d: &CustomerDraft) {
        self.id.set(d.id.clone());
        self.name.set(d.name.clone());
        self.class_id.set(d.class_id.clone());
        self.status.set(d.status.label().to_string());
        self.terms_id.set(d.terms_id.clone());
        self.currency.set(d.currency.clone());
        self.allow_currency_override.set(d.allow_currency_override);
        self.email.set(d.email.clone());
        self.line1.set(d.address.line1.clone());
        self.line2.set(d.address.line2.clone());
        self.postcode.set(d.address.postcode.clone());
        self.city.set(d.address.city.clone());
        self.country.set(d.address.country.clone());
        self.credit.fill(&d.credit);
        self.charges.fill(&d.dunning);
        self.print_email.set(d.print_email.clone());
    }

    fn address(&self, tracked: bool) -> Address {
        let read = |s: RwSignal<String>| if tracked { s.get() } else { s.get_untracked() };
        Address { line1: read(self.line1), line2: read(self.line2), postcode: read(self.postcode), city: read(self.city), country: read(self.country) }
    }

    fn draft(&self, is_new: bool) -> CustomerDraft {
        CustomerDraft {
            is_new,
            id: self.id.get_untracked(),
            name: self.name.get_untracked(),
            class_id: self.class_id.get_untracked(),
            status: CustomerStatus::from_label(&self.status.get_untracked()).unwrap_or(CustomerStatus::Active),
            terms_id: self.terms_id.get_untracked(),
            currency: self.currency.get_untracked(),
            allow_currency_override: self.allow_currency_override.get_untracked(),
            email: self.email.get_untracked(),
            address: self.address(false),
            credit: self.credit.draft(false),
            dunning: self.charges.draft(false),
            print_email: self.print_email.get_untracked(),
        }
    }

    /// Tracks every field, so a memo over it notices edits.
    fn snapshot(&self) -> CustomerDraft {
        CustomerDraft {
            is_new: false,
            id: self.id.get(),
            name: self.name.get(),
            class_id: self.class_id.get(),
            status: CustomerStatus::from_label(&self.status.get()).unwrap_or(CustomerStatus::Active),
            terms_id: self.terms_id.get(),
            currency: self.currency.get(),
            allow_currency_override: self.allow_currency_override.get(),
            email: self.email.get(),
            address: self.address(true),
            credit: self.credit.draft(true),
            dunning: self.charges.draft(true),
            print_email: self.print_email.get(),
        }
    }
}

fn label_of(field: &str) -> String {
    match field {
        "id" => "Customer no.",
        "name" => "Name",
        "class_id" => "Customer class",
        "terms_id" => "Terms",
        "currency" => "Currency",
        "email" => "Email",
        "address.line1" => "Address line 1",
        "address.line2" => "Address line 2",
        "address.postcode" => "Postcode",
        "address.city" => "City",
        "address.country" => "Country",
        "credit_limit" => "Credit limit",
        "days_past_due" => "Days past due",
        "write_off_limit" => "Write-off limit",
        other => other,
    }
    .to_string()
}

#[component]
pub fn CustomerWindow(id: Option<String>) -> impl IntoView {
    let ctx = use_ledger();
    let is_new = id.is_none();
    let form = Form::new();
    let problems = RwSignal::new(Vec::new());
    let original = ctx.ledger.with_untracked(|l| match &id {
        Some(id) => l.customers.get(id).map(CustomerDraft::from_customer),
        None => l.classes.values().next().map(|class| CustomerDraft::new_of_class(class, &l.settings)),
    });
    let Some(original) = original else {
        return if is_new {
            view! {
                <div class="window empty" data-testid="customer-needs-class">
                    <h1>"New customer"</h1>
                    <p>"Every customer belongs to a customer class, which gives it its defaults. Create a class first."</p>
                    <a class="button primary" href="#/classes/new">"New customer class"</a>
                </div>
            }
            .into_any()
        } else {
            view! {
                <div class="window empty"><h1>"Customer not found"</h1><p>{format!("There is no customer {}.", id.clone().unwrap_or_default())}</p><a href="#/customers">"Back to Customers"</a></div>
            }
            .into_any()
        };
    };
    form.fill(&original);
    let saved = RwSignal::new(original);
    let dirty = Memo::new(move |_| {
        let now = form.snapshot();
        saved.with(|s| CustomerDraft { is_new: false, ..s.clone() } != now)
    });
    ctx.track_unsaved(dirty);
    // A new customer copies the defaults of the class chosen (SPEC R2.2).
    if is_new {
        Effect::new(move |previous: Option<String>| {
            let class_id = form.class_id.get();
            if previous.is_some_and(|p| p != class_id) {
                ctx.ledger.with_untracked(|l| {
                    if let Some(class) = l.classes.get(&class_id) {
                        let defaults = CustomerDraft::new_of_class(class, &l.settings);
                        form.terms_id.set(defaults.terms_id);
                        form.currency.set(defaults.currency);
                        form.allow_currency_override.set(defaults.allow_currency_override);
                        form.credit.fill(&defaults.credit);
                        form.charges.fill(&defaults.dunning);
                    }
                });
            }
            class_id
        });
    }

    let save = move || {
        let draft = form.draft(is_new);
        leptos::task::spawn_local(async move {
            match ctx.run(Command::SaveCustomer(draft)).await {
                Ok(change) => {
                    problems.set(Vec::new());
                    if let Some(Record::Customer(c)) = change.puts.first() {
                        ctx.notify(format!("Customer {} saved", c.id));
                        let stored = CustomerDraft::from_customer(c);
                        // The form shows what was stored (the number taken, trimmed text).
                        form.fill(&stored);
                        saved.set(stored);
                        if is_new {
                            ctx.leave_to(&Route::Customer(Some(c.id.clone())));
                        }
                    }
                }
                Err(found) => problems.set(found),
            }
        });
    };
    let cancel = move || {
        form.fill(&saved.get_untracked());
        problems.set(Vec::new());
    };
    let delete = move || {
        let id = form.id.get_untracked();
        if !confirm(&format!("Delete customer {id}? This cannot be undone.")) {
            return;
        }
        leptos::task::spawn_local(async move {
            match ctx.run(Command::DeleteCustomer(id.clone())).await {
                Ok(_) => {
                    ctx.notify(format!("Customer {id} deleted"));
                    ctx.leave_to(&Route::Customers);
                }
                Err(found) => problems.set(found),
            }
        });
    };
    let change_id = move || {
        let from = saved.with_untracked(|s| s.id.clone());
        let Some(to) = prompt(&format!("New customer number for {from} (every document follows):"), &from) else { return };
        leptos::task::spawn_local(async move {
            match ctx.run(Command::ChangeCustomerId { from: from.clone(), to }).await {
                Ok(change) => {
                    if let Some(Record::Customer(c)) = change.puts.first() {
                        ctx.notify(format!("Customer {from} is now {}", c.id));
                        ctx.leave_to(&Route::Customer(Some(c.id.clone())));
                    }
                }
                Err(found) => problems.set(found.into_iter().map(|p| Problem::new("", p.message)).collect()),
            }
        });
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "s" {
            ev.prevent_default();
            save();
        } else if ev.key() == "Escape" {
            cancel();
        }
    };

    let options = Signal::derive(move || {
        ctx.ledger.with(|l| {
            (
                l.classes.values().map(|c| (c.id.clone(), format!("{} – {}", c.id, c.description))).collect::<Vec<_>>(),
                l.settings.terms.iter().map(|t| (t.id.clone(), format!("{} – {}", t.id, t.description))).collect::<Vec<_>>(),
                l.settings.currencies.iter().map(|c| (c.code.clone(), c.code.clone())).collect::<Vec<_>>(),
            )
        })
    });
    let statuses = Signal::derive(|| CustomerStatus::ALL.iter().map(|s| (s.label().to_string(), s.label().to_string())).collect::<Vec<_>>());
    let customer_id = move || saved.with(|s| s.id.clone());
    let balances = Memo::new(move |_| ctx.ledger.with(|l| l.balances_of(&customer_id())));
    let base = Signal::derive(move || ctx.ledger.with(base_currency));
    let next_number = ctx.ledger.with_untracked(|l| {
        l.settings.series.get(&reskontra_core::settings::SeriesKind::Customer).map(|s| format!("New: {}", s.peek())).unwrap_or_default()
    });
    let title = move || if is_new { "New customer".to_string() } else { format!("Customer {}", customer_id()) };

    view! {
        <div class="window record-window" on:keydown=on_keydown>
            <div class="toolbar">
                <h1 data-testid="window-title">{title}</h1>
                <button class="button primary" data-testid="save" on:click=move |_| save() title="Save (Ctrl+S)">"Save"</button>
                <button class="button" data-testid="cancel" on:click=move |_| cancel() title="Undo unsaved changes (Esc)">"Cancel"</button>
                <a class="button" href="#/customers/new">"New"</a>
                {(!is_new).then(|| view! {
                    <button class="button" data-testid="delete" on:click=move |_| delete()>"Delete"</button>
                    <button class="button" data-testid="change-id" on:click=move |_| change_id()>"Change ID"</button>
                    <a class="button" data-testid="new-invoice-for-customer" href=move || Route::Invoice(DocRoute::new_of(DocType::Invoice, Some(customer_id()))).href()>"New invoice"</a>
                    <a class="button" data-testid="customer-details" href=move || Route::CustomerDetails(Some(customer_id())).href()>"Customer details"</a>
                    <a class="button" data-testid="new-payment-for-customer" href=move || Route::Payment(DocRoute::new_of(DocType::Payment, Some(customer_id()))).href()>"New payment"</a>
                })}
                <span class="dirty" data-testid="dirty" class:shown=move || dirty.get()>"Unsaved changes"</span>
            </div>
            <ProblemSummary problems=problems label_of=label_of />
            <div class="top-part">
                <div class="form-grid">
                    <Field label="Customer no." name="id" problems=problems>
                        <TextInput value=form.id testid="customer-id" readonly=!is_new placeholder=next_number />
                    </Field>
                    <Field label="Name" name="name" problems=problems required=true>
                        <TextInput value=form.name testid="customer-name" />
                    </Field>
                    <Field label="Customer class" name="class_id" problems=problems required=true>
                        <Select value=form.class_id testid="customer-class" options=Signal::derive(move || options.get().0) />
                    </Field>
                    <Field label="Status" name="status" problems=problems>
                        <Select value=form.status testid="customer-status" options=statuses />
                    </Field>
                    <Field label="Terms" name="terms_id" problems=problems>
                        <Select value=form.terms_id testid="customer-terms" options=Signal::derive(move || options.get().1) />
                    </Field>
                    <Field label="Currency" name="currency" problems=problems>
                        <Select value=form.currency testid="customer-currency" options=Signal::derive(move || options.get().2) />
                    </Field>
                    <Field label="Email" name="email" problems=problems wide=true>
                        <TextInput value=form.email testid="customer-email" kind="email" />
                    </Field>
                    <div class="field">
                        <CheckBox value=form.allow_currency_override testid="customer-currency-override" label="Enable currency override" />
                    </div>
                    <div class="form-heading">"Main address"</div>
                    <Field label="Address line 1" name="address.line1" problems=problems wide=true>
                        <TextInput value=form.line1 testid="customer-address-line1" />
                    </Field>
                    <Field label="Address line 2" name="address.line2" problems=problems wide=true>
                        <TextInput value=form.line2 testid="customer-address-line2" />
                    </Field>
                    <Field label="Postcode" name="address.postcode" problems=problems>
                        <TextInput value=form.postcode testid="customer-address-postcode" />
                    </Field>
                    <Field label="City" name="address.city" problems=problems>
                        <TextInput value=form.city testid="customer-address-city" />
                    </Field>
                    <Field label="Country" name="address.country" problems=problems>
                        <input data-testid="customer-address-country" list="country-codes" maxlength="2" placeholder="NO"
                            prop:value=move || form.country.get() on:input=move |ev| form.country.set(event_target_value(&ev).to_uppercase()) />
                        <datalist id="country-codes">
                            {countries_with_rules().into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
                        </datalist>
                    </Field>
                    <CreditFields form=form.credit problems=problems testid="customer" />
                    <ChargesFields form=form.charges problems=problems testid="customer" />
                </div>
                {(!is_new).then(|| view! {
                    <div class="figures">
                        <Figure label="Balance" testid="customer-balance" amount=Signal::derive(move || balances.get().balance) currency=base />
                        <Figure label="Prepayment balance" testid="customer-prepayment-balance" amount=Signal::derive(move || -balances.get().prepayment_balance.abs()) currency=base />
                        <Figure label="Unreleased balance" testid="customer-unreleased-balance" amount=Signal::derive(move || balances.get().unreleased_balance) currency=base />
                        {move || ctx.ledger.with(|l| remaining_credit(l, &customer_id())).map(|remaining| view! {
                            <Figure label="Remaining credit limit" testid="customer-remaining-credit" amount=Signal::derive(move || remaining) currency=base />
                        })}
                        {move || ctx.ledger.with(|l| first_due_date(l, &customer_id())).map(|due| view! {
                            <div class="figure"><div class="figure-label">"First due date"</div><div class="figure-value" data-testid="customer-first-due-date">{due.to_string()}</div></div>
                        })}
                    </div>
                })}
            </div>
            {(!is_new).then(|| view! { <CustomerDocuments customer_id=Signal::derive(customer_id) /> })}
        </div>
    }
    .into_any()
}

#[component]
fn CustomerDocuments(customer_id: Signal<String>) -> impl IntoView {
    let ctx = use_ledger();
    let rows = Memo::new(move |_| {
        let id = customer_id.get();
        ctx.ledger.with(|l| {
            let mut documents: Vec<_> = l.documents_of(&id).collect();
            documents.sort_by(|a, b| (b.date, b.id).cmp(&(a.date, a.id)));
            documents
                .into_iter()
                .map(|d| TableRow {
                    key: document_route(d.doc_type, &d.ref_nbr).href(),
                    cells: vec![
                        d.doc_type.label().to_string(),
                        d.ref_nbr.clone(),
                        d.date.to_string(),
                        d.due_date.map(|x| x.to_string()).unwrap_or_default(),
                        d.status.label().to_string(),
                        d.currency.clone(),
                        d.total.to_string(),
                        d.balance.to_string(),
                    ],
                })
                .collect::<Vec<_>>()
        })
    });
    let decimals = ctx.ledger.with_untracked(|l| base_currency(l).1);
    let columns = vec![
        Column::choice("Type", "90px"),
        Column::text("Reference", "120px"),
        Column::text("Date", "100px"),
        Column::text("Due date", "100px"),
        Column::choice("Status", "110px"),
        Column::choice("Currency", "80px"),
        Column::amount("Total", decimals),
        Column::amount("Balance", decimals),
    ];
    let open = Callback::new(|href: String| navigate(&Route::parse(&href)));
    view! {
        <section class="tab-section">
            <h2>"Documents"</h2>
            <DataTable testid="customer-documents" columns=columns rows=rows on_open=open
                empty=|| view! { <p class="empty">"No documents yet for this customer."</p> } />
        </section>
    }
}
