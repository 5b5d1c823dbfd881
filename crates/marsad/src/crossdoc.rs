//! After ingest: the cross-document stage over the whole store, its results written back as
//! the records the export carries (near-duplicates, stories, merged events, contradictions).

use marsad_merge::{CrossDoc, DocView, EventView};
use marsad_store::{Compared, DocumentLikeness, Likeness, Store, StoreError, StoredDocument, Wording};
use serde_json::value::RawValue;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// What the cross-document stage found.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CrossSummary {
    /// Undated documents dated from their story.
    pub dated: usize,
    pub duplicates: usize,
    pub stories: usize,
    pub merged: usize,
    pub contradictions: usize,
}

/// Recomputes near-duplicates, stories, merged events and contradictions from every stored
/// document and event, and replaces the stored ones. An undated document that its story dates
/// (see [`date_from_story`]) is re-read with that date, and its new events placed among the
/// groups (see [`marsad_merge::Grouped::redated`]); the other groups are not made again.
///
/// The grouping reads one snapshot of the store; everything written (re-read documents and
/// the new records) is one transaction, so a run killed at any moment leaves the old records
/// and documents as they were, and the store marked stale for the next ingest to rebuild.
///
/// Another ingest (a worker sharing a PostgreSQL store) may store documents between the
/// snapshot and the write transaction, or rebuild before this one and date documents from their
/// story: anything another connection committed since the snapshot (the store's
/// `data_version`) makes the grouping be done again inside the transaction, so the records
/// written are never older than those replaced.
pub fn rebuild(store: &mut Store) -> Result<CrossSummary, StoreError> {
    let (seen, mut pass) = store.snapshot(|s| Ok::<_, StoreError>((s.data_version()?, compute(s)?)))?;
    store.atomically(|store| {
        if store.documents_version()? != pass.over || store.data_version()? != seen {
            // Each pass is freed before the next is computed: a pass holds every document view.
            drop(pass);
            pass = compute(store)?;
        }
        let Pass { over, mut docs, mut grouped } = pass;
        let undated: HashSet<u64> = docs.iter().filter(|d| d.published.is_none()).map(|d| d.id).collect();
        let told = grouped.told_by(&undated, &mut StoreEvents::over(store, &docs))?;
        let redated = date_from_story(store, &docs, &told)?;
        drop(told);
        if !redated.is_empty() {
            // Re-dated documents have new events: place them. The rest of the store is as the
            // grouping read it (this is one transaction).
            refresh(&mut docs, &redated);
            let redated: Vec<u64> = redated.iter().map(|(id, _)| *id).collect();
            grouped.redated(&docs, &redated, &mut StoreEvents::over(store, &docs))?;
        }
        let cross = StoreEvents::over(store, &docs).conclude(&grouped, &docs)?;
        drop((docs, grouped));
        let dated = redated.len();
        let mut records = Records { cross: &cross, next: 0 };
        store.replace_crossdoc_by_parts(over, |store| records.part(store))?;
        Ok(CrossSummary {
            dated,
            duplicates: cross.duplicates.len(),
            stories: cross.stories.len(),
            merged: cross.merged.len(),
            contradictions: cross.contradictions.len(),
        })
    })
}

/// One reading of the store and how the merge stage groups it.
struct Pass {
    /// The highest document id read.
    over: u64,
    docs: Vec<DocView>,
    grouped: marsad_merge::Grouped,
}

fn compute(store: &Store) -> Result<Pass, StoreError> {
    let over = store.documents_version()?;
    let mut docs: Vec<DocView> = Vec::new();
    store.for_each_document_likeness(|d| {
        docs.push(likeness_view(store, d)?);
        Ok::<_, StoreError>(())
    })?;
    let grouped = marsad_merge::group(&docs, &mut StoreEvents::over(store, &docs))?;
    Ok(Pass { over, docs, grouped })
}

/// The clean text of a stored document, which the views do not hold.
fn text_of(store: &Store, id: u64) -> Result<String, StoreError> {
    match store.text(marsad_model::DocId(id))? {
        Some(text) => Ok(text),
        None => Err(store.corrupt(format!("the cross-document stage names document {id}, which is not stored"))),
    }
}

/// Undated documents that say "اليوم الأربعاء" about a happening other reports date: the
/// document is from the day of that weekday within the dates the others give. Its publication
/// date is set with that basis, and its dates and events are read again. Returns their ids
/// and new dates.
fn date_from_story(store: &mut Store, docs: &[DocView], told: &HashMap<u64, Vec<Rc<marsad_merge::Told>>>) -> Result<Vec<(u64, jiff::civil::Date)>, StoreError> {
    let mut learnt: Vec<(u64, jiff::civil::Date, String)> = Vec::new();
    for doc in docs.iter().filter(|d| d.published.is_none()) {
        let Some(happenings) = told.get(&doc.id) else {
            // No other report to date it from: do not read it again.
            continue;
        };
        let analysis = marsad_arabic::analyze(&text_of(store, doc.id)?, None);
        let Some((expr, (weekday, back))) =
            analysis.dates.iter().find_map(|d| marsad_arabic::dates::weekday_named(&d.text).map(|w| (d.text.clone(), w)))
        else {
            continue;
        };
        for m in happenings {
            // The window every dated report of this happening allows.
            let windows: Vec<(jiff::civil::Date, jiff::civil::Date)> =
                m.member_dates.iter().filter(|(of, _)| *of != doc.id).filter_map(|(_, d)| *d).collect();
            let (Some(start), Some(end)) = (windows.iter().map(|w| w.0).max(), windows.iter().map(|w| w.1).min()) else { continue };
            let day = (0..=(end - start).get_days())
                .rev()
                .filter_map(|k| start.checked_add(jiff::Span::new().days(k)).ok())
                .find(|d| d.weekday() == weekday);
            if let Some(day) = day {
                let published = day.checked_add(jiff::Span::new().days(back)).unwrap_or(day);
                let basis = format!(
                    "inferred from the story: the text says '{expr}', and {} other report(s) of the same {} date it to {start}..{end}",
                    windows.len(),
                    m.sub_type.to_lowercase()
                );
                learnt.push((doc.id, published, basis));
                break;
            }
        }
    }
    for (id, date, basis) in &learnt {
        if let Some(StoredDocument { mut doc, .. }) = store.document(marsad_model::DocId(*id))? {
            doc.published = Some(marsad_model::Published {
                date: *date,
                time: None,
                utc_offset_seconds: None,
                precision: marsad_model::DatePrecision::Day,
                basis: basis.clone(),
            });
            store.redo_document(marsad_model::DocId(*id), &crate::stages::record(doc))?;
        }
    }
    Ok(learnt.into_iter().map(|(id, date, _)| (id, date)).collect())
}

/// The views of the documents `redated`, with their new dates: their text, and so their
/// likeness, is as it was.
fn refresh(docs: &mut [DocView], redated: &[(u64, jiff::civil::Date)]) {
    let dates: HashMap<u64, jiff::civil::Date> = redated.iter().copied().collect();
    for view in docs.iter_mut() {
        if let Some(date) = dates.get(&view.id) {
            view.published = Some(*date);
        }
    }
}

/// The stored events as the merge stage reads them (see [`marsad_merge::Source`]): a window
/// of dates at a time, then the undated ones, each with its stored word keys (or, stored before
/// they were, its document's text to find them in); and again by document or id when the stage
/// asks.
struct StoreEvents<'s> {
    store: &'s Store,
    /// Documents' publication dates, by id.
    published: HashMap<u64, jiff::civil::Date>,
    /// The names and places the events share.
    interner: marsad_merge::Interner,
}

/// Undated events given to the merge stage at a time.
const UNDATED_BATCH: usize = 4096;

impl marsad_merge::Source for StoreEvents<'_> {
    type Error = StoreError;

    fn events(&mut self, take: &mut dyn FnMut(Vec<EventView>, Option<jiff::civil::Date>)) -> Result<(), StoreError> {
        let store = self.store;
        if let Some((first, last)) = store.event_dates()? {
            for (from, until) in windows(&first, &last).map_err(|e| store.corrupt(format!("event dates {first}..{last}: {e}")))? {
                let mut batch = Vec::new();
                store.for_each_event_dated(Some((&from.to_string(), &until.to_string())), |id, doc, json, wording| {
                    batch.push(self.view(id, doc, json, Some(wording))?);
                    Ok::<_, StoreError>(())
                })?;
                take(batch, Some(until));
            }
        }
        let mut batch = Vec::new();
        store.for_each_event_dated(None, |id, doc, json, wording| {
            batch.push(self.view(id, doc, json, Some(wording))?);
            if batch.len() >= UNDATED_BATCH {
                take(std::mem::take(&mut batch), None);
            }
            Ok::<_, StoreError>(())
        })?;
        take(batch, None);
        Ok(())
    }

    fn events_of(&mut self, doc: u64) -> Result<Vec<EventView>, StoreError> {
        let id = marsad_model::DocId(doc);
        let events = self.store.events_with_words_of(id)?;
        events.into_iter().map(|(event, json, wording)| self.view(event, id, &json, Some(wording))).collect()
    }

    fn event(&mut self, id: u64, need: marsad_merge::Need) -> Result<EventView, StoreError> {
        let not_stored = || self.store.corrupt(format!("the cross-document stage names event {id}, which is not stored"));
        match need {
            marsad_merge::Need::Words => {
                let (doc, json, wording) = self.store.event_with_words(id)?.ok_or_else(not_stored)?;
                self.view(id, doc, &json, Some(wording))
            }
            marsad_merge::Need::Claims => {
                let (doc, json) = self.store.event(id)?.ok_or_else(not_stored)?;
                self.view(id, doc, &json, None)
            }
        }
    }

    fn text(&mut self, doc: u64) -> Result<String, StoreError> {
        text_of(self.store, doc)
    }
}

impl<'s> StoreEvents<'s> {
    /// The events of `store`, whose documents are `docs`.
    fn over(store: &'s Store, docs: &[DocView]) -> StoreEvents<'s> {
        let published = docs.iter().filter_map(|d| d.published.map(|p| (d.id, p))).collect();
        StoreEvents { store, published, interner: marsad_merge::Interner::default() }
    }

    fn conclude(&mut self, grouped: &marsad_merge::Grouped, docs: &[DocView]) -> Result<CrossDoc, StoreError> {
        grouped.conclude(docs, self)
    }

    /// A stored event as the merge stage reads it, with the words of its sentences when their
    /// `wording` is given (the stored keys, or found in the text of an event stored without).
    fn view(&mut self, id: u64, doc: marsad_model::DocId, json: &str, wording: Option<Wording>) -> Result<EventView, StoreError> {
        let mut view: EventView = serde_json::from_str(json).map_err(|e| self.store.corrupt(format!("event {id}: {e}")))?;
        view.id = id;
        view.doc = doc.0;
        view.published = self.published.get(&doc.0).copied();
        match wording {
            Some(Wording::Keys(words)) => view.words = words,
            Some(Wording::Text(text)) => view = view.with_words(&text),
            None => {}
        }
        Ok(view.interned(&mut self.interner))
    }
}

/// A document's view from what the store keeps for the stage: its likeness as stored, or
/// derived from its text for a document stored before likenesses were.
fn likeness_view(store: &Store, d: DocumentLikeness) -> Result<DocView, StoreError> {
    let DocumentLikeness { id, outlet_id, published, likeness } = d;
    match likeness {
        Compared::Stored(Likeness { body_start, signature }) => {
            let signature = signature
                .try_into()
                .map_err(|s: Vec<u32>| store.corrupt(format!("document {}: a signature of {} hashes", id.0, s.len())))?;
            Ok(DocView { id: id.0, outlet: outlet_id, published, body_start, signature })
        }
        Compared::Text { text, headline } => {
            let start = marsad_merge::body_start(&text, headline.as_deref());
            Ok(DocView::new(id.0, outlet_id, published, &text, start))
        }
    }
}

/// Days in each window of dates the events are read in.
const WINDOW_DAYS: i64 = 30;

/// The windows of [`WINDOW_DAYS`] from the day `first` to the day `last` (ISO dates), each as
/// (first day, first day after it).
fn windows(first: &str, last: &str) -> Result<Vec<(jiff::civil::Date, jiff::civil::Date)>, jiff::Error> {
    let (mut from, last): (jiff::civil::Date, jiff::civil::Date) = (first.parse()?, last.parse()?);
    let mut out = Vec::new();
    while from <= last {
        let until = from.checked_add(jiff::Span::new().days(WINDOW_DAYS))?;
        out.push((from, until));
        from = until;
    }
    Ok(out)
}

fn d(id: u64) -> String {
    format!("d{id}")
}

/// The export records of the cross-document results, as JSON text, made a part at a time as
/// the store writes them: near-duplicates, stories, merged events, contradictions, in that
/// order. Held whole, the records of a large store were a third of the rebuild's peak memory.
struct Records<'a> {
    cross: &'a CrossDoc,
    /// The next record, counted over the four kinds in order.
    next: usize,
}

/// Records made and written at a time.
const RECORDS_PART: usize = 4096;

impl Records<'_> {
    fn total(&self) -> usize {
        let c = self.cross;
        c.duplicates.len() + c.stories.len() + c.merged.len() + c.contradictions.len()
    }

    fn part(&mut self, store: &Store) -> Result<Option<Vec<(&'static str, String)>>, StoreError> {
        let end = self.total().min(self.next + RECORDS_PART);
        if self.next >= end {
            return Ok(None);
        }
        let part = (self.next..end).map(|i| self.record(store, i)).collect::<Result<Vec<_>, _>>()?;
        self.next = end;
        Ok(Some(part))
    }

    /// Record `i`, counted over the four kinds in order.
    fn record(&self, store: &Store, mut i: usize) -> Result<(&'static str, String), StoreError> {
        let c = self.cross;
        if i < c.duplicates.len() {
            return Ok(("near_duplicate", duplicate_record(&c.duplicates[i])));
        }
        i -= c.duplicates.len();
        if i < c.stories.len() {
            return Ok(("story", story_record(&c.stories[i])));
        }
        i -= c.stories.len();
        if i < c.merged.len() {
            return Ok(("merged_event", merged_record(store, &c.merged[i])?));
        }
        i -= c.merged.len();
        Ok(("contradiction", contradiction_record(&c.contradictions[i])))
    }
}

fn duplicate_record(dup: &marsad_merge::NearDuplicate) -> String {
    json!({"kind": "near_duplicate", "doc": d(dup.doc), "original": d(dup.original), "similarity": dup.similarity}).to_string()
}

fn story_record(s: &marsad_merge::Story) -> String {
    json!({"kind": "story", "id": format!("s{}", s.id), "label": s.label,
           "start": s.start.map(|x| x.to_string()), "end": s.end.map(|x| x.to_string()),
           "docs": s.docs.iter().map(|x| d(*x)).collect::<Vec<_>>()})
    .to_string()
}

/// What a merged record takes from each member's stored JSON, kept as the JSON text it is
/// stored as: parsing every member into a tree of values, to write most of it back out, was
/// most of the time the records took.
#[derive(serde::Deserialize)]
struct Member<'a> {
    #[serde(borrow, default)]
    date: Option<&'a RawValue>,
    #[serde(borrow, default)]
    place: Option<&'a RawValue>,
    #[serde(borrow, default)]
    also_places: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    actors: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    weapons: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    claims: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    fatalities: Option<&'a RawValue>,
    #[serde(borrow, default)]
    modality: Option<&'a RawValue>,
}

/// The `id` of a place or actor, or the `low` of a figure, in its JSON text.
#[derive(serde::Deserialize)]
struct Keys<'a> {
    #[serde(borrow, default)]
    id: Option<std::borrow::Cow<'a, str>>,
    #[serde(default)]
    low: Option<u64>,
}

/// `value` unless it is JSON's null.
fn given(value: Option<&RawValue>) -> Option<&RawValue> {
    value.filter(|v| v.get() != "null")
}

/// A merged event is written as an `event` with every document and every claim of its
/// members; its place, date and figure are its first member's, and the most conservative
/// killed figure is given beside them.
fn merged_record(store: &Store, m: &marsad_merge::MergedEvent) -> Result<String, StoreError> {
    let mut stored: Vec<(u64, String)> = Vec::with_capacity(m.members.len());
    for id in &m.members {
        let (doc, json) = store.event(*id)?.ok_or_else(|| store.corrupt(format!("merged event m{} names event {id}, which is not stored", m.id)))?;
        stored.push((doc.0, json));
    }
    let members: Vec<(u64, Member)> = stored
        .iter()
        .zip(&m.members)
        .map(|((doc, json), id)| Ok((*doc, serde_json::from_str(json).map_err(|e| store.corrupt(format!("event {id}: {e}")))?)))
        .collect::<Result<_, StoreError>>()?;
    if members.is_empty() {
        return Err(store.corrupt(format!("merged event m{} has no members", m.id)));
    }
    fn keys(v: &RawValue) -> serde_json::Result<Keys<'_>> {
        serde_json::from_str(v.get())
    }
    let bad = |e: serde_json::Error| store.corrupt(format!("merged event m{}: {e}", m.id));
    let date = members.iter().find_map(|(_, e)| given(e.date));
    let place = members.iter().find_map(|(_, e)| given(e.place));
    let mut also: Vec<(Option<std::borrow::Cow<str>>, &RawValue)> = Vec::new();
    let mut actors: Vec<(Option<std::borrow::Cow<str>>, &RawValue)> = Vec::new();
    let mut weapons: Vec<&RawValue> = Vec::new();
    let mut claims: Vec<String> = Vec::new();
    let mut fatalities: Option<(u64, &RawValue)> = None;
    for (id, (doc, e)) in m.members.iter().zip(&members) {
        for p in e.also_places.iter().flatten().copied().chain(given(e.place)) {
            let key = keys(p).map_err(bad)?.id;
            if place.map(RawValue::get) != Some(p.get()) && !also.iter().any(|(k, _)| *k == key) {
                also.push((key, p));
            }
        }
        for a in e.actors.iter().flatten().copied() {
            let key = keys(a).map_err(bad)?.id;
            if !actors.iter().any(|(k, _)| *k == key) {
                actors.push((key, a));
            }
        }
        for w in e.weapons.iter().flatten().copied() {
            if !weapons.iter().any(|v| v.get() == w.get()) {
                weapons.push(w);
            }
        }
        for c in e.claims.iter().flatten() {
            claims.push(with_source_of(c.get(), *doc, *id));
        }
        if let Some(f) = given(e.fatalities) {
            let low = keys(f).map_err(bad)?.low.unwrap_or(u64::MAX);
            if fatalities.is_none_or(|(l, _)| low < l) {
                fatalities = Some((low, f));
            }
        }
    }
    let raw = |v: Option<&RawValue>| v.map_or("null", RawValue::get).to_string();
    let list = |items: &mut dyn Iterator<Item = &str>| format!("[{}]", items.collect::<Vec<_>>().join(","));
    let string = |s: String| Value::String(s).to_string();
    let mut out = String::with_capacity(stored.iter().map(|(_, j)| j.len()).sum());
    out.push_str(&format!(r#"{{"kind":"event","id":{},"type":{},"sub_type":{}"#, string(format!("m{}", m.id)), string(m.event_type.clone()), string(m.sub_type.clone())));
    out.push_str(&format!(r#","date":{},"place":{}"#, raw(date), raw(place)));
    out.push_str(&format!(r#","also_places":{}"#, list(&mut also.iter().map(|(_, p)| p.get()))));
    out.push_str(&format!(r#","actors":{}"#, list(&mut actors.iter().map(|(_, a)| a.get()))));
    out.push_str(&format!(r#","fatalities":{}"#, raw(fatalities.map(|(_, f)| f))));
    out.push_str(&format!(r#","weapons":{}"#, list(&mut weapons.iter().map(|w| w.get()))));
    out.push_str(&format!(r#","modality":{}"#, raw(members[0].1.modality)));
    out.push_str(&format!(r#","docs":{}"#, json!(m.docs.iter().map(|x| d(*x)).collect::<Vec<_>>())));
    out.push_str(&format!(r#","claims":{}"#, list(&mut claims.iter().map(String::as_str))));
    out.push_str(&format!(r#","members":{}"#, json!(m.members.iter().map(|x| format!("e{x}")).collect::<Vec<_>>())));
    out.push_str(&format!(r#","story":{}"#, json!(m.story.map(|s| format!("s{s}")))));
    out.push_str(&format!(r#","evidence":{},"conservative_fatalities":{}}}"#, json!(m.evidence), json!(m.conservative_fatalities)));
    Ok(out)
}

/// A member's claim (a JSON object) with the document and event it is from added last.
fn with_source_of(claim: &str, doc: u64, event: u64) -> String {
    let from = format!(r#""doc":"{}","event":"e{event}"}}"#, d(doc));
    match claim.trim_end().strip_suffix('}') {
        Some(open) if open.trim_end().ends_with('{') => format!("{open}{from}"),
        Some(open) => format!("{open},{from}"),
        None => claim.to_string(),
    }
}

fn contradiction_record(c: &marsad_merge::Contradiction) -> String {
    json!({
        "kind": "contradiction",
        "field": c.field,
        "event_ids": std::iter::once(format!("m{}", c.merged_event)).chain(c.event_ids.iter().map(|x| format!("e{x}"))).collect::<Vec<_>>(),
        "about": c.about,
        "claims": c.claims.iter().map(|cl| json!({
            "doc": d(cl.doc), "event": format!("e{}", cl.event), "value": cl.value,
            "low": cl.low, "high": cl.high,
            "start": cl.start.map(|x| x.to_string()), "end": cl.end.map(|x| x.to_string()),
            "source": cl.source,
        })).collect::<Vec<_>>(),
    })
    .to_string()
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_gets_its_document_and_event_last() {
        assert_eq!(with_source_of(r#"{"span":[1,4],"source":null}"#, 3, 17), r#"{"span":[1,4],"source":null,"doc":"d3","event":"e17"}"#);
        assert_eq!(with_source_of("{ }", 3, 17), r#"{ "doc":"d3","event":"e17"}"#);
        let claim: Value = serde_json::from_str(&with_source_of("{}", 1, 2)).expect("JSON");
        assert_eq!(claim, json!({"doc": "d1", "event": "e2"}));
    }
}
