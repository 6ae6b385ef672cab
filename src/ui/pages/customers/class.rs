//! Customer class (record window, AR201000): the defaults a class gives its new
//! customers (R2.1), its attributes (R3.8) and its mailings (R2.3–R2.4; a change
//! reaches every customer that did not override the mailing).

use leptos::prelude::*;
use reskontra_core::command::ClassDraft;
use reskontra_core::customers::customer::{AttributeDef, StatementType};
use reskontra_core::fields::{class, FieldPath, Name, Step};
use reskontra_core::{Command, Problem, Record};

use crate::ui::components::bind::{cell_error, named, row_count, select};
use crate::ui::components::credit::{ChargesFields, CreditFields};
use crate::ui::components::form::{Field, ProblemSummary};
use crate::ui::components::mailings::{mailings_editor, MailingsOf};
use crate::ui::components::record::{NewButton, RecordForm};
use crate::ui::context::use_ledger;
use crate::ui::pages::choices::choices;
use crate::ui::route::Route;
use crate::{check, choice, decimal, pick, row_check, row_text, text};

const TABS: [(&str, &str); 6] = [
    ("general", "General"),
    ("credit", "Credit and charges"),
    ("print-email", "Print and email"),
    ("attributes", "Attributes"),
    ("mailings", "Mailing settings"),
    ("accounts", "GL accounts"),
];

fn tab_of(field: &FieldPath) -> &'static str {
    match field.head() {
        Some(Name::CreditRule | Name::CreditLimit | Name::DaysPastDue | Name::WriteOffLimit | Name::OverdueRatePct) => "credit",
        Some(Name::Attributes) => "attributes",
        Some(Name::Mailings) => "mailings",
        Some(Name::Accounts) => "accounts",
        _ => "general",
    }
}

fn label_of(field: &FieldPath) -> String {
    let name = match (field.steps(), field.leaf()) {
        ([Step::Name(Name::Id)], _) => "Class ID",
        (_, Some(Name::Description)) => "Description",
        (_, Some(Name::TermsId)) => "Terms",
        (_, Some(Name::Currency)) => "Currency",
        (_, Some(Name::CreditLimit)) => "Credit limit",
        (_, Some(Name::DaysPastDue)) => "Days past due",
        (_, Some(Name::WriteOffLimit)) => "Write-off limit",
        (_, Some(Name::OverdueRatePct)) => "Overdue charge rate",
        (_, Some(Name::StatementCycleId)) => "Statement cycle",
        (_, Some(Name::Language)) => "Document language",
        (_, Some(Name::EmailAccountId)) => "Email account",
        (_, Some(other)) => other.as_str(),
        (_, None) => "",
    };
    let tab = TABS.iter().find(|(t, _)| *t == tab_of(field)).map(|(_, l)| *l).unwrap_or("General");
    match field.steps() {
        [_, Step::Index(n), ..] => format!("{tab}, line {}: {name}", n + 1),
        _ => format!("{tab}: {name}"),
    }
}

#[component]
pub fn ClassWindow(id: Option<String>) -> impl IntoView {
    let ctx = use_ledger();
    let is_new = id.is_none();
    let original = ctx.ledger.with_untracked(|l| match &id {
        Some(id) => l.classes.get(id).map(|c| ClassDraft::from_class(c, l.settings.numbers())),
        None => Some(ClassDraft::new_class(&l.settings)),
    });
    let Some(original) = original else {
        return view! { <div class="window empty"><h1>"Class not found"</h1><a href="#/classes">"Back to Customer classes"</a></div> }.into_any();
    };
    let form = RecordForm::new(original, tab_of);
    if let Some(id) = id.clone() {
        form.follow(move |l| l.classes.get(&id).map(|c| ClassDraft::from_class(c, l.settings.numbers())));
    }
    let RecordForm { draft, saved, credit, charges, problems, tab, dirty, .. } = form;
    // Opened from a new customer's *New class*: saving goes back to it, of this class.
    let for_customer = is_new && crate::ui::route::hash_param("for").as_deref() == Some("customer");
    let save = move || {
        form.save(Command::SaveClass(form.current()), move |ctx, change| {
            if let Some(Record::Class(c)) = change.puts.first() {
                ctx.notify(format!("Class {} saved", c.id));
                form.stored(ClassDraft::from_class(c, ctx.numbers_untracked()));
                if for_customer {
                    ctx.leave_to_hash(&crate::ui::route::new_customer_of_class(&c.id));
                } else if is_new {
                    ctx.leave_to(&Route::Class(Some(c.id.clone())));
                }
            }
        })
    };
    let cancel = move || form.cancel();
    let delete = move || {
        let id = saved.with_untracked(|s| s.id.clone());
        form.delete(format!("Delete customer class {id}?"), Command::DeleteClass(id.clone()), format!("Class {id} deleted"), Route::Classes);
    };
    let on_keydown = form.keys(save);
    let opts = Memo::new(move |_| ctx.ledger.with(choices));
    let currencies = Signal::derive(move || {
        ctx.ledger.with(|l| {
            std::iter::once((String::new(), format!("Base currency ({})", l.settings.base_currency)))
                .chain(l.settings.currencies.iter().map(|c| (c.code.clone(), c.code.clone())))
                .collect::<Vec<_>>()
        })
    });
    let accounts =
        Signal::derive(move || std::iter::once((String::new(), "(the default account)".to_string())).chain(opts.get().email_accounts).collect::<Vec<_>>());
    let types = Signal::derive(|| StatementType::ALL.iter().map(|t| (t.label().to_string(), t.label().to_string())).collect::<Vec<_>>());
    let title = move || if is_new { "New customer class".to_string() } else { format!("Customer class {}", saved.with(|s| s.id.clone())) };

    let tab_body = move || {
        match tab.get() {
        "credit" => view! {
            <section class="tab-section"><div class="form-grid">
                <CreditFields form=credit problems=problems testid="class" />
                <ChargesFields form=charges problems=problems testid="class" />
                <Field label="Overdue charge rate (% a year)" name=class::OVERDUE_RATE_PCT problems=problems>
                    {decimal!(draft, "class-overdue-rate", overdue_rate_pct)}
                </Field>
            </div></section>
        }
        .into_any(),
        "print-email" => view! {
            <section class="tab-section"><div class="form-grid">
                <div class="field">{check!(draft, "class-print-invoices", "Print invoices", print_email.print_invoices)}</div>
                <div class="field">{check!(draft, "class-email-invoices", "Send invoices by email", print_email.email_invoices)}</div>
                <div class="field">{check!(draft, "class-print-dunning", "Print dunning letters", print_email.print_dunning_letters)}</div>
                <div class="field">{check!(draft, "class-email-dunning", "Send dunning letters by email", print_email.email_dunning_letters)}</div>
                <div class="field">{check!(draft, "class-print-statements", "Print statements", print_email.print_statements)}</div>
                <div class="field">{check!(draft, "class-email-statements", "Send statements by email", print_email.email_statements)}</div>
                <div class="field">{check!(draft, "class-mc-statements", "Multi-currency statements", print_email.multi_currency_statements)}</div>
                <label class="field"><span class="field-label">"Statement type"</span>
                    {select(draft, "class-statement-type", types, |d| d.print_email.statement_type.label().to_string(),
                        |d, v| d.print_email.statement_type = StatementType::from_label(&v).unwrap_or_default())}
                </label>
            </div></section>
        }
        .into_any(),
        "attributes" => attributes_tab(draft, problems).into_any(),
        "accounts" => crate::ui::components::accounts::accounts_tab(
            draft,
            |d: &ClassDraft| &d.accounts,
            |d: &mut ClassDraft| &mut d.accounts,
            problems,
            Signal::derive(move || ctx.ledger.with(|l| l.settings.accounts.clone())),
            "class",
            "The accounts the class's customers post to unless a customer has its own. Empty: the company's account (shown greyed).",
        ),
        "mailings" => view! {
            <section class="tab-section">
                <p class="hint">"A new class starts with every mailing of the Mailing settings. A change here reaches every customer of the class, except mailings a customer overrode."</p>
                {mailings_editor(draft, MailingsOf { get: |d: &ClassDraft| &d.mailings, get_mut: |d: &mut ClassDraft| &mut d.mailings }, problems, false, "class-mailings",
                    Signal::derive(move || { let o = opts.get(); (o.branches, o.email_accounts) }))}
            </section>
        }
        .into_any(),
        _ => view! {
            <section class="tab-section"><div class="form-grid">
                <Field label="Terms" name=class::TERMS_ID problems=problems>
                    {pick!(draft, "class-terms", "Terms", "Terms or description", Signal::derive(move || opts.get().terms), terms_id)}
                </Field>
                <Field label="Statement cycle" name=class::STATEMENT_CYCLE_ID problems=problems>
                    {choice!(draft, "class-statement-cycle", Signal::derive(move || opts.get().statement_cycles), statement_cycle_id)}
                </Field>
                <Field label="Document language" name=class::LANGUAGE problems=problems>
                    {choice!(draft, "class-language", Signal::derive(move || opts.get().languages), language)}
                </Field>
                <Field label="Currency" name=class::CURRENCY problems=problems>
                    {choice!(draft, "class-currency", currencies, currency)}
                </Field>
                <div class="field">{check!(draft, "class-currency-override", "Enable currency override", allow_currency_override)}</div>
                <Field label="Currency rate type" name=class::RATE_TYPE problems=problems>
                    {choice!(draft, "class-rate-type", Signal::derive(move || opts.get().rate_types), rate_type)}
                </Field>
                <div class="field">{check!(draft, "class-rate-override", "Enable rate override", allow_rate_override)}</div>
                <div class="field">{check!(draft, "class-apply-automatically", "Apply payments automatically", apply_payments_automatically)}</div>
                <Field label="Email account" name=class::EMAIL_ACCOUNT_ID problems=problems>
                    {choice!(draft, "class-email-account", accounts, email_account_id)}
                </Field>
            </div></section>
        }
        .into_any(),
    }
    };

    view! {
        <div class="window record-window" on:keydown=on_keydown>
            <div class="toolbar">
                <h1 data-testid="window-title">{title}</h1>
                <button class="button primary" data-testid="save" on:click=move |_| save() title="Save (Ctrl+S)">"Save"</button>
                <button class="button" data-testid="cancel" on:click=move |_| cancel() title="Undo unsaved changes (Esc)">"Cancel"</button>
                <NewButton route=Signal::derive(|| Route::Class(None)) />
                {(!is_new).then(|| view! { <button class="button" data-testid="delete" on:click=move |_| delete()>"Delete"</button> })}
                <span class="dirty" data-testid="dirty" class:shown=move || dirty.get()>"Unsaved changes"</span>
            </div>
            <ProblemSummary problems=problems label_of=label_of />
            {form.changed_elsewhere()}
            <div class="top-part">
                <div class="form-grid">
                    <Field label="Class ID" name=class::ID problems=problems required=true>
                        <input type="text" data-testid="class-id" readonly=!is_new
                            prop:value=move || draft.with(|d| d.id.clone()) on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.id = v) } />
                    </Field>
                    <Field label="Description" name=class::DESCRIPTION problems=problems required=true>
                        {text!(draft, "class-description", description)}
                    </Field>
                </div>
            </div>
            {form.tab_strip(TABS)}
            {tab_body}
        </div>
    }
    .into_any()
}

fn attributes_tab(draft: RwSignal<ClassDraft>, problems: RwSignal<Vec<Problem>>) -> impl IntoView {
    let n = row_count(draft, |d| d.attributes.len());
    let rows = move || {
        (0..n.get())
            .map(|i| {
                view! {
                    <tr>
                        <td>{named(row_text!(draft, format!("attribute-id-{i}"), attributes, i, id), format!("Attribute {} ID", i + 1))}{cell_error(problems, class::attribute(i, Name::Id))}</td>
                        <td>{named(row_text!(draft, format!("attribute-description-{i}"), attributes, i, description), format!("Attribute {} description", i + 1))}{cell_error(problems, class::attribute(i, Name::Description))}</td>
                        <td>{named(row_check!(draft, format!("attribute-required-{i}"), attributes, i, required), format!("Attribute {} required", i + 1))}</td>
                        <td><button class="link-button" data-testid=format!("attribute-remove-{i}") on:click=move |_| draft.update(|d| { if i < d.attributes.len() { d.attributes.remove(i); } })>"Remove"</button></td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="tab-section">
            <p class="hint">"Each customer of the class gets these attributes on its Attributes tab; a required one must have a value before the customer can be saved."</p>
            <table class="lines" data-testid="class-attributes">
                <thead><tr><th>"Attribute ID"</th><th>"Description"</th><th>"Required"</th><th></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <button class="button" data-testid="attribute-add" on:click=move |_| draft.update(|d| d.attributes.push(AttributeDef::default()))>"Add attribute"</button>
        </section>
    }
}
