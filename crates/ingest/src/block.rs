//! Blocks: paragraph-sized stretches of text as a reader found them, with where they came from.

use std::ops::Range;

/// One paragraph, heading or line of a page, before boilerplate is judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The text, whitespace collapsed, entities decoded; never empty.
    pub text: String,
    /// Byte range in the decoded source string the reader was given.
    pub source: Range<usize>,
    pub kind: BlockKind,
}

/// What the markup (or the layout of a plain-text file) says a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// `<h1>`–`<h3>`, or a plain-text line that stands alone like a headline.
    Heading,
    Paragraph,
    /// A `<figcaption>` or an image caption line.
    Caption,
}
