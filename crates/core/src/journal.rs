//! The journal (SPEC R4.15): every release writes a balanced entry in base currency,
//! kept on the released document so a later change of accounts never rewrites it.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::document::{DocType, Document};
use crate::ledger::Ledger;
use crate::settings::Settings;

/// The general-ledger accounts the customer ledger posts to. Defaults follow the
/// Norwegian standard chart of accounts (NS 4102).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accounts {
    pub receivable: String,
    pub sales: String,
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
}

fn default_overdue_account() -> String {
    "8050".to_string()
}

fn default_write_off_account() -> String {
    "7830".to_string()
}

fn default_cash_discount_account() -> String {
    "3080".to_string()
}

impl Default for Accounts {
    fn default() -> Self {
        Accounts {
            receivable: "1500".into(),
            sales: "3000".into(),
            vat_output: "2700".into(),
            bank: "1920".into(),
            rounding: "8160".into(),
            cash_discount: default_cash_discount_account(),
            overdue_charges: default_overdue_account(),
            write_offs: default_write_off_account(),
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
}

/// The entry a document writes when it is released (empty for a refund's and a void
/// payment's nothing-to-post cases never happens: each moves money). Amounts are in
/// base currency: each part is converted at the document's rate and rounded, and a
/// rounding difference goes to the rounding account so debits always equal credits.
pub fn entry_for(doc: &Document, settings: &Settings) -> Vec<JournalLine> {
    let accounts = &settings.accounts;
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
            draft.post(&accounts.sales, -sign * amount);
            credited += amount;
        }
        for vat in &doc.vat_lines {
            let amount = to_base(vat.vat);
            draft.post(&accounts.vat_output, -sign * amount);
            credited += amount;
        }
        draft.post(&accounts.rounding, -sign * (total - credited));
    } else if let Some((debit, credit)) = match doc.doc_type {
        DocType::OverdueCharge => Some((&accounts.receivable, &accounts.overdue_charges)),
        DocType::BalanceWriteOff => Some((&accounts.write_offs, &accounts.receivable)),
        DocType::CreditWriteOff => Some((&accounts.receivable, &accounts.write_offs)),
        _ => None,
    } {
        let amount = to_base(doc.total);
        draft.post(debit, amount);
        draft.post(credit, -amount);
    } else {
        // Money in (payment, prepayment) or out (refund, void payment).
        let sign = match doc.doc_type {
            DocType::Payment | DocType::Prepayment => Decimal::ONE,
            _ => Decimal::NEGATIVE_ONE,
        };
        let amount = to_base(doc.total);
        let discount = to_base(doc.released_discount_total());
        draft.post(&accounts.bank, sign * amount);
        draft.post(&accounts.cash_discount, sign * discount);
        draft.post(&accounts.receivable, -sign * (amount + discount));
    }
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
        .map(|(account, sum)| if sum > Decimal::ZERO {
            JournalLine { account, debit: sum, credit: Decimal::ZERO }
        } else {
            JournalLine { account, debit: Decimal::ZERO, credit: -sum }
        })
        .collect()
}

/// An entry with debits and credits swapped (what a void posts).
pub fn reversed(lines: &[JournalLine]) -> Vec<JournalLine> {
    lines.iter().map(|l| JournalLine { account: l.account.clone(), debit: l.credit, credit: l.debit }).collect()
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
    pub debit: Decimal,
    pub credit: Decimal,
}

/// Every entry of the ledger, one row per line, dated and ordered by the document date
/// (which decides the financial period, as in Visma Net), then by entry order.
pub fn journal_rows(ledger: &Ledger) -> Vec<JournalRow> {
    let mut released: Vec<&Document> = ledger.documents.values().filter(|d| !d.journal.is_empty()).collect();
    released.sort_by_key(|d| (d.date, d.id));
    let mut rows = Vec::new();
    for (n, doc) in released.into_iter().enumerate() {
        let date = doc.date.to_string();
        for line in &doc.journal {
            rows.push(JournalRow {
                entry: n as u32 + 1,
                date: date.clone(),
                document: format!("{} {}", doc.doc_type.label(), doc.ref_nbr),
                account: line.account.clone(),
                debit: line.debit,
                credit: line.credit,
            });
        }
    }
    rows
}

/// The journal as CSV (header `entry,date,document,account,debit,credit`), amounts
/// in base currency with its decimals. Fields with a comma or quote are quoted.
pub fn journal_csv(ledger: &Ledger) -> String {
    let units = ledger.settings.base().minor_units;
    let field = |text: &str| if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_string() };
    let mut out = String::from("entry,date,document,account,debit,credit\n");
    for row in journal_rows(ledger) {
        let amount = |d: Decimal| crate::money::round_to_minor_units(d, units).to_string();
        out.push_str(&format!("{},{},{},{},{},{}\n", row.entry, row.date, field(&row.document), field(&row.account), amount(row.debit), amount(row.credit)));
    }
    out
}
