//! The message an email leaves as (SPEC R12.3): RFC 5322 + MIME, built with
//! mail-builder. Non-ASCII names and subjects are encoded, lines stay within 998
//! octets, the Message-ID is in the sender's domain, the Date is the business date.
//!
//! Every header value is checked for CR, LF and NUL first (mail-builder does not), and
//! the MIME boundaries are made from the Message-ID: mail-builder's own read the clock,
//! which the core does not have (and which panics in the browser).

use std::borrow::Cow;

use mail_builder::headers::address::Address;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::date::Date;
use mail_builder::mime::{BodyPart, MimePart};
use mail_builder::MessageBuilder;

use super::address::{header_injection, Mailbox};
use super::email::Email;
use crate::base::problem::{is_valid_email, Problem, ProblemKind, Problems};
use crate::fields::{email as field, FieldPath};

/// Checks what goes into the headers: no line breaks or NUL anywhere, a sender, at
/// least one recipient, every address valid, a subject.
pub fn check_headers(email: &Email) -> Result<(), Vec<Problem>> {
    let mut problems = Problems::default();
    let mut check = |path: &FieldPath, value: &str| {
        if let Some(why) = header_injection(value) {
            problems.add(path.clone(), ProblemKind::Format, why);
            false
        } else {
            true
        }
    };
    let mut lists_ok = true;
    for (path, list) in
        [(&field::FROM, std::slice::from_ref(&email.from)), (&field::TO, &email.to[..]), (&field::CC, &email.cc[..]), (&field::BCC, &email.bcc[..])]
    {
        for m in list {
            lists_ok &= check(path, &m.name) & check(path, &m.address);
        }
    }
    check(&field::SUBJECT, &email.subject);
    for (i, a) in email.attachments.iter().enumerate() {
        check(&field::attachment_name(i), &a.file_name);
        check(&field::attachment_name(i), &a.mime);
    }
    if lists_ok {
        if !is_valid_email(&email.from.address) {
            problems.add(field::FROM, ProblemKind::Format, format!("\"{}\" is not an email address", email.from.address));
        }
        for (path, list) in [(&field::TO, &email.to), (&field::CC, &email.cc), (&field::BCC, &email.bcc)] {
            if let Some(bad) = list.iter().find(|m| !is_valid_email(&m.address)) {
                problems.add(path.clone(), ProblemKind::Format, format!("\"{}\" is not an email address", bad.address));
            }
        }
        if email.recipients().next().is_none() {
            problems.add(field::TO, ProblemKind::Required, "Enter at least one recipient");
        }
    }
    if email.subject.trim().is_empty() {
        problems.add(field::SUBJECT, ProblemKind::Required, "Required");
    }
    problems.into_result(|| ())
}

fn address(m: &Mailbox) -> Address<'_> {
    if m.name.is_empty() {
        Address::new_address(None::<&str>, m.address.as_str())
    } else {
        Address::new_address(Some(m.name.as_str()), m.address.as_str())
    }
}

fn list(mailboxes: &[Mailbox]) -> Address<'_> {
    Address::new_list(mailboxes.iter().map(address).collect())
}

/// A boundary no part's text can hold by chance: made from the Message-ID's hash.
fn boundary(email: &Email, n: u8) -> String {
    // FNV-1a, 64 bits: stable across builds and platforms.
    let hash = email.message_id.bytes().fold(0xcbf29ce484222325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3));
    format!("=_rsk{n}_{hash:016x}")
}

fn multipart<'x>(kind: &'x str, boundary: String, parts: Vec<MimePart<'x>>) -> MimePart<'x> {
    MimePart::new(ContentType::new(kind).attribute("boundary", boundary), BodyPart::Multipart(parts))
}

/// Text with CRLF line ends, as RFC 5322 wants them (typed text has LF or CRLF).
fn crlf(text: &str) -> Cow<'_, str> {
    if !text.contains('\n') || !text.replace("\r\n", "").contains(['\r', '\n']) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n").replace('\n', "\r\n"))
    }
}

/// The body: the text, or text and HTML as alternatives, then the attachments.
fn body(email: &Email) -> MimePart<'_> {
    let text = MimePart::new(ContentType::new("text/plain"), BodyPart::Text(crlf(&email.text_body)));
    let content = if email.html_body.is_empty() {
        text
    } else {
        let html = MimePart::new(ContentType::new("text/html"), BodyPart::Text(crlf(&email.html_body)));
        multipart("multipart/alternative", boundary(email, 1), vec![text, html])
    };
    if email.attachments.is_empty() {
        return content;
    }
    let mut parts = vec![content];
    for a in &email.attachments {
        parts.push(MimePart::new(ContentType::new(a.mime.as_str()), BodyPart::Binary(Cow::Borrowed(a.bytes.as_slice()))).attachment(a.file_name.as_str()));
    }
    multipart("multipart/mixed", boundary(email, 0), parts)
}

/// The whole message, CRLF line ends. Refused (with every problem at its field) when a
/// header would be unsafe or incomplete.
pub fn build_message(email: &Email) -> Result<Vec<u8>, Vec<Problem>> {
    check_headers(email)?;
    let date = email.prepared_on.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp()).unwrap_or_default();
    let mut builder = MessageBuilder::new()
        .message_id(email.message_id.as_str())
        .date(Date::new(date))
        .from(address(&email.from))
        .subject(email.subject.as_str())
        .body(body(email));
    if !email.to.is_empty() {
        builder = builder.to(list(&email.to));
    }
    if !email.cc.is_empty() {
        builder = builder.cc(list(&email.cc));
    }
    if !email.bcc.is_empty() {
        builder = builder.bcc(list(&email.bcc));
    }
    builder.write_to_vec().map_err(|e| vec![Problem::form(ProblemKind::Other, format!("The message could not be built: {e}"))])
}
