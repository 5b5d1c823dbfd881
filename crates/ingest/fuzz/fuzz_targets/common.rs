//! Shared by the reader fuzz targets: every article a reader emits is assembled, and every document and rejection is checked.

use marsad_ingest::{Limits, RawArticle, Rejection, assemble};
use marsad_model::Document;

/// Small enough that the fuzzer reaches the size limits, large enough for real pages.
pub const LIMITS: Limits = Limits { max_doc_bytes: 64 * 1024 };

/// What a reader's `emit` receives: an article goes on through `assemble`, as in `marsad
/// ingest`, and whatever comes out is checked.
pub fn emitted(item: Result<RawArticle, Rejection>) {
    match item.and_then(|raw| assemble(raw, &LIMITS)) {
        Ok(doc) => check_document(&doc),
        Err(rejection) => check_rejection(&rejection),
    }
}

/// A document's offset map stays inside its clean text and its original bytes.
pub fn check_document(doc: &Document) {
    let chars = doc.text.chars().count() as u32;
    for s in doc.offsets.segments() {
        assert!(s.clean.end() <= chars, "segment {:?} past the clean text ({chars} chars)", s.clean);
        assert!(s.original.start <= s.original.end, "segment {:?} runs backwards", s.original);
        assert!(s.original.end <= doc.original.len() as u64, "segment {:?} past the original ({} bytes)", s.original, doc.original.len());
    }
    assert!(!doc.encoding.name.is_empty());
}

/// A rejection names its input and says why.
pub fn check_rejection(r: &Rejection) {
    assert!(!r.source.file.is_empty(), "a rejection without its input: {r:?}");
    assert!(!r.reason.trim().is_empty(), "a rejection without a reason: {r:?}");
}
