//! The encoding a page declares in its first 1024 bytes, as HTML's encoding prescan reads it.

use super::scan::{Scanner, Token};
use super::tags::Tag;

/// How far into the page the declaration may be.
const PRESCAN_BYTES: usize = 1024;

pub(crate) fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let mut scanner = Scanner::new(head);
    while let Some(token) = scanner.next() {
        let Token::Start { tag: Tag::Meta, .. } = token else { continue };
        let value = |name: &str| scanner.attr(name).map(|r| &head[r]);
        if let Some(label) = value("charset").and_then(label) {
            return Some(label);
        }
        let is_content_type = value("http-equiv").is_some_and(|v| v.trim_ascii().eq_ignore_ascii_case(b"content-type"));
        if is_content_type && let Some(label) = value("content").and_then(charset_in_content) {
            return Some(label);
        }
    }
    None
}

fn label(raw: &[u8]) -> Option<String> {
    // `<meta charset=utf-8/>` is common; the slash is not part of the label.
    let trimmed = raw.trim_ascii().trim_ascii_end();
    let trimmed = trimmed.strip_suffix(b"/").unwrap_or(trimmed).trim_ascii();
    if trimmed.is_empty() {
        return None;
    }
    Some(String::from_utf8_lossy(trimmed).to_ascii_lowercase())
}

/// HTML's "extracting a character encoding from a meta element": `charset` then `=`, then a
/// quoted or bare value.
fn charset_in_content(content: &[u8]) -> Option<String> {
    let lower = content.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&lower[from..], b"charset") {
        let mut i = from + at + "charset".len();
        while lower.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if lower.get(i) != Some(&b'=') {
            from = i;
            continue;
        }
        i += 1;
        while lower.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let rest = &content[i..];
        return match rest.first() {
            Some(&q @ (b'"' | b'\'')) => {
                let end = memchr::memchr(q, &rest[1..])?;
                label(&rest[1..1 + end])
            }
            _ => {
                let end = rest.iter().position(|&b| b.is_ascii_whitespace() || b == b';').unwrap_or(rest.len());
                label(&rest[..end])
            }
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_meta_charset() {
        assert_eq!(declared_charset(b"<!doctype html><META CharSet=' Windows-1256 '>").as_deref(), Some("windows-1256"));
        assert_eq!(declared_charset(b"<meta charset=utf-8/>").as_deref(), Some("utf-8"));
    }

    #[test]
    fn reads_http_equiv_content_type() {
        let page = b"<html><head><!-- <meta charset=koi8-r> --><title>t</title>\
            <meta http-equiv=\"Content-Type\" content=\"text/html; Charset = ISO-8859-6\"></head>";
        assert_eq!(declared_charset(page).as_deref(), Some("iso-8859-6"));
    }

    #[test]
    fn only_the_first_1024_bytes_count() {
        let mut page = vec![b' '; 1020];
        page.extend_from_slice(b"<meta charset=utf-8>");
        assert_eq!(declared_charset(&page), None);
        assert_eq!(declared_charset(b"<p>no declaration</p>"), None);
        assert_eq!(declared_charset(b"<meta charset=\"\">"), None);
    }
}
