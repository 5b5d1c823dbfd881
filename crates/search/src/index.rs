//! The index on disk (tantivy) and the engine over it: building, keeping up with the store,
//! and answering queries with ranked hits and snippets.

use crate::analyzer::{self, ArabicTokenizer};
use crate::entry::{Entry, entries};
use crate::expand::{Clause, clauses};
use crate::query::{Query, Scope, type_key};
use crate::{Fragment, Hit, Results, SearchError};
use jiff::civil::Date;
use marsad_model::{DocId, Outlet};
use marsad_store::{Store, StoredDocument};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query as TantivyQuery, RangeQuery, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TantivyDocument, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Term};

/// The index folder inside a `--db` folder.
pub const INDEX_DIR: &str = "search";
/// The on-disk format this build writes; an index of another format is rebuilt, never read.
pub const FORMAT: u32 = 1;
const FORMAT_FILE: &str = "marsad-search-format";
/// Memory the writer may buffer before it writes a segment.
const WRITER_BYTES: usize = 64 << 20;
/// Longest snippet, in bytes of text (about 150 Arabic letters).
const SNIPPET_BYTES: usize = 300;

const DOCUMENT: &str = "document";
const EVENT: &str = "event";

/// The schema's fields.
#[derive(Clone, Copy)]
struct Fields {
    kind: Field,
    doc_id: Field,
    event_id: Field,
    headline: Field,
    outlet_id: Field,
    outlet_ar: Field,
    outlet_en: Field,
    published: Field,
    body: Field,
    day_start: Field,
    day_end: Field,
    dated: Field,
    place: Field,
    actor: Field,
    event_type: Field,
}

fn schema() -> (Schema, Fields) {
    let mut s = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default().set_tokenizer(analyzer::NAME).set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let f = Fields {
        kind: s.add_text_field("kind", STRING),
        doc_id: s.add_u64_field("doc_id", INDEXED | FAST | STORED),
        event_id: s.add_u64_field("event_id", INDEXED | STORED),
        headline: s.add_text_field("headline", STORED),
        outlet_id: s.add_text_field("outlet", STRING | STORED),
        outlet_ar: s.add_text_field("outlet_ar", STORED),
        outlet_en: s.add_text_field("outlet_en", STORED),
        published: s.add_text_field("published", STORED),
        body: s.add_text_field("body", text),
        day_start: s.add_i64_field("day_start", INDEXED | FAST),
        day_end: s.add_i64_field("day_end", INDEXED | FAST),
        dated: s.add_text_field("dated", STRING),
        place: s.add_text_field("place", STRING),
        actor: s.add_text_field("actor", STRING),
        event_type: s.add_text_field("event_type", STRING),
    };
    (s.build(), f)
}

/// A day as an ordered number (2024-10-15 → 20241015), for range filters.
fn day_number(d: Date) -> i64 {
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

/// An open search index: what `marsad search`, `marsad ingest` and the HTTP API share.
pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    f: Fields,
}

/// How the index stands against the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Status {
    pub indexed_documents: u64,
    pub stored_documents: u64,
}

impl Status {
    /// Every stored document is indexed, and nothing else.
    pub fn is_current(&self) -> bool {
        self.indexed_documents == self.stored_documents
    }
}

/// What [`SearchIndex::sync`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SyncReport {
    /// Documents stored since the index last saw the store.
    pub added: u64,
    /// Undated documents the store has dated since (from their story), indexed again.
    pub redated: u64,
}

impl SearchIndex {
    /// The index folder of the store in `db_dir`.
    pub fn dir_for(db_dir: &Path) -> PathBuf {
        db_dir.join(INDEX_DIR)
    }

    /// Opens the index in `dir`. [`SearchError::Missing`] when there is none,
    /// [`SearchError::Outdated`] when another format is there: both are fixed by
    /// [`SearchIndex::rebuild`].
    pub fn open(dir: &Path) -> Result<SearchIndex, SearchError> {
        if !dir.join("meta.json").exists() {
            return Err(SearchError::Missing { path: dir.to_path_buf() });
        }
        let format_file = dir.join(FORMAT_FILE);
        let found = std::fs::read_to_string(&format_file).unwrap_or_default();
        if found.trim() != FORMAT.to_string() {
            return Err(SearchError::Outdated { path: dir.to_path_buf(), found: found.trim().to_string(), expected: FORMAT });
        }
        let index = Index::open_in_dir(dir).map_err(|e| tantivy_error(dir, e))?;
        SearchIndex::with(dir, index)
    }

    /// Opens the index in `dir`, creating an empty one when there is none.
    pub fn open_or_create(dir: &Path) -> Result<SearchIndex, SearchError> {
        match SearchIndex::open(dir) {
            Err(SearchError::Missing { .. }) => SearchIndex::create(dir),
            other => other,
        }
    }

    fn create(dir: &Path) -> Result<SearchIndex, SearchError> {
        let io = |e| SearchError::Io { path: dir.to_path_buf(), source: e };
        std::fs::create_dir_all(dir).map_err(io)?;
        let index = Index::create_in_dir(dir, schema().0).map_err(|e| tantivy_error(dir, e))?;
        std::fs::write(dir.join(FORMAT_FILE), FORMAT.to_string()).map_err(io)?;
        SearchIndex::with(dir, index)
    }

    fn with(dir: &Path, index: Index) -> Result<SearchIndex, SearchError> {
        let (expected, f) = schema();
        if index.schema() != expected {
            return Err(SearchError::Outdated { path: dir.to_path_buf(), found: "another schema".into(), expected: FORMAT });
        }
        index.tokenizers().register(analyzer::NAME, TextAnalyzer::from(ArabicTokenizer));
        // Picks up commits made by other processes (an ingest while `marsad serve` runs).
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(|e| tantivy_error(dir, e))?;
        Ok(SearchIndex { dir: dir.to_path_buf(), index, reader, f })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Builds a new index of everything in `store` beside `dir` and puts it in place of the
    /// old one only when complete: an interrupted rebuild leaves the old index as it was. The
    /// store is only read.
    pub fn rebuild(dir: &Path, store: &Store) -> Result<SearchIndex, SearchError> {
        let building = dir.with_file_name(format!("{}.building", dir.file_name().map_or("search".into(), |n| n.to_string_lossy())));
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |e| SearchError::Io { path, source: e }
        };
        if building.exists() {
            std::fs::remove_dir_all(&building).map_err(io(&building))?;
        }
        {
            let fresh = SearchIndex::create(&building)?;
            let mut indexer = fresh.indexer()?;
            store.for_each_document(|d| indexer.add(store, &d))?;
            indexer.commit()?;
        }
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::rename(&building, dir).map_err(io(dir))?;
        SearchIndex::open(dir)
    }

    /// A writer for adding documents; one at a time per index (tantivy locks the folder).
    pub fn indexer(&self) -> Result<Indexer<'_>, SearchError> {
        let writer = self.index.writer(WRITER_BYTES).map_err(|e| self.error(e))?;
        Ok(Indexer { index: self, writer, added: 0 })
    }

    /// Brings the index up to date with `store`: adds the documents stored since it last
    /// looked (ids after the highest indexed) and indexes again the undated documents the
    /// store has dated since. Cheap when nothing changed; what `marsad ingest` runs.
    pub fn sync(&self, store: &Store) -> Result<SyncReport, SearchError> {
        let mut report = SyncReport::default();
        let after = self.last_document()?;
        let redate: Vec<DocId> = self.undated_documents()?;
        let mut indexer = self.indexer()?;
        store.for_each_document_after(after, |d| {
            report.added += 1;
            indexer.add(store, &d)
        })?;
        // Most undated documents stay undated: a one-column probe, and the document is read
        // only when the store has dated it.
        for id in redate {
            if store.is_dated(id)?
                && let Some(d) = store.document(id)?
            {
                indexer.replace(store, &d)?;
                report.redated += 1;
            }
        }
        if report != SyncReport::default() {
            indexer.commit()?;
        }
        Ok(report)
    }

    /// How many documents are indexed, against how many are stored.
    pub fn status(&self, store: &Store) -> Result<Status, SearchError> {
        let searcher = self.reader.searcher();
        let indexed = searcher.search(&self.term(self.f.kind, DOCUMENT), &Count).map_err(|e| self.error(e))?;
        Ok(Status { indexed_documents: indexed as u64, stored_documents: store.count()? })
    }

    /// The highest document id indexed.
    fn last_document(&self) -> Result<Option<DocId>, SearchError> {
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(1).order_by_u64_field("doc_id", Order::Desc);
        let found = searcher.search(&self.term(self.f.kind, DOCUMENT), &top).map_err(|e| self.error(e))?;
        Ok(found.first().and_then(|(id, _)| *id).map(DocId))
    }

    fn undated_documents(&self) -> Result<Vec<DocId>, SearchError> {
        let searcher = self.reader.searcher();
        let q = BooleanQuery::new(vec![
            (Occur::Must, self.term(self.f.kind, DOCUMENT)),
            (Occur::Must, self.term(self.f.dated, "no")),
        ]);
        let addrs = searcher.search(&q, &tantivy::collector::DocSetCollector).map_err(|e| self.error(e))?;
        let mut ids = Vec::with_capacity(addrs.len());
        for a in addrs {
            let doc: TantivyDocument = searcher.doc(a).map_err(|e| self.error(e))?;
            ids.extend(doc.get_first(self.f.doc_id).and_then(|v| v.as_u64()).map(DocId));
        }
        ids.sort();
        Ok(ids)
    }

    fn term(&self, field: Field, value: &str) -> Box<dyn TantivyQuery> {
        Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
    }

    fn error(&self, e: tantivy::TantivyError) -> SearchError {
        tantivy_error(&self.dir, e)
    }

    /// Runs a query: the hits of the page asked for, best first (BM25 over the text), each with
    /// a snippet highlighted in the text as written, and how many entries match in all.
    pub fn search(&self, q: &Query) -> Result<Results, SearchError> {
        let text = self.text_query(&clauses(&q.text));
        let filters = self.filters(q)?;
        if text.is_none() && filters.is_empty() {
            return Err(SearchError::EmptyQuery);
        }
        let mut all: Vec<(Occur, Box<dyn TantivyQuery>)> = vec![(Occur::Must, text.as_ref().map_or_else(|| Box::new(AllQuery) as Box<dyn TantivyQuery>, |t| t.box_clone()))];
        // Filters narrow the hits and leave the ranking to the text.
        all.extend(filters.into_iter().map(|f| (Occur::Must, Box::new(ConstScoreQuery::new(f, 0.0)) as Box<dyn TantivyQuery>)));
        match q.scope {
            Scope::Documents => all.push((Occur::Must, self.term(self.f.kind, DOCUMENT))),
            Scope::Events => all.push((Occur::Must, self.term(self.f.kind, EVENT))),
            Scope::All => {}
        }
        let query = BooleanQuery::new(all);
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(q.page.limit()).and_offset(q.page.offset()).order_by_score();
        let (found, total) = searcher.search(&query, &(top, Count)).map_err(|e| self.error(e))?;
        let snippets = match &text {
            Some(t) => {
                let mut g = SnippetGenerator::create(&searcher, t.as_ref(), self.f.body).map_err(|e| self.error(e))?;
                g.set_max_num_chars(SNIPPET_BYTES);
                Some(g)
            }
            None => None,
        };
        let mut hits = Vec::with_capacity(found.len());
        for (score, addr) in found {
            hits.push(self.hit(&searcher, addr, score, snippets.as_ref())?);
        }
        // Equal scores come back in segment order, which parallel indexing does not fix: order
        // them by document and event so the same query always lists the same way.
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc_id.cmp(&b.doc_id)).then(a.event_id.cmp(&b.event_id)));
        Ok(Results { total: total as u64, hits })
    }

    fn hit(&self, searcher: &tantivy::Searcher, addr: DocAddress, score: f32, snippets: Option<&SnippetGenerator>) -> Result<Hit, SearchError> {
        let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.error(e))?;
        let text = |f: Field| doc.get_first(f).and_then(|v| v.as_str().map(str::to_string));
        let body = text(self.f.body).unwrap_or_default();
        let outlet = match (text(self.f.outlet_id), text(self.f.outlet_ar), text(self.f.outlet_en)) {
            (Some(id), Some(ar), Some(en)) => Some(Outlet { id, ar, en }),
            _ => None,
        };
        let snippet = snippets.map(|g| g.snippet(&body)).filter(|s| !s.is_empty());
        let snippet = match snippet {
            Some(s) => fragments(s.fragment(), s.highlighted()),
            None => vec![Fragment { text: opening(&body, SNIPPET_BYTES).to_string(), highlighted: false }],
        };
        Ok(Hit {
            doc_id: DocId(doc.get_first(self.f.doc_id).and_then(|v| v.as_u64()).unwrap_or(0)),
            event_id: doc.get_first(self.f.event_id).and_then(|v| v.as_u64()),
            score,
            headline: text(self.f.headline),
            outlet,
            published: text(self.f.published).and_then(|d| d.parse().ok()),
            snippet,
        })
    }

    /// Every clause must hold; a clause holds when any of its spellings occurs (a single
    /// word as its stem, or as the form typed, which ranks higher; several words as a phrase
    /// of stems) or, for an actor, when the entry names that actor.
    fn text_query(&self, clauses: &[Clause]) -> Option<Box<dyn TantivyQuery>> {
        let body = |s: &str| Term::from_field_text(self.f.body, s);
        let musts: Vec<(Occur, Box<dyn TantivyQuery>)> = clauses
            .iter()
            .map(|c| {
                let mut any: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
                for alt in &c.alternatives {
                    match &alt[..] {
                        [] => {}
                        [w] => {
                            any.push((Occur::Should, Box::new(TermQuery::new(body(&w.stem), IndexRecordOption::WithFreqs))));
                            if w.key != w.stem {
                                any.push((Occur::Should, Box::new(TermQuery::new(body(&w.key), IndexRecordOption::WithFreqs))));
                            }
                        }
                        words => any.push((Occur::Should, Box::new(PhraseQuery::new(words.iter().map(|w| body(&w.stem)).collect())))),
                    }
                }
                if let Some(actor) = &c.actor {
                    any.push((Occur::Should, self.term(self.f.actor, actor)));
                }
                (Occur::Must, Box::new(BooleanQuery::new(any)) as Box<dyn TantivyQuery>)
            })
            .collect();
        (!musts.is_empty()).then(|| Box::new(BooleanQuery::new(musts)) as Box<dyn TantivyQuery>)
    }

    fn filters(&self, q: &Query) -> Result<Vec<Box<dyn TantivyQuery>>, SearchError> {
        let f = &q.filters;
        let mut out: Vec<Box<dyn TantivyQuery>> = Vec::new();
        if let Some(to) = f.dates.to() {
            let bound = Bound::Included(Term::from_field_i64(self.f.day_start, day_number(to)));
            out.push(Box::new(RangeQuery::new(Bound::Unbounded, bound)));
        }
        if let Some(from) = f.dates.from() {
            let bound = Bound::Included(Term::from_field_i64(self.f.day_end, day_number(from)));
            out.push(Box::new(RangeQuery::new(bound, Bound::Unbounded)));
        }
        if let Some(outlet) = &f.outlet {
            out.push(self.term(self.f.outlet_id, &outlet.trim().to_uppercase()));
        }
        if let Some(place) = &f.place {
            let ids = place_ids(place)?;
            out.push(Box::new(BooleanQuery::new(ids.iter().map(|id| (Occur::Should, self.term(self.f.place, id))).collect())));
        }
        if let Some(actor) = &f.actor {
            out.push(self.term(self.f.actor, &actor_id(actor)?));
        }
        if let Some(t) = &f.event_type {
            out.push(self.term(self.f.event_type, &type_key(t)));
        }
        Ok(out)
    }

    fn document(&self, e: &Entry) -> TantivyDocument {
        let f = &self.f;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.kind, if e.event_id.is_some() { EVENT } else { DOCUMENT });
        doc.add_u64(f.doc_id, e.doc_id.0);
        if let Some(id) = e.event_id {
            doc.add_u64(f.event_id, id);
        }
        if let Some(h) = &e.headline {
            doc.add_text(f.headline, h);
        }
        if let Some(o) = &e.outlet {
            doc.add_text(f.outlet_id, &o.id);
            doc.add_text(f.outlet_ar, &o.ar);
            doc.add_text(f.outlet_en, &o.en);
        }
        if let Some(p) = e.published {
            doc.add_text(f.published, p.to_string());
        }
        doc.add_text(f.body, &e.body);
        match e.days {
            Some((a, b)) => {
                doc.add_i64(f.day_start, day_number(a));
                doc.add_i64(f.day_end, day_number(b));
            }
            None => doc.add_text(f.dated, "no"),
        }
        for p in &e.places {
            doc.add_text(f.place, p);
        }
        for a in &e.actors {
            doc.add_text(f.actor, a);
        }
        for t in &e.types {
            doc.add_text(f.event_type, t);
        }
        doc
    }
}

/// Adds documents to an index; nothing is visible to searches until [`Indexer::commit`], and
/// an indexer dropped without committing leaves the index as it was.
pub struct Indexer<'a> {
    index: &'a SearchIndex,
    writer: IndexWriter,
    added: u64,
}

impl Indexer<'_> {
    /// Adds a stored document and its events. The caller makes sure it is not indexed yet
    /// (see [`Indexer::replace`]).
    pub fn add(&mut self, store: &Store, doc: &StoredDocument) -> Result<(), SearchError> {
        for e in entries(store, doc)? {
            self.writer.add_document(self.index.document(&e)).map_err(|e| self.index.error(e))?;
        }
        self.added += 1;
        Ok(())
    }

    /// Replaces whatever is indexed for a stored document with what the store holds now.
    pub fn replace(&mut self, store: &Store, doc: &StoredDocument) -> Result<(), SearchError> {
        self.writer.delete_term(Term::from_field_u64(self.index.f.doc_id, doc.id.0));
        self.add(store, doc)
    }

    /// Makes what was added visible, atomically; returns how many documents were added.
    pub fn commit(mut self) -> Result<u64, SearchError> {
        self.writer.commit().map_err(|e| self.index.error(e))?;
        self.index.reader.reload().map_err(|e| self.index.error(e))?;
        Ok(self.added)
    }
}

fn tantivy_error(dir: &Path, e: tantivy::TantivyError) -> SearchError {
    SearchError::Index { path: dir.to_path_buf(), source: e }
}

/// A gazetteer id as given, else the ids of the places so named.
fn place_ids(place: &str) -> Result<Vec<String>, SearchError> {
    let place = place.trim();
    if !marsad_entities::place_names(place).is_empty() {
        return Ok(vec![place.to_string()]);
    }
    let ids = marsad_entities::place_ids_named(place);
    if ids.is_empty() { Err(SearchError::UnknownPlace(place.to_string())) } else { Ok(ids) }
}

/// A registry id as given (any case), else the actor the entities stage reads the name as.
fn actor_id(actor: &str) -> Result<String, SearchError> {
    let id = actor.trim().to_uppercase();
    if marsad_entities::actor(&id).is_some() {
        return Ok(id);
    }
    crate::expand::named_actor(actor)
        .ok_or_else(|| SearchError::UnknownActor(actor.to_string()))
}

/// A snippet cut into plain and highlighted runs. A word matched by both its forms (key and
/// stem share its offsets) is one highlighted run, not two.
fn fragments(text: &str, highlighted: &[std::ops::Range<usize>]) -> Vec<Fragment> {
    let mut ranges = highlighted.to_vec();
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let mut out = Vec::new();
    let mut at = 0;
    for r in &merged {
        if r.start > at {
            out.push(Fragment { text: text[at..r.start].to_string(), highlighted: false });
        }
        out.push(Fragment { text: text[r.clone()].to_string(), highlighted: true });
        at = r.end;
    }
    if at < text.len() {
        out.push(Fragment { text: text[at..].to_string(), highlighted: false });
    }
    out
}

/// The start of a text, at most `bytes` long, cut at a char boundary.
fn opening(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
