//! Mailings and their recipients (SPEC R10.1–R10.2), and how a class's mailings
//! reach its customers (R2.3–R2.4).
//!
//! The same [`Mailing`] type is used three times: the preferences' list (the
//! predefined INVOICE, STATEMENT, STATEMENTMC, DUNNINGLETTER and any the user adds),
//! each class's copy (a new class gets every preferences mailing), and each
//! customer's copy. A customer's copy follows its class until the customer changes
//! it; then it is *Overridden* and a class change leaves it alone.

use serde::{Deserialize, Serialize};

use crate::base::problem::{is_valid_email, ProblemKind, Problems};
use crate::fields::{FieldPath, Name};

/// The format a report is sent in (R10.1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MailFormat {
    Html,
    Excel,
    #[default]
    Pdf,
}

impl MailFormat {
    pub const ALL: [MailFormat; 3] = [MailFormat::Html, MailFormat::Excel, MailFormat::Pdf];

    pub fn label(self) -> &'static str {
        match self {
            MailFormat::Html => "HTML",
            MailFormat::Excel => "Excel",
            MailFormat::Pdf => "PDF",
        }
    }

    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.label() == label)
    }
}

/// The reports a mailing can attach (R10.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MailReport {
    /// Invoice or credit note.
    Invoice,
    Statement,
    MultiCurrencyStatement,
    DunningLetter,
}

impl MailReport {
    pub const ALL: [MailReport; 4] = [MailReport::Invoice, MailReport::Statement, MailReport::MultiCurrencyStatement, MailReport::DunningLetter];

    pub fn label(self) -> &'static str {
        match self {
            MailReport::Invoice => "Invoice / credit note",
            MailReport::Statement => "Statement",
            MailReport::MultiCurrencyStatement => "Multi-currency statement",
            MailReport::DunningLetter => "Dunning letter",
        }
    }

    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.label() == label)
    }
}

/// Who a recipient line points at (R10.2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ContactType {
    /// The customer's main email.
    #[default]
    Primary,
    /// The invoicing contact's email (the main one when *Same as main*).
    Billing,
    /// One of the customer's contacts, by its number.
    Contact,
    /// Someone in our own company: a name and an email.
    Employee,
    /// A plain email address.
    Address,
}

impl ContactType {
    pub const ALL: [ContactType; 5] = [ContactType::Primary, ContactType::Billing, ContactType::Contact, ContactType::Employee, ContactType::Address];

    pub fn label(self) -> &'static str {
        match self {
            ContactType::Primary => "Customer primary contact",
            ContactType::Billing => "Billing contact",
            ContactType::Contact => "Customer contact",
            ContactType::Employee => "Employee",
            ContactType::Address => "Email address",
        }
    }

    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.label() == label)
    }

    /// Whether the line's own email field is where the address comes from.
    pub fn has_own_email(self) -> bool {
        matches!(self, ContactType::Employee | ContactType::Address)
    }
}

/// How a recipient gets the email (R10.2: *To* is the main recipient).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RecipientRole {
    #[default]
    To,
    Cc,
    Bcc,
}

impl RecipientRole {
    pub const ALL: [RecipientRole; 3] = [RecipientRole::To, RecipientRole::Cc, RecipientRole::Bcc];

    pub fn label(self) -> &'static str {
        match self {
            RecipientRole::To => "To",
            RecipientRole::Cc => "Cc",
            RecipientRole::Bcc => "Bcc",
        }
    }

    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.label() == label)
    }
}

/// One recipient line of a mailing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Recipient {
    pub contact_type: ContactType,
    /// For [`ContactType::Contact`] the contact's number; for an employee the name.
    pub contact: String,
    /// The address, for [`ContactType::Employee`] and [`ContactType::Address`].
    pub email: String,
    /// Overrides the mailing's format; `None` keeps it.
    pub format: Option<MailFormat>,
    pub active: bool,
    pub role: RecipientRole,
}

/// A mailing (R10.1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Mailing {
    pub id: String,
    /// Empty: no particular branch.
    pub branch_id: String,
    /// Empty: the class's email account (and then the default one).
    pub email_account_id: String,
    /// The reports attached (each in `format`, or in the recipient's format).
    pub reports: Vec<MailReport>,
    /// The notification template that gives the body (R10.1); empty: the report's text.
    pub template_id: String,
    pub format: MailFormat,
    pub active: bool,
    /// On a customer's copy: it no longer follows the class.
    pub overridden: bool,
    pub recipients: Vec<Recipient>,
}

impl Mailing {
    fn predefined(id: &str, report: MailReport, role_contact: ContactType) -> Mailing {
        Mailing {
            id: id.to_string(),
            reports: vec![report],
            format: MailFormat::Pdf,
            active: true,
            recipients: vec![Recipient { contact_type: role_contact, active: true, ..Default::default() }],
            ..Default::default()
        }
    }

    /// The same mailing with *Overridden* cleared, to compare with the class's copy.
    fn as_followed(&self) -> Mailing {
        Mailing { overridden: false, ..self.clone() }
    }
}

/// The predefined mailings of the preferences (R1.5).
pub fn predefined() -> Vec<Mailing> {
    vec![
        Mailing::predefined("INVOICE", MailReport::Invoice, ContactType::Billing),
        Mailing::predefined("STATEMENT", MailReport::Statement, ContactType::Billing),
        Mailing::predefined("STATEMENTMC", MailReport::MultiCurrencyStatement, ContactType::Billing),
        Mailing::predefined("DUNNINGLETTER", MailReport::DunningLetter, ContactType::Billing),
    ]
}

/// What a class copies from the preferences (R2.3): every mailing, not overridden.
pub fn for_new_class(preferences: &[Mailing]) -> Vec<Mailing> {
    preferences.iter().map(Mailing::as_followed).collect()
}

/// The customer's mailings after it was edited: a mailing that differs from the
/// class's copy (or that the class does not have) is *Overridden*; one that equals
/// it is not. A mailing whose *Overridden* the user cleared goes back to the class's
/// copy (R2.4: "set automatically when a customer edits it").
pub fn mark_overridden(class: &[Mailing], edited: &[Mailing], previous: &[Mailing]) -> Vec<Mailing> {
    edited
        .iter()
        .map(|m| {
            let of_class = class.iter().find(|c| c.id == m.id);
            let was_overridden = previous.iter().find(|p| p.id == m.id).is_some_and(|p| p.overridden);
            match of_class {
                None => Mailing { overridden: true, ..m.clone() },
                Some(c) if was_overridden && !m.overridden => c.as_followed(),
                Some(c) => Mailing { overridden: m.as_followed() != c.as_followed(), ..m.clone() },
            }
        })
        .collect()
}

/// The mailings a customer has (R2.4): the class's, except where the customer's own
/// (overridden) copy replaces one, plus the customer's own mailings the class does not
/// have. A customer stores only its overridden mailings, so a class change reaches
/// every other customer of the class without rewriting them.
pub fn follow_class(class: &[Mailing], customer: &[Mailing]) -> Vec<Mailing> {
    let mut out: Vec<Mailing> = class
        .iter()
        .map(|c| match customer.iter().find(|m| m.id == c.id && m.overridden) {
            Some(own) => own.clone(),
            None => c.as_followed(),
        })
        .collect();
    out.extend(customer.iter().filter(|m| m.overridden && !class.iter().any(|c| c.id == m.id)).cloned());
    out
}

/// Validates a list of mailings; problems are named `{prefix}.{i}.id`,
/// `{prefix}.{i}.reports`, `{prefix}.{i}.recipients.{j}.email` …
/// `contact_exists` tells whether a customer contact number exists (for customers).
pub fn check_mailings(problems: &mut Problems, prefix: &FieldPath, mailings: &[Mailing], contact_exists: &dyn Fn(&str) -> Option<bool>) {
    for (i, m) in mailings.iter().enumerate() {
        let field = |name: Name| prefix.cell(i, name);
        problems.check_id(&field(Name::Id), &m.id, 30);
        if mailings[..i].iter().any(|o| o.id == m.id) {
            problems.add(field(Name::Id), ProblemKind::Duplicate, format!("Mailing {} is listed twice", m.id));
        }
        if m.reports.is_empty() && m.template_id.trim().is_empty() {
            problems.add(field(Name::Reports), ProblemKind::Required, "Choose a report or a notification template");
        }
        problems.check_text(&field(Name::TemplateId), &m.template_id, 30, false);
        problems.check_text(&field(Name::BranchId), &m.branch_id, 30, false);
        problems.check_text(&field(Name::EmailAccountId), &m.email_account_id, 30, false);
        for (j, r) in m.recipients.iter().enumerate() {
            let rfield = |name: Name| prefix.at(i).then(Name::Recipients).cell(j, name);
            problems.check_text(&rfield(Name::Contact), &r.contact, 100, false);
            let email = r.email.trim();
            if r.contact_type.has_own_email() {
                if email.is_empty() {
                    problems.add(rfield(Name::Email), ProblemKind::Required, "Required for this contact type");
                } else if email.chars().count() > 254 || !is_valid_email(email) {
                    problems.add(
                        rfield(Name::Email),
                        ProblemKind::Format,
                        format!("\"{}\" is not an email address", email.chars().take(60).collect::<String>()),
                    );
                }
            }
            if r.contact_type == ContactType::Contact {
                match contact_exists(r.contact.trim()) {
                    Some(false) => problems.add(rfield(Name::Contact), ProblemKind::Unknown, format!("There is no contact {}", r.contact.trim())),
                    None => problems.add(rfield(Name::ContactType), ProblemKind::NotAllowed, "A class has no contacts: use the customer's own mailing"),
                    Some(true) => {}
                }
            }
        }
    }
}

/// Each mailing's notification template must exist (R10.1): a problem at
/// `{prefix}.{i}.template_id` names the missing one.
pub fn check_mailing_templates(
    problems: &mut Problems,
    prefix: &FieldPath,
    templates: &std::collections::BTreeMap<String, crate::mailings::NotificationTemplate>,
    mailings: &[Mailing],
) {
    for (i, m) in mailings.iter().enumerate() {
        let id = m.template_id.trim();
        if !id.is_empty() && !templates.contains_key(id) {
            problems.add(prefix.cell(i, Name::TemplateId), ProblemKind::Unknown, format!("There is no notification template {id}"));
        }
    }
}

/// Trims text fields and clears the email of lines that take it from elsewhere.
pub fn normalised(mailings: &[Mailing]) -> Vec<Mailing> {
    mailings
        .iter()
        .map(|m| Mailing {
            id: m.id.trim().to_uppercase(),
            branch_id: m.branch_id.trim().to_string(),
            email_account_id: m.email_account_id.trim().to_string(),
            template_id: m.template_id.trim().to_string(),
            recipients: m
                .recipients
                .iter()
                .map(|r| Recipient {
                    contact: r.contact.trim().to_string(),
                    email: if r.contact_type.has_own_email() { r.email.trim().to_string() } else { String::new() },
                    ..r.clone()
                })
                .collect(),
            ..m.clone()
        })
        .collect()
}
