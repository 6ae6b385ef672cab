mod common;

use chrono::NaiveDate;
use common::*;
use reskontra_core::ledger::backup::{from_json, to_json, BackupError, BACKUP_VERSION};
use reskontra_core::ledger::demo::{demo_ledger, DemoSize};
use reskontra_core::ledger::invariants::check_ledger;
use reskontra_core::{Command, Record};

fn demo() -> reskontra_core::Ledger {
    demo_ledger(7, DemoSize { customers: 40, invoices: 400 }, NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid"))
}

#[test]
fn export_import_export_is_identical() {
    let ledger = demo();
    let first = to_json(&ledger);
    let imported = from_json(&first).expect("own backup imports");
    assert_eq!(imported, ledger);
    assert_eq!(to_json(&imported), first);
}

#[test]
fn demo_is_deterministic_and_sound() {
    let a = demo();
    assert_eq!(to_json(&a), to_json(&demo()));
    assert_ne!(to_json(&a), to_json(&demo_ledger(8, DemoSize { customers: 40, invoices: 400 }, NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid"))));
    assert!(check_ledger(&a).is_empty(), "{:?}", check_ledger(&a));
    assert_eq!(a.customers.len(), 40);
    // The invoices asked for, besides the schedules' templates and what they generated.
    assert_eq!(a.documents.values().filter(|d| d.doc_type == reskontra_core::documents::document::DocType::Invoice && d.schedule.is_none()).count(), 400);
    // R7: schedules of every type, some with missed occurrences at the business date.
    let types: std::collections::BTreeSet<&str> = a.schedules.values().map(|s| s.recurrence.label()).collect();
    assert_eq!(types.len(), 4, "{types:?}");
    let missed = reskontra_core::schedules::missed_occurrences(&a, NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid"));
    assert!(missed.len() >= 2 && missed.iter().all(|m| !m.dates.is_empty()), "{missed:?}");
    assert!(a.schedules.values().all(|s| s.times_executed > 0));
    assert!(a.documents.values().any(|d| d.status == reskontra_core::documents::document::DocStatus::Closed));
    assert!(a.documents.values().any(|d| d.status == reskontra_core::documents::document::DocStatus::Balanced));
}

#[test]
fn demo_holds_every_manual_type_applications_and_two_foreign_currencies() {
    use reskontra_core::documents::document::{DocStatus, DocType};
    let demo = demo_ledger(11, DemoSize { customers: 200, invoices: 1500 }, NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid"));
    assert!(check_ledger(&demo).is_empty(), "{:?}", check_ledger(&demo));
    for doc_type in DocType::INVOICE_LIKE.into_iter().chain(DocType::PAYMENT_LIKE).chain([DocType::VoidPayment]) {
        assert!(demo.documents.values().any(|d| d.doc_type == doc_type && d.status.is_released()), "no released {doc_type:?}");
    }
    let partly_paid = demo.documents.values().filter(|d| d.doc_type == DocType::Invoice && d.status == DocStatus::Open && d.balance < d.total).count();
    let fully_paid = demo.documents.values().filter(|d| d.doc_type == DocType::Invoice && d.status == DocStatus::Closed).count();
    assert!(partly_paid > 0 && fully_paid > 0, "{partly_paid} partly, {fully_paid} fully paid");
    assert!(demo.documents.values().any(|d| d.doc_type == DocType::CreditNote && !d.applications.is_empty()));
    assert!(demo.documents.values().any(|d| d.doc_type == DocType::Prepayment && !d.applications.is_empty()));
    for currency in ["EUR", "SEK"] {
        assert!(demo.customers.values().any(|c| c.currency == currency), "no {currency} customer");
        assert!(
            demo.documents.values().any(|d| d.currency == currency && d.status.is_released() && d.rate != rust_decimal::Decimal::ONE),
            "no released {currency} document"
        );
    }
    assert!(demo.customers.values().any(|c| demo.balances_of(&c.id).prepayment_balance > rust_decimal::Decimal::ZERO));
}

#[test]
fn bad_backups_are_refused_with_a_reason() {
    assert!(matches!(from_json("{not json"), Err(BackupError::NotJson(_))));
    assert_eq!(from_json("{\"format\": \"other\"}").unwrap_err(), BackupError::NotABackup);
    assert_eq!(from_json("{\"format\": \"reskontra-backup\", \"version\": 99}").unwrap_err(), BackupError::TooNew { found: 99, supported: BACKUP_VERSION });
    assert!(matches!(from_json("{\"format\": \"reskontra-backup\", \"version\": 1}"), Err(BackupError::Malformed { .. })));
    // JSON that is not an object is not a backup; a version past u32 is not read as a small one.
    assert_eq!(from_json("[1, 2]").unwrap_err(), BackupError::NotABackup);
    assert!(matches!(from_json("{\"format\": \"reskontra-backup\", \"version\": 4294967297}"), Err(BackupError::TooNew { .. })));
    // A tampered total is caught by the invariants.
    let (mut ledger, customer) = ledger_with_customer();
    let id = released_invoice(&mut ledger, &customer, "100");
    let text = to_json(&ledger).replace("\"total\": \"100.00\"", "\"total\": \"90.00\"");
    let err = from_json(&text).unwrap_err();
    assert!(matches!(err, BackupError::Inconsistent(_)), "{err:?}");
    let _ = id;
}

#[test]
fn every_record_survives_the_store_encoding() {
    // The browser store keeps records as MessagePack with field names (written by
    // rmp-serde, read by the core's own `base::msgpack`); decimals travel as strings
    // (serde-str), which is what makes this work. Every record reads back the same,
    // and the same as rmp-serde itself reads it.
    let ledger = demo();
    for record in ledger.records() {
        let bytes = rmp_serde::to_vec_named(&record).expect("encode");
        let back: Record = reskontra_core::base::msgpack::from_slice(&bytes).expect("decode");
        assert_eq!(back, record);
        assert_eq!(rmp_serde::from_slice::<Record>(&bytes).expect("rmp-serde reads it too"), back);
    }
    let _ = Command::Release(reskontra_core::documents::document::DocId(1));
}

/// The backup goes through the store's MessagePack on its way to and from JSON (one
/// copy of the records' serialisers in the wasm). The file must still be exactly what
/// serde_json itself writes, and read exactly as serde_json itself reads it: for a
/// demo ledger with every document type, and for the golden version 1 backup.
#[test]
fn the_json_is_what_serde_json_itself_writes_and_reads() {
    use reskontra_core::ledger::backup::Backup;
    let ledger = demo();
    let text = to_json(&ledger);
    let backup: Backup = serde_json::from_str(&text).expect("serde_json reads the backup");
    let mut direct = serde_json::to_string_pretty(&backup).expect("serde_json writes it");
    direct.push('\n');
    assert_eq!(text, direct);
    let v1 = include_str!("../../../tests/fixtures/backup-v1.json");
    for file in [text.as_str(), v1] {
        let by_serde_json: Backup = serde_json::from_str(file).expect("serde_json reads it");
        let imported = from_json(file).expect("imports");
        assert_eq!(imported, reskontra_core::Ledger::from_records(by_serde_json.into_records()));
    }
    // Text after the backup, and JSON that breaks off, are refused as before.
    assert!(matches!(from_json(&format!("{text} x")), Err(BackupError::Malformed { .. }) | Err(BackupError::NotJson(_))));
    assert!(from_json(&text[..text.len() / 2]).is_err());
}

/// The benchmark ledgers (`DemoExtras`): the default changes nothing; an open share
/// leaves that share of the paid-for invoices open, over every past-due bucket; the
/// schedules alternate monthly and weekly, each with one Scheduled template and a year of
/// missed occurrences, which one ranged run generates.
#[test]
fn demo_extras_make_the_benchmark_ledgers() {
    use reskontra_core::documents::document::{DocStatus, DocType};
    use reskontra_core::ledger::demo::{demo_ledger_with, DemoExtras};
    use reskontra_core::reports::ageing::{ageing_report, AgeingKind, AgeingOptions};
    use reskontra_core::schedules::{Recurrence, Stop};
    let today = NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid");
    let size = DemoSize { customers: 40, invoices: 400 };
    assert_eq!(to_json(&demo_ledger_with(7, size, DemoExtras::default(), today)), to_json(&demo()));
    let open_invoices = |l: &reskontra_core::Ledger| l.documents.values().filter(|d| d.doc_type == DocType::Invoice && d.status == DocStatus::Open).count();
    let all_open = demo_ledger_with(7, size, DemoExtras { open_share: Some(100), schedules: 0 }, today);
    let none_open = demo_ledger_with(7, size, DemoExtras { open_share: Some(0), schedules: 0 }, today);
    assert!(check_ledger(&all_open).is_empty(), "{:?}", check_ledger(&all_open));
    assert!(check_ledger(&none_open).is_empty(), "{:?}", check_ledger(&none_open));
    assert!(open_invoices(&all_open) > 350, "{}", open_invoices(&all_open));
    assert!(open_invoices(&demo()) < 200, "{}", open_invoices(&demo()));
    // Only the newest twenty days (and what credit notes left) stay open when all are paid.
    assert!(open_invoices(&none_open) < 60, "{}", open_invoices(&none_open));
    let report = ageing_report(&all_open, &AgeingOptions::new(AgeingKind::PastDue, today)).expect("report");
    let used: std::collections::BTreeSet<usize> = report.rows().map(|(_, _, r)| r.bucket).collect();
    assert_eq!(used.len(), 5, "{used:?}");

    let with_schedules = demo_ledger_with(7, size, DemoExtras { open_share: None, schedules: 10 }, today);
    assert!(check_ledger(&with_schedules).is_empty(), "{:?}", check_ledger(&with_schedules));
    let added: Vec<_> = with_schedules.schedules.values().filter(|s| s.times_executed == 0 && s.start < today - chrono::Days::new(300)).collect();
    assert_eq!(added.len(), 10);
    assert_eq!(added.iter().filter(|s| matches!(s.recurrence, Recurrence::Weekly { .. })).count(), 5);
    assert_eq!(added.iter().filter(|s| matches!(s.recurrence, Recurrence::Monthly { .. })).count(), 5);
    for s in &added {
        assert_eq!(s.templates.len(), 1);
        assert_eq!(with_schedules.documents[&s.templates[0]].status, DocStatus::Scheduled);
    }
    let ids: Vec<_> = added.iter().map(|s| s.id).collect();
    let change = reskontra_core::execute(&with_schedules, &Command::GenerateRange { ids, start_on: None, stop: Stop::OnDate(today) }, today).expect("runs");
    let generated = change.puts.iter().filter(|r| matches!(r, Record::Document(_))).count();
    // 5 × 12–13 monthly and 5 × 49–53 weekly occurrences.
    assert!((5 * 12 + 5 * 49..=5 * 13 + 5 * 53).contains(&generated), "{generated}");
}

/// An import and a snapshot read back check the ledger they built with
/// `check_built_ledger`, which leaves out comparing its balances to a recomputation
/// (they were summed from the same documents when it was built). For built ledgers,
/// sound and broken, it says exactly what `check_ledger` says.
#[test]
fn a_built_ledger_is_checked_as_check_ledger_checks_it() {
    use reskontra_core::ledger::backup::Backup;
    use reskontra_core::ledger::invariants::check_built_ledger;
    let records = || serde_json::from_str::<Backup>(&to_json(&demo())).expect("own backup").into_records();
    let sound = reskontra_core::Ledger::from_records(records());
    assert!(check_built_ledger(&sound).is_empty());
    assert_eq!(check_built_ledger(&sound), check_ledger(&sound));
    // A document of a customer that does not exist, and one whose balance is more than its amount.
    let mut broken = records();
    let mut changed = 0;
    for record in broken.iter_mut() {
        if let Record::Document(d) = record {
            match changed {
                0 => d.customer_id = "NOBODY".into(),
                1 => d.balance = d.total + rust_decimal::Decimal::ONE,
                _ => break,
            }
            changed += 1;
        }
    }
    let broken = reskontra_core::Ledger::from_records(broken);
    let found = check_built_ledger(&broken);
    assert!(found.len() >= 2, "{found:?}");
    assert_eq!(found, check_ledger(&broken));
}

/// The file is read as UTF-8 text, checked whole: a byte that is not UTF-8 anywhere in
/// it refuses it as not JSON (as serde_json reading bytes did), and nothing is read.
#[test]
fn a_backup_that_is_not_utf8_is_refused_as_not_json() {
    use reskontra_core::ledger::backup::from_json_bytes;
    let mut bytes = to_json(&demo()).into_bytes();
    let at = bytes.len() * 3 / 4;
    let quote = at + bytes[at..].iter().position(|&b| b == b'"').expect("a string after three quarters");
    bytes[quote + 1] = 0xff;
    assert!(matches!(from_json_bytes(&bytes), Err(BackupError::NotJson(_))), "{:?}", from_json_bytes(&bytes).err());
}
