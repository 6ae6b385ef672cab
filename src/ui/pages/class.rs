//! Customer class (record window).

use leptos::prelude::*;
use reskontra_core::command::ClassDraft;
use reskontra_core::{Command, Record};

use crate::delivery::confirm;
use crate::ui::components::credit::{ChargesFields, ChargesForm, CreditFields, CreditForm};
use reskontra_core::command::ChargesDraft;
use crate::ui::components::form::{CheckBox, Field, ProblemSummary, Select, TextInput};
use reskontra_core::credit::CreditPolicyDraft;
use crate::ui::context::use_ledger;
use crate::ui::route::Route;

fn label_of(field: &str) -> String {
    match field {
        "id" => "Class ID",
        "description" => "Description",
        "terms_id" => "Terms",
        "currency" => "Currency",
        "credit_limit" => "Credit limit",
        "days_past_due" => "Days past due",
        "write_off_limit" => "Write-off limit",
        "overdue_rate_pct" => "Overdue charge rate",
        other => other,
    }
    .to_string()
}

#[component]
pub fn ClassWindow(id: Option<String>) -> impl IntoView {
    let ctx = use_ledger();
    let is_new = id.is_none();
    let existing = ctx.ledger.with_untracked(|l| id.as_ref().and_then(|id| l.classes.get(id).cloned()));
    if !is_new && existing.is_none() {
        return view! { <div class="window empty"><h1>"Class not found"</h1><a href="#/classes">"Back to Customer classes"</a></div> }.into_any();
    }
    let default_terms = ctx.ledger.with_untracked(|l| l.settings.terms.first().map(|t| t.id.clone()).unwrap_or_default());
    let class_id = RwSignal::new(existing.as_ref().map(|c| c.id.clone()).unwrap_or_default());
    let description = RwSignal::new(existing.as_ref().map(|c| c.description.clone()).unwrap_or_default());
    let terms_id = RwSignal::new(existing.as_ref().map(|c| c.terms_id.clone()).unwrap_or(default_terms));
    let currency = RwSignal::new(existing.as_ref().and_then(|c| c.currency.clone()).unwrap_or_default());
    let allow_override = RwSignal::new(existing.as_ref().is_some_and(|c| c.allow_currency_override));
    let problems = RwSignal::new(Vec::new());
    let print_email = RwSignal::new(existing.as_ref().map(|c| c.print_email.clone()).unwrap_or_default());
    let credit = CreditForm::new(&existing.as_ref().map(|c| CreditPolicyDraft::from_policy(&c.credit)).unwrap_or_default());
    let charges = ChargesForm::new(&existing.as_ref().map(|c| ChargesDraft::from_charges(&c.dunning)).unwrap_or_default());
    let overdue_rate = RwSignal::new(existing.as_ref().map(|c| if c.overdue_rate_pct.is_zero() { String::new() } else { c.overdue_rate_pct.normalize().to_string() }).unwrap_or_default());

    let save = move || {
        let draft = ClassDraft {
            is_new,
            id: class_id.get_untracked(),
            description: description.get_untracked(),
            terms_id: terms_id.get_untracked(),
            currency: currency.get_untracked(),
            allow_currency_override: allow_override.get_untracked(),
            credit: credit.draft(false),
            dunning: charges.draft(false),
            overdue_rate_pct: overdue_rate.get_untracked(),
            print_email: print_email.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match ctx.run(Command::SaveClass(draft)).await {
                Ok(change) => {
                    problems.set(Vec::new());
                    if let Some(Record::Class(c)) = change.puts.first() {
                        ctx.notify(format!("Class {} saved", c.id));
                        if is_new {
                            ctx.leave_to(&Route::Class(Some(c.id.clone())));
                        }
                    }
                }
                Err(found) => problems.set(found),
            }
        });
    };
    let delete = move || {
        let id = class_id.get_untracked();
        if !confirm(&format!("Delete customer class {id}?")) {
            return;
        }
        leptos::task::spawn_local(async move {
            match ctx.run(Command::DeleteClass(id.clone())).await {
                Ok(_) => {
                    ctx.notify(format!("Class {id} deleted"));
                    ctx.leave_to(&Route::Classes);
                }
                Err(found) => problems.set(found),
            }
        });
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "s" {
            ev.prevent_default();
            save();
        }
    };
    let terms = Signal::derive(move || ctx.ledger.with(|l| l.settings.terms.iter().map(|t| (t.id.clone(), format!("{} – {}", t.id, t.description))).collect::<Vec<_>>()));
    let currencies = Signal::derive(move || {
        ctx.ledger.with(|l| {
            std::iter::once((String::new(), format!("Base currency ({})", l.settings.base_currency)))
                .chain(l.settings.currencies.iter().map(|c| (c.code.clone(), c.code.clone())))
                .collect::<Vec<_>>()
        })
    });
    let title = move || if is_new { "New customer class".to_string() } else { format!("Customer class {}", class_id.get()) };
    view! {
        <div class="window record-window" on:keydown=on_keydown>
            <div class="toolbar">
                <h1 data-testid="window-title">{title}</h1>
                <button class="button primary" data-testid="save" on:click=move |_| save() title="Save (Ctrl+S)">"Save"</button>
                <a class="button" href="#/classes/new">"New"</a>
                {(!is_new).then(|| view! { <button class="button" data-testid="delete" on:click=move |_| delete()>"Delete"</button> })}
            </div>
            <ProblemSummary problems=problems label_of=label_of />
            <div class="top-part">
                <div class="form-grid">
                    <Field label="Class ID" name="id" problems=problems required=true>
                        <TextInput value=class_id testid="class-id" readonly=!is_new />
                    </Field>
                    <Field label="Description" name="description" problems=problems required=true>
                        <TextInput value=description testid="class-description" />
                    </Field>
                    <Field label="Terms" name="terms_id" problems=problems>
                        <Select value=terms_id testid="class-terms" options=terms />
                    </Field>
                    <Field label="Currency" name="currency" problems=problems>
                        <Select value=currency testid="class-currency" options=currencies />
                    </Field>
                    <div class="field">
                        <CheckBox value=allow_override testid="class-currency-override" label="Enable currency override" />
                    </div>
                    <CreditFields form=credit problems=problems testid="class" />
                    <ChargesFields form=charges problems=problems testid="class" />
                    <Field label="Overdue charge rate (% a year)" name="overdue_rate_pct" problems=problems>
                        <TextInput value=overdue_rate testid="class-overdue-rate" />
                    </Field>
                </div>
            </div>
        </div>
    }
    .into_any()
}
