//! Browser tests of the store (run by `cargo xtask test --only wasm` in headless
//! Chromium): commits survive a reopen, a failed write leaves nothing behind, a
//! new database is migrated from empty, a schema 1 database is upgraded in place, a
//! newer database is refused, and another tab's upgrade or delete closes this
//! connection.

use chrono::NaiveDate;
use std::cell::Cell;
use std::rc::Rc;

use reskontra::store::{
    delete_database, encode_chunks, ClosedElsewhere, Newer, Progressive, Store, StoreError, CHUNK_SIZE, PROGRESSIVE_AFTER_CHUNKS, SCHEMA_VERSION,
};
use reskontra_core::command::{ClassDraft, CustomerDraft};
use reskontra_core::customers::summary::CustomerSummary;
use reskontra_core::ledger::demo::{demo_ledger, DemoSize};
use reskontra_core::{execute, Command, Ledger};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 31).expect("valid date")
}

/// Runs a command against `ledger`, commits it, applies it; returns the change.
async fn commit(store: &Store, ledger: &mut Ledger, command: Command) {
    let change = execute(ledger, &command, today()).expect("command is valid");
    store.commit(&change).await.expect("commit succeeds");
    ledger.apply(&change);
}

fn class_draft() -> ClassDraft {
    ClassDraft { id: "DOMESTIC".into(), description: "Domestic".into(), terms_id: "NET30".into(), ..ClassDraft::new_class(&Default::default()) }
}

fn class_command() -> Command {
    Command::SaveClass(class_draft())
}

#[wasm_bindgen_test]
async fn a_new_database_is_migrated_from_empty_and_opens_empty() {
    let name = "test-migrate";
    delete_database(name).await.expect("delete");
    let opened = Store::open(name).await.expect("opens");
    assert_eq!(opened.ledger, Ledger::default());
    assert_eq!(opened.n_changes, 0);
    assert!(opened.created, "the open made the database (R13.5: told apart from one that exists)");
    assert_eq!(SCHEMA_VERSION, 4, "schema 4: a preview beside the snapshot (3: records written compact; 2: counters and logo in records of their own)");
    opened.store.close();
    let again = Store::open(name).await.expect("opens again");
    assert!(!again.created, "the second open finds it");
    again.store.close();
}

#[wasm_bindgen_test]
async fn committed_changes_are_there_after_reopening() {
    let name = "test-reopen";
    delete_database(name).await.expect("delete");
    let opened = Store::open(name).await.expect("opens");
    let store = opened.store;
    let mut ledger = opened.ledger;
    commit(&store, &mut ledger, class_command()).await;
    let class = ledger.classes["DOMESTIC"].clone();
    let mut draft = CustomerDraft::new_of_class(&class, &ledger.settings);
    draft.name = "Fjell Bygg AS".into();
    commit(&store, &mut ledger, Command::SaveCustomer(draft)).await;
    store.close();

    let reopened = Store::open(name).await.expect("reopens");
    assert_eq!(reopened.n_changes, 2);
    assert_eq!(reopened.ledger, ledger);
    assert_eq!(reopened.ledger.customers["10001"].name, "Fjell Bygg AS");
    reopened.store.close();
}

#[wasm_bindgen_test]
async fn a_replaced_ledger_reads_back_whole_and_later_changes_stack_on_it() {
    let name = "test-replace";
    delete_database(name).await.expect("delete");
    let opened = Store::open(name).await.expect("opens");
    let demo = demo_ledger(3, DemoSize { customers: 30, invoices: 2500 }, today());
    assert!(demo.records().len() > 2000, "spans several snapshot chunks");
    opened.store.replace(&demo).await.expect("replace");
    let mut ledger = demo.clone();
    let mut draft = CustomerDraft::from_customer(&ledger.customers["10001"], reskontra_core::NumberFormat::English);
    draft.name = "Renamed AS".into();
    commit(&opened.store, &mut ledger, Command::SaveCustomer(draft)).await;
    opened.store.close();

    let reopened = Store::open(name).await.expect("reopens");
    // The replace's marker for other tabs, then the one change.
    assert_eq!(reopened.n_changes, 2);
    assert_eq!(reopened.ledger, ledger);
    reopened.store.close();
}

#[wasm_bindgen_test]
async fn a_failed_write_leaves_nothing_behind() {
    let name = "test-rollback";
    delete_database(name).await.expect("delete");
    let opened = Store::open(name).await.expect("opens");
    let mut ledger = opened.ledger.clone();
    commit(&opened.store, &mut ledger, class_command()).await;
    // A snapshot whose second value cannot be stored: the first put succeeds inside
    // the transaction, the second fails, and the whole transaction must roll back,
    // including the clearing of the changes.
    let good = encode_chunks(&demo_ledger(1, DemoSize { customers: 5, invoices: 5 }, today()).record_refs()).expect("encodes");
    let chunks: Vec<JsValue> = vec![js_sys::Uint8Array::from(good[0].as_slice()).into(), js_sys::Function::new_no_args("return 1").into()];
    let failed = opened.store.replace_with_raw_chunks(chunks).await;
    assert!(matches!(failed, Err(StoreError::Write(_))), "{failed:?}");
    opened.store.close();

    let reopened = Store::open(name).await.expect("reopens");
    assert_eq!(reopened.ledger, ledger, "the failed write changed what is stored");
    assert_eq!(reopened.n_changes, 1);
    reopened.store.close();
}

#[wasm_bindgen_test]
async fn a_database_newer_than_this_build_is_refused() {
    let name = "test-newer";
    delete_database(name).await.expect("delete");
    open_elsewhere_at(name, SCHEMA_VERSION + 1).await;
    match Store::open(name).await {
        Err(StoreError::TooNew { found, supported }) => {
            assert_eq!((found, supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
        }
        Err(other) => panic!("expected TooNew, got {other:?}"),
        Ok(_) => panic!("a newer database was opened"),
    }
}

/// Opens `name` at `version` with plain web-sys calls, as a newer build in another tab
/// would, and closes it again. Resolves only once the open succeeded: an older
/// connection left open elsewhere would block it.
async fn open_elsewhere_at(name: &str, version: u32) {
    let factory = web_sys::window().expect("window").indexed_db().expect("idb").expect("factory");
    let request = factory.open_with_u32(name, version).expect("open request");
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _reject| {
        let onsuccess = wasm_bindgen::closure::Closure::once_into_js(move |event: web_sys::Event| {
            if let Some(target) = event.target() {
                let request: web_sys::IdbOpenDbRequest = wasm_bindgen::JsCast::unchecked_into(target);
                if let Ok(db) = request.result() {
                    let db: web_sys::IdbDatabase = wasm_bindgen::JsCast::unchecked_into(db);
                    db.close();
                }
            }
            let _ = resolve.call0(&JsValue::NULL);
        });
        request.set_onsuccess(Some(wasm_bindgen::JsCast::unchecked_ref(&onsuccess)));
    }))
    .await
    .expect("opened");
}

#[wasm_bindgen_test]
async fn another_tab_upgrading_or_deleting_the_database_closes_this_connection() {
    let name = "test-versionchange";
    delete_database(name).await.expect("delete");
    let opened = Store::open(name).await.expect("opens");
    let told = Rc::new(Cell::new(None));
    let tell = told.clone();
    opened.store.when_closed_elsewhere(move |why| tell.set(Some(why)));
    // A newer build opens it at the next schema version: this connection closes at
    // once (else that open would wait, blocked), says why, and writes nothing more.
    open_elsewhere_at(name, SCHEMA_VERSION + 1).await;
    assert_eq!(told.get(), Some(ClosedElsewhere::NewerVersion));
    assert_eq!(opened.store.closed_elsewhere(), Some(ClosedElsewhere::NewerVersion));
    let change = execute(&opened.ledger, &class_command(), today()).expect("valid");
    assert_eq!(opened.store.commit(&change).await, Err(StoreError::ClosedElsewhere(ClosedElsewhere::NewerVersion)));
    drop(opened);

    // Another tab deletes it (an import switched to a new database, a start over):
    // the event's newVersion is null, and the delete is not blocked either.
    delete_database(name).await.expect("delete");
    let opened = Store::open(name).await.expect("opens again");
    let told = Rc::new(Cell::new(None));
    let tell = told.clone();
    opened.store.when_closed_elsewhere(move |why| tell.set(Some(why)));
    delete_database(name).await.expect("deleted elsewhere");
    assert_eq!(told.get(), Some(ClosedElsewhere::Replaced));
    assert!(matches!(opened.store.newer().await, Err(StoreError::ClosedElsewhere(ClosedElsewhere::Replaced))));
}

#[wasm_bindgen_test]
async fn many_changes_are_folded_into_the_snapshot_on_open() {
    let name = "test-fold";
    delete_database(name).await.expect("delete");
    let opened = Store::open(name).await.expect("opens");
    let store = opened.store;
    let mut ledger = opened.ledger;
    commit(&store, &mut ledger, class_command()).await;
    let class = ledger.classes["DOMESTIC"].clone();
    for n in 0..reskontra::store::FOLD_AFTER_CHANGES {
        let mut draft = CustomerDraft::new_of_class(&class, &ledger.settings);
        draft.name = format!("Customer {n} AS");
        commit(&store, &mut ledger, Command::SaveCustomer(draft)).await;
    }
    store.close();

    // This open reads every change, then folds them into a new snapshot.
    let folding = Store::open(name).await.expect("reopens");
    assert_eq!(folding.n_changes, reskontra::store::FOLD_AFTER_CHANGES + 1);
    assert_eq!(folding.ledger, ledger);
    folding.store.close();

    let folded = Store::open(name).await.expect("reopens after the fold");
    // Only the fold's marker is left (it tells other tabs to read everything again).
    assert_eq!(folded.n_changes, 1, "the changes were folded");
    assert_eq!(folded.ledger, ledger);
    assert_eq!(folded.ledger.customers.len(), reskontra::store::FOLD_AFTER_CHANGES);
    folded.store.close();
}

/// Applies what another tab wrote, as the app does after a broadcast.
async fn catch_up(store: &Store, ledger: &mut Ledger) {
    match store.newer().await.expect("reads") {
        Newer::Nothing => {}
        Newer::Changes(changes) => changes.iter().for_each(|c| ledger.apply(c)),
        Newer::Whole(whole) => *ledger = whole,
    }
}

#[wasm_bindgen_test]
async fn two_tabs_never_lose_a_write() {
    let name = "test-two-tabs";
    delete_database(name).await.expect("delete");
    let tab_a = Store::open(name).await.expect("tab A");
    let tab_b = Store::open(name).await.expect("tab B");
    let (store_a, mut ledger_a) = (tab_a.store, tab_a.ledger);
    let (store_b, mut ledger_b) = (tab_b.store, tab_b.ledger);

    // A writes first; B's change was made against the old ledger and is refused.
    commit(&store_a, &mut ledger_a, class_command()).await;
    let stale = execute(&ledger_b, &Command::SaveClass(ClassDraft { id: "EXPORT".into(), ..class_draft() }), today()).expect("valid in B's view");
    assert_eq!(store_b.commit(&stale).await, Err(StoreError::Stale));

    // B catches up, sees A's class, and its next write goes through.
    catch_up(&store_b, &mut ledger_b).await;
    assert_eq!(ledger_b, ledger_a);
    let class = ledger_b.classes["DOMESTIC"].clone();
    let mut draft = CustomerDraft::new_of_class(&class, &ledger_b.settings);
    draft.name = "Written in B AS".into();
    commit(&store_b, &mut ledger_b, Command::SaveCustomer(draft)).await;

    // Both tabs would take customer number 10002 next: A must not overwrite B's 10001.
    let mut draft = CustomerDraft::new_of_class(&class, &ledger_a.settings);
    draft.name = "Written in A AS".into();
    let from_a = execute(&ledger_a, &Command::SaveCustomer(draft), today()).expect("valid in A's view");
    assert_eq!(store_a.commit(&from_a).await, Err(StoreError::Stale));
    catch_up(&store_a, &mut ledger_a).await;
    assert_eq!(ledger_a, ledger_b);

    // A replaces the ledger (an import): B reads it again whole.
    let demo = demo_ledger(4, DemoSize { customers: 5, invoices: 20 }, today());
    store_a.replace(&demo).await.expect("replace");
    catch_up(&store_b, &mut ledger_b).await;
    assert_eq!(ledger_b, demo);
    store_a.close();
    store_b.close();

    let reopened = Store::open(name).await.expect("reopens");
    assert_eq!(reopened.ledger, demo);
    reopened.store.close();
}

#[wasm_bindgen_test]
async fn a_stored_record_with_an_amount_out_of_range_is_refused_not_opened() {
    let name = "test-out-of-range";
    delete_database(name).await.expect("delete");
    let opened = Store::open(name).await.expect("opens");
    let mut records = demo_ledger(1, DemoSize { customers: 5, invoices: 5 }, today()).records();
    // A total no ledger can hold: building balances on it would overflow and panic.
    for record in records.iter_mut() {
        if let reskontra_core::Record::Document(doc) = record {
            doc.total = rust_decimal::Decimal::MAX;
            break;
        }
    }
    let chunks: Vec<JsValue> = encode_chunks(&records.iter().map(reskontra_core::Record::as_ref).collect::<Vec<_>>())
        .expect("encodes")
        .iter()
        .map(|c| js_sys::Uint8Array::from(c.as_slice()).into())
        .collect();
    opened.store.replace_with_raw_chunks(chunks).await.expect("the raw write succeeds");
    opened.store.close();
    match Store::open(name).await {
        Err(StoreError::Read(reason)) => assert!(reason.contains("out of range"), "{reason}"),
        Err(other) => panic!("expected a read error, got {other:?}"),
        Ok(_) => panic!("a ledger with an amount out of range was opened"),
    }
}

#[wasm_bindgen_test]
async fn a_replace_reports_its_progress_up_to_every_record() {
    let name = "test-progress";
    delete_database(name).await.expect("delete");
    let opened = Store::open(name).await.expect("opens");
    let ledger = demo_ledger(2, DemoSize { customers: 40, invoices: 2500 }, today());
    let n_records = ledger.records().len();
    assert!(n_records > CHUNK_SIZE * 2, "more than two chunks: {n_records}");
    let seen = std::cell::RefCell::new(Vec::new());
    opened.store.replace_with_progress(&ledger, &|done, of| seen.borrow_mut().push((done, of))).await.expect("replaced");
    let seen = seen.into_inner();
    assert_eq!(seen.len(), n_records.div_ceil(CHUNK_SIZE), "once per chunk");
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "{seen:?}");
    assert_eq!(seen.last(), Some(&(n_records, n_records)));
    opened.store.close();
    assert_eq!(Store::open(name).await.expect("reopens").ledger, ledger);
}

#[wasm_bindgen_test]
async fn a_large_ledger_opens_with_its_preview_first_then_whole() {
    let name = "test-progressive";
    delete_database(name).await.expect("delete");
    // An empty (or small) ledger opens whole, with no preview.
    let opened = match Store::open_progressively(name, |_, _| panic!("no preview of a small ledger")).await.expect("opens") {
        Progressive::Whole(opened) => opened,
        Progressive::Rest(_) => panic!("an empty ledger opens whole"),
    };
    let mut ledger = demo_ledger(5, DemoSize { customers: 300, invoices: 13000 }, today());
    let n_records = ledger.records().len();
    assert!(n_records > CHUNK_SIZE * (PROGRESSIVE_AFTER_CHUNKS + 1), "more chunks than open at once: {n_records}");
    opened.store.replace(&ledger).await.expect("replaced");
    // A class saved after the snapshot: a change on top of it.
    commit(&opened.store, &mut ledger, Command::SaveClass(ClassDraft { id: "LATE".into(), ..class_draft() })).await;
    // And enough new customers on top for the open to fold the changes.
    let class = ledger.classes["LATE"].clone();
    for n in 0..reskontra::store::FOLD_AFTER_CHANGES {
        let mut draft = CustomerDraft::new_of_class(&class, &ledger.settings);
        draft.name = format!("Late customer {n} AS");
        commit(&opened.store, &mut ledger, Command::SaveCustomer(draft)).await;
    }
    opened.store.close();

    let shown = std::cell::RefCell::new(None);
    let opened = Store::open_progressively(name, |store, preview| *shown.borrow_mut() = Some((store, preview))).await.expect("opens");
    let Progressive::Rest(rest) = opened else { panic!("a large ledger opens progressively") };
    let (store, preview) = shown.take().expect("the first window was given the preview");
    let n_changes = rest.n_changes();
    assert_eq!(n_changes, reskontra::store::FOLD_AFTER_CHANGES + 2, "the replace's marker, the class and the customers");
    let listed = |l: &Ledger| l.customers.values().map(CustomerSummary::of).collect::<Vec<_>>();
    assert_eq!(listed(&preview), listed(&ledger), "every customer is in the first window as the list shows it, those of the changes too");
    assert_eq!(preview.classes, ledger.classes, "with the changes on top");
    assert!(preview.classes.contains_key("LATE"));
    assert_eq!(preview.settings, ledger.settings);
    assert!(preview.documents.is_empty(), "the documents are not decoded yet");
    let n_chunks = rest.chunks();
    assert!(n_chunks >= PROGRESSIVE_AFTER_CHUNKS, "{n_chunks} chunks left");
    let seen = std::cell::RefCell::new(Vec::new());
    let whole = store.finish_open(rest, &|done, of| seen.borrow_mut().push((done, of))).await.expect("finishes");
    assert_eq!(whole, ledger, "the whole ledger, the change applied");
    assert!(whole.balances_match_recomputation());
    let seen = seen.into_inner();
    assert_eq!(seen.len(), n_chunks, "once per chunk");
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "{seen:?}");
    assert_eq!(seen.last(), Some(&(n_chunks, n_chunks)));
    // The fold a whole open would have done.
    let fold = store.fold_after_open(&whole, n_changes).expect("many changes are folded");
    store.write_fold(fold).await;
    // After finishing, the store commits on top as after a whole open.
    let mut ledger = whole;
    commit(&store, &mut ledger, Command::SaveClass(ClassDraft { is_new: false, id: "LATE".into(), description: "Late customers".into(), ..class_draft() }))
        .await;
    store.close_connection();
    let reopened = Store::open(name).await.expect("reopens whole");
    assert_eq!(reopened.n_changes, 2, "the fold's marker and the last change");
    assert_eq!(reopened.ledger, ledger);
    reopened.store.close();
}

#[wasm_bindgen_test]
async fn a_large_ledger_without_a_good_preview_opens_whole_and_has_one_after() {
    let name = "test-no-preview";
    delete_database(name).await.expect("delete");
    let opened = Store::open(name).await.expect("opens");
    let mut ledger = demo_ledger(6, DemoSize { customers: 200, invoices: 12000 }, today());
    assert!(ledger.records().len() > CHUNK_SIZE * (PROGRESSIVE_AFTER_CHUNKS + 1));
    // As a build before schema 4 left it: the snapshot's chunks and no preview (raw
    // chunks clear it), and a change on top.
    let chunks = encode_chunks(&ledger.record_refs()).expect("encode").iter().map(|b| js_sys::Uint8Array::from(b.as_slice()).into()).collect();
    opened.store.replace_with_raw_chunks(chunks).await.expect("written");
    commit(&opened.store, &mut ledger, Command::SaveClass(ClassDraft { id: "AFTER".into(), ..class_draft() })).await;
    opened.store.close();

    let whole = match Store::open_progressively(name, |_, _| panic!("no preview to show")).await.expect("opens") {
        Progressive::Whole(opened) => opened,
        Progressive::Rest(_) => panic!("without a preview a large ledger opens whole"),
    };
    assert_eq!(whole.ledger, ledger);
    whole.store.close();
    // The open wrote the preview: the next one shows it first, the change applied.
    let shown = std::cell::RefCell::new(None);
    let Progressive::Rest(rest) = Store::open_progressively(name, |store, preview| *shown.borrow_mut() = Some((store, preview))).await.expect("opens") else {
        panic!("with its preview written, it opens progressively")
    };
    let (store, preview) = shown.take().expect("the preview was shown");
    assert!(preview.classes.contains_key("AFTER"));
    assert_eq!(preview.customers.keys().collect::<Vec<_>>(), ledger.customers.keys().collect::<Vec<_>>());
    assert_eq!(store.finish_open(rest, &|_, _| {}).await.expect("finishes"), ledger);
    // A preview that does not decode is not a damaged ledger: it opens whole, and the
    // open writes a good preview again.
    store.put_raw_preview(js_sys::Uint8Array::from(&b"\xc1 not a preview"[..]).into()).await.expect("written");
    store.close_connection();
    let whole = match Store::open_progressively(name, |_, _| panic!("a damaged preview is not shown")).await.expect("opens") {
        Progressive::Whole(opened) => opened,
        Progressive::Rest(_) => panic!("with a damaged preview a large ledger opens whole"),
    };
    assert_eq!(whole.ledger, ledger);
    whole.store.close();
    let shown = std::cell::RefCell::new(None);
    let opened = Store::open_progressively(name, |store, _| *shown.borrow_mut() = Some(store)).await.expect("opens");
    assert!(matches!(opened, Progressive::Rest(_)), "the preview was written again");
    shown.take().expect("and shown").close_connection();
}

/// The golden version 1 backup's records as a schema 1 snapshot chunk held them (the
/// settings record with the counters and the logo inside).
fn golden_v1() -> (serde_json::Value, JsValue) {
    let golden: serde_json::Value = serde_json::from_str(include_str!("fixtures/backup-v1.json")).expect("JSON");
    let mut records = vec![serde_json::json!({ "Settings": golden["settings"] })];
    for (kind, key) in [("Class", "classes"), ("Customer", "customers"), ("Document", "documents")] {
        records.extend(golden[key].as_array().expect("a list").iter().map(|r| serde_json::json!({ kind: r })));
    }
    let bytes = rmp_serde::to_vec_named(&records).expect("encode");
    (golden, js_sys::Uint8Array::from(bytes.as_slice()).into())
}

#[wasm_bindgen_test]
async fn a_schema_1_database_is_upgraded_in_place_with_nothing_lost() {
    let name = "test-upgrade-1";
    delete_database(name).await.expect("delete");
    // As the schema 1 build left it: one snapshot chunk of schema 1 records.
    let old = Store::open_at_schema(name, 1).await.expect("opens at schema 1");
    let (golden, chunk) = golden_v1();
    old.replace_with_raw_chunks(vec![chunk]).await.expect("written");
    old.close();

    let opened = Store::open(name).await.expect("the upgrade opens it");
    let expected = reskontra_core::ledger::backup::from_json(include_str!("fixtures/backup-v1.json")).expect("the backup imports");
    assert_eq!(opened.ledger, expected, "everything of the schema 1 database is there");
    assert_eq!(opened.ledger.settings.logo.as_deref(), golden["settings"]["logo"].as_str());
    assert_eq!(u64::from(opened.ledger.settings.next_document_id), golden["settings"]["next_document_id"].as_u64().expect("a number"));

    // A numbered save after the upgrade: the counters move, nothing else is rewritten.
    let mut ledger = opened.ledger;
    let next_id = ledger.settings.next_document_id;
    let customer = ledger.customers.keys().next().expect("a customer").clone();
    let mut draft = reskontra_core::documents::form::new_invoice(&ledger, reskontra_core::documents::document::DocType::Invoice, &customer, today());
    draft.lines[0].unit_price = "100".into();
    let change = execute(&ledger, &Command::SaveInvoice(draft), today()).expect("saved");
    assert!(change.puts.iter().all(|r| !matches!(r, reskontra_core::Record::Settings(_) | reskontra_core::Record::Logo(_))));
    opened.store.commit(&change).await.expect("committed");
    ledger.apply(&change);
    opened.store.close();

    let reopened = Store::open(name).await.expect("reopens at the current schema");
    assert_eq!(reopened.ledger, ledger);
    assert_eq!(reopened.ledger.settings.next_document_id, next_id + 1);
    assert_eq!(reopened.ledger.settings.logo.as_deref(), golden["settings"]["logo"].as_str(), "the logo is kept");
    reopened.store.close();
}

/// An automatic snapshot (issue 14) keeps the ledger's compact records: it reads back
/// as the same ledger, and *Download* makes of it the backup JSON an export writes.
/// Snapshots taken before 2026-12-04 hold that backup JSON itself, and still read.
#[wasm_bindgen_test]
async fn an_automatic_snapshot_reads_back_as_its_ledger_and_as_backup_json() {
    use reskontra::store::snapshots::{backup_json_of, ledger_of, prepare, SnapshotKind, Snapshots};
    use reskontra_core::ledger::backup::to_json;
    let database = "test-snapshots";
    let snapshots_database = reskontra_core::companies::snapshots_database(database);
    delete_database(&snapshots_database).await.expect("delete");
    let demo = demo_ledger(3, DemoSize { customers: 30, invoices: 2500 }, today());
    let snapshots = Snapshots::open(database).await.expect("opens");
    let id = snapshots.take(prepare(&demo, today(), SnapshotKind::Daily).expect("prepared"), today()).await.expect("taken");
    let listed = snapshots.list().await.expect("listed");
    let data = snapshots.data(id).await.expect("read");
    snapshots.close();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].meta.size, data.len() as u64, "the size shown is the bytes kept");
    let json = to_json(&demo);
    assert!(data.len() * 4 < json.len(), "{} B kept vs {} B of backup JSON", data.len(), json.len());
    assert_eq!(ledger_of(&data).expect("decodes"), demo);
    assert_eq!(backup_json_of(data).expect("converts"), json.clone().into_bytes());
    // The form of earlier snapshots: the backup JSON's bytes.
    assert_eq!(ledger_of(json.as_bytes()).expect("decodes"), demo);
    assert_eq!(backup_json_of(json.clone().into_bytes()).expect("as it is"), json.into_bytes());
    delete_database(&snapshots_database).await.expect("delete");
}
