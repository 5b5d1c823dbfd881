//! What a reader hands over: one article's bytes, where they came from, and container hints.

use marsad_model::{Format, SourceRef};
use std::fmt;

/// One article as a reader cut it out of its file, before decoding and cleaning.
#[derive(Debug, Clone)]
pub struct RawArticle {
    pub source: SourceRef,
    pub format: Format,
    pub markup: Markup,
    /// The bytes the article was read from (a whole file, a WARC payload, a feed item's
    /// content, a JSONL line's text or html field).
    pub bytes: Vec<u8>,
    pub charset: Charset,
    pub hints: Hints,
}

/// Whether the bytes are an HTML page or plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    Plain,
    Html,
}

/// What is known about the bytes' encoding before looking at them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Charset {
    /// Nothing: detect (a BOM, `<meta charset>` for HTML, then UTF-8, then statistics).
    Unknown,
    /// Declared by the container (an HTTP `Content-Type` header).
    Declared(String),
    /// Already decoded by the container (a JSON string, a parsed feed): UTF-8.
    Decoded,
}

/// Metadata the container states beside the article (feed item fields, JSONL keys, WARC headers).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    pub url: Option<String>,
    pub title: Option<String>,
    /// A raw timestamp and what it was (`rss pubDate`, `jsonl published`).
    pub published: Option<(String, &'static str)>,
    pub outlet: Option<String>,
    pub author: Option<String>,
}

/// An input (a file, or an item inside one) that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub source: SourceRef,
    pub reason: String,
}

impl Rejection {
    pub fn new(source: SourceRef, reason: impl Into<String>) -> Rejection {
        Rejection { source, reason: reason.into() }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.reason)
    }
}

/// Limits that keep one bad input from exhausting memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest single article (page, record, item, line) accepted, in bytes.
    pub max_doc_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_doc_bytes: 8 << 20 }
    }
}
