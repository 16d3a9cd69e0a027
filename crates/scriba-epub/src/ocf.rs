//! The OCF container: a ZIP file written deterministically.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::package::File;

/// Writes the files into a ZIP archive in the given order. `mimetype` (which must come
/// first) is stored; every other file is deflated. Every entry carries the same timestamp
/// (1980-01-01 00:00, the earliest a ZIP can hold) and no extra fields, so the same files
/// always give the same bytes.
pub(crate) fn write(files: &[File]) -> zip::result::ZipResult<Vec<u8>> {
    let total: usize = files.iter().map(|f| f.bytes.len()).sum();
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(total / 3 + 1024)));
    let base = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for file in files {
        let options = if file.path == "mimetype" {
            base.compression_method(CompressionMethod::Stored)
        } else {
            base.compression_method(CompressionMethod::Deflated)
        };
        zip.start_file(file.path.as_str(), options)?;
        zip.write_all(&file.bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}
