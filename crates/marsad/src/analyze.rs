//! `marsad analyze`: the pipeline on one document, printed with everything it found.

use marsad_ingest::{Limits, RawArticle, Rejection, assemble, read_bytes};
use marsad_model::Document;
use serde_json::{Map, Value, json};

/// Reads the documents in `bytes` (one file's content) and returns them, or their rejections.
pub fn documents(name: &str, bytes: Vec<u8>, limits: &Limits) -> Vec<Result<Document, Rejection>> {
    let mut raws: Vec<Result<RawArticle, Rejection>> = Vec::new();
    read_bytes(name, bytes, limits, &mut |r| raws.push(r));
    raws.into_iter().map(|r| r.and_then(|raw| assemble(raw, limits))).collect()
}

/// Everything the pipeline finds in one document, as the contract's `analyze` object.
/// `published` overrides the document's own publication date as the reference for dates.
pub fn analyze(doc: &Document, published: Option<jiff::civil::Date>) -> Value {
    let reference = published;
    let key = marsad_store::content_key(doc);
    let key_hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    let mut out = Map::new();
    out.insert("document".into(), Value::Object(marsad_export::document_record(None, &key_hex, doc)));
    let crate::stages::Understood { analysis, mentions, events } = crate::stages::understand(doc, reference);
    match serde_json::to_value(&analysis) {
        Ok(Value::Object(fields)) => out.extend(fields),
        _ => unreachable!("the language core's analysis serializes to an object"),
    }
    out.insert("mentions".into(), json!(mentions));
    out.insert("events".into(), json!(events));
    Value::Object(out)
}
