//! Mass emails (seed 000: "Template-based emails can be used, for example, to notify
//! customer contacts about expiration of their credit cards"): a mailing with a
//! notification template, the customers chosen by class, status and a card expiring
//! before a date (the core's `mailings::mass`); *Preview* shows the count, the first
//! five emails filled in and who gets none and why, before anything is queued; *Queue
//! emails* puts them in Pending emails a part at a time, with progress and Cancel.

use leptos::prelude::*;
use reskontra_core::base::problem::parse_date;
use reskontra_core::customers::customer::CustomerStatus;
use reskontra_core::mailings::address::format_mailboxes;
use reskontra_core::mailings::mass::{plan_mass, template_mailing_ids, MassFilter};
use reskontra_core::mailings::queue::Plan;
use reskontra_core::mailings::Email;
use reskontra_core::Command;

use crate::ui::context::{use_ledger, LedgerCtx};
use crate::ui::pages::mailings::safe_html;

/// How many emails are queued in one change.
const PART: usize = 200;
/// How many emails the preview shows whole.
const SHOWN: usize = 5;

/// How a queue run ended: (ok, text, emails queued).
type Outcome = Option<(bool, String, usize)>;

#[component]
pub fn MassEmailsWindow() -> impl IntoView {
    let ctx = use_ledger();
    let mailings = Memo::new(move |_| ctx.ledger.with(template_mailing_ids));
    let mailing = RwSignal::new(mailings.get_untracked().first().cloned().unwrap_or_default());
    let class = RwSignal::new(String::new());
    let status = RwSignal::new(CustomerStatus::Active.label().to_string());
    let before = RwSignal::new(String::new());
    let date_error = RwSignal::new(None::<String>);
    let plans = RwSignal::new(None::<Vec<Plan>>);
    let outcome = RwSignal::new(None as Outcome);
    let (busy, progress, total, cancel) = (RwSignal::new(false), RwSignal::new(0_usize), RwSignal::new(0_usize), RwSignal::new(false));
    // A changed choice takes the preview away: what is queued is what was previewed.
    Effect::new(move |_| {
        mailing.track();
        class.track();
        status.track();
        before.track();
        plans.set(None);
    });
    let preview = move |_| {
        let expiring_before = match before.get_untracked().trim() {
            "" => None,
            text => match parse_date(text) {
                Ok(d) => Some(d),
                Err(e) => {
                    date_error.set(Some(e));
                    return;
                }
            },
        };
        date_error.set(None);
        outcome.set(None);
        let filter = MassFilter { class_id: class.get_untracked(), status: CustomerStatus::from_label(&status.get_untracked()), expiring_before };
        let today = ctx.business_date_untracked();
        let id = mailing.get_untracked();
        plans.set(Some(ctx.ledger.with_untracked(|l| plan_mass(l, &filter, &id, today))));
    };
    let queue = move |_| {
        let emails: Vec<Email> =
            plans.with_untracked(|p| p.iter().flatten().filter_map(|plan| plan.emails.as_ref().ok()).flatten().map(|e| e.email.clone()).collect());
        if emails.is_empty() {
            return;
        }
        leptos::task::spawn_local(queue_all(ctx, emails, [busy, cancel], progress, total, outcome, plans));
    };
    let classes = Memo::new(move |_| {
        ctx.ledger.with(|l| {
            std::iter::once((String::new(), "(every class)".to_string()))
                .chain(l.classes.values().map(|c| (c.id.clone(), format!("{} – {}", c.id, c.description))))
                .collect::<Vec<_>>()
        })
    });
    let statuses = std::iter::once((String::new(), "(any status)".to_string()))
        .chain(CustomerStatus::ALL.iter().map(|s| (s.label().to_string(), s.label().to_string())))
        .collect::<Vec<_>>();
    let group = move |n: usize| ctx.numbers_untracked().count(n);
    let count = Memo::new(move |_| plans.with(|p| p.as_ref().map(|p| p.iter().filter_map(|plan| plan.emails.as_ref().ok()).map(|e| e.len()).sum::<usize>())));
    view! {
        <div class="window record-window">
            <div class="toolbar">
                <h1 data-testid="window-title">"Mass emails"</h1>
                <button class="button" data-testid="mass-preview" on:click=preview prop:disabled=move || busy.get() || mailing.with(|m| m.is_empty())>"Preview"</button>
                <button class="button primary" data-testid="mass-queue" on:click=queue prop:disabled=move || busy.get() || count.get().unwrap_or(0) == 0>
                    {move || match count.get() { Some(n) if n > 0 => format!("Queue {} emails", group(n)), _ => "Queue emails".to_string() }}
                </button>
            </div>
            <div class="top-part">
                <div class="form-grid">
                    <label class="field"><span class="field-label">"Mailing *"</span>
                        {options_select("mass-mailing", mailing, Signal::derive(move || mailings.get().into_iter().map(|m| (m.clone(), m)).collect()))}
                    </label>
                    <label class="field"><span class="field-label">"Customer class"</span>{options_select("mass-class", class, classes.into())}</label>
                    <label class="field"><span class="field-label">"Status"</span>{options_select("mass-status", status, Signal::derive(move || statuses.clone()))}</label>
                    <label class="field" class:invalid=move || date_error.with(|e| e.is_some())>
                        <span class="field-label">"A payment method expiring before"</span>
                        <input type="text" class="date" data-testid="mass-expiring-before" placeholder="YYYY-MM-DD (optional)"
                            prop:value=move || before.get() on:input=move |ev| before.set(event_target_value(&ev)) />
                        <span class="field-error" data-testid="error-mass-expiring-before">{move || date_error.get()}</span>
                    </label>
                </div>
            </div>
            {move || mailings.with(|m| m.is_empty()).then(|| view! {
                <p class="hint" data-testid="mass-no-mailing">"No mailing has a notification template yet. Make a template in Notification templates, then choose it in the Template column of a mailing in Mailing settings or a customer class."</p>
            })}
            <crate::ui::components::progress::ProgressLine testid="mass-progress" cancel_testid="mass-cancel"
                busy=busy.into() done=progress.into() total=total.into() cancel=cancel />
            {move || outcome.get().map(|(ok, text, queued)| view! {
                <p class=if ok { "status ok" } else { "status error" } data-testid="mass-outcome">
                    {text}
                    {(queued > 0).then(|| view! { " " <a href="#/pending-emails" data-testid="mass-pending-link">"Open Pending emails"</a> })}
                </p>
            })}
            {move || plans.get().map(|p| preview_view(ctx, p))}
        </div>
    }
}

fn options_select(testid: &'static str, value: RwSignal<String>, options: Signal<Vec<(String, String)>>) -> impl IntoView {
    view! {
        <select data-testid=testid prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
            {move || options.get().into_iter().map(|(v, l)| { let selected = v == value.get_untracked(); view! { <option value=v selected=selected>{l}</option> } }).collect_view()}
        </select>
    }
}

/// The dry run: the count, the first emails whole, and who gets none and why.
fn preview_view(ctx: LedgerCtx, plans: Vec<Plan>) -> impl IntoView {
    let group = move |n: usize| ctx.numbers_untracked().count(n);
    let emails: Vec<&Email> = plans.iter().filter_map(|p| p.emails.as_ref().ok()).flatten().map(|e| &e.email).collect();
    let skipped: Vec<(String, String)> = plans
        .iter()
        .filter_map(|p| match &p.emails {
            Err(why) => Some((p.customer_id.clone(), why.clone())),
            Ok(list) if list.is_empty() => Some((p.customer_id.clone(), "No recipient of the mailing has an address".to_string())),
            Ok(_) => None,
        })
        .collect();
    let customers = plans.len() - skipped.len();
    let name_of = move |id: &str| ctx.ledger.with_untracked(|l| l.customers.get(id).map(|c| c.name.clone()).unwrap_or_default());
    let summary = if plans.is_empty() {
        "No customer matches the filter.".to_string()
    } else {
        format!(
            "{} {} for {} {}; nothing is queued until you click Queue emails.",
            group(emails.len()),
            if emails.len() == 1 { "email" } else { "emails" },
            group(customers),
            if customers == 1 { "customer" } else { "customers" }
        )
    };
    let samples = emails
        .iter()
        .take(SHOWN)
        .map(|e| {
            let recipients = [("To", &e.to), ("Cc", &e.cc), ("Bcc", &e.bcc)]
                .iter()
                .filter(|(_, list)| !list.is_empty())
                .map(|(n, list)| format!("{n}: {}", format_mailboxes(list)))
                .collect::<Vec<_>>()
                .join("   ");
            view! {
                <article class="mass-sample" data-testid="mass-sample">
                    <header><strong>{format!("{} {}", e.customer_id, name_of(&e.customer_id))}</strong>" "<span class="hint">{recipients}</span></header>
                    <p class="preview-subject"><span class="field-label">"Subject "</span><span data-testid="mass-sample-subject">{e.subject.clone()}</span></p>
                    <pre class="preview-text" data-testid="mass-sample-text">{e.text_body.clone()}</pre>
                </article>
            }
        })
        .collect_view();
    let more = emails.len().saturating_sub(SHOWN);
    let skipped_rows = skipped.iter().map(|(id, why)| view! { <tr><td>{id.clone()}</td><td>{name_of(id)}</td><td>{why.clone()}</td></tr> }).collect_view();
    view! {
        <section class="tab-section" data-testid="mass-result">
            <p data-testid="mass-count"><strong>{summary}</strong></p>
            <div class="mass-samples">{samples}</div>
            {(more > 0).then(|| view! { <p class="hint">{format!("… and {} more.", group(more))}</p> })}
            {(!skipped.is_empty()).then(|| view! {
                <h2 class="sub-heading">{format!("{} {} no email", group(skipped.len()), if skipped.len() == 1 { "customer gets" } else { "customers get" })}</h2>
                <div class="scroll-x">
                    <table class="lines" data-testid="mass-skipped">
                        <thead><tr><th>"Customer no."</th><th>"Name"</th><th>"Why"</th></tr></thead>
                        <tbody>{skipped_rows}</tbody>
                    </table>
                </div>
            })}
        </section>
    }
}

/// Queues `emails` a part at a time (each part one change, its HTML bodies made safe
/// first), letting the page paint between parts; Cancel stops before the next part and
/// what is queued stays queued.
async fn queue_all(
    ctx: LedgerCtx,
    emails: Vec<Email>,
    [busy, cancel]: [RwSignal<bool>; 2],
    progress: RwSignal<usize>,
    total: RwSignal<usize>,
    outcome: RwSignal<Outcome>,
    plans: RwSignal<Option<Vec<Plan>>>,
) {
    let nonce = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    let group = move |n: usize| ctx.numbers_untracked().count(n);
    busy.set(true);
    cancel.set(false);
    progress.set(0);
    total.set(emails.len());
    outcome.set(None);
    let mut queued = 0_usize;
    let mut failed = None;
    for part in emails.chunks(PART) {
        if cancel.get_untracked() {
            break;
        }
        let mut safe = Vec::with_capacity(part.len());
        for email in part {
            let mut email = email.clone();
            if !email.html_body.trim().is_empty() {
                match safe_html(&email.html_body).await {
                    Ok(html) => email.html_body = html,
                    Err(e) => {
                        failed = Some(format!("The HTML body of customer {}'s email could not be made safe: {e}", email.customer_id));
                        break;
                    }
                }
            }
            safe.push(email);
        }
        if failed.is_some() {
            break;
        }
        match ctx.run(Command::QueueEmails { emails: safe, delivered: vec![], nonce }).await {
            Ok(_) => {
                queued += part.len();
                progress.set(queued);
            }
            Err(problems) => {
                failed = Some(problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; "));
                break;
            }
        }
        crate::ui::context::next_task().await;
    }
    let waiting = format!("{} {} waiting in Pending emails.", group(queued), if queued == 1 { "email is" } else { "emails are" });
    let text = match (&failed, cancel.get_untracked() && queued < emails.len()) {
        (Some(why), _) => format!("Stopped after {} of {}: {why}. {waiting}", group(queued), group(emails.len())),
        (None, true) => format!("Cancelled after {} of {}. {waiting}", group(queued), group(emails.len())),
        (None, false) => waiting,
    };
    outcome.set(Some((failed.is_none(), text, queued)));
    if queued > 0 {
        ctx.notify(format!("{} emails queued", group(queued)));
        plans.set(None);
    }
    busy.set(false);
}
