//! Customer classes and customers (SPEC R2, R3): defaulting from the class, mailing
//! propagation with *Overridden*, locations, contacts, payment methods, parent-child,
//! attributes, activity, and every refusal of bad input.

mod common;

use common::*;
use reskontra_core::command::{ClassDraft, CustomerDraft};
use reskontra_core::customers::customer::{AttributeDef, Contact, CustomerPaymentMethod, CustomerStatus, Location, ParentLink, StatementType};
use reskontra_core::customers::mailing::{ContactType, MailFormat, MailReport, Mailing, Recipient, RecipientRole};
use reskontra_core::customers::master::consolidated_balance;
use reskontra_core::{Command, Ledger, Record};

fn class_draft(ledger: &Ledger) -> ClassDraft {
    ClassDraft::from_class(&ledger.classes["DOMESTIC"], reskontra_core::NumberFormat::English)
}

fn customer_draft(ledger: &Ledger, id: &str) -> CustomerDraft {
    CustomerDraft::for_editing(&ledger.customers[id], ledger)
}

/// Every mailing the customer has: its class's with its own overrides.
fn mailings_of(ledger: &Ledger, customer: &str) -> Vec<Mailing> {
    let c = &ledger.customers[customer];
    c.mailings_with(ledger.classes.get(&c.class_id))
}

fn save_customer(ledger: &mut Ledger, draft: CustomerDraft) -> Result<String, Vec<String>> {
    match run(ledger, Command::SaveCustomer(draft)) {
        Ok(change) => match change.puts.first() {
            Some(Record::Customer(c)) => Ok(c.id.clone()),
            other => panic!("expected a customer, got {other:?}"),
        },
        Err(problems) => Err(fields(&problems)),
    }
}

fn new_customer(ledger: &mut Ledger, name: &str) -> String {
    let mut draft = CustomerDraft::new_of_class(&ledger.classes["DOMESTIC"].clone(), &ledger.settings);
    draft.name = name.into();
    save_customer(ledger, draft).expect("valid customer")
}

fn mailing(ledger: &Ledger, customer: &str, id: &str) -> Mailing {
    mailings_of(ledger, customer).into_iter().find(|m| m.id == id).expect("mailing present")
}

#[test]
fn a_new_class_gets_every_preferences_mailing_including_ones_the_user_added() {
    let mut ledger = Ledger::default();
    ledger.settings.mailings.push(Mailing { id: "REMINDER".into(), reports: vec![MailReport::DunningLetter], active: true, ..Default::default() });
    let draft = ClassDraft::new_class(&ledger.settings);
    let ids: Vec<&str> = draft.mailings.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["INVOICE", "STATEMENT", "STATEMENTMC", "DUNNINGLETTER", "REMINDER"]);
    assert!(draft.mailings.iter().all(|m| !m.overridden));
}

#[test]
fn a_new_customer_copies_every_class_default() {
    let (mut ledger, _) = ledger_with_customer();
    let mut class = class_draft(&ledger);
    class.print_email.email_invoices = true;
    class.print_email.statement_type = StatementType::BalanceBroughtForward;
    class.apply_payments_automatically = true;
    class.attributes = vec![AttributeDef { id: "SEGMENT".into(), description: "Segment".into(), required: true }];
    ok(&mut ledger, Command::SaveClass(class));
    let draft = CustomerDraft::new_of_class(&ledger.classes["DOMESTIC"], &ledger.settings);
    assert!(draft.print_email.email_invoices);
    assert_eq!(draft.print_email.statement_type, StatementType::BalanceBroughtForward);
    assert!(draft.apply_payments_automatically);
    assert_eq!(draft.mailings, ledger.classes["DOMESTIC"].mailings);
    assert_eq!(draft.attributes.keys().collect::<Vec<_>>(), ["SEGMENT"]);
    assert_eq!(draft.locations.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(), ["MAIN"]);
}

#[test]
fn changing_a_class_mailing_reaches_customers_except_where_overridden() {
    let (mut ledger, first) = ledger_with_customer();
    let second = new_customer(&mut ledger, "Andre AS");
    // The first customer changes its INVOICE mailing: it becomes Overridden by itself.
    let mut draft = customer_draft(&ledger, &first);
    draft.mailings.iter_mut().find(|m| m.id == "INVOICE").expect("INVOICE").format = MailFormat::Html;
    save_customer(&mut ledger, draft).expect("saved");
    assert!(mailing(&ledger, &first, "INVOICE").overridden);
    assert!(!mailing(&ledger, &first, "STATEMENT").overridden);
    // The class changes both INVOICE and STATEMENT to Excel and adds NEWSLETTER.
    let mut class = class_draft(&ledger);
    for m in class.mailings.iter_mut() {
        m.format = MailFormat::Excel;
    }
    class.mailings.push(Mailing { id: "NEWSLETTER".into(), reports: vec![MailReport::Statement], active: true, ..Default::default() });
    let change = ok(&mut ledger, Command::SaveClass(class));
    assert_eq!(change.puts.len(), 1, "only the class is written: customers store their overrides alone");
    assert_eq!(ledger.customers[&first].mailings.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["INVOICE"], "only the override is stored");
    assert_eq!(mailing(&ledger, &first, "INVOICE").format, MailFormat::Html, "overridden mailing kept");
    assert_eq!(mailing(&ledger, &first, "STATEMENT").format, MailFormat::Excel);
    assert_eq!(mailing(&ledger, &second, "INVOICE").format, MailFormat::Excel);
    assert!(mailings_of(&ledger, &first).iter().any(|m| m.id == "NEWSLETTER"));
    // The class drops STATEMENTMC: gone from both (neither overrode it).
    let mut class = class_draft(&ledger);
    class.mailings.retain(|m| m.id != "STATEMENTMC");
    ok(&mut ledger, Command::SaveClass(class));
    assert!(!mailings_of(&ledger, &second).iter().any(|m| m.id == "STATEMENTMC"));
}

#[test]
fn clearing_overridden_goes_back_to_the_class_copy() {
    let (mut ledger, id) = ledger_with_customer();
    let mut draft = customer_draft(&ledger, &id);
    draft.mailings[0].format = MailFormat::Excel;
    save_customer(&mut ledger, draft).expect("saved");
    assert!(mailings_of(&ledger, &id)[0].overridden);
    let mut draft = customer_draft(&ledger, &id);
    draft.mailings[0].overridden = false;
    save_customer(&mut ledger, draft).expect("saved");
    assert_eq!(mailings_of(&ledger, &id)[0], ledger.classes["DOMESTIC"].mailings[0]);
    assert!(ledger.customers[&id].mailings.is_empty(), "nothing of its own left");
}

#[test]
fn a_mailing_only_the_customer_has_is_overridden() {
    let (mut ledger, id) = ledger_with_customer();
    let mut draft = customer_draft(&ledger, &id);
    draft.mailings.push(Mailing { id: "own".into(), reports: vec![MailReport::Invoice], active: true, ..Default::default() });
    save_customer(&mut ledger, draft).expect("saved");
    assert!(mailing(&ledger, &id, "OWN").overridden);
}

#[test]
fn mailing_and_recipient_problems_are_named_by_field() {
    let (mut ledger, id) = ledger_with_customer();
    let mut draft = customer_draft(&ledger, &id);
    draft.mailings[0].reports.clear();
    draft.mailings[1].id = draft.mailings[0].id.clone();
    draft.mailings[2].recipients = vec![
        Recipient { contact_type: ContactType::Address, email: "not-an-address".into(), active: true, ..Default::default() },
        Recipient { contact_type: ContactType::Contact, contact: "7".into(), active: true, role: RecipientRole::Bcc, ..Default::default() },
        Recipient { contact_type: ContactType::Employee, email: String::new(), active: true, ..Default::default() },
    ];
    let before = ledger.customers[&id].clone();
    let problems = save_customer(&mut ledger, draft).expect_err("refused");
    for field in ["mailings.0.reports", "mailings.1.id", "mailings.2.recipients.0.email", "mailings.2.recipients.1.contact", "mailings.2.recipients.2.email"] {
        assert!(problems.iter().any(|p| p == field), "{field} missing in {problems:?}");
    }
    assert_eq!(ledger.customers[&id], before, "nothing saved");
}

#[test]
fn a_recipient_may_name_a_contact_of_the_customer() {
    let (mut ledger, id) = ledger_with_customer();
    let mut draft = customer_draft(&ledger, &id);
    draft.contacts = vec![Contact { name: "Kari Nordmann".into(), email: "kari@fjellbygg.no".into(), active: true, is_default: true, ..Default::default() }];
    save_customer(&mut ledger, draft).expect("saved");
    let number = ledger.customers[&id].contacts[0].number;
    assert_eq!(number, 1);
    let mut draft = customer_draft(&ledger, &id);
    draft.mailings[0].recipients.push(Recipient { contact_type: ContactType::Contact, contact: number.to_string(), active: true, ..Default::default() });
    save_customer(&mut ledger, draft).expect("saved");
    let customer = &ledger.customers[&id];
    let recipient = customer.mailings[0].recipients.last().expect("recipient (the mailing is overridden now)");
    assert_eq!(customer.recipient_email(recipient).as_deref(), Some("kari@fjellbygg.no"));
    // The billing contact is the main email while the invoicing contact is Same as main.
    let billing = Recipient { contact_type: ContactType::Billing, ..Default::default() };
    assert_eq!(customer.recipient_email(&billing).as_deref(), Some("post@fjellbygg.no"));
}

#[test]
fn main_location_always_exists_and_only_one_default() {
    let (mut ledger, id) = ledger_with_customer();
    let mut draft = customer_draft(&ledger, &id);
    draft.locations = vec![Location { id: "oslo".into(), name: "Oslo".into(), active: true, ..Default::default() }];
    save_customer(&mut ledger, draft).expect("saved");
    let locations = &ledger.customers[&id].locations;
    assert_eq!(locations.iter().map(|l| (l.id.as_str(), l.is_default)).collect::<Vec<_>>(), [("MAIN", true), ("OSLO", false)]);
    assert_eq!(locations[0].name, "Fjell Bygg AS", "MAIN is named after the customer");
    let mut draft = customer_draft(&ledger, &id);
    draft.locations[1].is_default = true;
    draft.locations[1].gln = "12345".into();
    draft.locations[1].shipping_branch = "NOWHERE".into();
    let problems = save_customer(&mut ledger, draft).expect_err("two defaults");
    assert!(problems.contains(&"locations.1.is_default".to_string()), "{problems:?}");
    assert!(problems.contains(&"locations.1.gln".to_string()), "{problems:?}");
    assert!(problems.contains(&"locations.1.shipping_branch".to_string()), "{problems:?}");
    // Moving the default is fine.
    let mut draft = customer_draft(&ledger, &id);
    draft.locations[0].is_default = false;
    draft.locations[1].is_default = true;
    save_customer(&mut ledger, draft).expect("saved");
    assert!(ledger.customers[&id].locations[1].is_default);
}

#[test]
fn contacts_get_numbers_and_one_default() {
    let (mut ledger, id) = ledger_with_customer();
    let mut draft = customer_draft(&ledger, &id);
    draft.contacts = vec![
        Contact { name: "A".into(), active: true, is_default: true, ..Default::default() },
        Contact { name: "B".into(), email: "b@example.no".into(), active: true, ..Default::default() },
    ];
    save_customer(&mut ledger, draft).expect("saved");
    assert_eq!(ledger.customers[&id].contacts.iter().map(|c| c.number).collect::<Vec<_>>(), [1, 2]);
    let mut draft = customer_draft(&ledger, &id);
    draft.contacts.remove(0);
    draft.contacts.push(Contact { name: "C".into(), active: true, ..Default::default() });
    save_customer(&mut ledger, draft).expect("saved");
    assert_eq!(ledger.customers[&id].contacts.iter().map(|c| c.number).collect::<Vec<_>>(), [2, 3], "numbers are not reused");
    let mut draft = customer_draft(&ledger, &id);
    draft.contacts[0].is_default = true;
    draft.contacts[1].is_default = true;
    draft.contacts[1].email = "c@".into();
    draft.contacts[1].name = "Line\nbreak".into();
    let problems = save_customer(&mut ledger, draft).expect_err("refused");
    for field in ["contacts.1.is_default", "contacts.1.email", "contacts.1.name"] {
        assert!(problems.iter().any(|p| p == field), "{field} missing in {problems:?}");
    }
}

#[test]
fn card_numbers_are_masked_and_expiry_checked() {
    let (mut ledger, id) = ledger_with_customer();
    let mut draft = customer_draft(&ledger, &id);
    draft.payment_methods = vec![CustomerPaymentMethod {
        method_id: "card".into(),
        card_type: "VISA".into(),
        masked_number: "4111 1111 1111 1234".into(),
        expiry: "09/28".into(),
        active: true,
        is_default: true,
        ..Default::default()
    }];
    save_customer(&mut ledger, draft).expect("saved");
    let method = &ledger.customers[&id].payment_methods[0];
    assert_eq!(method.masked_number, "**** **** **** 1234");
    assert_eq!(method.method_id, "CARD");
    let mut draft = customer_draft(&ledger, &id);
    draft.payment_methods[0].expiry = "13/28".into();
    draft.payment_methods.push(CustomerPaymentMethod {
        method_id: "CARD".into(),
        masked_number: "12ab".into(),
        active: true,
        is_default: true,
        ..Default::default()
    });
    let problems = save_customer(&mut ledger, draft).expect_err("refused");
    for field in ["payment_methods.0.expiry", "payment_methods.1.method_id", "payment_methods.1.masked_number", "payment_methods.1.is_default"] {
        assert!(problems.iter().any(|p| p == field), "{field} missing in {problems:?}");
    }
}

#[test]
fn parent_child_refuses_self_missing_and_cycles_and_consolidates() {
    let (mut ledger, parent) = ledger_with_customer();
    let child = new_customer(&mut ledger, "Datter AS");
    let grandchild = new_customer(&mut ledger, "Barnebarn AS");
    let link = |parent: &str, consolidate: bool| ParentLink { parent_id: parent.into(), consolidate_balance: consolidate, ..Default::default() };
    let mut draft = customer_draft(&ledger, &child);
    draft.parent = link(&parent, true);
    save_customer(&mut ledger, draft).expect("child saved");
    let mut draft = customer_draft(&ledger, &grandchild);
    draft.parent = link(&child, true);
    save_customer(&mut ledger, draft).expect("grandchild saved");
    // The parent under its grandchild would close a cycle.
    let mut draft = customer_draft(&ledger, &parent);
    draft.parent = link(&grandchild, false);
    assert_eq!(save_customer(&mut ledger, draft).expect_err("cycle"), ["parent.parent_id"]);
    let mut draft = customer_draft(&ledger, &parent);
    draft.parent = link(&parent, false);
    assert_eq!(save_customer(&mut ledger, draft).expect_err("self"), ["parent.parent_id"]);
    let mut draft = customer_draft(&ledger, &parent);
    draft.parent = link("NOBODY", false);
    assert_eq!(save_customer(&mut ledger, draft).expect_err("missing"), ["parent.parent_id"]);

    released_invoice(&mut ledger, &parent, "100");
    released_invoice(&mut ledger, &child, "200");
    released_invoice(&mut ledger, &grandchild, "400");
    let own = |ledger: &Ledger, id: &str| ledger.balances_of(id).balance;
    assert_eq!(consolidated_balance(&ledger, &parent), own(&ledger, &parent) + own(&ledger, &child) + own(&ledger, &grandchild));
    assert_eq!(consolidated_balance(&ledger, &parent), rust_decimal::Decimal::from(700), "100 + 200 + 400");
    // A child without Consolidate balance is left out, with what hangs below it.
    let mut draft = customer_draft(&ledger, &child);
    draft.parent.consolidate_balance = false;
    save_customer(&mut ledger, draft).expect("saved");
    assert_eq!(consolidated_balance(&ledger, &parent), own(&ledger, &parent));

    // Change ID of the parent: the child follows; deleting a parent is refused.
    ok(&mut ledger, Command::ChangeCustomerId { from: child.clone(), to: "MIDDLE".into() });
    assert_eq!(ledger.customers[&grandchild].parent.parent_id, "MIDDLE");
    let refused = run(&mut ledger, Command::DeleteCustomer(parent.clone())).expect_err("has documents");
    assert_eq!(common::form_kind(&refused), reskontra_core::ProblemKind::NotAllowed);
    // Of the two refusals (documents, children) it is the documents one.
    assert!(refused[0].message.contains("document"), "{refused:?}");
}

#[test]
fn deleting_a_parent_without_documents_is_refused_with_the_reason() {
    let (mut ledger, _) = ledger_with_customer();
    let parent = new_customer(&mut ledger, "Mor AS");
    let child = new_customer(&mut ledger, "Datter AS");
    let mut draft = customer_draft(&ledger, &child);
    draft.parent.parent_id = parent.clone();
    save_customer(&mut ledger, draft).expect("saved");
    let refused = run(&mut ledger, Command::DeleteCustomer(parent.clone())).expect_err("is a parent");
    assert_eq!(common::form_kind(&refused), reskontra_core::ProblemKind::NotAllowed);
    assert!(refused[0].message.contains("parent of 1"), "{refused:?}");
}

#[test]
fn required_attributes_need_a_value() {
    let (mut ledger, id) = ledger_with_customer();
    let mut class = class_draft(&ledger);
    class.attributes = vec![
        AttributeDef { id: "segment".into(), description: "Segment".into(), required: true },
        AttributeDef { id: "REGION".into(), description: "Region".into(), required: false },
    ];
    ok(&mut ledger, Command::SaveClass(class));
    let draft = customer_draft(&ledger, &id);
    assert_eq!(save_customer(&mut ledger, draft).expect_err("segment required"), ["attributes.SEGMENT"]);
    let mut draft = customer_draft(&ledger, &id);
    draft.attributes.insert("SEGMENT".into(), " Retail ".into());
    draft.attributes.insert("UNKNOWN".into(), "dropped".into());
    save_customer(&mut ledger, draft).expect("saved");
    let stored = &ledger.customers[&id].attributes;
    assert_eq!(stored.get("SEGMENT").map(String::as_str), Some("Retail"));
    assert_eq!(stored.get("REGION").map(String::as_str), Some(""));
    assert!(!stored.contains_key("UNKNOWN"));
    // Duplicate attribute ids on the class are refused.
    let mut class = class_draft(&ledger);
    class.attributes.push(AttributeDef { id: "Segment".into(), description: "Again".into(), required: false });
    let refused = run(&mut ledger, Command::SaveClass(class)).expect_err("duplicate");
    assert_eq!(fields(&refused), ["attributes.2.id"]);
}

#[test]
fn invoicing_and_delivery_same_as_main_and_their_problems() {
    let (mut ledger, id) = ledger_with_customer();
    let mut draft = customer_draft(&ledger, &id);
    draft.invoicing.same_address_as_main = false;
    draft.invoicing.address.country = "SE".into();
    draft.invoicing.address.postcode = "1234".into();
    draft.invoicing.same_contact_as_main = false;
    draft.invoicing.email = "faktura@".into();
    draft.delivery.same_contact_as_main = false;
    draft.delivery.contact.phone1 = "call me".into();
    draft.main_contact.attention = "Økonomi\r\navdelingen".into();
    let problems = save_customer(&mut ledger, draft).expect_err("refused");
    for field in ["invoicing.address.postcode", "invoicing.email", "delivery.contact.phone1", "main_contact.attention"] {
        assert!(problems.iter().any(|p| p == field), "{field} missing in {problems:?}");
    }
    let mut draft = customer_draft(&ledger, &id);
    draft.invoicing.same_contact_as_main = false;
    draft.invoicing.email = "faktura@fjellbygg.no".into();
    draft.delivery.address.line1 = "ignored while Same as main".into();
    save_customer(&mut ledger, draft).expect("saved");
    let customer = &ledger.customers[&id];
    assert_eq!(customer.billing_email(), "faktura@fjellbygg.no");
    assert!(customer.delivery.address.line1.is_empty());
}

#[test]
fn prints_releases_and_status_changes_are_in_the_activity_list_newest_first() {
    let (mut ledger, id) = ledger_with_customer();
    let invoice = released_invoice(&mut ledger, &id, "100");
    ok(&mut ledger, Command::MarkPrinted(invoice));
    ok(&mut ledger, Command::MarkPrinted(invoice));
    set_status(&mut ledger, &id, CustomerStatus::OnHold);
    set_status(&mut ledger, &id, CustomerStatus::Active);
    let activity = reskontra_core::reports::inquiry::customer_activity(&ledger, &id);
    let kinds: Vec<&str> = activity.iter().map(|a| a.kind).collect();
    assert_eq!(kinds.len(), 5, "{activity:?}");
    assert!(kinds.contains(&"Release"));
    assert_eq!(kinds.iter().filter(|k| **k == "Print").count(), 2, "each print is there");
    let ref_nbr = &ledger.documents[&invoice].ref_nbr;
    assert!(activity.iter().any(|a| a.summary == format!("Invoice {ref_nbr} printed")));
    let changes: Vec<&str> = activity.iter().filter(|a| a.kind == "Status change").map(|a| a.summary.as_str()).collect();
    assert!(changes[0].contains("from On hold to Active"), "{changes:?}");
    assert!(changes[1].contains("from Active to On hold"), "{changes:?}");
    assert!(activity.windows(2).all(|w| w[0].date >= w[1].date));
}

#[test]
fn a_new_class_refuses_what_a_customer_would_refuse() {
    let mut ledger = Ledger::default();
    let mut class = ClassDraft { id: "X".into(), description: "X".into(), ..ClassDraft::new_class(&ledger.settings) };
    class.mailings[0].recipients.push(Recipient { contact_type: ContactType::Contact, contact: "1".into(), active: true, ..Default::default() });
    class.description = "Two\nlines".into();
    let refused = run(&mut ledger, Command::SaveClass(class)).expect_err("refused");
    assert_eq!(fields(&refused), ["description", "mailings.0.recipients.1.contact_type"]);
    assert!(ledger.classes.is_empty());
}

#[test]
fn the_mailing_settings_list_keeps_the_predefined_four() {
    let mut ledger = Ledger::default();
    let mut list = ledger.settings.mailings.clone();
    list.push(Mailing { id: "reminder".into(), reports: vec![MailReport::DunningLetter], active: true, ..Default::default() });
    ok(&mut ledger, Command::SaveMailingSettings(list));
    assert_eq!(ledger.settings.mailings.last().map(|m| m.id.as_str()), Some("REMINDER"));
    let mut list = ledger.settings.mailings.clone();
    list.retain(|m| m.id != "STATEMENTMC");
    let refused = run(&mut ledger, Command::SaveMailingSettings(list)).expect_err("predefined");
    assert_eq!(common::form_kind(&refused), reskontra_core::ProblemKind::NotAllowed);
    assert!(refused[0].message.contains("STATEMENTMC"), "{refused:?}");
    assert_eq!(ledger.settings.mailings.len(), 5);
}

#[test]
fn references_to_the_reference_tables_must_exist_and_keep_them_in_use() {
    let (mut ledger, id) = ledger_with_customer();
    assert_eq!(ledger.customers[&id].statement_cycle_id, "MONTHLY", "a new class's default, copied");
    assert_eq!(ledger.customers[&id].language, "nb");
    let mut draft = customer_draft(&ledger, &id);
    draft.statement_cycle_id = "WEEKLY".into();
    draft.language = "xx".into();
    draft.payment_methods = vec![CustomerPaymentMethod { method_id: "PAYPAL".into(), active: true, ..Default::default() }];
    draft.mailings[0].branch_id = "NOWHERE".into();
    draft.mailings[0].email_account_id = "NOBODY".into();
    let problems = save_customer(&mut ledger, draft).expect_err("unknown ids");
    for field in ["statement_cycle_id", "language", "payment_methods.0.method_id", "mailings.0.branch_id", "mailings.0.email_account_id"] {
        assert!(problems.iter().any(|p| p == field), "{field} missing in {problems:?}");
    }
    // A language a customer uses cannot be removed from the table.
    let mut draft = customer_draft(&ledger, &id);
    draft.language = "en".into();
    save_customer(&mut ledger, draft).expect("saved");
    let mut tables = reskontra_core::settings::reference::ReferenceTablesDraft::from_settings(&ledger.settings);
    tables.languages.retain(|l| l.code != "en");
    let refused = run(&mut ledger, Command::SaveReferenceTables(tables)).expect_err("en in use");
    assert!(
        refused.iter().any(|p| p.field.to_string() == "languages" && p.kind == reskontra_core::ProblemKind::NotAllowed && p.message.contains(&id)),
        "{refused:?}"
    );
}

/// A new customer's country is a value, the company's (else NO), so its postcode is
/// checked by that country's rule from the first save.
#[test]
fn a_new_customer_starts_in_the_companys_country() {
    use reskontra_core::customers::master::default_country;
    let (mut ledger, _) = ledger_with_customer();
    let class = ledger.classes["DOMESTIC"].clone();
    assert_eq!(CustomerDraft::new_of_class(&class, &ledger.settings).address.country, "NO");
    ledger.settings.company_address.country = "se".into();
    assert_eq!(default_country(&ledger.settings), "SE");
    assert_eq!(CustomerDraft::new_of_class(&class, &ledger.settings).address.country, "SE");
    // Norway's postcodes have four digits: a new customer's three-digit one is refused.
    ledger.settings.company_address.country = String::new();
    let mut draft = CustomerDraft::new_of_class(&class, &ledger.settings);
    draft.name = "Nord AS".into();
    draft.address.postcode = "123".into();
    let found = run(&mut ledger, Command::SaveCustomer(draft)).expect_err("refused");
    assert!(found.iter().any(|p| p.field.to_string() == "address.postcode"), "{found:?}");
}

/// A new company's first customer needs no class made first (issue: a first run
/// without a wall): the starter class, made from the preferences' defaults, is offered
/// and saved with that customer in one change; then it is a class like any other.
#[test]
fn the_first_customer_brings_the_starter_class() {
    use reskontra_core::customers::master::{new_customer_class, starter_class, STARTER_CLASS_ID};
    let mut ledger = Ledger::default();
    let offered = new_customer_class(&ledger, None).expect("a new company is offered a class");
    assert_eq!(offered.id, STARTER_CLASS_ID);
    assert_eq!(offered.terms_id, ledger.settings.terms[0].id, "the preferences' first terms");
    assert_eq!(offered.statement_cycle_id, ledger.settings.statement_cycles.first().map(|c| c.id.clone()).unwrap_or_default());
    assert_eq!(offered.mailings.len(), ledger.settings.mailings.len(), "every mailing of the Mailing settings");
    assert!(ledger.classes.is_empty(), "offering stores nothing: the ledger stays empty");

    let mut draft = CustomerDraft::new_of_class(&offered, &ledger.settings);
    draft.name = "Fjell Bygg AS".into();
    let change = ok(&mut ledger, Command::SaveCustomer(draft.clone()));
    assert!(matches!(&change.puts[0], Record::Customer(c) if c.class_id == STARTER_CLASS_ID), "the customer first: {:?}", change.puts);
    assert!(change.puts.iter().any(|r| matches!(r, Record::Class(c) if c.id == STARTER_CLASS_ID)), "the class in the same change");
    assert_eq!(ledger.classes[STARTER_CLASS_ID], offered);

    // The next customer is of that class, and saving it writes no class again.
    let next = new_customer_class(&ledger, None).expect("a class");
    assert_eq!(next.id, STARTER_CLASS_ID);
    draft.name = "Havbris Marine AS".into();
    let change = ok(&mut ledger, Command::SaveCustomer(draft.clone()));
    assert!(!change.puts.iter().any(|r| matches!(r, Record::Class(_))), "{:?}", change.puts);

    // Editable like any other; a class made by hand is offered when asked for.
    let mut edited = ClassDraft::from_class(&ledger.classes[STARTER_CLASS_ID], reskontra_core::NumberFormat::English);
    edited.description = "Norwegian customers".into();
    ok(&mut ledger, Command::SaveClass(edited));
    let export = ClassDraft { id: "EXPORT".into(), description: "Abroad".into(), ..ClassDraft::new_class(&ledger.settings) };
    ok(&mut ledger, Command::SaveClass(export));
    assert_eq!(new_customer_class(&ledger, Some("EXPORT")).map(|c| c.id), Some("EXPORT".to_string()));
    assert_eq!(new_customer_class(&ledger, Some("NOPE")).map(|c| c.id), Some(STARTER_CLASS_ID.to_string()), "else the first class");

    // On a ledger with classes, the starter id is no longer special: it must exist.
    let mut other = Ledger::default();
    let domestic = ClassDraft { id: "DOMESTIC".into(), description: "Domestic".into(), ..ClassDraft::new_class(&other.settings) };
    ok(&mut other, Command::SaveClass(domestic));
    let mut stray = CustomerDraft::new_of_class(&starter_class(&Ledger::default()).expect("starter"), &other.settings);
    stray.name = "Nobody AS".into();
    let refused = run(&mut other, Command::SaveCustomer(stray)).expect_err("no such class");
    assert_eq!(fields(&refused), ["class_id"]);
    assert!(!other.classes.contains_key(STARTER_CLASS_ID));

    // Without terms in the preferences no valid class can be made: none is offered.
    let mut bare = Ledger::default();
    bare.settings.terms.clear();
    assert!(new_customer_class(&bare, None).is_none());
}
