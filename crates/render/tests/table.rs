//! Ageing reports, statements and dunning letters as PDF and Excel (`table_pdf`,
//! `table_xlsx`), read back with poppler's pdftotext / pdfinfo and calamine.

use std::path::Path;
use std::process::Command as Process;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use reskontra_core::customers::customer::StatementType;
use reskontra_core::documents::document::{DocId, DocType};
use reskontra_core::reports::ageing::{AgeingKind, AgeingReport, AgeingRow, BucketTotals, CustomerAgeing, CycleAgeing};
use reskontra_core::reports::dunning::{DunningDocument, DunningLetter};
use reskontra_core::reports::invoice::RenderJob;
use reskontra_core::reports::rows::Money;
use reskontra_core::reports::statement::{Statement, StatementDelivery, StatementLine, StatementSection};
use reskontra_core::reports::table::{ageing_table, dunning_table, statement_table, Cell, TableReport, TotalRow};
use reskontra_core::NumberFormat;
use reskontra_render::{table_pdf, table_xlsx, texts_need_fallback, Fonts};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

fn nok(amount: Decimal) -> Money {
    Money { amount, currency: "NOK".into() }
}

const TITLES: [&str; 5] = ["Current", "1-30", "31-60", "61-90", "Over 90"];

/// An Aged past due report of `customers` customers with `rows` documents each; the
/// refs are INV00001…, document i's amount is i × 10.25 NOK in bucket i mod 5.
fn ageing(customers: usize, rows: usize) -> AgeingReport {
    let zero = |n: usize| (0..n).map(|_| nok(Decimal::ZERO)).collect::<Vec<_>>();
    let mut groups = Vec::new();
    let mut n = 0u32;
    for c in 1..=customers {
        let mut docs = Vec::new();
        let mut buckets = zero(TITLES.len());
        for _ in 0..rows {
            n += 1;
            let bucket = n as usize % TITLES.len();
            let amount = Decimal::from(n) * dec!(10.25);
            buckets[bucket].amount += amount;
            docs.push(AgeingRow {
                id: DocId(n),
                doc_type: DocType::Invoice,
                ref_nbr: format!("INV{n:05}"),
                date: day(2026, 1, 1),
                due_date: Some(day(2026, 1, 31)),
                days: 59,
                bucket,
                amount: nok(amount),
            });
        }
        let total = nok(buckets.iter().map(|b| b.amount).sum());
        groups.push(CustomerAgeing {
            customer_id: format!("C{c:04}"),
            customer_name: format!("Kunde nummer {c} Ærlig Øl AS"),
            currency: "NOK".into(),
            rows: docs,
            buckets,
            balance: total.clone(),
            total,
        });
    }
    let mut amounts = zero(TITLES.len());
    for g in &groups {
        for (a, b) in amounts.iter_mut().zip(&g.buckets) {
            a.amount += b.amount;
        }
    }
    let total = nok(amounts.iter().map(|a| a.amount).sum());
    let titles: Vec<String> = TITLES.iter().map(|t| t.to_string()).collect();
    let cycle = CycleAgeing {
        cycle_id: "M".into(),
        description: "Monthly".into(),
        boundaries: vec![30, 60, 90],
        titles: titles.clone(),
        customers: groups,
        totals: vec![BucketTotals { currency: "NOK".into(), titles, amounts, total: total.clone() }],
    };
    AgeingReport {
        kind: AgeingKind::PastDue,
        as_of: day(2026, 3, 31),
        age_credits: false,
        currency_version: false,
        cycles: vec![cycle],
        totals: vec![total.clone()],
        balances: vec![total],
    }
}

fn tool(name: &str, args: &[&str]) -> std::process::Output {
    match Process::new(name).args(args).output() {
        Ok(output) => output,
        Err(e) => panic!("{name} could not run ({e}): install poppler-utils (cargo xtask setup does)"),
    }
}

/// The PDF written to a temp dir: its text by pdftotext (pages split by form feeds),
/// its page count by pdfinfo, and its words with their boxes (pdftotext -bbox).
struct Read {
    text: String,
    pages: usize,
    words: Vec<Word>,
}

/// A word of pdftotext -bbox: its page (from 1), left, top and right edges.
struct Word {
    page: u32,
    x0: f32,
    y0: f32,
    x1: f32,
    text: String,
}

fn read_pdf(bytes: &[u8]) -> Read {
    assert!(bytes.starts_with(b"%PDF-"));
    let dir = tempfile::tempdir().expect("a temp dir");
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&pdf, bytes).expect("written");
    let path = pdf.display().to_string();
    let text_file = dir.path().join("report.txt");
    let out = tool("pdftotext", &["-enc", "UTF-8", &path, &text_file.display().to_string()]);
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&text_file).expect("pdftotext wrote its text");
    let info = String::from_utf8_lossy(&tool("pdfinfo", &[&path]).stdout).to_string();
    let pages = info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()).expect("pdfinfo tells the page count");
    let bbox = dir.path().join("report.html");
    let out = tool("pdftotext", &["-bbox", "-enc", "UTF-8", &path, &bbox.display().to_string()]);
    assert!(out.status.success(), "pdftotext -bbox failed");
    let html = std::fs::read_to_string(Path::new(&bbox)).expect("the boxes");
    let words = words_of(&html);
    Read { text, pages, words }
}

/// Every `<word>` of pdftotext -bbox.
fn words_of(html: &str) -> Vec<Word> {
    let attr = |tag: &str, name: &str| -> f32 {
        let start = tag.find(&format!("{name}=\"")).map(|i| i + name.len() + 2).expect("the attribute");
        tag[start..].split('"').next().and_then(|v| v.parse().ok()).expect("a number")
    };
    let mut words = Vec::new();
    let mut page = 0;
    for part in html.split('<') {
        if part.starts_with("page ") {
            page += 1;
        } else if let Some(rest) = part.strip_prefix("word ") {
            let (tag, word) = rest.split_once('>').expect("a word");
            words.push(Word { page, x0: attr(tag, "xMin"), y0: attr(tag, "yMin"), x1: attr(tag, "xMax"), text: word.to_string() });
        }
    }
    words
}

/// No two words on one line of one page overlap: nothing ran into the next column.
fn assert_no_overlap(words: &[Word]) {
    let mut lines: std::collections::BTreeMap<(u32, i64), Vec<&Word>> = std::collections::BTreeMap::new();
    for word in words {
        lines.entry((word.page, (word.y0 * 2.0).round() as i64)).or_default().push(word);
    }
    for (key, mut line) in lines {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        for pair in line.windows(2) {
            assert!(pair[0].x1 <= pair[1].x0 + 0.5, "on page/line {key:?} {:?} runs into {:?}", pair[0].text, pair[1].text);
        }
    }
}

#[test]
fn a_three_page_ageing_report_prints_every_row_the_totals_and_its_page_numbers() {
    let report = ageing(4, 22);
    let table = ageing_table(&report, "Bryggeriutstyr Nord AS", NumberFormat::English);
    let read = read_pdf(&table_pdf(&table, &Fonts::bundled().expect("fonts")).expect("a PDF"));
    assert_eq!(read.pages, 3, "88 rows of 4 customers fill three landscape pages:\n{}", read.text);
    let text = &read.text;
    for wanted in ["Bryggeriutstyr Nord AS", "Aged past due", "Ageing date", "2026-03-31", "Base currency", "C0001 Kunde nummer 1 Ærlig Øl AS"] {
        assert!(text.contains(wanted), "{wanted:?} is not in the PDF's text:\n{text}");
    }
    for n in 1..=88 {
        assert!(text.contains(&format!("INV{n:05}")), "row INV{n:05} is missing");
    }
    let amount = |d: Decimal| NumberFormat::English.amount(d, 2);
    // Document 88 is 902.00; the customers' totals; the grand total
    // 10.25 × (1 + … + 88) = 40,139.00 and the sum of balances beside it.
    assert!(text.contains("902.00"));
    assert!(text.contains("Total C0004"));
    let c4: Decimal = (67..=88).map(|n| Decimal::from(n) * dec!(10.25)).sum();
    assert!(text.contains(&amount(c4)), "C0004's total {c4}");
    assert!(text.contains("Report total NOK") && text.contains("Sum of balances NOK"));
    assert_eq!(amount(dec!(10.25) * Decimal::from(88 * 89 / 2)), "40,139.00");
    assert_eq!(text.matches("40,139.00").count(), 2, "the report total and the sum of balances:\n{text}");
    assert!(!text.contains('…'), "nothing is cut");
    // The column titles head every page, each page is numbered.
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert_eq!(pages.len(), 3);
    for (i, page) in pages.iter().enumerate() {
        for title in ["Customer", "Due date", "Days", "Current", "Over 90", "Total"] {
            assert!(page.contains(title), "page {} lacks the column title {title:?}", i + 1);
        }
        assert!(page.contains(&format!("Page {} of 3", i + 1)), "page {} is numbered:\n{page}", i + 1);
    }
    assert_no_overlap(&read.words);
}

#[test]
fn thousands_of_rows_paginate_with_every_row_once() {
    let report = ageing(30, 100);
    let table = ageing_table(&report, "Bryggeriutstyr Nord AS", NumberFormat::Nordic);
    assert_eq!(table.row_count(), 3000);
    let read = read_pdf(&table_pdf(&table, &Fonts::bundled().expect("fonts")).expect("a PDF"));
    assert!(read.pages >= 70, "3 000 rows and 90 total lines at ~38 a page: {} pages", read.pages);
    assert!(read.text.contains(&format!("Page {0} of {0}", read.pages)));
    for n in [1, 1500, 2999, 3000] {
        assert_eq!(read.text.matches(&format!("INV{n:05}")).count(), 1, "INV{n:05} is printed once");
    }
    let pages: Vec<&str> = read.text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert_eq!(pages.len(), read.pages);
    assert!(pages.iter().all(|p| p.contains("Due date") && p.contains("Over 90")), "the titles repeat on every page");
    assert_no_overlap(&read.words);
}

fn statement(lines: usize) -> Statement {
    let line = |n: usize, currency: &str, description: &str| StatementLine {
        date: day(2026, 3, 1),
        doc: DocId(n as u32),
        doc_type: DocType::Invoice,
        ref_nbr: format!("{currency}-{n:04}"),
        customer_id: "C0001".into(),
        description: description.into(),
        due_date: Some(day(2026, 3, 31)),
        ageing: String::new(),
        amount: Money { amount: dec!(100.00), currency: currency.into() },
    };
    let section = |currency: &str, lines: Vec<StatementLine>| {
        let money = |amount: Decimal| Money { amount, currency: currency.into() };
        let sum: Decimal = lines.iter().map(|l| l.amount.amount).sum();
        StatementSection {
            currency: currency.into(),
            opening: money(dec!(250.00)),
            debits: money(sum),
            credits: money(Decimal::ZERO),
            closing: money(dec!(250.00) + sum),
            lines,
            ageing: Vec::new(),
        }
    };
    let long = "Faktura for gjærtanker, humle og malt levert til bryggeriet på Å i Lofoten i mars, med frakt og emballasje og en lang merknad om alt det andre som fulgte med";
    let mut nok_lines: Vec<StatementLine> = (1..=lines).map(|n| line(n, "NOK", "Invoice")).collect();
    nok_lines.push(line(lines + 1, "NOK", long));
    Statement {
        customer_id: "C0001".into(),
        customer_name: "Ærlig Øl & Å-bryggeriet AS".into(),
        address: vec!["Bryggerigata 7".into(), "0150 Oslo".into()],
        company_name: "Bryggeriutstyr Nord AS".into(),
        company_address: Vec::new(),
        cycle_id: "M".into(),
        date: day(2026, 3, 31),
        previous_date: Some(day(2026, 2, 28)),
        statement_type: StatementType::BalanceBroughtForward,
        mailing_id: "STATEMENTMC".into(),
        customers: vec!["C0001".into()],
        titles: Vec::new(),
        sections: vec![section("EUR", vec![line(1, "EUR", "Invoice")]), section("NOK", nok_lines)],
    }
}

#[test]
fn a_statement_prints_each_currency_with_its_balances_and_cuts_a_long_text() {
    let table = statement_table(&statement(3), NumberFormat::Nordic);
    let read = read_pdf(&table_pdf(&table, &Fonts::bundled().expect("fonts")).expect("a PDF"));
    assert_eq!(read.pages, 1);
    let text = &read.text;
    for wanted in [
        "Statement",
        "Ærlig Øl & Å-bryggeriet AS (C0001)",
        "Bryggerigata 7",
        "Statement date",
        "Balance brought forward",
        "Currency EUR",
        "Currency NOK",
        "EUR-0001",
        "NOK-0004",
        "Closing balance EUR",
        "Closing balance NOK",
        "Page 1 of 1",
    ] {
        assert!(text.contains(wanted), "{wanted:?} is not in the PDF's text:\n{text}");
    }
    // NOK: 250 + 4 × 100 = 650,00; EUR: 250 + 100 = 350,00 (Nordic format).
    assert!(text.contains("650,00") && text.contains("350,00"), "{text}");
    assert!(text.contains("Faktura for gjærtanker") && text.contains('…'), "the long description is cut with an ellipsis:\n{text}");
    assert!(!text.contains("fulgte med"), "its end is not printed");
    assert_no_overlap(&read.words);
}

#[test]
fn a_dunning_letter_prints_its_level_documents_and_total() {
    let doc = |n: u32, days: i64, level: u32, amount: Decimal| DunningDocument {
        id: DocId(n),
        doc_type: DocType::Invoice,
        ref_nbr: format!("INV{n:05}"),
        date: day(2026, 1, 1),
        due_date: day(2026, 1, 31),
        days_overdue: days,
        level,
        previous_level: 0,
        balance: nok(amount),
        base_balance: nok(amount),
    };
    let letter = DunningLetter {
        customer_id: "C0001".into(),
        customer_name: "株式会社 東京".into(),
        address: Vec::new(),
        company_name: "Bryggeriutstyr Nord AS".into(),
        date: day(2026, 3, 31),
        level: 3,
        documents: vec![doc(1, 59, 3, dec!(1000.00)), doc(2, 20, 1, dec!(234.50))],
        total: nok(dec!(1234.50)),
        delivery: StatementDelivery { print: true, email: None },
    };
    let table = dunning_table(&letter, NumberFormat::English);
    let regular = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/fonts/DejaVuSans.ttf")).expect("the font file");
    assert!(texts_need_fallback(table.texts(), &regular).expect("a font"), "the CJK name needs the fallback font");
    let read = read_pdf(&table_pdf(&table, &Fonts::bundled().expect("fonts")).expect("a PDF"));
    for wanted in ["Reminder, level 3", "株式会社 東京", "Days overdue", "INV00001", "INV00002", "59", "1,000.00", "234.50", "Total NOK", "1,234.50", "overdue"]
    {
        assert!(read.text.contains(wanted), "{wanted:?} is not in the PDF's text:\n{}", read.text);
    }
    assert_no_overlap(&read.words);
}

fn workbook(table: &TableReport) -> calamine::Range<calamine::Data> {
    use calamine::{open_workbook_from_rs, Reader, Xlsx};
    let bytes = table_xlsx(table).expect("an xlsx");
    let mut workbook: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("calamine reads it");
    let name = workbook.sheet_names().first().cloned().expect("a sheet");
    assert_eq!(name, table.title.chars().take(31).collect::<String>());
    workbook.worksheet_range(&name).expect("the sheet")
}

fn row_of(range: &calamine::Range<calamine::Data>, text: &str) -> Vec<calamine::Data> {
    range.rows().find(|r| r.iter().any(|c| *c == calamine::Data::String(text.to_string()))).map(|r| r.to_vec()).unwrap_or_else(|| panic!("no row has {text:?}"))
}

#[test]
fn the_ageing_workbook_has_numbers_dates_and_the_totals() {
    use calamine::Data;
    let table = ageing_table(&ageing(2, 3), "Bryggeriutstyr Nord AS", NumberFormat::Nordic);
    let range = workbook(&table);
    assert!(range.used_cells().any(|(_, _, c)| *c == Data::String("Bryggeriutstyr Nord AS".into())));
    let titles = row_of(&range, "Due date");
    assert_eq!(
        titles.iter().filter_map(|c| if let Data::String(s) = c { Some(s.as_str()) } else { None }).collect::<Vec<_>>(),
        ["Customer", "Type", "Ref.", "Date", "Due date", "Days", "Current", "1-30", "31-60", "61-90", "Over 90", "Total"]
    );
    // INV00002: 20.50 in bucket 2 (31-60) and in Total; 59 days; dates as dates.
    let row = row_of(&range, "INV00002");
    assert_eq!(row[0], Data::String("C0001".into()));
    assert_eq!(row[5], Data::Float(59.0));
    assert!(matches!(row[3], Data::DateTime(_)), "the date is a date: {:?}", row[3]);
    assert_eq!(row[8], Data::Float(20.5));
    assert_eq!(row[11], Data::Float(20.5));
    assert_eq!(row[6], Data::Empty);
    let total = row_of(&range, "Report total NOK");
    let sum = 10.25 * 21.0;
    assert_eq!(total[11], Data::Float(sum), "the grand total is a number: {total:?}");
    assert_eq!(row_of(&range, "Sum of balances NOK")[11], Data::Float(sum));
    assert_eq!(row_of(&range, "Total C0002")[11], Data::Float(10.25 * 15.0));
}

#[test]
fn the_statement_and_dunning_workbooks_read_back() {
    use calamine::Data;
    let range = workbook(&statement_table(&statement(2), NumberFormat::Nordic));
    assert_eq!(row_of(&range, "Statement type")[1], Data::String("Balance brought forward".into()));
    assert_eq!(row_of(&range, "NOK-0002").last(), Some(&Data::Float(100.0)));
    assert_eq!(row_of(&range, "Closing balance NOK").last(), Some(&Data::Float(550.0)));
    assert_eq!(row_of(&range, "Closing balance EUR").last(), Some(&Data::Float(350.0)));
    let opening: Vec<Vec<Data>> = range.rows().filter(|r| r.first() == Some(&Data::String("Balance brought forward".into()))).map(|r| r.to_vec()).collect();
    assert_eq!(opening.len(), 2, "one per currency");
    assert!(opening.iter().all(|r| r.last() == Some(&Data::Float(250.0))));

    let letter = DunningLetter {
        customer_id: "C0001".into(),
        customer_name: "Ærlig Øl AS".into(),
        address: Vec::new(),
        company_name: "Bryggeriutstyr Nord AS".into(),
        date: day(2026, 3, 31),
        level: 1,
        documents: vec![DunningDocument {
            id: DocId(7),
            doc_type: DocType::DebitNote,
            ref_nbr: "DN00007".into(),
            date: day(2026, 2, 1),
            due_date: day(2026, 3, 1),
            days_overdue: 30,
            level: 1,
            previous_level: 0,
            balance: Money { amount: dec!(1500), currency: "JPY".into() },
            base_balance: nok(dec!(105.00)),
        }],
        total: nok(dec!(105.00)),
        delivery: StatementDelivery { print: true, email: None },
    };
    let range = workbook(&dunning_table(&letter, NumberFormat::English));
    let row = row_of(&range, "DN00007");
    assert_eq!(row[4], Data::Float(30.0));
    assert_eq!(row[6], Data::String("JPY".into()));
    assert_eq!(row[7], Data::Float(1500.0));
    assert_eq!(row_of(&range, "Total NOK")[7], Data::Float(105.0));
}

#[test]
fn a_render_job_carries_a_table_report() {
    let table = ageing_table(&ageing(1, 1), "Nord AS", NumberFormat::English);
    assert_eq!(table.sections[0].rows[0][2], Cell::Text("INV00001".into()));
    let json = serde_json::to_string(&RenderJob::TableXlsx(Box::new(table.clone()))).expect("JSON");
    match serde_json::from_str::<RenderJob>(&json).expect("read back") {
        RenderJob::TableXlsx(back) => assert_eq!(*back, table),
        other => panic!("another job: {other:?}"),
    }
}

#[test]
fn a_table_that_does_not_fit_its_columns_is_written_not_a_panic() {
    use reskontra_core::reports::table::{Column, ColumnKind, HeaderLine, Section};
    // As a damaged or hand-made job could arrive: rows longer and shorter than the
    // columns, no columns at all, sixty columns, extreme values, a word wider than a page.
    let wide: Vec<Column> =
        (0..60).map(|i| Column::new(&format!("Column number {i}"), if i % 2 == 0 { ColumnKind::Text } else { ColumnKind::Amount })).collect();
    let huge = "X".repeat(5000);
    let cells = vec![
        Cell::Text(huge.clone()),
        Cell::Amount(Decimal::MAX),
        Cell::Int(i64::MIN),
        Cell::Date(NaiveDate::MIN),
        Cell::Amount(Decimal::new(-1, 28)),
        Cell::Empty,
    ];
    let section = |columns: Option<Vec<Column>>| Section {
        heading: Some(huge.clone()),
        columns,
        opening: vec![TotalRow { label: huge.clone(), cells: cells.clone(), strong: true }],
        rows: vec![cells.clone(), Vec::new(), cells.iter().cycle().take(200).cloned().collect()],
        totals: vec![TotalRow { label: String::new(), cells: Vec::new(), strong: false }],
    };
    let table = TableReport {
        title: huge.clone(),
        company_name: huge.clone(),
        header: vec![HeaderLine::new(&huge, huge.clone())],
        paragraphs: vec![huge.clone(), String::new()],
        columns: Vec::new(),
        sections: vec![section(None), section(Some(wide)), section(Some(Vec::new()))],
        grand_totals: vec![TotalRow { label: "Total".into(), cells: cells.clone(), strong: true }],
        numbers: NumberFormat::Nordic,
    };
    let read = read_pdf(&table_pdf(&table, &Fonts::bundled().expect("fonts")).expect("a PDF"));
    assert!(read.text.contains('…'));
    assert_no_overlap(&read.words);
    // The workbook has room for sixty columns; Excel's own limits would be an Err.
    assert!(table_xlsx(&table).is_ok());
}
