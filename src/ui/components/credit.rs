//! The credit verification, overdue-charge and write-off fields of a class or a
//! customer (SPEC R2.1, R3.5, R4.12–R4.14).

use leptos::prelude::*;
use reskontra_core::command::ChargesDraft;
use reskontra_core::documents::credit::{CreditPolicyDraft, CreditRule};
use reskontra_core::fields::credit;
use reskontra_core::Problem;

use crate::ui::components::form::{CheckBox, Field, Select, TextInput};

/// The fields of a credit policy as signals.
#[derive(Clone, Copy)]
pub struct CreditForm {
    pub rule: RwSignal<String>,
    pub limit: RwSignal<String>,
    pub days_past_due: RwSignal<String>,
}

impl CreditForm {
    pub fn new(draft: &CreditPolicyDraft) -> Self {
        CreditForm {
            rule: RwSignal::new(draft.rule.label().to_string()),
            limit: RwSignal::new(draft.limit.clone()),
            days_past_due: RwSignal::new(draft.days_past_due.clone()),
        }
    }

    pub fn fill(&self, draft: &CreditPolicyDraft) {
        self.rule.set(draft.rule.label().to_string());
        self.limit.set(draft.limit.clone());
        self.days_past_due.set(draft.days_past_due.clone());
    }

    /// The draft; `tracked` reads the signals so a memo notices edits.
    pub fn draft(&self, tracked: bool) -> CreditPolicyDraft {
        let read = |s: RwSignal<String>| if tracked { s.get() } else { s.get_untracked() };
        CreditPolicyDraft {
            rule: CreditRule::from_label(&read(self.rule)).unwrap_or_default(),
            limit: read(self.limit),
            days_past_due: read(self.days_past_due),
        }
    }
}

#[component]
pub fn CreditFields(form: CreditForm, problems: RwSignal<Vec<Problem>>, #[prop(into)] testid: String) -> impl IntoView {
    let rules = Signal::derive(|| CreditRule::ALL.iter().map(|r| (r.label().to_string(), r.label().to_string())).collect::<Vec<_>>());
    let (rule_id, limit_id, days_id) = (format!("{testid}-credit-rule"), format!("{testid}-credit-limit"), format!("{testid}-days-past-due"));
    view! {
        <div class="form-heading">"Credit verification"</div>
        <Field label="Credit verification" name=credit::CREDIT_RULE problems=problems>
            <Select value=form.rule testid=rule_id options=rules />
        </Field>
        <Field label="Credit limit (base currency)" name=credit::CREDIT_LIMIT problems=problems>
            <TextInput value=form.limit testid=limit_id decimal=true />
        </Field>
        <Field label="Days past due" name=credit::DAYS_PAST_DUE problems=problems>
            <TextInput value=form.days_past_due testid=days_id />
        </Field>
    }
}

/// The overdue-charge and write-off fields of a class or a customer (R2.1, R3.5).
#[derive(Clone, Copy)]
pub struct ChargesForm {
    pub overdue_charges: RwSignal<bool>,
    pub write_offs: RwSignal<bool>,
    pub write_off_limit: RwSignal<String>,
}

impl ChargesForm {
    pub fn new(draft: &ChargesDraft) -> Self {
        ChargesForm {
            overdue_charges: RwSignal::new(draft.overdue_charges),
            write_offs: RwSignal::new(draft.write_offs),
            write_off_limit: RwSignal::new(draft.write_off_limit.clone()),
        }
    }

    pub fn fill(&self, draft: &ChargesDraft) {
        self.overdue_charges.set(draft.overdue_charges);
        self.write_offs.set(draft.write_offs);
        self.write_off_limit.set(draft.write_off_limit.clone());
    }

    pub fn draft(&self, tracked: bool) -> ChargesDraft {
        if tracked {
            ChargesDraft { overdue_charges: self.overdue_charges.get(), write_offs: self.write_offs.get(), write_off_limit: self.write_off_limit.get() }
        } else {
            ChargesDraft {
                overdue_charges: self.overdue_charges.get_untracked(),
                write_offs: self.write_offs.get_untracked(),
                write_off_limit: self.write_off_limit.get_untracked(),
            }
        }
    }
}

#[component]
pub fn ChargesFields(form: ChargesForm, problems: RwSignal<Vec<Problem>>, #[prop(into)] testid: String) -> impl IntoView {
    let (overdue_id, write_offs_id, limit_id) = (format!("{testid}-overdue-charges"), format!("{testid}-write-offs"), format!("{testid}-write-off-limit"));
    view! {
        <div class="form-heading">"Overdue charges and write-offs"</div>
        <div class="field"><CheckBox value=form.overdue_charges testid=overdue_id label="Apply overdue charges" /></div>
        <div class="field"><CheckBox value=form.write_offs testid=write_offs_id label="Enable write-offs" /></div>
        <Field label="Write-off limit (base currency)" name=credit::WRITE_OFF_LIMIT problems=problems>
            <TextInput value=form.write_off_limit testid=limit_id decimal=true />
        </Field>
    }
}
