//! Payments and applications (record window): payments, prepayments and customer
//! refunds; applying them before or after release; reversing applications; voiding.

use std::collections::BTreeMap;

use leptos::prelude::*;
use reskontra_core::base::money::Currency;
use reskontra_core::command::PaymentDraft;
use reskontra_core::documents::document::{DocId, DocType, Document};
use reskontra_core::documents::form;
use reskontra_core::fields::{document, FieldPath, Name, Step};
use reskontra_core::{Command, Record};
use rust_decimal::Decimal;

use crate::delivery::confirm;
use crate::ui::components::applications::{application_drafts, typed_from, Applications, Typed};
use crate::ui::components::bind::styled_input;
use crate::ui::components::customer_picker::CustomerPicker;
use crate::ui::components::form::{Field, ProblemSummary};
use crate::ui::components::record::{delete_document, DraftForm, NewButton};
use crate::ui::components::status::StatusPill;
use crate::ui::context::{use_ledger, LedgerCtx};
use crate::ui::route::{document_route, DocRoute, Route};
use crate::{bound, check, text};

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

/// What the payment window's parts share; all `Copy`. The header is one draft in a
/// [`DraftForm`]; the typed applications are its part.
#[derive(Clone, Copy)]
struct PaymentForm {
    form: DraftForm<PaymentDraft>,
    typed: RwSignal<BTreeMap<DocId, Typed>>,
    doc_id: Memo<Option<DocId>>,
    doc_type: Memo<DocType>,
    customer_id: Memo<String>,
    stored: Memo<Option<Document>>,
    released: Memo<bool>,
    allowed: Memo<form::Actions>,
    currency: Memo<Currency>,
}

impl PaymentForm {
    fn new(ctx: LedgerCtx, original: PaymentDraft) -> Self {
        let typed: RwSignal<BTreeMap<DocId, Typed>> = RwSignal::new(typed_from(&original.applications));
        let released_in = move |d: &PaymentDraft| ctx.ledger.with(|l| d.id.and_then(|id| l.documents.get(&id)).is_some_and(|doc| doc.status.is_released()));
        let parts = move |d: &mut PaymentDraft, tracked: bool| {
            d.applications = if tracked { typed.with(application_drafts) } else { typed.with_untracked(application_drafts) };
        };
        let form = DraftForm::with_frozen(original, parts, released_in);
        let draft = form.draft;
        let doc_id = Memo::new(move |_| draft.with(|d| d.id));
        let doc_type = Memo::new(move |_| draft.with(|d| d.doc_type));
        let customer_id = Memo::new(move |_| draft.with(|d| d.customer_id.clone()));
        let stored = Memo::new(move |_| doc_id.get().and_then(|id| ctx.ledger.with(|l| l.documents.get(&id).cloned())));
        let released = Memo::new(move |_| stored.with(|d| d.as_ref().is_some_and(|d| d.status.is_released())));
        let dirty = form.dirty;
        let allowed =
            Memo::new(move |_| ctx.ledger.with(|l| stored.with(|d| form::actions(l, d.as_ref(), doc_type.get(), draft.with(|x| x.hold), dirty.get()))));
        let currency =
            Memo::new(move |_| ctx.ledger.with(|l| stored.with(|d| draft.with(|x| form::draft_currency(l, d.as_ref(), &x.currency, &customer_id.get())))));
        PaymentForm { form, typed, doc_id, doc_type, customer_id, stored, released, allowed, currency }
    }

    fn name(self) -> String {
        self.stored.get_untracked().map(|d| format!("{} {}", d.doc_type.label(), d.ref_nbr)).unwrap_or_default()
    }

    /// Runs `command` on the saved payment; on success the typed amounts are cleared.
    fn run(self, command: Command, done: String) {
        let typed = self.typed;
        self.form.run(
            command,
            move |ctx, _| {
                typed.set(BTreeMap::new());
                ctx.notify(done);
            },
            |_| {},
        );
    }

    /// Saves; then releases when `release_after`.
    fn save_then(self, release_after: bool) {
        let is_new = self.doc_id.get_untracked().is_none();
        self.form.run(
            Command::SavePayment(self.form.current()),
            move |ctx, change| {
                let Some(Record::Document(d)) = change.puts.first() else { return };
                self.show_draft(&PaymentDraft::from_document(d, ctx.numbers_untracked()));
                let name = format!("{} {}", d.doc_type.label(), d.ref_nbr);
                ctx.notify(format!("{name} saved"));
                if release_after {
                    self.run(Command::Release(d.id), format!("{name} released"));
                }
                if is_new {
                    ctx.leave_to(&document_route(d.doc_type, &d.ref_nbr));
                }
            },
            |_| {},
        );
    }

    /// `stored_draft` in every field, applications included, as the saved copy.
    fn show_draft(self, stored_draft: &PaymentDraft) {
        self.typed.set(typed_from(&stored_draft.applications));
        self.form.draft.set(stored_draft.clone());
        self.form.saved.set(stored_draft.clone());
    }

    /// Follows the stored payment while other tabs change it (`DraftForm::follow`).
    fn follow(self, id: DocId) {
        self.form.follow(move |l| l.documents.get(&id).map(|d| PaymentDraft::from_document(d, l.settings.numbers())), move |d| self.show_draft(d));
    }

    fn release(self) {
        match self.doc_id.get_untracked() {
            Some(id) if !self.form.dirty.get_untracked() => self.run(Command::Release(id), format!("{} released", self.name())),
            _ => self.save_then(true),
        }
    }

    fn delete(self) {
        let Some(id) = self.doc_id.get_untracked() else { return };
        delete_document(id, self.name(), Route::Payments, self.form.problems);
    }

    fn void(self) {
        let Some(id) = self.doc_id.get_untracked() else { return };
        let name = self.name();
        if !confirm(&format!("Void {name}? A void payment reverses it and every application it made. This cannot be undone.")) {
            return;
        }
        self.run(Command::VoidPayment(id), format!("{name} voided"));
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
        .map(|d| PaymentDraft::from_document(d, ctx.numbers_untracked()))
        .unwrap_or_else(|| ctx.ledger.with_untracked(|l| form::new_payment(l, new_type, target.customer.as_deref().unwrap_or_default(), today)));
    let pay = PaymentForm::new(ctx, original);
    if let Some(d) = &existing {
        pay.follow(d.id);
    }
    let (draft, problems, released) = (pay.form.draft, pay.form.problems, pay.released);
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "s" {
            ev.prevent_default();
            if !released.get_untracked() {
                pay.save_then(false);
            }
        }
    };
    let minor_units = Signal::derive(move || pay.currency.get().minor_units);
    let currency_code = Signal::derive(move || pay.currency.get().code);
    let fill_up_to = Signal::derive(move || draft.with(|d| form::payment_figures(None, d, ctx.numbers()).amount));
    view! {
        <div class="window record-window" on:keydown=on_keydown>
            {toolbar(pay)}
            <ProblemSummary problems=problems label_of=label_of />
            {pay.form.changed_elsewhere()}
            <div class="top-part">
                {header_fields(pay)}
                {figures(pay)}
            </div>
            {move || pay.doc_type.get().has_applications().then(|| view! {
                <Applications stored=pay.stored customer_id=pay.customer_id source_type=pay.doc_type
                    source_date=Signal::derive(move || draft.with(|d| d.date.clone())) typed=pay.typed problems=problems
                    minor_units=minor_units currency=currency_code fill_up_to=fill_up_to />
            })}
        </div>
    }
    .into_any()
}

/// Title, status, the buttons the core allows now, and the void payment link.
fn toolbar(pay: PaymentForm) -> impl IntoView {
    let ctx = use_ledger();
    let (allowed, stored, dirty) = (pay.allowed, pay.stored, pay.form.dirty);
    let title = move || {
        stored.get().map(|d| format!("{} {}", d.doc_type.label(), d.ref_nbr)).unwrap_or_else(|| format!("New {}", pay.doc_type.get().label().to_lowercase()))
    };
    let voided_by = move || {
        let doc = stored.get()?;
        let other = ctx.ledger.with(|l| doc.voids.and_then(|v| l.documents.get(&v).cloned()))?;
        let text = if DocType::PAYMENT_LIKE.contains(&doc.doc_type) {
            format!("Voided by void payment of {}", other.date)
        } else {
            format!("Voids {} {}", other.doc_type.label().to_lowercase(), other.ref_nbr)
        };
        Some(view! { <a class="voids-link" data-testid="voids-link" href=document_route(other.doc_type, &other.ref_nbr).href()>{text}</a> })
    };
    view! {
        <div class="toolbar">
            <h1 data-testid="window-title">{title}</h1>
            <StatusPill status=Signal::derive(move || allowed.get().status) />
            <button class="button primary" data-testid="save" on:click=move |_| pay.save_then(false) prop:disabled=move || !allowed.get().save title="Save (Ctrl+S)">"Save"</button>
            <button class="button" data-testid="release" on:click=move |_| pay.release()
                prop:disabled=move || !allowed.get().release>"Release"</button>
            <button class="button" data-testid="delete" on:click=move |_| pay.delete() prop:disabled=move || !allowed.get().delete>"Delete"</button>
            {move || allowed.get().void.then(|| view! { <button class="button" data-testid="void" on:click=move |_| pay.void()>"Void"</button> })}
            <NewButton route=Signal::derive(move || Route::Payment(DocRoute::new_of(pay.doc_type.get(), None))) />
            <span class="dirty" data-testid="dirty" class:shown=move || dirty.get()>"Unsaved changes"</span>
            {voided_by}
        </div>
    }
}

/// The header fields, bound to the draft; all of them read-only once released.
fn header_fields(pay: PaymentForm) -> impl IntoView {
    let (draft, problems, released, doc_id, customer_id) = (pay.form.draft, pay.form.problems, pay.released, pay.doc_id, pay.customer_id);
    let currency_code = Signal::derive(move || pay.currency.get().code);
    let date = Signal::derive(move || draft.with(|d| d.date.clone()));
    view! {
        <fieldset class="form-grid" prop:disabled=move || released.get()>
            <Field label="Type" name=document::DOC_TYPE problems=problems>
                <select data-testid="payment-type" prop:disabled=move || doc_id.get().is_some()
                    on:change=move |ev| {
                        if let Some(t) = DocType::from_label(&event_target_value(&ev)) {
                            draft.update(|d| d.doc_type = t);
                            pay.typed.set(BTreeMap::new());
                        }
                    }>
                    {move || {
                        let current = pay.doc_type.get();
                        form::payment_type_choices(current).into_iter().map(|t| view! { <option value=t.label() selected=t == current>{t.label()}</option> }).collect_view()
                    }}
                </select>
            </Field>
            <Field label="Customer" name=document::CUSTOMER_ID problems=problems required=true wide=true>
                <CustomerPicker value=bound!(draft, customer_id) testid="payment-customer" disabled=Signal::derive(move || released.get() || doc_id.get().is_some()) />
            </Field>
            <Field label="Date" name=document::DATE problems=problems required=true>
                {styled_input(bound!(draft, date), "payment-date", "date", Signal::derive(|| "YYYY-MM-DD".to_string()))}
            </Field>
            <Field label="Amount" name=document::AMOUNT problems=problems required=true>
                {styled_input(bound!(draft, amount), "payment-amount", "num", Signal::derive(String::new))}
            </Field>
            <Field label="Payment ref." name=document::PAYMENT_REF problems=problems>
                {text!(draft, "payment-ref", payment_ref)}
            </Field>
            <Field label="Description" name=document::DESCRIPTION problems=problems>
                {text!(draft, "payment-description", description)}
            </Field>
            <div class="field">{check!(draft, "payment-hold", "Hold", hold)}</div>
            <crate::ui::components::rate::CurrencyField currency=bound!(draft, currency) customer_id=customer_id released=released problems=problems testid="payment-currency-choice" />
            <crate::ui::components::rate::RateField rate=bound!(draft, rate) customer_id=customer_id date=date currency=currency_code
                stored=pay.stored problems=problems testid="payment-rate" />
        </fieldset>
    }
}

/// Currency, Applied and Balance (the core's figures).
fn figures(pay: PaymentForm) -> impl IntoView {
    let (stored, draft) = (pay.stored, pay.form.draft);
    let minor_units = Signal::derive(move || pay.currency.get().minor_units);
    let ctx = crate::ui::context::use_ledger();
    let fmt = move |value: Decimal| ctx.numbers().amount(value, minor_units.get());
    // The typed applications are the draft's part: read them with it.
    let shown = Memo::new(move |_| {
        let typed = pay.typed.with(application_drafts);
        stored.with(|s| draft.with(|d| form::payment_figures(s.as_ref(), &PaymentDraft { applications: typed, ..d.clone() }, ctx.numbers())))
    });
    view! {
        <div class="figures">
            <div class="figure"><div class="figure-label">"Currency"</div><div class="figure-value">{move || pay.currency.get().code}</div></div>
            <div class="figure"><div class="figure-label">"Applied"</div><div class="figure-value amount" data-testid="payment-applied">
                {move || fmt(shown.get().applied)}</div></div>
            <div class="figure total"><div class="figure-label">"Balance"</div><div class="figure-value amount" data-testid="payment-balance">
                {move || fmt(shown.get().balance)}</div></div>
        </div>
    }
}
