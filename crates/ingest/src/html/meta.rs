//! Page metadata: `<meta>`, `<link rel=canonical>`, JSON-LD and `<time>`, each field taken
//! from the most reliable source the page has.

use serde_json::{Map, Value};

use super::HtmlMeta;
use super::main_text::MainText;
use super::tree::{Elem, Parsed, clean_value};
use super::tags::Tag;

/// The JSON-LD facts about the article, when the page has an article object.
#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
    description: Option<String>,
}

pub(crate) fn build(parsed: &Parsed, src: &str, main: &MainText) -> HtmlMeta {
    let m = &parsed.meta;
    let ld = json_ld(parsed, src);
    let mut meta = HtmlMeta {
        title: m.title.clone(),
        headline: ld.headline.or_else(|| m.og_title.clone()).or_else(|| main.first_h1.clone()),
        site_name: m.og_site_name.clone().or(ld.publisher).or_else(|| m.application_name.clone()),
        author: m
            .author
            .clone()
            .or_else(|| m.article_author.clone().filter(|a| !is_url(a)))
            .or(ld.author),
        canonical_url: m.canonical.clone().or_else(|| m.og_url.clone()),
        description: m.og_description.clone().or_else(|| m.description.clone()).or(ld.description),
        modified: m.modified_time.clone().or(ld.modified).or_else(|| m.itemprop_modified.clone()),
        language: m.lang.clone(),
        ..HtmlMeta::default()
    };
    let published = [
        (m.published_time.clone(), "meta article:published_time"),
        (ld.published, "json-ld datePublished"),
        m.meta_date.clone().map_or((None, ""), |(v, label)| (Some(v), label)),
        (m.itemprop_published.clone(), "meta itemprop datePublished"),
        (article_time(parsed, main.container, main.body_start), "time datetime"),
    ];
    if let Some((value, from)) = published.into_iter().find_map(|(v, from)| v.map(|v| (v, from))) {
        meta.published = Some(value);
        meta.published_from = Some(from);
    }
    meta
}

fn is_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("//")
}

/// The first `<time datetime>` of the article: inside the outermost `<article>` around the
/// container, or else inside the container's parent (where the date line usually sits). After
/// the body, dates inside furniture belong to teasers of other articles and are skipped; before
/// it, a "post-meta" line is where the article's own date is.
fn article_time(parsed: &Parsed, container: u32, body_start: u32) -> Option<String> {
    let elems = &parsed.elems;
    let mut scope = elems[container as usize].parent;
    let mut e = container;
    loop {
        if elems[e as usize].tag == Tag::Article {
            scope = e;
        }
        if e == 0 {
            break;
        }
        e = elems[e as usize].parent;
    }
    let within = |x: u32| x >= scope && x <= elems[scope as usize].last_desc;
    parsed
        .meta
        .times
        .iter()
        .find(|(e, _)| within(*e) && (*e < body_start || !in_furniture(elems, *e, scope)))
        .map(|(_, v)| v.clone())
}

/// Is `e` inside a marked element below `scope`? (A "related" teaser's date is not ours.)
fn in_furniture(elems: &[Elem], mut e: u32, scope: u32) -> bool {
    // Bounded: dates sit a few levels below the article.
    for _ in 0..32 {
        if e <= scope {
            return false;
        }
        if elems[e as usize].mark != super::rules::Mark::None {
            return true;
        }
        e = elems[e as usize].parent;
    }
    false
}

fn json_ld(parsed: &Parsed, src: &str) -> JsonLd {
    let mut found = JsonLd::default();
    for range in &parsed.meta.json_ld {
        let Some(value) = parse_lenient(&src[range.clone()]) else { continue };
        let objects = objects(&value);
        let by_id = |v: &'_ Value| -> Option<&Map<String, Value>> {
            let id = v.get("@id")?.as_str()?;
            objects.iter().copied().find(|o| o.get("@id").and_then(Value::as_str) == Some(id) && o.len() > 1)
        };
        let resolve = |v: &'_ Value| -> Option<String> {
            match v {
                Value::String(s) => text(s),
                Value::Object(o) => o.get("name").and_then(Value::as_str).and_then(text).or_else(|| {
                    by_id(v).and_then(|o| o.get("name")).and_then(Value::as_str).and_then(text)
                }),
                _ => None,
            }
        };
        let Some(article) = objects.iter().find(|o| is_article(o)) else {
            if found.publisher.is_none() {
                found.publisher = objects
                    .iter()
                    .find(|o| has_type(o, |t| t.ends_with("Organization")))
                    .and_then(|o| o.get("name")?.as_str().and_then(text));
            }
            continue;
        };
        let string = |key: &str| article.get(key).and_then(Value::as_str).and_then(text);
        found.headline = found.headline.take().or_else(|| string("headline"));
        found.published = found.published.take().or_else(|| string("datePublished"));
        found.modified = found.modified.take().or_else(|| string("dateModified"));
        found.description = found.description.take().or_else(|| string("description"));
        if found.author.is_none() {
            let names: Vec<String> = match article.get("author") {
                Some(Value::Array(list)) => list.iter().filter_map(resolve).collect(),
                Some(one) => resolve(one).into_iter().collect(),
                None => Vec::new(),
            };
            found.author = (!names.is_empty()).then(|| names.join(", "));
        }
        if found.publisher.is_none() {
            found.publisher = match article.get("publisher") {
                Some(Value::Array(list)) => list.iter().find_map(resolve),
                Some(one) => resolve(one),
                None => None,
            };
        }
    }
    found
}

/// Parses JSON-LD as pages write it: sometimes wrapped in comment or CDATA markers, sometimes
/// with raw newlines inside strings, which strict JSON forbids.
fn parse_lenient(raw: &str) -> Option<Value> {
    let mut s = raw.trim();
    for (open, close) in [("<!--", "-->"), ("//<![CDATA[", "//]]>"), ("<![CDATA[", "]]>")] {
        if let Some(inner) = s.strip_prefix(open) {
            s = inner.trim_end().strip_suffix(close).unwrap_or(inner).trim();
        }
    }
    serde_json::from_str(s).ok().or_else(|| {
        let cleaned: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        serde_json::from_str(&cleaned).ok()
    })
}

/// The objects of a JSON-LD document: top-level ones, array items and `@graph` members.
fn objects(value: &Value) -> Vec<&Map<String, Value>> {
    let mut out = Vec::new();
    let top: Vec<&Value> = match value {
        Value::Array(list) => list.iter().collect(),
        other => vec![other],
    };
    for v in top {
        if let Value::Object(o) = v {
            out.push(o);
            if let Some(Value::Array(graph)) = o.get("@graph") {
                out.extend(graph.iter().filter_map(Value::as_object));
            }
        }
    }
    out
}

fn has_type(o: &Map<String, Value>, pred: impl Fn(&str) -> bool) -> bool {
    match o.get("@type") {
        Some(Value::String(t)) => pred(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(pred),
        _ => false,
    }
}

/// NewsArticle, Article, ReportageNewsArticle, AnalysisNewsArticle, BlogPosting ...
fn is_article(o: &Map<String, Value>) -> bool {
    has_type(o, |t| t.ends_with("Article") || t.ends_with("BlogPosting"))
}

/// JSON-LD strings are often HTML-escaped a second time by the CMS (`&#8211;`).
fn text(s: &str) -> Option<String> {
    clean_value(s)
}
