//! Typed errors. Every error a user can cause says where (file, line, column when there is
//! one), what was expected, and, where one exists, a suggestion.

use std::fmt;
use std::path::PathBuf;

/// One problem found in an input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: PathBuf,
    /// 1-based line and column, when the problem can be located.
    pub location: Option<(usize, usize)>,
    /// Where in the document's structure, e.g. `campaigns[1].targets[0]`; empty for syntax.
    pub path: String,
    /// What is wrong and what was expected.
    pub message: String,
    /// A suggestion, e.g. "did you mean `kanto-grid`?".
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, col)) = self.location {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, ": ")?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// The ways a casus operation can fail.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input file could not be read (missing, a directory, unreadable).
    #[error("{}: cannot read: {message}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// An input file is not well-formed (syntax, types, unknown or missing fields).
    #[error("{0}")]
    Syntax(Box<Diagnostic>),
    /// An input file is well-formed but describes something impossible or inconsistent. All
    /// problems are collected before reporting.
    #[error("{}", join_lines(.0))]
    Invalid(Vec<Diagnostic>),
    /// An output could not be written.
    #[error("{}: cannot write: {message}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The command line asks for something impossible.
    #[error("{0}")]
    Usage(String),
    /// Work was stopped by a signal (SIGINT or SIGTERM); what finished was kept.
    #[error("{0}")]
    Interrupted(String),
}

/// The most problems printed for one file; the rest are counted ("... and N more"). Problems
/// past this many are also not located in the source text, which keeps reporting a file with
/// thousands of mistakes linear in its size.
pub const MAX_LISTED: usize = 100;

fn join_lines(problems: &[Diagnostic]) -> String {
    let mut out = format!(
        "{} problem{} found:",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for p in problems.iter().take(MAX_LISTED) {
        out.push('\n');
        out.push_str(&p.to_string());
    }
    if problems.len() > MAX_LISTED {
        out.push_str(&format!(
            "\n... and {} more (the first {MAX_LISTED} are listed)",
            problems.len() - MAX_LISTED
        ));
    }
    out
}

impl Error {
    /// The process exit code for this error: 2 for bad input or usage, 1 for a failure while
    /// running (such as an output that cannot be written), 130 when stopped by a signal.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Write { .. } => 1,
            Error::Interrupted(_) => 130,
            _ => 2,
        }
    }

    /// The diagnostics carried by this error, if it concerns an input file.
    pub fn diagnostics(&self) -> Vec<&Diagnostic> {
        match self {
            Error::Syntax(d) => vec![d],
            Error::Invalid(ds) => ds.iter().collect(),
            _ => Vec::new(),
        }
    }
}

/// The result type of casus operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The closest candidate to `found` among `candidates`, if one is close enough to be a likely
/// typo.
pub fn did_you_mean<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&found.to_lowercase(), &c.to_lowercase());
        if score > 0.8 && best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}
