//! Invoice (record window): header, lines, live totals, and the actions Save,
//! Delete, Release, Print (the print-ready view) and Email (an .eml file).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use leptos::prelude::*;
use reskontra_core::base::money::Currency;
use reskontra_core::command::{InvoiceDraft, LineDraft};
use reskontra_core::documents::document::{DocId, DocType, Document};
use reskontra_core::documents::form::{self, DraftTotals};
use reskontra_core::fields::{document, FieldPath, Name, Step};
use reskontra_core::reports::rows::{days_overdue, overdue_text};
use reskontra_core::{Command, Problem, ProblemKind, Record};
use rust_decimal::Decimal;

use crate::ui::components::activity::ActivityList;
use crate::ui::components::applications::{application_drafts, typed_from, Applications, Typed};
use crate::ui::components::bind::styled_input;
use crate::ui::components::customer_picker::CustomerPicker;
use crate::ui::components::form::{Field, ProblemSummary};
use crate::ui::components::record::{delete_document, DraftForm, NewButton};
use crate::ui::components::status::StatusPill;
use crate::ui::context::{use_ledger, LedgerCtx};
use crate::ui::route::{document_route, DocRoute, Route};

use crate::{bound, check, text};

use super::invoice_lines::{InvoiceLines, LineForm};

fn label_of(field: &FieldPath) -> String {
    match (field.head(), field.row(), field.leaf()) {
        (Some(Name::Applications), ..) => "Applications".into(),
        (Some(Name::Lines), Some(n), Some(column)) => {
            let column = match column {
                Name::Quantity => "quantity",
                Name::UnitPrice => "unit price",
                Name::DiscountPct => "discount %",
                Name::VatCategory => "VAT category",
                _ => "description",
            };
            format!("Line {} {column}", n + 1)
        }
        _ => match field.steps() {
            [Step::Name(name)] => match name {
                Name::CustomerId => "Customer",
                Name::Date => "Date",
                Name::DueDate => "Due date",
                Name::Currency => "Currency",
                Name::Description => "Description",
                Name::RefNbr => "Reference",
                Name::DocType => "Type",
                Name::PaymentRef => "Payment ref.",
                Name::ControlTotal => "Control total",
                Name::Lines => "Lines",
                other => other.as_str(),
            }
            .into(),
            _ => field.to_string(),
        },
    }
}

/// What runs once the document is saved (release after save).
type AfterSave = fn(LedgerCtx, DocId, RwSignal<Vec<Problem>>);

/// What the invoice window's parts share; all `Copy`. The header is one draft in a
/// [`DraftForm`]; the lines and the typed applications are its parts.
#[derive(Clone, Copy)]
struct InvoiceForm {
    form: DraftForm<InvoiceDraft>,
    lines: RwSignal<Vec<LineForm>>,
    next_uid: StoredValue<u32>,
    typed: RwSignal<BTreeMap<DocId, Typed>>,
    doc_id: Memo<Option<DocId>>,
    doc_type: Memo<DocType>,
    customer_id: Memo<String>,
    stored: Memo<Option<Document>>,
    allowed: Memo<form::Actions>,
    currency: Memo<Currency>,
    /// The core's live totals of what is typed: what Save stores.
    computed: Memo<DraftTotals>,
    /// *Email* is rendering and queueing the invoice's emails.
    emailing: RwSignal<bool>,
    ctx: LedgerCtx,
}

impl InvoiceForm {
    fn new(ctx: LedgerCtx, original: InvoiceDraft, today: NaiveDate) -> Self {
        let next_uid = StoredValue::new(original.lines.len() as u32);
        let lines = RwSignal::new(original.lines.iter().enumerate().map(|(i, l)| LineForm::new(i as u32, l)).collect::<Vec<_>>());
        let typed: RwSignal<BTreeMap<DocId, Typed>> = RwSignal::new(typed_from(&original.applications));
        let form = DraftForm::new(original, move |d: &mut InvoiceDraft, tracked| {
            d.lines = if tracked { lines.get() } else { lines.get_untracked() }.iter().map(LineForm::draft).collect();
            d.applications = if tracked { typed.with(application_drafts) } else { typed.with_untracked(application_drafts) };
        });
        let draft = form.draft;
        let doc_id = Memo::new(move |_| draft.with(|d| d.id));
        let doc_type = Memo::new(move |_| draft.with(|d| d.doc_type));
        let customer_id = Memo::new(move |_| draft.with(|d| d.customer_id.clone()));
        let stored = Memo::new(move |_| doc_id.get().and_then(|id| ctx.ledger.with(|l| l.documents.get(&id).cloned())));
        let dirty = form.dirty;
        let allowed =
            Memo::new(move |_| ctx.ledger.with(|l| stored.with(|d| form::actions(l, d.as_ref(), doc_type.get(), draft.with(|x| x.hold), dirty.get()))));
        let currency =
            Memo::new(move |_| ctx.ledger.with(|l| stored.with(|d| draft.with(|x| form::draft_currency(l, d.as_ref(), &x.currency, &customer_id.get())))));
        let computed = Memo::new(move |_| {
            let typed_lines: Vec<LineDraft> = lines.get().iter().map(LineForm::draft).collect();
            let date = draft.with(|d| d.date.clone());
            ctx.ledger.with(|l| form::draft_totals(l, &typed_lines, &currency.get(), &date, today))
        });
        InvoiceForm { form, lines, next_uid, typed, doc_id, doc_type, customer_id, stored, allowed, currency, computed, emailing: RwSignal::new(false), ctx }
    }

    fn released(self) -> Signal<bool> {
        let allowed = self.allowed;
        Signal::derive(move || allowed.get().released)
    }

    /// After a save: the form shows what was stored (numbers as the ledger writes them),
    /// and that is the new saved copy, so it is not "unsaved" right after saving.
    fn show_stored(self, d: &Document) {
        self.show_draft(&InvoiceDraft::from_document(d, self.ctx.numbers_untracked()));
    }

    /// `stored_draft` in every field, lines and applications included, as the saved copy.
    fn show_draft(self, stored_draft: &InvoiceDraft) {
        self.typed.set(typed_from(&stored_draft.applications));
        let first_uid = self.next_uid.get_value();
        self.next_uid.set_value(first_uid + stored_draft.lines.len() as u32);
        self.lines.set(stored_draft.lines.iter().enumerate().map(|(i, l)| LineForm::new(first_uid + i as u32, l)).collect());
        self.form.draft.set(stored_draft.clone());
        self.form.saved.set(stored_draft.clone());
    }

    /// Follows the stored document while other tabs change it (`DraftForm::follow`).
    fn follow(self, id: DocId) {
        self.form.follow(move |l| l.documents.get(&id).map(|d| InvoiceDraft::from_document(d, l.settings.numbers())), move |d| self.show_draft(d));
    }

    /// Saves, then runs `after` (release) with the saved document.
    fn save_then(self, after: Option<AfterSave>) {
        let is_new = self.doc_id.get_untracked().is_none();
        let problems = self.form.problems;
        self.form.run(
            Command::SaveInvoice(self.form.current()),
            move |ctx, change| {
                let Some(Record::Document(d)) = change.puts.first() else { return };
                self.show_stored(d);
                ctx.notify(format!("{} {} saved", d.doc_type.label(), d.ref_nbr));
                if let Some(next) = after {
                    next(ctx, d.id, problems);
                }
                if is_new {
                    ctx.leave_to(&document_route(d.doc_type, &d.ref_nbr));
                }
            },
            |_| {},
        );
    }

    fn release(self) {
        if self.form.dirty.get_untracked() || self.doc_id.get_untracked().is_none() {
            self.save_then(Some(release_document));
        } else if let Some(id) = self.doc_id.get_untracked() {
            release_document(self.form.ctx(), id, self.form.problems);
        }
    }

    fn delete(self) {
        let Some(id) = self.doc_id.get_untracked() else { return };
        let name = self.stored.get_untracked().map(|d| format!("{} {}", d.doc_type.label(), d.ref_nbr)).unwrap_or_default();
        delete_document(id, name, Route::Invoices, self.form.problems);
    }

    /// *Email invoice* (R11.3, R4.5): the customer's INVOICE mailing makes the emails,
    /// with the invoice rendered as each recipient's format; they wait in Pending
    /// emails, and the invoice is marked Emailed (a Pending email one may be released).
    fn email(self) {
        let Some(id) = self.doc_id.get_untracked() else { return };
        let (ctx, problems) = (self.form.ctx(), self.form.problems);
        let today = ctx.business_date_untracked();
        let plan = ctx.ledger.with_untracked(|l| {
            let customer = l.documents.get(&id).map(|d| d.customer_id.clone()).unwrap_or_default();
            reskontra_core::mailings::queue::plan_one(l, &customer, Some(id), "INVOICE", today)
        });
        let planned = match plan.emails {
            Ok(planned) => planned,
            Err(why) => return problems.set(vec![Problem::form(ProblemKind::Other, why)]),
        };
        self.emailing.set(true);
        let emailing = self.emailing;
        leptos::task::spawn_local(async move {
            let mut emails = Vec::new();
            for p in planned {
                match crate::ui::pages::mailings::prepare::prepare(ctx, p).await {
                    Ok(email) => emails.push(email),
                    Err(why) => {
                        emailing.set(false);
                        return problems.set(vec![Problem::form(ProblemKind::Other, why)]);
                    }
                }
            }
            let n = emails.len();
            let command = Command::QueueEmails { emails, delivered: vec![id], nonce: crate::ui::pages::mailings::prepare::nonce() };
            match ctx.run(command).await {
                Ok(_) => {
                    problems.set(Vec::new());
                    ctx.notify(format!("{} waiting in Pending emails", if n == 1 { "1 email".to_string() } else { format!("{n} emails") }));
                }
                Err(found) => problems.set(found),
            }
            emailing.set(false);
        });
    }
}

#[component]
pub fn InvoiceWindow(target: DocRoute) -> impl IntoView {
    let ctx = use_ledger();
    let existing = ctx.ledger.with_untracked(|l| target.find(l, &DocType::INVOICE_LIKE));
    if target.ref_nbr.is_some() && existing.is_none() {
        return view! { <div class="window empty"><h1>"Document not found"</h1><a href="#/invoices">"Back to Invoices and notes"</a></div> }.into_any();
    }
    let new_type = target.doc_type.filter(|t| t.is_invoice_like()).unwrap_or(DocType::Invoice);
    let customer = target.customer.clone();
    let today = ctx.business_date_untracked();
    let original = existing
        .as_ref()
        .map(|d| InvoiceDraft::from_document(d, ctx.numbers_untracked()))
        .unwrap_or_else(|| ctx.ledger.with_untracked(|l| form::new_invoice(l, new_type, customer.as_deref().unwrap_or_default(), today)));
    let inv = InvoiceForm::new(ctx, original, today);
    if let Some(d) = &existing {
        inv.follow(d.id);
    }
    let problems = inv.form.problems;
    let released = inv.released();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "s" {
            ev.prevent_default();
            if !released.get_untracked() {
                inv.save_then(None);
            }
        }
    };
    let minor_units = Signal::derive(move || inv.currency.get().minor_units);
    let draft = inv.form.draft;
    view! {
        <div class="window record-window" on:keydown=on_keydown>
            {toolbar(inv)}
            <ProblemSummary problems=problems label_of=label_of />
            {inv.form.changed_elsewhere()}
            {move || inv.stored.get().filter(|_| inv.allowed.get().remove_credit_hold).map(|d| credit_hold_banner(inv, &d))}
            {move || inv.stored.get().and_then(|d| match d.schedule {
                Some(reskontra_core::documents::document::ScheduleLink::Template(sid)) => Some(view! {
                    <div class="credit-hold-reason" role="status" data-testid="schedule-template-notice">
                        <strong>{format!("{}. ", d.status.label())}</strong>
                        {format!("This document is a template of schedule {sid}: it is never released itself; the schedule generates documents from it. ")}
                        <a href=Route::Schedule(Some(sid.0)).href()>{format!("Open schedule {sid}")}</a>
                    </div>
                }.into_any()),
                Some(reskontra_core::documents::document::ScheduleLink::Generated { schedule, on }) => Some(view! {
                    <div class="hint" data-testid="schedule-generated-notice">
                        {format!("Generated by schedule {schedule} for {on}. ")}
                        <a href=Route::Schedule(Some(schedule.0)).href()>{format!("Open schedule {schedule}")}</a>
                    </div>
                }.into_any()),
                None => None,
            })}
            {move || inv.stored.get().and_then(|d| form::delivery_notice(d.status).map(|text| view! {
                <div class="credit-hold-reason" role="status" data-testid="pending-delivery">
                    <strong>{format!("{}. ", d.status.label())}</strong>{text}
                </div>
            }))}
            <div class="top-part">
                {header_fields(inv)}
                {figures(inv)}
            </div>
            <InvoiceLines lines=inv.lines next_uid=inv.next_uid problems=problems totals=inv.computed minor_units=minor_units released=released />
            {move || inv.doc_type.get().is_applicable_credit().then(|| view! {
                <Applications stored=inv.stored customer_id=inv.customer_id source_type=inv.doc_type
                    source_date=Signal::derive(move || draft.with(|d| d.date.clone())) typed=inv.typed problems=problems
                    minor_units=minor_units currency=Signal::derive(move || inv.currency.get().code)
                    fill_up_to=Signal::derive(move || inv.computed.get().total) />
            })}
            {move || inv.doc_id.get().map(|id| {
                let activity = Memo::new(move |_| ctx.ledger.with(|l| reskontra_core::reports::inquiry::document_activity(l, id)));
                view! {
                    <section class="tab-section" aria-labelledby="document-activity-title">
                        <div class="section-head"><h2 id="document-activity-title">"Activity"</h2></div>
                        <ActivityList testid="document-activity" activity=activity
                            empty="Nothing yet: prints, emails and the release of this document show here, newest first." />
                    </section>
                }
            })}
        </div>
    }
    .into_any()
}

/// Title, status, how long it is overdue, and the buttons the core allows now.
fn toolbar(inv: InvoiceForm) -> impl IntoView {
    let allowed = inv.allowed;
    let released = inv.released();
    let dirty = inv.form.dirty;
    let title = move || {
        inv.stored
            .get()
            .map(|d| format!("{} {}", d.doc_type.label(), d.ref_nbr))
            .unwrap_or_else(|| format!("New {}", inv.doc_type.get().label().to_lowercase()))
    };
    let print_href = move || inv.stored.get().map(|d| Route::InvoicePrint(DocRoute::existing(d.doc_type, &d.ref_nbr)).href()).unwrap_or_default();
    view! {
        <div class="toolbar">
            <h1 data-testid="window-title">{title}</h1>
            <StatusPill status=Signal::derive(move || allowed.get().status) />
            {move || {
                let today = inv.form.ctx().business_date();
                inv.stored.with(|d| d.as_ref().and_then(|d| days_overdue(d.doc_type, d.status, d.due_date, today)))
                    .map(|days| view! { <span class="overdue-pill" data-testid="overdue">{overdue_text(Some(days))}</span> })
            }}
            <button class="button primary" data-testid="save" on:click=move |_| inv.save_then(None) prop:disabled=move || !allowed.get().save title="Save (Ctrl+S)">"Save"</button>
            <button class="button" data-testid="release" on:click=move |_| inv.release()
                prop:disabled=move || !allowed.get().release>"Release"</button>
            <a class="button" data-testid="print" href=print_href class:disabled=move || !allowed.get().print
                aria-disabled=move || (!allowed.get().print).then_some("true") tabindex=move || (!allowed.get().print).then_some("-1")
                title="Open the print-ready invoice (save first)">"Print"</a>
            <button class="button" data-testid="email" on:click=move |_| inv.email() prop:disabled=move || !allowed.get().email || inv.emailing.get()
                title="Email invoice: the customer's INVOICE mailing prepares the email; it waits in Pending emails until you send it">"Email"</button>
            <button class="button" data-testid="delete" on:click=move |_| inv.delete() prop:disabled=move || !allowed.get().delete>"Delete"</button>
            // R7.2: a saved invoice, debit or credit note that may become a template.
            {move || inv.stored.get().filter(|d| d.schedule.is_none() && reskontra_core::schedules::draft::template_problem(d).is_none()).map(|d| view! {
                <a class="button" data-testid="add-to-schedule" href=format!("#/schedules/new?doc={}", d.id.0)
                    title="Make a schedule that generates this document again and again">"Add to schedule"</a>
            })}
            <NewButton route=Signal::derive(move || Route::Invoice(DocRoute::new_of(inv.doc_type.get(), None))) />
            <span class="dirty" data-testid="dirty" class:shown=move || dirty.get() && !released.get()>"Unsaved changes"</span>
        </div>
    }
}

/// The reason a document is on credit hold, with *Remove credit hold* and, when the
/// core allows it, *Put the customer on credit hold* (R4.14).
fn credit_hold_banner(inv: InvoiceForm, d: &Document) -> impl IntoView {
    let (ctx, problems) = (use_ledger(), inv.form.problems);
    let id = d.id;
    let remove = move |_| {
        leptos::task::spawn_local(async move {
            match ctx.run(Command::RemoveCreditHold(id)).await {
                Ok(_) => ctx.notify("Credit hold removed"),
                Err(found) => problems.set(found),
            }
        });
    };
    let customer = StoredValue::new(d.customer_id.clone());
    let hold_customer = move |_| {
        let customer = customer.get_value();
        leptos::task::spawn_local(async move {
            match ctx.run(Command::HoldCustomer(customer.clone())).await {
                Ok(_) => ctx.notify(format!("Customer {customer} is on credit hold")),
                Err(found) => problems.set(found),
            }
        });
    };
    view! {
        <div class="credit-hold-reason" role="alert" data-testid="credit-hold-reason">
            <strong>"Credit hold. "</strong>{d.credit_hold_reason.clone()}" "
            <button class="button small" data-testid="remove-credit-hold" on:click=remove>"Remove credit hold"</button>
            {move || inv.allowed.get().hold_customer.then(|| view! {
                " "<button class="button small" data-testid="hold-customer" on:click=hold_customer
                    title="No new invoices for this customer until its status is changed back">"Put the customer on credit hold"</button>
            })}
        </div>
    }
}

/// The header fields, bound to the draft; all of them read-only once released.
fn header_fields(inv: InvoiceForm) -> impl IntoView {
    let ctx = use_ledger();
    let (draft, problems, released, doc_id) = (inv.form.draft, inv.form.problems, inv.released(), inv.doc_id);
    let customer_id = inv.customer_id;
    let validate_totals = Signal::derive(move || ctx.ledger.with(|l| l.settings.validate_totals_on_entry));
    let due = bound!(draft, due_date);
    // The due date the terms give, shown until one is typed.
    let due_placeholder = move || {
        ctx.ledger.with(|l| match form::terms_dates(l, &customer_id.get(), &draft.with(|d| d.date.clone())).due {
            Some(due) => format!("{due} (from terms)"),
            None => "From terms".to_string(),
        })
    };
    let terms_hint = move || ctx.ledger.with(|l| l.customers.get(&customer_id.get()).map(|c| format!("From terms {}", c.terms_id)).unwrap_or_default());
    let overdue_ticked = move || {
        ctx.ledger.with(|l| {
            let customer_default = l.customers.get(&customer_id.get()).is_some_and(|c| c.dunning.overdue_charges);
            inv.stored.with(|s| draft.with(|d| form::overdue_charges_of(d.doc_type, d.overdue_charges, s.as_ref(), customer_default)))
        })
    };
    let date = Signal::derive(move || draft.with(|d| d.date.clone()));
    view! {
        <fieldset class="form-grid" prop:disabled=move || released.get()>
            <Field label="Type" name=document::DOC_TYPE problems=problems>
                <select data-testid="invoice-type" prop:disabled=move || doc_id.get().is_some()
                    on:change=move |ev| {
                        if let Some(t) = DocType::from_label(&event_target_value(&ev)) {
                            draft.update(|d| d.doc_type = t);
                            inv.typed.set(BTreeMap::new());
                        }
                    }>
                    {move || {
                        let current = inv.doc_type.get();
                        DocType::INVOICE_LIKE.into_iter().map(|t| view! { <option value=t.label() selected=t == current>{t.label()}</option> }).collect_view()
                    }}
                </select>
            </Field>
            <Field label="Customer" name=document::CUSTOMER_ID problems=problems required=true wide=true>
                <CustomerPicker value=bound!(draft, customer_id) testid="invoice-customer" disabled=Signal::derive(move || released.get() || doc_id.get().is_some()) />
            </Field>
            <Field label="Date" name=document::DATE problems=problems required=true>
                {styled_input(bound!(draft, date), "invoice-date", "date", Signal::derive(|| "YYYY-MM-DD".to_string()))}
            </Field>
            {move || inv.doc_type.get().is_debit().then(|| view! {
                <Field label="Due date" name=document::DUE_DATE problems=problems>
                    <input class="date" placeholder=due_placeholder data-testid="invoice-due-date" prop:value=move || due.get()
                        title=terms_hint on:input=move |ev| due.set(event_target_value(&ev)) />
                </Field>
            })}
            {move || validate_totals.get().then(|| view! {
                <Field label="Control total" name=document::CONTROL_TOTAL problems=problems required=true>
                    {styled_input(bound!(draft, control_total), "invoice-control-total", "num", Signal::derive(|| "Type the total".to_string()))}
                </Field>
            })}
            {move || inv.doc_type.get().is_cash().then(|| view! {
                <Field label="Payment ref." name=document::PAYMENT_REF problems=problems>
                    {text!(draft, "invoice-payment-ref", payment_ref)}
                </Field>
            })}
            <Field label="Description" name=document::DESCRIPTION problems=problems wide=true>
                {text!(draft, "invoice-description", description)}
            </Field>
            <div class="field">{check!(draft, "invoice-hold", "Hold", hold)}</div>
            {move || inv.doc_type.get().is_debit().then(|| view! {
                // Not ticked by hand: what the customer has (R4.12, seed 002).
                <div class="field">
                    <label class="check" title="Calculate overdue charges charges interest on this document when it is past due">
                        <input type="checkbox" data-testid="invoice-overdue-charges" prop:checked=overdue_ticked
                            on:change=move |ev| { let on = event_target_checked(&ev); draft.update(|d| d.overdue_charges = Some(on)) } />
                        "Apply overdue charges"
                    </label>
                </div>
            })}
            <crate::ui::components::rate::CurrencyField currency=bound!(draft, currency) customer_id=customer_id released=released problems=problems testid="invoice-currency-choice" />
            <crate::ui::components::rate::RateField rate=bound!(draft, rate) customer_id=customer_id date=date currency=Signal::derive(move || inv.currency.get().code)
                stored=inv.stored problems=problems testid="invoice-rate" />
        </fieldset>
    }
}

/// Delivery, currency and the live totals (the core's).
fn figures(inv: InvoiceForm) -> impl IntoView {
    let (computed, stored, currency) = (inv.computed, inv.stored, inv.currency);
    let ctx = inv.ctx;
    let amount = move |value: Decimal| ctx.numbers().amount(value, currency.get().minor_units);
    view! {
        <div class="figures">
            <div class="figure"><div class="figure-label">"Printed / emailed"</div><div class="figure-value" data-testid="invoice-delivered">
                {move || stored.get().map(|d| format!("{} / {}", if d.printed { "yes" } else { "no" }, if d.emailed { "yes" } else { "no" })).unwrap_or_else(|| "no / no".to_string())}</div></div>
            <div class="figure"><div class="figure-label">"Currency"</div><div class="figure-value" data-testid="invoice-currency">{move || currency.get().code}</div></div>
            <div class="figure"><div class="figure-label">"Lines"</div><div class="figure-value amount">{move || amount(computed.get().lines_total)}</div></div>
            <div class="figure"><div class="figure-label">"VAT"</div><div class="figure-value amount" data-testid="invoice-vat">{move || amount(computed.get().vat_total)}</div>
                // Per category with its rate, as the printed invoice shows it.
                {move || computed.with(|c| c.vat.iter().map(|v| view! {
                    <div class="vat-line" data-testid="invoice-vat-line">{format!("{} {} %: {}", v.vat_category, ctx.numbers().decimal(v.rate_pct.normalize()), amount(v.vat))}</div>
                }).collect_view())}
            </div>
            <div class="figure total"><div class="figure-label">"Total"</div><div class="figure-value amount" data-testid="invoice-total">{move || amount(computed.get().total)}</div></div>
            <div class="figure"><div class="figure-label">"Balance"</div><div class="figure-value amount" data-testid="invoice-balance">
                {move || amount(stored.get().map(|d| d.balance).unwrap_or(computed.get().total))}</div></div>
        </div>
    }
}

/// Releases a saved invoice and reports the result.
fn release_document(ctx: LedgerCtx, id: DocId, problems: RwSignal<Vec<Problem>>) {
    leptos::task::spawn_local(async move {
        match ctx.run(Command::Release(id)).await {
            Ok(_) => {
                let (name, held) = ctx.ledger.with_untracked(|l| {
                    let name = l.documents.get(&id).map(|d| format!("{} {}", d.doc_type.label(), d.ref_nbr)).unwrap_or_default();
                    (name, reskontra_core::documents::posting::held_at_release(l, id).map(str::to_string))
                });
                match held {
                    // R4.14: the credit check failed at release; the window shows the reason
                    // and *Remove credit hold* in its credit-hold banner.
                    Some(reason) => problems.set(vec![Problem::form(ProblemKind::Other, format!("{name} was put on credit hold: {reason}"))]),
                    None => {
                        problems.set(Vec::new());
                        ctx.notify(format!("{name} released"));
                    }
                }
            }
            Err(found) => problems.set(found),
        }
    });
}
