//! Events stage: ACLED-style events coded from a document's sentences and mentions.
//!
//! Not built yet (issue 6). The stage's shape is fixed here so the pipeline runs end to end:
//! it takes a document and its mentions and returns its events, today none.

use marsad_entities::Mention;
use marsad_model::{Document, Span};

/// An event coded from one document; `claims` are the spans that support it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub claims: Vec<Span>,
}

/// Codes the events of one document. Until issue 6 lands, codes none.
pub fn events(_doc: &Document, _mentions: &[Mention]) -> Vec<Event> {
    Vec::new()
}
