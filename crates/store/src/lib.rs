//! Store stage: the database that keeps every document once, durably: embedded SQLite in a
//! folder, or a PostgreSQL database that several ingest workers on several machines share.
//!
//! A document is keyed by [`content_key`], a hash of its body's matching key, so the same
//! article read again from another file, format or encoding is recognised and not stored twice.
//! Each batch of documents is written in one transaction: after a crash a document is either
//! there with everything derived from it, or not there at all. Both backends keep the same
//! schema and answer the same API; [`StoreLocation`] says which one a store is.

mod error;
pub mod happening;
mod key;
mod location;
mod packed;
mod pg;
mod read;
mod schema;
mod sqlite;

pub use error::StoreError;
pub use happening::{Happenings, MergedMembers, Standing};
pub use key::content_key;
pub use location::{LocationError, PgLocation, StoreLocation};
pub use packed::Packed;
pub use read::DocumentSummary;

use marsad_model::{DocId, Document, EncodingUsed, Format, OffsetMap, Outlet, Published, SourceRef, Span};
use std::path::Path;

/// The database file inside a `--db` folder.
pub const DB_FILE: &str = "marsad.sqlite";

/// An open store.
pub struct Store {
    backend: Backend,
    location: StoreLocation,
}

enum Backend {
    Sqlite(sqlite::Sqlite),
    Postgres(Box<pg::Pg>),
}

/// Runs the same call on whichever backend the store has.
macro_rules! on_backend {
    ($store:expr, $b:ident => $call:expr) => {
        match &$store.backend {
            Backend::Sqlite($b) => $call,
            Backend::Postgres($b) => $call,
        }
    };
    (mut $store:expr, $b:ident => $call:expr) => {
        match &mut $store.backend {
            Backend::Sqlite($b) => $call,
            Backend::Postgres($b) => $call,
        }
    };
}

/// A document and everything derived from it, stored together or not at all.
#[derive(Debug, Clone)]
pub struct Record {
    pub doc: Document,
    pub mentions: Mentions,
    pub events: Vec<EventRow>,
    /// How the cross-document stage compares it with others, when derived.
    pub likeness: Option<Likeness>,
}

impl Record {
    pub fn new(doc: Document) -> Record {
        Record { doc, mentions: Mentions::default(), events: Vec::new(), likeness: None }
    }
}

/// How the cross-document stage compares a document with others, derived from its text at
/// ingest and kept, so that a rebuild does not read every text again.
#[derive(Debug, Clone, PartialEq)]
pub struct Likeness {
    /// Where the body starts in the clean text (in bytes), after the headline paragraph.
    pub body_start: usize,
    /// The MinHash signature of the body.
    pub signature: Vec<u32>,
}

impl Likeness {
    fn blob(&self) -> Vec<u8> {
        self.signature.iter().flat_map(|h| h.to_le_bytes()).collect()
    }
}

/// What the cross-document stage reads of a stored document (see
/// [`Store::for_each_document_likeness`]).
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentLikeness {
    pub id: DocId,
    pub outlet_id: Option<String>,
    pub published: Option<jiff::civil::Date>,
    pub likeness: Compared,
}

/// A document's [`Likeness`] as stored, or, for a document stored before it was (schema
/// version 6), its text and headline to derive it from.
#[derive(Debug, Clone, PartialEq)]
pub enum Compared {
    Stored(Likeness),
    Text { text: String, headline: Option<String> },
}

impl read::LikenessColumns {
    pub(crate) fn read(self) -> Result<DocumentLikeness, String> {
        let id = self.id as u64;
        let published: Option<Published> = self.published.map(|p| parse(id, "published", &p)).transpose()?;
        let likeness = match (self.signature, self.body_start, self.text) {
            (Some(blob), Some(start), _) if blob.len() % 4 == 0 && start >= 0 => Compared::Stored(Likeness {
                body_start: start as usize,
                signature: blob.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes"))).collect(),
            }),
            (Some(blob), start, _) => {
                return Err(format!("document {id}: a signature of {} bytes starting at {start:?}", blob.len()));
            }
            (None, _, Some(text)) => Compared::Text { text, headline: self.headline },
            (None, _, None) => return Err(format!("document {id}: neither a signature nor a text")),
        };
        Ok(DocumentLikeness { id: DocId(id), outlet_id: self.outlet_id, published: published.map(|p| p.date), likeness })
    }
}

/// An event coded from one document, as the store keeps it: the columns queries filter on,
/// and the whole event as JSON, packed where the record is made (an ingest worker) rather than
/// by the one writer.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub sub_type: String,
    pub place_id: Option<String>,
    /// ISO dates, when the event is dated.
    pub start: Option<String>,
    pub end: Option<String>,
    pub json: Packed,
    /// The keys of the content words of the event's sentences, as the cross-document stage
    /// compares two tellings: derived from the text at ingest, kept so that a rebuild does not
    /// derive them again for every event.
    pub words: Vec<u64>,
}

/// What the store gives with an event for the cross-document stage to compare its wording.
#[derive(Debug, Clone, PartialEq)]
pub enum Wording {
    /// The keys stored with it.
    Keys(Vec<u64>),
    /// An event stored before the keys were (schema version 5): its document's text, to find
    /// them in.
    Text(String),
}

/// Keys as the `words` column holds them: 8 little-endian bytes each.
pub(crate) fn words_blob(words: &[u64]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

/// The wording of an event from its `words` column, else its document's text (the query gives
/// the text only where the column is empty).
pub(crate) fn wording(words: Option<Vec<u8>>, text: Option<String>) -> Result<Wording, String> {
    match (words, text) {
        (Some(blob), _) if blob.len() % 8 == 0 => {
            Ok(Wording::Keys(blob.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes"))).collect()))
        }
        (Some(blob), _) => Err(format!("an event's word keys are {} bytes, not a multiple of 8", blob.len())),
        (None, Some(text)) => Ok(Wording::Text(text)),
        (None, None) => Err("an event has neither word keys nor a document text".to_string()),
    }
}

/// What queries filter a mention on.
#[derive(Debug, Clone, PartialEq)]
pub struct MentionRow {
    /// `place`, `actor`, `source`, `person`.
    pub kind: String,
    pub span: Span,
    pub entity_id: Option<String>,
}

/// A document's mentions as the store keeps them: a row of each to filter on, and their JSON
/// (the entities stage's own shape, written out as it is by the export) packed as one list,
/// made together so that the two always agree.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mentions {
    rows: Vec<MentionRow>,
    /// `None` for no mentions.
    list: Option<Packed>,
}

impl Mentions {
    /// Each mention's row and JSON, in text order.
    pub fn new<S: AsRef<str>>(mentions: impl IntoIterator<Item = (MentionRow, S)>) -> Mentions {
        let (rows, jsons): (Vec<MentionRow>, Vec<S>) = mentions.into_iter().unzip();
        let list = (!rows.is_empty()).then(|| Packed::list(jsons.iter().map(AsRef::as_ref)));
        Mentions { rows, list }
    }

    pub fn rows(&self) -> &[MentionRow] {
        &self.rows
    }

    pub(crate) fn list(&self) -> Option<&Packed> {
        self.list.as_ref()
    }
}

/// What happened to a document handed to [`Store::put_batch`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    New(DocId),
    /// The same article (same content key) was already stored under this id.
    AlreadyStored(DocId),
}

/// A document as stored: its id, the document, and its content key as hex.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    pub id: DocId,
    pub key_hex: String,
    pub doc: Document,
}

/// The kinds of cross-document records, in the order they are exported.
pub const CROSSDOC_KINDS: &[&str] = &["near_duplicate", "story", "merged_event", "contradiction"];

/// How a transaction opened by [`Store::atomically`] or [`Store::snapshot`] reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TxKind {
    /// Reads one consistent state of the store, writes nothing.
    Snapshot,
    /// The cross-document rebuild: reads one consistent state and writes, one rebuild at a time.
    Rebuild,
}

impl Store {
    /// Opens the store in the folder `dir`, creating the folder and database on first use and
    /// bringing an older schema up to date.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Store::open_at(&StoreLocation::Folder(dir.to_path_buf()))
    }

    /// Opens the store at `location` for reading and writing, creating it on first use (a
    /// PostgreSQL database must exist; its tables are made) and bringing an older schema up to
    /// date.
    pub fn open_at(location: &StoreLocation) -> Result<Store, StoreError> {
        Store::connect(location, false)
    }

    /// Opens an existing store for reading only: nothing is created, migrated or written, and
    /// the database refuses any write. A store made by an older marsad must be brought up to
    /// date by a writer first (`marsad ingest`), since a reader cannot migrate it.
    pub fn open_read_only(dir: &Path) -> Result<Store, StoreError> {
        Store::open_read_only_at(&StoreLocation::Folder(dir.to_path_buf()))
    }

    /// [`Store::open_read_only`] for a store at any location.
    pub fn open_read_only_at(location: &StoreLocation) -> Result<Store, StoreError> {
        Store::connect(location, true)
    }

    fn connect(location: &StoreLocation, read_only: bool) -> Result<Store, StoreError> {
        let backend = match location {
            StoreLocation::Folder(dir) if read_only => Backend::Sqlite(sqlite::Sqlite::open_read_only(dir)?),
            StoreLocation::Folder(dir) => Backend::Sqlite(sqlite::Sqlite::open(dir)?),
            StoreLocation::Postgres(pg) => Backend::Postgres(Box::new(pg::Pg::open(pg, read_only)?)),
        };
        Ok(Store { backend, location: location.clone() })
    }

    /// Where the store is.
    pub fn location(&self) -> &StoreLocation {
        &self.location
    }

    /// How messages name the database: the SQLite file, or the URL without its password.
    pub fn name(&self) -> String {
        match &self.backend {
            Backend::Sqlite(s) => s.path.display().to_string(),
            Backend::Postgres(p) => p.name.clone(),
        }
    }

    /// An error saying that stored data is corrupt, naming the database.
    pub fn corrupt(&self, what: String) -> StoreError {
        StoreError::Corrupt { db: self.name(), what }
    }

    /// Stores a batch of records in one transaction. A document whose content key is already
    /// stored (earlier, by another writer, or earlier in the same batch) is not stored again,
    /// nor is anything derived from it; its source is noted as another place the article was
    /// seen.
    pub fn put_batch(&mut self, records: &[Record]) -> Result<Vec<PutOutcome>, StoreError> {
        on_backend!(mut self, b => b.put_batch(records))
    }

    /// How many documents are stored.
    pub fn count(&self) -> Result<u64, StoreError> {
        on_backend!(self, b => b.count())
    }

    /// Calls `f` on every stored document in id order, without holding them all in memory.
    /// `f`'s own errors (a failed write, say) stop the walk and are returned as they are.
    pub fn for_each_document<E: From<StoreError>>(
        &self,
        f: impl FnMut(StoredDocument) -> Result<(), E>,
    ) -> Result<(), E> {
        self.for_each_document_after(None, f)
    }

    /// Like [`Store::for_each_document`], over the documents stored after `after` (ids greater
    /// than it; all of them for `None`): what a follower such as the search index has not seen.
    pub fn for_each_document_after<E: From<StoreError>>(
        &self,
        after: Option<DocId>,
        f: impl FnMut(StoredDocument) -> Result<(), E>,
    ) -> Result<(), E> {
        on_backend!(self, b => b.for_each_document_after(after, f))
    }

    /// The events coded from one document, as (event id, JSON), in the document's order.
    pub fn events_of(&self, doc: DocId) -> Result<Vec<(u64, String)>, StoreError> {
        on_backend!(self, b => b.events_of(doc))
    }

    /// The resolved entities one document mentions, as (kind, entity id), in text order;
    /// unresolved mentions are left out.
    pub fn entities_of(&self, doc: DocId) -> Result<Vec<(String, String)>, StoreError> {
        on_backend!(self, b => b.entities_of(doc))
    }

    /// The stored document with this id, if there is one.
    pub fn document(&self, id: DocId) -> Result<Option<StoredDocument>, StoreError> {
        on_backend!(self, b => b.document(id))
    }

    /// The clean text of the document with this id, if there is one: one column, for a
    /// caller that needs no more of it (the cross-document stage reads thousands).
    pub fn text(&self, id: DocId) -> Result<Option<String>, StoreError> {
        on_backend!(self, b => b.text(id))
    }

    /// Whether a document with this content key (see [`content_key`]) is stored.
    pub fn is_stored(&self, key: &[u8; 32]) -> Result<bool, StoreError> {
        on_backend!(self, b => b.is_stored(key))
    }

    /// Whether the document with this id has a publication date (false for an unknown id):
    /// one column, without reading the document.
    pub fn is_dated(&self, id: DocId) -> Result<bool, StoreError> {
        on_backend!(self, b => b.is_dated(id))
    }

    /// Calls `f` with each stored mention's document id and JSON, by document then position.
    pub fn for_each_mention<E: From<StoreError>>(&self, f: impl FnMut(DocId, &str) -> Result<(), E>) -> Result<(), E> {
        on_backend!(self, b => b.for_each_mention(f))
    }

    /// Replaces what is derived from a stored document (its publication date, mentions and
    /// events) with `record`'s, in one transaction: used when a document's date is learnt
    /// later, from its story. The document's text and identity do not change.
    pub fn redo_document(&mut self, id: DocId, record: &Record) -> Result<(), StoreError> {
        on_backend!(mut self, b => b.redo_document(id, record))
    }

    /// Replaces every cross-document record with `records` (kind, JSON), computed over the
    /// documents up to id `over` ([`Store::documents_version`] when they were read), in one
    /// transaction: readers see the old set or the new one, never a mix. On PostgreSQL, one
    /// writer at a time replaces them.
    pub fn replace_crossdoc(&mut self, records: &[(&'static str, String)], over: u64) -> Result<(), StoreError> {
        let mut whole = Some(records.to_vec());
        self.replace_crossdoc_by_parts(over, |_| Ok(whole.take()))
    }

    /// [`Store::replace_crossdoc`] with the records given a part at a time by `next_part`
    /// (`None` when there are no more), which may read the store: the records of a large store
    /// are then never all held at once. Inside [`Store::atomically`] the parts are written in
    /// that transaction; otherwise in one of their own.
    pub fn replace_crossdoc_by_parts(
        &mut self,
        over: u64,
        mut next_part: impl FnMut(&Store) -> Result<Option<Vec<(&'static str, String)>>, StoreError>,
    ) -> Result<(), StoreError> {
        if !on_backend!(self, b => b.in_transaction()) {
            return self.atomically(|store| store.replace_crossdoc_by_parts(over, next_part));
        }
        on_backend!(mut self, b => b.clear_crossdoc())?;
        let mut seq = 0u64;
        while let Some(part) = next_part(self)? {
            on_backend!(mut self, b => b.append_crossdoc(seq, &part))?;
            seq += part.len() as u64;
        }
        on_backend!(mut self, b => b.crossdoc_written(over))
    }

    /// The highest stored document id (0 for an empty store). Documents are only added, with
    /// ids growing in the order they are committed, so this changes exactly when a document
    /// is stored.
    pub fn documents_version(&self) -> Result<u64, StoreError> {
        on_backend!(self, b => b.documents_version())
    }

    /// Whether documents were stored after those the cross-document records were computed
    /// over (by an ingest that stopped before its rebuild, say): the next ingest must rebuild
    /// them even if it stores nothing new.
    pub fn crossdoc_stale(&self) -> Result<bool, StoreError> {
        let over = on_backend!(self, b => b.crossdoc_over())?;
        Ok(self.documents_version()? != over)
    }

    /// Runs `f` as one write transaction: everything it writes is committed together when it
    /// returns `Ok`, and nothing of it when it returns an error or the process dies first. The
    /// writes inside (re-read documents, cross-document records) nest as savepoints. Reads
    /// inside see one state of the store; on SQLite other writers wait until it ends, on
    /// PostgreSQL other ingests go on storing batches (which it does not see) and another
    /// `atomically` waits.
    pub fn atomically<T, E: From<StoreError>>(&mut self, f: impl FnOnce(&mut Store) -> Result<T, E>) -> Result<T, E> {
        self.in_transaction(TxKind::Rebuild, f)
    }

    /// Runs `f` on one consistent snapshot of the store: documents and events read inside
    /// agree even while another process commits batches.
    pub fn snapshot<T, E: From<StoreError>>(&mut self, f: impl FnOnce(&mut Store) -> Result<T, E>) -> Result<T, E> {
        self.in_transaction(TxKind::Snapshot, f)
    }

    fn in_transaction<T, E: From<StoreError>>(&mut self, kind: TxKind, f: impl FnOnce(&mut Store) -> Result<T, E>) -> Result<T, E> {
        on_backend!(mut self, b => b.begin(kind))?;
        let result = f(self).and_then(|value| on_backend!(mut self, b => b.commit()).map(|()| value).map_err(E::from));
        if result.is_err() {
            // Undo what `f` wrote (a full disk can fail the COMMIT itself).
            on_backend!(mut self, b => b.rollback());
        }
        result
    }

    /// Calls `f` with the JSON of each cross-document record of `kind`, in the order stored.
    pub fn for_each_crossdoc<E: From<StoreError>>(&self, kind: &str, f: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
        on_backend!(self, b => b.for_each_crossdoc(kind, f))
    }

    /// Calls `f` with each stored event's id, document id and JSON, in id order.
    pub fn for_each_event<E: From<StoreError>>(&self, f: impl FnMut(u64, DocId, &str) -> Result<(), E>) -> Result<(), E> {
        on_backend!(self, b => b.for_each_event(f))
    }

    /// Calls `f` with each event whose start date lies in `dates` (ISO dates, `from..until`,
    /// the end left out) in order of start date, document and id, or, for `None`, with each
    /// event without a date in id order; `f` gets the event's id, document, JSON and
    /// [`Wording`]. What the cross-document rebuild reads, one window of dates at a time, so
    /// that no read holds the whole store.
    pub fn for_each_event_dated<E: From<StoreError>>(
        &self,
        dates: Option<(&str, &str)>,
        f: impl FnMut(u64, DocId, &str, Wording) -> Result<(), E>,
    ) -> Result<(), E> {
        on_backend!(self, b => b.for_each_event_dated(dates, f))
    }

    /// Calls `f` with what the cross-document stage reads of each document, in id order.
    pub fn for_each_document_likeness<E: From<StoreError>>(&self, f: impl FnMut(DocumentLikeness) -> Result<(), E>) -> Result<(), E> {
        on_backend!(self, b => b.for_each_document_likeness(f))
    }

    /// The events of document `doc` in order, each as (id, JSON, [`Wording`]).
    pub fn events_with_words_of(&self, doc: DocId) -> Result<Vec<(u64, String, Wording)>, StoreError> {
        on_backend!(self, b => b.events_with_words_of(doc))
    }

    /// Event `id`'s document, JSON and [`Wording`], if it is stored.
    pub fn event_with_words(&self, id: u64) -> Result<Option<(DocId, String, Wording)>, StoreError> {
        on_backend!(self, b => b.event_with_words(id))
    }

    /// The earliest and the latest start date of the stored events (ISO dates), `None` when no
    /// event is dated.
    pub fn event_dates(&self) -> Result<Option<(String, String)>, StoreError> {
        on_backend!(self, b => b.event_dates())
    }

    /// A number that changes whenever another connection commits to the database: a reader
    /// that caches what it read compares it to know when to read again.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        on_backend!(self, b => b.data_version())
    }

    /// Calls `f` on every stored document's summary, in id order, without reading texts.
    pub fn for_each_document_summary<E: From<StoreError>>(&self, f: impl FnMut(DocumentSummary) -> Result<(), E>) -> Result<(), E> {
        on_backend!(self, b => b.for_each_document_summary(f))
    }

    /// The JSON of every mention in document `id`, in position order.
    pub fn mentions_of(&self, id: DocId) -> Result<Vec<String>, StoreError> {
        on_backend!(self, b => b.mentions_of(id))
    }

    /// The document and JSON of the document-level event with this id (`e{id}` in exports).
    pub fn event(&self, id: u64) -> Result<Option<(DocId, String)>, StoreError> {
        on_backend!(self, b => b.event(id))
    }
}

/// An event with its document's text, as [`Store::for_each_event_dated`] reads it; the
/// backends add the filter and order.
/// An event with its wording: its word keys, or where it has none its document's text.
pub(crate) const SELECT_EVENT_WITH_TEXT: &str =
    "SELECT e.id, e.doc_id, e.json, e.words, CASE WHEN e.words IS NULL THEN d.text END FROM events e JOIN documents d ON d.id = e.doc_id";

/// The earliest and latest start date of the events.
pub(crate) const SELECT_EVENT_DATES: &str = "SELECT min(start), max(start) FROM events";

/// A stored document's columns as both backends read them, before they are checked.
pub(crate) struct DocumentColumns {
    pub id: i64,
    pub key: Vec<u8>,
    pub source: String,
    pub format: String,
    pub encoding: String,
    pub encoding_basis: String,
    pub url: Option<String>,
    pub outlet: (Option<String>, Option<String>, Option<String>),
    pub byline: Option<String>,
    pub headline: Option<String>,
    pub published: Option<String>,
    pub text: String,
    pub boilerplate: String,
    pub offsets: String,
    pub original: Vec<u8>,
}

/// Every column [`DocumentColumns`] holds, in its order.
pub(crate) const SELECT_DOCUMENT: &str = "SELECT id, content_key, source, format, encoding, encoding_basis, url, outlet_id,
        outlet_ar, outlet_en, byline, headline, published, text, boilerplate, offsets, original
 FROM documents";

/// The [`DocumentColumns`] of a row of [`SELECT_DOCUMENT`], read by the backend's getter
/// (`row.get` on SQLite, `row.try_get` on PostgreSQL), with `?` on each column: the one place
/// besides the query that knows the columns' order.
macro_rules! document_columns {
    ($row:ident . $get:ident) => {
        $crate::DocumentColumns {
            id: $row.$get(0)?,
            key: $row.$get(1)?,
            source: $row.$get(2)?,
            format: $row.$get(3)?,
            encoding: $row.$get(4)?,
            encoding_basis: $row.$get(5)?,
            url: $row.$get(6)?,
            outlet: ($row.$get(7)?, $row.$get(8)?, $row.$get(9)?),
            byline: $row.$get(10)?,
            headline: $row.$get(11)?,
            published: $row.$get(12)?,
            text: $row.$get(13)?,
            boilerplate: $row.$get(14)?,
            offsets: $row.$get(15)?,
            original: $row.$get(16)?,
        }
    };
}
pub(crate) use document_columns;

impl DocumentColumns {
    /// The document, or what is corrupt in it.
    pub(crate) fn read(self) -> Result<StoredDocument, String> {
        let id = self.id as u64;
        let format: Format = parse(id, "format", &format!("\"{}\"", self.format))?;
        let encoding = EncodingUsed { name: self.encoding, basis: parse(id, "encoding_basis", &self.encoding_basis)? };
        let published: Option<Published> = self.published.map(|p| parse(id, "published", &p)).transpose()?;
        let boilerplate: Vec<String> = parse(id, "boilerplate", &self.boilerplate)?;
        let offsets: OffsetMap = parse(id, "offsets", &self.offsets)?;
        Ok(StoredDocument {
            id: DocId(id),
            key_hex: self.key.iter().map(|b| format!("{b:02x}")).collect(),
            doc: Document {
                source: source_ref(&self.source),
                format,
                encoding,
                url: self.url,
                outlet: outlet(self.outlet),
                byline: self.byline,
                headline: self.headline,
                published,
                text: self.text,
                boilerplate_removed: boilerplate,
                offsets,
                original: self.original,
            },
        })
    }
}

pub(crate) fn outlet(columns: (Option<String>, Option<String>, Option<String>)) -> Option<Outlet> {
    match columns {
        (Some(id), Some(ar), Some(en)) => Some(Outlet { id, ar, en }),
        _ => None,
    }
}

pub(crate) fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("model types serialize")
}

pub(crate) fn parse<T: serde::de::DeserializeOwned>(id: u64, column: &str, text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| format!("document {id}: column {column}: {e}"))
}

/// Reads back `file#N` as written by [`SourceRef`]'s `Display`.
fn source_ref(s: &str) -> SourceRef {
    match s.rsplit_once('#') {
        Some((file, n)) => match n.parse::<u32>() {
            Ok(n) if n > 0 => SourceRef::item(file, n),
            _ => SourceRef::file(s),
        },
        None => SourceRef::file(s),
    }
}

#[cfg(test)]
mod tests;
