//! Mailing settings (the preferences' list, R1.5): the predefined INVOICE,
//! STATEMENT, STATEMENTMC and DUNNINGLETTER mailings and any the user adds, with
//! their recipients. A new customer class copies this list (R2.3).

use leptos::prelude::*;
use reskontra_core::customers::mailing::Mailing;
use reskontra_core::fields::{FieldPath, Name, Step};
use reskontra_core::{Command, Problem};

use crate::ui::components::form::ProblemSummary;
use crate::ui::components::mailings::{mailings_editor, MailingsOf};
use crate::ui::components::record::DraftForm;
use crate::ui::context::use_ledger;
use crate::ui::pages::choices::choices;

fn label_of(field: &FieldPath) -> String {
    match field.steps() {
        [Step::Name(Name::Mailings), Step::Index(n), Step::Name(Name::Recipients), Step::Index(r), Step::Name(name)] => {
            format!("Mailing {}, recipient {}: {name}", n + 1, r + 1)
        }
        [Step::Name(Name::Mailings), Step::Index(n), Step::Name(name)] => format!("Mailing {}: {name}", n + 1),
        _ => field.to_string(),
    }
}

#[component]
pub fn MailingSettingsWindow() -> impl IntoView {
    let ctx = use_ledger();
    let original = ctx.ledger.with_untracked(|l| l.settings.mailings.clone());
    let form = DraftForm::new(original, |_: &mut Vec<Mailing>, _| {});
    form.follow_draft(|l| Some(l.settings.mailings.clone()));
    let DraftForm { draft, saved, problems, dirty, .. } = form;
    let save = move || {
        form.run(
            Command::SaveMailingSettings(draft.get_untracked()),
            move |ctx, _| {
                let stored = ctx.ledger.with_untracked(|l| l.settings.mailings.clone());
                draft.set(stored.clone());
                saved.set(stored);
                ctx.notify("Mailing settings saved");
            },
            |_: &[Problem]| {},
        );
    };
    let cancel = move || {
        draft.set(saved.get_untracked());
        problems.set(Vec::new());
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "s" {
            ev.prevent_default();
            save();
        } else if ev.key() == "Escape" {
            cancel();
        }
    };
    let opts = Memo::new(move |_| ctx.ledger.with(choices));
    view! {
        <div class="window record-window" on:keydown=on_keydown>
            <div class="toolbar">
                <h1 data-testid="window-title">"Mailing settings"</h1>
                <button class="button primary" data-testid="save" on:click=move |_| save() title="Save (Ctrl+S)">"Save"</button>
                <button class="button" data-testid="cancel" on:click=move |_| cancel() title="Undo unsaved changes (Esc)">"Cancel"</button>
                <span class="dirty" data-testid="dirty" class:shown=move || dirty.get()>"Unsaved changes"</span>
            </div>
            <ProblemSummary problems=problems label_of=label_of />
            {form.changed_elsewhere()}
            <section class="tab-section">
                <p class="hint">"The mailings a new customer class starts with. INVOICE, STATEMENT, STATEMENTMC and DUNNINGLETTER are predefined: clear Active to stop using one. Click a row to see its recipients."</p>
                {mailings_editor(draft, MailingsOf { get: |d: &Vec<Mailing>| d, get_mut: |d: &mut Vec<Mailing>| d }, problems, false, "preference-mailings",
                    Signal::derive(move || { let o = opts.get(); (o.branches, o.email_accounts) }))}
            </section>
        </div>
    }
}
