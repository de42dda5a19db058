//! A finding's explanation, kept as a template and the values it names until it is written.
//!
//! Assessing builds no string: a test stores its sentence as a `&'static str` template whose
//! `{}` holes are filled, in order, by [`Arg`]s (statuses, fixed phrases, figures). The values
//! live in the assessment's lists ([`super::Used`]), so a finding holds only the template and
//! the span of its values, and nothing in it owns memory. The sentence is rendered only when an
//! output asks for it ([`super::Assessment::explanation_of`]), so a run that never writes a
//! finding's explanation never formats it.

use super::facts::Figure;
use super::tests::{Gravity, gravity_name};
use super::time::Date;
use super::{Span, Status, Unknowns, Used};
use std::borrow::Cow;
use std::fmt::{self, Write};

/// The most values one explanation names.
pub const MAX_ARGS: usize = 8;

/// A value an explanation names, written when the explanation is rendered. Plain data: a name
/// known only at run time is a span of the assessment's text ([`Used::name`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Arg {
    /// Nothing (an unused slot).
    #[default]
    None,
    /// A status, by its snake_case name.
    Status(Status),
    /// A phrase known in advance.
    Str(&'static str),
    /// A name (a State's id) or other text, in the assessment's text ([`Used::name`]).
    Name(Span),
    /// A list of names known in advance, written joined by ", " ([`Used::names`]).
    Names(Span),
    /// A figure, as JSON (`0.9`, `"unknown"`, bounds).
    Figure(Figure),
    /// A number with two decimals.
    Fixed2(f64),
    /// A number as Rust's `Display` writes it (`1`, `0.5`, `72`).
    Num(f64),
    /// `true` or `false`.
    Bool(bool),
    /// A calendar date, `YYYY-MM-DD`.
    Date(Date),
    /// A gravity class, or the span of classes the unknown facts allow.
    Gravity(Gravity, Gravity),
    /// "; the unknown facts that could change it: ...; unknown but immaterial here: ..."
    /// naming the finding's unknown harm facts of each kind (nothing for a kind with none).
    Unknowns,
    /// Another explanation of the same assessment, rendered in place (by its index in the
    /// assessment's list of nested explanations: [`Used::nest`]).
    Nested(u32),
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
impl From<Date> for Arg {
    fn from(d: Date) -> Arg {
        Arg::Date(d)
    }
}

/// Why a test reached its outcome, in a sentence: fixed text, text written into the
/// assessment, or a template with its values (rendered when written). Plain data, read with
/// the assessment that made it ([`super::Assessment::explanation_of`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Explanation {
    /// The sentence itself, known in advance.
    Static(&'static str),
    /// A sentence composed while assessing, in the assessment's text ([`Used::sentence`]).
    Text(Span),
    /// A template whose `{}` holes take the values of `args` (a span of the assessment's list
    /// of values) in order ([`Used::explain`]).
    Template {
        /// The sentence with `{}` holes.
        template: &'static str,
        /// The values, in order.
        args: Span,
    },
}

impl From<&'static str> for Explanation {
    fn from(s: &'static str) -> Explanation {
        Explanation::Static(s)
    }
}

impl Default for Explanation {
    fn default() -> Explanation {
        Explanation::Static("")
    }
}

impl Used {
    /// An explanation from a template and its values (at most [`MAX_ARGS`], one per `{}` hole;
    /// a mismatch is a bug in the test, caught in debug builds). The values are appended to
    /// this list.
    pub fn explain<const N: usize>(
        &mut self,
        template: &'static str,
        values: [Arg; N],
    ) -> Explanation {
        debug_assert!(
            N <= MAX_ARGS,
            "an explanation names at most {MAX_ARGS} values"
        );
        debug_assert_eq!(
            template.matches("{}").count(),
            N,
            "holes and values of `{template}`"
        );
        let start = self.args.len();
        self.args.extend(values);
        Explanation::Template {
            template,
            args: Span::of(start, self.args.len()),
        }
    }

    /// An explanation composed at run time, its text copied into this assessment.
    pub fn sentence(&mut self, text: &str) -> Explanation {
        Explanation::Text(self.text_span(text))
    }

    /// `e` as a value of another explanation, rendered in its place.
    pub fn nest(&mut self, e: Explanation) -> Arg {
        self.nested.push(e);
        Arg::Nested(self.nested.len() as u32 - 1)
    }

    /// A name known only at run time (a State's id), copied into this assessment, as an
    /// explanation's value.
    pub fn name(&mut self, text: &str) -> Arg {
        Arg::Name(self.text_span(text))
    }

    /// The sentence `e`, with `unknowns` (the finding's unknown harm facts, material and
    /// immaterial) for an [`Arg::Unknowns`] hole.
    pub fn render(&self, e: &Explanation, unknowns: Unknowns) -> Cow<'_, str> {
        match e {
            Explanation::Static(t) => Cow::Borrowed(t),
            Explanation::Text(s) => Cow::Borrowed(self.text(*s)),
            Explanation::Template { .. } => {
                let mut out = String::with_capacity(128);
                let _ = self.write(&mut out, e, unknowns);
                Cow::Owned(out)
            }
        }
    }

    fn write(&self, out: &mut String, e: &Explanation, unknowns: Unknowns) -> fmt::Result {
        match e {
            Explanation::Static(t) => out.write_str(t),
            Explanation::Text(s) => out.write_str(self.text(*s)),
            Explanation::Template { template, args } => {
                let mut rest: &str = template;
                let mut next = self.args[args.range()].iter();
                while let Some(i) = rest.find("{}") {
                    out.write_str(&rest[..i])?;
                    if let Some(a) = next.next() {
                        self.write_arg(out, a, unknowns)?;
                    }
                    rest = &rest[i + 2..];
                }
                out.write_str(rest)
            }
        }
    }

    fn write_arg(&self, out: &mut String, a: &Arg, unknowns: Unknowns) -> fmt::Result {
        match a {
            Arg::None => Ok(()),
            Arg::Status(s) => out.write_str(s.as_str()),
            Arg::Str(s) => out.write_str(s),
            Arg::Name(s) => out.write_str(self.text(*s)),
            Arg::Names(s) => {
                for (i, n) in self.names[s.range()].iter().enumerate() {
                    if i > 0 {
                        out.write_str(", ")?;
                    }
                    out.write_str(n)?;
                }
                Ok(())
            }
            Arg::Figure(f) => write!(out, "{}", f.json()),
            Arg::Fixed2(x) => write!(out, "{x:.2}"),
            Arg::Num(x) => write!(out, "{x}"),
            Arg::Bool(b) => write!(out, "{b}"),
            Arg::Date(d) => write!(out, "{d}"),
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
            Arg::Unknowns => {
                let mut list = |label: &str, names: &mut dyn Iterator<Item = &str>| {
                    for (i, n) in names.enumerate() {
                        out.write_str(if i == 0 { label } else { ", " })?;
                        out.write_str(n)?;
                    }
                    Ok::<(), fmt::Error>(())
                };
                list(
                    "; the unknown facts that could change it: ",
                    &mut unknowns.material(),
                )?;
                list(
                    "; unknown but immaterial here: ",
                    &mut unknowns.immaterial(),
                )
            }
            Arg::Nested(i) => match self.nested.get(*i as usize) {
                Some(e) => self.write(out, e, unknowns),
                None => Ok(()),
            },
        }
    }
}
