//! The invoice as PDF and Excel, read back with real tools (poppler's pdftoppm and
//! pdftotext; calamine for the workbook), and the HTML sanitiser.

use std::path::Path;
use std::process::Command as Process;

use chrono::NaiveDate;
use reskontra_core::command::{ClassDraft, CustomerDraft, InvoiceDraft, LineDraft};
use reskontra_core::documents::document::DocType;
use reskontra_core::reports::invoice::{invoice_report, InvoiceReport};
use reskontra_core::{execute, Command, Ledger, Record};
use reskontra_render::{invoice_pdf, invoice_xlsx, needs_fallback, sanitize_html, Fonts};

fn run(ledger: &mut Ledger, command: Command) -> Vec<Record> {
    let today = NaiveDate::from_ymd_opt(2026, 3, 31).expect("a date");
    match execute(ledger, &command, today) {
        Ok(change) => {
            ledger.apply(&change);
            change.puts
        }
        Err(problems) => panic!("{command:?} refused: {problems:?}"),
    }
}

fn line(description: &str, quantity: &str, price: &str) -> LineDraft {
    LineDraft { description: description.into(), quantity: quantity.into(), unit_price: price.into(), discount_pct: String::new(), vat_category: "HIGH".into() }
}

/// An invoice of `lines` to a customer named `name` (Norwegian), as a report.
fn report_for(name: &str, lines: Vec<LineDraft>, doc_type: DocType) -> InvoiceReport {
    let mut ledger = Ledger::default();
    ledger.settings.company_name = "Bryggeriutstyr Nord AS".into();
    ledger.settings.number_format = Some(reskontra_core::NumberFormat::Nordic);
    let class = ClassDraft { id: "DOMESTIC".into(), description: "Domestic".into(), terms_id: "NET30".into(), ..ClassDraft::new_class(&ledger.settings) };
    run(&mut ledger, Command::SaveClass(class));
    let mut customer = CustomerDraft::new_of_class(&ledger.classes["DOMESTIC"], &ledger.settings);
    customer.name = name.into();
    let id = match run(&mut ledger, Command::SaveCustomer(customer)).first() {
        Some(Record::Customer(c)) => c.id.clone(),
        other => panic!("expected the customer, got {other:?}"),
    };
    let draft = InvoiceDraft { customer_id: id, date: "2026-03-01".into(), lines, doc_type, ..InvoiceDraft::default() };
    let doc = run(&mut ledger, Command::SaveInvoice(draft)).into_iter().find_map(|r| if let Record::Document(d) = r { Some(d.id) } else { None });
    invoice_report(&ledger, doc.expect("a document")).expect("an invoice report")
}

fn tool(name: &str, args: &[&str]) -> std::process::Output {
    match Process::new(name).args(args).output() {
        Ok(output) => output,
        Err(e) => panic!("{name} could not run ({e}): install poppler-utils (cargo xtask setup does)"),
    }
}

fn pdf_text(pdf: &Path) -> String {
    let text = pdf.with_extension("txt");
    let out = tool("pdftotext", &["-enc", "UTF-8", &pdf.display().to_string(), &text.display().to_string()]);
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    std::fs::read_to_string(&text).expect("pdftotext wrote its text")
}

#[test]
fn the_pdf_prints_nordic_letters_euro_and_cjk_as_real_text() {
    let mut report = report_for(
        "Ærlig Øl & Å-bryggeriet AS",
        vec![line("Gjærtank 500 l, rustfritt stål", "2", "12500"), line("Frakt til 株式会社 東京, 25 € per pall", "1", "1990,5")],
        DocType::Invoice,
    );
    report.customer.address_lines = vec!["Bryggerigata 7".into(), "0150 Oslo".into()];
    let fonts = Fonts::bundled().expect("the bundled fonts load");
    let bytes = invoice_pdf(&report, &fonts).expect("a PDF");
    assert!(bytes.starts_with(b"%PDF-"));
    let dir = tempfile::tempdir().expect("a temp dir");
    let pdf = dir.path().join("invoice.pdf");
    std::fs::write(&pdf, &bytes).expect("written");

    let png_prefix = dir.path().join("page");
    let out = tool("pdftoppm", &["-png", "-r", "50", "-f", "1", "-l", "1", &pdf.display().to_string(), &png_prefix.display().to_string()]);
    assert!(out.status.success(), "pdftoppm failed: {}", String::from_utf8_lossy(&out.stderr));
    let png = std::fs::read_dir(dir.path()).expect("listable").filter_map(Result::ok).map(|e| e.path()).find(|p| p.extension().is_some_and(|e| e == "png"));
    let png = png.expect("pdftoppm wrote a PNG");
    assert!(std::fs::metadata(&png).expect("stat").len() > 1000, "the page is not empty");
    assert!(std::fs::read(&png).expect("read").starts_with(b"\x89PNG"));

    let text = pdf_text(&pdf);
    for wanted in
        [report.ref_nbr.as_str(), "Ærlig Øl & Å-bryggeriet AS", "株式会社 東京", "25 €", "Faktura", "Gjærtank", "Å betale NOK", "Forfallsdato", "31.03.2026"]
    {
        assert!(text.contains(wanted), "{wanted:?} is not in the PDF's text:\n{text}");
    }
    // 2 × 12 500 + 1 990.50 = 26 990.50, 25 % VAT = 6 747.63 (rounded), total 33 738.13.
    assert!(text.contains("33\u{a0}738,13") || text.contains("33 738,13"), "the total is in the text:\n{text}");
}

#[test]
fn a_cjk_customer_name_needs_the_fallback_font_and_latin_text_does_not() {
    let regular = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/fonts/DejaVuSans.ttf")).expect("the font file");
    let latin = report_for("Ærlig Øl & Å-bryggeriet AS", vec![line("Humle, 25 €", "1", "100")], DocType::Invoice);
    assert!(!needs_fallback(&latin, &regular).expect("a font"));
    let cjk = report_for("株式会社 東京", vec![line("Malt", "1", "100")], DocType::CreditNote);
    assert!(needs_fallback(&cjk, &regular).expect("a font"));

    // Without the fallback the PDF is still written (the CJK glyphs print as boxes).
    let bold = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/fonts/DejaVuSans-Bold.ttf")).expect("the font file");
    let fonts = Fonts::new(regular.clone(), bold, None).expect("fonts");
    assert!(!fonts.has_fallback());
    assert!(invoice_pdf(&cjk, &fonts).expect("a PDF").starts_with(b"%PDF-"));
    assert!(Fonts::new(b"not a font".to_vec(), regular, None).is_err(), "a broken font file is refused, not a panic");
}

#[test]
fn many_lines_run_onto_more_pages() {
    let lines = (1..=90).map(|i| line(&format!("Vare nummer {i} med en ganske lang beskrivelse som må brytes over to linjer i tabellen"), "1", "10")).collect();
    let report = report_for("Ærlig Øl AS", lines, DocType::Invoice);
    let bytes = invoice_pdf(&report, &Fonts::bundled().expect("fonts")).expect("a PDF");
    let dir = tempfile::tempdir().expect("a temp dir");
    let pdf = dir.path().join("long.pdf");
    std::fs::write(&pdf, &bytes).expect("written");
    let info = String::from_utf8_lossy(&tool("pdfinfo", &[&pdf.display().to_string()]).stdout).to_string();
    let pages: u32 = info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()).expect("pdfinfo tells the page count");
    assert!(pages >= 3, "90 two-line rows need at least three pages, got {pages}");
    let text = pdf_text(&pdf);
    assert!(text.contains("Vare nummer 90 "), "the last line is printed");
    assert!(text.contains(&format!("Side {pages} / {pages}")), "{text}");
}

#[test]
fn the_workbook_has_the_invoice_number_and_numeric_totals() {
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    let report = report_for("株式会社 東京", vec![line("Gjærtank", "2", "12500"), line("Frakt", "1", "1990,5")], DocType::Invoice);
    let bytes = invoice_xlsx(&report).expect("an xlsx");
    let mut workbook: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("calamine reads it");
    let name = workbook.sheet_names().first().cloned().expect("a sheet");
    assert_eq!(name, format!("Faktura {}", report.ref_nbr));
    let range = workbook.worksheet_range(&name).expect("the sheet");
    let cells: Vec<&Data> = range.used_cells().map(|(_, _, c)| c).collect();
    assert!(cells.contains(&&Data::String(report.ref_nbr.clone())), "the invoice number is a cell");
    assert!(cells.contains(&&Data::String("株式会社 東京".into())));
    let row_of = |label: &str| range.rows().find(|r| r.iter().any(|c| *c == Data::String(label.to_string()))).map(|r| r.to_vec());
    let total = row_of("Totalt NOK").expect("a total row");
    assert!(total.contains(&Data::Float(33738.13)), "the total is a number: {total:?}");
    let line = row_of("Gjærtank").expect("a line row");
    assert!(line.contains(&Data::Float(2.0)) && line.contains(&Data::Float(25000.0)), "quantity and amount are numbers: {line:?}");
}

#[test]
fn the_sanitiser_removes_scripts_handlers_and_javascript_urls() {
    let dirty = concat!(
        "<p>Hei <b>Kari</b>, <i>takk</i>!</p><script>alert(1)</script>",
        "<img src=x onerror=\"alert(2)\"><a href=\"javascript:alert(3)\">klikk</a>",
        "<a href=\"https://example.com/faktura\">faktura</a> <a href=\"mailto:post@example.com\">post</a>",
        "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"logo\"><a href=\"data:text/html,<script>alert(4)</script>\">data</a>",
        "<div onclick=\"alert(5)\" style=\"background:red\">x</div>"
    );
    let clean = sanitize_html(dirty);
    for gone in ["<script", "alert(1)", "onerror", "javascript:", "onclick", "data:text/html", "style="] {
        assert!(!clean.contains(gone), "{gone:?} survived: {clean}");
    }
    for kept in [
        "<b>Kari</b>",
        "<i>takk</i>",
        "<p>",
        "href=\"https://example.com/faktura\"",
        "href=\"mailto:post@example.com\"",
        "src=\"data:image/png;base64,iVBORw0KGgo=\"",
    ] {
        assert!(clean.contains(kept), "{kept:?} was removed: {clean}");
    }
}

#[test]
fn the_app_and_the_core_do_not_link_the_writers() {
    // The app's bundle stays small only while these live in the render worker alone.
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.lock")).expect("Cargo.lock");
    for package in ["reskontra", "reskontra-core"] {
        let entry = lock.split("[[package]]").find(|p| p.contains(&format!("\nname = \"{package}\"\n"))).expect("the package is in Cargo.lock");
        for writer in ["reskontra-render", "krilla", "rust_xlsxwriter", "ammonia", "skrifa"] {
            assert!(!entry.contains(&format!("\"{writer}\"")) && !entry.contains(&format!("\"{writer} ")), "{package} depends on {writer}");
        }
    }
    let worker = lock.split("[[package]]").find(|p| p.contains("\nname = \"reskontra-render-worker\"\n")).expect("the worker is in Cargo.lock");
    assert!(worker.contains("\"reskontra-render\""), "the check above looks at the right lines");
}
