//! HTML pages: main text (boilerplate dropped) and metadata, with byte positions kept.
//!
//! Placeholder signature; the extractor is being written.

use crate::block::Block;

/// What an HTML page holds: its main-text blocks, what was dropped, and its metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlPage {
    /// Main-content blocks in document order; byte ranges index the `html` given to [`extract`].
    pub blocks: Vec<Block>,
    /// Text of the blocks dropped as boilerplate (menus, share widgets, captions, related
    /// links, comment forms), in document order.
    pub removed: Vec<String>,
    pub meta: HtmlMeta,
}

/// Metadata read from `<head>` and JSON-LD. Raw strings: interpretation happens in `meta.rs`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlMeta {
    /// `<title>`.
    pub title: Option<String>,
    /// The article's headline: JSON-LD `headline`, then `og:title`, then the first `<h1>`.
    pub headline: Option<String>,
    /// `og:site_name`, JSON-LD `publisher.name`, `application-name`.
    pub site_name: Option<String>,
    /// Raw publication timestamp: `article:published_time`, JSON-LD `datePublished`,
    /// `<time datetime>`, with which of those it was (`published_from`).
    pub published: Option<String>,
    pub published_from: Option<&'static str>,
    /// `author` / `article:author` meta or JSON-LD `author.name`.
    pub author: Option<String>,
    /// `<link rel=canonical>`, then `og:url`.
    pub canonical_url: Option<String>,
}

/// Extracts the main text and metadata of an HTML page.
pub fn extract(_html: &str) -> HtmlPage {
    HtmlPage::default()
}

/// The charset a page declares in its first 1024 bytes (`<meta charset>` or `http-equiv`).
pub fn declared_charset(_bytes: &[u8]) -> Option<String> {
    None
}
