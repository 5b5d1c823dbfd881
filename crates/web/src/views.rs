//! Assembling what one event, contradiction, document or search page shows, from the catalog,
//! the store and the search index: shared by the JSON API and the HTML pages, so both say the
//! same thing.

use crate::catalog::{Catalog, DocSummary, EventSummary, Figure, figure, str_of};
use crate::error::ApiError;
use marsad_model::DocId;
use marsad_store::{Store, StoredDocument};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// One search hit as the API returns it and the search page lists it: the ids the other routes
/// take (`d3`, `e12`) and the snippet as runs of text as written, the matched words apart. The
/// runs are text: a page escapes each and wraps the matched ones in `<mark>`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub doc: String,
    /// The document's event, when the hit is one.
    pub event: Option<String>,
    /// The merged event that includes this event, whose page shows every report of it.
    pub merged_into: Option<String>,
    /// BM25 relevance: higher is better, comparable only within one search.
    pub score: f32,
    pub headline: Option<String>,
    pub outlet: Option<Value>,
    pub published: Option<String>,
    pub snippet: Vec<marsad_search::Fragment>,
}

/// A page of search hits, shaped like every other list of the API.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub total: u64,
    pub offset: usize,
    pub limit: usize,
    pub items: Vec<SearchHit>,
}

/// Runs `query` on `index`, naming each hit as the rest of the API does.
pub fn search(index: &marsad_search::SearchIndex, catalog: &Catalog, query: &marsad_search::Query) -> Result<SearchResults, ApiError> {
    let found = index.search(query)?;
    let items = found
        .hits
        .into_iter()
        .map(|h| {
            let event = h.event_id.map(|n| format!("e{n}"));
            SearchHit {
                doc: h.doc_id.to_string(),
                merged_into: event.as_deref().and_then(|e| catalog.event(e)?.merged_into.clone()),
                event,
                score: h.score,
                headline: h.headline,
                outlet: h.outlet.map(|o| serde_json::json!({"id": o.id, "ar": o.ar, "en": o.en})),
                published: h.published.map(|d| d.to_string()),
                snippet: h.snippet,
            }
        })
        .collect();
    Ok(SearchResults { total: found.total, offset: query.page.offset(), limit: query.page.limit(), items })
}

/// A stretch of text with one part marked: what a page highlights inside a sentence.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Marked {
    pub before: String,
    pub mark: String,
    pub after: String,
}

/// One claim as an outlet's column shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimView {
    pub event: Option<String>,
    pub span: [usize; 2],
    pub source: Option<String>,
    pub fatalities: Option<Figure>,
    pub injured: Option<Figure>,
    /// The whole sentence the claim is in, with the figure's words (or the claim's) marked.
    pub sentence: Marked,
}

/// The claims one document makes about an event.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimColumn {
    pub doc: DocSummary,
    pub claims: Vec<ClaimView>,
}

/// A contradiction with each figure's outlet and headline beside it.
#[derive(Debug, Clone, Serialize)]
pub struct ContradictionView {
    pub id: String,
    pub field: String,
    pub about: String,
    pub event_ids: Vec<String>,
    pub claims: Vec<ContradictionClaim>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContradictionClaim {
    pub doc: String,
    pub event: Option<String>,
    pub value: String,
    pub low: Option<i64>,
    pub high: Option<i64>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub source: Option<String>,
    pub outlet: Option<Value>,
    pub headline: Option<String>,
}

impl ContradictionClaim {
    /// The figure or date the claim gives, compactly: "5", "251+", "10–12", "2019-01-26".
    pub fn figure(&self) -> String {
        match (self.low, self.high, &self.start) {
            (Some(l), Some(h), _) if h != l => format!("{l}–{h}"),
            (Some(l), Some(_), _) => l.to_string(),
            (Some(l), None, _) => format!("{l}+"),
            (None, _, Some(s)) => match &self.end {
                Some(e) if e != s => format!("{s} – {e}"),
                _ => s.clone(),
            },
            _ => String::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EventDetail {
    pub summary: EventSummary,
    /// The event record as the JSONL export writes it.
    pub event: Value,
    pub columns: Vec<ClaimColumn>,
    pub contradictions: Vec<ContradictionView>,
    /// For a merged event, the documents' own events it brings together.
    pub members: Vec<EventSummary>,
}

/// A stretch of a document's text, and what it mentions if anything.
#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    pub text: String,
    /// `place`, `actor`, `source`, `person` for a mention.
    pub kind: Option<String>,
    pub title: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentDetail {
    /// The document record as the JSONL export writes it.
    pub document: serde_json::Map<String, Value>,
    pub mentions: Vec<Value>,
    pub events: Vec<EventSummary>,
    #[serde(skip)]
    pub segments: Vec<Segment>,
    #[serde(skip)]
    pub summary: DocSummary,
}

/// Parses a document id as `d12` or `12`.
pub fn doc_id(id: &str) -> Option<DocId> {
    id.strip_prefix('d').unwrap_or(id).parse().ok().map(DocId)
}

fn stored(store: &Store, id: &str) -> Result<Option<StoredDocument>, ApiError> {
    match doc_id(id) {
        Some(d) => Ok(store.document(d)?),
        None => Ok(None),
    }
}

pub fn event_detail(store: &Store, catalog: &Catalog, id: &str) -> Result<EventDetail, ApiError> {
    let not_found = || ApiError::NotFound(format!("no event {id:?} (ids are e<n> for one document's event, m<n> for a merged one)"));
    let summary = catalog.event(id).ok_or_else(not_found)?.clone();
    let mut event = match catalog.merged_json.get(id) {
        Some(v) => v.clone(),
        None => {
            let n: u64 = id.strip_prefix('e').and_then(|n| n.parse().ok()).ok_or_else(not_found)?;
            let (doc, json) = store.event(n)?.ok_or_else(not_found)?;
            let mut v: Value = serde_json::from_str(&json).map_err(|e| ApiError::Internal(format!("event {id} in the store is not JSON: {e}")))?;
            // As the export writes it: the event names its document, and so does each claim.
            for claim in v["claims"].as_array_mut().into_iter().flatten() {
                claim["doc"] = Value::String(doc.to_string());
            }
            let mut record = serde_json::Map::new();
            record.insert("kind".into(), "event".into());
            record.insert("id".into(), id.into());
            record.extend(v.as_object().cloned().unwrap_or_default());
            record.insert("docs".into(), serde_json::json!([doc.to_string()]));
            Value::Object(record)
        }
    };
    if let Some(o) = event.as_object_mut() {
        o.remove("explain");
    }
    let mut texts: HashMap<String, Option<String>> = HashMap::new();
    let mut columns: Vec<ClaimColumn> = Vec::new();
    for claim in event["claims"].as_array().into_iter().flatten() {
        let doc = str_of(claim, "doc");
        if !texts.contains_key(&doc) {
            texts.insert(doc.clone(), stored(store, &doc)?.map(|s| s.doc.text));
        }
        let Some(text) = texts[&doc].as_deref() else { continue };
        let span = span_of(&claim["span"]);
        let fatalities = figure(&claim["fatalities"]);
        let mark = claim["fatalities"].get("span").map(span_of).unwrap_or(span);
        let view = ClaimView {
            event: claim["event"].as_str().map(String::from),
            span,
            source: claim["source"].as_str().map(String::from),
            fatalities,
            injured: figure(&claim["injured"]),
            sentence: sentence_around(text, span, mark),
        };
        match columns.iter_mut().find(|c| c.doc.id == doc) {
            Some(c) => c.claims.push(view),
            None => {
                let Some(summary) = catalog.document(&doc) else { continue };
                columns.push(ClaimColumn { doc: summary.clone(), claims: vec![view] });
            }
        }
    }
    let contradictions = catalog.contradictions_of(id).map(|(i, c)| contradiction_view(catalog, i, c)).collect();
    let members = event["members"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m.as_str().and_then(|m| catalog.event(m)).cloned())
        .collect();
    Ok(EventDetail { summary, event, columns, contradictions, members })
}

pub fn contradiction_view(catalog: &Catalog, index: usize, c: &Value) -> ContradictionView {
    let claims = c["claims"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|k| {
            let doc = str_of(k, "doc");
            let d = catalog.document(&doc);
            ContradictionClaim {
                event: k["event"].as_str().map(String::from),
                value: str_of(k, "value"),
                low: k["low"].as_i64(),
                high: k["high"].as_i64(),
                start: k["start"].as_str().map(String::from),
                end: k["end"].as_str().map(String::from),
                source: k["source"].as_str().map(String::from),
                outlet: d.and_then(|d| d.outlet.clone()),
                headline: d.and_then(|d| d.headline.clone()),
                doc,
            }
        })
        .collect();
    ContradictionView {
        id: format!("c{}", index + 1),
        field: str_of(c, "field"),
        about: str_of(c, "about"),
        event_ids: c["event_ids"].as_array().into_iter().flatten().filter_map(|e| e.as_str().map(String::from)).collect(),
        claims,
    }
}

pub fn document_detail(store: &Store, catalog: &Catalog, id: &str) -> Result<DocumentDetail, ApiError> {
    let not_found = || ApiError::NotFound(format!("no document {id:?} (ids are d<n>)"));
    let s = stored(store, id)?.ok_or_else(not_found)?;
    let summary = catalog.document(&s.id.to_string()).cloned().ok_or_else(not_found)?;
    let document = marsad_export::document_record(Some(s.id), &s.key_hex, &s.doc);
    let mentions: Vec<Value> = store
        .mentions_of(s.id)?
        .iter()
        .map(|j| serde_json::from_str(j).map_err(|e| ApiError::Internal(format!("a mention of {} in the store is not JSON: {e}", s.id))))
        .collect::<Result<_, _>>()?;
    let doc = s.id.to_string();
    let events = catalog.events.iter().filter(|e| !e.merged() && e.docs.contains(&doc)).cloned().collect();
    let segments = segments(&s.doc.text, &mentions);
    Ok(DocumentDetail { document, mentions, events, segments, summary })
}

fn span_of(v: &Value) -> [usize; 2] {
    [v[0].as_u64().unwrap_or(0) as usize, v[1].as_u64().unwrap_or(0) as usize]
}

/// Byte offset of char `n` in `text` (its end when `n` is past it).
fn byte_at(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(b, _)| b)
}

/// The sentence (or sentences) holding `span`, with `mark` marked when it lies inside.
pub fn sentence_around(text: &str, span: [usize; 2], mark: [usize; 2]) -> Marked {
    let ends = |c: char| matches!(c, '.' | '!' | '؟' | '?' | '\n');
    let (start, end) = (byte_at(text, span[0]), byte_at(text, span[1].max(span[0])));
    let from = text[..start].rfind(ends).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let to = text[end..].find(ends).map_or(text.len(), |i| end + i + text[end + i..].chars().next().map_or(0, char::len_utf8));
    let (m0, m1) = (byte_at(text, mark[0]), byte_at(text, mark[1].max(mark[0])));
    let (m0, m1) = if from <= m0 && m1 <= to && m0 < m1 { (m0, m1) } else { (start.max(from), end.min(to)) };
    Marked { before: text[from..m0].trim_start().to_string(), mark: text[m0..m1].to_string(), after: text[m1..to].trim_end().to_string() }
}

/// The text cut at each mention's span (the first of overlapping mentions wins).
pub fn segments(text: &str, mentions: &[Value]) -> Vec<Segment> {
    let mut spans: Vec<(usize, usize, &Value)> = mentions
        .iter()
        .map(|m| {
            let [s, e] = span_of(&m["span"]);
            (s, e, m)
        })
        .filter(|(s, e, _)| s < e)
        .collect();
    spans.sort_by_key(|(s, e, _)| (*s, std::cmp::Reverse(*e)));
    let mut out = Vec::new();
    let mut at = 0usize; // in chars
    let mut at_byte = 0usize;
    let chars = text.chars().count();
    for (s, e, m) in spans {
        if s < at || e > chars {
            continue;
        }
        let (sb, eb) = (byte_at(text, s), byte_at(text, e));
        if sb > at_byte {
            out.push(Segment { text: text[at_byte..sb].to_string(), kind: None, title: None });
        }
        let entity = &m["entity"];
        let title = [str_of(entity, "en"), str_of(entity, "ar")].into_iter().filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" · ");
        out.push(Segment {
            text: text[sb..eb].to_string(),
            kind: m["type"].as_str().map(String::from),
            title: Some(title).filter(|t| !t.is_empty()),
        });
        at = e;
        at_byte = eb;
    }
    if at_byte < text.len() {
        out.push(Segment { text: text[at_byte..].to_string(), kind: None, title: None });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_around_a_claim_marks_its_figure() {
        let text = "خبر أول. قتل سبعة مدنيين في القصف أمس. خبر آخر";
        let start = text.chars().take_while(|&c| c != 'س').count();
        let m = sentence_around(text, [start - 4, start + 10], [start, start + 4]);
        assert_eq!(m.mark, "سبعة");
        assert_eq!(format!("{}{}{}", m.before, m.mark, m.after), "قتل سبعة مدنيين في القصف أمس.");
    }

    #[test]
    fn segments_keep_every_char_and_skip_overlaps() {
        let text = "قصف على عفرين وريفها";
        let mentions = vec![
            serde_json::json!({"span": [8, 13], "type": "place", "entity": {"en": "Afrin"}}),
            serde_json::json!({"span": [9, 12], "type": "actor", "entity": {}}),
        ];
        let s = segments(text, &mentions);
        assert_eq!(s.iter().map(|s| s.text.as_str()).collect::<String>(), text);
        assert_eq!(s.iter().filter(|s| s.kind.is_some()).count(), 1);
        assert_eq!(s[1].title.as_deref(), Some("Afrin"));
    }
}
