//! What the server holds in memory to answer list queries quickly: a light view of every
//! document and event, the stories and the contradictions, read from the store at start and
//! read again when another process (an ingest) has committed since. Texts, mentions and
//! document-level events' full JSON stay in the store and are read one at a time.

use crate::error::ApiError;
use crate::params::{EventFilter, View};
use marsad_store::{DocumentSummary, Happenings, MergedMembers, Store, StoreError};
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub id: String,
    pub ar: String,
    pub en: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub admin: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    pub id: String,
    pub ar: String,
    pub en: String,
    pub role: String,
}

/// A figure as the contract shapes it: low, high (none when open-ended) and the qualifier.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub low: i64,
    pub high: Option<i64>,
    pub qualifier: String,
}

/// One event as lists show it.
#[derive(Debug, Clone, Serialize)]
pub struct EventSummary {
    /// `e{n}` for an event coded from one document, `m{n}` for one merged across documents.
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub sub_type: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub precision: Option<String>,
    pub place: Option<Place>,
    pub actors: Vec<Actor>,
    /// The conservative figure for a merged event, the document's for a document's event.
    pub fatalities: Option<Figure>,
    pub docs: Vec<String>,
    pub outlets: Vec<String>,
    pub headline: Option<String>,
    pub contradicted: bool,
    /// The merged event that includes this document's event, if any.
    pub merged_into: Option<String>,
    pub story: Option<String>,
    pub evidence: Option<String>,
}

impl EventSummary {
    pub fn merged(&self) -> bool {
        self.id.starts_with('m')
    }

    /// The largest figure, for sizing a marker: the conservative one when a range.
    pub fn killed(&self) -> i64 {
        self.fatalities.as_ref().map_or(0, |f| f.low)
    }
}

/// A document as lists show it.
#[derive(Debug, Clone, Serialize)]
pub struct DocSummary {
    pub id: String,
    pub source: String,
    pub url: Option<String>,
    pub outlet: Option<Value>,
    pub byline: Option<String>,
    pub headline: Option<String>,
    pub published: Option<String>,
    pub chars: u64,
}

pub struct Catalog {
    /// What `PRAGMA data_version` said when this was read.
    pub version: i64,
    pub documents: Vec<DocSummary>,
    doc_index: HashMap<String, usize>,
    /// Newest first; undated last.
    pub events: Vec<EventSummary>,
    event_index: HashMap<String, usize>,
    /// Merged events' whole JSON (document events' is read from the store).
    pub merged_json: HashMap<String, Value>,
    pub stories: Vec<Value>,
    pub contradictions: Vec<Value>,
}

impl Catalog {
    pub fn read(store: &Store) -> Result<Catalog, ApiError> {
        let version = store.data_version()?;
        let corrupt = |what: String| ApiError::Store(store.corrupt(what));
        let mut documents = Vec::new();
        store.for_each_document_summary(|d| {
            documents.push(doc_summary(d));
            Ok::<_, StoreError>(())
        })?;
        let doc_index: HashMap<String, usize> = documents.iter().enumerate().map(|(i, d)| (d.id.clone(), i)).collect();

        let mut stories = Vec::new();
        store.for_each_crossdoc("story", |j| parse_json(j).map(|v| stories.push(v)).map_err(corrupt))?;
        let mut contradictions = Vec::new();
        store.for_each_crossdoc("contradiction", |j| parse_json(j).map(|v| contradictions.push(v)).map_err(corrupt))?;
        let contradicted: HashSet<String> = contradictions
            .iter()
            .flat_map(|c| c["event_ids"].as_array().into_iter().flatten())
            .filter_map(|id| id.as_str().map(String::from))
            .collect();

        let mut merged_json = HashMap::new();
        // Which merged event includes each document event: the exports' rule, from the store.
        let mut happenings = Happenings::default();
        let mut events = Vec::new();
        store.for_each_crossdoc("merged_event", |j| {
            let v = parse_json(j).map_err(corrupt)?;
            let merged = MergedMembers::from_record(&v).map_err(corrupt)?;
            happenings.add(&merged);
            let id = format!("m{}", merged.number);
            events.push(event_summary(&id, &v, &documents, &doc_index, &contradicted));
            merged_json.insert(id, v);
            Ok::<_, ApiError>(())
        })?;
        store.for_each_event(|n, doc, j| {
            let mut v = parse_json(j).map_err(corrupt)?;
            v["docs"] = serde_json::json!([doc.to_string()]);
            let id = format!("e{n}");
            let mut e = event_summary(&id, &v, &documents, &doc_index, &contradicted);
            e.merged_into = happenings.merged_into(n).map(|m| format!("m{m}"));
            events.push(e);
            Ok::<_, ApiError>(())
        })?;
        events.sort_by(|a, b| b.start.cmp(&a.start).then_with(|| natural(&a.id).cmp(&natural(&b.id))));
        let event_index = events.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        Ok(Catalog { version, documents, doc_index, events, event_index, merged_json, stories, contradictions })
    }

    pub fn document(&self, id: &str) -> Option<&DocSummary> {
        self.doc_index.get(id).map(|&i| &self.documents[i])
    }

    pub fn event(&self, id: &str) -> Option<&EventSummary> {
        self.event_index.get(id).map(|&i| &self.events[i])
    }

    /// The events that pass `filter`, newest first.
    pub fn events_matching<'a>(&'a self, filter: &'a EventFilter) -> impl Iterator<Item = &'a EventSummary> + 'a {
        self.events.iter().filter(move |e| matches(e, filter))
    }

    /// The contradictions that name event `id` (merged or one of its members).
    pub fn contradictions_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = (usize, &'a Value)> + 'a {
        self.contradictions
            .iter()
            .enumerate()
            .filter(move |(_, c)| c["event_ids"].as_array().is_some_and(|ids| ids.iter().any(|i| i.as_str() == Some(id))))
    }

    pub fn story(&self, id: &str) -> Option<&Value> {
        self.stories.iter().find(|s| s["id"].as_str() == Some(id))
    }

    /// Outlets that appear in the store, by English name, for the filter menus.
    pub fn outlets(&self) -> Vec<(String, String, String)> {
        let mut seen: Vec<(String, String, String)> = self
            .documents
            .iter()
            .filter_map(|d| d.outlet.as_ref())
            .map(|o| (str_of(o, "id"), str_of(o, "en"), str_of(o, "ar")))
            .collect();
        seen.sort_by(|a, b| a.1.cmp(&b.1));
        seen.dedup();
        seen
    }

    /// Event types that appear, in ACLED's order as they sort.
    pub fn event_types(&self) -> Vec<String> {
        let mut types: Vec<String> = self.events.iter().map(|e| e.event_type.clone()).collect();
        types.sort();
        types.dedup();
        types
    }
}

/// Orders `e2` before `e10`.
fn natural(id: &str) -> (String, u64) {
    let digits = id.trim_start_matches(|c: char| !c.is_ascii_digit());
    (id[..id.len() - digits.len()].to_string(), digits.parse().unwrap_or(u64::MAX))
}

fn parse_json(j: &str) -> Result<Value, String> {
    serde_json::from_str(j).map_err(|e| format!("a stored record is not JSON: {e}"))
}

pub fn str_of(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_default().to_string()
}

fn opt_str(v: &Value) -> Option<String> {
    v.as_str().map(String::from)
}

fn doc_summary(d: DocumentSummary) -> DocSummary {
    DocSummary {
        id: d.id.to_string(),
        source: d.source,
        url: d.url,
        outlet: d.outlet.map(|o| serde_json::json!({"id": o.id, "ar": o.ar, "en": o.en})),
        byline: d.byline,
        headline: d.headline,
        published: d.published.map(|p| p.date.to_string()),
        chars: d.chars,
    }
}

pub fn figure(v: &Value) -> Option<Figure> {
    Some(Figure { low: v["low"].as_i64()?, high: v["high"].as_i64(), qualifier: str_of(v, "qualifier") })
}

fn place(v: &Value) -> Option<Place> {
    Some(Place {
        id: opt_str(&v["id"])?,
        ar: str_of(v, "ar"),
        en: str_of(v, "en"),
        lat: v["lat"].as_f64(),
        lon: v["lon"].as_f64(),
        admin: v["admin"].as_array().into_iter().flatten().filter_map(opt_str).collect(),
    })
}

fn event_summary(id: &str, v: &Value, documents: &[DocSummary], doc_index: &HashMap<String, usize>, contradicted: &HashSet<String>) -> EventSummary {
    let docs: Vec<String> = v["docs"].as_array().into_iter().flatten().filter_map(opt_str).collect();
    let found: Vec<&DocSummary> = docs.iter().filter_map(|d| doc_index.get(d).map(|&i| &documents[i])).collect();
    let mut outlets: Vec<String> = found.iter().filter_map(|d| d.outlet.as_ref()).map(|o| str_of(o, "id")).collect();
    outlets.sort();
    outlets.dedup();
    let fatalities = match v["conservative_fatalities"].as_i64() {
        Some(n) => Some(Figure { low: n, high: Some(n), qualifier: "conservative".into() }),
        None => figure(&v["fatalities"]),
    };
    EventSummary {
        id: id.to_string(),
        event_type: str_of(v, "type"),
        sub_type: str_of(v, "sub_type"),
        start: opt_str(&v["date"]["start"]),
        end: opt_str(&v["date"]["end"]),
        precision: opt_str(&v["date"]["precision"]),
        place: place(&v["place"]),
        actors: v["actors"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|a| Actor { id: str_of(a, "id"), ar: str_of(a, "ar"), en: str_of(a, "en"), role: str_of(a, "role") })
            .collect(),
        fatalities,
        headline: found.iter().find_map(|d| d.headline.clone()),
        docs,
        outlets,
        contradicted: contradicted.contains(id),
        merged_into: None,
        story: opt_str(&v["story"]),
        evidence: opt_str(&v["evidence"]),
    }
}

/// Case-insensitive equality for Latin names; Arabic compares as written.
fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn matches(e: &EventSummary, f: &EventFilter) -> bool {
    let in_view = match f.view {
        // A merged event stands for its members; a document event no merged event includes
        // stands for itself (`marsad_store::happening`, as the exports count them).
        View::Happenings => e.merged() || e.merged_into.is_none(),
        View::Document => !e.merged(),
        View::Merged => e.merged(),
    };
    if !in_view {
        return false;
    }
    if let Some(b) = &f.bbox {
        match e.place.as_ref().and_then(|p| Some((p.lat?, p.lon?))) {
            Some((lat, lon)) if b.contains(lat, lon) => {}
            _ => return false,
        }
    }
    // An event overlaps the range; an undated one is outside any range.
    if f.from.is_some() || f.to.is_some() {
        let (Some(start), Some(end)) = (&e.start, e.end.as_ref().or(e.start.as_ref())) else { return false };
        if f.from.as_ref().is_some_and(|from| end < from) || f.to.as_ref().is_some_and(|to| start > to) {
            return false;
        }
    }
    if f.event_type.as_ref().is_some_and(|t| !same(t, &e.event_type)) || f.sub_type.as_ref().is_some_and(|t| !same(t, &e.sub_type)) {
        return false;
    }
    if let Some(a) = &f.actor
        && !e.actors.iter().any(|x| same(a, &x.id) || same(a, &x.en) || a == &x.ar)
    {
        return false;
    }
    if let Some(p) = &f.place {
        let hit = e.place.as_ref().is_some_and(|x| same(p, &x.id) || same(p, &x.en) || p == &x.ar || x.admin.iter().any(|a| same(p, a)));
        if !hit {
            return false;
        }
    }
    if let Some(o) = &f.outlet
        && !e.outlets.iter().any(|x| same(o, x))
    {
        return false;
    }
    f.has_contradiction.is_none_or(|want| want == e.contradicted)
}
