//! Preferences (company with address, VAT number and logo, business date, data
//! entry, age credits, number series), and the backup: export, import, demo company;
//! below them the automatic snapshots and the storage (`snapshots.rs`).

use leptos::prelude::*;
use reskontra_core::command::{SeriesDraft, SettingsDraft};
use reskontra_core::customers::address::countries_with_rules;
use reskontra_core::fields::preferences::{self, SeriesColumn};
use reskontra_core::fields::{address, AddressPart, FieldPath, Name, Step};
use reskontra_core::ledger::backup::{from_json_bytes, to_json};
use reskontra_core::settings::{logo_problem, SeriesKind, MAX_LOGO_BYTES};
use reskontra_core::{Command, Ledger, NumberFormat, Problem};
use wasm_bindgen::JsCast;

use crate::delivery::{confirm, download_text, read_file_bytes, read_file_data_url};
use crate::ui::components::bind::{named, styled_input, Bound};
use crate::ui::components::form::{Field, ProblemSummary, TextInput};
use crate::ui::components::record::DraftForm;
use crate::ui::context::{computer_today, use_ledger, LedgerCtx};
use crate::ui::messages::{backup_error, message_for};
use crate::ui::pages::settings::companies::{make_demo_company, DemoProgress, DemoStage};
use crate::ui::pages::settings::snapshots::{last_backup_download, record_backup_download, SnapshotsSection, StorageSection};
use crate::{bound, check, choice, row_check, row_text, text};

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

#[component]
pub fn SettingsWindow() -> impl IntoView {
    let ctx = use_ledger();
    let original = ctx.ledger.with_untracked(|l| SettingsDraft::from_settings(&l.settings));
    let form = DraftForm::new(original, |_: &mut SettingsDraft, _| {});
    // After a save, a backup import or the demo company the form shows the settings as
    // stored, so a save right after does not send the old ones back.
    let refill = Callback::new(move |()| {
        let d = ctx.ledger.with_untracked(|l| SettingsDraft::from_settings(&l.settings));
        form.draft.set(d.clone());
        form.saved.set(d);
        form.problems.set(Vec::new());
    });
    let downloaded = RwSignal::new(last_backup_download());
    let save = move || {
        form.run(
            Command::SaveSettings(form.current()),
            move |ctx, _| {
                refill.run(());
                ctx.notify("Preferences saved");
            },
            |_| {},
        )
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "s" {
            ev.prevent_default();
            save();
        }
    };
    view! {
        <div class="window record-window settings" on:keydown=on_keydown>
            <div class="toolbar">
                <h1>"Preferences"</h1>
                <button class="button primary" data-testid="save" on:click=move |_| save() title="Save (Ctrl+S)">"Save"</button>
                <span class="dirty" data-testid="dirty" class:shown=move || form.dirty.get()>"Unsaved changes"</span>
            </div>
            <ProblemSummary problems=form.problems label_of=label_of />
            <div class="top-part">
                <div class="form-grid">
                    {company_fields(form)}
                    {entry_fields(form)}
                </div>
            </div>
            <section class="tab-section">
                <h2>"Number series"</h2>
                <table class="lines">
                    <thead><tr><th>"Series"</th><th>"Prefix"</th><th>"Next number"</th><th>"Width"</th><th>"Manual numbering"</th><th>"Next is"</th></tr></thead>
                    <tbody>{series_rows(form)}</tbody>
                </table>
            </section>
            <RelaySection />
            <Backup ctx=ctx on_replaced=refill downloaded=downloaded />
            <SnapshotsSection ctx=ctx on_replaced=refill downloaded=downloaded />
            <StorageSection ctx=ctx />
        </div>
    }
}

/// A text input of `draft` with a placeholder.
fn placeholder(text: &'static str) -> Signal<String> {
    Signal::derive(move || text.to_string())
}

/// The number formats to choose from: the browser language's, or one named.
fn number_formats() -> Signal<Vec<(String, String)>> {
    let show = |f: NumberFormat| f.example().replace('\u{a0}', " ");
    let browser = crate::ui::context::browser_numbers();
    let mut options = vec![(String::new(), format!("Browser's language ({})", show(browser)))];
    options.extend(NumberFormat::ALL.iter().map(|f| (f.code().to_string(), format!("{} ({})", f.code(), show(*f)))));
    Signal::derive(move || options.clone())
}

/// Company, address, logo and the business date.
fn company_fields(form: DraftForm<SettingsDraft>) -> impl IntoView {
    let ctx = use_ledger();
    let (draft, problems) = (form.draft, form.problems);
    let currencies = Signal::derive(move || {
        ctx.ledger.with(|l| l.settings.currencies.iter().map(|c| (c.code.clone(), format!("{} – {}", c.code, c.description))).collect::<Vec<_>>())
    });
    let country = bound!(draft, company_address.country);
    let business_date_empty = move || draft.with(|d| d.business_date.is_empty());
    view! {
        <Field label="Company name" name=preferences::COMPANY_NAME problems=problems required=true>
            {text!(draft, "settings-company-name", company_name)}
        </Field>
        <Field label="VAT number" name=preferences::VAT_NUMBER problems=problems>
            {styled_input(bound!(draft, vat_number), "settings-vat-number", "", placeholder("NO 987654321 MVA"))}
        </Field>
        <Field label="Company email" name=preferences::COMPANY_EMAIL problems=problems>
            {styled_input(bound!(draft, company_email), "settings-company-email", "", placeholder("invoices@company.no"))}
        </Field>
        <Field label="Base currency" name=preferences::BASE_CURRENCY problems=problems>
            {choice!(draft, "settings-base-currency", currencies, base_currency)}
        </Field>
        <Field label="Business date" name=preferences::BUSINESS_DATE problems=problems>
            {styled_input(bound!(draft, business_date), "settings-business-date", "", placeholder("YYYY-MM-DD"))}
        </Field>
        <div class="field hint">
            {move || if business_date_empty() {
                format!("Empty: follows the computer's date ({}).", computer_today())
            } else {
                "Every rule that says \"today\" uses this date. Clear it to follow the computer's date.".to_string()
            }}
        </div>
        <Field label="Number format" name=preferences::NUMBER_FORMAT problems=problems>
            {choice!(draft, "settings-number-format", number_formats(), number_format)}
        </Field>
        <div class="field hint">"How amounts, quantities and rates are typed and shown in every window, message and printout. CSV files and backups always use 1234.50."</div>
        <div class="form-heading">"Company address"</div>
        <Field label="Address line 1" name=address(&preferences::COMPANY_ADDRESS, AddressPart::Line1) problems=problems wide=true>
            {text!(draft, "settings-address-line1", company_address.line1)}
        </Field>
        <Field label="Address line 2" name=address(&preferences::COMPANY_ADDRESS, AddressPart::Line2) problems=problems wide=true>
            {text!(draft, "settings-address-line2", company_address.line2)}
        </Field>
        <Field label="Postcode" name=address(&preferences::COMPANY_ADDRESS, AddressPart::Postcode) problems=problems>
            {text!(draft, "settings-address-postcode", company_address.postcode)}
        </Field>
        <Field label="City" name=address(&preferences::COMPANY_ADDRESS, AddressPart::City) problems=problems>
            {text!(draft, "settings-address-city", company_address.city)}
        </Field>
        <Field label="Country" name=address(&preferences::COMPANY_ADDRESS, AddressPart::Country) problems=problems>
            <input data-testid="settings-address-country" list="company-country-codes" maxlength="2" placeholder="NO"
                prop:value=move || country.get() on:input=move |ev| country.set(event_target_value(&ev).to_uppercase()) />
            <datalist id="company-country-codes">
                {countries_with_rules().into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
            </datalist>
        </Field>
        <LogoField logo=bound!(draft, logo) problems=problems />
    }
}

/// Data entry, ageing and delivery before release.
fn entry_fields(form: DraftForm<SettingsDraft>) -> impl IntoView {
    let draft = form.draft;
    view! {
        <div class="form-heading">"Data entry"</div>
        <div class="field">{check!(draft, "settings-hold-on-entry", "Hold documents on entry", hold_documents_on_entry)}</div>
        <div class="field">{check!(draft, "settings-validate-totals", "Validate document totals on entry", validate_totals_on_entry)}</div>
        <div class="field">{check!(draft, "settings-require-payment-ref", "Require payment reference on entry", require_payment_ref_on_entry)}</div>
        <div class="form-heading">"Ageing"</div>
        <div class="field">{check!(draft, "settings-age-credits", "Age credits", age_credits)}</div>
        <div class="field hint">"On: credit documents are aged by their date in the ageing reports. Off: they are shown as Current."</div>
        <div class="field">
            {check!(draft, "settings-require-printing", "Require invoice printing before release", require_invoice_printing_before_release)}
        </div>
        <div class="field">
            {check!(draft, "settings-require-emailing", "Require invoice emailing before release", require_invoice_emailing_before_release)}
        </div>
    }
}

/// One row per number series, each cell with its problem, and the number it gives next.
fn series_rows(form: DraftForm<SettingsDraft>) -> impl IntoView {
    let (draft, problems) = (form.draft, form.problems);
    let kinds: Vec<SeriesKind> = draft.with_untracked(|d| d.series.iter().map(|s| s.kind).collect());
    kinds
        .into_iter()
        .enumerate()
        .map(|(i, kind)| {
            let cell = move |column: SeriesColumn, input: AnyView| {
                let field = preferences::series(kind, column);
                let message = move || problems.with(|ps| message_for(ps, &field));
                view! { <td>{input}<div class="field-error">{message}</div></td> }
            };
            let testid = |column: SeriesColumn| preferences::series(kind, column).to_string().replace('.', "-");
            let preview = move || draft.with(|d| d.series.get(i).map(SeriesDraft::preview).unwrap_or_default());
            view! {
                <tr>
                    <td>{kind.label()}</td>
                    {cell(SeriesColumn::Prefix, named(row_text!(draft, testid(SeriesColumn::Prefix), series, i, prefix), format!("{} prefix", kind.label())))}
                    {cell(SeriesColumn::NextNumber, named(row_text!(draft, testid(SeriesColumn::NextNumber), series, i, next_number), format!("{} next number", kind.label())))}
                    {cell(SeriesColumn::Width, named(row_text!(draft, testid(SeriesColumn::Width), series, i, width), format!("{} width", kind.label())))}
                    <td>{named(row_check!(draft, testid(SeriesColumn::Prefix).replace("-prefix", "-manual"), series, i, manual_numbering), format!("{} manual numbering", kind.label()))}</td>
                    <td class="muted">{preview}</td>
                </tr>
            }
        })
        .collect_view()
}

/// The company logo (SPEC R1.1): a PNG, JPEG or SVG of at most 200 KB, read into a
/// data URL and checked by the core at once; shown with a Remove button.
#[component]
fn LogoField(#[prop(into)] logo: Bound<Option<String>>, problems: RwSignal<Vec<Problem>>) -> impl IntoView {
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
                    {move || if logo.value.with(|l| l.is_some()) { "Replace logo…" } else { "Choose logo…" }}
                    <input type="file" accept="image/png,image/jpeg,image/svg+xml" data-testid="settings-logo" on:change=choose />
                </label>
                {move || logo.value.with(|l| l.is_some()).then(|| view! {
                    <button class="button" data-testid="remove-logo" on:click=move |_| { logo.set(None); chosen_problem.set(None); }>"Remove"</button>
                })}
            </div>
            <span class="field-error" data-testid="error-logo">{message}</span>
        </div>
    }
}

/// The mail relay (SPEC R12.4): its base URL (the app posts to `{url}/v1/messages`),
/// bearer token and extra headers, saved on their own; *Test connection* asks
/// `{url}/health` with what is typed.
#[component]
fn RelaySection() -> impl IntoView {
    use reskontra_core::fields::relay as field;
    use reskontra_core::settings::RelaySettings;
    let ctx = use_ledger();
    let stored = move || ctx.ledger.with_untracked(|l| l.settings.relay.clone());
    let (url, token, headers) = (RwSignal::new(stored().url), RwSignal::new(stored().token), RwSignal::new(stored().headers));
    let problems = RwSignal::new(Vec::<Problem>::new());
    let test = RwSignal::new(None::<(bool, String)>);
    let typed = move || RelaySettings { url: url.get_untracked(), token: token.get_untracked(), headers: headers.get_untracked() };
    let save = move |_| {
        leptos::task::spawn_local(async move {
            match ctx.run(Command::SaveRelaySettings(typed())).await {
                Ok(_) => {
                    problems.set(Vec::new());
                    let saved = stored();
                    url.set(saved.url);
                    token.set(saved.token);
                    headers.set(saved.headers);
                    ctx.notify("Mail relay saved");
                }
                Err(found) => problems.set(found),
            }
        });
    };
    let check = move |_| {
        test.set(Some((true, "Connecting…".to_string())));
        leptos::task::spawn_local(async move {
            test.set(Some(match crate::delivery::relay::check_health(&typed()).await {
                Ok(()) => (true, "Connected".to_string()),
                Err(e) => (false, e),
            }));
        });
    };
    view! {
        <section class="tab-section relay-settings" id="relay">
            <h2>"Mail relay"</h2>
            <p class="muted">"Pending emails are sent through this relay: the app posts each message to the relay's address + /v1/messages, and the relay hands it to your mail server. Leave the address empty to only export emails as .eml files."</p>
            <div class="form-grid">
                <Field label="Relay address" name=field::URL problems=problems wide=true>
                    <TextInput value=url testid="relay-url" placeholder="https://relay.example.com" />
                </Field>
                <Field label="Token (sent as Authorization: Bearer)" name=field::TOKEN problems=problems>
                    <TextInput value=token testid="relay-token" kind="password" />
                </Field>
                <Field label="Extra headers (one Name: value per line)" name=field::HEADERS problems=problems wide=true>
                    <textarea data-testid="relay-headers" rows="3" prop:value=move || headers.get() on:input=move |ev| headers.set(event_target_value(&ev))></textarea>
                </Field>
            </div>
            <div class="button-row">
                <button class="button primary" data-testid="relay-save" on:click=save>"Save relay"</button>
                <button class="button" data-testid="relay-test" on:click=check>"Test connection"</button>
                {move || test.get().map(|(ok, text)| view! { <span class=if ok { "status ok" } else { "status error" } data-testid="relay-test-result" role="status">{text}</span> })}
            </div>
        </section>
    }
}

fn is_empty(ledger: &Ledger) -> bool {
    ledger.customers.is_empty() && ledger.documents.is_empty() && ledger.classes.is_empty()
}

#[component]
fn Backup(ctx: LedgerCtx, on_replaced: Callback<()>, downloaded: RwSignal<Option<chrono::NaiveDate>>) -> impl IntoView {
    let status = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    // Records written of all (0 of 0 while the file is read and checked: no count yet).
    let saving = RwSignal::new((0usize, 0usize));
    let group = move |n: usize| ctx.numbers_untracked().count(n);
    let export = move |_| {
        let text = ctx.ledger.with_untracked(to_json);
        let name = format!("reskontra-backup-{}.json", ctx.business_date_untracked());
        match download_text(&name, "application/json", &text) {
            Ok(()) => {
                downloaded.set(Some(record_backup_download()));
                status.set(Some((true, format!("Backup saved as {name}."))));
            }
            Err(e) => status.set(Some((false, format!("The backup could not be saved: {e}")))),
        }
    };
    // `action` names what did not happen when it fails ("The import of the backup x.json").
    let replace_with = move |ledger: Ledger, what: String, action: String| {
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
                    crate::store::mark("backup:stored");
                    status.set(Some((true, format!("Loaded {what}: {summary}."))));
                    on_replaced.run(());
                    ctx.notify(format!("Loaded {what}"));
                }
                Err(e) => status.set(Some((false, format!("{action} did not happen: {e}")))),
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
        // The steps of an import, for the bench (B9): read, read and checked, stored.
        crate::store::mark("backup:start");
        leptos::task::spawn_local(async move {
            let bytes = match read_file_bytes(file).await {
                Ok(bytes) => bytes,
                Err(e) => {
                    status.set(Some((false, format!("{name} could not be read: {e}"))));
                    busy.set(false);
                    return;
                }
            };
            crate::store::mark("backup:read");
            let read = from_json_bytes(&bytes);
            drop(bytes);
            crate::store::mark("backup:checked");
            match read {
                Ok(ledger) => replace_with(ledger, format!("the backup {name}"), format!("The import of {name}")),
                Err(e) => {
                    status.set(Some((false, backup_error(&e))));
                    busy.set(false);
                }
            }
        });
    };
    // The demo company is a NEW company (Settings → Companies), never written over the
    // ledger on screen: a click on a demo button must not cost a bookkeeper their books.
    let stage = RwSignal::new(None::<DemoStage>);
    let cancel = RwSignal::new(false);
    let load_demo = move |_| {
        busy.set(true);
        cancel.set(false);
        status.set(Some((true, "Building the demo company…".to_string())));
        leptos::task::spawn_local(async move {
            match make_demo_company(ctx, stage, cancel).await {
                Ok(Some((company, ledger))) => {
                    status.set(Some((
                        true,
                        format!(
                            "Loaded the demo company as a new company, {}: {} customers, {} documents. Your own company is kept as it was; switch back in Settings → Companies.",
                            company.name,
                            group(ledger.customers.len()),
                            group(ledger.documents.len())
                        ),
                    )));
                    on_replaced.run(());
                    ctx.notify(format!("Switched to {}", company.name));
                }
                Ok(None) => status.set(Some((false, "Cancelled: no demo company was made.".to_string()))),
                Err(e) => status.set(Some((false, format!("The demo company was not made: {e}")))),
            }
            stage.set(None);
            busy.set(false);
        });
    };
    view! {
        <section class="tab-section">
            <h2>"Backup"</h2>
            <p class="muted">"The whole ledger of this company as one JSON file. Import it into an empty ledger, or replace this company's ledger with it. The demo company is a new company of its own."</p>
            <div class="button-row">
                <button class="button" data-testid="export-backup" on:click=export prop:disabled=move || busy.get()>"Export backup"</button>
                <label class="button file-button">
                    "Import backup…"
                    <input type="file" accept=".json,application/json" data-testid="import-backup" on:change=import prop:disabled=move || busy.get() />
                </label>
                <button class="button" data-testid="load-demo" on:click=load_demo prop:disabled=move || busy.get()
                    title="Builds a new demo company and opens it; this company is kept as it is">"New demo company"</button>
                {move || (busy.get() && stage.with(|s| s.is_none())).then(|| view! {
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
            <DemoProgress stage=stage cancel=cancel />
            {move || status.get().map(|(ok, text)| view! { <p class=if ok { "status ok" } else { "status error" } data-testid="backup-status" role="status">{text}</p> })}
        </section>
    }
}
