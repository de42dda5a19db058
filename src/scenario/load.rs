//! Reading a scenario file: size limits, encoding, RON syntax and types, then semantic checks.

use super::Scenario;
use crate::error::{Diagnostic, Error, Result, did_you_mean};
use std::path::Path;

/// The documented limits on scenario size. Inputs beyond them are refused with a clear error
/// rather than exhausting the machine.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest scenario file read, in bytes.
    pub max_file_bytes: u64,
    /// Deepest nesting of brackets and parentheses.
    pub max_nesting: usize,
    /// Most actors.
    pub max_actors: usize,
    /// Most infrastructure nodes, written and generated together.
    pub max_nodes: u64,
    /// Most dependency edges, written and generated together.
    pub max_dependencies: u64,
    /// Most campaigns.
    pub max_campaigns: usize,
    /// Most (campaign, target) intrusions.
    pub max_intrusions: u64,
    /// Most effect waves per campaign.
    pub max_waves: usize,
    /// Most ticks in a run.
    pub max_ticks: u64,
    /// Largest population of one node.
    pub max_population: u64,
}

/// The limits in force.
pub const LIMITS: Limits = Limits {
    max_file_bytes: 64 * 1024 * 1024,
    max_nesting: 64,
    max_actors: 4096,
    max_nodes: 20_000_000,
    max_dependencies: 40_000_000,
    max_campaigns: 100_000,
    max_intrusions: 10_000_000,
    max_waves: 1024,
    max_ticks: 1_000_000,
    max_population: 10_000_000_000,
};

/// Reads, parses and validates a scenario file.
pub fn load(path: &Path) -> Result<Scenario> {
    let text = read_text(path, LIMITS.max_file_bytes)?;
    load_str(&text, path)
}

/// Parses and validates scenario text; `path` is used in messages only.
pub fn load_str(text: &str, path: &Path) -> Result<Scenario> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let scenario = parse_str(text, path)?;
    super::validate(&scenario, text, path)?;
    Ok(scenario)
}

/// Reads a text input file with a size limit, refusing directories, binary data and invalid
/// UTF-8 with a located message.
pub(crate) fn read_text(path: &Path, max_bytes: u64) -> Result<String> {
    let read_err = |message: String| Error::Read {
        path: path.to_path_buf(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| read_err(io_reason(&e)))?;
    if meta.is_dir() {
        return Err(read_err("is a directory, not a file".into()));
    }
    if !meta.is_file() {
        // A device (`/dev/zero`), a FIFO or a socket: reading it may never end or never start.
        return Err(read_err(format!(
            "is {}, not a regular file",
            kind_of(&meta.file_type())
        )));
    }
    if meta.len() > max_bytes {
        return Err(read_err(format!(
            "file is {} bytes, over the limit of {max_bytes} bytes",
            meta.len()
        )));
    }
    // The file may grow between the check and the read: never read more than the limit
    // plus one byte.
    let file = std::fs::File::open(path).map_err(|e| read_err(io_reason(&e)))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, max_bytes.saturating_add(1)),
        &mut bytes,
    )
    .map_err(|e| read_err(io_reason(&e)))?;
    if bytes.len() as u64 > max_bytes {
        return Err(read_err(format!(
            "file is over the limit of {max_bytes} bytes"
        )));
    }
    decode_text(bytes, path)
}

/// What kind of file system object a non-regular file is, for messages.
pub(crate) fn kind_of(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_symlink() {
        "a symbolic link"
    } else if t.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// Decodes a file's bytes as UTF-8 text, refusing binary data and invalid UTF-8 with a located
/// message. A UTF-8 byte-order mark at the start is dropped (some editors write one).
pub(crate) fn decode_text(mut bytes: Vec<u8>, path: &Path) -> Result<String> {
    if bytes.starts_with(&[0xef, 0xbb, 0xbf]) {
        bytes.drain(..3);
    }
    let syntax = |offset: usize, message: &str, help: Option<&str>| {
        Error::Syntax(Box::new(Diagnostic {
            file: path.to_path_buf(),
            location: Some(line_col(&bytes, offset)),
            path: String::new(),
            message: message.to_string(),
            help: help.map(str::to_string),
        }))
    };
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err(syntax(
            nul,
            "binary data (a NUL byte): expected a text file",
            None,
        ));
    }
    match std::str::from_utf8(&bytes) {
        Ok(_) => Ok(String::from_utf8(bytes).unwrap_or_default()),
        Err(e) => Err(syntax(
            e.valid_up_to(),
            "invalid UTF-8: expected a UTF-8 text file",
            Some("save the file as UTF-8"),
        )),
    }
}

/// Reads, checks and expands scenario bytes as if they were the file `path` (the fuzzing
/// entry point: everything `casus run` does before simulating).
pub fn load_bytes(bytes: &[u8], path: &Path) -> Result<super::Compiled> {
    if bytes.len() as u64 > LIMITS.max_file_bytes {
        return Err(Error::Read {
            path: path.to_path_buf(),
            message: "over the size limit".into(),
        });
    }
    let text = decode_text(bytes.to_vec(), path)?;
    load_str(&text, path)?.compile(path)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

/// The RON options every casus input is read with: `Some(..)` may be left out around
/// optional values, and nesting is bounded.
pub(crate) fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(LIMITS.max_nesting)
}

/// Parses RON text into any casus input type, turning RON's errors into located diagnostics
/// with a suggestion where one exists. `what` names the expected document, e.g. `a scenario`.
pub(crate) fn parse_ron<T: serde::de::DeserializeOwned>(
    text: &str,
    path: &Path,
    what: &str,
) -> Result<T> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.trim_start();
    let diag = |location, message: String, help: Option<String>| {
        Error::Syntax(Box::new(Diagnostic {
            file: path.to_path_buf(),
            location,
            path: String::new(),
            message,
            help,
        }))
    };
    if first.is_empty() {
        return Err(diag(
            Some((1, 1)),
            format!("the file is empty: expected {what}"),
            Some(
                "see docs/scenario-format.md for the format, or copy a file from scenarios/".into(),
            ),
        ));
    }
    if first.starts_with('{') {
        let offset = text.len() - first.len();
        return Err(diag(
            Some(line_col(text.as_bytes(), offset)),
            format!("this looks like JSON: expected {what} in RON"),
            Some("casus reads RON files (see docs/scenario-format.md)".into()),
        ));
    }
    ron_options().from_str::<T>(text).map_err(|e| {
        let (message, help) = explain_ron(&e.code, what);
        let at = (e.span.start.line, e.span.start.col);
        let help = help.or_else(|| multiline_string_before(text, at));
        diag(Some(at), message, help)
    })
}

/// Parses scenario text without the semantic checks.
pub fn parse_str(text: &str, path: &Path) -> Result<Scenario> {
    parse_ron(
        text,
        path,
        "a scenario `Scenario(name: ..., actors: [...], ...)`",
    )
}

/// If a string literal that starts before `at` runs over a line end, the likely cause of a
/// confusing error further on is its missing closing quote: say where it starts.
fn multiline_string_before(text: &str, at: (usize, usize)) -> Option<String> {
    let (mut line, mut col) = (1, 1);
    let mut start: Option<(usize, usize)> = None;
    let mut chars = text.chars().peekable();
    let mut in_comment = false;
    while let Some(ch) = chars.next() {
        if (line, col) >= at {
            break;
        }
        match (start, ch) {
            (None, '/') if !in_comment && chars.peek() == Some(&'/') => in_comment = true,
            (None, '"') if !in_comment => start = Some((line, col)),
            (Some(_), '\\') => {
                chars.next();
                col += 1;
            }
            (Some(_), '"') => start = None,
            (Some(s), '\n') => {
                return Some(format!(
                    "the string that starts at line {}, column {} runs past the end of its line: is its closing `\"` missing?",
                    s.0, s.1
                ));
            }
            _ => {}
        }
        if ch == '\n' {
            line += 1;
            col = 1;
            in_comment = false;
        } else {
            col += 1;
        }
    }
    None
}

fn explain_ron(code: &ron::Error, what: &str) -> (String, Option<String>) {
    use ron::Error as E;
    let list = |xs: &[&str]| {
        xs.iter()
            .map(|x| format!("`{x}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            format!(
                "unknown field `{found}`{}; expected one of {}",
                outer
                    .as_ref()
                    .map(|o| format!(" in `{o}`"))
                    .unwrap_or_default(),
                list(expected)
            ),
            did_you_mean(found, expected.iter().copied()),
        ),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            format!(
                "unknown variant `{found}`{}; expected one of {}",
                outer
                    .as_ref()
                    .map(|o| format!(" of `{o}`"))
                    .unwrap_or_default(),
                list(expected)
            ),
            did_you_mean(found, expected.iter().copied()),
        ),
        E::MissingStructField { field, outer } => (
            format!(
                "missing field `{field}`{}",
                outer
                    .as_ref()
                    .map(|o| format!(" in `{o}`"))
                    .unwrap_or_default()
            ),
            Some(format!("add `{field}: ...` (see docs/scenario-format.md)")),
        ),
        E::DuplicateStructField { field, outer } => (
            format!(
                "field `{field}` given twice{}",
                outer
                    .as_ref()
                    .map(|o| format!(" in `{o}`"))
                    .unwrap_or_default()
            ),
            Some("keep one of the two".into()),
        ),
        E::ExceededRecursionLimit => (
            format!("nested more than {} levels deep", LIMITS.max_nesting),
            Some("scenario files need only a few levels of nesting".into()),
        ),
        E::Eof => (
            format!("the file ends too early: expected the rest of {what}"),
            Some("a bracket, parenthesis or string is not closed".into()),
        ),
        E::ExpectedStringEnd => ("unterminated string: expected a closing `\"`".into(), None),
        E::UnclosedBlockComment => ("unterminated comment: expected a closing `*/`".into(), None),
        E::IntegerOutOfBounds => (
            "number out of range for this field".into(),
            Some("counts and populations are whole numbers from 0".into()),
        ),
        E::ExpectedFloat => (
            "expected a number".into(),
            Some("write numbers without quotes, e.g. `24` or `0.5`".into()),
        ),
        E::ExpectedInteger => ("expected a whole number".into(), None),
        E::ExpectedString => ("expected a string in double quotes".into(), None),
        E::ExpectedBoolean => ("expected `true` or `false`".into(), None),
        E::ExpectedComma => ("expected a comma or a closing bracket".into(), None),
        E::TrailingCharacters => (
            format!("unexpected text after the end of {what}"),
            Some("a file holds exactly one document".into()),
        ),
        other => (other.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\nçd\nx";
        assert_eq!(line_col(text.as_bytes(), 0), (1, 1));
        assert_eq!(line_col(text.as_bytes(), 3), (2, 1));
        assert_eq!(line_col(text.as_bytes(), 5), (2, 2));
        assert_eq!(line_col(text.as_bytes(), 7), (3, 1));
    }
}
