//! Across documents: near-duplicate documents, stories, one event from many outlets, and the
//! figures they disagree on.
//!
//! Input is what the store keeps of each document and each document-level event; output is
//! the cross-document records. Nothing here replaces a claim: a merged event lists every
//! document and every claim, and a contradiction lists every figure with its source.

mod cluster;
mod contradict;
mod minhash;
mod view;

pub use contradict::{Contradiction, ContradictionClaim};
pub use minhash::{Signature, jaccard, near_duplicate_pairs, shingles, signature, signatures};
pub use view::{DocView, EventView, Interner};

use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Documents by id: every lookup of a document by its id goes through here, never a scan.
pub(crate) struct DocIndex<'a>(HashMap<u64, &'a DocView>);

impl<'a> DocIndex<'a> {
    fn new(docs: &'a [DocView]) -> Self {
        DocIndex(docs.iter().map(|d| (d.id, d)).collect())
    }

    pub(crate) fn get(&self, id: u64) -> Option<&'a DocView> {
        self.0.get(&id).copied()
    }
}

/// A document that repeats an earlier one (syndicated, lightly edited).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NearDuplicate {
    pub doc: u64,
    pub original: u64,
    /// Estimated Jaccard similarity of their word shingles.
    pub similarity: f32,
}

/// Documents about the same happenings.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Story {
    pub id: u64,
    pub label: String,
    pub start: Option<jiff::civil::Date>,
    pub end: Option<jiff::civil::Date>,
    pub docs: Vec<u64>,
}

/// One happening as several documents tell it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MergedEvent {
    pub id: u64,
    /// The document-level events it gathers.
    pub members: Vec<u64>,
    pub docs: Vec<u64>,
    pub event_type: String,
    pub sub_type: String,
    pub story: Option<u64>,
    /// Airwars-style grading: `single_source`, `corroborated` (two or more independent
    /// outlets agree), `contested` (they disagree on a figure, date, place or perpetrator).
    pub evidence: &'static str,
    /// The most conservative killed figure ACLED would code from the claims (the lowest low),
    /// derived from them, never replacing them.
    pub conservative_fatalities: Option<u64>,
}

/// Everything computed across documents.
#[derive(Debug, Default)]
pub struct CrossDoc {
    pub duplicates: Vec<NearDuplicate>,
    pub stories: Vec<Story>,
    pub merged: Vec<MergedEvent>,
    pub contradictions: Vec<Contradiction>,
}

/// Computes duplicates, stories, merged events and contradictions over all documents.
/// `text_of` gives a document's clean text by id: asked only for the documents whose
/// similarity is checked on their words and those a contradiction quotes, so that the views
/// need not hold every text; its error stops the stage and is returned.
pub fn analyse<E>(
    docs: &[DocView],
    events: &[EventView],
    mut text_of: impl FnMut(u64) -> Result<String, E>,
) -> Result<CrossDoc, E> {
    let duplicates = minhash::near_duplicates(docs, &mut text_of)?;
    let original_of: HashMap<u64, u64> = duplicates.iter().map(|d| (d.doc, d.original)).collect();
    let clusters = cluster::merge_events(events, &original_of);
    let stories = cluster::stories(docs, events, &clusters, &duplicates);
    let story_of: BTreeMap<u64, u64> = stories
        .iter()
        .flat_map(|s| s.docs.iter().map(move |d| (*d, s.id)))
        .collect();
    let by_id: HashMap<u64, &EventView> = events.iter().map(|e| (e.id, e)).collect();
    let index = DocIndex::new(docs);
    let mut merged = Vec::new();
    let mut contradictions = Vec::new();
    for (n, members) in clusters.iter().enumerate() {
        let evs: Vec<&EventView> = members
            .iter()
            .filter_map(|id| by_id.get(id).copied())
            .collect();
        let mut docs_of: Vec<u64> = evs.iter().map(|e| e.doc).collect();
        docs_of.sort_unstable();
        docs_of.dedup();
        let id = n as u64 + 1;
        let found = contradict::find(id, &evs, &mut text_of)?;
        let evidence = if !found.is_empty() {
            "contested"
        } else if independent_outlets(&docs_of, &index, &original_of) >= 2 {
            "corroborated"
        } else {
            "single_source"
        };
        let conservative = evs.iter().flat_map(|e| e.killed_lows()).min();
        let first = evs[0];
        merged.push(MergedEvent {
            id,
            members: members.clone(),
            story: story_of.get(&first.doc).copied(),
            docs: docs_of,
            event_type: first.event_type.to_string(),
            sub_type: cluster::sub_type(&evs),
            evidence,
            conservative_fatalities: conservative,
        });
        contradictions.extend(found);
    }
    Ok(CrossDoc {
        duplicates,
        stories,
        merged,
        contradictions,
    })
}

/// How many outlets among `docs` tell it independently: copies of one article count once.
fn independent_outlets(ids: &[u64], docs: &DocIndex, original_of: &HashMap<u64, u64>) -> usize {
    let mut outlets: Vec<String> = ids
        .iter()
        .filter(|id| original_of.get(id).is_none_or(|o| !ids.contains(o)))
        .filter_map(|id| docs.get(*id))
        .map(|d| d.outlet.clone().unwrap_or_else(|| format!("doc {}", d.id)))
        .collect();
    outlets.sort();
    outlets.dedup();
    outlets.len()
}
