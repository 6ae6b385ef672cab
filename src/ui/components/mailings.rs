//! The mailings table (with each mailing's reports and notification template) and the
//! recipients of the selected mailing (SPEC R10.1–R10.2),
//! used by the Mailing settings window (the preferences' list), the customer class
//! and the customer. On a customer, editing a mailing marks it *Overridden*;
//! clearing *Overridden* puts the class's copy back when saved (R2.4).

use leptos::prelude::*;
use reskontra_core::customers::mailing::{ContactType, MailFormat, MailReport, Mailing, Recipient, RecipientRole};
use reskontra_core::fields::{mailings, Name};
use reskontra_core::Problem;

use crate::ui::components::bind::{cell_error, check_box, named, row_count, select, text_input};

/// (value, label) pairs for a choice list: branches, email accounts.
type Choices = Vec<(String, String)>;

/// Where the mailings live inside a draft.
pub struct MailingsOf<T: 'static> {
    pub get: fn(&T) -> &Vec<Mailing>,
    pub get_mut: fn(&mut T) -> &mut Vec<Mailing>,
}

// Not derived: a derive would ask `T: Copy`, and only the two function pointers are copied.
impl<T> Clone for MailingsOf<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for MailingsOf<T> {}

fn options<I: IntoIterator<Item = &'static str>>(labels: I) -> Signal<Vec<(String, String)>> {
    let list: Vec<(String, String)> = labels.into_iter().map(|l| (l.to_string(), l.to_string())).collect();
    Signal::derive(move || list.clone())
}

/// The mailings of `draft` with their recipients; problems are named by
/// `fields::mailings` (`mailings.0.id`); `customer` shows *Overridden* and marks edits; `contacts` are the
/// customer's contacts as (number, name) for recipient lines of type Customer contact.
pub fn mailings_editor<T: Send + Sync + 'static>(
    draft: RwSignal<T>,
    of: MailingsOf<T>,
    problems: RwSignal<Vec<Problem>>,
    customer: bool,
    testid: &'static str,
    ids: Signal<(Choices, Choices)>,
) -> impl IntoView {
    let MailingsOf { get, get_mut } = of;
    let selected = RwSignal::new(0usize);
    let n = row_count(draft, move |d| get(d).len());
    // Every change to a mailing of a customer marks it Overridden.
    let edit = move |d: &mut T, i: usize, f: &dyn Fn(&mut Mailing)| {
        if let Some(m) = get_mut(d).get_mut(i) {
            f(m);
            if customer {
                m.overridden = true;
            }
        }
    };
    let mtext = move |i: usize, name: Name, label: &'static str, g: fn(&Mailing) -> String, s: fn(&mut Mailing, String)| {
        view! {
            <td>
                {named(text_input(draft, format!("{testid}-{name}-{i}"), move |d| get(d).get(i).map(g).unwrap_or_default(), move |d, v| edit(d, i, &|m| s(m, v.clone()))), format!("Mailing {} {label}", i + 1))}
                {cell_error(problems, mailings::mailing(i, name))}
            </td>
        }
    };
    let branches = Signal::derive(move || std::iter::once((String::new(), "–".to_string())).chain(ids.get().0).collect::<Vec<_>>());
    let accounts = Signal::derive(move || std::iter::once((String::new(), "(class / default)".to_string())).chain(ids.get().1).collect::<Vec<_>>());
    // The notification templates (R10.1): empty is none, the body then comes from the report.
    let ctx = crate::ui::context::use_ledger();
    let templates = Signal::derive(move || {
        ctx.ledger.with(|l| std::iter::once((String::new(), "–".to_string())).chain(l.templates.keys().map(|id| (id.clone(), id.clone()))).collect::<Vec<_>>())
    });
    let rows = move || {
        (0..n.get())
            .map(|i| {
                let reports = MailReport::ALL
                    .into_iter()
                    .map(|r| {
                        check_box(draft, format!("{testid}-report-{}-{i}", short(r)), short_label(r), move |d| get(d).get(i).is_some_and(|m| m.reports.contains(&r)), move |d, on| {
                            edit(d, i, &|m| {
                                m.reports.retain(|x| *x != r);
                                if on {
                                    m.reports.push(r);
                                    m.reports.sort();
                                }
                            })
                        })
                    })
                    .collect_view();
                view! {
                    <tr class:selected=move || selected.get() == i on:click=move |_| selected.set(i)>
                        {mtext(i, Name::Id, "ID", |m| m.id.clone(), |m, v| m.id = v)}
                        <td>{named(select(draft, format!("{testid}-branch-{i}"), branches, move |d| get(d).get(i).map(|m| m.branch_id.clone()).unwrap_or_default(), move |d, v| edit(d, i, &|m| m.branch_id = v.clone())), format!("Mailing {} branch", i + 1))}
                            {cell_error(problems, mailings::mailing(i, Name::BranchId))}</td>
                        <td>{named(select(draft, format!("{testid}-account-{i}"), accounts, move |d| get(d).get(i).map(|m| m.email_account_id.clone()).unwrap_or_default(), move |d, v| edit(d, i, &|m| m.email_account_id = v.clone())), format!("Mailing {} email account", i + 1))}
                            {cell_error(problems, mailings::mailing(i, Name::EmailAccountId))}</td>
                        <td><div class="checks">{reports}</div>{cell_error(problems, mailings::mailing(i, Name::Reports))}</td>
                        <td>{named(select(draft, format!("{testid}-template-{i}"), templates, move |d| get(d).get(i).map(|m| m.template_id.clone()).unwrap_or_default(), move |d, v| edit(d, i, &|m| m.template_id = v.clone())), format!("Mailing {} notification template", i + 1))}
                            {cell_error(problems, mailings::mailing(i, Name::TemplateId))}</td>
                        <td>{named(select(draft, format!("{testid}-format-{i}"), options(MailFormat::ALL.map(|f| f.label())), move |d| get(d).get(i).map(|m| m.format.label().to_string()).unwrap_or_default(),
                            move |d, v| edit(d, i, &|m| m.format = MailFormat::from_label(&v).unwrap_or_default())), format!("Mailing {} format", i + 1))}</td>
                        <td>{named(check_box(draft, format!("{testid}-active-{i}"), "", move |d| get(d).get(i).is_some_and(|m| m.active), move |d, v| edit(d, i, &|m| m.active = v)), format!("Mailing {} active", i + 1))}</td>
                        {customer.then(|| view! {
                            <td>{named(check_box(draft, format!("{testid}-overridden-{i}"), "", move |d| get(d).get(i).is_some_and(|m| m.overridden),
                                move |d, v| if let Some(m) = get_mut(d).get_mut(i) { m.overridden = v }), format!("Mailing {} overridden", i + 1))}</td>
                        })}
                        <td class="num">{move || draft.with(|d| get(d).get(i).map(|m| m.recipients.len()).unwrap_or(0))}</td>
                        <td><button class="link-button" data-testid=format!("{testid}-remove-{i}") title="Remove this mailing"
                            on:click=move |ev| { ev.stop_propagation(); draft.update(|d| { if i < get(d).len() { get_mut(d).remove(i); } }); selected.set(0); }>"Remove"</button></td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="mailings" data-testid=testid>
            <div class="scroll-x">
            <table class="lines">
                <thead><tr>
                    <th>"Mailing ID"</th><th>"Branch"</th><th>"Email account"</th><th>"Reports"</th><th title="The notification template that gives the email's subject and body">"Template"</th><th>"Format"</th><th>"Active"</th>
                    {customer.then(|| view! { <th title="This customer's copy no longer follows the class">"Overridden"</th> })}
                    <th class="num">"Recipients"</th><th></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
            <button class="button" data-testid=format!("{testid}-add") on:click=move |_| {
                draft.update(|d| get_mut(d).push(Mailing { active: true, reports: vec![MailReport::Invoice], overridden: customer, ..Default::default() }));
                selected.set(n.get_untracked().saturating_sub(1));
            }>"Add mailing"</button>
            {move || (n.get() > 0).then(|| recipients_editor(draft, of, problems, customer, testid, selected))}
        </div>
    }
}

fn short(r: MailReport) -> &'static str {
    match r {
        MailReport::Invoice => "invoice",
        MailReport::Statement => "statement",
        MailReport::MultiCurrencyStatement => "statementmc",
        MailReport::DunningLetter => "dunning",
    }
}

fn short_label(r: MailReport) -> &'static str {
    match r {
        MailReport::Invoice => "Invoice",
        MailReport::Statement => "Statement",
        MailReport::MultiCurrencyStatement => "MC statement",
        MailReport::DunningLetter => "Dunning",
    }
}

fn recipients_editor<T: Send + Sync + 'static>(
    draft: RwSignal<T>,
    of: MailingsOf<T>,
    problems: RwSignal<Vec<Problem>>,
    customer: bool,
    testid: &'static str,
    selected: RwSignal<usize>,
) -> impl IntoView {
    let MailingsOf { get, get_mut } = of;
    let n = Memo::new(move |_| {
        let i = selected.get();
        draft.with(|d| get(d).get(i).map(|m| m.recipients.len()).unwrap_or(0))
    });
    let edit = move |d: &mut T, j: usize, f: &dyn Fn(&mut Recipient)| {
        let i = selected.get_untracked();
        if let Some(m) = get_mut(d).get_mut(i) {
            if let Some(r) = m.recipients.get_mut(j) {
                f(r);
                if customer {
                    m.overridden = true;
                }
            }
        }
    };
    let read = move |d: &T, j: usize| get(d).get(selected.get_untracked()).and_then(|m| m.recipients.get(j)).cloned().unwrap_or_default();
    let title = move || {
        draft.with(|d| {
            get(d).get(selected.get()).map(|m| format!("Recipients of {}", if m.id.is_empty() { "the new mailing" } else { &m.id })).unwrap_or_default()
        })
    };
    let rows = move || {
        let i = selected.get();
        (0..n.get())
            .map(|j| {
                let field = move |name: Name| mailings::recipient(i, j, name);
                view! {
                    <tr>
                        <td>{named(select(draft, format!("{testid}-recipient-type-{j}"), options(ContactType::ALL.map(|t| t.label())), move |d| read(d, j).contact_type.label().to_string(),
                            move |d, v| edit(d, j, &|r| r.contact_type = ContactType::from_label(&v).unwrap_or_default())), format!("Recipient {} contact type", j + 1))}
                            {cell_error(problems, field(Name::ContactType))}</td>
                        <td>{named(text_input(draft, format!("{testid}-recipient-contact-{j}"), move |d| read(d, j).contact, move |d, v| edit(d, j, &|r| r.contact = v.clone())), format!("Recipient {} contact", j + 1))}
                            {cell_error(problems, field(Name::Contact))}</td>
                        <td>{named(text_input(draft, format!("{testid}-recipient-email-{j}"), move |d| read(d, j).email, move |d, v| edit(d, j, &|r| r.email = v.clone())), format!("Recipient {} email", j + 1))}
                            {cell_error(problems, field(Name::Email))}</td>
                        <td>{named(select(draft, format!("{testid}-recipient-format-{j}"), options(std::iter::once("(mailing's)").chain(MailFormat::ALL.map(|f| f.label()))),
                            move |d| read(d, j).format.map(|f| f.label()).unwrap_or("(mailing's)").to_string(),
                            move |d, v| edit(d, j, &|r| r.format = MailFormat::from_label(&v))), format!("Recipient {} format", j + 1))}</td>
                        <td>{named(check_box(draft, format!("{testid}-recipient-active-{j}"), "", move |d| read(d, j).active, move |d, v| edit(d, j, &|r| r.active = v)), format!("Recipient {} active", j + 1))}</td>
                        <td>{named(select(draft, format!("{testid}-recipient-role-{j}"), options(RecipientRole::ALL.map(|r| r.label())), move |d| read(d, j).role.label().to_string(),
                            move |d, v| edit(d, j, &|r| r.role = RecipientRole::from_label(&v).unwrap_or_default())), format!("Recipient {} role", j + 1))}</td>
                        <td><button class="link-button" data-testid=format!("{testid}-recipient-remove-{j}") on:click=move |_| draft.update(|d| {
                            let i = selected.get_untracked();
                            if let Some(m) = get_mut(d).get_mut(i) {
                                if j < m.recipients.len() { m.recipients.remove(j); }
                                if customer { m.overridden = true; }
                            }
                        })>"Remove"</button></td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <h3 class="sub-heading" data-testid=format!("{testid}-recipients-title")>{title}</h3>
        <p class="hint">"Customer contact: type the contact's number (see the Contacts tab). Employee and Email address: type the address."</p>
        <div class="scroll-x">
        <table class="lines">
            <thead><tr><th>"Contact type"</th><th>"Contact"</th><th>"Email"</th><th>"Format"</th><th>"Active"</th><th>"To / Cc / Bcc"</th><th></th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
        <button class="button" data-testid=format!("{testid}-recipient-add") on:click=move |_| draft.update(|d| {
            let i = selected.get_untracked();
            if let Some(m) = get_mut(d).get_mut(i) {
                m.recipients.push(Recipient { active: true, ..Default::default() });
                if customer { m.overridden = true; }
            }
        })>"Add recipient"</button>
    }
}
