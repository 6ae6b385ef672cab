//! The ledger (SPEC R5, R13): the in-memory ledger, the records it is stored as, the
//! changes that move it, the balances kept on it, the invariants it must satisfy, the
//! backup file and the deterministic demo company.
//!
//! Architecture Invariant: customer balances maintained by `Ledger::apply` always
//! equal `Ledger::recompute_balances()`; a ledger read from a backup or the store is
//! checked (`invariants`) before it is used.

pub mod backup;
pub mod demo;
pub mod invariants;
pub mod snapshots;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::customers::customer::{Customer, CustomerClass};
use crate::customers::summary::CustomerSummary;
use crate::documents::document::{DocId, DocStatus, DocType, Document};
use crate::settings::Settings;

/// One stored record. The store keeps records; the ledger is built from them.
// Records are stored and moved, not kept in bulk arrays of the enum; no boxing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Record {
    /// The settings without the counters and the logo (see [`settings_puts`]).
    Settings(Settings),
    /// The document id and number series counters (store schema 2).
    Counters(crate::settings::Counters),
    /// The company logo, a `data:` URL, or none (store schema 2).
    Logo(Option<String>),
    Class(CustomerClass),
    Customer(Customer),
    Document(Document),
    /// A notification template (R10.3).
    Template(crate::mailings::NotificationTemplate),
    /// A prepared email of the Pending emails queue (R12).
    Email(crate::mailings::Email),
    /// A schedule of recurring documents with its generated occurrences (R7).
    Schedule(crate::schedules::Schedule),
}

impl Record {
    /// Whether the record is of the ledger's head, the settings, classes and customers
    /// (stored first, [`Ledger::record_refs`]): what a [`Preview`] holds.
    pub fn is_head(&self) -> bool {
        matches!(self, Record::Settings(_) | Record::Counters(_) | Record::Logo(_) | Record::Class(_) | Record::Customer(_))
    }
}

/// The key of a record, used to delete it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RecordKey {
    Settings,
    Counters,
    Logo,
    Class(String),
    Customer(String),
    Document(DocId),
    Template(String),
    Email(crate::mailings::EmailId),
    Schedule(crate::schedules::ScheduleId),
}

impl RecordKey {
    /// Whether the key is of a head record ([`Record::is_head`]).
    pub fn is_head(&self) -> bool {
        matches!(self, RecordKey::Settings | RecordKey::Counters | RecordKey::Logo | RecordKey::Class(_) | RecordKey::Customer(_))
    }
}

/// A [`Record`] borrowed from the ledger, for writing: it serialises to the very
/// bytes of the record it borrows (same name, same variants in the same order), so a
/// snapshot of the whole ledger is written without a copy of every document.
#[derive(Debug, Serialize)]
#[serde(rename = "Record")]
pub enum RecordRef<'a> {
    /// Boxed, so a ref takes 48 bytes (the counters are the largest), not 992.
    Settings(Box<std::borrow::Cow<'a, Settings>>),
    Counters(crate::settings::Counters),
    Logo(Option<&'a str>),
    Class(&'a CustomerClass),
    Customer(&'a Customer),
    Document(&'a Document),
    Template(&'a crate::mailings::NotificationTemplate),
    Email(&'a crate::mailings::Email),
    Schedule(&'a crate::schedules::Schedule),
}

impl RecordRef<'_> {
    /// The record this borrows, copied.
    pub fn into_owned(self) -> Record {
        match self {
            RecordRef::Settings(s) => Record::Settings(s.into_owned()),
            RecordRef::Counters(c) => Record::Counters(c),
            RecordRef::Logo(l) => Record::Logo(l.map(str::to_string)),
            RecordRef::Class(c) => Record::Class(c.clone()),
            RecordRef::Customer(c) => Record::Customer(c.clone()),
            RecordRef::Document(d) => Record::Document(d.clone()),
            RecordRef::Template(t) => Record::Template(t.clone()),
            RecordRef::Email(e) => Record::Email(e.clone()),
            RecordRef::Schedule(s) => Record::Schedule(s.clone()),
        }
    }
}

impl Record {
    /// This record, borrowed (see [`RecordRef`]).
    pub fn as_ref(&self) -> RecordRef<'_> {
        match self {
            Record::Settings(s) => RecordRef::Settings(Box::new(std::borrow::Cow::Borrowed(s))),
            Record::Counters(c) => RecordRef::Counters(c.clone()),
            Record::Logo(l) => RecordRef::Logo(l.as_deref()),
            Record::Class(c) => RecordRef::Class(c),
            Record::Customer(c) => RecordRef::Customer(c),
            Record::Document(d) => RecordRef::Document(d),
            Record::Template(t) => RecordRef::Template(t),
            Record::Email(e) => RecordRef::Email(e),
            Record::Schedule(s) => RecordRef::Schedule(s),
        }
    }

    pub fn key(&self) -> RecordKey {
        match self {
            Record::Settings(_) => RecordKey::Settings,
            Record::Counters(_) => RecordKey::Counters,
            Record::Logo(_) => RecordKey::Logo,
            Record::Class(c) => RecordKey::Class(c.id.clone()),
            Record::Customer(c) => RecordKey::Customer(c.id.clone()),
            Record::Document(d) => RecordKey::Document(d.id),
            Record::Template(t) => RecordKey::Template(t.id.clone()),
            Record::Email(e) => RecordKey::Email(e.id),
            Record::Schedule(s) => RecordKey::Schedule(s.id),
        }
    }
}

/// The records that store a change of the settings from `old` to `new`: the settings
/// themselves only when something other than the counters or the logo changed, the
/// counters and the logo each only when they changed. So a numbered save writes the
/// small counters record, and the logo (up to 200 KB) is written only when it changes.
pub fn settings_puts(old: &Settings, new: &Settings) -> Vec<Record> {
    let mut puts = Vec::new();
    let bare = new.without_counters_and_logo();
    if bare != old.without_counters_and_logo() {
        puts.push(Record::Settings(bare));
    }
    let counters = crate::settings::Counters::of(new);
    if counters != crate::settings::Counters::of(old) {
        puts.push(Record::Counters(counters));
    }
    if new.logo != old.logo {
        puts.push(Record::Logo(new.logo.clone()));
    }
    puts
}

/// What one user action changes: records to put (insert or replace) and records
/// to delete. The store writes a change in one transaction; only then is it
/// applied to the in-memory ledger.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub puts: Vec<Record>,
    pub deletes: Vec<RecordKey>,
}

impl Change {
    pub fn is_empty(&self) -> bool {
        self.puts.is_empty() && self.deletes.is_empty()
    }

    /// The part of the change that touches the ledger's head, the settings, classes and
    /// customers: what a [`Preview`] applies.
    pub fn head(&self) -> Change {
        Change { puts: self.puts.iter().filter(|r| r.is_head()).cloned().collect(), deletes: self.deletes.iter().filter(|k| k.is_head()).cloned().collect() }
    }

    /// Appends `later` so that applying the result equals applying self then later.
    pub fn merge(&mut self, later: Change) {
        self.puts.extend(later.puts);
        self.deletes.extend(later.deletes);
    }
}

/// A customer's balances in base currency (SPEC R5.1–R5.3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balances {
    /// Signed sum of released, open documents' balances.
    pub balance: Decimal,
    /// Sum of open prepayments' balances, as a positive sum. Windows and reports show
    /// it with a minus sign: use [`Balances::displayed_prepayment_balance`].
    pub prepayment_balance: Decimal,
    /// Signed sum of recorded, not yet released documents.
    pub unreleased_balance: Decimal,
}

impl Balances {
    /// The prepayment balance as the customer window, customer details and the CLI's
    /// `balances` show it (SPEC R5.2, seed 003 "displayed with a minus sign in the
    /// Prepayments balance field"): negative, or zero (never "-0.00"). The one sign
    /// rule, so no two places can disagree.
    pub fn displayed_prepayment_balance(&self) -> Decimal {
        if self.prepayment_balance.is_zero() {
            self.prepayment_balance
        } else {
            -self.prepayment_balance
        }
    }

    fn add(&mut self, other: Balances) {
        self.balance += other.balance;
        self.prepayment_balance += other.prepayment_balance;
        self.unreleased_balance += other.unreleased_balance;
    }

    fn subtract(&mut self, other: Balances) {
        self.balance -= other.balance;
        self.prepayment_balance -= other.prepayment_balance;
        self.unreleased_balance -= other.unreleased_balance;
    }
}

/// What one document adds to its customer's balances.
pub fn contribution(document: &Document, settings: &Settings) -> Balances {
    let sign = document.doc_type.balance_sign();
    match document.status {
        DocStatus::OnHold | DocStatus::CreditHold | DocStatus::Balanced | DocStatus::PendingPrint | DocStatus::PendingEmail => {
            Balances { unreleased_balance: sign * document.base_total(settings), ..Balances::default() }
        }
        DocStatus::Open => {
            let open = document.base_balance(settings);
            Balances {
                balance: sign * open,
                prepayment_balance: if document.doc_type == DocType::Prepayment { open } else { Decimal::ZERO },
                unreleased_balance: Decimal::ZERO,
            }
        }
        // A schedule's template changes no balance (R7.2); what it generates does.
        DocStatus::Closed | DocStatus::Voided | DocStatus::Scheduled => Balances::default(),
    }
}

/// The whole ledger of one company, held in memory.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    pub settings: Settings,
    pub classes: BTreeMap<String, CustomerClass>,
    pub customers: BTreeMap<String, Customer>,
    pub documents: BTreeMap<DocId, Document>,
    /// Notification templates by ID (R10.3).
    pub templates: BTreeMap<String, crate::mailings::NotificationTemplate>,
    /// The Pending emails queue, every status, by number (R12).
    pub emails: BTreeMap<crate::mailings::EmailId, crate::mailings::Email>,
    /// Schedules of recurring documents by number (R7).
    pub schedules: BTreeMap<crate::schedules::ScheduleId, crate::schedules::Schedule>,
    /// Maintained incrementally by [`Ledger::apply`]; always equal to
    /// [`Ledger::recompute_balances`] (SPEC R5.6).
    balances: BTreeMap<String, Balances>,
    /// Reference numbers per document type, for uniqueness checks in O(log n).
    refs: BTreeMap<(DocType, String), DocId>,
    /// The documents of each customer, so per-customer questions do not scan them all.
    by_customer: BTreeMap<String, std::collections::BTreeSet<DocId>>,
    /// The children of each parent customer (R3.7).
    children: BTreeMap<String, std::collections::BTreeSet<String>>,
    /// Journal entries written before entries were numbered (R4.15): the export numbers
    /// them 1..=n, and new numbers are given above n.
    unnumbered_entries: usize,
}

/// Two ledgers are equal when their records are: the indexes and maintained balances
/// are derived from them.
impl PartialEq for Ledger {
    fn eq(&self, other: &Self) -> bool {
        self.settings == other.settings
            && self.classes == other.classes
            && self.customers == other.customers
            && self.documents == other.documents
            && self.templates == other.templates
            && self.emails == other.emails
            && self.schedules == other.schedules
    }
}

impl Eq for Ledger {}

/// A ledger built from records as they are read (the store's snapshot chunk by chunk,
/// a backup's records): each record is moved into its map, and the documents' indexes
/// are built once, by [`LedgerBuilder::finish`], instead of per document.
#[derive(Default)]
pub struct LedgerBuilder {
    ledger: Ledger,
}

impl LedgerBuilder {
    /// Adds records (in any order; a record with the key of an earlier one replaces it).
    pub fn extend(&mut self, records: impl IntoIterator<Item = Record>) {
        for record in records {
            self.push(record);
        }
    }

    /// Adds one record (see [`LedgerBuilder::extend`]).
    pub fn push(&mut self, record: Record) {
        match record {
            Record::Document(document) => {
                self.ledger.documents.insert(document.id, document);
            }
            other => self.ledger.put(other),
        }
    }

    /// The ledger, with its documents indexed.
    pub fn finish(mut self) -> Ledger {
        self.ledger.index_documents();
        self.ledger
    }
}

/// A ledger's preview, as the store keeps it beside each snapshot
/// ([`Ledger::preview_parts`]): the settings, counters, logo and classes whole, and
/// every customer as the customers list shows it. A large ledger's first window shows
/// it while the store reads the rest (issue 15, B3).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Preview {
    /// The head records but the customers.
    pub head: Vec<Record>,
    pub customers: Vec<CustomerSummary>,
}

impl Preview {
    /// The preview as a ledger: its customers have the list's fields only
    /// ([`CustomerSummary::into_listed_customer`]), and there are no documents or
    /// anything else. Apply the head part of later changes to it ([`Change::head`]).
    pub fn into_ledger(self) -> Ledger {
        let mut builder = LedgerBuilder::default();
        builder.extend(self.head);
        builder.extend(self.customers.into_iter().map(|c| Record::Customer(c.into_listed_customer())));
        builder.finish()
    }
}

impl Ledger {
    /// A ledger built from stored records (in any order).
    pub fn from_records(records: impl IntoIterator<Item = Record>) -> Ledger {
        let mut builder = LedgerBuilder::default();
        builder.extend(records);
        builder.finish()
    }

    /// Builds the documents' indexes (balances, references, each customer's documents,
    /// the unnumbered journal entries) in one pass over the documents, as
    /// [`Ledger::put`] keeps them one document at a time: the end of
    /// [`LedgerBuilder::finish`]. Sums in hash maps of borrowed customer numbers, so a
    /// number is copied once per customer, not once per document.
    fn index_documents(&mut self) {
        use std::collections::{BTreeSet, HashMap};
        let mut balances: HashMap<&str, Balances> = HashMap::with_capacity(self.customers.len());
        let mut by_customer: HashMap<&str, Vec<DocId>> = HashMap::with_capacity(self.customers.len());
        let mut refs: Vec<((DocType, String), DocId)> = Vec::with_capacity(self.documents.len());
        let mut unnumbered = 0;
        for document in self.documents.values() {
            let customer = document.customer_id.as_str();
            balances.entry(customer).or_default().add(contribution(document, &self.settings));
            // In id order, so each customer's list is sorted.
            by_customer.entry(customer).or_default().push(document.id);
            refs.push(((document.doc_type, document.ref_nbr.clone()), document.id));
            unnumbered += crate::accounting::journal::unnumbered_entries(document);
        }
        self.balances = balances.into_iter().map(|(customer, b)| (customer.to_string(), b)).collect();
        self.by_customer = by_customer.into_iter().map(|(customer, ids)| (customer.to_string(), BTreeSet::from_iter(ids))).collect();
        // Two documents with one reference (a damaged backup, which its check reports)
        // keep one entry, as `put` leaves it.
        self.refs = refs.into_iter().collect();
        self.unnumbered_entries = unnumbered;
    }

    /// Every record of the ledger, settings first, then classes, customers, documents.
    pub fn records(&self) -> Vec<Record> {
        self.record_refs().into_iter().map(RecordRef::into_owned).collect()
    }

    /// [`Ledger::records`] borrowed: what a snapshot writes, without copying them.
    pub fn record_refs(&self) -> Vec<RecordRef<'_>> {
        let mut records = Vec::with_capacity(
            3 + self.classes.len() + self.customers.len() + self.documents.len() + self.templates.len() + self.emails.len() + self.schedules.len(),
        );
        self.head_but_customers(&mut records);
        records.extend(self.customers.values().map(RecordRef::Customer));
        records.extend(self.documents.values().map(RecordRef::Document));
        records.extend(self.templates.values().map(RecordRef::Template));
        records.extend(self.emails.values().map(RecordRef::Email));
        records.extend(self.schedules.values().map(RecordRef::Schedule));
        records
    }

    /// The head records but the customers, in their stored order: the settings, the
    /// counters, the logo and the classes (they lead [`Ledger::record_refs`], and whole
    /// they are a [`Preview`]'s).
    fn head_but_customers<'a>(&'a self, records: &mut Vec<RecordRef<'a>>) {
        records.push(RecordRef::Settings(Box::new(std::borrow::Cow::Owned(self.settings.without_counters_and_logo()))));
        records.push(RecordRef::Counters(crate::settings::Counters::of(&self.settings)));
        records.push(RecordRef::Logo(self.settings.logo.as_deref()));
        records.extend(self.classes.values().map(RecordRef::Class));
    }

    /// What the store keeps of this ledger as its [`Preview`]: the head records but
    /// the customers, and every customer's summary, in customer-number order.
    pub fn preview_parts(&self) -> (Vec<RecordRef<'_>>, Vec<CustomerSummary>) {
        let mut head = Vec::with_capacity(3 + self.classes.len());
        self.head_but_customers(&mut head);
        (head, self.customers.values().map(CustomerSummary::of).collect())
    }

    /// Applies a change that the store has committed.
    pub fn apply(&mut self, change: &Change) {
        for key in &change.deletes {
            match key {
                RecordKey::Settings | RecordKey::Counters | RecordKey::Logo => {}
                RecordKey::Template(id) => {
                    self.templates.remove(id);
                }
                RecordKey::Email(id) => {
                    self.emails.remove(id);
                }
                RecordKey::Schedule(id) => {
                    self.schedules.remove(id);
                }
                RecordKey::Class(id) => {
                    self.classes.remove(id);
                }
                RecordKey::Customer(id) => {
                    // Balances follow the documents (which a renamed customer's change moves).
                    if let Some(old) = self.customers.remove(id) {
                        self.forget_child(&old);
                    }
                }
                RecordKey::Document(id) => {
                    if let Some(old) = self.documents.remove(id) {
                        self.untrack(&old);
                        self.refs.remove(&(old.doc_type, old.ref_nbr.clone()));
                        self.forget_document_of(&old.customer_id, *id);
                    }
                }
            }
        }
        for record in &change.puts {
            self.put(record.clone());
        }
    }

    /// Puts one record, keeping the indexes and balances (the body of [`Ledger::apply`];
    /// [`Ledger::from_records`] moves its records in without copying them).
    fn put(&mut self, record: Record) {
        match record {
            Record::Settings(settings) => {
                let rates_changed = settings.base_currency != self.settings.base_currency || settings.currencies != self.settings.currencies;
                self.settings = settings.keeping_unset_from(&self.settings);
                if rates_changed {
                    self.balances = self.recompute_balances();
                }
            }
            Record::Counters(counters) => counters.apply_to(&mut self.settings),
            Record::Logo(logo) => self.settings.logo = logo,
            Record::Template(template) => {
                self.templates.insert(template.id.clone(), template);
            }
            Record::Email(email) => {
                self.emails.insert(email.id, email);
            }
            Record::Schedule(schedule) => {
                self.schedules.insert(schedule.id, schedule);
            }
            Record::Class(class) => {
                self.classes.insert(class.id.clone(), class);
            }
            Record::Customer(customer) => {
                let (id, parent_id) = (customer.id.clone(), customer.parent.parent_id.clone());
                if let Some(old) = self.customers.insert(id.clone(), customer) {
                    self.forget_child(&old);
                }
                if !parent_id.is_empty() {
                    self.children.entry(parent_id).or_default().insert(id);
                }
            }
            Record::Document(document) => {
                let (id, doc_type, customer_id) = (document.id, document.doc_type, document.customer_id.clone());
                let added = contribution(&document, &self.settings);
                let unnumbered = crate::accounting::journal::unnumbered_entries(&document);
                let ref_nbr = document.ref_nbr.clone();
                if let Some(old) = self.documents.insert(id, document) {
                    self.untrack(&old);
                    self.refs.remove(&(old.doc_type, old.ref_nbr.clone()));
                    self.forget_document_of(&old.customer_id, old.id);
                }
                self.refs.insert((doc_type, ref_nbr), id);
                match self.balances.get_mut(&customer_id) {
                    Some(balances) => balances.add(added),
                    None => {
                        let mut balances = Balances::default();
                        balances.add(added);
                        self.balances.insert(customer_id.clone(), balances);
                    }
                }
                match self.by_customer.get_mut(&customer_id) {
                    Some(ids) => {
                        ids.insert(id);
                    }
                    None => {
                        self.by_customer.insert(customer_id, std::collections::BTreeSet::from([id]));
                    }
                }
                self.unnumbered_entries += unnumbered;
            }
        }
    }

    /// Drops a document from its customer's index (and the entry when it empties, so
    /// equal records always give equal ledgers).
    fn forget_document_of(&mut self, customer_id: &str, id: DocId) {
        if let Some(ids) = self.by_customer.get_mut(customer_id) {
            ids.remove(&id);
            if ids.is_empty() {
                self.by_customer.remove(customer_id);
            }
        }
    }

    fn untrack(&mut self, old: &Document) {
        let removed = contribution(old, &self.settings);
        match self.balances.get_mut(&old.customer_id) {
            Some(balances) => balances.subtract(removed),
            None => {
                let mut balances = Balances::default();
                balances.subtract(removed);
                self.balances.insert(old.customer_id.clone(), balances);
            }
        }
        self.unnumbered_entries = self.unnumbered_entries.saturating_sub(crate::accounting::journal::unnumbered_entries(old));
    }

    /// How many journal entries were written before entries were numbered (R4.15).
    pub fn unnumbered_journal_entries(&self) -> usize {
        self.unnumbered_entries
    }

    /// The maintained balances of a customer.
    pub fn balances_of(&self, customer_id: &str) -> Balances {
        self.balances.get(customer_id).copied().unwrap_or_default()
    }

    /// Balances of every customer that has documents, computed from scratch.
    pub fn recompute_balances(&self) -> BTreeMap<String, Balances> {
        // Summed by customer in a hash map of borrowed numbers (the documents are in id
        // order, their customers in any): no copy of a number per document.
        let mut balances: std::collections::HashMap<&str, Balances> = std::collections::HashMap::with_capacity(self.customers.len());
        for document in self.documents.values() {
            balances.entry(document.customer_id.as_str()).or_default().add(contribution(document, &self.settings));
        }
        balances.into_iter().map(|(customer, b)| (customer.to_string(), b)).collect()
    }

    /// True when the maintained balances equal a recomputation (zero entries ignored).
    pub fn balances_match_recomputation(&self) -> bool {
        let recomputed = self.recompute_balances();
        let keys: std::collections::BTreeSet<&String> = recomputed.keys().chain(self.balances.keys()).collect();
        let all_equal = keys.into_iter().all(|k| self.balances_of(k) == recomputed.get(k).copied().unwrap_or_default());
        all_equal
    }

    /// Open debit documents (invoices, debit notes) of a customer, oldest due date first.
    /// The customer numbers whose parent is `parent_id`.
    pub fn children_of(&self, parent_id: &str) -> impl Iterator<Item = &String> {
        self.children.get(parent_id).into_iter().flatten()
    }

    fn forget_child(&mut self, old: &Customer) {
        if let Some(set) = self.children.get_mut(&old.parent.parent_id) {
            set.remove(&old.id);
            if set.is_empty() {
                self.children.remove(&old.parent.parent_id);
            }
        }
    }

    pub fn open_invoices_of(&self, customer_id: &str) -> Vec<&Document> {
        let mut invoices: Vec<&Document> = self.documents_of(customer_id).filter(|d| d.doc_type.is_debit() && d.status == DocStatus::Open).collect();
        invoices.sort_by_key(|d| (d.due_date.unwrap_or(d.date), d.date, d.id));
        invoices
    }

    /// Open credits (payments, prepayments, credit notes) of a customer, oldest first:
    /// what a refund can be applied to.
    pub fn open_credits_of(&self, customer_id: &str) -> Vec<&Document> {
        let mut credits: Vec<&Document> = self.documents_of(customer_id).filter(|d| d.doc_type.is_applicable_credit() && d.status == DocStatus::Open).collect();
        credits.sort_by_key(|d| (d.date, d.id));
        credits
    }

    /// The ids of a customer's documents, in id order, without reading the documents.
    pub fn document_ids_of(&self, customer_id: &str) -> impl ExactSizeIterator<Item = DocId> + '_ {
        self.by_customer.get(customer_id).map(|ids| ids.iter()).unwrap_or_default().copied()
    }

    /// The documents of a customer, in id order.
    pub fn documents_of(&self, customer_id: &str) -> impl Iterator<Item = &Document> {
        self.by_customer.get(customer_id).into_iter().flatten().filter_map(|id| self.documents.get(id))
    }

    pub fn document_by_ref(&self, doc_type: DocType, ref_nbr: &str) -> Option<&Document> {
        self.refs.get(&(doc_type, ref_nbr.to_string())).and_then(|id| self.documents.get(id))
    }

    /// Total open balance over all customers, in base currency.
    pub fn total_open_balance(&self) -> Decimal {
        self.balances.values().map(|b| b.balance).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ledger's derived state: what [`Ledger::put`] and [`LedgerBuilder::finish`] must
    /// agree on.
    fn indexes(l: &Ledger) -> impl PartialEq + std::fmt::Debug + '_ {
        (&l.balances, &l.refs, &l.by_customer, &l.children, l.unnumbered_entries)
    }

    /// The records one at a time through `apply` (how a change lands): the reference.
    fn put_one_by_one(records: &[Record]) -> Ledger {
        let mut ledger = Ledger::default();
        for record in records {
            ledger.apply(&Change { puts: vec![record.clone()], deletes: Vec::new() });
        }
        ledger
    }

    #[test]
    fn a_built_ledger_has_the_indexes_of_one_put_record_by_record() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).expect("a date");
        let demo = crate::ledger::demo::demo_ledger(3, crate::ledger::demo::DemoSize { customers: 60, invoices: 400 }, today);
        let records = demo.records();
        let built = Ledger::from_records(records.clone());
        let reference = put_one_by_one(&records);
        assert_eq!(built, reference);
        assert_eq!(indexes(&built), indexes(&reference));
        // What the demo holds, so the comparison covers each index.
        assert!(built.balances.values().any(|b| !b.balance.is_zero()));
        assert!(built.documents.values().any(|d| d.currency != built.settings.base_currency), "a foreign-currency document");
        assert!(!built.children.is_empty(), "a parent customer");
        assert!(built.balances_match_recomputation());

        // In another order, chunk by chunk, with a document put twice (the second wins).
        let mut shuffled: Vec<Record> = records.iter().rev().cloned().collect();
        let Some(Record::Document(mut again)) = shuffled.iter().find(|r| matches!(r, Record::Document(d) if d.status == DocStatus::Open)).cloned() else {
            panic!("an open document");
        };
        again.balance += Decimal::ONE;
        again.ref_nbr.push('X');
        shuffled.push(Record::Document(again.clone()));
        let mut builder = LedgerBuilder::default();
        for chunk in shuffled.chunks(7) {
            builder.extend(chunk.to_vec());
        }
        let built = builder.finish();
        let reference = put_one_by_one(&shuffled);
        assert_eq!(built, reference);
        assert_eq!(indexes(&built), indexes(&reference));
        assert_eq!(built.documents.get(&again.id), Some(&again));
        assert!(built.balances_match_recomputation());
    }

    #[test]
    fn a_preview_holds_the_head_whole_and_each_customer_as_the_list_shows_it() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).expect("a date");
        let demo = crate::ledger::demo::demo_ledger(3, crate::ledger::demo::DemoSize { customers: 60, invoices: 400 }, today);
        let records = demo.records();
        // The head comes first in the stored order, then everything else.
        let head = records.iter().take_while(|r| r.is_head()).count();
        assert!(records[head..].iter().all(|r| !r.is_head()), "the head records are stored first");
        let (head_refs, summaries) = demo.preview_parts();
        assert_eq!(head_refs.len(), 3 + demo.classes.len(), "settings, counters, logo and the classes");
        assert_eq!(summaries.len(), demo.customers.len());
        let preview = Preview { head: records[..head].iter().filter(|r| !matches!(r, Record::Customer(_))).cloned().collect(), customers: summaries };
        let mut preview = preview.into_ledger();
        assert_eq!(preview.settings, demo.settings);
        assert_eq!(preview.classes, demo.classes);
        assert!(preview.documents.is_empty() && preview.templates.is_empty() && preview.emails.is_empty() && preview.schedules.is_empty());
        // The customers list's rows but the balances (there are no documents yet).
        let columns = |l: &Ledger| {
            crate::reports::rows::customer_rows(l)
                .into_iter()
                .map(|r| (r.id, r.name, r.class_id, r.status, r.city, r.country, r.currency, r.email))
                .collect::<Vec<_>>()
        };
        assert_eq!(columns(&preview), columns(&demo));
        assert!(demo.customers.values().any(|c| !c.address.city.is_empty() && !c.email.is_empty()), "the demo fills the columns");

        // A change on top, applied to the preview in its head part only.
        let mut customer = demo.customers.values().next().cloned().expect("a customer");
        customer.name.push_str(" (renamed)");
        let mut document = demo.documents.values().next().cloned().expect("a document");
        document.description.push_str(" (changed)");
        let removed = demo.customers.keys().nth(1).cloned().expect("a second customer");
        let change =
            Change { puts: vec![Record::Customer(customer.clone()), Record::Document(document.clone())], deletes: vec![RecordKey::Customer(removed.clone())] };
        preview.apply(&change.head());
        assert_eq!(preview.customers.get(&customer.id), Some(&customer));
        assert!(!preview.customers.contains_key(&removed));
        assert!(preview.documents.is_empty(), "no document enters a preview");
        let mut expected = demo.clone();
        expected.apply(&change);
        assert_eq!(columns(&preview), columns(&expected));
    }
}
