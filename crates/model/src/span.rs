//! Half-open ranges of Unicode scalar values (chars) into a document's clean text.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A half-open `[start, end)` range of char offsets into a document's clean text.
///
/// Offsets count Unicode scalar values, not bytes, because that is what the export contract
/// promises consumers in Python or JavaScript. The fields are private so that `start <= end`
/// holds for every span in the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "[u32; 2]", into = "[u32; 2]")]
pub struct Span {
    start: u32,
    end: u32,
}

/// A span was asked for with its end before its start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanError {
    pub start: u32,
    pub end: u32,
}

impl fmt::Display for SpanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "span end {} is before its start {}", self.end, self.start)
    }
}

impl std::error::Error for SpanError {}

impl Span {
    pub fn new(start: u32, end: u32) -> Result<Span, SpanError> {
        if start <= end { Ok(Span { start, end }) } else { Err(SpanError { start, end }) }
    }

    /// An empty span at `at`.
    pub fn empty(at: u32) -> Span {
        Span { start: at, end: at }
    }

    pub fn start(self) -> u32 {
        self.start
    }

    pub fn end(self) -> u32 {
        self.end
    }

    pub fn len(self) -> u32 {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span that covers both.
    pub fn cover(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl TryFrom<[u32; 2]> for Span {
    type Error = SpanError;
    fn try_from([start, end]: [u32; 2]) -> Result<Span, SpanError> {
        Span::new(start, end)
    }
}

impl From<Span> for [u32; 2] {
    fn from(s: Span) -> [u32; 2] {
        [s.start, s.end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_reversed() {
        assert!(Span::new(5, 4).is_err());
        assert_eq!(Span::new(4, 4).unwrap().len(), 0);
    }

    #[test]
    fn serializes_as_pair_and_validates_on_read() {
        let s = Span::new(3, 9).unwrap();
        assert_eq!(serde_json::to_string(&s).unwrap(), "[3,9]");
        assert!(serde_json::from_str::<Span>("[9,3]").is_err());
    }

    #[test]
    fn cover_and_contains() {
        let a = Span::new(2, 5).unwrap();
        let b = Span::new(4, 10).unwrap();
        assert_eq!(a.cover(b), Span::new(2, 10).unwrap());
        assert!(a.cover(b).contains(a));
        assert!(!a.contains(b));
    }
}
