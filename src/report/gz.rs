//! Compressed outputs: gzip files (`legal.jsonl.gz`, …) written byte-for-byte the same for the
//! same input (no time stamp, no file name in the header), and read back transparently: a
//! reader that asks for `legal.jsonl` in a run folder gets the text of `legal.jsonl.gz` when
//! only that one is there. pandas reads such a file in one call (`pd.read_json(path,
//! lines=True)`, `pd.read_csv(path)`): it takes the compression from the `.gz` suffix.

use crate::error::{Error, Result};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The suffix of a compressed file.
pub const SUFFIX: &str = ".gz";

/// Whether a run writes its large files compressed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Compression {
    /// Plain text (the default).
    #[default]
    None,
    /// gzip at the fast level (level 1): at nation scale it writes about as fast as plain text
    /// and takes a tenth of the room (docs/outputs.md gives the figures).
    Gzip,
}

impl Compression {
    /// The name a file called `name` is written under.
    pub fn file_name(self, name: &str) -> String {
        match self {
            Compression::None => name.to_string(),
            Compression::Gzip => format!("{name}{SUFFIX}"),
        }
    }

    /// The bytes written for `text`.
    pub fn encode(self, text: &[u8]) -> Vec<u8> {
        match self {
            Compression::None => text.to_vec(),
            Compression::Gzip => gzip(text),
        }
    }
}

/// `bytes` gzipped at the fast level, with a header that holds no time stamp and no name, so
/// the same bytes always give the same file.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::GzBuilder::new().mtime(0).write(
        Vec::with_capacity(bytes.len() / 6 + 64),
        flate2::Compression::fast(),
    );
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

/// The file of `dir` that holds `name`: `name` itself when it exists, else `name.gz` when that
/// exists, else `name` (for the message that it is missing).
pub fn resolve(dir: &Path, name: &str) -> PathBuf {
    let plain = dir.join(name);
    if plain.exists() {
        return plain;
    }
    let gz = dir.join(format!("{name}{SUFFIX}"));
    if gz.exists() { gz } else { plain }
}

/// Reads the text of `path`, decompressing it when its name ends in `.gz`. At most
/// `max_bytes` are read from the file, and at most `max_bytes` of text are accepted after
/// decompression (a small file can unpack to a huge one).
pub fn read_text(path: &Path, max_bytes: u64) -> Result<String> {
    if !path.to_string_lossy().ends_with(SUFFIX) {
        return crate::scenario::read_text_file(path, max_bytes);
    }
    let err = |message: String| Error::Read {
        path: path.to_path_buf(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| err(e.to_string()))?;
    if !meta.is_file() {
        return Err(err("is not a regular file".into()));
    }
    if meta.len() > max_bytes {
        return Err(err(format!(
            "file is {} bytes, over the limit of {max_bytes} bytes",
            meta.len()
        )));
    }
    let file = std::fs::File::open(path).map_err(|e| err(e.to_string()))?;
    let mut text = Vec::new();
    flate2::read::MultiGzDecoder::new(std::io::BufReader::new(file))
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut text)
        .map_err(|e| err(format!("not a whole gzip file: {e}")))?;
    if text.len() as u64 > max_bytes {
        return Err(err(format!(
            "unpacks to over the limit of {max_bytes} bytes"
        )));
    }
    String::from_utf8(text).map_err(|e| {
        err(format!(
            "not UTF-8 text once unpacked (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_is_deterministic_and_reads_back() {
        let text = "{\"tick\":0}\n".repeat(1000);
        let a = gzip(text.as_bytes());
        assert_eq!(a, gzip(text.as_bytes()));
        assert!(a.len() < text.len() / 10, "{} bytes", a.len());
        // No time stamp: bytes 4..8 of the header are zero.
        assert_eq!(&a[4..8], &[0, 0, 0, 0]);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("x.jsonl.gz");
        std::fs::write(&path, &a).expect("written");
        assert_eq!(read_text(&path, 1 << 20).expect("read"), text);
        assert_eq!(resolve(dir.path(), "x.jsonl"), path);
    }

    #[test]
    fn a_truncated_or_oversized_gzip_is_refused() {
        let text = "a,b\n1,2\n".repeat(10_000);
        let a = gzip(text.as_bytes());
        let dir = tempfile::tempdir().expect("tempdir");
        let cut = dir.path().join("cut.csv.gz");
        std::fs::write(&cut, &a[..a.len() - 9]).expect("written");
        let e = read_text(&cut, 1 << 30).expect_err("truncated").to_string();
        assert!(e.contains("gzip"), "{e}");
        let whole = dir.path().join("whole.csv.gz");
        std::fs::write(&whole, &a).expect("written");
        let e = read_text(&whole, 1000).expect_err("too big").to_string();
        assert!(e.contains("limit"), "{e}");
    }
}
