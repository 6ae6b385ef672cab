//! A [`TableReport`] as an Excel workbook: one sheet with the company, title and
//! header lines, then the column titles (bold), each section's heading and rows, its
//! totals, and the grand totals. Amounts are numeric cells in a number format with
//! their decimals ("#,##0.00"), integers numbers, dates real dates ("yyyy-mm-dd"), so
//! the sheet can be summed, sorted and filtered.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use reskontra_core::reports::table::{Cell, Column, TableReport, TotalRow};

fn failed(e: XlsxError) -> String {
    format!("The Excel file could not be written: {e}")
}

/// A worksheet name: at most 31 characters, none of `[]:*?/\'`.
fn sheet_name(title: &str) -> String {
    let name: String = title.chars().filter(|c| !"[]:*?/\\'".contains(*c)).take(31).collect();
    if name.trim().is_empty() {
        "Report".to_string()
    } else {
        name
    }
}

/// Excel's serial day number of `date` (days since 1899-12-30).
fn serial(date: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (date - epoch).num_days() as f64
}

/// The formats of the sheet; amount formats made once per number of decimals.
struct Formats {
    bold: Format,
    title: Format,
    head: Format,
    head_right: Format,
    date: Format,
    int: Format,
    amounts: HashMap<(u32, bool), Format>,
}

impl Formats {
    fn amount(&mut self, decimals: u32, strong: bool) -> &Format {
        self.amounts.entry((decimals, strong)).or_insert_with(|| {
            let code = if decimals == 0 { "#,##0".to_string() } else { format!("#,##0.{}", "0".repeat(decimals.min(10) as usize)) };
            let format = Format::new().set_num_format(code);
            if strong {
                format.set_bold().set_border_top(FormatBorder::Thin)
            } else {
                format
            }
        })
    }
}

fn write_cell(sheet: &mut Worksheet, formats: &mut Formats, row: u32, col: u16, cell: &Cell, strong: bool) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(s) if strong => sheet.write_string_with_format(row, col, s, &formats.bold).map(|_| ()),
        Cell::Text(s) => sheet.write_string(row, col, s).map(|_| ()),
        Cell::Date(d) => sheet.write_number_with_format(row, col, serial(*d), &formats.date).map(|_| ()),
        Cell::Amount(a) => {
            let format = formats.amount(a.scale(), strong).clone();
            sheet.write_number_with_format(row, col, a.to_f64().unwrap_or(0.0), &format).map(|_| ())
        }
        Cell::Int(i) => sheet.write_number_with_format(row, col, *i as f64, &formats.int).map(|_| ()),
        Cell::Empty => Ok(()),
    }
}

fn write_titles(sheet: &mut Worksheet, formats: &Formats, row: u32, columns: &[Column]) -> Result<(), XlsxError> {
    for (col, column) in columns.iter().enumerate() {
        let format = if column.kind.right_aligned() { &formats.head_right } else { &formats.head };
        sheet.write_string_with_format(row, col as u16, &column.title, format)?;
    }
    Ok(())
}

/// A total row at `row`: its label in the first column, its figures under their
/// columns (a total whose figures start in the first column gets its label on a row of
/// its own). Returns the rows used.
fn write_total(sheet: &mut Worksheet, formats: &mut Formats, row: u32, total: &TotalRow) -> Result<u32, XlsxError> {
    let own_line = total.cells.first().is_some_and(|c| *c != Cell::Empty);
    let format = if total.strong { formats.bold.clone() } else { Format::new() };
    sheet.write_string_with_format(row, 0, &total.label, &format)?;
    let row = if own_line { row + 1 } else { row };
    for (col, cell) in total.cells.iter().enumerate() {
        write_cell(sheet, formats, row, col as u16, cell, total.strong)?;
    }
    Ok(if own_line { 2 } else { 1 })
}

fn write(report: &TableReport, sheet: &mut Worksheet) -> Result<(), XlsxError> {
    let mut formats = Formats {
        bold: Format::new().set_bold(),
        title: Format::new().set_bold().set_font_size(16),
        head: Format::new().set_bold().set_border_bottom(FormatBorder::Thin),
        head_right: Format::new().set_bold().set_border_bottom(FormatBorder::Thin).set_align(FormatAlign::Right),
        date: Format::new().set_num_format("yyyy-mm-dd"),
        int: Format::new().set_num_format("0"),
        amounts: HashMap::new(),
    };
    sheet.write_string_with_format(0, 0, &report.company_name, &formats.bold)?;
    sheet.write_string_with_format(1, 0, &report.title, &formats.title)?;
    let mut row = 3;
    for line in &report.header {
        sheet.write_string_with_format(row, 0, &line.label, &formats.bold)?;
        sheet.write_string(row, 1, &line.value)?;
        row += 1;
    }
    for paragraph in &report.paragraphs {
        row += 1;
        sheet.write_string(row, 0, paragraph)?;
    }
    row += 1;
    write_titles(sheet, &formats, row, &report.columns)?;
    sheet.set_freeze_panes(row + 1, 0)?;
    row += 1;
    let mut shown: &[Column] = &report.columns;
    // Widths in characters, from the texts of each column.
    let mut widths: Vec<usize> = report.columns.iter().map(|c| c.title.chars().count()).collect();
    for section in &report.sections {
        let columns = report.columns_of(section);
        if columns != shown {
            row += 1;
            write_titles(sheet, &formats, row, columns)?;
            row += 1;
            shown = columns;
        }
        if let Some(heading) = &section.heading {
            sheet.write_string_with_format(row, 0, heading, &formats.bold)?;
            row += 1;
        }
        for total in &section.opening {
            row += write_total(sheet, &mut formats, row, total)?;
        }
        for cells in &section.rows {
            for (col, cell) in cells.iter().enumerate() {
                write_cell(sheet, &mut formats, row, col as u16, cell, false)?;
                if widths.len() <= col {
                    widths.resize(col + 1, 0);
                }
                let chars = match cell {
                    Cell::Text(s) => s.chars().count(),
                    Cell::Date(_) => 10,
                    Cell::Amount(a) => a.to_string().len() + 3,
                    Cell::Int(i) => i.to_string().len(),
                    Cell::Empty => 0,
                };
                widths[col] = widths[col].max(chars);
            }
            row += 1;
        }
        for total in &section.totals {
            row += write_total(sheet, &mut formats, row, total)?;
        }
        row += 1;
    }
    if !report.grand_totals.is_empty() {
        if shown != report.columns.as_slice() {
            write_titles(sheet, &formats, row, &report.columns)?;
            row += 1;
        }
        for total in &report.grand_totals {
            row += write_total(sheet, &mut formats, row, total)?;
        }
    }
    for (col, chars) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, (*chars as f64 + 2.0).clamp(8.0, 50.0))?;
    }
    Ok(())
}

/// The report as .xlsx bytes: one sheet, amounts and dates as numeric cells.
pub fn table_xlsx(report: &TableReport) -> Result<Vec<u8>, String> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(&report.title)).map_err(failed)?;
    write(report, sheet).map_err(failed)?;
    workbook.save_to_buffer().map_err(failed)
}
