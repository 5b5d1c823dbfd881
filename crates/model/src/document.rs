//! A news document after ingest: where it came from, its clean text and the map back to its bytes.

use crate::{Published, Span};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::num::NonZeroU32;
use std::ops::Range;

/// The input format a document was read from, detected from content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Html,
    Rss,
    Atom,
    Warc,
    Jsonl,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Rss => "rss",
            Format::Atom => "atom",
            Format::Warc => "warc",
            Format::Jsonl => "jsonl",
        }
    }
}

/// Why an encoding was chosen. Recorded so that no encoding is ever guessed silently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EncodingBasis {
    /// A byte-order mark at the start of the bytes.
    Bom,
    /// Declared by the container: an HTTP `Content-Type` header, `<meta charset>`, an XML
    /// declaration; and the declaration decoded the bytes without errors.
    Declared,
    /// The bytes are valid UTF-8 and nothing declared otherwise.
    ValidUtf8,
    /// No usable declaration: detected statistically (chardetng).
    Detected,
    /// The text was handed over already decoded (a JSON string, a feed parsed from its XML).
    Container,
}

/// The encoding a document was decoded with, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncodingUsed {
    /// WHATWG encoding label, e.g. `UTF-8`, `windows-1256`, `ISO-8859-6`, `UTF-16LE`.
    pub name: String,
    pub basis: EncodingBasis,
}

/// A news outlet as the registry names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outlet {
    /// Stable registry id (upper-case ASCII), e.g. `ALJAZEERA`.
    pub id: String,
    pub ar: String,
    pub en: String,
}

/// Which input a document came from: a file, and for containers the item number from 1.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SourceRef {
    pub file: String,
    pub item: Option<NonZeroU32>,
}

impl SourceRef {
    pub fn file(file: impl Into<String>) -> SourceRef {
        SourceRef { file: file.into(), item: None }
    }

    /// The `n`th item (1-based) of a container file. `n == 0` is a caller bug and panics.
    pub fn item(file: impl Into<String>, n: u32) -> SourceRef {
        SourceRef { file: file.into(), item: Some(NonZeroU32::new(n).expect("item numbers start at 1")) }
    }
}

impl fmt::Display for SourceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.item {
            None => f.write_str(&self.file),
            Some(n) => write!(f, "{}#{}", self.file, n),
        }
    }
}

/// One stretch of clean text and the bytes of the original it was taken from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Char range in the clean text.
    pub clean: Span,
    /// Byte range in the original bytes. When the clean stretch is the original decoded as is,
    /// the mapping is exact char by char; otherwise (entities, collapsed spaces) it is exact at
    /// the segment's ends.
    pub original: Range<u64>,
}

/// The map from clean text back to the original bytes: segments in clean-text order, not
/// overlapping. Text between segments (paragraph breaks the reader inserted) maps nowhere.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsetMap {
    segments: Vec<Segment>,
}

impl OffsetMap {
    /// Appends a segment; it must start at or after the previous one's end.
    pub fn push(&mut self, clean: Span, original: Range<u64>) {
        if let Some(last) = self.segments.last() {
            assert!(clean.start() >= last.clean.end(), "offset map segments must be in order");
        }
        assert!(original.start <= original.end, "original byte range reversed");
        self.segments.push(Segment { clean, original });
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The original byte range covering a clean-text span, at segment granularity.
    pub fn original_range(&self, span: Span) -> Option<Range<u64>> {
        let end = span.end().max(span.start() + 1);
        let overlaps = |s: &&Segment| s.clean.start() < end && span.start() < s.clean.end();
        let first = self.segments.iter().find(overlaps)?;
        let last = self.segments.iter().rev().find(overlaps).unwrap_or(first);
        Some(first.original.start..last.original.end)
    }
}

/// A document as ingest leaves it: metadata, the clean text, and what was cut from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub source: SourceRef,
    pub format: Format,
    pub encoding: EncodingUsed,
    /// The article's own address, when the input gives one.
    pub url: Option<String>,
    pub outlet: Option<Outlet>,
    pub byline: Option<String>,
    pub headline: Option<String>,
    pub published: Option<Published>,
    /// The clean text: headline (when known) then the article's paragraphs, separated by
    /// blank lines, boilerplate removed.
    pub text: String,
    /// Lines and blocks removed as boilerplate, in document order, as they were written.
    pub boilerplate_removed: Vec<String>,
    pub offsets: OffsetMap,
    /// The bytes the document was read from (a whole file, a WARC payload, a JSONL line).
    #[serde(skip)]
    pub original: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_ref_display_follows_contract() {
        assert_eq!(SourceRef::file("a.txt").to_string(), "a.txt");
        assert_eq!(SourceRef::item("feeds.xml", 3).to_string(), "feeds.xml#3");
    }

    #[test]
    #[should_panic(expected = "in order")]
    fn offset_map_rejects_out_of_order_segments() {
        let mut m = OffsetMap::default();
        m.push(Span::new(10, 20).unwrap(), 0..10);
        m.push(Span::new(5, 8).unwrap(), 10..13);
    }

    #[test]
    fn offset_map_finds_covering_bytes() {
        let mut m = OffsetMap::default();
        m.push(Span::new(0, 10).unwrap(), 100..120);
        m.push(Span::new(12, 20).unwrap(), 130..146);
        assert_eq!(m.original_range(Span::new(2, 15).unwrap()), Some(100..146));
        assert_eq!(m.original_range(Span::new(13, 14).unwrap()), Some(130..146));
        assert_eq!(m.original_range(Span::new(10, 12).unwrap()), None);
    }
}
