//! Many exported emails as one `.zip` of `.eml` files (SPEC R12.3), with `rawzip`
//! (no dependencies, reads no clock): stored, not compressed, so no compressor is in the
//! bundle; `.eml` files are mostly base64 that would not shrink much anyway.

use std::io::Write;

use rawzip::{CompressionMethod, ZipArchiveWriter};
use reskontra_core::mailings::message::build_message;
use reskontra_core::mailings::Email;

/// One queued email as its `.eml` bytes, or the problems of its headers in one line.
pub fn email_message(email: &Email) -> Result<Vec<u8>, String> {
    build_message(email).map_err(|problems| problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("; "))
}

/// Queued emails as one `.zip` of their `.eml` files, each named by
/// `Email::file_name`; the first email whose message cannot be built stops it.
pub fn email_archive(emails: &[Email]) -> Result<Vec<u8>, String> {
    let files = emails
        .iter()
        .map(|e| email_message(e).map(|bytes| (e.file_name(), bytes)).map_err(|why| format!("email {}: {why}", e.id)))
        .collect::<Result<Vec<_>, _>>()?;
    zip_files(&files)
}

/// The `(file name, bytes)` pairs as a zip archive; file names must differ.
pub fn zip_files(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    let mut output = Vec::new();
    let mut archive = ZipArchiveWriter::new(&mut output);
    for (name, bytes) in files {
        let failed = |e: &dyn std::fmt::Display| format!("{name}: {e}");
        let (mut entry, config) = archive.new_file(name.as_str()).compression_method(CompressionMethod::STORE).start().map_err(|e| failed(&e))?;
        let mut writer = config.wrap(&mut entry);
        writer.write_all(bytes).map_err(|e| failed(&e))?;
        let (_, descriptor) = writer.finish().map_err(|e| failed(&e))?;
        entry.finish(descriptor).map_err(|e| failed(&e))?;
    }
    archive.finish().map_err(|e| e.to_string())?;
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_read_back_from_the_archive() {
        let files = vec![("000001 Invoice.eml".to_string(), b"Subject: a\r\n\r\nbody\r\n".to_vec()), ("000002 Æøå.eml".to_string(), vec![0, 1, 2])];
        let bytes = zip_files(&files).unwrap();
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        let archive = rawzip::ZipArchive::from_slice(&bytes).unwrap();
        let mut entries = archive.entries();
        let mut read = Vec::new();
        while let Some(entry) = entries.next_entry().unwrap() {
            let name = entry.file_path().try_normalize().unwrap().as_ref().to_string();
            let wayfinder = entry.wayfinder();
            let data = archive.get_entry(wayfinder).unwrap().data().to_vec();
            read.push((name, data));
        }
        assert_eq!(read, files);
    }

    #[test]
    fn an_archive_holds_each_emails_message_under_its_file_name() {
        use reskontra_core::mailings::Mailbox;
        let email = |id: u32, subject: &str| Email {
            id,
            message_id: format!("{id}.x@example.no"),
            from: Mailbox::new("Firma", "post@example.no"),
            to: vec![Mailbox::new("Kari", "kari@example.no")],
            subject: subject.into(),
            text_body: "Hei".into(),
            ..Email::default()
        };
        let emails = vec![email(1, "Faktura 1"), email(2, "Faktura 2")];
        let bytes = email_archive(&emails).unwrap();
        let archive = rawzip::ZipArchive::from_slice(&bytes).unwrap();
        let mut entries = archive.entries();
        let mut names = Vec::new();
        while let Some(entry) = entries.next_entry().unwrap() {
            let name = entry.file_path().try_normalize().unwrap().as_ref().to_string();
            let data = archive.get_entry(entry.wayfinder()).unwrap().data().to_vec();
            assert_eq!(data, email_message(&emails[names.len()]).unwrap());
            names.push(name);
        }
        assert_eq!(names, [emails[0].file_name(), emails[1].file_name()]);
        // A header with a line break is refused with the email's number, not zipped.
        let bad = Email { subject: "a\r\nBcc: x@y.no".into(), ..email(3, "") };
        let why = email_archive(&[emails[0].clone(), bad]).unwrap_err();
        assert!(why.starts_with("email 3: "), "{why}");
    }
}
