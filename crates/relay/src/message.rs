//! What the relay needs from a raw RFC 5322 message: its envelope (who sends, who
//! receives) and the bytes to transmit, which are the bytes received without the Bcc field.

use std::collections::HashSet;

use lettre::Address;
use mail_parser::{HeaderName, MessageParser};

/// A message that passed the checks, ready to forward.
#[derive(Debug, PartialEq, Eq)]
pub struct Outgoing {
    /// The envelope sender (MAIL FROM).
    pub from: Address,
    /// Every recipient of To, Cc and Bcc, each once (RCPT TO).
    pub recipients: Vec<Address>,
    /// The message as received, less its Bcc header field.
    pub data: Vec<u8>,
}

/// Parses `raw` and derives the envelope: the sender from From (Sender when From has no
/// address), the recipients from every To, Cc and Bcc field. An error says what is wrong.
pub fn prepare(raw: &[u8]) -> Result<Outgoing, String> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err("the message is empty".to_string());
    }
    if header_section_len(raw).is_none() {
        return Err("the message has no header section (no `Name: value` field on its first line)".to_string());
    }
    let message = MessageParser::default().parse(raw).ok_or("the message could not be parsed")?;
    let first_address = |name: HeaderName| {
        message.headers().iter().filter(|h| h.name == name).filter_map(|h| h.value.as_address()).flat_map(|a| a.iter()).find_map(|a| a.address())
    };
    let from = first_address(HeaderName::From).or_else(|| first_address(HeaderName::Sender)).ok_or("the message has no From address")?;
    let from = parse_address(from)?;

    let mut seen = HashSet::new();
    let mut recipients = Vec::new();
    for header in message.headers() {
        if !matches!(header.name, HeaderName::To | HeaderName::Cc | HeaderName::Bcc) {
            continue;
        }
        for addr in header.value.as_address().into_iter().flat_map(|a| a.iter()) {
            let Some(text) = addr.address() else { continue };
            let address = parse_address(text)?;
            if seen.insert(address.to_string().to_ascii_lowercase()) {
                recipients.push(address);
            }
        }
    }
    if recipients.is_empty() {
        return Err("the message has no recipient in To, Cc or Bcc".to_string());
    }
    Ok(Outgoing { from, recipients, data: strip_bcc(raw) })
}

fn parse_address(text: &str) -> Result<Address, String> {
    text.trim().parse::<Address>().map_err(|e| format!("`{text}` is not a valid email address ({e})"))
}

/// The message without its Bcc header fields (RFC 5322 §3.6.3: Bcc must not be
/// transmitted), continuation lines of a folded Bcc included. Every other byte is kept as
/// it is, line ends (CRLF or LF) too. The body is never touched.
pub fn strip_bcc(raw: &[u8]) -> Vec<u8> {
    let header_end = header_section_len(raw).unwrap_or(0);
    let mut out = Vec::with_capacity(raw.len());
    let mut in_bcc = false;
    for line in raw[..header_end].split_inclusive(|&b| b == b'\n') {
        let continuation = matches!(line.first(), Some(b' ' | b'\t'));
        if !continuation {
            in_bcc = field_name(line).is_some_and(|name| name.eq_ignore_ascii_case(b"bcc"));
        }
        if !in_bcc {
            out.extend_from_slice(line);
        }
    }
    out.extend_from_slice(&raw[header_end..]);
    out
}

/// The length of the header fields, up to (not including) the empty line that ends them,
/// or the whole message if it has no body. None if the first line is not a header field.
fn header_section_len(raw: &[u8]) -> Option<usize> {
    let mut offset = 0;
    for line in raw.split_inclusive(|&b| b == b'\n') {
        if line == b"\r\n" || line == b"\n" {
            break;
        }
        if offset == 0 && field_name(line).is_none() {
            return None;
        }
        offset += line.len();
    }
    Some(offset)
}

/// The field name of a header line (`Name:` or the obsolete `Name :`), if it is one.
fn field_name(line: &[u8]) -> Option<&[u8]> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = line[..colon].trim_ascii_end();
    let printable = |b: &u8| (33..=126).contains(b) && *b != b':';
    (!name.is_empty() && name.iter().all(printable)).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSAGE: &str = "From: Ledger <ar@example.com>\r\n\
To: Anna <anna@example.org>, bo@example.org\r\n\
Cc: cc@example.org\r\n\
Bcc: hidden@example.net,\r\n\
 \tsecond-hidden@example.net\r\n\
Subject: Reminder\r\n\
Message-ID: <1@example.com>\r\n\
\r\n\
Bcc: this line is body text and stays\r\n\
.leading dot\r\n";

    #[test]
    fn bcc_with_its_continuation_lines_is_removed_and_nothing_else() {
        let expected = "From: Ledger <ar@example.com>\r\n\
To: Anna <anna@example.org>, bo@example.org\r\n\
Cc: cc@example.org\r\n\
Subject: Reminder\r\n\
Message-ID: <1@example.com>\r\n\
\r\n\
Bcc: this line is body text and stays\r\n\
.leading dot\r\n";
        assert_eq!(String::from_utf8(strip_bcc(MESSAGE.as_bytes())).unwrap(), expected);
    }

    #[test]
    fn bcc_is_matched_by_name_in_any_case_and_with_lf_line_ends() {
        let raw = "BCC : x@example.net\nbcc:y@example.net\n  z@example.net\nBcc-Note: kept\nTo: a@example.org\n\nbody\n";
        assert_eq!(String::from_utf8(strip_bcc(raw.as_bytes())).unwrap(), "Bcc-Note: kept\nTo: a@example.org\n\nbody\n");
    }

    #[test]
    fn a_message_without_bcc_or_without_body_is_unchanged() {
        let raw = "From: a@example.com\r\nTo: b@example.org\r\nSubject: x";
        assert_eq!(strip_bcc(raw.as_bytes()), raw.as_bytes());
        let last = "From: a@example.com\r\nTo: b@example.org\r\nBcc: c@example.org\r\n";
        assert_eq!(strip_bcc(last.as_bytes()), b"From: a@example.com\r\nTo: b@example.org\r\n");
    }

    #[test]
    fn envelope_takes_from_and_every_recipient_once() {
        let out = prepare(MESSAGE.as_bytes()).unwrap();
        assert_eq!(out.from.to_string(), "ar@example.com");
        let rcpts: Vec<String> = out.recipients.iter().map(|a| a.to_string()).collect();
        assert_eq!(rcpts, ["anna@example.org", "bo@example.org", "cc@example.org", "hidden@example.net", "second-hidden@example.net"]);
        assert!(!String::from_utf8_lossy(&out.data).contains("hidden@"));

        let twice = "From: a@example.com\r\nTo: b@example.org\r\nCc: B@example.org\r\nTo: group: c@example.org;\r\n\r\nx\r\n";
        let rcpts: Vec<String> = prepare(twice.as_bytes()).unwrap().recipients.iter().map(|a| a.to_string()).collect();
        assert_eq!(rcpts, ["b@example.org", "c@example.org"]);
    }

    #[test]
    fn sender_stands_in_when_from_has_no_address() {
        let raw = "From: undisclosed:;\r\nSender: robot@example.com\r\nTo: b@example.org\r\n\r\nx\r\n";
        assert_eq!(prepare(raw.as_bytes()).unwrap().from.to_string(), "robot@example.com");
    }

    #[test]
    fn messages_without_from_recipients_or_headers_are_refused() {
        assert!(prepare(b"").unwrap_err().contains("empty"));
        assert!(prepare(b"this is not a message at all\r\n").unwrap_err().contains("header"));
        assert!(prepare(b"\x00\xff\xfe garbage").is_err());
        assert!(prepare(b"To: b@example.org\r\n\r\nx\r\n").unwrap_err().contains("From"));
        assert!(prepare(b"From: a@example.com\r\nSubject: x\r\n\r\nx\r\n").unwrap_err().contains("recipient"));
        assert!(prepare(b"From: a@example.com\r\nTo: not an address\r\n\r\nx\r\n").is_err());
    }
}
