//! The wiring every record window shares (customer class, customer, invoice, payment):
//! one draft signal ([`DraftForm`]) plus the parts edited in sub-forms (credit and
//! charges, lines, applications), the saved copy it is compared
//! with (*Unsaved changes*), Save (Ctrl+S) that shows problems on their tab, Cancel
//! (Esc) back to the saved copy, Delete after a confirmation, and following the
//! stored record while other tabs change it ([`DraftForm::follow`]).

use leptos::prelude::*;
use reskontra_core::command::{ChargesDraft, ClassDraft, CustomerDraft, InvoiceDraft, PaymentDraft, SettingsDraft};
use reskontra_core::documents::credit::CreditPolicyDraft;
use reskontra_core::documents::document::DocId;
use reskontra_core::fields::FieldPath;
use reskontra_core::{Change, Command, Ledger, Problem};

use crate::delivery::confirm;
use crate::ui::components::credit::{ChargesForm, CreditForm};
use crate::ui::components::other_tabs::{ChangedElsewhere, Elsewhere};
use crate::ui::context::{use_ledger, LedgerCtx};
use crate::ui::route::{current_hash, Reopen, Route};

/// What a record window edits, compared with its saved copy for *Unsaved changes*.
pub trait Draft: Clone + PartialEq + Send + Sync + 'static {
    /// Whether `now` differs from this saved copy.
    fn changed_in(&self, now: &Self) -> bool {
        self != now
    }
}

/// A draft with a credit policy and overdue/write-off settings, edited in their own forms.
pub trait MasterDraft: Draft {
    fn credit(&self) -> &CreditPolicyDraft;
    fn dunning(&self) -> &ChargesDraft;
    fn set_parts(&mut self, credit: CreditPolicyDraft, dunning: ChargesDraft);
}

/// The credit and charges parts of a draft with `credit` and `dunning` fields.
macro_rules! credit_and_charges {
    () => {
        fn credit(&self) -> &CreditPolicyDraft {
            &self.credit
        }
        fn dunning(&self) -> &ChargesDraft {
            &self.dunning
        }
        fn set_parts(&mut self, credit: CreditPolicyDraft, dunning: ChargesDraft) {
            self.credit = credit;
            self.dunning = dunning;
        }
    };
}

impl Draft for ClassDraft {}
impl MasterDraft for ClassDraft {
    credit_and_charges!();
}

impl Draft for CustomerDraft {
    /// `is_new` is how the window saves, not something the user edits.
    fn changed_in(&self, now: &Self) -> bool {
        CustomerDraft { is_new: now.is_new, ..self.clone() } != *now
    }
}
impl MasterDraft for CustomerDraft {
    credit_and_charges!();
}

impl Draft for InvoiceDraft {
    /// The number and reference are the ledger's, not something the user edits.
    fn changed_in(&self, now: &Self) -> bool {
        InvoiceDraft { id: now.id, ref_nbr: now.ref_nbr.clone(), ..self.clone() } != *now
    }
}

impl Draft for SettingsDraft {}

impl Draft for reskontra_core::mailings::queue::EmailDraft {}

/// The preferences' mailing list (Mailing settings).
impl Draft for Vec<reskontra_core::customers::mailing::Mailing> {}

impl Draft for PaymentDraft {
    fn changed_in(&self, now: &Self) -> bool {
        PaymentDraft { id: now.id, ref_nbr: now.ref_nbr.clone(), ..self.clone() } != *now
    }
}

/// Folds the parts edited in sub-forms (lines, applications, credit policy) into the
/// draft; `true` subscribes to them.
type Parts<D> = std::sync::Arc<dyn Fn(&mut D, bool) + Send + Sync>;

/// The wiring every record window shares: the draft as edited (one signal; inputs bind
/// to its fields with the `bind` macros), the saved copy it is compared with, the
/// problems shown beside their fields, and Save that sends a command and shows them.
pub struct DraftForm<D: Draft> {
    pub draft: RwSignal<D>,
    pub saved: RwSignal<D>,
    pub problems: RwSignal<Vec<Problem>>,
    pub dirty: Memo<bool>,
    parts: StoredValue<Parts<D>>,
    /// Taken when the window is built: code after an await has no owner to ask.
    ctx: LedgerCtx,
    /// What another tab did to the record since this window showed it.
    elsewhere: RwSignal<Elsewhere>,
    /// *Reload* of the "Changed in another tab" bar (set by [`DraftForm::follow`]).
    reload: StoredValue<Option<Callback<()>>>,
}

impl<D: Draft> Clone for DraftForm<D> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<D: Draft> Copy for DraftForm<D> {}

impl<D: Draft> DraftForm<D> {
    /// A form showing `original`, with `parts` folding in what sub-forms edit. The
    /// window's *Unsaved changes* guard follows this form.
    pub fn new(original: D, parts: impl Fn(&mut D, bool) + Send + Sync + 'static) -> Self {
        Self::with_frozen(original, parts, |_| false)
    }

    /// As [`DraftForm::new`], for a record that has nothing unsaved while `frozen` says
    /// so (a released payment: what is typed there is applied at once, not saved).
    pub fn with_frozen(original: D, parts: impl Fn(&mut D, bool) + Send + Sync + 'static, frozen: impl Fn(&D) -> bool + Send + Sync + 'static) -> Self {
        let parts: StoredValue<Parts<D>> = StoredValue::new(std::sync::Arc::new(parts));
        let draft = RwSignal::new(original.clone());
        let saved = RwSignal::new(original);
        let dirty = Memo::new(move |_| {
            if draft.with(&frozen) {
                return false;
            }
            let mut now = draft.get();
            parts.with_value(|p| p(&mut now, true));
            saved.with(|s| s.changed_in(&now))
        });
        let ctx = use_ledger();
        ctx.track_unsaved(dirty);
        DraftForm {
            draft,
            saved,
            problems: RwSignal::new(Vec::new()),
            dirty,
            parts,
            ctx,
            elsewhere: RwSignal::new(Elsewhere::Nothing),
            reload: StoredValue::new(None),
        }
    }

    /// Keeps the window on the stored record while other tabs change it (SPEC R13.4).
    /// `latest` reads the record as a draft from a ledger (`None`: not there, deleted);
    /// `show` puts a draft in every field, sub-forms included, and makes it the saved
    /// copy. When another tab's commit changes the record: with nothing unsaved the
    /// window shows it at once; with unsaved edits they stay, the latest becomes the
    /// saved copy (so Cancel goes to it and *Unsaved changes* compares with it), and the
    /// bar ([`DraftForm::changed_elsewhere`]) offers *Reload*. This tab's own commits
    /// are not "another tab": the windows show what they saved themselves.
    pub fn follow(&self, latest: impl Fn(&Ledger) -> Option<D> + Send + Sync + 'static, show: impl Fn(&D) + Send + Sync + 'static) {
        let DraftForm { saved, dirty, ctx, elsewhere, .. } = *self;
        let latest = Memo::new(move |_| ctx.ledger.with(|l| latest(l)));
        let show = Callback::new(move |d: D| {
            show(&d);
            elsewhere.set(Elsewhere::Nothing);
        });
        self.reload.set_value(Some(Callback::new(move |()| {
            if let Some(d) = latest.get_untracked() {
                show.run(d);
            }
        })));
        Effect::new(move |seen: Option<(u64, Option<D>)>| {
            let generation = ctx.other_tabs.with(|t| t.applied);
            let now = latest.get();
            if let Some((before, was)) = seen {
                if generation != before && now != was {
                    match &now {
                        None => elsewhere.set(Elsewhere::Deleted),
                        Some(d) if !dirty.get_untracked() => show.run(d.clone()),
                        Some(d) => {
                            saved.set(d.clone());
                            elsewhere.set(Elsewhere::Changed);
                        }
                    }
                }
            }
            (generation, now)
        });
        // Edits taken back to the latest leave nothing to reload.
        Effect::new(move |_| {
            if !dirty.get() && elsewhere.get_untracked() == Elsewhere::Changed {
                elsewhere.set(Elsewhere::Nothing);
            }
        });
    }

    /// [`DraftForm::follow`] for a window whose draft is all it edits (no sub-forms).
    pub fn follow_draft(&self, latest: impl Fn(&Ledger) -> Option<D> + Send + Sync + 'static) {
        let DraftForm { draft, saved, .. } = *self;
        self.follow(latest, move |d| {
            draft.set(d.clone());
            saved.set(d.clone());
        });
    }

    /// The "Changed in another tab" / "Deleted in another tab" bar; empty until
    /// [`DraftForm::follow`] sees another tab's change.
    pub fn changed_elsewhere(&self) -> impl IntoView {
        let reload = self.reload.get_value().unwrap_or_else(|| Callback::new(|()| {}));
        view! { <ChangedElsewhere state=self.elsewhere dirty=self.dirty reload=reload /> }
    }

    /// The ledger the window works on.
    pub fn ctx(&self) -> LedgerCtx {
        self.ctx
    }

    /// The draft as edited, with its parts, without subscribing.
    pub fn current(&self) -> D {
        let mut d = self.draft.get_untracked();
        self.parts.with_value(|p| p(&mut d, false));
        d
    }

    /// Runs `command` and hands the change to `done`; problems go beside their fields
    /// (and `refused` sees them first, to open the tab of the first).
    pub fn run(&self, command: Command, done: impl FnOnce(LedgerCtx, Change) + 'static, refused: impl FnOnce(&[Problem]) + 'static) {
        let (problems, ctx, elsewhere) = (self.problems, self.ctx, self.elsewhere);
        leptos::task::spawn_local(async move {
            match ctx.run(command).await {
                Ok(change) => {
                    problems.set(Vec::new());
                    // Saved over whatever another tab did.
                    elsewhere.set(Elsewhere::Nothing);
                    done(ctx, change);
                }
                Err(found) => {
                    refused(&found);
                    problems.set(found);
                }
            }
        });
    }
}

/// The state of one master-data record window: a [`DraftForm`] with the credit and
/// charges sub-forms and a tab strip.
pub struct RecordForm<D: MasterDraft> {
    pub draft: RwSignal<D>,
    pub saved: RwSignal<D>,
    pub credit: CreditForm,
    pub charges: ChargesForm,
    pub problems: RwSignal<Vec<Problem>>,
    pub tab: RwSignal<&'static str>,
    pub dirty: Memo<bool>,
    base: DraftForm<D>,
    tab_of: fn(&FieldPath) -> &'static str,
}

impl<D: MasterDraft> Clone for RecordForm<D> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<D: MasterDraft> Copy for RecordForm<D> {}

impl<D: MasterDraft> RecordForm<D> {
    /// A form showing `original`; `tab_of` names the tab a problem's field is on.
    pub fn new(original: D, tab_of: fn(&FieldPath) -> &'static str) -> Self {
        let credit = CreditForm::new(original.credit());
        let charges = ChargesForm::new(original.dunning());
        let base = DraftForm::new(original, move |d: &mut D, tracked| d.set_parts(credit.draft(tracked), charges.draft(tracked)));
        let DraftForm { draft, saved, problems, dirty, .. } = base;
        RecordForm { draft, saved, credit, charges, problems, tab: RwSignal::new("general"), dirty, base, tab_of }
    }

    /// The draft as edited, without subscribing.
    pub fn current(&self) -> D {
        self.base.current()
    }

    /// [`DraftForm::follow`]: the record as `latest` reads it, shown as a save shows it.
    pub fn follow(&self, latest: impl Fn(&Ledger) -> Option<D> + Send + Sync + 'static) {
        let form = *self;
        self.base.follow(latest, move |d| form.stored(d.clone()));
    }

    /// [`DraftForm::changed_elsewhere`].
    pub fn changed_elsewhere(&self) -> impl IntoView {
        self.base.changed_elsewhere()
    }

    /// Shows `d` in every field.
    pub fn fill(&self, d: &D) {
        self.draft.set(d.clone());
        self.credit.fill(d.credit());
        self.charges.fill(d.dunning());
    }

    /// After a save: the form shows what was stored, and that is the new saved copy.
    pub fn stored(&self, d: D) {
        self.problems.set(Vec::new());
        self.fill(&d);
        self.saved.set(d);
    }

    /// Shows the problems beside their fields and opens the tab of the first.
    pub fn refuse(&self, found: Vec<Problem>) {
        if let Some(first) = found.first() {
            self.tab.set((self.tab_of)(&first.field));
        }
        self.problems.set(found);
    }

    /// Cancel: back to the saved copy.
    pub fn cancel(&self) {
        self.fill(&self.saved.get_untracked());
        self.problems.set(Vec::new());
    }

    /// Runs `command` and hands the change to `done`; problems go beside their fields.
    pub fn save(&self, command: Command, done: impl FnOnce(LedgerCtx, Change) + 'static) {
        let (tab, tab_of) = (self.tab, self.tab_of);
        self.base.run(command, done, move |found| {
            if let Some(first) = found.first() {
                tab.set(tab_of(&first.field));
            }
        });
    }

    /// Delete after `question` is confirmed; then `notice` and back to `list`.
    pub fn delete(&self, question: String, command: Command, notice: String, list: Route) {
        delete_confirmed(question, command, notice, list, self.problems);
    }

    /// Ctrl+S saves, Esc cancels.
    pub fn keys(&self, save: impl Fn() + Copy + 'static) -> impl Fn(leptos::ev::KeyboardEvent) + Copy + 'static {
        let form = *self;
        move |ev: leptos::ev::KeyboardEvent| {
            if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "s" {
                ev.prevent_default();
                save();
            } else if ev.key() == "Escape" {
                form.cancel();
            }
        }
    }

    /// The tab strip; a tab with a problem on it is marked.
    pub fn tab_strip(&self, tabs: impl IntoIterator<Item = (&'static str, &'static str)>) -> impl IntoView {
        let RecordForm { tab, problems, tab_of, .. } = *self;
        let with_problems = Memo::new(move |_| problems.with(|ps| ps.iter().map(|p| tab_of(&p.field)).collect::<Vec<_>>()));
        let buttons = tabs
            .into_iter()
            .map(|(t, label)| {
                view! {
                    <button role="tab" class="tab" data-testid=format!("tab-{t}") class:active=move || tab.get() == t
                        class:has-problem=move || with_problems.with(|ts| ts.contains(&t))
                        aria-selected=move || (tab.get() == t).to_string() on:click=move |_| tab.set(t)>{label}</button>
                }
            })
            .collect_view();
        view! { <nav class="tabs" role="tablist">{buttons}</nav> }
    }
}

/// Runs a delete `command` once the user confirms `question`; then shows `notice` and
/// goes back to `list`. A refusal goes to `problems`.
pub fn delete_confirmed(question: String, command: Command, notice: String, list: Route, problems: RwSignal<Vec<Problem>>) {
    if !confirm(&question) {
        return;
    }
    let ctx = use_ledger();
    leptos::task::spawn_local(async move {
        match ctx.run(command).await {
            Ok(_) => {
                ctx.notify(notice);
                ctx.leave_to(&list);
            }
            Err(found) => problems.set(found),
        }
    });
}

/// Deletes an unreleased document after a confirmation.
pub fn delete_document(id: DocId, name: String, list: Route, problems: RwSignal<Vec<Problem>>) {
    delete_confirmed(
        format!("Delete {name}? It has not been released, so no balance changes."),
        Command::DeleteDocument(id),
        format!("{name} deleted"),
        list,
        problems,
    );
}

/// *New*: a new record of the kind. On a window that shows a new record already, it
/// starts that one again from the defaults (asking first if something is unsaved), so
/// nothing typed and no problem carries over to the next record.
#[component]
pub fn NewButton(#[prop(into)] route: Signal<Route>) -> impl IntoView {
    let Reopen(reopen) = expect_context::<Reopen>();
    let unsaved = use_ledger().unsaved;
    let click = move |ev: leptos::ev::MouseEvent| {
        let target = route.get_untracked();
        if Route::parse(&current_hash()).href() != target.href() {
            return; // the link navigates
        }
        ev.prevent_default();
        if unsaved.get_untracked() && !confirm("Start a new one? Your unsaved changes will be lost.") {
            return;
        }
        unsaved.set(false);
        reopen.update(|n| *n += 1);
    };
    view! { <a class="button" data-testid="new" href=move || route.get().href() on:click=click>"New"</a> }
}
