//! The print-ready view of an invoice, debit note or credit note (R4.5): company,
//! customer and address, lines, VAT per rate, totals and due date, laid out for A4.
//! *Print* records the printout (`MarkPrinted`) and opens the browser's print dialog.

use leptos::prelude::*;
use reskontra_core::documents::document::DocType;
use reskontra_core::fields::FieldPath;
use reskontra_core::reports::invoice::{invoice_report, RenderJob};
use reskontra_core::{Command, Problem, ProblemKind};

use crate::ui::components::form::ProblemSummary;
use crate::ui::context::use_ledger;
use crate::ui::route::{DocRoute, Route};

#[component]
pub fn InvoicePrintWindow(target: DocRoute) -> impl IntoView {
    let ctx = use_ledger();
    let Some(found) = ctx.ledger.with_untracked(|l| target.find(l, &DocType::INVOICE_LIKE)) else {
        return view! { <div class="window empty"><h1>"Document not found"</h1><a href="#/invoices">"Back to Invoices and notes"</a></div> }.into_any();
    };
    let id = found.id;
    let problems = RwSignal::new(Vec::<Problem>::new());
    // The view follows the ledger, so the Printed mark shows as soon as it is stored.
    let doc = Memo::new(move |_| ctx.ledger.with(|l| l.documents.get(&id).cloned()));
    let back = Route::Invoice(DocRoute::existing(found.doc_type, &found.ref_nbr)).href();
    let print = move |_| {
        leptos::task::spawn_local(async move {
            match ctx.run(Command::MarkPrinted(id)).await {
                Ok(_) => {
                    problems.set(Vec::new());
                    let name = ctx.ledger.with_untracked(|l| l.documents.get(&id).map(|d| format!("{} {}", d.doc_type.label(), d.ref_nbr)).unwrap_or_default());
                    ctx.notify(format!("{name} marked as printed"));
                    if let Some(window) = web_sys::window() {
                        let _ = window.print();
                    }
                }
                Err(found) => problems.set(found),
            }
        });
    };
    // PDF and Excel come from the render worker (a second wasm, loaded on first use).
    let busy = RwSignal::new(false);
    let export = move |excel: bool| {
        let report = match ctx.ledger.with_untracked(|l| invoice_report(l, id)) {
            Ok(report) => report,
            Err(found) => return problems.set(found),
        };
        let file_name = format!("{}.{}", report.ref_nbr, if excel { "xlsx" } else { "pdf" });
        let (job, mime) = if excel {
            (RenderJob::Xlsx(Box::new(report)), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        } else {
            (RenderJob::Pdf(Box::new(report)), "application/pdf")
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let done = crate::delivery::render::render(job).await.and_then(|bytes| crate::delivery::download_bytes(&file_name, mime, &bytes));
            busy.set(false);
            match done {
                Ok(()) => {
                    problems.set(Vec::new());
                    ctx.notify(format!("{file_name} saved"));
                }
                Err(why) => problems.set(vec![Problem::form(ProblemKind::Other, why)]),
            }
        });
    };
    // *Send* (Visma Net's Email activity): a new email with this report attached as a
    // PDF, put in the queue and opened, where the user adds recipients, text and files.
    let send = move |_| {
        let today = ctx.business_date_untracked();
        let planned = match ctx.ledger.with_untracked(|l| reskontra_core::mailings::queue::report_email(l, id, today)) {
            Ok(planned) => planned,
            Err(why) => return problems.set(vec![Problem::form(ProblemKind::Other, why)]),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let queued = match crate::ui::pages::mailings::prepare::prepare(ctx, planned).await {
                Ok(email) => {
                    let command = Command::QueueEmails { emails: vec![email], delivered: vec![], nonce: crate::ui::pages::mailings::prepare::nonce() };
                    ctx.run(command).await.map(|change| {
                        change.puts.iter().find_map(|r| if let reskontra_core::Record::Email(e) = r { Some(e.id) } else { None }).unwrap_or_default()
                    })
                }
                Err(why) => Err(vec![Problem::form(ProblemKind::Other, why)]),
            };
            busy.set(false);
            match queued {
                Ok(email_id) => {
                    ctx.notify(format!("Email {email_id} started: add recipients, text or files, then send it"));
                    crate::ui::route::navigate(&Route::Email(email_id));
                }
                Err(found) => problems.set(found),
            }
        });
    };
    let page = move || doc.get().map(|d| view! { <InvoicePaper id=d.id /> });
    view! {
        <div class="window print-window">
            <div class="toolbar">
                <h1>{format!("Print {} {}", found.doc_type.label().to_lowercase(), found.ref_nbr)}</h1>
                <button class="button primary" data-testid="print-now" on:click=print>"Print"</button>
                <button class="button" data-testid="print-pdf" disabled=move || busy.get() on:click=move |_| export(false)>"PDF"</button>
                <button class="button" data-testid="print-xlsx" disabled=move || busy.get() on:click=move |_| export(true)>"Excel"</button>
                <button class="button" data-testid="print-send" disabled=move || busy.get() on:click=send
                    title="A new email with this document attached as a PDF; you add recipients, text and files before it is sent">"Send"</button>
                <a class="button" href=back data-testid="print-back">"Back to the document"</a>
                <span class="muted" data-testid="print-state">{move || doc.get().map(|d| if d.printed { "Printed before" } else { "Not printed yet" })}</span>
            </div>
            <ProblemSummary problems=problems label_of=|f: &FieldPath| f.to_string() />
            {page}
        </div>
    }
    .into_any()
}

/// One document on paper: company, customer and address, lines, VAT per rate, totals
/// and due date, laid out for A4 (the print CSS breaks the page after each).
#[component]
pub fn InvoicePaper(id: reskontra_core::documents::document::DocId) -> impl IntoView {
    let ctx = use_ledger();
    let doc = Memo::new(move |_| ctx.ledger.with(|l| l.documents.get(&id).cloned()));
    move || {
        let doc = doc.get()?;
        let (company, company_email, customer, units) = ctx.ledger.with(|l| {
            (
                l.settings.company_name.clone(),
                l.settings.company_email.clone(),
                l.customers.get(&doc.customer_id).cloned(),
                l.settings.currency(&doc.currency).map(|c| c.minor_units).unwrap_or(2),
            )
        });
        let numbers = ctx.numbers();
        let amount = move |a| numbers.amount(a, units);
        let (name, address) = customer.map(|c| (c.name.clone(), c.address.clone())).unwrap_or_default();
        let city_line = [address.postcode.as_str(), address.city.as_str()].iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join(" ");
        let address_lines: Vec<String> =
            [address.line1.clone(), address.line2.clone(), city_line, address.country.clone()].into_iter().filter(|l| !l.trim().is_empty()).collect();
        let lines = doc
            .lines
            .iter()
            .map(|l| {
                view! {
                    <tr>
                        <td>{l.description.clone()}</td>
                        <td class="num">{numbers.decimal(l.quantity.normalize())}</td>
                        <td class="num">{amount(l.unit_price)}</td>
                        <td class="num">{if l.discount_pct.is_zero() { String::new() } else { format!("{} %", numbers.decimal(l.discount_pct.normalize())) }}</td>
                        <td>{l.vat_category.clone()}</td>
                        <td class="num">{amount(l.amount)}</td>
                    </tr>
                }
            })
            .collect_view();
        let vat_rows = doc
            .vat_lines
            .iter()
            .map(|v| {
                view! {
                    <tr>
                        <td>{format!("VAT {} % of {}", v.rate_pct.normalize(), amount(v.taxable))}</td>
                        <td class="num">{amount(v.vat)}</td>
                    </tr>
                }
            })
            .collect_view();
        let title = doc.doc_type.label();
        let draft_mark = doc.status.is_held();
        Some(view! {
            <article class="invoice-page" data-testid="invoice-print">
                <header class="invoice-head">
                    <div>
                        <div class="invoice-company" data-testid="print-company">{company}</div>
                        <div class="muted">{company_email}</div>
                    </div>
                    <div class="invoice-title">
                        <h1>{title}</h1>
                        {draft_mark.then(|| view! { <div class="invoice-draft">"Draft – not final"</div> })}
                    </div>
                </header>
                <section class="invoice-parties">
                    <div class="invoice-to" data-testid="print-customer">
                        <div class="invoice-label">"Bill to"</div>
                        <div class="invoice-name">{name}</div>
                        {address_lines.into_iter().map(|l| view! { <div>{l}</div> }).collect_view()}
                        <div class="muted">{format!("Customer {}", doc.customer_id)}</div>
                    </div>
                    <dl class="invoice-facts">
                        <dt>"Number"</dt><dd data-testid="print-ref">{doc.ref_nbr.clone()}</dd>
                        <dt>"Date"</dt><dd>{doc.date.to_string()}</dd>
                        {doc.due_date.map(|d| view! { <dt>"Due date"</dt><dd data-testid="print-due-date">{d.to_string()}</dd> })}
                        <dt>"Currency"</dt><dd>{doc.currency.clone()}</dd>
                        {(!doc.description.is_empty()).then(|| view! { <dt>"Reference"</dt><dd>{doc.description.clone()}</dd> })}
                    </dl>
                </section>
                <table class="invoice-lines">
                    <thead><tr><th>"Description"</th><th class="num">"Quantity"</th><th class="num">"Unit price"</th><th class="num">"Discount"</th><th>"VAT"</th><th class="num">"Amount"</th></tr></thead>
                    <tbody>{lines}</tbody>
                </table>
                <table class="invoice-totals">
                    <tbody>
                        <tr><td>"Lines"</td><td class="num">{amount(doc.lines_total())}</td></tr>
                        {vat_rows}
                        <tr class="invoice-total"><td>{format!("Total {}", doc.currency)}</td><td class="num" data-testid="print-total">{amount(doc.total)}</td></tr>
                    </tbody>
                </table>
                {doc.due_date.map(|d| view! { <p class="invoice-terms">{format!("Please pay {} {} by {d}, marked {}.", amount(doc.total), doc.currency, doc.ref_nbr)}</p> })}
            </article>
        })
    }
}

/// Send invoices' *Print invoice/note* (R11.5): one print-ready page of the chosen
/// documents (`ids`: internal ids, comma separated), a page each. *Print* marks them
/// all Printed in one action, then opens the browser's print dialog.
#[component]
pub fn PrintInvoicesWindow(ids: String) -> impl IntoView {
    use reskontra_core::documents::document::DocId;
    let ctx = use_ledger();
    let problems = RwSignal::new(Vec::<Problem>::new());
    let chosen: Vec<DocId> = ctx.ledger.with_untracked(|l| {
        ids.split(',')
            .filter_map(|k| k.trim().parse::<u32>().ok())
            .map(DocId)
            .filter(|id| l.documents.get(id).is_some_and(|d| d.doc_type.is_invoice_like()))
            .collect()
    });
    let count = chosen.len();
    let to_print = chosen.clone();
    let print = move |_| {
        let ids = to_print.clone();
        leptos::task::spawn_local(async move {
            match ctx.run(Command::MarkPrintedMany(ids)).await {
                Ok(_) => {
                    problems.set(Vec::new());
                    ctx.notify(format!("{count} document(s) marked as printed"));
                    crate::delivery::print_page();
                }
                Err(found) => problems.set(found),
            }
        });
    };
    let pages = chosen.clone();
    let printed = move || ctx.ledger.with(|l| chosen.iter().filter(|id| l.documents.get(id).is_some_and(|d| d.printed)).count());
    view! {
        <div class="window print-window">
            <div class="toolbar">
                <h1>{format!("Print {count} document(s)")}</h1>
                <button class="button primary" data-testid="print-all-now" on:click=print prop:disabled=move || count == 0>"Print"</button>
                <a class="button" href=Route::SendInvoices.href() data-testid="print-all-back">"Back to Send invoices"</a>
                <span class="muted" data-testid="print-all-state">{move || format!("{} of {count} printed before", printed())}</span>
            </div>
            <ProblemSummary problems=problems label_of=|f: &FieldPath| f.to_string() />
            {(count == 0).then(|| view! { <p class="empty" data-testid="print-all-empty">"None of these documents exists any more."</p> })}
            {pages.into_iter().map(|id| view! { <InvoicePaper id=id /> }).collect_view()}
        </div>
    }
}
