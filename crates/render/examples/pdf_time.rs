//! Times `invoice_pdf` natively: `cargo run --release -p reskontra-render --example pdf_time`.
use chrono::NaiveDate;
use reskontra_core::command::{ClassDraft, CustomerDraft, InvoiceDraft, LineDraft};
use reskontra_core::documents::document::DocType;
use reskontra_core::reports::invoice::invoice_report;
use reskontra_core::{execute, Command, Ledger, Record};
use reskontra_render::{invoice_pdf, Fonts};

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
    let mut ledger = Ledger::default();
    let run = |ledger: &mut Ledger, c: Command| {
        let ch = execute(ledger, &c, today).unwrap();
        ledger.apply(&ch);
        ch.puts
    };
    let class = ClassDraft { id: "DOMESTIC".into(), description: "Domestic".into(), terms_id: "NET30".into(), ..ClassDraft::new_class(&ledger.settings) };
    run(&mut ledger, Command::SaveClass(class));
    let mut customer = CustomerDraft::new_of_class(&ledger.classes["DOMESTIC"], &ledger.settings);
    customer.name = "Fjellbakeriet AS".into();
    let id = match run(&mut ledger, Command::SaveCustomer(customer)).first() {
        Some(Record::Customer(c)) => c.id.clone(),
        _ => unreachable!(),
    };
    let line = |d: &str| LineDraft {
        description: d.into(),
        quantity: "2".into(),
        unit_price: "1250".into(),
        discount_pct: String::new(),
        vat_category: "HIGH".into(),
    };
    let draft = InvoiceDraft {
        customer_id: id,
        date: "2026-03-01".into(),
        lines: vec![line("Gjærtank"), line("Frakt"), line("Montering")],
        doc_type: DocType::Invoice,
        ..InvoiceDraft::default()
    };
    let doc = run(&mut ledger, Command::SaveInvoice(draft)).into_iter().find_map(|r| if let Record::Document(d) = r { Some(d.id) } else { None }).unwrap();
    let report = invoice_report(&ledger, doc).unwrap();
    let t = std::time::Instant::now();
    let fonts = Fonts::bundled().unwrap();
    println!("fonts {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let mut size = 0;
    for _ in 0..200 {
        size = invoice_pdf(&report, &fonts).unwrap().len();
    }
    println!("200 pdfs {:?} ({} bytes each)", t.elapsed(), size);
    let t = std::time::Instant::now();
    for _ in 0..200 {
        let j = serde_json::to_string(&reskontra_core::reports::invoice::RenderJob::Pdf(Box::new(report.clone()))).unwrap();
        let _: reskontra_core::reports::invoice::RenderJob = serde_json::from_str(&j).unwrap();
    }
    println!("200 json round trips {:?}", t.elapsed());
}
