//! Tag-soup scanner: cuts HTML into start tags, end tags and text, each with its byte range.
//!
//! Works on bytes and only ever cuts at ASCII delimiters (`<`, `>`, quotes, whitespace), so every
//! range it returns over a `&str` falls on char boundaries. Each byte is looked at a bounded
//! number of times, so scanning is linear; a tag cut off by the end of input is dropped, as
//! browsers do.

use std::ops::Range;

use memchr::{memchr, memmem};

use super::tags::Tag;

/// One attribute of the last start tag; `value` is empty when the attribute has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attr {
    pub name: Range<usize>,
    pub value: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    /// A start tag; its attributes are in [`Scanner::attrs`] until the next token is read.
    Start { tag: Tag, name: Range<usize>, self_closing: bool, span: Range<usize> },
    End { tag: Tag, name: Range<usize> },
    /// Text; `decode` is false where character references are not recognised (CDATA,
    /// script and style content).
    Text { span: Range<usize>, decode: bool },
}

pub(crate) struct Scanner<'a> {
    src: &'a [u8],
    pos: usize,
    attrs: Vec<Attr>,
    /// Set after the start tag of a raw-text element: its content is read next.
    raw: Option<Tag>,
}

pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

impl<'a> Scanner<'a> {
    pub fn new(src: &'a [u8]) -> Self {
        Scanner { src, pos: 0, attrs: Vec::new(), raw: None }
    }

    #[cfg(test)]
    pub fn attrs(&self) -> &[Attr] {
        &self.attrs
    }

    /// The value of the first attribute called `name` (lower case), as HTML keeps the first of
    /// duplicate attributes.
    pub fn attr(&self, name: &str) -> Option<Range<usize>> {
        self.attrs
            .iter()
            .find(|a| self.src[a.name.clone()].eq_ignore_ascii_case(name.as_bytes()))
            .map(|a| a.value.clone())
    }

    /// Does a `<` at `i` open markup? Anything else (`a < b`, `<3`) is text.
    fn opens_markup(&self, i: usize) -> bool {
        matches!(self.src.get(i + 1), Some(c) if c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?'))
    }

    /// End of the text run starting at `from`: the next `<` that opens markup.
    fn text_end(&self, from: usize) -> usize {
        let mut i = from;
        while let Some(k) = memchr(b'<', &self.src[i..]) {
            if self.opens_markup(i + k) {
                return i + k;
            }
            i += k + 1;
        }
        self.src.len()
    }

    /// Skips to just past the next `>` (doctype, processing instruction, bogus comment).
    fn skip_past_gt(&mut self, from: usize) {
        self.pos = memchr(b'>', &self.src[from..]).map_or(self.src.len(), |k| from + k + 1);
    }

    /// Reads attributes from `i` to the closing `>`; returns the position after it and whether
    /// the tag ended in `/>`. `None` when input ends inside the tag.
    fn attributes(&mut self, mut i: usize, keep: bool) -> Option<(usize, bool)> {
        let src = self.src;
        let mut self_closing = false;
        loop {
            while i < src.len() && (is_space(src[i]) || src[i] == b'/') {
                self_closing = src[i] == b'/';
                i += 1;
            }
            match src.get(i)? {
                b'>' => return Some((i + 1, self_closing)),
                _ => self_closing = false,
            }
            // An attribute name may start with `=`; it runs to a delimiter.
            let name_start = i;
            i += 1;
            while i < src.len() && !is_space(src[i]) && !matches!(src[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            let name = name_start..i;
            while i < src.len() && is_space(src[i]) {
                i += 1;
            }
            let mut value = i..i;
            if src.get(i) == Some(&b'=') {
                i += 1;
                while i < src.len() && is_space(src[i]) {
                    i += 1;
                }
                match *src.get(i)? {
                    q @ (b'"' | b'\'') => {
                        let start = i + 1;
                        let len = memchr(q, &src[start..])?;
                        value = start..start + len;
                        i = start + len + 1;
                    }
                    b'>' => value = i..i,
                    _ => {
                        let start = i;
                        while i < src.len() && !is_space(src[i]) && src[i] != b'>' {
                            i += 1;
                        }
                        value = start..i;
                    }
                }
            }
            if keep {
                self.attrs.push(Attr { name, value });
            }
        }
    }

    fn tag_name(&self, from: usize) -> Range<usize> {
        let mut i = from;
        while i < self.src.len() && !is_space(self.src[i]) && !matches!(self.src[i], b'/' | b'>') {
            i += 1;
        }
        from..i
    }

    fn start_tag(&mut self) -> Option<Token> {
        let start = self.pos;
        let name = self.tag_name(start + 1);
        let tag = Tag::from_name(&self.src[name.clone()]);
        self.attrs.clear();
        let Some((end, self_closing)) = self.attributes(name.end, true) else {
            self.pos = self.src.len();
            return None;
        };
        self.pos = end;
        // Browsers ignore `/>` on raw-text elements: `<script src=x />` still swallows
        // everything up to `</script>`.
        if tag.is_raw_text() {
            self.raw = Some(tag);
        }
        Some(Token::Start { tag, name, self_closing, span: start..end })
    }

    fn end_tag(&mut self) -> Option<Token> {
        let name = self.tag_name(self.pos + 2);
        let tag = Tag::from_name(&self.src[name.clone()]);
        let Some((end, _)) = self.attributes(name.end, false) else {
            self.pos = self.src.len();
            return None;
        };
        self.pos = end;
        Some(Token::End { tag, name })
    }

    /// Where the raw text of `tag` that starts at `from` ends: at `</tag` followed by a
    /// delimiter, or at the end of input.
    fn raw_text_end(&self, from: usize, tag: Tag) -> usize {
        let name = tag.name().as_bytes();
        let src = self.src;
        let mut i = from;
        while let Some(k) = memchr(b'<', &src[i..]) {
            let lt = i + k;
            let name_end = lt + 2 + name.len();
            if src.get(lt + 1) == Some(&b'/')
                && name_end <= src.len()
                && src[lt + 2..name_end].eq_ignore_ascii_case(name)
                && src.get(name_end).is_none_or(|&c| is_space(c) || c == b'/' || c == b'>')
            {
                return lt;
            }
            i = lt + 1;
        }
        src.len()
    }
}

impl Iterator for Scanner<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let src = self.src;
        loop {
            if let Some(tag) = self.raw.take() {
                let start = self.pos;
                let end = self.raw_text_end(start, tag);
                self.pos = end;
                if end > start {
                    return Some(Token::Text { span: start..end, decode: tag.is_escapable_raw_text() });
                }
                continue;
            }
            let pos = self.pos;
            if pos >= src.len() {
                return None;
            }
            if src[pos] != b'<' || !self.opens_markup(pos) {
                let end = self.text_end(pos + 1);
                self.pos = end;
                return Some(Token::Text { span: pos..end, decode: true });
            }
            let rest = &src[pos..];
            match src.get(pos + 1) {
                Some(c) if c.is_ascii_alphabetic() => return self.start_tag(),
                Some(b'/') => match src.get(pos + 2) {
                    Some(c) if c.is_ascii_alphabetic() => return self.end_tag(),
                    _ => self.skip_past_gt(pos + 2),
                },
                Some(b'!') if rest.starts_with(b"<!--") => {
                    // `<!-->` and `<!--->` are complete (empty) comments.
                    let body = pos + 4;
                    self.pos = if src.get(body) == Some(&b'>') {
                        body + 1
                    } else if src[body..].starts_with(b"->") {
                        body + 2
                    } else {
                        memmem::find(&src[body..], b"-->").map_or(src.len(), |k| body + k + 3)
                    };
                }
                Some(b'!') if rest.starts_with(b"<![CDATA[") => {
                    let body = pos + 9;
                    let (end, next) = match memmem::find(&src[body..], b"]]>") {
                        Some(k) => (body + k, body + k + 3),
                        None => (src.len(), src.len()),
                    };
                    self.pos = next;
                    if end > body {
                        return Some(Token::Text { span: body..end, decode: false });
                    }
                }
                // Doctype, `<?xml ...?>`, bogus comments.
                _ => self.skip_past_gt(pos + 2),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(html: &str) -> Vec<String> {
        let mut scanner = Scanner::new(html.as_bytes());
        let mut out = Vec::new();
        while let Some(token) = scanner.next() {
            out.push(match token {
                Token::Start { name, self_closing, .. } => {
                    let attrs: Vec<String> = scanner
                        .attrs()
                        .iter()
                        .map(|a| format!("{}={}", &html[a.name.clone()], &html[a.value.clone()]))
                        .collect();
                    let slash = if self_closing { "/" } else { "" };
                    format!("<{}{}{}>", &html[name], if attrs.is_empty() { String::new() } else { format!(" {}", attrs.join(" ")) }, slash)
                }
                Token::End { name, .. } => format!("</{}>", &html[name]),
                Token::Text { span, .. } => format!("[{}]", &html[span]),
            });
        }
        out
    }

    #[test]
    fn reads_all_three_attribute_quotings() {
        assert_eq!(
            tokens(r#"<div class="a b" id='x>y' data-n=3 hidden>نص</div>"#),
            ["<div class=a b id=x>y data-n=3 hidden=>", "[نص]", "</div>"]
        );
    }

    #[test]
    fn skips_comments_doctype_and_reads_cdata_as_text() {
        assert_eq!(
            tokens("<!DOCTYPE html><!-- <p>x</p> --><?xml v?>أ<![CDATA[a<b]]><!---->ب"),
            ["[أ]", "[a<b]", "[ب]"]
        );
    }

    #[test]
    fn raw_text_runs_to_its_own_end_tag() {
        assert_eq!(
            tokens("<script>if (a<b) x='</div>';</SCRIPT ><p>z"),
            ["<script>", "[if (a<b) x='</div>';]", "</SCRIPT>", "<p>", "[z]"]
        );
    }

    #[test]
    fn less_than_in_text_is_text() {
        assert_eq!(tokens("3 < 4 <3 و</ >ok"), ["[3 < 4 <3 و]", "[ok]"]);
    }

    #[test]
    fn self_closing_and_truncated_tags() {
        assert_eq!(tokens("<br/><img src=a.jpg />x<a href=\"y"), ["<br/>", "<img src=a.jpg/>", "[x]"]);
        assert_eq!(tokens("a<div class="), ["[a]"]);
        assert_eq!(tokens("a</di"), ["[a]"]);
    }
}
