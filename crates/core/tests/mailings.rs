//! Mailings (SPEC R10–R12): resolution of a customer's mailing, templates and their
//! placeholders, the queue's commands, and the messages (checked by Python's `email`
//! package and by mail-parser).

mod common;

use common::*;
use reskontra_core::customers::mailing::{ContactType, MailFormat, MailReport, Mailing, Recipient, RecipientRole};
use reskontra_core::mailings::message::build_message;
use reskontra_core::mailings::queue::{plan_documents, plan_one, EmailDraft, SendOutcome};
use reskontra_core::mailings::resolve::{MailingSource, NoMailing};
use reskontra_core::mailings::template::{render, Context};
use reskontra_core::mailings::{resolve_mailing, Attachment, Email, EmailStatus, Mailbox, NotificationTemplate, TemplateVariant};
use reskontra_core::settings::EmailAccount;
use reskontra_core::{Command, Ledger, Record};

fn put(ledger: &mut Ledger, record: Record) {
    ledger.apply(&reskontra_core::Change { puts: vec![record], deletes: vec![] });
}

fn recipient(contact_type: ContactType, email: &str, role: RecipientRole, format: Option<MailFormat>, active: bool) -> Recipient {
    Recipient { contact_type, contact: String::new(), email: email.into(), format, active, role }
}

/// C1 with main email post@fjellbygg.no, a billing email, a company sender.
fn setup() -> (Ledger, String) {
    let (mut ledger, c) = ledger_with_customer();
    let mut settings = ledger.settings.clone();
    settings.company_email = "faktura@mittfirma.no".into();
    settings.company_name = "Mitt Firma AS".into();
    put(&mut ledger, Record::Settings(settings));
    let mut customer = ledger.customers[&c].clone();
    customer.invoicing.same_contact_as_main = false;
    customer.invoicing.email = "regnskap@fjellbygg.no".into();
    put(&mut ledger, Record::Customer(customer));
    (ledger, c)
}

fn set_customer_mailing(ledger: &mut Ledger, c: &str, mailing: Mailing) {
    let mut customer = ledger.customers[c].clone();
    customer.mailings = vec![Mailing { overridden: true, ..mailing }];
    put(ledger, Record::Customer(customer));
}

fn set_class_mailings(ledger: &mut Ledger, mailings: Vec<Mailing>, account: &str) {
    let mut class = ledger.classes["DOMESTIC"].clone();
    class.mailings = mailings;
    class.email_account_id = account.into();
    put(ledger, Record::Class(class));
}

fn invoice_mailing(recipients: Vec<Recipient>) -> Mailing {
    Mailing { id: "INVOICE".into(), reports: vec![MailReport::Invoice], format: MailFormat::Pdf, active: true, recipients, ..Default::default() }
}

#[test]
fn the_class_copy_is_used_until_the_customer_overrides_it() {
    let (mut ledger, c) = setup();
    let found = resolve_mailing(&ledger, &c, "INVOICE").unwrap();
    assert_eq!(found.source, MailingSource::Class);
    assert_eq!(found.recipients.iter().map(|r| r.mailbox.address.as_str()).collect::<Vec<_>>(), ["regnskap@fjellbygg.no"]);
    assert_eq!(found.sender, Mailbox::new("Mitt Firma AS", "faktura@mittfirma.no"));

    set_customer_mailing(&mut ledger, &c, invoice_mailing(vec![recipient(ContactType::Primary, "", RecipientRole::To, None, true)]));
    let found = resolve_mailing(&ledger, &c, "INVOICE").unwrap();
    assert_eq!(found.source, MailingSource::Customer);
    assert_eq!(found.recipients[0].mailbox.address, "post@fjellbygg.no");

    // A class without any mailings leaves the preferences' list in force.
    let mut customer = ledger.customers[&c].clone();
    customer.mailings.clear();
    put(&mut ledger, Record::Customer(customer));
    set_class_mailings(&mut ledger, vec![], "");
    assert_eq!(resolve_mailing(&ledger, &c, "INVOICE").unwrap().source, MailingSource::Preferences);
    assert_eq!(resolve_mailing(&ledger, &c, "NOSUCH").unwrap_err(), NoMailing::NotSetUp("NOSUCH".into()));
}

#[test]
fn inactive_mailings_and_recipients_produce_nothing() {
    let (mut ledger, c) = setup();
    set_customer_mailing(
        &mut ledger,
        &c,
        Mailing { active: false, ..invoice_mailing(vec![recipient(ContactType::Primary, "", RecipientRole::To, None, true)]) },
    );
    assert_eq!(resolve_mailing(&ledger, &c, "INVOICE").unwrap_err(), NoMailing::Inactive("INVOICE".into()));

    set_customer_mailing(
        &mut ledger,
        &c,
        invoice_mailing(vec![
            recipient(ContactType::Primary, "", RecipientRole::To, None, false),
            recipient(ContactType::Address, "arkiv@fjellbygg.no", RecipientRole::Bcc, Some(MailFormat::Html), true),
            recipient(ContactType::Employee, "selger@mittfirma.no", RecipientRole::To, Some(MailFormat::Excel), true),
        ]),
    );
    let found = resolve_mailing(&ledger, &c, "INVOICE").unwrap();
    let got: Vec<_> = found.recipients.iter().map(|r| (r.mailbox.address.as_str(), r.role, r.format)).collect();
    assert_eq!(got, [("arkiv@fjellbygg.no", RecipientRole::Bcc, MailFormat::Html), ("selger@mittfirma.no", RecipientRole::To, MailFormat::Excel)]);

    // A customer whose every recipient lacks an address gets nothing, and is told why.
    let mut customer = ledger.customers[&c].clone();
    customer.email = String::new();
    put(&mut ledger, Record::Customer(customer));
    set_customer_mailing(&mut ledger, &c, invoice_mailing(vec![recipient(ContactType::Primary, "", RecipientRole::To, None, true)]));
    match resolve_mailing(&ledger, &c, "INVOICE") {
        Err(NoMailing::NoRecipient(why)) => assert_eq!(why, ["customer primary contact has no email address"]),
        other => panic!("expected no recipient, got {other:?}"),
    }
}

#[test]
fn the_sender_falls_back_from_mailing_to_class_to_default_account_to_company() {
    let (mut ledger, c) = setup();
    let account =
        |id: &str, address: &str, is_default| EmailAccount { id: id.into(), sender_name: format!("{id} sender"), sender_address: address.into(), is_default };
    let mut settings = ledger.settings.clone();
    settings.email_accounts =
        vec![account("MAILING", "m@mittfirma.no", false), account("CLASS", "k@mittfirma.no", false), account("DEFAULT", "d@mittfirma.no", true)];
    put(&mut ledger, Record::Settings(settings));
    let sender = |ledger: &Ledger| resolve_mailing(ledger, &c, "INVOICE").unwrap().sender.address;
    assert_eq!(sender(&ledger), "d@mittfirma.no");
    let class_mailings = ledger.classes["DOMESTIC"].mailings.clone();
    set_class_mailings(&mut ledger, class_mailings.clone(), "CLASS");
    assert_eq!(sender(&ledger), "k@mittfirma.no");
    let with_account: Vec<Mailing> = class_mailings.into_iter().map(|m| Mailing { email_account_id: "MAILING".into(), ..m }).collect();
    set_class_mailings(&mut ledger, with_account, "CLASS");
    assert_eq!(sender(&ledger), "m@mittfirma.no");

    let mut settings = ledger.settings.clone();
    settings.email_accounts.clear();
    settings.company_email = String::new();
    put(&mut ledger, Record::Settings(settings));
    assert_eq!(resolve_mailing(&ledger, &c, "INVOICE").unwrap_err(), NoMailing::NoSender);
}

fn template(subject: &str, html: &str) -> NotificationTemplate {
    NotificationTemplate {
        id: "CARD".into(),
        description: "Card expires".into(),
        variants: vec![
            TemplateVariant { language: "nb".into(), subject: format!("NB {subject}"), html_body: html.into(), ..Default::default() },
            TemplateVariant {
                language: "en".into(),
                subject: subject.into(),
                text_body: "Dear ((Contact.Name))".into(),
                html_body: html.into(),
                ..Default::default()
            },
        ],
    }
}

#[test]
fn placeholders_fill_from_the_records_and_html_values_are_escaped() {
    let (mut ledger, c) = setup();
    let mut customer = ledger.customers[&c].clone();
    customer.name = "Bygg & <Sønner>".into();
    customer.payment_methods = vec![reskontra_core::customers::customer::CustomerPaymentMethod {
        method_id: "CARD".into(),
        card_type: "VISA".into(),
        masked_number: "**** **** **** 4242".into(),
        expiry: "01/27".into(),
        is_default: true,
        active: true,
        ..Default::default()
    }];
    put(&mut ledger, Record::Customer(customer));
    let customer = &ledger.customers[&c];
    let context = Context::new(&ledger, customer, None);
    let text = "((Customer.Name)) ((PaymentMethod.CardType)) ((PaymentMethod.MaskedNumber)) ((PaymentMethod.Expiry)) ((Company.Name)) ((Document.RefNbr))|((Nope.Field))";
    assert_eq!(render(text, &context, false), "Bygg & <Sønner> VISA **** **** **** 4242 01/27 Mitt Firma AS |((Nope.Field))");
    assert_eq!(render("<b>((Customer.Name))</b>", &context, true), "<b>Bygg &amp; &lt;Sønner&gt;</b>");
}

#[test]
fn unknown_placeholders_are_listed_at_their_field_and_nothing_is_saved() {
    let (mut ledger, _) = setup();
    let problems =
        run(&mut ledger, Command::SaveTemplate { template: template("Card ((Customer.Nmae))", "<p>((Foo.Bar)) ((Customer.Name))</p>"), is_new: true })
            .unwrap_err();
    let found: Vec<(String, String)> = problems.iter().map(|p| (p.field.to_string(), p.message.clone())).collect();
    assert!(found.contains(&("variants.0.subject".into(), "Unknown placeholders: ((Customer.Nmae))".into())), "{found:?}");
    assert!(found.contains(&("variants.1.html_body".into(), "Unknown placeholders: ((Foo.Bar))".into())), "{found:?}");
    assert!(ledger.templates.is_empty());
    ok(&mut ledger, Command::SaveTemplate { template: template("Card for ((Customer.Name))", "<p>((Customer.Name))</p>"), is_new: true });
    assert_eq!(ledger.templates["CARD"].variants.len(), 2);
}

/// A released invoice of C1 and the INVOICE mailing with a template in the customer's
/// language (English).
fn with_invoice() -> (Ledger, String, reskontra_core::documents::document::DocId) {
    let (mut ledger, c) = setup();
    let doc = released_invoice(&mut ledger, &c, "1000");
    (ledger, c, doc)
}

#[test]
fn a_plan_has_one_email_per_format_with_bcc_on_the_first_and_the_template_texts() {
    let (mut ledger, c, doc) = with_invoice();
    let mut customer = ledger.customers[&c].clone();
    customer.language = "en".into();
    put(&mut ledger, Record::Customer(customer));
    ok(&mut ledger, Command::SaveTemplate { template: template("Invoice ((Document.RefNbr)) for ((Customer.Name))", ""), is_new: true });
    set_customer_mailing(
        &mut ledger,
        &c,
        Mailing {
            template_id: "CARD".into(),
            ..invoice_mailing(vec![
                recipient(ContactType::Billing, "", RecipientRole::To, None, true),
                recipient(ContactType::Address, "arkiv@mittfirma.no", RecipientRole::Bcc, None, true),
                recipient(ContactType::Address, "html@fjellbygg.no", RecipientRole::To, Some(MailFormat::Html), true),
            ])
        },
    );
    let plans = plan_documents(&ledger, &[doc], "INVOICE", day(TODAY));
    let emails = plans[0].emails.as_ref().unwrap();
    let ref_nbr = &ledger.documents[&doc].ref_nbr;
    assert_eq!(emails.len(), 2);
    assert_eq!(emails[0].email.subject, format!("Invoice {ref_nbr} for Fjell Bygg AS"));
    assert_eq!(emails[0].email.to, [Mailbox::new("Fjell Bygg AS", "regnskap@fjellbygg.no")]);
    assert_eq!(emails[0].email.bcc, [Mailbox::new("", "arkiv@mittfirma.no")]);
    assert_eq!(emails[0].reports[0].format, MailFormat::Pdf);
    assert_eq!(emails[1].email.to, [Mailbox::new("", "html@fjellbygg.no")]);
    assert!(emails[1].email.bcc.is_empty());
    assert_eq!(emails[1].reports[0].format, MailFormat::Html);
    // The English text has a body, so the HTML report is attached, not the body.
    assert!(!emails[1].report_in_body);

    // Norwegian customer: the nb variant, whose bodies are empty: HTML goes in the body.
    let mut customer = ledger.customers[&c].clone();
    customer.language = "nb".into();
    put(&mut ledger, Record::Customer(customer));
    let plan = plan_one(&ledger, &c, Some(doc), "INVOICE", day(TODAY));
    let emails = plan.emails.unwrap();
    assert!(emails[0].email.subject.starts_with("NB Invoice"));
    assert!(!emails[0].report_in_body && emails[1].report_in_body);
}

fn queued(ledger: &mut Ledger, c: &str, doc: reskontra_core::documents::document::DocId) -> Email {
    let plan = plan_one(ledger, c, Some(doc), "INVOICE", day(TODAY));
    let mut email = plan.emails.unwrap().remove(0).email;
    email.attachments = vec![Attachment { file_name: "Faktura 1.pdf".into(), mime: "application/pdf".into(), bytes: b"%PDF-1.7 test".to_vec() }];
    let change = ok(ledger, Command::QueueEmails { emails: vec![email], delivered: vec![doc], nonce: 0xabc });
    let Some(Record::Email(e)) = change.puts.first() else { panic!("an email first") };
    e.clone()
}

#[test]
fn queueing_numbers_the_email_marks_the_invoice_emailed_and_sends_nothing() {
    let (mut ledger, c, doc) = with_invoice();
    let email = queued(&mut ledger, &c, doc);
    assert_eq!(email.id, 1);
    assert_eq!(email.message_id, "20260331.1.abc@mittfirma.no");
    assert_eq!(email.status, EmailStatus::Pending);
    assert!(ledger.documents[&doc].emailed);
    assert_eq!(ledger.settings.next_email_id, 2);
    let second = queued(&mut ledger, &c, doc);
    assert_eq!(second.id, 2);
    assert_ne!(second.message_id, email.message_id);
}

#[test]
fn sending_is_committed_first_and_only_the_relay_id_makes_it_sent() {
    let (mut ledger, c, doc) = with_invoice();
    let email = queued(&mut ledger, &c, doc);
    let at = day(TODAY).and_hms_opt(10, 0, 0).unwrap();
    ok(&mut ledger, Command::MarkEmailsSending { ids: vec![email.id], at });
    assert!(matches!(ledger.emails[&email.id].status, EmailStatus::Sending { .. }));
    // Not editable while it is on its way.
    assert!(run(&mut ledger, Command::DeleteEmails(vec![email.id])).is_err());
    ok(&mut ledger, Command::RecordSendResult { id: email.id, at, outcome: SendOutcome::Refused { reason: "502: mailbox full".into() } });
    assert_eq!(ledger.emails[&email.id].status.label(), "Failed");
    ok(&mut ledger, Command::MarkEmailsSending { ids: vec![email.id], at });
    ok(&mut ledger, Command::RecordSendResult { id: email.id, at, outcome: SendOutcome::Accepted { relay_id: "r-1".into() } });
    assert_eq!(ledger.emails[&email.id].status, EmailStatus::Sent { at, relay_id: "r-1".into() });
    // Sent is final: no second send, no export over it, a late failure changes nothing.
    assert!(run(&mut ledger, Command::MarkEmailsSending { ids: vec![email.id], at }).is_err());
    ok(&mut ledger, Command::MarkEmailsExported { ids: vec![email.id], at });
    ok(&mut ledger, Command::RecordSendResult { id: email.id, at, outcome: SendOutcome::Refused { reason: "late".into() } });
    assert_eq!(ledger.emails[&email.id].status.label(), "Sent");
}

#[test]
fn each_email_is_in_the_customers_activity_with_its_status_and_document() {
    let (mut ledger, c, doc) = with_invoice();
    let first = queued(&mut ledger, &c, doc);
    let second = queued(&mut ledger, &c, doc);
    let at = day(TODAY).and_hms_opt(10, 30, 0).unwrap();
    ok(&mut ledger, Command::MarkEmailsSending { ids: vec![second.id], at });
    ok(&mut ledger, Command::RecordSendResult { id: second.id, at, outcome: SendOutcome::Accepted { relay_id: "r-9".into() } });
    let activity = reskontra_core::reports::inquiry::customer_activity(&ledger, &c);
    let emails: Vec<_> = activity.iter().filter(|a| a.kind == "Email" && a.summary.starts_with("Email ")).collect();
    assert_eq!(emails.len(), 2, "{activity:?}");
    let ref_nbr = ledger.documents[&doc].ref_nbr.clone();
    let line = |id: u32| emails.iter().find(|a| a.summary.starts_with(&format!("Email {id} "))).expect("listed");
    assert_eq!(line(first.id).summary, format!("Email {} to regnskap@fjellbygg.no: {} — Pending", first.id, first.subject));
    assert_eq!(line(first.id).date, first.prepared_on);
    assert_eq!(line(second.id).summary, format!("Email {} to regnskap@fjellbygg.no: {} — Sent {} 10:30 (id r-9)", second.id, second.subject, day(TODAY)));
    assert_eq!(line(second.id).document, Some((ledger.documents[&doc].doc_type, ref_nbr)));
    // Another customer's activity does not list them.
    assert!(reskontra_core::reports::inquiry::customer_activity(&ledger, "NOSUCH").is_empty());
}

#[test]
fn a_documents_activity_lists_its_own_emails_linked_to_them() {
    let (mut ledger, c, doc) = with_invoice();
    let email = queued(&mut ledger, &c, doc);
    // An email of the same customer about no document is not the document's.
    let mut loose = plan_one(&ledger, &c, Some(doc), "INVOICE", day(TODAY)).emails.unwrap().remove(0).email;
    loose.document = None;
    ok(&mut ledger, Command::QueueEmails { emails: vec![loose], delivered: vec![], nonce: 1 });
    let activity = reskontra_core::reports::inquiry::document_activity(&ledger, doc);
    let emails: Vec<_> = activity.iter().filter(|a| a.email.is_some()).collect();
    assert_eq!(emails.len(), 1, "{activity:?}");
    assert_eq!(emails[0].email, Some(email.id));
    // Its release and its marking as emailed are there too, newest first.
    assert!(activity.iter().any(|a| a.kind == "Release"), "{activity:?}");
    assert!(activity.iter().any(|a| a.summary.ends_with(" emailed")), "{activity:?}");
    assert!(activity.windows(2).all(|w| w[0].date >= w[1].date));
    // The customer's activity has both emails.
    let all = reskontra_core::reports::inquiry::customer_activity(&ledger, &c);
    assert_eq!(all.iter().filter(|a| a.email.is_some()).count(), 2);
    assert!(reskontra_core::reports::inquiry::document_activity(&ledger, reskontra_core::documents::document::DocId(999_999)).is_empty());
}

#[test]
fn send_on_a_report_starts_an_email_with_the_report_and_marks_nothing() {
    use reskontra_core::mailings::queue::report_email;
    let (mut ledger, c, doc) = with_invoice();
    let planned = report_email(&ledger, doc, day(TODAY)).expect("an email");
    assert_eq!(planned.email.mailing_id, "");
    assert_eq!(planned.email.document, Some(doc));
    assert_eq!(planned.email.to.iter().map(|m| m.address.as_str()).collect::<Vec<_>>(), ["regnskap@fjellbygg.no"]);
    assert_eq!(planned.reports.len(), 1);
    assert_eq!(planned.reports[0].format, MailFormat::Pdf);
    assert!(planned.email.subject.contains(&ledger.documents[&doc].ref_nbr), "{}", planned.email.subject);
    ok(&mut ledger, Command::QueueEmails { emails: vec![planned.email], delivered: vec![], nonce: 2 });
    assert!(!ledger.documents[&doc].emailed, "Send does not mark the invoice emailed");
    // Without an INVOICE mailing the customer's invoicing email is the recipient.
    set_customer_mailing(&mut ledger, &c, Mailing { active: false, ..invoice_mailing(vec![]) });
    let planned = report_email(&ledger, doc, day(TODAY)).expect("an email");
    assert_eq!(planned.email.to.len(), 1);
    assert_eq!(planned.email.to[0].address, ledger.customers[&c].billing_email());
    // No address at all: it says so instead of starting an email nobody gets.
    let mut customer = ledger.customers[&c].clone();
    customer.email = String::new();
    customer.invoicing.email = String::new();
    put(&mut ledger, Record::Customer(customer));
    let why = report_email(&ledger, doc, day(TODAY)).unwrap_err();
    assert!(why.contains("no email address"), "{why}");
    assert!(report_email(&ledger, reskontra_core::documents::document::DocId(999_999), day(TODAY)).is_err());
}

#[test]
fn edits_are_checked_at_their_field() {
    let (mut ledger, c, doc) = with_invoice();
    let email = queued(&mut ledger, &c, doc);
    let mut draft = EmailDraft::from_email(&email);
    draft.to = "Kari <kari@example.no>; not-an-address".into();
    draft.subject = "Hei\r\nBcc: x@y.no".into();
    let problems = run(&mut ledger, Command::SaveEmail(draft.clone())).unwrap_err();
    assert_eq!(fields(&problems), ["to"]);
    draft.to = "Kari <kari@example.no>".into();
    let problems = run(&mut ledger, Command::SaveEmail(draft.clone())).unwrap_err();
    assert_eq!(fields(&problems), ["subject"]);
    draft.subject = "Faktura".into();
    ok(&mut ledger, Command::SaveEmail(draft));
    assert_eq!(ledger.emails[&email.id].to, [Mailbox::new("Kari", "kari@example.no")]);
}

const INJECTIONS: [&str; 20] = [
    "a\rb",
    "a\nb",
    "a\r\nb",
    "a\0b",
    "\r\nBcc: x@y",
    "x\r\nBcc: x@y",
    "x\nBcc: x@y",
    "x\rBcc: x@y",
    "\nTo: evil@example.com",
    "Hello\r\n\r\nbody",
    "Hello\n\nbody",
    "\r",
    "\n",
    "\0",
    "x\r\n Subject: folded",
    "x\u{0}\r\n",
    "faktura\r\nContent-Type: text/html",
    "ok\r\nX-Injected: 1",
    "ok\n\tcontinued",
    "\r\n\r\n",
];

#[test]
fn twenty_header_injections_are_refused_before_building() {
    let (mut ledger, c, doc) = with_invoice();
    let email = queued(&mut ledger, &c, doc);
    for payload in INJECTIONS {
        for place in 0..4 {
            let mut bad = email.clone();
            match place {
                0 => bad.subject = payload.to_string(),
                1 => bad.to[0].name = payload.to_string(),
                2 => bad.from.name = payload.to_string(),
                _ => bad.attachments[0].file_name = payload.to_string(),
            }
            let problems = build_message(&bad).expect_err(&format!("{payload:?} in place {place} must be refused"));
            let expected = ["subject", "to", "from", "attachments.0.file_name"][place];
            assert!(kinds(&problems).contains(&(expected.to_string(), reskontra_core::ProblemKind::Format)), "{payload:?}: {problems:?}");
        }
    }
}

/// A message with a Nordic name, CJK, an attachment and HTML, fixed dates and ids.
fn sample() -> Email {
    Email {
        id: 7,
        message_id: "20261202.7.abc@mittfirma.no".into(),
        mailing_id: "INVOICE".into(),
        customer_id: "10001".into(),
        from: Mailbox::new("Mitt Firma AS", "faktura@mittfirma.no"),
        to: vec![Mailbox::new("Ærlig Øl & Å-bryggeriet", "post@aerlig.no"), Mailbox::new("株式会社 東京", "tokyo@example.jp")],
        cc: vec![],
        bcc: vec![Mailbox::new("", "arkiv@mittfirma.no")],
        subject: "Faktura 000123 fra Mitt Firma – forfall 2026-12-31".into(),
        text_body: "Hei,\n\nVedlagt er faktura 000123 på 1 234,50 kr.\n".into(),
        html_body: "<p>Hei,</p><p>Vedlagt er faktura <b>000123</b> på 1 234,50 kr.</p>".into(),
        attachments: vec![Attachment { file_name: "Faktura 000123.pdf".into(), mime: "application/pdf".into(), bytes: b"%PDF-1.7\n%\xe2\xe3\n".to_vec() }],
        prepared_on: day("2026-12-02"),
        ..Default::default()
    }
}

#[test]
fn the_message_structure_is_stable() {
    let text = String::from_utf8(build_message(&sample()).unwrap()).unwrap();
    insta::assert_snapshot!("invoice_message", text);
}

#[test]
fn messages_round_trip_through_mail_parser_with_lines_within_998_octets() {
    let mut email = sample();
    email.subject = "💶 請求書 ".repeat(25).chars().take(200).collect();
    let bytes = build_message(&email).unwrap();
    assert!(bytes.split(|b| *b == b'\n').all(|line| line.len() <= 998));
    let parsed = mail_parser::MessageParser::default().parse(&bytes).expect("parses");
    assert_eq!(parsed.subject(), Some(email.subject.as_str()));
    assert_eq!(parsed.message_id(), Some("20261202.7.abc@mittfirma.no"));
    let to: Vec<_> = parsed.to().unwrap().iter().map(|a| (a.name().unwrap_or_default().to_string(), a.address().unwrap_or_default().to_string())).collect();
    assert_eq!(to, [("Ærlig Øl & Å-bryggeriet".to_string(), "post@aerlig.no".to_string()), ("株式会社 東京".to_string(), "tokyo@example.jp".to_string())]);
    assert_eq!(parsed.attachment(0).map(|a| a.contents()), Some(&b"%PDF-1.7\n%\xe2\xe3\n"[..]));
    assert_eq!(parsed.body_text(0).as_deref(), Some("Hei,\r\n\r\nVedlagt er faktura 000123 på 1 234,50 kr.\r\n"));
    assert!(parsed.date().is_some_and(|d| d.year == 2026 && d.month == 12 && d.day == 2));
}

#[test]
fn pythons_email_package_reads_every_message_without_defects() {
    let dir = tempdir();
    let mut plain = sample();
    plain.html_body.clear();
    plain.attachments.clear();
    let mut long = sample();
    long.subject = "😀 東京 ".repeat(40).chars().take(200).collect();
    long.text_body = "x".repeat(3000);
    for (n, email) in [sample(), plain, long].iter().enumerate() {
        std::fs::write(dir.join(format!("{n}.eml")), build_message(email).unwrap()).unwrap();
    }
    let script = r#"
import sys, email, email.policy, pathlib
for path in sorted(pathlib.Path(sys.argv[1]).glob('*.eml')):
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    defects = list(msg.defects) + [d for part in msg.walk() for d in part.defects]
    assert not defects, (path.name, defects)
    assert msg['Message-ID'] == '<20261202.7.abc@mittfirma.no>', msg['Message-ID']
    print(path.name, msg['Subject'][:20], len(list(msg.walk())))
"#;
    let python = std::env::var("RESKONTRA_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = std::process::Command::new(python).arg("-c").arg(script).arg(&dir).output().expect("python3 runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3);
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("reskontra-mail-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_demo_company_has_what_mailings_need() {
    let today = day("2026-06-30");
    let ledger = reskontra_core::ledger::demo::demo_ledger(1, reskontra_core::ledger::demo::DemoSize { customers: 60, invoices: 200 }, today);
    let docs: Vec<_> = reskontra_core::documents::invoice_delivery::documents_to_deliver(&ledger, false).iter().map(|d| d.id).collect();
    assert!(docs.len() > 10, "{} documents to email", docs.len());
    let plans = plan_documents(&ledger, &docs, "INVOICE", today);
    let no_recipient: Vec<_> = plans.iter().filter_map(|p| p.emails.as_ref().err()).collect();
    assert!(no_recipient.iter().any(|why| why.contains("no usable recipient")), "{no_recipient:?}");
    let emails: Vec<&reskontra_core::mailings::queue::PlannedEmail> = plans.iter().filter_map(|p| p.emails.as_ref().ok()).flatten().collect();
    assert!(emails.iter().any(|e| e.email.bcc.iter().any(|b| b.address == "kari.selger@nordlysdemo.no")));
    assert!(emails.iter().any(|e| e.reports.iter().any(|r| r.format == MailFormat::Html)));
    assert!(emails.iter().any(|e| e.email.to.iter().any(|t| !t.name.is_ascii())));
    assert!(emails.iter().all(|e| e.email.from.address == "faktura@nordlysdemo.no"));
    assert!(!reskontra_core::documents::invoice_delivery::documents_to_deliver(&ledger, true).is_empty());
}

#[test]
fn marking_not_to_be_emailed_sets_the_flag_sends_nothing_and_shows_in_the_activity() {
    let (mut ledger, c, doc) = with_invoice();
    let mut customer = ledger.customers[&c].clone();
    customer.print_email.email_invoices = true;
    put(&mut ledger, Record::Customer(customer));
    assert!(reskontra_core::documents::invoice_delivery::documents_to_deliver(&ledger, false).iter().any(|d| d.id == doc));
    ok(&mut ledger, Command::MarkNotDelivered { ids: vec![doc], print: false });
    assert!(ledger.documents[&doc].emailed);
    assert!(ledger.emails.is_empty());
    let activity = reskontra_core::reports::inquiry::customer_activity(&ledger, &c);
    let ref_nbr = &ledger.documents[&doc].ref_nbr;
    assert!(activity.iter().any(|a| a.summary == format!("Invoice {ref_nbr} marked as not to be emailed")), "{activity:?}");
    assert!(!reskontra_core::documents::invoice_delivery::documents_to_deliver(&ledger, false).iter().any(|d| d.id == doc));
}
