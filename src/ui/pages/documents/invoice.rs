//! Invoice (record window): header, lines, live totals, and the actions Save,
//! Delete, Release, Print (the print-ready view) and Email (an .eml file).

use std::collections::BTreeMap;

use leptos::prelude::*;
use reskontra_core::base::money::format_amount;
use reskontra_core::command::{InvoiceDraft, LineDraft};
use reskontra_core::documents::document::{DocId, DocStatus, DocType};
use reskontra_core::documents::form;
use reskontra_core::fields::{document, FieldPath, Name, Step};
use reskontra_core::{Command, Problem, ProblemKind, Record};
use rust_decimal::Decimal;

use crate::delivery::download_text;
use crate::ui::components::applications::{application_drafts, typed_from, Applications, Typed};
use crate::ui::components::customer_picker::CustomerPicker;
use crate::ui::components::form::{Field, ProblemSummary};
use crate::ui::components::record::delete_document;
use crate::ui::components::status::StatusPill;
use crate::ui::context::{use_ledger, LedgerCtx};
use crate::ui::route::{document_route, DocRoute, Route};

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
        .map(InvoiceDraft::from_document)
        .unwrap_or_else(|| ctx.ledger.with_untracked(|l| form::new_invoice(l, new_type, customer.as_deref().unwrap_or_default(), today)));
    let doc_id: RwSignal<Option<DocId>> = RwSignal::new(existing.as_ref().map(|d| d.id));
    let doc_type = RwSignal::new(original.doc_type);
    let payment_ref = RwSignal::new(original.payment_ref.clone());
    let typed: RwSignal<BTreeMap<DocId, Typed>> = RwSignal::new(typed_from(&original.applications));
    let control_total = RwSignal::new(original.control_total.clone());
    let validate_totals = Signal::derive(move || ctx.ledger.with(|l| l.settings.validate_totals_on_entry));
    let customer_id = RwSignal::new(original.customer_id.clone());
    let date = RwSignal::new(original.date.clone());
    let rate = RwSignal::new(original.rate.clone());
    let due_date = RwSignal::new(original.due_date.clone());
    let description = RwSignal::new(original.description.clone());
    let hold = RwSignal::new(original.hold);
    let overdue = RwSignal::new(original.overdue_charges);
    let next_uid = StoredValue::new(original.lines.len() as u32);
    let lines = RwSignal::new(original.lines.iter().enumerate().map(|(i, l)| LineForm::new(i as u32, l)).collect::<Vec<_>>());
    let problems = RwSignal::new(Vec::<Problem>::new());

    // The currency has no input: it stays what the document was saved with (empty
    // on a new one: the customer's).
    let saved_currency = RwSignal::new(original.currency.clone());
    let draft = move || InvoiceDraft {
        doc_type: doc_type.get(),
        payment_ref: payment_ref.get(),
        applications: typed.with(application_drafts),
        control_total: control_total.get(),
        id: doc_id.get(),
        ref_nbr: String::new(),
        customer_id: customer_id.get(),
        date: date.get(),
        due_date: due_date.get(),
        currency: saved_currency.get(),
        rate: rate.get(),
        description: description.get(),
        hold: hold.get(),
        overdue_charges: overdue.get(),
        lines: lines.get().iter().map(LineForm::draft).collect(),
    };
    let saved = RwSignal::new(original);
    let dirty = Memo::new(move |_| {
        let now = draft();
        saved.with(|s| InvoiceDraft { id: now.id, ref_nbr: String::new(), ..s.clone() } != now)
    });
    ctx.track_unsaved(dirty);
    let stored = Memo::new(move |_| doc_id.get().and_then(|id| ctx.ledger.with(|l| l.documents.get(&id).cloned())));
    let allowed = Memo::new(move |_| ctx.ledger.with(|l| stored.with(|d| form::actions(l, d.as_ref(), doc_type.get(), hold.get(), dirty.get()))));
    let status = Signal::derive(move || allowed.get().status);
    let released = Signal::derive(move || allowed.get().released);
    let currency =
        Memo::new(move |_| ctx.ledger.with(|l| stored.with(|d| saved_currency.with(|c| form::draft_currency(l, d.as_ref(), c, &customer_id.get())))));
    // Live totals from what is typed (the core's, so they are what Save stores).
    let computed = Memo::new(move |_| {
        let typed_lines: Vec<LineDraft> = lines.get().iter().map(LineForm::draft).collect();
        ctx.ledger.with(|l| form::draft_totals(l, &typed_lines, &currency.get(), &date.get(), today))
    });

    let save_then = move |after: Option<AfterSave>| {
        let command = Command::SaveInvoice(draft());
        let is_new = doc_id.get_untracked().is_none();
        leptos::task::spawn_local(async move {
            match ctx.run(command).await {
                Ok(change) => {
                    problems.set(Vec::new());
                    if let Some(Record::Document(d)) = change.puts.first() {
                        // The form shows what was stored (numbers as the ledger writes
                        // them), so it is not "unsaved" right after saving.
                        let stored_draft = InvoiceDraft::from_document(d);
                        customer_id.set(stored_draft.customer_id.clone());
                        date.set(stored_draft.date.clone());
                        rate.set(stored_draft.rate.clone());
                        saved_currency.set(stored_draft.currency.clone());
                        due_date.set(stored_draft.due_date.clone());
                        description.set(stored_draft.description.clone());
                        hold.set(stored_draft.hold);
                        overdue.set(stored_draft.overdue_charges);
                        payment_ref.set(stored_draft.payment_ref.clone());
                        control_total.set(stored_draft.control_total.clone());
                        typed.set(typed_from(&stored_draft.applications));
                        let first_uid = next_uid.get_value();
                        next_uid.set_value(first_uid + stored_draft.lines.len() as u32);
                        lines.set(stored_draft.lines.iter().enumerate().map(|(i, l)| LineForm::new(first_uid + i as u32, l)).collect());
                        saved.set(stored_draft);
                        doc_id.set(Some(d.id));
                        ctx.notify(format!("{} {} saved", d.doc_type.label(), d.ref_nbr));
                        if let Some(next) = after {
                            next(ctx, d.id, problems);
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
    let save = move || save_then(None);
    let release = move || {
        if dirty.get_untracked() || doc_id.get_untracked().is_none() {
            save_then(Some(release_document));
        } else if let Some(id) = doc_id.get_untracked() {
            release_document(ctx, id, problems);
        }
    };
    let delete = move || {
        let Some(id) = doc_id.get_untracked() else { return };
        let name = stored.get_untracked().map(|d| format!("{} {}", d.doc_type.label(), d.ref_nbr)).unwrap_or_default();
        delete_document(id, name, Route::Invoices, problems);
    };
    // Email (R4.5): the invoice as an .eml file to open in a mail program and send;
    // once the file is made the invoice is marked as emailed.
    let email = move || {
        let Some(id) = doc_id.get_untracked() else { return };
        let today = ctx.business_date_untracked();
        let made = ctx.ledger.with_untracked(|l| reskontra_core::documents::invoice_delivery::invoice_email(l, id, today));
        let file = match made {
            Ok(file) => file,
            Err(found) => return problems.set(found),
        };
        if let Err(e) = download_text(&file.file_name, "message/rfc822", &file.text) {
            return problems.set(vec![Problem::form(ProblemKind::Other, format!("The email file could not be saved: {e}"))]);
        }
        leptos::task::spawn_local(async move {
            match ctx.run(Command::MarkEmailed(id)).await {
                Ok(_) => {
                    problems.set(Vec::new());
                    ctx.notify(format!("{} saved: send it from your mail program", file.file_name));
                }
                Err(found) => problems.set(found),
            }
        });
    };
    let print_href = move || stored.get().map(|d| Route::InvoicePrint(DocRoute::existing(d.doc_type, &d.ref_nbr)).href()).unwrap_or_default();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "s" {
            ev.prevent_default();
            if !released.get_untracked() {
                save();
            }
        }
    };
    let amount = move |value: Decimal| format_amount(value, currency.get().minor_units);
    let title = move || {
        stored.get().map(|d| format!("{} {}", d.doc_type.label(), d.ref_nbr)).unwrap_or_else(|| format!("New {}", doc_type.get().label().to_lowercase()))
    };
    let minor_units = Signal::derive(move || currency.get().minor_units);
    let fill_up_to = Signal::derive(move || computed.get().total);
    let falls_due = move || doc_type.get().is_debit();
    let is_cash = move || doc_type.get().is_cash();
    // The due date the terms give, shown until one is typed.
    let due_placeholder = move || {
        ctx.ledger.with(|l| match form::terms_dates(l, &customer_id.get(), &date.get()).due {
            Some(due) => format!("{due} (from terms)"),
            None => "From terms".to_string(),
        })
    };
    let terms_hint = move || ctx.ledger.with(|l| l.customers.get(&customer_id.get()).map(|c| format!("From terms {}", c.terms_id)).unwrap_or_default());

    view! {
        <div class="window record-window" on:keydown=on_keydown>
            <div class="toolbar">
                <h1 data-testid="window-title">{title}</h1>
                <StatusPill status=status />
                <button class="button primary" data-testid="save" on:click=move |_| save() prop:disabled=move || !allowed.get().save title="Save (Ctrl+S)">"Save"</button>
                <button class="button" data-testid="release" on:click=move |_| release()
                    prop:disabled=move || !allowed.get().release>"Release"</button>
                <a class="button" data-testid="print" href=print_href class:disabled=move || !allowed.get().print
                    title="Open the print-ready invoice (save first)">"Print"</a>
                <button class="button" data-testid="email" on:click=move |_| email() prop:disabled=move || !allowed.get().email
                    title="Save the invoice as an email file (.eml) to send from your mail program">"Email"</button>
                <button class="button" data-testid="delete" on:click=move |_| delete() prop:disabled=move || !allowed.get().delete>"Delete"</button>
                <a class="button" href=move || Route::Invoice(DocRoute::new_of(doc_type.get(), None)).href()>"New"</a>
                <span class="dirty" data-testid="dirty" class:shown=move || dirty.get() && !released.get()>"Unsaved changes"</span>
            </div>
            <ProblemSummary problems=problems label_of=label_of />
            {move || stored.get().filter(|_| allowed.get().remove_credit_hold).map(|d| {
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
                        {move || allowed.get().hold_customer.then(|| view! {
                            " "<button class="button small" data-testid="hold-customer" on:click=hold_customer
                                title="No new invoices for this customer until its status is changed back">"Put the customer on credit hold"</button>
                        })}
                    </div>
                }
            })}
            {move || stored.get().filter(|d| matches!(d.status, DocStatus::PendingPrint | DocStatus::PendingEmail)).map(|d| {
                let text = if d.status == DocStatus::PendingPrint {
                    "This customer gets printed invoices, and the preferences require printing before release: click Print."
                } else {
                    "This customer gets invoices by email, and the preferences require emailing before release: click Email and send the saved message."
                };
                view! {
                    <div class="credit-hold-reason" role="status" data-testid="pending-delivery">
                        <strong>{format!("{}. ", d.status.label())}</strong>{text}
                    </div>
                }
            })}
            <div class="top-part">
                <div class="form-grid">
                    <Field label="Type" name=document::DOC_TYPE problems=problems>
                        <select data-testid="invoice-type" prop:disabled=move || doc_id.get().is_some()
                            on:change=move |ev| {
                                if let Some(t) = DocType::from_label(&event_target_value(&ev)) {
                                    doc_type.set(t);
                                    typed.set(BTreeMap::new());
                                }
                            }>
                            {move || {
                                let current = doc_type.get();
                                DocType::INVOICE_LIKE.into_iter().map(|t| view! { <option value=t.label() selected=t == current>{t.label()}</option> }).collect_view()
                            }}
                        </select>
                    </Field>
                    <Field label="Customer" name=document::CUSTOMER_ID problems=problems required=true wide=true>
                        <CustomerPicker value=customer_id testid="invoice-customer" disabled=Signal::derive(move || released.get() || doc_id.get().is_some()) />
                    </Field>
                    <Field label="Date" name=document::DATE problems=problems required=true>
                        <input class="date" placeholder="YYYY-MM-DD" data-testid="invoice-date" prop:value=move || date.get() prop:disabled=move || released.get()
                            on:input=move |ev| date.set(event_target_value(&ev)) />
                    </Field>
                    {move || falls_due().then(|| view! {
                        <Field label="Due date" name=document::DUE_DATE problems=problems>
                            <input class="date" placeholder=due_placeholder data-testid="invoice-due-date" prop:value=move || due_date.get() prop:disabled=move || released.get()
                                title=terms_hint on:input=move |ev| due_date.set(event_target_value(&ev)) />
                        </Field>
                    })}
                    {move || validate_totals.get().then(|| view! {
                        <Field label="Control total" name=document::CONTROL_TOTAL problems=problems required=true>
                            <input class="num" data-testid="invoice-control-total" placeholder="Type the total" prop:value=move || control_total.get()
                                prop:disabled=move || released.get() on:input=move |ev| control_total.set(event_target_value(&ev)) />
                        </Field>
                    })}
                    {move || is_cash().then(|| view! {
                        <Field label="Payment ref." name=document::PAYMENT_REF problems=problems>
                            <input data-testid="invoice-payment-ref" prop:value=move || payment_ref.get() prop:disabled=move || released.get()
                                on:input=move |ev| payment_ref.set(event_target_value(&ev)) />
                        </Field>
                    })}
                    <Field label="Description" name=document::DESCRIPTION problems=problems wide=true>
                        <input data-testid="invoice-description" prop:value=move || description.get() prop:disabled=move || released.get()
                            on:input=move |ev| description.set(event_target_value(&ev)) />
                    </Field>
                    <div class="field">
                        <label class="check">
                            <input type="checkbox" data-testid="invoice-hold" prop:checked=move || hold.get() prop:disabled=move || released.get()
                                on:change=move |ev| hold.set(event_target_checked(&ev)) />
                            "Hold"
                        </label>
                    </div>
                    {move || matches!(doc_type.get(), DocType::Invoice | DocType::DebitNote).then(|| {
                        // Not ticked by hand: what the customer has (R4.12, seed 002).
                        let customer_flag = move || customer_id.with(|c| ctx.ledger.with(|l| l.customers.get(c).is_some_and(|c| c.dunning.overdue_charges)));
                        view! {
                            <div class="field">
                                <label class="check" title="Calculate overdue charges charges interest on this document when it is past due">
                                    <input type="checkbox" data-testid="invoice-overdue-charges" prop:checked=move || overdue.get().unwrap_or_else(customer_flag)
                                        prop:disabled=move || released.get() on:change=move |ev| overdue.set(Some(event_target_checked(&ev))) />
                                    "Apply overdue charges"
                                </label>
                            </div>
                        }
                    })}
                    <crate::ui::components::rate::CurrencyField currency=saved_currency customer_id=customer_id released=released problems=problems testid="invoice-currency-choice" />
                    <crate::ui::components::rate::RateField rate=rate customer_id=customer_id date=date currency=Signal::derive(move || currency.get().code)
                        stored=stored problems=problems testid="invoice-rate" />
                </div>
                <div class="figures">
                    <div class="figure"><div class="figure-label">"Printed / emailed"</div><div class="figure-value" data-testid="invoice-delivered">
                        {move || stored.get().map(|d| format!("{} / {}", if d.printed { "yes" } else { "no" }, if d.emailed { "yes" } else { "no" })).unwrap_or_else(|| "no / no".to_string())}</div></div>
                    <div class="figure"><div class="figure-label">"Currency"</div><div class="figure-value" data-testid="invoice-currency">{move || currency.get().code}</div></div>
                    <div class="figure"><div class="figure-label">"Lines"</div><div class="figure-value amount">{move || amount(computed.get().lines_total)}</div></div>
                    <div class="figure"><div class="figure-label">"VAT"</div><div class="figure-value amount" data-testid="invoice-vat">{move || amount(computed.get().vat_total)}</div></div>
                    <div class="figure total"><div class="figure-label">"Total"</div><div class="figure-value amount" data-testid="invoice-total">{move || amount(computed.get().total)}</div></div>
                    <div class="figure"><div class="figure-label">"Balance"</div><div class="figure-value amount" data-testid="invoice-balance">
                        {move || amount(stored.get().map(|d| d.balance).unwrap_or(computed.get().total))}</div></div>
                </div>
            </div>
            <InvoiceLines lines=lines next_uid=next_uid problems=problems totals=computed minor_units=minor_units released=released />
            {move || (doc_type.get() == DocType::CreditNote).then(|| view! {
                <Applications stored=stored customer_id=customer_id source_type=Signal::derive(move || doc_type.get()) source_date=Signal::derive(move || date.get()) typed=typed problems=problems
                    minor_units=minor_units currency=Signal::derive(move || currency.get().code) fill_up_to=fill_up_to />
            })}
        </div>
    }
    .into_any()
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
