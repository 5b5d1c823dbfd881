//! HTML pages: main text (boilerplate dropped) and metadata, with byte positions kept.
//!
//! A hand-written tag-soup scanner (`scan`) feeds a tolerant tree builder (`tree`) that records
//! every run of visible text with its byte range; `main_text` then picks the article container
//! and `meta` reads `<head>` and JSON-LD. Off-the-shelf HTML parsers do not report source
//! positions, which is why the scanner is our own. Everything is linear in the page size and no
//! input makes it panic.
//!
//! Which classes, ids, tags and phrases mark boilerplate is data: `data/html_boilerplate.toml`.

mod charset;
mod main_text;
mod meta;
mod rules;
mod scan;
mod tags;
mod tree;
#[cfg(test)]
mod tests;

use crate::block::Block;

/// What an HTML page holds: its main-text blocks, what was dropped, and its metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlPage {
    /// Main-content blocks in document order; byte ranges index the `html` given to [`extract`].
    /// Each range runs from the first to the last byte of the text the block was made from (tags
    /// in between included), so `&html[block.source]` shows the block as written.
    /// The article's `<h1>` and an opening dateline ("دمشق - مراسلنا") are kept as blocks even
    /// when they sit just outside the container of the article body.
    pub blocks: Vec<Block>,
    /// Text of the blocks dropped as boilerplate (menus, share widgets, captions, related
    /// links, comment forms), in document order.
    pub removed: Vec<String>,
    pub meta: HtmlMeta,
}

/// Metadata read from `<head>` and JSON-LD. Raw strings: interpretation happens in `meta.rs`.
/// Every value is entity-decoded, whitespace-collapsed and trimmed; empty values are `None`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlMeta {
    /// `<title>`.
    pub title: Option<String>,
    /// The article's headline: JSON-LD `headline`, then `og:title`, then the first `<h1>`.
    pub headline: Option<String>,
    /// `og:site_name`, JSON-LD `publisher.name`, `application-name`.
    pub site_name: Option<String>,
    /// Raw publication timestamp: `article:published_time`, JSON-LD `datePublished`,
    /// `<meta name=pubdate|date|publish-date>`, `<meta itemprop=datePublished>`,
    /// `<time datetime>` in the article, with which of those it was (`published_from`).
    pub published: Option<String>,
    pub published_from: Option<&'static str>,
    /// `author` / `article:author` meta or JSON-LD `author.name` (several joined with ", ").
    pub author: Option<String>,
    /// `<link rel=canonical>`, then `og:url`.
    pub canonical_url: Option<String>,
    /// `og:description`, `<meta name=description>`, JSON-LD `description`.
    pub description: Option<String>,
    /// Raw last-modified timestamp: `article:modified_time`, JSON-LD `dateModified`.
    pub modified: Option<String>,
    /// `<html lang>`.
    pub language: Option<String>,
}

/// Extracts the main text and metadata of an HTML page.
pub fn extract(html: &str) -> HtmlPage {
    let rules = rules::rules();
    let parsed = tree::parse(html, rules);
    let main = main_text::select(&parsed, rules);
    let meta = meta::build(&parsed, html, &main);
    HtmlPage { blocks: main.blocks, removed: main.removed, meta }
}

/// The charset a page declares in its first 1024 bytes (`<meta charset>` or `http-equiv`),
/// trimmed and lower-cased, as written: mapping the label to an encoding is the caller's job.
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    charset::declared_charset(bytes)
}
