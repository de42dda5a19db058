//! A finding's citation: fixed in the code, shared with the doctrine that states it, or
//! composed. Borrowing (a `&'static str`) or sharing (an `Arc<str>` of the doctrine's) builds no
//! string while assessing.

use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// The source of a finding: instrument, article or rule, paragraph.
#[derive(Clone)]
pub enum Citation {
    /// Fixed in the code.
    Static(&'static str),
    /// A doctrine's own citation, shared with it.
    Shared(Arc<str>),
    /// Composed for this finding.
    Owned(String),
}

impl Deref for Citation {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Citation::Static(s) => s,
            Citation::Shared(s) => s,
            Citation::Owned(s) => s,
        }
    }
}

impl AsRef<str> for Citation {
    fn as_ref(&self) -> &str {
        self
    }
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl fmt::Debug for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl PartialEq for Citation {
    fn eq(&self, other: &Citation) -> bool {
        **self == **other
    }
}

impl PartialEq<str> for Citation {
    fn eq(&self, other: &str) -> bool {
        &**self == other
    }
}

impl PartialEq<&str> for Citation {
    fn eq(&self, other: &&str) -> bool {
        &**self == *other
    }
}

impl Serialize for Citation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

impl From<&'static str> for Citation {
    fn from(s: &'static str) -> Citation {
        Citation::Static(s)
    }
}

impl From<String> for Citation {
    fn from(s: String) -> Citation {
        Citation::Owned(s)
    }
}

impl From<Arc<str>> for Citation {
    fn from(s: Arc<str>) -> Citation {
        Citation::Shared(s)
    }
}

impl From<&Arc<str>> for Citation {
    fn from(s: &Arc<str>) -> Citation {
        Citation::Shared(s.clone())
    }
}

impl From<Cow<'static, str>> for Citation {
    fn from(s: Cow<'static, str>) -> Citation {
        match s {
            Cow::Borrowed(b) => Citation::Static(b),
            Cow::Owned(o) => Citation::Owned(o),
        }
    }
}

impl From<Citation> for serde_json::Value {
    fn from(c: Citation) -> serde_json::Value {
        serde_json::Value::String(c.to_string())
    }
}

/// Reads a doctrine's citation text into a shared string.
pub(crate) fn shared<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
    let s: String = serde::Deserialize::deserialize(d)?;
    Ok(Arc::from(s))
}
