//! The credit verification fields of a class or a customer (SPEC R2.1, R4.14).

use leptos::prelude::*;
use reskontra_core::credit::{CreditPolicyDraft, CreditRule};
use reskontra_core::Problem;

use crate::ui::components::form::{Field, Select, TextInput};

/// The fields of a credit policy as signals.
#[derive(Clone, Copy)]
pub struct CreditForm {
    pub rule: RwSignal<String>,
    pub limit: RwSignal<String>,
    pub days_past_due: RwSignal<String>,
}

impl CreditForm {
    pub fn new(draft: &CreditPolicyDraft) -> Self {
        CreditForm { rule: RwSignal::new(draft.rule.label().to_string()), limit: RwSignal::new(draft.limit.clone()), days_past_due: RwSignal::new(draft.days_past_due.clone()) }
    }

    pub fn fill(&self, draft: &CreditPolicyDraft) {
        self.rule.set(draft.rule.label().to_string());
        self.limit.set(draft.limit.clone());
        self.days_past_due.set(draft.days_past_due.clone());
    }

    /// The draft; `tracked` reads the signals so a memo notices edits.
    pub fn draft(&self, tracked: bool) -> CreditPolicyDraft {
        let read = |s: RwSignal<String>| if tracked { s.get() } else { s.get_untracked() };
        CreditPolicyDraft { rule: CreditRule::from_label(&read(self.rule)).unwrap_or_default(), limit: read(self.limit), days_past_due: read(self.days_past_due) }
    }
}

#[component]
pub fn CreditFields(form: CreditForm, problems: RwSignal<Vec<Problem>>, #[prop(into)] testid: String) -> impl IntoView {
    let rules = Signal::derive(|| CreditRule::ALL.iter().map(|r| (r.label().to_string(), r.label().to_string())).collect::<Vec<_>>());
    let (rule_id, limit_id, days_id) = (format!("{testid}-credit-rule"), format!("{testid}-credit-limit"), format!("{testid}-days-past-due"));
    view! {
        <div class="form-heading">"Credit verification"</div>
        <Field label="Credit verification" name="credit_rule" problems=problems>
            <Select value=form.rule testid=rule_id options=rules />
        </Field>
        <Field label="Credit limit (base currency)" name="credit_limit" problems=problems>
            <TextInput value=form.limit testid=limit_id />
        </Field>
        <Field label="Days past due" name="days_past_due" problems=problems>
            <TextInput value=form.days_past_due testid=days_id />
        </Field>
    }
}
