//! Across documents: near-duplicate documents, stories, one event from many outlets, and the
//! figures they disagree on.
//!
//! Input is what the store keeps of each document and each document-level event; output is
//! the cross-document records. Nothing here replaces a claim: a merged event lists every
//! document and every claim, and a contradiction lists every figure with its source.

mod cluster;
mod contradict;
mod minhash;
mod source;
mod view;

pub use contradict::{Contradiction, ContradictionClaim};
pub use minhash::{Signature, jaccard, near_duplicate_pairs, shingles, signature, signatures};
pub use source::{InMemory, Need, Source};
pub use view::{DocView, EventView, Interner, body_start, words};

use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

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

/// A happening some chosen documents take part in, as [`Grouped::told_by`] gives it: what
/// dating one of them from the others' reports needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Told {
    /// The sub-type most of its tellings give.
    pub sub_type: String,
    /// Each telling's document and the dates it gives (first and last day).
    pub member_dates: Vec<(u64, Option<(jiff::civil::Date, jiff::civil::Date)>)>,
}

/// Everything computed across documents.
#[derive(Debug, Default)]
pub struct CrossDoc {
    pub duplicates: Vec<NearDuplicate>,
    pub stories: Vec<Story>,
    pub merged: Vec<MergedEvent>,
    pub contradictions: Vec<Contradiction>,
}

/// Computes duplicates, stories, merged events and contradictions over all documents and the
/// events `source` gives: [`group`], then [`Grouped::conclude`].
pub fn analyse<S: Source>(docs: &[DocView], source: &mut S) -> Result<CrossDoc, S::Error> {
    group(docs, source)?.conclude(docs, source)
}

/// Near-duplicates and which events tell one happening, before the records are made from
/// them: kept so that documents dated afterwards (from their story, by the caller) can be
/// placed again without grouping every other event again ([`Grouped::redated`]).
pub struct Grouped {
    duplicates: Vec<NearDuplicate>,
    grouping: cluster::Grouping,
    /// What stories need of every event, by event id.
    briefs: Vec<cluster::Brief>,
}

/// Finds the near-duplicate documents and groups the events `source` gives. The events are
/// read once in date order and merged as they come (see [`cluster::Sweep`]); the stage holds
/// the views of the events still within reach of the sweep, and what stories need of the
/// others ([`cluster::Brief`]). It reads again from `source` the events of the documents
/// stored around undated ones. Texts are asked for only for the documents whose similarity is
/// checked on their words. The source's first error stops the stage and is returned.
pub fn group<S: Source>(docs: &[DocView], source: &mut S) -> Result<Grouped, S::Error> {
    let duplicates = minhash::near_duplicates(docs, |id| source.text(id))?;
    let original_of = originals(&duplicates);
    let (mut briefs, cluster::Swept { mut grouping, undated }) = sweep(source)?;
    cluster::place_late(&mut grouping, undated, &original_of, &HashMap::new(), cluster::STORED_NEAR, source)?;
    briefs.sort_unstable_by_key(|b| b.id);
    Ok(Grouped { duplicates, grouping, briefs })
}

/// Each copy's first article.
fn originals(duplicates: &[NearDuplicate]) -> HashMap<u64, u64> {
    duplicates.iter().map(|d| (d.doc, d.original)).collect()
}

impl Grouped {
    /// The documents `redated` were dated after grouping (the caller stored them again, with
    /// new events; `docs` are the views as they are now). Near-duplicates are found again, and
    /// their old events leave their groups; their new events are placed as undated ones are
    /// (see [`cluster::place_late`]): compared with the events of the documents stored around
    /// them and of their copies, and also with the events their old events were grouped with,
    /// which is where the date came from. The other groups stay as the sweep made them: a
    /// grouping from scratch would sweep the new events with every dated event within reach,
    /// and may differ where one would have joined a group the placing does not look at, or
    /// changed which events of its days joined first. (On 30,000 generated documents, 1,903 of
    /// them dated from their story: 37,713 merged events this way, 37,261 grouping everything
    /// again, which took 11 s more. Placing only among the old groups' events gave 35,783.)
    pub fn redated<S: Source>(&mut self, docs: &[DocView], redated: &[u64], source: &mut S) -> Result<(), S::Error> {
        let redated: std::collections::HashSet<u64> = redated.iter().copied().collect();
        self.duplicates = minhash::near_duplicates(docs, |id| source.text(id))?;
        let old: std::collections::HashSet<u64> = self.briefs.iter().filter(|b| redated.contains(&b.doc)).map(|b| b.id).collect();
        let mut tied: HashMap<u64, Vec<u64>> = HashMap::new();
        for b in self.briefs.iter().filter(|b| old.contains(&b.id)) {
            let mates = self.grouping.mates(b.id).iter().filter(|m| !old.contains(m));
            tied.entry(b.doc).or_default().extend(mates);
        }
        for b in self.briefs.iter().filter(|b| redated.contains(&b.doc)) {
            self.grouping.remove(b.id);
        }
        self.briefs.retain(|b| !redated.contains(&b.doc));
        let mut placed = Vec::new();
        let mut ids: Vec<u64> = redated.into_iter().collect();
        ids.sort_unstable();
        for doc in ids {
            for e in source.events_of(doc)? {
                placed.push((doc, e.id));
                self.briefs.push(cluster::Brief::of(&e));
            }
        }
        for list in tied.values_mut() {
            list.sort_unstable();
            list.dedup();
        }
        cluster::place_late(&mut self.grouping, placed, &originals(&self.duplicates), &tied, cluster::STORED_NEAR, source)?;
        self.briefs.sort_unstable_by_key(|b| b.id);
        Ok(())
    }

    /// The happenings (groups of two or more events) each document of `of` takes part in, in
    /// the order [`Grouped::conclude`] numbers them; their events are read from `source`, and
    /// only theirs: a caller that needs these before concluding (dating undated documents from
    /// their story) does not make every merged event twice.
    ///
    /// A happening is given once, shared by every document of `of` that tells it: a copy for
    /// each would grow with the square of the largest (at 1,000,000 generated documents, 4 GB
    /// for the happenings told by thousands of undated reports).
    pub fn told_by<S: Source>(&self, of: &std::collections::HashSet<u64>, source: &mut S) -> Result<HashMap<u64, Vec<Rc<Told>>>, S::Error> {
        let doc_of = |id: &u64| self.briefs.binary_search_by_key(id, |b| b.id).ok().map(|i| self.briefs[i].doc);
        let mut out: HashMap<u64, Vec<Rc<Told>>> = HashMap::new();
        for members in self.grouping.groups() {
            let mut tellers: Vec<u64> = members.iter().filter_map(doc_of).filter(|d| of.contains(d)).collect();
            if tellers.is_empty() {
                continue;
            }
            tellers.sort_unstable();
            tellers.dedup();
            let evs: Vec<EventView> = members.iter().map(|&id| source.event(id, Need::Claims)).collect::<Result<_, _>>()?;
            let told = Rc::new(Told {
                sub_type: cluster::sub_type(&evs.iter().collect::<Vec<_>>()),
                member_dates: evs.iter().map(|e| (e.doc, e.date.as_ref().map(|d| (d.start, d.end)))).collect(),
            });
            for d in tellers {
                out.entry(d).or_default().push(Rc::clone(&told));
            }
        }
        Ok(out)
    }

    /// Stories, merged events and contradictions from the groups. Each merged event's members
    /// are read again from `source`; texts are asked for only for those a contradiction quotes.
    pub fn conclude<S: Source>(&self, docs: &[DocView], source: &mut S) -> Result<CrossDoc, S::Error> {
        let original_of = originals(&self.duplicates);
        let clusters = self.grouping.groups();
        let stories = cluster::stories(docs, &self.briefs, &clusters, &self.duplicates);
        let story_of: BTreeMap<u64, u64> = stories
            .iter()
            .flat_map(|s| s.docs.iter().map(move |d| (*d, s.id)))
            .collect();
        let index = DocIndex::new(docs);
        let mut merged = Vec::new();
        let mut contradictions = Vec::new();
        for (n, members) in clusters.into_iter().enumerate() {
            let evs: Vec<EventView> = members
                .iter()
                .map(|&id| source.event(id, Need::Claims))
                .collect::<Result<_, _>>()?;
            let evs: Vec<&EventView> = evs.iter().collect();
            let mut docs_of: Vec<u64> = evs.iter().map(|e| e.doc).collect();
            docs_of.sort_unstable();
            docs_of.dedup();
            let id = n as u64 + 1;
            let found = contradict::find(id, &evs, &mut |doc| source.text(doc))?;
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
                story: story_of.get(&first.doc).copied(),
                docs: docs_of,
                event_type: first.event_type.to_string(),
                sub_type: cluster::sub_type(&evs),
                evidence,
                conservative_fatalities: conservative,
                members,
            });
            contradictions.extend(found);
        }
        Ok(CrossDoc {
            duplicates: self.duplicates.clone(),
            stories,
            merged,
            contradictions,
        })
    }
}

/// Batches of events on their way from the source to the sweep: the reading of one window
/// and the merging of the one before go on at once, and no more than this is held between.
const BATCHES_BETWEEN: usize = 2;

/// Reads every event from `source` and merges the dated ones in the sweep, on another thread
/// as they are read: the briefs of every event, the groups of the dated ones, and the undated
/// ones (see [`cluster::Sweep::finish`]).
fn sweep<S: Source>(source: &mut S) -> Result<(Vec<cluster::Brief>, cluster::Swept), S::Error> {
    let (to_sweep, batches) = std::sync::mpsc::sync_channel::<(Vec<EventView>, Option<jiff::civil::Date>)>(BATCHES_BETWEEN);
    std::thread::scope(|scope| {
        let sweeping = scope.spawn(move || {
            let mut sweep = cluster::Sweep::default();
            let mut briefs: Vec<cluster::Brief> = Vec::new();
            for (batch, until) in batches {
                briefs.extend(batch.iter().map(cluster::Brief::of));
                sweep.feed(batch, until);
            }
            (briefs, sweep.finish())
        });
        // The sweep only stops taking batches by panicking, which `join` passes on.
        let read = source.events(&mut |batch, until| drop(to_sweep.send((batch, until))));
        drop(to_sweep);
        let swept = sweeping.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        read.map(|()| swept)
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
