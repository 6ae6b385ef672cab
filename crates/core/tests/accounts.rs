//! GL accounts per class and customer (SPEC R4.15, seed 002 "GL accounts"): a
//! customer's own account, else its class's, else the company's.

mod common;

use common::*;
use reskontra_core::accounting::journal::accounts_for;
use reskontra_core::command::{ClassDraft, CustomerDraft};
use reskontra_core::Command;

#[test]
fn releases_post_to_the_customers_then_the_classs_then_the_companys_accounts() {
    let (mut ledger, customer) = ledger_with_customer();
    let mut class = ClassDraft::from_class(&ledger.classes["DOMESTIC"], reskontra_core::NumberFormat::English);
    class.accounts.sales = "3010".into();
    class.accounts.sales_non_taxable = "3110".into();
    class.accounts.receivable = "1510".into();
    ok(&mut ledger, Command::SaveClass(class));
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
    draft.accounts.receivable = " 1520 ".into();
    ok(&mut ledger, Command::SaveCustomer(draft));
    let accounts = accounts_for(&ledger, &customer);
    assert_eq!(
        (accounts.receivable.as_str(), accounts.sales.as_str(), accounts.vat_output.as_str()),
        ("1520", "3010", ledger.settings.accounts.vat_output.as_str())
    );
    assert_eq!(accounts.sales_non_taxable, "3110");
    // An EXEMPT line (VAT rate 0) is a non-taxable sale.
    let id = released_invoice(&mut ledger, &customer, "1000");
    let journal = &ledger.documents[&id].journal;
    let account_of = |n: &str| journal.iter().find(|l| l.account == n).map(|l| (l.debit, l.credit));
    assert_eq!(account_of("1520"), Some((rust_decimal::Decimal::from(1000), rust_decimal::Decimal::ZERO)));
    assert_eq!(account_of("3110").map(|(_, c)| c), Some(rust_decimal::Decimal::from(1000)));
    assert!(account_of(&ledger.settings.accounts.receivable).is_none(), "the company's receivable account is not used");
    // A taxable line goes to the class's sales account.
    let taxed = add_invoice(&mut ledger, &customer, vec![line("1", "100", "", "HIGH")]);
    ok(&mut ledger, Command::Release(taxed));
    assert!(ledger.documents[&taxed].journal.iter().any(|l| l.account == "3010" && l.credit == rust_decimal::Decimal::from(100)));
    // A journal already written stays as it was when the accounts change later.
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
    draft.accounts.receivable = String::new();
    ok(&mut ledger, Command::SaveCustomer(draft));
    assert_eq!(accounts_for(&ledger, &customer).receivable, "1510", "back to the class's");
    assert!(ledger.documents[&id].journal.iter().any(|l| l.account == "1520"));
}

#[test]
fn a_bad_account_is_refused_at_its_field() {
    let (mut ledger, customer) = ledger_with_customer();
    let mut draft = CustomerDraft::from_customer(&ledger.customers[&customer], reskontra_core::NumberFormat::English);
    draft.accounts.sales = "31-00".into();
    draft.accounts.currency_loss = "8160\n".into();
    let refused = run(&mut ledger, Command::SaveCustomer(draft)).expect_err("bad accounts");
    assert_eq!(fields(&refused), ["accounts.sales"], "a trailing line break is trimmed, a dash is not an account");
}
