//! Notification template (record window, R10.3): the template's ID and description,
//! one tab per document language with its subject, To/Cc/Bcc and the plain-text and
//! HTML bodies; a placeholder picker that inserts `((Name))` where the cursor was in
//! the field that last had the focus; and a preview filled in from a customer (and
//! one of its documents), the HTML in a sandboxed frame.

use leptos::prelude::*;
use reskontra_core::fields::{template as fields, FieldPath, Name, Step};
use reskontra_core::mailings::template::{render, Context, PLACEHOLDERS};
use reskontra_core::mailings::{NotificationTemplate, TemplateVariant};
use reskontra_core::{Command, Ledger, Problem, Record};
use wasm_bindgen::JsCast;

use crate::ui::components::customer_picker::CustomerPicker;
use crate::ui::components::form::{Field, ProblemSummary};
use crate::ui::components::record::{delete_confirmed, Draft, DraftForm, NewButton};
use crate::ui::context::use_ledger;
use crate::ui::pages::mailings::safe_html;
use crate::ui::route::Route;

impl Draft for NotificationTemplate {}

/// The texts of a language variant: field, label, several lines.
const TEXTS: [(Name, &str, bool); 6] = [
    (Name::Subject, "Subject", false),
    (Name::To, "To", false),
    (Name::Cc, "Cc", false),
    (Name::Bcc, "Bcc", false),
    (Name::TextBody, "Plain-text body", true),
    (Name::HtmlBody, "HTML body", true),
];

fn text_of(v: &TemplateVariant, name: Name) -> &String {
    match name {
        Name::Subject => &v.subject,
        Name::To => &v.to,
        Name::Cc => &v.cc,
        Name::Bcc => &v.bcc,
        Name::TextBody => &v.text_body,
        _ => &v.html_body,
    }
}

fn text_mut(v: &mut TemplateVariant, name: Name) -> &mut String {
    match name {
        Name::Subject => &mut v.subject,
        Name::To => &mut v.to,
        Name::Cc => &mut v.cc,
        Name::Bcc => &mut v.bcc,
        Name::TextBody => &mut v.text_body,
        _ => &mut v.html_body,
    }
}

fn label_of_text(name: Name) -> &'static str {
    TEXTS.iter().find(|(n, _, _)| *n == name).map(|(_, l, _)| *l).unwrap_or("")
}

/// The language variant a problem is about.
fn variant_of(field: &FieldPath) -> Option<usize> {
    match field.steps() {
        [Step::Name(Name::Variants), Step::Index(i), ..] => Some(*i),
        _ => None,
    }
}

fn label_of(field: &FieldPath) -> String {
    match field.steps() {
        [Step::Name(Name::Id)] => "Template ID".to_string(),
        [Step::Name(Name::Description)] => "Description".to_string(),
        [Step::Name(Name::Variants), Step::Index(i), Step::Name(Name::Language)] => format!("Language tab {}", i + 1),
        [Step::Name(Name::Variants), Step::Index(i), Step::Name(name)] => format!("Language tab {}, {}", i + 1, label_of_text(*name)),
        [Step::Name(Name::Variants)] => "Languages".to_string(),
        _ => field.to_string(),
    }
}

/// A language's name for its tab: "en – English", or the default language for "".
fn language_label(ledger: &Ledger, code: &str) -> String {
    if code.is_empty() {
        return "Any language".to_string();
    }
    match ledger.settings.languages.iter().find(|l| l.code == code) {
        Some(l) => format!("{} – {}", l.code, l.name),
        None => code.to_string(),
    }
}

/// The index in UTF-8 bytes of the UTF-16 position `at` of `text` (what the DOM's
/// selection counts in).
fn byte_index(text: &str, at: u32) -> usize {
    let mut units = 0_u32;
    for (i, c) in text.char_indices() {
        if units >= at {
            return i;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

/// The input or textarea of a text, its value and selection.
fn field_element(name: Name) -> Option<web_sys::HtmlElement> {
    let document = web_sys::window()?.document()?;
    document.query_selector(&format!("[data-testid=\"template-{}\"]", name.as_str())).ok().flatten()?.dyn_into().ok()
}

fn selection_of(el: &web_sys::HtmlElement) -> Option<(String, u32, u32)> {
    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        let start = input.selection_start().ok().flatten().unwrap_or(0);
        return Some((input.value(), start, input.selection_end().ok().flatten().unwrap_or(start)));
    }
    let area = el.dyn_ref::<web_sys::HtmlTextAreaElement>()?;
    let start = area.selection_start().ok().flatten().unwrap_or(0);
    Some((area.value(), start, area.selection_end().ok().flatten().unwrap_or(start)))
}

fn place_cursor(el: &web_sys::HtmlElement, at: u32) {
    let _ = el.focus();
    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        let _ = input.set_selection_range(at, at);
    } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        let _ = area.set_selection_range(at, at);
    }
}

#[component]
pub fn TemplateWindow(id: Option<String>) -> impl IntoView {
    let ctx = use_ledger();
    let is_new = id.is_none();
    let original = ctx.ledger.with_untracked(|l| match &id {
        Some(id) => l.templates.get(id).cloned(),
        None => {
            let language = l.settings.languages.iter().find(|g| g.is_default).map(|g| g.code.clone()).unwrap_or_default();
            Some(NotificationTemplate { variants: vec![TemplateVariant { language, ..Default::default() }], ..Default::default() })
        }
    });
    let Some(original) = original else {
        return view! { <div class="window empty"><h1>"Template not found"</h1><a href="#/templates">"Back to Notification templates"</a></div> }.into_any();
    };
    let form = DraftForm::new(original, |_: &mut NotificationTemplate, _| {});
    if let Some(id) = id.clone() {
        form.follow_draft(move |l| l.templates.get(&id).cloned());
    }
    let DraftForm { draft, saved, problems, dirty, .. } = form;
    // The language tab shown, and the text that last had the focus (where a placeholder goes).
    let current = RwSignal::new(0_usize);
    let last = RwSignal::new(Name::Subject);
    let save = move || {
        let template = form.current();
        form.run(
            Command::SaveTemplate { template, is_new },
            move |ctx, change| {
                if let Some(Record::Template(t)) = change.puts.first() {
                    ctx.notify(format!("Template {} saved", t.id));
                    draft.set(t.clone());
                    saved.set(t.clone());
                    if is_new {
                        ctx.leave_to(&Route::Template(Some(t.id.clone())));
                    }
                }
            },
            move |found: &[Problem]| {
                if let Some(i) = found.iter().find_map(|p| variant_of(&p.field)) {
                    current.set(i);
                }
            },
        );
    };
    let cancel = move || {
        draft.set(saved.get_untracked());
        problems.set(Vec::new());
    };
    let delete = move || {
        let id = saved.with_untracked(|s| s.id.clone());
        delete_confirmed(
            format!("Delete notification template {id}?"),
            Command::DeleteTemplate(id.clone()),
            format!("Template {id} deleted"),
            Route::Templates,
            problems,
        );
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "s" {
            ev.prevent_default();
            save();
        } else if ev.key() == "Escape" {
            cancel();
        }
    };
    let title = move || if is_new { "New notification template".to_string() } else { format!("Notification template {}", saved.with(|s| s.id.clone())) };
    view! {
        <div class="window record-window" on:keydown=on_keydown>
            <div class="toolbar">
                <h1 data-testid="window-title">{title}</h1>
                <button class="button primary" data-testid="save" on:click=move |_| save() title="Save (Ctrl+S)">"Save"</button>
                <button class="button" data-testid="cancel" on:click=move |_| cancel() title="Undo unsaved changes (Esc)">"Cancel"</button>
                <NewButton route=Signal::derive(|| Route::Template(None)) />
                {(!is_new).then(|| view! { <button class="button" data-testid="delete" on:click=move |_| delete()>"Delete"</button> })}
                <span class="dirty" data-testid="dirty" class:shown=move || dirty.get()>"Unsaved changes"</span>
            </div>
            <ProblemSummary problems=problems label_of=label_of />
            {form.changed_elsewhere()}
            <div class="top-part">
                <div class="form-grid">
                    <Field label="Template ID" name=fields::ID problems=problems required=true>
                        <input type="text" data-testid="template-id" readonly=!is_new
                            prop:value=move || draft.with(|d| d.id.clone()) on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.id = v) } />
                    </Field>
                    <Field label="Description" name=fields::DESCRIPTION problems=problems wide=true>
                        <input type="text" data-testid="template-description"
                            prop:value=move || draft.with(|d| d.description.clone()) on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.description = v) } />
                    </Field>
                </div>
            </div>
            {language_tabs(draft, problems, current)}
            <section class="tab-section">
                <div class="template-editor">
                    <div class="template-fields">{move || variant_fields(draft, problems, current.get(), last)}</div>
                    {placeholder_picker(draft, current, last)}
                </div>
            </section>
            {preview(draft, current)}
        </div>
    }
    .into_any()
}

/// A tab per language variant (a tab with a problem is marked), adding and removing one.
fn language_tabs(draft: RwSignal<NotificationTemplate>, problems: RwSignal<Vec<Problem>>, current: RwSignal<usize>) -> impl IntoView {
    let ctx = use_ledger();
    let codes = Memo::new(move |_| draft.with(|d| d.variants.iter().map(|v| v.language.clone()).collect::<Vec<_>>()));
    let with_problems = Memo::new(move |_| problems.with(|ps| ps.iter().filter_map(|p| variant_of(&p.field)).collect::<Vec<_>>()));
    // Languages not used yet; "" is a text for any language without its own.
    let unused = Memo::new(move |_| {
        let used = codes.get();
        ctx.ledger.with(|l| {
            l.settings
                .languages
                .iter()
                .map(|g| g.code.clone())
                .chain(std::iter::once(String::new()))
                .filter(|c| !used.contains(c))
                .map(|c| (c.clone(), language_label(l, &c)))
                .collect::<Vec<_>>()
        })
    });
    // The language the select shows: the one chosen while it is unused, else the first unused.
    let adding = RwSignal::new(None::<String>);
    let chosen = Memo::new(move |_| {
        unused.with(|u| {
            let wanted = adding.get();
            u.iter().find(|(c, _)| Some(c) == wanted.as_ref()).or(u.first()).map(|(c, _)| c.clone()).unwrap_or_default()
        })
    });
    let add = move |_| {
        let code = chosen.get_untracked();
        if !unused.with_untracked(|u| u.iter().any(|(c, _)| *c == code)) {
            return;
        }
        draft.update(|d| d.variants.push(TemplateVariant { language: code, ..Default::default() }));
        current.set(codes.get_untracked().len().saturating_sub(1));
    };
    let remove = move |_| {
        let i = current.get_untracked();
        draft.update(|d| {
            if i < d.variants.len() {
                d.variants.remove(i);
            }
        });
        current.set(i.saturating_sub(1));
    };
    let tabs = move || {
        codes
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, code)| {
                let label = ctx.ledger.with_untracked(|l| language_label(l, &code));
                view! {
                    <button role="tab" class="tab" data-testid=format!("variant-tab-{i}") class:active=move || current.get() == i
                        class:has-problem=move || with_problems.with(|v| v.contains(&i))
                        aria-selected=move || (current.get() == i).to_string() on:click=move |_| current.set(i)>{label}</button>
                }
            })
            .collect_view()
    };
    view! {
        <div class="tabs-row">
            <nav class="tabs" role="tablist" aria-label="Languages">{tabs}</nav>
            <div class="tabs-actions">
                {move || (!unused.get().is_empty()).then(|| view! {
                    <select data-testid="variant-language" aria-label="Language to add" prop:value=move || chosen.get() on:change=move |ev| adding.set(Some(event_target_value(&ev)))>
                        {unused.get().into_iter().map(|(c, l)| { let selected = c == chosen.get_untracked(); view! { <option value=c selected=selected>{l}</option> } }).collect_view()}
                    </select>
                    <button class="button small" data-testid="variant-add" on:click=add>"Add language"</button>
                })}
                {move || (codes.with(|c| c.len()) > 1).then(|| view! {
                    <button class="button small" data-testid="variant-remove" on:click=remove>"Remove this language"</button>
                })}
            </div>
        </div>
        {move || problems.with(|ps| message_at(ps, &fields::VARIANTS)).map(|m| view! { <p class="field-error" data-testid="error-variants">{m}</p> })}
    }
}

fn message_at(problems: &[Problem], field: &FieldPath) -> Option<String> {
    crate::ui::messages::message_for(problems, field)
}

/// The texts of variant `i`, each with its problem under it; focusing one makes it
/// where the placeholder picker inserts.
fn variant_fields(draft: RwSignal<NotificationTemplate>, problems: RwSignal<Vec<Problem>>, i: usize, last: RwSignal<Name>) -> impl IntoView {
    let field = move |name: Name, label: &'static str, multi: bool| {
        let value = move || draft.with(|d| d.variants.get(i).map(|v| text_of(v, name).clone()).unwrap_or_default());
        let write = move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            draft.update(|d| {
                if let Some(variant) = d.variants.get_mut(i) {
                    *text_mut(variant, name) = v;
                }
            })
        };
        let testid = format!("template-{}", name.as_str());
        let input = if multi {
            view! { <textarea data-testid=testid rows="9" class:code=name == Name::HtmlBody spellcheck=(name == Name::TextBody).to_string()
            prop:value=value on:input=write on:focus=move |_| last.set(name)></textarea> }
            .into_any()
        } else {
            view! { <input type="text" data-testid=testid prop:value=value on:input=write on:focus=move |_| last.set(name) /> }.into_any()
        };
        view! { <Field label=label name=fields::variant(i, name) problems=problems>{input}</Field> }
    };
    view! {
        <div class="template-line">{field(Name::Subject, "Subject", false)}</div>
        <p class="hint">"To, Cc and Bcc add recipients to the mailing's own (addresses separated by commas; placeholders work here too)."</p>
        <div class="template-three">
            {field(Name::To, "To", false)}
            {field(Name::Cc, "Cc", false)}
            {field(Name::Bcc, "Bcc", false)}
        </div>
        <div class="template-two">
            {field(Name::TextBody, "Plain-text body", true)}
            {field(Name::HtmlBody, "HTML body", true)}
        </div>
    }
}

/// The placeholders with what they are; a click inserts `((Name))` at the cursor of
/// the text that last had the focus (the focus stays there).
fn placeholder_picker(draft: RwSignal<NotificationTemplate>, current: RwSignal<usize>, last: RwSignal<Name>) -> impl IntoView {
    let filter = RwSignal::new(String::new());
    let insert = move |name: &'static str| {
        let field = last.get_untracked();
        let i = current.get_untracked();
        let token = format!("(({name}))");
        let Some(el) = field_element(field) else { return };
        let Some((value, start, end)) = selection_of(&el) else { return };
        let (from, to) = (byte_index(&value, start.min(end)), byte_index(&value, start.max(end)));
        let text = format!("{}{token}{}", &value[..from], &value[to..]);
        let caret = start.min(end) + token.encode_utf16().count() as u32;
        draft.update(|d| {
            if let Some(v) = d.variants.get_mut(i) {
                *text_mut(v, field) = text.clone();
            }
        });
        if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
            input.set_value(&text);
        } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            area.set_value(&text);
        }
        place_cursor(&el, caret);
    };
    let items = move || {
        let typed = filter.get().to_lowercase();
        PLACEHOLDERS
            .iter()
            .filter(|(n, l)| typed.is_empty() || n.to_lowercase().contains(&typed) || l.to_lowercase().contains(&typed))
            .map(|(name, label)| {
                let name: &'static str = name;
                view! {
                    <li><button type="button" class="placeholder-option" data-testid="placeholder-option" data-name=name title=format!("Insert (({name}))")
                        on:mousedown=|ev| ev.prevent_default() on:click=move |_| insert(name)>
                        <span class="placeholder-name">{format!("(({name}))")}</span><span class="placeholder-label">{*label}</span>
                    </button></li>
                }
            })
            .collect_view()
    };
    view! {
        <aside class="placeholder-picker" aria-label="Placeholders">
            <h2 class="sub-heading">"Placeholders"</h2>
            <p class="hint" data-testid="placeholder-target">{move || format!("Inserted at the cursor in {}.", label_of_text(last.get()))}</p>
            <input type="search" data-testid="placeholder-filter" aria-label="Find a placeholder" placeholder="Find a placeholder"
                prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev)) />
            <ul class="placeholder-list">{items}</ul>
        </aside>
    }
}

/// What a template looks like for one customer (and document): the texts filled in.
#[derive(Clone, PartialEq, Default)]
struct Filled {
    note: String,
    subject: String,
    recipients: String,
    text: String,
    html: String,
}

fn fill(ledger: &Ledger, template: &NotificationTemplate, i: usize, customer: &str, document: &str) -> Option<Filled> {
    let c = ledger.customers.get(customer)?;
    let doc = document.parse::<u32>().ok().and_then(|id| ledger.documents.get(&reskontra_core::documents::document::DocId(id)));
    let v = template.variants.get(i)?;
    let context = Context::new(ledger, c, doc);
    let default = ledger.settings.languages.iter().find(|l| l.is_default).map(|l| l.code.clone()).unwrap_or_default();
    let own = if c.language.trim().is_empty() { default.clone() } else { c.language.clone() };
    let gets = template.variant(&own, &default).map(|g| g.language.clone()).unwrap_or_default();
    let note = if gets == v.language {
        format!("{} gets this text.", c.name)
    } else {
        format!("{} gets the {} text; this is the {} text.", c.name, language_label(ledger, &gets), language_label(ledger, &v.language))
    };
    let extra = [("To", &v.to), ("Cc", &v.cc), ("Bcc", &v.bcc)]
        .iter()
        .filter(|(_, t)| !t.trim().is_empty())
        .map(|(n, t)| format!("{n}: {}", render(t, &context, false)))
        .collect::<Vec<_>>()
        .join("   ");
    Some(Filled {
        note,
        subject: render(&v.subject, &context, false).replace(['\r', '\n'], " "),
        recipients: if extra.is_empty() { "Recipients: the mailing's".to_string() } else { format!("Also to the mailing's recipients: {extra}") },
        text: render(&v.text_body, &context, false),
        html: render(&v.html_body, &context, true),
    })
}

/// The preview: a customer (and one of its documents) fills the placeholders of the
/// language tab shown; the HTML body, made safe, in a frame that runs nothing.
fn preview(draft: RwSignal<NotificationTemplate>, current: RwSignal<usize>) -> impl IntoView {
    let ctx = use_ledger();
    let customer = RwSignal::new(ctx.ledger.with_untracked(|l| l.customers.keys().next().cloned().unwrap_or_default()));
    let document = RwSignal::new(String::new());
    Effect::new(move |_| {
        customer.track();
        document.set(String::new());
    });
    let documents = Memo::new(move |_| {
        let c = customer.get();
        ctx.ledger.with(|l| {
            std::iter::once((String::new(), "(no document)".to_string()))
                .chain(
                    l.documents
                        .values()
                        .rev()
                        .filter(|d| d.customer_id == c)
                        .take(200)
                        .map(|d| (d.id.0.to_string(), format!("{} {}", d.doc_type.label(), d.ref_nbr))),
                )
                .collect::<Vec<_>>()
        })
    });
    let filled = Memo::new(move |_| {
        let (c, d, i) = (customer.get(), document.get(), current.get());
        draft.with(|t| ctx.ledger.with(|l| fill(l, t, i, &c, &d)))
    });
    // `None` until the first body is made safe: no frame is made before it.
    let srcdoc = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let html = filled.with(|f| f.as_ref().map(|f| f.html.clone()).unwrap_or_default());
        leptos::task::spawn_local(async move {
            let safe = safe_html(&html).await.unwrap_or_else(|e| reskontra_core::mailings::template::escape_html(&e));
            if srcdoc.try_get_untracked().flatten().as_ref() != Some(&safe) {
                let _ = srcdoc.try_set(Some(safe));
            }
        });
    });
    view! {
        <section class="tab-section template-preview" data-testid="template-preview">
            <h2 class="sub-heading">"Preview"</h2>
            <div class="form-grid">
                <label class="field"><span class="field-label">"Customer"</span><CustomerPicker value=customer testid="preview-customer" disabled=false /></label>
                <label class="field"><span class="field-label">"Document"</span>
                    <select data-testid="preview-document" prop:value=move || document.get() on:change=move |ev| document.set(event_target_value(&ev))>
                        {move || documents.get().into_iter().map(|(v, l)| view! { <option value=v.clone() selected=v == document.get_untracked()>{l}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            {move || match filled.get() {
                None => view! { <p class="hint" data-testid="preview-empty">"Choose a customer to see the texts filled in."</p> }.into_any(),
                Some(f) => view! {
                    <p class="hint" data-testid="preview-note">{f.note}</p>
                    <p class="preview-subject"><span class="field-label">"Subject "</span><strong data-testid="preview-subject">{f.subject}</strong></p>
                    <p class="hint" data-testid="preview-recipients">{f.recipients}</p>
                }
                .into_any(),
            }}
            // The frame is made anew with each safe body, and not before the first: Chromium
            // did not load a srcdoc given while a frame's first (empty) document was loading.
            <div class="template-two">
                <div class="field"><span class="field-label">"Plain text"</span>
                    <pre class="preview-text" data-testid="preview-text">{move || filled.with(|f| f.as_ref().map(|f| f.text.clone()).unwrap_or_default())}</pre></div>
                <div class="field"><span class="field-label">"HTML"</span>
                    {move || srcdoc.get().map(|doc| view! { <iframe class="preview-html" sandbox="" title="The HTML body, filled in" data-testid="preview-html" srcdoc=doc></iframe> })}</div>
            </div>
        </section>
    }
}
