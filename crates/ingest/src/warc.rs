//! WARC and WARC.gz: every `response` record whose HTTP payload is an HTML page, streamed.
//!
//! Written here rather than taken from the `warc` crate because ingest needs to skip an
//! oversized record without buffering it, to say which record number is truncated, and to
//! keep the HTTP charset; the format itself is a version line, headers and a sized body.

use crate::raw::{Charset, Hints, Limits, Markup, RawArticle, Rejection};
use marsad_model::{Format, SourceRef};
use std::io::{self, BufRead, Read};

/// Reads WARC records one at a time from `input`, emitting an article for every HTML response
/// and a rejection for every record that cannot be read. Stops at the first record that breaks
/// the framing (truncation, a bad header): nothing after it can be located.
pub fn read_warc(input: impl BufRead, file: &str, limits: &Limits, emit: &mut dyn FnMut(Result<RawArticle, Rejection>)) {
    let mut records = Records { input, n: 0 };
    loop {
        match records.next(limits) {
            Ok(None) => return,
            Ok(Some(Record { n, target, payload: Payload::Http(http) })) => {
                let source = SourceRef::item(file, n);
                match parse_http(&http) {
                    Ok(Some((charset, body))) => emit(Ok(RawArticle {
                        source,
                        format: Format::Warc,
                        markup: Markup::Html,
                        bytes: body,
                        charset: charset.map_or(Charset::Unknown, Charset::Declared),
                        hints: Hints { url: target, ..Hints::default() },
                    })),
                    Ok(None) => {} // a redirect, an image, a stylesheet: not an article
                    Err(reason) => emit(Err(Rejection::new(source, reason))),
                }
            }
            Ok(Some(Record { n, payload: Payload::TooLarge(length), .. })) => emit(Err(Rejection::new(
                SourceRef::item(file, n),
                format!("the record is {length} bytes, over the limit of {} (--max-doc-bytes)", limits.max_doc_bytes),
            ))),
            Ok(Some(Record { payload: Payload::None, .. })) => {}
            Err((n, reason)) => {
                emit(Err(Rejection::new(SourceRef::item(file, n.max(1)), reason)));
                return;
            }
        }
    }
}

struct Records<R> {
    input: R,
    n: u32,
}

/// One record: its number, target URI, and what it carries.
struct Record {
    n: u32,
    target: Option<String>,
    payload: Payload,
}

enum Payload {
    /// An HTTP response, as bytes.
    Http(Vec<u8>),
    /// An HTTP response over the size limit, skipped unread.
    TooLarge(u64),
    /// Anything else (warcinfo, request, metadata, …).
    None,
}

type RecordError = (u32, String);

impl<R: BufRead> Records<R> {
    fn next(&mut self, limits: &Limits) -> Result<Option<Record>, RecordError> {
        let mut line = Vec::new();
        // Records are separated by blank lines; skip them to the next version line.
        loop {
            line.clear();
            let read = self.input.read_until(b'\n', &mut line).map_err(|e| self.io_error(e))?;
            if read == 0 {
                return Ok(None);
            }
            if !line.trim_ascii().is_empty() {
                break;
            }
        }
        self.n += 1;
        let n = self.n;
        if !line.starts_with(b"WARC/") {
            let shown = String::from_utf8_lossy(&line[..line.len().min(40)]).trim().to_string();
            return Err((n, format!("record {n} does not start with a WARC version line (found {shown:?})")));
        }
        let (mut kind, mut target, mut length, mut content_type) = (None, None, None, None);
        loop {
            line.clear();
            let read = self.input.read_until(b'\n', &mut line).map_err(|e| self.io_error(e))?;
            if read == 0 || !line.ends_with(b"\n") {
                return Err((n, format!("record {n} is truncated inside its headers")));
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                break;
            }
            let Some((name, value)) = text.split_once(':') else {
                return Err((n, format!("record {n} has a malformed header line {text:?}")));
            };
            let value = value.trim().to_string();
            match name.trim().to_ascii_lowercase().as_str() {
                "warc-type" => kind = Some(value.to_ascii_lowercase()),
                "warc-target-uri" => target = Some(value.trim_matches(['<', '>']).to_string()),
                "content-length" => {
                    length = Some(value.parse::<u64>().map_err(|_| (n, format!("record {n} has a bad Content-Length {value:?}")))?)
                }
                "content-type" => content_type = Some(value.to_ascii_lowercase()),
                _ => {}
            }
        }
        let length = length.ok_or((n, format!("record {n} has no Content-Length")))?;
        let is_response = kind.as_deref() == Some("response")
            && content_type.as_deref().is_none_or(|t| t.starts_with("application/http"));
        let payload = if is_response && length <= limits.max_doc_bytes as u64 {
            let mut body = Vec::with_capacity(length as usize);
            (&mut self.input).take(length).read_to_end(&mut body).map_err(|e| self.io_error(e))?;
            if (body.len() as u64) < length {
                return Err((n, format!("record {n} is truncated: {} of {length} content bytes", body.len())));
            }
            Payload::Http(body)
        } else {
            let skipped = io::copy(&mut (&mut self.input).take(length), &mut io::sink()).map_err(|e| self.io_error(e))?;
            if skipped < length {
                return Err((n, format!("record {n} is truncated: {skipped} of {length} content bytes")));
            }
            if is_response { Payload::TooLarge(length) } else { Payload::None }
        };
        Ok(Some(Record { n, target, payload }))
    }

    fn io_error(&self, e: io::Error) -> RecordError {
        let n = self.n.max(1);
        (n, format!("record {n} cannot be read: {e} (a truncated or corrupt gzip stream?)"))
    }
}

/// An HTML page out of an HTTP response: its declared charset, if any, and its body.
type Page = (Option<String>, Vec<u8>);

/// Splits an HTTP response into its charset and body. `Ok(None)` for responses that are not
/// HTML pages (redirects, errors, images); `Err` for a response that cannot be parsed.
fn parse_http(http: &[u8]) -> Result<Option<Page>, String> {
    let Some(end) = http.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4)
        .or_else(|| http.windows(2).position(|w| w == b"\n\n").map(|p| p + 2))
    else {
        return Err("the HTTP response has no end of headers".into());
    };
    let head = String::from_utf8_lossy(&http[..end]);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or("");
    let code: u16 = status.split_whitespace().nth(1).and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("the HTTP status line {status:?} is malformed"))?;
    if !(200..300).contains(&code) {
        return Ok(None);
    }
    let (mut content_type, mut chunked, mut gzip) = (None, false, false);
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { continue };
        let value = value.trim().to_ascii_lowercase();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value),
            "transfer-encoding" => chunked = value.contains("chunked"),
            "content-encoding" => gzip = value.contains("gzip"),
            _ => {}
        }
    }
    let ct = content_type.unwrap_or_else(|| "text/html".into());
    if !(ct.starts_with("text/html") || ct.starts_with("application/xhtml")) {
        return Ok(None);
    }
    let charset = ct.split(';').find_map(|p| p.trim().strip_prefix("charset=")).map(|c| c.trim_matches(['"', '\'']).to_string());
    let mut body = http[end..].to_vec();
    if chunked {
        body = dechunk(&body).ok_or("the chunked HTTP body is malformed")?;
    }
    if gzip {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&body[..]).read_to_end(&mut out)
            .map_err(|e| format!("the gzip-encoded HTTP body cannot be inflated: {e}"))?;
        body = out;
    }
    Ok(Some((charset, body)))
}

/// Decodes an HTTP/1.1 chunked body.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{Compression, write::GzEncoder};
    use std::io::Write;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn response(charset: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset={charset}\r\n\r\n").into_bytes();
        r.extend_from_slice(body);
        r
    }

    fn read(bytes: &[u8], limits: Limits) -> Vec<Result<RawArticle, Rejection>> {
        let mut out = Vec::new();
        read_warc(bytes, "crawl.warc", &limits, &mut |r| out.push(r));
        out
    }

    fn warc() -> Vec<u8> {
        let (arabic, _, _) = encoding_rs::WINDOWS_1256.encode("<p>نص الخبر</p>");
        let mut w = record("warcinfo", "", b"software: test\r\n");
        w.extend(record("request", "https://example.org/a", b"GET /a HTTP/1.1\r\n\r\n"));
        w.extend(record("response", "https://example.org/a", &response("utf-8", "<p>خبر أول</p>".as_bytes())));
        w.extend(record("response", "https://example.org/b", &response("windows-1256", &arabic)));
        w.extend(record("response", "https://example.org/c.png", b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG"));
        w
    }

    #[test]
    fn html_responses_with_target_and_charset() {
        let out = read(&warc(), Limits::default());
        assert_eq!(out.len(), 2);
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.source.to_string(), "crawl.warc#3");
        assert_eq!(a.hints.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(a.charset, Charset::Declared("utf-8".into()));
        assert_eq!(a.bytes, "<p>خبر أول</p>".as_bytes());
        let b = out[1].as_ref().unwrap();
        assert_eq!(b.charset, Charset::Declared("windows-1256".into()));
    }

    #[test]
    fn gzip_members_per_record() {
        let mut gz = Vec::new();
        {
            let chunk = record("response", "https://example.org/a", &response("utf-8", "<p>خبر</p>".as_bytes()));
            let mut e = GzEncoder::new(Vec::new(), Compression::fast());
            e.write_all(&chunk).unwrap();
            gz.extend(e.finish().unwrap());
        }
        let mut out = Vec::new();
        let input = io::BufReader::new(flate2::read::MultiGzDecoder::new(&gz[..]));
        read_warc(input, "c.warc.gz", &Limits::default(), &mut |r| out.push(r));
        assert_eq!(out.len(), 1);
        assert!(out[0].is_ok());
    }

    #[test]
    fn truncation_is_reported_with_the_record_number() {
        let w = warc();
        let out = read(&w[..w.len() - 60], Limits::default());
        let last = out.last().unwrap().as_ref().unwrap_err();
        assert_eq!(last.source.to_string(), "crawl.warc#5");
        assert!(last.reason.contains("truncated"), "{}", last.reason);
        assert!(out[0].is_ok() && out[1].is_ok());
    }

    #[test]
    fn oversized_record_is_skipped_and_the_rest_read() {
        let mut w = record("response", "https://example.org/big", &response("utf-8", &vec![b'x'; 5000]));
        w.extend(record("response", "https://example.org/a", &response("utf-8", b"<p>ok</p>")));
        let out = read(&w, Limits { max_doc_bytes: 1000 });
        assert!(out[0].as_ref().unwrap_err().reason.contains("over the limit"));
        assert!(out[1].is_ok());
    }

    #[test]
    fn chunked_bodies_are_decoded() {
        assert_eq!(dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").unwrap(), b"Wikipedia");
        assert!(dechunk(b"zz\r\n").is_none());
    }

    #[test]
    fn garbage_is_not_a_warc_record() {
        let out = read(b"hello world\r\n", Limits::default());
        assert!(out[0].as_ref().unwrap_err().reason.contains("WARC version line"));
    }
}
