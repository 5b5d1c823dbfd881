//! JSONL: one article per line, with a `text` or `html` field and optional metadata, streamed.

use crate::raw::{Charset, Hints, Limits, Markup, RawArticle, Rejection};
use marsad_model::{Format, SourceRef};
use serde_json::{Map, Value};
use std::io::BufRead;

/// Field names accepted for each part of an article, in order of preference.
const TEXT_FIELDS: &[&str] = &["text", "content", "body", "article"];
const HTML_FIELDS: &[&str] = &["html", "raw_html", "content_html"];
const TITLE_FIELDS: &[&str] = &["title", "headline"];
const URL_FIELDS: &[&str] = &["url", "link", "canonical_url"];
const DATE_FIELDS: &[&str] = &["published", "date", "published_at", "pubDate", "time", "datePublished"];
const OUTLET_FIELDS: &[&str] = &["outlet", "site_name", "source", "src", "site", "publisher"];
const AUTHOR_FIELDS: &[&str] = &["author", "byline"];

/// Reads a JSONL stream line by line; each line becomes an article or a rejection naming it.
pub fn read_jsonl(mut input: impl BufRead, file: &str, limits: &Limits, emit: &mut dyn FnMut(Result<RawArticle, Rejection>)) {
    let mut line = Vec::new();
    let mut n = 0u32;
    loop {
        line.clear();
        match input.read_until(b'\n', &mut line) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) => {
                emit(Err(Rejection::new(SourceRef::item(file, n + 1), format!("cannot be read: {e}"))));
                return;
            }
        }
        n += 1;
        if line.trim_ascii().is_empty() {
            continue;
        }
        let source = SourceRef::item(file, n);
        if line.len() > limits.max_doc_bytes {
            emit(Err(Rejection::new(
                source,
                format!("line {n} is {} bytes, over the limit of {} (--max-doc-bytes)", line.len(), limits.max_doc_bytes),
            )));
            continue;
        }
        emit(article(&line, source, n));
    }
}

/// Reads a JSON document holding one article object or an array of them (`#N` counts the
/// array's elements from 1).
pub fn read_json(bytes: &[u8], file: &str, emit: &mut dyn FnMut(Result<RawArticle, Rejection>)) {
    let reject = |reason: String| Rejection::new(SourceRef::file(file), reason);
    match serde_json::from_slice::<Value>(bytes) {
        Err(e) => emit(Err(reject(format!("is not valid JSON: {e}")))),
        Ok(Value::Array(items)) => {
            for (i, v) in items.into_iter().enumerate() {
                let n = i as u32 + 1;
                emit(object(v, SourceRef::item(file, n), &format!("element {n}")));
            }
        }
        Ok(v @ Value::Object(_)) => match object(v, SourceRef::file(file), "the JSON document") {
            Err(_) => emit(Err(reject("is a JSON document without an article (no text or html field): not something marsad reads".to_string()))),
            ok => emit(ok),
        },
        Ok(_) => emit(Err(reject("is JSON but neither an article object nor an array of them".into()))),
    }
}

fn article(line: &[u8], source: SourceRef, n: u32) -> Result<RawArticle, Rejection> {
    match serde_json::from_slice(line) {
        Ok(value) => object(value, source, &format!("line {n}")),
        Err(e) => Err(Rejection::new(source, format!("line {n} is not valid JSON: {e}"))),
    }
}

/// One article from a JSON value; `what` names it in errors ("line 3", "element 2").
fn object(value: Value, source: SourceRef, what: &str) -> Result<RawArticle, Rejection> {
    let reject = |reason: String| Rejection::new(source.clone(), reason);
    let n = what;
    let Value::Object(obj) = value else {
        return Err(reject(format!("{n} is JSON but not an object")));
    };
    let (markup, body) = if let Some(html) = field(&obj, HTML_FIELDS) {
        (Markup::Html, html)
    } else if let Some(text) = field(&obj, TEXT_FIELDS) {
        (Markup::Plain, text)
    } else {
        return Err(reject(format!("{n} has no text or html field (looked for {TEXT_FIELDS:?} and {HTML_FIELDS:?})")));
    };
    Ok(RawArticle {
        source: source.clone(),
        format: Format::Jsonl,
        markup,
        bytes: body.into_bytes(),
        charset: Charset::Decoded,
        hints: Hints {
            url: field(&obj, URL_FIELDS),
            title: field(&obj, TITLE_FIELDS),
            published: DATE_FIELDS.iter().find_map(|&k| nonempty(&obj, k).map(|v| (v, date_label(k)))),
            outlet: field(&obj, OUTLET_FIELDS),
            author: field(&obj, AUTHOR_FIELDS),
        },
    })
}

fn nonempty(obj: &Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        // {"publisher": {"name": "..."}} as JSON-LD has it.
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(String::from),
        _ => None,
    }
}

fn field(obj: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| nonempty(obj, k))
}

fn date_label(key: &str) -> &'static str {
    match key {
        "published" => "jsonl published",
        "date" => "jsonl date",
        "published_at" => "jsonl published_at",
        "pubDate" => "jsonl pubDate",
        "time" => "jsonl time",
        _ => "jsonl datePublished",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str) -> Vec<Result<RawArticle, Rejection>> {
        let mut out = Vec::new();
        read_jsonl(input.as_bytes(), "news.jsonl", &Limits { max_doc_bytes: 400 }, &mut |r| out.push(r));
        out
    }

    #[test]
    fn lines_become_articles_with_their_fields() {
        let out = read(concat!(
            r#"{"text":"قتل مدني بانفجار عبوة ناسفة","title":"انفجار","url":"https://x.example/1","published":"2019-01-02","src":"skynews"}"#,
            "\n\n",
            r#"{"html":"<p>نص</p>","publisher":{"name":"عنب بلدي"}}"#,
            "\n"
        ));
        assert_eq!(out.len(), 2);
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.source.to_string(), "news.jsonl#1");
        assert_eq!(a.markup, Markup::Plain);
        assert_eq!(a.hints.outlet.as_deref(), Some("skynews"));
        assert_eq!(a.hints.published, Some(("2019-01-02".into(), "jsonl published")));
        let b = out[1].as_ref().unwrap();
        assert_eq!(b.source.to_string(), "news.jsonl#3");
        assert_eq!(b.markup, Markup::Html);
        assert_eq!(b.hints.outlet.as_deref(), Some("عنب بلدي"));
    }

    #[test]
    fn bad_lines_are_named_and_the_rest_read() {
        let big = format!(r#"{{"text":"{}"}}"#, "ا".repeat(300));
        let out = read(&format!("{{\"text\": \"ok\"\n[1,2]\n{{\"title\":\"no body\"}}\n{big}\n{{\"text\":\"سليم\"}}\n"));
        let errs: Vec<String> = out.iter().filter_map(|r| r.as_ref().err()).map(ToString::to_string).collect();
        assert_eq!(errs.len(), 4, "{errs:#?}");
        assert!(errs[0].starts_with("news.jsonl#1: line 1 is not valid JSON"));
        assert!(errs[1].contains("not an object"));
        assert!(errs[2].contains("no text or html field"));
        assert!(errs[3].contains("over the limit"));
        assert!(out.last().unwrap().is_ok());
    }

    #[test]
    fn json_documents_of_one_or_many_articles() {
        let mut out = Vec::new();
        read_json(br#"[{"text":"\u0623"},{"title":"x"}]"#, "a.json", &mut |r| out.push(r));
        assert!(out[0].is_ok());
        assert_eq!(out[1].as_ref().unwrap_err().to_string(), format!("a.json#2: element 2 has no text or html field (looked for {TEXT_FIELDS:?} and {HTML_FIELDS:?})"));
        let mut out = Vec::new();
        read_json(b"{\n \"about\": \"analysis\"\n}", "notes.json", &mut |r| out.push(r));
        assert!(out[0].as_ref().unwrap_err().to_string().starts_with("notes.json: is a JSON document without an article"));
    }
}
