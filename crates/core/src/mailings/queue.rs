//! Planning and queueing emails (SPEC R11, R12): who gets what for a set of documents
//! or customers (`plan_*`, read only, the dry run), the commands that put prepared
//! emails in the queue, edit and delete them, and move them through Sending, Sent,
//! Failed and Exported.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::address::{parse_mailboxes, Mailbox};
use super::email::{Attachment, Email, EmailId, EmailStatus};
use super::message::check_headers;
use super::resolve::{resolve_mailing, ResolvedMailing};
use super::template::{render, Context, NotificationTemplate};
use crate::base::problem::{Problem, ProblemKind, Problems};
use crate::customers::customer::Customer;
use crate::customers::mailing::{MailFormat, MailReport, RecipientRole};
use crate::documents::document::{DocId, Document};
use crate::fields::{email as field, template as template_field, FieldPath, Name};
use crate::ledger::{Change, Ledger, Record, RecordKey};
use crate::settings::Counters;

/// A report to render and attach (or to put in the body), for one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRequest {
    pub report: MailReport,
    pub format: MailFormat,
    pub document: Option<DocId>,
}

/// One email a mailing would make: everything but the rendered reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedEmail {
    /// `id`, `message_id` and `attachments` are filled when it is queued.
    pub email: Email,
    pub reports: Vec<ReportRequest>,
    /// The HTML report goes into the body instead of being attached (R10.4).
    pub report_in_body: bool,
}

/// What a mailing makes for one document (or one customer): its emails, or why none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub customer_id: String,
    pub document: Option<DocId>,
    pub emails: Result<Vec<PlannedEmail>, String>,
}

/// The texts of an email before its recipients are known.
struct Texts {
    subject: String,
    text_body: String,
    html_body: String,
    extra: [Vec<Mailbox>; 3],
}

/// The default texts when the mailing has no template ("the report's settings", R10.4),
/// in the customer's language (the report's: nb, sv or en).
fn report_texts(ledger: &Ledger, customer: &Customer, doc: Option<&Document>, language: &str) -> Texts {
    use crate::reports::invoice::{report_language, title_of};
    let company = ledger.settings.company_name.trim().to_string();
    let language = report_language(ledger, language);
    let (subject, text) = match doc {
        Some(d) => {
            let kind = title_of(d.doc_type, language).0;
            let name = &customer.name;
            let number = &d.ref_nbr;
            let lower = kind.to_lowercase();
            match language {
                "nb" => (
                    format!("{kind} {number} fra {company}"),
                    format!("Hei {name},\n\nVedlagt er {lower} {number} fra {company}.\n\nVennlig hilsen\n{company}\n"),
                ),
                "sv" => (
                    format!("{kind} {number} från {company}"),
                    format!("Hej {name},\n\nBifogat finns {lower} {number} från {company}.\n\nVänliga hälsningar\n{company}\n"),
                ),
                _ => (
                    format!("{kind} {number} from {company}"),
                    format!("Dear {name},\n\nPlease find attached {lower} {number} from {company}.\n\nKind regards\n{company}\n"),
                ),
            }
        }
        None => (company.clone(), String::new()),
    };
    Texts { subject, text_body: text, html_body: String::new(), extra: Default::default() }
}

/// The template's texts for the customer's language, placeholders filled. `Err` when
/// To/Cc/Bcc of the template do not read as addresses once filled.
fn template_texts(template: &NotificationTemplate, context: &Context, language: &str, default_language: &str) -> Result<Texts, String> {
    let Some(variant) = template.variant(language, default_language) else {
        return Err(format!("Template {} has no text", template.id));
    };
    let mut extra: [Vec<Mailbox>; 3] = Default::default();
    for (slot, (name, text)) in extra.iter_mut().zip([("To", &variant.to), ("Cc", &variant.cc), ("Bcc", &variant.bcc)]) {
        *slot = parse_mailboxes(&render(text, context, false)).map_err(|e| format!("Template {} {name}: {e}", template.id))?;
    }
    Ok(Texts {
        subject: render(&variant.subject, context, false).replace(['\r', '\n'], " "),
        text_body: render(&variant.text_body, context, false),
        html_body: render(&variant.html_body, context, true),
        extra,
    })
}

fn language_of(ledger: &Ledger, customer: &Customer) -> (String, String) {
    let default = ledger.settings.languages.iter().find(|l| l.is_default).map(|l| l.code.clone()).unwrap_or_default();
    let own = if customer.language.trim().is_empty() { default.clone() } else { customer.language.clone() };
    (own, default)
}

/// The emails of `mailing_id` for one customer and perhaps one document: one per
/// recipient format, each with the To and Cc recipients of that format, and the Bcc
/// recipients (of any format) on the first.
pub fn plan_one(ledger: &Ledger, customer_id: &str, document: Option<DocId>, mailing_id: &str, today: NaiveDate) -> Plan {
    plan_one_with(ledger, customer_id, document, None, mailing_id, today)
}

/// [`plan_one`] with the `((PaymentMethod.*))` placeholders filled from the customer's
/// payment method at index `payment_method` (mass emails about an expiring card);
/// `None` takes the default one.
pub fn plan_one_with(ledger: &Ledger, customer_id: &str, document: Option<DocId>, payment_method: Option<usize>, mailing_id: &str, today: NaiveDate) -> Plan {
    let plan = |emails| Plan { customer_id: customer_id.to_string(), document, emails };
    let resolved = match resolve_mailing(ledger, customer_id, mailing_id) {
        Ok(r) => r,
        Err(why) => return plan(Err(why.message(customer_id))),
    };
    let Some(customer) = ledger.customers.get(customer_id) else {
        return plan(Err(format!("Customer {customer_id} does not exist")));
    };
    let doc = document.and_then(|id| ledger.documents.get(&id));
    if document.is_some() && doc.is_none() {
        return plan(Err("The document no longer exists".to_string()));
    }
    let (language, default_language) = language_of(ledger, customer);
    let texts = if resolved.mailing.template_id.is_empty() {
        report_texts(ledger, customer, doc, &language)
    } else {
        let Some(template) = ledger.templates.get(&resolved.mailing.template_id) else {
            return plan(Err(format!("Mailing {mailing_id} uses template {}, which does not exist", resolved.mailing.template_id)));
        };
        let mut context = Context::new(ledger, customer, doc);
        context.payment_method = payment_method.and_then(|i| customer.payment_methods.get(i));
        match template_texts(template, &context, &language, &default_language) {
            Ok(t) => t,
            Err(e) => return plan(Err(e)),
        }
    };
    plan(Ok(emails_per_format(&resolved, customer, doc, &texts, today)))
}

fn emails_per_format(resolved: &ResolvedMailing, customer: &Customer, doc: Option<&Document>, texts: &Texts, today: NaiveDate) -> Vec<PlannedEmail> {
    let reports: Vec<MailReport> = resolved.mailing.reports.iter().copied().filter(|r| doc.is_none() || *r == MailReport::Invoice).collect();
    let mut out = Vec::new();
    for (n, format) in resolved.formats().into_iter().enumerate() {
        let of_role = |role: RecipientRole| -> Vec<Mailbox> {
            resolved.recipients.iter().filter(|r| r.role == role && r.format == format).map(|r| r.mailbox.clone()).collect()
        };
        let mut to = of_role(RecipientRole::To);
        let mut cc = of_role(RecipientRole::Cc);
        // Bcc recipients get the first email whatever its format: one copy each.
        let mut bcc: Vec<Mailbox> =
            if n == 0 { resolved.recipients.iter().filter(|r| r.role == RecipientRole::Bcc).map(|r| r.mailbox.clone()).collect() } else { Vec::new() };
        if n == 0 {
            to.extend(texts.extra[0].iter().cloned());
            cc.extend(texts.extra[1].iter().cloned());
            bcc.extend(texts.extra[2].iter().cloned());
        }
        if to.is_empty() && cc.is_empty() && bcc.is_empty() {
            continue;
        }
        let report_in_body = format == MailFormat::Html && texts.text_body.trim().is_empty() && texts.html_body.trim().is_empty() && !reports.is_empty();
        let email = Email {
            mailing_id: resolved.mailing.id.clone(),
            customer_id: customer.id.clone(),
            document: doc.map(|d| d.id),
            from: resolved.sender.clone(),
            to,
            cc,
            bcc,
            subject: texts.subject.clone(),
            text_body: texts.text_body.clone(),
            html_body: texts.html_body.clone(),
            prepared_on: today,
            ..Email::default()
        };
        let requests = reports.iter().map(|r| ReportRequest { report: *r, format, document: doc.map(|d| d.id) }).collect();
        out.push(PlannedEmail { email, reports: requests, report_in_body });
    }
    out
}

/// *Send* on a report window (R11, Visma Net's Email activity): a new email to the
/// document's customer with the document's report attached as a PDF, for the user to
/// finish in the queue (recipients, text, other files) before sending it. Its
/// recipients are those of the customer's INVOICE mailing when it has one (any
/// format: one email), else the customer's invoicing email; its sender is the
/// mailing's, else the default account's; its texts are the report's own. It is not a
/// mailing's email: `mailing_id` is empty and the document is not marked Emailed.
/// `Err` says why no email can be started (no document, no address to send from or to).
pub fn report_email(ledger: &Ledger, document: DocId, today: NaiveDate) -> Result<PlannedEmail, String> {
    let doc = ledger.documents.get(&document).ok_or("The document no longer exists")?;
    let customer = ledger.customers.get(&doc.customer_id).ok_or_else(|| format!("Customer {} does not exist", doc.customer_id))?;
    let resolved = resolve_mailing(ledger, &customer.id, "INVOICE").ok();
    let from = match &resolved {
        Some(r) => r.sender.clone(),
        None => {
            super::resolve::default_sender(ledger).ok_or("There is no address to send from: enter an email account, or the company's email, in Preferences")?
        }
    };
    let mut email = Email { customer_id: customer.id.clone(), document: Some(document), from, prepared_on: today, ..Email::default() };
    match &resolved {
        Some(r) => {
            for recipient in &r.recipients {
                let list = match recipient.role {
                    RecipientRole::To => &mut email.to,
                    RecipientRole::Cc => &mut email.cc,
                    RecipientRole::Bcc => &mut email.bcc,
                };
                if !list.iter().any(|m| m.address.eq_ignore_ascii_case(&recipient.mailbox.address)) {
                    list.push(recipient.mailbox.clone());
                }
            }
        }
        None => {
            let address = customer.billing_email().trim();
            if !crate::base::problem::is_valid_email(address) {
                return Err(format!("Customer {} has no email address to send to: enter one on the customer first", customer.id));
            }
            email.to.push(Mailbox::new(&customer.name, address));
        }
    }
    let (language, _) = language_of(ledger, customer);
    let texts = report_texts(ledger, customer, Some(doc), &language);
    email.subject = texts.subject;
    email.text_body = texts.text_body;
    let reports = vec![ReportRequest { report: MailReport::Invoice, format: MailFormat::Pdf, document: Some(document) }];
    Ok(PlannedEmail { email, reports, report_in_body: false })
}

/// Whether any mailing list (the preferences', a class's, a customer's) has `mailing_id`.
pub fn mailing_exists(ledger: &Ledger, mailing_id: &str) -> bool {
    ledger
        .settings
        .mailings
        .iter()
        .chain(ledger.classes.values().flat_map(|c| &c.mailings))
        .chain(ledger.customers.values().flat_map(|c| &c.mailings))
        .any(|m| m.id == mailing_id)
}

/// The plans for invoice-like documents under a mailing (Send invoices, *Email
/// invoice*: R11.1, R11.3), in the order given.
pub fn plan_documents(ledger: &Ledger, documents: &[DocId], mailing_id: &str, today: NaiveDate) -> Vec<Plan> {
    documents
        .iter()
        .map(|id| match ledger.documents.get(id) {
            Some(d) if d.doc_type.is_invoice_like() => plan_one(ledger, &d.customer_id, Some(*id), mailing_id, today),
            Some(d) => Plan {
                customer_id: d.customer_id.clone(),
                document: Some(*id),
                emails: Err(format!("A {} is not emailed as an invoice", d.doc_type.label().to_lowercase())),
            },
            None => Plan { customer_id: String::new(), document: Some(*id), emails: Err("The document no longer exists".to_string()) },
        })
        .collect()
}

/// The plans of a template-only mailing for customers (mass emails), in the order given.
pub fn plan_customers(ledger: &Ledger, customers: &[String], mailing_id: &str, today: NaiveDate) -> Vec<Plan> {
    customers.iter().map(|c| plan_one(ledger, c, None, mailing_id, today)).collect()
}

/// The file name of a rendered report: `Invoice 000123.pdf`.
pub fn report_file_name(ledger: &Ledger, request: &ReportRequest) -> String {
    let name = request
        .document
        .and_then(|id| ledger.documents.get(&id))
        .map(|d| format!("{} {}", d.doc_type.label(), d.ref_nbr))
        .unwrap_or_else(|| request.report.label().to_string());
    let extension = match request.format {
        MailFormat::Html => "html",
        MailFormat::Excel => "xlsx",
        MailFormat::Pdf => "pdf",
    };
    format!("{name}.{extension}")
}

/// The MIME type of a report format.
pub fn report_mime(format: MailFormat) -> &'static str {
    match format {
        MailFormat::Html => "text/html",
        MailFormat::Excel => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        MailFormat::Pdf => "application/pdf",
    }
}

/// *Process* in Send invoices and *Email invoice*: the prepared emails go into the
/// queue (numbered, with their Message-IDs), and the documents in `delivered` are
/// marked Emailed (R11.2), a Pending email one moving on (R4.5). `nonce` is a random
/// number from the caller (the core has none): it keeps Message-IDs unique across
/// ledgers that reuse email numbers (a demo reloaded, a backup restored elsewhere).
pub fn queue_emails(ledger: &Ledger, emails: &[Email], delivered: &[DocId], nonce: u64, today: NaiveDate) -> Result<Change, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut counters = Counters::of(&ledger.settings);
    let mut next = counters.next_email_id.max(1);
    let mut puts = Vec::new();
    for email in emails {
        let mut queued = Email { id: next, status: EmailStatus::Pending, ..email.clone() };
        queued.message_id = format!("{}.{}.{:x}@{}", today.format("%Y%m%d"), next, nonce, domain_of(&queued.from));
        if let Err(found) = check_headers(&queued) {
            let who = if queued.customer_id.is_empty() { String::new() } else { format!("customer {}: ", queued.customer_id) };
            problems.extend(found.into_iter().map(|p| Problem { message: format!("{who}{}", p.message), ..p }));
            continue;
        }
        next += 1;
        puts.push(Record::Email(queued));
    }
    for id in delivered {
        match ledger.documents.get(id) {
            Some(doc) if doc.doc_type.is_invoice_like() => {
                let Some(customer) = ledger.customers.get(&doc.customer_id) else { continue };
                let mut emailed = doc.clone();
                emailed.emailed = true;
                emailed.emailed_on.push(today);
                puts.extend(crate::documents::invoice_delivery::delivered(ledger, emailed, customer).puts);
            }
            _ => problems.push(Problem::form(ProblemKind::Unknown, "A document to mark as emailed no longer exists")),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    counters.next_email_id = next;
    puts.push(Record::Counters(counters));
    Ok(Change { puts, deletes: vec![] })
}

fn domain_of(from: &Mailbox) -> String {
    let domain = from.domain();
    if domain.is_empty() {
        "reskontra.invalid".to_string()
    } else {
        domain.to_string()
    }
}

/// An email as the user edits it in the queue (R12.2): the address lists as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EmailDraft {
    pub id: EmailId,
    pub to: String,
    pub cc: String,
    pub bcc: String,
    pub subject: String,
    pub text_body: String,
    /// Sanitised by the caller (the app's worker, the CLI's sanitiser) before saving.
    pub html_body: String,
    pub attachments: Vec<Attachment>,
}

impl EmailDraft {
    pub fn from_email(email: &Email) -> EmailDraft {
        use super::address::format_mailboxes;
        EmailDraft {
            id: email.id,
            to: format_mailboxes(&email.to),
            cc: format_mailboxes(&email.cc),
            bcc: format_mailboxes(&email.bcc),
            subject: email.subject.clone(),
            text_body: email.text_body.clone(),
            html_body: email.html_body.clone(),
            attachments: email.attachments.clone(),
        }
    }
}

/// Saves a queued email's edits; only while it is Pending, Failed or Exported.
pub fn save_email(ledger: &Ledger, draft: &EmailDraft) -> Result<Change, Vec<Problem>> {
    let email = editable(ledger, draft.id)?;
    let mut problems = Problems::default();
    let mut list = |path: FieldPath, text: &str| match parse_mailboxes(text) {
        Ok(list) => list,
        Err(why) => {
            problems.add(path, ProblemKind::Format, why);
            Vec::new()
        }
    };
    let to = list(field::TO, &draft.to);
    let cc = list(field::CC, &draft.cc);
    let bcc = list(field::BCC, &draft.bcc);
    if !problems.is_empty() {
        return Err(problems.0);
    }
    let edited = Email {
        to,
        cc,
        bcc,
        subject: draft.subject.trim().to_string(),
        text_body: draft.text_body.clone(),
        html_body: draft.html_body.clone(),
        attachments: draft.attachments.clone(),
        status: EmailStatus::Pending,
        ..email.clone()
    };
    check_headers(&edited)?;
    Ok(Change { puts: vec![Record::Email(edited)], deletes: vec![] })
}

fn editable(ledger: &Ledger, id: EmailId) -> Result<&Email, Vec<Problem>> {
    let Some(email) = ledger.emails.get(&id) else {
        return Err(vec![Problem::form(ProblemKind::Unknown, format!("Email {id} no longer exists"))]);
    };
    if !email.status.is_editable() {
        return Err(vec![Problem::form(ProblemKind::NotAllowed, format!("Email {id} is {}: it can no longer be changed", email.status.label()))]);
    }
    Ok(email)
}

/// Deletes queued emails that have not left (Sent and Sending ones stay, as a record).
pub fn delete_emails(ledger: &Ledger, ids: &[EmailId]) -> Result<Change, Vec<Problem>> {
    let mut deletes = Vec::new();
    for id in ids {
        editable(ledger, *id)?;
        deletes.push(RecordKey::Email(*id));
    }
    Ok(Change { puts: vec![], deletes })
}

/// Before the requests: the emails are Sending, committed, so another tab or a reload
/// does not send them again. A Sent email is refused.
pub fn mark_sending(ledger: &Ledger, ids: &[EmailId], at: NaiveDateTime) -> Result<Change, Vec<Problem>> {
    let mut puts = Vec::new();
    for id in ids {
        let Some(email) = ledger.emails.get(id) else {
            return Err(vec![Problem::form(ProblemKind::Unknown, format!("Email {id} no longer exists"))]);
        };
        if !email.status.can_send() {
            return Err(vec![Problem::form(ProblemKind::NotAllowed, format!("Email {id} was sent already"))]);
        }
        puts.push(Record::Email(Email { status: EmailStatus::Sending { since: at }, ..email.clone() }));
    }
    Ok(Change { puts, deletes: vec![] })
}

/// The relay's answer for one email: its id (Sent) or why not (Failed). `Ok(None)`
/// from the caller means it never left (offline): the email goes back to Pending.
pub fn record_send_result(ledger: &Ledger, id: EmailId, at: NaiveDateTime, outcome: &SendOutcome) -> Result<Change, Vec<Problem>> {
    let Some(email) = ledger.emails.get(&id) else {
        return Err(vec![Problem::form(ProblemKind::Unknown, format!("Email {id} no longer exists"))]);
    };
    let status = match outcome {
        SendOutcome::Accepted { relay_id } => EmailStatus::Sent { at, relay_id: relay_id.clone() },
        // A Sent email stays Sent whatever a late answer of a retry says.
        _ if matches!(email.status, EmailStatus::Sent { .. }) => return Ok(Change::default()),
        SendOutcome::Refused { reason } => EmailStatus::Failed { at, reason: reason.clone() },
        SendOutcome::NotSent => EmailStatus::Pending,
    };
    Ok(Change { puts: vec![Record::Email(Email { status, ..email.clone() })], deletes: vec![] })
}

/// What became of one request to the relay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SendOutcome {
    /// 2xx with the relay's id.
    Accepted { relay_id: String },
    /// A non-2xx answer, a timeout or a lost connection, with the reason.
    Refused { reason: String },
    /// It never left (the browser is offline): back to Pending.
    NotSent,
}

/// The emails were saved as `.eml` files: Exported, except those already Sent.
pub fn mark_exported(ledger: &Ledger, ids: &[EmailId], at: NaiveDateTime) -> Result<Change, Vec<Problem>> {
    let mut puts = Vec::new();
    for id in ids {
        let Some(email) = ledger.emails.get(id) else {
            return Err(vec![Problem::form(ProblemKind::Unknown, format!("Email {id} no longer exists"))]);
        };
        if !matches!(email.status, EmailStatus::Sent { .. }) {
            puts.push(Record::Email(Email { status: EmailStatus::Exported { at }, ..email.clone() }));
        }
    }
    Ok(Change { puts, deletes: vec![] })
}

/// Saves a notification template (R10.3). Unknown placeholders are listed at their
/// field and nothing is saved; so are line breaks in the subject and address fields.
pub fn save_template(ledger: &Ledger, template: &NotificationTemplate, is_new: bool) -> Result<Change, Vec<Problem>> {
    use super::template::{is_known, placeholders_in};
    let mut problems = Problems::default();
    let id = template.id.trim().to_uppercase();
    problems.check_id(&template_field::ID, &id, 30);
    if is_new && ledger.templates.contains_key(&id) {
        problems.add(template_field::ID, ProblemKind::Duplicate, format!("Template {id} exists already"));
    }
    problems.check_text(&template_field::DESCRIPTION, &template.description, 100, false);
    if template.variants.is_empty() {
        problems.add(template_field::VARIANTS, ProblemKind::Required, "Add the text of at least one language");
    }
    for (i, v) in template.variants.iter().enumerate() {
        if template.variants[..i].iter().any(|o| o.language == v.language) {
            problems.add(template_field::variant(i, Name::Language), ProblemKind::Duplicate, "This language has a text already");
        }
        for (name, text, one_line) in [
            (Name::Subject, &v.subject, true),
            (Name::To, &v.to, true),
            (Name::Cc, &v.cc, true),
            (Name::Bcc, &v.bcc, true),
            (Name::TextBody, &v.text_body, false),
            (Name::HtmlBody, &v.html_body, false),
        ] {
            let path = template_field::variant(i, name);
            let unknown: Vec<String> = placeholders_in(text).into_iter().filter(|p| !is_known(p)).collect();
            if !unknown.is_empty() {
                problems.add(
                    path.clone(),
                    ProblemKind::Unknown,
                    format!("Unknown placeholders: {}", unknown.iter().map(|u| format!("(({u}))")).collect::<Vec<_>>().join(", ")),
                );
            } else if one_line && text.contains(['\r', '\n', '\0']) {
                problems.add(path, ProblemKind::Format, "Must be one line");
            }
        }
        if v.subject.trim().is_empty() {
            problems.add(template_field::variant(i, Name::Subject), ProblemKind::Required, "Required");
        }
    }
    let saved = NotificationTemplate { id: id.clone(), description: template.description.trim().to_string(), variants: template.variants.clone() };
    problems.into_result(|| Change { puts: vec![Record::Template(saved)], deletes: vec![] })
}

/// Deletes a template that no mailing uses.
pub fn delete_template(ledger: &Ledger, id: &str) -> Result<Change, Vec<Problem>> {
    let used_by = ledger
        .settings
        .mailings
        .iter()
        .map(|m| ("the preferences".to_string(), m))
        .chain(ledger.classes.values().flat_map(|c| c.mailings.iter().map(move |m| (format!("class {}", c.id), m))))
        .chain(ledger.customers.values().flat_map(|c| c.mailings.iter().map(move |m| (format!("customer {}", c.id), m))))
        .find(|(_, m)| m.template_id == id);
    if let Some((owner, m)) = used_by {
        return Err(vec![Problem::form(ProblemKind::NotAllowed, format!("Template {id} is used by mailing {} of {owner}", m.id))]);
    }
    Ok(Change { puts: vec![], deletes: vec![RecordKey::Template(id.to_string())] })
}

/// *Mark as not to be emailed / printed* in Send invoices (seed 000): the flag is set
/// without producing anything, and the document's activity says so.
pub fn mark_not_delivered(ledger: &Ledger, ids: &[DocId], print: bool, today: NaiveDate) -> Result<Change, Vec<Problem>> {
    let mut puts = Vec::new();
    for id in ids {
        let Some(doc) = ledger.documents.get(id).filter(|d| d.doc_type.is_invoice_like()) else {
            return Err(vec![Problem::form(ProblemKind::Unknown, "A chosen document no longer exists")]);
        };
        let Some(customer) = ledger.customers.get(&doc.customer_id) else { continue };
        let mut marked = doc.clone();
        if print {
            marked.printed = true;
            marked.skipped_print_on.push(today);
        } else {
            marked.emailed = true;
            marked.skipped_email_on.push(today);
        }
        puts.extend(crate::documents::invoice_delivery::delivered(ledger, marked, customer).puts);
    }
    Ok(Change { puts, deletes: vec![] })
}

/// The email of a plan with its reports rendered (`rendered[i]` is `planned.reports[i]`
/// as bytes) and its HTML body made safe by the caller (`safe_html`; `None` keeps the
/// planned one, which holds no user HTML). With `report_in_body`, the first HTML
/// report becomes the body instead of an attachment (R10.4).
pub fn assemble(ledger: &Ledger, planned: &PlannedEmail, rendered: Vec<Vec<u8>>, safe_html: Option<String>) -> Email {
    let mut email = planned.email.clone();
    if let Some(html) = safe_html {
        email.html_body = html;
    }
    let mut in_body = planned.report_in_body;
    for (request, bytes) in planned.reports.iter().zip(rendered) {
        if in_body && request.format == MailFormat::Html {
            email.html_body = String::from_utf8_lossy(&bytes).into_owned();
            in_body = false;
            continue;
        }
        email.attachments.push(Attachment { file_name: report_file_name(ledger, request), mime: report_mime(request.format).to_string(), bytes });
    }
    email
}
