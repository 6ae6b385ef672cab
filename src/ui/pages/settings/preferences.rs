//! Preferences (company with address, VAT number and logo, business date, data
//! entry, age credits, number series), and the backup: export, import, demo company.

use leptos::prelude::*;
use reskontra_core::command::{SeriesDraft, SettingsDraft};
use reskontra_core::customers::address::{countries_with_rules, Address};
use reskontra_core::fields::preferences::{self, SeriesColumn};
use reskontra_core::fields::{address, AddressPart, FieldPath, Name, Step};
use reskontra_core::ledger::backup::{from_json_bytes, to_json};
use reskontra_core::ledger::demo::{demo_ledger, DemoSize};
use reskontra_core::settings::{logo_problem, SeriesKind, MAX_LOGO_BYTES};
use reskontra_core::{Command, Ledger, Problem};
use wasm_bindgen::JsCast;

use crate::delivery::{confirm, download_text, read_file_bytes, read_file_data_url};
use crate::ui::components::form::{CheckBox, Field, ProblemSummary, Select, TextInput};
use crate::ui::context::{computer_today, use_ledger, LedgerCtx};
use crate::ui::messages::{backup_error, message_for};

/// The size of the demo company a click loads.
const DEMO_SIZE: DemoSize = DemoSize { customers: 250, invoices: 3000 };

fn label_of(field: &FieldPath) -> String {
    let address_part = |part: &Name| match part {
        Name::Line1 => "Address line 1".to_string(),
        Name::Line2 => "Address line 2".to_string(),
        Name::Postcode => "Postcode".to_string(),
        Name::City => "City".to_string(),
        Name::Country => "Country".to_string(),
        _ => field.to_string().replace(['.', '_'], " "),
    };
    match field.steps() {
        [Step::Name(Name::CompanyName)] => "Company name".into(),
        [Step::Name(Name::CompanyEmail)] => "Company email".into(),
        [Step::Name(Name::BaseCurrency)] => "Base currency".into(),
        [Step::Name(Name::BusinessDate)] => "Business date".into(),
        [Step::Name(Name::CompanyAddress), Step::Name(part)] => address_part(part),
        [Step::Name(Name::VatNumber)] => "VAT number".into(),
        [Step::Name(Name::Logo)] => "Logo".into(),
        [Step::Name(Name::Series), Step::Name(kind), Step::Name(column)] => format!("Series {kind} {}", column.as_str().replace('_', " ")),
        _ => field.to_string().replace(['.', '_'], " "),
    }
}

#[derive(Clone, Copy)]
struct SeriesForm {
    kind: SeriesKind,
    prefix: RwSignal<String>,
    next_number: RwSignal<String>,
    width: RwSignal<String>,
    manual: RwSignal<bool>,
}

#[component]
pub fn SettingsWindow() -> impl IntoView {
    let ctx = use_ledger();
    let original = ctx.ledger.with_untracked(|l| SettingsDraft::from_settings(&l.settings));
    let company_name = RwSignal::new(original.company_name.clone());
    let company_email = RwSignal::new(original.company_email.clone());
    let require_printing = RwSignal::new(original.require_invoice_printing_before_release);
    let require_emailing = RwSignal::new(original.require_invoice_emailing_before_release);
    let base_currency = RwSignal::new(original.base_currency.clone());
    let business_date = RwSignal::new(original.business_date.clone());
    let hold_on_entry = RwSignal::new(original.hold_documents_on_entry);
    let validate_totals = RwSignal::new(original.validate_totals_on_entry);
    let require_payment_ref = RwSignal::new(original.require_payment_ref_on_entry);
    let age_credits = RwSignal::new(original.age_credits);
    let line1 = RwSignal::new(original.company_address.line1.clone());
    let line2 = RwSignal::new(original.company_address.line2.clone());
    let postcode = RwSignal::new(original.company_address.postcode.clone());
    let city = RwSignal::new(original.company_address.city.clone());
    let country = RwSignal::new(original.company_address.country.clone());
    let vat_number = RwSignal::new(original.vat_number.clone());
    let logo = RwSignal::new(original.logo.clone());
    let series: Vec<SeriesForm> = original
        .series
        .iter()
        .map(|s| SeriesForm {
            kind: s.kind,
            prefix: RwSignal::new(s.prefix.clone()),
            next_number: RwSignal::new(s.next_number.clone()),
            width: RwSignal::new(s.width.clone()),
            manual: RwSignal::new(s.manual_numbering),
        })
        .collect();
    let series = StoredValue::new(series);
    let problems = RwSignal::new(Vec::<Problem>::new());
    // After a backup import or the demo company the form shows the new settings, so a
    // save right after does not send the old ones back.
    let refill = Callback::new(move |()| {
        let d = ctx.ledger.with_untracked(|l| SettingsDraft::from_settings(&l.settings));
        company_name.set(d.company_name.clone());
        company_email.set(d.company_email.clone());
        require_printing.set(d.require_invoice_printing_before_release);
        require_emailing.set(d.require_invoice_emailing_before_release);
        base_currency.set(d.base_currency.clone());
        business_date.set(d.business_date.clone());
        hold_on_entry.set(d.hold_documents_on_entry);
        validate_totals.set(d.validate_totals_on_entry);
        require_payment_ref.set(d.require_payment_ref_on_entry);
        age_credits.set(d.age_credits);
        line1.set(d.company_address.line1.clone());
        line2.set(d.company_address.line2.clone());
        postcode.set(d.company_address.postcode.clone());
        city.set(d.company_address.city.clone());
        country.set(d.company_address.country.clone());
        vat_number.set(d.vat_number.clone());
        logo.set(d.logo.clone());
        series.with_value(|forms| {
            for form in forms {
                if let Some(s) = d.series.iter().find(|s| s.kind == form.kind) {
                    form.prefix.set(s.prefix.clone());
                    form.next_number.set(s.next_number.clone());
                    form.width.set(s.width.clone());
                    form.manual.set(s.manual_numbering);
                }
            }
        });
        problems.set(Vec::new());
    });

    let save = move || {
        let draft = SettingsDraft {
            company_name: company_name.get_untracked(),
            company_email: company_email.get_untracked(),
            require_invoice_printing_before_release: require_printing.get_untracked(),
            require_invoice_emailing_before_release: require_emailing.get_untracked(),
            base_currency: base_currency.get_untracked(),
            business_date: business_date.get_untracked(),
            hold_documents_on_entry: hold_on_entry.get_untracked(),
            validate_totals_on_entry: validate_totals.get_untracked(),
            require_payment_ref_on_entry: require_payment_ref.get_untracked(),
            series: series.with_value(|all| {
                all.iter()
                    .map(|s| SeriesDraft {
                        kind: s.kind,
                        prefix: s.prefix.get_untracked(),
                        next_number: s.next_number.get_untracked(),
                        width: s.width.get_untracked(),
                        manual_numbering: s.manual.get_untracked(),
                    })
                    .collect()
            }),
            company_address: Address {
                line1: line1.get_untracked(),
                line2: line2.get_untracked(),
                postcode: postcode.get_untracked(),
                city: city.get_untracked(),
                country: country.get_untracked(),
                ..Default::default()
            },
            vat_number: vat_number.get_untracked(),
            logo: logo.get_untracked(),
            age_credits: age_credits.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match ctx.run(Command::SaveSettings(draft)).await {
                Ok(_) => {
                    problems.set(Vec::new());
                    ctx.notify("Preferences saved");
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
    let currencies = Signal::derive(move || {
        ctx.ledger.with(|l| l.settings.currencies.iter().map(|c| (c.code.clone(), format!("{} – {}", c.code, c.description))).collect::<Vec<_>>())
    });
    let series_rows = move || {
        series.with_value(|all| {
            all.clone()
                .into_iter()
                .map(|s| {
                    let cell = move |value: RwSignal<String>, column: SeriesColumn| {
                        let field = preferences::series(s.kind, column);
                        let testid = field.to_string().replace('.', "-");
                        let message = move || problems.with(|ps| message_for(ps, &field));
                        view! {
                            <td>
                                <input data-testid=testid prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
                                <div class="field-error">{message}</div>
                            </td>
                        }
                    };
                    let preview =
                        move || format!("{}{:0>width$}", s.prefix.get(), s.next_number.get(), width = s.width.get().parse::<usize>().unwrap_or(1).min(15));
                    view! {
                        <tr>
                            <td>{s.kind.label()}</td>
                            {cell(s.prefix, SeriesColumn::Prefix)}
                            {cell(s.next_number, SeriesColumn::NextNumber)}
                            {cell(s.width, SeriesColumn::Width)}
                            <td><input type="checkbox" prop:checked=move || s.manual.get() on:change=move |ev| s.manual.set(event_target_checked(&ev)) /></td>
                            <td class="muted">{preview}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="window record-window settings" on:keydown=on_keydown>
            <div class="toolbar">
                <h1>"Preferences"</h1>
                <button class="button primary" data-testid="save" on:click=move |_| save() title="Save (Ctrl+S)">"Save"</button>
            </div>
            <ProblemSummary problems=problems label_of=label_of />
            <div class="top-part">
                <div class="form-grid">
                    <Field label="Company name" name=preferences::COMPANY_NAME problems=problems required=true>
                        <TextInput value=company_name testid="settings-company-name" />
                    </Field>
                    <Field label="VAT number" name=preferences::VAT_NUMBER problems=problems>
                        <TextInput value=vat_number testid="settings-vat-number" placeholder="NO 987654321 MVA" />
                    </Field>
                    <Field label="Company email" name=preferences::COMPANY_EMAIL problems=problems>
                        <TextInput value=company_email testid="settings-company-email" placeholder="invoices@company.no" />
                    </Field>
                    <Field label="Base currency" name=preferences::BASE_CURRENCY problems=problems>
                        <Select value=base_currency testid="settings-base-currency" options=currencies />
                    </Field>
                    <Field label="Business date" name=preferences::BUSINESS_DATE problems=problems>
                        <TextInput value=business_date testid="settings-business-date" placeholder="YYYY-MM-DD (empty: computer date)" />
                    </Field>
                    <div class="field hint">
                        {move || if business_date.get().is_empty() {
                            format!("Empty: follows the computer's date ({}).", computer_today())
                        } else {
                            "Every rule that says \"today\" uses this date. Clear it to follow the computer's date.".to_string()
                        }}
                    </div>
                    <div class="form-heading">"Company address"</div>
                    <Field label="Address line 1" name=address(&preferences::COMPANY_ADDRESS, AddressPart::Line1) problems=problems wide=true>
                        <TextInput value=line1 testid="settings-address-line1" />
                    </Field>
                    <Field label="Address line 2" name=address(&preferences::COMPANY_ADDRESS, AddressPart::Line2) problems=problems wide=true>
                        <TextInput value=line2 testid="settings-address-line2" />
                    </Field>
                    <Field label="Postcode" name=address(&preferences::COMPANY_ADDRESS, AddressPart::Postcode) problems=problems>
                        <TextInput value=postcode testid="settings-address-postcode" />
                    </Field>
                    <Field label="City" name=address(&preferences::COMPANY_ADDRESS, AddressPart::City) problems=problems>
                        <TextInput value=city testid="settings-address-city" />
                    </Field>
                    <Field label="Country" name=address(&preferences::COMPANY_ADDRESS, AddressPart::Country) problems=problems>
                        <input data-testid="settings-address-country" list="company-country-codes" maxlength="2" placeholder="NO"
                            prop:value=move || country.get() on:input=move |ev| country.set(event_target_value(&ev).to_uppercase()) />
                        <datalist id="company-country-codes">
                            {countries_with_rules().into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
                        </datalist>
                    </Field>
                    <LogoField logo=logo problems=problems />
                    <div class="form-heading">"Data entry"</div>
                    <div class="field">
                        <CheckBox value=hold_on_entry testid="settings-hold-on-entry" label="Hold documents on entry" />
                    </div>
                    <div class="field">
                        <CheckBox value=validate_totals testid="settings-validate-totals" label="Validate document totals on entry" />
                    </div>
                    <div class="field">
                        <CheckBox value=require_payment_ref testid="settings-require-payment-ref" label="Require payment reference on entry" />
                    </div>
                    <div class="form-heading">"Ageing"</div>
                    <div class="field">
                        <CheckBox value=age_credits testid="settings-age-credits" label="Age credits" />
                    </div>
                    <div class="field hint">"On: credit documents are aged by their date in the ageing reports. Off: they are shown as Current."</div>
                    <div class="field">
                        <CheckBox value=require_printing testid="settings-require-printing" label="Require invoice printing before release" />
                    </div>
                    <div class="field">
                        <CheckBox value=require_emailing testid="settings-require-emailing" label="Require invoice emailing before release" />
                    </div>
                </div>
            </div>
            <section class="tab-section">
                <h2>"Number series"</h2>
                <table class="lines">
                    <thead><tr><th>"Series"</th><th>"Prefix"</th><th>"Next number"</th><th>"Width"</th><th>"Manual numbering"</th><th>"Next is"</th></tr></thead>
                    <tbody>{series_rows}</tbody>
                </table>
            </section>
            <Backup ctx=ctx on_replaced=refill />
        </div>
    }
}

/// The company logo (SPEC R1.1): a PNG, JPEG or SVG of at most 200 KB, read into a
/// data URL and checked by the core at once; shown with a Remove button.
#[component]
fn LogoField(logo: RwSignal<Option<String>>, problems: RwSignal<Vec<Problem>>) -> impl IntoView {
    // A problem found on choosing the file; the core reports the same on Save.
    let chosen_problem = RwSignal::new(None::<String>);
    let message = move || chosen_problem.get().or_else(|| problems.with(|ps| message_for(ps, &preferences::LOGO)));
    let choose = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        if file.size() > MAX_LOGO_BYTES as f64 {
            chosen_problem.set(Some(format!("{} is larger than 200 KB", file.name())));
            return;
        }
        leptos::task::spawn_local(async move {
            match read_file_data_url(file).await {
                Ok(url) => match logo_problem(&url) {
                    None => {
                        chosen_problem.set(None);
                        logo.set(Some(url));
                    }
                    Some(problem) => chosen_problem.set(Some(problem)),
                },
                Err(e) => chosen_problem.set(Some(format!("The file could not be read: {e}"))),
            }
        });
    };
    view! {
        <div class="field wide logo-field" class:invalid=move || message().is_some()>
            <span class="field-label">"Logo (PNG, JPEG or SVG, at most 200 KB)"</span>
            <div class="button-row">
                {move || logo.get().map(|url| view! { <img class="logo-preview" data-testid="logo-preview" src=url alt="Company logo" /> })}
                <label class="button file-button">
                    {move || if logo.with(|l| l.is_some()) { "Replace logo…" } else { "Choose logo…" }}
                    <input type="file" accept="image/png,image/jpeg,image/svg+xml" data-testid="settings-logo" on:change=choose />
                </label>
                {move || logo.with(|l| l.is_some()).then(|| view! {
                    <button class="button" data-testid="remove-logo" on:click=move |_| { logo.set(None); chosen_problem.set(None); }>"Remove"</button>
                })}
            </div>
            <span class="field-error" data-testid="error-logo">{message}</span>
        </div>
    }
}

fn is_empty(ledger: &Ledger) -> bool {
    ledger.customers.is_empty() && ledger.documents.is_empty() && ledger.classes.is_empty()
}

#[component]
fn Backup(ctx: LedgerCtx, on_replaced: Callback<()>) -> impl IntoView {
    let status = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    // Records written of all (0 of 0 while the file is read and checked: no count yet).
    let saving = RwSignal::new((0usize, 0usize));
    let group = |n: usize| reskontra_core::base::money::format_amount(rust_decimal::Decimal::from(n), 0);
    let export = move |_| {
        let text = ctx.ledger.with_untracked(to_json);
        let name = format!("reskontra-backup-{}.json", ctx.business_date_untracked());
        match download_text(&name, "application/json", &text) {
            Ok(()) => status.set(Some((true, format!("Backup saved as {name}.")))),
            Err(e) => status.set(Some((false, format!("The backup could not be saved: {e}")))),
        }
    };
    let replace_with = move |ledger: Ledger, what: String| {
        let (n_customers, n_documents) = ctx.ledger.with_untracked(|l| (l.customers.len(), l.documents.len()));
        let current_empty = ctx.ledger.with_untracked(is_empty);
        if !current_empty
            && !confirm(&format!("Replace the current ledger ({n_customers} customers, {n_documents} documents) with {what}? The current ledger is deleted."))
        {
            status.set(Some((false, "Nothing was changed.".to_string())));
            busy.set(false);
            return;
        }
        leptos::task::spawn_local(async move {
            let summary = format!("{} customers, {} documents", ledger.customers.len(), ledger.documents.len());
            saving.set((0, 0));
            match ctx.replace(ledger, saving).await {
                Ok(()) => {
                    status.set(Some((true, format!("Loaded {what}: {summary}."))));
                    on_replaced.run(());
                    ctx.notify(format!("Loaded {what}"));
                }
                Err(e) => status.set(Some((false, format!("Nothing was changed: {e}")))),
            }
            busy.set(false);
        });
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        busy.set(true);
        status.set(Some((true, format!("Reading {}…", file.name()))));
        let name = file.name();
        leptos::task::spawn_local(async move {
            let bytes = match read_file_bytes(file).await {
                Ok(bytes) => bytes,
                Err(e) => {
                    status.set(Some((false, format!("{name} could not be read: {e}"))));
                    busy.set(false);
                    return;
                }
            };
            match from_json_bytes(&bytes) {
                Ok(ledger) => replace_with(ledger, format!("the backup {name}")),
                Err(e) => {
                    status.set(Some((false, backup_error(&e))));
                    busy.set(false);
                }
            }
        });
    };
    let load_demo = move |_| {
        busy.set(true);
        status.set(Some((true, "Building the demo company…".to_string())));
        let today = ctx.business_date_untracked();
        // Let the message paint before the (synchronous) build.
        set_timeout(move || replace_with(demo_ledger(1, DEMO_SIZE, today), "the demo company".to_string()), std::time::Duration::from_millis(30));
    };
    view! {
        <section class="tab-section">
            <h2>"Backup"</h2>
            <p class="muted">"The whole ledger as one JSON file. Import it into an empty ledger, or replace the current one."</p>
            <div class="button-row">
                <button class="button" data-testid="export-backup" on:click=export prop:disabled=move || busy.get()>"Export backup"</button>
                <label class="button file-button">
                    "Import backup…"
                    <input type="file" accept=".json,application/json" data-testid="import-backup" on:change=import prop:disabled=move || busy.get() />
                </label>
                <button class="button" data-testid="load-demo" on:click=load_demo prop:disabled=move || busy.get()>"Load demo company"</button>
                {move || busy.get().then(|| view! {
                    <span class="progress-line" data-testid="backup-progress">
                        {move || match saving.get() {
                            (_, 0) => view! { <progress></progress> }.into_any(),
                            (done, of) => view! {
                                <progress max=of.to_string() value=done.to_string()></progress>
                                <span data-testid="backup-progress-count">{format!("Saving {} of {} records", group(done), group(of))}</span>
                            }.into_any(),
                        }}
                    </span>
                })}
            </div>
            {move || status.get().map(|(ok, text)| view! { <p class=if ok { "status ok" } else { "status error" } data-testid="backup-status" role="status">{text}</p> })}
        </section>
    }
}
