//! The journal (SPEC R4.15): every release writes a balanced entry in base currency,
//! kept on the released document so a later change of accounts never rewrites it.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use std::collections::BTreeMap;

use crate::base::money::Currency;
use crate::documents::document::{Application, DocId, DocType, Document};
use crate::fields::Name;
use crate::ledger::Ledger;
use crate::settings::Settings;

/// The general-ledger accounts the customer ledger posts to. Defaults follow the
/// Norwegian standard chart of accounts (NS 4102).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accounts {
    pub receivable: String,
    pub sales: String,
    /// Sales of lines whose VAT rate is zero (seed 002 "Sales non-taxable account"):
    /// NS 4102 3100 Salgsinntekt, avgiftsfri.
    #[serde(default = "default_sales_non_taxable_account")]
    pub sales_non_taxable: String,
    pub vat_output: String,
    pub bank: String,
    /// Where base-currency rounding differences of foreign documents go.
    pub rounding: String,
    /// Cash discounts granted with payments.
    #[serde(default = "default_cash_discount_account")]
    pub cash_discount: String,
    /// Income from overdue charges.
    #[serde(default = "default_overdue_account")]
    pub overdue_charges: String,
    /// Balances and credits written off.
    #[serde(default = "default_write_off_account")]
    pub write_offs: String,
    /// Realised currency gains on applications (R4.11): NS 4102 8060 Valutagevinst (agio).
    #[serde(default = "default_currency_gain_account")]
    pub currency_gain: String,
    /// Realised currency losses on applications (R4.11): NS 4102 8160 Valutatap (disagio).
    #[serde(default = "default_currency_loss_account")]
    pub currency_loss: String,
    /// The unapplied part of prepayments received (seed 002 "Prepayment account"):
    /// NS 4102 2900 Forskudd fra kunder. Applying a prepayment moves the part applied
    /// to the customer ledger account.
    #[serde(default = "default_prepayment_account")]
    pub prepayments: String,
}

/// The accounts a class or a customer posts to instead of the company's (R4.15,
/// seed 002 "GL accounts"); an empty field takes the next level's: customer → class
/// → company.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountOverrides {
    pub receivable: String,
    pub sales: String,
    pub sales_non_taxable: String,
    pub cash_discount: String,
    pub overdue_charges: String,
    pub write_offs: String,
    pub currency_gain: String,
    pub currency_loss: String,
    pub prepayments: String,
}

impl AccountOverrides {
    /// (field name, label, get, get mut) of every account, for forms and checks; the
    /// field of a problem is `{prefix}.{name}` (`accounts.sales`).
    #[allow(clippy::type_complexity)]
    pub const FIELDS: [(Name, &'static str, fn(&AccountOverrides) -> &String, fn(&mut AccountOverrides) -> &mut String); 9] = [
        (Name::Receivable, "Customer ledger account", |a| &a.receivable, |a| &mut a.receivable),
        (Name::Sales, "Sales account", |a| &a.sales, |a| &mut a.sales),
        (Name::SalesNonTaxable, "Sales non-taxable account", |a| &a.sales_non_taxable, |a| &mut a.sales_non_taxable),
        (Name::CashDiscount, "Cash discount account", |a| &a.cash_discount, |a| &mut a.cash_discount),
        (Name::OverdueCharges, "Overdue charge account", |a| &a.overdue_charges, |a| &mut a.overdue_charges),
        (Name::WriteOffs, "Write-off account", |a| &a.write_offs, |a| &mut a.write_offs),
        (Name::CurrencyGain, "Currency gain account", |a| &a.currency_gain, |a| &mut a.currency_gain),
        (Name::CurrencyLoss, "Currency loss account", |a| &a.currency_loss, |a| &mut a.currency_loss),
        (Name::Prepayments, "Prepayment account", |a| &a.prepayments, |a| &mut a.prepayments),
    ];

    /// `base` with every non-empty field of `self` put over it.
    pub fn over(&self, base: &Accounts) -> Accounts {
        let pick = |own: &String, inherited: &String| if own.is_empty() { inherited.clone() } else { own.clone() };
        Accounts {
            receivable: pick(&self.receivable, &base.receivable),
            sales: pick(&self.sales, &base.sales),
            sales_non_taxable: pick(&self.sales_non_taxable, &base.sales_non_taxable),
            cash_discount: pick(&self.cash_discount, &base.cash_discount),
            overdue_charges: pick(&self.overdue_charges, &base.overdue_charges),
            write_offs: pick(&self.write_offs, &base.write_offs),
            currency_gain: pick(&self.currency_gain, &base.currency_gain),
            currency_loss: pick(&self.currency_loss, &base.currency_loss),
            prepayments: pick(&self.prepayments, &base.prepayments),
            ..base.clone()
        }
    }

    /// Trims and checks each account (letters and digits, at most 20); problems at
    /// `{prefix}.{field}`.
    pub fn checked(&self, problems: &mut crate::base::problem::Problems, prefix: &crate::fields::FieldPath) -> AccountOverrides {
        let mut out = AccountOverrides::default();
        for (name, _, get, get_mut) in Self::FIELDS {
            let value = get(self).trim().to_string();
            if !value.is_empty() && (value.chars().count() > 20 || !value.chars().all(|c| c.is_ascii_alphanumeric())) {
                problems.add(prefix.then(name), crate::base::problem::ProblemKind::Format, "Use letters and digits only, at most 20");
            }
            *get_mut(&mut out) = value;
        }
        out
    }
}

/// The accounts documents of `customer_id` post to: the customer's own, then its
/// class's, then the company's (R4.15).
pub fn accounts_for(ledger: &crate::ledger::Ledger, customer_id: &str) -> Accounts {
    let company = &ledger.settings.accounts;
    let Some(customer) = ledger.customers.get(customer_id) else { return company.clone() };
    let class = ledger.classes.get(&customer.class_id).map(|c| c.accounts.over(company)).unwrap_or_else(|| company.clone());
    customer.accounts.over(&class)
}

fn default_currency_gain_account() -> String {
    "8060".to_string()
}

fn default_currency_loss_account() -> String {
    "8160".to_string()
}

fn default_overdue_account() -> String {
    "8050".to_string()
}

fn default_prepayment_account() -> String {
    "2900".to_string()
}

fn default_sales_non_taxable_account() -> String {
    "3100".to_string()
}

fn default_write_off_account() -> String {
    "7830".to_string()
}

fn default_cash_discount_account() -> String {
    "3080".to_string()
}

impl Accounts {
    /// The account of an [`AccountOverrides::FIELDS`] name.
    pub fn named(&self, name: &str) -> Option<&String> {
        Some(match name {
            "receivable" => &self.receivable,
            "sales" => &self.sales,
            "sales_non_taxable" => &self.sales_non_taxable,
            "cash_discount" => &self.cash_discount,
            "overdue_charges" => &self.overdue_charges,
            "write_offs" => &self.write_offs,
            "currency_gain" => &self.currency_gain,
            "currency_loss" => &self.currency_loss,
            "prepayments" => &self.prepayments,
            _ => return None,
        })
    }
}

impl Default for Accounts {
    fn default() -> Self {
        Accounts {
            receivable: "1500".into(),
            sales: "3000".into(),
            sales_non_taxable: default_sales_non_taxable_account(),
            vat_output: "2700".into(),
            bank: "1920".into(),
            rounding: "8160".into(),
            cash_discount: default_cash_discount_account(),
            overdue_charges: default_overdue_account(),
            write_offs: default_write_off_account(),
            currency_gain: default_currency_gain_account(),
            currency_loss: default_currency_loss_account(),
            prepayments: default_prepayment_account(),
        }
    }
}

/// One line of a journal entry, in base currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalLine {
    pub account: String,
    pub debit: Decimal,
    pub credit: Decimal,
}

/// Lines in one direction before they are netted per account.
struct Draft {
    lines: Vec<JournalLine>,
}

impl Draft {
    fn post(&mut self, account: &str, amount: Decimal) {
        if amount.is_zero() {
            return;
        }
        let (debit, credit) = if amount > Decimal::ZERO { (amount, Decimal::ZERO) } else { (Decimal::ZERO, -amount) };
        self.lines.push(JournalLine { account: account.to_string(), debit, credit });
    }

    /// Posts the cash discounts of `applications` (R4.9) for money received (`sign`
    /// +1): a cash discount lowers the sale and its VAT alike (Norwegian practice), so
    /// the part of it in proportion to each target's VAT reduces output VAT and the
    /// rest goes to the cash-discount account; what the discount settles on the
    /// receivable is posted by [`Draft::settle`].
    fn post_discounts<'a, 'b>(
        &mut self,
        source: &Document,
        applications: impl Iterator<Item = &'b Application>,
        sign: Decimal,
        settings: &Settings,
        accounts: &Accounts,
        target_of: &dyn Fn(DocId) -> Option<&'a Document>,
    ) {
        let base = settings.base();
        let to_base = |amount: Decimal| base.round(amount * source.rate);
        let currency = settings.currency(&source.currency).cloned().unwrap_or_else(|| base.clone());
        let mut discount = Decimal::ZERO;
        let mut vat_part = Decimal::ZERO;
        for app in applications.filter(|a| !a.discount.is_zero()) {
            discount += app.discount;
            if let Some(target) = target_of(app.target).filter(|t| !t.total.is_zero()) {
                vat_part += to_base(currency.round(app.discount * target.vat_total() / target.total));
            }
        }
        let discount = to_base(discount);
        self.post(&accounts.cash_discount, sign * (discount - vat_part));
        self.post(&accounts.vat_output, sign * vat_part);
    }

    /// Debits − credits of the lines so far.
    fn net(&self) -> Decimal {
        self.lines.iter().map(|l| l.debit - l.credit).sum()
    }

    /// Posts what `applications` settle (R4.9, R4.11), exactly in base currency.
    ///
    /// Every document with an open balance holds, on the customer ledger account (the
    /// prepayment account for a prepayment), its balance in base currency at its own
    /// rate: `round(balance × rate)`. An application moves each side's base amount by
    /// the difference of that figure before and after it, so however a document is
    /// settled, in parts or at once, what it leaves there is exactly its base balance
    /// and a closed document nets to zero (SPEC R5.6). `own` is the account holding
    /// the source's own open balance (`None` for refunds and write-offs, which carry
    /// none), `source_before` the source's balance before these applications.
    ///
    /// Whatever then keeps the entry from balancing (the two rates differ, or the
    /// base amounts of the parts rounded differently) is a realised currency gain
    /// (credit) or loss (debit); a reversal takes it back on the account it came from.
    #[allow(clippy::too_many_arguments)]
    fn settle<'a, 'b>(
        &mut self,
        source: &Document,
        own: Option<&str>,
        source_before: Decimal,
        applications: impl Iterator<Item = &'b Application>,
        base: &Currency,
        accounts: &Accounts,
        target_of: &dyn Fn(DocId) -> Option<&'a Document>,
    ) {
        let sign = receivable_sign(source.doc_type);
        let mut applied = Decimal::ZERO;
        let mut settled_total = Decimal::ZERO;
        let mut targets: Vec<(&Document, Decimal)> = Vec::new();
        // The balance each target has left as the applications before it settled it.
        let mut left: BTreeMap<DocId, Decimal> = BTreeMap::new();
        for app in applications {
            applied += app.amount;
            let Some(target) = target_of(app.target) else { continue };
            let settled = app.amount + app.discount;
            settled_total += settled;
            let before = left.get(&target.id).copied().unwrap_or(target.balance);
            left.insert(target.id, before - settled);
            targets.push((target, base_moved(base, target.rate, before, before - settled)));
        }
        if let Some(own) = own {
            self.post(own, -sign * base_moved(base, source.rate, source_before, source_before - applied));
        }
        for (target, moved) in targets {
            let account = if target.doc_type == DocType::Prepayment { &accounts.prepayments } else { &accounts.receivable };
            self.post(account, sign * moved);
        }
        let difference = -self.net();
        let reversal = settled_total < Decimal::ZERO;
        let account = if (difference < Decimal::ZERO) != reversal { &accounts.currency_gain } else { &accounts.currency_loss };
        self.post(account, difference);
    }
}

/// What a document's base balance moves by when its balance goes from `before` to
/// `after`: the difference of the two, each converted at `rate` and rounded.
fn base_moved(base: &Currency, rate: Decimal, before: Decimal, after: Decimal) -> Decimal {
    base.round(before * rate) - base.round(after * rate)
}

/// The direction a document posts its applied amounts to the receivable account:
/// −1 credit (payments, prepayments, credit notes, balance write-offs), +1 debit
/// (refunds and credit write-offs, applied to credits).
fn receivable_sign(doc_type: DocType) -> Decimal {
    if doc_type.applies_to_credits() {
        Decimal::ONE
    } else {
        Decimal::NEGATIVE_ONE
    }
}

/// The account that holds the open balance of a credit (payment, prepayment, credit
/// note): the prepayment account for a prepayment, the customer ledger account for the
/// others; `None` for documents that carry no open balance of their own.
fn own_account(doc_type: DocType, accounts: &Accounts) -> Option<&str> {
    match doc_type {
        DocType::Prepayment => Some(&accounts.prepayments),
        DocType::Payment | DocType::CreditNote => Some(&accounts.receivable),
        _ => None,
    }
}

/// The entry of one application made after its document was released (R4.9
/// *Apply*, or a reversal). `source` is the document as it is before the application
/// (its balance not yet moved) and `target_of` gives targets as they are before it.
/// A cash discount the payment's date still allows is posted as at release; a
/// prepayment's applied part leaves the prepayment account for the customer ledger
/// account (a reversal puts it back); the rest is the realised currency gain or loss.
/// Empty when nothing moves between accounts.
pub fn application_entry<'a>(
    source: &Document,
    application: &Application,
    settings: &Settings,
    accounts: &Accounts,
    target_of: &dyn Fn(DocId) -> Option<&'a Document>,
) -> Vec<JournalLine> {
    let mut draft = Draft { lines: Vec::new() };
    // A payment received by the cash-discount date and applied later still takes the
    // discount; it is posted now, as the payment's entry would have at release.
    draft.post_discounts(source, std::iter::once(application), -receivable_sign(source.doc_type), settings, accounts, target_of);
    draft.settle(source, own_account(source.doc_type, accounts), source.balance, std::iter::once(application), &settings.base(), accounts, target_of);
    net_per_account(draft.lines)
}

/// `lines` (an entry of `source` posting `applications`) with the settled amounts
/// moved from `source`'s receivable account to that of each target's customer where
/// the two differ: a parent's payment applied to a child's invoice (R3.7) settles the
/// child's receivable, whatever accounts each customer posts to. The amount moved is
/// what the settlement moved off the target's base balance at its rate, which is what
/// the receivable holds for it after the currency gain or loss is realised. Netted per
/// account; `lines` is returned as it is when no account differs.
pub fn with_receivable_transfers<'b>(
    ledger: &crate::ledger::Ledger,
    source: &Document,
    applications: impl Iterator<Item = &'b Application>,
    lines: Vec<JournalLine>,
) -> Vec<JournalLine> {
    let source_receivable = accounts_for(ledger, &source.customer_id).receivable;
    let sign = receivable_sign(source.doc_type);
    let base = ledger.settings.base();
    let mut draft = Draft { lines: Vec::new() };
    for app in applications {
        let Some(target) = ledger.documents.get(&app.target).filter(|t| t.customer_id != source.customer_id) else { continue };
        let target_receivable = accounts_for(ledger, &target.customer_id).receivable;
        if target_receivable == source_receivable {
            continue;
        }
        // Exactly what `Draft::settle` moved on the target's side (its base balance
        // before and after), so the customer ledger accounts still hold the balances.
        let settled = base_moved(&base, target.rate, target.balance, target.balance - (app.amount + app.discount));
        draft.post(&source_receivable, -sign * settled);
        draft.post(&target_receivable, sign * settled);
    }
    if draft.lines.is_empty() {
        return lines;
    }
    net_per_account(lines.into_iter().chain(draft.lines).collect())
}

/// The entry a document writes when it is released (empty for a refund's and a void
/// payment's nothing-to-post cases never happens: each moves money). Amounts are in
/// base currency: each part is converted at the document's rate and rounded, and a
/// rounding difference goes to the rounding account so debits always equal credits.
///
/// `doc` is the document as released (its balance what its applications left); the
/// applications released with it settle their targets as [`Draft::settle`] says, and
/// `target_of` gives those targets as they were before the release.
pub fn entry_for<'a>(doc: &Document, settings: &Settings, accounts: &Accounts, target_of: &dyn Fn(DocId) -> Option<&'a Document>) -> Vec<JournalLine> {
    let base = settings.base();
    let to_base = |amount: Decimal| base.round(amount * doc.rate);
    let mut draft = Draft { lines: Vec::new() };
    // +1 posts the document as a sale (debit the customer or the bank), −1 reverses it.
    let sale_sign = match doc.doc_type {
        DocType::Invoice | DocType::DebitNote | DocType::CashSale => Some(Decimal::ONE),
        DocType::CreditNote | DocType::CashReturn => Some(Decimal::NEGATIVE_ONE),
        _ => None,
    };
    if let Some(sign) = sale_sign {
        let debit_account = if doc.doc_type.is_cash() { &accounts.bank } else { &accounts.receivable };
        let total = to_base(doc.total);
        draft.post(debit_account, sign * total);
        let mut credited = Decimal::ZERO;
        for line in &doc.lines {
            let amount = to_base(line.amount);
            // A line at a zero VAT rate is a non-taxable sale, on its own account.
            let zero_rated = doc.vat_lines.iter().find(|v| v.vat_category == line.vat_category).is_none_or(|v| v.rate_pct.is_zero());
            draft.post(if zero_rated { &accounts.sales_non_taxable } else { &accounts.sales }, -sign * amount);
            credited += amount;
        }
        for vat in &doc.vat_lines {
            let amount = to_base(vat.vat);
            draft.post(&accounts.vat_output, -sign * amount);
            credited += amount;
        }
        draft.post(&accounts.rounding, -sign * (total - credited));
    } else if doc.doc_type == DocType::OverdueCharge {
        let amount = to_base(doc.total);
        draft.post(&accounts.receivable, amount);
        draft.post(&accounts.overdue_charges, -amount);
    } else if doc.doc_type == DocType::BalanceWriteOff {
        // The other side is the debt written off, settled below.
        draft.post(&accounts.write_offs, to_base(doc.total));
    } else if doc.doc_type == DocType::CreditWriteOff {
        // The other side is the credit written off (a prepayment's on the prepayment
        // account), settled below.
        draft.post(&accounts.write_offs, -to_base(doc.total));
    } else {
        // Money in (payment, prepayment) or out (refund, void payment).
        let sign = match doc.doc_type {
            DocType::Payment | DocType::Prepayment => Decimal::ONE,
            _ => Decimal::NEGATIVE_ONE,
        };
        let amount = to_base(doc.total);
        draft.post(&accounts.bank, sign * amount);
        draft.post_discounts(doc, doc.applications.iter().filter(|a| a.released), sign, settings, accounts, target_of);
        // A payment or prepayment received is first the customer's credit in full, on
        // its own account; what its applications settle moves from there below.
        if let Some(own) = own_account(doc.doc_type, accounts) {
            draft.post(own, -sign * amount);
        }
    }
    let own = own_account(doc.doc_type, accounts);
    draft.settle(doc, own, doc.total, doc.applications.iter().filter(|a| a.released), &base, accounts, target_of);
    net_per_account(draft.lines)
}

/// Sums the lines of each account into one debit or one credit line, in the order
/// accounts first appear.
fn net_per_account(lines: Vec<JournalLine>) -> Vec<JournalLine> {
    let mut netted: Vec<(String, Decimal)> = Vec::new();
    for line in lines {
        let amount = line.debit - line.credit;
        match netted.iter_mut().find(|(a, _)| *a == line.account) {
            Some((_, sum)) => *sum += amount,
            None => netted.push((line.account, amount)),
        }
    }
    netted
        .into_iter()
        .filter(|(_, sum)| !sum.is_zero())
        .map(|(account, sum)| {
            if sum > Decimal::ZERO {
                JournalLine { account, debit: sum, credit: Decimal::ZERO }
            } else {
                JournalLine { account, debit: Decimal::ZERO, credit: -sum }
            }
        })
        .collect()
}

/// An entry with debits and credits swapped (what a void posts).
pub fn reversed(lines: &[JournalLine]) -> Vec<JournalLine> {
    lines.iter().map(|l| JournalLine { account: l.account.clone(), debit: l.credit, credit: l.debit }).collect()
}

/// What voiding the payment or prepayment `doc` posts: its own entry and those of
/// its later applications, reversed, netted per account, so every gain or loss they
/// realised is taken back on the account it went to. The targets it settled open
/// again at their own rates (SPEC R5.6): when the base amounts it settled them by
/// rounded otherwise than their balances do now (other documents settled them in
/// between), the cent of difference is a currency gain or loss of the void.
pub fn void_entry(ledger: &Ledger, doc: &Document) -> Vec<JournalLine> {
    let base = ledger.settings.base();
    let accounts = accounts_for(ledger, &doc.customer_id);
    let ledger_accounts = customer_ledger_accounts(ledger);
    let entries = || std::iter::once(&doc.journal).chain(doc.applications.iter().map(|a| &a.journal)).flatten();
    let mut draft = Draft { lines: entries().map(|l| JournalLine { account: l.account.clone(), debit: l.credit, credit: l.debit }).collect() };
    // What the reversal takes off the customer ledger, against what must go: the
    // payment's own base balance (it leaves) and each target's reopened part.
    let reversed: Decimal = -entries().filter(|l| ledger_accounts.contains(&l.account)).map(|l| l.debit - l.credit).sum::<Decimal>();
    let mut wanted = -doc.doc_type.balance_sign() * base.round(doc.balance * doc.rate);
    let mut targets: Vec<DocId> = doc.applications.iter().filter(|a| a.released).map(|a| a.target).collect();
    targets.sort();
    targets.dedup();
    for id in targets {
        let Some(target) = ledger.documents.get(&id) else { continue };
        let reopened = doc.applied_to(id) + doc.discount_to(id);
        wanted += target.doc_type.balance_sign() * base_moved(&base, target.rate, target.balance + reopened, target.balance);
    }
    let correction = wanted - reversed;
    draft.post(&accounts.receivable, correction);
    draft.post(if correction > Decimal::ZERO { &accounts.currency_gain } else { &accounts.currency_loss }, -correction);
    net_per_account(draft.lines)
}

/// The accounts that hold the customers' balances (SPEC R5.6): the customer ledger
/// and prepayment accounts of the company, and those every class and customer posts
/// to instead.
pub fn customer_ledger_accounts(ledger: &Ledger) -> std::collections::BTreeSet<String> {
    let company = &ledger.settings.accounts;
    let overrides = ledger.classes.values().map(|c| &c.accounts).chain(ledger.customers.values().map(|c| &c.accounts));
    [company.receivable.clone(), company.prepayments.clone()]
        .into_iter()
        .chain(overrides.flat_map(|o| [o.receivable.clone(), o.prepayments.clone()]))
        .filter(|a| !a.is_empty())
        .collect()
}

/// Debits − credits of the whole journal on [`customer_ledger_accounts`]: always the
/// sum of the customers' released balances, prepayments included
/// ([`Ledger::total_open_balance`]), to the cent.
pub fn customer_ledger_total(ledger: &Ledger) -> Decimal {
    let accounts = customer_ledger_accounts(ledger);
    ledger
        .documents
        .values()
        .flat_map(|d| std::iter::once(&d.journal).chain(d.applications.iter().map(|a| &a.journal)))
        .flatten()
        .filter(|l| accounts.contains(&l.account))
        .map(|l| l.debit - l.credit)
        .sum()
}

/// True when debits equal credits.
pub fn is_balanced(lines: &[JournalLine]) -> bool {
    lines.iter().map(|l| l.debit).sum::<Decimal>() == lines.iter().map(|l| l.credit).sum::<Decimal>()
}

/// One row of the journal export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JournalRow {
    pub entry: u32,
    pub date: String,
    pub document: String,
    pub account: String,
    /// The account's NS 4102 name ([`account_name`]), empty for an account outside it.
    pub account_name: &'static str,
    pub debit: Decimal,
    pub credit: Decimal,
}

/// The NS 4102 name of an account the customer ledger posts to by default (the
/// company's and the classes' accounts are these unless changed), so the journal reads
/// as a bookkeeper's; empty for any other account.
pub fn account_name(account: &str) -> &'static str {
    match account.trim() {
        "1500" => "Kundefordringer",
        "1920" => "Bankinnskudd",
        "2700" => "Utgående merverdiavgift",
        "2900" => "Forskudd fra kunder",
        "3000" => "Salgsinntekt, avgiftspliktig",
        "3080" => "Rabatter og andre salgsinntektsreduksjoner",
        "3100" => "Salgsinntekt, avgiftsfri",
        "7830" => "Tap på fordringer",
        "8050" => "Annen renteinntekt",
        "8060" => "Valutagevinst (agio)",
        "8160" => "Valutatap (disagio)",
        _ => "",
    }
}

/// How many entries of `doc` (its own and those of its applications) were written
/// before journal entries were numbered: not empty, and without a number.
pub fn unnumbered_entries(doc: &Document) -> usize {
    let own = usize::from(!doc.journal.is_empty() && doc.journal_entry.is_none());
    own + doc.applications.iter().filter(|a| !a.journal.is_empty() && a.journal_entry.is_none()).count()
}

/// Takes the number of the next journal entry (R4.15) from `settings`' counter, which
/// only moves forward: an entry keeps the number it is written with, whatever is
/// posted after it, back-dated or not. The number is always above the
/// [`Ledger::unnumbered_journal_entries`] (numbered 1..=n by the export), so a ledger
/// stored before numbers were kept goes on from there. The caller stores `settings`
/// with the entry.
pub fn next_journal_entry(ledger: &Ledger, settings: &mut Settings) -> u32 {
    let number = first_free_journal_entry(ledger, settings.next_journal_entry);
    settings.next_journal_entry = number.saturating_add(1);
    number
}

/// [`next_journal_entry`] on the counters alone, as a release takes it.
pub fn take_journal_entry(ledger: &Ledger, counters: &mut crate::settings::Counters) -> u32 {
    let number = first_free_journal_entry(ledger, counters.next_journal_entry);
    counters.next_journal_entry = number.saturating_add(1);
    number
}

fn first_free_journal_entry(ledger: &Ledger, counter: u32) -> u32 {
    let above_unnumbered = u32::try_from(ledger.unnumbered_journal_entries()).unwrap_or(u32::MAX).saturating_add(1);
    counter.max(above_unnumbered)
}

/// Every entry of the ledger, one row per line, in the order of entry numbers, which
/// is the order they were posted in (R4.15). Each row is dated with its document's date
/// (which decides the financial period, as in Visma Net), an application made later
/// with the day it was made.
///
/// Entries written before numbers were kept (a ledger stored by an older version)
/// have none stored; they are numbered 1..=n here in the order older versions
/// numbered them, by date, then document, then application, so their numbers are the
/// ones those versions showed and stay so: every entry written since is numbered above.
pub fn journal_rows(ledger: &Ledger) -> Vec<JournalRow> {
    struct Entry<'a> {
        number: Option<u32>,
        date: NaiveDate,
        doc: DocId,
        /// 0 for the document's own entry, 1 + the index of an application's.
        application: usize,
        label: String,
        lines: &'a [JournalLine],
    }
    let mut entries: Vec<Entry> = Vec::new();
    for doc in ledger.documents.values() {
        let name = format!("{} {}", doc.doc_type.label(), doc.ref_nbr);
        if !doc.journal.is_empty() {
            entries.push(Entry { number: doc.journal_entry, date: doc.date, doc: doc.id, application: 0, label: name.clone(), lines: &doc.journal });
        }
        for (idx, app) in doc.applications.iter().enumerate().filter(|(_, a)| !a.journal.is_empty()) {
            let target = ledger.documents.get(&app.target).map(|t| format!("{} {}", t.doc_type.label(), t.ref_nbr)).unwrap_or_default();
            let what = if app.amount < Decimal::ZERO { "reversed from" } else { "applied to" };
            entries.push(Entry {
                number: app.journal_entry,
                date: app.applied_on.unwrap_or(doc.date),
                doc: doc.id,
                application: idx + 1,
                label: format!("{name} {what} {target}"),
                lines: &app.journal,
            });
        }
    }
    let mut unnumbered: Vec<&mut Entry> = entries.iter_mut().filter(|e| e.number.is_none()).collect();
    unnumbered.sort_by_key(|e| (e.date, e.doc, e.application));
    for (n, entry) in unnumbered.into_iter().enumerate() {
        entry.number = Some(u32::try_from(n).unwrap_or(u32::MAX).saturating_add(1));
    }
    entries.sort_by_key(|e| (e.number, e.date, e.doc, e.application));
    let mut rows = Vec::new();
    for entry in entries {
        for line in entry.lines {
            rows.push(JournalRow {
                entry: entry.number.unwrap_or_default(),
                date: entry.date.to_string(),
                document: entry.label.clone(),
                account: line.account.clone(),
                account_name: account_name(&line.account),
                debit: line.debit,
                credit: line.credit,
            });
        }
    }
    rows
}

/// What the journal window shows of the entries (R4.15): an empty part lets every
/// row through. Date and document keep or drop whole entries; an account keeps the
/// lines on that account only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JournalFilter {
    /// Entries dated on or after this day.
    pub from: Option<NaiveDate>,
    /// Entries dated on or before this day.
    pub to: Option<NaiveDate>,
    /// An account number; lines on other accounts are left out.
    pub account: String,
    /// A document's reference number or any part of the entry's document text, by the
    /// list search (R3.11): "INV000012" keeps the invoice's entry and the entries of
    /// applications made to it later ("Prepayment PAY000003 applied to Invoice INV000012").
    pub document: String,
}

impl JournalFilter {
    /// True when the filter keeps or drops whole entries only (no account), so each
    /// entry shown is shown with all its lines and its total balances.
    pub fn keeps_whole_entries(&self) -> bool {
        self.account.trim().is_empty()
    }
}

/// The rows of `rows` that `filter` keeps, in their order.
pub fn filter_journal(rows: Vec<JournalRow>, filter: &JournalFilter) -> Vec<JournalRow> {
    let account = filter.account.trim();
    let search = crate::base::search::Search::new(&filter.document);
    rows.into_iter()
        .filter(|row| {
            let day = row.date.parse::<NaiveDate>().ok();
            let in_period = match day {
                Some(day) => filter.from.is_none_or(|f| day >= f) && filter.to.is_none_or(|t| day <= t),
                None => filter.from.is_none() && filter.to.is_none(),
            };
            in_period && (account.is_empty() || row.account == account) && (search.is_empty() || search.matches_lowercase(&row.document.to_lowercase()))
        })
        .collect()
}

/// The debits and credits of one entry's rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EntryTotal {
    pub entry: u32,
    pub debit: Decimal,
    pub credit: Decimal,
    /// How many rows the entry has among those summed.
    pub lines: usize,
}

/// The totals of a selection of journal rows: each entry's (in the order entries first
/// appear) and the whole selection's. The selection's totals are the sum of its rows,
/// so they equal the sum of the entries' totals.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JournalTotals {
    pub debit: Decimal,
    pub credit: Decimal,
    pub entries: Vec<EntryTotal>,
}

impl JournalTotals {
    /// The total of entry `entry`, when it has rows in the selection.
    pub fn entry(&self, entry: u32) -> Option<&EntryTotal> {
        self.entries.iter().find(|e| e.entry == entry)
    }
}

/// Sums `rows` per entry and in all (R4.15): what the journal window shows under each
/// entry and at the foot of the rows shown.
pub fn journal_totals<'a>(rows: impl IntoIterator<Item = &'a JournalRow>) -> JournalTotals {
    let mut totals = JournalTotals::default();
    let mut at: BTreeMap<u32, usize> = BTreeMap::new();
    for row in rows {
        totals.debit += row.debit;
        totals.credit += row.credit;
        let index = *at.entry(row.entry).or_insert_with(|| {
            totals.entries.push(EntryTotal { entry: row.entry, ..EntryTotal::default() });
            totals.entries.len() - 1
        });
        if let Some(sum) = totals.entries.get_mut(index) {
            sum.debit += row.debit;
            sum.credit += row.credit;
            sum.lines += 1;
        }
    }
    totals
}

/// The accounts `rows` post to, each once with its NS 4102 name, in account order:
/// what the journal's account filter offers.
pub fn journal_accounts(rows: &[JournalRow]) -> Vec<(String, &'static str)> {
    let accounts: BTreeMap<&str, &'static str> = rows.iter().map(|r| (r.account.as_str(), r.account_name)).collect();
    accounts.into_iter().map(|(a, n)| (a.to_string(), n)).collect()
}

/// The journal as CSV (header `entry,date,document,account,debit,credit`), amounts
/// in base currency with its decimals. Written by the one CSV writer ([`crate::reports::csv::write_csv`]).
pub fn journal_csv(ledger: &Ledger) -> String {
    let units = ledger.settings.base().minor_units;
    let amount = |d: Decimal| crate::base::money::round_to_minor_units(d, units).to_string();
    let rows = journal_rows(ledger)
        .into_iter()
        .map(|row| [row.entry.to_string(), row.date.to_string(), row.document, row.account, amount(row.debit), amount(row.credit)]);
    crate::reports::csv::write_csv(&["entry", "date", "document", "account", "debit", "credit"], rows)
}
