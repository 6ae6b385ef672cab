//! Payment (record window): header, the customer's open invoices with the amount
//! applied to each, and the actions Save, Delete and Release.

use std::collections::BTreeMap;

use leptos::prelude::*;
use reskontra_core::command::{ApplicationDraft, PaymentDraft};
use reskontra_core::document::{DocId, DocStatus, DocType, Document};
use reskontra_core::money::{format_amount, parse_decimal};
use reskontra_core::{Command, Problem, Record};
use rust_decimal::Decimal;

use crate::delivery::confirm;
use crate::ui::components::customer_picker::CustomerPicker;
use crate::ui::components::form::{Field, ProblemSummary};
use crate::ui::components::status::StatusPill;
use crate::ui::context::use_ledger;
use crate::ui::messages::message_for;
use crate::ui::route::{navigate, Route};

fn label_of(field: &str) -> String {
    match field {
        "customer_id" => "Customer".into(),
        "date" => "Date".into(),
        "amount" => "Payment amount".into(),
        "payment_ref" => "Payment ref.".into(),
        "currency" => "Currency".into(),
        "description" => "Description".into(),
        other if other.starts_with("applications.") => "Amount paid".into(),
        other => other.into(),
    }
}

#[component]
pub fn PaymentWindow(ref_nbr: Option<String>, customer: Option<String>) -> impl IntoView {
    let ctx = use_ledger();
    let existing = ctx.ledger.with_untracked(|l| ref_nbr.as_ref().and_then(|r| l.document_by_ref(DocType::Payment, r).cloned()));
    if ref_nbr.is_some() && existing.is_none() {
        return view! { <div class="window empty"><h1>"Payment not found"</h1><a href="#/payments">"Back to Payments"</a></div> }.into_any();
    }
    let today = ctx.business_date_untracked();
    let hold_default = ctx.ledger.with_untracked(|l| l.settings.hold_documents_on_entry);
    let original = existing.as_ref().map(PaymentDraft::from_document).unwrap_or_else(|| PaymentDraft {
        customer_id: customer.clone().unwrap_or_default(),
        date: today.to_string(),
        hold: hold_default,
        ..PaymentDraft::default()
    });
    let doc_id = RwSignal::new(existing.as_ref().map(|d| d.id));
    let customer_id = RwSignal::new(original.customer_id.clone());
    let date = RwSignal::new(original.date.clone());
    let payment_ref = RwSignal::new(original.payment_ref.clone());
    let amount = RwSignal::new(original.amount.clone());
    let description = RwSignal::new(original.description.clone());
    let hold = RwSignal::new(original.hold);
    // Amount paid per invoice, as typed.
    let applied: RwSignal<BTreeMap<DocId, String>> = RwSignal::new(original.applications.iter().map(|a| (a.invoice, a.amount.clone())).collect());
    let problems = RwSignal::new(Vec::<Problem>::new());

    let draft = move || {
        let customer = customer_id.get();
        PaymentDraft {
            id: doc_id.get(),
            ref_nbr: String::new(),
            customer_id: customer,
            date: date.get(),
            currency: String::new(),
            payment_ref: payment_ref.get(),
            amount: amount.get(),
            description: description.get(),
            hold: hold.get(),
            applications: applied
                .get()
                .into_iter()
                .filter(|(_, a)| !a.trim().is_empty())
                .map(|(invoice, amount)| ApplicationDraft { invoice, amount })
                .collect(),
        }
    };
    let saved = RwSignal::new(original);
    let dirty = Memo::new(move |_| {
        let now = draft();
        saved.with(|s| PaymentDraft { id: now.id, ref_nbr: String::new(), ..s.clone() } != now)
    });
    let stored = Memo::new(move |_| doc_id.get().and_then(|id| ctx.ledger.with(|l| l.documents.get(&id).cloned())));
    let status = Signal::derive(move || stored.get().map(|d| d.status).unwrap_or(if hold.get() { DocStatus::OnHold } else { DocStatus::Balanced }));
    let released = Signal::derive(move || stored.get().is_some_and(|d| d.status.is_released()));
    let minor_units = Memo::new(move |_| {
        ctx.ledger.with(|l| {
            l.customers.get(&customer_id.get()).and_then(|c| l.settings.currency(&c.currency)).map(|c| c.minor_units).unwrap_or(l.settings.base().minor_units)
        })
    });
    // The invoices shown: the customer's open invoices, plus (once released) those this payment paid.
    let invoices = Memo::new(move |_| {
        let customer = customer_id.get();
        ctx.ledger.with(|l| {
            let mut shown: Vec<Document> = l.open_invoices_of(&customer).into_iter().cloned().collect();
            if let Some(doc) = stored.get() {
                for app in &doc.applications {
                    if !shown.iter().any(|d| d.id == app.invoice) {
                        if let Some(inv) = l.documents.get(&app.invoice) {
                            shown.push(inv.clone());
                        }
                    }
                }
            }
            shown
        })
    });
    let applied_total = Memo::new(move |_| applied.get().values().filter_map(|a| parse_decimal(a, 4).ok()).sum::<Decimal>());

    let release_payment = move |id: DocId, name: String| {
        leptos::task::spawn_local(async move {
            match ctx.run(Command::Release(id)).await {
                Ok(_) => {
                    problems.set(Vec::new());
                    ctx.notify(format!("Payment {name} released"));
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
                        saved.set(PaymentDraft::from_document(d));
                        doc_id.set(Some(d.id));
                        ctx.notify(format!("Payment {} saved", d.ref_nbr));
                        if release_after {
                            release_payment(d.id, d.ref_nbr.clone());
                        }
                        if is_new {
                            navigate(&Route::Payment(Some(d.ref_nbr.clone()), None));
                        }
                    }
                }
                Err(found) => problems.set(found),
            }
        });
    };
    let release = move || match doc_id.get_untracked() {
        Some(id) if !dirty.get_untracked() => release_payment(id, stored.get_untracked().map(|d| d.ref_nbr).unwrap_or_default()),
        _ => save_then(true),
    };
    let delete = move || {
        let Some(id) = doc_id.get_untracked() else { return };
        let name = stored.get_untracked().map(|d| d.ref_nbr).unwrap_or_default();
        if !confirm(&format!("Delete payment {name}? It has not been released, so no balance changes.")) {
            return;
        }
        leptos::task::spawn_local(async move {
            match ctx.run(Command::DeleteDocument(id)).await {
                Ok(_) => {
                    ctx.notify(format!("Payment {name} deleted"));
                    navigate(&Route::Payments);
                }
                Err(found) => problems.set(found),
            }
        });
    };
    // Fills the amounts oldest due date first, up to the payment amount (R4.9).
    let apply_oldest_first = move || {
        let Ok(mut left) = parse_decimal(&amount.get_untracked(), minor_units.get_untracked()) else {
            problems.set(vec![Problem::new("amount", "Enter the payment amount first")]);
            return;
        };
        let mut filled = BTreeMap::new();
        for inv in invoices.get_untracked().iter().filter(|d| d.status == DocStatus::Open) {
            if left <= Decimal::ZERO {
                break;
            }
            let take = left.min(inv.balance);
            filled.insert(inv.id, take.to_string());
            left -= take;
        }
        applied.set(filled);
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
    let title = move || stored.get().map(|d| format!("Payment {}", d.ref_nbr)).unwrap_or_else(|| "New payment".to_string());
    let application_rows = move || {
        invoices
            .get()
            .into_iter()
            .map(|inv| {
                let id = inv.id;
                let position = saved.with_untracked(|s| s.applications.iter().position(|a| a.invoice == id));
                let typed_position = move || {
                    applied.with(|m| m.iter().filter(|(_, a)| !a.trim().is_empty()).position(|(k, _)| *k == id)).or(position)
                };
                let message = move || typed_position().and_then(|i| problems.with(|ps| message_for(ps, &format!("applications.{i}.amount"))));
                let ref_nbr = inv.ref_nbr.clone();
                view! {
                    <tr data-testid="application-row" data-ref=ref_nbr.clone()>
                        <td>{ref_nbr.clone()}</td>
                        <td>{inv.date.to_string()}</td>
                        <td>{inv.due_date.map(|d| d.to_string()).unwrap_or_default()}</td>
                        <td>{inv.status.label()}</td>
                        <td class="num amount">{fmt(inv.total)}</td>
                        <td class="num amount">{fmt(inv.balance)}</td>
                        <td class="num">
                            <input data-testid=format!("apply-{ref_nbr}") class:invalid=move || message().is_some()
                                prop:value=move || applied.with(|m| m.get(&id).cloned().unwrap_or_default())
                                prop:disabled=move || released.get()
                                on:input=move |ev| {
                                    let text = event_target_value(&ev);
                                    applied.update(|m| { m.insert(id, text); });
                                } />
                            <div class="field-error">{message}</div>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };

    view! {
        <div class="window record-window" on:keydown=on_keydown>
            <div class="toolbar">
                <h1 data-testid="window-title">{title}</h1>
                <StatusPill status=status />
                <button class="button primary" data-testid="save" on:click=move |_| save_then(false) prop:disabled=move || released.get() title="Save (Ctrl+S)">"Save"</button>
                <button class="button" data-testid="release" on:click=move |_| release()
                    prop:disabled=move || released.get() || (status.get() == DocStatus::OnHold && !dirty.get())>"Release"</button>
                <button class="button" data-testid="delete" on:click=move |_| delete() prop:disabled=move || released.get() || doc_id.get().is_none()>"Delete"</button>
                <a class="button" href="#/payments/new">"New"</a>
                <span class="dirty" data-testid="dirty" class:shown=move || dirty.get() && !released.get()>"Unsaved changes"</span>
            </div>
            <ProblemSummary problems=problems label_of=label_of />
            <div class="top-part">
                <div class="form-grid">
                    <Field label="Customer" name="customer_id" problems=problems required=true wide=true>
                        <CustomerPicker value=customer_id testid="payment-customer" disabled=Signal::derive(move || released.get() || doc_id.get().is_some()) />
                    </Field>
                    <Field label="Date" name="date" problems=problems required=true>
                        <input class="date" placeholder="YYYY-MM-DD" data-testid="payment-date" prop:value=move || date.get() prop:disabled=move || released.get()
                            on:input=move |ev| date.set(event_target_value(&ev)) />
                    </Field>
                    <Field label="Payment amount" name="amount" problems=problems required=true>
                        <input class="num" data-testid="payment-amount" prop:value=move || amount.get() prop:disabled=move || released.get()
                            on:input=move |ev| amount.set(event_target_value(&ev)) />
                    </Field>
                    <Field label="Payment ref." name="payment_ref" problems=problems>
                        <input data-testid="payment-ref" prop:value=move || payment_ref.get() prop:disabled=move || released.get()
                            on:input=move |ev| payment_ref.set(event_target_value(&ev)) />
                    </Field>
                    <Field label="Description" name="description" problems=problems>
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
                </div>
                <div class="figures">
                    <div class="figure"><div class="figure-label">"Applied"</div><div class="figure-value amount" data-testid="payment-applied">{move || fmt(applied_total.get())}</div></div>
                    <div class="figure"><div class="figure-label">"Unapplied"</div><div class="figure-value amount" data-testid="payment-unapplied">
                        {move || fmt(stored.get().filter(|d| d.status.is_released()).map(|d| d.balance)
                            .unwrap_or_else(|| parse_decimal(&amount.get(), 4).unwrap_or_default() - applied_total.get()))}</div></div>
                </div>
            </div>
            <section class="tab-section">
                <div class="section-head">
                    <h2>"Applications"</h2>
                    <button class="button" data-testid="apply-oldest-first" on:click=move |_| apply_oldest_first() prop:disabled=move || released.get()>"Apply oldest first"</button>
                </div>
                {move || if invoices.with(|i| i.is_empty()) {
                    view! { <p class="empty" data-testid="no-open-invoices">"This customer has no open invoices; the payment stays unapplied."</p> }.into_any()
                } else {
                    view! {
                        <table class="lines">
                            <thead><tr><th>"Invoice"</th><th>"Date"</th><th>"Due date"</th><th>"Status"</th><th class="num">"Total"</th><th class="num">"Balance"</th><th class="num">"Amount paid"</th></tr></thead>
                            <tbody>{application_rows}</tbody>
                        </table>
                    }.into_any()
                }}
            </section>
        </div>
    }
    .into_any()
}
