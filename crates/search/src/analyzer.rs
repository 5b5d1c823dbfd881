//! The tokenizer the index and queries share, built on Marsad's Arabic core.
//!
//! Each word gives two terms at one position: its matching key (بهجين, diacritics and letter
//! variants folded) and its stem with the clitics taken off (هجين). A query looks for the stem,
//! so هجين finds بهجين and وهجين, and for the key as well, so the form the user typed ranks
//! first. Both terms carry the byte range of the whole word in the text as written: token
//! filters never move offsets, so a snippet highlights the original spelling, marks and all.

use marsad_arabic::tokens::{TokenKind, for_each_token};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The name the analyzer is registered under in every index.
pub(crate) const NAME: &str = "marsad_arabic";

/// One word of a text as search sees it: the two forms it is indexed under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Matching key of the whole word.
    pub key: String,
    /// Matching key of the stem, clitics removed; equal to `key` when nothing was split.
    pub stem: String,
}

/// The words of `text` (punctuation left out), in order.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for_each_token(text, |t| {
        if t.kind != TokenKind::Punct && !t.key.is_empty() {
            out.push(Word { key: t.key.to_string(), stem: non_empty(t.stem, t.key).to_string() });
        }
    });
    out
}

/// A stem that the clitic rules emptied (a lone clitic letter) falls back to the key.
fn non_empty<'a>(stem: &'a str, key: &'a str) -> &'a str {
    if stem.is_empty() { key } else { stem }
}

/// Tantivy's side of [`words`]: the same terms, with positions and byte offsets.
#[derive(Debug, Clone, Copy, Default)]
pub struct ArabicTokenizer;

/// The tokens of one text, computed up front (the Arabic core walks a text in one pass).
pub struct ArabicTokens {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for ArabicTokenizer {
    type TokenStream<'a> = ArabicTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ArabicTokens {
        let mut tokens = Vec::with_capacity(text.len() / 5);
        let mut position = 0;
        for_each_token(text, |t| {
            if t.kind == TokenKind::Punct || t.key.is_empty() {
                return;
            }
            let (offset_from, offset_to) = t.bytes;
            let token = |text: &str| Token { offset_from, offset_to, position, text: text.to_string(), position_length: 1 };
            tokens.push(token(t.key));
            let stem = non_empty(t.stem, t.key);
            if stem != t.key {
                tokens.push(token(stem));
            }
            position += 1;
        });
        ArabicTokens { tokens, next: 0 }
    }
}

impl TokenStream for ArabicTokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<(String, usize, &str)> {
        let mut tk = ArabicTokenizer;
        let mut stream = tk.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.position, &text[t.offset_from..t.offset_to]));
        }
        out
    }

    #[test]
    fn a_word_with_clitics_gives_key_and_stem_at_one_position_over_the_whole_word() {
        let got = terms("قصفٌ على بِهَجين");
        assert_eq!(got[0], ("قصف".into(), 0, "قصفٌ"));
        assert!(got.contains(&("بهجين".into(), 2, "بِهَجين")), "{got:?}");
        assert!(got.contains(&("هجين".into(), 2, "بِهَجين")), "{got:?}");
    }

    #[test]
    fn punctuation_is_not_a_term_and_takes_no_position() {
        let got = terms("هجين، الشعفة");
        assert_eq!(got.iter().map(|t| t.1).max(), Some(1), "{got:?}");
        assert!(got.iter().all(|t| t.0 != "،"));
    }

    #[test]
    fn query_words_have_the_same_forms_as_indexed_terms() {
        let w = words("وهجين");
        assert_eq!(w, vec![Word { key: "وهجين".into(), stem: "هجين".into() }]);
    }
}
