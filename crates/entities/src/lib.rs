//! Entities stage: place mentions resolved to the gazetteer, actor mentions to the registry.
//!
//! Not built yet (issue 5). The stage's shape is fixed here so the pipeline runs end to end:
//! it takes a document and returns its mentions, today none.

use marsad_model::{Document, Span};

/// What kind of thing a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    Place,
    Actor,
    Source,
    Person,
}

/// A stretch of clean text that names an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub span: Span,
    pub kind: MentionKind,
}

/// Finds the mentions in a document. Until issue 5 lands, finds none.
pub fn mentions(_doc: &Document) -> Vec<Mention> {
    Vec::new()
}
