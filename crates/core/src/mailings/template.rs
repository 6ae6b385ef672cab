//! Notification templates (SPEC R10.3): subject, To/Cc/Bcc and bodies with
//! `((Object.Field))` placeholders, one variant per document language. Values come
//! from the customer, the document, the contact, the customer's payment method and
//! the company; a value put into HTML is escaped.

use serde::{Deserialize, Serialize};

use crate::customers::customer::{Contact, Customer, CustomerPaymentMethod};
use crate::documents::document::Document;
use crate::ledger::Ledger;

/// One language's texts of a template.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TemplateVariant {
    /// A document language code ("nb", "en"); empty means the default language.
    pub language: String,
    pub subject: String,
    pub to: String,
    pub cc: String,
    pub bcc: String,
    pub text_body: String,
    pub html_body: String,
}

/// A notification template (R10.3).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NotificationTemplate {
    pub id: String,
    pub description: String,
    pub variants: Vec<TemplateVariant>,
}

impl NotificationTemplate {
    /// The variant for `language`, else the default language's, else the first.
    pub fn variant(&self, language: &str, default_language: &str) -> Option<&TemplateVariant> {
        let of = |code: &str| self.variants.iter().find(|v| v.language == code);
        of(language).or_else(|| of(default_language)).or_else(|| of("")).or_else(|| self.variants.first())
    }
}

/// Every placeholder a template may use, with what it is, for the picker.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("Customer.Id", "Customer no."),
    ("Customer.Name", "Customer name"),
    ("Customer.Email", "Customer's main email"),
    ("Customer.BillingEmail", "Billing contact's email"),
    ("Customer.Phone", "Customer's phone"),
    ("Customer.Attention", "Attention"),
    ("Customer.AddressLine1", "Address line 1"),
    ("Customer.AddressLine2", "Address line 2"),
    ("Customer.Postcode", "Postcode"),
    ("Customer.City", "City"),
    ("Customer.Country", "Country"),
    ("Customer.Class", "Customer class"),
    ("Customer.Currency", "Customer currency"),
    ("Customer.Language", "Document language"),
    ("Customer.Terms", "Terms"),
    ("Contact.Name", "Contact name"),
    ("Contact.Email", "Contact email"),
    ("Contact.Phone", "Contact phone"),
    ("Contact.Position", "Contact position"),
    ("Document.Type", "Document type"),
    ("Document.RefNbr", "Document number"),
    ("Document.Date", "Document date"),
    ("Document.DueDate", "Due date"),
    ("Document.Total", "Document total"),
    ("Document.Balance", "Document balance"),
    ("Document.Currency", "Document currency"),
    ("Document.Description", "Document description"),
    ("Company.Name", "Company name"),
    ("Company.Email", "Company email"),
    ("Company.VatNumber", "Company VAT number"),
    ("Company.AddressLine1", "Company address line 1"),
    ("Company.Postcode", "Company postcode"),
    ("Company.City", "Company city"),
    ("PaymentMethod.Id", "Payment method"),
    ("PaymentMethod.CardType", "Card type"),
    ("PaymentMethod.MaskedNumber", "Card number (masked)"),
    ("PaymentMethod.Expiry", "Card expiry"),
];

/// What a template is filled from: a customer, and perhaps a document, a contact and
/// a payment method of it.
pub struct Context<'a> {
    pub ledger: &'a Ledger,
    pub customer: &'a Customer,
    pub document: Option<&'a Document>,
    /// The contact the email is for; `None` takes the customer's default contact.
    pub contact: Option<&'a Contact>,
    /// `None` takes the customer's default payment method.
    pub payment_method: Option<&'a CustomerPaymentMethod>,
}

impl<'a> Context<'a> {
    pub fn new(ledger: &'a Ledger, customer: &'a Customer, document: Option<&'a Document>) -> Context<'a> {
        Context { ledger, customer, document, contact: None, payment_method: None }
    }

    fn contact(&self) -> Option<&'a Contact> {
        self.contact.or_else(|| self.customer.contacts.iter().find(|c| c.is_default && c.active)).or_else(|| self.customer.contacts.iter().find(|c| c.active))
    }

    fn payment_method(&self) -> Option<&'a CustomerPaymentMethod> {
        self.payment_method.or_else(|| self.customer.payment_methods.iter().find(|p| p.is_default)).or_else(|| self.customer.payment_methods.first())
    }

    /// The value of one placeholder, or `None` when the name is unknown. A known name
    /// without a value (no document, no contact) is empty.
    pub fn value(&self, name: &str) -> Option<String> {
        let c = self.customer;
        let settings = &self.ledger.settings;
        let numbers = settings.numbers();
        let (object, field) = name.split_once('.')?;
        let value = match object {
            "Customer" => match field {
                "Id" => c.id.clone(),
                "Name" => c.name.clone(),
                "Email" => c.email.clone(),
                "BillingEmail" => c.billing_email().to_string(),
                "Phone" => c.main_contact.phone1.clone(),
                "Attention" => c.main_contact.attention.clone(),
                "AddressLine1" => c.address.line1.clone(),
                "AddressLine2" => c.address.line2.clone(),
                "Postcode" => c.address.postcode.clone(),
                "City" => c.address.city.clone(),
                "Country" => c.address.country.clone(),
                "Class" => c.class_id.clone(),
                "Currency" => c.currency.clone(),
                "Language" => c.language.clone(),
                "Terms" => c.terms_id.clone(),
                _ => return None,
            },
            "Contact" => {
                let contact = self.contact();
                let of = |f: fn(&Contact) -> &String| contact.map(f).cloned().unwrap_or_default();
                match field {
                    "Name" => contact.map(|k| k.name.clone()).unwrap_or_else(|| c.main_contact.attention.clone()),
                    "Email" => contact.map(|k| k.email.clone()).unwrap_or_else(|| c.email.clone()),
                    "Phone" => of(|k| &k.phone),
                    "Position" => of(|k| &k.position),
                    _ => return None,
                }
            }
            "Document" => {
                let Some(d) = self.document else {
                    return PLACEHOLDERS.iter().any(|(n, _)| *n == name).then(String::new);
                };
                let units = settings.currency(&d.currency).map(|cur| cur.minor_units).unwrap_or(2);
                match field {
                    "Type" => d.doc_type.label().to_string(),
                    "RefNbr" => d.ref_nbr.clone(),
                    "Date" => d.date.to_string(),
                    "DueDate" => d.due_date.map(|due| due.to_string()).unwrap_or_default(),
                    "Total" => numbers.amount(d.total, units),
                    "Balance" => numbers.amount(d.balance, units),
                    "Currency" => d.currency.clone(),
                    "Description" => d.description.clone(),
                    _ => return None,
                }
            }
            "Company" => match field {
                "Name" => settings.company_name.clone(),
                "Email" => settings.company_email.clone(),
                "VatNumber" => settings.vat_number.clone(),
                "AddressLine1" => settings.company_address.line1.clone(),
                "Postcode" => settings.company_address.postcode.clone(),
                "City" => settings.company_address.city.clone(),
                _ => return None,
            },
            "PaymentMethod" => {
                let method = self.payment_method();
                let of = |f: fn(&CustomerPaymentMethod) -> &String| method.map(f).cloned().unwrap_or_default();
                match field {
                    "Id" => of(|m| &m.method_id),
                    "CardType" => of(|m| &m.card_type),
                    "MaskedNumber" => of(|m| &m.masked_number),
                    "Expiry" => of(|m| &m.expiry),
                    _ => return None,
                }
            }
            _ => return None,
        };
        Some(value)
    }
}

/// The placeholder names used in `text`, in order, each once.
pub fn placeholders_in(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("((") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("))") else { break };
        let name = after[..end].trim().to_string();
        if !name.is_empty() && !name.contains("((") && !out.contains(&name) {
            out.push(name.clone());
        }
        rest = &after[end + 2..];
    }
    out
}

/// Whether `name` is a known placeholder.
pub fn is_known(name: &str) -> bool {
    PLACEHOLDERS.iter().any(|(n, _)| *n == name)
}

/// `text` with every known placeholder replaced by its value (HTML-escaped when
/// `html`); unknown ones stay as they are written.
pub fn render(text: &str, context: &Context, html: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("((") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("))") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = after[..end].trim();
        match context.value(name) {
            Some(value) if html => out.push_str(&escape_html(&value)),
            Some(value) => out.push_str(&value),
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Text made safe to put into HTML, between tags or in a quoted attribute.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
