//! The per-document stages after ingest, run the same way by `ingest` and `analyze`.

use marsad_arabic::Analysis;
use marsad_entities::Mention;
use marsad_events::Event;
use marsad_model::Document;
use marsad_store::{EventRow, MentionRow, Record};

/// What the language, entity and event stages find in one document.
pub struct Understood {
    pub analysis: Analysis,
    pub mentions: Vec<Mention>,
    pub events: Vec<Event>,
}

/// Runs the language core, entities and events on a document's clean text. `reference` is
/// the date relative expressions resolve against (the document's own publication date unless
/// the caller overrides it).
pub fn understand(doc: &Document, reference: Option<jiff::civil::Date>) -> Understood {
    let reference = reference.or(doc.published.as_ref().map(|p| p.date));
    let analysis = marsad_arabic::analyze(&doc.text, reference);
    let mentions = marsad_entities::mentions(&doc.text, &analysis);
    let events = marsad_events::events(&analysis, &mentions, reference);
    Understood { analysis, mentions, events }
}

/// A document with everything derived from it, ready to store.
pub fn record(doc: Document) -> Record {
    let Understood { mentions, events, .. } = understand(&doc, None);
    let events = events
        .iter()
        .map(|e| EventRow {
            sub_type: e.sub_type.to_string(),
            place_id: e.place.as_ref().map(|p| p.place.id.clone()),
            start: e.date.as_ref().map(|d| d.start.to_string()),
            end: e.date.as_ref().map(|d| d.end.to_string()),
            json: serde_json::to_string(e).expect("events serialize"),
        })
        .collect();
    let mentions = mentions
        .iter()
        .map(|m| MentionRow {
            kind: serde_json::to_value(m.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
            span: m.span,
            entity_id: m.entity.as_ref().map(entity_id),
            json: serde_json::to_string(m).expect("mentions serialize"),
        })
        .collect();
    Record { doc, mentions, events }
}

fn entity_id(e: &marsad_entities::Entity) -> String {
    use marsad_entities::Entity;
    match e {
        Entity::Place(p) => p.id.clone(),
        Entity::Actor(a) => a.id.clone(),
        Entity::Source(s) => s.name.clone(),
        Entity::Person(p) => p.name.clone(),
    }
}
