//! What is indexed for a stored document: one entry for the document (its headline and text)
//! and one per event coded from it (the sentences it was read from), each with the ids the
//! filters look for (places with their admin units, actors, event types) and its dates.

use crate::SearchError;
use crate::query::type_key;
use jiff::civil::Date;
use marsad_model::{DocId, Outlet};
use marsad_store::{Store, StoredDocument};
use serde_json::Value;
use std::collections::BTreeSet;

/// One thing a search can find.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub doc_id: DocId,
    /// `None` for the document's own entry.
    pub event_id: Option<u64>,
    pub headline: Option<String>,
    pub outlet: Option<Outlet>,
    pub published: Option<Date>,
    /// The text searched and cut into snippets, as written.
    pub body: String,
    /// The days the entry is about: publication day for a document, the event's dates (or its
    /// document's publication day when the text gives none) for an event.
    pub days: Option<(Date, Date)>,
    /// Gazetteer ids of its places and of the admin units they lie in.
    pub places: BTreeSet<String>,
    pub actors: BTreeSet<String>,
    /// Event types and sub-types as [`type_key`]s.
    pub types: BTreeSet<String>,
}

/// A place id and the ids of every admin unit it lies in.
fn with_ancestors(places: &mut BTreeSet<String>, id: &str) {
    if places.insert(id.to_string()) {
        places.extend(marsad_entities::place_ancestors(id));
    }
}

/// The document's entry and its events' entries, the document's first.
pub(crate) fn entries(store: &Store, stored: &StoredDocument) -> Result<Vec<Entry>, SearchError> {
    let d = &stored.doc;
    let published = d.published.as_ref().map(|p| p.date);
    let mut doc = Entry {
        doc_id: stored.id,
        event_id: None,
        headline: d.headline.clone(),
        outlet: d.outlet.clone(),
        published,
        body: d.text.clone(),
        days: published.map(|p| (p, p)),
        places: BTreeSet::new(),
        actors: BTreeSet::new(),
        types: BTreeSet::new(),
    };
    for (kind, id) in store.entities_of(stored.id)? {
        match kind.as_str() {
            "place" => with_ancestors(&mut doc.places, &id),
            "actor" => {
                doc.actors.insert(id);
            }
            _ => {}
        }
    }
    let events = store.events_of(stored.id)?;
    let mut out = Vec::with_capacity(events.len() + 1);
    if !events.is_empty() {
        let chars = CharIndex::new(&d.text);
        for (event_id, json) in events {
            let bad = |what: String| SearchError::BadEvent { db: store.name(), doc: stored.id.0, event: event_id, what };
            let v: Value = serde_json::from_str(&json).map_err(|e| bad(e.to_string()))?;
            let mut e = Entry { event_id: Some(event_id), body: event_text(&v, &chars, &d.text), ..doc.clone() };
            e.places.clear();
            e.actors.clear();
            e.types.clear();
            read_event(&v, &mut e).map_err(bad)?;
            doc.places.extend(e.places.iter().cloned());
            doc.actors.extend(e.actors.iter().cloned());
            doc.types.extend(e.types.iter().cloned());
            out.push(e);
        }
    }
    out.insert(0, doc);
    Ok(out)
}

/// Fills an event entry's types, dates, places and actors from its stored JSON.
fn read_event(v: &Value, e: &mut Entry) -> Result<(), String> {
    for field in ["type", "sub_type"] {
        if let Some(t) = v[field].as_str() {
            e.types.insert(type_key(t));
        }
    }
    if let Value::Object(date) = &v["date"] {
        let day = |k: &str| -> Result<Date, String> {
            date.get(k).and_then(Value::as_str).ok_or(format!("date.{k} missing"))?.parse().map_err(|err| format!("date.{k}: {err}"))
        };
        e.days = Some((day("start")?, day("end")?));
    }
    let places = std::iter::once(&v["place"]).chain(v["also_places"].as_array().into_iter().flatten());
    for id in places.filter_map(|p| p["id"].as_str()) {
        with_ancestors(&mut e.places, id);
    }
    for a in v["actors"].as_array().into_iter().flatten() {
        if let Some(id) = a["id"].as_str() {
            e.actors.insert(id.to_string());
        }
    }
    Ok(())
}

/// The sentences an event was read from, one per line, as written.
fn event_text(v: &Value, chars: &CharIndex, text: &str) -> String {
    let spans = v["explain"]["sentences"].as_array().into_iter().flatten();
    let mut out = String::new();
    for s in spans {
        let (Some(a), Some(b)) = (s[0].as_u64(), s[1].as_u64()) else { continue };
        if let Some(part) = chars.slice(text, a as usize, b as usize) {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(part);
        }
    }
    out
}

/// Byte offsets of every char of a text, for cutting char spans out of it.
struct CharIndex(Vec<usize>);

impl CharIndex {
    fn new(text: &str) -> CharIndex {
        CharIndex(text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).collect())
    }

    fn slice<'a>(&self, text: &'a str, start: usize, end: usize) -> Option<&'a str> {
        if start > end {
            return None;
        }
        Some(&text[*self.0.get(start)?..*self.0.get(end)?])
    }
}
