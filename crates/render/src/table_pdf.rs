//! A [`TableReport`] (ageing report, statement, dunning letter) as an A4 PDF: the
//! company, title and header lines on the first page, then the table, its column
//! titles repeated at the top of every page (and wherever a section has columns of its
//! own), "Page N of M" at every foot.
//!
//! Column widths come from the widest text of each column (the header and every cell,
//! measured with the real fonts through a per-character cache, so thousands of rows
//! are measured in one pass); a table wider than a portrait page is set on a landscape
//! A4, and one wider still shrinks its text columns. A text that does not fit its
//! column is cut with "…", so no text runs into the next column. Laid out first, then
//! drawn, when the page count is known.

use std::collections::HashMap;

use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::Document;
use reskontra_core::reports::table::{Cell, Column, ColumnKind, Section, TableReport, TotalRow};

use crate::fonts::Fonts;
use crate::pdf::{draw_ops, Align, Op, BLACK, GREY};

const A4_SHORT: f32 = 595.28;
const A4_LONG: f32 = 841.89;
const MARGIN: f32 = 40.0;
const TOP: f32 = 50.0;
/// Room kept at the foot of each page for the page number.
const FOOT: f32 = 56.0;
const CELL_SIZE: f32 = 8.0;
const ROW_H: f32 = 11.5;
/// Space between two columns (half on each side of a cell's text).
const GAP: f32 = 8.0;
/// The widest a text column grows to before its longest texts are cut.
const MAX_TEXT_W: f32 = 200.0;
/// The narrowest a text column is shrunk to.
const MIN_TEXT_W: f32 = 36.0;
const ELLIPSIS: char = '…';

/// Widths of characters at size 1, measured once each.
struct Measure<'a> {
    fonts: &'a Fonts,
    cache: HashMap<(char, bool), f32>,
}

impl Measure<'_> {
    fn advance(&mut self, c: char, bold: bool) -> f32 {
        let fonts = self.fonts;
        *self.cache.entry((c, bold)).or_insert_with(|| fonts.width(c.encode_utf8(&mut [0; 4]), bold, 1.0))
    }

    fn width(&mut self, text: &str, bold: bool, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c, bold)).sum::<f32>() * size
    }

    /// `text` as it fits in `max` points: whole, or cut with an ellipsis (nothing when
    /// not even the ellipsis fits).
    fn fit(&mut self, text: &str, bold: bool, size: f32, max: f32) -> String {
        if self.width(text, bold, size) <= max {
            return text.to_string();
        }
        let room = max / size - self.advance(ELLIPSIS, bold);
        if room < 0.0 {
            return String::new();
        }
        let mut used = 0.0;
        let mut out = String::new();
        for c in text.chars() {
            used += self.advance(c, bold);
            if used > room {
                break;
            }
            out.push(c);
        }
        let mut out = out.trim_end().to_string();
        out.push(ELLIPSIS);
        out
    }
}

/// A set of columns laid out: left edge and width of each.
struct Grid {
    x: Vec<f32>,
    w: Vec<f32>,
    right: Vec<bool>,
    titles: Vec<String>,
}

/// The natural width of each of `columns` over `rows` (cells, printed bold): its
/// widest text plus the gap.
fn natural(measure: &mut Measure, report: &TableReport, columns: &[Column], rows: &[(&[Cell], bool)]) -> Vec<f32> {
    let mut widths: Vec<f32> = columns.iter().map(|c| measure.width(&c.title, true, CELL_SIZE)).collect();
    for (row, bold) in rows {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            if *cell != Cell::Empty {
                *w = w.max(measure.width(&report.text(cell), *bold, CELL_SIZE));
            }
        }
    }
    widths.iter().zip(columns).map(|(w, c)| if c.kind == ColumnKind::Text { w.min(MAX_TEXT_W) } else { *w } + GAP).collect()
}

/// `natural` widths made to fill `usable` points: room to spare goes to the text
/// columns, in proportion to their widths (a description more than a code); when too wide, the text columns shrink (to no less than a minimum), then
/// every column.
fn fit_widths(natural: &[f32], columns: &[Column], usable: f32) -> Vec<f32> {
    let is_text: Vec<bool> = columns.iter().map(|c| c.kind == ColumnKind::Text).collect();
    let total: f32 = natural.iter().sum();
    let text_total: f32 = natural.iter().zip(&is_text).filter(|(_, t)| **t).map(|(w, _)| *w).sum();
    let texts = is_text.iter().filter(|t| **t).count();
    if total <= usable {
        let spare = usable - total;
        return natural
            .iter()
            .zip(&is_text)
            .map(|(w, t)| match (texts, *t) {
                (0, _) => w + spare / natural.len().max(1) as f32,
                (_, true) => w + spare * w / text_total,
                (_, false) => *w,
            })
            .collect();
    }
    let fixed = total - text_total;
    let room = usable - fixed;
    if texts > 0 && room >= MIN_TEXT_W * texts as f32 {
        let scale = room / text_total;
        let shrunk: Vec<f32> = natural.iter().zip(&is_text).map(|(w, t)| if *t { (w * scale).max(MIN_TEXT_W) } else { *w }).collect();
        // The minimum may have given some back: take it from the widest.
        let over: f32 = shrunk.iter().sum::<f32>() - usable;
        if over <= 0.01 {
            return shrunk;
        }
        let sum: f32 = shrunk.iter().sum();
        return shrunk.iter().map(|w| w * usable / sum).collect();
    }
    natural.iter().map(|w| w * usable / total).collect()
}

fn grid(widths: Vec<f32>, columns: &[Column]) -> Grid {
    let mut x = Vec::with_capacity(widths.len());
    let mut at = MARGIN;
    for w in &widths {
        x.push(at);
        at += w;
    }
    Grid { x, w: widths, right: columns.iter().map(|c| c.kind.right_aligned()).collect(), titles: columns.iter().map(|c| c.title.clone()).collect() }
}

/// Rows of cells, and whether each prints bold.
type Rows<'a> = Vec<(&'a [Cell], bool)>;

/// Which column set a section uses: 0 the report's, i + 1 section i's own.
fn set_of(index: usize, section: &Section) -> usize {
    if section.columns.is_some() {
        index + 1
    } else {
        0
    }
}

struct Layout<'a> {
    measure: Measure<'a>,
    report: &'a TableReport,
    grids: HashMap<usize, Grid>,
    pages: Vec<Vec<Op>>,
    y: f32,
    width: f32,
    bottom: f32,
    /// The column set whose titles were drawn last on this page.
    headed: Option<usize>,
}

impl Layout<'_> {
    fn op(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn text(&mut self, x: f32, y: f32, (size, bold, color): (f32, bool, (u8, u8, u8)), align: Align, text: String) {
        if !text.is_empty() {
            self.op(Op::Text { x, y, size, bold, color, align, text });
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        let running = format!("{} – {}", self.report.title, self.report.company_name);
        let running = self.measure.fit(&running, false, 8.0, self.width - 2.0 * MARGIN);
        self.text(MARGIN, TOP - 14.0, (8.0, false, GREY), Align::Left, running);
        self.y = TOP + 6.0;
        self.headed = None;
    }

    /// Room for `height` more points on this page, else a new page.
    fn room(&mut self, height: f32) {
        if self.y + height > self.bottom {
            self.new_page();
        }
    }

    /// The column titles of `set`.
    fn head(&mut self, set: usize) {
        let Some(grid) = self.grids.get(&set) else { return };
        let cells: Vec<(f32, Align, String)> = (0..grid.titles.len())
            .map(|i| {
                let (x, w, right) = (grid.x[i], grid.w[i], grid.right[i]);
                let text = self.measure.fit(&grid.titles[i], true, CELL_SIZE, w - GAP);
                if right {
                    (x + w - GAP / 2.0, Align::Right, text)
                } else {
                    (x + GAP / 2.0, Align::Left, text)
                }
            })
            .collect();
        let y = self.y + CELL_SIZE;
        for (x, align, text) in cells {
            self.text(x, y, (CELL_SIZE, true, BLACK), align, text);
        }
        let right = self.width - MARGIN;
        self.op(Op::Rule { x1: MARGIN, x2: right, y: y + 3.5, width: 0.7 });
        self.y += ROW_H + 5.0;
        self.headed = Some(set);
    }

    /// Room for `height` under the titles of `set`: a new page repeats them.
    fn room_under(&mut self, set: usize, height: f32) {
        let titles = if self.headed == Some(set) { 0.0 } else { ROW_H + 5.0 };
        if self.y + titles + height > self.bottom {
            self.new_page();
        }
        if self.headed != Some(set) {
            self.head(set);
        }
    }

    /// One row's cells in the columns of `set` (`from` on: a total's label takes the
    /// columns before).
    fn cells(&mut self, set: usize, cells: &[Cell], from: usize, bold: bool) {
        let Some(grid) = self.grids.get(&set) else { return };
        let y = self.y + CELL_SIZE;
        let mut ops = Vec::new();
        for (i, cell) in cells.iter().enumerate().skip(from) {
            let (Some(x), Some(w), Some(right)) = (grid.x.get(i), grid.w.get(i), grid.right.get(i)) else { break };
            if *cell == Cell::Empty {
                continue;
            }
            let text = self.measure.fit(&self.report.text(cell), bold, CELL_SIZE, w - GAP);
            let (x, align) = if *right { (x + w - GAP / 2.0, Align::Right) } else { (x + GAP / 2.0, Align::Left) };
            ops.push((x, align, text));
        }
        for (x, align, text) in ops {
            self.text(x, y, (CELL_SIZE, bold, BLACK), align, text);
        }
    }

    fn row(&mut self, set: usize, cells: &[Cell]) {
        self.room_under(set, ROW_H);
        self.cells(set, cells, 0, false);
        self.y += ROW_H;
    }

    /// A total: its label across the leading empty cells, bold with a rule above the
    /// figures when strong.
    fn total(&mut self, set: usize, total: &TotalRow) {
        let extra = if total.strong { 3.0 } else { 0.0 };
        let first = total.cells.iter().position(|c| *c != Cell::Empty).unwrap_or(total.cells.len());
        let own_line = first == 0;
        self.room_under(set, ROW_H * if own_line { 2.0 } else { 1.0 } + extra);
        self.y += extra;
        let Some(grid) = self.grids.get(&set) else { return };
        let label_w = if own_line { self.width - 2.0 * MARGIN } else { grid.x.get(first).copied().unwrap_or(self.width - MARGIN) - MARGIN - GAP / 2.0 };
        let rule = (grid.x.get(first).copied(), self.width - MARGIN);
        let label = self.measure.fit(&total.label, total.strong, CELL_SIZE, label_w);
        self.text(MARGIN + GAP / 2.0, self.y + CELL_SIZE, (CELL_SIZE, total.strong, BLACK), Align::Left, label);
        if own_line {
            self.y += ROW_H;
        }
        if total.strong {
            if let (Some(x1), x2) = rule {
                self.op(Op::Rule { x1, x2, y: self.y - 1.0, width: 0.5 });
            }
        }
        self.cells(set, &total.cells, first, total.strong);
        self.y += ROW_H;
    }

    /// The first page's head: company, title, header lines and paragraphs.
    fn first_page(&mut self) {
        let report = self.report;
        let full = self.width - 2.0 * MARGIN;
        let company = self.measure.fit(&report.company_name, true, 10.0, full);
        self.text(MARGIN, TOP, (10.0, true, BLACK), Align::Left, company);
        let title = self.measure.fit(&report.title, true, 16.0, full);
        self.text(MARGIN, TOP + 26.0, (16.0, true, BLACK), Align::Left, title);
        self.y = TOP + 46.0;
        let label_w = report.header.iter().map(|h| self.measure.width(&h.label, false, 9.0)).fold(0.0, f32::max).min(150.0) + 12.0;
        for line in &report.header {
            self.room(13.0);
            let label = self.measure.fit(&line.label, false, 9.0, label_w - 12.0);
            let value = self.measure.fit(&line.value, false, 9.0, full - label_w);
            let y = self.y;
            self.text(MARGIN, y, (9.0, false, GREY), Align::Left, label);
            self.text(MARGIN + label_w, y, (9.0, false, BLACK), Align::Left, value);
            self.y += 13.0;
        }
        self.y += 8.0;
        for paragraph in &report.paragraphs {
            for line in wrap(&mut self.measure, paragraph, 9.0, full) {
                self.room(13.0);
                let y = self.y;
                self.text(MARGIN, y, (9.0, false, BLACK), Align::Left, line);
                self.y += 13.0;
            }
            self.y += 5.0;
        }
        self.y += 6.0;
    }
}

/// `text` in lines no wider than `width` (at spaces; a longer word is cut).
fn wrap(measure: &mut Measure, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if measure.width(&candidate, false, size) <= width || line.is_empty() {
            line = measure.fit(&candidate, false, size, width);
        } else {
            lines.push(std::mem::replace(&mut line, measure.fit(word, false, size, width)));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The report as an A4 PDF (portrait, or landscape for a wide table).
pub fn table_pdf(report: &TableReport, fonts: &Fonts) -> Result<Vec<u8>, String> {
    let mut measure = Measure { fonts, cache: HashMap::new() };
    // The rows of each column set, for its widths.
    let mut sets: Vec<(usize, &[Column], Rows)> = vec![(0, &report.columns, Vec::new())];
    for (i, section) in report.sections.iter().enumerate() {
        let set = set_of(i, section);
        if set != 0 {
            sets.push((set, report.columns_of(section), Vec::new()));
        }
        if let Some((_, _, rows)) = sets.iter_mut().find(|(s, _, _)| *s == set) {
            rows.extend(section.rows.iter().map(|r| (r.as_slice(), false)));
            rows.extend(section.opening.iter().chain(&section.totals).map(|t| (t.cells.as_slice(), t.strong)));
        }
    }
    if let Some((_, _, rows)) = sets.first_mut() {
        rows.extend(report.grand_totals.iter().map(|t| (t.cells.as_slice(), t.strong)));
    }
    let naturals: Vec<(usize, &[Column], Vec<f32>)> =
        sets.iter().map(|(set, columns, rows)| (*set, *columns, natural(&mut measure, report, columns, rows))).collect();
    let widest = naturals.iter().map(|(_, _, w)| w.iter().sum::<f32>()).fold(0.0, f32::max);
    let landscape = widest > A4_SHORT - 2.0 * MARGIN;
    let (width, height) = if landscape { (A4_LONG, A4_SHORT) } else { (A4_SHORT, A4_LONG) };
    let grids = naturals.into_iter().map(|(set, columns, natural)| (set, grid(fit_widths(&natural, columns, width - 2.0 * MARGIN), columns))).collect();
    let mut layout = Layout { measure, report, grids, pages: vec![Vec::new()], y: TOP, width, bottom: height - FOOT, headed: None };
    layout.first_page();
    for (i, section) in report.sections.iter().enumerate() {
        let set = set_of(i, section);
        // A heading is not left alone at the foot of a page.
        let heading = if section.heading.is_some() { 15.0 } else { 0.0 };
        layout.room_under(set, heading + ROW_H);
        if let Some(heading) = &section.heading {
            layout.y += 3.0;
            let text = layout.measure.fit(heading, true, 9.0, width - 2.0 * MARGIN);
            let y = layout.y + 9.0;
            layout.text(MARGIN + GAP / 2.0, y, (9.0, true, BLACK), Align::Left, text);
            layout.y += 12.0;
        }
        for total in &section.opening {
            layout.total(set, total);
        }
        for row in &section.rows {
            layout.row(set, row);
        }
        for total in &section.totals {
            layout.total(set, total);
        }
        layout.y += 4.0;
    }
    if !report.grand_totals.is_empty() {
        layout.y += 6.0;
        for total in &report.grand_totals {
            layout.total(0, total);
        }
    }
    let foot = format!("{} · {}", report.company_name, report.title);
    let foot = layout.measure.fit(&foot, false, 8.0, width - 2.0 * MARGIN - 90.0);
    draw(fonts, report, layout.pages, (width, height), foot)
}

/// Writes the pages, each with "Page n of N" and `foot` (company and title).
fn draw(fonts: &Fonts, report: &TableReport, pages: Vec<Vec<Op>>, (width, height): (f32, f32), foot: String) -> Result<Vec<u8>, String> {
    let mut document = Document::new();
    let count = pages.len();
    let settings = PageSettings::from_wh(width, height).ok_or("A4 is a valid page size")?;
    for (n, mut ops) in pages.into_iter().enumerate() {
        let foot_y = height - 30.0;
        ops.push(Op::Text {
            x: width - MARGIN,
            y: foot_y,
            size: 8.0,
            bold: false,
            color: GREY,
            align: Align::Right,
            text: format!("Page {} of {count}", n + 1),
        });
        ops.push(Op::Text { x: MARGIN, y: foot_y, size: 8.0, bold: false, color: GREY, align: Align::Left, text: foot.clone() });
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        draw_ops(&mut surface, fonts, ops);
        surface.finish();
        page.finish();
    }
    document.set_metadata(Metadata::new().title(report.title.clone()).language("en".to_string()).creator("Reskontra".to_string()));
    document.finish().map_err(|e| format!("The PDF could not be written: {e:?}"))
}
