//! The invoice as an Excel workbook (R10.4): the same head, lines, VAT and totals as
//! the paper invoice, with quantities and amounts as numbers (so they can be summed)
//! in a number format with the currency's decimals.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Image, Workbook, Worksheet, XlsxError};

use reskontra_core::reports::invoice::InvoiceReport;

fn number(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

fn failed(e: XlsxError) -> String {
    format!("The Excel file could not be written: {e}")
}

/// "#,##0.00" with the currency's decimals ("#,##0" for none).
fn amount_format(minor_units: u32) -> String {
    if minor_units == 0 {
        "#,##0".to_string()
    } else {
        format!("#,##0.{}", "0".repeat(minor_units.min(10) as usize))
    }
}

/// A worksheet name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(report: &InvoiceReport) -> String {
    let name: String = format!("{} {}", report.title, report.ref_nbr).chars().filter(|c| !"[]:*?/\\'".contains(*c)).take(31).collect();
    if name.trim().is_empty() {
        "Invoice".to_string()
    } else {
        name
    }
}

/// The head rows: company, title, customer and the facts. Returns the next free row.
fn head(sheet: &mut Worksheet, report: &InvoiceReport, bold: &Format, title: &Format) -> Result<u32, XlsxError> {
    let l = &report.labels;
    let mut row = 0;
    if let Some(logo) = report.logo_image().filter(|l| l.mime == "image/png" || l.mime == "image/jpeg") {
        if let Ok(image) = Image::new_from_buffer(&logo.bytes) {
            let scale = (160.0 / image.width().max(1.0)).min(56.0 / image.height().max(1.0)).min(1.0);
            sheet.insert_image(0, 4, &image.set_scale_width(scale).set_scale_height(scale))?;
        }
    }
    sheet.write_string_with_format(row, 0, &report.company.name, bold)?;
    row += 1;
    for line in report.company.address_lines.iter().chain([&report.company.email].into_iter().filter(|e| !e.is_empty())) {
        sheet.write_string(row, 0, line)?;
        row += 1;
    }
    if !report.company.org_no.is_empty() {
        sheet.write_string(row, 0, format!("{} {}", l.org_no, report.company.org_no))?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, &report.title, title)?;
    if report.draft {
        sheet.write_string(row, 2, &l.draft)?;
    }
    row += 2;
    let mut facts = vec![(report.number_label.clone(), report.ref_nbr.clone()), (l.date.clone(), report.date.clone())];
    facts.extend(report.due_date.clone().map(|d| (l.due_date.clone(), d)));
    facts.push((l.currency.clone(), report.currency.clone()));
    facts.extend(
        [(l.reference.clone(), report.reference.clone()), (l.payment_terms.clone(), report.payment_terms.clone())].into_iter().filter(|(_, v)| !v.is_empty()),
    );
    facts.push((l.customer_no.clone(), report.customer_id.clone()));
    facts.push((l.customer.clone(), report.customer.name.clone()));
    facts.extend(report.customer.address_lines.iter().map(|a| (String::new(), a.clone())));
    for (label, value) in facts {
        sheet.write_string_with_format(row, 0, label, bold)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
    }
    Ok(row + 1)
}

/// The invoice as .xlsx bytes: one sheet, amounts as numeric cells.
pub fn invoice_xlsx(report: &InvoiceReport) -> Result<Vec<u8>, String> {
    let l = &report.labels;
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(18);
    let money = Format::new().set_num_format(amount_format(report.minor_units));
    let money_bold = money.clone().set_bold().set_border_top(FormatBorder::Thin);
    let quantity = Format::new().set_num_format("#,##0.####");
    let head_format = Format::new().set_bold().set_border_bottom(FormatBorder::Thin);
    let head_right = head_format.clone().set_align(FormatAlign::Right);
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(report)).map_err(failed)?;
    let mut row = head(sheet, report, &bold, &title).map_err(failed)?;
    let headers = [&l.description, &l.quantity, &l.unit_price, &l.discount, &l.vat, &l.amount];
    for (col, header) in headers.iter().enumerate() {
        let format = if matches!(col, 1 | 2 | 5) { &head_right } else { &head_format };
        sheet.write_string_with_format(row, col as u16, header.as_str(), format).map_err(failed)?;
    }
    row += 1;
    for line in &report.lines {
        let mut cells = || -> Result<(), XlsxError> {
            sheet.write_string(row, 0, &line.description)?;
            sheet.write_number_with_format(row, 1, number(line.quantity_value), &quantity)?;
            sheet.write_number_with_format(row, 2, number(line.unit_price_value), &money)?;
            sheet.write_string(row, 3, &line.discount)?;
            sheet.write_string(row, 4, &line.vat_category)?;
            sheet.write_number_with_format(row, 5, number(line.amount_value), &money)?;
            Ok(())
        };
        cells().map_err(failed)?;
        row += 1;
    }
    row += 1;
    let mut total = |label: &str, value: Decimal, format: &Format| -> Result<(), XlsxError> {
        sheet.write_string_with_format(row, 4, label, &bold)?;
        sheet.write_number_with_format(row, 5, number(value), format)?;
        row += 1;
        Ok(())
    };
    total(&l.lines_total, report.lines_total.value, &money).map_err(failed)?;
    for vat in &report.vat {
        total(&vat.label, vat.vat_value, &money).map_err(failed)?;
    }
    total(&format!("{} {}", l.total, report.currency), report.total.value, &money_bold).map_err(failed)?;
    total(&format!("{} {}", report.amount_due_label, report.currency), report.balance.value, &money_bold).map_err(failed)?;
    if !report.payment_text.is_empty() {
        sheet.write_string(row + 1, 0, &report.payment_text).map_err(failed)?;
    }
    sheet.set_column_width(0, 40).map_err(failed)?;
    sheet.set_column_width(1, 14).map_err(failed)?;
    sheet.set_column_width(2, 14).map_err(failed)?;
    sheet.set_column_width(4, 24).map_err(failed)?;
    sheet.set_column_width(5, 16).map_err(failed)?;
    workbook.save_to_buffer().map_err(failed)
}
