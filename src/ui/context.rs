//! The ledger context: holds the in-memory ledger and runs commands through the
//! one commit path — validate in the core, write the change in one IndexedDB
//! transaction, and only after the commit apply it in memory.

use std::rc::Rc;
use std::sync::Arc;

use chrono::NaiveDate;
use futures::lock::{Mutex, OwnedMutexGuard};
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use reskontra_core::companies::Company;
use reskontra_core::{execute, Change, Command, Ledger, NumberFormat, Problem, ProblemKind, ReleaseResult, ReleaseRun};

use crate::delivery::tabs::Tabs;
use crate::store::snapshots::{prepare, SnapshotKind, Snapshots};
use crate::store::{ClosedElsewhere, Newer, Store, StoreError};
use crate::ui::messages::store_problem;

/// What the top bar says about storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Saving,
    Failed(String),
}

/// A short notice that goes away by itself (e.g. "Invoice INV000003 released").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub id: u64,
    pub text: String,
}

#[derive(Clone, Copy)]
pub struct LedgerCtx {
    pub ledger: RwSignal<Ledger>,
    pub save_state: RwSignal<SaveState>,
    pub notice: RwSignal<Option<Notice>>,
    /// Whether the browser promised to keep the data (`None`: not asked or unsupported).
    pub persistent: RwSignal<Option<bool>>,
    /// Whether the window on screen has unsaved changes; leaving it asks first.
    pub unsaved: RwSignal<bool>,
    /// `Settings::numbers` of the ledger, as a memo.
    numbers: Memo<NumberFormat>,
    store: StoredValue<Rc<Store>, LocalStorage>,
    /// One command at a time: the next is validated against the ledger the
    /// previous one left, so two quick clicks cannot take the same number.
    lock: StoredValue<Arc<Mutex<()>>, LocalStorage>,
    tabs: StoredValue<Option<Rc<Tabs>>, LocalStorage>,
    /// The business date this tab knows has its automatic snapshot (so later
    /// commits of the day do not look again).
    snapshot_day: StoredValue<Option<NaiveDate>>,
    /// Why today's automatic snapshot could not be taken (the top bar and Settings say
    /// so until one is taken); `None` when it was, or was not needed.
    pub snapshot_problem: RwSignal<Option<String>>,
    /// Moves each time this tab stores a snapshot (Settings lists them again).
    pub snapshots_changed: RwSignal<u32>,
    /// Whether this tab has asked for persistent storage (at the first real change).
    persistence_asked: StoredValue<bool>,
    /// The company whose ledger this tab holds (its name is in the top bar).
    pub company: RwSignal<Company>,
    /// What this tab knows of the other tabs (one signal: the frame's `Opening` holds
    /// this context by value).
    pub other_tabs: RwSignal<OtherTabs>,
    /// While a large ledger is still opening (`ledger` is its preview: settings,
    /// classes and customers): the snapshot chunks decoded, and how many there are.
    pub opening: RwSignal<Option<(usize, usize)>>,
    /// Whether `opening` is set, as a memo (it moves twice, not once per chunk).
    loading: Memo<bool>,
}

/// What this tab knows of the other tabs of the ledger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OtherTabs {
    /// Moves each time this tab applies what other tabs committed; open record windows
    /// follow it (`DraftForm::follow`).
    pub applied: u64,
    /// Set when another tab upgraded or replaced the database and this tab's
    /// connection was closed: the app says so, and nothing more is committed here.
    pub closed: Option<ClosedElsewhere>,
}

thread_local! {
    /// Whether each action marks its steps (`performance.mark("action:…")`): only while
    /// the benchmark window runs B2, so the browser's timeline does not fill up otherwise.
    static TRACE_ACTIONS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Turns the step marks of [`LedgerCtx::run`] on or off (the benchmark window).
pub fn trace_actions(on: bool) {
    TRACE_ACTIONS.with(|t| t.set(on));
}

fn trace(step: &str) {
    if TRACE_ACTIONS.with(std::cell::Cell::get) {
        crate::store::mark(step);
    }
}

/// Lets the browser paint and handle input before going on (a zero-delay timeout).
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window().is_some_and(|w| w.set_timeout_with_callback(&resolve).is_ok());
        if !scheduled {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Waits `ms` milliseconds (a timeout), letting everything else run meanwhile.
pub async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window().is_some_and(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).is_ok());
        if !scheduled {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The number format of the browser's language (`navigator.language`): what the
/// preferences' "Browser's language" means on this computer.
pub fn browser_numbers() -> NumberFormat {
    let language = web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_default();
    NumberFormat::for_language(&language)
}

/// `ledger` with the browser's number format as what `number_format: None` means.
/// Every ledger the context holds passes through here (opened, caught up, replaced).
fn in_this_browser(mut ledger: Ledger) -> Ledger {
    ledger.settings.browser_numbers = browser_numbers();
    ledger
}

/// The computer's date. The only clock read in the app (with [`computer_now`]); the core never reads one.
pub fn computer_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The computer's local time, for when an email was sent, refused or exported.
pub fn computer_now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

impl LedgerCtx {
    pub fn new(store: Store, ledger: Ledger, company: Company) -> Self {
        Self::new_shared(Rc::new(store), ledger, company)
    }

    /// [`LedgerCtx::new`] with a store shared with its opening (`Store::open_progressively`).
    pub fn new_shared(store: Rc<Store>, ledger: Ledger, company: Company) -> Self {
        let ledger = RwSignal::new(in_this_browser(ledger));
        let other_tabs = RwSignal::new(OtherTabs::default());
        store.when_closed_elsewhere(move |why| other_tabs.update(|t| t.closed = Some(why)));
        let opening = RwSignal::new(None);
        LedgerCtx {
            opening,
            loading: Memo::new(move |_| opening.with(Option::is_some)),
            ledger,
            numbers: Memo::new(move |_| ledger.with(|l| l.settings.numbers())),
            save_state: RwSignal::new(SaveState::Saved),
            notice: RwSignal::new(None),
            persistent: RwSignal::new(None),
            unsaved: RwSignal::new(false),
            store: StoredValue::new_local(store),
            lock: StoredValue::new_local(Arc::new(Mutex::new(()))),
            tabs: StoredValue::new_local(None),
            snapshot_day: StoredValue::new(None),
            snapshot_problem: RwSignal::new(None),
            snapshots_changed: RwSignal::new(0),
            persistence_asked: StoredValue::new(false),
            company: RwSignal::new(company),
            other_tabs,
        }
    }

    /// Whether the ledger is still opening: the windows but the customers list wait,
    /// and the list shows no balances yet.
    pub fn loading(&self) -> bool {
        self.loading.get()
    }

    /// Marks the ledger as opening (`ledger` is a preview) and takes the
    /// one-command-at-a-time lock for [`LedgerCtx::finish_opening`]: taken here, at
    /// once, before any action or catching up with other tabs can start, so that each
    /// of them waits for the whole ledger.
    pub fn begin_opening(&self) -> Option<OwnedMutexGuard<()>> {
        self.opening.set(Some((0, 0)));
        self.lock.with_value(Mutex::try_lock_owned)
    }

    /// Decodes the rest of a large ledger while its first window is on screen
    /// (`Store::open_progressively`), then puts the whole ledger in place of the
    /// preview, holding the lock `held` from [`LedgerCtx::begin_opening`] until then.
    pub async fn finish_opening(&self, held: Option<OwnedMutexGuard<()>>, rest: crate::store::Rest) -> Result<(), StoreError> {
        let _one_at_a_time = match held {
            Some(held) => held,
            None => self.lock.get_value().lock_owned().await,
        };
        let opening = self.opening;
        opening.set(Some((0, rest.chunks())));
        let n_changes = rest.n_changes();
        let store = self.store.get_value();
        let ledger = store.finish_open(rest, &|done, total| opening.set(Some((done, total)))).await?;
        self.ledger.set(in_this_browser(ledger));
        opening.set(None);
        if let Some(fold) = self.ledger.with_untracked(|l| store.fold_after_open(l, n_changes)) {
            store.write_fold(fold).await;
        }
        Ok(())
    }

    /// Listens to the other tabs: when one commits, or this tab gets focus, this one
    /// catches up with what they wrote.
    pub fn listen_to_other_tabs(self) {
        self.open_tabs();
        let catch_up = move || leptos::task::spawn_local(async move { self.catch_up().await });
        // The listener lives as long as the page (dropping the handle keeps it).
        let _focus = window_event_listener(leptos::ev::focus, move |_| catch_up());
    }

    /// The channel to the other tabs holding the same company database.
    fn open_tabs(self) {
        let catch_up = move || leptos::task::spawn_local(async move { self.catch_up().await });
        let database = self.database();
        self.tabs.set_value(Some(Rc::new(Tabs::open(&database, catch_up))));
    }

    /// The name of the ledger database this tab holds.
    pub fn database(&self) -> String {
        self.store.with_value(|s| s.name().to_string())
    }

    /// Applies what other tabs committed since this tab's last change.
    pub async fn catch_up(&self) {
        let lock = self.lock.get_value();
        let _one_at_a_time = lock.lock().await;
        self.catch_up_locked().await;
    }

    /// Whether anything new was applied.
    async fn catch_up_locked(&self) -> bool {
        let store = self.store.get_value();
        let applied = match store.newer().await {
            Ok(Newer::Nothing) => false,
            Ok(Newer::Changes(changes)) => {
                self.ledger.update(|l| changes.iter().for_each(|c| l.apply(c)));
                true
            }
            Ok(Newer::Whole(ledger)) => {
                self.ledger.set(in_this_browser(ledger));
                true
            }
            // Said by the full-width message instead.
            Err(StoreError::ClosedElsewhere(_)) => false,
            Err(e) => {
                self.save_state.set(SaveState::Failed(e.to_string()));
                false
            }
        };
        if applied {
            self.other_tabs.update(|t| t.applied += 1);
        }
        applied
    }

    /// Takes the lock every tab of this ledger commits under (the Web Locks API), then
    /// catches up with what the others committed, so what follows is validated against
    /// the latest committed state (SPEC R13.4); the second value says whether that
    /// brought anything. Call with the tab's own lock held; the cross-tab lock is
    /// released when the returned guard is dropped. While it is held only IndexedDB
    /// requests are awaited. Without Web Locks (`None`) the tab works as before the
    /// lock: it validates what it has, and the store's stale check refuses a commit
    /// made on an old state (then it catches up and the user saves again).
    async fn lock_all_tabs(&self) -> (Option<crate::delivery::locks::Held>, bool) {
        let held = crate::delivery::locks::acquire(&self.commit_lock_name()).await;
        let applied = held.is_some() && self.catch_up_locked().await;
        (held, applied)
    }

    /// The Web Lock every tab of this ledger commits under.
    fn commit_lock_name(&self) -> String {
        format!("reskontra-commit:{}", self.store.with_value(|s| s.name().to_string()))
    }

    /// The business date (SPEC R0.5): the one set in settings, or the computer's date.
    pub fn business_date(&self) -> NaiveDate {
        self.ledger.with(|l| l.settings.business_date_or(computer_today()))
    }

    /// The number format every window types and shows numbers in (the preferences'
    /// choice, else the browser language's); a view that reads it changes only when
    /// the format does.
    pub fn numbers(&self) -> NumberFormat {
        self.numbers.get()
    }

    pub fn numbers_untracked(&self) -> NumberFormat {
        self.numbers.get_untracked()
    }

    pub fn business_date_untracked(&self) -> NaiveDate {
        self.ledger.with_untracked(|l| l.settings.business_date_or(computer_today()))
    }

    /// Validates and commits one command under the tab's lock; what is committed was
    /// validated against the latest committed state (SPEC R13.4). On success the ledger
    /// has changed and the change is returned; otherwise nothing changed anywhere.
    ///
    /// Optimistically: the command is validated against what this tab holds and the
    /// store's commit checks, inside its own transaction, that no other tab committed
    /// since. Every write to the ledger adds a key to the changes store and IndexedDB
    /// runs read-write transactions on one store one after another, so that check and
    /// the write are one step for every tab. A stale commit writes nothing; the tab
    /// catches up and validates again. The second retry is made under the lock every
    /// tab commits under (Web Locks, [`LedgerCtx::lock_all_tabs`]), where no other tab
    /// taking it can commit, so a tab that keeps losing the race still gets through.
    /// The first tries go without it: taking it was 0.8–1.2 ms of each action's median
    /// and 2.6–4.2 ms of its p95 (issue 15, B2).
    pub async fn run(&self, command: Command) -> Result<Change, Vec<Problem>> {
        /// Commits tried before the cross-tab lock is taken.
        const WITHOUT_THE_LOCK: usize = 2;
        trace("action:start");
        let lock = self.lock.get_value();
        let _one_at_a_time = lock.lock().await;
        trace("action:locked");
        // The rules are fetched before the first action (one fetch, while nothing is open).
        load_rules().await.map_err(|_| vec![rules_not_loaded()])?;
        let mut tries = 0;
        let mut _all_tabs = None;
        loop {
            tries += 1;
            let today = self.business_date_untracked();
            let change =
                self.ledger.with_untracked(|l| at_once(execute_loaded(l, &command, today)).and_then(Result::ok)).ok_or_else(|| vec![rules_not_loaded()])??;
            trace("action:validated");
            match self.commit(change).await {
                // The commit caught up with the other tabs before it said so.
                Err(StoreError::Stale) if tries < WITHOUT_THE_LOCK => {}
                Err(StoreError::Stale) if tries == WITHOUT_THE_LOCK => _all_tabs = self.lock_all_tabs().await.0,
                result => return result.map_err(|e| vec![store_problem(&e)]),
            }
        }
    }

    /// Releases many documents as one action (SPEC R4.7, DESIGN "Long work"): a part
    /// at a time, setting `progress` (documents tried) and letting the page paint and
    /// answer between parts; `cancel` stops it before anything is committed. The
    /// successes are then committed in one transaction (none is open while it yields).
    /// The parts run before the cross-tab lock is taken (it is never held across a
    /// yield); if catching up under it brings other tabs' changes, the whole run is
    /// validated again, at once, against that latest state before it is committed.
    pub async fn release_many(
        &self,
        ids: Vec<reskontra_core::documents::document::DocId>,
        progress: RwSignal<usize>,
        cancel: RwSignal<bool>,
    ) -> Result<Vec<ReleaseResult>, String> {
        const PART: usize = 500;
        let lock = self.lock.get_value();
        let _one_at_a_time = lock.lock().await;
        let today = self.business_date_untracked();
        let mut run = self.ledger.with_untracked(|l| ReleaseRun::new(l, today));
        for part in ids.chunks(PART) {
            if cancel.get_untracked() {
                return Err(format!("cancelled after {} of {}", run.done(), ids.len()));
            }
            run.release(part);
            progress.set(run.done());
            next_task().await;
        }
        if cancel.get_untracked() {
            return Err(format!("cancelled after {} of {}", run.done(), ids.len()));
        }
        let (_all_tabs, newer) = self.lock_all_tabs().await;
        let (change, results) = if newer {
            let today = self.business_date_untracked();
            self.ledger.with_untracked(|l| {
                let mut again = ReleaseRun::new(l, today);
                again.release(&ids);
                again.finish()
            })
        } else {
            run.finish()
        };
        if !change.is_empty() {
            self.commit(change).await.map_err(|e| e.to_string())?;
        }
        Ok(results)
    }

    /// Replaces the whole ledger (import, demo company) in one transaction; `progress`
    /// follows (records written, records).
    pub async fn replace(&self, ledger: Ledger, progress: RwSignal<(usize, usize)>) -> Result<(), String> {
        let lock = self.lock.get_value();
        let _one_at_a_time = lock.lock().await;
        let _all_tabs = self.lock_all_tabs().await;
        self.snapshot_if_due().await;
        self.replace_locked(ledger, progress).await
    }

    /// Restores a snapshot (issue 14): the current state is snapshotted first (if that
    /// fails, nothing is replaced), then the ledger is replaced the way an import does.
    pub async fn restore(&self, ledger: Ledger, progress: RwSignal<(usize, usize)>) -> Result<(), String> {
        let lock = self.lock.get_value();
        let _one_at_a_time = lock.lock().await;
        let _all_tabs = self.lock_all_tabs().await;
        let today = self.business_date_untracked();
        self.take_snapshot(today, SnapshotKind::BeforeRestore).await.map_err(|e| {
            format!("the current ledger could not be snapshotted first ({}), so it was not replaced", crate::store::snapshots::failure_text(&e))
        })?;
        self.snapshot_day.set_value(Some(today));
        self.replace_locked(ledger, progress).await
    }

    async fn take_snapshot(&self, today: NaiveDate, kind: SnapshotKind) -> Result<(), StoreError> {
        let prepared = self.ledger.with_untracked(|l| prepare(l, today, kind))?;
        let snapshots = Snapshots::open(&self.database()).await?;
        let taken = snapshots.take(prepared, today).await;
        snapshots.close();
        taken?;
        self.snapshot_problem.set(None);
        self.snapshots_changed.update(|n| *n += 1);
        Ok(())
    }

    /// Before the first change of a business day, stores the ledger as it is (the
    /// state before that change) in the snapshots database, and prunes the old ones.
    /// It never stops the change: a failure is said in the top bar's notice.
    async fn snapshot_if_due(&self) {
        let today = self.business_date_untracked();
        if self.snapshot_day.get_value() == Some(today) {
            return;
        }
        let result = async {
            let snapshots = Snapshots::open(&self.database()).await?;
            let due = snapshots.due(today).await;
            snapshots.close();
            if due? {
                self.take_snapshot(today, SnapshotKind::Daily).await?;
            }
            Ok::<(), StoreError>(())
        }
        .await;
        // Tried once a day per tab: a failing snapshot database does not slow every save.
        self.snapshot_day.set_value(Some(today));
        if let Err(e) = result {
            let text = format!(
                "Today's automatic snapshot was not taken ({}); your change is saved. Download a backup in Settings.",
                crate::store::snapshots::failure_text(&e)
            );
            self.snapshot_problem.set(Some(text.clone()));
            self.notify(text);
        }
    }

    /// At the first real change, asks the browser to keep the data (SPEC R13.5); the
    /// answer is shown in the top bar and Settings. Not awaited by the change.
    fn ask_persistence_once(&self) {
        if self.persistence_asked.get_value() {
            return;
        }
        self.persistence_asked.set_value(true);
        let persistent = self.persistent;
        leptos::task::spawn_local(async move {
            if let Some(answer) = crate::store::request_persistence().await {
                persistent.set(Some(answer));
            }
        });
    }

    /// Replaces this company's ledger (R13.1): written into a new database, which the
    /// company points at only once it has committed; then this tab switches to it and
    /// the old database is deleted (not waiting for other tabs that keep it open: it
    /// stays listed as obsolete and the next open deletes it).
    async fn replace_locked(&self, ledger: Ledger, progress: RwSignal<(usize, usize)>) -> Result<(), String> {
        self.save_state.set(SaveState::Saving);
        let id = self.company.with_untracked(|c| c.id.clone());
        match crate::store::companies::replace_ledger(&id, &ledger, &|done, of| progress.set((done, of))).await {
            Ok((store, company, old)) => {
                self.switch_locked(store, ledger, company);
                leptos::task::spawn_local(crate::store::companies::delete_obsolete(old));
                self.ask_persistence_once();
                Ok(())
            }
            Err(e) => {
                self.save_state.set(SaveState::Failed(e.to_string()));
                Err(e.to_string())
            }
        }
    }

    /// This tab holds `company` from now on: `store` (open) and its `ledger`. The old
    /// store's connection is closed, so its database can be deleted; the channel to the
    /// other tabs follows the database; the snapshots are the company's.
    fn switch_locked(&self, store: Store, ledger: Ledger, company: Company) {
        self.store.get_value().close_connection();
        let other_tabs = self.other_tabs;
        store.when_closed_elsewhere(move |why| other_tabs.update(|t| t.closed = Some(why)));
        self.store.set_value(Rc::new(store));
        let _ = crate::store::companies::update(|r| r.switch_to(&company.id));
        self.company.set(company);
        if self.tabs.with_value(|t| t.is_some()) {
            self.open_tabs();
        }
        self.snapshot_day.set_value(None);
        self.snapshot_problem.set(None);
        self.unsaved.set(false);
        self.ledger.set(in_this_browser(ledger));
        self.snapshots_changed.update(|n| *n += 1);
        self.save_state.set(SaveState::Saved);
    }

    /// Opens company `id`'s ledger in this tab. `Err` with the reason when it cannot;
    /// `Ok(false)` when its database has vanished though this browser held data there
    /// (eviction, R13.5): the caller reloads, and the opening page says so.
    pub async fn switch_to(&self, id: &str) -> Result<bool, String> {
        let lock = self.lock.get_value();
        let _one_at_a_time = lock.lock().await;
        let company = crate::store::companies::load().company(id).cloned().ok_or_else(|| "this company no longer exists".to_string())?;
        let opened = crate::store::Store::open(&company.database).await.map_err(|e| e.to_string())?;
        if opened.created && company.held_data {
            opened.store.close();
            let _ = crate::store::companies::delete(&company.database).await;
            let _ = crate::store::companies::update(|r| r.switch_to(id));
            return Ok(false);
        }
        self.switch_locked(opened.store, opened.ledger, company);
        Ok(true)
    }

    /// Makes a new company holding `ledger` (the demo company) and switches to it; its
    /// database is listed only once written (`progress`: records written, records).
    pub async fn create_company(
        &self,
        name: &str,
        demo: Option<reskontra_core::companies::DemoRecipe>,
        ledger: Ledger,
        progress: &dyn Fn(usize, usize),
    ) -> Result<Company, String> {
        let lock = self.lock.get_value();
        let _one_at_a_time = lock.lock().await;
        self.save_state.set(SaveState::Saving);
        match crate::store::companies::create_with(name, demo, &ledger, progress).await {
            Ok((store, company)) => {
                self.switch_locked(store, ledger, company.clone());
                self.ask_persistence_once();
                Ok(company)
            }
            Err(e) => {
                self.save_state.set(SaveState::Saved);
                Err(e.to_string())
            }
        }
    }

    /// Replaces company `id`'s ledger with `ledger` (*Reset demo*) the way an import
    /// does, and switches to it (whichever company this tab held).
    pub async fn replace_company(&self, id: &str, ledger: Ledger, progress: &dyn Fn(usize, usize)) -> Result<(), String> {
        let lock = self.lock.get_value();
        let _one_at_a_time = lock.lock().await;
        self.save_state.set(SaveState::Saving);
        match crate::store::companies::replace_ledger(id, &ledger, progress).await {
            Ok((store, company, old)) => {
                // The old database may be the one this tab holds: switch first (closing
                // it), then delete.
                self.switch_locked(store, ledger, company);
                leptos::task::spawn_local(crate::store::companies::delete_obsolete(old));
                Ok(())
            }
            Err(e) => {
                self.save_state.set(SaveState::Saved);
                Err(e.to_string())
            }
        }
    }

    /// Company `id` was renamed: the top bar follows when it is this tab's.
    pub fn renamed(&self, id: &str, name: &str) {
        if self.company.with_untracked(|c| c.id == id) {
            self.company.update(|c| c.name = name.to_string());
        }
    }

    async fn commit(&self, change: Change) -> Result<Change, StoreError> {
        self.save_state.set(SaveState::Saving);
        self.snapshot_if_due().await;
        trace("action:snapshot checked");
        let store = self.store.get_value();
        match store.commit(&change).await {
            Ok(()) => {
                trace("action:committed");
                self.ledger.update(|l| l.apply(&change));
                trace("action:applied");
                self.save_state.set(SaveState::Saved);
                self.announce();
                self.ask_persistence_once();
                Ok(change)
            }
            Err(StoreError::Stale) => {
                // Nothing was written: show the latest, and let the user decide again.
                self.catch_up_locked().await;
                self.save_state.set(SaveState::Saved);
                Err(StoreError::Stale)
            }
            Err(e) => {
                self.save_state.set(SaveState::Failed(e.to_string()));
                Err(e)
            }
        }
    }

    fn announce(&self) {
        if let Some(tabs) = self.tabs.get_value() {
            tabs.announce_change();
        }
    }

    /// Marks a window's unsaved changes for the frame, for as long as the window lives.
    pub fn track_unsaved(&self, dirty: Memo<bool>) {
        let unsaved = self.unsaved;
        Effect::new(move |_| unsaved.set(dirty.get()));
        on_cleanup(move || unsaved.set(false));
    }

    /// Goes to `route` after a window's work is done (saved, deleted): nothing is left
    /// unsaved, so the frame does not ask.
    pub fn leave_to(&self, route: &crate::ui::route::Route) {
        self.unsaved.set(false);
        crate::ui::route::navigate(route);
    }

    /// [`LedgerCtx::leave_to`] an address with a query its route does not carry.
    pub fn leave_to_hash(&self, hash: &str) {
        self.unsaved.set(false);
        if let Some(window) = web_sys::window() {
            let _ = window.location().set_hash(hash);
        }
    }

    /// Shows a short notice that goes away after a few seconds (no fading: a half-faded text would be unreadable).
    pub fn notify(&self, text: impl Into<String>) {
        let id = self.notice.with_untracked(|n| n.as_ref().map(|n| n.id + 1).unwrap_or(1));
        self.notice.set(Some(Notice { id, text: text.into() }));
        let notice = self.notice;
        set_timeout(
            move || {
                if notice.with_untracked(|n| n.as_ref().map(|n| n.id) == Some(id)) {
                    notice.set(None);
                }
            },
            std::time::Duration::from_secs(4),
        );
    }
}

split_point! { rules, preload(load_rules);
    /// The rules (`reskontra_core::execute`, and the core code only it reaches) are a split
    /// point like the windows (issue 15, B10): the main module does not carry them, and
    /// they are fetched before the first action is validated (`load_rules`), or with the
    /// first window that uses them. Called after `load_rules`, this is ready at once.
    pub(crate) fn execute_loaded(ledger: &Ledger, command: &Command, today: NaiveDate) -> Result<Result<Change, Vec<Problem>>, SplitLoaderError> {
        Ok(execute(ledger, command, today))
    }
}

fn rules_not_loaded() -> Problem {
    Problem::form(
        ProblemKind::Other,
        "Nothing was saved: the part of the app that checks the entry could not be fetched (is the computer offline, and was this the first entry made here?). Reconnect, then save again.",
    )
}

/// The output of a future that is ready when first polled (a split function whose
/// module is loaded), without awaiting: `None` if it is not.
pub fn at_once<F: std::future::Future>(future: F) -> Option<F::Output> {
    let future = std::pin::pin!(future);
    match future.poll(&mut std::task::Context::from_waker(std::task::Waker::noop())) {
        std::task::Poll::Ready(output) => Some(output),
        std::task::Poll::Pending => None,
    }
}

pub fn use_ledger() -> LedgerCtx {
    expect_context::<LedgerCtx>()
}
