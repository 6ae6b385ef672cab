//! Many exported emails as one `.zip` of `.eml` files (SPEC R12.3), with the `zip`
//! crate: stored (not compressed), which needs none of its compression back ends and
//! keeps the bundle small; `.eml` files are mostly base64 that would not shrink much.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// The `(file name, bytes)` pairs as a zip archive; file names must differ.
pub fn zip_files(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    for (name, bytes) in files {
        writer.start_file(name.as_str(), options).map_err(|e| format!("{name}: {e}"))?;
        writer.write_all(bytes).map_err(|e| format!("{name}: {e}"))?;
    }
    writer.finish().map(Cursor::into_inner).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_read_back_from_the_archive() {
        let files = vec![("000001 Invoice.eml".to_string(), b"Subject: a\r\n\r\nbody\r\n".to_vec()), ("000002 Æøå.eml".to_string(), vec![0, 1, 2])];
        let bytes = zip_files(&files).unwrap();
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), 2);
        for (name, content) in &files {
            let mut file = archive.by_name(name).unwrap();
            let mut read = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut read).unwrap();
            assert_eq!(&read, content);
        }
    }
}
