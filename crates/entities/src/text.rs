//! Slicing a document's text at char offsets through its tokens, which know both their chars
//! and their bytes, instead of counting chars from the start of the text for every mention.

use marsad_arabic::Token;
use marsad_model::Span;

/// The byte offset of char `pos` in `text` (or the text's length past its end).
pub(crate) fn byte_at(text: &str, tokens: &[Token], pos: u32) -> usize {
    let n = tokens.partition_point(|t| t.span.end() < pos);
    if let Some(t) = tokens.get(n).filter(|t| t.span.start() <= pos) {
        let k = (pos - t.span.start()) as usize;
        match t.text.char_indices().nth(k) {
            Some((b, _)) => return t.bytes.0 + b,
            None if k == t.span.len() as usize => return t.bytes.1,
            None => {}
        }
    }
    marsad_arabic::byte_at(text, pos as usize)
}

/// The text of `span`, as `text.chars().skip(start).take(len)` would give it.
pub(crate) fn slice(text: &str, tokens: &[Token], span: Span) -> String {
    let (from, to) = (byte_at(text, tokens, span.start()), byte_at(text, tokens, span.end()));
    text[from..to].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_arabic::tokens::tokenize;

    #[test]
    fn slices_agree_with_counting_chars() {
        let text = "قال «المرصد»:  بلدة هجين\nوالسّوسة، ثم ";
        let toks = tokenize(text);
        let n = text.chars().count() as u32;
        for a in 0..=n + 2 {
            for b in a..=n + 2 {
                let span = Span::new(a, b).expect("in order");
                let counted: String = text.chars().skip(a as usize).take((b - a) as usize).collect();
                assert_eq!(slice(text, &toks, span), counted, "{a}..{b}");
            }
        }
    }
}
