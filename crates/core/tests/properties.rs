//! Property tests: after any sequence of commands the maintained balances equal a
//! recomputation, every ledger invariant holds, released documents never change
//! except balance and status, and reference numbers stay unique; and the sequences
//! really do things (how many commands of each kind were carried out is counted).

mod common;

use std::collections::BTreeMap;

use common::*;
use proptest::prelude::*;
use reskontra_core::command::{ApplicationDraft, CustomerDraft, InvoiceDraft};
use reskontra_core::customers::customer::CustomerStatus;
use reskontra_core::documents::document::{DocId, Document};
use reskontra_core::documents::document::{DocStatus, DocType};
use reskontra_core::ledger::invariants::check_ledger;
use reskontra_core::{execute, release_many, Command, Ledger};
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
enum Step {
    Invoice {
        customer: usize,
        price: u32,
        hold: bool,
        kind: usize,
    },
    Payment {
        customer: usize,
        amount: u32,
        apply_pct: u8,
        prepayment: bool,
    },
    Apply(usize, u8),
    Reverse(usize),
    Void(usize),
    Refund(usize),
    Release(usize),
    ReleaseAll,
    Delete(usize),
    Unhold(usize),
    Status {
        customer: usize,
        status: usize,
    },
    /// Switches the print / email preferences (R4.5).
    Delivery {
        print: bool,
        email: bool,
    },
    /// The customer wants invoices printed / emailed.
    CustomerDelivery {
        customer: usize,
        print: bool,
        email: bool,
    },
    Print(usize),
    Email(usize),
    /// *Add to schedule* on a document (R7.2): a monthly schedule listing it.
    Schedule(usize),
    /// Takes the first template off a schedule (it becomes Voided).
    Unschedule(usize),
    /// A plain run of every schedule (R7.3).
    RunSchedules,
    /// A ranged run: the next `n` occurrences of every schedule (R7.4).
    GenerateAhead(u32),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        1 => (0..3usize, 0..5_000u32, any::<bool>(), 0..8usize).prop_map(|(customer, price, hold, kind)| Step::Invoice { customer, price, hold, kind }),
        1 => (0..3usize, 1..6_000u32, 0..=120u8, any::<bool>()).prop_map(|(customer, amount, apply_pct, prepayment)| Step::Payment {
            customer,
            amount,
            apply_pct,
            prepayment
        }),
        // Apply and Reverse find a target less often (an open credit beside an open
        // invoice of its customer), so they are drawn more often.
        4 => (0..40usize, 1..=100u8).prop_map(|(n, pct)| Step::Apply(n, pct)),
        3 => (0..40usize).prop_map(Step::Reverse),
        1 => (0..40usize).prop_map(Step::Void),
        1 => (0..40usize).prop_map(Step::Refund),
        1 => (0..40usize).prop_map(Step::Release),
        1 => Just(Step::ReleaseAll),
        1 => (0..40usize).prop_map(Step::Delete),
        1 => (0..40usize).prop_map(Step::Unhold),
        1 => (0..3usize, 0..5usize).prop_map(|(customer, status)| Step::Status { customer, status }),
        1 => (any::<bool>(), any::<bool>()).prop_map(|(print, email)| Step::Delivery { print, email }),
        1 => (0..3usize, any::<bool>(), any::<bool>()).prop_map(|(customer, print, email)| Step::CustomerDelivery { customer, print, email }),
        1 => (0..40usize).prop_map(Step::Print),
        1 => (0..40usize).prop_map(Step::Email),
    ]
}

/// The steps of the recurring-documents property (R7): every other kind, and the
/// schedules' commands (add to schedule, remove a template, plain and ranged runs).
fn schedule_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => step(),
        1 => (0..4usize, 0..40usize).prop_map(|(which, n)| match which {
            0 => Step::Schedule(n),
            1 => Step::Unschedule(n % 4),
            2 => Step::RunSchedules,
            _ => Step::GenerateAhead(1 + (n % 2) as u32),
        }),
    ]
}

fn customers(ledger: &mut Ledger) -> Vec<String> {
    let (_, first) = ledger_with_customer_into(ledger);
    let class = ledger.classes["DOMESTIC"].clone();
    let mut ids = vec![first];
    // The third customer is in EUR, whose rate moves between invoice (2026-03-01) and
    // payment (2026-03-15) dates, so applications realise currency gains (R4.11).
    let mut tables = reskontra_core::settings::reference::ReferenceTablesDraft::from_settings(&ledger.settings);
    for (effective, rate) in [("2026-01-01", "11.73"), ("2026-03-10", "11.37")] {
        tables.currency_rates.push(reskontra_core::settings::reference::CurrencyRateDraft {
            currency: "EUR".into(),
            effective: effective.into(),
            rate: rate.into(),
            ..Default::default()
        });
    }
    ok(ledger, Command::SaveReferenceTables(tables));
    for (name, currency) in [("Havbris Marine AS", "NOK"), ("Solberg Data AS", "EUR")] {
        let mut draft = CustomerDraft::new_of_class(&class, &ledger.settings);
        draft.name = name.into();
        draft.currency = currency.into();
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

/// The id of the nth document (cyclically) that satisfies `pred`.
fn nth_where(ledger: &Ledger, n: usize, pred: impl Fn(&Document) -> bool) -> Option<DocId> {
    let ids: Vec<DocId> = ledger.documents.values().filter(|d| pred(d)).map(|d| d.id).collect();
    if ids.is_empty() {
        None
    } else {
        Some(ids[n % ids.len()])
    }
}

/// How often each kind of command was tried and carried out, over every case.
#[derive(Default)]
struct Tally(std::sync::Mutex<BTreeMap<&'static str, (usize, usize)>>);

impl Tally {
    fn count(&self, kind: &'static str, carried_out: bool) {
        let mut counts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let entry = counts.entry(kind).or_default();
        entry.0 += 1;
        entry.1 += usize::from(carried_out);
    }
}

fn kind_of(command: &Command) -> &'static str {
    match command {
        Command::SaveInvoice(_) => "save invoice",
        Command::SavePayment(_) => "save payment",
        Command::Apply { .. } => "apply",
        Command::ReverseApplication { .. } => "reverse",
        Command::VoidPayment(_) => "void",
        Command::Release(_) => "release",
        Command::DeleteDocument(_) => "delete",
        Command::SaveCustomer(_) => "save customer",
        Command::SaveSettings(_) => "save settings",
        Command::MarkPrinted(_) => "mark printed",
        Command::MarkEmailed(_) => "mark emailed",
        Command::SaveSchedule(_) => "save schedule",
        Command::RemoveFromSchedule { .. } => "remove from schedule",
        Command::RunSchedules(_) => "run schedules",
        Command::GenerateRange { .. } => "generate range",
        _ => "other",
    }
}

fn run_steps(steps: Vec<Step>, tally: &Tally) -> Result<(), TestCaseError> {
    let mut ledger = Ledger::default();
    let ids = customers(&mut ledger);
    let mut released: BTreeMap<DocId, (Document, Vec<reskontra_core::documents::document::Application>)> = BTreeMap::new();
    for step in steps {
        let command = match step {
            Step::Invoice { customer, price, hold, kind } => {
                let mut draft = invoice_draft(&ids[customer], "2026-03-01", vec![line("1", &format!("{}.{:02}", price / 100, price % 100), "", "HIGH")]);
                draft.hold = hold;
                // Invoices most often; every other invoice-like type too.
                draft.doc_type = *DocType::INVOICE_LIKE.get(kind).unwrap_or(&DocType::Invoice);
                Some(Command::SaveInvoice(draft))
            }
            Step::Apply(n, pct) => nth_where(&ledger, n, |d| d.doc_type.is_applicable_credit() && d.status == DocStatus::Open).and_then(|id| {
                let doc = &ledger.documents[&id];
                let target = ledger.open_invoices_of(&doc.customer_id).first().map(|t| (t.id, t.balance))?;
                let amount = (doc.balance.min(target.1) * Decimal::from(pct) / Decimal::from(100)).round_dp(2);
                Some(Command::Apply { id, applications: vec![ApplicationDraft::new(target.0, amount.to_string())] })
            }),
            Step::Reverse(n) => nth_where(&ledger, n, |d| d.status.is_released() && !d.applications.is_empty()).and_then(|id| {
                let target = ledger.documents[&id].applications.first()?.target;
                Some(Command::ReverseApplication { id, target })
            }),
            Step::Void(n) => nth_doc(&ledger, n).map(Command::VoidPayment),
            Step::Refund(n) => nth_doc(&ledger, n).and_then(|id| {
                let doc = &ledger.documents[&id];
                (doc.doc_type.is_applicable_credit() && doc.status == DocStatus::Open).then(|| {
                    let mut draft = payment_draft(&doc.customer_id, &doc.balance.to_string(), &[(id, &doc.balance.to_string())]);
                    draft.doc_type = DocType::Refund;
                    Command::SavePayment(draft)
                })
            }),
            Step::Payment { customer, amount, apply_pct, prepayment } => {
                let amount_text = format!("{}.{:02}", amount / 10, amount % 10);
                let open = ledger.open_invoices_of(&ids[customer]);
                let applications: Vec<(DocId, String)> = open
                    .first()
                    .map(|inv| (inv.id, (inv.balance * rust_decimal::Decimal::from(apply_pct) / rust_decimal::Decimal::from(100)).round_dp(2).to_string()))
                    .into_iter()
                    .collect();
                let refs: Vec<(DocId, &str)> = applications.iter().map(|(id, a)| (*id, a.as_str())).collect();
                let mut draft = payment_draft(&ids[customer], &amount_text, &refs);
                if prepayment {
                    draft.doc_type = DocType::Prepayment;
                }
                Some(Command::SavePayment(draft))
            }
            Step::Release(n) => nth_doc(&ledger, n).map(Command::Release),
            Step::Delete(n) => nth_doc(&ledger, n).map(Command::DeleteDocument),
            Step::Unhold(n) => nth_doc(&ledger, n).and_then(|id| {
                let doc = &ledger.documents[&id];
                doc.doc_type.is_invoice_like().then(|| {
                    let mut draft = InvoiceDraft::from_document(doc, reskontra_core::NumberFormat::English);
                    draft.hold = false;
                    Command::SaveInvoice(draft)
                })
            }),
            Step::Status { customer, status } => {
                let mut draft = CustomerDraft::from_customer(&ledger.customers[&ids[customer]], reskontra_core::NumberFormat::English);
                draft.status = CustomerStatus::ALL[status];
                Some(Command::SaveCustomer(draft))
            }
            Step::Delivery { print, email } => {
                let mut draft = reskontra_core::command::SettingsDraft::from_settings(&ledger.settings);
                draft.require_invoice_printing_before_release = print;
                draft.require_invoice_emailing_before_release = email;
                draft.company_email = "faktura@mittfirma.no".into();
                Some(Command::SaveSettings(draft))
            }
            Step::CustomerDelivery { customer, print, email } => {
                let mut draft = CustomerDraft::from_customer(&ledger.customers[&ids[customer]], reskontra_core::NumberFormat::English);
                draft.print_email.print_invoices = print;
                draft.print_email.email_invoices = email;
                Some(Command::SaveCustomer(draft))
            }
            Step::Print(n) => nth_doc(&ledger, n).map(Command::MarkPrinted),
            Step::Email(n) => nth_doc(&ledger, n).map(Command::MarkEmailed),
            Step::Schedule(n) => nth_where(&ledger, n, |d| reskontra_core::schedules::draft::template_problem(d).is_none())
                .map(|id| Command::SaveSchedule(reskontra_core::schedules::ScheduleDraft::for_document(&ledger.documents[&id]))),
            Step::Unschedule(n) => {
                ledger.schedules.values().nth(n).and_then(|s| Some(Command::RemoveFromSchedule { schedule: s.id, document: *s.templates.first()? }))
            }
            Step::RunSchedules => Some(Command::RunSchedules(vec![])),
            Step::GenerateAhead(n) => Some(Command::GenerateRange { ids: vec![], start_on: None, stop: reskontra_core::schedules::Stop::AfterCount(n) }),
            Step::ReleaseAll => {
                let all: Vec<DocId> = ledger.documents.keys().copied().collect();
                let (change, results) = release_many(&ledger, &all, day(TODAY));
                for result in &results {
                    tally.count("release all (per document)", result.outcome.is_ok());
                }
                ledger.apply(&change);
                None
            }
        };
        if let Some(command) = command {
            let before = ledger.clone();
            let kind = kind_of(&command);
            match execute(&ledger, &command, day(TODAY)) {
                Ok(change) => {
                    ledger.apply(&change);
                    tally.count(kind, true);
                }
                Err(_) => {
                    tally.count(kind, false);
                    prop_assert_eq!(&ledger, &before);
                }
            }
        }
        prop_assert!(ledger.balances_match_recomputation());
        // A released invoice that the preferences held back was printed / emailed first.
        for doc in ledger.documents.values().filter(|d| d.status.is_released() && !d.is_template() && !released.contains_key(&d.id)) {
            let customer = ledger.customers.get(&doc.customer_id);
            prop_assert!(
                reskontra_core::documents::invoice_delivery::release_refusal(&ledger.settings, customer, doc).is_none(),
                "{} was released while pending",
                doc.ref_nbr
            );
        }
        let broken = check_ledger(&ledger);
        prop_assert!(broken.is_empty(), "{:?}", broken);
        // SPEC R5.6: the customer ledger (1500) and prepayment (2900) accounts hold the
        // customers' released balances, prepayments included, to the cent.
        let on_accounts: Decimal = reskontra_core::accounting::journal::journal_rows(&ledger)
            .iter()
            .filter(|r| r.account == "1500" || r.account == "2900")
            .map(|r| r.debit - r.credit)
            .sum();
        prop_assert_eq!(on_accounts, ledger.total_open_balance());
        for (id, (content, applications)) in &released {
            let now = ledger.documents.get(id);
            prop_assert!(now.is_some(), "released document {:?} disappeared", id);
            let now = now.expect("checked");
            prop_assert_eq!(&now.released_content(), content);
            // Applications of a released document are history: only appended to.
            prop_assert!(now.applications.starts_with(applications), "applications of {:?} were rewritten", id);
        }
        for doc in ledger.documents.values().filter(|d| d.status.is_released()) {
            released.insert(doc.id, (doc.released_content(), doc.applications.clone()));
        }
    }
    Ok(())
}

#[test]
fn any_command_sequence_keeps_the_ledger_sound() {
    let tally = Tally::default();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 256,
        // The saved failing cases of `properties.proptest-regressions` run first.
        source_file: Some(file!()),
        failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::SourceParallel("proptest-regressions"))),
        ..ProptestConfig::default()
    });
    let result = runner.run(&proptest::collection::vec(step(), 1..60), |steps| run_steps(steps, &tally));
    if let Err(failure) = result {
        panic!("{failure}");
    }
    // The sequences must do something: a property that holds because every command
    // was refused proves nothing. Each kind that moves money must be carried out
    // often, and commands overall in a healthy share.
    let counts = tally.0.into_inner().unwrap_or_else(|e| e.into_inner());
    eprintln!("tried and carried out, per kind: {counts:?}");
    let (tried, done) = counts.values().fold((0, 0), |(t, d), (kt, kd)| (t + kt, d + kd));
    assert!(done * 3 >= tried, "only {done} of {tried} commands were carried out: {counts:?}");
    // Seen over 256 cases: 19 to 34 applies and 9 to 14 reversals carried out (they need an
    // open credit beside an open invoice of its customer), voids 35 to 46, the rest more.
    let least = [
        ("apply", 8),
        ("reverse", 4),
        ("save invoice", 20),
        ("save payment", 20),
        ("release", 20),
        ("void", 20),
        ("delete", 20),
        ("release all (per document)", 20),
    ];
    for (kind, at_least) in least {
        let (kind_tried, kind_done) = counts.get(kind).copied().unwrap_or_default();
        assert!(kind_done >= at_least, "{kind}: carried out {kind_done} of {kind_tried} times: {counts:?}");
    }
}

/// The same soundness with schedules in the mix (R7): templates, plain and ranged runs
/// keep every invariant (no occurrence twice, templates Scheduled or Voided, balances).
#[test]
fn any_command_sequence_with_schedules_keeps_the_ledger_sound() {
    let tally = Tally::default();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases: 256, ..ProptestConfig::default() });
    let result = runner.run(&proptest::collection::vec(schedule_step(), 1..60), |steps| run_steps(steps, &tally));
    if let Err(failure) = result {
        panic!("{failure}");
    }
    let counts = tally.0.into_inner().unwrap_or_else(|e| e.into_inner());
    eprintln!("tried and carried out, per kind: {counts:?}");
    for (kind, at_least) in [("save schedule", 20), ("run schedules", 20), ("generate range", 20), ("release", 20)] {
        let (kind_tried, kind_done) = counts.get(kind).copied().unwrap_or_default();
        assert!(kind_done >= at_least, "{kind}: carried out {kind_done} of {kind_tried} times: {counts:?}");
    }
}
