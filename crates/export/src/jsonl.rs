//! The JSONL export, one record per line, shaped as `CONTRACT.md` says.

use crate::happening::event_record;
use crate::{ExportError, ExportStats};
use marsad_model::{DocId, Document};
use marsad_store::Store;
use serde_json::{Map, Value, json};
use std::io::Write;

/// Writes every stored document as a `document` record, in id order, then every `mention`
/// record by document and position, every document-level `event`, then the cross-document
/// records: `near_duplicate`, `story`, merged `event`s (ids `m{n}`) and `contradiction`s.
pub fn write_jsonl(store: &Store, out: &mut dyn Write) -> Result<ExportStats, ExportError> {
    let mut stats = ExportStats::default();
    store.for_each_document(|stored| {
        let mut record = Map::new();
        record.insert("kind".into(), json!("document"));
        record.extend(document_record(Some(stored.id), &stored.key_hex, &stored.doc));
        serde_json::to_writer(&mut *out, &Value::Object(record)).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        stats.documents += 1;
        Ok::<_, ExportError>(())
    })?;
    store.for_each_mention(|doc, json| {
        let fields: Map<String, Value> = serde_json::from_str(json).map_err(|e| {
            ExportError::Store(store.corrupt(format!("a mention of {doc}: {e}")))
        })?;
        let mut record = Map::new();
        record.insert("kind".into(), json!("mention"));
        record.insert("doc".into(), json!(doc.to_string()));
        record.extend(fields);
        serde_json::to_writer(&mut *out, &Value::Object(record)).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        stats.mentions += 1;
        Ok::<_, ExportError>(())
    })?;
    store.for_each_event(|id, doc, json| {
        let mut record = Map::new();
        record.insert("kind".into(), json!("event"));
        record.insert("id".into(), json!(format!("e{id}")));
        record.extend(event_record(store, id, doc, json)?);
        serde_json::to_writer(&mut *out, &Value::Object(record)).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        stats.events += 1;
        Ok::<_, ExportError>(())
    })?;
    // Cross-document records are stored ready to write, each with its `kind`.
    for kind in marsad_store::CROSSDOC_KINDS {
        store.for_each_crossdoc(kind, |json| {
            out.write_all(json.as_bytes())?;
            out.write_all(b"\n")?;
            Ok::<_, ExportError>(())
        })?;
    }
    Ok(stats)
}

/// A document's fields as the contract names them (without `kind`): used by the export and by
/// `marsad analyze`, which prints a document that has no id yet.
pub fn document_record(id: Option<DocId>, key_hex: &str, doc: &Document) -> Map<String, Value> {
    let published = doc.published.as_ref().map(|p| {
        let mut m = Map::new();
        m.insert("date".into(), json!(p.date.to_string()));
        m.insert("precision".into(), json!(p.precision.as_str()));
        m.insert("basis".into(), json!(p.basis));
        if let Some(t) = p.time {
            m.insert("time".into(), json!(t.strftime("%H:%M").to_string()));
        }
        if let Some(s) = p.utc_offset_seconds {
            let sign = if s < 0 { '-' } else { '+' };
            let s = s.abs();
            m.insert("utc_offset".into(), json!(format!("{sign}{:02}:{:02}", s / 3600, s % 3600 / 60)));
        }
        Value::Object(m)
    });
    let segments: Vec<Value> = doc
        .offsets
        .segments()
        .iter()
        .map(|s| json!({"span": [s.clean.start(), s.clean.end()], "bytes": [s.original.start, s.original.end]}))
        .collect();
    let mut m = Map::new();
    m.insert("id".into(), id.map_or(Value::Null, |i| json!(i.to_string())));
    m.insert("source".into(), json!(doc.source.to_string()));
    m.insert("url".into(), json!(doc.url));
    m.insert("sha256".into(), json!(key_hex));
    m.insert("format".into(), json!(doc.format.as_str()));
    m.insert("encoding".into(), json!({"name": doc.encoding.name, "basis": doc.encoding.basis}));
    m.insert(
        "outlet".into(),
        doc.outlet.as_ref().map_or(Value::Null, |o| json!({"id": o.id, "ar": o.ar, "en": o.en})),
    );
    m.insert("byline".into(), json!(doc.byline));
    m.insert("headline".into(), json!(doc.headline));
    m.insert("published".into(), published.unwrap_or(Value::Null));
    m.insert("text".into(), json!(doc.text));
    m.insert("boilerplate_removed".into(), json!(doc.boilerplate_removed));
    m.insert("offsets".into(), Value::Array(segments));
    m
}
