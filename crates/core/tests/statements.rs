//! Statements (SPEC R9.1): Balance brought forward across three statement dates, Open
//! item with ageing, consolidated children, multi-currency sections, who is left out,
//! and processing.

mod common;

use common::*;
use reskontra_core::command::CustomerDraft;
use reskontra_core::customers::customer::{CustomerStatus, ParentLink, StatementType};
use reskontra_core::documents::document::{DocId, DocType};
use reskontra_core::reports::statement::{prepare_statements, statement, statement_html, statements_csv, PlannedStatement};
use reskontra_core::{execute, Command, Ledger};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn at(ledger: &mut Ledger, command: Command, on: &str) -> reskontra_core::Change {
    let change = execute(ledger, &command, day(on)).unwrap_or_else(|p| panic!("{command:?} refused: {p:?}"));
    ledger.apply(&change);
    change
}

fn invoice(ledger: &mut Ledger, customer: &str, date: &str, price: &str) -> DocId {
    let id = new_document(&at(ledger, Command::SaveInvoice(invoice_draft(customer, date, vec![line("1", price, "", "EXEMPT")])), date)).id;
    at(ledger, Command::Release(id), date);
    id
}

fn payment(ledger: &mut Ledger, customer: &str, date: &str, amount: &str, to: &[(DocId, &str)]) -> DocId {
    let mut draft = payment_draft(customer, amount, to);
    draft.date = date.into();
    let id = new_document(&at(ledger, Command::SavePayment(draft), date)).id;
    at(ledger, Command::Release(id), date);
    id
}

fn set_up(ledger: &mut Ledger, customer: &str, change: impl FnOnce(&mut CustomerDraft)) {
    let mut draft = CustomerDraft::from_customer(&ledger.customers[customer], reskontra_core::NumberFormat::English);
    draft.statement_cycle_id = "MONTHLY".into();
    change(&mut draft);
    ok(ledger, Command::SaveCustomer(draft));
}

fn new_customer(ledger: &mut Ledger, name: &str, change: impl FnOnce(&mut CustomerDraft)) -> String {
    let class = ledger.classes["DOMESTIC"].clone();
    let mut draft = CustomerDraft::new_of_class(&class, &ledger.settings);
    draft.name = name.into();
    draft.statement_cycle_id = "MONTHLY".into();
    change(&mut draft);
    match &ok(ledger, Command::SaveCustomer(draft)).puts[0] {
        reskontra_core::Record::Customer(c) => c.id.clone(),
        _ => panic!("customer first"),
    }
}

fn of<'a>(planned: &'a [PlannedStatement], customer: &str) -> &'a PlannedStatement {
    planned.iter().find(|p| p.statement.customer_id == customer).unwrap_or_else(|| panic!("no statement for {customer}"))
}

fn lines(p: &PlannedStatement) -> Vec<(String, Decimal)> {
    p.statement.sections[0].lines.iter().map(|l| (l.description.clone(), l.amount.amount)).collect()
}

#[test]
fn balance_brought_forward_opening_plus_activity_is_closing_across_three_statements() {
    let (mut ledger, c) = ledger_with_customer();
    set_up(&mut ledger, &c, |d| d.print_email.statement_type = StatementType::BalanceBroughtForward);
    let inv1 = invoice(&mut ledger, &c, "2026-01-10", "1000");
    payment(&mut ledger, &c, "2026-01-20", "300", &[(inv1, "300")]);

    // January.
    let planned = prepare_statements(&ledger, "MONTHLY", day("2026-01-31")).expect("a cycle");
    let jan = of(&planned, &c);
    assert_eq!(jan.statement.previous_date, None);
    assert_eq!(lines(jan), vec![("Invoice".to_string(), dec!(1000.00)), ("Payment".to_string(), dec!(-300.00))]);
    let s = &jan.statement.sections[0];
    assert_eq!((s.opening.amount, s.debits.amount, s.credits.amount, s.closing.amount), (dec!(0), dec!(1000.00), dec!(-300.00), dec!(700.00)));
    at(&mut ledger, Command::ProcessStatements { cycle: "MONTHLY".into(), date: day("2026-01-31"), customers: vec![], emails: vec![], nonce: 0 }, "2026-01-31");
    assert_eq!(ledger.customers[&c].last_statement.as_ref().map(|l| (l.date, l.balances["NOK"])), Some((day("2026-01-31"), dec!(700.00))));

    // February: a payment of January's invoice applied later with a discount-free
    // reversal and a new invoice.
    let p2 = payment(&mut ledger, &c, "2026-02-05", "500", &[]);
    at(&mut ledger, Command::Apply { id: p2, applications: vec![reskontra_core::command::ApplicationDraft::new(inv1, "500".to_string())] }, "2026-02-06");
    invoice(&mut ledger, &c, "2026-02-20", "250");
    let planned = prepare_statements(&ledger, "MONTHLY", day("2026-02-28")).expect("a cycle");
    let feb = of(&planned, &c);
    assert_eq!(feb.statement.previous_date, Some(day("2026-01-31")));
    assert_eq!(lines(feb), vec![("Payment".to_string(), dec!(-500.00)), ("Invoice".to_string(), dec!(250.00))]);
    let s = &feb.statement.sections[0];
    assert_eq!((s.opening.amount, s.closing.amount), (dec!(700.00), dec!(450.00)));
    at(
        &mut ledger,
        Command::ProcessStatements { cycle: "MONTHLY".into(), date: day("2026-02-28"), customers: vec![c.clone()], emails: vec![], nonce: 0 },
        "2026-02-28",
    );

    // March: the February payment's application reversed (no change of balance), a
    // credit note, and a document dated after the statement date (not on it).
    at(&mut ledger, Command::ReverseApplication { id: p2, target: inv1 }, "2026-03-03");
    let cn = add_of_type(&mut ledger, &c, DocType::CreditNote, "40");
    at(&mut ledger, Command::Release(cn), "2026-03-04");
    invoice(&mut ledger, &c, "2026-04-02", "99");
    let planned = prepare_statements(&ledger, "MONTHLY", day("2026-03-31")).expect("a cycle");
    let mar = of(&planned, &c);
    assert_eq!(lines(mar), vec![("Credit note".to_string(), dec!(-40.00))], "the reversal nets to nothing");
    let s = &mar.statement.sections[0];
    assert_eq!((s.opening.amount, s.debits.amount, s.credits.amount, s.closing.amount), (dec!(450.00), dec!(0), dec!(-40.00), dec!(410.00)));
    assert_eq!(s.closing.amount + dec!(99.00), ledger.balances_of(&c).balance, "the closing is the balance at the statement date");

    // Run again on the same day: it starts where the first run of the day did.
    at(&mut ledger, Command::ProcessStatements { cycle: "MONTHLY".into(), date: day("2026-03-31"), customers: vec![], emails: vec![], nonce: 0 }, "2026-03-31");
    at(&mut ledger, Command::ProcessStatements { cycle: "MONTHLY".into(), date: day("2026-03-31"), customers: vec![], emails: vec![], nonce: 0 }, "2026-03-31");
    let again = prepare_statements(&ledger, "MONTHLY", day("2026-03-31")).expect("a cycle");
    assert_eq!(of(&again, &c).statement.sections[0].opening.amount, dec!(450.00));
    // An earlier date than the last statement is refused.
    let refused = execute(
        &ledger,
        &Command::ProcessStatements { cycle: "MONTHLY".into(), date: day("2026-02-28"), customers: vec![], emails: vec![], nonce: 0 },
        day("2026-03-31"),
    );
    assert!(refused.is_err());
    let csv = statements_csv(&again);
    assert_eq!(csv.lines().next(), Some("customer,type,opening,debits,credits,closing,delivery"));
    assert!(csv.contains(&format!("{c},Balance brought forward,450.00,0.00,-40.00,410.00,print")), "{csv}");
}

#[test]
fn open_item_lists_the_open_documents_aged_and_consolidates_children() {
    let (mut ledger, parent) = ledger_with_customer();
    set_up(&mut ledger, &parent, |_| {});
    let child = new_customer(&mut ledger, "Fjell Bygg Nord AS", |d| {
        d.parent = ParentLink { parent_id: parent.clone(), consolidate_balance: true, consolidate_statements: true, shared_credit_policy: false };
    });
    let own = new_customer(&mut ledger, "Fjell Bygg Sør AS", |d| {
        d.parent = ParentLink { parent_id: parent.clone(), ..ParentLink::default() };
    });
    let one_time = new_customer(&mut ledger, "Engangskunde", |d| d.status = CustomerStatus::OneTime);
    let nothing = new_customer(&mut ledger, "Ingen utskrift AS", |d| d.print_email.print_statements = false);
    let paid_up = invoice(&mut ledger, &parent, "2026-01-05", "100");
    payment(&mut ledger, &parent, "2026-01-06", "100", &[(paid_up, "100")]);
    invoice(&mut ledger, &parent, "2026-01-10", "1000");
    invoice(&mut ledger, &child, "2026-03-01", "200");
    invoice(&mut ledger, &own, "2026-03-01", "300");
    invoice(&mut ledger, &one_time, "2026-03-01", "400");
    invoice(&mut ledger, &nothing, "2026-03-01", "500");
    let planned = prepare_statements(&ledger, "MONTHLY", day("2026-03-31")).expect("a cycle");
    let ids: Vec<&str> = planned.iter().map(|p| p.statement.customer_id.as_str()).collect();
    assert_eq!(ids, vec![parent.as_str(), own.as_str()], "the consolidated child, the one-time customer and the one without print or email get none");
    let p = of(&planned, &parent);
    assert_eq!(p.statement.customers, vec![parent.clone(), child.clone()]);
    assert_eq!(p.statement.mailing_id, "STATEMENT");
    let s = &p.statement.sections[0];
    let rows: Vec<(String, String, Decimal)> = s.lines.iter().map(|l| (l.customer_id.clone(), l.ageing.clone(), l.amount.amount)).collect();
    // NET30: the January invoice was due 2026-02-09 (50 days before), the child's 2026-03-31.
    assert_eq!(rows, vec![(parent.clone(), "31-60".into(), dec!(1000.00)), (child.clone(), "Current".into(), dec!(200.00))]);
    assert_eq!(s.ageing.iter().map(|m| m.amount).collect::<Vec<_>>(), vec![dec!(200.00), dec!(0), dec!(1000.00), dec!(0), dec!(0)]);
    assert_eq!(s.closing.amount, dec!(1200.00));
    assert_eq!(p.delivery.label(), "print");
    let html = statement_html(&p.statement);
    assert!(html.contains("Closing balance NOK") && html.contains("1200.00") && html.contains(&child), "{html}");
}

#[test]
fn a_customer_with_several_currencies_gets_statementmc_sections_and_email_delivery_is_resolved() {
    let (mut ledger, c) = ledger_with_customer();
    let mut tables = reskontra_core::settings::reference::ReferenceTablesDraft::from_settings(&ledger.settings);
    for (currency, rate) in [("EUR", "11.5"), ("USD", "10.25")] {
        tables.currency_rates.push(reskontra_core::settings::reference::CurrencyRateDraft {
            currency: currency.into(),
            effective: "2025-01-01".into(),
            rate: rate.into(),
            ..Default::default()
        });
    }
    ok(&mut ledger, Command::SaveReferenceTables(tables));
    set_up(&mut ledger, &c, |d| {
        d.allow_currency_override = true;
        d.print_email.print_statements = false;
        d.print_email.email_statements = true;
    });
    invoice(&mut ledger, &c, "2026-03-01", "1000");
    for currency in ["EUR", "USD"] {
        let mut draft = invoice_draft(&c, "2026-03-02", vec![line("1", "10", "", "EXEMPT")]);
        draft.currency = currency.into();
        let id = new_document(&at(&mut ledger, Command::SaveInvoice(draft), "2026-03-02")).id;
        at(&mut ledger, Command::Release(id), "2026-03-02");
    }
    let planned = prepare_statements(&ledger, "MONTHLY", day("2026-03-31")).expect("a cycle");
    let p = of(&planned, &c);
    assert_eq!(p.statement.mailing_id, "STATEMENTMC");
    let sections: Vec<(String, Decimal)> = p.statement.sections.iter().map(|s| (s.currency.clone(), s.closing.amount)).collect();
    assert_eq!(sections, vec![("EUR".into(), dec!(10.00)), ("NOK".into(), dec!(1000.00)), ("USD".into(), dec!(10.00))]);
    assert!(p.delivery.label().starts_with("none: No email account"), "{:?}", p.delivery);
    assert!(!p.delivery.goes_out());
    let mut settings = reskontra_core::command::SettingsDraft::from_settings(&ledger.settings);
    settings.company_email = "faktura@mittfirma.no".into();
    ok(&mut ledger, Command::SaveSettings(settings));
    let planned = prepare_statements(&ledger, "MONTHLY", day("2026-03-31")).expect("a cycle");
    let p = of(&planned, &c);
    assert_eq!(p.delivery.label(), "email", "{:?}", p.delivery);
    assert!(matches!(&p.delivery.email, Some(Ok(to)) if to == &vec!["post@fjellbygg.no".to_string()]), "{:?}", p.delivery);
    assert!(statement(&ledger, &c, day("2026-03-31")).is_some());
    assert!(prepare_statements(&ledger, "NOPE", day("2026-03-31")).is_err());
}

#[test]
fn processing_queues_the_statement_emails_in_the_same_change_and_refuses_strangers() {
    let (mut ledger, c) = ledger_with_customer();
    set_up(&mut ledger, &c, |d| d.print_email.email_statements = true);
    invoice(&mut ledger, &c, "2026-01-10", "1000");
    let email = |customer: &str| reskontra_core::mailings::Email {
        customer_id: customer.into(),
        mailing_id: "STATEMENT".into(),
        from: reskontra_core::mailings::Mailbox::new("Company", "ar@company.example"),
        to: vec![reskontra_core::mailings::Mailbox::new("Buyer", "buyer@customer.example")],
        subject: "Statement".into(),
        text_body: "Attached.".into(),
        ..Default::default()
    };
    let process = |emails| Command::ProcessStatements { cycle: "MONTHLY".into(), date: day("2026-01-31"), customers: vec![], emails, nonce: 7 };
    let stranger = execute(&ledger, &process(vec![email("NOBODY")]), day("2026-01-31")).expect_err("not in the run");
    assert!(stranger[0].message.contains("NOBODY"), "{stranger:?}");
    let change = at(&mut ledger, process(vec![email(&c)]), "2026-01-31");
    let customers = change.puts.iter().filter(|r| matches!(r, reskontra_core::Record::Customer(x) if x.id == c)).count();
    let emails: Vec<_> = change.puts.iter().filter_map(|r| if let reskontra_core::Record::Email(e) = r { Some(e) } else { None }).collect();
    assert_eq!((customers, emails.len()), (1, 1), "{change:?}");
    assert_eq!(emails[0].status, reskontra_core::mailings::EmailStatus::Pending);
    assert_eq!(ledger.emails.len(), 1);
    assert_eq!(ledger.customers[&c].last_statement.as_ref().map(|l| l.date), Some(day("2026-01-31")));
}
