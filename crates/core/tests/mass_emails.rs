//! Mass emails from a notification template (seed 000: notify customers about cards
//! that expire) and the check that a mailing's template exists.

mod common;

use common::*;
use reskontra_core::command::{ClassDraft, CustomerDraft};
use reskontra_core::customers::customer::{CustomerPaymentMethod, CustomerStatus};
use reskontra_core::customers::mailing::{ContactType, MailFormat, Mailing, Recipient, RecipientRole};
use reskontra_core::mailings::mass::{card_valid_until, expiring_method, plan_mass, select_customers, template_mailing_ids, MassFilter};
use reskontra_core::mailings::{NotificationTemplate, TemplateVariant};
use reskontra_core::{Command, Ledger, Record};

fn put(ledger: &mut Ledger, record: Record) {
    ledger.apply(&reskontra_core::Change { puts: vec![record], deletes: vec![] });
}

fn card(id: &str, number: &str, expiry: &str, active: bool, is_default: bool) -> CustomerPaymentMethod {
    CustomerPaymentMethod {
        method_id: id.into(),
        card_type: "VISA".into(),
        masked_number: format!("**** **** **** {number}"),
        expiry: expiry.into(),
        active,
        is_default,
        ..Default::default()
    }
}

#[test]
fn a_card_is_valid_until_the_last_day_of_its_month() {
    let cases = [
        ("01/27", Some("2027-01-31")),
        ("12/26", Some("2026-12-31")),
        ("02/28", Some("2028-02-29")),
        ("02/27", Some("2027-02-28")),
        (" 1/27 ", Some("2027-01-31")),
        ("06/2027", Some("2027-06-30")),
        ("13/26", None),
        ("00/26", None),
        ("", None),
        ("12-26", None),
        ("ab/cd", None),
        ("1/2", None),
        ("123/26", None),
        ("+1/26", None),
    ];
    for (text, want) in cases {
        assert_eq!(card_valid_until(text), want.map(day), "{text:?}");
    }
}

/// C1 (DOMESTIC) with a default card expiring 06/27 and another expiring 12/26; C2
/// (DOMESTIC) with an inactive card expiring 01/26; C3 (EXPORT) with a card 01/26.
fn three_customers() -> (Ledger, [String; 3]) {
    let (mut ledger, c1) = ledger_with_customer();
    let new_class = ClassDraft::new_class(&ledger.settings);
    ok(&mut ledger, Command::SaveClass(ClassDraft { id: "EXPORT".into(), description: "Export".into(), terms_id: "NET30".into(), ..new_class }));
    let mut ids = vec![c1.clone()];
    for (name, class) in [("Hav Fisk AS", "DOMESTIC"), ("Nord Export AB", "EXPORT")] {
        let class = ledger.classes[class].clone();
        let mut draft = CustomerDraft::new_of_class(&class, &ledger.settings);
        draft.name = name.into();
        draft.email = format!("post@{}.no", name.split(' ').next().unwrap_or("x").to_lowercase());
        let change = ok(&mut ledger, Command::SaveCustomer(draft));
        let Some(Record::Customer(c)) = change.puts.first() else { panic!("customer first") };
        ids.push(c.id.clone());
    }
    let methods = [
        vec![card("CARD", "1111", "06/27", true, true), card("CARD2", "2222", "12/26", true, false)],
        vec![card("CARD", "3333", "01/26", false, true)],
        vec![card("CARD", "4444", "01/26", true, true)],
    ];
    for (id, methods) in ids.iter().zip(methods) {
        let mut customer = ledger.customers[id].clone();
        customer.payment_methods = methods;
        put(&mut ledger, Record::Customer(customer));
    }
    let [a, b, c] = [ids[0].clone(), ids[1].clone(), ids[2].clone()];
    (ledger, [a, b, c])
}

#[test]
fn the_filter_chooses_by_class_status_and_an_active_card_expiring_before_the_date() {
    let (mut ledger, [c1, c2, c3]) = three_customers();
    let before = |d: &str| MassFilter { expiring_before: Some(day(d)), ..Default::default() };
    // The earliest expiring active card is the one the email is about; an inactive card does not count.
    assert_eq!(select_customers(&ledger, &before("2027-01-01")), vec![(c1.clone(), Some(1)), (c3.clone(), Some(0))]);
    // 12/26 is valid through 31 December: not expiring before that day.
    assert_eq!(select_customers(&ledger, &before("2026-12-31")), vec![(c3.clone(), Some(0))]);
    assert_eq!(expiring_method(&ledger.customers[&c1], day("2027-07-01")), Some(1));
    assert_eq!(expiring_method(&ledger.customers[&c2], day("2030-01-01")), None);
    let domestic = MassFilter { class_id: "DOMESTIC".into(), ..before("2027-01-01") };
    assert_eq!(select_customers(&ledger, &domestic), vec![(c1.clone(), Some(1))]);
    // Without the expiry condition, every customer of the class, with no particular card.
    let all_domestic = MassFilter { class_id: "DOMESTIC".into(), ..Default::default() };
    assert_eq!(select_customers(&ledger, &all_domestic), vec![(c1.clone(), None), (c2.clone(), None)]);
    let mut held = ledger.customers[&c3].clone();
    held.status = CustomerStatus::OnHold;
    put(&mut ledger, Record::Customer(held));
    let active = MassFilter { status: Some(CustomerStatus::Active), ..before("2027-01-01") };
    assert_eq!(select_customers(&ledger, &active), vec![(c1.clone(), Some(1))]);
    let on_hold = MassFilter { status: Some(CustomerStatus::OnHold), ..before("2027-01-01") };
    assert_eq!(select_customers(&ledger, &on_hold), vec![(c3, Some(0))]);
}

fn card_template() -> NotificationTemplate {
    NotificationTemplate {
        id: "CARDEXPIRY".into(),
        description: "Card expires".into(),
        variants: vec![TemplateVariant {
            language: String::new(),
            subject: "Your card ((PaymentMethod.MaskedNumber)) expires ((PaymentMethod.Expiry))".into(),
            text_body: "Dear ((Customer.Name))".into(),
            html_body: "<p>Dear ((Customer.Name))</p>".into(),
            ..Default::default()
        }],
    }
}

fn card_mailing(template_id: &str) -> Mailing {
    Mailing {
        id: "CARDEXPIRY".into(),
        template_id: template_id.into(),
        format: MailFormat::Html,
        active: true,
        recipients: vec![Recipient { contact_type: ContactType::Primary, active: true, role: RecipientRole::To, ..Default::default() }],
        ..Default::default()
    }
}

#[test]
fn a_mailing_must_name_a_template_that_exists() {
    let (mut ledger, c1) = ledger_with_customer();
    let mut list = ledger.settings.mailings.clone();
    list.push(card_mailing("NOPE"));
    let i = list.len() - 1;
    let problems = run(&mut ledger, Command::SaveMailingSettings(list.clone())).unwrap_err();
    let found: Vec<(String, String)> = problems.iter().map(|p| (p.field.to_string(), p.message.clone())).collect();
    assert_eq!(found, vec![(format!("mailings.{i}.template_id"), "There is no notification template NOPE".to_string())]);
    assert!(!ledger.settings.mailings.iter().any(|m| m.id == "CARDEXPIRY"));

    // The class and the customer are checked the same way.
    let class = ledger.classes["DOMESTIC"].clone();
    let mut class_draft = ClassDraft::from_class(&class, ledger.settings.numbers());
    class_draft.mailings.push(card_mailing("NOPE"));
    let problems = run(&mut ledger, Command::SaveClass(class_draft.clone())).unwrap_err();
    let at = format!("mailings.{}.template_id", class_draft.mailings.len() - 1);
    assert!(problems.iter().any(|p| p.field.to_string() == at && p.message.contains("NOPE")), "{problems:?}");
    let mut customer_draft = CustomerDraft::from_customer(&ledger.customers[&c1], ledger.settings.numbers());
    customer_draft.mailings.push(Mailing { overridden: true, ..card_mailing("NOPE") });
    let problems = run(&mut ledger, Command::SaveCustomer(customer_draft.clone())).unwrap_err();
    let at = format!("mailings.{}.template_id", customer_draft.mailings.len() - 1);
    assert!(problems.iter().any(|p| p.field.to_string() == at && p.message.contains("NOPE")), "{problems:?}");

    // Once the template exists, each saves.
    ok(&mut ledger, Command::SaveTemplate { template: card_template(), is_new: true });
    list[i].template_id = "CARDEXPIRY".into();
    ok(&mut ledger, Command::SaveMailingSettings(list));
    if let Some(m) = class_draft.mailings.last_mut() {
        m.template_id = "CARDEXPIRY".into();
    }
    ok(&mut ledger, Command::SaveClass(class_draft));
    if let Some(m) = customer_draft.mailings.last_mut() {
        m.template_id = "CARDEXPIRY".into();
    }
    ok(&mut ledger, Command::SaveCustomer(customer_draft));
    assert_eq!(template_mailing_ids(&ledger), vec!["CARDEXPIRY".to_string()]);
}

#[test]
fn the_mass_plan_fills_in_the_expiring_card_and_says_who_has_no_recipient() {
    let (mut ledger, [c1, _c2, c3]) = three_customers();
    ok(&mut ledger, Command::SaveTemplate { template: card_template(), is_new: true });
    let mut settings = ledger.settings.clone();
    settings.company_email = "faktura@mittfirma.no".into();
    put(&mut ledger, Record::Settings(settings));
    let mut list = ledger.settings.mailings.clone();
    list.push(card_mailing("CARDEXPIRY"));
    ok(&mut ledger, Command::SaveMailingSettings(list));
    // A class has its own copy of the list: the mailing is added to each.
    for id in ["DOMESTIC", "EXPORT"] {
        let mut class = ledger.classes[id].clone();
        class.mailings.push(card_mailing("CARDEXPIRY"));
        put(&mut ledger, Record::Class(class));
    }
    // C3 has no email address: no recipient.
    let mut c = ledger.customers[&c3].clone();
    c.email = String::new();
    put(&mut ledger, Record::Customer(c));
    let filter = MassFilter { expiring_before: Some(day("2027-01-01")), ..Default::default() };
    let plans = plan_mass(&ledger, &filter, "CARDEXPIRY", day(TODAY));
    assert_eq!(plans.len(), 2);
    let first = plans[0].emails.as_ref().expect("C1 gets an email");
    assert_eq!(plans[0].customer_id, c1);
    assert_eq!(first.len(), 1);
    // The card that expires (12/26), not the default one (06/27).
    assert_eq!(first[0].email.subject, "Your card **** **** **** 2222 expires 12/26");
    assert_eq!(first[0].email.text_body, "Dear Fjell Bygg AS");
    assert_eq!(first[0].email.to.iter().map(|m| m.address.as_str()).collect::<Vec<_>>(), ["post@fjellbygg.no"]);
    assert_eq!(plans[1].customer_id, c3);
    let why = plans[1].emails.as_ref().expect_err("C3 has no address");
    assert!(why.starts_with(&format!("Customer {c3} has no usable recipient")), "{why}");
}
