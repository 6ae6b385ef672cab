//! Many exported emails as one `.zip` of `.eml` files (SPEC R12.3), with `rawzip`
//! (no dependencies, reads no clock): stored, not compressed, so no compressor is in the
//! bundle; `.eml` files are mostly base64 that would not shrink much anyway.

use std::io::Write;

use rawzip::{CompressionMethod, ZipArchiveWriter};

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
}
