//! Master data: customer classes and customers as typed in their windows, and the
//! commands that save, rename and delete them (SPEC R2, R3).
//!
//! A class gives its new customers their defaults (R2.2) and its mailings follow
//! into its customers unless a customer overrode them (R2.4). Every save checks the
//! whole record and reports every problem, each named by the form field it belongs
//! to (`contacts.2.email`, `locations.0.is_default`, `mailings.1.recipients.0.email`).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::base::number::NumberFormat;
use crate::base::problem::{is_valid_email, Problem, ProblemKind, Problems};
use crate::customers::address::{check_address, normalised, Address};
use crate::customers::customer::{
    check_expiry, mask_card_number, AttributeDef, Charges, Contact, ContactInfo, Customer, CustomerClass, CustomerPaymentMethod, CustomerStatus, Location,
    OtherParty, ParentLink, PrintEmail, StatusChange,
};
use crate::customers::mailing::{check_mailings, for_new_class, mark_overridden, Mailing};
use crate::documents::credit::CreditPolicyDraft;
use crate::documents::document::Document;
use crate::fields::{accounts, class, credit, customer, mailings, FieldPath, Name};
use crate::ledger::{Change, Ledger, Record, RecordKey};
use crate::settings::{SeriesKind, Settings};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassDraft {
    pub is_new: bool,
    pub id: String,
    pub description: String,
    pub terms_id: String,
    /// Empty: the base currency.
    pub currency: String,
    pub allow_currency_override: bool,
    /// Default credit verification for the class's new customers.
    #[serde(default)]
    pub credit: CreditPolicyDraft,
    #[serde(default)]
    pub dunning: ChargesDraft,
    /// Yearly overdue-charge rate in percent (empty: none).
    #[serde(default)]
    pub overdue_rate_pct: String,
    #[serde(default)]
    pub print_email: PrintEmail,
    #[serde(default)]
    pub statement_cycle_id: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub apply_payments_automatically: bool,
    #[serde(default)]
    pub rate_type: String,
    #[serde(default)]
    pub allow_rate_override: bool,
    #[serde(default)]
    pub email_account_id: String,
    #[serde(default)]
    pub mailings: Vec<Mailing>,
    #[serde(default)]
    pub attributes: Vec<AttributeDef>,
    #[serde(default)]
    pub accounts: crate::accounting::journal::AccountOverrides,
}

impl ClassDraft {
    /// A new class as the window starts it: the first payment terms, the base
    /// currency, and every mailing of the preferences (R2.3).
    pub fn new_class(settings: &Settings) -> Self {
        ClassDraft {
            is_new: true,
            id: String::new(),
            description: String::new(),
            terms_id: settings.terms.first().map(|t| t.id.clone()).unwrap_or_default(),
            currency: String::new(),
            allow_currency_override: false,
            credit: CreditPolicyDraft::default(),
            dunning: ChargesDraft::default(),
            overdue_rate_pct: String::new(),
            print_email: PrintEmail::default(),
            statement_cycle_id: settings.statement_cycles.first().map(|c| c.id.clone()).unwrap_or_default(),
            language: settings.languages.iter().find(|l| l.is_default).map(|l| l.code.clone()).unwrap_or_default(),
            apply_payments_automatically: false,
            rate_type: String::new(),
            allow_rate_override: false,
            email_account_id: String::new(),
            mailings: for_new_class(&settings.mailings),
            attributes: Vec::new(),
            accounts: Default::default(),
        }
    }

    /// The draft of a stored class, numbers in `numbers`.
    pub fn from_class(class: &CustomerClass, numbers: NumberFormat) -> Self {
        ClassDraft {
            is_new: false,
            id: class.id.clone(),
            description: class.description.clone(),
            terms_id: class.terms_id.clone(),
            currency: class.currency.clone().unwrap_or_default(),
            allow_currency_override: class.allow_currency_override,
            credit: CreditPolicyDraft::from_policy(&class.credit, numbers),
            dunning: ChargesDraft::from_charges(&class.dunning, numbers),
            overdue_rate_pct: if class.overdue_rate_pct.is_zero() { String::new() } else { numbers.decimal(class.overdue_rate_pct.normalize()) },
            print_email: class.print_email.clone(),
            statement_cycle_id: class.statement_cycle_id.clone(),
            language: class.language.clone(),
            apply_payments_automatically: class.apply_payments_automatically,
            rate_type: class.rate_type.clone(),
            allow_rate_override: class.allow_rate_override,
            email_account_id: class.email_account_id.clone(),
            mailings: class.mailings.clone(),
            attributes: class.attributes.clone(),
            accounts: class.accounts.clone(),
        }
    }
}

/// Overdue-charge and write-off settings as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargesDraft {
    pub overdue_charges: bool,
    pub write_offs: bool,
    pub write_off_limit: String,
}

impl ChargesDraft {
    pub fn from_charges(charges: &Charges, numbers: NumberFormat) -> Self {
        ChargesDraft {
            overdue_charges: charges.overdue_charges,
            write_offs: charges.write_offs,
            write_off_limit: if charges.write_off_limit.is_zero() { String::new() } else { numbers.decimal(charges.write_off_limit) },
        }
    }

    fn parse(&self, problems: &mut Problems, base_minor_units: u32, numbers: NumberFormat) -> Charges {
        let write_off_limit = if self.write_off_limit.trim().is_empty() {
            rust_decimal::Decimal::ZERO
        } else {
            match numbers.parse(&self.write_off_limit, base_minor_units) {
                Ok(l) if !l.is_sign_negative() => l,
                Ok(_) => {
                    problems.add(credit::WRITE_OFF_LIMIT, ProblemKind::OutOfRange, "Must be zero or more");
                    rust_decimal::Decimal::ZERO
                }
                Err(e) => {
                    problems.number(credit::WRITE_OFF_LIMIT, &e);
                    rust_decimal::Decimal::ZERO
                }
            }
        };
        Charges { overdue_charges: self.overdue_charges, write_offs: self.write_offs, write_off_limit }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerDraft {
    pub is_new: bool,
    /// Empty on a new customer: the next number of the customer series.
    pub id: String,
    pub name: String,
    pub class_id: String,
    pub status: CustomerStatus,
    /// Empty: the class's.
    pub terms_id: String,
    /// Empty: the class's, or the base currency.
    pub currency: String,
    pub allow_currency_override: bool,
    pub email: String,
    pub address: Address,
    #[serde(default)]
    pub credit: CreditPolicyDraft,
    #[serde(default)]
    pub dunning: ChargesDraft,
    #[serde(default)]
    pub print_email: PrintEmail,
    #[serde(default)]
    pub main_contact: ContactInfo,
    #[serde(default)]
    pub account_ref: String,
    #[serde(default)]
    pub invoicing: OtherParty,
    #[serde(default)]
    pub delivery: OtherParty,
    #[serde(default)]
    pub statement_cycle_id: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub apply_payments_automatically: bool,
    #[serde(default)]
    pub rate_type: String,
    #[serde(default)]
    pub allow_rate_override: bool,
    #[serde(default)]
    pub locations: Vec<Location>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// `masked_number` holds what the user typed: a whole card number is masked on save.
    #[serde(default)]
    pub payment_methods: Vec<CustomerPaymentMethod>,
    #[serde(default)]
    pub parent: ParentLink,
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    #[serde(default)]
    pub mailings: Vec<Mailing>,
    #[serde(default)]
    pub accounts: crate::accounting::journal::AccountOverrides,
}

impl CustomerDraft {
    /// A new customer with the defaults of `class` copied in (SPEC R2.2).
    pub fn new_of_class(class: &CustomerClass, settings: &Settings) -> Self {
        CustomerDraft {
            is_new: true,
            id: String::new(),
            name: String::new(),
            class_id: class.id.clone(),
            status: CustomerStatus::Active,
            terms_id: class.terms_id.clone(),
            currency: class.currency.clone().unwrap_or_else(|| settings.base_currency.clone()),
            allow_currency_override: class.allow_currency_override,
            email: String::new(),
            // A real value, not a placeholder, so the postcode is checked by its rules.
            address: Address { country: default_country(settings), ..Address::default() },
            credit: CreditPolicyDraft::from_policy(&class.credit, settings.numbers()),
            dunning: ChargesDraft::from_charges(&class.dunning, settings.numbers()),
            print_email: class.print_email.clone(),
            main_contact: ContactInfo::default(),
            account_ref: String::new(),
            invoicing: OtherParty::default(),
            delivery: OtherParty::default(),
            statement_cycle_id: class.statement_cycle_id.clone(),
            language: class.language.clone(),
            apply_payments_automatically: class.apply_payments_automatically,
            rate_type: class.rate_type.clone(),
            allow_rate_override: class.allow_rate_override,
            locations: vec![Location::main("")],
            contacts: Vec::new(),
            payment_methods: Vec::new(),
            parent: ParentLink::default(),
            attributes: class.attributes.iter().map(|a| (a.id.clone(), String::new())).collect(),
            mailings: class.mailings.clone(),
            accounts: Default::default(),
        }
    }

    /// What changes when the user picks another class for a new customer: the
    /// class's defaults replace the copied fields; typed ones (name, address,
    /// contacts …) stay.
    pub fn with_class(&self, class: &CustomerClass, settings: &Settings) -> Self {
        let defaults = CustomerDraft::new_of_class(class, settings);
        CustomerDraft {
            id: self.id.clone(),
            name: self.name.clone(),
            status: self.status,
            email: self.email.clone(),
            address: self.address.clone(),
            main_contact: self.main_contact.clone(),
            account_ref: self.account_ref.clone(),
            invoicing: self.invoicing.clone(),
            delivery: self.delivery.clone(),
            locations: self.locations.clone(),
            contacts: self.contacts.clone(),
            payment_methods: self.payment_methods.clone(),
            parent: self.parent.clone(),
            accounts: self.accounts.clone(),
            is_new: self.is_new,
            ..defaults
        }
    }

    /// The draft the customer window edits: [`CustomerDraft::from_customer`] with every
    /// mailing the customer has (its class's and its own overrides).
    pub fn for_editing(customer: &Customer, ledger: &Ledger) -> Self {
        CustomerDraft {
            mailings: customer.mailings_with(ledger.classes.get(&customer.class_id)),
            ..CustomerDraft::from_customer(customer, ledger.settings.numbers())
        }
    }

    /// The stored record as a draft; `mailings` holds only the overridden ones (a
    /// mailing left out follows the class). Numbers in `numbers`.
    pub fn from_customer(customer: &Customer, numbers: NumberFormat) -> Self {
        CustomerDraft {
            is_new: false,
            id: customer.id.clone(),
            name: customer.name.clone(),
            class_id: customer.class_id.clone(),
            status: customer.status,
            terms_id: customer.terms_id.clone(),
            currency: customer.currency.clone(),
            allow_currency_override: customer.allow_currency_override,
            email: customer.email.clone(),
            address: customer.address.clone(),
            credit: CreditPolicyDraft::from_policy(&customer.credit, numbers),
            dunning: ChargesDraft::from_charges(&customer.dunning, numbers),
            print_email: customer.print_email.clone(),
            main_contact: customer.main_contact.clone(),
            account_ref: customer.account_ref.clone(),
            invoicing: customer.invoicing.clone(),
            delivery: customer.delivery.clone(),
            statement_cycle_id: customer.statement_cycle_id.clone(),
            language: customer.language.clone(),
            apply_payments_automatically: customer.apply_payments_automatically,
            rate_type: customer.rate_type.clone(),
            allow_rate_override: customer.allow_rate_override,
            locations: if customer.locations.is_empty() { vec![Location::main(&customer.name)] } else { customer.locations.clone() },
            contacts: customer.contacts.clone(),
            payment_methods: customer.payment_methods.clone(),
            parent: customer.parent.clone(),
            attributes: customer.attributes.clone(),
            mailings: customer.mailings.clone(),
            accounts: customer.accounts.clone(),
        }
    }
}

fn check_email(problems: &mut Problems, field: &FieldPath, email: &str, required: bool) {
    let email = email.trim();
    if email.is_empty() {
        if required {
            problems.add(field, ProblemKind::Required, "Required");
        }
    } else if email.chars().count() > 254 {
        problems.add(field, ProblemKind::TooLong, "At most 254 characters");
    } else if !is_valid_email(email) {
        problems.add(field, ProblemKind::Format, format!("\"{}\" is not an email address", email.chars().take(60).collect::<String>()));
    }
}

fn check_phone(problems: &mut Problems, field: &FieldPath, phone: &str) {
    let phone = phone.trim();
    if phone.chars().count() > 30 {
        problems.add(field, ProblemKind::TooLong, "At most 30 characters");
    } else if !phone.chars().all(|c| c.is_ascii_digit() || " +()-./".contains(c)) {
        problems.add(field, ProblemKind::Format, "Use digits, spaces and + ( ) - . / only");
    }
}

fn check_contact_info(problems: &mut Problems, prefix: &FieldPath, info: &ContactInfo) {
    problems.check_text(&prefix.then(Name::CompanyName), &info.company_name, 255, false);
    problems.check_text(&prefix.then(Name::Attention), &info.attention, 255, false);
    problems.check_text(&prefix.then(Name::Web), &info.web, 255, false);
    check_phone(problems, &prefix.then(Name::Phone1), &info.phone1);
    check_phone(problems, &prefix.then(Name::Phone2), &info.phone2);
    check_phone(problems, &prefix.then(Name::Fax), &info.fax);
}

fn trimmed_info(info: &ContactInfo) -> ContactInfo {
    ContactInfo {
        company_name: info.company_name.trim().to_string(),
        attention: info.attention.trim().to_string(),
        web: info.web.trim().to_string(),
        phone1: info.phone1.trim().to_string(),
        phone2: info.phone2.trim().to_string(),
        fax: info.fax.trim().to_string(),
    }
}

/// Checks the invoicing or delivery part; what is *Same as main* is cleared.
fn other_party(problems: &mut Problems, prefix: &FieldPath, party: &OtherParty) -> OtherParty {
    let mut out = OtherParty { same_address_as_main: party.same_address_as_main, same_contact_as_main: party.same_contact_as_main, ..Default::default() };
    if !party.same_address_as_main {
        out.address = normalised(&party.address);
        check_address(problems, &prefix.then(Name::Address), &out.address);
    }
    if !party.same_contact_as_main {
        out.contact = trimmed_info(&party.contact);
        check_contact_info(problems, &prefix.then(Name::Contact), &out.contact);
        out.email = party.email.trim().to_string();
        check_email(problems, &prefix.then(Name::Email), &out.email, false);
    }
    out
}

fn check_rate_type(problems: &mut Problems, settings: &Settings, rate_type: &str) -> String {
    let rate_type = rate_type.trim().to_uppercase();
    if !rate_type.is_empty() && !settings.rate_types().contains(&rate_type) {
        problems.add(class::RATE_TYPE, ProblemKind::Unknown, format!("There are no {rate_type} rates in the currency rate table"));
    }
    rate_type
}

fn check_class_refs(problems: &mut Problems, settings: &Settings, statement_cycle_id: &str, language: &str) {
    if !statement_cycle_id.is_empty() && !crate::settings::reference_links::statement_cycle_exists(settings, statement_cycle_id) {
        problems.add(class::STATEMENT_CYCLE_ID, ProblemKind::Unknown, format!("There is no statement cycle {statement_cycle_id}"));
    }
    if !language.is_empty() && !crate::settings::reference_links::language_exists(settings, language) {
        problems.add(class::LANGUAGE, ProblemKind::Unknown, format!("There is no document language {language}"));
    }
}

fn check_attribute_defs(problems: &mut Problems, attributes: &[AttributeDef]) -> Vec<AttributeDef> {
    let mut out = Vec::new();
    for (i, a) in attributes.iter().enumerate() {
        let id = a.id.trim().to_uppercase();
        problems.check_id(&class::attribute(i, Name::Id), &id, 30);
        if out.iter().any(|o: &AttributeDef| o.id == id) {
            problems.add(class::attribute(i, Name::Id), ProblemKind::Duplicate, format!("Attribute {id} is listed twice"));
        }
        problems.check_text(&class::attribute(i, Name::Description), &a.description, 60, true);
        out.push(AttributeDef { id, description: a.description.trim().to_string(), required: a.required });
    }
    out
}

pub(crate) fn save_class(ledger: &Ledger, draft: &ClassDraft) -> Result<Change, Vec<Problem>> {
    let mut problems = Problems::default();
    let id = draft.id.trim().to_uppercase();
    problems.check_id(&class::ID, &id, 10);
    if draft.is_new && ledger.classes.contains_key(&id) {
        problems.add(class::ID, ProblemKind::Duplicate, format!("Class {id} already exists"));
    }
    let previous = ledger.classes.get(&id);
    if !draft.is_new && previous.is_none() {
        problems.add(class::ID, ProblemKind::Unknown, format!("Class {id} does not exist"));
    }
    problems.check_text(&class::DESCRIPTION, &draft.description, 60, true);
    if ledger.settings.terms_by_id(&draft.terms_id).is_none() {
        problems.add(customer::TERMS_ID, ProblemKind::Required, "Choose payment terms");
    }
    let currency = draft.currency.trim();
    if !currency.is_empty() && ledger.settings.currency(currency).is_none() {
        problems.add(customer::CURRENCY, ProblemKind::Unknown, format!("Currency {currency} is not in the currency table"));
    }
    let credit = draft.credit.parse(&mut problems, ledger.settings.base().minor_units, ledger.settings.numbers());
    let dunning = draft.dunning.parse(&mut problems, ledger.settings.base().minor_units, ledger.settings.numbers());
    let overdue_rate_pct = overdue_rate(&mut problems, &credit::OVERDUE_RATE_PCT, &draft.overdue_rate_pct, ledger.settings.numbers());
    check_class_refs(&mut problems, &ledger.settings, draft.statement_cycle_id.trim(), draft.language.trim());
    let email_account_id = draft.email_account_id.trim().to_string();
    if !email_account_id.is_empty() && !crate::settings::reference_links::email_account_exists(&ledger.settings, &email_account_id) {
        problems.add(class::EMAIL_ACCOUNT_ID, ProblemKind::Unknown, format!("There is no email account {email_account_id}"));
    }
    let mailings: Vec<Mailing> = crate::customers::mailing::normalised(&draft.mailings).into_iter().map(|m| Mailing { overridden: false, ..m }).collect();
    check_mailings(&mut problems, &mailings::MAILINGS, &mailings, &|_| None);
    crate::settings::reference_links::check_mailing_refs(&mut problems, &mailings::MAILINGS, &ledger.settings, &mailings);
    crate::customers::mailing::check_mailing_templates(&mut problems, &mailings::MAILINGS, &ledger.templates, &mailings);
    let attributes = check_attribute_defs(&mut problems, &draft.attributes);
    let rate_type = check_rate_type(&mut problems, &ledger.settings, &draft.rate_type);
    let accounts = draft.accounts.checked(&mut problems, &accounts::ACCOUNTS);
    if !problems.is_empty() {
        return Err(problems.0);
    }
    let class = CustomerClass {
        id: id.clone(),
        description: draft.description.trim().to_string(),
        terms_id: draft.terms_id.clone(),
        currency: if currency.is_empty() { None } else { Some(currency.to_string()) },
        allow_currency_override: draft.allow_currency_override,
        credit,
        dunning,
        overdue_rate_pct,
        print_email: draft.print_email.clone(),
        statement_cycle_id: draft.statement_cycle_id.trim().to_string(),
        language: draft.language.trim().to_string(),
        apply_payments_automatically: draft.apply_payments_automatically,
        rate_type,
        allow_rate_override: draft.allow_rate_override,
        email_account_id,
        mailings,
        attributes,
        accounts,
    };
    // R2.4: customers store only their overridden mailings, so the class's change
    // reaches all the others without a write to each.
    Ok(Change { puts: vec![Record::Class(class)], deletes: vec![] })
}

pub(crate) fn delete_class(ledger: &Ledger, id: &str) -> Result<Change, Vec<Problem>> {
    if !ledger.classes.contains_key(id) {
        return Err(vec![Problem::form(ProblemKind::Unknown, format!("Class {id} does not exist"))]);
    }
    let used = ledger.customers.values().filter(|c| c.class_id == id).count();
    if used > 0 {
        return Err(vec![Problem::form(ProblemKind::NotAllowed, format!("Class {id} is used by {used} customer(s); move them to another class first"))]);
    }
    Ok(Change { puts: vec![], deletes: vec![RecordKey::Class(id.to_string())] })
}

fn check_locations(problems: &mut Problems, settings: &Settings, draft: &CustomerDraft, name: &str) -> Vec<Location> {
    let mut locations: Vec<Location> = Vec::new();
    for (i, l) in draft.locations.iter().enumerate() {
        let field = |f: Name| customer::location(i, f);
        let id = l.id.trim().to_uppercase();
        problems.check_id(&field(Name::Id), &id, 10);
        if locations.iter().any(|o| o.id == id) {
            problems.add(field(Name::Id), ProblemKind::Duplicate, format!("Location {id} is listed twice"));
        }
        problems.check_text(&field(Name::Name), &l.name, 60, false);
        for (f, v, max) in [
            (Name::VatZone, &l.vat_zone, 10),
            (Name::CorporateId, &l.corporate_id, 30),
            (Name::VatRegistrationId, &l.vat_registration_id, 30),
            (Name::EdiCode, &l.edi_code, 35),
            (Name::ShippingBranch, &l.shipping_branch, 30),
        ] {
            problems.check_text(&field(f), v, max, false);
        }
        let branch = l.shipping_branch.trim();
        if !branch.is_empty() && !crate::settings::reference_links::branch_exists(settings, branch) {
            problems.add(field(Name::ShippingBranch), ProblemKind::Unknown, format!("There is no branch {branch}"));
        }
        let gln = l.gln.trim();
        if !(gln.is_empty() || gln.len() == 13 && gln.chars().all(|c| c.is_ascii_digit())) {
            problems.add(field(Name::Gln), ProblemKind::Format, "A GLN has 13 digits");
        }
        let address = normalised(&l.address);
        check_address(problems, &field(Name::Address), &address);
        if l.is_default && !l.active {
            problems.add(field(Name::Active), ProblemKind::NotAllowed, "The default location must be active");
        }
        locations.push(Location {
            id,
            name: l.name.trim().to_string(),
            address,
            vat_zone: l.vat_zone.trim().to_uppercase(),
            corporate_id: l.corporate_id.trim().to_string(),
            vat_registration_id: l.vat_registration_id.trim().to_string(),
            gln: gln.to_string(),
            edi_code: l.edi_code.trim().to_string(),
            shipping_branch: l.shipping_branch.trim().to_string(),
            ..l.clone()
        });
    }
    // MAIN always exists (seed 002: it is created with the main address), named after
    // the customer unless named otherwise.
    if let Some(main) = locations.iter_mut().find(|l| l.id == "MAIN" && l.name.is_empty()) {
        main.name = name.to_string();
    }
    if !locations.iter().any(|l| l.id == "MAIN") {
        let first_default = !locations.iter().any(|l| l.is_default);
        locations.insert(0, Location { is_default: first_default, ..Location::main(name) });
    }
    let defaults: Vec<usize> = locations.iter().enumerate().filter(|(_, l)| l.is_default).map(|(i, _)| i).collect();
    if defaults.len() > 1 {
        for i in &defaults[1..] {
            let at = draft.locations.iter().position(|l| l.id.trim().eq_ignore_ascii_case(&locations[*i].id)).unwrap_or(*i);
            problems.add(customer::location(at, Name::IsDefault), ProblemKind::NotAllowed, "Only one location can be the default");
        }
    } else if defaults.is_empty() {
        if let Some(main) = locations.iter_mut().find(|l| l.id == "MAIN") {
            main.is_default = true;
        }
    }
    locations
}

fn check_contacts(problems: &mut Problems, draft: &CustomerDraft, previous: Option<&Customer>) -> Vec<Contact> {
    let mut next =
        previous.map(|p| p.contacts.iter().map(|c| c.number).max().unwrap_or(0)).unwrap_or(0).max(draft.contacts.iter().map(|c| c.number).max().unwrap_or(0))
            + 1;
    let mut contacts = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, c) in draft.contacts.iter().enumerate() {
        let field = |f: Name| customer::contact(i, f);
        problems.check_text(&field(Name::Name), &c.name, 100, true);
        problems.check_text(&field(Name::Position), &c.position, 60, false);
        problems.check_text(&field(Name::City), &c.city, 50, false);
        check_email(problems, &field(Name::Email), &c.email, false);
        check_phone(problems, &field(Name::Phone), &c.phone);
        if c.is_default && !c.active {
            problems.add(field(Name::Active), ProblemKind::NotAllowed, "The default contact must be active");
        }
        if c.is_default && draft.contacts[..i].iter().any(|o| o.is_default) {
            problems.add(field(Name::IsDefault), ProblemKind::NotAllowed, "Only one contact can be the default");
        }
        let number = if c.number == 0 || !seen.insert(c.number) {
            let n = next;
            next += 1;
            seen.insert(n);
            n
        } else {
            c.number
        };
        contacts.push(Contact {
            number,
            name: c.name.trim().to_string(),
            position: c.position.trim().to_string(),
            email: c.email.trim().to_string(),
            phone: c.phone.trim().to_string(),
            city: c.city.trim().to_string(),
            ..c.clone()
        });
    }
    contacts
}

fn check_payment_methods(problems: &mut Problems, settings: &Settings, draft: &CustomerDraft) -> Vec<CustomerPaymentMethod> {
    let mut out: Vec<CustomerPaymentMethod> = Vec::new();
    for (i, m) in draft.payment_methods.iter().enumerate() {
        let field = |f: Name| customer::payment_method(i, f);
        let method_id = m.method_id.trim().to_uppercase();
        if method_id.is_empty() {
            problems.add(field(Name::MethodId), ProblemKind::Required, "Choose a payment method");
        } else if !crate::settings::reference_links::payment_method_exists(settings, &method_id) {
            problems.add(field(Name::MethodId), ProblemKind::Unknown, format!("There is no payment method {method_id}"));
        } else if out.iter().any(|o| o.method_id == method_id) {
            problems.add(field(Name::MethodId), ProblemKind::Duplicate, format!("Payment method {method_id} is listed twice"));
        }
        problems.check_text(&field(Name::Description), &m.description, 60, false);
        problems.check_text(&field(Name::CardType), &m.card_type, 30, false);
        problems.check_text(&field(Name::Account), &m.account, 34, false);
        let masked_number = if m.masked_number.trim().is_empty() {
            String::new()
        } else {
            match mask_card_number(m.masked_number.trim()) {
                Ok(masked) => masked,
                Err(message) => {
                    problems.add(field(Name::MaskedNumber), ProblemKind::Format, message);
                    String::new()
                }
            }
        };
        let expiry = m.expiry.trim().to_string();
        if !expiry.is_empty() {
            if let Err(message) = check_expiry(&expiry) {
                problems.add(field(Name::Expiry), ProblemKind::Format, message);
            }
        }
        if m.is_default && draft.payment_methods[..i].iter().any(|o| o.is_default) {
            problems.add(field(Name::IsDefault), ProblemKind::NotAllowed, "Only one payment method can be the default");
        }
        if m.is_default && !m.active {
            problems.add(field(Name::Active), ProblemKind::NotAllowed, "The default payment method must be active");
        }
        out.push(CustomerPaymentMethod {
            method_id,
            description: m.description.trim().to_string(),
            card_type: m.card_type.trim().to_string(),
            masked_number,
            expiry,
            account: m.account.trim().to_string(),
            ..m.clone()
        });
    }
    out
}

/// Checks the parent link: the parent exists, is not the customer, and the link
/// makes no cycle (R3.7).
fn check_parent(problems: &mut Problems, ledger: &Ledger, id: &str, link: &ParentLink) -> ParentLink {
    let parent_id = link.parent_id.trim().to_uppercase();
    if parent_id.is_empty() {
        return ParentLink::default();
    }
    if parent_id == id {
        problems.add(customer::PARENT_ID, ProblemKind::NotAllowed, "A customer cannot be its own parent");
    } else if !ledger.customers.contains_key(&parent_id) {
        problems.add(customer::PARENT_ID, ProblemKind::Unknown, format!("There is no customer {parent_id}"));
    } else {
        // Walk up from the parent: reaching this customer would close a cycle.
        let mut seen = BTreeSet::new();
        let mut at = parent_id.clone();
        while let Some(c) = ledger.customers.get(&at) {
            if !seen.insert(at.clone()) {
                break;
            }
            if c.parent.parent_id.is_empty() {
                break;
            }
            if c.parent.parent_id == id {
                problems.add(customer::PARENT_ID, ProblemKind::NotAllowed, format!("{parent_id} is already below {id}: that would make a cycle"));
                break;
            }
            at = c.parent.parent_id.clone();
        }
    }
    ParentLink { parent_id, ..link.clone() }
}

pub(crate) fn save_customer(ledger: &Ledger, draft: &CustomerDraft, today: NaiveDate) -> Result<Change, Vec<Problem>> {
    let mut problems = Problems::default();
    let mut settings = ledger.settings.clone();
    let typed_id = draft.id.trim().to_uppercase();
    let id = if draft.is_new && typed_id.is_empty() {
        match settings.series.get_mut(&SeriesKind::Customer) {
            Some(series) if !series.manual_numbering => {
                let id = series.peek();
                series.next_number += 1;
                id
            }
            _ => {
                problems.add(customer::ID, ProblemKind::Required, "Required: customer numbers are typed by hand");
                String::new()
            }
        }
    } else {
        problems.check_id(&customer::ID, &typed_id, 30);
        typed_id
    };
    if draft.is_new && ledger.customers.contains_key(&id) {
        problems.add(customer::ID, ProblemKind::Duplicate, format!("Customer {id} already exists"));
    }
    let existing = ledger.customers.get(&id);
    if !draft.is_new && existing.is_none() {
        problems.add(customer::ID, ProblemKind::Unknown, format!("Customer {id} does not exist"));
    }
    problems.check_text(&customer::NAME, &draft.name, 255, true);
    // A new company's first customer brings the starter class it was offered, saved in
    // the same change (see [`new_customer_class`]).
    let starter = if ledger.classes.is_empty() && draft.class_id == STARTER_CLASS_ID { starter_class(ledger) } else { None };
    let class = ledger.classes.get(&draft.class_id).or(starter.as_ref());
    if class.is_none() {
        problems.add(customer::CLASS_ID, ProblemKind::Required, "Choose a customer class");
    }
    let terms_id = if draft.terms_id.is_empty() { class.map(|c| c.terms_id.clone()).unwrap_or_default() } else { draft.terms_id.clone() };
    if ledger.settings.terms_by_id(&terms_id).is_none() {
        problems.add(customer::TERMS_ID, ProblemKind::Required, "Choose payment terms");
    }
    let currency = if draft.currency.trim().is_empty() {
        class.and_then(|c| c.currency.clone()).unwrap_or_else(|| ledger.settings.base_currency.clone())
    } else {
        draft.currency.trim().to_uppercase()
    };
    if ledger.settings.currency(&currency).is_none() {
        problems.add(customer::CURRENCY, ProblemKind::Unknown, format!("Currency {currency} is not in the currency table"));
    } else if let Some(existing) = existing {
        if existing.currency != currency && ledger.documents_of(&id).next().is_some() {
            problems.add(customer::CURRENCY, ProblemKind::NotAllowed, "The currency cannot change once the customer has documents");
        }
    }
    let email = draft.email.trim();
    check_email(&mut problems, &customer::EMAIL, email, false);
    let address = normalised(&draft.address);
    check_address(&mut problems, &customer::ADDRESS, &address);
    let main_contact = trimmed_info(&draft.main_contact);
    check_contact_info(&mut problems, &customer::MAIN_CONTACT, &main_contact);
    problems.check_text(&customer::ACCOUNT_REF, &draft.account_ref, 50, false);
    let invoicing = other_party(&mut problems, &customer::INVOICING, &draft.invoicing);
    let delivery = other_party(&mut problems, &customer::DELIVERY, &draft.delivery);
    check_class_refs(&mut problems, &ledger.settings, draft.statement_cycle_id.trim(), draft.language.trim());
    let credit = draft.credit.parse(&mut problems, ledger.settings.base().minor_units, ledger.settings.numbers());
    let dunning = draft.dunning.parse(&mut problems, ledger.settings.base().minor_units, ledger.settings.numbers());
    let name = draft.name.trim().to_string();
    let locations = check_locations(&mut problems, &ledger.settings, draft, &name);
    let contacts = check_contacts(&mut problems, draft, existing);
    let payment_methods = check_payment_methods(&mut problems, &ledger.settings, draft);
    let rate_type = check_rate_type(&mut problems, &ledger.settings, &draft.rate_type);
    let accounts = draft.accounts.checked(&mut problems, &accounts::ACCOUNTS);
    let parent = check_parent(&mut problems, ledger, &id, &draft.parent);
    if let Some(old) = existing.filter(|old| old.parent.consolidate_balance && !old.parent.parent_id.is_empty()) {
        let loosened = old.parent.parent_id != parent.parent_id || !parent.consolidate_balance;
        if let Some((source, target)) = crate::documents::applications::applied_from_above(ledger, &id).filter(|_| loosened) {
            problems.add(
                customer::CONSOLIDATE_BALANCE,
                ProblemKind::NotAllowed,
                format!(
                    "{} {} of customer {} is applied to {} {} through this link to {}; the link stays while it is",
                    source.doc_type.label(),
                    source.ref_nbr,
                    source.customer_id,
                    target.doc_type.label().to_lowercase(),
                    target.ref_nbr,
                    old.parent.parent_id
                ),
            );
        }
    }
    // Attributes: the class's, each checked; a required one must have a value (R3.8).
    let mut attributes = BTreeMap::new();
    for a in class.map(|c| c.attributes.as_slice()).unwrap_or_default() {
        let value = draft.attributes.get(&a.id).map(|v| v.trim().to_string()).unwrap_or_default();
        let field = customer::attribute(&a.id);
        problems.check_text(&field, &value, 255, a.required);
        attributes.insert(a.id.clone(), value);
    }
    // Mailings: a recipient may point at a contact by its number (R10.2).
    let mailings_typed = crate::customers::mailing::normalised(&draft.mailings);
    check_mailings(&mut problems, &mailings::MAILINGS, &mailings_typed, &|number| Some(contacts.iter().any(|c| c.number.to_string() == number)));
    crate::settings::reference_links::check_mailing_refs(&mut problems, &mailings::MAILINGS, &ledger.settings, &mailings_typed);
    crate::customers::mailing::check_mailing_templates(&mut problems, &mailings::MAILINGS, &ledger.templates, &mailings_typed);
    let class_mailings = class.map(|c| c.mailings.as_slice()).unwrap_or_default();
    let previous_mailings = existing.map(|c| c.mailings.as_slice()).unwrap_or_default();
    // Only the overridden ones are stored: the others follow the class (R2.4).
    let mailings: Vec<Mailing> = mark_overridden(class_mailings, &mailings_typed, previous_mailings).into_iter().filter(|m| m.overridden).collect();
    let mut status_changes = existing.map(|c| c.status_changes.clone()).unwrap_or_default();
    match existing {
        Some(previous) if previous.status != draft.status => status_changes.push(StatusChange { date: today, from: previous.status, to: draft.status }),
        _ => {}
    }
    let customer = Customer {
        id: id.clone(),
        name,
        class_id: draft.class_id.clone(),
        status: draft.status,
        terms_id,
        currency,
        allow_currency_override: draft.allow_currency_override,
        email: email.to_string(),
        address,
        credit,
        dunning,
        print_email: draft.print_email.clone(),
        main_contact,
        account_ref: draft.account_ref.trim().to_string(),
        invoicing,
        delivery,
        statement_cycle_id: draft.statement_cycle_id.trim().to_string(),
        language: draft.language.trim().to_string(),
        apply_payments_automatically: draft.apply_payments_automatically,
        rate_type,
        allow_rate_override: draft.allow_rate_override,
        locations,
        contacts,
        payment_methods,
        parent,
        attributes,
        mailings,
        status_changes,
        accounts,
        last_statement: existing.and_then(|c| c.last_statement.clone()),
    };
    let mut puts = vec![Record::Customer(customer)];
    puts.extend(starter.map(Record::Class));
    puts.extend(crate::ledger::settings_puts(&ledger.settings, &settings));
    problems.into_result(|| Change { puts, deletes: vec![] })
}

pub(crate) fn change_customer_id(ledger: &Ledger, from: &str, to: &str) -> Result<Change, Vec<Problem>> {
    let Some(customer) = ledger.customers.get(from) else {
        return Err(vec![Problem::form(ProblemKind::Unknown, format!("Customer {from} does not exist"))]);
    };
    let mut problems = Problems::default();
    let to = to.trim().to_uppercase();
    problems.check_id(&customer::NEW_ID, &to, 30);
    if to == from {
        problems.add(customer::NEW_ID, ProblemKind::NotAllowed, "This is the customer's number already");
    } else if ledger.customers.contains_key(&to) {
        problems.add(customer::NEW_ID, ProblemKind::Duplicate, format!("Customer {to} already exists"));
    }
    if !problems.is_empty() {
        return Err(problems.0);
    }
    let mut puts = vec![Record::Customer(Customer { id: to.clone(), ..customer.clone() })];
    puts.extend(ledger.documents_of(from).map(|d| Record::Document(Document { customer_id: to.clone(), ..d.clone() })));
    // Children follow their parent's new number (R3.1: renamed everywhere).
    puts.extend(
        children_of(ledger, from)
            .filter(|c| c.id != from)
            .map(|c| Record::Customer(Customer { parent: ParentLink { parent_id: to.clone(), ..c.parent.clone() }, ..c.clone() })),
    );
    Ok(Change { puts, deletes: vec![RecordKey::Customer(from.to_string())] })
}

pub(crate) fn delete_customer(ledger: &Ledger, id: &str) -> Result<Change, Vec<Problem>> {
    if !ledger.customers.contains_key(id) {
        return Err(vec![Problem::form(ProblemKind::Unknown, format!("Customer {id} does not exist"))]);
    }
    let n_documents = ledger.documents_of(id).count();
    if n_documents > 0 {
        return Err(vec![Problem::form(
            ProblemKind::NotAllowed,
            format!("Customer {id} has {n_documents} document(s) and cannot be deleted; set the status to Inactive instead"),
        )]);
    }
    let children = ledger.children_of(id).count();
    if children > 0 {
        return Err(vec![Problem::form(
            ProblemKind::NotAllowed,
            format!("Customer {id} is the parent of {children} customer(s); remove them from the group first"),
        )]);
    }
    Ok(Change { puts: vec![], deletes: vec![RecordKey::Customer(id.to_string())] })
}

/// The children of a parent customer (R3.7), by customer number.
pub fn children_of<'a>(ledger: &'a Ledger, id: &'a str) -> impl Iterator<Item = &'a Customer> + 'a {
    ledger.children_of(id).filter_map(|c| ledger.customers.get(c))
}

/// Consolidated balance of a parent (R3.4): its own balance plus, for each child
/// with *Consolidate balance*, the child's consolidated balance. Cycle-safe.
pub fn consolidated_balance(ledger: &Ledger, id: &str) -> rust_decimal::Decimal {
    fn walk(ledger: &Ledger, id: &str, seen: &mut BTreeSet<String>) -> rust_decimal::Decimal {
        if !seen.insert(id.to_string()) {
            return rust_decimal::Decimal::ZERO;
        }
        let own = ledger.balances_of(id).balance;
        own + children_of(ledger, id).filter(|c| c.parent.consolidate_balance).map(|c| walk(ledger, &c.id, seen)).sum::<rust_decimal::Decimal>()
    }
    walk(ledger, id, &mut BTreeSet::new())
}

/// Saves the preferences' mailing list (R1.5). The four predefined mailings cannot
/// be removed; classes keep their own copies (a new class copies this list).
pub(crate) fn save_mailing_settings(ledger: &Ledger, mailings: &[Mailing]) -> Result<Change, Vec<Problem>> {
    let mut problems = Problems::default();
    let mailings: Vec<Mailing> = crate::customers::mailing::normalised(mailings).into_iter().map(|m| Mailing { overridden: false, ..m }).collect();
    check_mailings(&mut problems, &mailings::MAILINGS, &mailings, &|_| None);
    crate::settings::reference_links::check_mailing_refs(&mut problems, &mailings::MAILINGS, &ledger.settings, &mailings);
    crate::customers::mailing::check_mailing_templates(&mut problems, &mailings::MAILINGS, &ledger.templates, &mailings);
    for predefined in crate::customers::mailing::predefined() {
        if !mailings.iter().any(|m| m.id == predefined.id) {
            problems.add(FieldPath::FORM, ProblemKind::NotAllowed, format!("{} is predefined and cannot be removed; clear Active instead", predefined.id));
        }
    }
    problems.into_result(|| Change { puts: crate::ledger::settings_puts(&ledger.settings, &Settings { mailings, ..ledger.settings.clone() }), deletes: vec![] })
}

/// Puts a customer on Credit hold (R4.14 "and, by choice, the customer"), recording
/// the status change on `today`. Refused when it is on Credit hold already or
/// Inactive.
pub(crate) fn hold_customer(ledger: &Ledger, id: &str, today: NaiveDate) -> Result<Change, Vec<Problem>> {
    let Some(customer) = ledger.customers.get(id) else {
        return Err(vec![Problem::form(ProblemKind::Unknown, format!("Customer {id} does not exist"))]);
    };
    if matches!(customer.status, CustomerStatus::CreditHold | CustomerStatus::Inactive) {
        return Err(vec![Problem::form(ProblemKind::NotAllowed, format!("Customer {id} is {} already", customer.status.label()))]);
    }
    let mut held = customer.clone();
    held.status = CustomerStatus::CreditHold;
    held.status_changes.push(StatusChange { date: today, from: customer.status, to: CustomerStatus::CreditHold });
    Ok(Change { puts: vec![Record::Customer(held)], deletes: vec![] })
}

/// An overdue charge rate in % a year as typed (a class's or a terms'): empty is none
/// (0); otherwise from 0 to 100 with up to four decimals. A problem goes to `field`.
pub(crate) fn overdue_rate(problems: &mut Problems, field: &FieldPath, text: &str, numbers: NumberFormat) -> rust_decimal::Decimal {
    if text.trim().is_empty() {
        return rust_decimal::Decimal::ZERO;
    }
    match numbers.parse(text, 4) {
        Ok(r) if !r.is_sign_negative() && r <= rust_decimal::Decimal::ONE_HUNDRED => r,
        Ok(_) => {
            problems.add(field, ProblemKind::OutOfRange, "Must be from 0 to 100");
            rust_decimal::Decimal::ZERO
        }
        Err(e) => {
            problems.number(field, &e);
            rust_decimal::Decimal::ZERO
        }
    }
}

/// The country a new customer's address starts with: the company's, else Norway (the
/// product's default company keeps its books in NOK by NS 4102).
pub fn default_country(settings: &Settings) -> String {
    let company = settings.company_address.country.trim();
    if company.is_empty() {
        "NO".to_string()
    } else {
        company.to_uppercase()
    }
}

/// The id of a new company's starter class (see [`new_customer_class`]).
pub const STARTER_CLASS_ID: &str = "DEFAULT";

/// The starter class: the defaults of the preferences (the first payment terms and
/// statement cycle, the default document language, the base currency, every mailing
/// of the Mailing settings: [`ClassDraft::new_class`]) under id `DEFAULT`, checked as a
/// class save checks it. `None` when the preferences give no valid class (no terms).
pub fn starter_class(ledger: &Ledger) -> Option<CustomerClass> {
    let draft = ClassDraft { id: STARTER_CLASS_ID.to_string(), description: "Default class".to_string(), ..ClassDraft::new_class(&ledger.settings) };
    let change = save_class(ledger, &draft).ok()?;
    change.puts.into_iter().find_map(|r| match r {
        Record::Class(c) => Some(c),
        _ => None,
    })
}

/// The class a new customer starts from (R2.2): `wanted` when it is a class (the one
/// just made from the customer window), else the first class. A ledger without
/// classes (a new company) offers the [`starter_class`]: it is not stored until the
/// first customer of it is saved, in the same change ([`save_customer`]), so an empty
/// ledger stays empty (an import asks nothing) and two windows saving a first
/// customer at once write the same class. Once saved it is a class like any other:
/// edited, renamed away from, or deleted when no customer uses it.
pub fn new_customer_class(ledger: &Ledger, wanted: Option<&str>) -> Option<CustomerClass> {
    let class = wanted.and_then(|id| ledger.classes.get(id)).or_else(|| ledger.classes.values().next());
    match class {
        Some(class) => Some(class.clone()),
        None => starter_class(ledger),
    }
}

/// The customers a picker offers for `typed` (SPEC R3.11's list search over the number
/// and the name, terms in any order): a customer whose number is `typed` first, then
/// the others in number order, at most `max`. Empty text offers the first `max`.
pub fn find_customers<'a>(ledger: &'a Ledger, typed: &str, max: usize) -> Vec<&'a Customer> {
    crate::base::search::find_options(ledger.customers.values(), customer_text, typed, max)
}

fn customer_text(c: &Customer) -> (&str, &str) {
    (&c.id, &c.name)
}

/// The customer `typed` names: its number, else the only customer it matches.
pub fn resolve_customer<'a>(ledger: &'a Ledger, typed: &str) -> Option<&'a Customer> {
    if let Some(exact) = ledger.customers.get(typed.trim()) {
        return Some(exact);
    }
    crate::base::search::resolve_option(ledger.customers.values(), customer_text, typed)
}
