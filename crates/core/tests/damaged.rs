//! A damaged backup file or damaged stored records must never panic (a panic in wasm
//! kills the page): a backup is refused with a reason or read; records that decode are
//! read, listed, reported on and processed without a panic, however wrong they are.

mod common;

use std::sync::OnceLock;

use chrono::NaiveDate;
use proptest::prelude::*;
use reskontra_core::backup::{from_json, to_json, Backup};
use reskontra_core::command::{ClassDraft, CustomerDraft, InvoiceDraft, PaymentDraft};
use reskontra_core::demo::{demo_ledger, DemoSize};
use reskontra_core::document::DocStatus;
use reskontra_core::inquiry::{
    customer_activity, customer_documents, documents_csv, open_documents, unreleased_documents,
    OpenFilter,
};
use reskontra_core::{execute, release_many, Command, Ledger, Record};
use serde_json::Value;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid")
}

fn sound() -> &'static Value {
    static SOUND: OnceLock<Value> = OnceLock::new();
    SOUND.get_or_init(|| {
        let ledger = demo_ledger(
            11,
            DemoSize {
                customers: 6,
                invoices: 24,
            },
            today(),
        );
        serde_json::from_str(&to_json(&ledger)).expect("a backup is JSON")
    })
}

/// JSON pointers to every value below `value`.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        _ => {}
    }
}

/// What a damaged file may hold instead of the right value.
fn damage(kind: u8) -> Option<Value> {
    Some(match kind {
        0 => Value::Null,
        1 => Value::String(String::new()),
        2 => Value::String("79228162514264337593543950335".into()),
        3 => Value::String("-79228162514264337593543950335".into()),
        4 => Value::String("NOPE".into()),
        5 => serde_json::json!(4_294_967_296u64),
        6 => serde_json::json!(-1),
        7 => Value::String("9999-12-31".into()),
        8 => Value::String("0.0000000000000000000000000001".into()),
        9 => serde_json::json!(1),
        _ => return None, // removed
    })
}

fn damaged(picks: &[(usize, u8)]) -> Value {
    let mut value = sound().clone();
    for &(pick, kind) in picks {
        let mut all = Vec::new();
        pointers(&value, String::new(), &mut all);
        let Some(pointer) = all.get(pick % all.len().max(1)).cloned() else {
            continue;
        };
        match damage(kind) {
            Some(v) => {
                if let Some(slot) = value.pointer_mut(&pointer) {
                    *slot = v;
                }
            }
            None => {
                let (parent, last) = pointer.rsplit_once('/').unwrap_or(("", &pointer));
                match value.pointer_mut(parent) {
                    Some(Value::Object(map)) => {
                        map.remove(&last.replace("~1", "/").replace("~0", "~"));
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(i) = last.parse::<usize>() {
                            if i < items.len() {
                                items.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    value
}

/// Everything a window, the CLI or a process reads from a ledger.
fn exercise(ledger: &Ledger) {
    let _ = ledger.recompute_balances();
    let _ = ledger.balances_match_recomputation();
    let _ = ledger.total_open_balance();
    let _ = reskontra_core::invariants::check_ledger(ledger);
    let _ = reskontra_core::journal::journal_csv(ledger);
    let _ = documents_csv(ledger, &customer_documents(ledger, None, true, true));
    let _ = unreleased_documents(ledger, None);
    let _ = open_documents(ledger, &OpenFilter::default());
    let _ = reskontra_core::processes::overdue_proposals(ledger, today());
    let _ = reskontra_core::processes::write_off_proposals(ledger, None);
    let _ = reskontra_core::credit::credit_hold_proposals(ledger, today());
    for class in ledger.classes.values() {
        let _ = ClassDraft::from_class(class);
    }
    for customer in ledger.customers.values() {
        let _ = ledger.balances_of(&customer.id);
        let _ = customer_activity(ledger, &customer.id);
        let _ = CustomerDraft::for_editing(customer, ledger);
        let _ = reskontra_core::master::consolidated_balance(ledger, &customer.id);
        let _ = reskontra_core::credit::remaining_credit(ledger, &customer.id);
        let _ = reskontra_core::credit::first_due_date(ledger, &customer.id);
        let _ = reskontra_core::credit::policy_violation(ledger, &customer.id, today());
        let _ = ledger.open_invoices_of(&customer.id);
    }
    for doc in ledger.documents.values() {
        let _ = InvoiceDraft::from_document(doc);
        let _ = PaymentDraft::from_document(doc);
        let _ = reskontra_core::invoice_delivery::invoice_email(ledger, doc.id, today());
    }
    let unreleased: Vec<_> = ledger
        .documents
        .values()
        .filter(|d| !d.status.is_released() && d.status != DocStatus::Voided)
        .map(|d| d.id)
        .collect();
    let _ = release_many(ledger, &unreleased, today());
    for command in [
        Command::CalculateOverdueCharges(today()),
        Command::WriteOff {
            date: today(),
            limit: None,
        },
        Command::UpdateCreditHold(today()),
    ] {
        let _ = execute(ledger, &command, today());
    }
    let _ = to_json(ledger);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn a_damaged_backup_is_refused_or_read_never_a_panic(picks in prop::collection::vec((any::<usize>(), 0u8..11), 1..4)) {
        let value = damaged(&picks);
        let text = serde_json::to_string(&value).expect("JSON");
        if let Ok(ledger) = from_json(&text) {
            exercise(&ledger);
        }
    }

    #[test]
    fn damaged_records_that_decode_never_panic(picks in prop::collection::vec((any::<usize>(), 0u8..11), 1..4)) {
        // The store decodes each record on its own and builds the ledger without the
        // backup's invariant check: the windows must still cope.
        if let Ok(backup) = serde_json::from_value::<Backup>(damaged(&picks)) {
            let records: Vec<Record> = std::iter::once(Record::Settings(backup.settings))
                .chain(backup.classes.into_iter().map(Record::Class))
                .chain(backup.customers.into_iter().map(Record::Customer))
                .chain(backup.documents.into_iter().map(Record::Document))
                .collect();
            // As the store does: records with numbers out of range are not opened.
            if reskontra_core::invariants::first_out_of_range(&records).is_none() {
                exercise(&Ledger::from_records(records));
            }
        }
    }
}

#[test]
fn the_sound_backup_reads_back() {
    // The damage above is measured against a backup that is itself good.
    let text = serde_json::to_string(sound()).expect("JSON");
    let ledger = from_json(&text).expect("the sound backup reads");
    assert!(ledger.documents.len() >= 24);
    let _ = common::day("2026-01-01");
}

#[test]
fn amounts_too_large_to_keep_are_refused_beside_their_field() {
    use common::{fields, invoice_draft, ledger_with_customer, line, run};
    let (mut ledger, customer) = ledger_with_customer();
    let before = ledger.clone();
    // Each factor is allowed (15 digits); their product is not, and must not overflow.
    let problems = run(
        &mut ledger,
        Command::SaveInvoice(invoice_draft(
            &customer,
            "2026-03-01",
            vec![line("999999999999999", "999999999999999", "", "HIGH")],
        )),
    )
    .unwrap_err();
    assert_eq!(fields(&problems), vec!["lines.0.unit_price".to_string()]);
    assert!(
        problems[0].message.contains("must stay under"),
        "{problems:?}"
    );
    // A discount over 100 % is said at the discount, not as a line out of range.
    let problems = run(&mut ledger, Command::SaveInvoice(invoice_draft(&customer, "2026-03-01", vec![line("1", "100", "150", "HIGH")]))).unwrap_err();
    assert_eq!(fields(&problems), vec!["lines.0.discount_pct".to_string()]);
    // Lines each in range whose total is not.
    let big = line("1", "600000000000000", "", "HIGH");
    let problems = run(
        &mut ledger,
        Command::SaveInvoice(invoice_draft(
            &customer,
            "2026-03-01",
            vec![big.clone(), big],
        )),
    )
    .unwrap_err();
    assert_eq!(fields(&problems), vec!["lines".to_string()]);
    // A currency rate over 1 000 000 is refused in the rate table.
    let mut tables =
        reskontra_core::reference::ReferenceTablesDraft::from_settings(&ledger.settings);
    tables
        .currency_rates
        .push(reskontra_core::reference::CurrencyRateDraft {
            currency: "SEK".into(),
            effective: "2026-01-01".into(),
            rate: "1000001".into(),
            ..Default::default()
        });
    let problems = run(&mut ledger, Command::SaveReferenceTables(tables)).unwrap_err();
    assert!(
        fields(&problems).iter().all(|f| f.ends_with(".rate")),
        "{problems:?}"
    );
    assert_eq!(ledger, before);
}

#[test]
fn a_backup_with_an_amount_out_of_range_is_refused_with_the_reason() {
    let mut value = sound().clone();
    value["documents"][0]["total"] = Value::String("79228162514264337593543950335".into());
    let err = from_json(&value.to_string()).unwrap_err();
    assert!(err.to_string().contains("out of range"), "{err}");
}
