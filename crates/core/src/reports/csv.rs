//! The one CSV writer (RFC 4180, by the `csv` crate): every export of the app and the
//! command-line tool writes its rows through [`write_csv`], so quoting is done once,
//! and right, for every field.

/// A header and rows as CSV text: fields with a comma, quote or line break are quoted,
/// quotes doubled; each record ends with `\n`.
pub fn write_csv<R, F>(header: &[&str], rows: impl IntoIterator<Item = R>) -> String
where
    R: IntoIterator<Item = F>,
    F: AsRef<[u8]>,
{
    let mut writer = ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    // Writing into a Vec cannot fail, and every record has the fields it is given.
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
