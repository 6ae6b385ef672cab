//! The invoice as an A4 PDF (R10.4), with krilla: fonts embedded as subsets with a
//! ToUnicode map, so every character prints and can be searched and copied.
//!
//! Laid out in two steps: [`layout`] places every text, rule and image on pages
//! (measuring text with the real fonts, wrapping descriptions, starting a new page
//! when the lines run out of room), then [`draw`] writes the pages, when the page
//! count for "Page 1 / 2" is known.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::Document;
use reskontra_core::reports::invoice::{InvoiceReport, ReportParty};

use crate::fonts::Fonts;

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 50.0;
const RIGHT: f32 = PAGE_W - 50.0;
const TOP: f32 = 56.0;
/// Where the lines table stops and a new page starts.
const BOTTOM: f32 = PAGE_H - 70.0;
pub(crate) const GREY: (u8, u8, u8) = (90, 90, 90);
pub(crate) const BLACK: (u8, u8, u8) = (17, 17, 17);
const RED: (u8, u8, u8) = (164, 0, 0);

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// One thing drawn on a page.
pub(crate) enum Op {
    Text { x: f32, y: f32, size: f32, bold: bool, color: (u8, u8, u8), align: Align, text: String },
    Rule { x1: f32, x2: f32, y: f32, width: f32 },
    Image { x: f32, y: f32, w: f32, h: f32, image: Image },
}

/// The pages being laid out, and where the next thing goes on the last one.
struct Layout<'a> {
    fonts: &'a Fonts,
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Layout<'_> {
    fn op(&mut self, op: Op) {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, align: Align, text: &str) {
        self.colored(x, y, size, bold, BLACK, align, text);
    }

    #[allow(clippy::too_many_arguments)]
    fn colored(&mut self, x: f32, y: f32, size: f32, bold: bool, color: (u8, u8, u8), align: Align, text: &str) {
        if !text.is_empty() {
            self.op(Op::Text { x, y, size, bold, color, align, text: text.to_string() });
        }
    }

    fn rule(&mut self, x1: f32, x2: f32, y: f32, width: f32) {
        self.op(Op::Rule { x1, x2, y, width });
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// `text` broken into lines no wider than `width` at `size` (at spaces; a word
    /// wider than the column is broken between characters).
    fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if self.fonts.width(&candidate, false, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                line.push(c);
                if self.fonts.width(&line, false, size) > width && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::replace(&mut line, c.to_string()));
                }
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// The logo as an image krilla embeds, scaled to at most 160 × 56 pt; `None` without
/// one, or for an SVG logo (krilla draws SVG only through another crate: left out).
fn logo(report: &InvoiceReport) -> Option<(Image, f32, f32)> {
    let logo = report.logo_image()?;
    let image = match logo.mime.as_str() {
        "image/png" => Image::from_png(logo.bytes.into(), true).ok()?,
        "image/jpeg" => Image::from_jpeg(logo.bytes.into(), true).ok()?,
        _ => return None,
    };
    let (w, h) = image.size();
    let (w, h) = (w.max(1) as f32, h.max(1) as f32);
    let scale = (160.0 / w).min(56.0 / h);
    Some((image, w * scale, h * scale))
}

fn party(layout: &mut Layout, party: &ReportParty, x: f32, mut y: f32, name_size: f32) -> f32 {
    layout.text(x, y, name_size, true, Align::Left, &party.name);
    y += name_size + 4.0;
    for line in party.address_lines.iter().chain(std::iter::once(&party.email).filter(|e| !e.is_empty())) {
        layout.text(x, y, 9.0, false, Align::Left, line);
        y += 12.0;
    }
    y
}

/// The head of the first page: logo and company, title, customer and the facts.
fn head(layout: &mut Layout, report: &InvoiceReport) {
    let l = &report.labels;
    let mut left = TOP - 12.0;
    if let Some((image, w, h)) = logo(report) {
        layout.op(Op::Image { x: LEFT, y: left, w, h, image });
        left += h + 8.0;
    }
    let mut left = party(layout, &report.company, LEFT, left + 12.0, 12.0);
    if !report.company.org_no.is_empty() {
        layout.text(LEFT, left, 9.0, false, Align::Left, &format!("{} {}", l.org_no, report.company.org_no));
        left += 12.0;
    }
    layout.text(RIGHT, TOP + 10.0, 22.0, true, Align::Right, &report.title);
    if report.draft {
        layout.colored(RIGHT, TOP + 28.0, 10.0, true, RED, Align::Right, &l.draft);
    }
    let top = left.max(TOP + 40.0) + 24.0;
    layout.colored(LEFT, top, 8.0, false, GREY, Align::Left, &l.customer.to_uppercase());
    let mut customer = party(layout, &report.customer, LEFT, top + 14.0, 11.0);
    layout.text(LEFT, customer, 9.0, false, Align::Left, &format!("{} {}", l.customer_no, report.customer_id));
    customer += 12.0;
    let mut facts = vec![(report.number_label.as_str(), report.ref_nbr.as_str()), (l.date.as_str(), report.date.as_str())];
    facts.extend(report.due_date.as_deref().map(|d| (l.due_date.as_str(), d)));
    facts.push((l.currency.as_str(), report.currency.as_str()));
    facts.extend(
        [(l.reference.as_str(), report.reference.as_str()), (l.payment_terms.as_str(), report.payment_terms.as_str())]
            .into_iter()
            .filter(|(_, v)| !v.is_empty()),
    );
    let mut y = top;
    for (label, value) in facts {
        layout.colored(330.0, y, 9.0, false, GREY, Align::Left, label);
        layout.text(RIGHT, y, 9.0, label == report.number_label, Align::Right, value);
        y += 13.0;
    }
    layout.y = customer.max(y) + 22.0;
}

/// Right edges (or, for text columns, left edges) of the lines table's columns.
const DESCRIPTION_X: f32 = LEFT;
const DESCRIPTION_W: f32 = 200.0;
const QUANTITY_R: f32 = 318.0;
const PRICE_R: f32 = 398.0;
const DISCOUNT_R: f32 = 446.0;
const VAT_X: f32 = 454.0;

fn table_head(layout: &mut Layout, report: &InvoiceReport) {
    let l = &report.labels;
    let y = layout.y;
    layout.text(DESCRIPTION_X, y, 8.5, true, Align::Left, &l.description);
    layout.text(QUANTITY_R, y, 8.5, true, Align::Right, &l.quantity);
    layout.text(PRICE_R, y, 8.5, true, Align::Right, &l.unit_price);
    layout.text(DISCOUNT_R, y, 8.5, true, Align::Right, &l.discount);
    layout.text(VAT_X, y, 8.5, true, Align::Left, &l.vat);
    layout.text(RIGHT, y, 8.5, true, Align::Right, &l.amount);
    layout.rule(LEFT, RIGHT, y + 4.0, 0.8);
    layout.y = y + 17.0;
}

/// A later page's head: the document named.
fn next_page(layout: &mut Layout, report: &InvoiceReport) {
    layout.new_page();
    layout.colored(LEFT, layout.y, 9.0, false, GREY, Align::Left, &format!("{} {} – {}", report.title, report.ref_nbr, report.customer.name));
    layout.y += 24.0;
}

fn lines(layout: &mut Layout, report: &InvoiceReport) {
    table_head(layout, report);
    for line in &report.lines {
        let wrapped = layout.wrap(&line.description, 9.0, DESCRIPTION_W);
        let height = wrapped.len() as f32 * 12.0 + 5.0;
        if layout.y + height > BOTTOM {
            next_page(layout, report);
            table_head(layout, report);
        }
        let y = layout.y;
        for (i, text) in wrapped.iter().enumerate() {
            layout.text(DESCRIPTION_X, y + i as f32 * 12.0, 9.0, false, Align::Left, text);
        }
        layout.text(QUANTITY_R, y, 9.0, false, Align::Right, &line.quantity);
        layout.text(PRICE_R, y, 9.0, false, Align::Right, &line.unit_price);
        layout.text(DISCOUNT_R, y, 9.0, false, Align::Right, &line.discount);
        layout.text(VAT_X, y, 9.0, false, Align::Left, &line.vat_category);
        layout.text(RIGHT, y, 9.0, false, Align::Right, &line.amount);
        layout.rule(LEFT, RIGHT, y + height - 9.0, 0.3);
        layout.y = y + height;
    }
}

/// Where the labels of the totals start.
const TOTALS_X: f32 = 300.0;

fn total_row(layout: &mut Layout, y: &mut f32, label: &str, value: &str, bold: bool, size: f32) {
    layout.text(TOTALS_X, *y, size, bold, Align::Left, label);
    layout.text(RIGHT, *y, size, bold, Align::Right, value);
    *y += size + 7.0;
}

fn totals(layout: &mut Layout, report: &InvoiceReport) {
    let l = &report.labels;
    let payment = layout.wrap(&report.payment_text, 10.0, RIGHT - LEFT);
    let height = (report.vat.len() as f32 + 4.0) * 16.0 + 30.0 + payment.len() as f32 * 13.0;
    if layout.y + height > PAGE_H - 50.0 {
        next_page(layout, report);
    }
    let mut y = layout.y + 8.0;
    total_row(layout, &mut y, &l.lines_total, &report.lines_total.text, false, 9.5);
    for vat in &report.vat {
        total_row(layout, &mut y, &vat.label, &vat.vat, false, 9.5);
    }
    layout.rule(TOTALS_X, RIGHT, y - 11.0, 0.8);
    total_row(layout, &mut y, &format!("{} {}", l.total, report.currency), &report.total.text, true, 10.0);
    y += 4.0;
    total_row(layout, &mut y, &format!("{} {}", report.amount_due_label, report.currency), &report.balance.text, true, 12.5);
    y += 14.0;
    for text in payment {
        layout.text(LEFT, y, 10.0, false, Align::Left, &text);
        y += 13.0;
    }
    layout.y = y;
}

fn fill(color: (u8, u8, u8)) -> Fill {
    Fill { paint: rgb::Color::new(color.0, color.1, color.2).into(), opacity: NormalizedF32::ONE, rule: Default::default() }
}

fn draw_text(surface: &mut Surface, fonts: &Fonts, op: (f32, f32, f32, bool, &str, Align)) {
    let (x, y, size, bold, text, align) = op;
    let runs = fonts.runs(text, bold);
    let width: f32 = runs.iter().map(|r| r.width).sum::<f32>() * size;
    let mut x = if align == Align::Right { x - width } else { x };
    for run in runs {
        let Some(part) = text.get(run.range.clone()) else { continue };
        surface.draw_glyphs(Point::from_xy(x, y), &run.glyphs, run.font.clone(), part, size, false);
        x += run.width * size;
    }
}

/// Draws `ops` on a page's surface.
pub(crate) fn draw_ops(surface: &mut Surface, fonts: &Fonts, ops: Vec<Op>) {
    for op in ops {
        match op {
            Op::Text { x, y, size, bold, color, align, text } => {
                surface.set_fill(Some(fill(color)));
                draw_text(surface, fonts, (x, y, size, bold, &text, align));
            }
            Op::Rule { x1, x2, y, width } => {
                let mut path = PathBuilder::new();
                path.move_to(x1, y);
                path.line_to(x2, y);
                if let Some(path) = path.finish() {
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke { paint: rgb::Color::new(60, 60, 60).into(), width, ..Default::default() }));
                    surface.draw_path(&path);
                    surface.set_stroke(None);
                }
            }
            Op::Image { x, y, w, h, image } => {
                if let Some(size) = Size::from_wh(w, h) {
                    surface.push_transform(&Transform::from_translate(x, y));
                    surface.draw_image(image, size);
                    surface.pop();
                }
            }
        }
    }
}

/// Writes the laid-out pages, each with "Page n / N" and the company at its foot.
fn draw(fonts: &Fonts, report: &InvoiceReport, pages: Vec<Vec<Op>>) -> Result<Vec<u8>, String> {
    let mut document = Document::new();
    let count = pages.len();
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or("A4 is a valid page size")?;
    for (n, mut ops) in pages.into_iter().enumerate() {
        let foot = format!("{} {} / {count}", report.labels.page, n + 1);
        ops.push(Op::Text { x: RIGHT, y: PAGE_H - 32.0, size: 8.0, bold: false, color: GREY, align: Align::Right, text: foot });
        let company = format!("{} · {} {}", report.company.name, report.number_label, report.ref_nbr);
        ops.push(Op::Text { x: LEFT, y: PAGE_H - 32.0, size: 8.0, bold: false, color: GREY, align: Align::Left, text: company });
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        draw_ops(&mut surface, fonts, ops);
        surface.finish();
        page.finish();
    }
    let title = format!("{} {}", report.title, report.ref_nbr);
    document.set_metadata(Metadata::new().title(title).language(report.language.clone()).creator("Reskontra".to_string()));
    document.finish().map_err(|e| format!("The PDF could not be written: {e:?}"))
}

/// The invoice, credit note or debit note as an A4 PDF. Characters DejaVu Sans lacks
/// are set in the fallback font when `fonts` has one (else they print as boxes).
pub fn invoice_pdf(report: &InvoiceReport, fonts: &Fonts) -> Result<Vec<u8>, String> {
    let mut layout = Layout { fonts, pages: vec![Vec::new()], y: TOP };
    head(&mut layout, report);
    lines(&mut layout, report);
    totals(&mut layout, report);
    draw(fonts, report, layout.pages)
}
