//! Customer (record window, AR303000): the top part with the key fields and the
//! read-only figures, and one tab per part of seed 002 (general, financial,
//! invoicing, delivery, locations, payment methods, contacts, print and email,
//! parent-child, attributes, mailing settings, activities, documents).
//!
//! The whole record is one draft in one signal; inputs bind to its fields.

use leptos::prelude::*;
use reskontra_core::command::CustomerDraft;
use reskontra_core::customers::address::{countries_with_rules, Address};
use reskontra_core::customers::customer::{Contact, ContactInfo, CustomerPaymentMethod, CustomerStatus, Location, OtherParty, StatementType};
use reskontra_core::customers::master::{children_of, consolidated_balance, new_customer_class};
use reskontra_core::fields::{address, customer, AddressPart, FieldPath, Name, Step};
use reskontra_core::{Command, Problem, Record};

use crate::delivery::prompt;
use crate::ui::components::activity::ActivityList;
use crate::ui::components::bind::{cell_error, check_box, named, row_count, select, text_input};
use crate::ui::components::credit::{ChargesFields, ChargesForm, CreditFields, CreditForm};
use crate::ui::components::form::{Field, ProblemSummary};
use crate::ui::components::mailings::{mailings_editor, MailingsOf};
use crate::ui::components::record::{NewButton, RecordForm};
use crate::ui::components::status::Figure;
use crate::ui::components::table::{Column, DataTable, TableRow};
use crate::ui::context::use_ledger;
use crate::ui::pages::base_currency;
use crate::ui::pages::choices::{choices, Choices};
use crate::ui::route::{document_route, navigate, DocRoute, Route, NEW_CLASS_FOR_CUSTOMER};
use crate::{check, choice, pick, row_check, row_text, text};
use reskontra_core::documents::credit::{first_due_date, remaining_credit};
use reskontra_core::documents::document::DocType;
use reskontra_core::reports::rows::{balance_row, days_text};

const TABS: [(&str, &str); 14] = [
    ("general", "General"),
    ("financial", "Financial"),
    ("invoicing", "Invoicing"),
    ("delivery", "Delivery"),
    ("locations", "Locations"),
    ("payment-methods", "Payment methods"),
    ("contacts", "Contacts"),
    ("print-email", "Print and email"),
    ("parent", "Parent-child"),
    ("attributes", "Attributes"),
    ("mailings", "Mailing settings"),
    ("accounts", "GL accounts"),
    ("activities", "Activities"),
    ("documents", "Documents"),
];

/// The tab a problem's field is on.
fn tab_of(field: &FieldPath) -> &'static str {
    match field.head() {
        Some(
            Name::TermsId
            | Name::Currency
            | Name::RateType
            | Name::StatementCycleId
            | Name::Language
            | Name::CreditRule
            | Name::CreditLimit
            | Name::DaysPastDue
            | Name::WriteOffLimit,
        ) => "financial",
        Some(Name::Invoicing) => "invoicing",
        Some(Name::Delivery) => "delivery",
        Some(Name::Locations) => "locations",
        Some(Name::PaymentMethods) => "payment-methods",
        Some(Name::Contacts) => "contacts",
        Some(Name::Parent) => "parent",
        Some(Name::Attributes) => "attributes",
        Some(Name::Mailings) => "mailings",
        Some(Name::Accounts) => "accounts",
        _ => "general",
    }
}

fn label_of(field: &FieldPath) -> String {
    let name = match (field.steps(), field.leaf()) {
        ([Step::Name(Name::Id)], _) => "Customer no.",
        ([Step::Name(Name::Name)], _) => "Name",
        (_, Some(Name::ClassId)) => "Customer class",
        (_, Some(Name::TermsId)) => "Terms",
        (_, Some(Name::Currency)) => "Currency",
        (_, Some(Name::Email)) => "Email",
        (_, Some(Name::Line1)) => "Address 1",
        (_, Some(Name::Line2)) => "Address 2",
        (_, Some(Name::Line3)) => "Address 3",
        (_, Some(Name::Postcode)) => "Postcode",
        (_, Some(Name::City)) => "City",
        (_, Some(Name::Country)) => "Country",
        (_, Some(Name::County)) => "County",
        (_, Some(Name::CreditLimit)) => "Credit limit",
        (_, Some(Name::DaysPastDue)) => "Days past due",
        (_, Some(Name::WriteOffLimit)) => "Write-off limit",
        (_, Some(Name::ParentId)) => "Parent account",
        (_, Some(Name::IsDefault)) => "Default",
        (_, Some(Name::MaskedNumber)) => "Card number",
        (_, Some(Name::MethodId)) => "Payment method",
        (_, Some(other)) => other.as_str(),
        (_, None) => "",
    };
    let tab = TABS.iter().find(|(t, _)| *t == tab_of(field)).map(|(_, l)| *l).unwrap_or("General");
    // "Contacts, line 2: Email" — the row number is the one the user sees.
    match field.steps() {
        [_, Step::Index(n), ..] => format!("{tab}, line {}: {name}", n + 1),
        [Step::Name(Name::Attributes), Step::Key(id), ..] => format!("{tab}: {id}"),
        _ => format!("{tab}: {name}"),
    }
}

#[component]
pub fn CustomerWindow(id: Option<String>) -> impl IntoView {
    let ctx = use_ledger();
    let is_new = id.is_none();
    let original = ctx.ledger.with_untracked(|l| match &id {
        Some(id) => l.customers.get(id).map(|c| CustomerDraft::for_editing(c, l)),
        // The class asked for (one just made here), else the first, else the starter
        // class a new company is offered (saved with its first customer).
        None => new_customer_class(l, crate::ui::route::hash_param("class").as_deref()).map(|class| CustomerDraft::new_of_class(&class, &l.settings)),
    });
    let Some(original) = original else {
        return if is_new {
            view! {
                <div class="window empty" data-testid="customer-needs-class">
                    <h1>"New customer"</h1>
                    <p>"Every customer belongs to a customer class, which gives it its defaults. The preferences give no payment terms to make one from: add terms in Reference tables, or create a class first."</p>
                    <a class="button primary" href=NEW_CLASS_FOR_CUSTOMER>"New customer class"</a>
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
    let form = RecordForm::new(original, tab_of);
    if let Some(id) = id.clone() {
        form.follow(move |l| l.customers.get(&id).map(|c| CustomerDraft::for_editing(c, l)));
    }
    // Credit and charges keep their own small forms (shared with the class window).
    let RecordForm { draft, saved, problems, tab, dirty, .. } = form;
    // A new customer copies the defaults of the class chosen (SPEC R2.2).
    if is_new {
        Effect::new(move |previous: Option<String>| {
            let class_id = draft.with(|d| d.class_id.clone());
            if previous.is_some_and(|p| p != class_id) {
                ctx.ledger.with_untracked(|l| {
                    if let Some(class) = l.classes.get(&class_id) {
                        form.fill(&form.current().with_class(class, &l.settings));
                    }
                });
            }
            class_id
        });
    }

    let save = move || {
        form.save(Command::SaveCustomer(CustomerDraft { is_new, ..form.current() }), move |ctx, change| {
            if let Some(Record::Customer(c)) = change.puts.first() {
                ctx.notify(format!("Customer {} saved", c.id));
                // The form shows what was stored (the number taken, masked cards …).
                form.stored(ctx.ledger.with_untracked(|l| CustomerDraft::for_editing(c, l)));
                if is_new {
                    ctx.leave_to(&Route::Customer(Some(c.id.clone())));
                }
            }
        })
    };
    let cancel = move || form.cancel();
    let delete = move || {
        let id = saved.with_untracked(|s| s.id.clone());
        form.delete(
            format!("Delete customer {id}? This cannot be undone."),
            Command::DeleteCustomer(id.clone()),
            format!("Customer {id} deleted"),
            Route::Customers,
        );
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
                Err(found) => problems.set(found.into_iter().map(|p| Problem::form(p.kind, p.message)).collect()),
            }
        });
    };
    let on_keydown = form.keys(save);

    let opts = Memo::new(move |_| ctx.ledger.with(choices));
    let statuses = Signal::derive(|| CustomerStatus::ALL.iter().map(|s| (s.label().to_string(), s.label().to_string())).collect::<Vec<_>>());
    let customer_id = move || saved.with(|s| s.id.clone());
    let next_number = ctx
        .ledger
        .with_untracked(|l| l.settings.series.get(&reskontra_core::settings::SeriesKind::Customer).map(|s| format!("New: {}", s.peek())).unwrap_or_default());
    let title = move || if is_new { "New customer".to_string() } else { format!("Customer {}", customer_id()) };

    let tab_body = move || tab_body(form, tab.get(), is_new, opts, Signal::derive(customer_id));

    view! {
        <div class="window record-window" on:keydown=on_keydown>
            <div class="toolbar">
                <h1 data-testid="window-title">{title}</h1>
                <button class="button primary" data-testid="save" on:click=move |_| save() title="Save (Ctrl+S)">"Save"</button>
                <button class="button" data-testid="cancel" on:click=move |_| cancel() title="Undo unsaved changes (Esc)">"Cancel"</button>
                <NewButton route=Signal::derive(|| Route::Customer(None)) />
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
            {form.changed_elsewhere()}
            <div class="top-part">
                <div class="form-grid">
                    <Field label="Customer no." name=customer::ID problems=problems>
                        <input type="text" data-testid="customer-id" readonly=!is_new placeholder=next_number
                            prop:value=move || draft.with(|d| d.id.clone()) on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.id = v) } />
                    </Field>
                    <Field label="Customer name" name=customer::NAME problems=problems required=true>
                        {text!(draft, "customer-name", name)}
                    </Field>
                    <Field label="Status" name=customer::STATUS problems=problems>
                        {select(draft, "customer-status", statuses, |d| d.status.label().to_string(), |d, v| d.status = CustomerStatus::from_label(&v).unwrap_or(CustomerStatus::Active))}
                    </Field>
                    <Field label="Customer class" name=customer::CLASS_ID problems=problems required=true>
                        {pick!(draft, "customer-class", "Customer classes", "Class or description", Signal::derive(move || opts.get().classes), class_id)}
                        {is_new.then(|| view! {
                            <a class="link-button" data-testid="customer-new-class" href=NEW_CLASS_FOR_CUSTOMER title="Make a class; saving it returns here with the class chosen">"New class"</a>
                        })}
                    </Field>
                </div>
                {(!is_new).then(|| customer_figures(Signal::derive(customer_id)))}
            </div>
            {form.tab_strip(TABS.into_iter().filter(move |(t, _)| !is_new || !matches!(*t, "activities" | "documents")))}
            {tab_body}
        </div>
    }
    .into_any()
}

/// The body of the tab `tab`.
fn tab_body(form: RecordForm<CustomerDraft>, tab: &'static str, is_new: bool, opts: Memo<Choices>, customer_id: Signal<String>) -> AnyView {
    let ctx = use_ledger();
    let RecordForm { draft, credit, charges, problems, .. } = form;
    let customer_id = move || customer_id.get();
    match tab {
        "financial" => financial_tab(draft, problems, credit, charges, opts).into_any(),
        "invoicing" => party_tab(draft, problems, "invoicing", |d| &d.invoicing, |d| &mut d.invoicing).into_any(),
        "delivery" => party_tab(draft, problems, "delivery", |d| &d.delivery, |d| &mut d.delivery).into_any(),
        "locations" => locations_tab(draft, problems, opts).into_any(),
        "payment-methods" => payment_methods_tab(draft, problems, opts).into_any(),
        "contacts" => contacts_tab(draft, problems).into_any(),
        "print-email" => print_email_tab(draft).into_any(),
        "parent" => parent_tab(draft, problems, is_new, Signal::derive(customer_id)).into_any(),
        "attributes" => attributes_tab(draft, problems).into_any(),
        "mailings" => view! {
            <section class="tab-section">
                <p class="hint">"The class's mailings; a mailing you change here is Overridden and no longer follows the class. Clear Overridden to follow the class again."</p>
                {mailings_editor(draft, MailingsOf { get: |d: &CustomerDraft| &d.mailings, get_mut: |d: &mut CustomerDraft| &mut d.mailings }, problems, true, "customer-mailings",
                    Signal::derive(move || { let o = opts.get(); (o.branches, o.email_accounts) }))}
            </section>
        }
        .into_any(),
        "accounts" => crate::ui::components::accounts::accounts_tab(
            draft,
            |d: &CustomerDraft| &d.accounts,
            |d: &mut CustomerDraft| &mut d.accounts,
            problems,
            Signal::derive(move || {
                let class_id = draft.with(|d| d.class_id.clone());
                ctx.ledger.with(|l| l.classes.get(&class_id).map(|c| c.accounts.over(&l.settings.accounts)).unwrap_or_else(|| l.settings.accounts.clone()))
            }),
            "customer",
            "The accounts this customer's documents post to. Empty: the class's account (shown greyed), else the company's.",
        ),
        "activities" => view! { <CustomerActivity customer_id=Signal::derive(customer_id) /> }.into_any(),
        "documents" => view! { <CustomerDocuments customer_id=Signal::derive(customer_id) /> }.into_any(),
        _ => general_tab(draft, problems).into_any(),
    }
}

/// Balances, remaining credit and the first due date of a saved customer.
fn customer_figures(customer_id: Signal<String>) -> impl IntoView {
    let ctx = use_ledger();
    let customer_id = move || customer_id.get();
    let balances = Memo::new(move |_| ctx.ledger.with(|l| balance_row(l, &customer_id())));
    let is_parent = Memo::new(move |_| ctx.ledger.with(|l| children_of(l, &customer_id()).next().is_some()));
    let base = Signal::derive(move || ctx.ledger.with(base_currency));
    view! {
        <div class="figures">
                        <Figure label="Balance" testid="customer-balance" amount=Signal::derive(move || balances.get().balance.amount) currency=base />
                        <Figure label="Prepayment balance" testid="customer-prepayment-balance" amount=Signal::derive(move || balances.get().prepayment_balance.amount) currency=base />
                        <Figure label="Unreleased balance" testid="customer-unreleased-balance" amount=Signal::derive(move || balances.get().unreleased_balance.amount) currency=base />
                        {move || is_parent.get().then(|| view! {
                            <Figure label="Consolidated balance" testid="customer-consolidated-balance" amount=Signal::derive(move || ctx.ledger.with(|l| consolidated_balance(l, &customer_id()))) currency=base />
                        })}
                        {move || ctx.ledger.with(|l| remaining_credit(l, &customer_id())).map(|remaining| view! {
                            <Figure label="Remaining credit limit" testid="customer-remaining-credit" amount=Signal::derive(move || remaining) currency=base />
                        })}
                        {move || ctx.ledger.with(|l| first_due_date(l, &customer_id())).map(|due| view! {
                            <div class="figure"><div class="figure-label">"First due date"</div><div class="figure-value" data-testid="customer-first-due-date">{due.to_string()}</div></div>
                        })}
                    </div>
    }
}

/// Address fields bound to the address at `get`/`get_mut`; problems named `{prefix}.line1` …
fn address_fields(
    draft: RwSignal<CustomerDraft>,
    problems: RwSignal<Vec<Problem>>,
    prefix: FieldPath,
    get: fn(&CustomerDraft) -> &Address,
    get_mut: fn(&mut CustomerDraft) -> &mut Address,
) -> impl IntoView {
    let testid_prefix = prefix.to_string().replace('.', "-");
    let t = |part: AddressPart| format!("{testid_prefix}-{}", part.name());
    let f = |part: AddressPart| address(&prefix, part);
    let line = |label: &'static str, part: AddressPart, g: fn(&Address) -> &String, s: fn(&mut Address) -> &mut String, wide: bool| {
        let (name, testid) = (f(part), t(part));
        view! {
            <Field label=label name=name problems=problems wide=wide>
                {text_input(draft, testid, move |d| g(get(d)).clone(), move |d, v| *s(get_mut(d)) = v)}
            </Field>
        }
    };
    let (country_field, country_testid) = (f(AddressPart::Country), t(AddressPart::Country));
    view! {
        {line("Address 1", AddressPart::Line1, |a| &a.line1, |a| &mut a.line1, true)}
        {line("Address 2", AddressPart::Line2, |a| &a.line2, |a| &mut a.line2, true)}
        {line("Address 3", AddressPart::Line3, |a| &a.line3, |a| &mut a.line3, true)}
        {line("Postcode", AddressPart::Postcode, |a| &a.postcode, |a| &mut a.postcode, false)}
        {line("City", AddressPart::City, |a| &a.city, |a| &mut a.city, false)}
        <Field label="Country" name=country_field problems=problems>
            <input data-testid=country_testid list="country-codes" maxlength="2" placeholder="NO"
                prop:value=move || draft.with(|d| get(d).country.clone())
                on:input=move |ev| { let v = event_target_value(&ev).to_uppercase(); draft.update(|d| get_mut(d).country = v) } />
        </Field>
        {line("County", AddressPart::County, |a| &a.county, |a| &mut a.county, false)}
    }
}

/// Company name, attention, web, phones and fax.
fn contact_info_fields(
    draft: RwSignal<CustomerDraft>,
    problems: RwSignal<Vec<Problem>>,
    prefix: FieldPath,
    get: fn(&CustomerDraft) -> &ContactInfo,
    get_mut: fn(&mut CustomerDraft) -> &mut ContactInfo,
) -> impl IntoView {
    let testid_prefix = prefix.to_string().replace('.', "-");
    let line = |label: &'static str, name: Name, g: fn(&ContactInfo) -> &String, s: fn(&mut ContactInfo) -> &mut String| {
        let (field, testid) = (prefix.then(name), format!("{testid_prefix}-{name}"));
        view! {
            <Field label=label name=field problems=problems>
                {text_input(draft, testid, move |d| g(get(d)).clone(), move |d, v| *s(get_mut(d)) = v)}
            </Field>
        }
    };
    view! {
        {line("Company name", Name::CompanyName, |c| &c.company_name, |c| &mut c.company_name)}
        {line("Attention", Name::Attention, |c| &c.attention, |c| &mut c.attention)}
        {line("Web", Name::Web, |c| &c.web, |c| &mut c.web)}
        {line("Phone 1", Name::Phone1, |c| &c.phone1, |c| &mut c.phone1)}
        {line("Phone 2", Name::Phone2, |c| &c.phone2, |c| &mut c.phone2)}
        {line("Fax", Name::Fax, |c| &c.fax, |c| &mut c.fax)}
    }
}

fn general_tab(draft: RwSignal<CustomerDraft>, problems: RwSignal<Vec<Problem>>) -> impl IntoView {
    view! {
        <section class="tab-section">
            <div class="form-grid">
                <div class="form-heading">"Main address"</div>
                {address_fields(draft, problems, customer::ADDRESS, |d| &d.address, |d| &mut d.address)}
                <datalist id="country-codes">
                    {countries_with_rules().into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
                </datalist>
                <div class="form-heading">"Main contact"</div>
                <Field label="Email" name=customer::EMAIL problems=problems wide=true>
                    {text!(draft, "customer-email", email)}
                </Field>
                {contact_info_fields(draft, problems, customer::MAIN_CONTACT, |d| &d.main_contact, |d| &mut d.main_contact)}
                <Field label="Account ref." name=customer::ACCOUNT_REF problems=problems>
                    {text!(draft, "customer-account-ref", account_ref)}
                </Field>
            </div>
        </section>
    }
}

fn financial_tab(
    draft: RwSignal<CustomerDraft>,
    problems: RwSignal<Vec<Problem>>,
    credit: CreditForm,
    charges: ChargesForm,
    opts: Memo<crate::ui::pages::choices::Choices>,
) -> impl IntoView {
    view! {
        <section class="tab-section">
            <div class="form-grid">
                <Field label="Terms" name=customer::TERMS_ID problems=problems>
                    {pick!(draft, "customer-terms", "Terms", "Terms or description", Signal::derive(move || opts.get().terms), terms_id)}
                </Field>
                <Field label="Statement cycle" name=customer::STATEMENT_CYCLE_ID problems=problems>
                    {choice!(draft, "customer-statement-cycle", Signal::derive(move || opts.get().statement_cycles), statement_cycle_id)}
                </Field>
                <Field label="Document language" name=customer::LANGUAGE problems=problems>
                    {choice!(draft, "customer-language", Signal::derive(move || opts.get().languages), language)}
                </Field>
                <Field label="Currency" name=customer::CURRENCY problems=problems>
                    {choice!(draft, "customer-currency", Signal::derive(move || opts.get().currencies), currency)}
                </Field>
                <div class="field">{check!(draft, "customer-currency-override", "Enable currency override", allow_currency_override)}</div>
                <Field label="Currency rate type" name=customer::RATE_TYPE problems=problems>
                    {choice!(draft, "customer-rate-type", Signal::derive(move || opts.get().rate_types), rate_type)}
                </Field>
                <div class="field">{check!(draft, "customer-rate-override", "Enable rate override", allow_rate_override)}</div>
                <div class="field">{check!(draft, "customer-apply-automatically", "Apply payments automatically", apply_payments_automatically)}</div>
                <CreditFields form=credit problems=problems testid="customer" />
                <ChargesFields form=charges problems=problems testid="customer" />
            </div>
        </section>
    }
}

fn party_tab(
    draft: RwSignal<CustomerDraft>,
    problems: RwSignal<Vec<Problem>>,
    which: &'static str,
    get: fn(&CustomerDraft) -> &OtherParty,
    get_mut: fn(&mut CustomerDraft) -> &mut OtherParty,
) -> impl IntoView {
    let title = if which == "invoicing" { "Invoicing" } else { "Delivery" };
    let party = move || if which == "invoicing" { customer::INVOICING } else { customer::DELIVERY };
    let same_address = Memo::new(move |_| draft.with(|d| get(d).same_address_as_main));
    let same_contact = Memo::new(move |_| draft.with(|d| get(d).same_contact_as_main));
    // Fields of the invoicing/delivery address, bound through the party.
    macro_rules! party_address {
        ($g:expr, $m:expr) => {
            address_fields(draft, problems, party().then(Name::Address), $g, $m)
        };
    }
    view! {
        <section class="tab-section">
            <div class="form-grid">
                <div class="form-heading">{format!("{title} address")}</div>
                <div class="field wide">{check_box(draft, format!("{which}-same-address"), "Same as main", move |d| get(d).same_address_as_main, move |d, v| {
                    let main = d.address.clone();
                    let p = get_mut(d);
                    p.same_address_as_main = v;
                    // Unticking starts from the main address, as Visma does.
                    if !v && p.address == Address::default() { p.address = main; }
                })}</div>
                {move || if same_address.get() {
                    view! { <p class="hint wide" data-testid=format!("{which}-address-main")>{move || draft.with(|d| one_line(&d.address))}</p> }.into_any()
                } else if which == "invoicing" {
                    party_address!(|d: &CustomerDraft| &d.invoicing.address, |d: &mut CustomerDraft| &mut d.invoicing.address).into_any()
                } else {
                    party_address!(|d: &CustomerDraft| &d.delivery.address, |d: &mut CustomerDraft| &mut d.delivery.address).into_any()
                }}
                <div class="form-heading">{format!("{title} contact")}</div>
                <div class="field wide">{check_box(draft, format!("{which}-same-contact"), "Same as main", move |d| get(d).same_contact_as_main, move |d, v| {
                    let (info, email) = (d.main_contact.clone(), d.email.clone());
                    let p = get_mut(d);
                    p.same_contact_as_main = v;
                    if !v && p.contact == ContactInfo::default() && p.email.is_empty() { p.contact = info; p.email = email; }
                })}</div>
                {move || if same_contact.get() {
                    None
                } else {
                    Some(view! {
                        <Field label="Email" name=party().then(Name::Email) problems=problems wide=true>
                            {text_input(draft, format!("{which}-email"), move |d| get(d).email.clone(), move |d, v| get_mut(d).email = v)}
                        </Field>
                        {if which == "invoicing" {
                            contact_info_fields(draft, problems, customer::INVOICING.then(Name::Contact), |d| &d.invoicing.contact, |d| &mut d.invoicing.contact).into_any()
                        } else {
                            contact_info_fields(draft, problems, customer::DELIVERY.then(Name::Contact), |d| &d.delivery.contact, |d| &mut d.delivery.contact).into_any()
                        }}
                    })
                }}
            </div>
        </section>
    }
}

fn one_line(a: &Address) -> String {
    let parts: Vec<&str> = [a.line1.as_str(), a.line2.as_str(), a.line3.as_str(), a.postcode.as_str(), a.city.as_str(), a.country.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if parts.is_empty() {
        "The main address (empty)".to_string()
    } else {
        format!("The main address: {}", parts.join(", "))
    }
}

fn locations_tab(draft: RwSignal<CustomerDraft>, problems: RwSignal<Vec<Problem>>, opts: Memo<crate::ui::pages::choices::Choices>) -> impl IntoView {
    let n = row_count(draft, |d| d.locations.len());
    let branches = Signal::derive(move || std::iter::once((String::new(), "–".to_string())).chain(opts.get().branches).collect::<Vec<_>>());
    let rows = move || {
        (0..n.get())
            .map(|i| {
                let e = move |path: FieldPath| cell_error(problems, path);
                let at = move |name: Name| customer::location(i, name);
                let is_main = move || draft.with(|d| d.locations.get(i).is_some_and(|l| l.id == "MAIN"));
                view! {
                    <tr>
                        <td>{named(row_check!(draft, format!("location-active-{i}"), locations, i, active), format!("Location {} active", i + 1))}{e(at(Name::Active))}</td>
                        <td>
                            <input type="radio" name="default-location" data-testid=format!("location-default-{i}") title="Set as default" aria-label=format!("Location {} default", i + 1)
                                prop:checked=move || draft.with(|d| d.locations.get(i).is_some_and(|l| l.is_default))
                                on:change=move |_| draft.update(|d| for (j, l) in d.locations.iter_mut().enumerate() { l.is_default = j == i; }) />
                            {e(at(Name::IsDefault))}
                        </td>
                        <td>{named(row_text!(draft, format!("location-id-{i}"), locations, i, id), format!("Location {} ID", i + 1))}{e(at(Name::Id))}</td>
                        <td>{named(row_text!(draft, format!("location-name-{i}"), locations, i, name), format!("Location {} name", i + 1))}{e(at(Name::Name))}</td>
                        <td>{named(row_text!(draft, format!("location-city-{i}"), locations, i, address.city), format!("Location {} city", i + 1))}{e(address(&at(Name::Address), AddressPart::City))}</td>
                        <td>{named(row_text!(draft, format!("location-country-{i}"), locations, i, address.country), format!("Location {} country", i + 1))}{e(address(&at(Name::Address), AddressPart::Country))}</td>
                        <td>{named(row_text!(draft, format!("location-county-{i}"), locations, i, address.county), format!("Location {} county", i + 1))}{e(address(&at(Name::Address), AddressPart::County))}</td>
                        <td>{named(row_text!(draft, format!("location-vat-zone-{i}"), locations, i, vat_zone), format!("Location {} VAT zone", i + 1))}{e(at(Name::VatZone))}</td>
                        <td>{named(row_text!(draft, format!("location-vat-reg-{i}"), locations, i, vat_registration_id), format!("Location {} VAT registration ID", i + 1))}{e(at(Name::VatRegistrationId))}</td>
                        <td>{named(row_text!(draft, format!("location-corporate-{i}"), locations, i, corporate_id), format!("Location {} corporate ID", i + 1))}{e(at(Name::CorporateId))}</td>
                        <td>{named(row_text!(draft, format!("location-gln-{i}"), locations, i, gln), format!("Location {} GLN", i + 1))}{e(at(Name::Gln))}</td>
                        <td>{named(row_text!(draft, format!("location-edi-{i}"), locations, i, edi_code), format!("Location {} EDI code", i + 1))}{e(at(Name::EdiCode))}</td>
                        <td>{named(select(draft, format!("location-branch-{i}"), branches, move |d| d.locations.get(i).map(|l| l.shipping_branch.clone()).unwrap_or_default(),
                            move |d, v| if let Some(l) = d.locations.get_mut(i) { l.shipping_branch = v; }), format!("Location {} shipping branch", i + 1))}{e(at(Name::ShippingBranch))}</td>
                        <td>{move || (!is_main()).then(|| view! {
                            <button class="link-button" data-testid=format!("location-remove-{i}") on:click=move |_| draft.update(|d| { if i < d.locations.len() { d.locations.remove(i); } })>"Remove"</button>
                        })}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="tab-section">
            <p class="hint">"MAIN always exists. The default location (the radio button) must be active; an empty address means the main address."</p>
            <div class="scroll-x">
            <table class="lines" data-testid="locations">
                <thead><tr><th>"Active"</th><th>"Default"</th><th>"Location ID"</th><th>"Location name"</th><th>"City"</th><th>"Country"</th><th>"County"</th><th>"VAT zone"</th><th>"VAT registration ID"</th><th>"Corporate ID"</th><th>"GLN"</th><th>"EDI code"</th><th>"Shipping branch"</th><th></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
            <button class="button" data-testid="location-add" on:click=move |_| draft.update(|d| d.locations.push(Location { active: true, ..Default::default() }))>"Add location"</button>
        </section>
    }
}

fn contacts_tab(draft: RwSignal<CustomerDraft>, problems: RwSignal<Vec<Problem>>) -> impl IntoView {
    let n = row_count(draft, |d| d.contacts.len());
    let rows = move || {
        (0..n.get())
            .map(|i| {
                let e = move |path: FieldPath| cell_error(problems, path);
                let at = move |name: Name| customer::contact(i, name);
                view! {
                    <tr>
                        <td class="num" data-testid=format!("contact-number-{i}")>{move || draft.with(|d| d.contacts.get(i).map(|c| if c.number == 0 { "new".to_string() } else { c.number.to_string() }).unwrap_or_default())}</td>
                        <td>{named(row_check!(draft, format!("contact-active-{i}"), contacts, i, active), format!("Contact {} active", i + 1))}{e(at(Name::Active))}</td>
                        <td>
                            <input type="radio" name="default-contact" data-testid=format!("contact-default-{i}") title="Set as default" aria-label=format!("Contact {} default", i + 1)
                                prop:checked=move || draft.with(|d| d.contacts.get(i).is_some_and(|c| c.is_default))
                                on:change=move |_| draft.update(|d| for (j, c) in d.contacts.iter_mut().enumerate() { c.is_default = j == i; }) />
                            {e(at(Name::IsDefault))}
                        </td>
                        <td>{named(row_text!(draft, format!("contact-name-{i}"), contacts, i, name), format!("Contact {} name", i + 1))}{e(at(Name::Name))}</td>
                        <td>{named(row_text!(draft, format!("contact-position-{i}"), contacts, i, position), format!("Contact {} position", i + 1))}{e(at(Name::Position))}</td>
                        <td>{named(row_text!(draft, format!("contact-city-{i}"), contacts, i, city), format!("Contact {} city", i + 1))}{e(at(Name::City))}</td>
                        <td>{named(row_text!(draft, format!("contact-email-{i}"), contacts, i, email), format!("Contact {} email", i + 1))}{e(at(Name::Email))}</td>
                        <td>{named(row_text!(draft, format!("contact-phone-{i}"), contacts, i, phone), format!("Contact {} phone 1", i + 1))}{e(at(Name::Phone))}</td>
                        <td><button class="link-button" data-testid=format!("contact-remove-{i}") on:click=move |_| draft.update(|d| { if i < d.contacts.len() { d.contacts.remove(i); } })>"Remove"</button></td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="tab-section">
            <div class="scroll-x">
            <table class="lines" data-testid="contacts">
                <thead><tr><th class="num">"No."</th><th>"Active"</th><th>"Default"</th><th>"Name"</th><th>"Position"</th><th>"City"</th><th>"Email"</th><th>"Phone 1"</th><th></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
            <button class="button" data-testid="contact-add" on:click=move |_| draft.update(|d| {
                let first = d.contacts.is_empty();
                d.contacts.push(Contact { active: true, is_default: first, ..Default::default() })
            })>"Add contact"</button>
        </section>
    }
}

fn payment_methods_tab(draft: RwSignal<CustomerDraft>, problems: RwSignal<Vec<Problem>>, opts: Memo<crate::ui::pages::choices::Choices>) -> impl IntoView {
    let n = row_count(draft, |d| d.payment_methods.len());
    let methods = Signal::derive(move || opts.get().payment_methods);
    let rows = move || {
        (0..n.get())
            .map(|i| {
                let e = move |path: FieldPath| cell_error(problems, path);
                let at = move |name: Name| customer::payment_method(i, name);
                view! {
                    <tr>
                        <td>
                            <input type="radio" name="default-method" data-testid=format!("method-default-{i}") title="Set as default" aria-label=format!("Payment method {} default", i + 1)
                                prop:checked=move || draft.with(|d| d.payment_methods.get(i).is_some_and(|m| m.is_default))
                                on:change=move |_| draft.update(|d| for (j, m) in d.payment_methods.iter_mut().enumerate() { m.is_default = j == i; }) />
                            {e(at(Name::IsDefault))}
                        </td>
                        <td>{named(select(draft, format!("method-id-{i}"), methods, move |d| d.payment_methods.get(i).map(|m| m.method_id.clone()).unwrap_or_default(),
                            move |d, v| if let Some(m) = d.payment_methods.get_mut(i) { m.method_id = v; }), format!("Payment method {}", i + 1))}{e(at(Name::MethodId))}</td>
                        <td>{named(row_text!(draft, format!("method-description-{i}"), payment_methods, i, description), format!("Payment method {} description", i + 1))}{e(at(Name::Description))}</td>
                        <td>{named(row_text!(draft, format!("method-card-type-{i}"), payment_methods, i, card_type), format!("Payment method {} card type", i + 1))}{e(at(Name::CardType))}</td>
                        <td>{named(row_text!(draft, format!("method-card-number-{i}"), payment_methods, i, masked_number), format!("Payment method {} card number", i + 1))}{e(at(Name::MaskedNumber))}</td>
                        <td>{named(row_text!(draft, format!("method-expiry-{i}"), payment_methods, i, expiry), format!("Payment method {} expiry", i + 1))}{e(at(Name::Expiry))}</td>
                        <td>{named(row_text!(draft, format!("method-account-{i}"), payment_methods, i, account), format!("Payment method {} account", i + 1))}{e(at(Name::Account))}</td>
                        <td>{named(row_check!(draft, format!("method-active-{i}"), payment_methods, i, active), format!("Payment method {} active", i + 1))}{e(at(Name::Active))}</td>
                        <td><button class="link-button" data-testid=format!("method-remove-{i}") on:click=move |_| draft.update(|d| { if i < d.payment_methods.len() { d.payment_methods.remove(i); } })>"Remove"</button></td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="tab-section">
            <p class="hint">"A card number is masked when saved: only the last four digits are kept. Expiry as MM/YY."</p>
            <div class="scroll-x">
            <table class="lines" data-testid="payment-methods">
                <thead><tr><th>"Default"</th><th>"Payment method"</th><th>"Description"</th><th>"Card type"</th><th>"Card number"</th><th>"Expiry"</th><th>"Bank account"</th><th>"Active"</th><th></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
            <button class="button" data-testid="method-add" on:click=move |_| draft.update(|d| {
                let first = d.payment_methods.is_empty();
                d.payment_methods.push(CustomerPaymentMethod { active: true, is_default: first, ..Default::default() })
            })>"Add payment method"</button>
        </section>
    }
}

fn print_email_tab(draft: RwSignal<CustomerDraft>) -> impl IntoView {
    let types = Signal::derive(|| StatementType::ALL.iter().map(|t| (t.label().to_string(), t.label().to_string())).collect::<Vec<_>>());
    view! {
        <section class="tab-section">
            <div class="form-grid">
                <div class="field">{check!(draft, "customer-print-invoices", "Print invoices", print_email.print_invoices)}</div>
                <div class="field">{check!(draft, "customer-email-invoices", "Send invoices by email", print_email.email_invoices)}</div>
                <div class="field">{check!(draft, "customer-print-dunning", "Print dunning letters", print_email.print_dunning_letters)}</div>
                <div class="field">{check!(draft, "customer-email-dunning", "Send dunning letters by email", print_email.email_dunning_letters)}</div>
                <div class="field">{check!(draft, "customer-print-statements", "Print statements", print_email.print_statements)}</div>
                <div class="field">{check!(draft, "customer-email-statements", "Send statements by email", print_email.email_statements)}</div>
                <div class="field">{check!(draft, "customer-mc-statements", "Multi-currency statements", print_email.multi_currency_statements)}</div>
                <label class="field"><span class="field-label">"Statement type"</span>
                    {select(draft, "customer-statement-type", types, |d| d.print_email.statement_type.label().to_string(),
                        |d, v| d.print_email.statement_type = StatementType::from_label(&v).unwrap_or_default())}
                </label>
            </div>
        </section>
    }
}

fn parent_tab(draft: RwSignal<CustomerDraft>, problems: RwSignal<Vec<Problem>>, is_new: bool, customer_id: Signal<String>) -> impl IntoView {
    let ctx = use_ledger();
    let has_parent = Memo::new(move |_| draft.with(|d| !d.parent.parent_id.trim().is_empty()));
    let children = Memo::new(move |_| {
        let id = customer_id.get();
        ctx.ledger.with(|l| {
            children_of(l, &id)
                .map(|c| {
                    let b = balance_row(l, &c.id);
                    TableRow {
                        key: Route::Customer(Some(c.id.clone())).href(),
                        cells: vec![
                            c.id.clone(),
                            c.name.clone(),
                            b.balance.plain(),
                            b.prepayment_balance.plain(),
                            b.unreleased_balance.plain(),
                            if c.parent.consolidate_balance { "Yes" } else { "No" }.into(),
                            if c.parent.consolidate_statements { "Yes" } else { "No" }.into(),
                            if c.parent.shared_credit_policy { "Yes" } else { "No" }.into(),
                            c.statement_cycle_id.clone(),
                        ],
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let columns = vec![
        Column::text("Customer no.", "120px"),
        Column::text("Customer name", "2fr"),
        Column::money("Balance"),
        Column::money("Prepayment balance"),
        Column::money("Unreleased balance"),
        Column::choice("Consolidate balance", "110px"),
        Column::choice("Consolidate statements", "110px"),
        Column::choice("Share credit policy", "110px"),
        Column::choice("Statement cycle", "110px"),
    ];
    // A child takes the parent's three flags as defaults when the parent is chosen.
    let pick_parent = move |v: String| {
        let parent = ctx.ledger.with_untracked(|l| l.customers.get(v.trim().to_uppercase().as_str()).map(|p| p.parent.clone()));
        draft.update(|d| {
            d.parent.parent_id = v;
            if let Some(p) = parent {
                d.parent.consolidate_balance = p.consolidate_balance;
                d.parent.consolidate_statements = p.consolidate_statements;
                d.parent.shared_credit_policy = p.shared_credit_policy;
            }
        })
    };
    let open = Callback::new(|href: String| navigate(&Route::parse(&href)));
    view! {
        <section class="tab-section">
            <div class="form-grid">
                <Field label="Parent account" name=customer::PARENT_ID problems=problems>
                    <input type="text" data-testid="customer-parent" list="customer-ids" placeholder="Customer no. of the parent"
                        prop:value=move || draft.with(|d| d.parent.parent_id.clone()) on:input=move |ev| pick_parent(event_target_value(&ev)) />
                </Field>
                <datalist id="customer-ids">
                    {move || ctx.ledger.with(|l| l.customers.values().take(2000).map(|c| view! { <option value=c.id.clone()>{c.name.clone()}</option> }).collect_view())}
                </datalist>
                <div class="field" class:disabled=move || !has_parent.get()>{check!(draft, "customer-consolidate-balance", "Consolidate balance", parent.consolidate_balance)}</div>
                <div class="field" class:disabled=move || !has_parent.get()>{check!(draft, "customer-consolidate-statements", "Consolidate statements", parent.consolidate_statements)}</div>
                <div class="field" class:disabled=move || !has_parent.get()>{check!(draft, "customer-shared-credit", "Shared credit policy", parent.shared_credit_policy)}</div>
            </div>
            {(!is_new).then(|| view! {
                <h3 class="sub-heading">"Children"</h3>
                <DataTable testid="customer-children" columns=columns rows=children on_open=open
                    empty=|| view! { <p class="empty">"No customer has this one as its parent."</p> } />
            })}
        </section>
    }
}

fn attributes_tab(draft: RwSignal<CustomerDraft>, problems: RwSignal<Vec<Problem>>) -> impl IntoView {
    let ctx = use_ledger();
    let defs = Memo::new(move |_| {
        let class_id = draft.with(|d| d.class_id.clone());
        ctx.ledger.with(|l| l.classes.get(&class_id).map(|c| c.attributes.clone()).unwrap_or_default())
    });
    view! {
        <section class="tab-section">
            {move || {
                let defs = defs.get();
                if defs.is_empty() {
                    return view! { <p class="empty" data-testid="no-attributes">"The customer class defines no attributes."</p> }.into_any();
                }
                view! {
                    <table class="lines" data-testid="attributes">
                        <thead><tr><th>"Attribute"</th><th>"Required"</th><th>"Value"</th></tr></thead>
                        <tbody>
                            {defs.into_iter().map(|a| {
                                let id = a.id.clone();
                                let (get_id, set_id) = (id.clone(), id.clone());
                                view! {
                                    <tr>
                                        <td>{a.description.clone()}</td>
                                        <td>{if a.required { "Yes" } else { "" }}</td>
                                        <td>
                                            <input type="text" data-testid=format!("attribute-{id}")
                                                prop:value=move || draft.with(|d| d.attributes.get(&get_id).cloned().unwrap_or_default())
                                                on:input=move |ev| { let v = event_target_value(&ev); let k = set_id.clone(); draft.update(|d| { d.attributes.insert(k, v); }) } />
                                            {cell_error(problems, customer::attribute(&id))}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn CustomerActivity(customer_id: Signal<String>) -> impl IntoView {
    let ctx = use_ledger();
    let activity = Memo::new(move |_| {
        let id = customer_id.get();
        ctx.ledger.with(|l| reskontra_core::reports::inquiry::customer_activity(l, &id))
    });
    view! {
        <section class="tab-section">
            <ActivityList testid="customer-activity" activity=activity
                empty="No activity yet: releases, prints, emails and status changes show here, newest first." />
        </section>
    }
}

#[component]
fn CustomerDocuments(customer_id: Signal<String>) -> impl IntoView {
    let ctx = use_ledger();
    let rows = Memo::new(move |_| {
        let id = customer_id.get();
        let today = ctx.business_date();
        ctx.ledger.with(|l| {
            let mut documents: Vec<_> = l.documents_of(&id).collect();
            documents.sort_by_key(|d| std::cmp::Reverse((d.date, d.id)));
            reskontra_core::reports::rows::document_rows(l, &documents)
                .into_iter()
                .map(|r| (days_text(r.days_overdue(today)), r))
                .map(|(overdue, r)| TableRow {
                    key: document_route(r.doc_type, &r.ref_nbr).href(),
                    cells: vec![
                        r.doc_type.label().to_string(),
                        r.ref_nbr,
                        r.date.to_string(),
                        r.due_date.map(|x| x.to_string()).unwrap_or_default(),
                        r.status.label().to_string(),
                        r.total.currency.clone(),
                        r.total.plain(),
                        r.balance.plain(),
                        overdue,
                    ],
                })
                .collect::<Vec<_>>()
        })
    });
    let columns = vec![
        Column::choice("Type", "90px"),
        Column::text("Reference", "120px"),
        Column::text("Date", "100px"),
        Column::text("Due date", "100px"),
        Column::choice("Status", "110px"),
        Column::choice("Currency", "86px"),
        Column::money("Total"),
        Column::money("Balance"),
        Column::overdue(),
    ];
    let open = Callback::new(|href: String| navigate(&Route::parse(&href)));
    view! {
        <section class="tab-section">
            <DataTable testid="customer-documents" columns=columns rows=rows on_open=open
                empty=|| view! { <p class="empty">"No documents yet for this customer."</p> } />
        </section>
    }
}
