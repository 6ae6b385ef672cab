//! Entering documents: invoices and notes, cash sales, payments, prepayments and
//! refunds are saved (recorded) and deleted here. Nothing here changes a balance
//! but the unreleased balance; releasing is in `posting`.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::base::money::{valid_pct, valid_rate, within_limit, Currency, NumberError, MAX_AMOUNT, MAX_RATE};
use crate::base::number::NumberFormat;
use crate::base::problem::{parse_date, Problem, ProblemKind, Problems};
use crate::customers::customer::Customer;
use crate::documents::document::{vat_lines_of, Application, DocId, DocStatus, DocType, Document, InvoiceLine};
use crate::documents::draft::{ApplicationDraft, InvoiceDraft, PaymentDraft};
use crate::fields::document::{self, ApplicationColumn, LineColumn};
use crate::fields::FieldPath;
use crate::ledger::{Change, Ledger, Record, RecordKey};
use crate::settings::{SeriesKind, Settings};

/// Header fields shared by every document, validated once.
struct Header<'a> {
    customer: Option<&'a Customer>,
    date: Option<NaiveDate>,
    currency: Option<Currency>,
    rate: Option<Decimal>,
    rate_typed: bool,
}

fn check_header<'a>(
    ledger: &'a Ledger,
    problems: &mut Problems,
    customer_id: &str,
    date: &str,
    currency: &str,
    typed_rate: &str,
    doc_type: DocType,
) -> Header<'a> {
    let customer = ledger.customers.get(customer_id);
    match customer {
        None if customer_id.is_empty() => problems.add(document::CUSTOMER_ID, ProblemKind::Required, "Required"),
        None => problems.add(document::CUSTOMER_ID, ProblemKind::Unknown, format!("Customer {customer_id} does not exist")),
        Some(c) if !c.status.allows(doc_type) => problems.add(
            document::CUSTOMER_ID,
            ProblemKind::NotAllowed,
            format!("Customer {} is {}: no new {}s", c.id, c.status.label(), doc_type.label().to_lowercase()),
        ),
        Some(_) => {}
    }
    let date = match parse_date(date) {
        Ok(d) => Some(d),
        Err(message) => {
            problems.date(document::DATE, date, message);
            None
        }
    };
    let currency_code = if currency.trim().is_empty() { customer.map(|c| c.currency.clone()).unwrap_or_default() } else { currency.trim().to_uppercase() };
    let currency = ledger.settings.currency(&currency_code).cloned();
    if currency.is_none() {
        if customer.is_some() {
            problems.add(document::CURRENCY, ProblemKind::Unknown, format!("Currency {currency_code} is not in the currency table"));
        }
    } else if let Some(c) = customer {
        if c.currency != currency_code && !c.allow_currency_override {
            problems.add(
                document::CURRENCY,
                ProblemKind::NotAllowed,
                format!("Customer {} takes documents in {} only (currency override is off)", c.id, c.currency),
            );
        }
    }
    let rate_type = customer.map(|c| c.rate_type.as_str()).unwrap_or_default();
    let rate = match (&currency, date) {
        // A typed rate (R3.5 *Enable rate override*), for a foreign currency only.
        (Some(cur), Some(_)) if !typed_rate.trim().is_empty() && cur.code != ledger.settings.base_currency => {
            if !customer.is_some_and(|c| c.allow_rate_override) {
                problems.add(document::RATE, ProblemKind::NotAllowed, "This customer's documents take the rate from the rate table (rate override is off)");
                None
            } else {
                match ledger.settings.numbers().parse(typed_rate, 8) {
                    Ok(r) if valid_rate(r) => Some(r),
                    Ok(_) => {
                        problems.add(
                            document::RATE,
                            ProblemKind::OutOfRange,
                            format!("Must be more than zero and at most {}", ledger.settings.numbers().amount(MAX_RATE, 0)),
                        );
                        None
                    }
                    Err(e) => {
                        problems.number(document::RATE, &e);
                        None
                    }
                }
            }
        }
        (Some(cur), Some(d)) => {
            let rate = ledger.settings.rate_of_type(&cur.code, rate_type, d);
            if rate.is_none() {
                let kind = if rate_type.is_empty() { String::new() } else { format!("{rate_type} ") };
                problems.add(document::CURRENCY, ProblemKind::Unknown, format!("No {} {kind}rate is effective on {d}", cur.code));
            }
            rate
        }
        _ => None,
    };
    let rate_typed = !typed_rate.trim().is_empty() && currency.as_ref().is_some_and(|c| c.code != ledger.settings.base_currency);
    Header { customer, date, currency, rate, rate_typed }
}

/// What every entered document has, as typed.
struct Entry<'d> {
    id: Option<DocId>,
    doc_type: DocType,
    customer_id: &'d str,
    date: &'d str,
    currency: &'d str,
    rate: &'d str,
    description: &'d str,
    payment_ref: &'d str,
    hold: bool,
}

/// The checks every entered document shares: editable, header, texts, payment ref.
fn check_entry<'a>(ledger: &'a Ledger, problems: &mut Problems, entry: Entry<'_>) -> (Option<&'a Document>, Header<'a>) {
    let existing = editable_document(ledger, problems, entry.id, &[entry.doc_type]);
    let header = check_header(ledger, problems, entry.customer_id, entry.date, entry.currency, entry.rate, entry.doc_type);
    problems.check_text(&document::DESCRIPTION, entry.description, 255, false);
    problems.check_text(&document::PAYMENT_REF, entry.payment_ref, 40, false);
    if let Some(problem) = payment_ref_problem(&ledger.settings, entry.doc_type, entry.payment_ref, entry.hold) {
        problems.0.push(problem);
    }
    (existing, header)
}

/// The document being edited, checked to be editable, or `None` for a new one.
fn editable_document<'a>(ledger: &'a Ledger, problems: &mut Problems, id: Option<DocId>, allowed: &[DocType]) -> Option<&'a Document> {
    let id = id?;
    match ledger.documents.get(&id) {
        None => {
            problems.add(FieldPath::FORM, ProblemKind::Unknown, "The document no longer exists");
            None
        }
        Some(doc) if !allowed.contains(&doc.doc_type) => {
            problems.add(
                FieldPath::FORM,
                ProblemKind::NotAllowed,
                format!("Document {} is a {}, which is not entered here", doc.ref_nbr, doc.doc_type.label().to_lowercase()),
            );
            None
        }
        Some(doc) if doc.status.is_released() => {
            problems.add(FieldPath::FORM, ProblemKind::NotAllowed, format!("{} {} is released and cannot be changed", doc.doc_type.label(), doc.ref_nbr));
            None
        }
        Some(doc) => Some(doc),
    }
}

/// Picks the reference number of a new document from its series, or checks a typed one.
fn assign_ref(ledger: &Ledger, settings: &mut Settings, problems: &mut Problems, doc_type: DocType, typed: &str) -> String {
    let kind = SeriesKind::of(doc_type);
    let series = settings.series.entry(kind).or_insert_with(|| kind.default_series());
    if series.manual_numbering {
        let typed = typed.trim().to_uppercase();
        problems.check_id(&document::REF_NBR, &typed, 15);
        if ledger.document_by_ref(doc_type, &typed).is_some() {
            problems.add(document::REF_NBR, ProblemKind::Duplicate, format!("{} {typed} already exists", doc_type.label()));
        }
        return typed;
    }
    // Types sharing a series share its numbers, so a number is free only when no type
    // of the series has it. A number typed by hand earlier may collide; skip it.
    let sharing: Vec<DocType> = DocType::INVOICE_LIKE.into_iter().chain(DocType::PAYMENT_LIKE).filter(|t| SeriesKind::of(*t) == kind).collect();
    let mut candidate = series.peek();
    while sharing.iter().any(|t| ledger.document_by_ref(*t, &candidate).is_some()) {
        series.next_number += 1;
        candidate = series.peek();
    }
    series.next_number += 1;
    candidate
}

/// The id and number of the document being saved: kept when editing, new (from the
/// series) when it is a new document.
fn identity(
    ledger: &Ledger,
    settings: &mut Settings,
    problems: &mut Problems,
    existing: Option<&Document>,
    draft_id: Option<DocId>,
    doc_type: DocType,
    typed_ref: &str,
) -> (DocId, String) {
    match existing {
        Some(doc) => (doc.id, doc.ref_nbr.clone()),
        // The draft names a document that could not be edited; the problem is already reported.
        None if draft_id.is_some() => (DocId(0), String::new()),
        None => {
            let ref_nbr = assign_ref(ledger, settings, problems, doc_type, typed_ref);
            (next_document_id(settings), ref_nbr)
        }
    }
}

/// The change of a saved document, with the counters when a number was taken.
fn document_change(ledger: &Ledger, document: Document, settings: Settings) -> Change {
    let mut puts = vec![Record::Document(document)];
    puts.extend(crate::ledger::settings_puts(&ledger.settings, &settings));
    Change { puts, deletes: vec![] }
}

pub(crate) fn next_document_id(settings: &mut Settings) -> DocId {
    let id = DocId(settings.next_document_id);
    settings.next_document_id += 1;
    id
}

fn initial_status(hold: bool) -> DocStatus {
    if hold {
        DocStatus::OnHold
    } else {
        DocStatus::Balanced
    }
}

/// Checks applications from a credit (or a refund) of `source_type` and `customer_id`
/// in `currency`; `field_prefix` names the form rows. Each must be to a document
/// `applications::target_problem` accepts (the list a window offers is
/// `applications::application_targets`, the same rule), for more than zero and at
/// most its balance.
pub(crate) fn check_applications(
    ledger: &Ledger,
    problems: &mut Problems,
    source_type: DocType,
    source_date: Option<NaiveDate>,
    customer_id: &str,
    currency: Option<&Currency>,
    drafts: &[ApplicationDraft],
) -> Vec<Application> {
    use crate::documents::applications::{target_problem, ApplicationSource, TargetProblem};
    let source = ApplicationSource { doc_type: source_type, customer_id, currency: currency.map(|c| c.code.as_str()) };
    let mut applications = Vec::with_capacity(drafts.len());
    let mut seen = BTreeSet::new();
    for (idx, app) in drafts.iter().enumerate() {
        let field = document::application(idx, ApplicationColumn::Amount);
        let Some(target) = ledger.documents.get(&app.target) else {
            problems.add(&field, ProblemKind::Unknown, "The document no longer exists");
            continue;
        };
        let name = format!("{} {}", target.doc_type.label(), target.ref_nbr);
        if !seen.insert(app.target) {
            problems.add(&field, ProblemKind::Duplicate, format!("{name} is listed twice"));
            continue;
        }
        match target_problem(ledger, &source, target) {
            Some(TargetProblem::WrongKind) => {
                let rule = if source_type.applies_to_credits() {
                    "A refund is applied to payments, prepayments and credit notes"
                } else {
                    "Payments, prepayments and credit notes are applied to invoices, debit notes and overdue charges"
                };
                problems.add(&field, ProblemKind::Mismatch, format!("{rule}; {name} is none of them"));
            }
            Some(TargetProblem::OtherCustomer) => problems.add(
                &field,
                ProblemKind::Mismatch,
                format!("{name} belongs to another customer (and not to a child of {customer_id} with Consolidate balance)"),
            ),
            Some(TargetProblem::NotOpen(status)) => problems.add(&field, ProblemKind::NotAllowed, format!("{name} is {}, not open", status.label())),
            Some(TargetProblem::OtherCurrency) => problems.add(&field, ProblemKind::Mismatch, format!("{name} is in {}", target.currency)),
            None => {}
        }
        let Some(cur) = currency else { continue };
        let discount = check_discount(ledger, problems, &document::application(idx, ApplicationColumn::Discount), app, target, source_type, source_date, cur);
        match ledger.settings.numbers().parse_amount(&app.amount, cur) {
            Err(e) => problems.number(&field, &e),
            Ok(a) if a <= Decimal::ZERO => problems.add(&field, ProblemKind::OutOfRange, "Must be more than zero"),
            Ok(a) if a + discount > target.balance => {
                problems.add(&field, ProblemKind::OutOfRange, format!("More than the balance of {}", ledger.settings.numbers().decimal(target.balance)))
            }
            Ok(a) => applications.push(Application::planned(app.target, a, discount)),
        }
    }
    applications
}

/// The cash discount of one application (R4.9): only with a payment or prepayment
/// dated on or before the target's cash-discount date, at most what its terms give
/// less what earlier payments took (`auto_apply::discount_left`). Zero when none is
/// typed.
#[allow(clippy::too_many_arguments)]
fn check_discount(
    ledger: &Ledger,
    problems: &mut Problems,
    field: &FieldPath,
    app: &ApplicationDraft,
    target: &Document,
    source_type: DocType,
    source_date: Option<NaiveDate>,
    currency: &Currency,
) -> Decimal {
    if app.discount.trim().is_empty() {
        return Decimal::ZERO;
    }
    let discount = match ledger.settings.numbers().parse_amount(&app.discount, currency) {
        Ok(d) if d >= Decimal::ZERO => d,
        Ok(_) => {
            problems.add(field, ProblemKind::OutOfRange, "Must be zero or more");
            return Decimal::ZERO;
        }
        Err(e) => {
            problems.number(field, &e);
            return Decimal::ZERO;
        }
    };
    if discount.is_zero() {
        return discount;
    }
    let name = format!("{} {}", target.doc_type.label(), target.ref_nbr);
    // Without a valid date the date's own problem is shown.
    let Some(paid_on) = source_date else { return discount };
    let left = crate::documents::auto_apply::discount_left(ledger, source_type, target, paid_on);
    if !source_type.takes_cash_discount() {
        problems.add(field, ProblemKind::NotAllowed, "A cash discount is taken only with a payment or prepayment");
    } else if let Some(last_day) = target.cash_discount_date.filter(|_| !target.cash_discount.is_zero()) {
        if paid_on > last_day {
            problems.add(field, ProblemKind::NotAllowed, format!("The cash discount of {name} ended on {last_day}"));
        } else if discount > left {
            problems.add(field, ProblemKind::OutOfRange, format!("{name} gives a cash discount of at most {left}"));
        }
    } else {
        problems.add(field, ProblemKind::Unknown, format!("{name} has no cash discount in its terms"));
    }
    discount
}

/// The lines of an invoice-like document as typed, each problem at its cell
/// (`lines.N.quantity` …): numbers that parse and are not negative, a discount of
/// 0–100 %, a VAT category with a rate on the document's `date`, and a product under
/// the ledger's limit. The lines that pass, built in `currency`.
fn check_lines(
    ledger: &Ledger,
    problems: &mut Problems,
    drafts: &[crate::documents::draft::LineDraft],
    date: Option<NaiveDate>,
    currency: Option<&Currency>,
) -> Vec<InvoiceLine> {
    let mut lines = Vec::with_capacity(drafts.len());
    for (idx, line) in drafts.iter().enumerate() {
        let field = |column: LineColumn| document::line(idx, column);
        problems.check_text(&field(LineColumn::Description), &line.description, 255, false);
        let not_negative = |n: Decimal| if n.is_sign_negative() && !n.is_zero() { Err(NumberError::Negative) } else { Ok(n) };
        let quantity = ledger.settings.numbers().parse(&line.quantity, 4).and_then(not_negative);
        let unit_price = ledger.settings.numbers().parse(&line.unit_price, 4).and_then(not_negative);
        let discount = if line.discount_pct.trim().is_empty() { Ok(Decimal::ZERO) } else { ledger.settings.numbers().parse(&line.discount_pct, 2) };
        if let Err(e) = &quantity {
            problems.number(field(LineColumn::Quantity), e);
        }
        if let Err(e) = &unit_price {
            problems.number(field(LineColumn::UnitPrice), e);
        }
        match &discount {
            Err(e) => problems.number(field(LineColumn::DiscountPct), e),
            Ok(d) if *d < Decimal::ZERO || *d > Decimal::ONE_HUNDRED => {
                problems.add(field(LineColumn::DiscountPct), ProblemKind::OutOfRange, "Must be from 0 to 100")
            }
            Ok(_) => {}
        }
        match (ledger.settings.vat_category(&line.vat_category), date) {
            (None, _) => problems.add(field(LineColumn::VatCategory), ProblemKind::Required, "Choose a VAT category"),
            (Some(category), Some(date)) if category.rate_on(date).is_none() => {
                problems.add(field(LineColumn::VatCategory), ProblemKind::Unknown, format!("VAT category {} has no rate effective on {date}", category.id))
            }
            _ => {}
        }
        if let (Ok(q), Ok(p), Ok(d), Some(cur)) = (quantity, unit_price, discount, currency) {
            // Each factor is under 10^15; their product may not be.
            match InvoiceLine::new(line.description.trim(), q, p, d, &line.vat_category, cur) {
                Some(built) => lines.push(built),
                // A discount outside 0–100 is reported above.
                None if valid_pct(d) => problems.add(
                    field(LineColumn::UnitPrice),
                    ProblemKind::OutOfRange,
                    format!("Quantity × unit price must stay under {}", ledger.settings.numbers().amount(MAX_AMOUNT, 0)),
                ),
                None => {}
            }
        }
    }
    lines
}

pub(crate) fn save_invoice(ledger: &Ledger, draft: &InvoiceDraft, today: NaiveDate) -> Result<Change, Vec<Problem>> {
    let mut settings = ledger.settings.clone();
    let document = invoice_document(ledger, &mut settings, draft, today)?;
    Ok(document_change(ledger, document, settings))
}

/// The invoice-like document `draft` saves, checked as [`save_invoice`] checks it; a
/// new one takes its id and number from `settings` (moving their counters), so
/// several can be made in a row before one change is committed (schedules, R7.5).
pub(crate) fn invoice_document(ledger: &Ledger, settings: &mut Settings, draft: &InvoiceDraft, today: NaiveDate) -> Result<Document, Vec<Problem>> {
    let mut problems = Problems::default();
    let doc_type = draft.doc_type;
    if !doc_type.is_invoice_like() {
        return Err(vec![Problem::new(
            document::DOC_TYPE,
            ProblemKind::NotAllowed,
            format!("A {} is not entered as an invoice", doc_type.label().to_lowercase()),
        )]);
    }
    let (existing, header) = check_entry(
        ledger,
        &mut problems,
        Entry {
            id: draft.id,
            doc_type,
            customer_id: &draft.customer_id,
            date: &draft.date,
            currency: &draft.currency,
            rate: &draft.rate,
            description: &draft.description,
            payment_ref: &draft.payment_ref,
            hold: draft.hold,
        },
    );
    let terms = header.customer.and_then(|c| ledger.settings.terms_by_id(&c.terms_id));
    // Only invoices and debit notes fall due; notes that pay back and cash documents do not.
    let falls_due = doc_type.is_debit();
    let due_date = if !falls_due {
        None
    } else if draft.due_date.trim().is_empty() {
        // Without terms (a customer that does not exist is reported above) the due
        // date is the document date.
        header.date.and_then(|d| terms.map_or(Some(d), |t| t.due_date(d)))
    } else {
        match parse_date(&draft.due_date) {
            Ok(d) => {
                if header.date.is_some_and(|date| d < date) {
                    problems.add(document::DUE_DATE, ProblemKind::OutOfRange, "The due date cannot be before the document date");
                }
                Some(d)
            }
            Err(message) => {
                problems.date(document::DUE_DATE, &draft.due_date, message);
                None
            }
        }
    };
    let cash_discount_date = match (terms, header.date) {
        (Some(t), Some(date)) if falls_due => t.cash_discount_date(date),
        _ => None,
    };
    if draft.lines.is_empty() {
        problems.add(document::LINES, ProblemKind::Required, "Add at least one line");
    }
    let lines = check_lines(ledger, &mut problems, &draft.lines, header.date, header.currency.as_ref());
    let applications = if doc_type == DocType::CreditNote {
        check_applications(ledger, &mut problems, doc_type, header.date, &draft.customer_id, header.currency.as_ref(), &draft.applications)
    } else {
        if !draft.applications.is_empty() {
            problems.add(document::APPLICATIONS, ProblemKind::NotAllowed, format!("A {} is not applied to other documents", doc_type.label().to_lowercase()));
        }
        Vec::new()
    };
    let (id, ref_nbr) = identity(ledger, settings, &mut problems, existing, draft.id, doc_type, &draft.ref_nbr);
    if !problems.is_empty() {
        return Err(problems.0);
    }
    let (Some(customer), Some(date), Some(currency), Some(rate)) = (header.customer, header.date, header.currency, header.rate) else {
        return Err(vec![Problem::form(ProblemKind::Other, "The document is incomplete")]);
    };
    let vat_lines = vat_lines_of(&lines, &ledger.settings, &currency, date);
    let total: Decimal = lines.iter().map(|l| l.amount).sum::<Decimal>() + vat_lines.iter().map(|v| v.vat).sum::<Decimal>();
    if !within_limit(total) {
        return Err(vec![Problem::new(
            document::LINES,
            ProblemKind::OutOfRange,
            format!("The document total must stay under {}", ledger.settings.numbers().amount(MAX_AMOUNT, 0)),
        )]);
    }
    let cash_discount = match (cash_discount_date, terms) {
        (Some(_), Some(t)) => currency.round(total * t.discount_pct / Decimal::ONE_HUNDRED),
        _ => Decimal::ZERO,
    };
    let applied: Decimal = applications.iter().map(|a| a.amount).sum();
    if applied > total {
        return Err(vec![Problem::new(
            document::APPLICATIONS,
            ProblemKind::Mismatch,
            format!("The applications ({applied}) are more than the credit note total ({total})"),
        )]);
    }
    let control_total = if draft.control_total.trim().is_empty() { None } else { ledger.settings.numbers().parse_amount(&draft.control_total, &currency).ok() };
    if ledger.settings.validate_totals_on_entry {
        if let Some(problem) = control_total_problem(&draft.control_total, &currency, total, draft.hold, ledger.settings.numbers()) {
            return Err(vec![problem]);
        }
    }
    let document = Document {
        id,
        doc_type,
        ref_nbr,
        customer_id: customer.id.clone(),
        date,
        due_date,
        cash_discount,
        cash_discount_date,
        currency: currency.code.clone(),
        rate,
        rate_typed: header.rate_typed,
        description: draft.description.trim().to_string(),
        payment_ref: draft.payment_ref.trim().to_string(),
        status: initial_status(draft.hold),
        lines,
        vat_lines,
        total,
        balance: total,
        applications,
        voids: None,
        released_on: None,
        control_total,
        journal: Vec::new(),
        journal_entry: None,
        credit_hold_reason: String::new(),
        credit_approved: false,
        // Invoices entered while the customer has *Apply overdue charges* carry it; the
        // document's own check box can set it on one entered before (seed 002).
        overdue_charges: crate::documents::form::overdue_charges_of(doc_type, draft.overdue_charges, existing, customer.dunning.overdue_charges),
        overdue_charged_to: None,
        printed: false,
        emailed: false,
        printed_on: Vec::new(),
        emailed_on: Vec::new(),
        skipped_print_on: Vec::new(),
        skipped_email_on: Vec::new(),
        // A template stays one, a generated document stays linked to its occurrence.
        schedule: existing.and_then(|d| d.schedule),
        dunning: None,
    };
    if existing.is_some_and(|d| d.status == DocStatus::Scheduled) {
        // R7.2: a template can be edited at any time and stays Scheduled; it is never
        // released, so neither delivery nor credit holds it.
        return Ok(Document { status: DocStatus::Scheduled, ..document });
    }
    let document = delivery_checked(ledger, document, existing, customer);
    Ok(credit_checked(ledger, document, existing, today))
}

/// R4.5: an invoice keeps *printed* and *emailed* while its customer and total stay
/// (what was sent is still right); out of Hold it is Pending print or Pending email
/// while the preferences ask for a printout or an email it has not had.
fn delivery_checked(ledger: &Ledger, mut document: Document, existing: Option<&Document>, customer: &Customer) -> Document {
    // The history of prints and emails stays with the document whatever changes.
    if let Some(old) = existing {
        document.printed_on = old.printed_on.clone();
        document.emailed_on = old.emailed_on.clone();
        document.skipped_print_on = old.skipped_print_on.clone();
        document.skipped_email_on = old.skipped_email_on.clone();
    }
    if let Some(old) = existing.filter(|old| old.customer_id == document.customer_id && old.total == document.total) {
        document.printed = old.printed;
        document.emailed = old.emailed;
    }
    if document.status == DocStatus::Balanced {
        document.status = crate::documents::invoice_delivery::ready_status(&ledger.settings, Some(customer), &document);
    }
    document
}

/// R4.14: a debit document that breaks its customer's credit rule is saved on Credit
/// hold with the reason, unless a credit controller approved it and its total is
/// unchanged since.
fn credit_checked(ledger: &Ledger, mut document: Document, existing: Option<&Document>, today: NaiveDate) -> Document {
    let approved = existing.is_some_and(|old| old.credit_approved && old.total == document.total);
    if approved {
        document.credit_approved = true;
        return document;
    }
    if document.status != DocStatus::OnHold {
        if let Err(reason) = crate::documents::credit::check_credit(ledger, &document, today) {
            document.status = DocStatus::CreditHold;
            document.credit_hold_reason = reason;
        }
    }
    document
}

/// R4.6: with totals validated on entry, the typed total must equal the computed one
/// before the document leaves Hold. `None` when it may be saved as it is.
fn control_total_problem(typed: &str, currency: &Currency, total: Decimal, hold: bool, numbers: NumberFormat) -> Option<Problem> {
    let computed = numbers.amount(total, currency.minor_units);
    match numbers.parse_amount(typed, currency) {
        Ok(t) if t == total => None,
        _ if hold => None,
        Ok(t) => Some(Problem::new(
            document::CONTROL_TOTAL,
            ProblemKind::Mismatch,
            format!(
                "The typed total {} differs from the lines' total {computed}; the document stays on Hold until they agree",
                numbers.amount(t, currency.minor_units)
            ),
        )),
        Err(NumberError::Empty) => {
            Some(Problem::new(document::CONTROL_TOTAL, ProblemKind::Required, format!("Type the document total ({computed}) before it leaves Hold")))
        }
        Err(e) => Some(Problem::new(document::CONTROL_TOTAL, e.kind(), e.to_string())),
    }
}

/// R4.6: with a payment reference required, a payment or cash document cannot leave
/// Hold without one.
fn payment_ref_problem(settings: &Settings, doc_type: DocType, payment_ref: &str, hold: bool) -> Option<Problem> {
    let needs_ref = DocType::PAYMENT_LIKE.contains(&doc_type) || doc_type.is_cash();
    (settings.require_payment_ref_on_entry && needs_ref && !hold && payment_ref.trim().is_empty())
        .then(|| Problem::new(document::PAYMENT_REF, ProblemKind::Required, "Required before the document leaves Hold"))
}

pub(crate) fn save_payment(ledger: &Ledger, draft: &PaymentDraft) -> Result<Change, Vec<Problem>> {
    let mut problems = Problems::default();
    let doc_type = draft.doc_type;
    if !DocType::PAYMENT_LIKE.contains(&doc_type) {
        return Err(vec![Problem::new(
            document::DOC_TYPE,
            ProblemKind::NotAllowed,
            format!("A {} is not entered as a payment", doc_type.label().to_lowercase()),
        )]);
    }
    let (existing, header) = check_entry(
        ledger,
        &mut problems,
        Entry {
            id: draft.id,
            doc_type,
            customer_id: &draft.customer_id,
            date: &draft.date,
            currency: &draft.currency,
            rate: &draft.rate,
            description: &draft.description,
            payment_ref: &draft.payment_ref,
            hold: draft.hold,
        },
    );
    let amount = header.currency.as_ref().map(|cur| {
        ledger.settings.numbers().parse_amount(&draft.amount, cur).and_then(|a| if a <= Decimal::ZERO { Err(NumberError::NotPositive) } else { Ok(a) })
    });
    if let Some(Err(e)) = &amount {
        problems.number(document::AMOUNT, e);
    }
    let applications = check_applications(ledger, &mut problems, doc_type, header.date, &draft.customer_id, header.currency.as_ref(), &draft.applications);
    if let Some(Ok(amount)) = &amount {
        let applied: Decimal = applications.iter().map(|a| a.amount).sum();
        if applied > *amount {
            problems.add(document::AMOUNT, ProblemKind::Mismatch, format!("The applications ({applied}) are more than the amount"));
        }
    }
    let mut settings = ledger.settings.clone();
    let (id, ref_nbr) = identity(ledger, &mut settings, &mut problems, existing, draft.id, doc_type, &draft.ref_nbr);
    if !problems.is_empty() {
        return Err(problems.0);
    }
    let (Some(customer), Some(date), Some(currency), Some(rate), Some(Ok(amount))) = (header.customer, header.date, header.currency, header.rate, amount)
    else {
        return Err(vec![Problem::form(ProblemKind::Other, "The payment is incomplete")]);
    };
    let document = Document {
        id,
        doc_type,
        ref_nbr,
        customer_id: customer.id.clone(),
        date,
        due_date: None,
        cash_discount: Decimal::ZERO,
        cash_discount_date: None,
        currency: currency.code.clone(),
        rate,
        rate_typed: header.rate_typed,
        description: draft.description.trim().to_string(),
        payment_ref: draft.payment_ref.trim().to_string(),
        status: initial_status(draft.hold),
        lines: vec![],
        vat_lines: vec![],
        total: amount,
        balance: amount,
        applications,
        voids: None,
        released_on: None,
        control_total: None,
        journal: Vec::new(),
        journal_entry: None,
        credit_hold_reason: String::new(),
        credit_approved: false,
        overdue_charges: false,
        overdue_charged_to: None,
        printed: false,
        emailed: false,
        printed_on: Vec::new(),
        emailed_on: Vec::new(),
        skipped_print_on: Vec::new(),
        skipped_email_on: Vec::new(),
        schedule: None,
        dunning: None,
    };
    Ok(document_change(ledger, document, settings))
}

/// Why a recorded document may not be released under the data-entry preferences
/// (they may have been switched on after it was saved).
pub(crate) fn entry_rules_problem(settings: &Settings, doc: &Document) -> Option<String> {
    if settings.validate_totals_on_entry && doc.doc_type.is_invoice_like() && doc.control_total != Some(doc.total) {
        return Some(format!("{} {}: the typed total does not equal the computed total", doc.doc_type.label(), doc.ref_nbr));
    }
    payment_ref_problem(settings, doc.doc_type, &doc.payment_ref, false)
        .map(|_| format!("{} {}: a payment ref. is required", doc.doc_type.label(), doc.ref_nbr))
}

pub(crate) fn delete_document(ledger: &Ledger, id: DocId) -> Result<Change, Vec<Problem>> {
    let Some(doc) = ledger.documents.get(&id) else {
        return Err(vec![Problem::form(ProblemKind::Unknown, "The document no longer exists")]);
    };
    if doc.status.is_released() {
        return Err(vec![Problem::form(ProblemKind::NotAllowed, format!("{} {} is released and cannot be deleted", doc.doc_type.label(), doc.ref_nbr))]);
    }
    if let Some(crate::documents::document::ScheduleLink::Template(schedule)) = doc.schedule.filter(|_| doc.status == DocStatus::Scheduled) {
        return Err(vec![Problem::form(
            ProblemKind::NotAllowed,
            format!("{} {} is a template of schedule {schedule}: remove it from the schedule instead", doc.doc_type.label(), doc.ref_nbr),
        )]);
    }
    // A generated document may go; its occurrence stays generated (R7.6), so no run
    // makes it again.
    let puts = crate::schedules::forget_generated(ledger, doc).into_iter().map(Record::Schedule).collect();
    Ok(Change { puts, deletes: vec![RecordKey::Document(id)] })
}
