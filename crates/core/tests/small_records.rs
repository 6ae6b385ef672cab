//! Small records (store schema 2, backup 2): the counters and the logo have records of
//! their own, so a numbered save writes the document and the small counters record,
//! not the whole settings; and a version 1 backup, whose settings hold both, still
//! imports with nothing lost.

#[path = "../../../src/store/codec.rs"]
#[allow(dead_code)]
mod codec;

use chrono::NaiveDate;
use reskontra_core::command::{InvoiceDraft, LineDraft, SettingsDraft};
use reskontra_core::ledger::backup::{from_json, to_json, BACKUP_VERSION};
use reskontra_core::ledger::demo::{demo_ledger, DemoSize};
use reskontra_core::settings::{Counters, SeriesKind};
use reskontra_core::{execute, Command, Ledger, Record};

const GOLDEN_V1: &str = include_str!("../../../tests/fixtures/backup-v1.json");

const TINY_PNG: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid")
}

fn with_logo(kb: usize) -> Ledger {
    let mut ledger = demo_ledger(1, DemoSize { customers: 250, invoices: 3000 }, today());
    ledger.settings.logo = Some(format!("data:image/png;base64,{}", "A".repeat(kb * 1024)));
    ledger
}

fn invoice_save(ledger: &Ledger) -> reskontra_core::Change {
    let customer = ledger.customers.keys().next().expect("a customer").clone();
    let line =
        LineDraft { description: "Item".into(), quantity: "1".into(), unit_price: "100".into(), discount_pct: String::new(), vat_category: "HIGH".into() };
    let draft = InvoiceDraft { customer_id: customer, date: "2026-06-30".into(), lines: vec![line], ..InvoiceDraft::default() };
    execute(ledger, &Command::SaveInvoice(draft), today()).expect("saved")
}

#[test]
fn saving_an_invoice_writes_the_invoice_and_the_counters_only() {
    // Measured before the split (schema 1): 5 444 bytes per invoice save with no logo,
    // 107 870 bytes with a 100 KB logo (the whole settings went with every save).
    for kb in [0, 100] {
        let ledger = with_logo(kb);
        let change = invoice_save(&ledger);
        let kinds: Vec<&str> = change
            .puts
            .iter()
            .map(|r| match r {
                Record::Document(_) => "document",
                Record::Counters(_) => "counters",
                Record::Settings(_) => "settings",
                Record::Logo(_) => "logo",
                Record::Class(_) | Record::Customer(_) => "master data",
                Record::Template(_) | Record::Email(_) => "mailings",
                Record::Schedule(_) => "schedules",
            })
            .collect();
        assert_eq!(kinds, ["document", "counters"], "logo {kb} KB");
        let bytes = codec::encode_change(&change).expect("encode").len();
        println!("logo {kb} KB: {bytes} bytes written per invoice save");
        assert!(bytes < 2_000, "logo {kb} KB: {bytes} bytes");
    }
}

#[test]
fn the_logo_is_written_only_when_it_changes() {
    let mut ledger = with_logo(0);
    ledger.settings.logo = Some(TINY_PNG.to_string());
    let mut draft = SettingsDraft::from_settings(&ledger.settings);
    draft.company_name = "Nordlys Demo ASA".into();
    let change = execute(&ledger, &Command::SaveSettings(draft.clone()), today()).expect("saved");
    assert!(change.puts.iter().all(|r| !matches!(r, Record::Logo(_))), "a rename does not rewrite the logo");
    ledger.apply(&change);
    draft.logo = None;
    let change = execute(&ledger, &Command::SaveSettings(draft), today()).expect("saved");
    assert!(change.puts.contains(&Record::Logo(None)));
    // Through the store's encoding, as another tab or a reopen reads it.
    let decoded = codec::decode_change(&codec::encode_change(&change).expect("encode")).expect("decode");
    ledger.apply(&decoded);
    assert_eq!((ledger.settings.logo.as_deref(), ledger.settings.company_name.as_str()), (None, "Nordlys Demo ASA"));
}

#[test]
fn counters_survive_the_store_and_a_reopen() {
    let mut ledger = with_logo(1);
    let mut reopened = Ledger::from_records(ledger.records());
    for _ in 0..3 {
        let change = codec::decode_change(&codec::encode_change(&invoice_save(&ledger)).expect("encode")).expect("decode");
        ledger.apply(&change);
        reopened.apply(&change);
    }
    let chunks = codec::encode_chunks(&ledger.record_refs()).expect("encode");
    let from_snapshot = Ledger::from_records(chunks.iter().flat_map(|c| codec::decode_chunk(c).expect("decode")));
    assert_eq!(from_snapshot, ledger);
    assert_eq!(reopened, ledger);
    assert_eq!(from_snapshot.settings.logo, ledger.settings.logo);
    assert_eq!(Counters::of(&from_snapshot.settings), Counters::of(&ledger.settings));
}

#[test]
fn a_version_1_backup_imports_with_nothing_lost() {
    let golden: serde_json::Value = serde_json::from_str(GOLDEN_V1).expect("JSON");
    assert_eq!(golden["version"], 1);
    let ledger = from_json(GOLDEN_V1).expect("a v1 backup imports");
    let settings = &golden["settings"];
    assert_eq!(u64::from(ledger.settings.next_document_id), settings["next_document_id"].as_u64().expect("a number"));
    assert_eq!(ledger.settings.series[&SeriesKind::Invoice].next_number, settings["series"]["Invoice"]["next_number"].as_u64().expect("a number"));
    assert_eq!(ledger.settings.logo.as_deref(), settings["logo"].as_str());
    assert!(ledger.settings.logo.is_some(), "the golden backup has a logo");
    assert_eq!(ledger.documents.len(), golden["documents"].as_array().expect("documents").len());
    assert_eq!(ledger.customers.len(), golden["customers"].as_array().expect("customers").len());
    // Written again it is version 2, and reads back the same.
    let again = to_json(&ledger);
    assert!(again.contains(&format!("\"version\": {BACKUP_VERSION}")));
    assert_eq!(from_json(&again).expect("v2 reads back"), ledger);
    // The next invoice takes the next number of the v1 counters.
    let change = invoice_save(&ledger);
    let Some(Record::Document(doc)) = change.puts.first() else { panic!("the document first") };
    assert_eq!(doc.id.0, ledger.settings.next_document_id);
}

#[test]
fn a_version_2_backup_without_counters_is_refused() {
    let ledger = from_json(GOLDEN_V1).expect("imports");
    let mut v2: serde_json::Value = serde_json::from_str(&to_json(&ledger)).expect("JSON");
    v2.as_object_mut().expect("object").remove("counters");
    assert!(from_json(&v2.to_string()).is_err());
}

/// The golden version 1 backup's records as a schema 1 store chunk held them: the
/// settings record with its counters and logo inside (MessagePack with field names).
fn golden_v1_chunk() -> Vec<u8> {
    let golden: serde_json::Value = serde_json::from_str(GOLDEN_V1).expect("JSON");
    let mut records = vec![serde_json::json!({ "Settings": golden["settings"] })];
    for (kind, key) in [("Class", "classes"), ("Customer", "customers"), ("Document", "documents")] {
        records.extend(golden[key].as_array().expect("a list").iter().map(|r| serde_json::json!({ kind: r })));
    }
    rmp_serde::to_vec_named(&records).expect("encode")
}

#[test]
fn a_schema_1_snapshot_chunk_opens_with_its_counters_and_logo() {
    let records = codec::decode_chunk(&golden_v1_chunk()).expect("a schema 1 chunk decodes");
    assert_eq!(Ledger::from_records(records), from_json(GOLDEN_V1).expect("imports"));
}
