//! Payments and applications (record window): payments, prepayments and customer
//! refunds; applying them before or after release; reversing applications; voiding.

use std::collections::BTreeMap;

use leptos::prelude::*;
use reskontra_core::base::money::{format_amount, parse_decimal};
use reskontra_core::command::PaymentDraft;
use reskontra_core::documents::document::{DocId, DocType};
use reskontra_core::documents::form;
use reskontra_core::fields::{document, FieldPath, Name, Step};
use reskontra_core::{Command, Problem, Record};
use rust_decimal::Decimal;

use crate::delivery::confirm;
use crate::ui::components::applications::{application_drafts, typed_from, Applications, Typed};
use crate::ui::components::customer_picker::CustomerPicker;
use crate::ui::components::form::{Field, ProblemSummary};
use crate::ui::components::record::delete_document;
use crate::ui::components::status::StatusPill;
use crate::ui::context::use_ledger;
use crate::ui::route::{document_route, DocRoute, Route};

fn label_of(field: &FieldPath) -> String {
    match field.steps() {
        [Step::Name(Name::Applications), ..] => "Applications".into(),
        [Step::Name(name)] => match name {
            Name::CustomerId => "Customer",
            Name::Date => "Date",
            Name::Amount => "Amount",
            Name::PaymentRef => "Payment ref.",
            Name::Currency => "Currency",
            Name::Description => "Description",
            Name::DocType => "Type",
            other => other.as_str(),
        }
        .into(),
        _ => field.to_string(),
    }
}

#[component]
pub fn PaymentWindow(target: DocRoute) -> impl IntoView {
    let ctx = use_ledger();
    let existing = ctx.ledger.with_untracked(|l| target.find(l, &DocType::PAYMENT_LIKE));
    if target.ref_nbr.is_some() && existing.is_none() {
        return view! { <div class="window empty"><h1>"Payment not found"</h1><a href="#/payments">"Back to Payments"</a></div> }.into_any();
    }
    let today = ctx.business_date_untracked();
    let new_type = target.doc_type.filter(|t| DocType::PAYMENT_LIKE.contains(t)).unwrap_or(DocType::Payment);
    let original = existing
        .as_ref()
        .map(PaymentDraft::from_document)
        .unwrap_or_else(|| ctx.ledger.with_untracked(|l| form::new_payment(l, new_type, target.customer.as_deref().unwrap_or_default(), today)));
    let doc_id = RwSignal::new(existing.as_ref().map(|d| d.id));
    let doc_type = RwSignal::new(existing.as_ref().map(|d| d.doc_type).unwrap_or(new_type));
    let customer_id = RwSignal::new(original.customer_id.clone());
    let date = RwSignal::new(original.date.clone());
    let rate = RwSignal::new(original.rate.clone());
    let payment_ref = RwSignal::new(original.payment_ref.clone());
    let amount = RwSignal::new(original.amount.clone());
    let description = RwSignal::new(original.description.clone());
    let hold = RwSignal::new(original.hold);
    let typed: RwSignal<BTreeMap<DocId, Typed>> = RwSignal::new(typed_from(&original.applications));
    let problems = RwSignal::new(Vec::<Problem>::new());

    // The currency has no input: it stays what the document was saved with (empty
    // on a new one: the customer's).
    let saved_currency = RwSignal::new(original.currency.clone());
    let draft = move || PaymentDraft {
        doc_type: doc_type.get(),
        id: doc_id.get(),
        ref_nbr: String::new(),
        customer_id: customer_id.get(),
        date: date.get(),
        currency: saved_currency.get(),
        rate: rate.get(),
        payment_ref: payment_ref.get(),
        amount: amount.get(),
        description: description.get(),
        hold: hold.get(),
        applications: typed.with(application_drafts),
    };
    let saved = RwSignal::new(original);
    let stored = Memo::new(move |_| doc_id.get().and_then(|id| ctx.ledger.with(|l| l.documents.get(&id).cloned())));
    let released = Signal::derive(move || stored.get().is_some_and(|d| d.status.is_released()));
    let dirty = Memo::new(move |_| {
        if released.get() {
            return false;
        }
        let now = draft();
        saved.with(|s| PaymentDraft { id: now.id, ref_nbr: String::new(), ..s.clone() } != now)
    });
    ctx.track_unsaved(dirty);
    let allowed = Memo::new(move |_| ctx.ledger.with(|l| stored.with(|d| form::actions(l, d.as_ref(), doc_type.get(), hold.get(), dirty.get()))));
    let status = Signal::derive(move || allowed.get().status);
    let currency =
        Memo::new(move |_| ctx.ledger.with(|l| stored.with(|d| saved_currency.with(|c| form::draft_currency(l, d.as_ref(), c, &customer_id.get())))));
    let minor_units = Memo::new(move |_| currency.get().minor_units);
    let currency_code = Memo::new(move |_| currency.get().code);

    let run = move |command: Command, done: String| {
        leptos::task::spawn_local(async move {
            match ctx.run(command).await {
                Ok(_) => {
                    problems.set(Vec::new());
                    typed.set(BTreeMap::new());
                    ctx.notify(done);
                }
                Err(found) => problems.set(found),
            }
        });
    };
    let release_payment = move |id: DocId, name: String| {
        leptos::task::spawn_local(async move {
            match ctx.run(Command::Release(id)).await {
                Ok(_) => {
                    problems.set(Vec::new());
                    typed.set(BTreeMap::new());
                    ctx.notify(format!("{name} released"));
                }
                Err(found) => problems.set(found),
            }
        });
    };
    let save_then = move |release_after: bool| {
        let command = Command::SavePayment(draft());
        let is_new = doc_id.get_untracked().is_none();
        leptos::task::spawn_local(async move {
            match ctx.run(command).await {
                Ok(change) => {
                    problems.set(Vec::new());
                    if let Some(Record::Document(d)) = change.puts.first() {
                        let stored_draft = PaymentDraft::from_document(d);
                        amount.set(stored_draft.amount.clone());
                        date.set(stored_draft.date.clone());
                        rate.set(stored_draft.rate.clone());
                        saved_currency.set(stored_draft.currency.clone());
                        payment_ref.set(stored_draft.payment_ref.clone());
                        description.set(stored_draft.description.clone());
                        hold.set(stored_draft.hold);
                        typed.set(typed_from(&stored_draft.applications));
                        saved.set(stored_draft);
                        doc_id.set(Some(d.id));
                        let name = format!("{} {}", d.doc_type.label(), d.ref_nbr);
                        ctx.notify(format!("{name} saved"));
                        if release_after {
                            release_payment(d.id, name);
                        }
                        if is_new {
                            ctx.leave_to(&document_route(d.doc_type, &d.ref_nbr));
                        }
                    }
                }
                Err(found) => problems.set(found),
            }
        });
    };
    let name = move || stored.get_untracked().map(|d| format!("{} {}", d.doc_type.label(), d.ref_nbr)).unwrap_or_default();
    let release = move || match doc_id.get_untracked() {
        Some(id) if !dirty.get_untracked() => release_payment(id, name()),
        _ => save_then(true),
    };
    let delete = move || {
        let Some(id) = doc_id.get_untracked() else { return };
        let name = name();
        delete_document(id, name, Route::Payments, problems);
    };
    let void = move || {
        let Some(id) = doc_id.get_untracked() else { return };
        let name = name();
        if !confirm(&format!("Void {name}? A void payment reverses it and every application it made. This cannot be undone.")) {
            return;
        }
        run(Command::VoidPayment(id), format!("{name} voided"));
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "s" {
            ev.prevent_default();
            if !released.get_untracked() {
                save_then(false);
            }
        }
    };
    let fmt = move |value: Decimal| format_amount(value, minor_units.get());
    let title = move || {
        stored.get().map(|d| format!("{} {}", d.doc_type.label(), d.ref_nbr)).unwrap_or_else(|| format!("New {}", doc_type.get().label().to_lowercase()))
    };
    let voidable = move || allowed.get().void;
    let voided_by = move || {
        let doc = stored.get()?;
        let other = ctx.ledger.with(|l| doc.voids.and_then(|v| l.documents.get(&v).cloned()))?;
        let text = if doc.doc_type == DocType::VoidPayment {
            format!("Voids {} {}", other.doc_type.label().to_lowercase(), other.ref_nbr)
        } else {
            format!("Voided by void payment of {}", other.date)
        };
        Some(view! { <a class="voids-link" data-testid="voids-link" href=document_route(other.doc_type, &other.ref_nbr).href()>{text}</a> })
    };
    let fill_up_to = Signal::derive(move || parse_decimal(&amount.get(), 4).unwrap_or_default());

    view! {
        <div class="window record-window" on:keydown=on_keydown>
            <div class="toolbar">
                <h1 data-testid="window-title">{title}</h1>
                <StatusPill status=status />
                <button class="button primary" data-testid="save" on:click=move |_| save_then(false) prop:disabled=move || !allowed.get().save title="Save (Ctrl+S)">"Save"</button>
                <button class="button" data-testid="release" on:click=move |_| release()
                    prop:disabled=move || !allowed.get().release>"Release"</button>
                <button class="button" data-testid="delete" on:click=move |_| delete() prop:disabled=move || !allowed.get().delete>"Delete"</button>
                {move || voidable().then(|| view! { <button class="button" data-testid="void" on:click=move |_| void()>"Void"</button> })}
                <a class="button" href=move || Route::Payment(DocRoute::new_of(doc_type.get(), None)).href()>"New"</a>
                <span class="dirty" data-testid="dirty" class:shown=move || dirty.get()>"Unsaved changes"</span>
                {voided_by}
            </div>
            <ProblemSummary problems=problems label_of=label_of />
            <div class="top-part">
                <div class="form-grid">
                    <Field label="Type" name=document::DOC_TYPE problems=problems>
                        <select data-testid="payment-type" prop:disabled=move || doc_id.get().is_some()
                            on:change=move |ev| {
                                if let Some(t) = DocType::from_label(&event_target_value(&ev)) {
                                    doc_type.set(t);
                                    typed.set(BTreeMap::new());
                                }
                            }>
                            {move || {
                                let current = doc_type.get();
                                let types: Vec<DocType> = if current == DocType::VoidPayment { vec![current] } else { DocType::PAYMENT_LIKE.to_vec() };
                                types.into_iter().map(|t| view! { <option value=t.label() selected=t == current>{t.label()}</option> }).collect_view()
                            }}
                        </select>
                    </Field>
                    <Field label="Customer" name=document::CUSTOMER_ID problems=problems required=true wide=true>
                        <CustomerPicker value=customer_id testid="payment-customer" disabled=Signal::derive(move || released.get() || doc_id.get().is_some()) />
                    </Field>
                    <Field label="Date" name=document::DATE problems=problems required=true>
                        <input class="date" placeholder="YYYY-MM-DD" data-testid="payment-date" prop:value=move || date.get() prop:disabled=move || released.get()
                            on:input=move |ev| date.set(event_target_value(&ev)) />
                    </Field>
                    <Field label="Amount" name=document::AMOUNT problems=problems required=true>
                        <input class="num" data-testid="payment-amount" prop:value=move || amount.get() prop:disabled=move || released.get()
                            on:input=move |ev| amount.set(event_target_value(&ev)) />
                    </Field>
                    <Field label="Payment ref." name=document::PAYMENT_REF problems=problems>
                        <input data-testid="payment-ref" prop:value=move || payment_ref.get() prop:disabled=move || released.get()
                            on:input=move |ev| payment_ref.set(event_target_value(&ev)) />
                    </Field>
                    <Field label="Description" name=document::DESCRIPTION problems=problems>
                        <input data-testid="payment-description" prop:value=move || description.get() prop:disabled=move || released.get()
                            on:input=move |ev| description.set(event_target_value(&ev)) />
                    </Field>
                    <div class="field">
                        <label class="check">
                            <input type="checkbox" data-testid="payment-hold" prop:checked=move || hold.get() prop:disabled=move || released.get()
                                on:change=move |ev| hold.set(event_target_checked(&ev)) />
                            "Hold"
                        </label>
                    </div>
                    <crate::ui::components::rate::CurrencyField currency=saved_currency customer_id=customer_id released=released problems=problems testid="payment-currency-choice" />
                    <crate::ui::components::rate::RateField rate=rate customer_id=customer_id date=date currency=currency_code
                        stored=stored problems=problems testid="payment-rate" />
                </div>
                <div class="figures">
                    <div class="figure"><div class="figure-label">"Currency"</div><div class="figure-value">{move || currency_code.get()}</div></div>
                    <div class="figure"><div class="figure-label">"Applied"</div><div class="figure-value amount" data-testid="payment-applied">
                        {move || fmt(stored.get().filter(|d| d.status.is_released()).map(|d| d.released_applied_total())
                            .unwrap_or_else(|| typed.with(|m| m.values().filter_map(|t| parse_decimal(&t.amount, 4).ok()).sum())))}</div></div>
                    <div class="figure total"><div class="figure-label">"Balance"</div><div class="figure-value amount" data-testid="payment-balance">
                        {move || fmt(stored.get().filter(|d| d.status.is_released()).map(|d| d.balance)
                            .unwrap_or_else(|| parse_decimal(&amount.get(), 4).unwrap_or_default()))}</div></div>
                </div>
            </div>
            {move || (doc_type.get() != DocType::VoidPayment).then(|| view! {
                <Applications stored=stored customer_id=customer_id source_type=doc_type source_date=Signal::derive(move || date.get()) typed=typed problems=problems
                    minor_units=minor_units currency=currency_code fill_up_to=fill_up_to />
            })}
        </div>
    }
    .into_any()
}
