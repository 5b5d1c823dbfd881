//! The per-document stages after ingest, run the same way by `ingest` and `analyze`.

use marsad_arabic::Analysis;
use marsad_entities::Mention;
use marsad_events::Event;
use marsad_model::Document;
use marsad_store::{EventRow, Likeness, MentionRow, Mentions, Packed, Record};

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
            json: Packed::json(&serde_json::to_string(e).expect("events serialize")),
            words: marsad_merge::words(&doc.text, &e.explain.sentences.iter().map(|s| [s.start(), s.end()]).collect::<Vec<_>>()),
        })
        .collect();
    let mentions = Mentions::new(mentions.iter().map(|m| {
        let row = MentionRow {
            kind: serde_json::to_value(m.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
            span: m.span,
            entity_id: m.entity.as_ref().map(entity_id),
        };
        (row, serde_json::to_string(m).expect("mentions serialize"))
    }));
    let body_start = marsad_merge::body_start(&doc.text, doc.headline.as_deref());
    let view = marsad_merge::DocView::new(0, None, None, &doc.text, body_start);
    let likeness = Some(Likeness { body_start: view.body_start, signature: view.signature.to_vec() });
    Record { doc, mentions, events, likeness }
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

#[cfg(test)]
mod tests {
    /// A report of my own wording, with an air strike and a clash in two sentences.
    const REPORT: &str = "دمشق - 12 آذار 2020\n\nشنت طائرات حربية غارات جوية على بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم الخميس، ما أدى إلى مقتل سبعة مدنيين بينهم امرأتان. واندلعت في المساء اشتباكات عنيفة بين فصائل المعارضة وقوات النظام على أطراف بلدة سراقب.\n";

    #[test]
    fn each_event_is_stored_with_the_word_keys_the_merge_stage_finds_in_its_sentences() {
        let docs = crate::analyze::documents("report.txt", REPORT.as_bytes().to_vec(), &marsad_ingest::Limits::default());
        let doc = docs.into_iter().next().expect("one document").expect("read");
        let text = doc.text.clone();
        let record = super::record(doc);
        assert!(!record.events.is_empty(), "the report codes events");
        for e in &record.events {
            let view: marsad_merge::EventView = serde_json::from_str(&e.json.to_json()).expect("an event view");
            let found = view.with_words(&text).words;
            assert!(!found.is_empty());
            assert_eq!(e.words, found);
        }
    }
}
