//! Plain text: one block per non-empty line, each with its byte range.

use crate::block::{Block, BlockKind};

/// Splits text into line blocks. Lines are trimmed but otherwise kept as written, so a block's
/// text is exactly the source bytes it points at.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let lead = content.len() - content.trim_start().len();
        let trimmed = content.trim();
        if !trimmed.is_empty() {
            let from = start + lead;
            out.push(Block {
                text: trimmed.to_string(),
                source: from..from + trimmed.len(),
                kind: BlockKind::Paragraph,
            });
        }
        start += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_byte_ranges() {
        let text = "عنوان الخبر\r\n\n  فقرة أولى  \nفقرة ثانية";
        let b = blocks(text);
        assert_eq!(b.len(), 3);
        for block in &b {
            assert_eq!(&text[block.source.clone()], block.text);
        }
        assert_eq!(b[1].text, "فقرة أولى");
    }
}
