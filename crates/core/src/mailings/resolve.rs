//! Which mailing a customer's email follows, who sends it and who gets it (SPEC
//! R10.1, R10.2, R2.4): the customer's overridden copy, else its class's, else the
//! preferences'; the email account of the mailing, else of the class's copy of it, else
//! of the class, else the default account, else the company's address; the active
//! recipients with their role and format.

use super::address::Mailbox;
use crate::base::problem::is_valid_email;
use crate::customers::customer::Customer;
use crate::customers::mailing::{ContactType, MailFormat, Mailing, RecipientRole};
use crate::ledger::Ledger;

/// Where the effective mailing came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailingSource {
    Customer,
    Class,
    Preferences,
}

/// One recipient who gets the email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedRecipient {
    pub mailbox: Mailbox,
    pub role: RecipientRole,
    /// The recipient's own format, else the mailing's.
    pub format: MailFormat,
}

/// A customer's mailing as it is in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedMailing {
    pub mailing: Mailing,
    pub source: MailingSource,
    pub sender: Mailbox,
    /// Active recipients with a usable address, in the mailing's order.
    pub recipients: Vec<ResolvedRecipient>,
    /// Active recipient lines without a usable address, each with why.
    pub unusable: Vec<String>,
}

impl ResolvedMailing {
    /// The formats in use, each once, in the order the recipients first use them: one
    /// email goes out per format.
    pub fn formats(&self) -> Vec<MailFormat> {
        let mut out: Vec<MailFormat> = Vec::new();
        for r in &self.recipients {
            if !out.contains(&r.format) {
                out.push(r.format);
            }
        }
        out
    }
}

/// Why a customer gets nothing from a mailing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoMailing {
    UnknownCustomer(String),
    /// Neither the customer, its class nor the preferences have it.
    NotSetUp(String),
    Inactive(String),
    /// No email account, and no company email address.
    NoSender,
    /// Active, but no active recipient with an address; the reasons per line.
    NoRecipient(Vec<String>),
}

impl NoMailing {
    pub fn message(&self, customer: &str) -> String {
        match self {
            NoMailing::UnknownCustomer(id) => format!("Customer {id} does not exist"),
            NoMailing::NotSetUp(m) => format!("Customer {customer} has no {m} mailing"),
            NoMailing::Inactive(m) => format!("The {m} mailing of customer {customer} is not active"),
            NoMailing::NoSender => "No email account to send from: add one in Reference tables, or enter the company's email in Preferences".to_string(),
            NoMailing::NoRecipient(why) if why.is_empty() => format!("Customer {customer} has no active recipient"),
            NoMailing::NoRecipient(why) => format!("Customer {customer} has no usable recipient: {}", why.join("; ")),
        }
    }
}

/// The mailing `mailing_id` of customer `customer_id`, as it is in force (R10.1, R2.4).
pub fn resolve_mailing(ledger: &Ledger, customer_id: &str, mailing_id: &str) -> Result<ResolvedMailing, NoMailing> {
    let customer = ledger.customers.get(customer_id).ok_or_else(|| NoMailing::UnknownCustomer(customer_id.to_string()))?;
    let class = ledger.classes.get(&customer.class_id);
    let own = customer.mailings.iter().find(|m| m.id == mailing_id && m.overridden);
    let of_class = class.and_then(|c| c.mailings.iter().find(|m| m.id == mailing_id));
    let of_preferences = ledger.settings.mailings.iter().find(|m| m.id == mailing_id);
    let (mailing, source) = match (own, of_class, of_preferences) {
        (Some(m), _, _) => (m, MailingSource::Customer),
        (None, Some(m), _) => (m, MailingSource::Class),
        (None, None, Some(m)) if class.is_none_or(|c| c.mailings.is_empty()) => (m, MailingSource::Preferences),
        _ => return Err(NoMailing::NotSetUp(mailing_id.to_string())),
    };
    if !mailing.active {
        return Err(NoMailing::Inactive(mailing_id.to_string()));
    }
    let sender =
        sender(ledger, mailing, of_class.map(|m| m.email_account_id.as_str()), class.map(|c| c.email_account_id.as_str())).ok_or(NoMailing::NoSender)?;
    let (recipients, unusable) = recipients(customer, mailing);
    if recipients.is_empty() {
        return Err(NoMailing::NoRecipient(unusable));
    }
    Ok(ResolvedMailing { mailing: mailing.clone(), source, sender, recipients, unusable })
}

/// The sender of an email that no mailing makes (*Send* on a report window): the
/// default email account, else the company's own address.
pub fn default_sender(ledger: &Ledger) -> Option<Mailbox> {
    sender(ledger, &Mailing::default(), None, None)
}

/// The sender: the first email account named by the mailing, the class's copy of the
/// mailing or the class, else the default account, else the company's own address.
fn sender(ledger: &Ledger, mailing: &Mailing, class_mailing_account: Option<&str>, class_account: Option<&str>) -> Option<Mailbox> {
    let settings = &ledger.settings;
    let account = |id: &str| settings.email_accounts.iter().find(|a| a.id == id && is_valid_email(a.sender_address.trim()));
    [Some(mailing.email_account_id.as_str()), class_mailing_account, class_account]
        .into_iter()
        .flatten()
        .filter(|id| !id.trim().is_empty())
        .find_map(account)
        .or_else(|| settings.email_accounts.iter().find(|a| a.is_default && is_valid_email(a.sender_address.trim())))
        .map(|a| Mailbox::new(if a.sender_name.trim().is_empty() { &settings.company_name } else { &a.sender_name }, &a.sender_address))
        .or_else(|| is_valid_email(settings.company_email.trim()).then(|| Mailbox::new(&settings.company_name, &settings.company_email)))
}

fn recipients(customer: &Customer, mailing: &Mailing) -> (Vec<ResolvedRecipient>, Vec<String>) {
    let mut found: Vec<ResolvedRecipient> = Vec::new();
    let mut unusable = Vec::new();
    for r in mailing.recipients.iter().filter(|r| r.active) {
        let name = match r.contact_type {
            ContactType::Primary | ContactType::Billing => customer.name.clone(),
            ContactType::Contact => customer.contacts.iter().find(|c| c.number.to_string() == r.contact).map(|c| c.name.clone()).unwrap_or_default(),
            ContactType::Employee => r.contact.clone(),
            ContactType::Address => String::new(),
        };
        let inactive_contact = r.contact_type == ContactType::Contact && customer.contacts.iter().any(|c| c.number.to_string() == r.contact && !c.active);
        match customer.recipient_email(r) {
            Some(email) if is_valid_email(email.trim()) && !inactive_contact => {
                let mailbox = Mailbox::new(&name, &email);
                if !found.iter().any(|f| f.mailbox.address.eq_ignore_ascii_case(&mailbox.address) && f.role == r.role) {
                    found.push(ResolvedRecipient { mailbox, role: r.role, format: r.format.unwrap_or(mailing.format) });
                }
            }
            Some(email) if !inactive_contact => unusable.push(format!("{}: \"{}\" is not an email address", r.contact_type.label(), email.trim())),
            _ if inactive_contact => unusable.push(format!("contact {} is inactive", r.contact)),
            _ => unusable.push(format!("{} has no email address", r.contact_type.label().to_lowercase())),
        }
    }
    (found, unusable)
}
