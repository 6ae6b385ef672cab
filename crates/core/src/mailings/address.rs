//! Email addresses as the queue keeps them (`Name <address>`), and the header check
//! that keeps CR, LF and NUL out of every header value (mail-builder does not).

use serde::{Deserialize, Serialize};

use crate::base::problem::is_valid_email;

/// One mailbox: a display name (may be empty) and an address.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Mailbox {
    pub name: String,
    pub address: String,
}

impl Mailbox {
    pub fn new(name: &str, address: &str) -> Mailbox {
        Mailbox { name: name.trim().to_string(), address: address.trim().to_string() }
    }

    /// `Name <address>`, or the bare address when there is no name.
    pub fn display(&self) -> String {
        if self.name.is_empty() {
            self.address.clone()
        } else {
            format!("{} <{}>", self.name, self.address)
        }
    }

    /// The part after the `@`, for the Message-ID.
    pub fn domain(&self) -> &str {
        self.address.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
    }
}

/// Why a header value cannot be used: it holds a line break or NUL (header
/// injection), or `None` when it is fine.
pub fn header_injection(value: &str) -> Option<String> {
    let bad = value.chars().find(|c| matches!(c, '\r' | '\n' | '\0'))?;
    let name = match bad {
        '\r' => "a carriage return",
        '\n' => "a line break",
        _ => "a NUL character",
    };
    Some(format!("Contains {name}: a header must be one line"))
}

/// Reads a list of mailboxes as a user types them: separated by `;` or `,`, each
/// `address`, `<address>` or `Name <address>` (the name may be quoted). An empty text
/// is an empty list. Every problem is one message naming the first bad entry.
pub fn parse_mailboxes(text: &str) -> Result<Vec<Mailbox>, String> {
    if let Some(problem) = header_injection(text) {
        return Err(problem);
    }
    let mut out = Vec::new();
    for part in split_list(text) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let mailbox = match (part.rfind('<'), part.ends_with('>')) {
            (Some(open), true) => {
                let name = part[..open].trim().trim_matches('"').trim();
                Mailbox::new(name, &part[open + 1..part.len() - 1])
            }
            (None, false) => Mailbox::new("", part),
            _ => return Err(format!("\"{part}\" is not written as Name <address>")),
        };
        if !is_valid_email(&mailbox.address) {
            return Err(format!("\"{}\" is not an email address", mailbox.address));
        }
        out.push(mailbox);
    }
    Ok(out)
}

/// Splits at `;` and `,` outside double quotes (a quoted name may hold a comma).
fn split_list(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            ';' | ',' if !quoted => parts.push(std::mem::take(&mut current)),
            _ => {
                quoted ^= c == '"';
                current.push(c);
            }
        }
    }
    parts.push(current);
    parts
}

/// The mailboxes as one line, the way [`parse_mailboxes`] reads them back.
pub fn format_mailboxes(list: &[Mailbox]) -> String {
    list.iter()
        .map(|m| if m.name.contains([',', ';', '<', '>']) { format!("\"{}\" <{}>", m.name.replace('"', ""), m.address) } else { m.display() })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_quoted_names_and_bare_addresses() {
        let list = parse_mailboxes("Kari Nordmann <kari@example.no>; ola@example.no, \"Berg, Per\" <per@example.no>").unwrap();
        assert_eq!(
            list,
            vec![Mailbox::new("Kari Nordmann", "kari@example.no"), Mailbox::new("", "ola@example.no"), Mailbox::new("Berg, Per", "per@example.no")]
        );
        assert_eq!(parse_mailboxes(&format_mailboxes(&list)).unwrap(), list);
        assert_eq!(parse_mailboxes(" ; ").unwrap(), vec![]);
    }

    #[test]
    fn refuses_bad_addresses_and_line_breaks() {
        assert!(parse_mailboxes("not an address").unwrap_err().contains("not an email address"));
        assert!(parse_mailboxes("Kari <kari@example.no").unwrap_err().contains("Name <address>"));
        assert!(parse_mailboxes("kari@example.no\r\nBcc: x@y.no").unwrap_err().contains("carriage return"));
        assert!(parse_mailboxes("kari@example.no\0").unwrap_err().contains("NUL"));
    }
}
