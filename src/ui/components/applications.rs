//! The Applications section of a credit (payment, prepayment, credit note) or a
//! refund: the documents it can be applied to, the amount applied to each, and —
//! once released — applying more and reversing what was applied (SPEC R4.9).

use std::collections::BTreeMap;

use leptos::prelude::*;
use reskontra_core::command::ApplicationDraft;
use reskontra_core::documents::applications::{application_rows, left_to_apply, takes_application, ApplicationSource};
use reskontra_core::documents::document::{DocId, DocType, Document};
use reskontra_core::{Command, Problem};
use rust_decimal::Decimal;

use crate::ui::components::combobox::{Combobox, Finder, PickerText, MAX_MATCHES};
use crate::ui::context::{use_ledger, LedgerCtx};
use crate::ui::messages::message_for;
use crate::ui::route::document_route;
use reskontra_core::fields::document::{self, ApplicationColumn};

/// What is typed on one row: the amount applied and the cash discount taken.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Typed {
    pub amount: String,
    pub discount: String,
}

/// The rows typed, from saved drafts.
pub fn typed_from(drafts: &[ApplicationDraft]) -> BTreeMap<DocId, Typed> {
    drafts.iter().map(|a| (a.target, Typed { amount: a.amount.clone(), discount: a.discount.clone() })).collect()
}

/// The rows with an amount, in the order the core numbers them (`applications.N.amount`).
pub fn typed_applications(typed: &BTreeMap<DocId, Typed>) -> Vec<(DocId, Typed)> {
    typed.iter().filter(|(_, t)| !t.amount.trim().is_empty()).map(|(k, t)| (*k, t.clone())).collect()
}

/// The typed rows as application drafts, for a save.
pub fn application_drafts(typed: &BTreeMap<DocId, Typed>) -> Vec<ApplicationDraft> {
    typed_applications(typed).into_iter().map(|(target, t)| ApplicationDraft { target, amount: t.amount, discount: t.discount }).collect()
}

/// What the section's parts share; all `Copy`.
#[derive(Clone, Copy)]
struct Section {
    stored: Memo<Option<Document>>,
    typed: RwSignal<BTreeMap<DocId, Typed>>,
    problems: RwSignal<Vec<Problem>>,
    minor_units: Signal<u32>,
    /// The document is released (the Applied column shows).
    released: Memo<bool>,
    /// Amounts can be typed: before release, or to apply more after it.
    editable: Memo<bool>,
    /// Cash discounts are taken with payments and prepayments, judged by their date:
    /// planned before release, or with a later *Apply* (R4.9).
    takes_discount: Memo<bool>,
    ctx: LedgerCtx,
}

impl Section {
    fn fmt(self, value: Decimal) -> String {
        self.ctx.numbers().amount(value, self.minor_units.get())
    }

    /// Apply and Reverse act on the released document at once (one command each).
    fn run(self, command: Command, done: &'static str) {
        let (ctx, problems, typed) = (self.ctx, self.problems, self.typed);
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
    }

    fn doc_id(self) -> Option<DocId> {
        self.stored.with_untracked(|d| d.as_ref().map(|d| d.id))
    }
}

#[component]
pub fn Applications(
    /// The saved document (`None` while new).
    stored: Memo<Option<Document>>,
    #[prop(into)] customer_id: Signal<String>,
    #[prop(into)] source_type: Signal<DocType>,
    /// The credit's date: a cash discount is offered when it is on or before a
    /// document's cash-discount date.
    #[prop(into)]
    source_date: Signal<String>,
    /// Amounts typed per document: planned before release, "apply now" after.
    typed: RwSignal<BTreeMap<DocId, Typed>>,
    problems: RwSignal<Vec<Problem>>,
    #[prop(into)] minor_units: Signal<u32>,
    /// The credit's currency: only documents in it are offered.
    #[prop(into)]
    currency: Signal<String>,
    /// What "Apply oldest first" fills up to before release (the amount or total).
    #[prop(into)]
    fill_up_to: Signal<Decimal>,
) -> impl IntoView {
    let ctx = use_ledger();
    let allowed =
        Memo::new(move |_| ctx.ledger.with(|l| stored.with(|d| reskontra_core::documents::form::actions(l, d.as_ref(), source_type.get(), false, false))));
    let released = Memo::new(move |_| allowed.get().released);
    let can_apply_more = move || allowed.get().apply;
    let s = Section {
        stored,
        typed,
        problems,
        minor_units,
        released,
        editable: Memo::new(move |_| !released.get() || allowed.get().apply),
        takes_discount: Memo::new(move |_| source_type.get().takes_cash_discount()),
        ctx,
    };
    let rows = Memo::new(move |_| {
        let customer = customer_id.get();
        let code = currency.get();
        ctx.ledger.with(|l| {
            // The core's rule (kind, open, currency, customer or consolidating child), so
            // what is offered is what Save accepts.
            let source = ApplicationSource { doc_type: source_type.get(), customer_id: &customer, currency: (!code.is_empty()).then_some(code.as_str()) };
            stored.with(|d| application_rows(l, &source, d.as_ref()).into_iter().cloned().collect::<Vec<Document>>())
        })
    });
    let on_apply = move || {
        let Some(id) = s.doc_id() else { return };
        let applications = typed.with_untracked(application_drafts);
        s.run(Command::Apply { id, applications }, "Applied");
    };
    let fill_oldest_first = move |_| {
        let left = stored.with_untracked(|d| left_to_apply(d.as_ref(), fill_up_to.get_untracked()));
        let paid_on = reskontra_core::base::problem::parse_date(&source_date.get_untracked()).ok();
        // The same planning as a release with *Apply payments automatically* (core).
        let planned = reskontra_core::documents::auto_apply::plan_oldest_first(
            rows.get_untracked().iter(),
            left,
            paid_on,
            s.takes_discount.get_untracked(),
            minor_units.get_untracked(),
        );
        let filled: BTreeMap<DocId, Typed> = planned
            .into_iter()
            .map(|p| {
                let numbers = s.ctx.numbers_untracked();
                (
                    p.target,
                    Typed { amount: numbers.decimal(p.amount), discount: if p.discount.is_zero() { String::new() } else { numbers.decimal(p.discount) } },
                )
            })
            .collect();
        typed.set(filled);
    };
    let body = move || rows.get().into_iter().map(|target| application_row(s, target)).collect_view();
    let finder = target_finder(rows);
    let typed_total = move || typed.with(|m| reskontra_core::documents::form::typed_total(&application_drafts(m), s.ctx.numbers()));
    let heading = move || if source_type.get() == DocType::Refund { "Refunded from" } else { "Applications" };
    let empty_text = move || {
        if source_type.get() == DocType::Refund {
            "This customer has no open payments, prepayments or credit notes to refund."
        } else {
            "This customer has no open invoices or debit notes; the credit stays unapplied."
        }
    };
    view! {
        <section class="tab-section">
            <div class="section-head">
                <h2>{heading}</h2>
                <div class="button-row">
                    <span class="muted">{move || format!("Typed: {}", s.fmt(typed_total()))}</span>
                    <button class="button" data-testid="apply-oldest-first" on:click=fill_oldest_first prop:disabled=move || !s.editable.get()>"Apply oldest first"</button>
                    {move || can_apply_more().then(|| view! {
                        <button class="button primary" data-testid="apply-now" on:click=move |_| on_apply()>"Apply"</button>
                    })}
                </div>
            </div>
            {move || (s.editable.get() && rows.with(|r| !r.is_empty())).then(|| view! {
                <label class="field apply-find">
                    <span class="field-label">"Find document to apply"</span>
                    <Combobox value=RwSignal::new(String::new()) finder=finder disabled=false
                        text=PickerText { testid: "apply-find".to_string(), list_label: "Documents to apply", placeholder: "Number, type, date or balance" }
                        on_choose=Callback::new(|reference: String| crate::delivery::focus_testid(&format!("apply-{reference}"))) />
                </label>
            })}
            <div class="field-error" data-testid="error-applications">{move || problems.with(|ps| message_for(ps, &document::APPLICATIONS))}</div>
            {move || if rows.with(|r| r.is_empty()) {
                view! { <p class="empty" data-testid="no-open-documents">{empty_text}</p> }.into_any()
            } else {
                view! {
                    <table class="lines">
                        <thead><tr>
                            <th>"Document"</th><th>"Date"</th><th>"Due date"</th><th>"Status"</th><th class="num">"Balance"</th>
                            <th class="num">{move || released.get().then_some("Applied")}</th>
                            <th class="num">{move || if !released.get() { "Amount" } else if can_apply_more() { "Apply now" } else { "" }}</th>
                            <th class="num">{move || s.takes_discount.get().then_some("Cash discount")}</th><th></th>
                        </tr></thead>
                        <tbody>{body}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

/// The picker over the section's documents: the core's finding rule over each one's
/// number and description (type, dates, balance); choosing one goes to its amount.
fn target_finder(rows: Memo<Vec<Document>>) -> Finder {
    use reskontra_core::documents::applications::{find_targets, target_description};
    let find = move |typed: &str, max: usize| rows.with(|r| find_targets(&r.iter().collect::<Vec<_>>(), typed, max));
    Finder {
        find: Callback::new(move |typed: String| find(&typed, MAX_MATCHES)),
        resolve: Callback::new(move |typed: String| {
            let all = find("", usize::MAX);
            reskontra_core::base::search::resolve_option(&all, reskontra_core::base::search::pair_text, &typed).map(|o| o.0.clone())
        }),
        name_of: Callback::new(move |reference: String| rows.with(|r| r.iter().find(|d| d.ref_nbr == reference).map(target_description))),
    }
}

/// One document of the section: its balance, what was applied, the amount and
/// discount typed (with the problem of that row), and *Reverse*.
fn application_row(s: Section, target: Document) -> impl IntoView {
    let (typed, problems) = (s.typed, s.problems);
    let id = target.id;
    let applied = s.stored.with_untracked(|d| d.as_ref().map(|d| d.applied_to(id)).unwrap_or_default());
    let position = move || typed.with(|m| typed_applications(m).iter().position(|(k, _)| *k == id));
    let message = move || {
        position().and_then(|i| {
            problems.with(|ps| {
                message_for(ps, &document::application(i, ApplicationColumn::Amount))
                    .or_else(|| message_for(ps, &document::application(i, ApplicationColumn::Discount)))
            })
        })
    };
    let discount_testid = format!("discount-{}", target.ref_nbr);
    let offered = target.cash_discount_date.map(|d| format!("up to {} by {d}", s.fmt(target.cash_discount))).unwrap_or_default();
    let href = document_route(target.doc_type, &target.ref_nbr).href();
    let target_open = takes_application(&target);
    let apply_testid = format!("apply-{}", target.ref_nbr);
    let label = format!("{} {}", target.doc_type.label(), target.ref_nbr);
    let (apply_name, discount_name) = (format!("Amount to apply to {label}"), format!("Cash discount taken on {label}"));
    let reversible = s.stored.with_untracked(|d| d.as_ref().is_some_and(|d| reskontra_core::documents::form::can_reverse(d, id)));
    let on_reverse = move |_| {
        let Some(doc) = s.doc_id() else { return };
        s.run(Command::ReverseApplication { id: doc, target: id }, "Application reversed");
    };
    view! {
        <tr data-testid="application-row" data-ref=target.ref_nbr.clone()>
            <td><a href=href>{label}</a></td>
            <td>{target.date.to_string()}</td>
            <td>{target.due_date.map(|d| d.to_string()).unwrap_or_default()}</td>
            <td>{target.status.label()}</td>
            <td class="num amount">{s.fmt(target.balance)}</td>
            <td class="num amount" data-testid=format!("applied-{}", target.ref_nbr)>{move || s.released.get().then(|| s.fmt(applied))}</td>
            <td class="num">
                {move || (s.editable.get() && target_open).then(|| view! {
                    <input data-testid=apply_testid.clone() inputmode="decimal" aria-label=apply_name.clone() class:invalid=move || message().is_some()
                        prop:value=move || typed.with(|m| m.get(&id).map(|t| t.amount.clone()).unwrap_or_default())
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            typed.update(|m| m.entry(id).or_default().amount = text);
                        } />
                })}
                <div class="field-error" attr:data-field=move || position().map(|i| document::application(i, ApplicationColumn::Amount).to_string())>{message}</div>
            </td>
            <td class="num">
                {move || (s.takes_discount.get() && target_open).then(|| view! {
                    <input data-testid=discount_testid.clone() inputmode="decimal" aria-label=discount_name.clone() title=offered.clone() placeholder=offered.clone()
                        prop:value=move || typed.with(|m| m.get(&id).map(|t| t.discount.clone()).unwrap_or_default())
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            typed.update(|m| m.entry(id).or_default().discount = text);
                        } />
                })}
            </td>
            <td>
                {reversible.then(|| view! {
                    <button class="button small" data-testid=format!("reverse-{}", target.ref_nbr) on:click=on_reverse>"Reverse"</button>
                })}
            </td>
        </tr>
    }
}
