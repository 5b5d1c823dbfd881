//! Format detection from the first bytes of a file; the extension is only a tie-breaker.

/// What a file holds, as far as its first bytes tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A WARC file, gzip-compressed or not.
    Warc { gzip: bool },
    /// A gzip file that is not a WARC (not supported: the reason is reported).
    OtherGzip,
    /// RSS 2.0, RSS 1.0 (RDF) or Atom.
    Feed,
    Html,
    /// One JSON object per line.
    Jsonl,
    /// A single JSON document (an article object, or an array of them).
    Json,
    Text,
}

/// Detects the format from the head of a file (its first few KB; for gzip, the first bytes of
/// the decompressed stream are passed as `inflated`).
pub fn sniff(head: &[u8], inflated: Option<&[u8]>, extension: Option<&str>) -> Sniffed {
    if head.starts_with(&[0x1f, 0x8b]) {
        return match inflated {
            Some(inner) if inner.starts_with(b"WARC/") => Sniffed::Warc { gzip: true },
            _ => Sniffed::OtherGzip,
        };
    }
    if head.starts_with(b"WARC/") {
        return Sniffed::Warc { gzip: false };
    }
    // Markup sniffing works on ASCII, whatever the encoding (UTF-16 aside, which is plain text
    // in practice): skip a UTF-8 BOM and leading whitespace.
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let body = &body[body.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(body.len())..];
    let lower: Vec<u8> = body.iter().take(2048).map(u8::to_ascii_lowercase).collect();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if body.starts_with(b"<") {
        if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") {
            return Sniffed::Feed;
        }
        return Sniffed::Html;
    }
    if body.starts_with(b"{") || body.starts_with(b"[") {
        return json_kind(body);
    }
    // Text that holds markup further in (a page saved without its doctype) is still a page.
    if has(b"<html") || has(b"<body") || (has(b"<p>") && has(b"</p>")) {
        return Sniffed::Html;
    }
    match extension {
        Some("html" | "htm" | "xhtml") if has(b"<") => Sniffed::Html,
        _ => Sniffed::Text,
    }
}

/// JSON Lines when the first line is a whole JSON object (or runs past the head, as long
/// article lines do); otherwise one JSON document spread over lines.
fn json_kind(body: &[u8]) -> Sniffed {
    if body.starts_with(b"[") {
        return Sniffed::Json;
    }
    match memchr::memchr(b'\n', body) {
        None => Sniffed::Jsonl,
        Some(end) => match serde_json::from_slice::<serde_json::Value>(&body[..end]) {
            Ok(serde_json::Value::Object(_)) => Sniffed::Jsonl,
            _ => Sniffed::Json,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_wins_over_extension() {
        assert_eq!(sniff(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", None, Some("txt")), Sniffed::Feed);
        assert_eq!(sniff(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">", None, None), Sniffed::Feed);
        assert_eq!(sniff(b"\xEF\xBB\xBF  <!DOCTYPE html><html>", None, Some("txt")), Sniffed::Html);
        assert_eq!(sniff(b"{\"text\": \"...\"}\n", None, Some("txt")), Sniffed::Jsonl);
        assert_eq!(sniff(b"{\n  \"text\": \"...\"\n}\n", None, Some("json")), Sniffed::Json);
        assert_eq!(sniff(b"[{\"text\": \"...\"}]", None, None), Sniffed::Json);
        assert_eq!(sniff(b"WARC/1.0\r\n", None, Some("html")), Sniffed::Warc { gzip: false });
        assert_eq!(sniff(b"\x1f\x8b\x08", Some(b"WARC/1.1\r\n"), None), Sniffed::Warc { gzip: true });
        assert_eq!(sniff(b"\x1f\x8b\x08", Some(b"hello"), None), Sniffed::OtherGzip);
        assert_eq!(sniff("قصف على البلدة".as_bytes(), None, Some("html")), Sniffed::Text);
    }
}
