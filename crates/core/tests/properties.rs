//! Property tests: after any sequence of commands the maintained balances equal a
//! recomputation, every ledger invariant holds, released documents never change
//! except balance and status, and reference numbers stay unique.

mod common;

use std::collections::BTreeMap;

use common::*;
use proptest::prelude::*;
use reskontra_core::command::{CustomerDraft, InvoiceDraft};
use reskontra_core::customer::CustomerStatus;
use reskontra_core::document::{DocId, Document};
use reskontra_core::invariants::check_ledger;
use reskontra_core::{execute, release_many, Command, Ledger};

#[derive(Debug, Clone)]
enum Step {
    Invoice { customer: usize, price: u32, hold: bool },
    Payment { customer: usize, amount: u32, apply_pct: u8 },
    Release(usize),
    ReleaseAll,
    Delete(usize),
    Unhold(usize),
    Status { customer: usize, status: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..3usize, 0..5_000u32, any::<bool>()).prop_map(|(customer, price, hold)| Step::Invoice { customer, price, hold }),
        (0..3usize, 1..6_000u32, 0..=120u8).prop_map(|(customer, amount, apply_pct)| Step::Payment { customer, amount, apply_pct }),
        (0..40usize).prop_map(Step::Release),
        Just(Step::ReleaseAll),
        (0..40usize).prop_map(Step::Delete),
        (0..40usize).prop_map(Step::Unhold),
        (0..3usize, 0..5usize).prop_map(|(customer, status)| Step::Status { customer, status }),
    ]
}

fn customers(ledger: &mut Ledger) -> Vec<String> {
    let (_, first) = ledger_with_customer_into(ledger);
    let class = ledger.classes["DOMESTIC"].clone();
    let mut ids = vec![first];
    for name in ["Havbris Marine AS", "Solberg Data AS"] {
        let mut draft = CustomerDraft::new_of_class(&class, &ledger.settings);
        draft.name = name.into();
        let change = ok(ledger, Command::SaveCustomer(draft));
        if let reskontra_core::Record::Customer(c) = &change.puts[0] {
            ids.push(c.id.clone());
        }
    }
    ids
}

fn ledger_with_customer_into(ledger: &mut Ledger) -> ((), String) {
    let (fresh, id) = ledger_with_customer();
    *ledger = fresh;
    ((), id)
}

fn nth_doc(ledger: &Ledger, n: usize) -> Option<DocId> {
    let ids: Vec<DocId> = ledger.documents.keys().copied().collect();
    if ids.is_empty() {
        None
    } else {
        Some(ids[n % ids.len()])
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_command_sequence_keeps_the_ledger_sound(steps in proptest::collection::vec(step(), 1..40)) {
        let mut ledger = Ledger::default();
        let ids = customers(&mut ledger);
        let mut released: BTreeMap<DocId, Document> = BTreeMap::new();
        for step in steps {
            let command = match step {
                Step::Invoice { customer, price, hold } => {
                    let mut draft = invoice_draft(&ids[customer], "2026-03-01", vec![line("1", &format!("{}.{:02}", price / 100, price % 100), "", "HIGH")]);
                    draft.hold = hold;
                    Some(Command::SaveInvoice(draft))
                }
                Step::Payment { customer, amount, apply_pct } => {
                    let amount_text = format!("{}.{:02}", amount / 10, amount % 10);
                    let open = ledger.open_invoices_of(&ids[customer]);
                    let applications: Vec<(DocId, String)> = open
                        .first()
                        .map(|inv| (inv.id, (inv.balance * rust_decimal::Decimal::from(apply_pct) / rust_decimal::Decimal::from(100)).round_dp(2).to_string()))
                        .into_iter()
                        .collect();
                    let refs: Vec<(DocId, &str)> = applications.iter().map(|(id, a)| (*id, a.as_str())).collect();
                    Some(Command::SavePayment(payment_draft(&ids[customer], &amount_text, &refs)))
                }
                Step::Release(n) => nth_doc(&ledger, n).map(Command::Release),
                Step::Delete(n) => nth_doc(&ledger, n).map(Command::DeleteDocument),
                Step::Unhold(n) => nth_doc(&ledger, n).and_then(|id| {
                    let doc = &ledger.documents[&id];
                    (doc.doc_type == reskontra_core::document::DocType::Invoice).then(|| {
                        let mut draft = InvoiceDraft::from_document(doc);
                        draft.hold = false;
                        Command::SaveInvoice(draft)
                    })
                }),
                Step::Status { customer, status } => {
                    let mut draft = CustomerDraft::from_customer(&ledger.customers[&ids[customer]]);
                    draft.status = CustomerStatus::ALL[status];
                    Some(Command::SaveCustomer(draft))
                }
                Step::ReleaseAll => {
                    let all: Vec<DocId> = ledger.documents.keys().copied().collect();
                    let (change, _) = release_many(&ledger, &all, day(TODAY));
                    ledger.apply(&change);
                    None
                }
            };
            if let Some(command) = command {
                let before = ledger.clone();
                match execute(&ledger, &command, day(TODAY)) {
                    Ok(change) => ledger.apply(&change),
                    Err(_) => prop_assert_eq!(&ledger, &before),
                }
            }
            prop_assert!(ledger.balances_match_recomputation());
            let broken = check_ledger(&ledger);
            prop_assert!(broken.is_empty(), "{:?}", broken);
            for (id, content) in &released {
                let now = ledger.documents.get(id);
                prop_assert!(now.is_some(), "released document {:?} disappeared", id);
                prop_assert_eq!(&now.map(|d| d.released_content()), &Some(content.clone()));
            }
            for doc in ledger.documents.values().filter(|d| d.status.is_released()) {
                released.entry(doc.id).or_insert_with(|| doc.released_content());
            }
        }
    }
}
