//! Reference tables (SPEC R1.6): currencies, currency rates by effective date, VAT
//! categories and their rates by effective date, payment terms, statement cycles with
//! their ageing periods, financial periods (generated a year at a time), payment
//! methods, email accounts, branches and document languages. One Save for all.

use leptos::prelude::*;
use reskontra_core::fields::{reference_tables, FieldPath, Name, Step};
use reskontra_core::settings::periods::{add_year, ageing_period_labels, parse_ageing_days, FinancialPeriod, PeriodKind};
use reskontra_core::settings::reference::{
    BranchDraft, CurrencyDraft, CurrencyRateDraft, EmailAccountDraft, LanguageDraft, PaymentMethodDraft, ReferenceTablesDraft, StatementCycleDraft, TermsDraft,
    VatCategoryDraft, VatRateDraft,
};
use reskontra_core::settings::PaymentMeans;
use reskontra_core::{Command, Problem};

use crate::ui::components::form::ProblemSummary;
use crate::ui::context::use_ledger;
use crate::ui::messages::message_for;

/// One editable row: a stable id (for keyed rendering) and one signal per cell.
#[derive(Clone)]
struct GridRow {
    uid: u32,
    cells: Vec<RwSignal<String>>,
}

/// How a cell is edited. A ticked box is the text "true".
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Number,
    Choice(fn() -> Vec<(String, String)>),
    Check,
}

/// The columns of one table: (title, field name in problems, how it is edited).
type Columns = &'static [(&'static str, Name, Kind)];

use Kind::{Check, Number, Text};

const CURRENCIES: Columns = &[("Code", Name::Code, Text), ("Name", Name::Description, Text), ("Decimals", Name::MinorUnits, Number)];
const RATES: Columns = &[
    ("Currency", Name::Currency, Text),
    ("Effective from", Name::Effective, Text),
    ("Rate (base per unit)", Name::Rate, Number),
    ("Rate type", Name::RateType, Text),
];
const VAT_CATEGORIES: Columns = &[("ID", Name::Id, Text), ("Description", Name::Description, Text)];
const VAT_RATES: Columns = &[("Category", Name::Category, Text), ("Effective from", Name::Effective, Text), ("Rate %", Name::RatePct, Number)];
const TERMS: Columns = &[
    ("ID", Name::Id, Text),
    ("Description", Name::Description, Text),
    ("Days to due", Name::DaysToDue, Number),
    ("Discount days", Name::DiscountDays, Number),
    ("Discount %", Name::DiscountPct, Number),
    ("Overdue charge % a year", Name::OverdueRatePct, Number),
];
const CYCLES: Columns = &[
    ("ID", Name::Id, Text),
    ("Description", Name::Description, Text),
    ("Statement day", Name::PrepareDay, Kind::Choice(statement_days)),
    ("Ageing periods (days)", Name::AgeingDays, Text),
];
const METHODS: Columns =
    &[("ID", Name::Id, Text), ("Description", Name::Description, Text), ("Means", Name::Means, Kind::Choice(payment_means)), ("Active", Name::Active, Check)];
const EMAIL_ACCOUNTS: Columns =
    &[("ID", Name::Id, Text), ("Sender name", Name::SenderName, Text), ("Sender address", Name::SenderAddress, Text), ("Default", Name::IsDefault, Check)];
const BRANCHES: Columns = &[("ID", Name::Id, Text), ("Name", Name::Name, Text), ("Default", Name::IsDefault, Check)];
const LANGUAGES: Columns = &[("Code", Name::Code, Text), ("Name", Name::Name, Text), ("Default", Name::IsDefault, Check)];

fn statement_days() -> Vec<(String, String)> {
    std::iter::once(("end".to_string(), "End of month".to_string())).chain((1..=31).map(|d| (d.to_string(), d.to_string()))).collect()
}

fn payment_means() -> Vec<(String, String)> {
    PaymentMeans::ALL.iter().map(|m| (m.key().to_string(), m.label().to_string())).collect()
}

fn flag(value: bool) -> String {
    value.to_string()
}

fn is_ticked(text: &str) -> bool {
    text == "true"
}

fn rows_of(values: Vec<Vec<String>>, next_uid: StoredValue<u32>) -> RwSignal<Vec<GridRow>> {
    let rows = values
        .into_iter()
        .map(|cells| {
            let uid = next_uid.get_value();
            next_uid.set_value(uid + 1);
            GridRow { uid, cells: cells.into_iter().map(RwSignal::new).collect() }
        })
        .collect();
    RwSignal::new(rows)
}

fn values_of(rows: RwSignal<Vec<GridRow>>) -> Vec<Vec<String>> {
    rows.get_untracked().iter().map(|r| r.cells.iter().map(|c| c.get_untracked()).collect()).collect()
}

fn cell(row: &[String], idx: usize) -> String {
    row.get(idx).cloned().unwrap_or_default()
}

fn label_of(field: &FieldPath) -> String {
    let table = |name: &Name| match name {
        Name::Currencies => "Currencies",
        Name::CurrencyRates => "Currency rates",
        Name::VatCategories => "VAT categories",
        Name::VatRates => "VAT rates",
        Name::StatementCycles => "Statement cycles",
        Name::FinancialPeriods => "Financial periods",
        Name::PaymentMethods => "Payment methods",
        Name::EmailAccounts => "Email accounts",
        Name::Branches => "Branches",
        Name::Languages => "Document languages",
        _ => "Payment terms",
    };
    match field.steps() {
        [Step::Name(name)] => table(name).to_string(),
        [Step::Name(name), Step::Index(row), Step::Name(column)] => format!("{} row {} {}", table(name), row + 1, column.as_str().replace('_', " ")),
        _ => field.to_string(),
    }
}

#[component]
pub fn ReferenceTablesWindow() -> impl IntoView {
    let ctx = use_ledger();
    let next_uid = StoredValue::new(0_u32);
    let draft = ctx.ledger.with_untracked(|l| ReferenceTablesDraft::from_settings(&l.settings));
    let currencies = rows_of(draft.currencies.iter().map(|c| vec![c.code.clone(), c.description.clone(), c.minor_units.clone()]).collect(), next_uid);
    let rates =
        rows_of(draft.currency_rates.iter().map(|r| vec![r.currency.clone(), r.effective.clone(), r.rate.clone(), r.rate_type.clone()]).collect(), next_uid);
    let categories = rows_of(draft.vat_categories.iter().map(|v| vec![v.id.clone(), v.description.clone()]).collect(), next_uid);
    let vat_rates = rows_of(draft.vat_rates.iter().map(|r| vec![r.category.clone(), r.effective.clone(), r.rate_pct.clone()]).collect(), next_uid);
    let terms = rows_of(
        draft
            .terms
            .iter()
            .map(|t| {
                vec![t.id.clone(), t.description.clone(), t.days_to_due.clone(), t.discount_days.clone(), t.discount_pct.clone(), t.overdue_rate_pct.clone()]
            })
            .collect(),
        next_uid,
    );
    let cycles = rows_of(
        draft.statement_cycles.iter().map(|c| vec![c.id.clone(), c.description.clone(), c.prepare_day.clone(), c.ageing_days.clone()]).collect(),
        next_uid,
    );
    let methods = rows_of(draft.payment_methods.iter().map(|m| vec![m.id.clone(), m.description.clone(), m.means.clone(), flag(m.active)]).collect(), next_uid);
    let accounts = rows_of(
        draft.email_accounts.iter().map(|a| vec![a.id.clone(), a.sender_name.clone(), a.sender_address.clone(), flag(a.is_default)]).collect(),
        next_uid,
    );
    let branches = rows_of(draft.branches.iter().map(|b| vec![b.id.clone(), b.name.clone(), flag(b.is_default)]).collect(), next_uid);
    let languages = rows_of(draft.languages.iter().map(|l| vec![l.code.clone(), l.name.clone(), flag(l.is_default)]).collect(), next_uid);
    let periods = RwSignal::new(draft.financial_periods.clone());
    let problems = RwSignal::new(Vec::<Problem>::new());

    let save = move || {
        let draft = ReferenceTablesDraft {
            currencies: values_of(currencies).iter().map(|r| CurrencyDraft { code: cell(r, 0), description: cell(r, 1), minor_units: cell(r, 2) }).collect(),
            currency_rates: values_of(rates)
                .iter()
                .map(|r| CurrencyRateDraft { currency: cell(r, 0), effective: cell(r, 1), rate: cell(r, 2), rate_type: cell(r, 3) })
                .collect(),
            vat_categories: values_of(categories).iter().map(|r| VatCategoryDraft { id: cell(r, 0), description: cell(r, 1) }).collect(),
            vat_rates: values_of(vat_rates).iter().map(|r| VatRateDraft { category: cell(r, 0), effective: cell(r, 1), rate_pct: cell(r, 2) }).collect(),
            terms: values_of(terms)
                .iter()
                .map(|r| TermsDraft {
                    id: cell(r, 0),
                    description: cell(r, 1),
                    days_to_due: cell(r, 2),
                    discount_days: cell(r, 3),
                    discount_pct: cell(r, 4),
                    overdue_rate_pct: cell(r, 5),
                })
                .collect(),
            statement_cycles: values_of(cycles)
                .iter()
                .map(|r| StatementCycleDraft { id: cell(r, 0), description: cell(r, 1), prepare_day: cell(r, 2), ageing_days: cell(r, 3) })
                .collect(),
            financial_periods: periods.get_untracked(),
            payment_methods: values_of(methods)
                .iter()
                .map(|r| PaymentMethodDraft { id: cell(r, 0), description: cell(r, 1), means: cell(r, 2), active: is_ticked(&cell(r, 3)) })
                .collect(),
            email_accounts: values_of(accounts)
                .iter()
                .map(|r| EmailAccountDraft { id: cell(r, 0), sender_name: cell(r, 1), sender_address: cell(r, 2), is_default: is_ticked(&cell(r, 3)) })
                .collect(),
            branches: values_of(branches).iter().map(|r| BranchDraft { id: cell(r, 0), name: cell(r, 1), is_default: is_ticked(&cell(r, 2)) }).collect(),
            languages: values_of(languages).iter().map(|r| LanguageDraft { code: cell(r, 0), name: cell(r, 1), is_default: is_ticked(&cell(r, 2)) }).collect(),
        };
        leptos::task::spawn_local(async move {
            match ctx.run(Command::SaveReferenceTables(draft)).await {
                Ok(_) => {
                    problems.set(Vec::new());
                    ctx.notify("Reference tables saved");
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
    view! {
        <div class="window record-window" on:keydown=on_keydown>
            <div class="toolbar">
                <h1>"Reference tables"</h1>
                <button class="button primary" data-testid="save" on:click=move |_| save() title="Save (Ctrl+S)">"Save"</button>
            </div>
            <ProblemSummary problems=problems label_of=label_of />
            <div class="ref-tables">
                <EditGrid title="Currencies" table=reference_tables::CURRENCIES columns=CURRENCIES rows=currencies problems=problems next_uid=next_uid />
                <EditGrid title="Currency rates" table=reference_tables::CURRENCY_RATES columns=RATES wide=true rows=rates problems=problems next_uid=next_uid />
                <EditGrid title="VAT categories" table=reference_tables::VAT_CATEGORIES columns=VAT_CATEGORIES rows=categories problems=problems next_uid=next_uid />
                <EditGrid title="VAT rates" table=reference_tables::VAT_RATES columns=VAT_RATES rows=vat_rates problems=problems next_uid=next_uid />
                <EditGrid title="Payment terms" table=reference_tables::TERMS columns=TERMS wide=true rows=terms problems=problems next_uid=next_uid />
                <EditGrid title="Statement cycles" table=reference_tables::STATEMENT_CYCLES columns=CYCLES wide=true rows=cycles problems=problems next_uid=next_uid
                    new_row=|| vec![String::new(), String::new(), "end".into(), "30, 60, 90".into()] />
                <AgeingPreview cycles=cycles />
                <EditGrid title="Payment methods" table=reference_tables::PAYMENT_METHODS columns=METHODS wide=true rows=methods problems=problems next_uid=next_uid
                    new_row=|| vec![String::new(), String::new(), "bank_transfer".into(), "true".into()] />
                <EditGrid title="Email accounts" table=reference_tables::EMAIL_ACCOUNTS columns=EMAIL_ACCOUNTS wide=true rows=accounts problems=problems next_uid=next_uid />
                <EditGrid title="Branches (optional)" table=reference_tables::BRANCHES columns=BRANCHES rows=branches problems=problems next_uid=next_uid />
                <EditGrid title="Document languages" table=reference_tables::LANGUAGES columns=LANGUAGES rows=languages problems=problems next_uid=next_uid />
                <FinancialPeriods periods=periods problems=problems />
            </div>
        </div>
    }
}

/// The width of a short column (codes, dates, numbers, ticks), so names and
/// descriptions get the rest of the table and are not cut; `None` for those.
fn column_width(name: Name, kind: &Kind) -> Option<&'static str> {
    match (name, kind) {
        (_, Kind::Check) => Some("4.5em"),
        (Name::Code | Name::Currency | Name::Id | Name::Category | Name::RateType, _) => Some("5.5em"),
        (Name::Effective, _) => Some("9.5em"),
        (_, Kind::Number) => Some("6.5em"),
        _ => None,
    }
}

/// Whether a column holds decimals (rates, percentages), typed and shown in the
/// number format; counts of days and decimals stay plain whole numbers.
fn decimal_column(name: Name) -> bool {
    matches!(name, Name::Rate | Name::RatePct | Name::DiscountPct | Name::OverdueRatePct)
}

/// An editable table: one input per cell, its problem under it, add and remove rows.
#[component]
fn EditGrid(
    title: &'static str,
    table: FieldPath,
    columns: Columns,
    rows: RwSignal<Vec<GridRow>>,
    problems: RwSignal<Vec<Problem>>,
    next_uid: StoredValue<u32>,
    /// The cells of an added row (default: all empty).
    #[prop(optional)]
    new_row: Option<fn() -> Vec<String>>,
    /// Takes two columns of the window (tables of four or more columns).
    #[prop(optional)]
    wide: bool,
) -> impl IntoView {
    // The test ids keep the table's name (`grid-currencies`, `currencies-0-code`).
    let prefix = table.head().map(Name::as_str).unwrap_or_default();
    let whole_table = table.clone();
    let table_path = table.to_string();
    let table_message = move || problems.with(|ps| message_for(ps, &whole_table));
    let body = move || {
        rows.get()
            .into_iter()
            .enumerate()
            .map(|(idx, row)| {
                let uid = row.uid;
                let cells = row
                    .cells
                    .iter()
                    .zip(columns.iter())
                    .map(|(value, (title, name, kind))| {
                        let value = *value;
                        let field = table.cell(idx, *name);
                        let path = field.to_string();
                        let message = move || problems.with(|ps| message_for(ps, &field));
                        let message_shown = message.clone();
                        let testid = format!("{prefix}-{idx}-{name}");
                        let input = match *kind {
                            Kind::Text | Kind::Number => view! {
                                // The whole text on hover, should a long one not fit its cell.
                                <input aria-label=*title data-testid=testid inputmode=decimal_column(*name).then_some("decimal")
                                    class:invalid=move || message().is_some() title=move || value.get()
                                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
                            }
                            .into_any(),
                            Kind::Choice(options) => {
                                let options = options()
                                    .into_iter()
                                    .map(|(key, label)| {
                                        let selected = value.get_untracked() == key;
                                        view! { <option value=key selected=selected>{label}</option> }
                                    })
                                    .collect_view();
                                view! {
                                    <select aria-label=*title data-testid=testid class:invalid=move || message().is_some()
                                        prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>{options}</select>
                                }
                                .into_any()
                            }
                            Kind::Check => view! {
                                <input type="checkbox" aria-label=*title data-testid=testid prop:checked=move || is_ticked(&value.get())
                                    on:change=move |ev| value.set(flag(event_target_checked(&ev))) />
                            }
                            .into_any(),
                        };
                        let numeric = matches!(kind, Kind::Number);
                        view! {
                            <td class:num=numeric>
                                {input}
                                <div class="field-error" data-field=path>{message_shown}</div>
                            </td>
                        }
                    })
                    .collect_view();
                view! {
                    <tr>
                        {cells}
                        <td><button class="icon-button" title="Remove row" aria-label="Remove row" on:click=move |_| rows.update(|rs| rs.retain(|r| r.uid != uid))>"×"</button></td>
                    </tr>
                }
            })
            .collect_view()
    };
    let add = move |_| {
        let uid = next_uid.get_value();
        next_uid.set_value(uid + 1);
        let cells = match new_row {
            Some(make) => make().into_iter().map(RwSignal::new).collect(),
            None => columns.iter().map(|_| RwSignal::new(String::new())).collect(),
        };
        rows.update(|rs| rs.push(GridRow { uid, cells }));
    };
    view! {
        <div class="edit-grid" class:wide=wide data-testid=format!("grid-{prefix}")>
            <h3>{title}</h3>
            <div class="field-error" data-field=table_path>{table_message}</div>
            <div class="scroll-x">
            <table class="lines">
                <thead><tr>{columns.iter().map(|(t, name, kind)| view! {
                    <th class:num=matches!(kind, Kind::Number) style:width=column_width(*name, kind)>{*t}</th>
                }).collect_view()}<th style:width="2.5em"></th></tr></thead>
                <tbody>{body}</tbody>
            </table>
            </div>
            <button class="button" data-testid=format!("add-{prefix}") on:click=add>"Add row"</button>
        </div>
    }
}

/// The period titles each statement cycle's boundaries give, as typed.
#[component]
fn AgeingPreview(cycles: RwSignal<Vec<GridRow>>) -> impl IntoView {
    let lines = move || {
        cycles
            .get()
            .into_iter()
            .enumerate()
            .map(|(idx, row)| {
                let id = row.cells.first().map(|c| c.get()).unwrap_or_default();
                let typed = row.cells.get(3).map(|c| c.get()).unwrap_or_default();
                let text = match parse_ageing_days(&typed) {
                    Ok(days) => ageing_period_labels(&days).join(" · "),
                    Err(message) => message,
                };
                view! { <li data-testid=format!("ageing-preview-{idx}")><strong>{if id.is_empty() { "(new)".to_string() } else { id.to_uppercase() }}</strong>": "{text}</li> }
            })
            .collect_view()
    };
    view! {
        <div class="edit-grid ageing-preview">
            <h3>"Ageing periods"</h3>
            <ul class="muted">{lines}</ul>
        </div>
    }
}

/// The financial periods: generated a year at a time, removed a year at a time.
#[component]
fn FinancialPeriods(periods: RwSignal<Vec<FinancialPeriod>>, problems: RwSignal<Vec<Problem>>) -> impl IntoView {
    let year = RwSignal::new(String::new());
    let kind = RwSignal::new("monthly".to_string());
    let year_problem = RwSignal::new(None::<String>);
    let table_message = move || problems.with(|ps| message_for(ps, &reference_tables::FINANCIAL_PERIODS));
    let generate = move || {
        let kind = if kind.get_untracked() == "quarterly" { PeriodKind::Quarterly } else { PeriodKind::Monthly };
        match add_year(&periods.get_untracked(), &year.get_untracked(), kind) {
            Ok(all) => {
                periods.set(all);
                year_problem.set(None);
                year.set(String::new());
            }
            Err(message) => year_problem.set(Some(message)),
        }
    };
    let years = move || {
        let mut years: Vec<i32> = periods.with(|ps| ps.iter().map(|p| p.year()).collect());
        years.dedup();
        years
    };
    let rows = move || {
        periods
            .get()
            .into_iter()
            .enumerate()
            .map(|(idx, p)| {
                view! {
                    <tr data-testid=format!("period-{idx}")>
                        <td>{p.id.clone()}</td><td>{p.start.to_string()}</td><td>{p.end.to_string()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="edit-grid" data-testid="grid-financial_periods">
            <h3>"Financial periods"</h3>
            <div class="field-error">{table_message}</div>
            <div class="button-row">
                <label class="field-label" for="period-year">"Year"</label>
                <input id="period-year" class="year-input" data-testid="period-year" inputmode="numeric" placeholder="2026" class:invalid=move || year_problem.get().is_some()
                    prop:value=move || year.get() on:input=move |ev| year.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { ev.prevent_default(); generate(); } />
                <select aria-label="Periods" data-testid="period-kind" prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="monthly" selected=true>{PeriodKind::Monthly.label()}</option>
                    <option value="quarterly">{PeriodKind::Quarterly.label()}</option>
                </select>
                <button class="button" data-testid="generate-periods" on:click=move |_| generate()>"Generate"</button>
            </div>
            <div class="field-error" data-testid="error-period-year">{move || year_problem.get()}</div>
            <div class="button-row">
                {move || years().into_iter().map(|y| view! {
                    <button class="button small" data-testid=format!("remove-year-{y}") title=format!("Remove the periods of {y}")
                        on:click=move |_| periods.update(|ps| ps.retain(|p| p.year() != y))>{format!("Remove {y}")}</button>
                }).collect_view()}
            </div>
            {move || if periods.with(|ps| ps.is_empty()) {
                view! { <p class="empty muted" data-testid="periods-empty">"No financial periods yet. Type a year and press Generate."</p> }.into_any()
            } else {
                view! {
                    <table class="lines periods">
                        <thead><tr><th>"Period"</th><th>"Start"</th><th>"End"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }}
        </div>
    }
}
