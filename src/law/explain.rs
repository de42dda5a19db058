//! A finding's explanation, kept as a template and the values it names until it is written.
//!
//! Assessing builds no string: a test stores its sentence as a `&'static str` template whose
//! `{}` holes are filled, in order, by [`Arg`]s (statuses, fixed phrases, figures) held inline.
//! The sentence is rendered only when an output asks for it ([`Explanation::render`], or
//! `Display`), so a run that never writes a finding's explanation never formats it.

use super::facts::Figure;
use super::tests::{Gravity, gravity_name};
use super::{Immaterial, Status};
use std::borrow::Cow;
use std::fmt::{self, Write};

/// The most values one explanation names.
pub const MAX_ARGS: usize = 8;

/// A value an explanation names, written when the explanation is rendered.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Arg {
    /// Nothing (an unused slot).
    #[default]
    None,
    /// A status, by its snake_case name.
    Status(Status),
    /// A phrase known in advance.
    Str(&'static str),
    /// A name (a State's id) or other text.
    Text(Box<str>),
    /// A figure, as JSON (`0.9`, `"unknown"`, bounds).
    Figure(Figure),
    /// A number with two decimals.
    Fixed2(f64),
    /// A number as Rust's `Display` writes it (`1`, `0.5`, `72`).
    Num(f64),
    /// `true` or `false`.
    Bool(bool),
    /// A gravity class, or the span of classes the unknown facts allow.
    Gravity(Gravity, Gravity),
    /// "; unknown but immaterial here: ..." naming the finding's immaterial facts (nothing when
    /// there are none).
    Immaterial,
}

impl From<Status> for Arg {
    fn from(s: Status) -> Arg {
        Arg::Status(s)
    }
}
impl From<&'static str> for Arg {
    fn from(s: &'static str) -> Arg {
        Arg::Str(s)
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s.into_boxed_str())
    }
}
impl From<bool> for Arg {
    fn from(b: bool) -> Arg {
        Arg::Bool(b)
    }
}
impl From<Figure> for Arg {
    fn from(f: Figure) -> Arg {
        Arg::Figure(f)
    }
}

/// Why a test reached its outcome, in a sentence: fixed text, or a template with its values
/// (rendered when written).
#[derive(Clone)]
pub enum Explanation {
    /// The sentence itself.
    Text(Cow<'static, str>),
    /// A template whose `{}` holes take `args` in order.
    Template {
        /// The sentence with `{}` holes.
        template: &'static str,
        /// The values, in order; unused slots are [`Arg::None`].
        args: [Arg; MAX_ARGS],
    },
}

impl Explanation {
    /// A template and its values (at most [`MAX_ARGS`]; more is a bug in the test, caught in
    /// debug builds, and the extra values are dropped).
    pub fn template<const N: usize>(template: &'static str, values: [Arg; N]) -> Explanation {
        debug_assert!(
            N <= MAX_ARGS,
            "an explanation names at most {MAX_ARGS} values"
        );
        debug_assert_eq!(
            template.matches("{}").count(),
            N,
            "holes and values of `{template}`"
        );
        let mut args: [Arg; MAX_ARGS] = Default::default();
        for (slot, v) in args.iter_mut().zip(values) {
            *slot = v;
        }
        Explanation::Template { template, args }
    }

    /// The sentence, with `immaterial` (the finding's unknown-but-immaterial facts) for an
    /// [`Arg::Immaterial`] hole.
    pub fn render(&self, immaterial: Immaterial) -> Cow<'static, str> {
        match self {
            Explanation::Text(t) => t.clone(),
            Explanation::Template { template, args } => {
                let mut out = String::with_capacity(template.len() + 64);
                let _ = write_template(&mut out, template, args, immaterial);
                Cow::Owned(out)
            }
        }
    }

    /// Whether the rendered sentence contains `needle`.
    pub fn contains(&self, needle: &str) -> bool {
        self.render(Immaterial::NONE).contains(needle)
    }
}

fn write_arg(out: &mut impl Write, a: &Arg, immaterial: Immaterial) -> fmt::Result {
    match a {
        Arg::None => Ok(()),
        Arg::Status(s) => out.write_str(s.as_str()),
        Arg::Str(s) => out.write_str(s),
        Arg::Text(s) => out.write_str(s),
        Arg::Figure(f) => write!(out, "{}", f.json()),
        Arg::Fixed2(x) => write!(out, "{x:.2}"),
        Arg::Num(x) => write!(out, "{x}"),
        Arg::Bool(b) => write!(out, "{b}"),
        Arg::Gravity(lo, hi) => {
            if lo == hi {
                out.write_str(gravity_name(*lo))
            } else {
                write!(
                    out,
                    "from {} to {}, as the unknown facts allow",
                    gravity_name(*lo),
                    gravity_name(*hi)
                )
            }
        }
        Arg::Immaterial => {
            if immaterial.is_empty() {
                Ok(())
            } else {
                out.write_str("; unknown but immaterial here: ")?;
                for (i, n) in immaterial.iter().enumerate() {
                    if i > 0 {
                        out.write_str(", ")?;
                    }
                    out.write_str(n)?;
                }
                Ok(())
            }
        }
    }
}

fn write_template(
    out: &mut impl Write,
    template: &str,
    args: &[Arg],
    immaterial: Immaterial,
) -> fmt::Result {
    let mut rest = template;
    let mut next = args.iter();
    while let Some(i) = rest.find("{}") {
        out.write_str(&rest[..i])?;
        if let Some(a) = next.next() {
            write_arg(out, a, immaterial)?;
        }
        rest = &rest[i + 2..];
    }
    out.write_str(rest)
}

impl fmt::Display for Explanation {
    /// The sentence, an [`Arg::Immaterial`] hole left empty (a finding renders it with its own
    /// immaterial facts: [`super::Finding::explanation_text`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Explanation::Text(t) => f.write_str(t),
            Explanation::Template { template, args } => {
                write_template(f, template, args, Immaterial::NONE)
            }
        }
    }
}

impl fmt::Debug for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.to_string())
    }
}

impl PartialEq for Explanation {
    fn eq(&self, other: &Explanation) -> bool {
        self.to_string() == other.to_string()
    }
}

impl From<String> for Explanation {
    fn from(s: String) -> Explanation {
        Explanation::Text(Cow::Owned(s))
    }
}

impl From<&'static str> for Explanation {
    fn from(s: &'static str) -> Explanation {
        Explanation::Text(Cow::Borrowed(s))
    }
}

impl Default for Explanation {
    fn default() -> Explanation {
        Explanation::Text(Cow::Borrowed(""))
    }
}
