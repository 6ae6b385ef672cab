//! The remaining reference tables (R1.6: statement cycles and ageing periods,
//! financial periods, payment methods, email accounts, branches, languages) and the
//! company preferences (R1.1 address, VAT number, logo; R1.4 age credits).

mod common;

use common::*;
use reskontra_core::command::SettingsDraft;
use reskontra_core::settings::periods::{
    add_year, ageing_period_labels, ageing_period_of, generate_year, parse_ageing_days, period_of, PeriodKind, StatementDay,
};
use reskontra_core::settings::reference::{BranchDraft, EmailAccountDraft, LanguageDraft, PaymentMethodDraft, ReferenceTablesDraft, StatementCycleDraft};
use reskontra_core::settings::{logo_problem, Settings};
use reskontra_core::{Command, Ledger};

fn tables(ledger: &Ledger) -> ReferenceTablesDraft {
    ReferenceTablesDraft::from_settings(&ledger.settings)
}

fn refused(ledger: &mut Ledger, draft: ReferenceTablesDraft) -> Vec<String> {
    let before = ledger.clone();
    let problems = run(ledger, Command::SaveReferenceTables(draft)).unwrap_err();
    assert_eq!(*ledger, before, "nothing changes when refused");
    fields(&problems)
}

#[test]
fn default_ageing_periods_have_their_labels() {
    assert_eq!(ageing_period_labels(&[30, 60, 90]), vec!["Current", "1-30", "31-60", "61-90", "Over 90"]);
    assert_eq!(ageing_period_labels(&[7]), vec!["Current", "1-7", "Over 7"]);
    assert_eq!(
        Settings::default().statement_cycle("MONTHLY").map(|c| c.period_labels()),
        Some(vec!["Current".into(), "1-30".into(), "31-60".into(), "61-90".into(), "Over 90".into()])
    );
}

#[test]
fn days_overdue_fall_in_their_period_at_the_boundaries() {
    let check = |days: i64, expected: &str| {
        let labels = ageing_period_labels(&[30, 60, 90]);
        assert_eq!(labels[ageing_period_of(&[30, 60, 90], days)], expected, "{days} days");
    };
    check(-5, "Current");
    check(0, "Current");
    check(1, "1-30");
    check(30, "1-30");
    check(31, "31-60");
    check(60, "31-60");
    check(61, "61-90");
    check(90, "61-90");
    check(91, "Over 90");
    check(10_000, "Over 90");
    // Custom boundaries.
    assert_eq!(ageing_period_of(&[10, 20], 10), 1);
    assert_eq!(ageing_period_of(&[10, 20], 11), 2);
    assert_eq!(ageing_period_of(&[10, 20], 21), 3);
}

#[test]
fn ageing_boundaries_are_parsed_and_checked() {
    assert_eq!(parse_ageing_days("30, 60, 90"), Ok(vec![30, 60, 90]));
    assert_eq!(parse_ageing_days("15 45;75"), Ok(vec![15, 45, 75]));
    assert_eq!(parse_ageing_days("1,2,3,4,5,6"), Ok(vec![1, 2, 3, 4, 5, 6]));
    for bad in ["", "30, 30", "60, 30", "0, 30", "-30", "thirty", "1,2,3,4,5,6,7", "10, 10000"] {
        assert!(parse_ageing_days(bad).is_err(), "{bad:?} should be refused");
    }
}

#[test]
fn statement_days_clamp_to_short_months() {
    assert_eq!(StatementDay::Day(31).date_in(2026, 2), Some(day("2026-02-28")));
    assert_eq!(StatementDay::Day(31).date_in(2028, 2), Some(day("2028-02-29")));
    assert_eq!(StatementDay::Day(15).date_in(2026, 4), Some(day("2026-04-15")));
    assert_eq!(StatementDay::EndOfMonth.date_in(2026, 4), Some(day("2026-04-30")));
    assert_eq!(StatementDay::EndOfMonth.date_in(2026, 12), Some(day("2026-12-31")));
    assert_eq!(StatementDay::parse("end"), Some(StatementDay::EndOfMonth));
    assert_eq!(StatementDay::parse("32"), None);
    assert_eq!(StatementDay::parse("0"), None);
}

#[test]
fn a_monthly_year_has_twelve_periods_and_february_follows_leap_years() {
    let periods = generate_year(2026, PeriodKind::Monthly).expect("2026 is in range");
    assert_eq!(periods.len(), 12);
    assert_eq!((periods[0].id.as_str(), periods[0].start, periods[0].end), ("01-2026", day("2026-01-01"), day("2026-01-31")));
    assert_eq!((periods[1].id.as_str(), periods[1].end), ("02-2026", day("2026-02-28")));
    assert_eq!((periods[11].id.as_str(), periods[11].start, periods[11].end), ("12-2026", day("2026-12-01"), day("2026-12-31")));
    let check_february = |year: i32, last: &str| {
        let periods = generate_year(year, PeriodKind::Monthly).expect("in range");
        assert_eq!(periods[1].end, day(last), "{year}");
    };
    check_february(2024, "2024-02-29");
    check_february(2000, "2000-02-29");
    check_february(1900, "1900-02-28");
    check_february(2100, "2100-02-28");
    // Each period starts the day after the one before ends.
    for pair in periods.windows(2) {
        assert_eq!(pair[0].end.succ_opt(), Some(pair[1].start));
    }
}

#[test]
fn a_quarterly_year_has_four_periods() {
    let periods = generate_year(2028, PeriodKind::Quarterly).expect("in range");
    let got: Vec<(String, String, String)> = periods.iter().map(|p| (p.id.clone(), p.start.to_string(), p.end.to_string())).collect();
    let expected = [
        ("Q1-2028", "2028-01-01", "2028-03-31"),
        ("Q2-2028", "2028-04-01", "2028-06-30"),
        ("Q3-2028", "2028-07-01", "2028-09-30"),
        ("Q4-2028", "2028-10-01", "2028-12-31"),
    ];
    assert_eq!(got, expected.map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())));
}

#[test]
fn years_outside_1900_to_2999_and_existing_years_are_refused() {
    assert!(generate_year(1899, PeriodKind::Monthly).is_err());
    assert!(generate_year(3000, PeriodKind::Monthly).is_err());
    assert!(generate_year(1900, PeriodKind::Monthly).is_ok());
    assert!(generate_year(2999, PeriodKind::Monthly).is_ok());
    let all = add_year(&[], "2026", PeriodKind::Monthly).expect("new year");
    assert_eq!(add_year(&all, " 2026 ", PeriodKind::Quarterly), Err("The periods of 2026 already exist".to_string()));
    assert!(add_year(&all, "20x6", PeriodKind::Monthly).is_err());
    assert!(add_year(&all, "3000", PeriodKind::Monthly).is_err());
    let both = add_year(&all, "2025", PeriodKind::Monthly).expect("another year");
    assert_eq!(both.len(), 24);
    assert_eq!(both[0].id, "01-2025", "sorted by start");
}

#[test]
fn period_of_finds_the_period_at_its_boundaries() {
    let periods = add_year(&generate_year(2024, PeriodKind::Monthly).expect("in range"), "2025", PeriodKind::Monthly).expect("new year");
    let id_of = |d: &str| period_of(&periods, day(d)).map(|p| p.id.clone());
    assert_eq!(id_of("2024-01-01"), Some("01-2024".into()));
    assert_eq!(id_of("2024-01-31"), Some("01-2024".into()));
    assert_eq!(id_of("2024-02-01"), Some("02-2024".into()));
    assert_eq!(id_of("2024-02-29"), Some("02-2024".into()));
    assert_eq!(id_of("2024-03-01"), Some("03-2024".into()));
    assert_eq!(id_of("2024-12-31"), Some("12-2024".into()));
    assert_eq!(id_of("2025-01-01"), Some("01-2025".into()));
    assert_eq!(id_of("2023-12-31"), None);
    assert_eq!(id_of("2026-01-01"), None);
}

#[test]
fn new_tables_are_saved_and_read_back() {
    let (mut ledger, _) = ledger_with_customer();
    let mut draft = tables(&ledger);
    draft.statement_cycles.push(StatementCycleDraft {
        id: "mid".into(),
        description: "Mid-month".into(),
        prepare_day: "15".into(),
        ageing_days: "15, 45".into(),
    });
    draft.financial_periods = add_year(&draft.financial_periods, "2026", PeriodKind::Monthly).expect("new year");
    draft.payment_methods.push(PaymentMethodDraft { id: "dd".into(), description: "AvtaleGiro".into(), means: "direct_debit".into(), active: false });
    draft.email_accounts.push(EmailAccountDraft {
        id: "ar".into(),
        sender_name: "Accounts receivable".into(),
        sender_address: "ar@example.no".into(),
        is_default: true,
    });
    draft.branches.push(BranchDraft { id: "osl".into(), name: "Oslo".into(), is_default: true });
    draft.languages.push(LanguageDraft { code: "en-GB".into(), name: "British English".into(), is_default: false });
    ok(&mut ledger, Command::SaveReferenceTables(draft.clone()));
    let settings = &ledger.settings;
    let mid = settings.statement_cycle("MID").expect("saved upper-case");
    assert_eq!((mid.prepare_on, mid.ageing_days.clone()), (StatementDay::Day(15), vec![15, 45]));
    assert_eq!(mid.period_labels(), vec!["Current", "1-15", "16-45", "Over 45"]);
    assert_eq!(settings.financial_period_of(day("2026-02-28")).map(|p| p.id.as_str()), Some("02-2026"));
    assert_eq!(settings.payment_methods.last().map(|m| (m.id.as_str(), m.active)), Some(("DD", false)));
    assert_eq!(settings.email_accounts[0].sender_address, "ar@example.no");
    assert_eq!(settings.branches[0].id, "OSL");
    assert_eq!(settings.languages.iter().map(|l| l.code.as_str()).collect::<Vec<_>>(), vec!["nb", "en", "sv", "en-GB"]);
    // The draft made from what was saved is the draft that was saved, normalised.
    let again = tables(&ledger);
    assert_eq!(again.statement_cycles[1].ageing_days, "15, 45");
    assert_eq!(again.financial_periods.len(), 12);
}

#[test]
fn default_tables_are_there_for_a_new_company() {
    let settings = Settings::default();
    assert_eq!(settings.statement_cycles.len(), 1);
    assert_eq!(settings.statement_cycles[0].prepare_on, StatementDay::EndOfMonth);
    let languages: Vec<(&str, &str, bool)> = settings.languages.iter().map(|l| (l.code.as_str(), l.name.as_str(), l.is_default)).collect();
    assert_eq!(languages, vec![("nb", "Norwegian", true), ("en", "English", false), ("sv", "Swedish", false)]);
    assert!(settings.branches.is_empty());
    assert!(settings.financial_periods.is_empty());
    assert!(!settings.age_credits);
}

#[test]
fn bad_rows_in_the_new_tables_are_refused_at_their_fields() {
    let (mut ledger, _) = ledger_with_customer();
    let mut draft = tables(&ledger);
    draft.statement_cycles.push(StatementCycleDraft {
        id: "monthly".into(),
        description: "Again".into(),
        prepare_day: "32".into(),
        ageing_days: "60, 30".into(),
    });
    draft.statement_cycles.push(StatementCycleDraft {
        id: "A\nB".into(),
        description: "Line\nbreak".into(),
        prepare_day: "end".into(),
        ageing_days: "0".into(),
    });
    draft.payment_methods.push(PaymentMethodDraft { id: "bank".into(), description: "Twice".into(), means: "cheque".into(), active: true });
    draft.email_accounts.push(EmailAccountDraft { id: "AR".into(), sender_name: "AR".into(), sender_address: "ar@example".into(), is_default: true });
    draft.email_accounts.push(EmailAccountDraft {
        id: "SALES".into(),
        sender_name: "Sales".into(),
        sender_address: "sales@example.no\r\nBcc: x@evil.no".into(),
        is_default: true,
    });
    draft.languages.push(LanguageDraft { code: "x".into(), name: "Too short".into(), is_default: false });
    draft.languages.push(LanguageDraft { code: "NB".into(), name: "Duplicate".into(), is_default: false });
    draft.languages.push(LanguageDraft { code: "en_GB".into(), name: "Underscore".into(), is_default: false });
    let mut got = refused(&mut ledger, draft);
    got.sort();
    let mut expected = vec![
        "statement_cycles.1.id",
        "statement_cycles.1.prepare_day",
        "statement_cycles.1.ageing_days",
        "statement_cycles.2.id",
        "statement_cycles.2.description",
        "statement_cycles.2.ageing_days",
        "payment_methods.3.id",
        "payment_methods.3.means",
        "email_accounts.0.sender_address",
        "email_accounts.1.sender_address",
        "email_accounts.1.is_default",
        "languages.3.code",
        "languages.4.code",
        "languages.5.code",
    ];
    expected.sort();
    assert_eq!(got, expected);
}

#[test]
fn defaults_must_be_exactly_one_where_a_table_has_rows() {
    let (mut ledger, _) = ledger_with_customer();
    // Branches may be empty; two rows with no default are refused, at the table.
    let mut draft = tables(&ledger);
    draft.branches.push(BranchDraft { id: "OSL".into(), name: "Oslo".into(), is_default: false });
    draft.branches.push(BranchDraft { id: "BGO".into(), name: "Bergen".into(), is_default: false });
    assert_eq!(refused(&mut ledger, draft.clone()), vec!["branches"]);
    draft.branches[0].is_default = true;
    draft.branches[1].is_default = true;
    assert_eq!(refused(&mut ledger, draft.clone()), vec!["branches.1.is_default"]);
    draft.branches[1].is_default = false;
    draft.branches.push(BranchDraft { id: "osl".into(), name: "Oslo again".into(), is_default: false });
    assert_eq!(refused(&mut ledger, draft.clone()), vec!["branches.2.id"]);
    draft.branches.pop();
    ok(&mut ledger, Command::SaveReferenceTables(draft.clone()));
    // Removing every branch is allowed (the table is optional) …
    draft.branches.clear();
    ok(&mut ledger, Command::SaveReferenceTables(draft.clone()));
    // … but languages need one default, and statement cycles at least one row.
    let mut draft = tables(&ledger);
    draft.languages.iter_mut().for_each(|l| l.is_default = false);
    assert_eq!(refused(&mut ledger, draft), vec!["languages"]);
    let mut draft = tables(&ledger);
    draft.languages.clear();
    draft.statement_cycles.clear();
    // The class DOMESTIC also uses MONTHLY and nb (a new class's defaults): removing
    // them is refused for that reason too, at the same table.
    let problems = reskontra_core::execute(&ledger, &Command::SaveReferenceTables(draft), day(TODAY)).expect_err("refused");
    let mut got: Vec<String> = problems.iter().map(|p| p.field.to_string()).collect();
    got.sort();
    got.dedup();
    assert_eq!(got, vec!["languages", "statement_cycles"]);
    use reskontra_core::ProblemKind::{NotAllowed, Required};
    let expected = [("statement_cycles", Required), ("statement_cycles", NotAllowed), ("languages", Required), ("languages", NotAllowed)];
    assert_eq!(common::kinds(&problems), expected.map(|(f, k)| (f.to_string(), k)), "emptied, and in use");
    assert!(problems.iter().any(|p| p.message.contains("class DOMESTIC uses it")), "{problems:?}");
}

#[test]
fn a_financial_year_with_documents_cannot_be_removed() {
    let (mut ledger, customer) = ledger_with_customer();
    let mut draft = tables(&ledger);
    draft.financial_periods = add_year(&[], "2026", PeriodKind::Monthly).expect("new year");
    draft.financial_periods = add_year(&draft.financial_periods, "2027", PeriodKind::Monthly).expect("new year");
    ok(&mut ledger, Command::SaveReferenceTables(draft));
    let _ = released_invoice(&mut ledger, &customer, "100");
    let dated = ledger.documents.values().next().map(|d| d.date).expect("one document");
    let year = chrono::Datelike::year(&dated);
    let mut draft = tables(&ledger);
    draft.financial_periods.retain(|p| p.year() != year);
    assert_eq!(refused(&mut ledger, draft), vec!["financial_periods"]);
    // The other year has no documents and can go.
    let mut draft = tables(&ledger);
    draft.financial_periods.retain(|p| p.year() == year);
    ok(&mut ledger, Command::SaveReferenceTables(draft));
    assert_eq!(ledger.settings.financial_periods.len(), 12);
}

#[test]
fn overlapping_financial_periods_are_refused() {
    let (mut ledger, _) = ledger_with_customer();
    let mut draft = tables(&ledger);
    draft.financial_periods = generate_year(2026, PeriodKind::Monthly).expect("in range");
    draft.financial_periods.extend(generate_year(2026, PeriodKind::Quarterly).expect("in range"));
    assert!(refused(&mut ledger, draft).iter().all(|f| f == "financial_periods"));
}

fn settings_draft(ledger: &Ledger) -> SettingsDraft {
    SettingsDraft::from_settings(&ledger.settings)
}

/// A 1×1 PNG (67 bytes).
const TINY_PNG: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

#[test]
fn company_address_vat_number_logo_and_age_credits_are_saved() {
    let (mut ledger, _) = ledger_with_customer();
    let mut draft = settings_draft(&ledger);
    draft.company_address.line1 = " Storgata 1 ".into();
    draft.company_address.postcode = "0150".into();
    draft.company_address.city = "Oslo".into();
    draft.company_address.country = "no".into();
    draft.vat_number = "NO 987654321 MVA".into();
    draft.logo = Some(TINY_PNG.into());
    draft.age_credits = true;
    ok(&mut ledger, Command::SaveSettings(draft));
    let s = &ledger.settings;
    assert_eq!((s.company_address.line1.as_str(), s.company_address.country.as_str()), ("Storgata 1", "NO"));
    assert_eq!(s.vat_number, "NO 987654321 MVA");
    assert_eq!(s.logo.as_deref(), Some(TINY_PNG));
    assert!(s.age_credits);
    // Remove the logo.
    let mut draft = settings_draft(&ledger);
    draft.logo = None;
    ok(&mut ledger, Command::SaveSettings(draft));
    assert_eq!(ledger.settings.logo, None);
}

#[test]
fn bad_company_fields_are_refused_at_their_fields() {
    let (mut ledger, _) = ledger_with_customer();
    let before = ledger.clone();
    let mut draft = settings_draft(&ledger);
    draft.company_address.postcode = "01500".into();
    draft.company_address.country = "NO".into();
    draft.company_address.line1 = "Storgata 1\r\nX".into();
    draft.vat_number = "NO-987654321".into();
    draft.logo = Some("data:text/html;base64,PGh0bWw+".into());
    let problems = run(&mut ledger, Command::SaveSettings(draft)).unwrap_err();
    let mut got = fields(&problems);
    got.sort();
    assert_eq!(got, vec!["company_address.line1", "company_address.postcode", "logo", "vat_number"]);
    assert_eq!(ledger, before);
    let mut draft = settings_draft(&ledger);
    draft.vat_number = "1".repeat(21);
    assert_eq!(fields(&run(&mut ledger, Command::SaveSettings(draft)).unwrap_err()), vec!["vat_number"]);
}

#[test]
fn a_logo_must_be_a_small_png_jpeg_or_svg() {
    use base64_of as b64;
    assert_eq!(logo_problem(TINY_PNG), None);
    assert_eq!(logo_problem(&format!("data:image/jpeg;base64,{}", b64(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]))), None);
    assert_eq!(logo_problem(&format!("data:image/svg+xml;base64,{}", b64(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"))), None);
    let problem = |url: &str| logo_problem(url).unwrap_or_default();
    assert_eq!(problem("data:image/gif;base64,R0lGODlh"), "Choose a PNG, JPEG or SVG image");
    assert_eq!(problem("https://example.no/logo.png"), "Choose a PNG, JPEG or SVG image");
    assert_eq!(problem("data:image/png;base64,not base64!"), "The image data is damaged (not base64)");
    assert_eq!(problem("data:image/png;base64,iVBORw0KGgo"), "The image data is damaged (not base64)");
    // A JPEG sent as PNG, and text sent as SVG.
    assert_eq!(problem(&format!("data:image/png;base64,{}", b64(&[0xFF, 0xD8, 0xFF, 0xE0]))), "The file is not a PNG image");
    assert_eq!(problem(&format!("data:image/svg+xml;base64,{}", b64(b"hello"))), "The file is not a SVG image");
    // 200 KB is accepted, one byte more is not.
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(200 * 1024, 0);
    assert_eq!(logo_problem(&format!("data:image/png;base64,{}", b64(&big))), None);
    big.push(0);
    assert_eq!(problem(&format!("data:image/png;base64,{}", b64(&big))), "The image is larger than 200 KB");
}

/// Standard base64 with padding, for building test images.
fn base64_of(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0_u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn settings_stored_before_these_tables_still_load_with_the_defaults() {
    let mut value = serde_json::to_value(Settings::default()).expect("settings serialise");
    let object = value.as_object_mut().expect("an object");
    for key in
        ["company_address", "vat_number", "age_credits", "statement_cycles", "financial_periods", "payment_methods", "email_accounts", "branches", "languages"]
    {
        assert!(object.remove(key).is_some(), "{key} is a field");
    }
    // The logo and the counters have records of their own since schema 2, so the
    // settings record never carries them; reading one keeps the ledger's.
    assert!(!object.contains_key("logo") && !object.contains_key("next_document_id"));
    let old: Settings = serde_json::from_value(value).expect("an old record loads");
    assert_eq!(old.keeping_unset_from(&Settings::default()), Settings::default());
}
