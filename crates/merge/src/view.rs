//! What the merge stage reads of documents and their events (a view of the stored records).

use jiff::civil::Date;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Where the body of a clean `text` starts (in bytes), after its headline paragraph: what
/// copies of one article share.
pub fn body_start(text: &str, headline: Option<&str>) -> usize {
    match headline {
        Some(h) if text.starts_with(h) => text.len() - text[h.len()..].trim_start().len(),
        _ => 0,
    }
}

/// A stored document as the merge stage needs it: not its text, which the stage asks for by
/// id the few times it needs it (see [`crate::analyse`]), so that the views of a large store
/// stay small.
#[derive(Debug, Clone)]
pub struct DocView {
    pub id: u64,
    pub outlet: Option<String>,
    pub published: Option<Date>,
    /// Where the body starts in the text (after the headline paragraph): what copies of one
    /// article share, and what signatures and the similarity check read.
    pub body_start: usize,
    pub signature: crate::Signature,
}

impl DocView {
    /// A document view with the signature of its body.
    pub fn new(
        id: u64,
        outlet: Option<String>,
        published: Option<Date>,
        text: &str,
        body_start: usize,
    ) -> DocView {
        let body_start = if text.is_char_boundary(body_start) {
            body_start
        } else {
            0
        };
        let signature = crate::signature(&text[body_start..]);
        DocView {
            id,
            outlet,
            published,
            body_start,
            signature,
        }
    }

    /// The body of this document's `text` (without its headline paragraph).
    pub fn body<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.body_start..).unwrap_or(text)
    }
}

/// A stored document-level event, read from its JSON by the caller (unknown fields are
/// ignored); `id` and `doc` are set by the caller from the store's columns.
#[derive(Debug, Clone, Deserialize)]
pub struct EventView {
    #[serde(default)]
    pub id: u64,
    #[serde(default)]
    pub doc: u64,
    #[serde(rename = "type")]
    pub event_type: Arc<str>,
    pub sub_type: Arc<str>,
    pub date: Option<DateView>,
    pub place: Option<Arc<PlaceView>>,
    #[serde(default)]
    pub also_places: Vec<Arc<PlaceView>>,
    #[serde(default)]
    pub actors: Vec<ActorView>,
    pub fatalities: Option<FigureView>,
    #[serde(default)]
    pub claims: Vec<ClaimView>,
    #[serde(default)]
    pub background: bool,
    pub explain: ExplainView,
    /// The publication date of the event's document, set by the caller.
    #[serde(skip)]
    pub published: Option<Date>,
    /// Content-word keys of the event's sentences, hashed, sorted and without repeats (compared
    /// for every candidate pair, so a merge walk rather than string hashing), filled by
    /// [`EventView::with_words`].
    #[serde(skip)]
    pub words: Vec<u64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DateView {
    pub start: Date,
    pub end: Date,
    /// Present when the text gave the date (not the week to publication).
    pub span: Option<[u32; 2]>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PlaceView {
    pub id: String,
    pub ar: String,
    pub lat: f64,
    pub lon: f64,
    #[serde(default)]
    pub admin: Vec<String>,
    #[serde(default)]
    pub kind: String,
    pub precision: u8,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ActorView {
    pub id: Arc<str>,
    pub role: Arc<str>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FigureView {
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub qualifier: Arc<str>,
    pub claimed_by: Option<Arc<str>>,
    pub span: [u32; 2],
}

#[derive(Debug, Clone, Deserialize)]
pub struct ClaimView {
    pub source: Option<Arc<str>>,
    pub fatalities: Option<FigureView>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ExplainView {
    pub sentences: Vec<[u32; 2]>,
}

/// The names and places the events read so far share (see [`EventView::interned`]).
#[derive(Default)]
pub struct Interner {
    names: HashSet<Arc<str>>,
    /// Places by id, each with the variants read: one gazetteer entry is read with several
    /// kinds and precisions ("a village", "west of the town").
    places: HashMap<String, Vec<Arc<PlaceView>>>,
}

impl Interner {
    fn name(&mut self, name: &Arc<str>) -> Arc<str> {
        match self.names.get(name) {
            Some(shared) => Arc::clone(shared),
            None => {
                self.names.insert(Arc::clone(name));
                Arc::clone(name)
            }
        }
    }

    fn place(&mut self, place: Arc<PlaceView>) -> Arc<PlaceView> {
        if let Some(shared) = self.places.get(&place.id).and_then(|variants| variants.iter().find(|v| ***v == *place)) {
            return Arc::clone(shared);
        }
        self.places.entry(place.id.clone()).or_default().push(Arc::clone(&place));
        place
    }
}

/// The keys of the content words of the `sentences` of `text` (given in characters), sorted
/// and without repeats: what [`EventView::with_words`] notes, and what the store keeps with
/// each event so that the cross-document stage need not find them again.
pub fn words(text: &str, sentences: &[[u32; 2]]) -> Vec<u64> {
    let mut words = Vec::new();
    for &[s, e] in sentences {
        let start = marsad_arabic::byte_at(text, s as usize);
        let rest = &text[start..];
        let sentence = &rest[..marsad_arabic::byte_at(rest, e.saturating_sub(s) as usize)];
        marsad_arabic::tokens::for_each_token(sentence, |token| {
            if token.is_word() && token.stem.chars().count() >= 4 {
                words.push(crate::minhash::fnv(token.stem.as_bytes()));
            }
        });
    }
    words.sort_unstable();
    words.dedup();
    words.shrink_to_fit();
    words
}

impl EventView {
    /// Notes the content words of the event's sentences in its document's `text` (the
    /// sentences are given in characters), for comparing how two documents tell it.
    pub fn with_words(mut self, text: &str) -> EventView {
        self.words = words(text, &self.explain.sentences);
        self
    }

    /// The same view with its names and places shared with the events `interner` has seen:
    /// a store's events repeat a dozen types, a few hundred places and actors, and the views of
    /// a large store would otherwise hold a copy of each per event.
    pub fn interned(mut self, interner: &mut Interner) -> EventView {
        self.event_type = interner.name(&self.event_type);
        self.sub_type = interner.name(&self.sub_type);
        self.place = self.place.map(|p| interner.place(p));
        self.also_places = std::mem::take(&mut self.also_places).into_iter().map(|p| interner.place(p)).collect();
        for figure in self.claims.iter_mut().filter_map(|c| c.fatalities.as_mut()).chain(self.fatalities.as_mut()) {
            figure.qualifier = interner.name(&figure.qualifier);
            figure.claimed_by = figure.claimed_by.as_ref().map(|c| interner.name(c));
        }
        for c in &mut self.claims {
            c.source = c.source.as_ref().map(|s| interner.name(s));
        }
        for a in &mut self.actors {
            a.id = interner.name(&a.id);
            a.role = interner.name(&a.role);
        }
        self
    }

    /// The ids of every place the event names, its main place first.
    pub fn place_ids(&self) -> impl Iterator<Item = &str> {
        self.place
            .iter()
            .chain(&self.also_places)
            .map(|p| p.id.as_str())
    }

    /// The ids of the actors on either side (not the victims).
    pub fn sides(&self) -> impl Iterator<Item = &str> {
        self.actors
            .iter()
            .filter(|x| &*x.role != "victim")
            .map(|x| &*x.id)
    }

    pub fn actor1(&self) -> Option<&str> {
        self.actors
            .iter()
            .find(|a| &*a.role == "actor1")
            .map(|a| &*a.id)
    }

    /// The lows of every killed figure this event's claims give.
    pub fn killed_lows(&self) -> impl Iterator<Item = u64> + '_ {
        self.claims
            .iter()
            .filter_map(|c| c.fatalities.as_ref())
            .chain(self.fatalities.as_ref())
            .filter_map(|f| f.low)
    }

    /// The date when the text gave one.
    pub fn stated_date(&self) -> Option<(Date, Date)> {
        self.date
            .as_ref()
            .filter(|d| d.span.is_some())
            .map(|d| (d.start, d.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event_over(sentences: &str) -> EventView {
        serde_json::from_str(&format!(
            r#"{{"type":"Battles","sub_type":"Armed clash","date":null,"place":null,"fatalities":null,"explain":{{"sentences":{sentences}}}}}"#
        ))
        .unwrap()
    }

    #[test]
    fn the_words_are_those_of_the_sentences_the_event_names_in_characters() {
        let first = "اندلعت اشتباكات عنيفة قرب البلدة.";
        let second = "وقالت مصادر محلية إن المقاتلين تبادلوا القصف بالمدفعية.";
        let text = format!("{first} {second}");
        let start = first.chars().count() as u32 + 1;
        let end = start + second.chars().count() as u32;
        let read = event_over(&format!("[[{start},{end}]]")).with_words(&text);
        let alone = event_over(&format!("[[0,{}]]", second.chars().count())).with_words(second);
        assert!(!read.words.is_empty());
        assert_eq!(read.words, alone.words);
        let first_only = event_over(&format!("[[0,{}]]", first.chars().count())).with_words(&text);
        assert!(read.words.iter().all(|w| !first_only.words.contains(w)), "no word of the first sentence");
        // Offsets past the end of the text (a text stored again shorter) read what is there.
        let past = event_over(&format!("[[{start},{}]]", end + 50)).with_words(&text);
        assert_eq!(past.words, read.words);
    }
}
